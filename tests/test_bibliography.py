"""The bibliography rules: every bad fixture fails with its rule, the good one passes."""
from pathlib import Path

import pytest

from conftest import FIXTURES, expected_rule
from guide import bibliography
from guide.identifiers import isbn_problem

BAD = sorted((FIXTURES / "bib" / "bad").glob("*.bib"))


def test_good_bibliography_has_no_problems():
    bib = bibliography.load(FIXTURES / "bib" / "good.bib")
    assert bib.problems == []
    assert set(bib.entries) == {"smith2020music", "brown2019handbook", "orgndabout"}


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_bibliography_fails_with_its_rule(path: Path):
    bib = bibliography.load(path)
    rules = {p.rule for p in bib.problems}
    assert expected_rule(path) in rules, [str(p) for p in bib.problems]
    for problem in bib.problems:  # one line each, pointing at a real line of the file
        assert "\n" not in str(problem)
        assert 1 <= problem.line <= len(path.read_text().splitlines())


def test_every_problem_is_reported_not_just_the_first():
    stems = ("malformed-doi", "isbn-checksum", "title-script")
    # give each entry its own key, so all three are read and checked
    text = "".join((FIXTURES / "bib" / "bad" / f"{stem}.bib").read_text()
                   .replace("2020music", f"2020music{'abc'[i]}").replace("2019handbook", "2019handbookb")
                   for i, stem in enumerate(stems))
    rules = [p.rule for p in bibliography.parse(text).problems]
    assert {"bib-doi", "bib-isbn", "bib-markup"} <= set(rules)


def test_syntax_error_points_at_the_broken_entry():
    bib = bibliography.load(FIXTURES / "bib" / "bad" / "unbalanced-brace.bib")
    (problem,) = [p for p in bib.problems if p.rule == "bib-syntax"]
    assert problem.line == 2 and "smith2020music" in problem.message
    assert "other2020entry" in bib.entries  # the entry after the broken one is still read


def test_premature_end_of_file_is_named():
    bib = bibliography.load(FIXTURES / "bib" / "bad" / "premature-eof.bib")
    assert any("premature end of file" in p.message for p in bib.problems)


def test_line_numbers_point_at_the_field():
    bib = bibliography.load(FIXTURES / "bib" / "bad" / "malformed-doi.bib")
    (problem,) = [p for p in bib.problems if p.rule == "bib-doi"]
    lines = (FIXTURES / "bib" / "bad" / "malformed-doi.bib").read_text().splitlines()
    assert lines[problem.line - 1].strip().startswith("doi")


@pytest.mark.parametrize("isbn", ["978-0-306-40615-7", "0306406152", "9780198792611"])
def test_valid_isbns_pass(isbn):
    assert isbn_problem(isbn) is None


@pytest.mark.parametrize("isbn", ["978-0-306-40615-8", "0306406153", "12345"])
def test_invalid_isbns_fail(isbn):
    assert isbn_problem(isbn)


def test_non_utf8_bibliography_is_one_line_with_its_line(tmp_path):
    path = tmp_path / "references.bib"
    path.write_bytes((FIXTURES / "bib" / "good.bib").read_bytes().replace(b"Smith, Ann", b"Sm\xefth, Ann"))
    bib = bibliography.load(path)
    (problem,) = bib.problems
    assert problem.rule == "source-encoding" and "not UTF-8" in problem.message
    assert b"Sm\xefth" in path.read_bytes().splitlines()[problem.line - 1]


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "references.bib"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "bib" / "good.bib").read_bytes())
    assert bibliography.load(path).problems == []


def test_empty_bibliography_is_one_line():
    bib = bibliography.load(FIXTURES / "bib" / "bad" / "empty.bib")
    assert [p.rule for p in bib.problems] == ["bib-empty"] and bib.empty


def test_a_13_digit_number_that_is_not_an_isbn_fails():
    assert "978 or 979" in isbn_problem("4006381333931")  # a valid EAN-13 checksum, not a book


def test_control_characters_are_reported_at_their_line():
    bib = bibliography.load(FIXTURES / "bib" / "bad" / "control-escape.bib")
    (problem,) = [p for p in bib.problems if p.rule == "bib-control"]
    assert problem.line == 4 and "U+001B" in problem.message


@pytest.mark.parametrize("stem, field, wanted", [
    ("annotation-missing", "reading", ["needs an 'annotation' field"]),
    ("annotation-markup", "annotation", ["'*'", "'['", "no markup"]),
    ("annotation-too-long", "annotation", ["characters; write 40 to 400", "has 3 sentences"]),
    ("annotation-without-reading", "annotation", ["shows only on a reading list"]),
])
def test_annotation_rule_names_each_problem_at_its_field(stem, field, wanted):
    path = FIXTURES / "bib" / "bad" / f"{stem}.bib"
    problems = [p for p in bibliography.load(path).problems if p.rule == "bib-annotation"]
    field_line = next(i for i, line in enumerate(path.read_text().splitlines(), 1)
                      if line.lstrip().startswith(field))
    assert problems and all(p.line == field_line for p in problems), [str(p) for p in problems]
    text = " ".join(str(p) for p in problems)
    for fragment in wanted:
        assert fragment in text, text


def test_a_plain_annotation_of_two_sentences_passes():
    entry = bibliography.load(FIXTURES / "bib" / "good.bib").entries["brown2019handbook"]
    assert entry.fields["annotation"].startswith("A plain handbook")
