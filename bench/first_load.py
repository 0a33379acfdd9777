"""What a browser downloads to show each content page: its HTML and the CSS and JavaScript it
links, each gzipped as a server would send it. Fonts are not loaded (``theme.font: false``).

Content pages are the pages a reader reads: every built page except the print-everything page
(print_page/), the 404 page and the redirect stubs left at old addresses.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

# src and href as whole attributes: the theme's inert script keeps its address in data-src, and
# loads only at the reader's first move (docs/assets/javascripts/theme-on-demand.js).
ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]+rel="stylesheet"[^>]*\shref)="([^"#?]+)')
REDIRECT = 'http-equiv="refresh"'
NOT_CONTENT = ("print_page/index.html", "404.html")


@lru_cache(maxsize=None)
def gzipped_bytes(path: Path) -> int:
    return len(gzip.compress(path.read_bytes()))


def content_pages(site: Path) -> list[Path]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel not in NOT_CONTENT and REDIRECT not in path.read_text(encoding="utf-8"):
            pages.append(path)
    return pages


def first_load(page: Path) -> dict[str, int]:
    """Gzipped bytes of the page and of each stylesheet and script it links, by file name."""
    html = page.read_text(encoding="utf-8")
    files = {"(the page's HTML)": len(gzip.compress(html.encode("utf-8")))}
    for asset in ASSET.findall(html):
        path = (page.parent / asset).resolve()
        if path.is_file():
            files[path.name] = gzipped_bytes(path)
    return files


def largest(site: Path) -> dict:
    """The content page with the largest first load: its path, KB and files, and how many pages
    were counted."""
    pages = content_pages(site)
    sizes = {page: first_load(page) for page in pages}
    page = max(sizes, key=lambda p: sum(sizes[p].values()))
    return {"page": page.relative_to(site).as_posix(), "kb": sum(sizes[page].values()) / 1024,
            "files": sizes[page], "pages": len(pages),
            "median_kb": sorted(sum(s.values()) for s in sizes.values())[len(sizes) // 2] / 1024}
