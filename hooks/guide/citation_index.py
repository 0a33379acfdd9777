"""Where each work is cited: page, section and anchor, for the references page's "Cited on"."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .site_links import headings

if TYPE_CHECKING:
    from .site_data import Site


@dataclass(frozen=True)
class CitingPlace:
    page: str  # docs-relative path of the citing page
    page_title: str
    section: str  # the heading the citation stands under ("" above the first section)
    anchor: str


def cited_on(site: Site) -> dict[str, list[CitingPlace]]:
    places: dict[str, list[CitingPlace]] = {}
    for page, scanned in site.pages.items():
        title = str(scanned.meta.get("title", page))
        page_headings = [h for h in headings(scanned.masked, scanned.first_body_line) if h.level >= 2]
        for citation in scanned.citations:
            above = [h for h in page_headings if h.line <= citation.line]
            section = above[-1] if above else None
            place = CitingPlace(page, title, section.text if section else "", section.id if section else "")
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
