"""A record type's fields as the fields of a web form, and each value as the text a person types.

The GitHub issue forms (hub/contribute/forms.py writes them, hub/contribute/intake.py
reads what people send) and the site's "Suggest a change" links (their filled-in
values) share this one model, so a record written out as form text and read back
is the same record.

Everything comes from the record type's JSON Schema and vocabularies.yaml:

- one form field per value a person fills in; a group of fields (`contact`,
  `coverage`, `age_range`) becomes one form field per member ("Contact: Main
  phone number");
- words from vocabularies.yaml (and `enum`s) are chosen by their names: checkboxes
  or a dropdown on a blank form, one name per line where a form is filled in from a
  link (GitHub fills in only text fields from a link);
- other lists are one item per line; `source` is one line, or several;
- lists of groups (`other_phones`, `sessions`, `assets`) are one block of
  "Name: value" lines per item, blocks separated by a blank line: the one thing
  GitHub's forms cannot ask for directly, written so anyone can fill it in.

`to_text` writes a value as a form shows it; `from_text` reads it back, with the
slips it could not read as Reading problems. Text it cannot make sense of is kept
as typed, so the hub's own validation explains it with its usual message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import quote

from hub.records.kinds import RecordType
from hub.records.schemas import inlined

# How each kind of field is written (see the module's docstring).
TEXT, LONG_TEXT, NUMBER, YES_NO, CHOICE, CHOICES, LINES, SOURCE, BLOCKS = (
    "text", "long text", "number", "yes or no", "choice", "choices", "lines", "source", "blocks")

# What a prefilled correction form holds in place of a value too long for the link
# (GitHub refuses longer addresses; see prefill): reading it back keeps the value.
KEEP = "[keep as it is]"
# GitHub writes this for a field left empty.
NO_RESPONSE = "_No response_"
YES_WORDS, NO_WORDS = ("yes", "y", "true"), ("no", "n", "false")
# Lines of a list may start with a bullet, as lists pasted from documents do.
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013\u25aa\u25cf\u00b7]|\d+[.)])\s+")
# GitHub's own query parameters on /issues/new: a form field may not be called these.
RESERVED_IDS = frozenset({"title", "body", "labels", "template", "assignees", "milestone", "projects", "type"})


class FormModelError(Exception):
    """A schema uses a shape no form field can hold; the message names the field (a developer's problem)."""


@dataclass(frozen=True)
class Member:
    """One field of the items of a list of groups: a line 'Title: value' in each block."""

    key: str
    title: str
    kind: str
    schema: dict
    required: bool
    choices: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class FormField:
    id: str  # the form element's id (also its name in a prefill link)
    label: str  # what the form shows, and the heading GitHub writes above the answer
    path: tuple[str, ...]  # where the value goes in the record: ("contact", "phone")
    kind: str
    schema: dict
    required: bool
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, name shown), for CHOICE and CHOICES
    members: tuple[Member, ...] = ()  # for BLOCKS

    @property
    def dotted(self) -> str:
        return ".".join(self.path)

    def choice_name(self, value) -> str:
        return dict(self.choices).get(value, str(value))


@dataclass
class Reading:
    """What `from_text` read: the value (or ABSENT) and the slips it could not read."""

    value: object
    problems: list[str] = field(default_factory=list)


class _Absent:
    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = _Absent()  # the field was left empty: the record does not have it


# ----------------------------------------------------------------------------
# The fields, from the schema
# ----------------------------------------------------------------------------

def form_fields(schema_dir: Path, record_type: RecordType, vocab: dict) -> tuple[FormField, ...]:
    """Every field of `record_type`'s records as form fields, in the schema's order (the id first)."""
    return _form_fields(Path(schema_dir).resolve(), record_type, _vocab_key(vocab))


def _vocab_key(vocab: dict) -> tuple:
    """The vocabularies' names as a hashable key (form_fields is cached on it)."""
    return tuple((name, tuple((str(t.get("id")), str(t.get("name", t.get("id")))) for t in terms if isinstance(t, dict)))
                 for name, terms in sorted(vocab.items()) if isinstance(terms, list))


@cache
def _form_fields(schema_dir: Path, record_type: RecordType, vocab: tuple) -> tuple[FormField, ...]:
    names = {name: terms for name, terms in vocab}
    record = inlined(schema_dir, record_type.key)["properties"][record_type.key]["items"]
    fields: list[FormField] = []
    _collect(record, (), "", True, names, fields)
    ids = [f.id for f in fields]
    labels = [f.label.casefold() for f in fields]
    if len(set(ids)) != len(ids) or len(set(labels)) != len(labels):
        raise FormModelError(f"two fields of {record_type.key} would have the same form id or label: {ids}")
    return tuple(fields)


def _collect(schema: dict, path: tuple[str, ...], prefix: str, required: bool, names: dict, out: list) -> None:
    needed = set(schema.get("required", []))
    for key, sub in schema.get("properties", {}).items():
        here = path + (key,)
        title = field_title(key, sub)
        is_required = required and key in needed
        if sub.get("type") == "object" and "properties" in sub:
            _collect(sub, here, f"{prefix}{title}: ", is_required, names, out)
            continue
        kind = field_kind(sub, ".".join(here))
        members = _members(sub, ".".join(here), names) if kind == BLOCKS else ()
        form_id = "_".join(here)
        if form_id in RESERVED_IDS:
            form_id = f"record_{form_id}"
        out.append(FormField(form_id, prefix + title, here, kind, sub, is_required, _choices(sub, names), members))


def field_title(key: str, schema: dict) -> str:
    """A field's name in words: the schema's `title`, or the key ('opening_hours' -> 'Opening hours')."""
    return schema.get("title") or key.replace("_", " ").capitalize()


def field_kind(schema: dict, where: str) -> str:
    kind = schema.get("type")
    if kind is None and "const" in schema:  # e.g. `on_demand: true`, the only value it may have
        kind = {bool: "boolean", int: "integer", float: "number", str: "string"}.get(type(schema["const"]))
    if isinstance(kind, list):
        if set(kind) == {"string", "array"}:
            return SOURCE
        raise FormModelError(f"{where}: a field of types {kind} has no form field")
    if kind == "array":
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        if items.get("type") == "object":
            return BLOCKS
        return CHOICES if ("x-vocabulary" in items or "enum" in items) else LINES
    if kind == "boolean":
        return YES_NO
    if kind in ("integer", "number"):
        return NUMBER
    if kind == "string":
        if "x-vocabulary" in schema or "enum" in schema:
            return CHOICE
        return LONG_TEXT if schema.get("x-markdown") else TEXT
    raise FormModelError(f"{where}: a field of type {kind!r} has no form field")


def _members(schema: dict, where: str, names: dict) -> tuple[Member, ...]:
    items = schema["items"]
    needed = set(items.get("required", []))
    members = []
    for key, sub in items.get("properties", {}).items():
        kind = field_kind(sub, f"{where}[].{key}")
        if kind not in (TEXT, LONG_TEXT, NUMBER, YES_NO, CHOICE):
            raise FormModelError(f"{where}[].{key}: a list inside a list of groups has no form field; "
                                 "give it a shape of its own in hub/records/formfields.py")
        members.append(Member(key, field_title(key, sub), kind, sub, key in needed, _choices(sub, names)))
    return tuple(members)


def _choices(schema: dict, names: dict) -> tuple[tuple[str, str], ...]:
    target = schema.get("items", schema) if schema.get("type") == "array" else schema
    if not isinstance(target, dict):
        return ()
    if "enum" in target:
        shown = schema.get("x-enum-names") or target.get("x-enum-names") or {}
        return tuple((str(value), shown.get(str(value), str(value))) for value in target["enum"])
    if "x-vocabulary" in target:
        return names.get(target["x-vocabulary"], ())
    return ()


# ----------------------------------------------------------------------------
# Values as text
# ----------------------------------------------------------------------------

def value_at(record: dict, path: tuple[str, ...]):
    """The record's value at `path`, or ABSENT."""
    value = record
    for step in path:
        if not isinstance(value, dict) or step not in value:
            return ABSENT
        value = value[step]
    return value


def to_text(form_field: FormField, value) -> str:
    """The value as the form shows it; "" when the record does not have it."""
    if value is ABSENT or value is None:
        return ""
    kind = form_field.kind
    if kind == BLOCKS:
        return "\n\n".join(_block_text(form_field, item) for item in value if isinstance(item, dict))
    if kind == SOURCE and isinstance(value, str):
        return _line_text(value)
    if kind in (LINES, SOURCE):
        return "\n".join(_line_text(item) for item in value)
    if kind == CHOICES:
        return "\n".join(_line_text(form_field.choice_name(item)) for item in value)
    return _scalar_text(kind, value, form_field.choices)


def _scalar_text(kind: str, value, choices) -> str:
    if kind == YES_NO and isinstance(value, bool):
        return "Yes" if value else "No"
    if kind == CHOICE:
        return dict(choices).get(value, str(value))
    return str(value)


def _line_text(item) -> str:
    """One item of a list as its line: an item that itself starts like a bullet gets one more, which reading takes off."""
    text = str(item)
    return f"- {text}" if _BULLET.match(text) else text


def _block_text(form_field: FormField, item: dict) -> str:
    by_key = {member.key: member for member in form_field.members}
    return "\n".join(f"{by_key[key].title}: {_scalar_text(by_key[key].kind, value, by_key[key].choices)}"
                     for key, value in item.items() if key in by_key)


def from_text(form_field: FormField, text: str, current=ABSENT) -> Reading:
    """The value `text` holds for `form_field` (ABSENT when empty). `current` is the
    record's value before a correction: a `source` of one line stays a list if it was one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text or text == NO_RESPONSE:
        return Reading(ABSENT)
    kind = form_field.kind
    if kind == LONG_TEXT:
        return Reading(text)
    if kind in (TEXT, NUMBER, YES_NO, CHOICE):
        return Reading(_scalar(kind, " ".join(text.split("\n")).strip() if kind != TEXT else text, form_field.choices))
    if kind == BLOCKS:
        return _blocks(form_field, text)
    lines = [_BULLET.sub("", line, count=1).strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if kind == CHOICES:
        return Reading(_terms(lines, form_field.choices))
    if kind == SOURCE and len(lines) == 1 and not isinstance(current, list):
        return Reading(lines[0])
    return Reading(lines)


def _scalar(kind: str, text: str, choices):
    """A single value; text that is not one (a number that is not a number) is kept for validation to explain."""
    if kind == NUMBER:
        if re.fullmatch(r"[-+]?\d+", text):
            return int(text)
        if re.fullmatch(r"[-+]?\d+\.\d+", text):
            return float(text)
        return text
    if kind == YES_NO:
        word = text.strip().rstrip(".").casefold()
        return True if word in YES_WORDS else False if word in NO_WORDS else text
    if kind == CHOICE:
        return _term(text, choices)
    return text


def _folded(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def _term(text: str, choices) -> str:
    """The stored value for a choice typed as its name or its id (any case); otherwise the text as typed."""
    wanted = _folded(text)
    for value, name in choices:
        if wanted in (_folded(value), _folded(name)):
            return value
    return text.strip()


def _terms(lines: list[str], choices) -> list[str]:
    """One term per line; a line of several names separated by commas is read as several."""
    found: list[str] = []
    known = {_folded(v) for v, _ in choices} | {_folded(n) for _, n in choices}
    for line in lines:
        parts = [line]
        if _folded(line) not in known and "," in line:
            pieces = [piece.strip() for piece in line.split(",") if piece.strip()]
            if all(_folded(piece) in known for piece in pieces):
                parts = pieces
        for part in parts:
            term = _term(part, choices)
            if term not in found:
                found.append(term)
    return found


def _blocks(form_field: FormField, text: str) -> Reading:
    by_title = {}
    for member in form_field.members:
        by_title[_folded(member.title)] = member
        by_title.setdefault(_folded(member.key), member)
        by_title.setdefault(_folded(member.key.replace("_", " ")), member)
    titles = ", ".join(f"'{member.title}:'" for member in form_field.members)
    items, problems = [], []
    for block in re.split(r"\n\s*\n", text):
        item: dict = {}
        for line in block.split("\n"):
            line = line.strip()
            if not line:
                continue
            match = _KEY_LINE.match(line) or _KEY_LINE.match(_BULLET.sub("", line, count=1))
            member = by_title.get(_folded(match.group(1))) if match else None
            if member is None:
                problems.append(f"the line '{_short(line)}' does not start with one of {titles}; write each part on its own line, "
                                f"e.g. '{form_field.members[0].title}: ...', and leave a blank line between items")
                continue
            if member.key in item:
                problems.append(f"'{member.title}:' appears twice in one item; leave a blank line between items")
                continue
            value = (match.group(2) or "").strip()
            if value:
                item[member.key] = _scalar(member.kind, value, member.choices)
        if item:
            items.append({member.key: item[member.key] for member in form_field.members if member.key in item})
    return Reading(items or ABSENT, problems)


_KEY_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9 _+'()-]*?)\s*:(?:\s+(.*)|)$")


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


# ----------------------------------------------------------------------------
# Records as answers, and back
# ----------------------------------------------------------------------------

def answers_for(record: dict, fields) -> dict[str, str]:
    """form field id -> the text that fills it in for `record` (only fields the record has)."""
    answers = {}
    for form_field in fields:
        text = to_text(form_field, value_at(record, form_field.path))
        if text:
            answers[form_field.id] = text
    return answers


def record_from(values: dict[tuple[str, ...], object], fields) -> dict:
    """A record from values by path, in the schema's order (groups made when one of their members has a value)."""
    record: dict = {}
    for form_field in fields:
        value = values.get(form_field.path, ABSENT)
        if value is ABSENT:
            continue
        here = record
        for step in form_field.path[:-1]:
            here = here.setdefault(step, {})
        here[form_field.path[-1]] = value
    return record


def form_noun(record_type: RecordType) -> str:
    """What the forms call one record of this type: 'service', 'training course'."""
    return "training course" if record_type.key == "training" else record_type.noun


def correction_form_file(record_type: RecordType) -> str:
    """The file name of the form for correcting a record of this type: 'correct-a-service.yml'."""
    return f"correct-a-{record_type.noun.replace(' ', '-')}.yml"


def addition_form_file(record_type: RecordType) -> str:
    """The file name of the form for adding a record of this type: 'add-a-service.yml'."""
    return f"add-a-{record_type.noun.replace(' ', '-')}.yml"


# GitHub answers 414 (URI Too Long) above a length it does not document; people
# who met it report 8,191 bytes (github/docs#5136). Links stay under this.
LINK_BUDGET = 8000


def prefill_query(record: dict, fields, room: int) -> str:
    """The query string ('&id=childline&name=Childline...') that fills a form in with `record`'s values,
    the longest replaced by KEEP until it fits in `room` characters (reading KEEP back keeps the value).
    Form ids need no escaping; each value is percent-encoded once."""
    encoded = {key: _quoted(text) for key, text in answers_for(record, fields).items()}
    total = sum(len(key) + len(value) + 2 for key, value in encoded.items())
    keep = _quoted(KEEP)
    for key in sorted(encoded, key=lambda k: len(encoded[k]), reverse=True):
        if total <= room:
            break
        if key != "id":
            total -= len(encoded[key]) - len(keep)
            encoded[key] = keep
    return "".join(f"&{key}={value}" for key, value in encoded.items())


@cache
def _cached_quote(text: str) -> str:
    return quote(text, safe="")


def _quoted(text: str) -> str:
    """Percent-encoded; short values (names of terms, yes and no) repeat across records, so they are remembered."""
    return _cached_quote(text) if len(text) <= 80 else quote(text, safe="")
