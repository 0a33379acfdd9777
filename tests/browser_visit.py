"""Visit every page of a built site once, in one browser with a few pages open at a time.

One load per page serves two checks: which requests leave the site's own host, and what
axe-core reports. A second tab at a phone's size loads the same page and reads whether it
scrolls sideways. Playwright's asyncio API lets several pages load and be audited at once,
and the visit runs in a thread of its own, so it can start while the other tests run.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import http.server
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.async_playwright import DEFAULT_OPTIONS, Axe

SERIOUS = ("serious", "critical")
AT_ONCE = 3  # pages loaded and audited at the same time: waits for the network overlap the work
# A phone: a touch screen 390 px wide (iPhone 12 to 15), which is what "on a phone" means in the tests.
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@dataclass
class Visit:
    foreign: list[str] = field(default_factory=list)  # requests to any other host
    violations: list[str] = field(default_factory=list)  # serious or critical axe findings
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    phone_width: int = 0  # the page's scrollWidth on a phone; wider than the phone scrolls sideways


def own_host(url: str, base: str) -> bool:
    return url.startswith((base, "data:", "blob:"))


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Serve ``directory`` on 127.0.0.1 only, on a free port; returns (server, its base URL)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


async def _tab(browser, base: str, **context_options):
    """A tab whose requests to any other host are recorded (by the caller) and refused, so no visit waits on them."""
    context = await browser.new_context(**context_options)
    await context.route(re.compile("^(?!" + re.escape(base) + ")"), lambda route: route.abort())
    page = await context.new_page()
    # The print-everything page is megabytes of HTML; on a shared, loaded machine it can take
    # longer than Playwright's 30 s default to load, which says nothing about the page.
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    return context, page


async def _worker(browser, base: str, todo: asyncio.Queue, axe_scope, visits: dict[str, Visit]) -> None:
    """One desktop tab and one phone tab that load page after page: starting a fresh browser
    context for every page cost twice the CPU of the load itself. Every request still fires an
    event, cached or not."""
    context, page = await _tab(browser, base)
    phone_context, phone = await _tab(browser, base, **PHONE)
    current = Visit()
    for tab in (page, phone):
        tab.on("request", lambda r: current.foreign.append(r.url) if not own_host(r.url, base) else None)
        tab.on("console", lambda m: current.errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: current.errors.append(str(e)))
    while not todo.empty():
        path = todo.get_nowait()
        current = visits[path] = Visit()
        await page.goto(base + path)  # to the load event; the network's going quiet is awaited after axe
        for axe_context, options in axe_scope(path):
            results = await Axe().run(page, context=axe_context, options=options or DEFAULT_OPTIONS)
            current.violations += [f"{path}: {v['id']} ({v['impact']}): {v['help']}"
                                   for v in results.response["violations"] if v["impact"] in SERIOUS]
        # by now usually long reached, so this rarely waits: any late request is still recorded
        await page.wait_for_load_state("networkidle")
        await phone.goto(base + path)  # the load event: the theme's and the site's scripts have run
        current.phone_width = await phone.evaluate("document.documentElement.scrollWidth")
    await context.close()
    await phone_context.close()


async def _visit_all(executable: str | None, args: list[str], base: str, paths: list[str], axe_scope) -> dict[str, Visit]:
    from playwright.async_api import async_playwright
    todo: asyncio.Queue = asyncio.Queue()
    for path in paths:  # in the order given: the largest first keeps every tab busy to the end
        todo.put_nowait(path)
    visits: dict[str, Visit] = {}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=executable, args=args)
        await asyncio.gather(*(_worker(browser, base, todo, axe_scope, visits) for _ in range(AT_ONCE)))
        await browser.close()
    return {path: visits[path] for path in paths}


def start_visit(executable: str | None, args: list[str], base: str, paths: list[str], axe_scope) -> concurrent.futures.Future:
    """Start loading each path under ``base`` and running axe on it once per (axe context, axe
    options) that ``axe_scope(path)`` lists (None: the whole page; axe's default options).
    Returns at once; ``.result()`` waits for {path: Visit} or raises what went wrong.

    Runs in a thread of its own: the synchronous Playwright API the other tests use keeps an
    event loop in the main thread, and asyncio may not start a second one beside it."""
    future: concurrent.futures.Future = concurrent.futures.Future()

    def run():
        try:
            future.set_result(asyncio.run(_visit_all(executable, args, base, paths, axe_scope)))
        except BaseException as error:  # raised again by future.result(), in the caller's thread
            future.set_exception(error)

    # a daemon: a run stopped early (pytest -x, Ctrl-C) does not wait for the browser to finish
    threading.Thread(target=run, name="browser-visit", daemon=True).start()
    return future


def visit_all(executable: str | None, args: list[str], base: str, paths: list[str], axe_scope) -> dict[str, Visit]:
    """``start_visit`` and wait for it."""
    return start_visit(executable, args, base, paths, axe_scope).result()
