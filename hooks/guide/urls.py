"""Where MkDocs serves a page, and links between pages: one place for both the generators
that write links and the checks that follow them."""
from __future__ import annotations

import posixpath


def page_url(page: str, directory_urls: bool = True) -> str:
    """The URL path MkDocs gives a docs-relative Markdown page."""
    stem = page[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_url: str, to_url: str) -> str:
    from_dir = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    rel = posixpath.relpath(to_url or ".", from_dir or ".")
    return rel + "/" if (to_url.endswith("/") or not to_url) and not rel.endswith("/") else rel


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return target + (f"#{anchor}" if anchor else "")


def download_name(page: str) -> str:
    """downloads/ file stem for a page's references: orientation/what-is.md -> orientation-what-is."""
    return page[: -len(".md")].replace("/", "-")
