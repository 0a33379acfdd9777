"""The page rules: claim units, finding sentences, citation syntax and keys, front matter."""
from pathlib import Path

import pytest

from conftest import FIXTURES, expected_rule
from guide import bibliography, findings
from guide.claims import allowed_editorial, sentences
from guide.content_check import check_page
from guide.markdown_scan import scan

BIB = bibliography.load(FIXTURES / "bib" / "good.bib")
FINDINGS = findings.load_files(sorted((FIXTURES / "findings" / "good").glob("*.yml")), FIXTURES)
GOOD = sorted((FIXTURES / "pages" / "good").glob("*.md"))
BAD = sorted((FIXTURES / "pages" / "bad").glob("*.md"))


def problems_for(path: Path):
    # every fixture stands where the findings fixture's population page does
    return check_page(path.name, scan(path.read_text(encoding="utf-8")), BIB, FINDINGS, "population.md")


@pytest.mark.parametrize("path", GOOD, ids=[p.stem for p in GOOD])
def test_good_pages_pass(path):
    assert [str(p) for p in problems_for(path)] == []


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_pages_fail_with_their_rule(path):
    problems = problems_for(path)
    assert expected_rule(path) in {p.rule for p in problems}, [str(p) for p in problems]


def test_claim_units_are_paragraphs_items_rows_and_quotes():
    page = scan((FIXTURES / "pages" / "good" / "all-forms.md").read_text())
    kinds = [u.kind for u in page.units]
    # three key points and two list items
    assert kinds.count("list item") == 5 and kinds.count("table row") == 1 and "blockquote" in kinds
    texts = " ".join(u.text for u in page.units)
    assert "Outcome" not in texts  # a table's header row is not a claim
    assert "passes every rule" not in texts  # nor is a heading


def test_citations_in_code_and_comments_are_not_citations():
    page = scan((FIXTURES / "pages" / "good" / "all-forms.md").read_text())
    keys = [c.key for c in page.citations]
    assert "unknownkey" not in keys and "notakey" not in keys
    assert page.code_citation_count == 3  # two inline spans and one fenced block


def test_two_keys_in_one_citation_are_both_read():
    page = scan("---\ntype: faq\n---\nA claim [@smith2020music; @brown2019handbook].\n")
    assert [c.key for c in page.citations] == ["smith2020music", "brown2019handbook"]


def test_problem_lines_point_at_the_offending_line():
    path = FIXTURES / "pages" / "bad" / "uncited-list-item.md"
    (problem,) = problems_for(path)
    assert path.read_text().splitlines()[problem.line - 1] == "- an uncited item"


def test_an_uncited_finding_inside_a_cited_paragraph_is_caught():
    (problem,) = problems_for(FIXTURES / "pages" / "bad" / "uncited-finding-sentence.md")
    assert problem.rule == "claim-finding-uncited" and "large trial found" in problem.message


def test_sentences_keep_abbreviations_decimals_and_trailing_citations():
    text = "Reviews e.g. Cochrane ones found 0.5 points less pain. [@a] Et al. is fine. Next one."
    assert sentences(text) == ["Reviews e.g. Cochrane ones found 0.5 points less pain. [@a]",
                               "Et al. is fine.", "Next one."]


def test_editorial_share_is_a_fifth_and_at_least_one():
    assert allowed_editorial(3) == 1 and allowed_editorial(10) == 2 and allowed_editorial(24) == 4


def test_all_problems_on_a_page_are_reported():
    text = ("---\ntitle: T\ndescription: D\ntype: faq\nlevel: introductory\nlast_reviewed: 2026-11-25\n---\n"
            "One uncited.\n\nTwo [@nosuch2020key].\n\nThree [@Smith2020music].\n")
    rules = sorted(p.rule for p in check_page("p.md", scan(text), BIB))
    assert rules == ["cite-key-case", "cite-unknown-key", "claim-uncited"]


def test_a_list_of_links_alone_is_navigation_not_a_claim():
    from guide.claims import is_navigation
    units = scan("- [Autism](autism.md)\n- [Dementia](dementia.md), with words\n").units
    assert [is_navigation(u) for u in units] == [True, False]


def test_a_citation_wrapped_onto_the_next_line_is_still_a_citation():
    page = scan("---\ntype: faq\n---\nA claim [@smith2020music;\n@brown2019handbook].\n\nNot [this\n\n@one].\n")
    assert [c.key for c in page.citations] == ["smith2020music", "brown2019handbook"]
