"""Parts of a built page that the search index leaves out: the reference list and the "Cite
this page" box. Their text is the same few hundred references on every page and the page's
own citation, which make search results worse and cost more to index than the prose itself.

``set_aside`` takes them out of the page's HTML before the search plugin reads it, leaving a
comment in their place; ``put_back`` restores them in the finished page, so the reader (and
every check of the built site) sees the page whole.
"""
from __future__ import annotations

import re

# (opening of the part, the element whose end closes it)
PARTS = (
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


def set_aside(html: str) -> tuple[str, list[str]]:
    """(the page without its unindexed parts, each part as it was, in order)."""
    parts: list[str] = []
    for opening, tag in PARTS:
        while (match := opening.search(html)) is not None:
            end = _end(html, match.start(), tag)
            parts.append(html[match.start():end])
            html = html[:match.start()] + SLOT.format(len(parts) - 1) + html[end:]
    return html, parts


def put_back(html: str, parts: list[str]) -> str:
    if not parts:
        return html
    return SLOT_FOUND.sub(lambda m: parts[int(m.group(1))], html)
