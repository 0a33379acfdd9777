"""What the content checks read from a site's sources: its own module, so the modules that
generate from it (generators, citation_index, site_build) never import the checks."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .bibliography import Bibliography
from .findings import Findings
from .markdown_scan import ScannedPage
from .not_cited import NotCited
from .problem import Problem
from .site_config import Config


@dataclass
class Site:
    root: Path
    docs_dir: Path
    bib: Bibliography
    pages: dict[str, ScannedPage] = field(default_factory=dict)  # docs-relative path -> page
    nav: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    not_cited: list[NotCited] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    config: Config = field(default_factory=Config)
    unreadable: set[str] = field(default_factory=set)  # pages that are not UTF-8 text

    def rel(self, page: str) -> str:
        """A page's path as problems print it: relative to the project root."""
        return (self.docs_dir / page).relative_to(self.root).as_posix()
