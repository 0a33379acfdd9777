"""A maintainer's overview: the bibliography by level, year, access and status, and the
pages by last-reviewed date with those due for review, the findings by the age of their
source's search, the queue of reviews not yet read, and each page's reading level. It reports; it never fails a build."""
from __future__ import annotations

import datetime
from collections import Counter

from . import key_points
from .certainty import LEVELS as CERTAINTY_LEVELS
from .readability import KEY_POINTS_MAX_GRADE, Reading, measure, measure_page, median_grade, unit_sentences
from .site_data import Site
from .evidence_levels import LEVELS

REVIEW_AFTER_DAYS = 365  # a page whose evidence was last reviewed longer ago is due for review


def _table(title: str, counts: Counter, order=None) -> list[str]:
    keys = order or sorted(counts)
    lines = [f"\n{title}"]
    lines += [f"  {str(k):<14} {counts[k]:>4}" for k in keys if counts[k]]
    return lines


def report(site: Site, today: datetime.date) -> str:
    entries = site.bib.entries.values()
    lines = [f"{len(site.bib.entries)} references, {len(site.pages)} pages"]
    lines += _table("References by evidence level", Counter(e.fields.get("evidence") for e in entries), list(LEVELS))
    decades = Counter(f"{e.fields['year'][:3]}0s" if e.fields.get("year", "").isdigit() else "undated" for e in entries)
    lines += _table("References by decade", decades)
    lines += _table("References by access", Counter(e.fields.get("access") for e in entries))
    lines += _table("References by status", Counter(e.fields.get("status", "current") for e in entries))
    lines.append(f"\nPages by last review (due after {REVIEW_AFTER_DAYS} days)")
    dated = sorted(((p.meta.get("last_reviewed"), path) for path, p in site.pages.items()
                    if isinstance(p.meta.get("last_reviewed"), datetime.date)))
    for reviewed, path in dated:
        due = (today - reviewed).days > REVIEW_AFTER_DAYS
        lines.append(f"  {reviewed.isoformat()}  {'DUE ' if due else '    '}{path}")
    due_count = sum((today - r).days > REVIEW_AFTER_DAYS for r, _ in dated)
    lines.append(f"\n{due_count} page(s) due for review")
    lines += findings_by_search_date(site) + unread_queue(site) + readability(site)
    return "\n".join(lines)


def findings_by_search_date(site: Site) -> list[str]:
    """Findings by how old their source's literature search is, oldest first: what to update next."""
    sources = site.findings.sources()
    rows = sorted((sources[f.source].search_date or "unknown", c.name, f.outcome, f.source)
                  for c in site.findings.conditions for f in c.data.findings)
    lines = ["\nFindings by their source's search date, oldest first"]
    lines += [f"  {date:<10}  {condition} › {outcome} [{key}]" for date, condition, outcome, key in rows]
    by_level = Counter(f.certainty for c in site.findings.conditions for f in c.data.findings)
    lines += _table("Findings by certainty", by_level, list(CERTAINTY_LEVELS))
    return lines


def unread_queue(site: Site) -> list[str]:
    """Reviews the site relies on whose results nobody has read yet: never shown on a page."""
    items = [(c.path, u) for c in site.findings.conditions for u in c.data.unread]
    lines = [f"\nNot yet read ({len(items)}): read these and record their findings"]
    lines += [f"  {u.source}  ({path}): missing {u.missing}; tried: {u.tried}" for path, u in items]
    return lines


def readability_rows(site: Site) -> list[tuple[str, str, Reading, float | None]]:
    """(page, type, reading of its prose, grade of its Key points box or None), by page path."""
    rows = []
    for path, page in sorted(site.pages.items()):
        box = key_points.find(page)
        box_grade = measure([s for p in box.points for s in unit_sentences(p.text)]).grade if box else None
        rows.append((path, page.meta.get("type", ""), measure_page(page), box_grade))
    return rows


def readability(site: Site) -> list[str]:
    rows = readability_rows(site)
    lines = [f"\nReading level (Flesch-Kincaid grade of each page's prose; key points at most "
             f"{KEY_POINTS_MAX_GRADE:g}; `python -m guide report --readability` prints it as Markdown)"]
    lines.append(f"  {'grade':>5} {'words':>6} {'avg':>5} {'>30':>4} {'key':>5}  page")
    for path, _, r, box in rows:
        if r.words:
            key = f"{box:5.1f}" if box is not None else "    -"
            lines.append(f"  {r.grade:5.1f} {r.words:6} {r.average_sentence:5.1f} {r.long_share:4.0%} {key}  {path}")
    lines.append(f"  median grade {median_grade([r for _, _, r, _ in rows]):.1f} over "
                 f"{sum(1 for _, _, r, _ in rows if r.words)} pages with prose")
    return lines


def readability_markdown(site: Site) -> str:
    """The per-page table in Markdown, to paste into a note."""
    rows = readability_rows(site)
    measured = [r for _, _, r, _ in rows if r.words]
    lines = ["| Page | Type | FK grade | Words | Avg sentence (words) | Sentences > 30 words | Key points grade |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for path, page_type, r, box in rows:
        if r.words:
            key = f"{box:.1f}" if box is not None else "–"
            lines.append(f"| {path} | {page_type} | {r.grade:.1f} | {r.words} | {r.average_sentence:.1f} "
                         f"| {r.long_share:.0%} | {key} |")
    grades = sorted(r.grade for r in measured)
    lines.append("")
    lines.append(f"Median grade {median_grade(measured):.1f} over {len(measured)} pages "
                 f"(range {grades[0]:.1f} to {grades[-1]:.1f})." if grades else "No prose measured.")
    return "\n".join(lines)
