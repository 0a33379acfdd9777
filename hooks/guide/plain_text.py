"""Plain text: what a page title, a description or the site's name may hold.

These values reach places that do not escape them: MkDocs renders themes with Jinja's
autoescape off (so a title lands as-is in the nav and in ``<meta content="...">``), and the
"Cite this page" box puts the title inside Markdown, BibTeX and RIS. So they are checked
against an allowlist: letters, marks and digits of any script, single spaces, and ordinary
sentence punctuation. Anything else (markup, braces, quotes that end an attribute, control
characters) is refused with the character named.
"""
from __future__ import annotations

import unicodedata

PUNCTUATION = set(" .,;:!?'’‘“”()-–—/%+°·")


def plain_text_problem(value: str) -> str | None:
    """None when ``value`` is plain text, else what is wrong with it."""
    if value != value.strip():
        return "starts or ends with a space"
    if "  " in value:
        return "holds two spaces in a row"
    for char in value:
        if char in PUNCTUATION or unicodedata.category(char)[0] in "LMN":
            continue
        name = unicodedata.name(char, f"U+{ord(char):04X}")
        return (f"holds {char!r} ({name}), which is not plain text; write words and ordinary "
                "punctuation only (no markup, braces, backslashes, double quotes or line breaks)")
    return None


def check_plain(value: str) -> str:
    """A pydantic AfterValidator: raises ValueError with the reason."""
    problem = plain_text_problem(value)
    if problem:
        raise ValueError(problem)
    return value
