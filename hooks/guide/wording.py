"""A finding put into words that follow its certainty and direction.

GRADE's informative statements join the size of an effect to the certainty of the evidence:
"reduces" for high certainty, "probably reduces" for moderate, "may reduce" for low, and "the
evidence is very uncertain" for very low. Findings nobody graded are reported as what they
are: a review's pooled result, or one study's. docs/evidence/evidence-levels.md explains this.
"""
from __future__ import annotations

from .findings import Effect, Finding

HEDGE = {"high": "", "moderate": "probably ", "low": "may "}
MINUS = "\u2212"


def _base(verb: str) -> str:
    return verb[:-1]  # reduces -> reduce, improves -> improve, shortens -> shorten


def _past(verb: str) -> str:
    base = _base(verb)
    return base + ("d" if base.endswith("e") else "ed")


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _size(word: str | None) -> str:
    """The source's size word: an adverb follows the verb's object ("slightly"), an adjective
    names the effect ("a large effect")."""
    if not word:
        return ""
    return f" {word}" if word.endswith("ly") else f" (a {word} effect)"


# Who found it, for findings nobody graded: named by the design of the work behind them.
OPENERS = {"cochrane-review": "A review", "systematic-review": "A review", "meta-analysis": "A review",
           "trial": "One trial", "observational": "One study", "qualitative": "One qualitative study"}


def statement(finding: Finding, design: str | None = None) -> str:
    """The finding as one plain sentence, without its numbers. ``design``: the source's."""
    who, what = finding.intervention, finding.phrase
    size = _size(finding.size)
    level = finding.certainty
    if level == "very-low":  # the schema allows an unclear direction only here and for ungraded work
        return f"The evidence is very uncertain about the effect of {who} on {what}."
    if level in HEDGE:
        hedge = HEDGE[level]
        if finding.direction == "no-difference":
            verb = "make" if hedge == "may " else "makes"
            return _sentence(f"{who} {hedge}{verb} little or no difference to {what}.")
        verb = finding.change if hedge != "may " else _base(finding.change)
        return _sentence(f"{who} {hedge}{verb} {what}{size}.")
    opener = OPENERS.get(design or "", "One study" if level == "single-study" else "A review")
    if design == "qualitative":
        return f"{opener} explored {what} with {who}; it measured no effect."
    if finding.direction == "no-difference":
        return f"{opener} found no clear difference in {what} with {who}."
    if finding.direction == "unclear":
        return f"{opener} could not tell whether {who} affects {what}."
    return f"{opener} found that {who} {_past(finding.change)} {what}{size}."


def number(value: float) -> str:
    text = f"{value:g}" if abs(value) >= 0.01 or value == 0 else f"{value:.3f}"
    return text.replace("-", MINUS)


def count(value: int) -> str:
    return f"{value:,}"


def effect_text(effect: Effect) -> str:
    """"SMD −0.27 (95% CI −0.45 to −0.09); 11 studies, 503 people"."""
    scale = f" on {effect.scale}" if effect.scale else ""
    text = f"{effect.measure} {number(effect.estimate)}{scale}"
    if effect.ci_low is not None:
        text += f" (95% CI {number(effect.ci_low)} to {number(effect.ci_high)})"
    size = [f"{count(effect.studies)} {'study' if effect.studies == 1 else 'studies'}"] if effect.studies else []
    size += [f"{count(effect.participants)} people"] if effect.participants else []
    return text + ("; " + ", ".join(size) if size else "")
