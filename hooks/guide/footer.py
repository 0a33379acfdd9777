"""The footer's facts: who edits the site, its licences, where to report an error.

They live in mkdocs.yml under ``extra: footer:`` and the theme's footer
(overrides/partials/copyright.html) and the "Cite this page" box print them. The template
escapes them, and this check keeps them plain: text from an allowlist of characters, https
addresses, pages and an issue template that exist. Every problem names its line in mkdocs.yml.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .plain_text import plain_text_problem
from .problem import Problem
from .site_config import Config

TEXT = {
    "editors": "who edits the site, e.g. 'the Music Therapy Evidence Guide editors'",
    "text_licence": "the licence of the site's text, e.g. 'CC BY 4.0'",
    "code_licence": "the licence of the site's code, e.g. 'MIT'",
}
URLS = {
    "text_licence_url": "the text licence's deed",
    "code_licence_url": "the code licence's text",
    "repository": "the repository whose issues take corrections",
}
PAGES = {
    "about_page": "the 'About this guide' page",
    "disclaimer_page": "the disclaimer page",
}
TEMPLATE = {"correction_template": "the correction issue template"}
FIELDS = {**TEXT, **URLS, **PAGES, **TEMPLATE}
TEMPLATE_DIR = ".github/ISSUE_TEMPLATE"
MAX_TEXT = 120
URL_FORBIDDEN = re.compile(r"""[\s"'<>`\\]""")


def _pair(node: yaml.Node | None, key: str) -> tuple[yaml.Node | None, yaml.Node | None]:
    """(key node, value node) of ``key`` in a mapping node."""
    if isinstance(node, yaml.MappingNode):
        return next(((k, value) for k, value in node.value if getattr(k, "value", None) == key), (None, None))
    return None, None


def _line(node: yaml.Node | None, fallback: int = 1) -> int:
    return node.start_mark.line + 1 if node is not None else fallback


def check(root: Path, config: Config, pages: set[str], nav: list[str]) -> list[Problem]:
    """Problems with ``extra.footer`` in mkdocs.yml; none when every field is present and plain."""
    extra_key, extra_node = _pair(config.node, "extra")
    footer_key, footer_node = _pair(extra_node, "footer")
    footer = (config.data.get("extra") or {}).get("footer")
    if not isinstance(footer, dict):
        return [Problem("mkdocs.yml", _line(footer_key or extra_key), "footer-missing",
                        "extra.footer is missing or not a mapping; give it " + ", ".join(FIELDS)
                        + " (see guide/footer.py)")]
    problems = []

    def problem(key: str, rule: str, message: str) -> None:
        # the field's value, or the footer: line when the field is missing
        problems.append(Problem("mkdocs.yml", _line(_pair(footer_node, key)[1], _line(footer_key)), rule, message))

    for key in footer:
        if key not in FIELDS:
            problem(key, "footer-unknown", f"extra.footer.{key} is not a footer field; use one of {', '.join(FIELDS)}")
    for key, what in FIELDS.items():
        value = footer.get(key)
        if not isinstance(value, str) or not value.strip():
            problem(key, "footer-missing", f"extra.footer.{key} must be text: {what}")
            continue
        if key in TEXT:
            if not_plain := plain_text_problem(value):
                problem(key, "footer-text", f"extra.footer.{key} {not_plain}")
            elif len(value) > MAX_TEXT:
                problem(key, "footer-text", f"extra.footer.{key} is {len(value)} characters; keep it under {MAX_TEXT}")
        elif key in URLS:
            parts = urlsplit(value)
            if URL_FORBIDDEN.search(value) or parts.scheme != "https" or not parts.netloc:
                problem(key, "footer-url", f"extra.footer.{key} is {value!r}; give {what} as an https:// "
                                           "address with no spaces or quotes")
        elif key in PAGES:
            if value not in pages:
                problem(key, "footer-page", f"extra.footer.{key} names {value}, which is not a page under docs/; "
                                            f"name {what} by its path, e.g. about.md")
            elif value not in nav:
                problem(key, "footer-page", f"extra.footer.{key} names {value}, which is not in the nav; add it")
        elif not (root / TEMPLATE_DIR / value).is_file():
            problem(key, "footer-template", f"extra.footer.{key} names {value}, which is not a file in "
                                            f"{TEMPLATE_DIR}/; name {what} there")
    return problems


def correction_url(footer: dict) -> str:
    """The repository's new-issue form, opened on the correction template."""
    return footer["repository"].rstrip("/") + "/issues/new?template=" + footer["correction_template"]
