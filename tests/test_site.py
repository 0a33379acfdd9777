"""Site-wide rules (nav, links, uncited entries) and the `python -m guide` command."""
import shutil
import subprocess
import sys

from conftest import ROOT
from guide.content_check import check_site


def rules(project):
    return {p.rule for p in check_site(project).problems}


def test_fixture_site_passes(fixture_site):
    assert [str(p) for p in check_site(fixture_site).problems] == []


def test_page_missing_from_nav(fixture_site):
    shutil.copy(fixture_site / "docs" / "topics" / "topic.md", fixture_site / "docs" / "topics" / "orphan.md")
    assert "nav-missing" in rules(fixture_site)


def test_broken_internal_link(fixture_site):
    home = fixture_site / "docs" / "index.md"
    home.write_text(home.read_text().replace("topics/topic.md#findings", "topics/nowhere.md"))
    assert "link-broken" in rules(fixture_site)


def test_broken_anchor(fixture_site):
    home = fixture_site / "docs" / "index.md"
    home.write_text(home.read_text().replace("#findings", "#no-such-heading"))
    assert "link-anchor" in rules(fixture_site)


def test_uncited_entry_unless_retired(fixture_site):
    bib = fixture_site / "references.bib"
    extra = """
@article{lone2021entry,
  author = {Lone, Al}, title = {Nobody cites me}, journal = {J}, year = {2021},
  doi = {10.1000/lone}, evidence = {E2-RCT}, access = {open},
  verified = {2026-11-25; fixture entry, checked against nothing real}PLACE
}
"""
    bib.write_text(bib.read_text() + extra.replace("PLACE", ""))
    assert "bib-uncited" in rules(fixture_site)
    bib.write_text(bib.read_text().replace("nothing real}\n}", "nothing real},\n  status = {retired}\n}"))
    assert "bib-uncited" not in rules(fixture_site)


def test_command_prints_every_problem_and_exits_nonzero(fixture_site):
    page = fixture_site / "docs" / "topics" / "topic.md"
    page.write_text(page.read_text() + "\nAn uncited paragraph.\n\nAnother [@nosuch2020key].\n")
    run = subprocess.run([sys.executable, "-m", "guide", "--root", str(fixture_site), "lint"],
                         capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT / "hooks")})
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    assert any(":claim-uncited:" in l.replace(" ", "") for l in lines)
    assert any("cite-unknown-key" in l for l in lines)
    assert all(l.startswith("docs/") or l.startswith("references.bib") for l in lines)


def test_command_exits_zero_on_a_clean_site(fixture_site):
    run = subprocess.run([sys.executable, "-m", "guide", "--root", str(fixture_site), "lint"],
                         capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "hooks")})
    assert run.returncode == 0, run.stdout
