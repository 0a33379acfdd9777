"""What `mkdocs serve` reuses between rebuilds gives the same result as doing it all again:
the content checks (guide.content_check.Memo) and each page's HTML (guide.render_cache)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_fixture_site
from guide import content_check
from guide.content_check import Memo, check_site


def _same(memo: Memo, project: Path) -> None:
    kept, fresh = check_site(project, memo=memo), check_site(project)
    assert [str(p) for p in kept.problems] == [str(p) for p in fresh.problems]
    assert {page: s.citations for page, s in kept.pages.items()} == {page: s.citations for page, s in fresh.pages.items()}


def test_content_checks_kept_while_serving_give_the_same_problems(tmp_path, monkeypatch):
    project = copy_fixture_site(tmp_path / "project")
    memo = Memo()
    _same(memo, project)
    scanned = []
    monkeypatch.setattr(content_check, "scan", lambda text, real=content_check.scan: scanned.append(1) or real(text))
    check_site(project, memo=memo)
    assert scanned == [], "an unchanged site is checked again from scratch: the memo keeps nothing"
    topic = project / "docs" / "topics" / "topic.md"
    # each edit changes what some kept result read: the page, the bibliography, the findings data
    topic.write_text(topic.read_text() + "\nA new claim with no source, and [@nosuchkey2020].\n")
    _same(memo, project)
    bib = project / "references.bib"
    bib.write_text(bib.read_text().replace("@book{brown2019handbook", "@book{brown2019handbookx"))
    _same(memo, project)
    findings = next((project / "findings").glob("*.yml"))
    findings.write_text(findings.read_text().replace("smith2020music", "smith2020musicx"))
    _same(memo, project)
    (project / "docs" / "topics" / "new.md").write_text("---\ntitle: New\n---\n# New\n\n[Gone](gone.md)\n")
    _same(memo, project)


def _serve(project: Path, site_dir: Path, edits: list[dict[str, str]]) -> dict:
    plan = project.parent / f"{site_dir.name}.json"
    plan.write_text(json.dumps(edits))
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    run = subprocess.run([sys.executable, str(Path(__file__).parent / "serve_rebuild.py"), str(project),
                          str(site_dir), str(plan)], cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def _html(site_dir: Path) -> dict[str, str]:
    return {p.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.html"))}


def test_pages_reused_while_serving_are_the_pages_a_fresh_build_makes(tmp_path):
    project = copy_fixture_site(tmp_path / "project")
    topic = project / "docs" / "topics" / "topic.md"
    index = project / "docs" / "index.md"
    original = topic.read_text()
    # a broken link and a missing anchor on the page left alone: their warnings must show on every rebuild
    broken = index.read_text() + "\nSee [a missing page](nowhere.md) and [a missing part](topics/topic.md#no-such-part).\n"
    index.write_text(broken)
    edited = original.replace("A paragraph that cites", "A paragraph which cites")
    assert edited != original
    served = _serve(project, tmp_path / "served", [{"docs/topics/topic.md": edited}])
    assert served["reused"][-1] > 0, "no page was reused: the render cache is not in use"
    # the same final sources, built once from scratch as serve would
    fresh = _serve(project, tmp_path / "fresh", [])
    assert _html(tmp_path / "served") == _html(tmp_path / "fresh")
    assert served["warnings"][-1] == fresh["warnings"][0]
    assert any("nowhere.md" in w for w in fresh["warnings"][0]) and any("no-such-part" in w for w in fresh["warnings"][0])


def test_parts_set_aside_come_back_whole_and_in_place():
    from guide import unindexed
    html = ('<p>A claim<sup id="fnref:k"><a class="footnote-ref" href="#fn:k">1</a></sup><sup class="cite-sep">, '
            '</sup><sup id="fnref:j"><a class="footnote-ref" href="#fn:j">2</a></sup>.</p>'
            '<h2 id="references">References</h2><div class="footnote"><ol><li><div>nested</div></li></ol></div>'
            '<p>between</p><details class="quote">\n<summary>Cite this page</summary><details><summary>x</summary>'
            '</details></details><details class="cited-on-list"><summary>Cited on 1 page</summary>'
            '<p class="cited-on"><a href="a/">A</a></p></details><p>end</p>')
    parts: list[str] = []
    out = unindexed.set_aside(unindexed.set_aside(html, parts, unindexed.NOT_PRINTED), parts)
    assert out == ('<p>A claim<!--unindexed:1--><!--unindexed:3--><!--unindexed:2-->.</p><!--unindexed:4-->'
                   '<!--unindexed:5--><p>between</p><!--unindexed:6--><!--unindexed:0--><p>end</p>')
    assert unindexed.put_back(out, parts) == html
