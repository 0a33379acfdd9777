"""Forest plots of a page's effect estimates, drawn as inline SVG at build time.

One chart per kind of measure (an SMD cannot share an axis with a risk ratio or a difference in
points): each finding is a row with its estimate, its 95% confidence interval and its certainty,
around the line of no effect. The SVG names its parts for screen readers, a table of the same
numbers follows it for anyone who cannot see it, and it draws in the page's own text colour, so
it follows light and dark mode. No script is involved.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

from . import wording
from .certainty import LEVELS
from .findings import Finding

WIDTH, ROW, TOP, LABEL = 640, 30, 34, 250  # px: chart width, row height, axis band, label column
RATIOS = {"RR", "OR", "HR"}  # no effect is 1, not 0


@dataclass(frozen=True)
class Row:
    label: str
    finding: Finding


def _groups(findings: list[Finding]) -> dict[str, list[Finding]]:
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        effect = finding.effect
        if effect is None or effect.ci_low is None:
            continue  # a point estimate with no interval cannot be drawn honestly
        name = effect.measure + (f" ({effect.scale})" if effect.measure == "MD" and effect.scale else "")
        groups.setdefault(name, []).append(finding)
    return groups


def _ticks(low: float, high: float) -> list[float]:
    span = high - low
    step = next(s for s in (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50) if span / s <= 6)
    first = (low // step) * step
    ticks, value = [], first
    while value <= high + 1e-9:
        if value >= low - 1e-9:
            ticks.append(round(value, 6))
        value += step
    return ticks


def chart(title: str, findings: list[Finding]) -> str:
    measure = findings[0].effect.measure
    null = 1.0 if measure in RATIOS else 0.0
    values = [v for f in findings for v in (f.effect.ci_low, f.effect.ci_high)] + [null]
    low, high = min(values), max(values)
    pad = (high - low) * 0.08 or 0.5
    low, high = low - pad, high + pad
    plot = WIDTH - LABEL - 20

    def x(value: float) -> float:
        return round(LABEL + (value - low) / (high - low) * plot, 1)

    height = TOP + ROW * len(findings) + 10
    desc = "; ".join(f"{f.outcome}: {wording.effect_text(f.effect)}, certainty {LEVELS[f.certainty].label}"
                     for f in findings)
    ident = "forest-" + "".join(c if c.isalnum() else "-" for c in title.lower())
    parts = [f'<svg class="forest-plot" viewBox="0 0 {WIDTH} {height}" role="img" '
             f'aria-labelledby="{ident}-t {ident}-d" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{ident}-t">{html.escape(title)}: estimates with 95% confidence intervals</title>',
             f'<desc id="{ident}-d">{html.escape(desc)}</desc>',
             f'<line class="forest-null" x1="{x(null)}" y1="{TOP - 6}" x2="{x(null)}" y2="{height - 6}"/>']
    for tick in _ticks(low, high):
        parts.append(f'<text class="forest-tick" x="{x(tick)}" y="{TOP - 12}" text-anchor="middle">'
                     f'{wording.number(tick)}</text>')
    for i, finding in enumerate(findings):
        effect, level = finding.effect, LEVELS[finding.certainty]
        y = TOP + ROW * i + ROW / 2
        label = finding.outcome if len(finding.outcome) <= 34 else finding.outcome[:33] + "…"
        parts += [
            f'<g class="forest-row {level.css}">',
            f'<text class="forest-label" x="0" y="{y + 4}">{html.escape(label)}</text>',
            f'<line class="forest-ci" x1="{x(effect.ci_low)}" y1="{y}" x2="{x(effect.ci_high)}" y2="{y}"/>',
            f'<rect class="forest-point" x="{x(effect.estimate) - 5}" y="{y - 5}" width="10" height="10"/>',
            f'<text class="forest-symbol" x="{WIDTH - 2}" y="{y + 4}" text-anchor="end">{level.symbol}</text>',
            "</g>"]
    parts.append("</svg>")
    return "".join(parts)


def figures(findings: list[Finding]) -> str:
    """Every chart for these findings, each in a figure with a caption; empty if none has a CI."""
    out = []
    for title, group in _groups(findings).items():
        measure = group[0].effect.measure
        direction = ("Left of the line: lower risk with the intervention" if measure in RATIOS
                     else "Left of the line: lower scores with the intervention")
        out.append(f'<figure class="forest">{chart(title, group)}<figcaption>{html.escape(title)}. Each square '
                   f"is a finding's estimate and each line its 95% confidence interval; a line that crosses "
                   f"the vertical line of no effect is compatible with no difference. {direction}; whether "
                   "lower is better depends on the outcome (see the table). The circles give the certainty."
                   "</figcaption></figure>")
    return "\n".join(out)
