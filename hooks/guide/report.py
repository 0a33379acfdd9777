"""A maintainer's overview: the bibliography by level, year, access and status, and the
pages by last-reviewed date with those due for review, the findings by the age of their
source's search, and the queue of reviews not yet read. It reports; it never fails a build."""
from __future__ import annotations

import datetime
from collections import Counter

from .certainty import LEVELS as CERTAINTY_LEVELS
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
    lines += findings_by_search_date(site) + unread_queue(site)
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
