"""The memory of clean visits (visit_memory): a page is visited again whenever anything it received
changed, or the toolkit that judged it, and a visit that found a problem is never remembered."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser_visit import Job, Visit
from visit_memory import VisitMemory, digest, fresh_run_wanted, toolkit

JOBS = [Job("a/index.html"), Job("b/index.html"), Job("a/index.html", "phone", audit=False)]


@pytest.fixture
def site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for rel, text in {"a/index.html": "<p>A</p>", "b/index.html": "<p>B</p>", "assets/site.css": "p {}",
                      "assets/theme.js": "run()", "downloads/references.bib": "@book{x,}",
                      "search/search_index.json": "{}"}.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text)
    return site


def received(job: Job) -> list[str]:
    """What a visit of the page asks for: the page (by its folder's URL), its style, the theme."""
    return [job.path.removesuffix("index.html"), "assets/site.css?v=1", "assets/theme.js"]


def visit_and_remember(site: Path, file: Path, jobs=JOBS, judged_by="kit 1", **found) -> VisitMemory:
    memory = VisitMemory(file, site, judged_by)
    visits = {(job.look, job.path): Visit(received=received(job), width=390, scheme="default", audited=job.audit,
                                          **found.get(job.path, {})) for job in jobs}
    memory.remember(jobs, visits)
    return memory


def to_visit(site: Path, file: Path, judged_by="kit 1") -> list[Job]:
    return VisitMemory(file, site, judged_by).recall(JOBS)[0]


def test_nothing_changed_nothing_is_visited_and_the_remembered_visit_stands_in(site, tmp_path):
    visit_and_remember(site, tmp_path / "memory.json")
    todo, recalled = VisitMemory(tmp_path / "memory.json", site, "kit 1").recall(JOBS)
    assert todo == []
    assert recalled["desktop", "a/index.html"] == Visit(received=received(JOBS[0]), width=390, scheme="default",
                                                        audited=True)
    assert recalled["phone", "a/index.html"].audited is False


def test_a_changed_page_is_visited_again_in_every_look_and_no_other(site, tmp_path):
    visit_and_remember(site, tmp_path / "memory.json")
    (site / "a/index.html").write_text("<p>A, edited</p>")
    assert to_visit(site, tmp_path / "memory.json") == [JOBS[0], JOBS[2]]


def test_a_changed_file_the_page_received_visits_it_again(site, tmp_path):
    """A file only b's visit received (a figure, say), which is no stylesheet, script or image."""
    file = tmp_path / "memory.json"
    (site / "b/figure.html").write_text("<svg/>")
    visit_and_remember(site, file)
    stored = json.loads(file.read_text())
    stored["visits"][json.dumps(["b/index.html", "desktop", True, False])]["received"]["b/figure.html?v=2"] = digest(b"<svg/>")
    file.write_text(json.dumps(stored))
    assert to_visit(site, file) == []
    (site / "b/figure.html").write_text("<svg>changed</svg>")
    assert to_visit(site, file) == [JOBS[1]]


def test_a_changed_stylesheet_or_script_visits_every_page_again_even_one_whose_request_was_missed(site, tmp_path):
    for shared in ("assets/site.css", "assets/theme.js", "assets/new.svg"):
        visit_and_remember(site, tmp_path / "memory.json", jobs=JOBS)
        (site / shared).write_text("changed")
        assert to_visit(site, tmp_path / "memory.json") == JOBS, shared


def test_files_no_page_received_change_nothing(site, tmp_path):
    visit_and_remember(site, tmp_path / "memory.json")
    (site / "downloads/references.bib").write_text("@book{y,}")
    (site / "search/search_index.json").write_text('{"docs": []}')
    assert to_visit(site, tmp_path / "memory.json") == []


def test_the_page_itself_counts_even_when_its_request_was_not_recorded(site, tmp_path):
    jobs = [Job("a/index.html")]
    VisitMemory(tmp_path / "memory.json", site, "kit 1").remember(jobs, {("desktop", "a/index.html"): Visit()})
    (site / "a/index.html").write_text("<p>A, edited</p>")
    assert VisitMemory(tmp_path / "memory.json", site, "kit 1").recall(jobs)[0] == jobs


def test_a_file_that_was_missing_and_now_is_there_visits_the_page_again(site, tmp_path):
    jobs = [Job("c/index.html")]
    memory = VisitMemory(tmp_path / "memory.json", site, "kit 1")
    memory.remember(jobs, {("desktop", "c/index.html"): Visit(received=["c/"])})
    assert VisitMemory(tmp_path / "memory.json", site, "kit 1").recall(jobs)[0] == []
    (site / "c").mkdir()
    (site / "c/index.html").write_text("<p>C</p>")
    assert VisitMemory(tmp_path / "memory.json", site, "kit 1").recall(jobs)[0] == jobs


@pytest.mark.parametrize("found", [{"foreign": ["https://example.org/x.js"]}, {"errors": ["ReferenceError"]},
                                   {"violations": ["a/index.html (desktop): image-alt (critical): ..."]}])
def test_a_visit_that_found_a_problem_is_not_remembered(site, tmp_path, found):
    visit_and_remember(site, tmp_path / "memory.json", **{"a/index.html": found})  # in both its looks
    assert to_visit(site, tmp_path / "memory.json") == [JOBS[0], JOBS[2]]


def test_another_browser_axe_or_visit_code_visits_every_page_again(site, tmp_path):
    visit_and_remember(site, tmp_path / "memory.json", judged_by="kit 1")
    assert to_visit(site, tmp_path / "memory.json", judged_by="kit 2") == JOBS


def test_the_toolkit_changes_with_the_visit_code_and_the_browser(tmp_path):
    code = tmp_path / "visit.py"
    code.write_text("AT_ONCE = 2")
    first = toolkit(None, [code])
    assert toolkit(None, [code]) == first
    code.write_text("AT_ONCE = 3")
    assert toolkit(None, [code]) != first
    browser = tmp_path / "chromium"
    browser.write_text("#!/bin/sh\necho Chromium 131\n")
    browser.chmod(0o755)
    assert toolkit(str(browser), [code]) != toolkit(None, [code])
    silent = tmp_path / "chrome.exe"  # a browser that prints no version: its file tells
    silent.write_text("#!/bin/sh\n")
    silent.chmod(0o755)
    before = toolkit(str(silent), [code])
    silent.write_text("#!/bin/sh\n# a newer build\n")
    assert toolkit(str(silent), [code]) != before


def test_a_job_asking_more_than_the_remembered_visit_did_is_visited(site, tmp_path):
    """A page loaded but not audited is no stand-in for an audit of it."""
    visit_and_remember(site, tmp_path / "memory.json", jobs=[Job("a/index.html", audit=False)])
    assert VisitMemory(tmp_path / "memory.json", site, "kit 1").recall([Job("a/index.html")])[0] == [Job("a/index.html")]


@pytest.mark.parametrize("stored", ["not json", "[]", '{"stamp": 1}', None])
def test_an_unreadable_or_damaged_memory_visits_every_page(site, tmp_path, stored):
    file = tmp_path / "memory.json"
    visit_and_remember(site, file)
    if stored is None:  # the right stamp, entries of the wrong shape
        data = json.loads(file.read_text())
        data["visits"] = {key: {"received": "x"} for key in data["visits"]}
        file.write_text(json.dumps(data))
    else:
        file.write_text(stored)
    assert to_visit(site, file) == JOBS


def test_the_memory_keeps_only_this_run_s_visits(site, tmp_path):
    visit_and_remember(site, tmp_path / "memory.json")
    visit_and_remember(site, tmp_path / "memory.json", jobs=[JOBS[1]])
    assert to_visit(site, tmp_path / "memory.json") == [JOBS[0], JOBS[2]]


@pytest.mark.parametrize("environ, fresh", [({}, False), ({"VISIT_EVERY_PAGE": "0"}, False),
                                             ({"VISIT_EVERY_PAGE": "1"}, True), ({"CI": "true"}, True)])
def test_ci_and_visit_every_page_recall_nothing(environ, fresh):
    assert fresh_run_wanted(environ) is fresh
