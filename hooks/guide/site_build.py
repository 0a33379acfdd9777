"""Where MkDocs puts each page, and the HTML checks over a whole built site."""
from __future__ import annotations

import hashlib
import multiprocessing
import os
import posixpath
import re
from types import SimpleNamespace
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from .site_data import Site
from .urls import page_url
from . import csp
from .allowlist import check_article
from .content_check import snippet_settings
from .html_checks import check_css, check_page_html, read_page
from .page_types import PAGE_TYPES
from .rendered_claims import SourceIndex, check_rendered_claims, included_files
from .problem import Problem


def built_path(page: str, directory_urls: bool = True) -> str:
    """docs-relative Markdown path -> site-relative HTML file, as MkDocs writes it."""
    url = page_url(page, directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url


# From this many pages on, the HTML checks run on every core (forked workers share the data).
PARALLEL_FROM = 200
_job: dict = {}  # what a forked worker reads: site, sources, site_dir


def _check_one(rel: str):
    html = (_job["site_dir"] / rel).read_text(encoding="utf-8")
    source = _job["sources"].get(rel)
    remembered = _job["remembered"]
    if remembered is not None:
        inputs = _digest(html, source)
        if remembered.get(rel, (None,))[0] == inputs:
            return remembered[rel][1]
    tree = LexborHTMLParser(html)  # parsed once, for every rule below and for the links check
    page = read_page(html, tree)
    problems = check_page_html(f"site/{rel}", html, source, _job["site"].bib, page, tree)
    if THEME_PAGE.search(html, 0, 1000):
        problems += csp.check(f"site/{rel}", html, tree)
    if source is not None:  # theme and plugin pages have no Markdown of their own
        site = _job["site"]
        page_file = site.docs_dir / _job["pages"][rel]
        files = [(page_file.relative_to(site.root).as_posix(), page_file.read_text(encoding="utf-8"))] + _job["included"]
        problems += check_article(html, lambda text: locate(files + [_job["bib_file"]], text), tree)
        page_type = PAGE_TYPES.get(source.meta.get("type"))
        if page_type and page_type.carries_claims:
            problems += check_rendered_claims(html, SourceIndex(files), tree)
    result = problems, SimpleNamespace(ids=page.ids, links=page.links)
    if remembered is not None:
        remembered[rel] = (inputs, result)
    return result


def _digest(html: str, source) -> str:
    """What a page's HTML checks read: its HTML, its Markdown and front matter, the bibliography."""
    digest = hashlib.sha256(html.encode())
    if source is not None:
        digest.update(repr(sorted(source.meta.items(), key=str)).encode() + source.body.encode())
    digest.update(_job["bib_digest"].encode())
    return digest.hexdigest()


def bib_digest(site: Site) -> str:
    """A digest of the bibliography file as it was read for this build."""
    path = site.root / site.bib.path
    return hashlib.sha256(path.read_bytes() if path.is_file() else b"").hexdigest()


THEME_PAGE = re.compile(r'<html\b[^>]*class="no-js"')  # Material's pages, not redirect stubs


def locate(files: list[tuple[str, str]], text: str) -> tuple[str, int]:
    """The first file and line holding ``text`` (any case); the page's first line if none does."""
    needle = text.lower()
    for path, content in files:
        at = content.lower().find(needle) if needle else -1
        if at >= 0:
            return path, content.count("\n", 0, at) + 1
    return files[0][0], 1


def check_built_site(site: Site, site_dir: str | Path, directory_urls: bool = True,
                     parallel: bool = False, remembered: dict | None = None) -> list[Problem]:
    """Every HTML check over the built site. ``remembered``, kept from build to build while
    serving, holds each page's results: a page whose HTML and sources are unchanged is not
    checked again (the links between pages always are)."""
    site_dir = Path(site_dir)
    problems: list[Problem] = []
    bases, _ = snippet_settings(site.config)
    bib_path = Path(site.bib.path) if Path(site.bib.path).is_absolute() else site.root / site.bib.path
    bib_file = (bib_path.relative_to(site.root).as_posix(), bib_path.read_text(encoding="utf-8")) if bib_path.is_file() else ("", "")
    _job.update(site=site, site_dir=site_dir, bib_file=bib_file,
                included=included_files(site.root, [site.root / b for b in bases]),
                remembered=remembered, bib_digest=bib_digest(site),
                sources={built_path(page, directory_urls): scanned for page, scanned in site.pages.items()},
                pages={built_path(page, directory_urls): page for page in site.pages})
    files = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))
    if remembered is not None:
        for gone in set(remembered) - set(files):
            del remembered[gone]
    cores = os.cpu_count() or 1
    if parallel and len(files) >= PARALLEL_FROM and cores > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(cores) as pool:
            results = pool.map(_check_one, files, chunksize=max(1, len(files) // (cores * 4)))
    else:
        results = [_check_one(rel) for rel in files]
    parsed = {}
    for rel, (page_problems, page) in zip(files, results):
        problems += page_problems
        parsed[rel] = page
    problems += check_internal_links(site_dir, parsed)
    for css_file in sorted(site_dir.rglob("*.css")):
        rel = css_file.relative_to(site_dir).as_posix()
        problems += check_css(f"site/{rel}", css_file.read_text(encoding="utf-8"))
    for page in site.pages:
        if not (site_dir / built_path(page, directory_urls)).exists():
            problems.append(Problem(site.rel(page), 1, "html-missing-page",
                                    f"{page} was not built to {built_path(page, directory_urls)}"))
    return sorted(set(problems))  # text appended to every page is reported once, where it is written


def check_internal_links(site_dir: Path, pages: dict) -> list[Problem]:
    """Links inside page content that point at another page of the site, and the anchor there.

    MkDocs checks links written in Markdown; this also covers links the hook writes itself
    (such as each reference's link to the references page). ``pages``: site path -> parsed page."""
    problems = []
    for rel, page in pages.items():
        for href in sorted(set(page.links)):
            if "://" in href or href.startswith(("mailto:", "#", "data:")):
                continue
            path, _, anchor = href.partition("#")
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), path))
            if path.endswith("/") or not path:
                target = posixpath.join(target, "index.html") if path else rel
            if target not in pages:
                if not (site_dir / target).exists():
                    problems.append(Problem(f"site/{rel}", 1, "html-broken-link", f"link to {href}: no such file in the built site"))
            elif anchor and anchor not in pages[target].ids:
                problems.append(Problem(f"site/{rel}", 1, "html-broken-link", f"link to {href}: {target} has no id '{anchor}'"))
    return problems
