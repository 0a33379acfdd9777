"""Content made at build time from the site's data, placed where a page has a marker.

A page asks for generated content with an HTML comment, ``<!-- generate: NAME [ARG] -->``.
The hook replaces it before the page is rendered; the checks reject unknown names. Nothing a
generator shows is kept by hand anywhere else: it comes from references.bib, the pages'
front matter, findings/*.yml, or sources-not-cited.yml.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .bibliography import ANNOTATION_FIELD, READING_LEVELS
from .citation_index import cited_on
from .evidence_levels import LEVELS
from .not_cited import REASONS, NotCited
from .problem import Problem
from .references import short_reference
from .urls import link, page_url, relative_url
from . import findings_views

if TYPE_CHECKING:
    from .site_data import Site
    from .references import ReferenceFormatter

MARKER = re.compile(r"<!--\s*generate:\s*([\w-]+)(?:\s+([\w-]+))?\s*-->")


@dataclass
class Context:
    site: Site
    formatter: ReferenceFormatter
    not_cited: list[NotCited]
    directory_urls: bool = True  # MkDocs' use_directory_urls: x/y.md is served as x/y/


def sort_key(ctx: Context, key: str):
    entry = ctx.site.bib.entries[key]
    people = entry.persons.get("author") or entry.persons.get("editor") or [""]
    return (people[0].lower().strip("{}"), entry.fields.get("year", ""), entry.fields.get("title", "").lower())


def _reference_block(ctx: Context, key: str, extra: str = "") -> str:
    return (f'<div class="reference" id="ref-{key}" markdown="1">\n'
            f'<p class="reference-text">{ctx.formatter.footnote(key)}{extra}</p>\n')


def _letter(ctx: Context, key: str) -> str:
    first = sort_key(ctx, key)[0][:1].upper()
    return first if "A" <= first <= "Z" else "#"


def _cited_keys_a_to_z(ctx: Context):
    places = cited_on(ctx.site)
    keys = sorted((k for k in places if k in ctx.site.bib.entries), key=lambda k: sort_key(ctx, k))
    letters: dict[str, str] = {}  # letter -> the first work under it
    for key in keys:
        letters.setdefault(_letter(ctx, key), key)
    return places, keys, letters


def _letter_id(letter: str) -> str:
    return f'letter-{"other" if letter == "#" else letter.lower()}'


def references(ctx: Context, page: str, arg: str | None) -> str:
    """Every cited work, A to Z: a bar of letters that jumps to each, then the list, put in once
    the page is HTML (references_list). The evidence-level filter is added by
    docs/assets/javascripts/references.js."""
    _, keys, letters = _cited_keys_a_to_z(ctx)
    jump = " ".join(f'<a href="#{_letter_id(letter)}">{letter}</a>' for letter in letters)
    return (f"{len(keys)} works are cited on this site. "
            f"Download them all: [BibTeX]({link(page, 'downloads/references.bib')}) · "
            f"[RIS]({link(page, 'downloads/references.ris')}).\n\n"
            f'<p class="references-az">Jump to: {jump}</p>\n\n' + AFTER_MARKDOWN.format("references") + "\n")


def references_list(ctx: Context, page: str) -> str:
    """Every cited work under its letter, with a collapsed list of the places citing it (long
    lists would bury the next reference). Written as HTML and put in after Markdown
    (``fill_after_markdown``): on a large site this list holds thousands of links, and Markdown
    would re-parse every one. The built-site link check verifies each target."""
    places, keys, letters = _cited_keys_a_to_z(ctx)
    here = page_url(page, ctx.directory_urls)
    out = []
    for key in keys:
        letter = _letter(ctx, key)
        if letters[letter] == key:
            out.append(f'<h2 class="references-letter" id="{_letter_id(letter)}">{letter}</h2>\n')
        # Each citing page once: a link per section made this list 40% of the page (24 of 59 KB
        # gzipped, read by every phone that opens it); a link to the work in each page's own
        # reference list, 4.6 KB more.
        cites = ", ".join(
            f'<a href="{relative_url(here, page_url(p.page, ctx.directory_urls))}">'
            f'{html.escape(p.page_title)}</a>' for p in places[key])
        pages = len(places[key])
        out.append(f'<div class="reference" id="ref-{key}">\n'
                   f'<p class="reference-text">{ctx.formatter.footnote(key)}</p>\n'
                   f'<details class="cited-on-list"><summary>Cited on {pages} page{"" if pages == 1 else "s"}</summary>\n'
                   f'<p class="cited-on">{cites}</p>\n</details>\n</div>\n')
    return "\n".join(out)


# HTML a generator leaves to be put in once the page is HTML (see references_list)
AFTER_MARKDOWN = "<!-- generated-html: {} -->"
AFTER_MARKDOWN_FOUND = re.compile(r"<!-- generated-html: ([\w-]+) -->")
HTML_GENERATORS = {"references": references_list}


def fill_after_markdown(html_text: str, page: str, ctx: Context) -> tuple[str, set[str]]:
    """The page with its generated HTML in place, and the ids that HTML adds (MkDocs checks
    links to them: the page's anchors must include them)."""
    if "<!-- generated-html:" not in html_text:
        return html_text, set()
    ids: set[str] = set()

    def fill(match: re.Match) -> str:
        if match.group(1) not in HTML_GENERATORS:
            return match.group(0)
        made = HTML_GENERATORS[match.group(1)](ctx, page)
        ids.update(ID.findall(made))
        return made

    return AFTER_MARKDOWN_FOUND.sub(fill, html_text), ids


ID = re.compile(r'\sid="([^"]+)"')


def evidence_levels(ctx: Context, page: str, arg: str | None) -> str:
    rows = ["| Level | Badge | What kind of work | How the site words a claim resting on it |",
            "|---|---|---|---|"]
    for level in LEVELS.values():
        rows.append(f"| `{level.tag}` | {level.label} | {level.design} | {level.wording} |")
    return "\n".join(rows) + "\n"


def not_cited(ctx: Context, page: str, arg: str | None) -> str:
    out = []
    for reason, heading in REASONS.items():
        items = [i for i in ctx.not_cited if i.reason == reason]
        if not items:
            continue
        out.append(f"## {heading}\n")
        for item in items:
            instead = "; ".join(f"[{short_reference(ctx.site.bib.entries[k])}]({link(page, 'references.md', 'ref-' + k)})"
                                for k in item.instead) or "nothing: the claim was dropped"
            out.append(f"- **{item.work}**  \n  Why: {item.detail}  \n  The site cites instead: {instead}\n")
    return "\n".join(out)


def reading_keys(ctx: Context, level: str) -> list[str]:
    keys = [k for k, e in ctx.site.bib.entries.items() if e.fields.get("reading") == level]
    return sorted(keys, key=lambda k: (ctx.site.bib.entries[k].fields.get("access") != "open", sort_key(ctx, k)))


def reading_list(ctx: Context, page: str, level: str | None) -> str:
    keys = reading_keys(ctx, level or "")
    out = [f"Download this list: [BibTeX]({link(page, f'downloads/reading-{level}.bib')}) · "
           f"[RIS]({link(page, f'downloads/reading-{level}.ris')}).\n"]
    for key in keys:
        fields = ctx.site.bib.entries[key].fields
        badge = ' <span class="open-access">Open access</span>' if fields.get("access") == "open" else ""
        # Why to read it: plain text by the bibliography's rule, escaped here all the same.
        annotation = " ".join(fields.get(ANNOTATION_FIELD, "").split())
        why = f'<p class="reading-annotation">{html.escape(annotation)}</p>\n' if annotation else ""
        out.append(_reference_block(ctx, key, badge) + why + "\n</div>\n")
    return "\n".join(out)


GENERATORS = {
    "references": references,
    "evidence-levels": evidence_levels,
    "evidence-map": findings_views.evidence_map,
    "glance": findings_views.glance_table,
    "overview": findings_views.overview,
    "certainty-legend": findings_views.certainty_legend,
    "not-cited": not_cited,
    "reading-list": reading_list,
}
ARGUMENTS = {"reading-list": READING_LEVELS}


def expand(markdown: str, page: str, ctx: Context) -> str:
    return MARKER.sub(lambda m: GENERATORS[m.group(1)](ctx, page, m.group(2)), markdown)


def marker_problems(path: str, body: str, first_line: int) -> list[Problem]:
    problems = []
    for match in MARKER.finditer(body):
        line = first_line + body.count("\n", 0, match.start())
        name, arg = match.group(1), match.group(2)
        if name not in GENERATORS:
            problems.append(Problem(path, line, "marker-unknown",
                                    f"no generator is called {name!r}; use one of {', '.join(GENERATORS)}"))
        elif name in ARGUMENTS and arg not in ARGUMENTS[name]:
            problems.append(Problem(path, line, "marker-unknown",
                                    f"{name} needs one of {', '.join(ARGUMENTS[name])}, not {arg!r}"))
    return problems
