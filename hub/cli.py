"""`hub`: the command contributors and the web officer run."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from hub.build import dist
from hub.build.build import TREE, build_site, generate
from hub.build.guard import OutputRefused
from hub.build.serve import serve
from hub.contribute import forms, gaps, intake, new, review
from hub.records.loader import load
from hub.records.problems import errors, summary_markdown
from hub.records.settings import setting_problem
from hub.records.text import plural
from hub.reflection import summarise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hub", description="Check, build and look after the resource hub.",
                                     epilog="Exit codes: 0 done; 1 the data or mkdocs.yml has problems (each listed as "
                                            "file:line: ...: message), or the command could not finish; 2 the command was asked "
                                            "for something it must not do (an option out of range, an output folder that is the "
                                            "project or holds its sources): nothing was changed.")
    parser.add_argument("--root", default=".", help="the repository's top folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")

    check = commands.add_parser("validate", help="check every data file and report every problem")
    check.add_argument("--format", choices=("text", "github"), default="text", help="github: print GitHub Actions annotations")
    check.add_argument("--summary", type=Path, metavar="FILE",
                       help="also append every problem, as Markdown, to FILE (in GitHub Actions: $GITHUB_STEP_SUMMARY, the run's summary page)")
    check.add_argument("--today", type=datetime.date.fromisoformat, help=argparse.SUPPRESS)
    check.add_argument("--review-months", type=_review_months, help="months before a record is due for review (default: mkdocs.yml extra.hub.review_interval_months, or 12)")
    check.set_defaults(run=run_validate)

    site = commands.add_parser("build", help="check the data and build the site (site/ is replaced only on success)")
    site.add_argument("--out", type=Path, help="where to put the site (default: site/)")
    site.set_defaults(run=run_build)

    tree = commands.add_parser("generate", help="write the generated page tree into build/docs for any site engine")
    tree.set_defaults(run=run_generate)

    serve = commands.add_parser("serve", help="preview the site with search, rebuilding when data/ or docs/ change")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=run_serve)

    # hub new, hub review, hub gaps, hub forms, hub intake, hub dist and hub reflect each add their own command.
    for module in (new, review, gaps, forms, intake, dist, summarise):
        module.add_command(commands)

    args = parser.parse_args(argv)
    return args.run(args)


def _review_months(text: str) -> int:
    """--review-months: a whole number the setting review_interval_months could be."""
    try:
        months = int(text)
    except ValueError:
        months = text
    message = setting_problem("review_interval_months", months)
    if message:
        raise argparse.ArgumentTypeError(message)
    return months


def run_validate(args) -> int:
    root = Path(args.root)
    hub = load(root, today=args.today, review_months=args.review_months)
    for problem in hub.problems:
        print(problem.github() if args.format == "github" else problem)
    found = errors(hub.problems)
    if found:
        outcome = f"hub validate failed: {plural(len(found), 'problem')} to fix"
        print(outcome, file=sys.stderr)
    else:
        warnings = len(hub.problems)
        outcome = f"hub validate: all data is valid: {hub.count_words()}" + (f" ({plural(warnings, 'warning')})" if warnings else "")
        print(outcome)
    if args.summary:
        with open(args.summary, "a", encoding="utf-8") as summary:
            summary.write(summary_markdown(hub.problems, outcome) + "\n")
    return 1 if found else 0


def run_build(args) -> int:
    try:
        return 0 if build_site(Path(args.root), args.out) else 1
    except OutputRefused as refused:
        return _refused("build", refused)


def run_generate(args) -> int:
    try:
        problems = generate(Path(args.root))
    except OutputRefused as refused:
        return _refused("generate", refused)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    print(f"hub generate: wrote the page tree to {TREE}/")
    return 0


def run_serve(args) -> int:
    try:
        return serve(Path(args.root), args.port)
    except OutputRefused as refused:
        return _refused("serve", refused)


def _refused(command: str, refused: OutputRefused) -> int:
    """A folder the command must not write (hub/build/guard.py): one line, exit 2, nothing changed."""
    print(f"hub {command} refused: {refused}; nothing was changed", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
