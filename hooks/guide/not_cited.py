"""Works the site deliberately does not cite, kept as data beside the bibliography.

``sources-not-cited.yml`` lists superseded review versions, works that could not be
verified, and works that are cited elsewhere for findings they did not report. Each item
says why, and which entries of ``references.bib`` the site cites instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .bibliography import Bibliography
from .problem import Problem
from .sources import line_of, load_yaml, read_text, validate

REASONS = {
    "superseded": "Superseded by a newer version",
    "not-found": "Could not be found",
    "metadata-wrong": "Real, but cited with wrong details",
    "misattributed": "Real, but cited for findings it did not report",
}
FIELDS = ("work", "reason", "detail", "instead")
TEXT_MAX = 2000  # characters in work or detail


def _one_line_text(value: str) -> str:
    # the list page puts these into Markdown list items: a line break or a tag would change the page
    if any(ord(c) < 32 or c in "<>" for c in value):
        raise ValueError("must be one line of text without '<', '>' or control characters")
    return value


Text = Annotated[str, Field(min_length=1, max_length=TEXT_MAX), AfterValidator(_one_line_text)]


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    work: Text
    reason: Literal[tuple(REASONS)]  # type: ignore[valid-type]
    detail: Text
    instead: list[str]


@dataclass
class NotCited:
    line: int
    work: str
    reason: str
    detail: str
    instead: list[str]


def _rule(error: dict) -> str:
    loc = error["loc"]
    if error["type"] in ("missing", "extra_forbidden"):
        return "notcited-field"
    if loc and loc[0] == "reason":
        return "notcited-reason"
    return "notcited-type"


def load(path: Path, bib: Bibliography) -> tuple[list[NotCited], list[Problem]]:
    shown = path.name
    if not path.exists():
        return [], []
    text, problem = read_text(path, shown)
    if problem:
        return [], [problem]
    data, nodes, problems = load_yaml(text, shown, "notcited-syntax")
    if problems:
        return [], problems
    if data is None:
        return [], []
    if not isinstance(data, list):
        return [], [Problem(shown, line_of(nodes, ()), "notcited-syntax", "the file must be a list of items")]
    items, problems = [], []
    for node, raw in zip(nodes.value, data):
        line = node.start_mark.line + 1
        if not isinstance(raw, dict):
            problems.append(Problem(shown, line, "notcited-syntax",
                                    f"each item must be a mapping of {', '.join(FIELDS)}"))
            continue
        item, item_problems, _ = validate(Item, raw, node, shown, _rule)
        problems += item_problems
        instead = raw.get("instead")
        for position, key in enumerate(instead if isinstance(instead, list) else []):
            if isinstance(key, str) and key not in bib.entries:
                problems.append(Problem(shown, line_of(node, ("instead", position)), "notcited-instead",
                                        f"instead names {key!r}, which is not in references.bib"))
        if item is None:
            continue
        items.append(NotCited(line, item.work, item.reason, item.detail, list(item.instead)))
    return items, problems
