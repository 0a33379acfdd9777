"""The visit of every page, remembered from run to run: a page is not visited again when every
file the browser received for it is byte for byte what an earlier, clean visit received, and the
browser, axe-core and the visit's own code are the same. Its remembered result stands in.

Which files a visit received is recorded as it happens (``Visit.received``: every request to the
site's own host, the page itself, its styles and scripts, the theme's script its first move
loads). Every stylesheet, script, font and image of the site counts for every page as well, so a
request the visit missed cannot hide a change to one. Only clean visits are remembered (nothing
asked of another host, no console error, no axe finding): a visit that found something is always
made again. A one-page edit visits that page again, the print page (which holds every page), and
any page whose navigation or "Cited on" lists changed with it.

Every page is visited afresh when VISIT_EVERY_PAGE=1 or CI is set: CI judges each change with
nothing remembered. The system's fonts are not in the digest (the site ships none and names the
system's): after installing or removing fonts, run once with VISIT_EVERY_PAGE=1. The memory is
one JSON file under .cache/ (``make clean`` removes it).
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlsplit

from browser_visit import Job, Visit

# Files a page may load whatever its HTML says (the theme's, the site's styles and scripts):
# each one's digest is part of every page's, so a change to one visits every page again.
SHARED_SUFFIXES = {".css", ".js", ".mjs", ".map", ".woff", ".woff2", ".ttf", ".otf", ".svg", ".png", ".jpg",
                   ".jpeg", ".gif", ".webp", ".ico", ".webmanifest"}
FORMAT = 1  # raise when what is stored changes shape


def fresh_run_wanted(environ=os.environ) -> bool:
    """Every page visited, nothing remembered: in CI, or when asked."""
    return bool(environ.get("CI")) or environ.get("VISIT_EVERY_PAGE", "") not in ("", "0")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def toolkit(executable: str | None, code: list[Path]) -> str:
    """What judges a page: the browser's version, Playwright's and axe's, and the visit's code."""
    browser = "playwright's own"  # its version is Playwright's
    if executable:  # the version it prints (not every build prints one), and the file's size and date
        stat = os.stat(executable)
        printed = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=60).stdout
        browser = f"{printed} {stat.st_size} {stat.st_mtime_ns}"
    parts = [browser, metadata.version("playwright"), metadata.version("axe-playwright-python"),
             *(digest(path.read_bytes()) for path in code)]
    return digest("\n".join(parts).encode())


def served_file(site: Path, url_path: str) -> Path:
    """The file the test server sends for a URL path under the site ('' and 'a/' are index.html)."""
    path = unquote(urlsplit(url_path).path)
    return site / (path + "index.html" if path == "" or path.endswith("/") else path)


def file_digest(site: Path, url_path: str) -> str:
    file = served_file(site, url_path)
    return digest(file.read_bytes()) if file.is_file() else "not a file"


def shared_digest(site: Path) -> str:
    """One digest over every stylesheet, script, font and image of the site."""
    files = sorted(p for p in site.rglob("*") if p.suffix in SHARED_SUFFIXES and p.is_file())
    return digest("\n".join(f"{p.relative_to(site).as_posix()} {digest(p.read_bytes())}" for p in files).encode())


def _key(job: Job) -> str:
    return json.dumps(dataclasses.astuple(job))


def clean(visit: Visit) -> bool:
    return not (visit.foreign or visit.errors or visit.violations)


class VisitMemory:
    """Remembered visits for one site, as judged by one toolkit (see ``toolkit``)."""

    def __init__(self, file: Path, site: Path, judged_by: str):
        self.file, self.site = file, site
        self.stamp = {"format": FORMAT, "toolkit": judged_by, "shared": shared_digest(site)}
        self.entries: dict[str, dict] = {}
        try:
            stored = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # none yet, or unreadable: every page is visited and the file written anew
        if isinstance(stored, dict) and stored.get("stamp") == self.stamp and isinstance(stored.get("visits"), dict):
            self.entries = stored["visits"]

    def recall(self, jobs: list[Job]) -> tuple[list[Job], dict]:
        """(the jobs to visit, {(look, path): Visit} remembered for the others)."""
        todo, recalled = [], {}
        for job in jobs:
            entry = self.entries.get(_key(job))
            try:
                same = entry is not None and all(file_digest(self.site, url) == sha for url, sha in entry["received"].items())
                visit = Visit(**entry["visit"]) if same else None
            except (KeyError, TypeError, AttributeError):
                visit = None
            if visit is None:
                todo.append(job)
            else:
                recalled[job.look, job.path] = visit
        return todo, recalled

    def remember(self, jobs: list[Job], visits: dict) -> None:
        """Keep each clean visit of ``jobs`` with the digest of every file it received, and
        nothing else: the file then holds this run's visits only."""
        entries = {}
        for job in jobs:
            visit = visits.get((job.look, job.path))
            if visit is not None and clean(visit):
                # the page itself, whatever was recorded: its own bytes always count
                received = {url: file_digest(self.site, url) for url in sorted({job.path, *visit.received})}
                entries[_key(job)] = {"received": received, "visit": dataclasses.asdict(visit)}
        self.entries = entries
        self.file.parent.mkdir(parents=True, exist_ok=True)
        partial = self.file.with_name(self.file.name + ".partial")
        partial.write_text(json.dumps({"stamp": self.stamp, "visits": entries}), encoding="utf-8")
        os.replace(partial, self.file)  # whole or not at all: a run stopped here leaves the old file
