"""What the findings data looks like on a page: glance tables, the evidence map, the overview.

Each view is a generator (see generators.py): a page asks for it with a marker and gets it
built from findings/*.yml, so the three views cannot disagree with each other or the data.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Protocol

from . import forest, glance, wording
from .certainty import LEVELS
from .findings import Condition, Finding, Findings
from .references import short_reference
from .urls import link, page_url, relative_url

if TYPE_CHECKING:
    from .site_data import Site


class Context(Protocol):
    """What a view reads of the generators' context (generators.Context satisfies it)."""

    site: Site
    directory_urls: bool


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _shows(ctx: Context, finding: Finding, cite: bool = True) -> str:
    source = ctx.site.findings.sources().get(finding.source)
    parts = [wording.statement(finding, source.design if source else None)]
    if finding.effect:
        parts.append(wording.effect_text(finding.effect) + ".")
    if finding.note:
        parts.append(finding.note)
    return " ".join(parts) + (f" [@{finding.source}]" if cite else "")


def _overview_conditions(data: Findings) -> list[Condition]:
    """Conditions with findings to show (a file of sources only has none, and no page)."""
    return sorted((c for c in data.conditions if c.data.findings), key=lambda c: c.name.lower())


def cited_keys(data: Findings, name: str, page: str) -> list[str]:
    """The works a view cites, in the order it cites them: the page's checks and reference
    list must count them as if they had been written there."""
    if name == "glance":
        return [f.source for _, f in data.for_page(page)]
    if name == "overview":
        return [k for c in _overview_conditions(data)
                for k in [*c.data.sources, *(f.source for f in c.data.findings)]]
    return []


def glance_table(ctx: Context, page: str, arg: str | None) -> str:
    rows = ["| " + " | ".join(glance.COLUMNS) + " |", "|" + "---|" * len(glance.COLUMNS)]
    for _, finding in ctx.site.findings.for_page(page):
        cells = (finding.outcome, _shows(ctx, finding), LEVELS[finding.certainty].badge(),
                 finding.population, finding.comparison, finding.timepoint)
        rows.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    charts = forest.figures([f for _, f in ctx.site.findings.for_page(page)])
    return "\n".join(rows) + "\n\n" + legend_link(ctx, page) + (f"\n{charts}\n" if charts else "")


LEGEND_PAGE = "evidence/evidence-levels.md"  # holds <!-- generate: certainty-legend --> under #certainty


def legend_link(ctx: Context, page: str) -> str:
    more = (f" [What the levels mean]({link(page, LEGEND_PAGE, 'certainty')})."
            if LEGEND_PAGE in ctx.site.pages else "")
    return (f"How sure the evidence is: {' · '.join(c.badge() for c in LEVELS.values())}.{more}\n"
            "{: .certainty-legend .editorial }\n")


def _source_label(ctx: Context, key: str) -> str:
    return short_reference(ctx.site.bib.entries[key])


def _row_id(condition: Condition, index: int) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in condition.name.lower()).strip("-")
    return f"finding-{slug}-{index + 1}"


def evidence_matrix(ctx: Context, conditions: list[Condition]) -> str:
    """Condition by outcome, each outcome a chip in its certainty's colour, symbol and word:
    the whole map on one phone screen or two, each chip leading to its row in the table."""
    out = ['<dl class="evidence-matrix">']
    for condition in conditions:
        chips = " ".join(
            f'<a class="certainty-chip {LEVELS[f.certainty].css}" href="#{_row_id(condition, i)}" '
            f'title="{html.escape(LEVELS[f.certainty].label)}">'
            f'<span class="certainty-symbol" aria-hidden="true">{LEVELS[f.certainty].symbol}</span> '
            f'{html.escape(f.outcome)} <span class="chip-level">· {html.escape(LEVELS[f.certainty].label)}</span></a>'
            for i, f in enumerate(condition.data.findings))
        out.append(f"<dt>{html.escape(condition.name)}</dt><dd>{chips}</dd>")
    out.append("</dl>")
    return "".join(out)


def evidence_map(ctx: Context, page: str, arg: str | None) -> str:
    """The matrix, then every finding, one row each, as an HTML table the map's script can
    sort and filter."""
    here = page_url(page, ctx.directory_urls)
    conditions = _overview_conditions(ctx.site.findings)
    out = [evidence_matrix(ctx, conditions), "",
           '<table class="evidence-map" data-sortable>',
           "<thead><tr><th>Condition</th><th>Outcome</th><th>Certainty</th>"
           "<th>What the best evidence shows</th><th>Source</th></tr></thead>", "<tbody>"]
    order = list(LEVELS)
    for condition in conditions:
        section = relative_url(here, page_url(condition.data.page, ctx.directory_urls))
        for index, finding in enumerate(condition.data.findings):
            level = LEVELS[finding.certainty]
            source = relative_url(here, page_url("references.md", ctx.directory_urls)) + f"#ref-{finding.source}"
            out.append(
                f'<tr id="{_row_id(condition, index)}" data-condition="{html.escape(condition.name)}" '
                f'data-certainty="{level.name}" data-rank="{order.index(level.name)}">'
                f'<td><a href="{section}#{glance.ANCHOR}">{html.escape(condition.name)}</a></td>'
                f"<td>{html.escape(finding.outcome)}</td><td>{level.badge()}</td>"
                f"<td>{html.escape(_shows(ctx, finding, cite=False))}</td>"
                f'<td><a href="{source}">{html.escape(_source_label(ctx, finding.source))}</a></td></tr>')
    out.append("</tbody></table>\n")
    return "\n".join(out)


def _condition_summary(ctx: Context, condition: Condition) -> str:
    sources = []
    for key, source in condition.data.sources.items():
        size = ", ".join(x for x in (
            f"{wording.count(source.studies)} studies" if source.studies else "",
            f"{wording.count(source.participants)} people" if source.participants else "") if x)
        sources.append(f"{source.version}{': ' + size if size else ''} [@{key}]")
    return "<br>".join(sources)


def overview(ctx: Context, page: str, arg: str | None) -> str:
    """One row per condition: its best current sources and what each finding shows."""
    rows = ["| Condition | Best current evidence | What it shows, outcome by outcome |", "|---|---|---|"]
    for condition in _overview_conditions(ctx.site.findings):
        name = f"[{condition.name}]({link(page, condition.data.page, glance.ANCHOR)})"
        shows = "<br>".join(f"**{f.outcome}:** {_shows(ctx, f)} {LEVELS[f.certainty].badge()}"
                            for f in condition.data.findings)
        rows.append("| " + " | ".join(_cell(c) for c in (name, _condition_summary(ctx, condition), shows)) + " |")
    return "\n".join(rows) + "\n\n" + legend_link(ctx, page)


def certainty_legend(ctx: Context, page: str, arg: str | None) -> str:
    rows = ["| Level | What it means | How the site words it |", "|---|---|---|"]
    words = {"high": "“reduces”, “improves”", "moderate": "“probably reduces”",
             "low": "“may reduce”", "very-low": "“the evidence is very uncertain”",
             "not-rated": "“a review found …”, with the review's size",
             "single-study": "“one study found …”, with its size"}
    for level in LEVELS.values():
        rows.append(f"| {level.badge()} | {_cell(level.explanation)} | {words[level.name]} |")
    return "\n".join(rows) + "\n"
