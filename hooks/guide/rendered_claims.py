"""The claim rules on the rendered page: what a reader sees once includes, snippets, the
abbreviations file and admonitions are expanded. The same rules as claims.py (which reads
the Markdown, fast, for ``make check``), so the two give the same verdicts; this one also
sees what the Markdown reading cannot (comment tricks, text pulled in from other files).

Every visible block of the article (paragraph, list item, table row, blockquote, definition,
text outside any block) cites a source or is marked editorial; labels (headings, admonition
and collapsible titles, table headers, definition terms, abbreviation explanations) report
no finding unless they cite it. Problems name the Markdown file and line the text came from.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .claims import BARE_KEY, FINDING_SHAPE, _short, finding_in, sentences
from .markdown_scan import CITATION_LIKE
from .problem import Problem

CITE = " [@cite] "  # stands in for a citation marker, so sentences can be told cited or not
BLOCKS = {"p": "paragraph", "li": "list item", "tr": "table row", "blockquote": "blockquote",
          "dd": "definition", "div": "paragraph", "article": "paragraph", "details": "paragraph",
          "section": "paragraph", "td": None, "th": None}
LABELS = {"h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
          "h6": "heading", "summary": "box title", "dt": "definition term"}
EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*"}
NOT_TEXT = {"code", "pre", "script", "style", "template", "svg", "kbd"}


@dataclass
class Block:
    kind: str
    label: bool
    editorial: bool
    text: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # texts of the links in the block
    cited: bool = False

    @property
    def plain(self) -> str:
        return " ".join("".join(self.text).split())


def _classes(node: LexborNode) -> list[str]:
    return (node.attributes.get("class") or "").split()


def _skipped(node: LexborNode) -> bool:
    """The site's own generated parts: reference list, cite box, review date, permalinks."""
    classes = _classes(node)
    if node.tag == "div" and ("footnote" in classes or "generated" in classes):
        return True
    if node.tag == "p" and ("last-reviewed" in classes or "reference-downloads" in classes):
        return True
    if node.tag == "a" and "headerlink" in classes:
        return True
    if node.tag == "h2" and node.attributes.get("id") == "references":
        return True
    if node.tag == "details" and "quote" in classes:
        summary = node.css_first("summary")
        return summary is not None and summary.text(strip=True) == "Cite this page"
    return node.tag in NOT_TEXT or node.tag == "nav"


def read_blocks(article: LexborNode) -> tuple[list[Block], list[str]]:
    """The article's visible blocks, and the explanations its abbreviations show on hover."""
    blocks: list[Block] = []
    abbreviations: list[str] = []

    def walk(node: LexborNode, block: Block, editorial: bool) -> None:
        child = node.child
        while child is not None:
            if child.tag == "-text":
                block.text.append(child.text_content or "")
            elif child.tag and not child.tag.startswith("-") and not _skipped(child):
                classes = _classes(child)
                mine = editorial or "editorial" in classes
                if child.tag == "sup" and (child.attributes.get("id") or "").startswith("fnref"):
                    block.cited = True
                    block.text.append(CITE)
                elif child.tag in LABELS or (child.tag == "p" and "admonition-title" in classes):
                    inner = Block(LABELS.get(child.tag, "box title"), True, mine)
                    blocks.append(inner)
                    walk(child, inner, mine)
                elif child.tag == "tr":
                    cells = child.css("td, th")
                    header = bool(cells) and all(c.tag == "th" for c in cells)
                    row = Block("table header" if header else "table row", header,
                                mine or any("editorial" in _classes(c) for c in cells))
                    blocks.append(row)
                    for cell in cells:
                        walk(cell, row, row.editorial)
                        row.text.append(" | ")
                elif child.tag in BLOCKS and BLOCKS[child.tag]:
                    inner = Block(BLOCKS[child.tag], False, mine)
                    blocks.append(inner)
                    walk(child, inner, mine)
                else:
                    if child.tag == "abbr" and child.attributes.get("title"):
                        abbreviations.append(child.attributes["title"])
                    # emphasis keeps its Markdown stars, so a bold lead-in ("**Trials.** Text")
                    # is one sentence with what follows, as claims.sentences reads the source
                    stars = EMPHASIS.get(child.tag, "")
                    start = len(block.text)
                    block.text.append(stars)
                    walk(child, block, mine)
                    block.text.append(stars)
                    if child.tag == "a":  # its text as the block reads it (code left out)
                        block.links.append("".join(block.text[start:]))
            child = child.next

    top = Block("paragraph", False, "editorial" in _classes(article))
    blocks.append(top)
    walk(article, top, top.editorial)
    return [b for b in blocks if re.search(r"\w", b.plain.replace(CITE.strip(), ""))], abbreviations


def is_navigation(block: Block) -> bool:
    rest = block.plain
    for text in block.links:
        rest = rest.replace(" ".join(text.split()), "", 1)
    return (bool(block.links) and not re.search(r"\w", rest)
            and not any(FINDING_SHAPE.search(t) for t in block.links))


def judge(block: Block) -> list[tuple[str, str]]:
    """(rule, message) for each way one block breaks the claim rules."""
    text = block.plain
    found = []
    if bare := BARE_KEY.search(CITATION_LIKE.sub("", text)):
        found.append(("rendered-bare-key", f"{bare.group(0)} shows bare on the page and links no source: "
                                           f"write [{bare.group(0)}]"))
    if block.label:
        match = FINDING_SHAPE.search(CITATION_LIKE.sub("", text))
        if match and not block.cited:
            found.append(("rendered-label-finding", f"this {block.kind} reports a finding ('{match.group(0)}') "
                                                    f"without a citation: \"{_short(text)}\""))
        return found
    if is_navigation(block):
        return found
    if not block.cited and not block.editorial:
        found.append(("rendered-claim-uncited", f"this {block.kind} is shown with no citation: "
                                                f"\"{_short(text)}\"; cite it or mark it {{: .editorial }}"))
    for sentence in sentences(text):
        match = finding_in(sentence)
        if match and not CITATION_LIKE.search(sentence):
            found.append(("rendered-finding-uncited", f"sentence reporting a finding ('{match.group(0)}') is "
                                                      f"shown without a citation: \"{_short(sentence)}\""))
    return found


class SourceIndex:
    """Finds the Markdown file and line a rendered text came from, by its run of words."""

    WORD = re.compile(r"\w+")

    def __init__(self, files: list[tuple[str, str]]):  # (path as printed, text), searched in order
        self._texts = files
        self._files: list[tuple[str, list[str], list[int]]] | None = None

    @property
    def files(self) -> list[tuple[str, list[str], list[int]]]:
        if self._files is None:  # indexed when a problem first needs a line: most pages have none
            self._files = [_words(path, text) for path, text in self._texts]
        return self._files

    def find(self, text: str) -> tuple[str, int]:
        wanted = [w.lower() for w in self.WORD.findall(text.replace(CITE.strip(), " ")) if w.lower() != "cite"]
        for size in (6, 4, 3, 2, 1):
            for start in range(0, max(1, len(wanted) - size + 1)):
                run = wanted[start:start + size]
                if not run:
                    continue
                for path, words, lines in self.files:
                    for i in (i for i, w in enumerate(words) if w == run[0]):
                        if words[i:i + len(run)] == run:
                            return path, lines[i]
        path = self.files[0][0] if self.files else "?"
        return path, 1


@functools.lru_cache(maxsize=64)  # the included files are the same for every page of a build
def _words(path: str, text: str) -> tuple[str, list[str], list[int]]:
    """(path, its words in lower case, the line of each)."""
    words, lines, line, counted = [], [], 1, 0
    for match in SourceIndex.WORD.finditer(text):
        line += text.count("\n", counted, match.start())  # counted once, not from the top each time
        counted = match.start()
        words.append(match.group(0).lower())
        lines.append(line)
    return path, words, lines


ARTICLE_SELECTOR = "article"


def check_rendered_claims(html: str, index: SourceIndex, tree: LexborHTMLParser | None = None) -> list[Problem]:
    """The claim rules over one built page of a claim-carrying type (``tree``: the page
    already parsed, when the caller has it)."""
    article = (tree or LexborHTMLParser(html)).css_first(ARTICLE_SELECTOR)
    if article is None:
        return []
    blocks, abbreviations = read_blocks(article)
    problems = set()
    for block in blocks:
        for rule, message in judge(block):
            path, line = index.find(block.plain)
            problems.add(Problem(path, line, rule, message))
    for title in dict.fromkeys(abbreviations):
        if match := FINDING_SHAPE.search(title):
            path, line = index.find(title)
            problems.add(Problem(path, line, "rendered-label-finding",
                                 f"an abbreviation explains itself on hover with a finding ('{match.group(0)}'), "
                                 f"which cannot be cited there: \"{_short(title)}\""))
    return sorted(problems)


def included_files(root: Path, include_dirs: list[Path]) -> list[tuple[str, str]]:
    """Every file snippets could pull into a page (read once for all pages of a build)."""
    files = []
    for folder in include_dirs:
        for path in sorted(folder.rglob("*.md")) if folder.is_dir() else []:
            files.append((path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")))
    return files
