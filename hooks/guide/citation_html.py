"""Citation markers and a page's reference list, written as the HTML readers get, without
Markdown's footnotes extension reading them.

mkdocs-bibtex turns each citation into footnote syntax (``[^key]``, through the hook's
registry) and appends one definition per cited work. Before Markdown runs, ``take`` swaps each
citation group for a token Markdown passes through untouched and removes the definitions,
keeping the page's works in the plugin's order (their numbers). Once the page is HTML,
``write`` puts in the markers and the reference list exactly as python-markdown's footnotes
would write them, made readable as guide.footnote_html describes: numbers in a group ascending,
one link back to where the work is first cited. Markdown's footnotes cost more than the rest
of a page's conversion; this costs a few string substitutions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from .footnote_html import BACK_TEXT, SEPARATOR

# what the hook's registry gives mkdocs-bibtex: a group's markers, and a slot per definition
_FOOTNOTE = r"\[\^([\w:-]+)\]"
GROUP = re.compile(f"{_FOOTNOTE}(?:{re.escape(SEPARATOR)}{_FOOTNOTE})*")
KEY = re.compile(_FOOTNOTE)
DEFINITION = re.compile(r'^\[\^([\w:-]+)\]: <span class="reference-slot" data-key="\1"></span>\n?', re.MULTILINE)
# Private-use characters and digits: no Markdown syntax reads them (the hook's HIDDEN_AT is \ue000)
TOKEN = "\ue001{}\ue002"
TOKEN_FOUND = re.compile("\ue001(\\d+)\ue002")
# where the hook's "References" heading asks for the list (python-markdown's footnote marker)
PLACE = "<p>///Footnotes Go Here///</p>"


@dataclass
class Citations:
    keys: list[str] = field(default_factory=list)  # the page's works, numbered in this order
    groups: list[list[str]] = field(default_factory=list)  # the keys of each citation group


def take(markdown: str) -> tuple[str, Citations]:
    """The Markdown with each citation group as a token and no footnote definitions."""
    found = Citations(keys=DEFINITION.findall(markdown))
    if not found.keys:
        return markdown, found
    defined = set(found.keys)

    def token(match: re.Match) -> str:
        keys = KEY.findall(match.group(0))
        if not defined.issuperset(keys):
            return match.group(0)  # not the plugin's: left for Markdown (and the HTML checks)
        found.groups.append(keys)
        return TOKEN.format(len(found.groups) - 1)

    return GROUP.sub(token, DEFINITION.sub("", markdown)), found


def marker(key: str, number: int, nth: int) -> str:
    ref_id = f"fnref{nth if nth > 1 else ''}:{key}"
    return f'<sup id="{ref_id}"><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>'


def reference_list(keys: list[str], text: Callable[[str], str]) -> str:
    """The list under "References": each work with one link back to its first citation,
    which ``write`` always gives the id fnref:key."""
    items = "".join(f'<li id="fn:{key}">\n<p>{text(key)}&#160;<a class="footnote-backref" href="#fnref:{key}" '
                    f'title="Back to where this work is cited in the text">{BACK_TEXT}</a></p>\n</li>\n'
                    for key in keys)
    return f'<div class="footnote">\n<hr />\n<ol>\n{items}</ol>\n</div>'


def write(html: str, found: Citations, text: Callable[[str], str]) -> str:
    """The page's HTML with its markers (ids counted in the order they stand on the page) and
    its reference list in place; ``text(key)`` is a work's entry in the list."""
    if not found.keys:
        return html
    number = {key: n for n, key in enumerate(found.keys, start=1)}
    seen: dict[str, int] = {}

    def group(match: re.Match) -> str:
        out = []
        for key in sorted(found.groups[int(match.group(1))], key=number.__getitem__):
            seen[key] = seen.get(key, 0) + 1
            out.append(marker(key, number[key], seen[key]))
        return SEPARATOR.join(out)

    html = TOKEN_FOUND.sub(group, html)
    return html.replace(PLACE, reference_list(found.keys, text), 1)


def ids(found: Citations) -> set[str]:
    """The ids ``write`` adds (MkDocs checks links to a page's anchors against them)."""
    seen: dict[str, int] = {}
    for group in found.groups:
        for key in group:
            seen[key] = seen.get(key, 0) + 1
    return ({f"fn:{key}" for key in found.keys}
            | {f"fnref{n if n > 1 else ''}:{key}" for key, count in seen.items() for n in range(1, count + 1)})
