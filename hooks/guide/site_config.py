"""The values of ``mkdocs.yml`` that the checks and the hook read, checked with pydantic.

MkDocs validates its own settings when it builds; this checks the ones this project relies
on (the site's name and address, which the "Cite this page" box prints; where the pages and
the bibliography are; the nav; where included snippets live) so that ``make check`` reports a
bad value as one line at its place, and a YAML error as one line instead of a traceback.
Settings this project does not read are left to MkDocs.
"""
from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Annotated, Any, Union
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError
from typing_extensions import TypeAliasType

from .plain_text import check_plain
from .problem import Problem
from .sources import line_of, load_yaml, node_at, read_text, validate

CONFIG_FILE = "mkdocs.yml"
BIB_FILE = "references.bib"  # the one bibliography the checks read; mkdocs-bibtex must read the same


def _site_url(value: str) -> str:
    if value == "":
        return value
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("must be the site's https:// address with a host, e.g. https://example.org/guide/")
    if not value.endswith("/"):
        raise ValueError("must end with '/', or page addresses are joined onto it wrongly")
    return value


def _inside_project(value: str) -> str:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or not value:
        raise ValueError("must be a folder inside the project, written relative to mkdocs.yml")
    return value


NavItem = TypeAliasType("NavItem", Union[str, dict[str, Union[str, list["NavItem"]]]])
ProjectFolder = Annotated[str, AfterValidator(_inside_project)]


class SiteConfig(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    site_name: Annotated[str, Field(min_length=1, max_length=100), AfterValidator(check_plain)]
    site_url: Annotated[str, AfterValidator(_site_url)] = ""
    docs_dir: ProjectFolder = "docs"
    site_dir: ProjectFolder = "site"
    use_directory_urls: bool = True
    nav: list[NavItem] = []
    plugins: list[Union[str, dict[str, Union[dict[str, Any], None]]]] = []
    markdown_extensions: list[Union[str, dict[str, Union[dict[str, Any], None]]]] = []


class SnippetSettings(BaseModel):
    model_config = ConfigDict(extra="allow", strict=True)

    base_path: Union[str, list[str]] = "."
    auto_append: list[str] = []


def _settings_of(items: list, name: str) -> tuple[int, dict] | None:
    """(index, settings) of a plugin or extension named in a list of names and {name: settings}."""
    for index, item in enumerate(items):
        if item == name:
            return index, {}
        if isinstance(item, dict) and name in item:
            return index, item[name] or {}
    return None


class Config:
    """The checked configuration: what the checks read from mkdocs.yml."""

    def __init__(self, data: dict | None = None, node=None):
        self.data = data or {}
        self.node = node
        self.usable = data is not None  # False when mkdocs.yml could not be read at all

    @property
    def docs_dir(self) -> str:
        return self.data.get("docs_dir", "docs")

    @property
    def nav(self) -> list:
        return self.data.get("nav") or []

    def line_of(self, *loc) -> int:
        return line_of(self.node, loc)

    def snippet_settings(self) -> dict | None:
        """pymdownx.snippets' settings, or None when the site does not use it (or they are invalid,
        which read_config reports)."""
        found = _settings_of(self.data.get("markdown_extensions") or [], "pymdownx.snippets")
        if found is None:
            return None
        try:
            SnippetSettings.model_validate(found[1])
        except ValidationError:
            return None
        return found[1]


def read_config(root: Path) -> tuple[Config, list[Problem]]:
    """mkdocs.yml, checked; an unusable file gives a Config whose ``usable`` is False."""
    text, problem = read_text(root / CONFIG_FILE, CONFIG_FILE)
    if problem:
        return Config(None), [problem]
    data, node, problems = load_yaml(text, CONFIG_FILE, "config-syntax")
    if problems:
        return Config(None), problems
    if not isinstance(data, dict):
        return Config(None), [Problem(CONFIG_FILE, 1, "config-syntax", "mkdocs.yml must be a mapping of setting: value")]
    _, problems, failed = validate(SiteConfig, data, node, CONFIG_FILE, "config-value")
    problems += _check_plugins(data, node, failed)
    # a setting that failed is replaced by MkDocs' default, so the other checks still run
    return Config({k: v for k, v in data.items() if k not in failed}, node), problems


def _check_plugins(data: dict, node, failed: set) -> list[Problem]:
    problems = []
    if "plugins" in failed:
        return problems
    bibtex = _settings_of(data.get("plugins") or [], "bibtex")
    if bibtex is not None:
        index, settings = bibtex
        if settings.get("bib_file") != BIB_FILE:
            problems.append(Problem(CONFIG_FILE, line_of(node, ("plugins", index, "bibtex", "bib_file")), "config-value",
                                    f"the bibtex plugin's bib_file must be {BIB_FILE!r}, the bibliography "
                                    "the checks read; mkdocs-bibtex would otherwise format an unchecked file"))
    if "markdown_extensions" not in failed:
        snippets = _settings_of(data.get("markdown_extensions") or [], "pymdownx.snippets")
        if snippets is not None:
            at = node_at(node, ("markdown_extensions", snippets[0], "pymdownx.snippets"))
            problems += validate(SnippetSettings, snippets[1], at, CONFIG_FILE, "config-value")[1]
    return problems
