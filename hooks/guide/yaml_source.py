"""YAML read with its line numbers, so a schema error can name the line it is about."""
from __future__ import annotations

from pathlib import Path

import yaml


class YamlSourceError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


def read_text(path: Path) -> str:
    """The file as text: UTF-8, with or without a byte-order mark."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise YamlSourceError(1, f"the file is not UTF-8 text (byte {err.start}); save it as UTF-8") from None


def load(path: Path) -> tuple[object, yaml.Node | None]:
    """(data, node tree) of a YAML file; a syntax error is raised with its line."""
    text = read_text(path)
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise YamlSourceError(mark.line + 1 if mark else 1, " ".join(str(err).split())) from None


def line_of(node: yaml.Node | None, location: tuple) -> int:
    """The line of the value at ``location`` (keys and list indexes), or of its nearest parent."""
    line = node.start_mark.line + 1 if node is not None else 1
    for step in location:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == step), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line
