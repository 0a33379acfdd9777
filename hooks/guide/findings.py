"""The graded findings the site reports, kept once as data in ``findings/*.yml``.

One file per condition holds the works that back its findings (with their version, size and
search date) and each finding: outcome, who, compared with what, when, the effect where the
source pools one, and the certainty the source gave it. The "Evidence at a glance" tables,
the evidence map and the overview are generated from these files, and the numbers that pages
state in prose are checked against them, so a finding cannot say two things in two places.

A review whose results have not been read goes in the file's ``unread`` queue, which only the
maintainers' report shows; no page may present it as evidence.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Optional

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from .sources import line_of, load_yaml, read_text, validate
from .certainty import LEVELS
from .problem import Problem

FOLDER = "findings"
MAX_TEXT = 600  # characters in one text field: a finding is a sentence, not an essay

Text = Field(min_length=1, max_length=MAX_TEXT)
Direction = Literal["benefit", "no-difference", "harm", "unclear"]
Change = Literal["reduces", "improves", "increases", "shortens", "lengthens", "worsens"]


# A review's search date, to the day or to the month ("2012-08"): many reviews give only the month.
SearchDate = Annotated[str, BeforeValidator(lambda v: v.isoformat() if isinstance(v, datetime.date) else v),
                       Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Reading(Strict):
    """Where and when a maintainer read the numbers, and what they read."""

    date: datetime.date = Field(strict=False)  # YAML may quote it: '2026-12-02' is still a date
    where: str = Text
    kind: str = Text
    quote: str = Field(min_length=1, max_length=4000)
    note: Optional[str] = Field(default=None, max_length=2000)


class ReportedEffect(Strict):
    """An estimate a page states about a work that is not a graded finding of the site's own
    (a secondary outcome, a single experiment), recorded so the prose can be checked against it."""

    outcome: str = Text
    measure: str = Field(min_length=1, max_length=200)  # as the source names it: SMD, Hedges' g, d, ...
    estimate: float
    ci_low: Optional[float] = None
    ci_high: Optional[float] = None
    studies: Optional[int] = Field(default=None, ge=1)
    participants: Optional[int] = Field(default=None, ge=1)
    quote: str = Field(min_length=1, max_length=2000)


class Source(Strict):
    version: str = Text
    design: Literal["cochrane-review", "systematic-review", "meta-analysis", "trial", "observational",
                    "qualitative", "other"]
    studies: Optional[int] = Field(default=None, ge=1)
    participants: Optional[int] = Field(default=None, ge=1)
    search_date: Optional[SearchDate] = None
    other_counts: dict[str, int] = Field(default_factory=dict)  # e.g. "studies pooled": 16, read in the source
    effects: list[ReportedEffect] = Field(default_factory=list)
    current: bool = True
    read: Reading


class Effect(Strict):
    measure: Literal["SMD", "MD", "RR", "OR", "RD", "HR", "d", "g"]  # d, g: Cohen's d and Hedges' g, as reported
    estimate: float
    ci_low: Optional[float] = None  # both bounds, or neither where the copy read gave no interval
    ci_high: Optional[float] = None
    studies: Optional[int] = Field(default=None, ge=1)
    participants: Optional[int] = Field(default=None, ge=1)
    scale: Optional[str] = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _interval_holds_estimate(self):
        if (self.ci_low is None) != (self.ci_high is None):
            raise ValueError("give both ci_low and ci_high, or neither")
        if self.ci_low is not None and not self.ci_low <= self.estimate <= self.ci_high:
            raise ValueError(f"the 95% CI {self.ci_low} to {self.ci_high} must contain the estimate {self.estimate}")
        return self


class Finding(Strict):
    outcome: str = Text
    outcome_phrase: Optional[str] = Field(default=None, max_length=MAX_TEXT)
    population: str = Text
    intervention: str = Text
    comparison: str = Text
    timepoint: str = Text
    source: str = Field(min_length=1, max_length=200)
    effect: Optional[Effect] = None
    direction: Direction
    change: Optional[Change] = None
    size: Optional[str] = Field(default=None, max_length=40)
    certainty: Literal[tuple(LEVELS)]  # type: ignore[valid-type]
    note: Optional[str] = Field(default=None, max_length=MAX_TEXT)
    read: Reading

    @model_validator(mode="after")
    def _wording_is_possible(self):
        if self.direction in ("benefit", "harm") and self.change is None:
            raise ValueError(f"a finding of {self.direction} needs 'change:' (the verb: reduces, improves, ...)")
        if self.direction == "unclear" and self.certainty not in ("very-low", "not-rated", "single-study"):
            raise ValueError("an unclear direction goes with very-low, not-rated or single-study certainty; "
                             "a graded finding says which way it points")
        return self

    @property
    def phrase(self) -> str:
        return self.outcome_phrase or self.outcome[:1].lower() + self.outcome[1:]


class Unread(Strict):
    """A review the site relies on whose results the maintainers have not yet read."""

    source: str = Field(min_length=1, max_length=200)
    missing: str = Text
    tried: str = Field(min_length=1, max_length=2000)


class ConditionFile(Strict):
    condition: str = Text
    page: Optional[str] = Field(default=None, pattern=r"^[\w/-]+\.md$")  # where its glance table is
    sources: dict[str, Source] = Field(default_factory=dict)
    findings: list[Finding] = Field(default_factory=list)
    unread: list[Unread] = Field(default_factory=list)

    @model_validator(mode="after")
    def _findings_have_a_page(self):
        if self.findings and self.page is None:
            raise ValueError("a file with findings needs 'page:', the population page that shows them")
        return self


@dataclass
class Condition:
    path: str  # as problems print it
    data: ConditionFile
    node: object  # the file's YAML node tree, for line numbers

    @property
    def name(self) -> str:
        return self.data.condition

    def line(self, *location) -> int:
        return line_of(self.node, location)


@dataclass
class Findings:
    conditions: list[Condition] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def sources(self) -> dict[str, Source]:
        return {key: source for c in self.conditions for key, source in c.data.sources.items()}

    def for_page(self, page: str) -> list[tuple[Condition, Finding]]:
        return [(c, f) for c in self.conditions if c.data.page == page for f in c.data.findings]

    def for_source(self, key: str) -> list[Finding]:
        return [f for c in self.conditions for f in c.data.findings if f.source == key]


def load(root: Path) -> Findings:
    """Every condition file under findings/, validated; problems carry file and line."""
    return load_files(sorted((root / FOLDER).glob("*.yml")), root)


def load_files(paths: list[Path], shown_root: Path) -> Findings:
    found = Findings()
    for path in paths:
        shown = path.relative_to(shown_root).as_posix() if path.is_relative_to(shown_root) else str(path)
        text, problem = read_text(path, shown)
        if problem:
            found.problems.append(problem)
            continue
        data, node, problems = load_yaml(text, shown, "findings-syntax")
        if not problems:
            parsed, problems, _ = validate(ConditionFile, data, node, shown, "findings-schema",
                                           advice="; see findings/README.md")
        found.problems += problems
        if not problems:
            found.conditions.append(Condition(shown, parsed, node))
    found.problems += _cross_checks(found)
    return found


def _cross_checks(found: Findings) -> list[Problem]:
    """What one file cannot say alone: every finding's source is described, once, the same way."""
    problems = []
    seen: dict[str, tuple[Condition, Source]] = {}
    for condition in found.conditions:
        for key, source in condition.data.sources.items():
            if key in seen and seen[key][1] != source:
                other = seen[key][0]
                problems.append(Problem(condition.path, condition.line("sources", key), "findings-source-conflict",
                                        f"{key} is described differently in {other.path}; describe a work "
                                        "the same way everywhere (copy one description)"))
            seen.setdefault(key, (condition, source))
        for index, finding in enumerate(condition.data.findings):
            if finding.source not in condition.data.sources:
                problems.append(Problem(condition.path, condition.line("findings", index, "source"),
                                        "findings-source-missing",
                                        f"{finding.source} backs a finding but is not under this file's 'sources:'"))
    return problems


def bibliography_problems(found: Findings, bib_entries: dict) -> list[Problem]:
    """Every work the data names is a verified entry of references.bib."""
    problems = []
    for condition in found.conditions:
        for key in condition.data.sources:
            if key not in bib_entries:
                problems.append(Problem(condition.path, condition.line("sources", key), "findings-unknown-key",
                                        f"{key} is not in references.bib; add a verified entry or correct the key"))
        for index, item in enumerate(condition.data.unread):
            if item.source not in bib_entries:
                problems.append(Problem(condition.path, condition.line("unread", index, "source"),
                                        "findings-unknown-key", f"{item.source} is not in references.bib"))
    return problems
