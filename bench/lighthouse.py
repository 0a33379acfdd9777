"""Lighthouse (mobile, its default) on four pages of the built site, served gzipped on 127.0.0.1.

``python bench/lighthouse.py [SITE_DIR]`` builds the site strictly into a temporary folder (or
takes one already built), runs Lighthouse three times a page and prints the medians: the
performance score and FCP, LCP, TBT, CLS and Speed Index. Run it with ``nice -n 10`` on a
shared machine. Lighthouse is pinned in bench/package.json (package-lock.json) and installed
into bench/node_modules by ``npm ci`` the first time; it needs node and npm, and chromium
(CHROME_PATH, /usr/bin/chromium by default). Chromium resolves no host but 127.0.0.1.
"""
from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import gzip_server  # noqa: E402

PAGES = ["", "populations/dementia/", "references/", "evidence/map/"]
RUNS = 3
LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --host-resolver-rules=\"MAP * ~NOTFOUND, EXCLUDE 127.0.0.1\""
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift", "SI": "speed-index"}
INDEX = "search/search_index.json"


class Unavailable(Exception):
    """Something Lighthouse needs is missing; the message says what to install."""


def install() -> None:
    if LIGHTHOUSE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise Unavailable("the Lighthouse bench needs node and npm (node 18.16 or later): install them, then rerun")
    done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(HERE)], capture_output=True, text=True)
    if done.returncode != 0:
        raise Unavailable("npm ci in bench/ failed: " + (done.stderr.strip().splitlines() or ["no output"])[-1])


def chrome() -> str:
    path = os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        raise Unavailable(f"no chromium at {path}: install it (see README, Tests) or set CHROME_PATH")
    return path


def build(into: Path) -> Path:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONPATH=str(ROOT / "hooks"))
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(into)],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise Unavailable("the strict build failed: " + done.stderr.strip().splitlines()[-1])
    return into


def run_once(url: str, browser: str) -> dict:
    done = subprocess.run([str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
                           "--only-categories=performance", "--disable-full-page-screenshot",
                           f"--chrome-flags={CHROME_FLAGS}"],
                          env=dict(os.environ, CHROME_PATH=browser), capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise Unavailable(f"Lighthouse failed on {url}: " + (done.stderr.strip().splitlines() or ["no output"])[-1])
    report = json.loads(done.stdout)
    requests = report["audits"]["network-requests"]["details"]["items"]
    return {"score": round(report["categories"]["performance"]["score"] * 100),
            **{name: report["audits"][audit]["numericValue"] for name, audit in METRICS.items()},
            "index_at_load": any(r["url"].split("?")[0].endswith(INDEX) for r in requests)}


def measure(site: Path, pages: list[str] = PAGES, runs: int = RUNS) -> dict[str, dict]:
    """Per page (its address below the site): the median of each number over ``runs`` runs, and
    whether any run saw the search index requested while the page loaded."""
    install()
    browser = chrome()
    httpd, base = gzip_server.serve(site)
    try:
        results = {}
        for page in pages:
            seen = [run_once(base + page, browser) for _ in range(runs)]
            results[page or "(home)"] = {**{k: statistics.median([s[k] for s in seen]) for k in ("score", *METRICS)},
                                         "scores": [s["score"] for s in seen],
                                         "index_at_load": any(s["index_at_load"] for s in seen)}
        return results
    finally:
        httpd.shutdown()


def table(results: dict[str, dict]) -> list[str]:
    lines = ["| Page | Performance (target ≥ 90) | FCP | LCP | TBT | CLS | Speed Index | Search index at load |",
             "|---|---|---|---|---|---|---|---|"]
    for page, r in results.items():
        lines.append(f"| `{page}` | **{r['score']}** ({', '.join(map(str, r['scores']))}) | {r['FCP'] / 1000:.1f} s "
                     f"| {r['LCP'] / 1000:.1f} s | {r['TBT']:.0f} ms | {r['CLS']:.3f} | {r['SI'] / 1000:.1f} s "
                     f"| {'yes' if r['index_at_load'] else 'no'} |")
    return lines


def main(argv: list[str]) -> int:
    try:
        if argv:
            site = Path(argv[0])
            if not (site / "index.html").is_file():
                raise Unavailable(f"{site}: not a built site (no index.html); build one with make build")
            results = measure(site)
        else:
            with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
                results = measure(build(Path(tmp) / "site"))
    except Unavailable as err:
        print(f"lighthouse: {err}", file=sys.stderr)
        return 2
    print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
