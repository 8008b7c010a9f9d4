"""`hub intake`: a submitted issue form becomes a record in its data file, checked like any other.

GitHub writes a submitted form into the issue's body as Markdown: each field's
label as a `### ` heading, then the answer (`_No response_` when empty; ticked
boxes as `- [X] ...`; a dropdown's choices joined by ", "). `hub intake` reads
that body (from a file or an environment variable: never from a command line),
works out which form it came from by its headings, and:

1. builds the record from the answers (hub/records/formfields.py, the same model
   the forms and the site's "Suggest a change" links are made from);
2. writes it into the data file as text, in the house style: a new record at the
   end of its section, a correction field by field over the record's own lines
   (hub/contribute/new.py inserts, hub/contribute/yamltext.py writes);
3. checks the whole data with the one loader, exactly as `hub validate` does,
   and keeps the problems that fall in this record's lines, each named by its
   form field's label as well as its record field.

Valid: the changed file is written (with --write) with a pull request's text.
Not valid: nothing is written but one comment listing every problem. Every
answer is data: it is written into YAML as a quoted or block value checked by
reading it back, and shown in comments inside code spans, so Markdown, HTML,
mentions and shell syntax in it do nothing.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hub.contribute import forms as form_set
from hub.contribute.new import ScaffoldError, ids_in_use, insert_record, list_nodes
from hub.contribute.yamltext import node_end_line, patch_record, record_lines
from hub.records import formfields as ff
from hub.records.kinds import RecordType
from hub.records.loader import load
from hub.records.problems import Problem
from hub.records.schemas import inlined
from hub.records.settings import load_settings
from hub.records.text import plural
from hub.records.yamlsource import parse_yaml, read_yaml, undotted

# Marks the one comment the hub keeps on an issue (updated, never added again).
COMMENT_MARK = "<!-- hub-intake -->"
# GitHub keeps issue bodies and comments under 65,536 characters.
MAX_BODY = 65536
MAX_COMMENT = 60000
MAX_MESSAGE = 600  # characters of one problem shown in a comment (a 10,000-character answer is cut)
MAX_LISTED = 60

_HEADING = re.compile(r"^###[ \t]+(.*?)[ \t#]*$")
_CHECKBOX = re.compile(r"^\s*[-*]\s+\[([ xX]?)\]\s?(.*?)\s*$")


class IntakeError(Exception):
    """The issue cannot be turned into a record at all (not a hub form, data files unreadable)."""


@dataclass(frozen=True)
class FieldProblem:
    """A problem as the person who filled in the form needs it: the form field's label, the record field, what to do."""

    labels: tuple[str, ...]  # the form fields concerned (empty: the form as a whole)
    field: str  # the record field, dotted ("contact.phone"), or ""
    message: str
    severity: str = "error"

    @property
    def where(self) -> str:
        labels = " / ".join(self.labels) or "The form"
        return f"{labels} ({self.field})" if self.field else labels

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{prefix}{self.where}: {self.message}"


@dataclass
class Outcome:
    form: form_set.Form | None = None
    problems: list[FieldProblem] = field(default_factory=list)
    record: dict | None = None
    before: dict | None = None  # a correction: the record as it was
    file: str = ""  # e.g. "data/services.yaml"
    text: str = ""  # the data file's new text (valid or not)
    notes: str = ""
    records: list = field(default_factory=list)  # the data file's records before the change
    index: int | None = None  # a correction: where its record is

    @property
    def errors(self) -> list[FieldProblem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def valid(self) -> bool:
        return self.form is not None and self.record is not None and not self.errors and bool(self.text)

    @property
    def record_type(self) -> RecordType:
        return self.form.record_type

    @property
    def noun(self) -> str:
        return form_set.noun(self.record_type)


# ----------------------------------------------------------------------------
# Reading the body
# ----------------------------------------------------------------------------

def labels_of(form: form_set.Form) -> list[str]:
    """The headings GitHub writes for the form: every element but the Markdown ones, in order."""
    return [element["attributes"]["label"] for element in form_set.form_definition(form)["body"] if element["type"] != "markdown"]


def which_form(body: str, forms: list[form_set.Form]) -> form_set.Form:
    """The form whose every heading the body has (the one with most headings, when several fit)."""
    headings = {_HEADING.match(line).group(1) for line in _lines(body) if _HEADING.match(line)}
    fitting = [form for form in forms if set(labels_of(form)) <= headings]
    if not fitting:
        raise IntakeError("this issue was not written with one of the hub's forms for adding or correcting a record, "
                          "so the hub cannot read it; open a new issue with one of the forms (Add a service, Correct a service, ...)")
    return max(fitting, key=lambda form: len(labels_of(form)))


def _lines(body: str) -> list[str]:
    return body.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def sections(body: str, form: form_set.Form) -> tuple[dict[str, str], list[FieldProblem]]:
    """label -> the text under its heading, for the form's own headings only (an answer may hold other '###' lines)."""
    known = set(labels_of(form))
    found: dict[str, list[str]] = {}
    problems = []
    current = None
    for line in _lines(body):
        match = _HEADING.match(line)
        if match and match.group(1) in known:
            current = match.group(1)
            if current in found:
                problems.append(FieldProblem((current,), "", f"the heading '### {current}' appears twice in the issue; "
                                                             "keep one, with the answer under it"))
                found[current].append(line)  # the second copy stays in the answer, where validation sees it
            else:
                found[current] = []
            continue
        if current is not None:
            found[current].append(line)
    return {label: "\n".join(lines).strip() for label, lines in found.items()}, problems


def answer_text(element: dict, text: str) -> str:
    """The answer as plain text: a dropdown's choices one per line, ticked boxes one per line."""
    text = "" if text.strip() == ff.NO_RESPONSE else text
    if element["type"] == "checkboxes":
        ticked = [m.group(2) for m in map(_CHECKBOX.match, text.split("\n")) if m and m.group(1) in ("x", "X")]
        return "\n".join(ticked)
    if element["type"] == "dropdown":
        text = "" if text.strip() in ("None", "") else text
        options = element["attributes"]["options"]
        chosen = [part.strip() for part in text.split(", ")] if ", " in text and text not in options else [text.strip()]
        return "\n".join(part for part in chosen if part)
    return text


# ----------------------------------------------------------------------------
# Building the record
# ----------------------------------------------------------------------------

def read_record(root: Path | str, body: str) -> Outcome:
    """The record an issue form's `body` makes (for a correction, with the record as it was), and the
    slips met reading it. Nothing is checked against the schema and nothing is written."""
    root = Path(root)
    if len(body) > MAX_BODY * 3:
        raise IntakeError(f"the issue is {len(body):,} characters long, more than any form can hold; was something pasted in by mistake?")
    form = which_form(body, form_set.record_forms(root))
    outcome = Outcome(form, file=form.record_type.file)
    by_label, outcome.problems = sections(body, form)
    elements = {element["attributes"]["label"]: element for element in form_set.form_definition(form)["body"] if element["type"] != "markdown"}
    answers = {label: answer_text(elements[label], text) for label, text in by_label.items()}
    outcome.notes = answers.get(form_set.NOTES_LABEL, "").strip()
    # GitHub insists on these boxes only in public repositories: the hub insists everywhere.
    ticked = answers.get(form_set.CHECKS_LABEL, "").split("\n")
    for check in form_set.CHECKS:
        if check not in ticked:
            outcome.problems.append(FieldProblem((form_set.CHECKS_LABEL,), "", f"tick '{check}' (edit the issue to tick it); "
                                                                               "nothing is proposed without it"))

    record_type = form.record_type
    source = read_yaml(str(root / record_type.file), record_type.file)
    records = source.data.get(record_type.key) if isinstance(source.data, dict) else None
    if not isinstance(records, list) or source.problems:
        raise IntakeError(f"{record_type.file} cannot be read ({'; '.join(str(p) for p in source.problems[:3])}); "
                          "a maintainer needs to fix it first (`hub validate`)")
    outcome.records = records
    current, outcome.index = _current_record(form, answers, records, outcome)
    values = {}
    for form_field in form.fields:
        if form_field.path == ("id",):
            continue
        text = answers.get(form_field.label, "")
        before = ff.value_at(current, form_field.path) if current is not None else ff.ABSENT
        if form.prefilled and text.strip().casefold() == ff.KEEP.casefold():
            values[form_field.path] = before
            continue
        reading = ff.from_text(form_field, text, before)
        values[form_field.path] = reading.value
        outcome.problems += [FieldProblem((form_field.label,), form_field.dotted, message) for message in reading.problems]
    built = ff.record_from(values, form.fields)
    if form.action == form_set.CORRECT:
        if current is not None:
            outcome.record, outcome.before = {"id": current["id"], **built}, current
    else:
        title = built.get(record_type.title_field)
        outcome.record = {"id": new_id(title, ids_in_use(root), record_type), **built}
        _already_listed(form, records, title, outcome)
    return outcome


def take_in(root: Path | str, body: str, today: datetime.date | None = None, review_months: int | None = None) -> Outcome:
    """Read an issue form's `body`, write the record it makes into its file's text (not to disk) and
    check it as `hub validate` would."""
    root = Path(root)
    today = today or datetime.date.today()
    months = review_months if review_months is not None else load_settings(root)["review_interval_months"]
    outcome = read_record(root, body)
    if outcome.record is None:
        return outcome
    if outcome.record == outcome.before:
        outcome.problems.append(FieldProblem((), "", f"nothing is changed: every answer is what the {outcome.noun}'s record already says. "
                                                      "Change what is wrong, then save the issue"))
        return outcome
    path = root / outcome.form.record_type.file
    outcome.text = _changed_text(path.read_text(encoding="utf-8"), outcome.form, outcome.records, outcome.record,
                                 outcome.before, outcome.index, root)
    outcome.problems += checked(root, outcome.form, outcome.text, outcome.record, today, months)
    return outcome


def _current_record(form, answers, records, outcome) -> tuple[dict | None, int | None]:
    """A correction's record as it is on the hub, and its place in the file."""
    if form.action != form_set.CORRECT:
        return None, None
    id_field = next(f for f in form.fields if f.path == ("id",))
    record_id = " ".join(answers.get(id_field.label, "").split())
    for index, record in enumerate(records):
        if isinstance(record, dict) and record.get("id") == record_id:
            return record, index
    shown = f"'{record_id}'" if record_id else "no id"
    outcome.problems.append(FieldProblem((id_field.label,), "id", f"the hub has no {form_set.noun(form.record_type)} with {shown}; "
                                                                  "this field says which record to correct, so leave it as the page's "
                                                                  "\"Suggest a change\" link filled it in"))
    return None, None


def _already_listed(form, records, title, outcome) -> None:
    if not isinstance(title, str):
        return
    wanted = " ".join(title.split()).casefold()
    for record in records:
        if isinstance(record, dict) and " ".join(str(record.get(form.record_type.title_field, "")).split()).casefold() == wanted:
            label = next(f.label for f in form.fields if f.path == (form.record_type.title_field,))
            noun = form_set.noun(form.record_type)
            outcome.problems.append(FieldProblem((label,), form.record_type.title_field,
                                                 f"'{title}' is already on the hub (its id is '{record.get('id')}'); to change it, use "
                                                 f"\"Suggest a change\" on its page, or the Correct a {noun} form"))
            return


def new_id(title, taken, record_type: RecordType) -> str:
    """A permanent id from the record's name: lower-case words joined by hyphens, made unique across every record."""
    words = unicodedata.normalize("NFKD", title if isinstance(title, str) else "").encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", words).strip("-")[:60].rstrip("-") or f"{record_type.noun.replace(' ', '-')}-from-a-form"
    candidate, number = slug, 2
    while candidate in taken:
        candidate = f"{slug[:56].rstrip('-')}-{number}"
        number += 1
    return candidate


# ----------------------------------------------------------------------------
# Writing it into the file
# ----------------------------------------------------------------------------

def _changed_text(text: str, form, records, record, current, index, root) -> str:
    record_type = form.record_type
    key = record_type.key
    schema = inlined((root / "data" / "schemas").resolve(), key)["properties"][key]["items"]
    if form.action == form_set.CORRECT:
        _, sequence = list_nodes(text, record_type.file, key)
        node = sequence.value[index]
        changed = patch_record(text, node, current, record, schema)
        expected = records[:index] + [record] + records[index + 1:]
        if _holds(changed, record_type, expected):
            return changed
        start, end = node.start_mark.line, node_end_line(text, node) + 1
        lines = text.split("\n")
        dash = sequence.start_mark.column
        lines[start:end] = record_lines(record, schema, dash, node.start_mark.column)
        changed = "\n".join(lines)
    else:
        after = section_end(text, record_type, records, record)
        changed = insert_record(text, record_type.file, key, lambda dash, content: record_lines(record, schema, dash, content), after)
        position = len(records) if after is None else after + 1
        expected = records[:position] + [record] + records[position:]
    if not _holds(changed, record_type, expected):
        raise IntakeError(f"the hub could not write the record into {record_type.file} without changing its other records; "
                          "a maintainer will add it by hand")
    return changed


def _holds(text: str, record_type: RecordType, expected: list) -> bool:
    source = parse_yaml(text.encode("utf-8"), record_type.file)
    return not source.problems and isinstance(source.data, dict) and source.data.get(record_type.key) == expected


def section_end(text: str, record_type: RecordType, records: list, record: dict) -> int | None:
    """The index of the last record of the last section holding a record like `record`
    (the record type's `sections_by` fields alike); None: the end of the list.

    A section starts at a comment written in line with the records' '- '."""
    if not record_type.sections_by:
        return None
    _, sequence = list_nodes(text, record_type.file, record_type.key)
    lines = text.split("\n")
    dash = sequence.start_mark.column
    groups: list[list[int]] = [[]]
    previous_end = sequence.start_mark.line - 1
    for index, item in enumerate(sequence.value):
        between = lines[previous_end + 1: item.start_mark.line]
        if index and any(line[:dash].strip() == "" and line[dash:].startswith("#") for line in between):
            groups.append([])
        groups[-1].append(index)
        previous_end = node_end_line(text, item)

    def alike(other) -> tuple:
        return tuple(repr(ff.value_at(other, tuple(path.split(".")))) for path in record_type.sections_by)

    wanted = alike(record)
    matching = [group for group in groups if any(isinstance(records[i], dict) and alike(records[i]) == wanted for i in group)]
    return matching[-1][-1] if matching else None


# ----------------------------------------------------------------------------
# Checking: the same loader and messages as `hub validate`
# ----------------------------------------------------------------------------

def checked(root: Path, form, text: str, record: dict, today, months) -> list[FieldProblem]:
    """Every problem `hub validate` would report in the record's lines once the file holds `text`."""
    record_type = form.record_type
    hub = load(root, today=today, review_months=months, texts={record_type.key: text.encode("utf-8")})
    source = hub.sources[record_type.key]
    records = source.data.get(record_type.key) if isinstance(source.data, dict) else []
    index = next(i for i, r in enumerate(records) if isinstance(r, dict) and r.get("id") == record["id"])
    first = source.line_of((record_type.key, index))
    last = source.line_of((record_type.key, index + 1)) - 1 if index + 1 < len(records) else 10 ** 9
    return [field_problem(form, problem) for problem in hub.problems
            if problem.file == source.path and first <= problem.line <= last]


def field_problem(form, problem: Problem) -> FieldProblem:
    """`problem` named by the form field(s) it is about."""
    names = tuple(step for step in undotted(problem.field) if isinstance(step, str)) if problem.field else ()
    if form.action == form_set.ADD and names[:1] == ("id",):
        names = (form.record_type.title_field,)  # the id is made from the name
    holding = [f for f in form.fields if names[: len(f.path)] == f.path]
    message = problem.message
    if holding:
        target = max(holding, key=lambda f: len(f.path))
        labels = (target.label,)
        if _EMPTY.search(message):
            message += f"; in the form: {_how_to_fill(form, target)}"
    else:
        labels = tuple(f.label for f in form.fields if names and f.path[: len(names)] == names)
    return FieldProblem(labels, problem.field, message, problem.severity)


# `hub validate`'s words for a value that is missing or empty: the form adds how to fill it in there.
_EMPTY = re.compile(r"^'[^']+' is missing; add it|^the list is empty|^is empty; fill it in")


def _how_to_fill(form, form_field: ff.FormField) -> str:
    if form_field.kind == ff.CHOICES and not form.prefilled:
        return "tick at least one box under this question"
    if form_field.kind == ff.CHOICES:
        return "write at least one, one per line"
    if form_field.kind == ff.CHOICE and not form.prefilled:
        return "choose one"
    return "fill in this field"


# ----------------------------------------------------------------------------
# What people read: the comment, the pull request, the commit
# ----------------------------------------------------------------------------

def code(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` as an inline code span: shown as typed, never as Markdown, HTML, a link or a mention."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "\u2026"
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text else ""
    return f"{fence}{pad}{text or ' '}{pad}{fence}"


def comment(outcome: Outcome, branch: str = "") -> str:
    """The one comment on the issue: every problem, or where the pull request is."""
    lines = [COMMENT_MARK]
    if outcome.valid:
        warnings = outcome.problems
        lines += [f"### Thank you: this {outcome.noun} is ready for review", "",
                  "The hub checked your answers and found nothing to put right. A pull request now proposes the change"
                  + (f" (branch {code(branch)})" if branch else "") + "; it is linked below and under **Development**. "
                  "A reviewer from the board checks it against the source before anything is published."]
        if warnings:
            lines += ["", "The reviewer will also look at these points (they do not stop the change):", ""]
            lines += [f"- {_problem_line(p)}" for p in warnings[:MAX_LISTED]]
        return _capped("\n".join(lines))
    errors = outcome.errors
    lines += [f"### The hub cannot {'add' if outcome.form is None or outcome.form.action == form_set.ADD else 'change'} "
              f"this {outcome.noun if outcome.form else 'record'} yet", "",
              f"Thank you. The hub checked your answers and found {plural(len(errors), 'thing')} to put right. "
              "Edit this issue (the **...** menu at the top right of it, then **Edit**), change the fields named below and "
              "select **Update comment**: the hub checks it again and updates this comment.", ""]
    lines += [f"{number}. {_problem_line(p)}" for number, p in enumerate(errors[:MAX_LISTED], 1)]
    if len(errors) > MAX_LISTED:
        lines.append(f"\n... and {len(errors) - MAX_LISTED} more.")
    warnings = [p for p in outcome.problems if p.severity == "warning"]
    if warnings:
        lines += ["", "Also worth checking (these alone would not stop it):", ""]
        lines += [f"- {_problem_line(p)}" for p in warnings[:MAX_LISTED]]
    return _capped("\n".join(lines))


def problem_comment(message: str) -> str:
    """The comment when the issue cannot be read as a form at all."""
    return _capped(f"{COMMENT_MARK}\n### The hub cannot read this issue\n\n{code(message, 2000)}")


def _problem_line(problem: FieldProblem) -> str:
    labels = " / ".join(f"**{_plain(label)}**" for label in problem.labels) or "**The form as a whole**"
    field_name = f" (`{problem.field}`)" if problem.field and re.fullmatch(r"[a-z0-9_.\[\]]+", problem.field) else ""
    return f"{labels}{field_name}: {code(problem.message)}"


def _plain(text: str) -> str:
    """Our own words (labels from the schemas) with Markdown's special characters escaped."""
    return re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", text)


def shown(form_field: ff.FormField, value) -> str:
    """A value in plain words on one line: the form's own text, its lines joined by '; '."""
    text = ff.to_text(form_field, value)
    if form_field.kind == ff.LONG_TEXT:
        return text
    return text.replace("\n\n", " | ").replace("\n", "; ")


def _capped(text: str) -> str:
    return text if len(text) <= MAX_COMMENT else text[: MAX_COMMENT - 40].rsplit("\n", 1)[0] + "\n\n... (cut to fit one comment)"


def pull_request(outcome: Outcome, issue: int | None) -> dict:
    """The pull request's title and body: which record, what it says (or what changes), in plain words."""
    record_type, record = outcome.record_type, outcome.record
    title_value = " ".join(str(record.get(record_type.title_field, record["id"])).split())
    adding = outcome.form.action == form_set.ADD
    title = f"{'Add' if adding else 'Correct'} {outcome.noun}: {title_value}"[:200]
    lines = [f"Closes #{issue}", ""] if issue else []
    lines += [f"{'Adds' if adding else 'Corrects'} the {outcome.noun} {code(title_value, 200)} (id {code(record['id'], 80)}) "
              f"in `{outcome.file}`, from the answers{f' in issue #{issue}' if issue else ''}. The hub's checks passed. "
              "A person reviews it against the source and merges it; nothing is published before then.", ""]
    fields = [f for f in outcome.form.fields]
    if adding:
        lines += ["#### The record in plain words", ""]
        for form_field in fields:
            value = ff.value_at(record, form_field.path)
            if value is not ff.ABSENT:
                lines.append(f"- **{_plain(form_field.label)}:** {code(shown(form_field, value), 2000)}")
    else:
        lines += ["#### What changes", ""]
        for form_field in fields:
            old, new = ff.value_at(outcome.before, form_field.path), ff.value_at(record, form_field.path)
            if old == new:
                continue
            was = code(shown(form_field, old), 2000) if old is not ff.ABSENT else "(nothing)"
            now = code(shown(form_field, new), 2000) if new is not ff.ABSENT else "(removed)"
            lines.append(f"- **{_plain(form_field.label)}:** {was} \u2192 {now}")
        if record.get("last_reviewed") == outcome.before.get("last_reviewed"):
            lines += ["", "The date the details were checked (`last_reviewed`) is unchanged: check it."]
    warnings = [p for p in outcome.problems if p.severity == "warning"]
    if warnings:
        lines += ["", "#### Points for the reviewer", ""] + [f"- {_problem_line(p)}" for p in warnings]
    if outcome.notes:
        lines += ["", "#### Notes from the person who sent it", "", code(outcome.notes, 3000)]
    lines += ["", "Reviewer: check each fact against the source page, and the checklist in CONTRIBUTING.md "
                  "(\"What reviewers check\"), before merging."]
    return {"title": title, "body": _capped("\n".join(lines))}


def commit_message(outcome: Outcome, issue: int | None) -> str:
    record = outcome.record
    from_issue = f" from issue #{issue}" if issue else " from an issue form"
    if outcome.form.action == form_set.ADD:
        return f"Add {outcome.noun} '{record['id']}'{from_issue}\n"
    changed = [f.dotted for f in outcome.form.fields
               if ff.value_at(record, f.path) != ff.value_at(outcome.before, f.path)]
    return f"Correct {outcome.noun} '{record['id']}'{from_issue}: {', '.join(changed)}\n"


# ----------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------

def add_command(commands) -> None:
    intake = commands.add_parser("intake", help="turn a submitted issue form (its body) into a checked record in data/")
    given = intake.add_mutually_exclusive_group(required=True)
    given.add_argument("body", nargs="?", type=Path, help="a file holding the issue's body")
    given.add_argument("--from-env", metavar="NAME", help="read the body from this environment variable (GitHub Actions)")
    intake.add_argument("--issue", type=int, help="the issue's number, for the pull request ('Closes #N') and the branch name")
    intake.add_argument("--write", action="store_true", help="write the record into its data file when it is valid")
    intake.add_argument("--out", type=Path, metavar="DIR",
                        help="write result.json, comment.json, pull-request.json and commit-message.txt into DIR")
    intake.add_argument("--today", type=datetime.date.fromisoformat, help=argparse.SUPPRESS)
    intake.set_defaults(run=run_intake)


def run_intake(args) -> int:
    """Exit 0: valid (written with --write); 1: problems for the person to put right (the comment lists them);
    2: the issue cannot be read as a form, or the data cannot be read."""
    root = Path(args.root)
    branch = f"intake/issue-{args.issue}" if args.issue else ""
    try:
        body = _read_body(args)
        outcome = take_in(root, body, args.today)
    except (IntakeError, ScaffoldError, OSError, UnicodeDecodeError, ff.FormModelError, yaml.YAMLError) as error:
        message = str(error)
        print(f"hub intake failed: {message}", file=sys.stderr)
        _write_out(args.out, {"valid": False, "readable": False}, problem_comment(message))
        return 2
    for problem in outcome.problems:
        print(problem)
    if not outcome.valid:
        print(f"hub intake: {plural(len(outcome.errors), 'problem')} to put right; nothing written", file=sys.stderr)
        _write_out(args.out, {"valid": False, "readable": True, "file": outcome.file}, comment(outcome))
        return 1
    if args.write:
        (root / outcome.file).write_bytes(outcome.text.encode("utf-8"))
    result = {"valid": True, "readable": True, "file": outcome.file, "record_id": outcome.record["id"],
              "action": outcome.form.action, "branch": branch}
    _write_out(args.out, result, comment(outcome, branch), pull_request(outcome, args.issue), commit_message(outcome, args.issue))
    verb = "wrote" if args.write else "checked"
    print(f"hub intake: {verb} {outcome.noun} '{outcome.record['id']}' in {outcome.file}")
    return 0


def _read_body(args) -> str:
    if args.from_env:
        if args.from_env not in os.environ:
            raise IntakeError(f"the environment variable {args.from_env} is not set")
        return os.environ[args.from_env]
    return args.body.read_text(encoding="utf-8")


def _write_out(out: Path | None, result: dict, comment_text: str, pull: dict | None = None, message: str | None = None) -> None:
    if out is None:
        return
    out.mkdir(parents=True, exist_ok=True)
    files = {"result.json": json.dumps(result, indent=2), "comment.json": json.dumps({"body": comment_text}, ensure_ascii=False)}
    if pull is not None:
        files["pull-request.json"] = json.dumps(pull, ensure_ascii=False)
    if message is not None:
        files["commit-message.txt"] = message
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
