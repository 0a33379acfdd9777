"""``python -m guide [ROOT]``: run the content checks without building the site.

Prints one line per problem (path:line: rule-id: message), then a summary, and exits 1 if
there was any problem, 0 otherwise. This is what ``make check`` runs.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter

from .content_check import check_site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide", description=__doc__.splitlines()[0])
    parser.add_argument("root", nargs="?", default=".", help="the project folder (holds mkdocs.yml)")
    args = parser.parse_args(argv)
    site = check_site(args.root)
    for problem in site.problems:
        print(problem)
    cited = sum(len(p.citations) for p in site.pages.values())
    summary = (f"{len(site.pages)} pages, {len(site.bib.entries)} references, {cited} citations: "
               f"{len(site.problems)} problem(s)")
    if site.problems:
        by_rule = Counter(p.rule for p in site.problems)
        summary += " (" + ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items())) + ")"
    print(summary, file=sys.stderr)
    return 1 if site.problems else 0


if __name__ == "__main__":
    sys.exit(main())
