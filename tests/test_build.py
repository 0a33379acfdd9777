"""Strict builds of the fixture site and the real site: the hook adapter end to end."""
import re

import pytest

from conftest import ROOT, run_build
from guide.content_check import check_site
from guide.site_build import check_built_site


def test_fixture_site_builds_and_its_html_passes(fixture_site):
    run = run_build(fixture_site)
    assert run.returncode == 0, run.stderr
    assert check_built_site(check_site(fixture_site), fixture_site / "site") == []
    html = (fixture_site / "site" / "topics" / "topic" / "index.html").read_text()
    # adjacent citations are visibly separate, never run together as "12"
    assert re.search(r'href="#fn:smith2020music">1</a></sup><sup class="cite-sep">, </sup>'
                     r'<sup id="fnref:brown2019handbook"><a class="footnote-ref" href="#fn:brown2019handbook">2<', html)
    assert "<code>[@smith2020music]</code>" in html and "<code>[@unknownkey]</code>" in html
    assert '<h2 id="references">References' in html
    assert '<a href="https://doi.org/10.1000/fixture.2020.1">https://doi.org/10.1000/fixture.2020.1</a>' in html
    assert 'class="evidence-badge" data-level="E2-RCT"' in html
    # the glance table is generated from findings/, with its certainty badge and citation
    population = (fixture_site / "site" / "topics" / "population" / "index.html").read_text()
    assert "One trial found that music therapy improved mood." in population
    assert 'class="certainty certainty-single-study"' in population
    assert 'href="#fn:smith2020music"' in population


def append(path, text):
    path.write_text(path.read_text() + text)


def replace(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


BAD_INPUTS = {
    "unknown key": (lambda p: append(p / "docs/topics/topic.md", "\nMore [@nosuch2020key].\n"), "cite-unknown-key"),
    "key differing in case": (lambda p: append(p / "docs/topics/topic.md", "\nMore [@Smith2020music].\n"), "cite-key-case"),
    "uncited paragraph": (lambda p: append(p / "docs/topics/topic.md", "\nNo source here.\n"), "claim-uncited"),
    "script in markdown": (lambda p: append(p / "docs/topics/topic.md", "\n<script>alert(1)</script>\n"), "content-script"),
    "missing required field": (lambda p: replace(p / "references.bib", "  journal  = {Journal of Fixtures},\n", ""),
                               "bib-required-field"),
    "script in a bib title": (lambda p: replace(p / "references.bib", "in a fixture trial", "<script>alert(1)</script>"),
                              "bib-markup"),
    "javascript url": (lambda p: replace(p / "references.bib", "https://example.org/about", "javascript:alert(1)"),
                       "bib-url"),
    "broken link": (lambda p: replace(p / "docs/index.md", "topics/topic.md#findings", "topics/gone.md"), "link-broken"),
    "finding with an unknown certainty": (lambda p: replace(p / "findings/mood.yml", "certainty: single-study",
                                                            "certainty: not yet read"), "findings-schema"),
    "number that is not in the data": (lambda p: replace(p / "docs/topics/population.md", "analysed 112", "analysed 211"),
                                       "findings-number"),
    "hand-written table of findings": (lambda p: append(p / "docs/topics/topic.md",
                                       "\n| Outcome | Certainty |\n|---|---|\n| Mood [@smith2020music] | Low |\n"),
                                       "findings-hand-table"),
    "page not in nav": (lambda p: (p / "docs/topics/extra.md").write_text((p / "docs/topics/topic.md").read_text()),
                        "nav-missing"),
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_strict_build_fails_on_bad_input_with_the_rule_id(fixture_site, name):
    mutate, rule = BAD_INPUTS[name]
    mutate(fixture_site)
    run = run_build(fixture_site)
    assert run.returncode != 0
    assert f": {rule}: " in run.stderr, run.stderr


@pytest.mark.parametrize("broken, where", [
    ("  title     = {Handbook of fixtures},\n", "  title     = {Handbook of {fixtures},\n"),
    ("  access   = {open}\n}\n\n@book", "  access   = {open}\n\n@book"),
])
def test_malformed_bibliography_gives_one_line_errors_not_a_traceback(fixture_site, broken, where):
    replace(fixture_site / "references.bib", broken, where)
    run = run_build(fixture_site)
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert re.search(r"references\.bib:\d+: bib-syntax: ", run.stderr), run.stderr


def test_without_the_hook_the_plugin_fails_silently_and_the_html_checks_catch_it(fixture_site):
    """The traps the hook exists for, shown on the bare plugin: a strict build passes, the HTML does not."""
    replace(fixture_site / "mkdocs.yml", "hooks:\n", "unused_hooks:\n")
    config = fixture_site / "mkdocs.yml"
    config.write_text(config.read_text().replace("unused_hooks:", "extra:\n  unused_hooks:"))
    # the theme override goes with the hook: the hook fills in its policy and gives its footer links
    replace(config, f"  custom_dir: {ROOT / 'overrides'}\n", "")
    page = fixture_site / "docs/topics/topic.md"
    replace(page, " and `[@unknownkey]`", "")  # the plugin does warn about unknown keys, even in code
    replace(page, "<!-- [@notakey] inside a comment is ignored -->", "")
    run = run_build(fixture_site)
    assert run.returncode == 0, run.stderr
    rules = {p.rule for p in check_built_site(check_site(fixture_site), fixture_site / "site")}
    assert "html-code-rewritten" in rules  # the plugin rewrote [@key] inside code
    assert "html-citations-run-together" in rules  # [@a; @b] became "12"


def test_real_site_builds_strictly_and_its_html_passes(real_site):
    problems = check_built_site(check_site(real_site), real_site / "site")
    assert [str(p) for p in problems] == []


def test_html_checks_give_the_same_problems_in_parallel(fixture_site, monkeypatch):
    from guide import site_build
    append(fixture_site / "docs/topics/topic.md", "\nMore [@nosuch2020key].\n")
    run_build(fixture_site)  # fails strictly, but writes the site
    site = check_site(fixture_site)
    serial = check_built_site(site, fixture_site / "site")
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 1)
    assert check_built_site(site, fixture_site / "site", parallel=True) == serial
    assert any(p.rule == "html-citation-count" for p in serial)
