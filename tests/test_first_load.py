"""First load: a page does not fetch the theme's script until the reader's first move
(docs/assets/javascripts/theme-on-demand.js), nor the search index (most of a megabyte) until
the reader opens search (search-on-demand.js); then everything answers as before."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from browser_visit import PHONE, wake_theme_sync

pytestmark = pytest.mark.browser
INDEX = "search/search_index.json"
THEME = re.compile(r"/assets/javascripts/bundle\.\w+\.min\.js$")
ON_DEMAND_TAG = re.compile(r'\s*<script src="[./]*assets/javascripts/search-on-demand\.js"></script>')


@pytest.fixture
def server(site_url):
    return site_url


def open_page(browser, url: str, wake: bool = False, **context_options):
    """The page loaded and settled (and, with ``wake``, the theme's script loaded by a reader's
    first move), and the list every search-index request is added to."""
    page = browser.new_context(**context_options).new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url.split("?")[0].endswith(INDEX) else None)
    page.goto(url)
    if wake:
        wake_theme_sync(page)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # room for a late request, were there one
    return page, requests


def first_result(page, query: str) -> str:
    page.keyboard.type(query, delay=60)
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=15000)
    return first.get_attribute("href")


def test_a_page_load_does_not_request_the_search_index(browser, server):
    for path in ("", "populations/dementia/", "references/"):
        page, requests = open_page(browser, server + path, wake=True)
        assert requests == [], f"{path or 'home'}: the search index was requested once the theme ran"
        page.context.close()


@pytest.mark.parametrize("how", ["slash key", "s key", "click in the search box", "tap the search icon"])
def test_opening_search_loads_the_index_once_and_finds_dementia_first(browser, server, how):
    page, requests = open_page(browser, server, **(PHONE if how == "tap the search icon" else {}))
    assert requests == []
    if how == "slash key":
        page.keyboard.press("/")
    elif how == "s key":
        page.keyboard.press("s")
    elif how == "click in the search box":
        page.locator("input[name=query]").click()
    else:
        page.locator('label.md-header__button[for="__search"]').tap()
    assert "populations/dementia/" in first_result(page, "dementia")
    page.wait_for_timeout(300)
    assert len(requests) == 1, requests
    page.context.close()


def test_search_highlight_still_marks_the_words_a_search_led_to(browser, server):
    page, requests = open_page(browser, server + "populations/dementia/?h=dementia")
    page.locator("article mark[data-md-highlight]").first.wait_for(timeout=10000)
    assert len(requests) == 1, requests
    page.context.close()


def test_the_recorder_sees_the_early_request_on_a_page_without_the_script(browser, server, real_site):
    """Without search-on-demand.js the theme asks for the index at once: the test above can fail."""
    built = (real_site / "site" / "populations" / "dementia" / "index.html").read_text()
    assert ON_DEMAND_TAG.search(built), "the page no longer loads search-on-demand.js"
    probe = real_site / "site" / "populations" / "dementia" / "eager-search.html"
    probe.write_text(ON_DEMAND_TAG.sub("", built, count=1))
    try:
        page, requests = open_page(browser, server + "populations/dementia/eager-search.html", wake=True)
        assert len(requests) == 1, requests
        page.context.close()
    finally:
        probe.unlink()  # the built site is shared with the other tests, which check every page


PAGE_ONLY = {"evidence/map/": ("evidence-map.js", ".evidence-map-controls select"),
             "references/": ("references.js", ".references-tools select")}


@pytest.mark.parametrize("path", sorted(PAGE_ONLY))
def test_a_page_only_script_runs_on_its_page_and_loads_nowhere_else(browser, server, real_site, path):
    script, control = PAGE_ONLY[path]
    page, _ = open_page(browser, server + path)
    assert page.locator(control).count() >= 1, f"{path}: {script} did not run"
    page.context.close()
    site = real_site / "site"
    elsewhere = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
                 if script in p.read_text() and p.relative_to(site).as_posix() != path + "index.html"]
    assert elsewhere == [], f"{script} is also loaded by {elsewhere[:5]}"


def theme_requests(page) -> list[str]:
    found: list[str] = []
    page.on("request", lambda r: found.append(r.url) if THEME.search(r.url) else None)
    return found


MOVES = {"mouse": lambda page: page.mouse.move(5, 5), "wheel": lambda page: page.mouse.wheel(0, 200),
         "Tab key": lambda page: page.keyboard.press("Tab"), "tap": lambda page: page.tap("article p")}


@pytest.mark.parametrize("move", sorted(MOVES))
def test_the_theme_script_loads_at_the_first_move_not_with_the_page(browser, server, move):
    context = browser.new_context(**(PHONE if move == "tap" else {}))
    page = context.new_page()
    loaded = theme_requests(page)
    page.goto(server + "populations/dementia/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert loaded == [], "the theme's script loaded with the page"
    assert page.locator("html.theme-pending").count() == 1
    MOVES[move](page)
    page.wait_for_selector("html:not(.theme-pending)", state="attached", timeout=10000)
    assert len(loaded) == 1, loaded
    context.close()


def test_the_recorder_sees_the_theme_script_on_a_page_that_loads_it_at_once(browser, server, real_site):
    """With the theme's tag left as the theme writes it, its script loads with the page: the test
    above can fail."""
    built = (real_site / "site" / "populations" / "dementia" / "index.html").read_text()
    inert = '<script type="text/plain" data-theme-on-demand data-src='
    assert inert in built, "the theme's script tag is no longer made inert"
    probe = real_site / "site" / "populations" / "dementia" / "eager-theme.html"
    probe.write_text(built.replace(inert, "<script src=", 1))
    try:
        context = browser.new_context()
        page = context.new_page()
        loaded = theme_requests(page)
        page.goto(server + "populations/dementia/eager-theme.html")
        page.wait_for_load_state("networkidle")
        assert len(loaded) == 1, loaded
        context.close()
    finally:
        probe.unlink()  # the built site is shared with the other tests, which check every page


def test_a_shortcut_or_a_toggle_that_loads_the_theme_still_does_what_it_asked(browser, server, real_site):
    """n goes to the next page and the palette toggle switches the scheme, though the theme was
    not there when the key was pressed or the toggle clicked."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server + "populations/dementia/")
    following = page.locator("link[rel=next]").get_attribute("href")
    page.keyboard.press("n")
    page.wait_for_url(urljoin(page.url, following), wait_until="commit", timeout=10000)
    page.goto(server)
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    page.locator("[data-md-component=palette] label:not([hidden])").click()
    page.wait_for_selector("html:not(.theme-pending)", state="attached")
    page.wait_for_selector("body[data-md-color-scheme=slate]", state="attached", timeout=5000)
    page.reload()  # the theme stored the choice, and the first paint shows it
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    context.close()
