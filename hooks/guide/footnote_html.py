"""Citation markers and the reference list as python-markdown writes them, made easier to read.
The hook writes this readable form directly (guide.citation_html); the transforms here define
it, and tests/test_citation_html.py holds the two to the same output.

- Numbers in a citation group run in ascending order: a group's works are numbered by where
  each is first cited on the page, so a group written [@b; @a] would read "2, 1".
- Each reference offers one way back to the text, not a row of identical arrows (one per
  citation). Without script it leads to where the work is first cited; the page's script
  (docs/assets/javascripts/citations.js) points it at the citation the reader came from.
"""
from __future__ import annotations

import re

SEPARATOR = '<sup class="cite-sep">, </sup>'
_MARKER = r'<sup id="fnref\d*:[^"]+"><a class="footnote-ref" href="#fn:[^"]+">(\d+)</a></sup>'
MARKER = re.compile(_MARKER)
GROUP = re.compile(f"{_MARKER}(?:{re.escape(SEPARATOR)}{_MARKER})+")
BACKREFS = re.compile(r'(?:&#160;|\xa0)?(?:<a class="footnote-backref" href="#(fnref\d*:[^"]+)"[^>]*>[^<]*</a>)+')
BACKREF_KEY = re.compile(r'href="#fnref\d*:([^"]+)"')
BACK_TEXT = "Back to text"


def sorted_groups(html: str) -> str:
    def ordered(match: re.Match) -> str:
        markers = [m.group(0) for m in MARKER.finditer(match.group(0))]
        markers.sort(key=lambda m: int(MARKER.match(m).group(1)))
        return SEPARATOR.join(markers)

    return GROUP.sub(ordered, html)


def one_backlink(html: str) -> str:
    """Each run of back-links in the reference list becomes one link to the work's first
    citation in the page (by position, which is not always the first id python-markdown gave)."""
    def first_citation(key: str) -> str | None:
        found = re.search(f'<sup id="(fnref\\d*:{re.escape(key)})">', html)
        return found.group(1) if found else None

    def single(match: re.Match) -> str:
        key = BACKREF_KEY.search(match.group(0)).group(1)
        target = first_citation(key) or match.group(1)
        return (f'&#160;<a class="footnote-backref" href="#{target}" '
                f'title="Back to where this work is cited in the text">{BACK_TEXT}</a>')

    return BACKREFS.sub(single, html)


def readable_footnotes(html: str) -> str:
    return one_backlink(sorted_groups(html))
