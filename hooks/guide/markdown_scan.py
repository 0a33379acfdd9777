"""Read a Markdown page the way the checks need it: front matter, citations, claim units.

Code (fenced blocks and inline spans) and HTML comments are blanked out before anything
else is read, keeping every character's line, so nothing inside them counts as a citation
or a claim and every problem still points at the right line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import front_matter

FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
# An inline code span may wrap onto the next line but never crosses a blank line: a stray
# backtick in one paragraph must not hide the paragraphs after it.
INLINE_CODE = re.compile(r"(`+)(?:(?!\1)(?:[^\n]|\n(?![ \t]*\n)))+?\1")
# As a browser reads comments: "<!-->" and "<!--->" are whole (empty) comments, "--!>" also
# closes one, and one never closed runs to the end of the page.
HTML_COMMENT = re.compile(r"<!--(?:>|->|.*?(?:--!?>|\Z))", re.DOTALL)
# Anything in square brackets that mentions @something (not an e-mail address) is meant as a
# citation, and must then be exactly [@key] or [@key; @key].
# A citation may wrap onto the next line, but not across a blank line.
_IN_BRACKETS = r"(?:[^\[\]\n]|\n(?![ \t]*\n))"
CITATION_LIKE = re.compile(rf"\[{_IN_BRACKETS}*?(?<![\w.])@[A-Za-z0-9]{_IN_BRACKETS}*\](?!\()")
CITATION_GROUP = re.compile(r"^\[@([\w:-]+)((?:\s*;\s*@[\w:-]+)*)\]$")
CITED_KEY = re.compile(r"@([\w:-]+)")
MANUAL_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
EDITORIAL = re.compile(r"\{:?\s*\.editorial\s*\}")

HEADING = re.compile(r"^#{1,6}(\s|$)")
LIST_ITEM = re.compile(r"^([-*+]|\d{1,3}[.)])\s+")
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
ATTR_LIST_ONLY = re.compile(r"^\{:?[^{}]*\}$")
NOT_PROSE = (
    re.compile(r"^\*\[[^\]]+\]:"),  # abbreviation definition
    re.compile(r"^\[[^\]^@]+\]:\s"),  # link reference definition
    re.compile(r"^(!!!|\?\?\?\+?)\s"),  # admonition opener (its body is read as prose)
    re.compile(r"^</?[A-Za-z][^>]*>$"),  # a line that is one HTML tag
    re.compile(r"^-{3,}$|^\*{3,}$|^_{3,}$"),  # horizontal rule
    re.compile(r"^-{2}8<-{2}"),  # snippet include
)
ADMONITION_TITLE = re.compile(r"""^(?:!!!|\?\?\?\+?)\s+[\w -]*?(?:"(.*)"|'(.*)')\s*$""")
ABBREVIATION = re.compile(r"^\*\[[^\]]+\]:\s*(.*)$")


@dataclass
class Citation:
    key: str
    line: int


@dataclass
class Unit:
    """A claim unit: a paragraph, list item, table body row or blockquote."""

    kind: str
    line: int
    text: str
    editorial: bool = False


@dataclass
class ScannedPage:
    meta: dict
    body: str  # the Markdown after the front matter, as the site generator receives it
    masked: str  # body with code and comments blanked
    first_body_line: int
    citations: list[Citation] = field(default_factory=list)
    bad_citations: list[tuple[int, str]] = field(default_factory=list)
    manual_footnotes: list[tuple[int, str]] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    labels: list[Unit] = field(default_factory=list)  # headings, box titles, table headers, abbreviations
    code_citation_count: int = 0
    front_matter_problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def split_front_matter(text: str) -> tuple[dict, str, int, list[tuple[int, str]]]:
    """Return (meta, body, line number where the body starts, (line, message) problems).

    ``meta`` holds only the fields that pass the front-matter schema (front_matter.py)."""
    if not text.startswith("---\n"):
        return {}, text, 1, [(1, "front matter: a page must start with front matter between --- lines"
                                 " (see CONTRIBUTING.md, page templates)")]
    end = text.find("\n---\n", 3)
    if end == -1:
        return {}, text, 1, [(1, "front matter opened with --- is never closed with ---")]
    raw = text[4:end]
    body = text[end + 5:]
    first_body_line = raw.count("\n") + 4
    meta, problems = front_matter.check(raw, first_line=2)
    return meta, body, first_body_line, problems


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def mask_code(body: str) -> str:
    """Blank fenced code, inline code and HTML comments, keeping lengths and line breaks."""
    lines = body.splitlines(keepends=True)
    out, fence = [], None
    for line in lines:
        match = FENCE.match(line)
        if fence is None and match:
            fence = match.group(1)
            out.append(_blank(line))
        elif fence is not None:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(_blank(line))
        else:
            out.append(line)
    masked = INLINE_CODE.sub(lambda m: _blank(m.group(0)), "".join(out))
    return mask_comments(masked)


def mask_comments(text: str) -> str:
    return HTML_COMMENT.sub(lambda m: _blank(m.group(0)), text)


def scan(text: str) -> ScannedPage:
    meta, body, first_line, meta_problems = split_front_matter(text)
    masked = mask_code(body)
    page = ScannedPage(meta=meta, body=body, masked=masked, first_body_line=first_line,
                       front_matter_problems=meta_problems)
    offset = first_line - 1
    for match in CITATION_LIKE.finditer(masked):
        line = offset + masked.count("\n", 0, match.start()) + 1
        group = CITATION_GROUP.match(match.group(0))
        if group is None:
            page.bad_citations.append((line, match.group(0)))
            continue
        page.citations.extend(Citation(key, line) for key in CITED_KEY.findall(match.group(0)))
    for match in MANUAL_FOOTNOTE.finditer(masked):
        line = offset + masked.count("\n", 0, match.start()) + 1
        page.manual_footnotes.append((line, match.group(0)))
    page.code_citation_count = count_citations(mask_comments(body)) - count_citations(masked)
    page.units = claim_units(masked, offset)
    page.labels = labels(masked, offset)
    return page


def count_citations(text: str) -> int:
    """Cited keys in well-formed citation groups, wherever they stand."""
    return sum(len(CITED_KEY.findall(m.group(0))) for m in CITATION_LIKE.finditer(text)
               if CITATION_GROUP.match(m.group(0)))


def labels(masked: str, line_offset: int = 0) -> list[Unit]:
    """Short texts a reader sees that are not prose: headings, admonition and collapsible
    titles, table header rows, abbreviation explanations (shown on hover). They state no
    finding unless they cite it."""
    found: list[Unit] = []
    lines = masked.splitlines()
    for index, raw in enumerate(lines):
        number, stripped = line_offset + index + 1, raw.strip()
        if HEADING.match(stripped):
            found.append(Unit("heading", number, re.sub(r"\s*\{[^{}]*\}\s*$", "", stripped.lstrip("#")).strip()))
        elif match := ADMONITION_TITLE.match(stripped):
            found.append(Unit("box title", number, match.group(1) or match.group(2) or ""))
        elif match := ABBREVIATION.match(stripped):
            found.append(Unit("abbreviation", number, match.group(1)))
        elif (stripped.startswith("|") and index + 1 < len(lines)
              and TABLE_SEPARATOR.match(lines[index + 1].strip())
              and not (index and lines[index - 1].strip().startswith("|"))):
            found.append(Unit("table header", number, stripped))
    return found


def claim_units(masked: str, line_offset: int = 0) -> list[Unit]:
    units: list[Unit] = []
    current: Unit | None = None
    table: list[tuple[int, str]] = []

    def close() -> None:
        nonlocal current
        if current is not None and current.text.strip():
            current.editorial = bool(EDITORIAL.search(current.text))
            units.append(current)
        current = None

    def flush_table() -> None:
        # the first row is the header, the second the separator; every later row is a claim
        if len(table) >= 2 and TABLE_SEPARATOR.match(table[1][1]):
            body_rows = table[2:]
        else:
            body_rows = table
        for number, row in body_rows:
            units.append(Unit("table row", number, row, bool(EDITORIAL.search(row))))
        table.clear()

    for index, raw in enumerate(masked.splitlines()):
        number = line_offset + index + 1
        stripped = raw.strip()
        if table and not stripped.startswith("|"):
            flush_table()
        if not stripped:
            close()
            continue
        if stripped.startswith("|"):
            close()
            table.append((number, stripped))
            continue
        if HEADING.match(stripped) or any(p.match(stripped) for p in NOT_PROSE):
            close()
            continue
        if ATTR_LIST_ONLY.match(stripped):
            if current is not None:
                current.text += " " + stripped
            close()
            continue
        if stripped.startswith(">"):
            text = stripped.lstrip("> ").strip()
            if current is None or current.kind != "blockquote":
                close()
                current = Unit("blockquote", number, "")
            current.text += " " + text
            continue
        if LIST_ITEM.match(stripped):
            close()
            current = Unit("list item", number, LIST_ITEM.sub("", stripped))
            continue
        if current is None:
            current = Unit("paragraph", number, stripped)
        else:
            current.text += " " + stripped
    if table:
        flush_table()
    close()
    return units
