"""MkDocs hook: a thin adapter between MkDocs, mkdocs-bibtex and the rules in ``guide``.

- on_config (before mkdocs-bibtex): run every content check; an unreadable bibliography
  stops the build with one line per problem, other problems are logged as warnings, which
  ``mkdocs build --strict`` turns into a failed build.
- on_pre_build: replace mkdocs-bibtex's formatter with one that formats each reference once
  per build in APA 7, keeps adjacent citations apart, and adds the evidence badge.
- on_page_markdown (before mkdocs-bibtex): hide citations inside code from the plugin, and
  put a "References" heading where the reference list goes.
- on_page_content: put the hidden code back.
- on_post_build: run the HTML checks over the built site.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs_bibtex.registry import SimpleRegistry

from guide.content_check import Site, check_site
from guide.markdown_scan import mask_code, scan
from guide.references import ReferenceFormatter
from guide.site_build import check_built_site

log = logging.getLogger("mkdocs.hooks.citations")

# Problems that leave nothing to build from: mkdocs-bibtex would stop with a traceback.
UNREADABLE = {"bib-syntax", "bib-duplicate-key"}
# Stands in for "@" inside code while mkdocs-bibtex runs, which rewrites any [@key] it sees.
HIDDEN_AT = "\ue000"
CITATION_SEPARATOR = '<sup class="cite-sep">, </sup>'
REFERENCES_HEADING = "\n\n## References { #references }\n\n///Footnotes Go Here///\n"


class FormatOnceRegistry(SimpleRegistry):
    """mkdocs-bibtex's registry, fed from the checked bibliography and a caching formatter."""

    def __init__(self, site: Site):  # no super().__init__: it would parse the .bib again
        self.bib_data = site.bib.data
        self.footnote_format = "{key}"
        self.formatter = ReferenceFormatter(site.bib)

    def inline_text(self, citation_block) -> str:
        keys = [c.key for c in citation_block.citations if c.key in self.bib_data.entries]
        return CITATION_SEPARATOR.join(f"[^{key}]" for key in keys)

    def reference_text(self, citation) -> str:
        return self.formatter.footnote(citation.key)


class _Build:
    site: Site | None = None


build = _Build()


@event_priority(100)
def on_config(config):
    site = check_site(Path(config.config_file_path).parent)
    unreadable = [p for p in site.problems if p.rule in UNREADABLE]
    if unreadable:
        raise PluginError("the bibliography cannot be read:\n" + "\n".join(map(str, unreadable)))
    for problem in site.problems:
        log.warning(str(problem))
    build.site = site
    return config


def on_pre_build(config):
    config.plugins["bibtex"].registry = FormatOnceRegistry(build.site)


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    masked = mask_code(markdown)
    hidden = "".join(HIDDEN_AT if (c == "@" and m != "@") else c for c, m in zip(markdown, masked))
    if scan(markdown).citations:
        hidden += REFERENCES_HEADING
    return hidden


def on_page_content(html, page, config, files):
    return html.replace(HIDDEN_AT, "@")


def on_post_build(config):
    for problem in check_built_site(build.site, config.site_dir):
        log.warning(str(problem))
