"""Visit every page of a built site, in one browser with a few pages open at a time.

A visit is a page seen in one look (desktop or phone, light or dark): one load serves every
check of that look: which requests leave the site's own host, what axe-core reports (where
the job asks for an audit), how wide the page is and which colour scheme it shows, as it
first paints and once a reader's first move has loaded the theme's script.
Playwright's asyncio API lets several pages load and be audited at once, and the visit runs
in a thread of its own, so it can start while the other tests run.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import http.server
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.async_playwright import DEFAULT_OPTIONS, Axe

SERIOUS = ("serious", "critical")
AT_ONCE = 2  # pages loaded and audited at the same time: one a core (three cost 14% more CPU and wall, measured)
# A phone: a touch screen 390 px wide (iPhone 12 to 15), which is what "on a phone" means in the tests.
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
# How a reader may see a page: a browser context's options for each look.
LOOKS = {"desktop": DESKTOP, "desktop, dark": {**DESKTOP, "color_scheme": "dark"},
         "phone": PHONE, "phone, dark": {**PHONE, "color_scheme": "dark"}}


@dataclass(frozen=True)
class Job:
    path: str  # under the site's base URL
    look: str = "desktop"  # a key of LOOKS
    audit: bool = True  # run axe (as axe_scope says); otherwise load and measure only
    before_theme: bool = False  # audit also as the page first paints, before the theme's script loads


@dataclass
class Visit:
    foreign: list[str] = field(default_factory=list)  # requests to any other host
    violations: list[str] = field(default_factory=list)  # serious or critical axe findings
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    width: int = 0  # the page's scrollWidth: wider than the look's viewport scrolls sideways
    scheme: str | None = None  # the colour scheme the theme applied (body's data-md-color-scheme)
    audited: bool = False  # axe ran on it
    received: list[str] = field(default_factory=list)  # what it asked of the site's own host: paths under its base


def own_host(url: str, base: str) -> bool:
    return url.startswith((base, "data:", "blob:"))


def _record(visit: Visit, url: str, base: str) -> None:
    """A request: what the site sent (a path under its base), or a request to another host."""
    if url.startswith(base):
        visit.received.append(url[len(base):])
    elif not own_host(url, base):
        visit.foreign.append(url)


LOAD_TIMEOUT_MS = 180_000
PRINT_PAGE = "print_page/index.html"
# The print page repeats every page's content, and each page is audited on its own. What the
# print page adds is audited in full (its table of contents and frame); over the whole page
# run the rules about the document as a whole, which joining the pages could break.
PRINT_PAGE_OWN = {"exclude": [["section.print-page[id]"]]}
WHOLE_DOCUMENT_RULES = ["duplicate-id-aria", "aria-valid-attr-value", "landmark-unique",
                        "landmark-no-duplicate-main", "landmark-one-main", "page-has-heading-one"]


def axe_scope(path: str):
    """(axe context, axe options) for a page: everything on an ordinary page; on the print page,
    what it adds and the whole-document rules (two runs, given as a list)."""
    if path == PRINT_PAGE:
        return [(PRINT_PAGE_OWN, None), (None, {"runOnly": {"type": "rule", "values": WHOLE_DOCUMENT_RULES},
                                                 "resultTypes": ["violations"]})]
    return [(None, None)]


def html_pages(site: Path) -> list[str]:
    """Every page of a built site a reader can open, as paths under the site (404 left out)."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")


def built_path(project: Path, source: Path) -> str:
    """The site path a page's source is built to: docs/a/b.md -> a/b/, docs/index.md -> ''."""
    rel = source.relative_to(project / "docs").with_suffix("").as_posix()
    return "" if rel == "index" else rel.removesuffix("/index") + "/"


def one_page_of_each_type(project: Path) -> dict[str, str]:
    """Page type (front matter ``type``) -> the site path of one page of that type: the first,
    by source path, that cites a work, if any of that type does."""
    found: dict[str, list[tuple[bool, str]]] = {}
    for source in sorted((project / "docs").rglob("*.md")):
        kind = next((l.split(":", 1)[1].strip() for l in source.read_text().splitlines() if l.startswith("type:")), None)
        rel = built_path(project, source)
        cites = 'class="footnote-ref"' in (project / "site" / rel / "index.html").read_text()
        found.setdefault(kind, []).append((not cites, rel))
    return {kind: min(pages)[1] for kind, pages in found.items() if kind}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 only, on a free port; returns (server, its base URL)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


# Requests to any other host go to a proxy that is not there and fail at once, so no visit waits
# on them; the browser still reports each one, and the visit records it. (Playwright's routes
# did the same, at the cost of stopping every request of every page in the driver: 15% of a load.)
# Loopback addresses, where the site is served, never go through a proxy.
REFUSE_OTHER_HOSTS = ["--proxy-server=http://127.0.0.1:9"]


async def _tab(browser, base: str, look: str, current: dict):
    """A tab of one look whose requests to any other host are recorded.
    ``current["visit"]`` is the Visit its events belong to."""
    context = await browser.new_context(**LOOKS[look])
    page = await context.new_page()
    # The print-everything page is megabytes of HTML; on a shared, loaded machine it can take
    # longer than Playwright's 30 s default to load, which says nothing about the page.
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    page.on("request", lambda r: _record(current["visit"], r.url, base))
    page.on("console", lambda m: current["visit"].errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: current["visit"].errors.append(str(e)))
    return page


MEASURE = "[document.documentElement.scrollWidth, document.body.getAttribute('data-md-color-scheme')]"
# The theme's script loads at a reader's first move (docs/assets/javascripts/theme-on-demand.js),
# which takes theme-pending off <html> once the theme has run. Waiting on a selector, not on a
# script: the site's Content-Security-Policy forbids the eval that wait_for_function polls with.
THEME_READY = "html:not(.theme-pending)"


async def wake_theme(page) -> None:
    """What a reader's first move does: the mouse moved over the page loads the theme's script."""
    await page.mouse.move(2, 2)
    await page.wait_for_selector(THEME_READY, state="attached")


def wake_theme_sync(page) -> None:
    """``wake_theme`` for Playwright's synchronous API."""
    page.mouse.move(2, 2)
    page.wait_for_selector(THEME_READY, state="attached")


async def _audit(page, job: Job, stage: str, axe_scope) -> list[str]:
    """The serious and critical axe findings on the page as it is now, once per axe_scope run."""
    found = []
    for axe_context, options in axe_scope(job.path):
        results = await Axe().run(page, context=axe_context, options=options or DEFAULT_OPTIONS)
        found += [f"{job.path} ({job.look}{stage}): {v['id']} ({v['impact']}): {v['help']}"
                  for v in results.response["violations"] if v["impact"] in SERIOUS]
    return found


async def _worker(browser, base: str, todo: asyncio.Queue, axe_scope, visits: dict) -> None:
    """Tabs (one per look, opened when first needed) that load page after page: starting a fresh
    browser context for every page cost twice the CPU of the load itself. Every request still
    fires an event, cached or not."""
    current: dict = {}
    tabs = {}
    while not todo.empty():
        job = todo.get_nowait()
        if job.look not in tabs:
            tabs[job.look] = await _tab(browser, base, job.look, current)
        page = tabs[job.look]
        current["visit"] = visit = visits[job.look, job.path] = Visit()
        await page.goto(base + job.path)  # to the load event: the site's scripts have run
        # Measured as the page first paints, then again once a reader's first move has loaded the
        # theme's script: the wider of the two, and the scheme of each if they differ.
        first = await page.evaluate(MEASURE)
        if job.audit and job.before_theme:
            visit.violations += await _audit(page, job, " before the theme's script", axe_scope)
        await wake_theme(page)
        woken = await page.evaluate(MEASURE)
        visit.width = max(first[0], woken[0])
        visit.scheme = first[1] if first[1] == woken[1] else f"{first[1]}, then {woken[1]}"
        if job.audit:
            visit.violations += await _audit(page, job, "", axe_scope)
            visit.audited = True
            # by now usually long reached, so this rarely waits: any late request is still recorded
            await page.wait_for_load_state("networkidle")
    for page in tabs.values():
        await page.context.close()


async def _visit_all(executable: str | None, args: list[str], base: str, jobs: list[Job], axe_scope) -> dict:
    from playwright.async_api import async_playwright
    todo: asyncio.Queue = asyncio.Queue()
    for job in jobs:  # in the order given: the largest first keeps every tab busy to the end
        todo.put_nowait(job)
    visits: dict = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=executable, args=args + REFUSE_OTHER_HOSTS)
        await asyncio.gather(*(_worker(browser, base, todo, axe_scope, visits) for _ in range(AT_ONCE)))
        await browser.close()
    return {(job.look, job.path): visits[job.look, job.path] for job in jobs}


def start_visit(executable: str | None, args: list[str], base: str, jobs: list[Job] | Callable[[], list[Job]],
                axe_scope, finish: Callable[[dict], dict] | None = None) -> concurrent.futures.Future:
    """Start loading each job's path under ``base`` in its look and, where the job audits,
    running axe on it once per (axe context, axe options) that ``axe_scope(path)`` lists (None:
    the whole page; axe's default options). Returns at once; ``.result()`` waits for
    {(look, path): Visit} or raises what went wrong. ``jobs`` may be a function that gives
    them, called in the visit's thread (to wait there for what they are made from), and
    ``finish`` what is done there with the visits before they are the result.

    Runs in a thread of its own: the synchronous Playwright API the other tests use keeps an
    event loop in the main thread, and asyncio may not start a second one beside it."""
    future: concurrent.futures.Future = concurrent.futures.Future()

    def run():
        try:
            todo = jobs() if callable(jobs) else jobs
            visits = asyncio.run(_visit_all(executable, args, base, todo, axe_scope)) if todo else {}
            future.set_result(finish(visits) if finish else visits)
        except BaseException as error:  # raised again by future.result(), in the caller's thread
            future.set_exception(error)

    # a daemon: a run stopped early (pytest -x, Ctrl-C) does not wait for the browser to finish
    threading.Thread(target=run, name="browser-visit", daemon=True).start()
    return future


def visit_all(executable: str | None, args: list[str], base: str, jobs: list[Job], axe_scope) -> dict:
    """``start_visit`` and wait for it."""
    return start_visit(executable, args, base, jobs, axe_scope).result()
