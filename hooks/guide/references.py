"""Format bibliography entries in APA 7, once per entry per build.

pybtex-apa7-style does the formatting; a small subclass adapts it to this site: titles print
as stored (the bibliography keeps them in sentence case with proper nouns intact, which the
stock style would lower-case), DOIs print as https://doi.org/ links as APA 7 asks, and a
PubMed ID is read from the ``pmid`` field.
"""
from __future__ import annotations

from pybtex.backends.html import Backend as HtmlBackend
from pybtex.plugin import find_plugin
from pybtex.style.template import field, href, join, optional, sentence

from .bibliography import Bibliography
from .evidence_levels import LEVELS

APAStyle = find_plugin("pybtex.style.formatting", "apa7")
DOI_RESOLVER = "https://doi.org/"


class SiteAPAStyle(APAStyle):
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


class ReferenceFormatter:
    """Formats each entry the first time it is asked for, then serves it from a cache."""

    def __init__(self, bib: Bibliography):
        self.bib = bib
        self.style = SiteAPAStyle()
        self.backend = HtmlBackend()
        self._cache: dict[str, str] = {}
        self.formatted_count = 0  # how many times pybtex ran: once per entry, whatever the citations

    def html(self, key: str) -> str:
        """The APA 7 reference as an HTML fragment (raises pybtex's FieldIsMissing on a gap)."""
        if key not in self._cache:
            entry = self.bib.data.entries[key]
            rich = self.style.format_entry(key, entry).text
            self._cache[key] = " ".join(rich.render(self.backend).split())
            self.formatted_count += 1
        return self._cache[key]

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


