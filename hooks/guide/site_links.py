"""Navigation and internal links, checked from the Markdown sources.

MkDocs checks these too during a strict build; doing it here as well means ``make check``
finds them in seconds, with the same one-line messages as every other rule.
"""
from __future__ import annotations

import posixpath
import re
from collections import Counter

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


def anchors(masked_body: str) -> set[str]:
    """The ids a page will have: heading slugs (as Python-Markdown's toc makes them) and explicit ids."""
    ids: set[str] = set()
    seen: Counter[str] = Counter()
    for line in masked_body.splitlines():
        heading = HEADING.match(line)
        if heading:
            text = heading.group(2)
            explicit = HEADING_ID.search(text)
            if explicit:
                ids.add(explicit.group(1))
                continue
            slug = slugify(re.sub(r"\[@[^\]]*\]|[*_`]", "", text), "-")
            ids.add(slug if not seen[slug] else f"{slug}_{seen[slug]}")
            seen[slug] += 1
        for match in EXPLICIT_ID.finditer(line):
            ids.add(match.group(1) or match.group(2))
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
