"""The "Evidence at a glance" section of a population page, and the rule that findings are data.

A population page has a level-2 heading "Evidence at a glance" with the marker
``<!-- generate: glance -->`` under it; the table is generated from the page's findings in
findings/*.yml, the same rows that feed the evidence map and the overview. A table of findings
written by hand (one with a "Certainty" column) is refused on every content page: it would be
a second copy of the data, free to drift from it.
"""
from __future__ import annotations

import re

from .problem import Problem

HEADING = "Evidence at a glance"
ANCHOR = "evidence-at-a-glance"
MARKER = "<!-- generate: glance -->"
COLUMNS = ("Outcome", "What the evidence shows", "Certainty", "Who", "Compared with", "When measured")
HAND_TABLE = re.compile(r"^\s*\|(?=.*\|\s*certainty\s*\|)", re.IGNORECASE | re.MULTILINE)


def check_section(path: str, body: str, first_line: int, finding_count: int) -> list[Problem]:
    """A population page's glance section exists, holds the marker, and has findings to show."""
    lines = body.splitlines()
    start = next((i for i, line in enumerate(lines) if re.match(rf"^##\s+{HEADING}\b", line)), None)
    if start is None:
        return [Problem(path, first_line, "glance-missing",
                        f"a population page needs a '## {HEADING}' section holding {MARKER}")]
    section_end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    if not any(line.strip() == MARKER for line in lines[start + 1:section_end]):
        return [Problem(path, first_line + start, "glance-missing",
                        f"put {MARKER} under '## {HEADING}': the table is generated from findings/")]
    if not finding_count:
        return [Problem(path, first_line + start, "glance-empty",
                        "no finding in findings/*.yml names this page; add the page's findings there")]
    return []


def check_hand_tables(path: str, masked: str, first_line: int) -> list[Problem]:
    return [Problem(path, first_line + masked.count("\n", 0, m.start()), "findings-hand-table",
                    "a table of findings with a 'Certainty' column is written by hand; findings live in "
                    f"findings/*.yml and their tables are generated ({MARKER}, or the evidence map)")
            for m in HAND_TABLE.finditer(masked)]


# "Not yet read" is a maintainers' state (findings' unread queue, shown by `make report`);
# a published page never offers it as what the evidence says.
UNREAD_WORDING = re.compile(r"\bnot yet (?:checked|read)\b|\bresults? (?:were|was) not (?:visible|read)\b",
                            re.IGNORECASE)


def check_unread_wording(path: str, masked: str, first_line: int) -> list[Problem]:
    return [Problem(path, first_line + masked.count("\n", 0, m.start()), "findings-unread-wording",
                    f"'{m.group(0)}': a page may not present unread evidence; read the source and record "
                    "its findings in findings/, or leave the work out and list it in the file's 'unread' queue")
            for m in UNREAD_WORDING.finditer(masked)]
