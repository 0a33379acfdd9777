"""Numbers in prose agree with the findings data.

A sentence that cites a work and states an effect estimate, a 95% confidence interval, or a
count of studies or participants must state numbers that work's data holds (findings/*.yml):
the whole review's size, one analysis's size, estimate or interval, or another count read in
the source and recorded there. A number the data does not hold is either a typo, a number
from another version of the review, or one nobody recorded reading: all three are refused.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .claims import sentences
from .findings import Findings
from .markdown_scan import CITATION_LIKE, CITED_KEY, EDITORIAL, Unit
from .problem import Problem

_N = r"[−-]?\d+(?:\.\d+)?"
_COUNT = r"\d{1,3}(?:,\d{3})+|\d+"
# Up to two describing words between a number and its noun ("18 randomised trials"), but not a
# preposition: "searched up to 2014 for randomised trials" states no count.
_ADJECTIVES = r"(?:(?!(?:for|of|in|to|from|with|and|or|by|on|at|than|per)\s)[A-Za-z-]+\s+){0,2}"
PATTERNS = (
    ("estimate", re.compile(rf"\b(?:SMD|MD|RR|OR|RD|HR)\b\s*(?:=|of|:)?\s*({_N})|\b[dg]\s*=\s*({_N})")),
    ("confidence interval", re.compile(rf"95\s*%\s*CI\s*:?\s*({_N})\s*(?:to|,|–)\s*({_N})")),
    ("count of studies", re.compile(rf"\b({_COUNT})\s+{_ADJECTIVES}(?:studies|trials|RCTs)\b")),
    ("count of participants", re.compile(
        rf"\b({_COUNT})\s+{_ADJECTIVES}(?:participants|people|patients|children|adults|infants|"
        rf"adolescents|residents|survivors|carers|caregivers|women|men)\b|\bn\s*=\s*({_COUNT})\b")),
)


@dataclass(frozen=True)
class Stated:
    kind: str
    text: str  # as written, for the message
    value: float
    decimals: int


def stated_numbers(sentence: str) -> list[Stated]:
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(sentence):
            for group in match.groups():
                if group is None:
                    continue
                plain = group.replace("−", "-").replace(",", "")
                decimals = len(plain.split(".")[1]) if "." in plain else 0
                found.append(Stated(kind, match.group(0), float(plain), decimals))
    return found


def known_numbers(findings: Findings, key: str) -> set[float]:
    values: set[float] = set()
    source = findings.sources().get(key)
    if source is None:
        return values
    values |= {v for v in (source.studies, source.participants) if v is not None}
    values |= set(source.other_counts.values())
    for reported in source.effects:
        values |= {v for v in (reported.estimate, reported.ci_low, reported.ci_high,
                               reported.studies, reported.participants) if v is not None}
    for finding in findings.for_source(key):
        if effect := finding.effect:
            values |= {v for v in (effect.estimate, effect.ci_low, effect.ci_high,
                                   effect.studies, effect.participants) if v is not None}
    return values


def _matches(stated: Stated, values: set[float]) -> bool:
    tolerance = 0.5 * 10 ** -stated.decimals + 1e-9
    return any(abs(stated.value - v) <= tolerance for v in values)


def check_units(path: str, units: list[Unit], findings: Findings) -> list[Problem]:
    problems = []
    for unit in units:
        for sentence in sentences(EDITORIAL.sub("", unit.text)):
            keys = [k for m in CITATION_LIKE.finditer(sentence) for k in CITED_KEY.findall(m.group(0))]
            if not keys:
                continue  # an uncited finding is claims.py's to report
            numbers = stated_numbers(CITATION_LIKE.sub("", sentence))
            if not numbers:
                continue
            backed = [k for k in keys if k in findings.sources()]
            if not backed:
                problems.append(Problem(path, unit.line, "findings-number-unbacked",
                                        f"'{numbers[0].text}' is stated for {', '.join('@' + k for k in dict.fromkeys(keys))}, "
                                        "which has no entry under 'sources:' in findings/; record the work and "
                                        "the numbers you read in it, or drop the number"))
                continue
            values = set().union(*(known_numbers(findings, k) for k in backed))
            for stated in numbers:
                if not _matches(stated, values):
                    problems.append(Problem(path, unit.line, "findings-number",
                                            f"{stated.kind} '{stated.text}' is not in the findings data of "
                                            f"{', '.join('@' + k for k in dict.fromkeys(backed))}; correct the number, or record "
                                            "it in findings/ with where you read it"))
    return problems
