"""The "Key points" box a page opens with, right after its H1:

    !!! abstract "Key points"

        - a point in plain words, cited [@key].

Page types that must have one say so (``PageType.key_points``); it holds 3 to 5 points. The
points are claim units like any other, so claims.py already requires each to cite a source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown_scan import ScannedPage, Unit, claim_units
from .page_types import PAGE_TYPES
from .problem import Problem

OPENER = re.compile(r"""^!!!\s+abstract\s+["']Key points["']\s*$""")
H1 = re.compile(r"^#\s")
FEWEST, MOST = 3, 5


@dataclass
class KeyPoints:
    line: int  # file line of the !!! opener
    points: list[Unit]  # the box's list items, with their file lines


def _box_at(lines: list[str], opener: int, line_offset: int) -> KeyPoints:
    """The admonition body: the blank or indented lines after the opener, dedented."""
    body = []
    for raw in lines[opener + 1:]:
        if raw.strip() and not raw.startswith(("    ", "\t")):
            break
        body.append(raw[4:] if raw.startswith("    ") else raw.lstrip("\t"))
    units = claim_units("\n".join(body), line_offset + opener + 1)
    return KeyPoints(line_offset + opener + 1, [u for u in units if u.kind == "list item"])


def find(page: ScannedPage) -> KeyPoints | None:
    """The box standing right after the H1 (blank lines between are fine), or None."""
    lines = page.masked.splitlines()
    h1 = next((i for i, line in enumerate(lines) if H1.match(line)), None)
    if h1 is None:
        return None
    after = next((i for i in range(h1 + 1, len(lines)) if lines[i].strip()), None)
    if after is None or not OPENER.match(lines[after].strip()):
        return None
    return _box_at(lines, after, page.first_body_line - 1)


def check(path: str, page: ScannedPage) -> list[Problem]:
    page_type = PAGE_TYPES.get(page.meta.get("type"))
    if page_type is None or not page_type.key_points:
        return []
    box = find(page)
    if box is None:
        lines = page.masked.splitlines()
        h1 = next((i for i, line in enumerate(lines) if H1.match(line)), 0)
        elsewhere = next((i for i, line in enumerate(lines) if OPENER.match(line.strip())), None)
        where = (f"; the box on line {page.first_body_line + elsewhere} must move up to stand right after the H1"
                 if elsewhere is not None else "")
        return [Problem(path, page.first_body_line + h1, "key-points-missing",
                        f"a {page_type.name} page opens, right after its H1, with "
                        f"!!! abstract \"Key points\" holding {FEWEST}-{MOST} cited points{where}")]
    if not FEWEST <= len(box.points) <= MOST:
        return [Problem(path, box.line, "key-points-count",
                        f"the Key points box holds {len(box.points)} point(s); give {FEWEST} to {MOST}, "
                        "each a list item that cites its source")]
    return []
