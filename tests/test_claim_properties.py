"""Property: generated Markdown either fails the source claim checks, or every visible block
of its rendering (Python-Markdown with this site's extensions) carries a citation."""
from __future__ import annotations

import re

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from guide import claims
from guide.site_config import read_config
from guide.markdown_scan import CITATION_LIKE, CITED_KEY, scan
from guide.rendered_claims import SourceIndex, check_rendered_claims

WORDS = st.sampled_from(["music", "therapy", "pain", "scores", "people", "sessions", "halved", "reduced",
                         "30%", "more", "than", "better", "the", "in", "care", "doubled", "by", "a", "third",
                         "groups", "SMD", "-0.5", "fell", "was", "used", "@smith2020music", "`code`"])
CITE = st.sampled_from(["", " [@smith2020music]", " [@smith2020music]", " [@brown2019handbook; @smith2020music]"])
SENTENCE = st.builds(lambda words, cite: " ".join(words).capitalize() + cite + ".",
                     st.lists(WORDS, min_size=1, max_size=7), CITE)
PROSE = st.lists(SENTENCE, min_size=1, max_size=3).map(" ".join)
EDITORIAL = st.sampled_from(["", "", "\n{: .editorial }"])
BLOCK = st.one_of(
    st.builds(lambda p, e: p + e, PROSE, EDITORIAL),
    st.lists(PROSE, min_size=1, max_size=3).map(lambda items: "\n".join("- " + i for i in items)),
    st.builds(lambda level, p: "#" * level + " " + p.rstrip("."), st.integers(2, 4), SENTENCE),
    st.builds(lambda title, body: f'!!! note "{title}"\n\n    {body}', SENTENCE.map(lambda s: s.rstrip(".")), PROSE),
    st.builds(lambda title, body: f'??? note "{title}"\n\n    {body}', SENTENCE.map(lambda s: s.rstrip(".")), PROSE),
    PROSE.map(lambda p: "> " + p),
    st.builds(lambda head, cell: f"| {head} | Certainty |\n|---|---|\n| {cell} | Low |",
              SENTENCE.map(lambda s: s.rstrip(".")), SENTENCE),
    st.lists(WORDS, min_size=1, max_size=4).map(lambda w: f"[{' '.join(w)}](../index.md)"),
)
PAGE = st.lists(BLOCK, min_size=1, max_size=5).map(
    lambda blocks: "---\ntype: mechanism\n---\n# Title\n\n" + "\n\n".join(blocks) + "\n")


def extensions():
    names, configs = [], {}
    for ext in read_config(ROOT)[0].data["markdown_extensions"]:
        name, options = next(iter(ext.items())) if isinstance(ext, dict) else (ext, None)
        names.append(name)
        if name == "pymdownx.snippets":
            options = dict(options, base_path=[str(ROOT / p) for p in options["base_path"]])
        if options:
            configs[name] = options
    return names, configs


NAMES, CONFIGS = extensions()


def render(page: str) -> str:
    """The page as the site renders it, citations becoming footnotes as mkdocs-bibtex makes them."""
    body = scan(page).body
    keys = []

    def footnotes(match: re.Match) -> str:
        cited = CITED_KEY.findall(match.group(0))
        keys.extend(k for k in cited if k not in keys)
        return "".join(f"[^{k}]" for k in cited)

    masked = scan(page).masked
    text = "".join(body[last:m.start()] + footnotes(m) for last, m in _pairs(masked))
    text += body[_end(masked):] + "\n\n" + "\n".join(f"[^{k}]: A reference." for k in keys)
    html = markdown.markdown(text, extensions=NAMES, extension_configs=CONFIGS)
    return f"<html><body><article class='md-typeset'>{html}</article></body></html>"


def _pairs(masked):
    last = 0
    for m in CITATION_LIKE.finditer(masked):
        yield last, m
        last = m.end()


def _end(masked):
    ends = [m.end() for m in CITATION_LIKE.finditer(masked)]
    return ends[-1] if ends else 0


def source_problems(page: str):
    scanned = scan(page)
    return claims.check_units("p.md", scanned.units) + claims.check_labels("p.md", scanned.labels)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PAGE)
def test_a_page_passing_the_source_check_shows_every_block_cited(page):
    problems = [p for p in source_problems(page) if p.rule != "claim-editorial-share"]
    if problems:
        return  # the page fails the checks
    rendered = check_rendered_claims(render(page), SourceIndex([("p.md", page)]))
    assert rendered == [], page


def test_the_property_can_fail():
    """A page the source check lets through would fail the rendered check if uncited text reached it."""
    page = "---\ntype: mechanism\n---\n# Title\n\nMusic was used [@smith2020music].\n"
    html = render(page).replace("</article>", "<p>Music therapy halved pain.</p></article>")
    assert source_problems(page) == []
    assert check_rendered_claims(html, SourceIndex([("p.md", page)]))
