"""Reading level: what counts as the reader's prose, the measures, the Key points rules."""
import re
import socket
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from guide import key_points, readability
from guide.__main__ import main
from guide.markdown_scan import scan
from guide.readability import Reading, measure, page_sentences, unit_sentences

PAGE = """---
title: Front matter title words
description: Front matter description words
type: mechanism
level: intermediate
last_reviewed: 2026-11-25
---
# Heading words

!!! abstract "Key points"

    - Music can calm [@smith2020music].
    - Songs help some people [@brown2019handbook].
    - Nobody knows why [@orgndabout].

A paragraph with `inline code words` and a [link text](https://example.org/target-words) [@smith2020music].

<!-- comment words -->
<!-- generate: glance -->

```python
fenced code words
```

| Header words | More header |
|---|---|
| Cell one | Cell two |

![image alt words](picture.png)
The end, e.g. after 0.5 minutes, comes here.
{: .editorial }
"""


def test_only_reader_visible_prose_is_measured():
    text = " ".join(page_sentences(PAGE))
    for hidden in ("Front matter", "Heading words", "inline code", "target-words", "https", "comment words",
                   "generate", "glance", "fenced code", "Header words", "image alt", "@", "smith2020music",
                   "abstract", "Key points", "!!!", "|", "---", "editorial", "{", "[", "]", "`"):
        assert hidden not in text, hidden
    assert page_sentences(PAGE) == [
        "Music can calm.", "Songs help some people.", "Nobody knows why.",
        "A paragraph with  and a link text.".replace("  ", " "),
        "Cell one.", "Cell two.", "The end, eg after 05 minutes, comes here.",
    ]


def test_abbreviations_and_decimals_do_not_end_a_sentence():
    assert unit_sentences("Reviews, e.g. Cochrane ones, found 0.5 points less pain [@a]. Next one") == [
        "Reviews, eg Cochrane ones, found 05 points less pain.", "Next one."]


def test_a_definition_list_term_is_its_own_sentence():
    assert unit_sentences("AMTA (American Music Therapy Association) :   The US association [@a].") == [
        "AMTA (American Music Therapy Association).", "The US association."]


def test_measures_count_words_long_sentences_and_grade():
    short = "The cat sat. It was warm."
    long = " ".join(["word"] * 31) + "."
    reading = measure(unit_sentences(short) + [long])
    assert reading.words == 6 + 31 and reading.sentences == 3
    assert reading.long_share == pytest.approx(1 / 3)
    assert reading.average_sentence == pytest.approx(37 / 3)
    hard = measure(["Neurophysiological investigations characterise dopaminergic neurotransmission."])
    assert hard.grade > measure(unit_sentences(short)).grade + 8


def test_reading_time_rounds_up_at_200_words_a_minute():
    assert Reading(200, 10, 0, 0, 0).minutes == 1 and Reading(201, 10, 0, 0, 0).minutes == 2
    assert Reading(0, 0, 0, 0, 0).minutes == 1
    page = scan("# T\n\n" + "One two three four five [@a].\n\n" * 41)  # 205 words
    assert readability.reading_minutes(page) == 2


def test_textstat_needs_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    assert measure(["Music therapy may help.", "We do not know why."]).grade < 8
    # and in a fresh interpreter, where textstat is first imported with the network refused
    # (and any warning it raises would be an error)
    code = ("import socket\ndef refuse(*a, **k): raise OSError('no network')\n"
            "socket.socket.connect = socket.socket.connect_ex = refuse\n"
            "import sys\nfrom guide.readability import measure\n"
            "print(measure(['Music therapy may help people.']).grade)\n"
            "assert not any('nltk' in m for m in sys.modules)")
    run = subprocess.run([sys.executable, "-W", "error::UserWarning", "-c", code], capture_output=True, text=True,
                         cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks")}, timeout=60)
    assert run.returncode == 0, run.stderr


def test_the_key_points_box_is_found_right_after_the_h1_only():
    box = key_points.find(scan(PAGE))
    assert box is not None and box.line == 10 and [p.line for p in box.points] == [12, 13, 14]
    moved = PAGE.replace("# Heading words\n", "# Heading words\n\nA first paragraph [@smith2020music].\n")
    assert key_points.find(scan(moved)) is None


def check(name):
    path = FIXTURES / "pages" / "bad" / name
    return key_points.check(name, scan(path.read_text())) + readability.check_key_points(name, scan(path.read_text()))


def test_a_missing_box_is_one_line_at_the_h1():
    (problem,) = check("key-points-missing.md")
    assert problem.rule == "key-points-missing" and problem.line == 9  # the H1
    assert "modality page" in problem.message and "3-5 cited points" in problem.message


def test_a_box_below_other_text_is_told_to_move_up():
    (problem,) = check("key-points-not-first.md")
    assert problem.rule == "key-points-missing" and "the box on line 13 must move up" in problem.message


@pytest.mark.parametrize("name, count", [("key-points-too-few.md", 2), ("key-points-too-many.md", 6)])
def test_fewer_than_three_or_more_than_five_points_fail(name, count):
    (problem,) = [p for p in check(name) if p.rule == "key-points-count"]
    assert problem.line == 11 and f"holds {count} point(s)" in problem.message


def test_a_box_above_grade_8_fails_and_names_its_hardest_point():
    (problem,) = check("key-points-hard-to-read.md")
    assert problem.rule == "readability-key-points" and problem.line == 11
    assert "hardest: line 13" in problem.message


def test_a_box_at_grade_8_or_below_passes():
    page = scan(PAGE)
    assert readability.check_key_points("p.md", page) == []
    grade = measure([s for p in key_points.find(page).points for s in unit_sentences(p.text)]).grade
    assert grade <= readability.KEY_POINTS_MAX_GRADE


def test_pages_of_other_types_need_no_box():
    page = scan(PAGE.replace("type: mechanism", "type: practice").replace('!!! abstract "Key points"', ""))
    assert key_points.check("p.md", page) == []


def test_report_prints_the_table_in_markdown(capsys):
    assert main(["--root", str(FIXTURES / "site"), "report", "--readability"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("| Page | Type | FK grade | Words |")
    rows = [line for line in out[2:] if line.startswith("| ")]
    assert [r.split(" | ")[:2] for r in rows] == [["| index.md", "about"], ["| topics/population.md", "population"],
                                                  ["| topics/topic.md", "practice"]]
    # only the population page has a box, and its grade is shown
    assert re.search(r"\| \d+\.\d \|$", rows[1]) and rows[2].endswith("| – |")
    assert out[-1].startswith("Median grade ") and "over 3 pages" in out[-1]
