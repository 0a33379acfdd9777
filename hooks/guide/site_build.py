"""Where MkDocs puts each page, and the HTML checks over a whole built site."""
from __future__ import annotations

from pathlib import Path

from .content_check import Site
from .html_checks import check_css, check_page_html
from .problem import Problem


def built_path(page: str, directory_urls: bool = True) -> str:
    """docs-relative Markdown path -> site-relative HTML path, as MkDocs writes it."""
    stem = page[: -len(".md")]
    if not directory_urls or stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def check_built_site(site: Site, site_dir: str | Path, directory_urls: bool = True) -> list[Problem]:
    site_dir = Path(site_dir)
    problems: list[Problem] = []
    sources = {built_path(page, directory_urls): scanned for page, scanned in site.pages.items()}
    for html_file in sorted(site_dir.rglob("*.html")):
        rel = html_file.relative_to(site_dir).as_posix()
        html = html_file.read_text(encoding="utf-8")
        problems += check_page_html(f"site/{rel}", html, sources.get(rel), site.bib)
    for css_file in sorted(site_dir.rglob("*.css")):
        rel = css_file.relative_to(site_dir).as_posix()
        problems += check_css(f"site/{rel}", css_file.read_text(encoding="utf-8"))
    for page in site.pages:
        if not (site_dir / built_path(page, directory_urls)).exists():
            problems.append(Problem(site.rel(page), 1, "html-missing-page",
                                    f"{page} was not built to {built_path(page, directory_urls)}"))
    return sorted(problems)
