"""`hub reflect summarise`: the Alliance's twice-yearly picture from the returns.

    hub reflect summarise RETURNS_FOLDER --round 2026-H1 [--previous FOLDER]

Every file in RETURNS_FOLDER is checked (hub/returns.py) and either used or
listed as refused with its reason; returns in = used + refused. The used
returns are summarised per question set and per district: how many chose
each answer, averages, the top training needs, change since the previous
round, and the three confidence questions beside the report's baseline.
Small groups are hidden (hub/suppression.py); free text is never published.

The summary is written as data into data/reflection-summaries.yaml (the
round replaced if it was there), which the site renders under
alliance/reflection/, and as a CSV for spreadsheets.

Exit codes:
  0  every file was a usable return; summary and CSV written
  1  summary and CSV written from the usable returns; at least one file was refused (listed)
  2  nothing written: a wrong command or folder, invalid hub data, or no usable return
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from hub.records.loader import load
from hub.records.problems import errors
from hub.records.questionsets import (
    ALL_GROUP,
    SMALLEST_GROUP,
    aggregated,
    answer_values,
    district_choices,
    is_round,
    previous_round,
    printable,
    set_by_id,
    small,
)
from hub.records.text import write_csv
from hub.records.yamlsource import read_yaml
from hub.reflection.returns import Batch, Checker, read_folder
from hub.reflection.suppression import Equation, Table, protect

SUMMARIES_FILE = Path("data") / "reflection-summaries.yaml"
# Figures of a question's table beside its answers: (group, ANSWERED) and so on.
ANSWERED, AVERAGE, RETURNS = "*answered", "*average", "*returns"
TOP_NEEDS = 3
NOT_SHOWN = "not shown"
HEADER = """# yaml-language-server: $schema=schemas/reflection-summaries.schema.json
#
# What practitioners and organisations told us: the twice-yearly summaries
# of Alliance returns from the self-reflection tool. Each becomes a page under
# alliance/reflection/.
#
# Written by `hub reflect summarise` (see CONTRIBUTING.md, "Reflection
# returns"); do not edit by hand. Small groups are already hidden: no count
# of 1 to 4 is ever written, and `hub validate` refuses one.
"""
CSV_COLUMNS = ("round", "set", "set_version", "question", "question_label", "group", "group_name", "answer",
               "answer_label", "count", "percent", "answered", "average", "previous_average", "change",
               "previous_percent", "baseline_average", "baseline_respondents", "baseline_label")


# ----------------------------------------------------------------------------
# Counting
# ----------------------------------------------------------------------------

class Tally:
    """The returns of one question set, counted per district and question."""

    def __init__(self, question_set: dict, returns: list):
        self.returns = Counter(r.district for r in returns)
        self.counts: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        self.answered: dict[str, Counter] = defaultdict(Counter)
        self.sums: dict[str, Counter] = defaultdict(Counter)
        wanted = {q["id"] for q in aggregated(question_set)}
        for found in returns:
            for question_id, value in found.answers.items():
                if question_id not in wanted:
                    continue
                self.answered[question_id][found.district] += 1
                chosen = value if isinstance(value, list) else [value]
                for choice in chosen:
                    self.counts[question_id][found.district][str(choice)] += 1
                if isinstance(value, int):
                    self.sums[question_id][found.district] += value


# ----------------------------------------------------------------------------
# One question set
# ----------------------------------------------------------------------------

def summarise_set(question_set: dict, returns: list, groups: list[str], level_count: int) -> dict:
    """The publishable summary of one set's returns: hidden figures already removed."""
    tally = Tally(question_set, returns)
    hidden_groups, small_groups = _protect_groups(tally, groups)
    summary = {"set": question_set["id"], "version": question_set["version"], "returns": []}
    for group in [ALL_GROUP] + groups:
        count = len(returns) if group == ALL_GROUP else tally.returns[group]
        summary["returns"].append({"group": group, "hidden": True} if group in hidden_groups else {"group": group, "count": count})
    summary["questions"] = []
    if ALL_GROUP in hidden_groups or not returns:
        return summary  # fewer than 5 returns in all, or none: nothing else to publish
    for question in aggregated(question_set):
        summary["questions"].append(_question_summary(question, tally, groups, hidden_groups, small_groups, level_count))
    needs_id = question_set.get("training_needs_question")
    if needs_id:
        table = next(t for t in summary["questions"] if t["question"] == needs_id)
        summary["training_needs"] = [_top_needs(row) for row in table["rows"] if not row.get("hidden")]
    return summary


def _protect_groups(tally: Tally, groups: list[str]) -> tuple[set, set]:
    """(groups whose returns are hidden, groups with fewer than 5 returns)."""
    values = {(g, RETURNS): tally.returns[g] for g in groups}
    values[(ALL_GROUP, RETURNS)] = sum(values.values())
    terms = {figure: 1 for figure in values}
    terms[(ALL_GROUP, RETURNS)] = -1
    small_groups = {g for (g, _), n in values.items() if small(n)}
    table = Table(values, [Equation(terms, total=(ALL_GROUP, RETURNS))], sensitive={(g, RETURNS) for g in small_groups},
                  priority=lambda figure: (figure[0] == ALL_GROUP,))
    return {g for g, _ in protect(table)}, small_groups


def _question_summary(question, tally, groups, hidden_groups, small_groups, level_count) -> dict:
    values = answer_values(question, level_count)
    averaged = question["kind"] in ("scale", "levels")
    every = [ALL_GROUP] + groups
    figures, sums = {}, {}
    for group in every:
        members = groups if group == ALL_GROUP else [group]
        for value in values:
            figures[(group, value)] = sum(tally.counts[question["id"]][g][value] for g in members)
        figures[(group, ANSWERED)] = sum(tally.answered[question["id"]][g] for g in members)
        sums[group] = sum(tally.sums[question["id"]][g] for g in members)
        if averaged:
            figures[(group, AVERAGE)] = _average(sums[group], figures[(group, ANSWERED)])
    table = Table(figures, _equations(question, values, every, figures if averaged else None),
                  priority=lambda figure: (figure[0] == ALL_GROUP or figure[1] == ANSWERED,),
                  follows={(g, ANSWERED): [(g, AVERAGE)] for g in every} if averaged else {})
    table.sensitive = {f for f, n in figures.items() if f[1] != AVERAGE and small(n)} | {f for f in figures if f[0] in small_groups}
    table.hidden = {f for f in figures if f[0] in hidden_groups}
    if averaged:
        # Like percentages, averages only for rows of 10 or more: an average of
        # a few whole numbers narrows down the answers behind it.
        table.hidden |= {(g, AVERAGE) for g in every if figures[(g, ANSWERED)] < 2 * SMALLEST_GROUP}
    hidden = protect(table)
    rows = []
    for group in every:
        if group in hidden_groups:
            rows.append({"group": group, "hidden": True})
            continue
        answered = figures[(group, ANSWERED)]
        row = {"group": group}
        row.update({"answered_hidden": True} if (group, ANSWERED) in hidden else {"answered": answered})
        if averaged and (group, AVERAGE) not in hidden and answered:
            row["average"] = figures[(group, AVERAGE)]
        row["cells"] = []
        for value in values:
            figure = (group, value)
            if figure in hidden:
                row["cells"].append({"value": value, "hidden": True})
                continue
            cell = {"value": value, "count": figures[figure]}
            if "answered" in row and answered >= 2 * SMALLEST_GROUP:
                cell["percent"] = round(100 * figures[figure] / answered)
            row["cells"].append(cell)
        rows.append(row)
    return {"question": question["id"], "rows": rows}


def _equations(question: dict, values: list[str], every: list[str], figures: dict | None) -> list[Equation]:
    """What a reader knows holds: districts add up to 'all' in every column;
    for one-answer questions, a row's cells add up to its answered count;
    where an average is shown, it times the count is the row's total score."""
    districts = [g for g in every if g != ALL_GROUP]
    equations = []
    for column in values + [ANSWERED]:
        terms = {(g, column): 1 for g in districts}
        terms[(ALL_GROUP, column)] = -1
        equations.append(Equation(terms, total=(ALL_GROUP, column)))
    if question["kind"] == "multiple":
        return equations  # a person may choose several: the cells do not add up to the row
    for group in every:
        terms = {(group, value): 1 for value in values}
        terms[(group, ANSWERED)] = -1
        equations.append(Equation(terms, total=(group, ANSWERED)))
        if figures is not None and figures[(group, ANSWERED)]:
            # Averages are shown to one decimal place: ten times the average is a whole number.
            weights = {(group, value): 10 * int(value) for value in values}
            weights[(group, ANSWERED)] = -round(10 * figures[(group, AVERAGE)])
            equations.append(Equation(weights, needs=(group, AVERAGE)))
    return equations


def _average(total: int, answered: int) -> float:
    return round(total / answered, 1) if answered else 0.0


def _top_needs(row: dict) -> dict:
    shown = [cell for cell in row["cells"] if cell.get("count")]
    shown.sort(key=lambda cell: -cell["count"])
    return {"group": row["group"], "top": [{k: cell[k] for k in ("value", "count", "percent") if k in cell} for cell in shown[:TOP_NEEDS]]}


def add_changes(summary: dict, previous: dict) -> None:
    """Beside each published average and percentage, the previous round's, where that was published too."""
    before = {}
    for table in previous["questions"]:
        for row in table["rows"]:
            before[(table["question"], row["group"])] = row
    for table in summary["questions"]:
        for row in table["rows"]:
            old = before.get((table["question"], row["group"]))
            if old is None or row.get("hidden") or old.get("hidden"):
                continue
            if "average" in row and "average" in old:
                row["previous_average"] = old["average"]
                row["change"] = round(row["average"] - old["average"], 1)
            old_cells = {cell["value"]: cell for cell in old.get("cells", [])}
            for cell in row.get("cells", []):
                if "percent" in cell and "percent" in old_cells.get(cell["value"], {}):
                    cell["previous_percent"] = old_cells[cell["value"]]["percent"]


# ----------------------------------------------------------------------------
# One round
# ----------------------------------------------------------------------------

def summarise_round(reflection: dict, vocab: dict, batch: Batch, round_id: str, today: datetime.date,
                    previous: Batch | None = None, previous_id: str | None = None) -> dict:
    groups = [g for g, _ in district_choices(reflection, vocab)]
    level_count = len(reflection["level_names"])
    summary = {"round": round_id, "produced": today.isoformat()}
    if previous is not None:
        summary["previous_round"] = previous_id
    summary["sets"] = []
    for question_set in reflection["sets"]:
        mine = [r for r in batch.used if r.set_id == question_set["id"]]
        set_summary = summarise_set(question_set, mine, groups, level_count)
        if previous is not None:
            before = [r for r in previous.used if r.set_id == question_set["id"]]
            add_changes(set_summary, summarise_set(question_set, before, groups, level_count))
        summary["sets"].append(set_summary)
    return summary


def csv_rows(summary: dict, reflection: dict, vocab: dict) -> list[dict]:
    """The published summary as one row per figure, with words beside the ids."""
    group_names = {ALL_GROUP: "All"} | dict(district_choices(reflection, vocab))
    level_names = reflection["level_names"]
    rows = []
    for set_summary in summary["sets"]:
        question_set = set_by_id(reflection, set_summary["set"])
        base = {"round": summary["round"], "set": set_summary["set"], "set_version": set_summary["version"]}
        for group in set_summary["returns"]:
            rows.append({**base, "question": "(returns)", "question_label": "Returns received", "group": group["group"],
                         "group_name": group_names[group["group"]], "count": group.get("count", NOT_SHOWN)})
        by_id = {q["id"]: q for q in aggregated(question_set)}
        for table in set_summary["questions"]:
            question = by_id[table["question"]]
            baseline = question.get("baseline", {})
            labels = {o["id"]: o["label"] for o in question.get("options", [])}
            if question["kind"] == "levels":
                labels = {str(i): f"{i} {name}" for i, name in enumerate(level_names, 1)}
            for row in table["rows"]:
                line = {**base, "question": question["id"], "question_label": question["label"], "group": row["group"],
                        "group_name": group_names[row["group"]],
                        "answered": NOT_SHOWN if row.get("hidden") or row.get("answered_hidden") else row.get("answered"),
                        "average": row.get("average"), "previous_average": row.get("previous_average"), "change": row.get("change"),
                        "baseline_average": baseline.get("average") if row["group"] == ALL_GROUP else None,
                        "baseline_respondents": baseline.get("respondents") if row["group"] == ALL_GROUP else None,
                        "baseline_label": baseline.get("label") if row["group"] == ALL_GROUP else None}
                if row.get("hidden"):
                    rows.append({**line, "count": NOT_SHOWN})
                    continue
                for cell in row["cells"]:
                    rows.append({**line, "answer": cell["value"], "answer_label": labels.get(cell["value"], cell["value"]),
                                 "count": cell.get("count", NOT_SHOWN), "percent": cell.get("percent"),
                                 "previous_percent": cell.get("previous_percent")})
    return rows


# ----------------------------------------------------------------------------
# Writing
# ----------------------------------------------------------------------------

def write_summaries(path: Path, summaries: list[dict]) -> None:
    """Replace `path` in one step with the summaries, oldest round first."""
    text = HEADER + yaml.safe_dump({"summaries": sorted(summaries, key=lambda s: s["round"])}, sort_keys=False,
                                   allow_unicode=True, default_flow_style=None, width=120)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False) as handle:
        handle.write(text)
    os.replace(handle.name, path)


# ----------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------

def add_command(commands) -> None:
    reflect = commands.add_parser("reflect", help="the self-reflection tool: summarise a round of Alliance returns")
    actions = reflect.add_subparsers(dest="reflect_command", required=True, metavar="action")
    run = actions.add_parser("summarise", help="check every return in a folder and write the round's summary",
                             description=__doc__.split("\n\n")[0] + " Exit codes: 0 all used; 1 some files refused "
                             "(summary written from the rest); 2 nothing written.")
    run.add_argument("returns", type=Path, metavar="RETURNS_FOLDER", help="the folder of return files (subfolders included)")
    run.add_argument("--round", required=True, type=_round, help="the round the returns are for, e.g. 2026-H1")
    run.add_argument("--previous", type=Path, metavar="FOLDER", help="the previous round's returns, to show change")
    run.add_argument("--previous-round", type=_round, help="the previous round's name (default: the round before --round)")
    run.add_argument("--out", type=Path, help=f"the summaries data file to update (default: {SUMMARIES_FILE})")
    run.add_argument("--csv", type=Path, help="where to write the CSV (default: reflection-summary-ROUND.csv here)")
    run.add_argument("--today", type=datetime.date.fromisoformat, help=argparse.SUPPRESS)
    run.set_defaults(run=run_summarise)


def _round(text: str) -> str:
    if not is_round(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a round such as 2026-H1 (H1: January to June, H2: July to December)")
    return text


def run_summarise(args) -> int:
    root = Path(args.root)
    out = args.out or root / SUMMARIES_FILE
    csv_path = args.csv or Path(f"reflection-summary-{args.round}.csv")
    previous_id = args.previous_round or previous_round(args.round)
    for folder in filter(None, (args.returns, args.previous)):
        if not folder.is_dir():
            return _stop(f"{folder} is not a folder of returns")
    for target in (out, csv_path):  # files replaced whole: never a folder
        if target.is_dir():
            return _stop(f"{target} is a folder; give the file to write")
    if args.previous and previous_id >= args.round:
        return _stop(f"the previous round {previous_id} is not before {args.round}")
    hub = load(root)
    if not hub.ok:
        for problem in errors(hub.problems):
            print(problem)
        return _stop("the hub's data has problems (listed above); fix them first")
    existing = read_yaml(str(out)) if out.exists() else None
    if existing is not None and (existing.problems or not isinstance(existing.data, dict)):
        for problem in existing.problems:
            print(problem)
        return _stop(f"{out} cannot be read, so it was not changed")

    reflection, vocab = hub.sources["reflection"].data, hub.vocab
    batch = read_folder(args.returns, Checker(reflection, vocab, args.round))
    _report(batch, f"round {args.round}")
    previous = None
    if args.previous:
        previous = read_folder(args.previous, Checker(reflection, vocab, previous_id, current=False))
        _report(previous, f"previous round {previous_id}")
    if not batch.used:
        return _stop("no usable return, so nothing was written")

    summary = summarise_round(reflection, vocab, batch, args.round, args.today or datetime.date.today(), previous, previous_id)
    earlier = (existing.data.get("summaries") or []) if existing else []
    kept = [s for s in earlier if isinstance(s, dict) and s.get("round") != args.round]
    write_summaries(out, kept + [summary])
    write_csv(csv_path, csv_rows(summary, reflection, vocab), CSV_COLUMNS)
    print(f"hub reflect summarise: wrote round {args.round} into {out} and {csv_path}")
    refused = len(batch.refused) + (len(previous.refused) if previous else 0)
    if refused:
        print(f"hub reflect summarise: {refused} file{'s' if refused != 1 else ''} refused (listed above); "
              "the summary uses the others", file=sys.stderr)
        return 1
    return 0


def _report(batch: Batch, label: str) -> None:
    """Each refused file with its reason, then in = used + refused."""
    for refused in batch.refused:
        print(printable(f"{refused.path}: refused: {refused.reason}", 600))
    by_set = Counter(r.set_id for r in batch.used)
    sets = "; ".join(f"{set_id} {n}" for set_id, n in sorted(by_set.items()))
    print(f"{label}: {batch.received} in = {len(batch.used)} used + {len(batch.refused)} refused" + (f" ({sets})" if sets else ""))


def _stop(message: str) -> int:
    print(f"hub reflect summarise: {message}", file=sys.stderr)
    return 2
