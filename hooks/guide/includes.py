"""Files that pages include with pymdownx.snippets (``--8<-- "file.md"``): each must exist
and be UTF-8 text, or the build stops with a traceback from inside Markdown.

The snippet syntax and path resolution are pymdownx's own (its preprocessor, configured from
mkdocs.yml), so this check finds exactly the files the build would look for. Snippet base
paths are resolved from the project folder, where ``make`` runs MkDocs.
"""
from __future__ import annotations

from pathlib import Path

import markdown
from pymdownx.snippets import SnippetPreprocessor

from .problem import Problem
from .sources import read_text


def preprocessor(settings: dict, root: Path) -> SnippetPreprocessor:
    config = dict(settings)
    base = config.get("base_path", ".")
    config["base_path"] = [str(root / b) for b in ([base] if isinstance(base, str) else base)]
    config.pop("auto_append", None)
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": config})
    return md.preprocessors["snippet"]


def snippet_targets(text: str, first_line: int = 1):
    """(line, path as written) of every snippet a text includes, inline or in a block."""
    if "8<" not in text:
        return
    block = False
    for number, line in enumerate(text.split("\n"), first_line):
        match = SnippetPreprocessor.RE_ALL_SNIPPETS.match(line)
        if match:
            if match.group("escape"):
                continue
            if match.group("inline_marker"):
                if not block:
                    yield number, match.group("snippet")[1:-1].strip()
            else:
                block = not block
        elif block and (path := line.strip()) and not path.startswith(";"):
            yield number, path


class IncludeChecker:
    """Checks the snippets of many pages, reading each included file once."""

    def __init__(self, root: Path, settings: dict):
        self.root = root
        self.pre = preprocessor(settings, root)
        self._checked: set[str] = set()  # included files already checked

    def shown(self, path: str | Path) -> str:
        path = Path(path).resolve()
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else str(path)

    def check_text(self, text: str, shown: str, first_line: int = 1) -> list[Problem]:
        problems = []
        for line, written in snippet_targets(text, first_line):
            target = self.pre.parse_snippet_target(written)
            path = target["path"] if target else ""
            if path.lower().startswith(("https://", "http://")):
                continue  # downloading snippets is off (url_download); pymdownx leaves these alone
            found = self.pre.get_snippet_path(path) if path else None
            if found is None:
                bases = ", ".join(self.shown(b) or "." for b in self.pre.base_path)
                problems.append(Problem(shown, line, "include-missing",
                                        f"includes {written!r}, which is not a file under {bases}; "
                                        "fix the path or add the file"))
            else:
                problems += self.check_file(found)
        return problems

    def check_file(self, path: str | Path) -> list[Problem]:
        """An included file's own problems, the first time it is met (and [] after that)."""
        key = str(Path(path).resolve())
        if key in self._checked:
            return []
        self._checked.add(key)  # before reading: an include that includes itself stops here
        text, problem = read_text(Path(path), self.shown(path))
        return [problem] if problem else self.check_text(text, self.shown(path))
