"""The evidence levels every bibliography entry carries in its ``evidence`` field.

A level describes the design of the work itself. It caps how strongly the site may word a
claim that rests on the work (see docs/evidence/levels.md, generated from this table).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EvidenceLevel:
    tag: str
    label: str  # short badge text
    design: str  # what kind of work carries this tag
    wording: str  # how the site may word a claim resting on it


LEVELS: dict[str, EvidenceLevel] = {
    level.tag: level
    for level in (
        EvidenceLevel(
            "E1-SR+", "Review, graded",
            "Systematic review or meta-analysis that rates the certainty of its evidence (GRADE), "
            "such as a Cochrane review.",
            "Follow the review's certainty: high, 'improves'; moderate, 'probably improves'; "
            "low, 'may improve'; very low, 'we do not know whether'.",
        ),
        EvidenceLevel(
            "E1-SR", "Review, ungraded",
            "Systematic review or meta-analysis without a formal certainty rating.",
            "'A review of N trials (n people) reported ...'; say that certainty was not graded.",
        ),
        EvidenceLevel(
            "E2-RCT", "Randomised trial",
            "A single randomised controlled trial.",
            "'In one randomised trial of N people, ...'; say whether it has been replicated.",
        ),
        EvidenceLevel(
            "E2-RCT-pilot", "Pilot trial",
            "Pilot or feasibility trial, single-session trial, or fewer than about 30 people per arm.",
            "'A small pilot trial (N = ...) found ...; this needs confirming in larger studies.'",
        ),
        EvidenceLevel(
            "E3-CCT", "Controlled study",
            "Controlled study without randomisation.",
            "'... was followed by ...'; without randomisation we cannot tell whether the therapy caused it.",
        ),
        EvidenceLevel(
            "E4-OBS", "Observational",
            "Cohort, case-control, cross-sectional or uncontrolled before-and-after study.",
            "'... was associated with ...'; no causal wording.",
        ),
        EvidenceLevel(
            "E5-CASE", "Case report",
            "Case report or case series.",
            "'Case reports describe ...'; shows what is possible, not how often it works.",
        ),
        EvidenceLevel(
            "E6-MECH-H", "Lab study, humans",
            "Laboratory or imaging study of mechanisms in people, often healthy volunteers.",
            "'In healthy listeners, ... was linked to ...'; a possible mechanism, not a clinical benefit.",
        ),
        EvidenceLevel(
            "E7-ANIMAL", "Animal study",
            "Animal or cell study.",
            "'In rats, exposure to music ...'; animal findings often do not carry over to people.",
        ),
        EvidenceLevel(
            "E8-EXPERT", "Expert view",
            "Textbook, narrative or theoretical review, clinical model or expert opinion.",
            "'According to ..., therapists use ...'; not evidence that something works.",
        ),
        EvidenceLevel(
            "E9-ORG", "Organisation",
            "Statement, definition, standard, code or regulation from a professional or public body.",
            "'[Body] defines / requires ...'; authoritative for definitions and rules, not for effects.",
        ),
        EvidenceLevel(
            "G-GUIDE", "Guideline",
            "Evidence-based clinical guideline.",
            "Keep the guideline's own verb: 'NICE recommends considering ...'.",
        ),
        EvidenceLevel(
            "Q-QUAL", "Qualitative",
            "Qualitative or experience research (interviews, focus groups).",
            "'Participants described ...'; tells what people experience, not how well something works.",
        ),
    )
}
