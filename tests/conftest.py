"""Shared helpers: where things are, building a site in a temporary folder, finding the browser,
and a line per phase of the run with its time (the real site's build, the browser visit, each
test file)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from browser_visit import Job, axe_scope, html_pages, one_page_of_each_type, serve, start_visit
from preloaded import Preloaded
from run_ahead import BuildAhead
from visit_memory import VisitMemory, fresh_run_wanted, toolkit

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECT = re.compile(r"expect: ([\w-]+)")
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic"]
CHROMIUM_CANDIDATES = [
    "/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    os.path.expandvars(r"%LOCALAPPDATA%\Chromium\Application\chrome.exe"),
    os.path.expandvars(r"%PROGRAMFILES%\Google\Chrome\Application\chrome.exe"),
]
INSTALL_CHROMIUM = (
    "no chromium found for the browser tests. Install it: Debian/Ubuntu `sudo apt-get install chromium`; "
    "macOS `brew install --cask chromium`; Windows `winget install Hibbiki.Chromium`; or any system "
    "`.venv/bin/python -m playwright install chromium`. Or name one with CHROMIUM=/path/to/chromium. "
    "To run without the browser tests on purpose: SKIP_BROWSER_TESTS=1 make test (or pytest -m \"not browser\").")


def find_chromium() -> str | None:
    """The browser the tests drive: $CHROMIUM, a system chromium, or Playwright's own (None).
    Raises LookupError, with how to install one, when there is none."""
    if os.environ.get("CHROMIUM"):
        if Path(os.environ["CHROMIUM"]).is_file():
            return os.environ["CHROMIUM"]
        raise LookupError(f"CHROMIUM={os.environ['CHROMIUM']}: no such file. " + INSTALL_CHROMIUM)
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    for path in [found] + CHROMIUM_CANDIDATES:
        if path and Path(path).is_file():
            return path
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        if Path(p.chromium.executable_path).is_file():
            return None  # Playwright's downloaded chromium
    raise LookupError(INSTALL_CHROMIUM)


def chromium_or_fail() -> str | None:
    try:
        return find_chromium()
    except LookupError as missing:
        pytest.fail(str(missing), pytrace=False)


def worker_pools_started(monkeypatch) -> list[int]:
    """Two cores, whatever the machine has, and the list each fork pool's size is added to as
    it starts: a test of the parallel path sees that it ran, not the serial one it falls back to."""
    import multiprocessing
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("worker pools fork, and this system cannot")
    started: list[int] = []
    real = multiprocessing.get_context

    class Counted:
        def __init__(self, method):
            self.context = real(method)

        def Pool(self, processes, *args, **kwargs):
            started.append(processes)
            return self.context.Pool(processes, *args, **kwargs)

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(multiprocessing, "get_context", Counted)
    return started


def expected_rule(path: Path) -> str:
    match = EXPECT.search(path.read_text(encoding="utf-8"))
    assert match, f"{path} must say which rule it breaks ('expect: rule-id')"
    return match.group(1)


BUILD_ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")


def build_command(config: str = "mkdocs.yml") -> list[str]:
    """`mkdocs build --strict` (never -q: quiet mode hides the warnings strict counts)."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", "site"]


def run_build(project: Path, config: str = "mkdocs.yml") -> subprocess.CompletedProcess:
    return run_module(build_command(config)[2:], project, BUILD_ENV, timeout=300)


_preloaded: list[Preloaded] = []  # started by the first run_module, stopped at the end of the run
_preloaded_lock = threading.Lock()


def run_module(args: list[str], cwd: Path, env: dict, timeout: float) -> subprocess.CompletedProcess:
    """`python -m` ``args`` (the module, then its arguments) in ``cwd``, output captured: forked
    from a Python that has imported mkdocs and guide already (see preloaded), or without fork or
    with PRELOADED=0 a fresh interpreter."""
    if not hasattr(os, "fork") or os.environ.get("PRELOADED") == "0":
        return subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True, text=True, env=env,
                              timeout=timeout)
    with _preloaded_lock:
        if not _preloaded:
            _preloaded.append(Preloaded(dict(BUILD_ENV, PYTHONPATH=str(ROOT / "hooks"))))
    return _preloaded[0].run(args[0], args[1:], cwd, env, timeout)


def pytest_unconfigure(config):
    for server in _preloaded:
        server.close()


@pytest.fixture(scope="session")
def real_site(request) -> Path:
    """The real project, copied and strictly built once per test run (started when the tests
    were collected: see pytest_collection_modifyitems); returns the copy."""
    ahead = _ahead.get("build") or _build_ahead(request.config)
    run = ahead.result()
    assert run.returncode == 0, run.stderr
    report_phase("the real site built (strict, once for the whole run, beside the first tests)", ahead.seconds)
    return ahead.project


_ahead: dict = {}  # "build": the real site's BuildAhead, "visit": the visit's future, "url": where it is served


def _build_ahead(config) -> BuildAhead:
    where = Path(tempfile.mkdtemp(prefix="real-site-"))
    config.add_cleanup(lambda: shutil.rmtree(where, ignore_errors=True))
    _ahead["build"] = ahead = BuildAhead(ROOT, where / "project", build_command(), BUILD_ENV)
    config.add_cleanup(ahead.stop)
    return ahead


@pytest.fixture
def fixture_site(tmp_path: Path) -> Path:
    """A copy of tests/fixtures/site whose mkdocs.yml points at this project's hooks."""
    return copy_fixture_site(tmp_path / "project")


def on_fixture_copies(tmp_path_factory, variants: dict, job) -> dict:
    """name -> (project, job(project)) for each name -> change in ``variants``: each a fresh copy of
    the fixture site with its change made, all run at once (builds are subprocesses, so threads
    keep both cores busy)."""
    def one(name):
        project = copy_fixture_site(tmp_path_factory.mktemp("variant") / "project")
        variants[name](project)
        return name, (project, job(project))

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return dict(pool.map(one, variants))


def copy_fixture_site(project: Path) -> Path:
    shutil.copytree(FIXTURES / "site", project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("HOOKS_DIR", str(ROOT / "hooks"))
                      .replace("OVERRIDES_DIR", str(ROOT / "overrides")))
    return project


# --- Skipping the browser tests on purpose, and only on purpose ---------------------------------

def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives a real browser (chromium) through Playwright")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("SKIP_BROWSER_TESTS"):
        skip = pytest.mark.skip(reason="SKIP_BROWSER_TESTS is set: browser tests left out on request")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)
    # The other tests first, then the browser's, and last those that read the visit of every
    # page: the visit starts with the run (below) and has most of the run to finish.
    items.sort(key=lambda item: ("browser" in item.keywords, "site_visit" in item.fixturenames))
    if config.option.collectonly:
        return
    wanted = [item for item in items if not item.get_closest_marker("skip")]
    if any("real_site" in item.fixturenames for item in wanted):
        ahead = _build_ahead(config)
        if any("site_visit" in item.fixturenames for item in wanted):
            _start_the_visit_once_built(config, ahead)


def _start_the_visit_once_built(config, ahead: BuildAhead) -> None:
    """The visit is the longest part of the run and mostly the browser's work: started as soon as
    the site is built, it runs while the other tests do. Only with a browser: without one, the
    tests that need the visit fail with how to install one."""
    try:
        executable = find_chromium()
    except LookupError:
        return
    httpd, _ahead["url"] = serve(ahead.project / "site")  # files are read when asked for: after the build
    config.add_cleanup(httpd.shutdown)

    def built():  # in the visit's thread
        if ahead.result().returncode != 0:
            raise RuntimeError("nothing to visit: the real site did not build (see the real_site fixture's error)")

    started = time.perf_counter()
    _ahead["visit"] = future = remembered_visit(executable, _ahead["url"], ahead.project, built)
    future.add_done_callback(lambda done: done.exception() or report_phase(
        f"every page visited ({done.memory['summary']}; from the build's end, beside the other tests)",
        time.perf_counter() - started))


# --- The visit of every page, started with the run ----------------------------------------------

@pytest.fixture(scope="session")
def site_url(real_site):
    """The real site served on 127.0.0.1, for every browser test."""
    if "url" in _ahead:
        yield _ahead["url"]
        return
    httpd, url = serve(real_site / "site")
    yield url
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One chromium for every synchronous browser test (the visit drives its own)."""
    executable = chromium_or_fail()
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield browser
        browser.close()


# Audited beyond every page on a desktop: the home and about pages in every look, and one page of
# each type on a phone. Every page is loaded on a phone too, to see that none scrolls sideways.
IN_EVERY_LOOK = ("", "about/")


def visit_jobs(project: Path) -> list[Job]:
    """What the visit does: the largest pages first, which keeps every tab busy to the end. The
    pages audited on a phone are audited as they first paint too, before the theme's script."""
    site = project / "site"
    pages = sorted(html_pages(site), key=lambda rel: -(site / rel).stat().st_size)
    on_phone = {rel + "index.html" for rel in (*one_page_of_each_type(project).values(), *IN_EVERY_LOOK)}
    return ([Job(rel, "desktop") for rel in pages]
            + [Job(rel + "index.html", look) for rel in IN_EVERY_LOOK for look in ("desktop, dark", "phone, dark")]
            + [Job(rel, "phone", audit=rel in on_phone, before_theme=rel in on_phone) for rel in pages])


VISIT_MEMORY = ROOT / ".cache" / "browser-visits.json"
VISIT_CODE = [Path(__file__), ROOT / "tests" / "browser_visit.py", ROOT / "tests" / "visit_memory.py"]


def remembered_visit(executable: str | None, url: str, project: Path, built=lambda: None):
    """``start_visit`` of ``visit_jobs``, where a clean visit of an earlier run stands in for a
    page whose files are all unchanged (see visit_memory; VISIT_EVERY_PAGE=1 or CI: none does).
    Once it is done, the future's ``memory["summary"]`` says how many were made and recalled."""
    memory: dict = {}

    def jobs():  # in the visit's thread
        built()
        every = memory["jobs"] = visit_jobs(project)
        memory["store"] = store = VisitMemory(VISIT_MEMORY, project / "site", toolkit(executable, VISIT_CODE))
        todo, memory["recalled"] = (every, {}) if fresh_run_wanted() else store.recall(every)
        return todo

    def finish(made: dict) -> dict:
        every = {**memory["recalled"], **made}
        memory["store"].remember(memory["jobs"], every)
        memory["summary"] = (f"{len(every)} visits: {len(made)} made, {sum(v.audited for v in made.values())} of them "
                             f"audited; {len(memory['recalled'])} recalled, their files unchanged since a clean visit")
        return {(job.look, job.path): every[job.look, job.path] for job in memory["jobs"]}

    future = start_visit(executable, BROWSER_ARGS, url, jobs, axe_scope, finish)
    future.memory = memory
    return future


@pytest.fixture(scope="session")
def site_visit(real_site, site_url):
    """Every page loaded, several at a time in a thread of its own, with its requests, its axe
    findings, its width and its colour scheme (see browser_visit): a future of {(look, path): Visit}.
    Started when the tests were collected; here only if it was not (no browser then: this fails)."""
    if "visit" in _ahead:
        return _ahead["visit"]
    return remembered_visit(chromium_or_fail(), site_url, real_site)


# --- Progress: one line per phase, with its time -----------------------------------------------

_pending: list[str] = []
_module = {"name": None, "start": 0.0, "tests": 0}


def report_phase(name: str, seconds: float) -> None:
    """Queue a phase line; it is printed between tests, where output is not captured."""
    _pending.append(f"[phase] {name}: {seconds:.1f} s")


def _flush(reporter) -> None:
    while _pending and reporter is not None:
        reporter.write_line(_pending.pop(0))


def _end_module(now: float) -> None:
    if _module["name"]:
        report_phase(f"{_module['name']} ({_module['tests']} tests)", now - _module["start"])


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logstart(nodeid, location):
    module = nodeid.split("::")[0]
    if module != _module["name"]:
        now = time.perf_counter()
        _end_module(now)
        _module.update(name=module, start=now, tests=0)
    _module["tests"] += 1


def pytest_runtest_logreport(report):
    if report.when == "teardown":
        _flush(_reporter)


def pytest_sessionfinish(session):
    _end_module(time.perf_counter())


def pytest_terminal_summary(terminalreporter):
    _flush(terminalreporter)


_reporter = None


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session):
    global _reporter
    _reporter = session.config.pluginmanager.get_plugin("terminalreporter")
