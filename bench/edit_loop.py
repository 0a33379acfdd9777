"""The edit loop: how long `mkdocs serve` takes to show a one-word edit to one page.

Does what serve does, in one process: load the config, send ``on_startup(command="serve")``
once, build; then, for each edit, change one word of the page, load the config again and
rebuild into the same folder. Prints JSON: wall and CPU seconds of each rebuild after an edit,
and how many warnings each build logged.

    python bench/edit_loop.py PROJECT PAGE [EDITS]
"""
from __future__ import annotations

import json
import logging
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"


class Count(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.warnings = 0

    def emit(self, record):
        self.warnings += 1


def serve_build(config_file: Path, site_dir: str, first: bool) -> None:
    config = load_config(config_file=str(config_file), site_dir=site_dir)
    if first:
        config.plugins.on_startup(command="serve", dirty=False)
    config.site_url = SERVE_URL
    build(config, serve_url=SERVE_URL, dirty=False)


def edited(text: str) -> str:
    """The text with one word of its prose changed: the first "the" after the title."""
    title = text.index("\n# ")
    at = text.index(" the ", title)
    return text[:at] + " this " + text[at + len(" the "):]


def main(project: Path, page: str, edits: int = 3) -> dict:
    count = Count()
    logging.getLogger("mkdocs").addHandler(count)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    source = project / "docs" / page
    original = source.read_text(encoding="utf-8")
    rebuilds = []
    with tempfile.TemporaryDirectory(prefix="serve-") as site_dir:
        serve_build(project / "mkdocs.yml", site_dir, first=True)
        first_warnings = count.warnings
        for edit in range(edits):
            # one word of the page's prose changes, as a writer's save would (and back again)
            source.write_text(edited(original) if edit % 2 == 0 else original, encoding="utf-8")
            wall, cpu = time.perf_counter(), time.process_time()
            serve_build(project / "mkdocs.yml", site_dir, first=False)
            rebuilds.append({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu})
    source.write_text(original, encoding="utf-8")
    return {"rebuilds": rebuilds, "first_build_warnings": first_warnings, "warnings": count.warnings}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]).resolve(), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)))
