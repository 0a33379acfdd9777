"""The Content-Security-Policy every page carries: defence in depth behind the HTML checks.

A page may load and run only what comes from its own site: its own files, and the inline
scripts the theme writes, each allowed by the sha256 hash of its text as built. Frames,
plugins (object/embed) and anything from another host are refused, so a script, a frame or
a tracking image that slipped past the checks would still be blocked by the browser.

The theme override (overrides/main.html) puts a placeholder first in <head>; ``fill`` replaces
it with the policy computed from the finished page.
"""
from __future__ import annotations

import base64
import hashlib
import re

from selectolax.lexbor import LexborHTMLParser

from .problem import Problem

PLACEHOLDER = "content-security-policy-filled-at-build"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')
# Types a browser runs as script; others (application/json: Material's config) are data.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
FIXED = (
    "default-src 'self'",
    "img-src 'self' data:",  # the theme's icons are data: SVGs in its CSS
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "manifest-src 'self'",
)


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_hashes(html: str, tree: LexborHTMLParser | None = None) -> tuple[list[str], list[str]]:
    """(script hashes, style hashes) of the page's inline <script> and <style> elements.
    ``tree``: the page already parsed, when the caller has it."""
    tree = tree or LexborHTMLParser(html)
    scripts = [s.text(deep=True) for s in tree.css("script")
               if "src" not in s.attributes and (s.attributes.get("type") or "").lower() in SCRIPT_TYPES]
    styles = [s.text(deep=True) for s in tree.css("style")]
    return sorted({_sha256(t) for t in scripts}), sorted({_sha256(t) for t in styles})


def policy(html: str, tree: LexborHTMLParser | None = None) -> str:
    scripts, styles = inline_hashes(html, tree)
    return "; ".join(FIXED + ("script-src " + " ".join(["'self'", *scripts]),
                              "style-src " + " ".join(["'self'", *styles])))


def fill(html: str) -> str:
    """The page with its policy in place of the template's placeholder."""
    return html.replace(PLACEHOLDER, policy(html), 1) if PLACEHOLDER in html else html


def check(path: str, html: str, tree: LexborHTMLParser | None = None) -> list[Problem]:
    """Every page has the policy, first in <head>, and it allows exactly the page's inline code."""
    match = META.search(html)
    if match is None:
        return [Problem(path, 1, "csp-missing", "the page has no Content-Security-Policy <meta>: "
                                                "build with the theme override in overrides/ and the hook")]
    problems = []
    if html.find("<script", 0, match.start()) != -1:
        problems.append(Problem(path, 1, "csp-late", "a script comes before the Content-Security-Policy <meta>, "
                                                     "which then does not cover it; keep it first in <head>"))
    if match.group(1) != policy(html, tree):
        problems.append(Problem(path, 1, "csp-stale", "the Content-Security-Policy does not match the page's "
                                                      "inline scripts and styles: it was not filled in last"))
    return problems
