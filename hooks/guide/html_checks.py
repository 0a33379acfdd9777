"""Checks on the built HTML, where the tool chain's silent failures become visible.

A strict build can pass while a page shows a literal ``[@key]``, a citation that points
nowhere, code rewritten into footnotes, or a script that came in through the bibliography.
These rules read what a reader's browser will get.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from .bibliography import Bibliography
from .markdown_scan import CITATION_LIKE, ScannedPage
from .problem import Problem

LEFTOVER = re.compile(r"\[@|\[\^")
# Two citation markers with nothing between them read as one number: "1" "2" -> "12".
RUN_TOGETHER = re.compile(r'</a></sup>\s*<sup id="fnref')
# Elements and attributes that make the browser fetch something when the page loads.
FETCHING = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "audio": ("src",),
    "video": ("src", "poster"), "source": ("src", "srcset"), "embed": ("src",), "object": ("data",),
    "track": ("src",), "input": ("src",),
}
FETCHING_LINK_RELS = {"stylesheet", "icon", "shortcut", "preload", "prefetch", "preconnect",
                      "dns-prefetch", "modulepreload", "manifest", "apple-touch-icon"}
ABSOLUTE = re.compile(r"^(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"(?:@import\s+(?:url\()?|url\()\s*['\"]?((?:https?:)?//[^'\")\s]+)", re.IGNORECASE)


@dataclass
class _Page:
    """What the rules read from a page's content (its <article>, or the whole page if it has none)."""
    ids: set[str] = field(default_factory=set)
    footnote_refs: list[str] = field(default_factory=list)  # href targets of citation markers
    entry_links: dict[str, list[str]] = field(default_factory=dict)  # footnote id -> hrefs inside it
    leftovers: list[str] = field(default_factory=list)
    code_text: list[str] = field(default_factory=list)
    unsafe: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # every <a href> in the page content


CODE = {"code", "pre", "script", "style", "textarea"}


def read_page(html: str, tree: LexborHTMLParser | None = None) -> _Page:
    """Read the page's content (the <article>) in one walk, in document order, from the parse
    the other page checks share (``tree``), or a parse of its own."""
    tree = tree or LexborHTMLParser(html)
    top = tree.css_first("article")
    in_article = top is not None
    page = _Page()
    # (node, inside code, the footnote entry it is in): a stack, so deep pages need no recursion
    stack = [(top if in_article else tree.root, False, None)]
    while stack:
        node, code, entry = stack.pop()
        if node is None:
            continue
        tag = node.tag
        if tag == "-text":
            text = node.text_content or ""
            if code:
                page.code_text.append(text)
            elif LEFTOVER.search(text):
                page.leftovers.append(text.strip()[:60])
            continue
        if not tag or not tag[0].isalpha():  # comments, the doctype
            continue
        a = node.attributes
        if a.get("id"):
            page.ids.add(a["id"])
        if tag == "li" and (a.get("id") or "").startswith("fn:"):
            entry = a["id"]
            page.entry_links[entry] = []
        if tag == "a":
            if "footnote-ref" in (a.get("class") or "").split():
                page.footnote_refs.append(a.get("href", ""))
            if entry:
                page.entry_links[entry].append(a.get("href", ""))
            if a.get("href"):
                page.links.append(a["href"])
        if in_article:
            if tag == "script":
                page.unsafe.append("<script> in the page content")
            for name, value in a.items():
                if name.startswith("on"):
                    page.unsafe.append(f"event handler {name}= in the page content")
                if value and "javascript:" in value.replace(" ", "").lower():
                    page.unsafe.append(f"javascript: URL in {name}=")
        inner = code or tag in CODE
        stack.extend((child, inner, entry) for child in reversed(list(node.iter(include_text=True))))
    return page


FETCHING_OR_STYLED = ", ".join(sorted({*FETCHING, "link", "style", "[style]"}))


def remote_requests(html: str, tree: LexborHTMLParser | None = None) -> list[str]:
    """Everything on the whole page that makes the browser fetch from another host, read from
    the parse (``tree``, or a parse of its own): attribute values as the browser decodes them,
    quoted or not, and nothing that only looks like a tag inside a comment or a script."""
    tree = tree or LexborHTMLParser(html)
    found = []
    for node in tree.css(FETCHING_OR_STYLED):  # one walk of the page for every kind
        attributes = node.attributes
        if node.tag == "style":
            found += [f"<style> loads {url}" for url in CSS_REMOTE.findall(node.text(deep=True))]
        names = list(FETCHING.get(node.tag, ()))
        if node.tag == "link" and FETCHING_LINK_RELS & set((attributes.get("rel") or "").lower().split()):
            names.append("href")
        for name in names:
            value = (attributes.get(name) or "").strip()
            # a srcset lists several images, each "url [size]", separated by commas
            urls = [c.strip().split(" ")[0] for c in value.split(",")] if name == "srcset" else [value]
            found += [f"<{node.tag}> loads {url}" for url in urls if url and ABSOLUTE.match(url)]
        found += [f"style attribute loads {url}" for url in CSS_REMOTE.findall(attributes.get("style") or "")]
    return found


def duplicate_ids(html: str, tree: LexborHTMLParser | None = None) -> list[str]:
    """Ids that more than one element of the whole page carries: a link to one of them lands
    on whichever comes first, and assistive technology names the wrong element. ``tree``: the
    page already parsed, when the caller has it."""
    counts = Counter(node.attributes.get("id") for node in (tree or LexborHTMLParser(html)).css("[id]"))
    return sorted(i for i, n in counts.items() if i and n > 1)


def check_page_html(path: str, html: str, source: ScannedPage | None, bib: Bibliography,
                    page: _Page | None = None, tree: LexborHTMLParser | None = None) -> list[Problem]:
    """Every rule for one built page; ``source`` is its scanned Markdown (None for theme pages).
    ``page`` is the parsed content and ``tree`` the parsed page, when the caller has them."""
    page = page or read_page(html)
    problems: list[Problem] = []

    def report(rule: str, message: str) -> None:
        problems.append(Problem(path, 1, rule, message))

    for text in page.leftovers:
        report("html-leftover-citation",
               f"literal citation markup left in the page text: {text!r}; check the key and its entry")
    for target in page.footnote_refs:
        if not target.startswith("#") or target[1:] not in page.ids:
            report("html-dangling-citation", f"citation marker links to {target!r}, which is not on this page")
    for entry_id, hrefs in page.entry_links.items():
        key = entry_id[len("fn:"):]
        entry = bib.entries.get(key)
        if entry and "doi" in entry.fields:
            wanted = "https://doi.org/" + entry.fields["doi"]
            if wanted not in hrefs:
                report("html-doi-link", f"the reference for {key} does not link to {wanted}")
    duplicated = duplicate_ids(html, tree)
    if duplicated:
        shown = ", ".join(duplicated[:5]) + (f" and {len(duplicated) - 5} more" if len(duplicated) > 5 else "")
        report("html-duplicate-id", f"{len(duplicated)} ids are used more than once ({shown}): "
                                    "links to them land on the wrong element; make each id unique")
    if RUN_TOGETHER.search(html):
        report("html-citations-run-together",
               "two citation markers stand side by side with no separator, so '1' and '2' read as '12'")
    for what in page.unsafe:
        report("html-script", f"{what}: content and bibliography may not carry script")
    for what in remote_requests(html, tree):
        report("html-third-party", f"{what}: a page load must not request another host; serve it locally")
    if source is not None:
        cited = len(source.citations)
        if cited != len(page.footnote_refs):
            report("html-citation-count",
                   f"the Markdown has {cited} citations but the page shows {len(page.footnote_refs)} "
                   "citation links: some were dropped or invented on the way")
        code = "".join(page.code_text)  # highlighting splits code into many small text nodes
        in_code = sum(m.group(0).count("@") for m in CITATION_LIKE.finditer(code))
        if in_code < source.code_citation_count:
            report("html-code-rewritten",
                   f"{source.code_citation_count} citation-like texts stand in code in the Markdown, "
                   f"but only {in_code} survive in the page's code: code was rewritten")
    return problems


def check_css(path: str, css: str) -> list[Problem]:
    return [Problem(path, css.count("\n", 0, m.start()) + 1, "html-third-party",
                    f"stylesheet loads {m.group(1)}: a page load must not request another host")
            for m in CSS_REMOTE.finditer(css)]
