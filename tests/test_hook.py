"""The MkDocs hook adapter, called directly: it hides code from the plugin and formats once."""
import importlib.util
import sys

from conftest import FIXTURES, ROOT, worker_pools_started
from guide.content_check import check_site
from mkdocs_bibtex.citation import CitationBlock
from types import SimpleNamespace
import datetime

import pytest

from guide import unindexed
from guide.generators import Context
from guide.references import ReferenceFormatter


def load_hook():
    sys.path.insert(0, str(ROOT / "hooks"))
    spec = importlib.util.spec_from_file_location("citations_hook", ROOT / "hooks" / "citations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = load_hook()


def page(src="topics/topic.md", meta=None):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src), meta=meta or {}, url="topics/topic/", title="T")


CONFIG = SimpleNamespace(site_url="https://example.org/", site_name="Fixture site", extra={"footer": {
    "text_licence": "CC BY 4.0", "text_licence_url": "https://creativecommons.org/licenses/by/4.0/"}})


@pytest.fixture(autouse=True)
def built_context():
    site = check_site(FIXTURES / "site")
    hook.build.site = site
    hook.build.context = Context(site, ReferenceFormatter(site.bib), [])


def test_code_is_hidden_from_the_plugin_and_prose_is_not():
    markdown = "A claim [@smith2020music].\n\nCode `[@smith2020music]`.\n\n```\n[@brown2019handbook]\n```\n"
    hidden = hook.on_page_markdown(markdown, page(), CONFIG, None)
    assert "A claim [@smith2020music]." in hidden
    assert "`[\ue000smith2020music]`" in hidden and "[\ue000brown2019handbook]" in hidden
    assert hook.on_page_content("<code>[\ue000x]</code>", page=page(), config=None, files=None) == "<code>[@x]</code>"


def test_references_heading_only_on_pages_that_cite():
    cited = hook.on_page_markdown("A [@smith2020music].\n", page(), CONFIG, None)
    assert "## References" in cited and "](../downloads/topics-topic.bib)" in cited
    assert "## References" not in hook.on_page_markdown("About the site.\n", page("index.md"), CONFIG, None)


def test_last_reviewed_date_and_cite_box_on_content_pages():
    meta = {"type": "mechanism", "title": "Topic", "last_reviewed": datetime.date(2026, 11, 25)}
    topic = page(meta=meta)
    out = hook.on_page_markdown("# Topic\n\nA [@smith2020music].\n", topic, CONFIG, None)
    assert out.index("Evidence last reviewed: <time datetime=\"2026-11-25\">25 November 2026</time>") > out.index("# Topic")
    # the box is HTML, put in its place once the page is HTML
    assert out.rstrip().endswith(hook.CITE_BOX_SLOT) and "Cite this page" not in out
    box = topic.cite_box
    assert box.startswith('<details class="quote">\n<summary>Cite this page</summary>')
    # the licence, from mkdocs.yml extra.footer, in the paragraph after the reference
    assert ("<p>Fixture site. (2026, November 25). <em>Topic</em>. https://example.org/topics/topic/</p>\n"
            '<p>The text of this page may be reused under <a href="https://creativecommons.org/licenses/by/4.0/">'
            "CC BY 4.0</a>, with credit to the guide.</p>") in box


def test_reading_time_and_level_stand_beside_the_review_date():
    meta = {"type": "mechanism", "title": "Topic", "level": "intermediate",
            "last_reviewed": datetime.date(2026, 11, 25)}
    prose = "# Topic\n\n" + "Music helps some people feel calm [@smith2020music]. " * 67  # 402 words
    out = hook.on_page_markdown(prose, page(src="new.md", meta=meta), CONFIG, None)
    stamp = next(line for line in out.splitlines() if "last-reviewed" in line)
    assert stamp == ('<p class="last-reviewed">Evidence last reviewed: <time datetime="2026-11-25">25 November 2026'
                     '</time> · <span class="reading-time">≈ 3 min read</span> · '
                     '<span class="page-level">Intermediate</span></p>')
    assert "style=" not in stamp


def test_a_page_without_a_level_shows_only_its_review_date():
    meta = {"type": "about", "title": "About", "last_reviewed": datetime.date(2026, 11, 25)}
    out = hook.on_page_markdown("# About\n\nAbout the site.\n", page(src="about.md", meta=meta), CONFIG, None)
    assert "min read" not in out and "Evidence last reviewed" in out


def test_generator_markers_are_filled():
    references = page("references.md")
    markdown = hook.on_page_markdown("# R\n\n<!-- generate: references -->\n", references, CONFIG, None)
    out = hook.on_page_content(markdown, page=references, config=None, files=None)  # the list: once it is HTML
    out = unindexed.put_back(out, references.unindexed)
    assert 'id="ref-smith2020music"' in out and '<summary>Cited on 1 page</summary>' in out
    assert '<p class="cited-on"><a href="../topics/topic/">' in out  # the citing page, once
    assert "ref-smith2020music" in references.present_anchor_ids  # for MkDocs' check of links to it
    jump = out[out.index('<p class="references-az">'):]
    jump = jump[:jump.index("</p>")]
    assert '<a href="#letter-b">B</a> ' in jump and '<a href="#letter-s">S</a>' in jump
    assert out.index('<h2 class="references-letter" id="letter-b">B</h2>') < out.index('id="ref-brown2019handbook"')
    assert out.index('<h2 class="references-letter" id="letter-s">S</h2>') < out.index('id="ref-smith2020music"')


def test_each_reference_is_formatted_once_whatever_the_number_of_citations():
    registry = hook.FormatOnceRegistry(check_site(FIXTURES / "site"))
    hook.build.context = Context(hook.build.site, registry.formatter, [])
    blocks = CitationBlock.from_markdown("[@smith2020music] " * 50 + "[@brown2019handbook]" * 50)
    for block in blocks:
        for citation in block.citations:
            hook.fill_references(registry.reference_text(citation))
    assert registry.formatter.formatted_count == 2


def test_adjacent_citations_get_a_visible_separator():
    registry = hook.FormatOnceRegistry(check_site(FIXTURES / "site"))
    (block,) = CitationBlock.from_markdown("[@smith2020music; @brown2019handbook]")
    assert registry.inline_text(block) == "[^smith2020music]" + hook.CITATION_SEPARATOR + "[^brown2019handbook]"


def test_reference_text_is_apa_with_a_doi_link_and_a_badge():
    registry = hook.FormatOnceRegistry(check_site(FIXTURES / "site"))
    (block,) = CitationBlock.from_markdown("[@smith2020music]")
    text = hook.fill_references(registry.reference_text(block.citations[0]))
    assert text.startswith("Smith, A., &amp; Jones, B. (2020). Music therapy in a fixture trial. <em>Journal of Fixtures</em>")
    assert '<a href="https://doi.org/10.1000/fixture.2020.1">' in text
    assert 'data-level="E2-RCT"' in text and "\n" not in text


def test_an_unknown_key_is_refused_not_given_an_empty_slot():
    registry = hook.FormatOnceRegistry(check_site(FIXTURES / "site"))
    (block,) = CitationBlock.from_markdown("[@nosuch2020key]")
    with pytest.raises(KeyError):
        registry.reference_text(block.citations[0])


def test_a_wrapped_citation_is_joined_for_the_plugin():
    out = hook.on_page_markdown("A claim [@smith2020music;\n  @brown2019handbook].\n", page(), CONFIG, None)
    assert "[@smith2020music; @brown2019handbook]" in out


def test_a_large_bibliography_is_formatted_in_parallel_with_the_same_result(monkeypatch):
    from guide import references
    site = check_site(FIXTURES / "site")
    serial = ReferenceFormatter(site.bib)
    serial.format_all(list(site.bib.entries), parallel=False)
    monkeypatch.setattr(references, "PARALLEL_FROM", 1)
    pools = worker_pools_started(monkeypatch)
    parallel = ReferenceFormatter(site.bib)
    parallel.format_all(list(site.bib.entries))
    assert parallel._cache == serial._cache and parallel.formatted_count == 3
    assert pools == [2]


@pytest.mark.parametrize("src, dst, directory_urls, expected", [
    ("references.md", "populations/dementia.md", True, "../populations/dementia/"),
    ("references.md", "index.md", True, "../"),
    ("references.md", "index.md", False, "index.html"),
    ("educators/reading-lists.md", "references.md", False, "../references.html"),
])
def test_generated_links_match_mkdocs_urls(src, dst, directory_urls, expected):
    from guide.urls import page_url, relative_url
    assert relative_url(page_url(src, directory_urls), page_url(dst, directory_urls)) == expected


def test_apa_details_article_numbers_et_al_and_editions():
    from guide import bibliography
    bib = bibliography.parse("""
@article{doe2020cochrane,
  author = {Doe, Jane and others}, title = {A review}, journal = {Cochrane Database of Systematic Reviews},
  year = {2020}, pages = {CD000001}, doi = {10.1002/14651858.CD000001.pub2}, evidence = {E1-SR+},
  verified = {2026-11-25; fixture entry, checked against nothing real}, access = {open}
}
@book{roe2014book,
  author = {Roe, Rita}, title = {A book}, edition = {3rd}, publisher = {Press}, year = {2014},
  isbn = {978-0-306-40615-7}, evidence = {E8-EXPERT},
  verified = {2026-11-25; fixture entry, checked against nothing real}, access = {closed}
}
""")
    formatter = ReferenceFormatter(bib)
    article = formatter.html("doe2020cochrane")
    assert "Doe, J., et al. (2020)." in article and "Systematic Reviews</em>, CD000001." in article
    assert "p." not in article.replace("https://", "")
    assert "<em>A book</em> (3rd ed.). Press." in formatter.html("roe2014book")


def test_a_percent_sign_and_latex_punctuation_print_as_a_reader_expects():
    # pybtex reads fields as LaTeX, where "%" begins a comment: the title used to print as "50."
    from guide import bibliography
    from pybtex.richtext import Text
    bib = bibliography.parse("""
@article{doe2020wards,
  author = {Doe, Jane and {World Health Organization}}, title = {Music in 50% of wards, 20\\% of homes ?`and ``all''},
  journal = {Care \\& Music}, year = {2020}, volume = {3}, pages = {1--10}, doi = {10.1000/xyz},
  evidence = {E2-RCT}, verified = {2026-11-25; fixture entry, checked against nothing real}, access = {open}
}
""")
    text = ReferenceFormatter(bib).html("doe2020wards")
    assert "Music in 50% of wards, 20% of homes ¿and “all”." in text
    assert '<span class="bibtex-protected">World Health Organization</span>' in text
    assert "<em>Care &amp; Music</em>, <em>3</em>, 1–10." in text
    assert Text.from_latex("a -- b") == Text("a – b")  # pybtex reads LaTeX as before outside formatting


def test_every_reference_prints_as_pybtex_reading_its_fields_as_latex_prints_it(monkeypatch):
    # Fields reach pybtex as text; read again as LaTeX they print the same unless they hold a "%".
    import contextlib
    from guide import references
    from guide.bibliography import load
    bib = load(ROOT / "references.bib")
    as_text = {key: ReferenceFormatter(bib)._render(key) for key in bib.entries}
    monkeypatch.setattr(references, "fields_read_as_text", contextlib.nullcontext)
    as_latex = ReferenceFormatter(bib)
    differ = [key for key in bib.entries if "%" not in str(bib.data.entries[key]) and as_latex._render(key) != as_text[key]]
    assert differ == [] and len(as_text) > 100


def test_a_kept_reference_is_reused_until_its_entry_or_the_style_changes(tmp_path):
    from guide.references import FormattedStore
    site = check_site(FIXTURES / "site")
    keys = sorted(site.bib.entries)
    store = FormattedStore(tmp_path / "references.json")
    first = ReferenceFormatter(site.bib, store)
    first.format_all(keys, parallel=False)
    store.save()
    again = ReferenceFormatter(site.bib, FormattedStore(tmp_path / "references.json"))
    again.format_all(keys, parallel=False)
    assert again.formatted_count == 0 and again._cache == first._cache
    site.bib.data.entries["smith2020music"].fields["title"] = "An edited title"
    edited = ReferenceFormatter(site.bib, FormattedStore(tmp_path / "references.json"))
    edited.format_all(keys, parallel=False)
    assert edited.formatted_count == 1 and "An edited title" in edited.html("smith2020music")


def test_reading_list_escapes_the_annotation():
    from guide.generators import reading_list
    ctx = hook.build.context
    entry = ctx.site.bib.entries["brown2019handbook"]
    entry.fields.update(reading="introductory", annotation='Fixtures & "tests" <b>bold</b>')
    out = reading_list(ctx, "educators/reading-lists.md", "introductory")
    assert ('<p class="reading-annotation">Fixtures &amp; &quot;tests&quot; &lt;b&gt;bold&lt;/b&gt;</p>' in out)
    assert "<b>" not in out
