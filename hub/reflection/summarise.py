"""`hub reflect summarise`: the Alliance's twice-yearly picture from the returns.

    hub reflect summarise RETURNS_FOLDER --round 2026-H1 [--sender-folders] [--republish]

Every file in RETURNS_FOLDER is checked (returns.py) and either used or
listed as refused with its reason; returns in = used + refused. The used
returns are summarised per question set and per district: how many chose
each answer, averages, the top training needs, change since the previous
round as it was published, and the three confidence questions beside the
report's baseline. Free text is never published.

Before anything is written, small numbers are hidden (suppression.py) and
what is left is attacked as a reader with integer programming would attack
it (audit.py): more is hidden until no hidden figure of 1 to 4 can be worked
out or narrowed down to 1 to 4. protection.py has the rule set in words.

A round is published once. The previous round's figures are read from the
summaries file as they were published, never worked out again. A round that
is already there is left as it was when its figures would not change, and
refused when they would, unless the board passes --republish: then the new
version is audited together with the published one, so that a reader
holding both cannot work out the returns that changed.

With --sender-folders, each folder directly inside RETURNS_FOLDER holds the
files one sender (one email address) sent: every threshold then counts
senders as well as files, so one sender cannot lift a group over it with
made-up returns.

The summary is written into data/reflection-summaries.yaml, which the site
renders under alliance/reflection/, and as a CSV for spreadsheets: both are
written to temporary files beside their targets and then renamed, so both
change or neither does.

Exit codes:
  0  every file was a usable return; summary and CSV written
  1  summary and CSV written from the usable returns; at least one file was refused (listed)
  2  nothing written: a wrong command, folder or output path, invalid hub data, no usable
     return, or a published round whose figures would change (without --republish)
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

from hub.records.loader import load
from hub.records.problems import errors
from hub.records.questionsets import (
    ALL_GROUP,
    aggregated,
    answer_values,
    district_choices,
    is_round,
    previous_round,
    printable,
    replaced_ids,
    set_by_id,
    small,
)
from hub.records.text import csv_bytes
from hub.records.validate import schema_problems
from hub.records.yamlsource import read_yaml
from hub.reflection.audit import Audit, AuditError, VersionAudit
from hub.reflection.protection import DERIVED_FROM
from hub.reflection.returns import Batch, Checker, read_folder
from hub.reflection.suppression import Bound, Equation, Table, Unprotectable, protect

SUMMARIES_FILE = Path("data") / "reflection-summaries.yaml"
SUMMARIES_SCHEMA = "reflection-summaries"
# Figures of a question's table beside its answers: (group, ANSWERED) and so on.
# SKIPPED (returns minus answered) is never printed, but anyone can work it out.
ANSWERED, SKIPPED, RETURNS, AVERAGE = "*answered", "*skipped", "*returns", "*average"
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
# Published beside a round's own figures, copied from the previous round: no new facts.
COPIED = ("previous_average", "change", "previous_percent")


class Stop(Exception):
    """Nothing is written; the message says why."""


# ----------------------------------------------------------------------------
# Rounding (the summary page says how; the audit uses the same intervals)
# ----------------------------------------------------------------------------

def average_tenths(total: int, answered: int) -> int:
    """An average in tenths, rounded half up: 119 / 12 = 9.916... -> 99."""
    return (20 * total + answered) // (2 * answered)


def percent(count: int, answered: int) -> int:
    """A whole-number percentage, rounded half up."""
    return (200 * count + answered) // (2 * answered)


# ----------------------------------------------------------------------------
# Counting
# ----------------------------------------------------------------------------

class Tally:
    """The returns of one question set, counted per district: how many and,
    when senders are counted, which senders, for every figure
    (question id or None, district, column)."""

    def __init__(self, question_set: dict, returns: list, groups: list[str], senders_counted: bool):
        self.groups = groups
        self.counts: Counter = Counter()
        self.totals: Counter = Counter()  # (question id, district) -> sum of scores
        self.senders: dict | None = defaultdict(set) if senders_counted else None
        wanted = aggregated(question_set)
        for found in returns:
            self._add((None, found.district, RETURNS), found)
            for question in wanted:
                value = found.answers.get(question["id"])
                if value is None:
                    self._add((question["id"], found.district, SKIPPED), found)
                    continue
                self._add((question["id"], found.district, ANSWERED), found)
                for choice in value if isinstance(value, list) else [value]:
                    self._add((question["id"], found.district, str(choice)), found)
                if isinstance(value, int):
                    self.totals[(question["id"], found.district)] += value

    def _add(self, key, found) -> None:
        self.counts[key] += 1
        if self.senders is not None:
            self.senders[key].add(found.sender)

    def _members(self, group: str) -> list[str]:
        return self.groups if group == ALL_GROUP else [group]

    def count(self, question_id, group: str, column: str) -> int:
        return sum(self.counts[(question_id, member, column)] for member in self._members(group))

    def who(self, question_id, group: str, column: str) -> frozenset | None:
        if self.senders is None:
            return None
        return frozenset().union(*(self.senders.get((question_id, member, column), ()) for member in self._members(group)))

    def total(self, question_id, group: str) -> int:
        return sum(self.totals[(question_id, member)] for member in self._members(group))


def _sensitivity(values: dict, who: dict | None) -> tuple[set, set]:
    """(sensitive figures, those among them that must be able to be 0): counts of
    1 to 4, and with senders counted, counts from 1 to 4 senders."""
    sensitive = {f for f, n in values.items() if isinstance(n, int) and small(n)}
    zero = set()
    for figure, senders in (who or {}).items():
        if small(len(senders)) and not small(values[figure]):
            sensitive.add(figure)
            zero.add(figure)
    return sensitive, zero


def _small_sum(values: dict, who: dict | None):
    """Whether hidden figures make a small figure together: 1 to 4, or from 1 to 4 senders."""
    def test(figures: list) -> bool:
        if small(sum(values[f] for f in figures)):
            return True
        return who is not None and small(len(frozenset().union(*(who[f] for f in figures))))
    return test


# ----------------------------------------------------------------------------
# Tables: what a reader knows holds between the figures
# ----------------------------------------------------------------------------

def returns_table(values: dict, groups: list[str]) -> Table:
    """Each group's returns, adding up to everyone's."""
    terms = {(g, RETURNS): 1 for g in groups}
    terms[(ALL_GROUP, RETURNS)] = -1
    return Table(values, [Equation(terms, total=(ALL_GROUP, RETURNS))], priority=lambda figure: (figure[0] == ALL_GROUP,))


def question_table(question: dict, values: list[str], groups: list[str], figures: dict, averages: dict, percents: dict) -> Table:
    """One question's figures, (group, column) -> count (None where a published
    version hides it), with averages (group -> tenths) and percentages
    ((group, answer) -> percent) as a reader knows them: districts add up to
    'all' in every column; answered plus skipped is the returns; for one-answer
    questions, a row's cells add up to its answered count; where several answers
    may be chosen, no cell is more than the row's count, and together they are
    at least it; an average or a percentage is an interval."""
    every = [ALL_GROUP] + groups
    equations = []
    for column in values + [ANSWERED, SKIPPED, RETURNS]:
        terms = {(g, column): 1 for g in groups}
        terms[(ALL_GROUP, column)] = -1
        equations.append(Equation(terms, total=(ALL_GROUP, column)))
    for g in every:
        equations.append(Equation({(g, ANSWERED): 1, (g, SKIPPED): 1, (g, RETURNS): -1}, total=(g, RETURNS)))
    bounds = []
    if question["kind"] == "multiple":
        for g in every:
            bounds += [Bound({(g, v): 1, (g, ANSWERED): -1}, high=0) for v in values]
            bounds.append(Bound({**{(g, v): 1 for v in values}, (g, ANSWERED): -1}, low=0))
    else:
        for g in every:
            terms = {(g, v): 1 for v in values}
            terms[(g, ANSWERED)] = -1
            equations.append(Equation(terms, total=(g, ANSWERED)))
    table_values = dict(figures)
    for g, tenths in averages.items():
        # tenths - 1/2 <= 10 * total / answered < tenths + 1/2, in whole numbers.
        scores = {(g, v): 20 * int(v) for v in values}
        bounds.append(Bound({**scores, (g, ANSWERED): -(2 * tenths - 1)}, low=0, needs=((g, AVERAGE),)))
        bounds.append(Bound({**scores, (g, ANSWERED): -(2 * tenths + 1)}, high=-1, needs=((g, AVERAGE),)))
        table_values[(g, AVERAGE)] = tenths / 10
    for (g, v), shown in percents.items():
        needs = ((g, v), (g, ANSWERED))
        bounds.append(Bound({(g, v): 200, (g, ANSWERED): -(2 * shown - 1)}, low=0, needs=needs))
        bounds.append(Bound({(g, v): 200, (g, ANSWERED): -(2 * shown + 1)}, high=-1, needs=needs))
    return Table(table_values, equations, bounds,
                 priority=lambda figure: (figure[0] == ALL_GROUP or figure[1] == ANSWERED,),
                 # Skipped is returns minus answered: shown, in effect, exactly when answered is.
                 follows={**{(g, ANSWERED): [(g, AVERAGE), (g, SKIPPED)] for g in every},
                          **{(g, SKIPPED): [(g, ANSWERED)] for g in every}},
                 lines=_lines(question, values, groups, averages))


def _lines(question: dict, values: list[str], groups: list[str], averages: dict) -> list[list[tuple]]:
    """Groups of people a reader may count together, beyond single cells: every
    column, and the hidden districts together in each column; for one-answer
    questions every row, and the hidden cells of the
    columns whose 'all' cell is hidden (together they are what answered leaves
    over, which is how Bradford and Calderdale taken together can be worked
    out); where a row's average is published, those who answered at or below
    each score and those above it."""
    every = [ALL_GROUP] + groups
    columns = values + [ANSWERED, SKIPPED]
    lines = [[((g, column), None) for g in groups] for column in columns]
    # The hidden districts taken together (all minus the districts shown), column by column.
    lines += [[((g, column), (g, RETURNS)) for g in groups] for column in columns]
    if question["kind"] == "multiple":
        return lines
    lines += [[((g, v), None) for v in values] for g in every]
    lines.append([((g, v), (ALL_GROUP, v)) for g in groups for v in values])
    for g in averages:
        for cut in range(1, len(values)):
            lines += [[((g, v), None) for v in values[:cut]], [((g, v), None) for v in values[cut:]]]
    return lines


def published_returns(set_summary: dict, groups: list[str]) -> dict:
    """(group, RETURNS) -> count, or None where hidden, from a published set summary."""
    shown = {item.get("group"): item.get("count") for item in set_summary.get("returns", []) if isinstance(item, dict)}
    return {(g, RETURNS): shown.get(g) for g in [ALL_GROUP] + groups}


def published_question(question: dict, values: list[str], groups: list[str], table: dict | None, returns: dict) -> Table:
    """A question's table as a published version shows it (hidden figures None)."""
    rows = {row.get("group"): row for row in (table or {}).get("rows", []) if isinstance(row, dict)}
    figures, averages, percents = {}, {}, {}
    for g in [ALL_GROUP] + groups:
        row = rows.get(g, {})
        cells = {cell.get("value"): cell for cell in row.get("cells", []) if isinstance(cell, dict)}
        for v in values:
            cell = cells.get(v, {})
            figures[(g, v)] = cell.get("count")
            if "percent" in cell:
                percents[(g, v)] = cell["percent"]
        figures[(g, ANSWERED)] = row.get("answered")
        figures[(g, RETURNS)] = returns[(g, RETURNS)]
        known = None not in (figures[(g, ANSWERED)], figures[(g, RETURNS)])
        figures[(g, SKIPPED)] = figures[(g, RETURNS)] - figures[(g, ANSWERED)] if known else None
        if isinstance(row.get("average"), (int, float)):
            averages[g] = round(10 * row["average"])
    return question_table(question, values, groups, figures, averages, percents)


def _unknown(table: Table) -> set:
    return {f for f, value in table.values.items() if value is None}


def _protect(table: Table, zero: set, earlier: Table | None) -> set:
    audit = Audit(table, zero) if earlier is None else VersionAudit(table, earlier, _unknown(earlier), zero)
    return protect(table, audit)


# ----------------------------------------------------------------------------
# One question set
# ----------------------------------------------------------------------------

def summarise_set(question_set: dict, returns: list, groups: list[str], level_count: int,
                  senders_counted: bool = False, earlier: dict | None = None) -> dict:
    """The publishable summary of one set's returns, hidden figures already
    removed. `earlier`: this set's summary as already published for the same
    round (when the board republishes it)."""
    tally = Tally(question_set, returns, groups, senders_counted)
    every = [ALL_GROUP] + groups
    counts = {(g, RETURNS): tally.count(None, g, RETURNS) for g in every}
    who = {(g, RETURNS): tally.who(None, g, RETURNS) for g in every} if senders_counted else None
    table = returns_table(counts, groups)
    table.sensitive, zero = _sensitivity(counts, who)
    table.small_sum = _small_sum(counts, who)
    old_returns = published_returns(earlier, groups) if earlier else None
    hidden = _protect(table, zero, returns_table(old_returns, groups) if earlier else None)
    hidden_groups = {g for g, _ in hidden}
    summary = {"set": question_set["id"], "version": question_set["version"],
               "returns": [{"group": g, "hidden": True} if g in hidden_groups else {"group": g, "count": counts[(g, RETURNS)]} for g in every],
               "questions": []}
    if ALL_GROUP in hidden_groups or not returns:
        return summary  # fewer than 5 returns in all, or none: nothing else to publish
    old_tables = {t.get("question"): t for t in (earlier or {}).get("questions", []) if isinstance(t, dict)}
    for question in aggregated(question_set):
        old = None
        if earlier:
            old = published_question(question, answer_values(question, level_count), groups, old_tables.get(question["id"]), old_returns)
        summary["questions"].append(_question_summary(question, tally, groups, hidden_groups, counts, level_count, old))
    needs_id = question_set.get("training_needs_question")
    if needs_id:
        table = next(t for t in summary["questions"] if t["question"] == needs_id)
        summary["training_needs"] = [_top_needs(row) for row in table["rows"] if not row.get("hidden")]
    return summary


def _question_summary(question, tally: Tally, groups, hidden_groups, returns: dict, level_count, earlier: Table | None) -> dict:
    values = answer_values(question, level_count)
    every = [ALL_GROUP] + groups
    qid = question["id"]
    figures = {(g, column): tally.count(qid, g, column) for g in every for column in values + [ANSWERED, SKIPPED]}
    figures.update(returns)
    who = None
    if tally.senders is not None:
        who = {(g, column): tally.who(qid, g, column) for g in every for column in values + [ANSWERED, SKIPPED]}
        who.update({(g, RETURNS): tally.who(None, g, RETURNS) for g in every})
    # Averages and percentages only for rows answered by 10 or more (senders too, when counted).
    derived = [g for g in every if figures[(g, ANSWERED)] >= DERIVED_FROM and (who is None or len(who[(g, ANSWERED)]) >= DERIVED_FROM)]
    averages = {g: average_tenths(tally.total(qid, g), figures[(g, ANSWERED)]) for g in derived} if question["kind"] in ("scale", "levels") else {}
    percents = {(g, v): percent(figures[(g, v)], figures[(g, ANSWERED)]) for g in derived for v in values}
    table = question_table(question, values, groups, figures, averages, percents)
    table.sensitive, zero = _sensitivity(figures, who)
    table.small_sum = _small_sum(figures, who)
    table.fixed = {(g, RETURNS) for g in every}  # the returns table decides about these
    table.hidden = {f for f in table.values if f[0] in hidden_groups}
    hidden = _protect(table, zero, earlier)
    rows = []
    for group in every:
        if group in hidden_groups:
            rows.append({"group": group, "hidden": True})
            continue
        row = {"group": group}
        row.update({"answered_hidden": True} if (group, ANSWERED) in hidden else {"answered": figures[(group, ANSWERED)]})
        if group in averages and (group, AVERAGE) not in hidden:
            row["average"] = averages[group] / 10
        row["cells"] = []
        for value in values:
            figure = (group, value)
            if figure in hidden:
                row["cells"].append({"value": value, "hidden": True})
                continue
            cell = {"value": value, "count": figures[figure]}
            if figure in percents and "answered" in row:
                cell["percent"] = percents[figure]
            row["cells"].append(cell)
        rows.append(row)
    return {"question": qid, "rows": rows}


def _top_needs(row: dict) -> dict:
    shown = [cell for cell in row["cells"] if cell.get("count")]
    shown.sort(key=lambda cell: -cell["count"])
    return {"group": row["group"], "top": [{k: cell[k] for k in ("value", "count", "percent") if k in cell} for cell in shown[:TOP_NEEDS]]}


def add_changes(summary: dict, previous: dict, renamed: dict[str, str]) -> None:
    """Beside each published average and percentage, the previous round's as it
    was published, where it was; `renamed`: retired question id -> current id."""
    before = {}
    for table in previous.get("questions", []):
        for row in table.get("rows", []):
            before[(renamed.get(table["question"], table["question"]), row.get("group"))] = row
    for table in summary["questions"]:
        for row in table["rows"]:
            old = before.get((table["question"], row["group"]))
            if old is None or row.get("hidden") or old.get("hidden"):
                continue
            if "average" in row and "average" in old:
                row["previous_average"] = old["average"]
                row["change"] = (round(10 * row["average"]) - round(10 * old["average"])) / 10
            old_cells = {cell.get("value"): cell for cell in old.get("cells", [])}
            for cell in row.get("cells", []):
                if "percent" in cell and "percent" in old_cells.get(cell["value"], {}):
                    cell["previous_percent"] = old_cells[cell["value"]]["percent"]


# ----------------------------------------------------------------------------
# One round
# ----------------------------------------------------------------------------

def summarise_round(reflection: dict, vocab: dict, batch: Batch, round_id: str, today: datetime.date,
                    previous: dict | None = None, earlier: dict | None = None, senders_counted: bool = False) -> dict:
    """The round's summary. `previous`: the previous round as published (for
    change); `earlier`: this round as already published (when republishing)."""
    groups = [g for g, _ in district_choices(reflection, vocab)]
    level_count = len(reflection["level_names"])
    summary = {"round": round_id, "produced": today.isoformat()}
    if earlier is not None:
        summary["produced"] = _iso(earlier.get("produced")) or today.isoformat()
        summary["revised"] = today.isoformat()
    if previous is not None:
        summary["previous_round"] = previous["round"]
    if senders_counted:
        summary["senders_counted"] = True
    summary["sets"] = []
    for question_set in reflection["sets"]:
        mine = [r for r in batch.used if r.set_id == question_set["id"]]
        earlier_set = _set_in(earlier, question_set["id"])
        set_summary = summarise_set(question_set, mine, groups, level_count, senders_counted, earlier_set)
        before = _set_in(previous, question_set["id"])
        if before is not None:
            add_changes(set_summary, before, replaced_ids(question_set))
        summary["sets"].append(set_summary)
    return summary


def _set_in(summary: dict | None, set_id: str) -> dict | None:
    if summary is None:
        return None
    return next((s for s in summary.get("sets", []) if isinstance(s, dict) and s.get("set") == set_id), None)


def _iso(value) -> str | None:
    return value.isoformat() if isinstance(value, datetime.date) else value


def figures_of(summary: dict) -> dict:
    """What a round publishes about its own returns: everything but its dates and the copied previous round."""
    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in COPIED}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return {"senders_counted": bool(summary.get("senders_counted")), "sets": strip(summary.get("sets", []))}


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
# Writing: both files or neither
# ----------------------------------------------------------------------------

class NotWritten(Exception):
    def __init__(self, path: Path, error: OSError | str):
        reason = error if isinstance(error, str) else error.strerror or str(error)
        super().__init__(f"{path} cannot be written ({reason})")


def summaries_text(summaries: list[dict]) -> str:
    return HEADER + yaml.safe_dump({"summaries": sorted(summaries, key=lambda s: s["round"])}, sort_keys=False,
                                   allow_unicode=True, default_flow_style=None, width=120)


def write_summaries(path: Path, summaries: list[dict]) -> None:
    """Replace `path` in one step with the summaries, oldest round first."""
    write_together([(path, summaries_text(summaries).encode("utf-8"))])


def write_together(outputs: list[tuple[Path, bytes]]) -> None:
    """Write every file or none: each goes to a temporary file beside its
    target, and only when all are written are they renamed over their targets
    (a target replaced before a later rename fails is put back). Raises
    NotWritten, with nothing changed."""
    written: list[tuple[Path, str]] = []
    try:
        for path, content in outputs:
            written.append((path, _write_beside(path, content)))
        replaced: list[tuple[Path, str | None]] = []
        try:
            for path, temporary in written:
                kept = _copy_beside(path)
                try:
                    os.replace(temporary, path)
                except OSError as error:
                    _discard(kept)
                    raise NotWritten(path, error) from None
                replaced.append((path, kept))
        except NotWritten:
            for path, kept in reversed(replaced):
                if kept is None:
                    path.unlink(missing_ok=True)
                else:
                    os.replace(kept, path)
            raise
        for _, kept in replaced:
            _discard(kept)
    finally:
        for _, temporary in written:
            _discard(temporary)


def _write_beside(path: Path, content: bytes) -> str:
    folder = next((f for f in [path.parent, *path.parent.parents] if f.exists()), None)
    if folder is not None and not folder.is_dir():
        raise NotWritten(path, f"{folder} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise NotWritten(path, error) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
    except OSError as error:
        _discard(name)
        raise NotWritten(path, error) from None
    return name


def _copy_beside(path: Path) -> str | None:
    """A copy of the file now at `path` (None when there is none), to put back."""
    if not path.is_file():
        return None
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".old")
        os.close(handle)
        shutil.copyfile(path, name)
    except OSError as error:
        raise NotWritten(path, error) from None
    return name


def _discard(name: str | None) -> None:
    if name is not None:
        try:
            os.unlink(name)
        except OSError:
            pass  # already renamed, or gone


# ----------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------

def add_command(commands) -> None:
    reflect = commands.add_parser("reflect", help="the self-reflection tool: summarise a round of Alliance returns")
    actions = reflect.add_subparsers(dest="reflect_command", required=True, metavar="action")
    run = actions.add_parser("summarise", help="check every return in a folder and write the round's summary", allow_abbrev=False,
                             description=__doc__.split("\n\n")[0] + " Exit codes: 0 all used; 1 some files refused "
                             "(summary written from the rest); 2 nothing written (a wrong command, folder or output path, "
                             "invalid data, no usable return, or a published round whose figures would change).")
    run.add_argument("returns", type=Path, metavar="RETURNS_FOLDER", help="the folder of return files (subfolders included)")
    run.add_argument("--round", required=True, type=_round, help="the round the returns are for, e.g. 2026-H1")
    run.add_argument("--previous-round", type=_round,
                     help="the round to show change from, as published in the summaries file (default: the round before --round)")
    run.add_argument("--sender-folders", action="store_true",
                     help="each folder directly inside RETURNS_FOLDER holds one sender's files: thresholds count senders too")
    run.add_argument("--republish", action="store_true",
                     help="publish a revised version of a round already published (the two versions are checked together)")
    run.add_argument("--out", type=Path, help=f"the summaries data file to update (default: {SUMMARIES_FILE})")
    run.add_argument("--csv", type=Path, help="where to write the CSV (default: reflection-summary-ROUND.csv here)")
    run.add_argument("--previous", help=argparse.SUPPRESS)  # gone: said so, rather than an unknown option
    run.add_argument("--today", type=datetime.date.fromisoformat, help=argparse.SUPPRESS)
    run.set_defaults(run=run_summarise)


def _round(text: str) -> str:
    if not is_round(text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a round such as 2026-H1 (H1: January to June, H2: July to December)")
    return text


def run_summarise(args) -> int:
    try:
        return _summarise(args)
    except Stop as stop:
        print(f"hub reflect summarise: {stop}", file=sys.stderr)
        return 2


def _summarise(args) -> int:
    root = Path(args.root)
    out = args.out or root / SUMMARIES_FILE
    csv_path = args.csv or Path(f"reflection-summary-{args.round}.csv")
    _check_command(args, out, csv_path)
    hub = load(root)
    if not hub.ok:
        for problem in errors(hub.problems):
            print(problem)
        raise Stop("the hub's data has problems (listed above); fix them first")
    published = _published(root, out)
    reflection, vocab = hub.sources["reflection"].data, hub.vocab

    batch = read_folder(args.returns, Checker(reflection, vocab, args.round), sender_folders=args.sender_folders)
    _report(batch, f"round {args.round}")
    if not batch.used:
        raise Stop("no usable return, so nothing was written")

    by_round = {s.get("round"): s for s in published if isinstance(s, dict)}
    previous_id = args.previous_round or previous_round(args.round)
    previous = by_round.get(previous_id)
    if previous is None:
        print(f"no change is shown: round {previous_id} is not in {out}")
    earlier = by_round.get(args.round)
    today = args.today or datetime.date.today()
    try:
        summary = summarise_round(reflection, vocab, batch, args.round, today, previous,
                                  earlier if args.republish else None, args.sender_folders)
    except (AuditError, Unprotectable) as problem:
        raise Stop(f"the summary could not be checked ({problem}), so nothing was written") from None
    if earlier is not None and not args.republish:
        if figures_of(summary) != figures_of(earlier):
            raise Stop(_refusal(args.round, out, earlier, summary))
        summary = earlier
        print(f"round {args.round} is already published in {out} with these figures; it is left as it was")
    kept = [s for s in published if not (isinstance(s, dict) and s.get("round") == args.round)]
    try:
        write_together([(out, summaries_text(kept + [summary]).encode("utf-8")),
                        (csv_path, csv_bytes(csv_rows(summary, reflection, vocab), CSV_COLUMNS))])
    except NotWritten as problem:
        raise Stop(f"{problem}; nothing was written") from None
    print(f"hub reflect summarise: wrote round {args.round} into {out} and {csv_path}")
    if batch.refused:
        count = len(batch.refused)
        print(f"hub reflect summarise: {count} file{'s' if count != 1 else ''} refused (listed above); "
              "the summary uses the others", file=sys.stderr)
        return 1
    return 0


def _check_command(args, out: Path, csv_path: Path) -> None:
    """Everything about the command that can be known before reading anything."""
    if args.previous is not None:
        raise Stop("--previous is gone: the previous round's figures are read from the summaries file as they were "
                   "published (use --previous-round to name another round)")
    if not args.returns.is_dir():
        raise Stop(f"{args.returns} is not a folder of returns")
    if args.previous_round and args.previous_round >= args.round:
        raise Stop(f"the previous round {args.previous_round} is not before {args.round}")
    for path in (out, csv_path):  # files replaced whole: never a folder
        if path.is_dir():
            raise Stop(f"{path} is a folder; give the file to write")
    if out.resolve() == csv_path.resolve():
        raise Stop("--out and --csv name the same file")


def _published(root: Path, out: Path) -> list:
    """The summaries already in `out`, checked against their schema ([] when there is no file)."""
    if not out.exists():
        return []
    existing = read_yaml(str(out))
    problems = list(existing.problems)
    if not problems and isinstance(existing.data, dict):
        problems = list(schema_problems((root / "data" / "schemas").resolve(), SUMMARIES_SCHEMA, existing))
    if problems or not isinstance(existing.data, dict):
        for problem in problems:
            print(problem)
        raise Stop(f"{out} cannot be read, so it was not changed")
    return existing.data.get("summaries") or []


def _refusal(round_id: str, out: Path, earlier: dict, summary: dict) -> str:
    def received(s):
        counts = [item.get("count", NOT_SHOWN) for found in s.get("sets", []) for item in found.get("returns", [])[:1]]
        return ", ".join(str(c) for c in counts)
    return (f"round {round_id} is already published in {out}, and these returns would change its figures (returns per set: "
            f"{received(earlier)} then, {received(summary)} now). A round is published once: a reader holding both versions "
            "could work out the returns that changed. Nothing was written. A return that arrives after its round is "
            "published is not added to it (the person can send one next round); if the board decides to publish a revised version, run again with --republish, and the two versions "
            "are checked together")


def _report(batch: Batch, label: str) -> None:
    """Each refused file with its reason, then in = used + refused."""
    for refused in batch.refused:
        print(printable(f"{refused.path}: refused: {refused.reason}", 600))
    by_set = Counter(r.set_id for r in batch.used)
    sets = "; ".join(f"{set_id} {n}" for set_id, n in sorted(by_set.items()))
    senders = len({r.sender for r in batch.used if r.sender is not None})
    print(f"{label}: {batch.received} in = {len(batch.used)} used + {len(batch.refused)} refused" + (f" ({sets})" if sets else "")
          + (f" from {senders} sender{'s' if senders != 1 else ''}" if senders else ""))
