"""Take-away references: BibTeX and RIS files of any set of entries, made at build time.

BibTeX is written by pybtex from the checked entries; RIS by rispy (a maintained RIS
library), from a mapping of our entry types and fields to RIS tags.
"""
from __future__ import annotations

import rispy
from pybtex.database import BibliographyData
from pybtex.database.output.bibtex import Writer

from .bibliography import Bibliography
from .latex_text import ESCAPED, RAW_FIELDS, plain_text

RIS_TYPES = {"article": "JOUR", "book": "BOOK", "incollection": "CHAP", "inproceedings": "CONF",
             "techreport": "RPRT", "misc": "ELEC"}
# Our own fields stay in the site's bibliography; a reader's reference manager needs none of them.
PROJECT_ONLY = ("verified", "evidence", "access", "status", "reading", "annotation")
# The ASCII characters pybtex's writer leaves as they are, alone and beside spaces (its LaTeX
# encoder puts a space or "\ " after a macro): asked of the writer, so a pybtex that escapes
# more is followed.
AS_WRITTEN = frozenset(c for c in map(chr, range(128))
                       if all(Writer()._encode(text) == text for text in (c, f"{c} {c}", f" {c}", f"{c}  ")))


# Read verbatim by BibTeX styles and biblatex (\url, \doi): "\%20" would put a backslash in the link.
VERBATIM_FIELDS = frozenset({"url", "doi"})
# references.bib may escape % & # _ ("R\&D") or write them bare ("R&D"); pybtex's encoder escapes
# them either way, so an escaped one is unescaped first or it comes out as "R\\&D", a line break.


class DownloadWriter(Writer):
    """pybtex's BibTeX writer for the downloads: links as written, and each LaTeX special
    character escaped once."""

    def _write_field(self, stream, type, value):
        if type.lower() in VERBATIM_FIELDS:
            stream.write(f",\n    {type} = {self.quote(value)}")
        else:
            super()._write_field(stream, type, value)

    def _encode(self, text):  # fields and names alike
        return super()._encode(ESCAPED.sub(r"\1", text))


class PlainTextWriter(DownloadWriter):
    """The downloads' writer, passing straight through the text pybtex's LaTeX encoder would
    give back unchanged: that encoder goes character by character, most of the downloads' time."""

    def _encode(self, text):
        return text if AS_WRITTEN.issuperset(text) else super()._encode(text)


class Exporter:
    """Writes each entry once per build, whatever the number of files it appears in."""

    def __init__(self, bib: Bibliography):
        self.bib = bib
        self.writer = PlainTextWriter()  # the class directly: to_string() would look the writer up each call
        self._bibtex: dict[str, str] = {}
        self._ris: dict[str, dict] = {}

    def bibtex(self, keys: list[str]) -> str:
        for key in keys:
            if key not in self._bibtex:
                entry = self.bib.data.entries[key]
                clean = type(entry)(entry.type, fields={k: v for k, v in entry.fields.items()
                                                        if k.lower() not in PROJECT_ONLY},
                                    persons=entry.persons)
                self._bibtex[key] = self.writer.to_string(BibliographyData(entries={key: clean}))
        return "".join(self._bibtex[key] for key in keys)

    def ris(self, keys: list[str]) -> str:
        for key in keys:
            if key not in self._ris:
                self._ris[key] = ris_record(self.bib, key)
        return rispy.dumps([self._ris[key] for key in keys])


def ris_record(bib: Bibliography, key: str) -> dict:
    entry = bib.entries[key]
    fields = entry.fields
    record: dict = {"type_of_reference": RIS_TYPES.get(entry.type, "GEN"), "id": key}
    if "author" in entry.persons:
        record["authors"] = [plain_text(name) for name in entry.persons["author"]]
    if "editor" in entry.persons:
        record["secondary_authors"] = [plain_text(name) for name in entry.persons["editor"]]
    record["title"] = plain_text(fields.get("title", ""))
    container = fields.get("journal") or fields.get("booktitle")
    if container:
        record["secondary_title"] = plain_text(container)
    simple = {"year": "year", "volume": "volume", "number": "number", "doi": "doi",
              "publisher": "publisher", "isbn": "issn", "edition": "edition", "institution": "publisher"}
    for field_name, ris_name in simple.items():
        if field_name in fields:  # identifiers as written: "--" in a DOI is two hyphens, not a dash
            value = fields[field_name]
            record[ris_name] = value if field_name in RAW_FIELDS else plain_text(value)
    if "pages" in fields:
        start, _, end = fields["pages"].replace("--", "-").partition("-")
        record["start_page"] = start.strip()
        if end:
            record["end_page"] = end.strip()
    urls = [fields["url"]] if "url" in fields else []
    if "doi" in fields:
        urls.append("https://doi.org/" + fields["doi"])
    if urls:
        record["urls"] = urls
    return record

