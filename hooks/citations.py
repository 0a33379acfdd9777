"""MkDocs hook: a thin adapter between MkDocs, mkdocs-bibtex and the rules in ``guide``.

- on_config (before mkdocs-bibtex): run every content check and log each problem as one
  line; problems that would end in a traceback further on (STOPS_THE_BUILD) stop the build
  here, the others are warnings, which ``mkdocs build --strict`` turns into a failed build.
- on_pre_build: replace mkdocs-bibtex's formatter with one that formats each reference once
  per build in APA 7, keeps adjacent citations apart, and adds the evidence badge.
- on_files: add the take-away BibTeX and RIS files (per page, per reading list, all).
- on_files: also give the footer its links (the About and disclaimer pages, corrections).
- on_page_markdown (before mkdocs-bibtex): fill generator markers, hide citations inside
  code from the plugin, show when the page was last reviewed with its reading time and
  level, put a "References" heading where the reference list goes, and leave a place for the
  "Cite this page" box (HTML, guide.cite_page).
- after mkdocs-bibtex's page_markdown (registered in on_config): take its footnotes out of
  the Markdown, leaving a token per citation group (guide.citation_html).
- on_page_content: put the hidden code back and the "Cite this page" box in its place, write
  the citation markers (each group's numbers ascending) and the reference list (each
  reference with one link back to the text), as Markdown's footnotes would have (before
  print-site keeps the page's HTML for the print page, which goes without "Cited on" links).
- on_page_context / on_post_page: keep the citation numbers, the "References" section, the
  "Cite this page" box and the "Cited on" links out of the search index (guide.unindexed),
  then put them back in the finished page; fill the page's policy. on_page_context also
  rewrites the page for the print page, which print-site would do more slowly
  (guide.print_sections).
- on_post_build: put each page in the print page and make its ids unique, then run the HTML
  checks over the built site.

While serving (``mkdocs serve``), a rebuild does only what the edit needs: no print page, no
worker processes, references formatted before are reused, the content checks run only on
sources that changed (site-wide checks always run), a page whose final Markdown and the site's
files are unchanged is not converted to HTML again, and the HTML checks run only on pages
whose HTML or sources changed. ``mkdocs build`` and the tests do everything.
"""
from __future__ import annotations

import gc
import logging
import math
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs_bibtex.registry import SimpleRegistry

from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from guide import (citation_html, cite_page, csp, exports, footer, minify, print_assets, print_page, print_sections,
                   unindexed)
from guide.citation_index import keys_cited_on
from guide.content_check import Memo, check_site, cited_keys
from guide.site_data import Site
from guide.generators import MARKER, Context, expand, fill_after_markdown, reading_keys
from guide.urls import download_name, link
from guide.bibliography import READING_LEVELS
from guide.markdown_scan import CITATION_LIKE, mask_code, scan
from guide.page_types import LEVELS, PAGE_TYPES
from guide.readability import reading_minutes
from guide.references import FormattedStore, ReferenceFormatter
from guide.render_cache import RenderCache
from guide.site_build import bib_digest, check_built_site

log = logging.getLogger("mkdocs.hooks.citations")

# Problems that stop the build before any plugin runs: past them MkDocs, Markdown,
# mkdocs-bibtex or pybtex would stop with a traceback (an unreadable or non-UTF-8 file, a
# missing include, front matter MkDocs cannot use, a key the plugin cannot find, an entry the
# APA style cannot format). Every other problem is a warning, which --strict makes fatal.
STOPS_THE_BUILD = {
    "bib-syntax", "bib-duplicate-key", "bib-empty", "bib-required-field", "bib-entry-type",
    "source-unreadable", "source-encoding", "include-missing", "page-front-matter",
    "cite-unknown-key", "cite-key-case", "config-syntax",
}
# Stands in for "@" inside code while mkdocs-bibtex runs, which rewrites any [@key] it sees.
HIDDEN_AT = "\ue000"
CITATION_SEPARATOR = '<sup class="cite-sep">, </sup>'
REFERENCES_HEADING = "\n\n## References { #references }\n\n///Footnotes Go Here///\n"
CITE_BOX_SLOT = "<!-- cite-this-page -->"  # where the "Cite this page" box goes (guide.cite_page)
REFERENCE_SLOT = '<span class="reference-slot" data-key="{key}"></span>'
FILLED_SLOT = re.compile(r'<span class="reference-slot" data-key="([\w:-]+)"></span>')
REFERENCES_PAGE = "references.md"  # the page listing every cited work, if the site has one
H1 = re.compile(r"^# .*$", re.MULTILINE)


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
        # A slot, filled with the formatted reference once the page is HTML: Markdown then
        # never re-parses the reference's markup, which cost more than formatting it.
        if citation.key not in self.bib_data.entries:
            raise KeyError(citation.key)  # mkdocs-bibtex logs it; cite-unknown-key has said why
        return REFERENCE_SLOT.format(key=citation.key)


class _Build:
    site: Site | None = None
    context: Context | None = None
    current_page: str = "index.md"  # the page mkdocs-bibtex is formatting references for
    command: str = "build"  # mkdocs build, serve or gh-deploy
    # Kept across `mkdocs serve` rebuilds (MkDocs loads a hook module once per process):
    store: FormattedStore | None = None  # formatted references, by entry digest
    html_checked: dict | None = None  # each page's HTML check results, by what they read
    checks: Memo | None = None  # each source's content check results, by what they read
    renders: RenderCache | None = None  # each page's HTML, by its Markdown and the site's files
    downloads: dict = {}  # (bibliography digest, keys) -> the BibTeX and RIS files
    policy_filled: set[str] = set()  # pages whose policy on_post_page filled in this build
    print_sections: dict = {}  # each page's part of the print page, by its stand-in (guide.print_sections)

    @property
    def serving(self) -> bool:
        return self.command == "serve"


build = _Build()


@event_priority(100)
def on_config(config):
    site = check_site(Path(config.config_file_path).parent, memo=build.checks)
    # the footer of every page prints these values: a build without them has no owner or licence
    footer_problems = [p for p in site.problems if p.rule.startswith("footer-")]
    if footer_problems:
        raise PluginError("the footer settings cannot be used:\n" + "\n".join(map(str, footer_problems)))
    for problem in site.problems:
        (log.error if problem.rule in STOPS_THE_BUILD else log.warning)(str(problem))
    stopping = [p for p in site.problems if p.rule in STOPS_THE_BUILD]
    if stopping:
        raise PluginError(f"{len(stopping)} problem(s) above stop the build before any page is read: "
                          + ", ".join(sorted({p.rule for p in stopping})))
    build.site = site
    skip_while_serving(config)
    if "bibtex" in config.plugins:
        # mkdocs-bibtex parses the .bib again in its own on_config, for a registry on_pre_build
        # replaces (FormatOnceRegistry): its "nothing changed since" mark skips that parse
        config.plugins["bibtex"].last_configured = math.inf
        # a second page_markdown handler, after the plugin's: a hook module can define only one
        if citations_after_plugin not in config.plugins.events["page_markdown"]:
            config.plugins._register_event("page_markdown", citations_after_plugin, plugin_name="hooks/citations.py")
    return config


def on_startup(command, dirty):
    build.command = command
    build.html_checked = {} if command == "serve" else None
    build.checks = Memo() if command == "serve" else None
    build.renders = RenderCache() if command == "serve" else None


# Plugins whose output a reader never sees while editing; `mkdocs build` keeps them.
SKIPPED_WHILE_SERVING = ("print-site",)


@event_priority(100)  # before those plugins' own on_config
def skip_while_serving(config):
    for name in SKIPPED_WHILE_SERVING:
        if build.serving and name in config.plugins:
            config.plugins[name].config["enabled"] = False
            log.info(f"{name} is off while serving; `make build` makes its page")


def on_pre_build(config):
    build.policy_filled = set()
    build.print_sections = {}
    registry = FormatOnceRegistry(build.site)
    kept = Path(config.config_file_path).parent / ".cache" / "references.json"  # not in git
    if build.store is None or build.store.path != kept:
        build.store = FormattedStore(kept)
    registry.formatter.store = build.store
    config.plugins["bibtex"].registry = registry
    build.context = Context(build.site, registry.formatter, build.site.not_cited, config.use_directory_urls)
    cited = sorted(cited_keys(build.site) & set(build.site.bib.entries))
    # worker processes only for a one-off build: `mkdocs serve` has threads running already
    unformattable = registry.formatter.format_all(cited, parallel=build.command == "build")
    for problem in unformattable:
        log.error(str(problem))
    if unformattable:
        raise PluginError(f"{len(unformattable)} cited entries cannot be formatted whole (bib-format)")
    if build.command == "build":
        # What is read so far (bibliography, pages, formatted references) lives to the end of a
        # one-off build: frozen, the collector stops rescanning it on every full collection.
        # Not while serving, where each rebuild would keep more for good.
        gc.freeze()


def _downloads(site: Site) -> dict[str, list[str]]:
    """downloads/ file stem -> the keys it holds."""
    sets = {"references": sorted(cited_keys(site) & set(site.bib.entries))}
    for page in site.pages:
        if keys := keys_cited_on(site, page):
            sets[download_name(page)] = keys
    for level in READING_LEVELS:
        sets[f"reading-{level}"] = reading_keys(build.context, level)
    return sets


def on_files(files, config):
    exporter = exports.Exporter(build.site.bib)
    # while serving, a download whose keys and bibliography are unchanged is not written again
    known = build.downloads if build.serving else {}
    digest = bib_digest(build.site) if build.serving else ""
    for stem, keys in _downloads(build.site).items():
        made = known.get((digest, tuple(keys)))
        if made is None:
            made = known[(digest, tuple(keys))] = exporter.bibtex(keys), exporter.ris(keys)
        files.append(File.generated(config, f"downloads/{stem}.bib", content=made[0]))
        files.append(File.generated(config, f"downloads/{stem}.ris", content=made[1]))
    minify.minify_own_assets(files)
    # In config, not the Jinja environment: print-site renders its page with an environment of
    # its own. Pages by their built address, which the offline copy writes without directory URLs.
    settings = config.extra["footer"]
    config.extra["footer_links"] = {
        "about": files.get_file_from_path(settings["about_page"]).url,
        "disclaimer": files.get_file_from_path(settings["disclaimer_page"]).url,
        "correction": footer.correction_url(settings),
    }
    return files


@event_priority(100)
def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    build.current_page = src
    if build.renders is not None:
        build.renders.attach(page)  # an unchanged page is not converted again (guide.render_cache)
    page_type = PAGE_TYPES.get(page.meta.get("type"))
    if page_type and page_type.carries_claims:
        # generated content is the site's own framing: marked, so the rendered claim check
        # (guide.rendered_claims) knows it from the page's prose
        markdown = MARKER.sub(lambda m: f'<div class="generated" markdown>\n\n{m.group(0)}\n\n</div>', markdown)
    markdown = expand(markdown, src, build.context)
    masked = mask_code(markdown)
    hidden = "".join(HIDDEN_AT if (c == "@" and m != "@") else c for c, m in zip(markdown, masked))
    # mkdocs-bibtex reads a citation only when it stands on one line: join wrapped ones
    hidden = CITATION_LIKE.sub(lambda m: " ".join(m.group(0).split()) if "\n" in m.group(0) else m.group(0), hidden)
    # the page was scanned once for this build, before any page was rendered
    scanned = build.site.pages.get(src) or scan(markdown)
    reviewed = page.meta.get("last_reviewed")
    if reviewed:
        stamp = f'\n\n<p class="last-reviewed">{page_stamp(reviewed, page.meta.get("level"), scanned)}</p>\n'
        hidden = H1.sub(lambda m: m.group(0) + stamp, hidden, count=1)
    if scanned.citations:
        stem = download_name(src)
        hidden += REFERENCES_HEADING + (
            f"\nDownload this page's references: [BibTeX]({link(src, f'downloads/{stem}.bib')}) · "
            f"[RIS]({link(src, f'downloads/{stem}.ris')})\n{{: .reference-downloads }}\n")
    if reviewed and page_type and page_type.carries_claims:
        url = (config.site_url or "") + page.url
        settings = config.extra["footer"]
        licence = cite_page.Licence(settings["text_licence"], settings["text_licence_url"])
        page.cite_box = cite_page.box(page.meta.get("title", page.title), config.site_name, url, reviewed, licence)
        hidden += f"\n\n{CITE_BOX_SLOT}\n"  # HTML, put in by on_page_content
    return hidden


@event_priority(-100)  # after mkdocs-bibtex has written the citations as footnotes
def citations_after_plugin(markdown, page, config, files):
    markdown, page.citations = citation_html.take(markdown)
    return markdown


def page_stamp(reviewed, level, scanned) -> str:
    """Under the title: when the evidence was last reviewed, and for a page with a level, its
    reading time (prose words at 200 a minute, rounded up) and level."""
    parts = [f'Evidence last reviewed: <time datetime="{reviewed.isoformat()}">{reviewed.day} {reviewed:%B %Y}</time>']
    if level in LEVELS:
        parts += [f'<span class="reading-time">≈ {reading_minutes(scanned)} min read</span>',
                  f'<span class="page-level">{level.capitalize()}</span>']
    return " · ".join(parts)


@event_priority(50)  # before print-site keeps each page's HTML for the print page
def on_page_content(html, page, config, files):
    references = files.get_file_from_path(REFERENCES_PAGE) if files is not None else None
    back = get_relative_url(references.url, page.url) if references else None
    html, ids = fill_after_markdown(html, page.file.src_uri, build.context)  # generated HTML Markdown need not read
    html = html.replace(CITE_BOX_SLOT, getattr(page, "cite_box", ""), 1)
    if ids:  # MkDocs checks links to these anchors once every page is read
        page.present_anchor_ids = (getattr(page, "present_anchor_ids", None) or set()) | ids
    page.unindexed = []  # parts of the page kept out of the search index (guide.unindexed)
    cited = getattr(page, "citations", None)
    html = html.replace(HIDDEN_AT, "@")
    if cited and cited.keys:
        html = citation_html.write(html, cited, lambda key: reference_text(key, back))
        page.present_anchor_ids = (getattr(page, "present_anchor_ids", None) or set()) | citation_html.ids(cited)
    return unindexed.set_aside(fill_references(html, back), page.unindexed, unindexed.NOT_PRINTED)


def fill_references(html: str, references_url: str | None = None) -> str:
    """Put each formatted reference (formatted once per build) into its slot, with a link to
    the references page entry that lists every page citing the work."""
    return FILLED_SLOT.sub(lambda match: reference_text(match.group(1), references_url), html)


def reference_text(key: str, references_url: str | None = None) -> str:
    """A work as its page's reference list shows it, with a link to its references page entry."""
    text = build.context.formatter.footnote(key)
    if references_url:
        # a line break, not a space: the same to a reader, and print-site rewrites ids with a
        # scan per tag to the end of its line, so one long line costs it the square of its length
        text += f'\n<a class="ref-all" href="{references_url}#ref-{key}">All citations of this work</a>'
    return text


# Material's search dialog has no accessible name (axe: aria-dialog-name). Naming it here is
# one line; overriding the template would copy Material's whole partial into the project.
SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


@event_priority(100)  # before the search plugin indexes the page
def on_page_context(context, page, config, nav):
    # the reference list and the cite box stay out of the search index (guide.unindexed)
    if not hasattr(page, "unindexed"):
        page.unindexed = []
    page.content = unindexed.set_aside(page.content, page.unindexed, unindexed.NOT_INDEXED)
    # print-site kept the page's HTML (its on_page_content): rewritten here, faster than it would
    print_sections.set_aside(page, config.use_directory_urls, build.print_sections)
    return context


@event_priority(-100)  # last: the policy hashes the page's inline scripts as they are finally written
def on_post_page(output, page, config):
    output = unindexed.put_back(output, getattr(page, "unindexed", []))
    output = print_assets.without_print_assets(output)  # the print page, written later, keeps them
    build.policy_filled.add(str(Path(page.file.abs_dest_path)))
    return csp.fill(output.replace(SEARCH_DIALOG, SEARCH_DIALOG[:-1] + ' aria-label="Search this site">', 1))


@event_priority(-50)  # after print-site writes its page, before the offline plugin (-100)
def on_post_build(config):
    # pages written outside on_post_page (404.html, the print page) get their policy here
    for path in Path(config.site_dir).rglob("*.html"):
        if str(path) in build.policy_filled:
            continue
        html = path.read_text(encoding="utf-8")
        # changes only the print page: no other has its sections
        fixed = print_page.unique_ids(print_sections.put_back(html, build.print_sections))
        if csp.PLACEHOLDER in fixed:
            fixed = csp.fill(fixed)
        if fixed != html:
            path.write_text(fixed, encoding="utf-8")
    problems = check_built_site(build.site, config.site_dir, config.use_directory_urls,
                                parallel=build.command == "build", remembered=build.html_checked)
    for problem in problems:
        log.warning(str(problem))
    build.store.save()
