"""Reading the project's input files: UTF-8 text (a byte-order mark is fine), YAML that keeps
the line of every value, and schema errors (pydantic) turned into ``file:line`` problems.

Every reader here returns problems instead of raising, so a bad input file is one line in
``make check`` and ``make build``, never a traceback.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

import yaml
from pydantic import BaseModel, ValidationError

from .problem import Problem

UTF8_BOM = b"\xef\xbb\xbf"


def read_text(path: Path, shown: str) -> tuple[str | None, Problem | None]:
    """The file as text, or None and a problem saying why it cannot be read.

    A UTF-8 byte-order mark is dropped (editors on Windows add one); Windows line endings
    become plain newlines, so line numbers and front-matter markers read the same."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, Problem(shown, 1, "source-unreadable", f"cannot read the file: {err.strerror or err}")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return None, Problem(shown, line, "source-encoding",
                             f"byte 0x{data[err.start]:02x} is not UTF-8 text; save the file as UTF-8")
    return text.replace("\r\n", "\n"), None


class _Lenient:
    """YAML as safe_load reads it, except that it never raises on a value it cannot build:
    an impossible date ("2026-02-30") stays a string for the schema to report at its line,
    and a tag such as mkdocs.yml's ``!ENV`` or ``!!python/name`` reads as None."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


class LineLoader(_Lenient, yaml.SafeLoader):
    """The pure-Python reader: its error messages are the ones problems quote."""


# libyaml's parser, where PyYAML has it: the same nodes, lines and values, several times faster;
# text it refuses is read again by LineLoader, so a problem's message is the same either way
FastLineLoader = type("FastLineLoader", (_Lenient, yaml.CSafeLoader), {}) if yaml.__with_libyaml__ else LineLoader

for _loader in {LineLoader, FastLineLoader}:
    _loader.add_constructor("tag:yaml.org,2002:timestamp", _loader.construct_yaml_timestamp)
    _loader.add_multi_constructor("", lambda loader, suffix, node: None)


def load_yaml(text: str, shown: str, rule: str, first_line: int = 1) -> tuple[Any, yaml.Node | None, list[Problem]]:
    """(data, node tree, problems); ``first_line`` is the file line the YAML text starts on."""
    if FastLineLoader is not LineLoader:
        fast = FastLineLoader(text)
        try:
            node = fast.get_single_node()
            return (fast.construct_document(node) if node is not None else None), node, []
        except yaml.YAMLError:
            pass  # read again below, for the pure-Python reader's message
        finally:
            fast.dispose()
    loader = LineLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
        line = first_line + (mark.line if mark else 0)
        context, context_mark = getattr(err, "context", None), getattr(err, "context_mark", None)
        if context and context_mark is not None and context_mark.line != getattr(mark, "line", None):
            context += f" (from line {first_line + context_mark.line})"
        what = "; ".join(part for part in (context, getattr(err, "problem", None)) if part)
        return None, None, [Problem(shown, line, rule, f"not valid YAML: {what or ' '.join(str(err).split())}")]
    finally:
        loader.dispose()
    return data, node, []


def node_at(node: yaml.Node | None, loc: tuple) -> yaml.Node | None:
    """The node of the value at ``loc`` (keys and indexes), or of the nearest parent found."""
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value
                          if isinstance(key, yaml.ScalarNode) and key.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
        else:
            child = None
        if child is None:
            break
        node = child
    return node


def line_of(node: yaml.Node | None, loc: tuple, first_line: int = 1) -> int:
    """The file line of the value at ``loc``, or of the nearest parent found."""
    found = node_at(node, loc)
    return first_line + (found.start_mark.line if found is not None else 0)


def _shown_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(error: dict) -> str:
    """One pydantic error as a sentence naming the field."""
    loc = [str(part) for part in error["loc"]]
    name = ".".join(loc) if loc else "the value"
    kind = error["type"]
    if kind == "missing":
        return f"needs '{name}:'"
    if kind == "extra_forbidden":
        return f"'{name}' is not a field this file takes; check its spelling"
    return f"{name} {_shown_value(error['input'])}: {_message(error)}"


def _message(error: dict) -> str:
    message = error["msg"]
    return message[len("Value error, "):] if message.startswith("Value error, ") else message


def validate(model: type[BaseModel], data: Any, node: yaml.Node | None, shown: str,
             rule: str | Callable[[dict], str], first_line: int = 1,
             advice: str = "") -> tuple[BaseModel | None, list[Problem], set]:
    """(instance or None, one problem per schema error, the top-level fields that failed).

    ``rule`` is the rule id, or a function choosing one for each pydantic error."""
    try:
        return model.model_validate(data), [], set()
    except ValidationError as err:
        by_line: dict[int, list[dict]] = {}
        for error in err.errors(include_url=False):
            error["loc"] = tuple(part for part in error["loc"] if not _is_type_tag(part))
            loc = error["loc"] if error["type"] != "missing" else error["loc"][:-1]
            by_line.setdefault(line_of(node, loc, first_line), []).append(error)
        problems, failed = [], set()
        for line, errors in by_line.items():
            # a value that fits none of a union's types fails once per type: one line for all
            deepest = max(errors, key=lambda e: len(e["loc"]))
            failed.update(e["loc"][0] for e in errors if e["loc"])
            message = describe(deepest)
            for extra in dict.fromkeys(_message(e) for e in errors if e is not deepest and e["type"] != "missing"):
                if extra not in message:
                    message += f"; or {extra}"
            rule_id = rule(deepest) if callable(rule) else rule
            problems.append(Problem(shown, line, rule_id, message + advice))
        return None, problems, failed


TYPE_TAG = re.compile(r"^(str|int|float|bool|none|list|dict)$|^[\w-]+\[")


def _is_type_tag(part) -> bool:
    """pydantic names the member of a union a value was tried against in the error's location."""
    return isinstance(part, str) and bool(TYPE_TAG.match(part))
