"""The footer's facts (mkdocs.yml extra.footer, guide.footer): checked, printed, escaped."""
import re
import shutil

import pytest
import yaml

from conftest import ROOT, run_build
from guide import footer
from guide.content_check import check_site, read_config


def footer_problems(project):
    return [p for p in check_site(project).problems if p.rule.startswith("footer-")]


def set_footer(project, **changes):
    """Rewrite one line per field of the fixture's extra.footer; None deletes the line."""
    config = project / "mkdocs.yml"
    text = config.read_text()
    for key, value in changes.items():
        pattern = re.compile(rf"^    {key}: .*\n", re.MULTILINE)
        assert pattern.search(text), key
        text = pattern.sub("" if value is None else f"    {key}: {value}\n", text)
    config.write_text(text)


def line_of(project, key):
    lines = (project / "mkdocs.yml").read_text().splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"    {key}:"))


def test_the_real_and_fixture_footers_pass(fixture_site):
    assert footer_problems(ROOT) == [] and footer_problems(fixture_site) == []


@pytest.mark.parametrize("key,value,rule", [
    ("editors", "'<b>the editors</b>'", "footer-text"),
    ("editors", "'[the editors](https://example.org)'", "footer-text"),
    ("editors", "'the editors & friends'", "footer-text"),
    ("editors", "'" + "x" * 121 + "'", "footer-text"),
    ("text_licence", "'*CC* BY'", "footer-text"),
    ("code_licence", "''", "footer-missing"),
    ("code_licence", "[MIT]", "footer-missing"),
    ("text_licence_url", "javascript:alert(1)", "footer-url"),
    ("text_licence_url", "http://creativecommons.org/licenses/by/4.0/", "footer-url"),
    ("code_licence_url", "'https://example.org/\" onclick=\"x'", "footer-url"),
    ("repository", "https://", "footer-url"),
    ("about_page", "nowhere.md", "footer-page"),
    ("disclaimer_page", "topics/orphan.md", "footer-page"),
    ("correction_template", "missing.md", "footer-template"),
    ("editors", None, "footer-missing"),
])
def test_each_bad_value_is_one_problem_on_its_line(fixture_site, key, value, rule):
    if value == "topics/orphan.md":  # a page that exists but is not in the nav
        shutil.copy(fixture_site / "docs" / "topics" / "topic.md", fixture_site / "docs" / "topics" / "orphan.md")
    line = line_of(fixture_site, key)
    set_footer(fixture_site, **{key: value})
    problems = footer_problems(fixture_site)
    assert [p.rule for p in problems] == [rule], problems
    expected_line = line if value is not None else line_of(fixture_site, "text_licence") - 1  # the footer: line
    assert problems[0].line == expected_line and problems[0].path == "mkdocs.yml"
    assert f"extra.footer.{key}" in problems[0].message


def test_unknown_field_and_missing_footer(fixture_site):
    config = fixture_site / "mkdocs.yml"
    config.write_text(config.read_text().replace("    editors:", "    sponsor: nobody\n    editors:"))
    assert [p.rule for p in footer_problems(fixture_site)] == ["footer-unknown"]
    config.write_text(config.read_text().split("extra:\n")[0])
    assert [p.rule for p in footer_problems(fixture_site)] == ["footer-missing"]


def test_every_problem_is_reported_at_once(fixture_site):
    set_footer(fixture_site, editors="'<i>x</i>'", repository="ftp://example.org", about_page="gone.md")
    assert sorted(p.rule for p in footer_problems(fixture_site)) == ["footer-page", "footer-text", "footer-url"]


def test_a_bad_footer_stops_the_build_with_its_line_and_no_traceback(fixture_site):
    set_footer(fixture_site, editors="'<script>x</script>'")
    run = run_build(fixture_site)
    assert run.returncode != 0
    assert f"mkdocs.yml:{line_of(fixture_site, 'editors')}: footer-text:" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_built_footer_shows_owner_licences_corrections_and_date_escaped(fixture_site):
    set_footer(fixture_site, editors="the fixture's editors")
    run = run_build(fixture_site)
    assert run.returncode == 0, run.stderr
    html = (fixture_site / "site" / "topics" / "topic" / "index.html").read_text()
    credits = html[html.index('<div class="md-copyright guide-footer">'):]
    assert "the fixture&#39;s editors" in credits  # escaped by the template, not trusted
    assert '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in credits
    assert '<a href="https://opensource.org/license/mit">MIT</a>' in credits
    assert '<a href="https://example.org/fixture/issues/new?template=content-correction.md">Report a correction</a>' in credits
    assert re.search(r'<time datetime="\d{4}-\d{2}-\d{2}">\d{1,2} [A-Z][a-z]+ \d{4}</time>', credits)
    assert '<a href="../../">About this guide</a>' in credits and '<a href="../../">disclaimer</a>' in credits
    # the Cite this page box states the licence too
    assert 'may be reused under <a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in html


def test_footer_links_follow_the_offline_copy_without_directory_urls(fixture_site):
    config = fixture_site / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    run = run_build(fixture_site)
    assert run.returncode == 0, run.stderr
    html = (fixture_site / "site" / "topics" / "topic.html").read_text()
    assert '<a href="../index.html">About this guide</a>' in html


def test_correction_url_opens_the_template():
    settings = read_config(ROOT)[0].data["extra"]["footer"]
    url = footer.correction_url(settings)
    assert url.endswith("/issues/new?template=content-correction.md")
    assert (ROOT / footer.TEMPLATE_DIR / settings["correction_template"]).is_file()


def test_the_about_page_cites_the_site_at_its_published_address():
    about = (ROOT / "docs" / "about.md").read_text()
    site_url = yaml.safe_load(re.search(r"^site_url: .*$", (ROOT / "mkdocs.yml").read_text(), re.M).group(0))["site_url"]
    assert f"*Music Therapy Evidence Guide*.\n> {site_url}" in about
