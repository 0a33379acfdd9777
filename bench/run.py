"""``make bench``: how much the citation machinery costs, on the real mkdocs.yml.

Default run (about ten minutes): the real site, built strictly and as ``make serve`` rebuilds
it after a one-word edit, and a synthetic site of 500 pages x 2,000 references built strictly;
each compared with the floor (the same config and pages without the citation machinery) and
the bound (the floor with every citation as an ordinary footnote holding the formatted
reference, plus one .bib parse and one formatting pass). Runs are interleaved (ours, floor,
bound, ours, ...) and reported as ratios of CPU and of wall time.

Ours is built twice a round: first with no kept references (``.cache/`` removed: a fresh
clone, CI), then again as a second ``make build`` finds them.

``python bench/run.py 100x500 1000x5000`` measures other synthetic sizes instead, built with
the real mkdocs.yml (every plugin, print-site, snippets, every extension); ``--sphinx`` adds
the same corpus built by Sphinx + sphinxcontrib-bibtex + myst-parser (slow: minutes per
size); ``--prune`` adds builds without ``navigation.prune``; ``--rounds=N`` sets the rounds (3).
Every run ends with the first load (bench/first_load.py) and Lighthouse (bench/lighthouse.py);
``--first-load`` runs only that part, on one fresh build (a few minutes). ``--synthetic``
measures the synthetic sizes only and prints their table, leaving BENCHMARKS.md as it is (a
run without the real site is no full record).
Results go to BENCHMARKS.md, newest run first, each with its machine and date.
"""
from __future__ import annotations

import datetime
import importlib.util
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT / "hooks")]  # the bench modules, and guide (as make sets PYTHONPATH)
from synthetic import write_mkdocs_site, write_sphinx_site  # noqa: E402
import variants  # noqa: E402
import first_load  # noqa: E402
import lighthouse  # noqa: E402

DEFAULT_SIZES = [(500, 2000)]  # the size the build targets are set at
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


ROUNDS = 3  # interleaved rounds; the median of each is reported
PARSE_AND_FORMAT = ("import json, sys; sys.path.insert(0, {bench!r}); import variants; from pathlib import Path; "
                    "print(json.dumps(variants.parse_and_format(Path({project!r}))))")


def median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def parse_and_format(project: Path) -> dict:
    """The bound's extra work, in a fresh process (imports are not counted)."""
    out = subprocess.run([PY, "-c", PARSE_AND_FORMAT.format(bench=str(HERE), project=str(project))],
                         env=ENV, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def summarise(runs: dict[str, list[dict]]) -> dict:
    return {name: {"wall": median([v.get("seconds", v.get("wall")) for v in values]),
                   "cpu": median([v["cpu"] for v in values]),
                   "cpus": [v["cpu"] for v in values],  # in run order: the same index is the same round
                   "peak_mb": max(v.get("peak_mb", 0) for v in values),
                   "ok": all(v.get("returncode", 0) == 0 for v in values)} for name, values in runs.items()}


def with_extra(row: dict, extra: dict) -> dict:
    """The bound: the footnoted floor's time plus one parse and formatting pass."""
    return dict(row, wall=row["wall"] + extra["seconds"], cpu=row["cpu"] + extra["cpu"],
                cpus=[cpu + extra["cpu"] for cpu in row["cpus"]])


def build_ours_cold_and_kept(site: Path, runs: dict) -> None:
    shutil.rmtree(site / ".cache", ignore_errors=True)
    runs["ours"].append(mkdocs_build(site))  # nothing kept: a fresh clone, CI
    runs["ours, kept"].append(mkdocs_build(site))  # a second `make build`: formatted references kept


def run_size(work: Path, pages: int, refs: int) -> dict:
    """A synthetic site with the real mkdocs.yml: ours, floor and bound, interleaved."""
    ours = work / f"m{pages}"
    write_mkdocs_site(ours, pages, refs, ROOT)
    floor = variants.plain(ours, work / f"f{pages}")
    bound = variants.plain(ours, work / f"b{pages}", footnoted=True)
    extra = parse_and_format(ours)
    runs: dict[str, list[dict]] = {"ours": [], "ours, kept": [], "floor": [], "bound": []}
    for round_ in range(ROUNDS):
        print(f"  round {round_ + 1} of {ROUNDS}", flush=True)
        build_ours_cold_and_kept(ours, runs)
        runs["floor"].append(mkdocs_build(floor))
        runs["bound"].append(mkdocs_build(bound))
    row = {"pages": pages, "refs": refs, "extra": extra, "build": summarise(runs)}
    row["build"]["bound"] = with_extra(row["build"]["bound"], extra)
    row["check"] = measure([PY, "-m", "guide", "--root", str(ours), "lint"], ours)
    if SPHINX:
        sphinx = work / f"s{pages}"
        write_sphinx_site(sphinx, pages, refs)
        row["sphinx"] = measure([PY, "-m", "sphinx", "-b", "html", "-q", "-j", "1", ".", "_build"], sphinx)
    if PRUNE:
        unpruned = work / f"u{pages}"
        write_mkdocs_site(unpruned, pages, refs, ROOT, prune=False)
        unpruned_floor = variants.plain(unpruned, work / f"uf{pages}")
        row["unpruned"] = mkdocs_build(unpruned_floor)
        row["page_kb_pruned"] = (floor / "site" / "p" / "page0" / "index.html").stat().st_size / 1024
        row["page_kb_unpruned"] = (unpruned_floor / "site" / "p" / "page0" / "index.html").stat().st_size / 1024
    for path in work.iterdir():
        if path.name.endswith(str(pages)) or path.name.endswith(f"{pages}.json"):
            shutil.rmtree(path, ignore_errors=True)  # this size's sites only
    return row


def real_site(work: Path) -> dict:
    """The real site: strict builds and serve rebuilds, ours against the floor and the bound."""
    ours = variants.copy_project(ROOT, work / "ours")
    floor = variants.plain(ROOT, work / "floor")
    bound = variants.plain(ROOT, work / "bound", footnoted=True)
    serving = {}
    for name, site in (("floor", floor), ("bound", bound)):  # print page off, as the hook does while serving
        serving[name] = variants.copy_project(site, work / f"{name}-serve")
        (serving[name] / "mkdocs.yml").write_text(variants.print_site_off((site / "mkdocs.yml").read_text()))
    serving["ours"] = variants.copy_project(ROOT, work / "ours-serve")
    extra = parse_and_format(ROOT)
    builds: dict[str, list[dict]] = {"ours": [], "ours, kept": [], "floor": [], "bound": []}
    edits: dict[str, list[dict]] = {name: [] for name in ("ours", "floor", "bound")}
    for round_ in range(ROUNDS):
        print(f"  round {round_ + 1} of {ROUNDS}", flush=True)
        build_ours_cold_and_kept(ours, builds)
        for name, site in (("floor", floor), ("bound", bound)):
            builds[name].append(mkdocs_build(site))
        for name in ("ours", "floor", "bound"):
            out = subprocess.run([PY, str(HERE / "edit_loop.py"), str(serving[name]), "populations/dementia.md", "2"],
                                 cwd=serving[name], env=ENV, capture_output=True, text=True, check=True)
            edits[name] += json.loads(out.stdout)["rebuilds"]
    result = {"extra": extra, "build": summarise(builds), "edit": summarise(edits)}
    for kind in ("build", "edit"):  # the bound: footnoted floor plus one parse and formatting pass
        result[kind]["bound"] = with_extra(result[kind]["bound"], extra)
    return result


def round_range(ours: dict, other: dict) -> str:
    """The lowest and highest CPU ratio of a single round (both built in the same round): how
    far the shared machine's load moved the ratio during the run."""
    ratios = sorted(o / t for o, t in zip(ours["cpus"], other["cpus"]))
    return f"{ratios[0]:.2f}–{ratios[-1]:.2f}×"


def ratio_table(label: str, rows: list[tuple[str, dict, dict]]) -> list[str]:
    """One line per measured thing: (what, ours, {"floor": ..., "bound": ...})."""
    lines = [f"| {label} | Ours, CPU s (wall s) | Floor, CPU s (wall s) | Bound, CPU s (wall s) "
             "| Ours ÷ floor, CPU (wall); single rounds | Ours ÷ bound, CPU (wall); single rounds |",
             "|---|---|---|---|---|---|"]
    for what, o, others in rows:
        f, b = others["floor"], others["bound"]
        ok = "" if all(x["ok"] for x in (o, f, b)) else " (a build failed)"
        lines.append(f"| {what}{ok} | {o['cpu']:.2f} ({o['wall']:.2f}) | {f['cpu']:.2f} ({f['wall']:.2f}) "
                     f"| {b['cpu']:.2f} ({b['wall']:.2f}) "
                     f"| {o['cpu'] / f['cpu']:.2f}× ({o['wall'] / f['wall']:.2f}×); {round_range(o, f)} "
                     f"| {o['cpu'] / b['cpu']:.2f}× ({o['wall'] / b['wall']:.2f}×); {round_range(o, b)} |")
    return lines


def build_rows(build: dict) -> list[tuple[str, dict, dict]]:
    return [("Strict build, nothing kept (a fresh clone, CI)", build["ours"], build),
            ("Strict build, a second `make build` (formatted references kept in `.cache/`)", build["ours, kept"], build)]


def render_real(r: dict) -> list[str]:
    lines = ratio_table("The real site", build_rows(r["build"]) + [
        ("Edit loop: `make serve` rebuild after a one-word edit", r["edit"]["ours"], r["edit"])])
    lines += ["", "Floor: the real mkdocs.yml and pages without the citation machinery (no bibtex plugin, no hook, "
              "citations removed). Bound: the floor with every citation an ordinary Markdown footnote holding the "
              "formatted reference, plus one .bib parse and one formatting pass "
              f"({r['extra']['cpu']:.2f} s CPU). While serving, the print page is off in all three (the hook turns "
              f"it off; `make build` makes it). Medians of {ROUNDS} interleaved rounds (edit loop: two rebuilds a round); "
              "\"single rounds\": the lowest and highest CPU ratio within one round."]
    return lines


def first_load_section(site: Path) -> list[str]:
    """The largest content page's first load, whether a page load fetches the search index, and
    Lighthouse on four pages: all from the one built ``site``."""
    load = first_load.largest(site)
    lines = ["", "### First load", "", "| What | Measured | Target |", "|---|---|---|",
             f"| Largest first load of a content page: `{load['page']}`, HTML, CSS and JavaScript gzipped "
             f"({load['pages']} content pages counted; the median page: {load['median_kb']:.0f} KB) "
             f"| **{load['kb']:.0f} KB** | ≤ 70 KB |"]
    try:
        scores = lighthouse.measure(site)
    except lighthouse.Unavailable as err:
        return lines + ["", f"Lighthouse not run: {err}."]
    fetched = [page for page, r in scores.items() if r["index_at_load"]]
    lines.append(f"| Search index requested while a page loads ({len(scores)} pages, Lighthouse's requests) "
                 f"| **{'yes: ' + ', '.join(fetched) if fetched else 'no'}** | only on opening search |")
    lines += [f"| Lighthouse mobile performance, `{page}` (median of {lighthouse.RUNS}) | **{r['score']}** | ≥ 90 |"
              for page, r in scores.items()]
    files = ", ".join(f"{name} {size / 1024:.1f}" for name, size in sorted(load["files"].items(), key=lambda f: -f[1]))
    return lines + ["", f"`{load['page']}`, KB gzipped: {files}. Content pages: every built page but the print page, "
                    "404 and the redirect stubs. Lighthouse 12 (bench/package.json), mobile, on the site served "
                    "gzipped on 127.0.0.1; medians of each number:", ""] + lighthouse.table(scores)


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
        "Reproduce: `make bench` (the real site and 500 pages × 2,000 references); other synthetic sizes: "
        "`.venv/bin/python bench/run.py 100x500 1000x5000`, with `--sphinx` for the Sphinx peer.",
        "Every build is strict (`mkdocs build --strict`) with every check on; all numbers in a table come "
        "from the same run.", "",
    ] + render_real(real)
    for r in rows:
        lines += [""] + ratio_table(f"Synthetic, {r['pages']} pages × {r['refs']} references", build_rows(r["build"]))
        check, ours = r["check"], r["build"]["ours"]
        lines += ["", f"Synthetic sites (`bench/synthetic.py`) use the real mkdocs.yml: Material, search, bibtex, "
                  "the hook, print-site, snippets with the abbreviations appended to every page, every extension. "
                  f"The bound's parse and formatting pass: {r['extra']['cpu']:.2f} s CPU. Peak memory of our build: "
                  f"{ours['peak_mb']:.0f} MB. `make check` on this site: {check['cpu_seconds']:.2f} s CPU "
                  f"({check['seconds']:.2f} s wall)" + ("" if check["returncode"] == 0 else " (it FAILED)") + "."]
        if "sphinx" in r:
            s = r["sphinx"]
            lines.append(f"Sphinx peer (alabaster, sphinxcontrib-bibtex): {s['cpu_seconds']:.1f} s CPU "
                         f"({s['seconds']:.1f} s wall), {s['cpu_seconds'] / ours['cpu']:.2f}× ours.")
        if "unpruned" in r:
            lines.append(f"Floor without `navigation.prune`: {r['unpruned']['cpu_seconds']:.1f} s CPU; one page's HTML "
                         f"{r['page_kb_unpruned']:.0f} KB against {r['page_kb_pruned']:.0f} KB pruned.")
    return "\n".join(lines + load) + "\n"


SPHINX = False
PRUNE = False


def main(argv: list[str]) -> int:
    global SPHINX, PRUNE, ROUNDS
    if "--first-load" in argv:
        return first_load_only()
    SPHINX, PRUNE, synthetic_only = "--sphinx" in argv, "--prune" in argv, "--synthetic" in argv
    ROUNDS = next((int(a.split("=", 1)[1]) for a in argv if a.startswith("--rounds=")), ROUNDS)
    if SPHINX and importlib.util.find_spec("sphinx") is None:
        print("--sphinx needs the peer installed: .venv/bin/python -m pip install -r bench/requirements.txt")
        return 2
    sizes = [tuple(int(x) for x in a.split("x")) for a in argv if not a.startswith("--")] or DEFAULT_SIZES
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        if not synthetic_only:
            print("the real site: builds and edit loop, ours, floor and bound interleaved ...", flush=True)
            real = real_site(work)
        for pages, refs in sizes:
            print(f"{pages} pages x {refs} references: ours, floor and bound interleaved ...", flush=True)
            rows.append(run_size(work, pages, refs))
            b = rows[-1]["build"]
            print(f"  CPU: ours {b['ours']['cpu']:.1f}s (kept {b['ours, kept']['cpu']:.1f}s), "
                  f"floor {b['floor']['cpu']:.1f}s, bound {b['bound']['cpu']:.1f}s", flush=True)
        if synthetic_only:
            for r in rows:
                print("\n".join(ratio_table(f"Synthetic, {r['pages']} pages × {r['refs']} references",
                                            build_rows(r["build"]))))
            return 1 if any(not v["ok"] for r in rows for v in r["build"].values()) else 0
        print("first load and Lighthouse ...", flush=True)
        load = first_load_section(work / "ours" / "site")
    write(render(real, rows, load))
    built = [real["build"], real["edit"]] + [r["build"] for r in rows]
    failed = not all(v["ok"] for b in built for v in b.values()) or any(r["check"]["returncode"] for r in rows)
    return 1 if failed else 0


def first_load_only() -> int:
    """``--first-load``: build the site once, then the first-load section alone (a few minutes)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        try:
            site = lighthouse.build(Path(tmp) / "site")
        except lighthouse.Unavailable as err:
            print(f"bench: {err}", file=sys.stderr)
            return 1
        lines = first_load_section(site)
    write("\n".join([f"## {datetime.date.today().isoformat()}: `bench/run.py --first-load`", "",
                     f"Machine: {machine()}."] + lines) + "\n")
    return 0


def write(text: str) -> None:
    """BENCHMARKS.md with this run first, then the earlier runs."""
    history = (ROOT / "BENCHMARKS.md").read_text() if (ROOT / "BENCHMARKS.md").exists() else ""
    earlier = history.split("\n## ", 1)[1] if "\n## " in history else ""
    earlier = "## " + earlier if earlier else ""
    (ROOT / "BENCHMARKS.md").write_text("# Benchmarks\n\nNewest run first; each run names its machine and date.\n\n"
                                        + text + ("\n" + earlier if earlier else ""))
    print(text)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
