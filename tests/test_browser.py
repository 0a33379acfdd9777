"""What a reader gets, in a real browser: Playwright driving chromium.

The built site is served on 127.0.0.1 only. A missing browser fails these tests, with how to
install one; to leave them out on purpose, run ``SKIP_BROWSER_TESTS=1 make test`` or
``pytest -m "not browser"`` (see README, Tests).

Every page is loaded once, several at a time (``browser_visit``): that one load serves the
other-host check and the accessibility audit.
"""
from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest
import rispy
from selectolax.lexbor import LexborHTMLParser
from pybtex.database import parse_string

from browser_visit import (DESKTOP, LOOKS, PHONE, PRINT_PAGE, SERIOUS, Job, Visit, html_pages as site_pages,
                           one_page_of_each_type, serve, visit_all, wake_theme_sync)
from conftest import BROWSER_ARGS, IN_EVERY_LOOK, ROOT, chromium_or_fail

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def offline_build(real_site):
    """The offline build starts beside the browser tests and is waited for only where needed."""
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true")
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "offline"],
                               cwd=real_site, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    yield process
    if process.poll() is None:
        process.kill()
    process.communicate()


@pytest.fixture(scope="module")
def server(site_url, offline_build):
    return site_url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()


def html_pages(real_site) -> list[str]:
    return site_pages(real_site / "site")


def test_home_page_loads_without_console_errors(page, server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server)
    wake_theme_sync(page)  # the theme's script too, which loads at the reader's first move
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
    page.wait_for_selector(".md-tooltip2", state="attached", timeout=5000)  # not a polled script: the CSP forbids eval
    assert reference_text in page.locator(".md-tooltip2").first.inner_text()
    page.mouse.move(0, 0)
    page.reload()
    page.locator("a.footnote-ref").first.focus()
    page.wait_for_selector(".md-tooltip2", state="attached", timeout=5000)  # not a polled script: the CSP forbids eval
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
    # and every other: a link (an href), in the Tab order (no negative tabindex), and focusable
    # where it stands (rendered, not hidden, not inside a closed <details> or an inert part)
    citations, unreachable = page.evaluate("""() => {
        const all = [...document.querySelectorAll('a.footnote-ref')];
        const missed = all.filter(a => { a.focus(); return !a.hasAttribute('href') || a.tabIndex < 0 || document.activeElement !== a; });
        return [all.length, missed.map(a => a.outerHTML.slice(0, 120))];
    }""")
    assert citations > 1 and unreachable == []


def test_cited_on_link_lands_on_the_citing_page_which_links_back(page, server):
    page.goto(server + "references/")
    entry = page.locator("div.reference").first
    key = entry.get_attribute("id")[len("ref-"):]
    assert not entry.locator("p.cited-on a").first.is_visible()  # the list starts collapsed
    entry.locator("summary").click()
    entry.locator("p.cited-on a").first.click()
    page.wait_for_load_state()
    assert page.locator(f'a.footnote-ref[href="#fn:{key}"]').count() >= 1
    back = page.locator(f'li[id="fn:{key}"] a.ref-all')
    back.click()
    page.wait_for_load_state()
    assert urlparse(page.url).path.endswith("/references/") and page.url.endswith(f"#ref-{key}")


def offered_downloads(site: Path) -> dict[str, set[str]]:
    """BibTeX download -> the keys of the works shown where a page offers it: a page's
    references (its footnotes) under "Download this page's references", and a reading list's
    entries after its "Download this list", and every work on the references page for the whole
    bibliography."""
    offered: dict[str, set[str]] = {}
    for rel in site_pages(site):
        if rel == PRINT_PAGE:  # every page's offer again, its footnotes renamed
            continue
        article = LexborHTMLParser((site / rel).read_text(encoding="utf-8")).css_first("article")
        for link in article.css('a[href$=".bib"]') if article else []:
            name, paragraph = link.attributes["href"].rsplit("/", 1)[-1], link.parent
            if "reference-downloads" in (paragraph.attributes.get("class") or ""):
                offered[name] = {li.attributes["id"][len("fn:"):] for li in article.css('li[id^="fn:"]')}
            elif name == "references.bib":
                offered[name] = {div.attributes["id"][len("ref-"):] for div in article.css('div.reference[id^="ref-"]')}
            elif name.startswith("reading-"):
                shown, sibling = set(), paragraph.next
                while sibling is not None and (sibling.tag == "-text" or "reference" in (sibling.attributes.get("class") or "")):
                    if sibling.tag != "-text":
                        shown.add(sibling.attributes["id"][len("ref-"):])
                    sibling = sibling.next
                offered[name] = shown
    return offered


def test_every_download_parses_back_with_the_expected_entries(page, server, real_site):
    """Each BibTeX download holds exactly the works shown where it is offered, and its RIS twin
    the same, in the same order."""
    site = real_site / "site"
    downloads = sorted((site / "downloads").glob("*.bib"))
    assert downloads, "the site offers no downloads"
    offered = offered_downloads(site)
    assert sorted(offered) == [bib_file.name for bib_file in downloads]  # each offered, none missing
    for bib_file in downloads:
        response = page.request.get(server + f"downloads/{bib_file.name}")
        assert response.ok
        keys = list(parse_string(response.text(), "bibtex").entries)
        assert set(keys) == offered[bib_file.name] and len(keys) == len(set(keys)), bib_file.name
        ris = page.request.get(server + f"downloads/{bib_file.stem}.ris")
        assert [r["id"] for r in rispy.loads(ris.text())] == keys
        if not bib_file.stem.startswith("reading-"):
            assert keys, f"{bib_file.name} is empty"


@pytest.fixture
def visits(site_visit):
    """{(look, path): Visit} for every page on a desktop and on a phone, and the home and about
    pages in every look (started with the run: see conftest)."""
    return site_visit.result()


def test_every_page_was_visited_on_a_desktop_and_on_a_phone(visits, real_site):
    for look in ("desktop", "phone"):
        assert sorted(path for seen, path in visits if seen == look) == html_pages(real_site), look
    assert ("desktop", PRINT_PAGE) in visits


def test_no_page_requests_another_host(visits):
    assert [url for visit in visits.values() for url in visit.foreign] == []


def asked_for_the_search_index(visits: dict) -> list[str]:
    return [f"{path} ({look})" for (look, path), visit in visits.items()
            if any(url.split("?")[0].endswith("search/search_index.json") for url in visit.received)]


def test_no_page_asks_for_the_search_index_as_it_loads_or_once_the_theme_has_run(visits):
    """The index (most of a megabyte) waits for the reader to open search: not one of the
    visits, every page in every look it was seen in, received it."""
    assert asked_for_the_search_index(visits) == []
    assert all(visit.received for visit in visits.values())  # what each visit received was recorded
    # and a visit that received it is caught, with or without a query string
    caught = {("phone", "a/"): Visit(received=["a/", "search/search_index.json?v=2"]),
              ("desktop", "b/"): Visit(received=["b/", "assets/site.css"])}
    assert asked_for_the_search_index(caught) == ["a/ (phone)"]


def test_no_page_logs_an_error_as_it_loads_or_once_the_theme_has_run(visits):
    assert [f"{path} ({look}): {error}" for (look, path), visit in visits.items() for error in visit.errors] == []


def test_no_serious_or_critical_accessibility_violations(visits):
    on_desktop = [visit for (look, _), visit in visits.items() if look == "desktop"]
    assert all(visit.audited for visit in on_desktop)
    assert [v for visit in on_desktop for v in visit.violations] == []


def test_the_visit_catches_another_host_an_accessibility_violation_and_a_page_too_wide_for_a_phone(tmp_path):
    """The shared visit must be able to fail: a page that breaks all four rules (a script error
    too) is caught on each,
    and a page that breaks none is not; a page not audited is loaded and measured only."""
    # an icon of its own: a browser asks for /favicon.ico otherwise, and its 404 is a console error
    head = ('<!doctype html><html lang="en"><head><meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="data:,">')
    (tmp_path / "bad.html").write_text(
        head + '<title>Bad</title></head><body><main><h1>Bad</h1>'
        '<img src="http://example.invalid/pixel.png"><button></button><script>missing()</script>'
        '<div style="width: 800px">a line as wide as a desktop</div></main></body></html>')
    (tmp_path / "good.html").write_text(head + '<title>Good</title></head><body><main><h1>Good</h1>'
                                        '<p>Short.</p></main></body></html>')
    httpd, url = serve(tmp_path)
    jobs = [Job("bad.html", "phone"), Job("good.html", "phone"), Job("bad.html", "desktop", audit=False)]
    try:
        found = visit_all(chromium_or_fail(), BROWSER_ARGS, url, jobs, lambda path: [(None, None)])
    finally:
        httpd.shutdown()
    bad, good, unaudited = found["phone", "bad.html"], found["phone", "good.html"], found["desktop", "bad.html"]
    assert bad.foreign == ["http://example.invalid/pixel.png"]
    assert any(": button-name (critical)" in v for v in bad.violations)
    assert all(re.search(r": [\w-]+ \((\w+)\): ", v).group(1) in SERIOUS for v in bad.violations)
    assert bad.width > PHONE["viewport"]["width"]
    assert any("missing is not defined" in error for error in bad.errors)
    assert (good.foreign, good.violations, good.errors) == ([], [], [])
    assert 0 < good.width <= PHONE["viewport"]["width"]
    assert bad.audited and not unaudited.audited
    # what the site sent is recorded, for the memory of clean visits (visit_memory)
    assert good.received == ["good.html"] and "bad.html" in unaudited.received
    assert unaudited.violations == [] and unaudited.foreign == ["http://example.invalid/pixel.png"]


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) in pixels, from the PNG's header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_population_page_and_map_screenshots_at_phone_and_desktop_width(browser, server):
    """Pictures for reviewers (test-artifacts/): the dementia page and the evidence map, each
    the whole page at exactly the screen's width (wider would mean it scrolls sideways)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name, look in (("phone", PHONE["viewport"]), ("desktop", DESKTOP["viewport"])):
        context = browser.new_context(viewport=look)
        page = context.new_page()
        for stem, path_on_site in (("dementia", "populations/dementia/"), ("map", "evidence/map/")):
            page.goto(server + path_on_site)
            path = ARTIFACTS / f"{stem}-{name}.png"
            page.screenshot(path=str(path), full_page=True)
            width, height = png_size(path)
            assert width == look["width"], f"{path.name}: {width} px wide on a {look['width']} px screen"
            assert height == page.evaluate("document.documentElement.scrollHeight") > look["height"], path.name
        context.close()


def words(node) -> str:
    """An element's text as a reader hears it: every run of white space one space."""
    return " ".join(node.text(deep=True).split())


def printed_pages_missing(site: Path, print_page: str | None = None) -> tuple[int, list[str]]:
    """(how many pages were looked for, those whose title or first long paragraph is not in
    the print page's page sections: its table of contents and menus do not count).
    ``print_page``: its HTML, if not the built one."""
    print_page = print_page or (site / PRINT_PAGE).read_text(encoding="utf-8")
    printed = LexborHTMLParser(print_page).css("section.print-page[id]")
    printed_text = " ".join(words(section) for section in printed)
    pages, missing = 0, []
    for rel in site_pages(site):
        article = LexborHTMLParser((site / rel).read_text(encoding="utf-8")).css_first("article")
        if rel == PRINT_PAGE or article is None:  # the print page itself, and redirect stubs
            continue
        pages += 1
        title = article.css_first("h1")
        paragraph = next((words(p) for p in article.css("p") if len(words(p)) > 60), "")
        missing += [f"{rel}: {text[:60] or 'nothing to look for'}" for text in (title and words(title) or "", paragraph)
                    if not text or text not in printed_text]
    return pages, missing


def test_print_page_holds_every_page_and_a_page_prints_with_its_references(page, server, real_site):
    site = real_site / "site"
    pages, missing = printed_pages_missing(site)
    assert pages >= 70 and missing == []
    # a print page that kept its menus and contents but lost one page's section is caught
    printed = (site / PRINT_PAGE).read_text(encoding="utf-8")
    section = re.search(r'<section class="print-page" id="populations-dementia".*?</section>', printed, re.S)
    lost = printed_pages_missing(site, printed.replace(section.group(0), ""))[1]
    assert lost and all(m.startswith("populations/dementia/index.html: ") for m in lost)  # its title is in other pages' text
    page.goto(server + "populations/dementia/")
    page.emulate_media(media="print")
    assert page.locator("#references").is_visible()
    assert page.locator("details").first.evaluate("d => getComputedStyle(d).display") == "block"
    pdf = page.pdf()
    assert pdf[:4] == b"%PDF" and len(pdf) > 20_000


@pytest.fixture(scope="module")
def offline_site(offline_build, real_site):
    stdout, stderr = offline_build.communicate(timeout=600)
    assert offline_build.returncode == 0, stderr
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


def test_home_and_about_pages_pass_axe_in_both_schemes_at_phone_and_desktop_width(visits):
    """Audited in the visit, each in its own look; the scheme really applied: the theme follows the
    reader's system setting."""
    found = []
    for rel in IN_EVERY_LOOK:
        for look in LOOKS:
            visit = visits[look, rel + "index.html"]
            assert visit.audited and (visit.scheme == "slate") is ("dark" in look), (rel, look, visit.scheme)
            found += visit.violations
    assert found == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_page_screenshots_in_both_schemes_at_phone_and_desktop_width(browser, server, scheme):
    """Pictures for reviewers (test-artifacts/), of the page the audit above passed."""
    ARTIFACTS.mkdir(exist_ok=True)
    for name, look in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(**look, color_scheme=scheme)
        page = context.new_page()
        page.goto(server)
        assert (page.locator("body").get_attribute("data-md-color-scheme") == "slate") is (scheme == "dark")
        page.screenshot(path=str(ARTIFACTS / f"home-{name}-{scheme}.png"), full_page=True)
        context.close()


# Phones: one context for every phone test (contexts are slow to make).
PAGE_TYPES = ("population", "modality", "mechanism", "practice", "orientation", "evidence", "faq", "reference", "about")


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="module")
def page_of_each_type(real_site) -> dict[str, str]:
    """Page type -> the site path of one page of that type: the first that cites, if any does."""
    found = one_page_of_each_type(real_site)
    assert set(PAGE_TYPES) <= set(found), f"no page of type {set(PAGE_TYPES) - set(found)}"
    return {kind: found[kind] for kind in PAGE_TYPES}


def test_no_page_scrolls_sideways_on_a_phone(visits, real_site, page_of_each_type):
    on_phone = {path: visit for (look, path), visit in visits.items() if look == "phone"}
    assert {rel + "index.html" for rel in page_of_each_type.values()} <= set(on_phone)
    assert [f"{path}: {visit.width} px" for path, visit in on_phone.items()
            if not 0 < visit.width <= PHONE["viewport"]["width"]] == []


@pytest.mark.parametrize("theme", ["as the page first paints", "once the theme's script has run"])
def test_a_wide_table_scrolls_in_its_frame_and_keeps_its_first_column(phone, server, theme):
    """Before the theme's script, the table is its own frame; the script wraps it in one."""
    phone.goto(server + "populations/dementia/")
    if theme.startswith("once"):
        wake_theme_sync(phone)
        frame = phone.locator("article .md-typeset__scrollwrap").first
    else:
        assert phone.locator("html.theme-pending").count() == 1
        frame = phone.locator("article table:not([class])").first
    assert frame.evaluate("f => f.scrollWidth > f.clientWidth")  # the table is wider than the phone
    first_cell, third_cell = frame.locator("tbody td").first, frame.locator("tbody td").nth(2)
    before, third_before = first_cell.bounding_box()["x"], third_cell.bounding_box()["x"]
    frame.evaluate("f => { f.scrollLeft = 200; }")
    assert 0 <= first_cell.bounding_box()["x"] <= before  # the row's name is held at the frame's edge
    assert third_cell.bounding_box()["x"] < third_before - 150  # while the other columns moved


def _tap_a_citation(phone):
    """Tap a citation in mid-page; return (its reference's text, the popover's text, scrollY before, after)."""
    markers = phone.locator("article a.footnote-ref")
    marker = markers.nth(markers.count() // 2)
    marker.scroll_into_view_if_needed()
    phone.evaluate("window.scrollBy(0, -120)")  # not at the very top of the screen
    before = phone.evaluate("window.scrollY")
    target = marker.get_attribute("href")[1:]
    reference = phone.locator(f'li[id="{target}"] p').inner_text().split("\n")[0][:60]
    marker.tap()
    popover = phone.locator(".cite-popover")
    popover.wait_for(state="visible", timeout=5000)
    return reference, popover.inner_text(), before, phone.evaluate("window.scrollY")


def test_tapping_a_citation_opens_its_reference_in_place(phone, server, page_of_each_type):
    without = []
    for kind, rel in page_of_each_type.items():
        phone.goto(server + rel)
        if phone.locator("article a.footnote-ref").count() == 0:
            without.append(kind)
            continue
        reference, shown, before, after = _tap_a_citation(phone)
        assert reference in shown, kind
        assert after == before and "#" not in phone.url, f"{kind}: the tap moved the reader"
        phone.keyboard.press("Escape")
        assert phone.locator(".cite-popover").count() == 0
    # the site's own pages and generated lists cite nothing; every page that makes claims cites
    assert sorted(without) == ["about", "reference"]


def test_tapping_an_abbreviation_shows_what_it_stands_for(phone, server, page_of_each_type):
    phone.goto(server + "populations/dementia/")
    term = phone.locator("article abbr").first
    meaning = term.get_attribute("title")
    term.scroll_into_view_if_needed()
    before = phone.evaluate("window.scrollY")
    term.tap()
    popover = phone.locator(".cite-popover")
    popover.wait_for(state="visible", timeout=5000)
    assert meaning in popover.inner_text() and phone.evaluate("window.scrollY") == before
    popover.locator("button").tap()
    assert popover.count() == 0


def test_each_reference_has_one_way_back_to_where_the_reader_was(page, server):
    page.goto(server + "populations/dementia/")
    entries = page.locator("div.footnote li[id^='fn:']")
    assert entries.count() > 0
    for i in range(entries.count()):
        assert entries.nth(i).locator("a.footnote-backref").count() == 1
    assert "↩" not in page.locator("div.footnote").inner_text()
    markers = page.locator("article a.footnote-ref")
    marker = markers.nth(markers.count() - 1)  # a later citation, not the work's first
    citation_id = marker.evaluate("a => a.parentElement.id")
    target = marker.get_attribute("href")[1:]
    marker.click()
    page.locator(f'li[id="{target}"] a.footnote-backref').click()
    assert page.url.endswith("#" + citation_id)


def test_references_page_jumps_by_letter_and_filters_by_evidence_level(page, server):
    page.goto(server + "references/")
    letters = page.locator(".references-az a")
    assert letters.count() >= 10
    letters.nth(2).click()
    anchor = page.url.rsplit("#", 1)[1]
    assert page.locator(f'h2[id="{anchor}"]').is_visible()
    total = page.locator("article div.reference").count()
    options = page.locator(".references-tools select option")
    level = options.nth(1).get_attribute("value")
    page.select_option(".references-tools select", level)
    shown = page.locator("article div.reference:visible")
    assert 0 < shown.count() < total
    assert shown.count() == page.locator(f'article div.reference:visible .evidence-badge[data-level="{level}"]').count()
    page.select_option(".references-tools select", "")
    assert page.locator("article div.reference:visible").count() == total


def test_dementia_page_prints_on_four_a4_pages_each_doi_once_and_no_back_links(page, server):
    import io
    import re
    from pypdf import PdfReader
    page.goto(server + "populations/dementia/")
    dois = [a.get_attribute("href").removeprefix("https://doi.org/")
            for a in page.locator("div.footnote li a[href^='https://doi.org/']").all()]
    assert dois
    page.emulate_media(media="print")
    assert page.locator("div.footnote").evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
    assert page.locator("article tbody tr").first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    squeezed = re.sub(r"\s+", "", text)  # a long address breaks across lines
    assert len(pdf.pages) <= 4
    assert {doi: squeezed.count(doi) for doi in dois} == {doi: 1 for doi in dois}
    assert "↩" not in text and "Back to text" not in text


def test_no_serious_or_critical_accessibility_violations_on_a_phone(visits, phone, server, page_of_each_type):
    """One page of each type, audited on a phone in the visit, and here a citation's popover open."""
    found = []
    for kind, rel in page_of_each_type.items():
        visit = visits["phone", rel + "index.html"]
        assert visit.audited, kind
        found += visit.violations
    from axe_playwright_python.sync_playwright import Axe
    phone.goto(server + page_of_each_type["population"])
    _tap_a_citation(phone)
    for violation in Axe().run(phone).response["violations"]:
        if violation["impact"] in SERIOUS:
            found.append(f"the citation popover: {violation['id']} ({violation['impact']}): {violation['help']}")
    assert found == []


CERTAINTY_WORDS = {level.css: level for level in __import__("guide.certainty", fromlist=["LEVELS"]).LEVELS.values()}


@pytest.mark.parametrize("path", ["populations/dementia/", "evidence/map/", "evidence/effectiveness-overview/",
                                  "evidence/evidence-levels/"])
def test_every_certainty_shows_its_symbol_and_its_word_not_colour_alone(page, server, path):
    """Each certainty a reader sees carries its symbol and its word beside its colour: in the glance
    table, the map, the overview and the legend alike."""
    page.goto(server + path)
    # every badge's class and rendered text in one call: a call per badge cost seconds on the map
    badges = page.locator("article .certainty, article .certainty-chip").evaluate_all(
        "badges => badges.map(b => [b.getAttribute('class'), b.innerText])")
    assert len(badges) > 0
    for classes, text in badges:
        level = CERTAINTY_WORDS[next(c for c in classes.split() if c in CERTAINTY_WORDS)]
        assert level.symbol in text and level.label in text, (path, text)


def chart_problems(html: str) -> list[str]:
    """What a chart of effect sizes on the page lacks: role=img, a title and a description that
    name and read out its intervals, a caption that says how to read it."""
    tree, problems = LexborHTMLParser(html), []
    for i, chart in enumerate(tree.css("article svg.forest-plot")):
        named = (chart.attributes.get("aria-labelledby") or "").split()
        parts = [tree.css_first(f'[id="{part}"]') for part in named]
        text = [words(part) if part is not None else "" for part in parts]
        figure = chart.parent
        while figure is not None and figure.tag != "figure":
            figure = figure.parent
        caption = figure.css_first("figcaption") if figure is not None else None
        if chart.attributes.get("role") != "img":
            problems.append(f"chart {i + 1}: not role=img")
        if len(text) != 2 or "95% confidence intervals" not in text[0] or not ("95% CI" in text[1] and "certainty" in text[1]):
            problems.append(f"chart {i + 1}: no title and description naming its intervals and certainty")
        if caption is None or "line of no effect" not in words(caption):
            problems.append(f"chart {i + 1}: no caption saying how to read it")
    return problems


def test_forest_plots_have_a_text_alternative_a_reader_can_hear(page, server, real_site):
    """Every chart of effect sizes names itself and reads out its numbers (role=img with a title
    and a description), and a caption explains how to read it."""
    charted = [source for source in (real_site / "docs" / "populations").glob("*.md")
               if "forest-plot" in (real_site / "site" / "populations" / source.stem / "index.html").read_text()]
    assert len(charted) >= 5  # every population page whose findings give a 95% CI
    # every chart on every page, as built
    unnamed = [f"{source.stem}: {problem}" for source in charted
               for problem in chart_problems((real_site / "site" / "populations" / source.stem / "index.html").read_text())]
    assert unnamed == []
    # and as a browser shows one page
    page.goto(server + "populations/dementia/")
    charts = page.locator("article svg.forest-plot")
    assert charts.count() >= 1
    for i in range(charts.count()):
        chart = charts.nth(i)
        assert chart.get_attribute("role") == "img"
        title_id, desc_id = chart.get_attribute("aria-labelledby").split()
        title = page.locator(f"#{title_id}").text_content()
        desc = page.locator(f"#{desc_id}").text_content()
        assert "95% confidence intervals" in title and "95% CI" in desc and "certainty" in desc
        caption = chart.locator("xpath=ancestor::figure//figcaption")
        assert "line of no effect" in caption.inner_text()
