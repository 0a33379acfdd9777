"""Run every content rule over a site's sources: pages, bibliography, navigation, links.

This is what ``make check`` runs, and what the MkDocs hook runs before each build, so a
problem reads the same wherever it is found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from . import bibliography, claims, glance, not_cited, site_links
from .generators import marker_problems
from .bibliography import Bibliography
from .includes import IncludeChecker
from .markdown_scan import ScannedPage, scan
from .page_types import PAGE_TYPES
from .problem import Problem
from .site_config import BIB_FILE, CONFIG_FILE, Config, read_config
from .sources import read_text

LINK_DEFINITION_CITATION = re.compile(r"^\s{0,3}\[@[^\]]*\]:")
UNSAFE_MARKDOWN = re.compile(r"<\s*script\b|javascript:|<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


@dataclass
class Site:
    root: Path
    docs_dir: Path
    bib: Bibliography
    pages: dict[str, ScannedPage] = field(default_factory=dict)  # docs-relative path -> page
    nav: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_cited: list[not_cited.NotCited] = field(default_factory=list)
    config: Config = field(default_factory=Config)
    unreadable: set[str] = field(default_factory=set)  # pages that are not UTF-8 text

    def rel(self, page: str) -> str:
        """A page's path as problems print it: relative to the project root."""
        return (self.docs_dir / page).relative_to(self.root).as_posix()


def check_site(root: str | Path, bib_path: str | Path | None = None) -> Site:
    root = Path(root).resolve()
    config, config_problems = read_config(root)
    docs_dir = root / config.docs_dir
    bib = bibliography.load(bib_path or root / BIB_FILE, display_root=root)
    site = Site(root, docs_dir, bib, nav=site_links.nav_files(config.nav), config=config)
    site.problems += config_problems + bib.problems
    site.not_cited, problems = not_cited.load(root / "sources-not-cited.yml", bib)
    site.problems += problems
    includes = _include_checker(site)
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        text, problem = read_text(path, site.rel(page))
        if problem:
            site.problems.append(problem)
            site.unreadable.add(page)
            continue
        scanned = site.pages[page] = scan(text)
        if includes:
            site.problems += includes.check_text(scanned.body, site.rel(page), scanned.first_body_line)
    for page, scanned in site.pages.items():
        site.problems += check_page(site.rel(page), scanned, bib)
    site.problems += _check_uncited(site)
    if config.usable:  # without a readable nav, every page would look left out of it
        site.problems += _check_nav(site)
    site.problems += _check_links(site)
    site.problems.sort()
    return site


def _include_checker(site: Site) -> IncludeChecker | None:
    """Checks pymdownx.snippets includes when the site uses them; the files appended to
    every page are checked here, once."""
    snippets = site.config.snippet_settings()
    if snippets is None:
        return None
    checker = IncludeChecker(site.root, snippets)
    for name in snippets.get("auto_append") or []:
        path = checker.pre.get_snippet_path(name)
        if path is None:
            site.problems.append(Problem(CONFIG_FILE, site.config.line_of("markdown_extensions"), "include-missing",
                                         f"pymdownx.snippets appends {name!r} to every page, but there is no "
                                         "such file under its base_path; fix the name or add the file"))
        else:
            site.problems += checker.check_file(path)
    return checker


def check_page(path: str, page: ScannedPage, bib: Bibliography) -> list[Problem]:
    problems = _check_front_matter(path, page)
    problems += marker_problems(path, page.body, page.first_body_line)
    folded = bib.folded_keys()
    for citation in page.citations:
        if citation.key in bib.entries:
            entry = bib.entries[citation.key]
            if entry.retired:
                problems.append(Problem(path, citation.line, "cite-retired",
                                        f"@{citation.key} is marked status = {{retired}} ({bib.path}:"
                                        f"{entry.line_of('status')}); cite the work that replaces it, "
                                        "or set its status back to current"))
            continue
        if bib.empty:
            continue  # bib-empty has said it once for every citation
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
    if page_type and page_type.carries_claims:
        problems += claims.check_units(path, page.units)
    if page_type:
        problems += _check_sections(path, page, page_type.required_sections)
    if page_type and page_type.name == "population":
        problems += glance.check(path, page.masked, page.first_body_line)
    return problems


def _check_sections(path: str, page: ScannedPage, required: tuple[str, ...]) -> list[Problem]:
    headings = {re.sub(r"\s*\{[^}]*\}\s*$", "", line[3:]).strip()
                for line in page.masked.splitlines() if line.startswith("## ")}
    return [Problem(path, page.first_body_line, "page-sections",
                    f"a {page.meta.get('type')} page needs a section '## {name}' (see its template)")
            for name in required if name not in headings]


def _check_front_matter(path: str, page: ScannedPage) -> list[Problem]:
    return [Problem(path, line, "page-front-matter", message) for line, message in page.front_matter_problems]


def cited_keys(site: Site) -> set[str]:
    return {c.key for page in site.pages.values() for c in page.citations}


def _check_uncited(site: Site) -> list[Problem]:
    if site.unreadable:  # what an unreadable page cites is unknown: no entry is called uncited
        return []
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
        if page not in site.pages and page not in site.unreadable:
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
            if file.endswith(".md") and file not in site.pages and file not in site.unreadable:
                problems.append(Problem(site.rel(page), line, "link-broken",
                                        f"link to {target}: there is no page {file}; fix the path"))
            elif not file.endswith(".md") and not (site.docs_dir / file).exists():
                problems.append(Problem(site.rel(page), line, "link-broken",
                                        f"link to {target}: there is no file {file} under docs/"))
            elif anchor and file in anchors and anchor not in anchors[file]:
                problems.append(Problem(site.rel(page), line, "link-anchor",
                                        f"link to {target}: {file} has no heading or id '{anchor}'"))
    return problems
