"""The article allowlist (nh3) and the Content-Security-Policy, on small hand-made pages."""
import pytest

from conftest import run_build
from guide import csp
from guide.allowlist import browser_url, check_article

REF = '<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>'


def article(body: str) -> str:
    return f"<html><head></head><body><article class='md-content__inner md-typeset'>{body}</article></body></html>"


def rules(body: str) -> set[str]:
    return {p.rule for p in check_article(article(body), lambda text: ("docs/p.md", 1))}


@pytest.mark.parametrize("body, rule", [
    ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "allowlist-element"),
    ('<a href="java&#9;script:alert(1)">x</a>', "allowlist-url"),
    ('<a href="JaVa\nScript:alert(1)">x</a>', "allowlist-url"),
    ('<a href="&#x6A;avascript:alert(1)">x</a>', "allowlist-url"),
    ('<img src="/\\tracker.example/p.gif" alt="">', "allowlist-url"),
    ('<img src="https://tracker.example/p.gif" alt="">', "allowlist-url"),
    ("<p style=\"background:image-set('https://t.example/a.png' 1x)\">x</p>", "allowlist-attribute"),
    ('<p style="background:url(//t.example/a.png)">x</p>', "allowlist-attribute"),
    ('<meta http-equiv="refresh" content="0;url=https://t.example/">', "allowlist-element"),
    ('<p onclick="steal()">x</p>', "allowlist-attribute"),
    ('<script>alert(1)</script>', "allowlist-element"),
    ('<svg><script>alert(1)</script></svg>', "allowlist-element"),
    ('<form action="https://t.example/"><input name="q"></form>', "allowlist-element"),
    ('<div id="__config">{}</div>', "allowlist-attribute"),
    ('<object data="x.swf"></object>', "allowlist-element"),
])
def test_what_is_not_on_the_allowlist_fails(body, rule):
    assert rule in rules(body)


def test_the_sites_own_parts_pass():
    body = (f'<h1 id="t">T<a class="headerlink" href="#t" title="Permanent link">&para;</a></h1>'
            '<p class="last-reviewed">Evidence last reviewed: <time datetime="2026-11-25">25 November 2026</time></p>'
            f'<p>A claim {REF}<sup class="cite-sep">, </sup>{REF.replace("fnref:a", "fnref:b")} '
            '<abbr title="Confidence interval">CI</abbr>.</p>'
            '<details class="quote"><summary>Cite this page</summary><pre><code>@misc{x}</code></pre></details>'
            '<div class="footnote"><hr><ol><li id="fn:a"><p>Smith (2020). '
            '<a href="https://doi.org/10.1/x">https://doi.org/10.1/x</a> '
            '<span class="evidence-badge" data-level="E2-RCT" title="Randomised trial">Randomised trial</span> '
            '<a class="ref-all" href="../../references/#ref-a">All citations of this work</a>'
            '&nbsp;<a class="footnote-backref" href="#fnref:a" title="Jump back">&#8617;</a></p></li></ol></div>'
            '<img src="../assets/figure.png" alt="A figure"><a href="mailto:editor@example.org">mail</a>')
    assert rules(body) == set()


def test_urls_are_read_as_a_browser_reads_them():
    assert browser_url(" java\tscr\nipt:x ") == "javascript:x"
    assert browser_url("/\\host/x") == "//host/x"


def test_problems_name_the_source_line():
    found = check_article(article('<p>x</p><iframe srcdoc="x"></iframe>'),
                          lambda text: ("docs/p.md", 7 if text == "<iframe" else 1))
    assert [(p.path, p.line, p.rule) for p in found] == [("docs/p.md", 7, "allowlist-element")]


PAGE = ('<html class="no-js"><head><meta http-equiv="Content-Security-Policy" content="{}">'
        '<script>var a = 1;</script></head><body><script id="__config" type="application/json">{{}}</script>'
        '<script src="x.js"></script><style>p{{}}</style></body></html>')


def test_the_policy_allows_only_the_pages_own_inline_code():
    html = csp.fill(PAGE.format(csp.PLACEHOLDER))
    policy = csp.META.search(html).group(1)
    for directive in ("default-src 'self'", "object-src 'none'", "frame-src 'none'", "base-uri 'self'",
                      "form-action 'self'"):
        assert directive in policy
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert script_src == "script-src 'self' 'sha256-+dZ6udsWxNVoGfScAq7t5IIF5UJb4F6RhjbN6oe1p4w='"  # "var a = 1;"
    assert "unsafe" not in policy and "https:" not in policy and "*" not in policy
    assert csp.check("site/p.html", html) == []


@pytest.mark.parametrize("html, rule", [
    (PAGE.replace('<meta http-equiv="Content-Security-Policy" content="{}">', ""), "csp-missing"),
    ("<html><head><script>1</script>" + PAGE[len("<html class=\"no-js\"><head>"):], "csp-late"),
])
def test_a_page_without_its_policy_fails(html, rule):
    html = csp.fill(html.format(csp.PLACEHOLDER))
    assert rule in {p.rule for p in csp.check("site/p.html", html)}


def test_a_policy_not_filled_in_last_fails():
    html = csp.fill(PAGE.format(csp.PLACEHOLDER)).replace("var a = 1;", "var a = 2;")
    assert {p.rule for p in csp.check("site/p.html", html)} == {"csp-stale"}


def test_a_strict_build_names_the_markdown_line_of_a_frame(fixture_site):
    page = fixture_site / "docs" / "topics" / "topic.md"
    lines = page.read_text().splitlines()
    lines.insert(12, '\n<iframe srcdoc="hello"></iframe>\n')
    page.write_text("\n".join(lines) + "\n")
    line = page.read_text().splitlines().index('<iframe srcdoc="hello"></iframe>') + 1
    run = run_build(fixture_site)
    assert run.returncode != 0
    assert f"docs/topics/topic.md:{line}: allowlist-element: <iframe>" in run.stderr, run.stderr
