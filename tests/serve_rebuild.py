"""Builds a site as ``mkdocs serve`` does, in one process, for tests/test_serve_cache.py.

    python tests/serve_rebuild.py PROJECT SITE_DIR EDITS.json

EDITS.json: a list of rebuilds, each a {docs-relative path: new text} to write before it.
Runs on_startup(command="serve") once, builds, then for each entry writes the files and
rebuilds into the same folder (the config loaded again, as serve does). Prints JSON: the
warnings each build logged, and how many pages each rebuild took from the render cache.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

URL = "http://127.0.0.1:8000/"


class Keep(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def main(project: Path, site_dir: str, edits: list[dict[str, str]]) -> dict:
    keep = Keep()
    logging.getLogger("mkdocs").addHandler(keep)
    warnings, reused = [], []
    for number, edit in enumerate([{}] + edits):
        for path, text in edit.items():
            (project / path).write_text(text, encoding="utf-8")
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site_dir)
        if number == 0:
            config.plugins.on_startup(command="serve", dirty=False)
        config.site_url = URL
        keep.messages = []
        build(config, serve_url=URL, dirty=False)
        warnings.append(sorted(keep.messages))
        hook = next(m for name, m in sys.modules.items() if name.endswith("citations.py"))
        reused.append(hook.build.renders.reused)
    return {"warnings": warnings, "reused": reused}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), sys.argv[2], json.loads(Path(sys.argv[3]).read_text()))))
