"""Run every content rule over a site's sources: pages, bibliography, navigation, links.

This is what ``make check`` runs, and what the MkDocs hook runs before each build, so a
problem reads the same wherever it is found.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

from . import bibliography, claims, findings, findings_views, footer, glance, not_cited, prose_numbers, site_links
from .generators import MARKER, marker_problems
from .bibliography import Bibliography
from .markdown_scan import Citation, ScannedPage, scan
from .page_types import PAGE_TYPES, REQUIRED_META
from .problem import Problem
from .site_data import Site

LINK_DEFINITION_CITATION = re.compile(r"^\s{0,3}\[@[^\]]*\]:")
UNSAFE_MARKDOWN = re.compile(r"<\s*script\b|javascript:|<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without importing the Python objects its !!python tags name."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(root: Path) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}


def check_site(root: str | Path, bib_path: str | Path | None = None) -> Site:
    root = Path(root).resolve()
    config = read_config(root)
    docs_dir = root / config.get("docs_dir", "docs")
    bib = bibliography.load(bib_path or root / "references.bib", display_root=root)
    site = Site(root, docs_dir, bib, nav=site_links.nav_files(config.get("nav", [])))
    site.problems += bib.problems
    site.not_cited, problems = not_cited.load(root / "sources-not-cited.yml", bib)
    site.problems += problems
    site.findings = findings.load(root)
    site.problems += site.findings.problems + findings.bibliography_problems(site.findings, bib.entries)
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        site.pages[page] = scan(path.read_text(encoding="utf-8"))
        _add_generated_citations(site, page)
    for page, scanned in site.pages.items():
        site.problems += check_page(site.rel(page), scanned, bib, site.findings, page)
    site.problems += _check_findings_pages(site)
    site.problems += _check_included(site, config)
    site.problems += _check_uncited(site)
    site.problems += _check_nav(site)
    site.problems += _check_links(site)
    site.problems += footer.check(root, config, set(site.pages), site.nav)
    site.problems.sort()
    return site


SNIPPET = re.compile(r"""^\s*-{2,}8<-{2,}\s+["']?([^"'\s]+)["']?\s*$""", re.MULTILINE)


def snippet_settings(config: dict) -> tuple[list[str], list[str]]:
    """(base paths, files appended to every page) of pymdownx.snippets in mkdocs.yml."""
    for ext in config.get("markdown_extensions", []) or []:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            options = ext["pymdownx.snippets"] or {}
            base = options.get("base_path", ["."])
            return ([base] if isinstance(base, str) else list(base)), list(options.get("auto_append", []) or [])
    return [], []


def _check_included(site: Site, config: dict) -> list[Problem]:
    """Text pulled into claim-carrying pages by snippets (--8<-- and auto_append) is held to
    the page rules where it is written, once per file."""
    bases, appended = snippet_settings(config)
    if not bases:
        return []
    wanted = set(appended)
    for scanned in site.pages.values():
        page_type = PAGE_TYPES.get(scanned.meta.get("type"))
        if page_type and page_type.carries_claims:
            wanted.update(SNIPPET.findall(scanned.masked))
    problems = []
    for name in sorted(wanted):
        found = next((site.root / b / name for b in bases if (site.root / b / name).is_file()), None)
        if found is None:
            continue  # pymdownx.snippets (check_paths) stops the build on a missing file
        included = scan(found.read_text(encoding="utf-8"))
        shown = found.relative_to(site.root).as_posix()
        problems += claims.check_units(shown, included.units) + claims.check_labels(shown, included.labels)
    return problems


def _add_generated_citations(site: Site, page: str) -> None:
    """Views of the findings data cite works where their marker stands; count them there, so the
    reference list, "Cited on" and the built-page checks see what the reader will see."""
    scanned = site.pages[page]
    for match in MARKER.finditer(scanned.body):
        line = scanned.first_body_line + scanned.body.count("\n", 0, match.start())
        keys = findings_views.cited_keys(site.findings, match.group(1), page)
        scanned.citations += [Citation(key, line) for key in keys]
    scanned.citations.sort(key=lambda c: c.line)


def check_page(path: str, page: ScannedPage, bib: Bibliography,
               data: findings.Findings | None = None, docs_path: str = "") -> list[Problem]:
    problems = _check_front_matter(path, page)
    problems += marker_problems(path, page.body, page.first_body_line)
    folded = bib.folded_keys()
    for citation in page.citations:
        if citation.key in bib.entries:
            continue
        right_case = folded.get(citation.key.lower())
        if right_case:
            problems.append(Problem(path, citation.line, "cite-key-case",
                                    f"@{citation.key} differs only in case from the entry '{right_case}'; "
                                    f"keys are case-sensitive: write @{right_case}"))
        else:
            problems.append(Problem(path, citation.line, "cite-unknown-key",
                                    f"@{citation.key} is not in {bib.path}; add a verified entry "
                                    "or correct the key"))
    for line, text in page.bad_citations:
        problems.append(Problem(path, line, "cite-syntax",
                                f"{text} is not a citation this site understands; write [@key] or "
                                "[@key1; @key2] (no prefixes, suffixes or page numbers)"))
    for line, text in page.manual_footnotes:
        problems.append(Problem(path, line, "cite-manual-footnote",
                                f"{text} is a hand-written footnote; cite sources with [@key] instead"))
    for number, line in enumerate(page.masked.splitlines(), page.first_body_line):
        if LINK_DEFINITION_CITATION.match(line):
            problems.append(Problem(path, number, "cite-syntax",
                                    "a citation at the start of a line followed by ':' is read as a link "
                                    "definition and vanishes from the page; move it into the sentence"))
        if match := UNSAFE_MARKDOWN.search(line):
            problems.append(Problem(path, number, "content-script",
                                    f"{match.group(0)!r} would run script in the page; remove it"))
    page_type = PAGE_TYPES.get(page.meta.get("type"))
    data = data or findings.Findings()
    if page_type and page_type.carries_claims:
        problems += claims.check_units(path, page.units)
        problems += claims.check_labels(path, page.labels)
        problems += glance.check_hand_tables(path, page.masked, page.first_body_line)
        problems += glance.check_unread_wording(path, page.masked, page.first_body_line)
        problems += prose_numbers.check_units(path, page.units, data)
    if page_type:
        problems += _check_sections(path, page, page_type.required_sections)
    if page_type and page_type.name == "population":
        problems += glance.check_section(path, page.body, page.first_body_line, len(data.for_page(docs_path)))
    return problems


def _check_findings_pages(site: Site) -> list[Problem]:
    """Each condition's findings are shown on a content page that exists (usually a population page)."""
    problems = []
    for condition in site.findings.conditions:
        if condition.data.page is None:
            continue  # a file of sources only: works whose numbers pages state
        page = site.pages.get(condition.data.page)
        page_type = PAGE_TYPES.get(page.meta.get("type")) if page else None
        if page_type is None or not page_type.carries_claims:
            problems.append(Problem(condition.path, condition.line("page"), "findings-page",
                                    f"{condition.data.page} is not a content page under docs/; name the page "
                                    "whose glance table shows these findings"))
    return problems


def _check_sections(path: str, page: ScannedPage, required: tuple[str, ...]) -> list[Problem]:
    headings = {re.sub(r"\s*\{[^}]*\}\s*$", "", line[3:]).strip()
                for line in page.masked.splitlines() if line.startswith("## ")}
    return [Problem(path, page.first_body_line, "page-sections",
                    f"a {page.meta.get('type')} page needs a section '## {name}' (see its template)")
            for name in required if name not in headings]


def _check_front_matter(path: str, page: ScannedPage) -> list[Problem]:
    if page.front_matter_error:
        return [Problem(path, 1, "page-front-matter", page.front_matter_error)]
    problems = []
    for name in REQUIRED_META:
        if not page.meta.get(name):
            problems.append(Problem(path, 1, "page-front-matter",
                                    f"front matter needs '{name}:' (see CONTRIBUTING.md, page templates)"))
    page_type = page.meta.get("type")
    if page_type and page_type not in PAGE_TYPES:
        problems.append(Problem(path, 1, "page-front-matter",
                                f"type {page_type!r} is not a page type; use one of {', '.join(PAGE_TYPES)}"))
    reviewed = page.meta.get("last_reviewed")
    if reviewed and not isinstance(reviewed, datetime.date):
        problems.append(Problem(path, 1, "page-front-matter",
                                f"last_reviewed {reviewed!r} must be a date written YYYY-MM-DD"))
    return problems


def cited_keys(site: Site) -> set[str]:
    return {c.key for page in site.pages.values() for c in page.citations}


def _check_uncited(site: Site) -> list[Problem]:
    cited = cited_keys(site)
    return [Problem(site.bib.path, entry.line, "bib-uncited",
                    f"{key} is cited on no page; cite it, delete it, or mark it status = {{retired}}")
            for key, entry in site.bib.entries.items() if key not in cited and not entry.retired]


def _check_nav(site: Site) -> list[Problem]:
    problems = []
    in_nav = set(site.nav)
    for page in site.pages:
        if page not in in_nav:
            problems.append(Problem(site.rel(page), 1, "nav-missing",
                                    f"{page} is not in the nav of mkdocs.yml; add it where readers will look"))
    for page in site.nav:
        if page not in site.pages:
            problems.append(Problem("mkdocs.yml", 1, "nav-broken",
                                    f"nav names {page}, which is not a page under docs/; fix the path"))
    return problems


def _check_links(site: Site) -> list[Problem]:
    problems = []
    anchors = {page: site_links.anchors(p.masked) for page, p in site.pages.items()}
    for page, scanned in site.pages.items():
        for line, target in site_links.links(scanned.masked, scanned.first_body_line):
            if not site_links.is_internal(target):
                continue
            file, anchor = site_links.resolve(page, target)
            if file.endswith(".md") and file not in site.pages:
                problems.append(Problem(site.rel(page), line, "link-broken",
                                        f"link to {target}: there is no page {file}; fix the path"))
            elif not file.endswith(".md") and not (site.docs_dir / file).exists():
                problems.append(Problem(site.rel(page), line, "link-broken",
                                        f"link to {target}: there is no file {file} under docs/"))
            elif anchor and file in anchors and anchor not in anchors[file]:
                problems.append(Problem(site.rel(page), line, "link-anchor",
                                        f"link to {target}: {file} has no heading or id '{anchor}'"))
    return problems
