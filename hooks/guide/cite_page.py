"""The "Cite this page" box: APA 7 and BibTeX for a page of the site itself."""
from __future__ import annotations

import datetime
import re
from typing import NamedTuple


class Licence(NamedTuple):
    name: str  # plain text, checked by guide.footer
    url: str  # an https address, checked by guide.footer


def _date_apa(day: datetime.date) -> str:
    return f"{day.year}, {day:%B} {day.day}"


def apa(title: str, site_name: str, url: str, reviewed: datetime.date) -> str:
    # APA 7 for a page on a website with a group author and a date of last update.
    return f"{site_name}. ({_date_apa(reviewed)}). *{title}*. {url}"


def bibtex_key(title: str, reviewed: datetime.date) -> str:
    words = [w for w in re.findall(r"[a-z]+", title.lower()) if w not in ("a", "an", "the", "of", "and", "is", "what")]
    return f"mteg{reviewed.year}{words[0] if words else 'page'}"


def bibtex(title: str, site_name: str, url: str, reviewed: datetime.date) -> str:
    return (f"@misc{{{bibtex_key(title, reviewed)},\n"
            f"  author = {{{{{site_name}}}}},\n"
            f"  title = {{{title}}},\n"
            f"  year = {{{reviewed.year}}},\n"
            f"  url = {{{url}}},\n"
            f"  note = {{Last reviewed {reviewed.isoformat()}}}\n"
            f"}}")


def licence_line(licence: Licence) -> str:
    return f"The text of this page may be reused under [{licence.name}](<{licence.url}>), with credit to the guide."


def box(title: str, site_name: str, url: str, reviewed: datetime.date, licence: Licence) -> str:
    """Markdown for a collapsible box, appended to the page by the hook."""
    bib = "\n".join("        " + line for line in bibtex(title, site_name, url, reviewed).splitlines())
    return (f'\n\n??? quote "Cite this page"\n\n'
            f"    {apa(title, site_name, url, reviewed)}\n\n"
            f"    {licence_line(licence)}\n\n"
            f"    ```bibtex\n{bib}\n    ```\n")
