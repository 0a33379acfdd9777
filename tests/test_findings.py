"""The findings data: its schema, its wording, its views, and the prose-number check."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, expected_rule
from guide import bibliography, findings, findings_views, prose_numbers, wording
from guide.certainty import LEVELS
from guide.content_check import check_site
from guide.markdown_scan import Unit
from guide.report import report

BIB = bibliography.load(FIXTURES / "bib" / "good.bib")
GOOD = sorted((FIXTURES / "findings" / "good").glob("*.yml"))
BAD = sorted((FIXTURES / "findings" / "bad").glob("*.yml"))


def load(*paths: Path) -> findings.Findings:
    return findings.load_files(list(paths), FIXTURES)


def test_good_findings_load_without_problems():
    data = load(*GOOD)
    assert [str(p) for p in data.problems + findings.bibliography_problems(data, BIB.entries)] == []
    assert [f.outcome for _, f in data.for_page("population.md")] == ["Mood"]


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_findings_fail_with_their_rule_and_a_line(path):
    data = load(path)
    problems = data.problems + findings.bibliography_problems(data, BIB.entries)
    assert expected_rule(path) in {p.rule for p in problems}, [str(p) for p in problems]
    assert all(p.path.endswith(path.name) and p.line >= 1 for p in problems)


def test_schema_problem_names_the_line_of_the_bad_value():
    path = FIXTURES / "findings" / "bad" / "certainty-not-a-level.yml"
    [problem] = load(path).problems
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "certainty:" in text)
    assert problem.line == line and "findings.0.certainty" in problem.message


def test_a_work_described_two_ways_is_a_conflict(tmp_path):
    first = tmp_path / "a.yml"
    first.write_text((FIXTURES / "findings" / "good" / "mood.yml").read_text())
    second = tmp_path / "b.yml"
    second.write_text(first.read_text().replace("participants: 120", "participants: 121"))
    problems = findings.load_files([first, second], tmp_path).problems
    assert [p.rule for p in problems] == ["findings-source-conflict"]


def test_a_file_that_is_not_utf8_is_one_problem(tmp_path):
    path = tmp_path / "latin1.yml"
    path.write_bytes("condition: Caf\xe9\n".encode("latin-1"))
    [problem] = findings.load_files([path], tmp_path).problems
    assert problem.rule == "source-encoding" and "UTF-8" in problem.message


def _finding(**changes) -> findings.Finding:
    fields = dict(outcome="Depressive symptoms", population="Adults", intervention="music therapy",
                  comparison="Usual care", timepoint="End of treatment", source="smith2020music",
                  direction="benefit", change="reduces", certainty="moderate",
                  read=dict(date=datetime.date(2026, 12, 2), where="w", kind="k", quote="q"))
    fields.update(changes)
    return findings.Finding.model_validate(fields)


@pytest.mark.parametrize("certainty, direction, expected", [
    ("high", "benefit", "Music therapy reduces depressive symptoms."),
    ("moderate", "benefit", "Music therapy probably reduces depressive symptoms."),
    ("low", "benefit", "Music therapy may reduce depressive symptoms."),
    ("very-low", "benefit", "The evidence is very uncertain about the effect of music therapy on depressive symptoms."),
    ("high", "no-difference", "Music therapy makes little or no difference to depressive symptoms."),
    ("moderate", "no-difference", "Music therapy probably makes little or no difference to depressive symptoms."),
    ("low", "no-difference", "Music therapy may make little or no difference to depressive symptoms."),
    ("not-rated", "benefit", "A review found that music therapy reduced depressive symptoms."),
    ("not-rated", "no-difference", "A review found no clear difference in depressive symptoms with music therapy."),
    ("single-study", "benefit", "One study found that music therapy reduced depressive symptoms."),
    ("single-study", "unclear", "One study could not tell whether music therapy affects depressive symptoms."),
])
def test_wording_follows_certainty_and_direction(certainty, direction, expected):
    assert wording.statement(_finding(certainty=certainty, direction=direction)) == expected


def test_size_words_read_as_the_source_gave_them():
    assert wording.statement(_finding(size="slightly")).endswith("depressive symptoms slightly.")
    assert wording.statement(_finding(size="large")).endswith("depressive symptoms (a large effect).")


def test_a_graded_finding_cannot_be_unclear():
    with pytest.raises(ValueError, match="unclear direction"):
        _finding(direction="unclear", certainty="moderate")


def test_effect_text_uses_true_minus_signs_and_thousands():
    effect = findings.Effect(measure="SMD", estimate=-0.27, ci_low=-0.45, ci_high=-0.09, studies=11, participants=1503)
    assert wording.effect_text(effect) == "SMD −0.27 (95% CI −0.45 to −0.09); 11 studies, 1,503 people"


def test_every_certainty_badge_has_a_symbol_and_a_word():
    symbols = [level.symbol for level in LEVELS.values()]
    assert len(set(symbols)) == len(symbols)
    for level in LEVELS.values():
        badge = level.badge()
        assert level.symbol in badge and level.label in badge and level.css in badge


GOOD_DATA = load(*GOOD)


def _units(*sentences: str) -> list[Unit]:
    return [Unit("paragraph", i + 10, s) for i, s in enumerate(sentences)]


@pytest.mark.parametrize("sentence", [
    "The trial randomised 120 adults [@smith2020music].",
    "Of these, 112 adults were analysed [@smith2020music].",
    "Mood improved (SMD −0.40, 95% CI −0.75 to −0.05) [@smith2020music].",
    "Mood improved (SMD -0.4; 95% CI -0.75 to -0.05) [@smith2020music].",
    "The trial found better mood [@smith2020music].",
    "It searched up to 2019 for randomised trials [@smith2020music].",  # a year, not a count
])
def test_numbers_that_the_data_holds_pass(sentence):
    assert prose_numbers.check_units("p.md", _units(sentence), GOOD_DATA) == []


@pytest.mark.parametrize("sentence, rule", [
    ("The trial randomised 1,200 adults [@smith2020music].", "findings-number"),
    ("Mood improved (SMD −0.41) [@smith2020music].", "findings-number"),
    ("Mood improved (95% CI −0.75 to −0.50) [@smith2020music].", "findings-number"),
    ("A review of 12 trials agreed [@smith2020music].", "findings-number"),
    ("The handbook summarises 14 trials [@brown2019handbook].", "findings-number-unbacked"),
    ("In n = 30 children, mood improved [@brown2019handbook].", "findings-number-unbacked"),
])
def test_numbers_the_data_does_not_hold_fail(sentence, rule):
    problems = prose_numbers.check_units("p.md", _units(sentence), GOOD_DATA)
    assert [p.rule for p in problems] == [rule] and problems[0].line == 10


def test_views_show_each_finding_once_with_its_badge_and_citation():
    class Ctx:  # the part of a generator Context the views read
        site = type("S", (), {"findings": GOOD_DATA, "bib": BIB, "pages": {}})
        directory_urls = True
    table = findings_views.glance_table(Ctx, "population.md", None)
    assert table.count("[@smith2020music]") == 1
    assert "One trial found that music therapy improved mood." in table
    assert LEVELS["single-study"].symbol in table
    assert "brown2019handbook" not in table  # the unread queue never reaches a page
    assert findings_views.cited_keys(GOOD_DATA, "glance", "population.md") == ["smith2020music"]
    rows = findings_views.evidence_map(Ctx, "evidence/map.md", None)
    assert 'data-certainty="single-study"' in rows and 'href="../../references/#ref-smith2020music"' in rows
    # the matrix: one chip per finding, in its certainty's colour, leading to the finding's row
    chip = 'class="certainty-chip certainty-single-study" href="#finding-fixture-mood-1"'
    assert rows.count("certainty-chip ") == 1 and chip in rows and '<tr id="finding-fixture-mood-1"' in rows


def test_report_lists_the_unread_queue_and_findings_oldest_search_first(fixture_site):
    text = report(check_site(fixture_site), datetime.date(2026, 12, 2))
    assert "Not yet read (1)" in text and "brown2019handbook" in text
    assert "2019-05     Fixture mood › Mood [smith2020music]" in text


def test_the_real_data_holds_no_unread_certainty_and_every_page_exists():
    site = check_site(ROOT)
    data_rules = {p.rule for p in site.problems if p.path.startswith("findings/")}
    assert not data_rules, [str(p) for p in site.problems if p.path.startswith("findings/")]
    assert all(f.certainty in LEVELS for c in site.findings.conditions for f in c.data.findings)


def test_forest_plot_draws_each_interval_with_a_text_alternative():
    from guide import forest
    finding = _finding(effect=findings.Effect(measure="SMD", estimate=-0.4, ci_low=-0.75, ci_high=-0.05))
    other = _finding(outcome="Anxiety", direction="no-difference", change=None,
                     effect=findings.Effect(measure="SMD", estimate=0.1, ci_low=-0.2, ci_high=0.4))
    svg = forest.figures([finding, other])
    assert svg.count('<figure class="forest">') == 1  # one chart per kind of measure
    assert svg.count('class="forest-ci"') == 2 and 'role="img"' in svg
    assert "SMD −0.4 (95% CI −0.75 to −0.05)" in svg and "Anxiety: SMD 0.1" in svg  # the <desc> reads out
    assert "<figcaption>" in svg and "<script" not in svg
    xs = [float(v) for v in __import__("re").findall(r'x[12]="([\d.]+)"', svg)]
    assert all(0 <= x <= forest.WIDTH for x in xs)


def test_forest_plot_leaves_out_estimates_without_an_interval():
    from guide import forest
    assert forest.figures([_finding(effect=findings.Effect(measure="SMD", estimate=-0.83))]) == ""
    ratio = forest.figures([_finding(effect=findings.Effect(measure="RR", estimate=1.22, ci_low=1.06, ci_high=1.4))])
    assert "lower risk" in ratio  # ratios are read around 1, not 0
