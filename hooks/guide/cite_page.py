"""The "Cite this page" box: APA 7, BibTeX and RIS for a page of the site itself.

The title comes from front matter, which the schema already holds to plain text; each
format still makes any string safe for itself, so no title can add a BibTeX field, a RIS
tag or markup to the box whatever reaches it.

The box is HTML, put in once the page is HTML (the hook's on_page_content): written as
Markdown inside an admonition, its code kept the admonition's indent (RIS with its tags
indented is not RIS), and each of its two code blocks cost the highlighter a formatter of
its own; here one formatter serves every page.
"""
from __future__ import annotations

import datetime
import html
import re
from typing import NamedTuple

import rispy
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import BibTeXLexer, TextLexer

from .latex_text import LITERAL


class Licence(NamedTuple):
    name: str  # plain text, checked by guide.footer
    url: str  # an https address, checked by guide.footer


LINE_BREAKS = re.compile(r"\s+")
# the markup pymdownx.highlight gives a code block: Material's styles and copy button expect it
CODE_BLOCK = HtmlFormatter(wrapcode=True)


def _one_line(text: str) -> str:
    return LINE_BREAKS.sub(" ", text).strip()


def _html_text(text: str) -> str:
    return html.escape(_one_line(text), quote=False)


def _bibtex_text(text: str) -> str:
    """Text inside a BibTeX {...} value: a brace would end the value, a backslash start a macro."""
    return re.sub(r"[{}\\]", "", _one_line(text))


def _latex_text(text: str) -> str:
    """``_bibtex_text`` that LaTeX prints as written: "%" would begin a comment, "&" a table cell."""
    return LITERAL.sub(r"\\\1", _bibtex_text(text))


def _date_apa(day: datetime.date) -> str:
    return f"{day.year}, {day:%B} {day.day}"


def apa(title: str, site_name: str, url: str, reviewed: datetime.date) -> str:
    # APA 7 for a page on a website with a group author and a date of last update.
    return f"{_html_text(site_name)}. ({_date_apa(reviewed)}). <em>{_html_text(title)}</em>. {_html_text(url)}"


def bibtex_key(title: str, reviewed: datetime.date) -> str:
    words = [w for w in re.findall(r"[a-z]+", title.lower()) if w not in ("a", "an", "the", "of", "and", "is", "what")]
    return f"mteg{reviewed.year}{words[0] if words else 'page'}"


def bibtex(title: str, site_name: str, url: str, reviewed: datetime.date) -> str:
    return (f"@misc{{{bibtex_key(title, reviewed)},\n"
            f"  author = {{{{{_latex_text(site_name)}}}}},\n"
            f"  title = {{{_latex_text(title)}}},\n"
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


def licence_line(licence: Licence) -> str:
    return (f'The text of this page may be reused under <a href="{html.escape(licence.url)}">'
            f"{_html_text(licence.name)}</a>, with credit to the guide.")


def box(title: str, site_name: str, url: str, reviewed: datetime.date, licence: Licence) -> str:
    """The box's HTML: a collapsible quote admonition, as Material styles one."""
    return ('<details class="quote">\n<summary>Cite this page</summary>\n'
            f"<p>{apa(title, site_name, url, reviewed)}</p>\n"
            f"<p>{licence_line(licence)}</p>\n"
            f"<p>BibTeX:</p>\n{highlight(bibtex(title, site_name, url, reviewed), BibTeXLexer(), CODE_BLOCK)}"
            f"<p>RIS:</p>\n{highlight(ris(title, site_name, url, reviewed), TextLexer(), CODE_BLOCK)}"
            "</details>\n")
