"""Format bibliography entries in APA 7, once per entry per build (or once per edit of the entry,
with a ``FormattedStore``).

pybtex-apa7-style does the formatting; a small subclass adapts it to this site: titles print
as stored (the bibliography keeps them in sentence case with proper nouns intact, which the
stock style would lower-case), DOIs print as https://doi.org/ links as APA 7 asks, and a
PubMed ID is read from the ``pmid`` field. Each reference formatted is read back and must show
the entry's title, first author, journal (publisher, institution) and year (bib-format).
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path

from pybtex.backends.html import Backend as HtmlBackend
from pybtex.markup import LaTeXParser
from pybtex.richtext import Text
from pybtex.plugin import find_plugin
from pybtex.style.formatting import toplevel
from pybtex.style.template import field, first_of, href, join, optional, optional_field, sentence, tag
from selectolax.lexbor import LexborHTMLParser

from .bibliography import Bibliography
from .evidence_levels import LEVELS
from . import latex_text
from .latex_text import plain_text, unicode_entry
from .problem import Problem

APAStyle = find_plugin("pybtex.style.formatting", "apa7")
DOI_RESOLVER = "https://doi.org/"
EDITION = re.compile(r"</em>\. (\d+(?:st|nd|rd|th)) ed\.")
# pybtex takes a few milliseconds an entry; from this many entries on, formatting them on every
# core repays the cost of starting the worker processes.
PARALLEL_FROM = 400
_worker: "ReferenceFormatter | None" = None  # the formatter a forked worker process uses


class SiteAPAStyle(APAStyle):
    def get_article_template(self, e):
        # As the stock template, except that a journal article never gets "p." before its pages
        # or article number (APA 7): "Cochrane Database of Systematic Reviews, CD004381".
        volume_and_pages = first_of[
            optional[join[self.format_volume(e, for_article=True), optional[", ", field("pages")]]],
            optional[field("pages")],
        ]
        if "author" in e.persons:
            head = [self.format_names("author"), self.format_date(e), self.format_title(e, "title")]
        else:
            head = [self.format_title(e, "title"), self.format_date(e)]
        return toplevel[tuple(head + [
            sentence[tag("em")[field("journal")], optional[volume_and_pages]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ])]

    def format_title(self, e, which_field, as_sentence=True):
        title = field(which_field)
        return sentence[title] if as_sentence else title

    def format_doi(self, e):
        link = join[DOI_RESOLVER, field("doi", raw=True)]
        return href(link)[link]

    def format_web_refs(self, e):
        refs = []
        if "url" in e.fields and e.fields["url"] != DOI_RESOLVER + e.fields.get("doi", ""):
            refs.append(optional[href(field("url", raw=True))[field("url", raw=True)]])
        if "pmid" in e.fields and "doi" not in e.fields:
            pubmed = join["https://pubmed.ncbi.nlm.nih.gov/", field("pmid", raw=True), "/"]
            refs.append(href(pubmed)[pubmed])
        refs.append(optional[self.format_doi(e)])
        return sentence(add_period=False)[refs]


@contextmanager
def fields_read_as_text():
    """While pybtex formats, it reads each field and name as text with braces, not as LaTeX.

    pybtex reads every field and name part as LaTeX (Text.from_latex: a LaTeX decoder, then
    braces as protected text). The entries formatted here are already text (unicode_entry):
    decoded a second time, a "%" began a comment and "50% of wards" printed as "50.", and the
    decoder took a third of the formatting time. Braces are still read as pybtex reads them."""
    read_as_latex = Text.__dict__["from_latex"]
    Text.from_latex = classmethod(lambda cls, text: LaTeXParser(text).parse())
    try:
        yield
    finally:
        Text.from_latex = read_as_latex


# What the bib-format check names when a formatted reference does not show a field.
SHOWN = {"title": "the whole title", "author": "its first author", "editor": "its first editor", "year": "its year",
         "journal": "its journal", "publisher": "its publisher", "institution": "its institution"}
# Where a work of each type appeared, which its APA reference always prints.
CONTAINER = {"article": "journal", "book": "publisher", "techreport": "institution"}


def _as_read(latex: str) -> str:
    """A field as a reader sees it, spaces run together as the rendered page runs them."""
    return " ".join(plain_text(latex).split())


# What formatted output depends on besides the entry: the code of this module and of the LaTeX
# conversion, and the formatters' versions.
STYLE_VERSION = hashlib.sha256(Path(__file__).read_bytes() + Path(latex_text.__file__).read_bytes() + "".join(
    metadata.version(name) for name in ("pybtex", "pybtex-apa7-style")).encode()).hexdigest()[:16]


def entry_digest(key: str, entry) -> str:
    """A digest of everything pybtex formats from a parsed entry, and of the style."""
    persons = {role: [[p.first_names, p.middle_names, p.prelast_names, p.last_names, p.lineage_names]
                      for p in people] for role, people in entry.persons.items()}
    text = json.dumps([STYLE_VERSION, key, entry.type, list(entry.fields.items()), persons])
    return hashlib.sha256(text.encode()).hexdigest()


class FormattedStore:
    """Formatted references kept from one build to the next: in memory across `mkdocs serve`
    rebuilds, and in a file (under .cache/, not in git) for the next run. An edited entry, or a
    change to the style, gives a new digest and is formatted afresh."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self.known: dict[str, str] = {}
        self.changed = False
        if path is not None and path.is_file():
            try:
                self.known = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):  # a damaged cache is only a slower build
                self.known = {}

    def save(self) -> None:
        if self.path is None or not self.changed:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(self.known), encoding="utf-8")
        os.replace(temporary, self.path)  # whole or not at all, even with two builds at once
        self.changed = False


class ReferenceFormatter:
    """Formats each entry the first time it is asked for, then serves it from a cache
    (and from ``store``, formatted references kept from earlier builds, when given)."""

    def __init__(self, bib: Bibliography, store: FormattedStore | None = None):
        self.bib = bib
        self.style = SiteAPAStyle()
        self.backend = HtmlBackend()
        self.store = store
        self._cache: dict[str, str] = {}
        self.formatted_count = 0  # how many times pybtex ran: once per entry, whatever the citations

    def html(self, key: str) -> str:
        """The APA 7 reference as an HTML fragment (raises pybtex's FieldIsMissing on a gap)."""
        if key not in self._cache and not self._recall(key):
            self._keep(key, self._render(key))
        return self._cache[key]

    def _recall(self, key: str) -> bool:
        if self.store is None:
            return False
        html = self.store.known.get(entry_digest(key, self.bib.data.entries[key]))
        if html is not None:
            self._cache[key] = html
        return html is not None

    def _keep(self, key: str, html: str) -> None:
        self._cache[key] = html
        self.formatted_count += 1
        if self.store is not None:
            self.store.known[entry_digest(key, self.bib.data.entries[key])] = html
            self.store.changed = True

    def _render(self, key: str) -> str:
        # LaTeX becomes Unicode first: pybtex alone keeps macros such as \textbf as text
        with fields_read_as_text():
            rich = self.style.format_entry(key, unicode_entry(self.bib.data.entries[key])).text
        text = " ".join(rich.render(self.backend).split())
        # Two places where pybtex-apa7-style departs from APA 7, mended on its output:
        # an author list ending in "and others" reads "et al.", and an edition is bracketed.
        text = text.replace(", &amp; others.", ", et al.")
        return EDITION.sub(r"</em> (\1 ed.).", text)

    def format_all(self, keys: list[str], parallel: bool = True) -> list[Problem]:
        """Format many entries up front: on every core for a large bibliography (forked
        workers share the parsed bibliography, so nothing is copied to them). Returns one
        problem per entry pybtex cannot format (the checks should have refused it already, so
        this is the last guard before a traceback), and one per reference that does not show
        its whole title, first author, journal (publisher, institution) or year, which is then
        not kept."""
        todo = [key for key in keys if key not in self._cache and not self._recall(key)]
        cores = os.cpu_count() or 1
        if parallel and len(todo) >= PARALLEL_FROM and cores > 1 and "fork" in multiprocessing.get_all_start_methods():
            global _worker
            _worker = self
            with multiprocessing.get_context("fork").Pool(cores) as pool:
                rendered = pool.map(_render_in_worker, todo, chunksize=max(1, len(todo) // (cores * 4)))
        else:
            rendered = [_render_in_worker(key, self) for key in todo]
        problems = []
        for key, (html, error) in zip(todo, rendered):
            entry = self.bib.entries[key]
            if error is None and (missing := self.not_shown(key, html)) is None:
                self._keep(key, html)
            elif error is None:
                field_name, text = missing
                problems.append(Problem(self.bib.path, entry.line_of(field_name), "bib-format",
                                        f"{key}: the formatted reference does not show {SHOWN[field_name]} "
                                        f"{text[:80]!r}: a character in it was read as markup; write that "
                                        "character as plain text, or report the entry as a formatting bug"))
            else:
                problems.append(Problem(self.bib.path, entry.line, "bib-format",
                                        f"{key}: the APA style cannot format this entry ({error}); "
                                        "fill in the field it names"))
        return problems

    def not_shown(self, key: str, html: str) -> tuple[str, str] | None:
        """(field, its text) for the first of the title, the first author's surname, where the
        work appeared and the year that the formatted reference does not show as a reader should
        see it: formatting has dropped text silently before ("50% of wards" printed as "50.")."""
        entry = self.bib.data.entries[key]
        shown = " ".join(LexborHTMLParser(html).body.text().split())
        role = "author" if entry.persons.get("author") else "editor"
        people = entry.persons.get(role, [])
        wanted = [("title", _as_read(entry.fields.get("title", "")), "{}")]
        if people:
            wanted.append((role, _as_read(" ".join(people[0].prelast_names + people[0].last_names)), "{}"))
        container = CONTAINER.get(entry.type.lower())
        if container and container in entry.fields:
            wanted.append((container, _as_read(entry.fields[container]), "{}"))
        wanted.append(("year", entry.fields.get("year", ""), "({}"))  # APA: "Surname, A. (2020)."
        for field_name, text, as_printed in wanted:
            if text and as_printed.format(text) not in shown:
                return field_name, text
        return None

    def badge(self, key: str) -> str:
        tag = self.bib.entries[key].fields.get("evidence", "")
        level = LEVELS.get(tag)
        if level is None:
            return ""
        return (f'<span class="evidence-badge" data-level="{tag}" title="Evidence level {tag}: '
                f'{level.design}">{level.label}</span>')

    def footnote(self, key: str) -> str:
        """The text a citation's footnote (and its tooltip) shows: reference plus evidence badge."""
        return f"{self.html(key)} {self.badge(key)}".strip()




def _render_in_worker(key: str, formatter: "ReferenceFormatter | None" = None) -> tuple[str | None, str | None]:
    """(html, None), or (None, what went wrong): pybtex raises several unrelated error classes."""
    try:
        return (formatter or _worker)._render(key), None
    except Exception as err:
        return None, " ".join(str(err).split()) or type(err).__name__


def short_reference(entry) -> str:
    """"Surname et al. (year)": how a table names a work in a few words."""
    people = entry.persons.get("author") or entry.persons.get("editor") or ["?"]
    surname = str(people[0]).split(",")[0].strip("{} ")
    more = " et al." if len(people) > 2 else (f" & {str(people[1]).split(',')[0].strip('{} ')}" if len(people) == 2 else "")
    return f"{surname}{more} ({entry.fields.get('year', 'n.d.')})"
