"""`hub gaps`: the map of support for a meeting's papers (or a spreadsheet).

The same counts as the site's "Map of support" pages (hub.site.supportmap):
for each group of people and age group, how many services a person in each
district has, topic by topic, local, region-wide and national apart; the
gaps (no local service) in words; and what changed since a date.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import io
import sys
from pathlib import Path

from hub.records.kinds import SERVICES
from hub.records.loader import load
from hub.records.problems import errors
from hub.records.sessions import LONDON
from hub.records.settings import load_settings
from hub.records.text import long_date, plural, spreadsheet_text
from hub.site.supportmap import ALL_AGES, CSV_COLUMNS, EVERYONE, SupportMap, csv_rows, rows, support_map
from hub.site.views import record_views


def markdown(support: SupportMap, chosen: list, today: datetime.date) -> str:
    region = support.region
    out = ["# Map of support", "",
           f"On {long_date(today)}: the {plural(support.services, 'service')} listed on the hub, by district and topic. "
           f"**Local**: based in the district; **{_escape(region)}**: for the whole of {_escape(region)}; **National**; "
           "**in all**: the three together. A district with no local service for a topic says **none**. "
           "The map counts only services listed on the hub: a gap may be a service nobody has added yet.", ""]
    out += _changes(support)
    for group in chosen:
        out += ["", f"## {_escape(group.title)}", "",
                "| Topic | " + " | ".join(_escape(name) for _, name in support.districts) + f" | {_escape(region)} | National |",
                "| --- " * (len(support.districts) + 3) + "|"]
        for row in rows(support, group):
            cells = [("none" if not cell["local"] else f"{cell['local']}") + f" ({cell['in_all']} in all)" for cell in row["districts"]]
            out.append(f"| {_escape(row['name'])} | " + " | ".join(cells) + f" | {row['region']} | {row['national']} |")
        out += ["", "Gaps (no local service):", ""]
        names = dict(support.districts)
        topics = len(support.topics) - 1
        for district, missing in support.gaps(group).items():
            said = f"no local service for {len(missing)} of {topics} topics: {'; '.join(_escape(t) for t in missing)}" if missing else "a local service for every topic"
            out.append(f"- **{_escape(names[district])}**: {said}.")
    return "\n".join(out) + "\n"


def _changes(support: SupportMap) -> list[str]:
    changes = support.changes
    out = [f"## What changed since {long_date(changes.since)}", ""]
    if changes.added is None:
        out.append("- Added: not known here (no repository history to compare with).")
    else:
        out.append(f"- Added ({len(changes.added)}): " + ("; ".join(_named(v) for v in changes.added) or "none") + ".")
    if changes.removed:
        out.append(f"- Taken off the hub ({len(changes.removed)}): " + "; ".join(f"`{i}`" for i in changes.removed) + ".")
    out.append(f"- Checked against their sources ({len(changes.reviewed)}): "
               + ("; ".join(f"{_named(v)}, {v['record']['last_reviewed']}" for v in changes.reviewed) or "none") + ".")
    return out


def _named(view: dict) -> str:
    return f"{_escape(view['title'])} (`{view['record']['id']}`)"


def _escape(text: str) -> str:
    """Text as literal Markdown: no links, HTML, emphasis or broken table columns."""
    text = " ".join(str(text).split())
    for char in "\\`*_[]<>|#!":
        text = text.replace(char, "\\" + char)
    return text


def csv_text(hub, settings) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in csv_rows(hub, settings):
        writer.writerow([spreadsheet_text(row[column]) for column in CSV_COLUMNS])
    return buffer.getvalue()


# ----------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------

def add_command(commands) -> None:
    gaps = commands.add_parser("gaps", help="the map of support: services by district and topic, the gaps, and what changed (for a meeting)")
    gaps.add_argument("--audience", default=None, help=f"one audience id from vocabularies.yaml, or '{EVERYONE}' (default: every one)")
    gaps.add_argument("--ages", default=None, help=f"one age group by name (e.g. 'Under 13'), or '{ALL_AGES}' (default: every one)")
    gaps.add_argument("--since", type=datetime.date.fromisoformat, metavar="YYYY-MM-DD",
                      help="what changed since this date (default: the last Alliance meeting, or three months ago)")
    gaps.add_argument("--format", choices=("markdown", "csv"), default="markdown", help="markdown for meeting papers (default) or csv")
    gaps.add_argument("--today", type=datetime.date.fromisoformat, help=argparse.SUPPRESS)
    gaps.set_defaults(run=run_gaps)


def run_gaps(args) -> int:
    root = Path(args.root)
    settings = load_settings(root)
    today = args.today or datetime.date.today()
    hub = load(root, today=today, review_months=settings["review_interval_months"])
    if not hub.ok:
        for problem in errors(hub.problems):
            print(problem, file=sys.stderr)
        print(f"hub gaps failed: the data has {plural(len(errors(hub.problems)), 'problem')}; fix them first (`hub validate`)", file=sys.stderr)
        return 1
    if args.format == "csv":
        sys.stdout.write(csv_text(hub, settings))
        return 0
    now = datetime.datetime.combine(today, datetime.time(12), LONDON)
    services = record_views(hub, settings, now)[SERVICES.key]
    support = support_map(hub, settings, services, today, args.since)
    chosen = [g for g in support.groups
              if (args.audience is None or g.audience == args.audience)
              and (args.ages is None or args.ages.casefold() in (g.band.casefold(), g.band_name.casefold()))]
    if not chosen:
        audiences = ", ".join(dict.fromkeys(g.audience for g in support.groups))
        ages = ", ".join(dict.fromkeys(f"'{g.band_name}'" if g.band != ALL_AGES else ALL_AGES for g in support.groups))
        print(f"hub gaps failed: no group matches; --audience is one of {audiences}, and --ages one of {ages}", file=sys.stderr)
        return 2
    sys.stdout.write(markdown(support, chosen, today))
    return 0

