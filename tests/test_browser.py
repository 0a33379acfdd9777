"""What a reader gets, in a real browser: Playwright driving Debian's chromium.

The built site is served on 127.0.0.1 only. In CI a missing browser is a failure, never a
skip; on a developer's machine without chromium these tests are skipped with the reason.
"""
from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
import rispy
from pybtex.database import parse_string

from conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-quic"]
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def server(real_site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(real_site / "site"))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"chromium not found at {CHROMIUM}: install Debian's chromium (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def html_pages(real_site) -> list[str]:
    site = real_site / "site"
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html") if p.name != "404.html")


def test_home_page_loads_without_console_errors(page, server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server)
    page.wait_for_load_state("networkidle")
    assert page.title().startswith("Music Therapy Evidence Guide")
    assert errors == []


def search(page, query: str):
    """Type into Material's search as a reader would, and return the first result's link."""
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")  # Material's shortcut to focus search
    page.keyboard.type(query, delay=60)  # key events, which the search box listens to
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=15000)
    return first.get_attribute("href")


def test_search_for_dementia_lists_the_dementia_page_first(page, server):
    page.goto(server)
    assert "populations/dementia/" in search(page, "dementia")


def _first_citation_page(real_site) -> str:
    for rel in html_pages(real_site):
        if 'class="footnote-ref"' in (real_site / "site" / rel).read_text():
            return rel
    raise AssertionError("no page of the site cites anything")


def test_hovering_and_focusing_a_citation_shows_its_reference(page, server, real_site):
    page.goto(server + _first_citation_page(real_site))
    citation = page.locator("a.footnote-ref").first
    target = citation.get_attribute("href")[1:]
    reference_text = page.locator(f'li[id="{target}"] p').inner_text().split("\n")[0][:40]
    citation.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip2")
    page.wait_for_function("document.querySelector('.md-tooltip2') !== null", timeout=5000)
    assert reference_text in page.locator(".md-tooltip2").first.inner_text()
    page.mouse.move(0, 0)
    page.reload()
    page.locator("a.footnote-ref").first.focus()
    page.wait_for_function("document.querySelector('.md-tooltip2') !== null", timeout=5000)
    assert reference_text in page.locator(".md-tooltip2").first.inner_text()
    assert tooltip.count() >= 1


def test_every_citation_is_reachable_by_keyboard(page, server, real_site):
    page.goto(server + _first_citation_page(real_site))
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('footnote-ref')"):
            break
    else:
        raise AssertionError("no citation was reached with the Tab key")
    tabbable = page.evaluate("[...document.querySelectorAll('a.footnote-ref')].every(a => a.tabIndex >= 0)")
    assert tabbable


def test_cited_on_link_lands_on_the_citing_page_which_links_back(page, server):
    page.goto(server + "references/")
    entry = page.locator("div.reference").first
    key = entry.get_attribute("id")[len("ref-"):]
    entry.locator("p.cited-on a").first.click()
    page.wait_for_load_state()
    assert page.locator(f'a.footnote-ref[href="#fn:{key}"]').count() >= 1
    back = page.locator(f'li[id="fn:{key}"] a.ref-all')
    back.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path.endswith("/references/") and page.url.endswith(f"#ref-{key}")


def test_every_download_parses_back_with_the_expected_entries(page, server, real_site):
    site = real_site / "site"
    downloads = sorted((site / "downloads").glob("*.bib"))
    assert downloads, "the site offers no downloads"
    for bib_file in downloads:
        response = page.request.get(server + f"downloads/{bib_file.name}")
        assert response.ok
        keys = list(parse_string(response.text(), "bibtex").entries)
        ris = page.request.get(server + f"downloads/{bib_file.stem}.ris")
        assert [r["id"] for r in rispy.loads(ris.text())] == keys
        if not bib_file.stem.startswith("reading-"):
            assert keys, f"{bib_file.name} is empty"


def test_no_page_requests_another_host(page, server, real_site):
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(server) and not r.url.startswith("data:") else None)
    for rel in html_pages(real_site):
        page.goto(server + rel)
        page.wait_for_load_state("networkidle")
    assert foreign == []


def test_no_serious_or_critical_accessibility_violations(page, server, real_site):
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    found = []
    for rel in html_pages(real_site):
        page.goto(server + rel)
        results = axe.run(page)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                found.append(f"{rel}: {violation['id']} ({violation['impact']}): {violation['help']}")
    assert found == []


def test_population_page_screenshots_at_phone_and_desktop_width(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, width, height in (("phone", 390, 844), ("desktop", 1366, 900)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(server + "populations/dementia/")
        path = ARTIFACTS / f"dementia-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        context.close()
        assert path.stat().st_size > 10_000


def test_print_page_holds_every_page_and_a_page_prints_with_its_references(page, server, real_site):
    printable = (real_site / "site" / "print_page" / "index.html").read_text()
    for rel in ("populations/dementia.md", "orientation/what-is-music-therapy.md"):
        title = next(l for l in (real_site / "docs" / rel).read_text().splitlines() if l.startswith("title:"))
        assert title.split(":", 1)[1].strip() in printable
    page.goto(server + "populations/dementia/")
    page.emulate_media(media="print")
    assert page.locator("#references").is_visible()
    assert page.locator("details").first.evaluate("d => getComputedStyle(d).display") == "block"
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF" and len(pdf) > 20_000


@pytest.fixture(scope="module")
def offline_site(real_site):
    import subprocess
    import sys
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "offline"],
                         cwd=real_site, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    return real_site / "offline"


def test_offline_build_works_from_file_urls_with_search(page, offline_site):
    foreign = []
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith(("file://", "data:", "blob:")) else None)
    page.goto((offline_site / "index.html").as_uri())
    page.wait_for_timeout(2000)  # the search index loads through an iframe from file://
    assert "dementia" in search(page, "dementia")
    assert foreign == []


PROBE = ('<script>window.__inline_ran = true</script>'
         '<iframe srcdoc="<script>parent.__frame_ran = true</script>"></iframe>'
         '<img src="https://tracker.example/pixel.gif" alt="">'
         '<p onmouseover="window.__handler_ran = true" id="probe-handler">x</p>')


def test_csp_blocks_script_frames_and_off_host_loads_that_slipped_past_the_checks(page, server, real_site):
    """Injected into a copy of a built page, as if every check had missed them."""
    built = (real_site / "site" / "populations" / "dementia" / "index.html").read_text()
    assert 'http-equiv="Content-Security-Policy"' in built
    probe = real_site / "site" / "populations" / "dementia" / "csp-probe.html"
    probe.write_text(built.replace('<h1 id="dementia">', PROBE + '<h1 id="dementia">', 1))
    try:
        _expect_blocked(page, server)
    finally:
        probe.unlink()  # the built site is shared with the other tests, which check every page


def _expect_blocked(page, server):
    failed = {}
    page.on("requestfailed", lambda r: failed.__setitem__(r.url, r.failure))
    page.add_init_script("window.__violations = [];"
                         "document.addEventListener('securitypolicyviolation',"
                         " e => window.__violations.push(e.effectiveDirective + ' ' + e.blockedURI));")
    page.goto(server + "populations/dementia/csp-probe.html")
    page.wait_for_load_state("networkidle")
    page.hover("#probe-handler")
    assert page.evaluate("window.__inline_ran") is None
    assert page.evaluate("window.__frame_ran") is None
    assert page.evaluate("window.__handler_ran") is None
    violations = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") and v.endswith("inline") for v in violations), violations
    assert any(v.startswith("img-src") and "tracker.example" in v for v in violations), violations
    # the browser refused the image before asking the network (which tests here do not have)
    assert "csp" in (failed.get("https://tracker.example/pixel.gif") or "").lower(), failed
    # the page's own scripts still run under the policy: the theme's search still answers
    assert "populations/dementia/" in search(page, "dementia")


def test_footer_names_licence_editors_corrections_and_date_on_a_content_page(page, server):
    page.goto(server + "populations/dementia/")
    credits = page.locator("footer .guide-footer")
    assert credits.is_visible()
    text = credits.inner_text()
    assert "the Music Therapy Evidence Guide editors" in text
    licence = credits.locator('a[rel="license"]')
    assert licence.inner_text() == "CC BY 4.0"
    assert licence.get_attribute("href") == "https://creativecommons.org/licenses/by/4.0/"
    correction = credits.get_by_role("link", name="Report a correction")
    assert correction.get_attribute("href").endswith("/issues/new?template=content-correction.md")
    credits.get_by_role("link", name="disclaimer").click()
    page.wait_for_load_state()
    assert page.url == server + "disclaimer/"
    built = page.locator("footer .guide-footer time")
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", built.get_attribute("datetime"))
    assert built.is_visible()


def test_home_page_offers_three_start_here_paths(page, server):
    page.goto(server)
    cards = page.locator(".home-paths > ul > li")
    assert cards.count() == 3
    titles = [cards.nth(i).locator("h3").inner_text() for i in range(3)]
    assert titles == ["Learning about the field", "Assigning readings", "Checking the evidence"]
    for i in range(3):
        links = cards.nth(i).locator("ul a")
        assert 3 <= links.count() <= 4 and all(links.nth(j).is_visible() for j in range(links.count()))
    cards.nth(1).get_by_role("link", name="Reading lists").click()
    page.wait_for_load_state()
    assert page.url == server + "educators/reading-lists/"


@pytest.mark.parametrize("scheme,slate", [("light", False), ("dark", True)])
def test_home_and_about_pages_pass_axe_in_both_schemes_at_phone_and_desktop_width(browser, server, scheme, slate):
    from axe_playwright_python.sync_playwright import Axe
    axe = Axe()
    ARTIFACTS.mkdir(exist_ok=True)
    found = []
    for name, width, height in (("phone", 390, 844), ("desktop", 1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        page = context.new_page()
        for rel in ("", "about/"):
            page.goto(server + rel)
            page.wait_for_load_state("networkidle")
            # the scheme really applied: the theme follows the reader's system setting
            assert (page.locator("body").get_attribute("data-md-color-scheme") == "slate") is slate
            for violation in axe.run(page).response["violations"]:
                if violation["impact"] in ("serious", "critical"):
                    found.append(f"{rel or 'home'} {name} {scheme}: {violation['id']}: {violation['help']}")
            if rel == "":
                page.screenshot(path=str(ARTIFACTS / f"home-{name}-{scheme}.png"), full_page=True)
        context.close()
    assert found == []
