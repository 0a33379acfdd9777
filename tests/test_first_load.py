"""First load: a page does not fetch the search index (most of a megabyte) until the reader opens
search (docs/assets/javascripts/search-on-demand.js); then search answers as before."""
from __future__ import annotations

import re

import pytest

from browser_visit import PHONE

pytestmark = pytest.mark.browser
INDEX = "search/search_index.json"
ON_DEMAND_TAG = re.compile(r'\s*<script src="[./]*assets/javascripts/search-on-demand\.js"></script>')


@pytest.fixture
def server(site_url):
    return site_url


def open_page(browser, url: str, **context_options):
    """The page loaded and settled, and the list every search-index request is added to."""
    page = browser.new_context(**context_options).new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.url.split("?")[0].endswith(INDEX) else None)
    page.goto(url)
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
        page, requests = open_page(browser, server + path)
        assert requests == [], f"{path or 'home'}: the search index was requested at page load"
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
        page, requests = open_page(browser, server + "populations/dementia/eager-search.html")
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
