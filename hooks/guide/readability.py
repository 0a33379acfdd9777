"""How hard a page is to read: the Flesch–Kincaid grade (textstat) of its reader-visible prose.

What is measured is the running text a reader reads, nothing else: front matter, code, HTML
comments (and so generator markers), citations, link targets, images, HTML tags, attribute
lists, table syntax, headings and box titles (labels, not prose) and admonition markers are
left out. Sentences are split as the claim checks split them (claims.sentences), so a decimal
point or "e.g." does not end one; each is then handed to textstat ending in one full stop.

The "Key points" box is held to grade 8 or below (readability-key-points): it is the part of a
page every reader reads, often the only part, and grade 8 is the usual ceiling for health
information meant for the public.
"""
from __future__ import annotations

import math
import re
import statistics
import warnings
from dataclasses import dataclass

with warnings.catch_warnings():
    # textstat 0.7.3 imports pkg_resources (pinned setuptools keeps it), which warns on import;
    # later textstat versions fetch an NLTK corpus at first use, which fails offline
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    import textstat

from . import key_points
from .claims import sentences
from .markdown_scan import CITATION_LIKE, MANUAL_FOOTNOTE, ScannedPage, claim_units, mask_code, split_front_matter
from .problem import Problem

KEY_POINTS_MAX_GRADE = 8.0
LONG_SENTENCE = 30  # words; a sentence longer than this is hard to hold in mind
WORDS_PER_MINUTE = 200  # reading time shown under a page's title

IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
ATTR_LIST = re.compile(r"\{:?[^{}]*\}")
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
EMPHASIS = re.compile(r"\*{1,3}|(?<!\w)_{1,3}|_{1,3}(?!\w)|~~|==")
DEFINITION = re.compile(r"\s:\s+")  # a definition list's "term\n:   definition", joined on one line
END = re.compile(r"[.!?][\"')\]]*$")


@dataclass(frozen=True)
class Reading:
    words: int
    sentences: int
    grade: float  # Flesch–Kincaid grade
    average_sentence: float  # words per sentence
    long_share: float  # share of sentences over LONG_SENTENCE words

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.words / WORDS_PER_MINUTE))


def plain(text: str) -> str:
    """One claim unit's text as the reader reads it: no citations, link targets or markup."""
    text = CITATION_LIKE.sub("", text)
    text = MANUAL_FOOTNOTE.sub("", text)
    text = IMAGE.sub("", text)
    text = LINK.sub(r"\1", text)
    text = ATTR_LIST.sub("", text)
    text = HTML_TAG.sub("", text)
    text = EMPHASIS.sub("", text)
    text = DEFINITION.sub(". ", text)
    return " ".join(text.split())


def unit_sentences(text: str) -> list[str]:
    """A unit's sentences, each ending in exactly one full stop and holding no other, so
    textstat counts the same sentences the claim checks see."""
    out = []
    for sentence in sentences(plain(text)):
        sentence = sentence.rstrip(" :;,")
        body = END.sub("", sentence)
        body = re.sub(r"[.!?]", "", body)  # "e.g.", "0.5": not sentence ends
        if re.search(r"\w", body):
            out.append(body.strip() + ".")
    return out


def prose_sentences(masked: str) -> list[str]:
    """The sentences of a page body whose code and comments are already blanked (ScannedPage.masked)."""
    out = []
    for unit in claim_units(masked):
        if unit.kind == "table row":  # each cell on its own: cells are not one sentence
            for cell in unit.text.strip().strip("|").split("|"):
                out += unit_sentences(cell)
        else:
            out += unit_sentences(unit.text)
    return out


def page_sentences(text: str) -> list[str]:
    """The reader-visible prose sentences of a whole Markdown file, front matter and all."""
    _, body, _, _ = split_front_matter(text)
    return prose_sentences(mask_code(body))


def measure(sentence_list: list[str]) -> Reading:
    text = " ".join(sentence_list)
    if not text:
        return Reading(0, 0, 0.0, 0.0, 0.0)
    lengths = [textstat.lexicon_count(s) for s in sentence_list]
    return Reading(words=sum(lengths), sentences=len(sentence_list),
                   grade=textstat.flesch_kincaid_grade(text),
                   average_sentence=sum(lengths) / len(sentence_list),
                   long_share=sum(n > LONG_SENTENCE for n in lengths) / len(sentence_list))


def measure_page(page: ScannedPage) -> Reading:
    return measure(prose_sentences(page.masked))


def median_grade(readings: list[Reading]) -> float:
    return statistics.median(r.grade for r in readings if r.words) if any(r.words for r in readings) else 0.0


def check_key_points(path: str, page: ScannedPage) -> list[Problem]:
    box = key_points.find(page)
    if box is None or not box.points:
        return []
    reading = measure([s for p in box.points for s in unit_sentences(p.text)])
    if reading.grade <= KEY_POINTS_MAX_GRADE:
        return []
    hardest = max(box.points, key=lambda p: measure(unit_sentences(p.text)).grade)
    return [Problem(path, box.line, "readability-key-points",
                    f"the Key points box reads at Flesch-Kincaid grade {reading.grade:.1f}; keep it at "
                    f"{KEY_POINTS_MAX_GRADE:g} or below with shorter sentences and everyday words (hardest: "
                    f"line {hardest.line}, grade {measure(unit_sentences(hardest.text)).grade:.1f})")]


def reading_minutes(page: ScannedPage) -> int:
    """Minutes to read the page's prose at WORDS_PER_MINUTE, rounded up (at least 1)."""
    words = sum(textstat.lexicon_count(s) for s in prose_sentences(page.masked))
    return max(1, math.ceil(words / WORDS_PER_MINUTE))
