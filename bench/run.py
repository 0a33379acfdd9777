"""``make bench``: how much the citation machinery costs, on the real mkdocs.yml.

Default run (a few minutes): the real site, built strictly and as ``make serve`` rebuilds it
after a one-word edit, each compared with the floor (the same config and pages without the
citation machinery) and the bound (the floor with every citation as an ordinary footnote
holding the formatted reference, plus one .bib parse and one formatting pass). Runs are
interleaved (ours, floor, bound, ours, ...) and reported as ratios of CPU and of wall time.

``python bench/run.py 100x500 1000x5000`` adds synthetic sites of that many pages x references,
built with the real mkdocs.yml (every plugin, snippets, every extension); ``--sphinx`` adds
the same corpus built by Sphinx + sphinxcontrib-bibtex + myst-parser (slow: minutes per size).
Results go to BENCHMARKS.md, newest run first, each with its machine and date.
"""
from __future__ import annotations

import datetime
import gzip
import importlib.util
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
import variants  # noqa: E402

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
    row["sphinx"] = (measure([PY, "-m", "sphinx", "-b", "html", "-q", "-j", "1", ".", "_build"], sphinx)
                     if SPHINX else {"seconds": float("nan"), "returncode": 0})
    if pages in PRUNE_SIZES:
        unpruned = work / f"u{pages}"
        write_mkdocs_site(unpruned, pages, refs, "plain", ROOT / "hooks", prune=False)
        row["unpruned"] = mkdocs_build(unpruned)
        row["page_kb_pruned"] = (plain / "site" / "p" / "page0" / "index.html").stat().st_size / 1024
        row["page_kb_unpruned"] = (unpruned / "site" / "p" / "page0" / "index.html").stat().st_size / 1024
    for path in (machinery, plain, sphinx, work / f"u{pages}"):
        shutil.rmtree(path, ignore_errors=True)
    return row


ROUNDS = 3  # interleaved rounds; the median of each is reported
PARSE_AND_FORMAT = ("import json, sys, time; sys.path.insert(0, {bench!r}); import variants; from pathlib import Path; "
                    "w, c = time.perf_counter(), time.process_time(); variants.parse_and_format(Path({project!r})); "
                    "print(json.dumps({{'seconds': time.perf_counter() - w, 'cpu': time.process_time() - c}}))")


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def real_site(work: Path) -> dict:
    """The real site: strict builds and serve rebuilds, ours against the floor and the bound."""
    ours = variants.copy_project(ROOT, work / "ours")
    floor = variants.plain(ROOT, work / "floor")
    bound = variants.plain(ROOT, work / "bound", footnoted=True)
    serving = {}
    for name, site in (("floor", floor), ("bound", bound)):  # print page off, as the hook does while serving
        serving[name] = variants.copy_project(site, work / f"{name}-serve")
        (serving[name] / "mkdocs.yml").write_text(variants.print_site_off((site / "mkdocs.yml").read_text()))
    serving["ours"] = ours
    extra = json.loads(subprocess.run([PY, "-c", PARSE_AND_FORMAT.format(bench=str(HERE), project=str(ROOT))],
                                      env=ENV, capture_output=True, text=True, check=True).stdout)
    builds = {name: [] for name in ("ours", "floor", "bound")}
    edits = {name: [] for name in ("ours", "floor", "bound")}
    for round_ in range(ROUNDS):
        print(f"  round {round_ + 1} of {ROUNDS}", flush=True)
        for name, site in (("ours", ours), ("floor", floor), ("bound", bound)):
            builds[name].append(mkdocs_build(site))
            out = subprocess.run([PY, str(HERE / "edit_loop.py"), str(serving[name]), "populations/dementia.md", "2"],
                                 env=ENV, capture_output=True, text=True, check=True)
            edits[name] += json.loads(out.stdout)["rebuilds"]
    result = {"extra": extra}
    for kind, runs in (("build", builds), ("edit", edits)):
        for name, values in runs.items():
            result[kind, name] = {"wall": median([v.get("seconds", v.get("wall")) for v in values]),
                                  "cpu": median([v["cpu"] for v in values]),
                                  "ok": all(v.get("returncode", 0) == 0 for v in values)}
        for measure_ in ("wall", "cpu"):  # the bound: footnoted floor plus one parse and formatting pass
            result[kind, "bound"][measure_] += extra["seconds" if measure_ == "wall" else "cpu"]
    return result


def render_real(r: dict) -> list[str]:
    lines = ["| The real site | Ours, CPU s (wall s) | Floor, CPU s (wall s) | Bound, CPU s (wall s) "
             "| Ours ÷ floor, CPU (wall) | Ours ÷ bound, CPU (wall) |", "|---|---|---|---|---|---|"]
    for kind, label in (("build", "Strict build (`make build`)"),
                        ("edit", "Edit loop: `make serve` rebuild after a one-word edit")):
        o, f, b = r[kind, "ours"], r[kind, "floor"], r[kind, "bound"]
        ok = "" if all(x["ok"] for x in (o, f, b)) else " (a build failed)"
        lines.append(f"| {label}{ok} | {o['cpu']:.2f} ({o['wall']:.2f}) | {f['cpu']:.2f} ({f['wall']:.2f}) "
                     f"| {b['cpu']:.2f} ({b['wall']:.2f}) | {o['cpu'] / f['cpu']:.2f}× ({o['wall'] / f['wall']:.2f}×) "
                     f"| {o['cpu'] / b['cpu']:.2f}× ({o['wall'] / b['wall']:.2f}×) |")
    lines += ["", "Floor: the real mkdocs.yml and pages without the citation machinery (no bibtex plugin, no hook, "
              "citations removed). Bound: the floor with every citation an ordinary Markdown footnote holding the "
              f"formatted reference, plus one .bib parse and one formatting pass ({r['extra']['cpu']:.2f} s CPU). "
              "While serving, the print page is off in all three (the hook turns it off; `make build` makes it). "
              f"Medians of {ROUNDS} interleaved rounds (edit loop: two rebuilds a round)."]
    return lines


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


def render(real: dict, rows: list[dict], load) -> str:
    lines = [
        f"## {datetime.date.today().isoformat()}: `make bench`", "",
        f"Machine: {machine()}.", "",
        "Reproduce: `make bench` (the real site, a few minutes); synthetic sizes: "
        "`.venv/bin/python bench/run.py 100x500 1000x5000`, with `--sphinx` for the Sphinx peer.",
        "Every build is strict (`mkdocs build --strict`); all numbers in a table come from the same run.", "",
    ] + render_real(real)
    if not rows:
        return _load_line(lines, load)
    lines += ["", "Synthetic sites (`bench/synthetic.py`, a simplified config: Material, search, bibtex, the hook):", "",
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
    if SPHINX:
        lines += ["", "The Sphinx peer (alabaster theme) renders its whole toctree in every page's sidebar, as "
                  "Material does without `navigation.prune`; this site turns pruning on, so the Sphinx column "
                  "compares against the pruned navigation (see the table above for what pruning saves)."]
    return _load_line(lines, load)


def _load_line(lines: list[str], load) -> str:
    if load:
        lines += ["", f"First load of a real content page (`{load[0]}`): HTML, CSS and JavaScript, gzipped: "
                  f"**{load[1]:.0f} KB** (target: at most 70 KB). Fonts are not loaded (`theme.font: false`)."]
    return "\n".join(lines) + "\n"


SPHINX = False


def main(argv: list[str]) -> int:
    global SPHINX
    SPHINX = "--sphinx" in argv
    if SPHINX and importlib.util.find_spec("sphinx") is None:
        print("--sphinx needs the peer installed: .venv/bin/python -m pip install -r bench/requirements.txt")
        return 2
    sizes = [tuple(int(x) for x in a.split("x")) for a in argv if a != "--sphinx"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        print("the real site: builds and edit loop, ours, floor and bound interleaved ...", flush=True)
        real = real_site(work)
        for pages, refs in sizes:
            print(f"building {pages} pages x {refs} references ...", flush=True)
            rows.append(run_size(work, pages, refs))
            r = rows[-1]
            print(f"  ours {r['machinery']['seconds']:.1f}s, without {r['plain']['seconds']:.1f}s, "
                  f"check {r['check']['seconds']:.2f}s, sphinx {r['sphinx']['seconds']:.1f}s", flush=True)
        load = first_load_kb(work)
    text = render(real, rows, load)
    history = (ROOT / "BENCHMARKS.md").read_text() if (ROOT / "BENCHMARKS.md").exists() else ""
    earlier = history.split("\n## ", 1)[1] if "\n## " in history else ""
    earlier = "## " + earlier if earlier else ""
    (ROOT / "BENCHMARKS.md").write_text("# Benchmarks\n\nNewest run first; each run names its machine and date.\n\n"
                                        + text + ("\n" + earlier if earlier else ""))
    print(text)
    failed = [r for r in rows if any(r[k]["returncode"] for k in ("machinery", "plain", "check", "sphinx"))]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
