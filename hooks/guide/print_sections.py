"""Each page's part of the print-all page, rewritten by the hook instead of by print-site.

mkdocs-print-site-plugin rewrites each page's HTML (links, ids, tabs, images) when it writes
the print page. Its id rewrite (``update_anchor_ids``) tries, from every "<", a regex that scans
to the end of the line: on pages with long reference lists that was most of its time.

``set_aside`` (on_page_context, after print-site kept ``page.html``) rewrites the page here,
with the plugin's own functions but for ``anchor_ids``, which gives the same output as the
plugin's scan while trying only the lines that hold an ``id="``. print-site then gets a stand-in
it passes through unchanged; ``put_back`` (on_post_build) swaps each stand-in for its page.

The print page is byte for byte the same: a page keeps its own HTML (and print-site does the
work) unless print-site would change nothing on it but the rewrite, and whatever print-site
and the theme do to the whole page sees the same thing in the stand-in as in the rewritten
page: "<h1" (a heading is added if the page lacks one), line breaks (its lazy-image regex works
line by line), and none of "<img", 'loading="lazy"', "</head>" in either.
"""
from __future__ import annotations

import re
import uuid

from mkdocs_print_site_plugin.urls import fix_href_links, fix_image_src, fix_tabbed_content, get_page_key

# The plugin's regex (urls.update_anchor_ids) and the tags whose ids it prefixes.
TAG_WITH_ID = re.compile(r"<([^\s]+).*?id=\"([^\"]*?)\".*?>", flags=re.IGNORECASE)
ID_ATTRIBUTE = re.compile(r'id="', flags=re.IGNORECASE)
PREFIXED_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "sup", "li"}
FIRST_HEADING = re.compile(r"\<h[0-6]")  # the plugin adds an h1 to a page whose first heading is not one
# a random name no page holds; "<h1" and a line break inside it when the rewritten page has them
STAND_IN = "<!--print-section {name}{h1}{newline}-->"
STAND_IN_FOUND = re.compile(r"<!--print-section [0-9a-f]{32}(?:<h1)?\n?-->")
NOT_ON_A_STAND_IN_PAGE = ("<img", 'loading="lazy"', "</head>")


def _tags_with_ids(html: str):
    """What ``TAG_WITH_ID.finditer(html)`` finds. A match begins on a line with an ``id="`` after
    its "<" (neither "." nor "[^\\s]" crosses a line break): other lines are not tried."""
    at = 0
    while (first := ID_ATTRIBUTE.search(html, at)) is not None:
        line_start = html.rfind("\n", 0, first.start()) + 1
        line_end = html.find("\n", first.start())
        line_end = len(html) if line_end < 0 else line_end
        last = first.start()
        for later in ID_ATTRIBUTE.finditer(html, first.start() + 1, line_end):
            last = later.start()
        found, tag = None, max(at, line_start)
        while found is None and (tag := html.find("<", tag, last)) >= 0:
            found = TAG_WITH_ID.match(html, tag)
            tag += 1
        if found is None:
            at = line_end
        else:
            yield found
            at = found.end()


def anchor_ids(html: str, page_key: str) -> str:
    """print-site's ``update_anchor_ids``: the same replacements, in the same order."""
    for match in list(_tags_with_ids(html)):
        if match.group(1) in PREFIXED_TAGS:
            text, id_text = match.group(), match.group(2)
            html = html.replace(text, text.replace(id_text, page_key + "-" + id_text))
    return html


def rewrite(html: str, url: str, directory_urls: bool) -> str:
    """print-site's ``fix_internal_links`` without the section around the page."""
    key = get_page_key(url)
    html = anchor_ids(fix_href_links(html, key, url, directory_urls), key)
    return fix_image_src(fix_tabbed_content(html, key), url, directory_urls)


def set_aside(page, directory_urls: bool, kept: dict[str, str]) -> None:
    """Give print-site a stand-in for the page's HTML, the page rewritten kept in ``kept``."""
    html = getattr(page, "html", "")
    first = FIRST_HEADING.search(html)
    if not html or (first and first.group() != "<h1") or page.meta.get("tags"):
        return  # print-site adds to these pages before its rewrite: it rewrites them itself
    done = rewrite(html, page.url, directory_urls)
    if any(text in done or text in html for text in NOT_ON_A_STAND_IN_PAGE):
        return
    stand_in = STAND_IN.format(name=uuid.uuid4().hex, h1="<h1" if "<h1" in done else "", newline="\n" if "\n" in done else "")
    kept[stand_in] = done
    page.html = stand_in


def put_back(html: str, kept: dict[str, str]) -> str:
    """The print page with each stand-in replaced by its page, rewritten."""
    return STAND_IN_FOUND.sub(lambda m: kept.get(m.group(0), m.group(0)), html) if kept else html
