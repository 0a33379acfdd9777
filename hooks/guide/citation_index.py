"""Where each work is cited: the pages, for the references page's "Cited on"."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .site_data import Site


@dataclass(frozen=True)
class CitingPlace:
    page: str  # docs-relative path of the citing page
    page_title: str


def cited_on(site: Site) -> dict[str, list[CitingPlace]]:
    """Each cited key -> the pages citing it, each once, in the site's page order."""
    places: dict[str, list[CitingPlace]] = {}
    for page, scanned in site.pages.items():
        place = CitingPlace(page, str(scanned.meta.get("title", page)))
        for citation in scanned.citations:
            if place not in places.setdefault(citation.key, []):
                places[citation.key].append(place)
    return places


def keys_cited_on(site: Site, page: str) -> list[str]:
    """A page's cited keys in order of first citation (the order of its reference list)."""
    keys: list[str] = []
    for citation in site.pages[page].citations:
        if citation.key not in keys and citation.key in site.bib.entries:
            keys.append(citation.key)
    return keys
