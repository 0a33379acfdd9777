"""The built-HTML rules, on small hand-made pages: each bad page fails with its rule."""
import pytest

from conftest import FIXTURES
from guide import bibliography
from guide.html_checks import check_css, check_page_html
from guide.markdown_scan import scan

BIB = bibliography.load(FIXTURES / "bib" / "good.bib")
SOURCE = scan("---\ntype: faq\n---\nA claim [@smith2020music].\n")
REF = '<sup id="fnref:smith2020music"><a class="footnote-ref" href="#fn:smith2020music">1</a></sup>'
ENTRY = ('<div class="footnote"><ol><li id="fn:smith2020music"><p>Smith (2020). '
         '<a href="https://doi.org/10.1000/fixture.2020.1">https://doi.org/10.1000/fixture.2020.1</a></p></li></ol></div>')


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body><article class='md-content__inner'>{body}</article></body></html>"


def rules(html: str, source=SOURCE) -> set[str]:
    return {p.rule for p in check_page_html("site/p.html", html, source, BIB)}


def test_good_page_passes():
    assert rules(page(f"<p>A claim {REF}.</p>{ENTRY}")) == set()


@pytest.mark.parametrize("body, rule", [
    (f"<p>A claim [@smith2020music].</p>", "html-leftover-citation"),
    (f"<p>A claim {REF} and [^smith2020music].</p>{ENTRY}", "html-leftover-citation"),
    (f"<p>A claim {REF}.</p>", "html-dangling-citation"),
    (f"<p>A claim {REF}.</p>" + ENTRY.replace("https://doi.org/10.1000/fixture.2020.1", "https://example.org/"),
     "html-doi-link"),
    (f"<p>A claim {REF}.</p>{ENTRY}<script>alert(1)</script>", "html-script"),
    (f"<p>A claim {REF}. <a href='javascript:alert(1)'>x</a></p>{ENTRY}", "html-script"),
    (f"<p onclick='x()'>A claim {REF}.</p>{ENTRY}", "html-script"),
    (f"<p>A claim {REF}. <img src='https://tracker.example/p.gif'></p>{ENTRY}", "html-third-party"),
    (f"<p style='background:url(https://tracker.example/b.png)'>A claim {REF}.</p>{ENTRY}", "html-third-party"),
    # what the browser decodes and fetches: an unquoted style, an encoded URL, a later srcset image
    (f"<p style=background:url(//tracker.example/b.png)>A claim {REF}.</p>{ENTRY}", "html-third-party"),
    (f"<p style='background:url(&#104;ttps://tracker.example/b.png)'>A claim {REF}.</p>{ENTRY}", "html-third-party"),
    (f"<p>A claim {REF}. <img src='a.png' srcset='a.png 1x, https://tracker.example/b.png 2x'></p>{ENTRY}",
     "html-third-party"),
    (f"<p>A claim {REF}.</p>{ENTRY}<style>p{{background:url(https://tracker.example/c.png)}}</style>",
     "html-third-party"),
    (f"<p>A claim {REF}{REF.replace('fnref:', 'fnref2:')}.</p>{ENTRY}", "html-citation-count"),
    (f"<p>No citation marker at all.</p>{ENTRY}", "html-citation-count"),
    (f"<p>Two {REF}{REF.replace('fnref:', 'fnref2:')}.</p>{ENTRY}", "html-citations-run-together"),
])
def test_bad_pages_fail_with_their_rule(body, rule):
    assert rule in rules(page(body))


def test_third_party_font_or_script_in_head():
    head = ('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
            '<script src="//cdn.example.com/x.js"></script>')
    assert "html-third-party" in rules(page(f"<p>A claim {REF}.</p>{ENTRY}", head))


def test_links_to_other_sites_are_not_requests():
    body = f"<p>A claim {REF}. <a href='https://www.cochranelibrary.com/'>Cochrane</a></p>{ENTRY}"
    assert rules(page(body)) == set()


def test_a_tag_in_a_comment_or_in_code_is_not_a_request():
    """The browser fetches what it parses as an element, not text that looks like one."""
    body = (f"<p>A claim {REF}. <!-- <img src='https://tracker.example/p.gif'> --> "
            f"<code>&lt;img src='https://tracker.example/p.gif'&gt;</code></p>{ENTRY}")
    assert rules(page(body)) == set()


def test_citation_rewritten_inside_code_is_caught():
    source = scan("---\ntype: faq\n---\nA claim [@smith2020music], and code `[@smith2020music]`.\n")
    rewritten = page(f"<p>A claim {REF}, and code <code>{REF}</code>.</p>{ENTRY}")
    kept = page(f"<p>A claim {REF}, and code <code>[@smith2020music]</code>.</p>{ENTRY}")
    assert "html-code-rewritten" in rules(rewritten, source)
    assert "html-code-rewritten" not in rules(kept, source)


def test_highlighted_code_is_read_as_one_text():
    source = scan("---\ntype: faq\n---\nA claim [@smith2020music].\n\n```\n[@smith2020music]\n```\n")
    html = page(f"<p>A claim {REF}.</p><pre><code><span>[</span><span>@smith2020music</span>]</code></pre>{ENTRY}")
    assert rules(html, source) == set()


def test_remote_css_import_is_caught():
    assert check_css("site/a.css", "body{}\n@import url(https://fonts.googleapis.com/css);")
    assert check_css("site/a.css", "b{background:url('data:image/png;base64,AAA')}") == []


def test_an_id_used_twice_fails_on_any_page():
    twice = page(f"<p id='same'>A claim {REF}.</p><p id='same'>again</p>{ENTRY}")
    assert "html-duplicate-id" in rules(twice)
    assert "html-duplicate-id" in rules(page("<h2 id='x'>A</h2>", head="<meta id='x'>"), source=None)
    assert "html-duplicate-id" not in rules(page(f"<p id='one'>A claim {REF}.</p><p id='two'>b</p>{ENTRY}"))
