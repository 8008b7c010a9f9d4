"""`hub review`: the records due or overdue for review, for the quarterly Alliance meeting.

A record is due for review `review_interval_months` (mkdocs.yml, extra.hub)
after its `last_reviewed` date. The report lists every record whose review
date has passed ("overdue") or falls within the next N days ("due soon"),
grouped by district and then by record type. Records for the whole region
or the whole country form their own group; a record covering several
districts appears under each of them.

Markdown is for the meeting papers; CSV is for a spreadsheet. Record text is
escaped in both: Markdown cannot be injected into the papers, and a cell
cannot start a spreadsheet formula.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from hub.records.dates import review_due
from hub.records.kinds import DISTRICTS, RECORD_TYPES, coverage
from hub.records.loader import Hub, load
from hub.records.problems import errors
from hub.records.settings import repository_line_url
from hub.records.text import long_date, plural, spreadsheet_text

WIDE = "national-and-region"
# Record types in report order, then the single-record pages.
TYPE_HEADINGS = {**{record_type.key: record_type.heading for record_type in RECORD_TYPES}, "other": "Other pages"}


@dataclass
class Due:
    kind: str  # a record type's key, or "other"
    record_id: str
    title: str
    last_reviewed: datetime.date
    due: datetime.date
    status: str  # "overdue" or "due soon"
    file: str
    line: int
    link: str
    groups: tuple[str, ...]  # district ids, or (WIDE,)


def due_for_review(hub: Hub, settings: dict, today: datetime.date, within_days: int) -> list[Due]:
    """Every record due within `within_days` of `today` or overdue, most overdue first."""
    months = settings["review_interval_months"]
    horizon = today + datetime.timedelta(days=within_days)
    found = []
    for kind, source, place, record_id, title, record, groups in _reviewable(hub):
        try:
            reviewed = datetime.date.fromisoformat(record["last_reviewed"])
        except (KeyError, TypeError, ValueError):
            continue
        due = review_due(reviewed, months)
        if due > horizon:
            continue
        file, line = hub.sources[source].path, hub.sources[source].line_of(place)
        found.append(Due(kind, record_id, title, reviewed, due, "overdue" if due < today else "due soon",
                         file, line, repository_line_url(settings, file, line), groups))
    order = list(TYPE_HEADINGS)
    found.sort(key=lambda d: (d.due, order.index(d.kind), d.record_id))
    return found


def _reviewable(hub: Hub):
    """(kind, source file, place, id, title, record, groups) for every record with a review date."""
    for record_type in RECORD_TYPES:
        kind = record_type.key
        for index, record in enumerate(hub.records(kind)):
            yield kind, kind, (kind, index), record["id"], record_type.title(record), record, _groups(record)
    # The single-record pages: the Technology Champion role and the Alliance's terms of reference.
    role = hub.champions.get("role")
    if isinstance(role, dict) and "last_reviewed" in role:
        yield "other", "champions", ("role",), "champions", f"Technology Champion role: {role.get('title', '')}", role, (WIDE,)
    alliance = hub.alliance.get("alliance")
    if isinstance(alliance, dict) and "last_reviewed" in alliance:
        yield "other", "alliance", ("alliance",), "alliance", f"Terms of reference: {alliance.get('name', '')}", alliance, (WIDE,)


def _groups(record: dict) -> tuple[str, ...]:
    area = coverage(record)
    return tuple(area["districts"]) if area["area"] == DISTRICTS else (WIDE,)


# ----------------------------------------------------------------------------
# Formats
# ----------------------------------------------------------------------------

def group_names(hub: Hub) -> list[tuple[str, str]]:
    """(group id, heading) in report order: each district, then national and region-wide."""
    region = hub.vocab["region"]["name"]
    return [(d["id"], d["name"]) for d in hub.vocab["districts"]] + [(WIDE, f"National and {region}-wide")]


def markdown(hub: Hub, items: list[Due], today: datetime.date, within_days: int, months: int) -> str:
    overdue = sum(1 for item in items if item.status == "overdue")
    out = [
        "# Records due for review",
        "",
        f"On {long_date(today)}: records whose review date has passed (**overdue**) or falls within the next "
        f"{within_days} days (due soon). Each record is due for review {months} months after it was last reviewed.",
        "",
        f"**{overdue} overdue, {len(items) - overdue} due soon.** A record covering several districts is listed under each.",
    ]
    for group, heading in group_names(hub):
        mine = [item for item in items if group in item.groups]
        out += ["", f"## {_escape(heading)}", ""]
        if not mine:
            out.append("Nothing due for review.")
            continue
        first = True
        for kind, type_heading in TYPE_HEADINGS.items():
            rows = [item for item in mine if item.kind == kind]
            if not rows:
                continue
            out += ([] if first else [""]) + [f"### {type_heading}", "",
                                              "| id | Title | Last reviewed | Due | Status | Where |",
                                              "| --- | --- | --- | --- | --- | --- |"]
            first = False
            for item in rows:
                where = f"[{item.file}:{item.line}]({item.link})" if item.link else f"`{item.file}:{item.line}`"
                status = "**overdue**" if item.status == "overdue" else "due soon"
                out.append(f"| `{item.record_id}` | {_escape(item.title)} | {item.last_reviewed} | {item.due} | {status} | {where} |")
    return "\n".join(out) + "\n"


def csv_text(hub: Hub, items: list[Due]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["group", "district", "type", "id", "title", "last_reviewed", "due", "status", "file", "line", "link"])
    names = dict(group_names(hub))
    for group, _ in group_names(hub):
        for item in (item for item in items if group in item.groups):
            writer.writerow([spreadsheet_text(group), spreadsheet_text(names[group]), item.kind, spreadsheet_text(item.record_id), spreadsheet_text(item.title),
                             item.last_reviewed.isoformat(), item.due.isoformat(), item.status, item.file, item.line, spreadsheet_text(item.link)])
    return buffer.getvalue()


def _escape(text: str) -> str:
    """Record text as literal Markdown table text: no links, HTML, emphasis or broken columns."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|#!":
        text = text.replace(char, "\\" + char)
    return text


# ----------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------

def add_command(commands) -> None:
    review = commands.add_parser("review", help="list the records due or overdue for review, by district and type")
    review.add_argument("--format", choices=("markdown", "csv"), default="markdown", help="markdown for meeting papers (default) or csv")
    review.add_argument("--within-days", type=int, default=90, help="count a record as due if its review falls within this many days (default 90)")
    review.add_argument("--today", type=datetime.date.fromisoformat, help=argparse.SUPPRESS)
    review.set_defaults(run=run_review)


def run_review(args) -> int:
    root = Path(args.root)
    today = args.today or datetime.date.today()
    if args.within_days < 0:
        print("hub review failed: --within-days must be 0 or more", file=sys.stderr)
        return 2
    try:
        today + datetime.timedelta(days=args.within_days)
    except OverflowError:
        print(f"hub review failed: --within-days {args.within_days} reaches past the last date there is; give fewer days", file=sys.stderr)
        return 2
    hub = load(root, today=today)
    settings = hub.settings
    if not hub.ok:
        for problem in errors(hub.problems):
            print(problem, file=sys.stderr)
        print(f"hub review failed: the data has {plural(len(errors(hub.problems)), 'problem')}; fix them first (`hub validate`)", file=sys.stderr)
        return 1
    items = due_for_review(hub, settings, today, args.within_days)
    if args.format == "csv":
        sys.stdout.write(csv_text(hub, items))
    else:
        sys.stdout.write(markdown(hub, items, today, args.within_days, settings["review_interval_months"]))
    return 0
