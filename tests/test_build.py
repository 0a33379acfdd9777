"""Strict builds of the fixture site and the real site: the hook adapter end to end.

Each variant of the fixture site (clean, or with one bad input) is built once, in its own
folder, all of them side by side on every core before the first test here; a test that needs
the same input as another reads the same build.
"""
import json
import re
import time

import pytest
import rispy

from conftest import ROOT, on_fixture_copies, report_phase, run_build, worker_pools_started
from guide.content_check import check_site
from guide.site_build import check_built_site


def test_fixture_site_builds_and_its_html_passes(builds):
    fixture_site, run = builds["clean"]
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


def test_reference_lists_cite_box_and_cited_on_stay_out_of_the_search_index_but_not_the_page(builds):
    fixture_site, run = builds["clean"]
    assert run.returncode == 0, run.stderr
    html = (fixture_site / "site" / "topics" / "topic" / "index.html").read_text()
    docs = json.loads((fixture_site / "site" / "search" / "search_index.json").read_text())["docs"]
    page_docs = [d for d in docs if d["location"].startswith("topics/topic/")]
    index = json.dumps(page_docs)
    # no "References" result for every page, nor citation numbers in the prose
    assert "topics/topic/#references" not in [d["location"] for d in page_docs]
    assert '<sup id="fnref:' in html and "<sup>" not in " ".join(d["text"] for d in page_docs)
    for text in ("Music therapy in a fixture trial", "Cite this page", "BibTeX:", "Download this page"):
        assert text in html, f"{text!r} should be on the page"
        assert text not in index, f"{text!r} should not be in the page's search entries"
    assert "unindexed:" not in html
    assert "A paragraph that cites one source" in index  # the prose is still indexed
    references = (fixture_site / "site" / "references" / "index.html").read_text()
    assert 'class="cited-on"' in references
    assert "Cited on" not in json.dumps([d for d in docs if d["location"].startswith("references/")])


def test_the_cite_box_gives_bibtex_and_ris_a_reference_manager_reads(builds):
    """What a reader copies from the box parses back, with every RIS tag at the start of its line."""
    from pybtex.database import parse_string
    from selectolax.lexbor import LexborHTMLParser
    fixture_site, run = builds["clean"]
    assert run.returncode == 0, run.stderr
    html = (fixture_site / "site" / "topics" / "topic" / "index.html").read_text()
    bibtex, ris = [code.text() for code in LexborHTMLParser(html).css("details.quote pre > code")]
    (entry,) = parse_string(bibtex, "bibtex").entries.values()
    assert entry.fields["url"].endswith("topics/topic/") and bibtex.startswith("@misc{")
    lines = [line for line in ris.splitlines() if line.strip()]
    assert lines[1].startswith("TY  - ELEC") and lines[-1].startswith("ER  -")
    assert all(not line[0].isspace() for line in lines), ris
    assert rispy.loads(ris)[0]["urls"][0].endswith("topics/topic/")


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


MALFORMED_BIB = [
    ("  title     = {Handbook of fixtures},\n", "  title     = {Handbook of {fixtures},\n"),
    ("  access   = {open}\n}\n\n@book", "  access   = {open}\n\n@book"),
]


def without_the_hook(project):
    """The traps the hook exists for, shown on the bare plugin."""
    replace(project / "mkdocs.yml", "hooks:\n", "unused_hooks:\n")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("unused_hooks:", "extra:\n  unused_hooks:"))
    page = project / "docs/topics/topic.md"
    replace(page, " and `[@unknownkey]`", "")  # the plugin does warn about unknown keys, even in code
    replace(page, "<!-- [@notakey] inside a comment is ignored -->", "")
    # the theme override goes with the hook: the hook fills in its policy and gives its footer links
    config.write_text(re.sub(r"(?m)^  custom_dir: .*\n", "", config.read_text()))


# Every input the tests here build: name -> how it differs from the fixture site.
VARIANTS = {"clean": lambda p: None, "without the hook": without_the_hook,
            **{name: mutate for name, (mutate, rule) in BAD_INPUTS.items()},
            **{f"malformed bib {i}": (lambda p, b=broken, w=where: replace(p / "references.bib", b, w))
               for i, (broken, where) in enumerate(MALFORMED_BIB)}}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """name -> (project folder, finished strict build) for every variant, built in parallel."""
    start = time.perf_counter()
    done = on_fixture_copies(tmp_path_factory, VARIANTS, run_build)
    report_phase(f"fixture-site builds ({len(done)} variants, in parallel)", time.perf_counter() - start)
    return done


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_strict_build_fails_on_bad_input_with_the_rule_id(builds, name):
    rule = BAD_INPUTS[name][1]
    fixture_site, run = builds[name]
    assert run.returncode != 0
    assert f": {rule}: " in run.stderr, run.stderr


@pytest.mark.parametrize("index", range(len(MALFORMED_BIB)))
def test_malformed_bibliography_gives_one_line_errors_not_a_traceback(builds, index):
    fixture_site, run = builds[f"malformed bib {index}"]
    assert run.returncode != 0
    assert "Traceback" not in run.stderr + run.stdout
    assert re.search(r"references\.bib:\d+: bib-syntax: ", run.stderr), run.stderr


def test_without_the_hook_the_plugin_fails_silently_and_the_html_checks_catch_it(builds):
    """The traps the hook exists for, shown on the bare plugin: a strict build passes, the HTML does not."""
    fixture_site, run = builds["without the hook"]
    assert run.returncode == 0, run.stderr
    rules = {p.rule for p in check_built_site(check_site(fixture_site), fixture_site / "site")}
    assert "html-code-rewritten" in rules  # the plugin rewrote [@key] inside code
    assert "html-citations-run-together" in rules  # [@a; @b] became "12"


def test_real_site_builds_strictly_and_its_html_passes(real_site):
    problems = check_built_site(check_site(real_site), real_site / "site")
    assert [str(p) for p in problems] == []
    # the print page shows each reference in full, as the pages do, not an empty slot
    printed = (real_site / "site" / "print_page" / "index.html").read_text()
    assert 'class="reference-slot"' not in printed and 'class="ref-all"' in printed
    assert 'class="cited-on"' not in printed  # navigation for the web, left out of print (guide.unindexed)


@pytest.fixture
def damaged_site(builds, tmp_path):
    """A copy of the clean build with one citation link removed from a built page: an unknown
    key stops the build before any page is written, so the damage is done to the HTML itself,
    and the HTML checks must notice it."""
    import shutil
    clean, _ = builds["clean"]
    project = shutil.copytree(clean, tmp_path / "damaged")
    built = project / "site/topics/topic/index.html"
    html = built.read_text()
    link = re.search(r'<sup id="fnref:smith2020music">.*?</sup>', html).group(0)
    built.write_text(html.replace(link, "", 1))
    return project


def test_html_checks_give_the_same_problems_in_parallel(damaged_site, monkeypatch):
    from guide import site_build
    fixture_site = damaged_site
    site = check_site(fixture_site)
    serial = check_built_site(site, fixture_site / "site")
    monkeypatch.setattr(site_build, "PARALLEL_FROM", 1)
    pools = worker_pools_started(monkeypatch)
    assert check_built_site(site, fixture_site / "site", parallel=True) == serial
    assert pools == [2]
    assert any(p.rule == "html-citation-count" for p in serial)


def test_html_checks_remembered_while_serving_redo_only_changed_pages_with_the_same_result(damaged_site, tmp_path, monkeypatch):
    import shutil
    from guide import site_build
    fixture_site = damaged_site
    site_dir = shutil.copytree(fixture_site / "site", tmp_path / "site")
    site = check_site(fixture_site)
    fresh = check_built_site(site, site_dir)
    parsed = []
    real_read_page = site_build.read_page
    monkeypatch.setattr(site_build, "read_page", lambda html, *tree: parsed.append(1) or real_read_page(html, *tree))
    remembered = {}
    assert check_built_site(site, site_dir, remembered=remembered) == fresh
    pages = len(parsed)
    assert pages > 1 and check_built_site(site, site_dir, remembered=remembered) == fresh
    assert len(parsed) == pages  # nothing changed: nothing parsed again
    topic = site_dir / "topics" / "topic" / "index.html"
    topic.write_text(topic.read_text().replace("</article>", "<p>An edit.</p></article>", 1))
    assert check_built_site(site, site_dir, remembered=remembered) == check_built_site(site, site_dir)
    assert len(parsed) == pages + 1 + pages  # the edited page again, then the fresh run's every page


def test_reading_lists_show_each_works_annotation_under_its_reference(real_site):
    from selectolax.lexbor import LexborHTMLParser
    from guide import bibliography
    bib = bibliography.load(real_site / "references.bib")
    listed = {k: e for k, e in bib.entries.items() if "reading" in e.fields}
    page = LexborHTMLParser((real_site / "site" / "educators" / "reading-lists" / "index.html").read_text())
    assert len(listed) >= 30
    for key, entry in listed.items():
        block = page.css_first(f"div.reference#ref-{key}")
        assert block is not None, key
        shown = block.css_first("p.reading-annotation")
        assert shown is not None, f"{key}: no annotation under the reference"
        assert " ".join(shown.text().split()) == " ".join(entry.fields["annotation"].split()), key
        assert block.css_first("p.reference-text") is not None, key  # the annotation follows the reference itself
