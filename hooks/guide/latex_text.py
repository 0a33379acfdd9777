"""LaTeX in bibliography fields, as the Unicode text a reader sees in a page or a RIS file.

BibTeX fields may spell characters the LaTeX way (``M{\\"u}ller``, ``\\textbf{x}``, ``--``);
pylatexenc turns them into Unicode ("Müller", "x", "–"). The BibTeX downloads keep the
LaTeX, which is what BibTeX tools expect there.
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

from pybtex.database import Entry, Person
from pylatexenc.latex2text import LatexNodes2Text

# Identifiers, dates and the project's own fields are data, not text: never converted.
RAW_FIELDS = frozenset({"doi", "url", "isbn", "pmid", "year", "urldate", "pages", "verified",
                        "evidence", "access", "status", "reading"})
# Data the APA style prints as text: its LaTeX dashes ("1--10") become en dashes, read by the
# LaTeX decoder pybtex itself reads fields with.
PRINTED_DATA = frozenset({"pages"})
# Without any of these a value reads the same in LaTeX and in Unicode (braces aside, which
# pybtex and the RIS writer handle), and the converter, at a fraction of a millisecond a
# call, is skipped: a large bibliography is mostly such values.
NEEDS_CONVERSION = re.compile(r"[\\$~]|--|``|''|[?!]`")
# BibTeX users write these bare; to LaTeX they are a comment, a table cell and so on.
LITERAL = re.compile(r"(?<!\\)([%&#_])")
# The same characters written escaped, as LaTeX wants them ("R\&D").
ESCAPED = re.compile(r"(?<!\\)\\([%&#_])")
SPACES = re.compile(r"[ \t\n]+")
NOT_CONVERTED = re.compile(r"[\\{}]")

_converter = LatexNodes2Text()


@lru_cache(maxsize=65536)
def to_unicode(value: str) -> str:
    """The value as Unicode text; a value without LaTeX comes back as it is."""
    if not NEEDS_CONVERSION.search(value):
        return value
    text = _converter.latex_to_text(LITERAL.sub(r"\\\1", value))
    return SPACES.sub(" ", text).strip()


def plain_text(value: str) -> str:
    """A field as a reader sees it: its LaTeX as Unicode, without BibTeX's protective braces,
    which mean nothing outside BibTeX."""
    return to_unicode(value).replace("{", "").replace("}", "")


def latex_problem(name: str, value: str) -> str | None:
    """Why a field's LaTeX would not reach readers as plain text, or None."""
    if name in RAW_FIELDS or "\\" not in value:
        return None
    text = to_unicode(value)
    if match := NOT_CONVERTED.search(text):
        return (f"field '{name}' still reads {match.group()!r} once its LaTeX is turned into text "
                f"({text[:60]!r}); write the character itself, e.g. ü rather than {{\\\"u}}")
    return None


def unicode_person(person: Person) -> Person:
    converted = Person()
    for part in ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names"):
        setattr(converted, part, [to_unicode(name) for name in getattr(person, part)])
    return converted


def _field_text(name: str, value: str) -> str:
    if name in PRINTED_DATA:
        return codecs.decode(value, "ulatex")
    return value if name in RAW_FIELDS else to_unicode(value)


def unicode_entry(entry: Entry) -> Entry:
    """A copy of a pybtex entry with every text field and name in Unicode."""
    fields = {name: _field_text(name.lower(), value) for name, value in entry.fields.items()}
    persons = {role: [unicode_person(p) for p in people] for role, people in entry.persons.items()}
    return Entry(entry.type, fields=fields, persons=persons)
