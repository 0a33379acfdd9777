"""Citation markers and reference lists written as HTML (guide.citation_html) are what
Markdown's footnotes, made readable (guide.footnote_html), gave for the same page."""
import re

import markdown

from guide import citation_html
from guide.footnote_html import SEPARATOR, readable_footnotes

SLOT = '<span class="reference-slot" data-key="{}"></span>'
EXTENSIONS = ["footnotes", "attr_list", "md_in_html", "tables"]


def plugin_output(groups: list[list[str]], keys: list[str]) -> str:
    """A page as mkdocs-bibtex leaves it: footnote markers, the list's place, the definitions."""
    cites = ["".join(SEPARATOR.join(f"[^{k}]" for k in group)) for group in groups]
    return (f"# Page\n\nA claim {cites[0]}.\n\n- a listed claim {cites[1]}\n- another {cites[2]}\n\n"
            f"| Claim | Source |\n|---|---|\n| in a table | {cites[3]} |\n\n"
            "## References\n\n///Footnotes Go Here///\n\n" + "\n".join(f"[^{k}]: {SLOT.format(k)}" for k in keys) + "\n")


def text(key: str) -> str:
    return f"Reference <em>{key}</em>.\n<a class=\"ref-all\" href=\"../r/#ref-{key}\">All citations of this work</a>"


def test_markers_and_list_match_markdown_footnotes_made_readable():
    source = plugin_output([["b", "a"], ["a"], ["c", "b"], ["a", "c"]], ["b", "a", "c"])
    expected = readable_footnotes(markdown.markdown(source, extensions=EXTENSIONS))
    expected = re.sub(r'<span class="reference-slot" data-key="(\w+)"></span>', lambda m: text(m.group(1)), expected)
    taken, found = citation_html.take(source)
    assert "[^" not in taken and "reference-slot" not in taken
    written = citation_html.write(markdown.markdown(taken, extensions=EXTENSIONS), found, text)
    assert written == expected
    assert written.count('class="footnote-ref"') == 7 and 'id="fnref3:a"' in written
    assert citation_html.ids(found) == set(re.findall(r'id="(fn[^"]*)"', written))


def test_a_page_without_citations_is_left_as_it_is():
    page = "# Page\n\nNo citations, and `[^x]` in code.\n"
    assert citation_html.take(page) == (page, citation_html.Citations())
    assert citation_html.write("<p>x</p>", citation_html.Citations(), text) == "<p>x</p>"
