"""The print-all page (mkdocs-print-site-plugin) holds every page of the site, so every page's
ids meet there: each page's citation markers, references and figures would share ids with
every other page's, and a citation would jump to another page's reference.

The plugin prefixes each page's headings with the page's key ("dementia-" for the dementia
page) and rewrites every "#x" link inside the page to "#dementia-x", but it misses most other
ids. ``unique_ids`` gives those the same prefix, so the rewritten links land on their own page.
It also mends the plugin's links to the home page (section "index"), which it writes as "#.".
"""
from __future__ import annotations

import re

PAGE_SECTION = re.compile(r'<section class="print-page" id="([^"]+)" heading-number="[^"]*">')
ID = re.compile(r'(\sid=")([^"]+)(")')
ID_REFERENCES = re.compile(r'(\s(?:aria-labelledby|aria-describedby|for|headers)=")([^"]+)(")')


def _prefixed(part: str, key: str) -> str:
    prefix = key + "-"
    renamed = {m.group(2) for m in ID.finditer(part) if not m.group(2).startswith(prefix)}
    part = ID.sub(lambda m: m.group(1) + (prefix + m.group(2) if m.group(2) in renamed else m.group(2)) + m.group(3), part)
    return ID_REFERENCES.sub(
        lambda m: m.group(1) + " ".join(prefix + t if t in renamed else t for t in m.group(2).split()) + m.group(3),
        part)


def unique_ids(html: str) -> str:
    """Each page section's ids that lack the page's prefix get it. A page's content runs to the
    first closing section tag: a page section holds no section (the allowlist admits none)."""
    out, at = [], 0
    for match in PAGE_SECTION.finditer(html):
        start = match.end()
        end = html.find("</section>", start)
        end = end if end >= 0 else len(html)
        out.append(html[at:start])
        out.append(_prefixed(html[start:end], match.group(1)))
        at = end
    out.append(html[at:])
    keys = {m.group(1) for m in PAGE_SECTION.finditer(html)}
    return "".join(out).replace('href="#."', 'href="#index"') if "index" in keys else "".join(out)
