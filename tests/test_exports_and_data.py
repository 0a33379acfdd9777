"""Take-away files parse back; the not-cited data is checked like the bibliography."""
import rispy
from pybtex.database import parse_string

from conftest import FIXTURES, ROOT
from guide import bibliography, exports, not_cited

BIB = bibliography.load(FIXTURES / "bib" / "good.bib")
KEYS = list(BIB.entries)


def test_bibtex_export_parses_back_with_the_same_entries_and_no_project_fields():
    data = parse_string(exports.Exporter(BIB).bibtex(KEYS), "bibtex")
    assert list(data.entries) == KEYS
    assert "verified" not in data.entries["smith2020music"].fields
    assert data.entries["smith2020music"].fields["doi"] == "10.1000/fixture.2020.1"


def test_ris_export_parses_back_with_the_same_entries():
    records = rispy.loads(exports.Exporter(BIB).ris(KEYS))
    assert [r["id"] for r in records] == KEYS
    article = records[0]
    assert article["type_of_reference"] == "JOUR" and article["authors"] == ["Smith, Ann", "Jones, Bo"]
    assert article["doi"] == "10.1000/fixture.2020.1" and article["start_page"] == "1"
    assert records[1]["type_of_reference"] == "BOOK" and records[2]["urls"] == ["https://example.org/about"]


def test_each_entry_is_written_once_however_many_files_hold_it():
    exporter = exports.Exporter(BIB)
    first = exporter.bibtex(KEYS)
    cached = dict(exporter._bibtex)
    assert exporter.bibtex(KEYS[:1]) + exporter.bibtex(KEYS[1:]) == first
    assert exporter._bibtex == cached


def test_the_writer_s_shortcut_writes_what_the_writer_without_it_writes():
    """Text passed straight through is what the downloads' writer (pybtex's encoder) makes of
    it, on every field of the real bibliography and on text made of the characters it escapes."""
    real = bibliography.load(ROOT / "references.bib")
    assert {"%", "&", "_", "#", "~"}.isdisjoint(exports.AS_WRITTEN) and "a" in exports.AS_WRITTEN
    values = [v for entry in real.data.entries.values() for v in entry.fields.values()]
    values += ["100% & more_than #1 ~ x", "a\\b {c}", "  ", "", "Müller – 1970", "20\\% R\\&D"]
    shortcut, without = exports.PlainTextWriter(), exports.DownloadWriter()
    assert [shortcut._encode(v) for v in values] == [without._encode(v) for v in values]
    without_shortcut = exports.Exporter(real)
    without_shortcut.writer = exports.DownloadWriter()
    assert exports.Exporter(real).bibtex(list(real.entries)) == without_shortcut.bibtex(list(real.entries))


def test_a_download_keeps_links_as_written_and_escapes_each_special_character_once():
    # pybtex's own writer gave "https://x.org/a\\%20b" (a backslash in the link) and "20\\\\% of"
    # (a LaTeX line break, then a comment to the end of the line)
    bib = bibliography.parse(r"""
@article{doe2020wards,
  author = {Doe, Jane and {Smith \& Sons}}, title = {Music in 50% of wards, 20\% of homes, R\&D, a\_b, \#1, \textbf{x}, M{\"u}ller},
  journal = {Care \& Music}, year = {2020}, volume = {3}, pages = {1--10}, doi = {10.1000/a_b<c>},
  url = {https://example.org/a%20b_c#top},
  evidence = {E2-RCT}, verified = {2026-11-25; fixture entry, checked against nothing real}, access = {open}
}""")
    text = exports.Exporter(bib).bibtex(["doe2020wards"])
    assert 'url = "https://example.org/a%20b_c#top"' in text and 'doi = "10.1000/a_b<c>"' in text
    assert r"{Music in 50\% of wards, 20\% of homes, R\&D, a\_b, \#1, \textbf{x}, M{\"u}ller}" in text
    assert 'journal = "Care \\& Music"' in text and "{Smith \\& Sons}" in text and "\\\\" not in text
    (entry,) = parse_string(text, "bibtex").entries.values()  # and it reads back
    assert entry.fields["url"] == "https://example.org/a%20b_c#top"
    # RIS: identifiers as written too, where LaTeX would read "--" as a dash
    dashed = bibliography.parse(r"""
@article{doe2020dashes,
  author = {Doe, Jane}, title = {Dashes -- in a title}, journal = {J}, year = {2020}, doi = {10.1000/a--b_c},
  evidence = {E2-RCT}, verified = {2026-11-25; fixture entry, checked against nothing real}, access = {open}
}""")
    (record,) = rispy.loads(exports.Exporter(dashed).ris(["doe2020dashes"]))
    assert record["doi"] == "10.1000/a--b_c" and record["title"] == "Dashes – in a title"


def test_good_not_cited_data_passes():
    items, problems = not_cited.load(FIXTURES / "not-cited" / "good.yml", BIB)
    assert problems == [] and items[0].instead == ["smith2020music"]


def test_bad_not_cited_data_fails_with_every_rule():
    _, problems = not_cited.load(FIXTURES / "not-cited" / "bad.yml", BIB)
    assert {p.rule for p in problems} == {"notcited-reason", "notcited-instead", "notcited-field"}
    # each at the line of the value at fault; a missing field at its item's first line
    assert {(p.rule, p.line) for p in problems} == {
        ("notcited-reason", 3), ("notcited-instead", 5), ("notcited-field", 6)}


def test_not_cited_data_of_the_wrong_types_is_one_line_each():
    _, problems = not_cited.load(FIXTURES / "not-cited" / "wrong-types.yml", BIB)
    assert [(p.rule, p.line) for p in problems] == [
        ("notcited-type", 2), ("notcited-type", 4), ("notcited-type", 5), ("notcited-field", 6)]
    assert all("\n" not in str(p) for p in problems)
