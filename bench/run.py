"""``make bench``: build synthetic sites of growing size and compare, side by side, in one run.

For each size (pages x references) it measures: the strict build with this site's citation
machinery; the same pages without it (citations removed, no bibtex plugin, no hooks); the
content checks alone (``python -m guide lint``); the peak memory of each; and the same corpus
built by Sphinx + sphinxcontrib-bibtex + myst-parser. It also measures how Material's
navigation grows with and without ``navigation.prune``, and what a reader's first load of a
real content page weighs. Results go to BENCHMARKS.md. Sizes can be narrowed for a quick
look: ``python bench/run.py 10x50 100x500``.
"""
from __future__ import annotations

import datetime
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import write_mkdocs_site, write_sphinx_site  # noqa: E402

SIZES = [(10, 50), (100, 500), (500, 2000), (1000, 5000)]
PRUNE_SIZES = (100, 500, 1000)
PY = sys.executable
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", PYTHONPATH=str(ROOT / "hooks"))


def measure(cmd: list[str], cwd: Path) -> dict:
    out = subprocess.run([PY, str(HERE / "measure.py"), *cmd], cwd=cwd, env=ENV, capture_output=True, text=True)
    result = json.loads(out.stdout)
    if result["returncode"] != 0:
        print(f"  FAILED: {' '.join(cmd)}\n{result['tail']}", file=sys.stderr)
    return result


def mkdocs_build(site: Path) -> dict:
    return measure([PY, "-m", "mkdocs", "build", "--strict", "-d", "site"], site)


def run_size(work: Path, pages: int, refs: int) -> dict:
    row = {"pages": pages, "refs": refs}
    machinery, plain, sphinx = work / f"m{pages}", work / f"p{pages}", work / f"s{pages}"
    write_mkdocs_site(machinery, pages, refs, "machinery", ROOT / "hooks", prune=True)
    write_mkdocs_site(plain, pages, refs, "plain", ROOT / "hooks", prune=True)
    write_sphinx_site(sphinx, pages, refs)
    row["machinery"] = mkdocs_build(machinery)
    row["plain"] = mkdocs_build(plain)
    row["check"] = measure([PY, "-m", "guide", "--root", str(machinery), "lint"], machinery)
    row["sphinx"] = measure([PY, "-m", "sphinx", "-b", "html", "-q", "-j", "1", ".", "_build"], sphinx)
    if pages in PRUNE_SIZES:
        unpruned = work / f"u{pages}"
        write_mkdocs_site(unpruned, pages, refs, "plain", ROOT / "hooks", prune=False)
        row["unpruned"] = mkdocs_build(unpruned)
        row["page_kb_pruned"] = (plain / "site" / "p" / "page0" / "index.html").stat().st_size / 1024
        row["page_kb_unpruned"] = (unpruned / "site" / "p" / "page0" / "index.html").stat().st_size / 1024
    for path in (machinery, plain, sphinx, work / f"u{pages}"):
        shutil.rmtree(path, ignore_errors=True)
    return row


def first_load_kb(work: Path) -> tuple[str, float] | None:
    """Gzipped size of the HTML, CSS and JS a browser fetches to show one real content page."""
    site = work / "real"
    shutil.copytree(ROOT, site, ignore=shutil.ignore_patterns(".venv", "site", "build", ".git", "test-artifacts"))
    if mkdocs_build(site)["returncode"] != 0:
        return None
    page = "populations/dementia/index.html"
    if not (site / "site" / page).exists():
        page = "index.html"
    html_path = site / "site" / page
    html = html_path.read_text()
    assets = re.findall(r'<(?:script[^>]+src|link[^>]+rel="stylesheet"[^>]+href)="([^"#?]+)', html)
    total = len(gzip.compress(html.encode()))
    for asset in assets:
        path = (html_path.parent / asset).resolve()
        if path.is_file():
            total += len(gzip.compress(path.read_bytes()))
    return page, total / 1024


def machine() -> str:
    cpu = next((l.split(":", 1)[1].strip() for l in Path("/proc/cpuinfo").read_text().splitlines()
                if l.startswith("model name")), platform.processor())
    mem = next((l.split(":", 1)[1].strip() for l in Path("/proc/meminfo").read_text().splitlines()
                if l.startswith("MemTotal")), "?")
    return (f"{os.cpu_count()} cores ({cpu}), {mem} memory, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; a shared machine, so treat single timings as noisy "
            "and compare the ratios measured in the same run")


def render(rows: list[dict], load) -> str:
    lines = [
        "# Benchmarks", "",
        f"Measured {datetime.date.today().isoformat()} by `make bench` (`bench/run.py`) on {machine()}.", "",
        "Reproduce: `make bench` (all sizes, about ten minutes) or `.venv/bin/python bench/run.py 10x50 100x500`.",
        "Every build is strict (`mkdocs build --strict`); all numbers in a row come from the same run.", "",
        "| Pages × refs | With citation machinery (s) | Without (s) | Machinery overhead | `make check` (s) "
        "| Peak memory, build (MB) | Sphinx peer (s) | Sphinx ÷ ours |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        m, p, c, s = r["machinery"]["seconds"], r["plain"]["seconds"], r["check"]["seconds"], r["sphinx"]["seconds"]
        ok = all(r[k]["returncode"] == 0 for k in ("machinery", "plain", "check", "sphinx"))
        lines.append(f"| {r['pages']} × {r['refs']} | {m:.1f} | {p:.1f} | {100 * (m - p) / p:+.0f}% | {c:.2f} "
                     f"| {r['machinery']['peak_mb']:.0f} | {s:.1f} | {s / m:.2f}× |" + ("" if ok else " (a build failed)"))
    base = rows[0]
    lines += ["", "Growth from the smallest size (time per page, relative to the smallest site):", "",
              "| Pages | Ours, s per page | Relative |", "|---|---|---|"]
    for r in rows:
        per_page = r["machinery"]["seconds"] / r["pages"]
        lines.append(f"| {r['pages']} | {per_page:.3f} | {per_page / (base['machinery']['seconds'] / base['pages']):.2f}× |")
    pruned = [r for r in rows if "unpruned" in r]
    if pruned:
        lines += ["", "Material's navigation: every page renders the whole nav unless `navigation.prune` is on "
                  "(the site turns it on). Builds without citations:", "",
                  "| Pages | Pruned (s) | Not pruned (s) | One page's HTML, pruned (KB) | Not pruned (KB) |",
                  "|---|---|---|---|---|"]
        for r in pruned:
            lines.append(f"| {r['pages']} | {r['plain']['seconds']:.1f} | {r['unpruned']['seconds']:.1f} "
                         f"| {r['page_kb_pruned']:.0f} | {r['page_kb_unpruned']:.0f} |")
    if load:
        lines += ["", f"First load of a real content page (`{load[0]}`): HTML, CSS and JavaScript, gzipped: "
                  f"**{load[1]:.0f} KB** (target: at most 70 KB). Fonts are not loaded (`theme.font: false`)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    sizes = [tuple(int(x) for x in a.split("x")) for a in argv] or SIZES
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        for pages, refs in sizes:
            print(f"building {pages} pages x {refs} references ...", flush=True)
            rows.append(run_size(work, pages, refs))
            r = rows[-1]
            print(f"  ours {r['machinery']['seconds']:.1f}s, without {r['plain']['seconds']:.1f}s, "
                  f"check {r['check']['seconds']:.2f}s, sphinx {r['sphinx']['seconds']:.1f}s", flush=True)
        load = first_load_kb(work)
    text = render(rows, load)
    (ROOT / "BENCHMARKS.md").write_text(text)
    print(text)
    failed = [r for r in rows if any(r[k]["returncode"] for k in ("machinery", "plain", "check", "sphinx"))]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
