"""Citation groups in ascending order, one way back per reference, and unique ids on the
print-all page: the HTML transforms, on small hand-made pages."""
from guide.footnote_html import BACK_TEXT, one_backlink, sorted_groups
from guide.print_page import unique_ids


def marker(key: str, number: int, nth: int = 1) -> str:
    ref_id = f"fnref{nth if nth > 1 else ''}:{key}"
    return f'<sup id="{ref_id}"><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>'


SEP = '<sup class="cite-sep">, </sup>'


def test_a_citation_group_runs_in_ascending_order():
    group = marker("b", 2, 2) + SEP + marker("a", 1, 3) + SEP + marker("c", 3)
    assert sorted_groups(f"<p>x {group}.</p>") == f"<p>x {marker('a', 1, 3) + SEP + marker('b', 2, 2) + SEP + marker('c', 3)}.</p>"


def test_a_single_citation_and_an_ordered_group_are_left_alone():
    text = f"<p>{marker('a', 1)} and {marker('a', 1, 2) + SEP + marker('b', 2)}</p>"
    assert sorted_groups(text) == text


def backrefs(key: str, ids: list[str]) -> str:
    return "&#160;" + "".join(f'<a class="footnote-backref" href="#{i}" title="Jump back to footnote 1 in the text">&#8617;</a>'
                              for i in ids)


def test_each_reference_gets_one_link_back_to_its_first_citation_in_the_page():
    # python-markdown numbered the key points' citation 3rd, but it stands first on the page
    text = (f"<p>{marker('a', 1, 3)}</p><p>{marker('a', 1)}</p><p>{marker('a', 1, 2)}</p>"
            f'<div class="footnote"><ol><li id="fn:a"><p>Ref.{backrefs("a", ["fnref:a", "fnref2:a", "fnref3:a"])}</p></li></ol></div>')
    out = one_backlink(text)
    assert out.count("footnote-backref") == 1 and "&#8617;" not in out
    assert f'href="#fnref3:a" title="Back to where this work is cited in the text">{BACK_TEXT}</a>' in out


PRINT_PAGE = (
    '<html><body><article><section class="print-page" id="index" heading-number="1">'
    '<h1 id="index-home">Home</h1><a href="#.">home</a></section>'
    "<section class='print-page md-section' id='section-2' heading-number='2'>"
    '<section class="print-page" id="a" heading-number="2.1"><h2 id="a-x">x</h2>'
    '<sup id="fnref:k"><a class="footnote-ref" href="#a-fn:k">1</a></sup>'
    '<svg aria-labelledby="t d"><title id="t">T</title><desc id="d">D</desc></svg>'
    '<li id="fn:k"><a class="footnote-backref" href="#a-fnref:k">Back</a></li></section>'
    '<section class="print-page" id="b" heading-number="2.2">'
    '<sup id="fnref:k"><a class="footnote-ref" href="#b-fn:k">1</a></sup><li id="fn:k">r</li></section>'
    '</section></article><script id="__config">{}</script></body></html>')


def test_print_page_ids_get_their_page_s_prefix_and_links_find_them():
    out = unique_ids(PRINT_PAGE)
    for wanted in ('id="a-fnref:k"', 'id="a-fn:k"', 'id="b-fnref:k"', 'id="b-fn:k"', 'id="a-x"', 'id="index-home"',
                   'aria-labelledby="a-t a-d"', 'id="a-t"', 'href="#index"', 'id="__config"'):
        assert wanted in out, wanted
    assert 'id="a-a-x"' not in out and 'id="fn:k"' not in out
