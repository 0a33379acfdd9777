"""What every page downloads: the site's own CSS and JavaScript are written minified, and the
print-all page's stylesheets and script load on that page only (bench/first_load.py measures
the total)."""
from __future__ import annotations

from pathlib import Path

from guide.minify import MINIFIERS
from guide.print_assets import without_print_assets

ROOT = Path(__file__).resolve().parent.parent
PRINT_ASSETS = ("css/print-site.css", "css/print-site-material.css", "js/print-site.js")


def own_assets() -> list[Path]:
    assets = ROOT / "docs" / "assets"
    return sorted(p for p in assets.rglob("*") if p.suffix in MINIFIERS)


def test_the_site_s_own_css_and_js_are_written_minified(real_site):
    assert len(own_assets()) >= 8
    for source in own_assets():
        text = source.read_text(encoding="utf-8")
        minified = MINIFIERS[source.suffix](text)
        assert len(minified) < len(text), f"{source.name}: nothing to minify, so this test could not fail"
        built = real_site / "site" / source.relative_to(ROOT / "docs")
        assert built.read_text(encoding="utf-8") == minified, f"{source.name} was not written minified"


def test_the_print_page_s_assets_load_on_the_print_page_only(real_site):
    site = real_site / "site"
    printed = (site / "print_page" / "index.html").read_text(encoding="utf-8")
    assert all(asset in printed for asset in PRINT_ASSETS)
    pages = [p for p in site.rglob("*.html") if p.parent.name != "print_page" and p.name != "404.html"]
    assert len(pages) > 50
    carrying = [p.relative_to(site).as_posix() for p in pages
                if any(asset in p.read_text(encoding="utf-8") for asset in PRINT_ASSETS)]
    assert carrying == []


def test_print_assets_are_taken_out_at_any_depth_and_nothing_else():
    page = ('<head>\n  <link rel="stylesheet" href="../../css/print-site.css">\n'
            '  <link rel="stylesheet" href="css/print-site-material.css">\n'
            '  <link rel="stylesheet" href="../assets/site.css">\n</head><body>\n'
            '  <script src="../js/print-site.js"></script>\n  <script src="../assets/javascripts/citations.js"></script>\n'
            '<p>css/print-site.css is named in the text</p></body>')
    assert without_print_assets(page) == (
        '<head>\n  \n  \n  <link rel="stylesheet" href="../assets/site.css">\n</head><body>\n'
        '  \n  <script src="../assets/javascripts/citations.js"></script>\n'
        '<p>css/print-site.css is named in the text</p></body>')
