"""``python -m guide COMMAND``: the maintainers' tools (``make help`` lists the make targets).

  lint          content checks (pages, bibliography, nav, links), one line per problem and a
                summary; exit 1 on any problem. The default command; ``make check`` runs it.
  report        references by evidence level, decade, access and status; pages by last
                review, with those due; each page's reading level (--readability: that
                table alone, in Markdown). Reporting only: always exits 0.
  check-online  compare every DOI with Crossref and look for newer versions of cited Cochrane
                reviews; exit 0 clean, 1 on problems, 3 when offline or Crossref keeps failing.
  new-page      start a page from its type's template: new-page TYPE PATH --title TITLE
"""
from __future__ import annotations

import argparse
import datetime
import sys
from collections import Counter
from pathlib import Path

from .content_check import check_site

EXIT_CLEAN, EXIT_PROBLEMS, EXIT_OFFLINE = 0, 1, 3  # check-online's exit codes


def lint(root: str) -> int:
    site = check_site(root)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m guide", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", default=".", help="the project folder (holds mkdocs.yml)")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("lint", help="content checks")
    report_parser = commands.add_parser("report", help="overview of references, review dates, reading level")
    report_parser.add_argument("--readability", action="store_true",
                               help="print only the per-page reading-level table, in Markdown")
    commands.add_parser("check-online", help="compare DOIs with Crossref")
    new = commands.add_parser("new-page", help="start a page from a template")
    new.add_argument("type")
    new.add_argument("path", help="path under docs/, e.g. populations/insomnia.md")
    new.add_argument("--title", required=True)
    args = parser.parse_args(argv)
    today = datetime.date.today()

    if args.command in (None, "lint"):
        return lint(args.root)
    if args.command == "report":
        from .report import readability_markdown, report
        site = check_site(args.root)
        print(readability_markdown(site) if args.readability else report(site, today))
        return 0
    if args.command == "check-online":
        from . import bibliography, online
        bib = bibliography.load(Path(args.root) / "references.bib", display_root=Path(args.root).resolve())
        if bib.problems:  # the checks of make check come first: an entry must be readable to compare it
            for problem in bib.problems:
                print(problem)
            print("check-online: fix the bibliography first (make check); nothing was compared", file=sys.stderr)
            return 1
        try:
            problems = online.check(bib)
        except online.Offline as err:
            for problem in err.problems:
                print(problem)
            print(f"check-online: no network or no working Crossref, the check stopped ({err})", file=sys.stderr)
            return EXIT_OFFLINE
        for problem in problems:
            print(problem)
        print(f"{len(bib.entries)} references checked against Crossref: {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_PROBLEMS if problems else EXIT_CLEAN
    if args.command == "new-page":
        from .scaffold import new_page
        try:
            target = new_page(Path(args.root), args.type, args.path, args.title, today)
        except (ValueError, FileExistsError) as err:
            print(f"new-page: {err}", file=sys.stderr)
            return 2
        print(f"created {target}; add it to the nav in mkdocs.yml, then fill in every section")
        return 0
    return 2


if __name__ == "__main__":
    sys.exit(main())
