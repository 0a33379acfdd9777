"""Generate a synthetic site of N pages citing M references, in three flavours of one corpus.

- ``machinery``: this project's real mkdocs.yml (Material, mkdocs-bibtex, the hook, print-site,
  snippets, every extension), pages citing with [@key]; bench/variants.py derives the floor
  (citations removed, no bibtex or hook) and the bound (citations as footnotes) from it
- ``sphinx``: the same pages as MyST with {footcite} roles, Sphinx + sphinxcontrib-bibtex

Citation density is about that of the real content pages: ten paragraphs a page, most
citing one or two works, so about fifteen citations a page.
"""
from __future__ import annotations

import random
import re
import shutil
import string
from pathlib import Path

PARAGRAPHS = 10
SECTION_SIZE = 50  # pages per nav section
PART_SIZE = 250  # pages per top-level part: with navigation.prune a page renders only its own section


def key(i: int) -> str:
    letters = ""
    n = i
    while True:
        letters = string.ascii_lowercase[n % 26] + letters
        n //= 26
        if n == 0:
            break
    return f"author{letters}{2000 + i % 25}study"


def bib_entry(i: int) -> str:
    return (f"@article{{{key(i)},\n  author = {{Author{i}, Ann and Second, Bo}},\n"
            f"  title = {{A synthetic study number {i} of music and health}},\n"
            f"  journal = {{Journal of Benchmarks}},\n  year = {{{2000 + i % 25}}},\n"
            f"  volume = {{{1 + i % 40}}},\n  pages = {{{i}--{i + 9}}},\n  doi = {{10.5555/bench.{i}}},\n"
            f"  evidence = {{E2-RCT}},\n  verified = {{2026-11-25; synthetic benchmark entry, not a real work}},\n"
            f"  access = {{open}}\n}}\n")


def page_citations(n_pages: int, n_refs: int, seed: int = 7) -> list[list[list[int]]]:
    """For each page, for each paragraph, the reference numbers it cites (every reference cited once at least)."""
    rng = random.Random(seed)
    pages = [[[rng.randrange(n_refs)] + ([rng.randrange(n_refs)] if rng.random() < 0.5 else [])
              for _ in range(PARAGRAPHS)] for _ in range(n_pages)]
    for ref in range(n_refs):  # make sure every entry is cited somewhere
        pages[ref % n_pages][ref % PARAGRAPHS].append(ref)
    return pages


SENTENCE = ("Music therapy sessions in this synthetic page describe a method, a population and an outcome, "
            "worded cautiously")


def markdown_page(index: int, cites: list[list[int]], style: str) -> str:
    out = []
    if style != "sphinx":
        # a page type that carries claims but opens with no "Key points" box (guide.key_points)
        out.append(f"---\ntitle: Page {index}\ndescription: Synthetic page {index}\ntype: evidence\n"
                   f"level: intermediate\nlast_reviewed: 2026-11-25\n---\n")
    out.append(f"# Page {index}\n")
    for p, refs in enumerate(cites):
        if p % 3 == 0:
            out.append(f"## Section {p // 3}\n")
        if style == "machinery":
            citation = " [" + "; ".join(f"@{key(r)}" for r in refs) + "]"
        elif style == "sphinx":
            citation = " {footcite}`" + ",".join(key(r) for r in refs) + "`"
        else:
            citation = ""
        out.append(f"{SENTENCE} (paragraph {p}){citation}.\n")
    if style == "sphinx":
        out.append("```{footbibliography}\n```\n")
    return "\n".join(out)


def nav(n_pages: int, references: bool = True, others: tuple[str, ...] = ()) -> str:
    lines = ["nav:", "  - Home: index.md"] + (["  - References: references.md"] if references else [])
    lines += [f"  - {title}: {page}" for page, title in FOOTER_PAGES.items()]
    lines += [f"  - {page}" for page in others]
    for part in range(0, n_pages, PART_SIZE):
        lines.append(f"  - Part {part // PART_SIZE + 1}:")
        for start in range(part, min(part + PART_SIZE, n_pages), SECTION_SIZE):
            lines.append(f"      - Section {start // SECTION_SIZE + 1}:")
            lines += [f"          - Page {i}: p/page{i}.md" for i in range(start, min(start + SECTION_SIZE, n_pages))]
    return "\n".join(lines) + "\n"


# the footer links to these (extra.footer in mkdocs.yml): the build stops without them
FOOTER_PAGES = {"about.md": "About", "disclaimer.md": "Disclaimer"}
CORRECTION_TEMPLATE = Path(".github") / "ISSUE_TEMPLATE" / "content-correction.md"


NAV_BLOCK = re.compile(r"^nav:\n(?:(?:  .*)?\n)*", re.MULTILINE)
WATCH_BLOCK = re.compile(r"^watch:\n(?:  - .*\n)+", re.MULTILINE)  # serve only, and names project files
PRUNE_LINE = re.compile(r"^    - navigation\.prune.*\n", re.MULTILINE)
REDIRECTS = re.compile(r"^        [\w/.-]+\.md: ([\w/.-]+\.md)$", re.MULTILINE)  # redirect_maps: old: new


def redirect_targets(config: str) -> tuple[str, ...]:
    """Pages the real mkdocs.yml redirects to: the redirects plugin warns if they do not exist."""
    return tuple(REDIRECTS.findall(config))


def real_config(project: Path, n_pages: int, prune: bool) -> str:
    """The project's own mkdocs.yml (every plugin, extension, the theme override and the hook),
    with the synthetic pages' nav, and paths pointing back at the project's hooks and overrides."""
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config, navs = NAV_BLOCK.subn(nav(n_pages, references=True, others=redirect_targets(config)), config)
    assert navs == 1, "mkdocs.yml has no nav: block where expected"
    config = WATCH_BLOCK.sub("", config)
    config = config.replace("  - hooks/citations.py", f"  - {project / 'hooks' / 'citations.py'}")
    config = config.replace("custom_dir: overrides", f"custom_dir: {project / 'overrides'}")
    return config if prune else PRUNE_LINE.sub("", config)


def write_mkdocs_site(root: Path, n_pages: int, n_refs: int, project: Path, prune: bool = True) -> None:
    """A synthetic site built with the project's real mkdocs.yml: its includes (the abbreviations
    appended to every page) and assets (CSS, JavaScript) are copied, the pages and .bib made here.
    bench/variants.py derives the floor and the bound from it, as from the real site."""
    (root / "docs" / "p").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(real_config(project, n_pages, prune))
    shutil.copytree(project / "includes", root / "includes")
    shutil.copytree(project / "docs" / "assets", root / "docs" / "assets")
    (root / "references.bib").write_text("".join(bib_entry(i) for i in range(n_refs)))
    (root / "docs" / "index.md").write_text("---\ntitle: Home\ndescription: Benchmark home\ntype: about\n"
                                            "last_reviewed: 2026-11-25\n---\n# Benchmark\n\nA synthetic site.\n")
    config = (root / "mkdocs.yml").read_text()
    pages = {**FOOTER_PAGES, **{page: "Moved here" for page in redirect_targets(config)}}
    for page, title in pages.items():
        (root / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / page).write_text(f"---\ntitle: {title}\ndescription: Benchmark {page}\ntype: about\n"
                                          f"last_reviewed: 2026-11-25\n---\n# {title}\n\nA synthetic page.\n")
    (root / CORRECTION_TEMPLATE).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(project / CORRECTION_TEMPLATE, root / CORRECTION_TEMPLATE)
    # the real site's references page, with its "Cited on" links
    (root / "docs" / "references.md").write_text(
        "---\ntitle: References\ndescription: All works\ntype: reference\nlast_reviewed: 2026-11-25\n---\n"
        "# References\n\n<!-- generate: references -->\n")
    for i, cites in enumerate(page_citations(n_pages, n_refs)):
        (root / "docs" / "p" / f"page{i}.md").write_text(markdown_page(i, cites, "machinery"))


SPHINX_CONF = """extensions = ["myst_parser", "sphinxcontrib.bibtex"]
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "plain"
html_theme = "alabaster"
suppress_warnings = ["myst.header"]
"""


def write_sphinx_site(root: Path, n_pages: int, n_refs: int) -> None:
    (root / "p").mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(SPHINX_CONF)
    # sphinxcontrib-bibtex rejects our project-only fields? No: unknown fields are ignored.
    (root / "references.bib").write_text("".join(bib_entry(i) for i in range(n_refs)))
    toctree = "\n".join(f"p/page{i}" for i in range(n_pages))
    (root / "index.md").write_text(f"# Benchmark\n\n```{{toctree}}\n:maxdepth: 1\n\n{toctree}\n```\n")
    for i, cites in enumerate(page_citations(n_pages, n_refs)):
        (root / "p" / f"page{i}.md").write_text(markdown_page(i, cites, "sphinx"))
