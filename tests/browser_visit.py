"""Visit every page of a built site once, in one browser with a few pages open at a time.

One load per page serves two checks: which requests leave the site's own host, and what
axe-core reports. Playwright's asyncio API lets several pages load and be audited at once,
which is what keeps the browser tests within a couple of minutes.
"""
from __future__ import annotations

import asyncio
import re
import threading
from dataclasses import dataclass, field

from axe_playwright_python.async_playwright import DEFAULT_OPTIONS, Axe

SERIOUS = ("serious", "critical")
AT_ONCE = 3  # pages loaded and audited at the same time: waits for the network overlap the work


@dataclass
class Visit:
    foreign: list[str] = field(default_factory=list)  # requests to any other host
    violations: list[str] = field(default_factory=list)  # serious or critical axe findings
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions


def own_host(url: str, base: str) -> bool:
    return url.startswith((base, "data:", "blob:"))


LOAD_TIMEOUT_MS = 180_000


async def _worker(browser, base: str, todo: asyncio.Queue, axe_scope, visits: dict[str, Visit]) -> None:
    """One tab that loads page after page: starting a fresh browser context for every page
    cost twice the CPU of the load itself. Every request still fires an event, cached or not."""
    context = await browser.new_context()
    # anything bound for another host is recorded and refused, so no visit waits on it
    await context.route(re.compile("^(?!" + re.escape(base) + ")"), lambda route: route.abort())
    page = await context.new_page()
    # The print-everything page is megabytes of HTML; on a shared, loaded machine it can take
    # longer than Playwright's 30 s default to load, which says nothing about the page.
    page.set_default_timeout(LOAD_TIMEOUT_MS)
    current = Visit()
    page.on("request", lambda r: current.foreign.append(r.url) if not own_host(r.url, base) else None)
    page.on("console", lambda m: current.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: current.errors.append(str(e)))
    while not todo.empty():
        path = todo.get_nowait()
        current = visits[path] = Visit()
        await page.goto(base + path)
        await page.wait_for_load_state("networkidle")
        for axe_context, options in axe_scope(path):
            results = await Axe().run(page, context=axe_context, options=options or DEFAULT_OPTIONS)
            current.violations += [f"{path}: {v['id']} ({v['impact']}): {v['help']}"
                                   for v in results.response["violations"] if v["impact"] in SERIOUS]
    await context.close()


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


def visit_all(executable: str | None, args: list[str], base: str, paths: list[str], axe_scope) -> dict[str, Visit]:
    """Load each path under ``base`` and run axe on it once per (axe context, axe options)
    that ``axe_scope(path)`` lists (None: the whole page; axe's default options).

    Runs in a thread of its own: the synchronous Playwright API the other tests use keeps an
    event loop in this thread, and asyncio may not start a second one beside it."""
    result: dict = {}

    def run():
        try:
            result["visits"] = asyncio.run(_visit_all(executable, args, base, paths, axe_scope))
        except BaseException as error:  # re-raised in the caller's thread
            result["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["visits"]
