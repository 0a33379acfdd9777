"""The print-all page's own stylesheets and script stay on that page.

mkdocs-print-site-plugin adds its CSS (the print page's cover, table of contents and section
breaks) and its script (which builds that table of contents) to the theme's extra_css and
extra_javascript, so every page would download them: 2.2 KB gzipped of every first load, used
on one page. The print page is written outside on_post_page (the plugin renders it at the end of
the build), so removing the tags from the pages that pass through on_post_page keeps them there.
"""
from __future__ import annotations

import re

# As the theme writes them from extra_css and extra_javascript, at any depth ("../" repeated).
# The tags only, not the spaces before them: a leading \s* is retried from every space of every
# indented line, which took 12 s over 500 long pages.
TAGS = re.compile(r'<link rel="stylesheet" href="(?:\.\./)*css/print-site(?:-material)?\.css">'
                  r'|<script src="(?:\.\./)*js/print-site\.js"></script>')


def without_print_assets(html: str) -> str:
    return TAGS.sub("", html)
