"""The claim rules: every claim unit cites a source, and so does every finding sentence.

A claim unit is a prose paragraph, list item, table body row or blockquote (see
markdown_scan.claim_units). A unit may be marked editorial with ``{: .editorial }`` on its
last line: the site's own framing (a signpost, a definition of scope) that needs no source.
Editorial units are counted and capped per page, and a finding sentence inside one still
needs its citation.
"""
from __future__ import annotations

import re

from .markdown_scan import CITATION_LIKE, EDITORIAL, Unit
from .problem import Problem

# At most this share of a page's claim units may be editorial (one is always allowed).
EDITORIAL_SHARE = 0.2

FINDING = re.compile(
    r"\b(stud(?:y|ies)|trials?|reviews?|meta-analys[ie]s|evidence|found|finds?|show(?:s|ed|n)?|"
    r"reduc(?:e|es|ed)|improv(?:e|es|ed)|increas(?:e|es|ed)|associated|effects?|participants|"
    r"SMD|RR|effect sizes?|per ?cent)\b|\d(?:[.,]\d+)?\s?%",
    re.IGNORECASE,
)
# Full stops that do not end a sentence.
ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|et al|vs|cf|approx|Dr|St|No|Fig|n\.d|Vol|ed|Eds?|p|pp)\.", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(\[])")
LEADING_CITATIONS = re.compile(r"^(?:\[@[^\]]*\][.,;]?\s*)+")


def allowed_editorial(unit_count: int) -> int:
    return max(1, int(unit_count * EDITORIAL_SHARE))


def sentences(text: str) -> list[str]:
    protected = ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\0"), text)
    protected = re.sub(r"(\d)\.(\d)", "\\1\0\\2", protected)
    parts = [p.replace("\0", ".").strip() for p in SENTENCE_END.split(protected)]
    merged: list[str] = []
    for part in parts:
        leading = LEADING_CITATIONS.match(part)
        if merged and leading:
            # a citation placed after the full stop belongs to the sentence before it
            merged[-1] += " " + leading.group(0).strip()
            part = part[leading.end():].strip()
        if part:
            merged.append(part)
    return merged


# A unit made only of links (a "see also" list) points the way; it states nothing to cite.
LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")


def is_navigation(unit: Unit) -> bool:
    return bool(LINK.search(unit.text)) and not re.search(r"\w", LINK.sub("", EDITORIAL.sub("", unit.text)))


def check_units(path: str, units: list[Unit]) -> list[Problem]:
    problems: list[Problem] = []
    units = [u for u in units if not is_navigation(u)]
    editorial = [u for u in units if u.editorial]
    for unit in units:
        cited = bool(CITATION_LIKE.search(unit.text))
        if not cited and not unit.editorial:
            problems.append(Problem(path, unit.line, "claim-uncited",
                                    f"this {unit.kind} cites no source: add [@key] for what it states, "
                                    "or mark site framing with {: .editorial } (capped per page)"))
        for sentence in sentences(EDITORIAL.sub("", unit.text)):
            match = FINDING.search(sentence)
            if match and not CITATION_LIKE.search(sentence):
                problems.append(Problem(path, unit.line, "claim-finding-uncited",
                                        f"sentence reporting a finding ('{match.group(0)}') has no citation "
                                        f"in the same sentence: \"{_short(sentence)}\"; cite it there"))
    limit = allowed_editorial(len(units))
    if len(editorial) > limit:
        problems.append(Problem(path, editorial[limit].line, "claim-editorial-share",
                                f"{len(editorial)} of {len(units)} claim units are marked editorial; at most "
                                f"{limit} ({EDITORIAL_SHARE:.0%}, at least 1) may be: cite sources instead"))
    return problems


def _short(sentence: str, limit: int = 70) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 3] + "..."
