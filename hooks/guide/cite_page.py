"""The "Cite this page" box: APA 7, BibTeX and RIS for a page of the site itself.

The title comes from front matter, which the schema already holds to plain text; each
format still makes any string safe for itself, so no title can add a BibTeX field, a RIS
tag or Markdown to the box whatever reaches it.
"""
from __future__ import annotations

import datetime
import html
import re
from typing import NamedTuple


class Licence(NamedTuple):
    name: str  # plain text, checked by guide.footer
    url: str  # an https address, checked by guide.footer

import rispy

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|~])")  # emphasis, code, links, attribute lists, tables
LINE_BREAKS = re.compile(r"\s+")


def _one_line(text: str) -> str:
    return LINE_BREAKS.sub(" ", text).strip()


def _markdown_text(text: str) -> str:
    """Literal text inside Markdown: HTML escaped, Markdown's marks backslash-escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(_one_line(text), quote=False))


def _bibtex_text(text: str) -> str:
    """Text inside a BibTeX {...} value: a brace would end the value, a backslash start a macro."""
    return re.sub(r"[{}\\]", "", _one_line(text))


def _date_apa(day: datetime.date) -> str:
    return f"{day.year}, {day:%B} {day.day}"


def apa(title: str, site_name: str, url: str, reviewed: datetime.date) -> str:
    # APA 7 for a page on a website with a group author and a date of last update.
    return f"{_markdown_text(site_name)}. ({_date_apa(reviewed)}). *{_markdown_text(title)}*. {_markdown_text(url)}"


def bibtex_key(title: str, reviewed: datetime.date) -> str:
    words = [w for w in re.findall(r"[a-z]+", title.lower()) if w not in ("a", "an", "the", "of", "and", "is", "what")]
    return f"mteg{reviewed.year}{words[0] if words else 'page'}"


def bibtex(title: str, site_name: str, url: str, reviewed: datetime.date) -> str:
    return (f"@misc{{{bibtex_key(title, reviewed)},\n"
            f"  author = {{{{{_bibtex_text(site_name)}}}}},\n"
            f"  title = {{{_bibtex_text(title)}}},\n"
            f"  year = {{{reviewed.year}}},\n"
            f"  url = {{{_bibtex_text(url)}}},\n"
            f"  note = {{Last reviewed {reviewed.isoformat()}}}\n"
            f"}}")


def ris(title: str, site_name: str, url: str, reviewed: datetime.date) -> str:
    # rispy writes one tag a line; a line break in a value would start a tag of its own
    record = {"type_of_reference": "ELEC", "title": _one_line(title), "authors": [_one_line(site_name)],
              "year": str(reviewed.year), "urls": [_one_line(url)],
              "notes": [f"Last reviewed {reviewed.isoformat()}"]}
    return rispy.dumps([record]).strip()


def _indented(text: str, spaces: int = 8) -> str:
    return "\n".join(" " * spaces + line for line in text.splitlines())


def licence_line(licence: Licence) -> str:
    return f"The text of this page may be reused under [{licence.name}](<{licence.url}>), with credit to the guide."


def box(title: str, site_name: str, url: str, reviewed: datetime.date, licence: Licence) -> str:
    """Markdown for a collapsible box, appended to the page by the hook."""
    return (f'\n\n??? quote "Cite this page"\n\n'
            f"    {apa(title, site_name, url, reviewed)}\n\n"
            f"    {licence_line(licence)}\n\n"
            f"    BibTeX:\n\n"
            f"    ```bibtex\n{_indented(bibtex(title, site_name, url, reviewed))}\n    ```\n\n"
            f"    RIS:\n\n"
            f"    ```text\n{_indented(ris(title, site_name, url, reviewed))}\n    ```\n")
