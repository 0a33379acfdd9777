"""Navigation and internal links, checked from the Markdown sources.

MkDocs checks these too during a strict build; doing it here as well means ``make check``
finds them in seconds, with the same one-line messages as every other rule.
"""
from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass

from markdown.extensions.toc import slugify

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
HEADING_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
EXPLICIT_ID = re.compile(r"""(?:\bid=["']([\w-]+)["']|\{:?[^}]*#([\w-]+)[^}]*\})""")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def nav_files(nav) -> list[str]:
    """Every page path named in a MkDocs nav structure, in order."""
    found: list[str] = []
    if isinstance(nav, str):
        if not SCHEME.match(nav):
            found.append(nav)
    elif isinstance(nav, list):
        for item in nav:
            found += nav_files(item)
    elif isinstance(nav, dict):
        for value in nav.values():
            found += nav_files(value)
    return found


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str
    id: str


def headings(masked_body: str, first_line: int = 1) -> list[Heading]:
    """The page's headings with the ids Python-Markdown's toc extension will give them."""
    found: list[Heading] = []
    seen: Counter[str] = Counter()
    for number, line in enumerate(masked_body.splitlines(), first_line):
        match = HEADING.match(line)
        if not match:
            continue
        text = match.group(2)
        explicit = HEADING_ID.search(text)
        text = HEADING_ID.sub("", text).strip()
        if explicit:
            found.append(Heading(number, len(match.group(1)), text, explicit.group(1)))
            continue
        slug = slugify(re.sub(r"\[@[^\]]*\]|[*_`]", "", text), "-")
        found.append(Heading(number, len(match.group(1)), text, slug if not seen[slug] else f"{slug}_{seen[slug]}"))
        seen[slug] += 1
    return found


def anchors(masked_body: str) -> set[str]:
    """The ids a page will have: heading ids and explicit ids elsewhere."""
    ids = {h.id for h in headings(masked_body)}
    for line in masked_body.splitlines():
        if not HEADING.match(line):
            ids.update(m.group(1) or m.group(2) for m in EXPLICIT_ID.finditer(line))
    return ids


def links(masked_body: str, first_line: int) -> list[tuple[int, str]]:
    found = []
    for match in LINK.finditer(masked_body):
        line = first_line + masked_body.count("\n", 0, match.start())
        found.append((line, match.group(1)))
    return found


def resolve(page: str, target: str) -> tuple[str, str]:
    """(docs-relative file, anchor) that a link on ``page`` points to."""
    path, _, anchor = target.partition("#")
    if not path:
        return page, anchor
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path)), anchor


def is_internal(target: str) -> bool:
    return not SCHEME.match(target) and not target.startswith("//")
