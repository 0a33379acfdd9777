"""Read ``references.bib`` strictly and check every entry against the site's rules.

The scanner splits the file into entries itself, so every problem carries a line number and
one bad entry does not hide the problems of the others. pybtex then parses the entries; the
result keeps both the checked entries and the pybtex data used to format references.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import Parser
import pybtex.errors

from .evidence_levels import LEVELS
from .identifiers import doi_problem, isbn_problem, pmid_problem, url_problem
from .latex_text import latex_problem
from .problem import Problem
from .sources import read_text

# pybtex only warns on many malformed inputs unless strict; here every defect is an error.
pybtex.errors.set_strict_mode(True)

KEY_FORMAT = re.compile(r"^[a-z]+([0-9]{4}|nd)[a-z]+$")
KEY_FORMAT_HELP = "firstauthorYEARword in lowercase ASCII, e.g. blood2001intensely (see CONTRIBUTING.md)"
ENTRY_START = re.compile(r"^[ \t]*@([A-Za-z]+)[ \t]*\{", re.MULTILINE)
BRACE = re.compile(r"[{}]")
FIELD_START = re.compile(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=", re.MULTILINE)
VERIFIED = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}; \S.{9,}$", re.DOTALL)
YEAR = re.compile(r"^([0-9]{4}|n\.d\.)$")  # ASCII digits only: \d would let full-width ones through
# Control characters (NUL, ESC, ...) and the invisible direction overrides that can make text
# read differently from what it is; tabs and line breaks are ordinary BibTeX whitespace.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
FIELD_MAX = 2000  # characters in any one field (the longest verified record is about 600)

REQUIRED_FIELDS = {
    "article": ("author", "title", "journal", "year"),
    "book": ("title", "publisher", "year"),  # plus author or editor
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "misc": ("author", "title", "year", "urldate"),
}
# The persistent identifier each type must carry, in order of preference.
IDENTIFIERS = {
    "article": ("doi", "pmid"),
    "book": ("isbn",),
    "incollection": ("doi", "isbn"),
    "inproceedings": ("doi", "isbn", "url"),
    "techreport": ("doi", "isbn", "url"),
    "misc": ("url",),
}
PROJECT_FIELDS = ("evidence", "verified", "access")
ACCESS_VALUES = ("open", "closed")
STATUS_VALUES = ("current", "retired")
READING_LEVELS = ("introductory", "intermediate", "advanced")  # the educators' reading lists
# Why to read a work on a reading list: plain sentences, shown escaped under the reference.
# An allowlist of characters, so no markup (Markdown, HTML, LaTeX braces or commands) gets in.
ANNOTATION_FIELD = "annotation"
ANNOTATION_TEXT = re.compile(r"^[\w\s.,;:!?'’\"“”()%&/+–—-]+$")
ANNOTATION_LENGTH = (40, 400)  # characters: enough for one clear sentence, no more than two
ANNOTATION_SENTENCES = 2
IDENTIFIER_CHECKS = {"doi": doi_problem, "url": url_problem, "isbn": isbn_problem, "pmid": pmid_problem}


@dataclass
class Entry:
    key: str
    type: str
    line: int
    fields: dict[str, str]
    field_lines: dict[str, int]
    persons: dict[str, list[str]]

    def line_of(self, name: str) -> int:
        return self.field_lines.get(name, self.line)

    @property
    def retired(self) -> bool:
        return self.fields.get("status") == "retired"


@dataclass
class Bibliography:
    path: str
    entries: dict[str, Entry] = field(default_factory=dict)
    data: BibliographyData = field(default_factory=BibliographyData)
    problems: list[Problem] = field(default_factory=list)
    empty: bool = False  # the file holds no entries at all (reported once, as bib-empty)
    _folded: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def folded_keys(self) -> dict[str, str]:
        """Lower-cased key -> the key as written, to suggest the right case (built once)."""
        if self._folded is None or len(self._folded) != len(self.entries):
            self._folded = {k.lower(): k for k in self.entries}
        return self._folded


@dataclass
class _Chunk:
    type: str
    key: str
    line: int
    text: str


def load(path: str | Path, display_root: Path | None = None) -> Bibliography:
    """Read and check a .bib file; problems name it relative to ``display_root`` if given."""
    path = Path(path).resolve()
    shown = path.relative_to(display_root).as_posix() if display_root and path.is_relative_to(display_root) else str(path)
    text, problem = read_text(path, shown)
    if problem:
        bib = Bibliography(shown)
        bib.problems.append(problem)
        return bib
    return parse(text, shown)


def parse(text: str, path: str = "references.bib") -> Bibliography:
    bib = Bibliography(path)
    lines = _Lines(text)
    bib.problems += _control_characters(text, path, lines)
    chunks = _split(text, path, bib.problems, lines)
    if not chunks and not bib.problems:
        bib.empty = True
        bib.problems.append(Problem(path, 1, "bib-empty",
                                    f"{path} holds no entries, so no citation can resolve; add the "
                                    "entries the pages cite (see CONTRIBUTING.md, adding a study)"))
    _check_keys(chunks, path, bib.problems)
    for chunk in chunks:
        entry, data = _parse_chunk(chunk, path, bib.problems)
        if entry is None or entry.key in bib.entries:
            continue
        bib.entries[entry.key] = entry
        bib.data.entries[entry.key] = data
        bib.problems.extend(check_entry(entry, path))
    return bib


def _control_characters(text: str, path: str, lines: _Lines) -> list[Problem]:
    problems, last_line = [], 0
    for match in CONTROL.finditer(text):
        line = lines.at(match.start())
        if line != last_line:  # one report a line is enough to find them
            problems.append(Problem(path, line, "bib-control",
                                    f"control character U+{ord(match.group()):04X} in the text; delete it "
                                    "(it is invisible, or breaks the page and the downloads)"))
            last_line = line
    return problems


def _line_at(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


class _Lines:
    """Line numbers of offsets in one text: counting from the start each time is quadratic."""

    def __init__(self, text: str):
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def _split(text: str, path: str, problems: list[Problem], lines: _Lines) -> list[_Chunk]:
    """Cut the file into entries by brace matching, reporting structure errors with lines."""
    starts = list(ENTRY_START.finditer(text))
    chunks: list[_Chunk] = []
    previous_end = 0
    for i, match in enumerate(starts):
        _report_stray_text(text, previous_end, match.start(), path, problems, lines)
        limit = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        line = lines.at(match.start())
        depth, pos = 1, match.end()
        for brace in BRACE.finditer(text, pos, limit):  # only the braces, not every character
            depth += 1 if brace.group() == "{" else -1
            if not depth:
                pos = brace.end()
                break
        entry_type = match.group(1).lower()
        header = re.match(r"\s*([^,\s{}]*)", text[match.end():limit])
        key = header.group(1) if header else ""
        if depth:
            where = (f"before the next entry at line {lines.at(limit)}" if limit < len(text)
                     else "before the end of the file (premature end of file)")
            problems.append(Problem(path, line, "bib-syntax",
                                    f"entry '{key}' has an unbalanced brace: it is not closed {where}; "
                                    "close every { with }"))
            previous_end = limit
            continue
        previous_end = pos
        if entry_type == "comment":
            continue
        if entry_type in ("string", "preamble"):
            problems.append(Problem(path, line, "bib-syntax",
                                    f"@{entry_type} is not supported; write values out in each entry"))
            continue
        chunks.append(_Chunk(entry_type, key, line, text[match.start():pos]))
    _report_stray_text(text, previous_end, len(text), path, problems, lines)
    return chunks


def _report_stray_text(text: str, start: int, end: int, path: str, problems: list[Problem], lines: _Lines) -> None:
    stray = text[start:end]
    for offset, line_text in _non_blank_lines(stray):
        if line_text.lstrip().startswith("%"):
            continue
        problems.append(Problem(path, lines.at(start + offset), "bib-syntax",
                                f"text outside any entry: {line_text.strip()[:60]!r}; "
                                "a brace closed an entry too early, or a line is misplaced"))
        return  # one report per stretch of stray text is enough to find it


def _non_blank_lines(text: str):
    offset = 0
    for line_text in text.splitlines(keepends=True):
        if line_text.strip():
            yield offset, line_text
        offset += len(line_text)


def _check_keys(chunks: list[_Chunk], path: str, problems: list[Problem]) -> None:
    seen: dict[str, _Chunk] = {}
    for chunk in chunks:
        folded = chunk.key.lower()
        if folded in seen:
            first = seen[folded]
            same = "the same key" if first.key == chunk.key else f"a key differing only in case ('{first.key}')"
            problems.append(Problem(path, chunk.line, "bib-duplicate-key",
                                    f"'{chunk.key}' repeats {same} first defined at line {first.line}; "
                                    "merge the two entries or rename one"))
        else:
            seen[folded] = chunk
        if not KEY_FORMAT.match(chunk.key):
            problems.append(Problem(path, chunk.line, "bib-key-format",
                                    f"key '{chunk.key}' does not follow the key format: {KEY_FORMAT_HELP}"))


def _parse_chunk(chunk: _Chunk, path: str, problems: list[Problem]):
    try:
        # a Parser of its own per entry: entries are checked apart, and calling the class
        # directly skips pybtex's plugin lookup, which costs more than the parse itself
        data = Parser().parse_string(chunk.text)
    except Exception as err:  # pybtex raises several unrelated error classes
        lineno = getattr(err, "lineno", None) or 1
        message = " ".join(str(err).split())
        problems.append(Problem(path, chunk.line + lineno - 1, "bib-syntax",
                                f"entry '{chunk.key}' cannot be parsed: {message}"))
        return None, None
    (key, data_entry), = data.entries.items()
    field_lines = {}
    for match in FIELD_START.finditer(chunk.text):
        field_lines.setdefault(match.group(1).lower(), chunk.line + _line_at(chunk.text, match.start()) - 1)
    entry = Entry(
        key=key,
        type=data_entry.type.lower(),
        line=chunk.line,
        fields={name.lower(): str(value) for name, value in data_entry.fields.items()},
        field_lines=field_lines,
        persons={role.lower(): [str(p) for p in people] for role, people in data_entry.persons.items()},
    )
    return entry, data_entry


def check_entry(entry: Entry, path: str) -> list[Problem]:
    """Every rule that concerns one entry on its own."""
    problems: list[Problem] = []

    def report(rule: str, field_name: str | None, message: str) -> None:
        line = entry.line_of(field_name) if field_name else entry.line
        problems.append(Problem(path, line, rule, f"{entry.key}: {message}"))

    required = REQUIRED_FIELDS.get(entry.type)
    if required is None:
        report("bib-entry-type", None,
               f"@{entry.type} is not a supported type; use one of {', '.join('@' + t for t in REQUIRED_FIELDS)}")
        return problems
    present = set(entry.fields) | set(entry.persons)
    for name in required:
        if name not in present:
            report("bib-required-field", None, f"@{entry.type} needs a '{name}' field")
    if entry.type == "book" and not {"author", "editor"} & present:
        report("bib-required-field", None, "@book needs an 'author' or an 'editor'")
    for name in PROJECT_FIELDS:
        if name not in entry.fields:
            report("bib-required-field", None, f"every entry needs an '{name}' field (see CONTRIBUTING.md)")
    for name in required + PROJECT_FIELDS:
        if name in entry.fields and not entry.fields[name].strip():
            report("bib-required-field", name, f"field '{name}' is empty; fill it in")

    for name, value in entry.fields.items():
        if len(value) > FIELD_MAX:
            report("bib-field-size", name, f"field '{name}' is {len(value)} characters long; the limit is "
                                           f"{FIELD_MAX} (README, The rules): shorten it")
        elif message := latex_problem(name, value):
            report("bib-latex", name, message)
    for role, people in entry.persons.items():
        if sum(len(person) + 5 for person in people) > FIELD_MAX:
            report("bib-field-size", role, f"field '{role}' is longer than {FIELD_MAX} characters; "
                                           "end a long author list with 'and others'")

    for name, value in entry.fields.items():
        if "<" in value or ">" in value:
            report("bib-markup", name, f"field '{name}' holds '<' or '>'; no HTML in the bibliography")
        if "javascript:" in value.lower():
            report("bib-markup", name, f"field '{name}' holds 'javascript:'; remove it")
    for name, check in IDENTIFIER_CHECKS.items():
        if name in entry.fields and (message := check(entry.fields[name])):
            report(f"bib-{name}", name, message)
    wanted = IDENTIFIERS[entry.type]
    if not any(name in entry.fields for name in wanted):
        report("bib-identifier", None,
               f"@{entry.type} needs a persistent identifier: {' or '.join(wanted)}")
    if "year" in entry.fields and not YEAR.match(entry.fields["year"]):
        report("bib-year", "year", f"year {entry.fields['year']!r} must be four ASCII digits (0-9) or n.d.")

    evidence = entry.fields.get("evidence")
    if evidence is not None and evidence not in LEVELS:
        report("bib-evidence", "evidence",
               f"evidence {evidence!r} is not a level of the taxonomy; use one of {', '.join(LEVELS)}")
    verified = entry.fields.get("verified")
    if verified is not None and not VERIFIED.match(verified):
        report("bib-verified", "verified",
               "verified must read 'YYYY-MM-DD; what you checked it against', "
               "e.g. '2026-11-25; PubMed record and publisher page: authors, title, DOI match'")
    access = entry.fields.get("access")
    if access is not None and access not in ACCESS_VALUES:
        report("bib-access", "access", f"access {access!r} must be one of {', '.join(ACCESS_VALUES)}")
    reading = entry.fields.get("reading")
    if reading is not None and reading not in READING_LEVELS:
        report("bib-reading", "reading", f"reading {reading!r} must be one of {', '.join(READING_LEVELS)}")
    _check_annotation(entry, report)
    status = entry.fields.get("status", "current")
    if status not in STATUS_VALUES:
        report("bib-status", "status", f"status {status!r} must be one of {', '.join(STATUS_VALUES)}")
    return problems


def _check_annotation(entry: Entry, report) -> None:
    """A work on a reading list says why to read it; an annotation shows only on a reading list."""
    text = entry.fields.get(ANNOTATION_FIELD)
    if text is None:
        if "reading" in entry.fields:
            report("bib-annotation", "reading",
                   "a work on a reading list needs an 'annotation' field: one or two plain sentences "
                   "saying what the work is and why a student should read it")
        return
    text = " ".join(text.split())
    if "reading" not in entry.fields:
        report("bib-annotation", ANNOTATION_FIELD,
               "an annotation shows only on a reading list: add a 'reading' level or remove the annotation")
    low, high = ANNOTATION_LENGTH
    if not low <= len(text) <= high:
        report("bib-annotation", ANNOTATION_FIELD,
               f"the annotation has {len(text)} characters; write {low} to {high}")
    if not ANNOTATION_TEXT.match(text):
        odd = sorted({c for c in text if not ANNOTATION_TEXT.match(c)})
        report("bib-annotation", ANNOTATION_FIELD,
               f"the annotation holds {' '.join(repr(c) for c in odd)}; write plain text "
               "(letters, digits, ordinary punctuation), no markup")
    count = len(re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(])", text))
    if count > ANNOTATION_SENTENCES:
        report("bib-annotation", ANNOTATION_FIELD,
               f"the annotation has {count} sentences; say why to read the work in one or two")
