"""Run every content rule over a site's sources: pages, bibliography, navigation, links.

This is what ``make check`` runs, and what the MkDocs hook runs before each build, so a
problem reads the same wherever it is found. While serving, the hook passes a ``Memo``: each
input's checks are redone only when what they read changed (the site-wide checks always run).
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import (bibliography, claims, findings, findings_views, footer, glance, key_points, not_cited,
               prose_numbers, readability, site_links)
from .generators import MARKER, marker_problems
from .bibliography import Bibliography
from .includes import IncludeChecker
from .markdown_scan import Citation, ScannedPage, scan
from .page_types import CONTENT_META, PAGE_TYPES
from .problem import Problem
from .site_config import BIB_FILE, CONFIG_FILE, Config, read_config
from .site_data import Site
from .sources import read_text

LINK_DEFINITION_CITATION = re.compile(r"^\s{0,3}\[@[^\]]*\]:")
UNSAFE_MARKDOWN = re.compile(r"<\s*script\b|javascript:|<[^>]*\son[a-z]+\s*=", re.IGNORECASE)


class Memo:
    """Results kept from one ``check_site`` to the next (``mkdocs serve``), each under a digest
    of everything it read: a result is reused only while that digest is unchanged."""

    def __init__(self):
        self._kept: dict[str, tuple[str, object]] = {}

    def get(self, name: str, digest: str, compute):
        kept = self._kept.get(name)
        if kept is not None and kept[0] == digest:
            return kept[1]
        value = compute()
        self._kept[name] = (digest, value)
        return value


class _Always(Memo):
    """No memo: every check runs (``make check``, ``make build``, the tests)."""

    def get(self, name: str, digest: str, compute):
        return compute()


def _digest(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def _file_digest(*paths: Path) -> str:
    return _digest(*(f"{p}\0".encode() + (p.read_bytes() if p.is_file() else b"\0missing") for p in paths))


def check_site(root: str | Path, bib_path: str | Path | None = None, memo: Memo | None = None) -> Site:
    root = Path(root).resolve()
    memo = memo or _Always()
    config, config_problems = read_config(root)
    docs_dir = root / config.docs_dir
    bib_file = Path(bib_path or root / BIB_FILE)
    bib_digest = _file_digest(bib_file.resolve())
    bib = memo.get("bibliography", _digest(bib_digest, str(root)),
                   lambda: bibliography.load(bib_file, display_root=root))
    site = Site(root, docs_dir, bib, nav=site_links.nav_files(config.nav), config=config)
    site.problems += config_problems + bib.problems
    not_cited_file = root / "sources-not-cited.yml"
    site.not_cited, problems = memo.get("not-cited", _digest(bib_digest, _file_digest(not_cited_file)),
                                        lambda: not_cited.load(not_cited_file, bib))
    site.problems += problems
    findings_digest = _digest(bib_digest, _file_digest(*sorted((root / findings.FOLDER).glob("*.yml"))))
    site.findings, problems = memo.get("findings", findings_digest, lambda: _load_findings(root, bib))
    site.problems += problems
    includes = _include_checker(site)
    for path in sorted(docs_dir.rglob("*.md")):
        page = path.relative_to(docs_dir).as_posix()
        text, problem = read_text(path, site.rel(page))
        if problem:
            site.problems.append(problem)
            site.unreadable.add(page)
            continue
        # a page's own checks read its text, the bibliography and the findings data
        scanned, page_problems = memo.get(f"page:{page}", _digest(text, findings_digest, str(docs_dir)),
                                          lambda: _check_one_page(site, page, text))
        site.pages[page] = scanned
        site.problems += page_problems
        if includes:
            site.problems += includes.check_text(scanned.body, site.rel(page), scanned.first_body_line)
    site.problems += _check_findings_pages(site)
    site.problems += _check_included(site, config)
    site.problems += _check_uncited(site)
    if config.usable:  # without a readable nav, every page would look left out of it
        site.problems += _check_nav(site)
    site.problems += _check_links(site, memo)
    if config.usable:  # an unreadable mkdocs.yml is one problem already, not one per footer field
        site.problems += footer.check(root, config, set(site.pages), site.nav)
    site.problems.sort()
    return site


def _load_findings(root: Path, bib: Bibliography) -> tuple[findings.Findings, list[Problem]]:
    data = findings.load(root)
    return data, data.problems + findings.bibliography_problems(data, bib.entries)


def _check_one_page(site: Site, page: str, text: str) -> tuple[ScannedPage, list[Problem]]:
    site.pages[page] = scan(text)
    _add_generated_citations(site, page)
    return site.pages[page], check_page(site.rel(page), site.pages[page], site.bib, site.findings, page)


SNIPPET = re.compile(r"""^\s*-{2,}8<-{2,}\s+["']?([^"'\s]+)["']?\s*$""", re.MULTILINE)


def snippet_settings(config: Config) -> tuple[list[str], list[str]]:
    """(base paths, files appended to every page) of pymdownx.snippets in mkdocs.yml."""
    options = config.snippet_settings()
    if options is None:
        return [], []
    base = options.get("base_path", ["."])
    return ([base] if isinstance(base, str) else list(base)), list(options.get("auto_append", []) or [])


def _check_included(site: Site, config: Config) -> list[Problem]:
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
        text, problem = read_text(found, found.relative_to(site.root).as_posix())
        if problem:
            continue  # the include checker has reported it
        included = scan(text)
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


def check_page(path: str, page: ScannedPage, bib: Bibliography,
               data: findings.Findings | None = None, docs_path: str = "") -> list[Problem]:
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
    data = data or findings.Findings()
    if page_type and page_type.carries_claims:
        problems += claims.check_units(path, page.units)
        problems += claims.check_labels(path, page.labels)
        problems += glance.check_hand_tables(path, page.masked, page.first_body_line)
        problems += glance.check_unread_wording(path, page.masked, page.first_body_line)
        problems += prose_numbers.check_units(path, page.units, data)
    if page_type:
        problems += _check_sections(path, page, page_type.required_sections)
    problems += key_points.check(path, page)
    problems += readability.check_key_points(path, page)
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
    problems = [Problem(path, line, "page-front-matter", message) for line, message in page.front_matter_problems]
    page_type = PAGE_TYPES.get(page.meta.get("type"))
    if page_type and page_type.carries_claims:  # the schema checks a level's value; content pages need one
        problems += [Problem(path, 1, "page-front-matter", f"a {page_type.name} page's front matter needs "
                             f"'{name}:' (see CONTRIBUTING.md, page templates)")
                     for name in CONTENT_META if name not in page.meta]
    return problems


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


def _check_links(site: Site, memo: Memo | None = None) -> list[Problem]:
    problems = []
    memo = memo or _Always()
    anchors = {page: memo.get(f"anchors:{page}", _digest(p.masked), lambda p=p: site_links.anchors(p.masked))
               for page, p in site.pages.items()}
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
