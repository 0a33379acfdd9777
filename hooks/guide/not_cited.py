"""Works the site deliberately does not cite, kept as data beside the bibliography.

``sources-not-cited.yml`` lists superseded review versions, works that could not be
verified, and works that are cited elsewhere for findings they did not report. Each item
says why, and which entries of ``references.bib`` the site cites instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .bibliography import Bibliography
from .problem import Problem

REASONS = {
    "superseded": "Superseded by a newer version",
    "not-found": "Could not be found",
    "metadata-wrong": "Real, but cited with wrong details",
    "misattributed": "Real, but cited for findings it did not report",
}
FIELDS = ("work", "reason", "detail", "instead")


@dataclass
class NotCited:
    line: int
    work: str
    reason: str
    detail: str
    instead: list[str]


def load(path: Path, bib: Bibliography) -> tuple[list[NotCited], list[Problem]]:
    shown = path.name
    if not path.exists():
        return [], []
    text = path.read_text(encoding="utf-8")
    try:
        nodes = yaml.compose(text)
        data = yaml.safe_load(text) or []
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        return [], [Problem(shown, mark.line + 1 if mark else 1, "notcited-syntax", " ".join(str(err).split()))]
    if not isinstance(data, list):
        return [], [Problem(shown, 1, "notcited-syntax", "the file must be a list of items")]
    items, problems = [], []
    for node, item in zip(nodes.value, data):
        line = node.start_mark.line + 1
        if not isinstance(item, dict):
            problems.append(Problem(shown, line, "notcited-syntax", "each item must be a mapping"))
            continue
        for name in FIELDS:
            if name not in item:
                problems.append(Problem(shown, line, "notcited-field", f"item needs '{name}:' ({', '.join(FIELDS)})"))
        reason = item.get("reason")
        if reason is not None and reason not in REASONS:
            problems.append(Problem(shown, line, "notcited-reason",
                                    f"reason {reason!r} must be one of {', '.join(REASONS)}"))
        instead = item.get("instead") or []
        for key in instead:
            if key not in bib.entries:
                problems.append(Problem(shown, line, "notcited-instead",
                                        f"instead names {key!r}, which is not in references.bib"))
        items.append(NotCited(line, str(item.get("work", "")), str(reason), str(item.get("detail", "")), list(instead)))
    return items, problems
