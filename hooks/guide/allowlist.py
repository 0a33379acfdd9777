"""What the article of a built page may hold: an allowlist of elements, attributes and URL
schemes, enforced with nh3 (ammonia). The article is sanitised with the allowlist; if the
sanitised article differs from the built one, something outside the list reached the page.

URLs are judged as a browser reads them: entities decoded, tabs and newlines dropped,
backslashes read as slashes ("java&#9;script:" is javascript:, "/\\host/x" is //host/x).
Links may leave the site (a DOI); nothing the page loads by itself (an image) may.
"""
from __future__ import annotations

import re

import nh3
from selectolax.lexbor import LexborHTMLParser, LexborNode

from .problem import Problem

TAGS = {
    "a", "abbr", "article", "b", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "ul",
    # forest plots (forest.py): shapes and text only, no <use>, <image>, <foreignObject> or links
    "svg", "title", "desc", "g", "line", "rect", "text",
}
GLOBAL_ATTRIBUTES = {"class", "id", "title", "lang", "dir"}
ATTRIBUTES = {
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "span": {"data-level", "data-key", "aria-hidden"},  # evidence badge, reference slot, certainty symbol
    "table": {"data-sortable"},  # the evidence map
    "tr": {"data-condition", "data-certainty", "data-rank"},  # what the map's filters read
    "svg": {"viewBox", "role", "aria-labelledby", "xmlns"},
    "line": {"x1", "y1", "x2", "y2"},
    "rect": {"x", "y", "width", "height"},
    "text": {"x", "y", "text-anchor"},
    "ol": {"start"},
    "details": {"open"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
URL_SCHEMES = {"https", "http", "mailto"}  # for links; what a page loads must be on its own host
LINK_ATTRIBUTES = {("a", "href"), ("blockquote", "cite"), ("q", "cite")}
LOAD_ATTRIBUTES = {("img", "src")}
URL_ATTRIBUTES = LINK_ATTRIBUTES | LOAD_ATTRIBUTES
# Ids the theme reads (#__config, #__search...) are not the content's to set; code line ids are.
THEME_ID = re.compile(r"^__(?!codelineno-|code_)")
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")


CONTROL_AND_SPACE = "".join(chr(c) for c in range(0x21))
TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def browser_url(value: str) -> str:
    """A URL as a browser resolves it: no ASCII tab/newline anywhere, no leading or trailing
    control characters or spaces, backslashes as slashes."""
    value = TAB_OR_NEWLINE.sub("", value)
    value = value.strip(CONTROL_AND_SPACE)
    return value.replace("\\", "/")


def url_problem(tag: str, name: str, value: str) -> str | None:
    if (tag, name) not in URL_ATTRIBUTES:
        return None  # not a URL: nothing below applies (nh3 calls this for every attribute)
    url = browser_url(value)
    scheme = SCHEME.match(url)
    if (tag, name) in LOAD_ATTRIBUTES:
        if scheme or url.startswith("//"):
            return f"<{tag} {name}> loads {value!r} from another host; keep the file under docs/"
    elif (tag, name) in LINK_ATTRIBUTES and scheme and scheme.group(1).lower() not in URL_SCHEMES:
        return f"<{tag} {name}> uses the scheme {scheme.group(1)!r}; only {', '.join(sorted(URL_SCHEMES))} are allowed"
    return None


def value_problem(tag: str, name: str, value: str) -> str | None:
    if name == "id" and THEME_ID.match(value):
        return f"id {value!r} on <{tag}> would shadow the theme's own elements"
    return url_problem(tag, name, value)


def _filter(tag: str, name: str, value: str) -> str | None:
    return None if value_problem(tag, name, value) else value


def sanitise(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes={"*": GLOBAL_ATTRIBUTES, **ATTRIBUTES},
                     url_schemes=URL_SCHEMES, link_rel=None, strip_comments=False,
                     attribute_filter=_filter)


def _normal(html: str) -> str:
    """One serialisation for both sides: parsed and written back by the same parser."""
    node = LexborHTMLParser(f"<body>{html}</body>").body
    return node.html if node is not None else ""


def explain(article: LexborNode) -> list[tuple[str, str, str]]:
    """(rule, message, text to find in the Markdown) for each thing outside the allowlist."""
    found = []
    for node in article.traverse():
        if not node.tag or node.tag.startswith("-"):
            continue
        if node.tag not in TAGS:
            found.append(("allowlist-element", f"<{node.tag}> is not an element pages may hold", f"<{node.tag}"))
            continue
        for name, value in node.attributes.items():
            allowed = GLOBAL_ATTRIBUTES | ATTRIBUTES.get(node.tag, set())
            if name not in allowed:
                why = ("style attributes are blocked by the page's Content-Security-Policy; use a class"
                       if name == "style" else "not an attribute pages may use")
                found.append(("allowlist-attribute", f"{name}= on <{node.tag}>: {why}", f"{name}="))
            elif value and (problem := value_problem(node.tag, name, value)):
                rule = "allowlist-attribute" if name == "id" else "allowlist-url"
                found.append((rule, problem, value.strip()[:40] or name))
    return found


def check_article(html: str, find_line, tree: LexborHTMLParser | None = None) -> list[Problem]:
    """The allowlist over a page's <article>. ``find_line(text)`` -> (path, line) in the sources.
    ``tree``: the page already parsed, when the caller has it."""
    article = (tree or LexborHTMLParser(html)).css_first("article")
    if article is None:
        return []
    original = article.html or ""
    sanitised = sanitise(original)
    # the same text needs no parse to be the same page; only a difference is looked at closely
    if sanitised == original or _normal(sanitised) == _normal(original):
        return []
    problems = [Problem(*find_line(needle), rule, message + "; see README, 'What a page may hold'")
                for rule, message, needle in explain(article)]
    return sorted(set(problems)) or [Problem(*find_line(""), "allowlist-changed",
                                             "the article holds markup the allowlist removes; see README")]
