"""Parts of a built page that the search index leaves out: the citation numbers, the
"References" section (its heading, download links and list), the "Cite this page" box and the
references page's "Cited on" links. Their text is numbers, the same references on many pages
(a "References" result for every page), the page's own citation and navigation, which make
search results worse and cost more to index than the prose itself.

``set_aside`` takes them out of the page's HTML before the search plugin reads it, leaving a
comment in their place; ``put_back`` restores them in the finished page, so the reader (and
every check of the built site) sees the page whole. "Cited on" links are set aside before
print-site keeps the page's HTML, so the print page goes without them too: in print they
are navigation to nowhere, and the plugin's link rewriting grows with the square of a page's
links (most of a large site's print page time went on them).
"""
from __future__ import annotations

import re

# (opening of the part, the element whose end closes it)
NOT_PRINTED = (
    (re.compile(r'<details class="cited-on-list">'), "details"),  # the references page: the pages citing each work
)
NOT_INDEXED = (
    (re.compile(r'<sup id="fnref'), "sup"),  # a citation's number
    (re.compile(r'<sup class="cite-sep">'), "sup"),  # the comma between two numbers
    (re.compile(r'<h2 id="references">'), "h2"),  # the heading the hook gives the reference list
    (re.compile(r'<p class="reference-downloads">'), "p"),
    (re.compile(r'<div class="footnote">'), "div"),  # the reference list (Markdown footnotes)
    (re.compile(r'<details class="quote">\s*<summary>Cite this page</summary>'), "details"),
)
SLOT = "<!--unindexed:{}-->"
SLOT_FOUND = re.compile(r"<!--unindexed:(\d+)-->")


def _end(html: str, start: int, tag: str) -> int:
    """Where the element opened at ``start`` ends (just after its closing tag), counting nesting."""
    depth = 0
    for match in re.compile(rf"<(/?){tag}\b[^>]*>").finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(html)


def set_aside(html: str, parts: list[str], which=NOT_INDEXED) -> str:
    """The page without the parts ``which`` names; each part is appended to ``parts``."""
    for opening, tag in which:
        pieces, at = [], 0
        for match in opening.finditer(html):
            if match.start() < at:
                continue  # inside a part already set aside
            end = _end(html, match.start(), tag)
            pieces += [html[at:match.start()], SLOT.format(len(parts))]
            parts.append(html[match.start():end])
            at = end
        html = "".join(pieces) + html[at:] if pieces else html
    return html


def put_back(html: str, parts: list[str]) -> str:
    if not parts:
        return html
    return SLOT_FOUND.sub(lambda m: parts[int(m.group(1))], html)
