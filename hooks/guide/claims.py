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
# A finding told by the shape of the sentence, not by topic words: a percentage, a statistic,
# a multiple, a comparison, or a verb of change in a reported form (reduced, halves, fell),
# including any -ed verb that moves a quantity ("lengthened by 3 days").
_E_ROOTS = r"increas|decreas|reduc|improv|rais|declin|enhanc|alleviat|accelerat|eas|halv|doubl|tripl|quadrupl|reliev|restor"
_ROOTS = r"lower|boost|lessen|diminish|worsen|shorten|lengthen|strengthen|weaken|slow|outperform|exceed|surpass|prevent"
_QUANTITY = (r"(?:about\s+|around\s+|nearly\s+|almost\s+|over\s+|up\s+to\s+|some\s+)?"
             r"(?:[-−]?\d|an?\s+(?:third|quarter|half|fifth|tenth)|half)")
_NOT_COMPARATIVE = r"(?:rath|oth|eith|whe?th|neith|howev|und|ov|aft|ev|nev|togeth|whatev)er\b"
FINDING_SHAPE = re.compile(
    r"\d\s?%|\bper\s?cent(?:age)?\b"
    r"|(?-i:\b(?:SMD|RR|NNT|OR|HR|MD|CI)\b)\s*[=:(]?\s*[-−]?\d|\bp\s*[<=>]\s*0?\.\d"
    r"|\b(?:twice|thrice|\d+(?:\.\d+)?[- ]?(?:fold|times))\b"
    rf"|\b(?!{_NOT_COMPARATIVE})\w{{2,}}er\s+(?:\w+\s+){{0,3}}?than\b(?!\s+(?:one|a\s+single)\b)"
    r"|\b(?:more|less|fewer)\s+(?:\w+\s+){0,3}?than\b(?!\s+(?:one|a\s+single)\b)"
    r"|\b(?:compared\s+(?:with|to)\s+\w|superior\s+to|inferior\s+to)"
    rf"|\b(?:(?:{_E_ROOTS})e[sd]|(?:{_ROOTS})(?:ed|s|es)|rose|fell|grew|shrank|cut\s+by)\b"
    rf"|\b\w{{3,}}ed\s+(?:\w+\s+){{0,3}}?by\s+{_QUANTITY}",
    re.IGNORECASE,
)
# "@key" standing bare beside the prose: the reader sees a name, the site links no source.
BARE_KEY = re.compile(r"(?<![\w.@/])@[A-Za-z]+\d{4}[\w:-]*")
# Full stops that do not end a sentence.
ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|et al|vs|cf|approx|Dr|St|No|Fig|n\.d|Vol|ed|Eds?|p|pp)\.", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(\[])")
LEADING_CITATIONS = re.compile(r"^(?:\[@[^\]]*\][.,;]?\s*)+")


def finding_in(sentence: str) -> re.Match | None:
    """Where a sentence reports a finding: by its topic words or by its shape."""
    return FINDING.search(sentence) or FINDING_SHAPE.search(sentence)


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
    """Links and nothing else, none of whose texts reports a finding ("[Music halved pain](x.md)")."""
    texts = [m.group(0)[1:m.group(0).index("](")] for m in LINK.finditer(unit.text)]
    return (bool(texts) and not re.search(r"\w", LINK.sub("", EDITORIAL.sub("", unit.text)))
            and not any(FINDING_SHAPE.search(t) for t in texts))


def check_units(path: str, units: list[Unit]) -> list[Problem]:
    problems: list[Problem] = []
    for unit in units:  # a link's text shows a bare key as much as prose does
        if bare := BARE_KEY.search(CITATION_LIKE.sub("", unit.text)):
            problems.append(Problem(path, unit.line, "claim-bare-key",
                                    f"{bare.group(0)} stands bare in the text, which shows the name and links "
                                    f"no source: write [{bare.group(0)}]"))
    units = [u for u in units if not is_navigation(u)]
    editorial = [u for u in units if u.editorial]
    for unit in units:
        cited = bool(CITATION_LIKE.search(unit.text))
        if not cited and not unit.editorial:
            problems.append(Problem(path, unit.line, "claim-uncited",
                                    f"this {unit.kind} cites no source: add [@key] for what it states, "
                                    "or mark site framing with {: .editorial } (capped per page)"))
        for sentence in sentences(EDITORIAL.sub("", unit.text)):
            match = finding_in(sentence)
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


def check_labels(path: str, labels: list[Unit]) -> list[Problem]:
    """Headings, box titles, table headers and abbreviations are labels: they may not report
    a finding unless they cite it."""
    problems = []
    for label in labels:
        text = CITATION_LIKE.sub("", label.text)
        if bare := BARE_KEY.search(text):
            problems.append(Problem(path, label.line, "claim-bare-key",
                                    f"{bare.group(0)} stands bare in this {label.kind}: write [{bare.group(0)}]"))
        match = FINDING_SHAPE.search(text)
        if match and not CITATION_LIKE.search(label.text):
            problems.append(Problem(path, label.line, "claim-label-finding",
                                    f"this {label.kind} reports a finding ('{match.group(0)}') without a "
                                    f"citation: \"{_short(label.text)}\"; say it in cited prose, or cite it here"))
    return problems


def _short(sentence: str, limit: int = 70) -> str:
    sentence = " ".join(sentence.split())
    return sentence if len(sentence) <= limit else sentence[: limit - 3] + "..."
