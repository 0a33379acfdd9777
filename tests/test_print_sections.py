"""The print page's per-page rewrite done by the hook (guide.print_sections) gives what
mkdocs-print-site-plugin's own rewrite gives, on hand-made pages and on random ones."""
import random
from types import SimpleNamespace

import pytest
from mkdocs_print_site_plugin.urls import fix_internal_links, update_anchor_ids

from guide.print_sections import anchor_ids, put_back, rewrite, set_aside

PAGES = [
    "",
    "<p>no ids at all <em>here</em></p>\n<p>nor <a href='x'>here</a></p>",
    '<h1 id="title">Title</h1>\n<h2 id="a">A</h2>\n<p>text <sup id="fnref:k"><a class="footnote-ref" href="#fn:k">1</a></sup></p>',
    # a match that starts at <p> runs on to the <sup>'s id, so the plugin leaves the <sup> alone
    '<p>x <em>y</em> <sup id="fnref:k"><a href="#fn:k">1</a></sup><sup id="fnref:j">2</sup></p>',
    '<ol>\n<li id="fn:k">\n<p>Ref <a href="https://doi.org/10.1/x">doi</a></p>\n</li>\n<li id="fn:j"><p>J</p></li>\n</ol>',
    # the same tag twice (replaced everywhere at once), an id inside another attribute, upper case
    '<li id="x">a</li><li id="x">b</li>\n<LI ID="y" title="y">c</LI>\n<h3 class="h" id="h">h</h3>',
    # an id value over two lines, a tag with no space, ids on tags the plugin does not change
    '<h2 id="two\nlines">t</h2>\n<sup>x</sup><sup\tid="tab">y</sup>\n<div id="d"><span id="s">s</span></div>',
    '<input id="__tabbed_1_1" name="__tabbed_1" type="radio"><label for="__tabbed_1_1">C</label>\n<p>See <a href="../other/#part">there</a></p>',
]


@pytest.mark.parametrize("html", PAGES)
def test_the_id_rewrite_is_the_plugin_s(html):
    assert anchor_ids(html, "page") == update_anchor_ids(html, "page")


def random_page(rng: random.Random) -> str:
    parts = ["<p>", "</p>", "<li ", "<sup ", "<h2 ", "<a ", "<em>", "</em>", 'id="', 'ID="', "a", "fn:", '"', ">",
             " ", "\n", "<", "=", "x y", "<br/>"]
    return "".join(rng.choice(parts) for _ in range(rng.randrange(1, 60)))


def test_the_id_rewrite_is_the_plugin_s_on_random_pages():
    rng = random.Random(13)
    for _ in range(3000):
        html = random_page(rng)
        assert anchor_ids(html, "k") == update_anchor_ids(html, "k"), html


@pytest.mark.parametrize("html", PAGES)
@pytest.mark.parametrize("url, directory_urls", [("sub/page/", True), ("", True), ("sub/page.html", False)])
def test_a_page_rewritten_is_the_plugin_s_section(html, url, directory_urls):
    section = fix_internal_links(html, url, directory_urls, "1.2")
    inner = section[section.index(">") + 1:-len("</section>")]
    assert rewrite(html, url, directory_urls) == inner


def test_print_site_gets_a_stand_in_and_the_page_comes_back_in_its_place():
    html = PAGES[2]
    page = SimpleNamespace(html=html, url="sub/page/", meta={})
    kept = {}
    set_aside(page, True, kept)
    assert page.html != html and "id=" not in page.html and "<h1" in page.html and "\n" in page.html
    written = f'<section class="print-page" id="sub-page" heading-number="1">{page.html}</section>'
    assert put_back(written, kept) == fix_internal_links(html, "sub/page/", True, "1")


@pytest.mark.parametrize("html, meta", [
    ('<h2 id="a">A first heading that is no h1</h2>', {}),  # print-site adds an h1 first
    ('<h1 id="a">A</h1>', {"tags": ["x"]}),  # print-site adds the tags first
    ('<h1 id="a">A</h1><img src="x.png" loading="lazy">', {}),  # print-site edits images on the whole page
    ("", {}),  # print-site warns about an empty page
])
def test_pages_print_site_changes_first_keep_their_own_html(html, meta):
    page = SimpleNamespace(html=html, url="p/", meta=meta)
    kept = {}
    set_aside(page, True, kept)
    assert page.html == html and not kept
