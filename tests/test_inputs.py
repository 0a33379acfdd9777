"""Every input file is checked against its schema, and a bad one is one line at its place in
both ``make check`` and ``make build``: never a traceback. Valid but unusual inputs (a
byte-order mark, Windows line endings, an escaped table pipe, LaTeX in the bibliography)
still build."""
import datetime
import os
import time

import pytest
import rispy
from pybtex.database import parse_string

from conftest import FIXTURES, ROOT, on_fixture_copies, report_phase, run_build, run_module
from guide import cite_page
from guide.content_check import check_site
from guide.includes import snippet_targets
from guide.markdown_scan import scan
from guide.site_config import read_config
from guide.sources import read_text

FRONT = "---\ntitle: T\ndescription: D\ntype: mechanism\nlast_reviewed: 2026-11-25\n---\n# T\n"


def front_matter_problems(text):
    return scan(text).front_matter_problems


@pytest.mark.parametrize("old, new, line", [
    ("type: mechanism", "type: [mechanism]", 4),
    ("last_reviewed: 2026-11-25", "last_reviewed: 2026-02-30", 5),
    ("last_reviewed: 2026-11-25", "last_reviewed: 2999-01-01", 5),
    ("title: T", "title: T}, note = {x", 2),
    ("description: D", "description: 'D\" onload=\"x'", 3),
    ("title: T", "title: 12", 2),
    ("last_reviewed: 2026-11-25", "last_reviewed: 2026-11-25\nlast_review: 2026-11-25", 6),
    ("last_reviewed: 2026-11-25", "last_reviewed: 2026-11-25\nscripts: [evidence-map.js, tracker.js]", 6),
    ("last_reviewed: 2026-11-25", "last_reviewed: 2026-11-25\nscripts: references.js", 6),
])
def test_each_front_matter_problem_is_one_line_at_its_field(old, new, line):
    problems = front_matter_problems(FRONT.replace(old, new))
    assert [p[0] for p in problems] == [line], problems
    assert all("\n" not in message for _, message in problems)


def test_a_field_that_fails_is_kept_from_later_checks():
    page = scan(FRONT.replace("type: mechanism", "type: [mechanism]"))
    assert "type" not in page.meta and page.meta["title"] == "T"


def test_byte_order_mark_and_windows_line_endings_are_read(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(b"\xef\xbb\xbf" + FRONT.replace("\n", "\r\n").encode())
    text, problem = read_text(path, "page.md")
    assert problem is None and scan(text).front_matter_problems == []


def test_text_that_is_not_utf8_is_one_line_at_the_bad_byte(tmp_path):
    path = tmp_path / "page.md"
    path.write_bytes(FRONT.encode() + b"\nA caf\xe9 claim.\n")
    text, problem = read_text(path, "page.md")
    assert text is None and problem.rule == "source-encoding" and problem.line == 9


def test_the_real_config_passes():
    config, problems = read_config(ROOT)
    assert problems == [] and config.usable and config.snippet_settings()["base_path"] == ["includes"]


@pytest.mark.parametrize("old, new, rule", [
    ("site_name: Music Therapy Evidence Guide", "site_name: [Music", "config-syntax"),
    ("site_name: Music Therapy Evidence Guide", "site_name: Music <i>Therapy</i>", "config-value"),
    ("site_url: https://music-therapy-guide.example.org/", "site_url: https:///no-host/", "config-value"),
    ("site_url: https://music-therapy-guide.example.org/", "site_url: 42", "config-value"),
    ("docs_dir: docs", "docs_dir: ../elsewhere", "config-value"),
    ("      bib_file: references.bib", "      bib_file: other.bib", "config-value"),
    ("      base_path: [includes]", "      base_path: 7", "config-value"),
])
def test_each_config_problem_is_one_line_at_its_setting(tmp_path, old, new, rule):
    text = (ROOT / "mkdocs.yml").read_text()
    line = next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith(old))
    (tmp_path / "mkdocs.yml").write_text(text.replace(old, new))
    _, problems = read_config(tmp_path)
    assert [(p.rule, p.line) for p in problems] == [(rule, line + (rule == "config-syntax"))], [str(p) for p in problems]


def test_snippet_targets_inline_block_and_escaped():
    text = '--8<-- "a.md"\n;--8<-- "escaped.md"\n--8<--\nb.md\n;c.md\n--8<--\ncode --8<-- "not.md"\n'
    assert list(snippet_targets(text, 10)) == [(10, "a.md"), (13, "b.md")]


def test_box_title_cannot_add_a_bibtex_field_or_ris_tag():
    title = "Fixture}, note = {x\nTY  - BOOK"
    day = datetime.date(2026, 11, 25)
    (entry,) = parse_string(cite_page.bibtex(title, "Site", "https://e.org/", day), "bibtex").entries.values()
    assert set(entry.fields) == {"title", "year", "url", "note"}
    assert entry.fields["note"] == "Last reviewed 2026-11-25"
    (record,) = rispy.loads(cite_page.ris(title, "Site", "https://e.org/", day))
    assert record["type_of_reference"] == "ELEC" and record["title"] == "Fixture}, note = {x TY - BOOK"
    apa = cite_page.apa("A *bold* <b>claim</b>", "Site", "https://e.org/", day)
    assert "<em>A *bold* &lt;b&gt;claim&lt;/b&gt;</em>" in apa  # HTML the page shows as written


def test_box_bibtex_escapes_what_latex_would_read_as_markup_and_keeps_the_link():
    text = cite_page.bibtex("Music & memory: 50% of #1 a_b", "Site & co", "https://e.org/a_b%20c/", datetime.date(2026, 11, 25))
    assert r"title = {Music \& memory: 50\% of \#1 a\_b}" in text and r"author = {{Site \& co}}" in text
    assert "url = {https://e.org/a_b%20c/}" in text


# --- make check and make build on bad inputs: one line at the source, no traceback ---

def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


TOPIC = "docs/topics/topic.md"
BAD_INPUTS = {
    "front matter type is a list": (lambda p: replace(p / TOPIC, "type: practice", "type: [practice]"),
                                    "page-front-matter", f"{TOPIC}:4"),
    "impossible date": (lambda p: replace(p / TOPIC, "last_reviewed: 2026-11-25", "last_reviewed: 2026-02-30"),
                        "page-front-matter", f"{TOPIC}:6"),
    "title adds a bibtex field": (lambda p: replace(p / TOPIC, "title: Fixture", "title: Fixture}, note = {x"),
                                  "page-front-matter", f"{TOPIC}:2"),
    "page not in utf-8": (lambda p: (p / TOPIC).write_bytes((p / TOPIC).read_bytes().replace(b"A paragraph", b"A caf\xe9")),
                          "source-encoding", f"{TOPIC}:12"),
    "not-cited data of wrong types": (lambda p: (p / "sources-not-cited.yml").write_text(
        "- work: 5\n  reason: superseded\n  detail: [1]\n  instead: smith2020music\n"),
        "notcited-type", "sources-not-cited.yml:1"),
    "missing include": (lambda p: replace(p / TOPIC, "## Findings\n", '## Findings\n\n--8<-- "missing.md"\n'),
                        "include-missing", f"{TOPIC}:12"),
    "include not in utf-8": (lambda p: ((p / "includes/latin1.md").write_bytes(b"caf\xe9\n"),
                                        replace(p / TOPIC, "## Findings\n", '## Findings\n\n--8<-- "latin1.md"\n')),
                             "source-encoding", "includes/latin1.md:1"),
    "key typo": (lambda p: replace(p / TOPIC, "cites one source [@smith2020music]", "cites one source [@smith2020musik]"),
                 "cite-unknown-key", f"{TOPIC}:12"),
    "key case": (lambda p: replace(p / TOPIC, "cites one source [@smith2020music]", "cites one source [@Smith2020music]"),
                 "cite-key-case", f"{TOPIC}:12"),
    "cited entry lacks a field the APA style needs": (
        lambda p: replace(p / "references.bib", "  journal  = {Journal of Fixtures},\n", ""),
        "bib-required-field", "references.bib:2"),
    "cited entry has an empty title": (
        lambda p: replace(p / "references.bib", "{Music therapy in a fixture trial}", "{}"),
        "bib-required-field", "references.bib:4"),
    "empty bibliography": (lambda p: (p / "references.bib").write_text(""), "bib-empty", "references.bib:1"),
    "retired entry still cited": (
        lambda p: replace(p / "references.bib", "  access   = {open}\n}\n\n@book", "  access   = {open},\n  status   = {retired}\n}\n\n@book"),
        "cite-retired", f"{TOPIC}:12"),
    "control character in a title": (lambda p: replace(p / "references.bib", "in a fixture trial", "in a \x1b[31m trial"),
                                     "bib-control", "references.bib:4"),
    "bibliography not in utf-8": (lambda p: (p / "references.bib").write_bytes(
        (p / "references.bib").read_bytes().replace(b"Smith, Ann", b"Sm\xefth, Ann")), "source-encoding", "references.bib:3"),
}
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")


def run_check(project):
    return run_module(["guide", "--root", str(project), "lint"], ROOT, ENV, timeout=120)


@pytest.fixture(scope="module")
def checked_and_built(tmp_path_factory):
    """name -> (project, (make check's run, make build's run)) for every bad input, all at once."""
    start = time.perf_counter()
    done = on_fixture_copies(tmp_path_factory, {name: mutate for name, (mutate, _, _) in BAD_INPUTS.items()},
                             lambda project: (run_check(project), run_build(project)))
    report_phase(f"bad inputs checked and built ({len(done)}, in parallel)", time.perf_counter() - start)
    return done


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_is_one_line_at_its_source_in_check_and_build(checked_and_built, name):
    _, rule, where = BAD_INPUTS[name]
    for run in checked_and_built[name][1]:
        output = run.stdout + run.stderr
        assert run.returncode != 0
        assert "Traceback" not in output, output
        assert f"{where}: {rule}: " in output, output


def test_yaml_error_in_mkdocs_yml_is_one_line_in_check(fixture_site):
    replace(fixture_site / "mkdocs.yml", "site_name: Fixture site", "site_name: [Fixture")
    run = run_check(fixture_site)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    (line,) = run.stdout.splitlines()
    assert line.startswith("mkdocs.yml:3: config-syntax: not valid YAML: while parsing a flow sequence (from line 2)")


def test_unusual_valid_inputs_build_and_latex_reaches_readers_as_text(fixture_site):
    """A BOM, Windows line endings, an escaped pipe in a table cell, an include, and LaTeX in
    the bibliography all build strictly; M{\\"u}ller reads Müller and \\textbf{x} reads x in the
    page and in the RIS download."""
    topic = fixture_site / TOPIC
    row = "| Mood [@smith2020music] | A mood questionnaire |"
    assert row in topic.read_text()
    text = topic.read_text().replace(row, "| Mood \\| anxiety [@smith2020music] | A mood questionnaire |")
    text = text.replace("## Findings\n", '## Findings\n\n--8<-- "abbreviations.md"\n')
    topic.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    replace(fixture_site / "references.bib", "author   = {Smith, Ann", 'author   = {M{\\"u}ller, Ann')
    replace(fixture_site / "references.bib", "Music therapy in a fixture trial", "Music therapy in a \\textbf{x} trial")
    assert [str(p) for p in check_site(fixture_site).problems] == []
    run = run_build(fixture_site)
    assert run.returncode == 0, run.stderr
    html = (fixture_site / "site/topics/topic/index.html").read_text()
    assert "Müller, A." in html and "Music therapy in a x trial" in html and "textbf" not in html
    assert "Mood | anxiety" in html
    ris = (fixture_site / "site/downloads/topics-topic.ris").read_text()
    assert "AU  - Müller, Ann" in ris and "TI  - Music therapy in a x trial" in ris
    bib = (fixture_site / "site/downloads/topics-topic.bib").read_text()
    assert '\\textbf{x}' in bib  # BibTeX keeps its LaTeX


def test_an_entry_pybtex_cannot_format_is_one_line_not_a_traceback():
    """The last guard: were an entry to slip past the checks, formatting it is one problem."""
    from guide import bibliography
    from guide.references import ReferenceFormatter
    text = (FIXTURES / "bib" / "good.bib").read_text().replace("  journal  = {Journal of Fixtures},\n", "")
    bib = bibliography.parse(text)
    (problem,) = ReferenceFormatter(bib).format_all(["smith2020music", "brown2019handbook"], parallel=False)
    assert problem.rule == "bib-format" and "journal" in problem.message and problem.line == bib.entries["smith2020music"].line


def test_a_reference_that_drops_part_of_its_title_is_one_line_at_the_title(monkeypatch):
    """Formatting once printed "Music therapy in 50% of wards" as "Music therapy in 50.", with no
    warning: were text to be dropped again, the reference is refused, not shown cut short."""
    import contextlib
    from guide import bibliography, references
    text = (FIXTURES / "bib" / "good.bib").read_text()
    title = bibliography.parse(text).entries["smith2020music"].fields["title"]
    bib = bibliography.parse(text.replace(title, "Music therapy in 50% of wards"))
    assert references.ReferenceFormatter(bib).format_all(["smith2020music"], parallel=False) == []
    # pybtex reading the fields as LaTeX again, as it did: "%" begins a comment
    monkeypatch.setattr(references, "fields_read_as_text", contextlib.nullcontext)
    formatter = references.ReferenceFormatter(bib)
    (problem,) = formatter.format_all(["smith2020music", "brown2019handbook"], parallel=False)
    assert problem.rule == "bib-format" and problem.line == bib.entries["smith2020music"].line_of("title")
    assert "does not show the whole title 'Music therapy in 50% of wards'" in problem.message
    assert "smith2020music" not in formatter._cache and "brown2019handbook" in formatter._cache


@pytest.mark.parametrize("printed, field_name", [
    ("Smith, A. (2020). Music therapy in a fixture. <em>Journal of Fixtures</em>.", "title"),
    ("(2020). Music therapy in a fixture trial. <em>Journal of Fixtures</em>.", "author"),
    ("Smith, A. (20). Music therapy in a fixture trial. <em>Journal of Fixtures</em>.", "year"),
    ("Smith, A. (2020). Music therapy in a fixture trial. <em>Journal of</em>.", "journal"),
])
def test_a_reference_missing_its_title_first_author_journal_or_year_is_refused(monkeypatch, printed, field_name):
    from guide import bibliography, references
    bib = bibliography.parse((FIXTURES / "bib" / "good.bib").read_text())
    monkeypatch.setattr(references.ReferenceFormatter, "_render", lambda self, key: printed)
    (problem,) = references.ReferenceFormatter(bib).format_all(["smith2020music"], parallel=False)
    assert problem.rule == "bib-format" and problem.line == bib.entries["smith2020music"].line_of(field_name)
    assert f"does not show {references.SHOWN[field_name]}" in problem.message


def test_fast_yaml_reader_gives_the_same_values_lines_and_messages(monkeypatch):
    from guide import sources
    texts = [p.read_text() for p in sorted((ROOT / "findings").glob("*.yml"))] + [
        "date: 2026-02-30\nenv: !ENV [OFFLINE, false]\nlist:\n  - a\n  - {b: 1}\n",
        "key: [unclosed\n", "a: b: c\n", "- x\ny: z\n"]
    fast = [sources.load_yaml(t, "f.yml", "rule") for t in texts]
    monkeypatch.setattr(sources, "FastLineLoader", sources.LineLoader)
    slow = [sources.load_yaml(t, "f.yml", "rule") for t in texts]

    def lines(node):
        if node is None:
            return None
        children = node.value if isinstance(node.value, list) else []
        return (node.start_mark.line, [lines(c) if not isinstance(c, tuple) else (lines(c[0]), lines(c[1]))
                                       for c in children])

    for (data, node, problems), (data2, node2, problems2) in zip(fast, slow):
        assert data == data2 and lines(node) == lines(node2) and problems == problems2
    assert [bool(p) for _, _, p in slow[-3:]] == [True, True, True]
