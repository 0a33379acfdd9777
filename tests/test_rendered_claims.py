"""The claim rules on the rendered page, and their agreement with the fast Markdown check.

tests/fixtures/claims holds one page per way an uncited claim used to reach the built page;
one build renders them all beside the good fixture pages, then both checks judge them.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, expected_rule, run_build
from guide.content_check import check_site
from guide.rendered_claims import SourceIndex, check_rendered_claims
from guide.site_build import check_built_site

CASES = FIXTURES / "claims"
BAD = sorted((CASES / "docs").glob("*.md"))
GOOD = sorted((FIXTURES / "pages" / "good").glob("*.md"))
UNCITED = sorted((FIXTURES / "pages" / "bad").glob("uncited-*.md"))
SNIPPETS = """  - pymdownx.snippets:
      base_path: [includes]
      auto_append: [abbreviations.md]
      check_paths: true
"""


def make_project(root: Path, pages: dict[str, Path]) -> Path:
    """The fixture site with snippets, the case includes, and the given pages under docs/."""
    project = root / "project"
    shutil.copytree(FIXTURES / "site", project)
    config = project / "mkdocs.yml"
    text = config.read_text().replace("HOOKS_DIR", str(ROOT / "hooks")).replace("OVERRIDES_DIR", str(ROOT / "overrides"))
    plain = "  - pymdownx.snippets:\n      base_path: [includes]\n      check_paths: true\n"
    assert plain in text  # the fixture site's snippets, now with the abbreviations appended
    config.write_text(text.replace(plain, SNIPPETS))
    shutil.copytree(CASES / "includes", project / "includes", dirs_exist_ok=True)
    for rel, source in pages.items():
        (project / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, project / "docs" / rel)
    return project


@pytest.fixture(scope="module")
def cases_site(tmp_path_factory) -> Path:
    pages = {f"cases/{p.name}": p for p in BAD} | {f"good/{p.name}": p for p in GOOD}
    pages |= {f"uncited/{p.name}": p for p in UNCITED}
    project = make_project(tmp_path_factory.mktemp("claims"), pages)
    run = run_build(project)  # fails strictly (the cases are bad) but writes the site
    assert (project / "site" / "cases" / "heading" / "index.html").exists(), run.stderr
    return project


def verdicts(project: Path) -> tuple[set, set]:
    """(path, line) of every claim problem, from the Markdown and from the rendered pages."""
    site = check_site(project)
    source = {(p.path, p.line) for p in site.problems
              if p.rule.startswith("claim-") and p.rule != "claim-editorial-share"}
    rendered = {(p.path, p.line) for p in check_built_site(site, project / "site")
                if p.rule.startswith("rendered-")}
    return source, rendered


def test_source_and_rendered_checks_give_the_same_verdicts(cases_site):
    source, rendered = verdicts(cases_site)
    assert source == rendered


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_each_old_way_through_now_fails_both_checks(cases_site, path):
    site = check_site(cases_site)
    rel = f"docs/cases/{path.name}"
    # a snippet's text is reported where it is written
    included = "includes/uncited-snippet.md" if path.stem == "snippet-include" else rel
    assert expected_rule(path) in {p.rule for p in site.problems if p.path == included}
    html = (cases_site / "site" / "cases" / path.stem / "index.html").read_text()
    index = SourceIndex([(rel, path.read_text()), (included, (CASES / "includes" / "uncited-snippet.md").read_text())])
    assert [p for p in check_rendered_claims(html, index) if p.path == included]


def test_the_abbreviations_file_is_checked_where_it_is_written(cases_site):
    source, rendered = verdicts(cases_site)
    lines = (CASES / "includes" / "abbreviations.md").read_text().splitlines()
    expected = {("includes/abbreviations.md", n) for n, line in enumerate(lines, 1)
                if "doubled" in line or "everyone" in line}
    assert expected <= source and expected <= rendered


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_good_pages_pass_both_checks(cases_site, path):
    source, rendered = verdicts(cases_site)
    rel = f"docs/good/{path.name}"
    assert not {v for v in source | rendered if v[0] == rel}


def page(body: str) -> str:
    return f"<html><body><article class='md-typeset'>{body}</article></body></html>"


CITE = '<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>'


@pytest.mark.parametrize("body, rule", [
    ("<p>Music therapy is used.</p>", "rendered-claim-uncited"),
    (f"<p>It is used {CITE}. It halved pain.</p>", "rendered-finding-uncited"),
    (f"<h2>Music halves pain</h2><p>Cited {CITE}.</p>", "rendered-label-finding"),
    (f"<div class='admonition'><p class='admonition-title'>Pain fell by 30%</p><p>Cited {CITE}.</p></div>",
     "rendered-label-finding"),
    (f"<details><summary>Scores doubled</summary><p>Cited {CITE}.</p></details>", "rendered-label-finding"),
    ("<p><a href='x/'>Music therapy halved depression</a></p>", "rendered-claim-uncited"),
    (f"<p>Text {CITE}.</p>Bare text outside any block.", "rendered-claim-uncited"),
    (f"<p>Eased pain @smith2020music {CITE}.</p>", "rendered-bare-key"),
    (f"<table><thead><tr><th>Pain halved</th></tr></thead><tbody><tr><td>x {CITE}</td></tr></tbody></table>",
     "rendered-label-finding"),
    (f"<p>Cited {CITE} and <abbr title='Therapy that doubled recall'>TDR</abbr>.</p>", "rendered-label-finding"),
])
def test_rendered_blocks_fail_with_their_rule(body, rule):
    problems = check_rendered_claims(page(body), SourceIndex([("docs/p.md", "")]))
    assert rule in {p.rule for p in problems}, problems


@pytest.mark.parametrize("body", [
    f"<p>A claim {CITE}.</p>",
    "<p class='editorial'>The site's own signpost.</p>",
    "<ul class='editorial'><li>A framed list item.</li></ul>",
    "<ul><li><a href='a/'>Autism</a></li><li><a href='d/'>Dementia</a>, <a href='e/'>Depression</a></li></ul>",
    f"<h2>What the evidence shows</h2><p>Cited {CITE}.</p>",
    f"<p><strong>Trials.</strong> A large trial found no difference {CITE}.</p>",
    "<div class='footnote'><ol><li id='fn:a'><p>Smith (2020). Pain fell by 30%.</p></li></ol></div>",
    "<pre><code>Uncited code halved nothing</code></pre>",
])
def test_rendered_blocks_that_pass(body):
    assert check_rendered_claims(page(body), SourceIndex([("docs/p.md", "")])) == []


def test_problems_name_the_markdown_line_the_text_came_from():
    source = "---\ntype: faq\n---\n# T\n\nA cited line [@a].\n\nThe uncited\nclaim sits here.\n"
    (problem,) = check_rendered_claims(page(f"<p>A cited line {CITE}.</p><p>The uncited\nclaim sits here.</p>"),
                                       SourceIndex([("docs/p.md", source)]))
    assert (problem.path, problem.line) == ("docs/p.md", 8)
