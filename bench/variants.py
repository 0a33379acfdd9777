"""The sites the benchmark compares, made from one project folder with the real mkdocs.yml.

- ours: the project as it is (every plugin, extension and the citation hook)
- plain: the same config and pages without the citation machinery: no bibtex plugin, no
  hooks, every ``[@key]`` removed (the floor: what Material costs for these pages)
- footnoted: plain, with each citation written as an ordinary Markdown footnote whose text is
  the formatted reference (with one .bib parse and one formatting pass, measured apart, this
  is the bound: what any site that shows these citations must at least do)
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from guide.content_check import check_site, cited_keys
from guide.footer import correction_url
from guide.markdown_scan import CITATION_LIKE, CITED_KEY
from guide.references import ReferenceFormatter
from guide.site_config import read_config
from guide.urls import page_url

COPY_IGNORE = shutil.ignore_patterns(".venv", "site", "build", ".git", "__pycache__", "test-artifacts",
                                     ".pytest_cache", ".cache", "bench")
BIBTEX_PLUGIN = re.compile(r"^  - bibtex:\n(?:      .*\n)+", re.MULTILINE)
HOOKS = re.compile(r"^hooks:\n(?:  - .*\n)+", re.MULTILINE)
PRINT_SITE = "  - print-site:"


def copy_project(project: Path, dest: Path) -> Path:
    shutil.copytree(project, dest, ignore=COPY_IGNORE)
    return dest


def without_machinery(config: str) -> str:
    config, plugins = BIBTEX_PLUGIN.subn("", config)
    config, hooks = HOOKS.subn("", config)
    assert plugins == 1 and hooks == 1, "mkdocs.yml no longer has the bibtex plugin and hooks where expected"
    return config


def footer_links(project: Path, config: str) -> str:
    """The footer's links, which the hook sets (extra.footer_links) and the theme's footer
    reads, written into a config that has no hook."""
    footer = read_config(project)[0].data["extra"]["footer"]
    links = {"about": page_url(footer["about_page"]), "disclaimer": page_url(footer["disclaimer_page"]),
             "correction": correction_url(footer)}
    assert "\nextra:\n" in config, "mkdocs.yml no longer has its extra: block where expected"
    return config.replace("\nextra:\n", "\nextra:\n  footer_links:\n"
                          + "".join(f"    {name}: {url}\n" for name, url in links.items()), 1)


def print_site_off(config: str) -> str:
    """What the hook does while serving, for a site without the hook."""
    assert PRINT_SITE in config
    return config.replace(PRINT_SITE, PRINT_SITE + "\n      enabled: false", 1)


def plain(project: Path, dest: Path, footnoted: bool = False) -> Path:
    copy_project(project, dest)
    config = dest / "mkdocs.yml"
    config.write_text(footer_links(project, without_machinery(config.read_text())))
    formatter = None
    if footnoted:
        site = check_site(project)
        formatter = ReferenceFormatter(site.bib)
        formatter.format_all(sorted(cited_keys(site) & set(site.bib.entries)), parallel=False)
    for page in (dest / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        cited: list[str] = []

        def replace(match: re.Match) -> str:
            if formatter is None:
                return ""
            keys = [k for k in CITED_KEY.findall(match.group(0)) if k in formatter.bib.entries]
            cited.extend(k for k in keys if k not in cited)
            return "".join(f"[^{k}]" for k in keys)

        text = CITATION_LIKE.sub(replace, text)
        if cited:
            text += "\n\n" + "\n".join(f"[^{k}]: {formatter.html(k)}" for k in cited) + "\n"
        page.write_text(text, encoding="utf-8")
    return dest


def parse_and_format(project: Path) -> dict:
    """One .bib parse (pybtex) and one formatting pass over the cited entries, as any citation
    site does: its wall and CPU seconds. Which entries are cited is found first, untimed."""
    import time
    from pybtex.database import parse_file
    site = check_site(project)
    keys = sorted(cited_keys(site) & set(site.bib.entries))
    wall, cpu = time.perf_counter(), time.process_time()
    parse_file(str(project / "references.bib"), "bibtex")
    ReferenceFormatter(site.bib).format_all(keys, parallel=False)
    return {"seconds": time.perf_counter() - wall, "cpu": time.process_time() - cpu}
