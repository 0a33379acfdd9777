"""How ``make check`` (``python -m guide lint``) scales with the bibliography: a 20,000-entry
bibliography against a tenth of it, interleaved runs, wall and CPU time, peak memory.

The target: ``make check`` on a 20,000-entry bibliography in 10 s or less. The synthetic
sites come from synthetic.py (1,000 pages citing every entry); one entry in ten has LaTeX in
its author and title, so the LaTeX checks do real work.

    .venv/bin/python bench/check_scale.py            # 2,000 and 20,000 entries, 3 rounds
    .venv/bin/python bench/check_scale.py 20000 --rounds 1
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from synthetic import bib_entry, write_mkdocs_site  # noqa: E402

PAGES = 1000
ENV = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"))


def latex_entry(i: int) -> str:
    """Every tenth entry spells its first author and a title word the LaTeX way."""
    entry = bib_entry(i)
    if i % 10 == 0:
        entry = entry.replace(f"Author{i}, Ann", f"M{{\\\"u}}ller{i}, Ann").replace("of music", "of \\emph{music}")
    return entry


def write_site(root: Path, refs: int) -> None:
    write_mkdocs_site(root, PAGES, refs, ROOT)
    (root / "references.bib").write_text("".join(latex_entry(i) for i in range(refs)))


def measure_check(site: Path) -> dict:
    out = subprocess.run([sys.executable, str(HERE / "measure.py"), sys.executable, "-m", "guide",
                          "--root", str(site), "lint"], env=ENV, capture_output=True, text=True)
    result = json.loads(out.stdout)
    if result["returncode"] != 0:
        print(f"  lint FAILED on {site}:\n{result['tail']}", file=sys.stderr)
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[2000, 20000], help="bibliography sizes")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved runs of each size")
    args = parser.parse_args(argv)
    runs: dict[int, list[dict]] = {n: [] for n in args.sizes}
    with tempfile.TemporaryDirectory(prefix="check-scale-") as tmp:
        sites = {}
        for n in args.sizes:
            sites[n] = Path(tmp) / f"s{n}"
            write_site(sites[n], n)
        for round_number in range(args.rounds):  # interleaved, so machine load hits every size alike
            for n in args.sizes:
                runs[n].append(measure_check(sites[n]))
                r = runs[n][-1]
                print(f"round {round_number + 1}: {n} entries: {r['seconds']:.2f} s wall, "
                      f"{r['cpu_seconds']:.2f} s CPU, {r['peak_mb']:.0f} MB", flush=True)
    print(f"\n{os.cpu_count()} cores; {PAGES} pages; medians of {args.rounds} interleaved round(s)\n")
    print("| Entries | Wall (s) | CPU (s) | Peak memory (MB) | Wall per 1,000 entries (s) |")
    print("|---|---|---|---|---|")
    medians = {}
    for n in args.sizes:
        wall = statistics.median(r["seconds"] for r in runs[n])
        cpu = statistics.median(r["cpu_seconds"] for r in runs[n])
        peak = max(r["peak_mb"] for r in runs[n])
        medians[n] = wall
        print(f"| {n} | {wall:.2f} | {cpu:.2f} | {peak:.0f} | {1000 * wall / n:.3f} |")
    if len(args.sizes) > 1:
        small, large = min(args.sizes), max(args.sizes)
        print(f"\n{large}/{small} entries: wall ratio {medians[large] / medians[small]:.2f}× "
              f"for {large / small:.0f}× the entries")
    failed = any(r["returncode"] for rs in runs.values() for r in rs)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
