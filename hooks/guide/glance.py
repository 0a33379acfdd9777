"""The "Evidence at a glance" table of a population page, read as data.

Each population page has a level-2 heading "Evidence at a glance" followed by a table with
the columns below, one row per outcome. The same rows feed the site's evidence map, so the
table is both what a reader sees on the page and the map's single source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .markdown_scan import CITED_KEY, CITATION_LIKE
from .problem import Problem

HEADING = "Evidence at a glance"
ANCHOR = "evidence-at-a-glance"
COLUMNS = ("Outcome", "Best evidence", "Certainty", "Who", "Compared with", "When measured")
# GRADE's four levels, plus one for evidence nobody has graded (single trials, ungraded reviews).
CERTAINTY = ("High", "Moderate", "Low", "Very low", "Not graded")


@dataclass
class GlanceRow:
    line: int
    cells: dict[str, str]
    keys: list[str]

    @property
    def outcome(self) -> str:
        return self.cells["Outcome"]

    @property
    def certainty(self) -> str:
        return self.cells["Certainty"]


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def read(masked_body: str, first_line: int) -> tuple[list[GlanceRow], list[tuple[int, str, str]]]:
    """(rows, problems as (line, rule, message)) of the page's glance table."""
    lines = masked_body.splitlines()
    start = next((i for i, l in enumerate(lines) if re.match(rf"^##\s+{HEADING}\b", l)), None)
    if start is None:
        return [], [(first_line, "glance-missing",
                     f"a population page needs a '## {HEADING}' section with its table")]
    table = []
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if stripped.startswith("|"):
            table.append((first_line + i, stripped))
        elif table or stripped.startswith("#"):
            break
    if len(table) < 3:
        return [], [(first_line + start, "glance-missing",
                     f"'{HEADING}' must be followed by a table with a header and at least one row")]
    header = _cells(table[0][1])
    if tuple(header) != COLUMNS:
        return [], [(table[0][0], "glance-columns",
                     f"the table's columns must be exactly: {' | '.join(COLUMNS)}")]
    rows, problems = [], []
    for line, raw in table[2:]:
        cells = dict(zip(COLUMNS, _cells(raw)))
        if len(_cells(raw)) != len(COLUMNS):
            problems.append((line, "glance-columns", f"this row has {len(_cells(raw))} cells, not {len(COLUMNS)}"))
            continue
        if cells["Certainty"] not in CERTAINTY:
            problems.append((line, "glance-certainty",
                             f"certainty {cells['Certainty']!r} must be one of: {', '.join(CERTAINTY)}"))
        keys = [k for m in CITATION_LIKE.finditer(cells["Best evidence"]) for k in CITED_KEY.findall(m.group(0))]
        if not keys:
            problems.append((line, "glance-uncited", "the 'Best evidence' cell must cite its source"))
        rows.append(GlanceRow(line, cells, keys))
    return rows, problems


def check(path: str, masked_body: str, first_line: int) -> list[Problem]:
    _, problems = read(masked_body, first_line)
    return [Problem(path, line, rule, message) for line, rule, message in problems]
