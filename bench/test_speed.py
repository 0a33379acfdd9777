"""How long `make test` takes: wall time, the CPU time of every process it starts (the browser's
included), and the time of each phase the test run prints.

    .venv/bin/python bench/test_speed.py                 # this tree, once
    .venv/bin/python bench/test_speed.py --against REV --runs 2
        # this tree and git revision REV (extracted to a temporary folder), interleaved A B A B
    .venv/bin/python bench/test_speed.py --loop
        # an editor's loop, in a copy of this tree: every page visited (as in CI or a fresh
        # clone), then the run again with nothing changed, then after a one-word edit to a page

The machine is shared: compare numbers from the same invocation, and prefer CPU time, which
other people's work on the machine disturbs less than wall time.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import tree_cpu  # noqa: E402
from edit_loop import edited  # noqa: E402

EDITED_PAGE = "docs/populations/dementia.md"  # the page the edit loop's benchmark edits too

PHASE = re.compile(r"^\[phase\] (.+): ([\d.]+) s$", re.MULTILINE)
SLOW = re.compile(r"^\s*([\d.]+)s (setup|call|teardown)\s+(\S+)$", re.MULTILINE)


def make_test(root: Path, **environ: str) -> dict:
    """`make test`'s two commands, run in ``root`` with this project's virtual environment."""
    python = str(ROOT / ".venv" / "bin" / "python")
    env = dict(os.environ, PYTHONPATH="hooks", NO_MKDOCS_2_WARNING="1", DISABLE_MKDOCS_2_WARNING="true", **environ)
    lint = tree_cpu.run([python, "-m", "guide", "lint"], cwd=root, env=env,
                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tests = tree_cpu.run([python, "-m", "pytest", "-p", "no:cacheprovider", "--durations=8"], cwd=root, env=env,
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = tests["output"][0]
    summary = output.strip().splitlines()[-1] if output.strip() else ""
    return {"wall": lint["wall"] + tests["wall"], "cpu": lint["cpu"] + tests["cpu"],
            "ok": lint["returncode"] == 0 and tests["returncode"] == 0, "summary": summary,
            "phases": PHASE.findall(output), "slowest": SLOW.findall(output)}


def extract(revision: str, into: Path) -> Path:
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def copy_tree(into: Path) -> Path:
    """This tree as it is, uncommitted changes included, without what builds and runs make."""
    def left_out(folder: str, names: list[str]) -> set[str]:
        at_top = {".git", ".venv", "site", ".cache", "test-artifacts"} if Path(folder) == ROOT else set()
        return {name for name in names if name in at_top | {"node_modules", "__pycache__", ".pytest_cache"}}

    shutil.copytree(ROOT, into, ignore=left_out)
    return into


def editors_loop(tmp: Path) -> dict[str, list[dict]]:
    """make test three times in one copy: every page visited afresh; again with nothing changed;
    again after one word of a page's prose changed (the visits of clean pages are remembered)."""
    root = copy_tree(tmp / "loop")
    results = {}
    print("every page visited ...", flush=True)
    results["every page visited (CI, a fresh clone)"] = [make_test(root, VISIT_EVERY_PAGE="1", CI="")]
    print("again, nothing changed ...", flush=True)
    results["again, nothing changed"] = [make_test(root, CI="")]
    page = root / EDITED_PAGE
    page.write_text(edited(page.read_text(encoding="utf-8")), encoding="utf-8")
    print("after a one-word edit ...", flush=True)
    results[f"after a one-word edit to {EDITED_PAGE}"] = [make_test(root, CI="")]
    return results


def report(name: str, runs: list[dict]) -> None:
    walls, cpus = [r["wall"] for r in runs], [r["cpu"] for r in runs]
    print(f"\n## {name}: wall {statistics.median(walls):.0f} s (runs: {', '.join(f'{w:.0f}' for w in walls)}), "
          f"CPU {statistics.median(cpus):.0f} s; {runs[-1]['summary']}" + ("" if all(r["ok"] for r in runs) else " FAILED"))
    for phase, seconds in runs[-1]["phases"]:
        print(f"  {seconds:>7} s  {phase}")
    if not runs[-1]["phases"]:
        print("  (no phase lines; slowest tests:)")
        for seconds, when, test in runs[-1]["slowest"]:
            print(f"  {seconds:>7} s  {when} {test}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", help="a git revision to measure too, interleaved with this tree")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--loop", action="store_true", help="an editor's loop: afresh, unchanged, one word edited")
    args = parser.parse_args(argv)
    results: dict[str, list[dict]] = {"this tree": []}
    with tempfile.TemporaryDirectory(prefix="test-speed-") as tmp:
        if args.loop:
            results = editors_loop(Path(tmp))
            for name, runs in results.items():
                report(name, runs)
            return 0 if all(r["ok"] for runs in results.values() for r in runs) else 1
        trees = {"this tree": ROOT}
        if args.against:
            trees[args.against] = extract(args.against, Path(tmp) / "before")
            results[args.against] = []
        for run in range(args.runs):
            for name, root in trees.items():
                print(f"run {run + 1}: {name} ...", flush=True)
                results[name].append(make_test(root))
    for name, runs in results.items():
        report(name, runs)
    if args.against:
        mine, theirs = results["this tree"], results[args.against]
        print(f"\nthis tree ÷ {args.against}: wall {statistics.median(r['wall'] for r in mine) / statistics.median(r['wall'] for r in theirs):.2f}, "
              f"CPU {statistics.median(r['cpu'] for r in mine) / statistics.median(r['cpu'] for r in theirs):.2f}")
    return 0 if all(r["ok"] for runs in results.values() for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
