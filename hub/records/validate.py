"""Checks on the records: each file against its schema, then rules across records.

Every check yields Problems in plain English; none stops at the first.

Schemas may carry keywords of our own that these rules act on (see
hub/schemas.py): `x-vocabulary`, `x-ref`, `x-file` and `x-local-time` (a
date and time in UK time that must exist on the clock).
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from hub.records.dates import parse_date, review_due
from hub.records.kinds import BY_KEY
from hub.records.lookalikes import has_visible_text, without_invisible
from hub.records.problems import Problem
from hub.records.schemas import at_path, each_value, inlined, quick_validator_for, validator_for
from hub.records.sessions import LOCAL_TIME, TIDY_AFTER_DAYS, exists_in_uk, parse_local
from hub.records.text import long_date
from hub.records.yamlsource import SourceFile, dotted

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list (lines starting with '- ')",
    "object": "a group of fields (name: value lines)",
    "boolean": "true or false",
    "null": "nothing",
}


# ----------------------------------------------------------------------------
# Schema checks
# ----------------------------------------------------------------------------

def schema_problems(schema_dir: Path, name: str, source: SourceFile):
    """Yield a Problem for each way `source` breaks the schema `name`.

    Values already refused or explained (source.refused) get no second
    message, and a field written at the wrong indentation gets one message
    saying where it belongs, not a second one saying it is missing there."""
    if quick_validator_for(schema_dir, name).is_valid(source.data):
        found = []
    else:
        found = [error for error in validator_for(schema_dir, name).iter_errors(source.data) if not source.is_refused(tuple(error.absolute_path))]
    moves = _misplaced_fields(schema_dir, name, source, found)
    for error in found:
        yield from _explain(schema_dir, name, source, error, moves)
    yield from invisible_text_problems(schema_dir, name, source)


@dataclass
class _Moves:
    """Fields written at the wrong indentation: where each belongs, and the messages that would follow from it."""

    messages: dict = field(default_factory=dict)  # (place, field) -> what to do
    filled: set = field(default_factory=set)  # (place, field): "missing" here is explained by a move
    explained: set = field(default_factory=set)  # places whose "found nothing" is explained by a move


def _misplaced_fields(schema_dir, name, source, found) -> _Moves:
    moves = _Moves()
    root = inlined(schema_dir, name)
    for error in found:
        if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
            continue
        place = tuple(error.absolute_path)
        allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
        for key in error.instance:
            if key not in allowed:
                message = _where_it_belongs(root, source, place, key, allowed, moves)
                if message:
                    moves.messages[(place, key)] = message
    return moves


def _where_it_belongs(root, source, place, key, allowed, moves) -> str | None:
    """Say where `key`, an unknown field at `place`, belongs, if it is a field one level up or down."""
    here = source.data
    for step in place:
        here = here[step]
    for group, schema in allowed.items():  # one level down: a field of a group such as contact
        if schema.get("type") == "object" and key in schema.get("properties", {}):
            if group not in here:
                moves.filled.add((place, group))
                return f"'{key}' belongs under '{group}:'; add a line '{group}:' above it and indent '{key}:' under it"
            if here[group] is None:
                moves.explained.add(place + (group,))
                return (f"'{key}' belongs under '{group}:', but it is not indented further than '{group}:', "
                        f"so '{group}:' is left empty; indent '{key}:' more than '{group}:' (e.g. 2 more spaces)")
            return f"'{key}' is one of the fields of '{group}', not of the record itself; move it under '{group}:' and line it up with the fields there"
    if place and isinstance(place[-1], str):  # one level up: a field of the record, indented under a group
        parent = place[:-1]
        if key in _schema_at(root, parent).get("properties", {}):
            moves.filled.add((parent, key))
            return f"'{key}' is a field of the record itself, not of '{place[-1]}'; indent it less, lined up with '{place[-1]}:'"
    if not place and isinstance(here, dict):  # at the very start of a line: outside every record
        for list_name, items in here.items():
            item_schema = _schema_at(root, (list_name, 0))
            if isinstance(items, list) and key in item_schema.get("properties", {}):
                line = source.line_of((key,))
                above = [index for index in range(len(items)) if source.line_of((list_name, index)) < line]
                if above:
                    moves.filled.add(((list_name, above[-1]), key))
                return (f"'{key}' starts at the very beginning of the line, so it is outside every record; "
                        "indent it to line up with the fields of the record above it")
    return None


def _schema_at(schema: dict, place) -> dict:
    """The part of `schema` that describes the value at `place`."""
    for step in place:
        if isinstance(step, int):
            schema = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        else:
            schema = schema.get("properties", {}).get(step, {})
    return schema


def _explain(schema_dir, name, source, error, moves: _Moves):
    place = tuple(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}

    def problem(message, where=place, line_place=None):
        return Problem(source.path, source.line_of(line_place or where), dotted(where), message)

    if kind == "required":
        for field_name in expected:
            if isinstance(value, dict) and field_name not in value and (place, field_name) not in moves.filled:
                field_schema = _property(schema_dir, name, error, field_name)
                yield problem(f"'{field_name}' is missing; add it{_example_hint(field_name, field_schema)}", place + (field_name,), place)
    elif kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        for field_name in value:
            if field_name not in allowed:
                message = moves.messages.get((place, field_name)) or f"'{field_name}' is not a field here{did_you_mean(field_name, allowed, 'fields')}"
                yield problem(message, place + (field_name,))
    elif kind == "type" and value is None and place in moves.explained:
        return
    elif kind == "type":
        wanted = expected if isinstance(expected, list) else [expected]
        message = f"expected {' or '.join(_TYPE_WORDS[t] for t in wanted)}, found {describe_value(value)}"
        if "string" in wanted and isinstance(value, (int, float)) and not isinstance(value, bool):
            message += f"; put \"{value}\" in quotes"
        yield problem(message)
    elif kind == "enum":
        yield problem(f"'{value}' is not allowed; use one of: {', '.join(map(str, expected))}{did_you_mean(str(value), expected)}")
    elif kind == "format" and "pattern" in schema and not _matches(schema["pattern"], value):
        return  # the pattern's message already covers this value
    elif kind in ("pattern", "format"):
        hint = schema.get("x-hint") or f"in the {expected} format"
        message = f"'{value}' is not {hint}"
        if kind == "format" and expected == "date":
            message = f"'{value}' is not a real date (write YYYY-MM-DD, e.g. '2026-01-31')"
        elif isinstance(value, str) and ":" in value.split("/")[0] and "web address" in hint and not value.startswith("http"):
            message += f"; only https:// and http:// addresses are allowed, not '{value.split(':')[0]}:'"
        yield problem(message)
    elif kind == "minItems":
        yield problem("the list is empty; add at least one item" if expected == 1 else f"the list needs at least {expected} items")
    elif kind == "uniqueItems":
        yield problem("the list has the same item twice; remove the repeat")
    elif kind == "minLength":
        yield problem("is empty; fill it in" if value == "" else f"'{value}' is too short (at least {expected} characters)")
    elif kind == "maxLength":
        yield problem(f"is too long ({len(value)} characters; at most {expected})")
    elif kind in ("minimum", "maximum"):
        yield problem(f"{value} is {'less' if kind == 'minimum' else 'more'} than {expected}, the {kind} allowed")
    elif kind == "minProperties":
        yield problem("is empty; give at least one of its fields")
    elif kind in ("oneOf", "anyOf", "not"):
        hint = _nearest_hint(schema_dir, name, error)
        yield problem(f"give {hint}" if hint else "this combination of fields is not allowed")
    else:  # pragma: no cover - every keyword our schemas use is handled above
        yield problem(error.message)


def _matches(pattern: str, value) -> bool:
    return isinstance(value, str) and re.search(pattern, value) is not None


def _property(schema_dir, name, error, field) -> dict:
    properties = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    if field in properties:
        return properties[field]
    # A `required` inside if/then: the properties are on the enclosing schema.
    parent = at_path(schema_dir, name, list(error.absolute_schema_path)[:-2])
    return parent.get("properties", {}).get(field, {})


def _nearest_hint(schema_dir, name, error) -> str | None:
    steps = list(error.absolute_schema_path)
    while steps:
        steps.pop()
        schema = at_path(schema_dir, name, steps)
        if isinstance(schema, dict) and "x-hint" in schema:
            return schema["x-hint"]
    return None


def _example_hint(field: str, schema: dict) -> str:
    if schema.get("type") == "array":
        return " (a list of items, each on a line starting with '- ')"
    examples = schema.get("examples")
    if examples and not isinstance(examples[0], (dict, list)):
        return f", e.g. {field}: {examples[0]}"
    return ""


def did_you_mean(word: str, choices, noun: str = "") -> str:
    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    if close:
        return f"; did you mean '{close[0]}'?"
    return f" (allowed {noun}: {', '.join(map(str, choices))})" if noun else ""


def describe_value(value) -> str:
    if value is None:
        return "nothing (the value is empty)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f"the text '{value}'"


# ----------------------------------------------------------------------------
# Rules across records
# ----------------------------------------------------------------------------

def cross_problems(schema_dir: Path, root: Path, sources: dict[str, SourceFile], today: datetime.date):
    """Yield Problems that need more than one record or the file system to see."""
    vocab = sources["vocabularies"].data if isinstance(sources["vocabularies"].data, dict) else {}
    terms = {key: [t.get("id") for t in value if isinstance(t, dict)] for key, value in vocab.items() if isinstance(value, list)}
    ids = {kind: _record_ids(sources.get(kind)) for kind in BY_KEY}

    for name, source in sources.items():
        if not isinstance(source.data, dict):
            continue
        for schema, value, place in each_value(schema_dir, name, source.data):
            if source.is_refused(place):
                continue
            here = lambda message: Problem(source.path, source.line_of(place), dotted(place), message)  # noqa: E731
            if "x-vocabulary" in schema and isinstance(value, str) and name != "vocabularies":
                allowed = terms.get(schema["x-vocabulary"], [])
                if value not in allowed:
                    yield here(f"'{value}' is not one of the {schema['x-vocabulary']} in vocabularies.yaml{did_you_mean(value, allowed, 'terms')}")
            if "x-ref" in schema and schema["x-ref"] in sources and isinstance(value, str) and value not in ids[schema["x-ref"]]:
                yield here(f"there is no record with id '{value}' in {schema['x-ref']}.yaml{did_you_mean(value, list(ids.get(schema['x-ref'], {})))}")
            if schema.get("x-file") and isinstance(value, str):
                message = file_problem(root, value)
                if message:
                    yield here(message)
            if schema.get("x-local-time") and isinstance(value, str):
                message = local_time_problem(value)
                if message:
                    yield here(message)
            if isinstance(value, dict):
                yield from _record_rules(source, place, value, today)
                yield from source_problems(source, place, value)

    yield from _duplicate_ids(sources, ids)
    yield from _duplicate_terms(sources["vocabularies"], terms)


def _duplicate_terms(source: SourceFile, terms: dict[str, list]):
    for key, values in terms.items():
        seen = set()
        for index, term in enumerate(values):
            if term in seen:
                place = (key, index, "id")
                yield Problem(source.path, source.line_of(place), dotted(place), f"'{term}' is defined twice; ids must be unique")
            seen.add(term)


def file_problem(root: Path, relative: str) -> str | None:
    """Why `relative` is not a usable file under resources/, or None if it is."""
    resources = (Path(root) / "resources").resolve()
    if ".." in Path(relative).parts:
        return f"'{relative}' leaves the resources/ folder ('..' is not allowed)"
    path = Path(root)
    for part in Path(relative).parts:
        path = path / part
        if path.is_symlink():
            return f"'{relative}' is or passes through a symbolic link; put the file itself in resources/"
    if not path.resolve().is_relative_to(resources):
        return f"'{relative}' is outside the resources/ folder"
    if not path.is_file():
        return f"'{relative}' does not exist; add the file to the repository or correct the path"
    return None


def local_time_problem(value: str) -> str | None:
    """Why `value` (already YYYY-MM-DD HH:MM, or the schema says so) is not a time on the UK clock, or None."""
    if not LOCAL_TIME.match(value):
        return None  # the schema's pattern reports the form
    moment = parse_local(value)
    if moment is None:
        return f"'{value}' is not a real date and time (write YYYY-MM-DD HH:MM with a 24-hour time, e.g. '2027-03-04 14:30')"
    if not exists_in_uk(moment):
        return (f"'{value}' does not exist in UK time: the clocks go forward an hour that night; "
                "give the time the organiser's page shows")
    return None


def _record_ids(source: SourceFile | None) -> dict[str, tuple]:
    """id -> place of every record in a record file."""
    if source is None or not isinstance(source.data, dict):
        return {}
    kind, records = next(iter(source.data.items()), (None, None))
    out = {}
    for index, record in enumerate(records if isinstance(records, list) else []):
        if isinstance(record, dict) and isinstance(record.get("id"), str):
            out.setdefault(record["id"], (kind, index, "id"))
            if source.is_refused((kind, index, "id")):
                # Already reported (an invisible character, say): references to the id as meant are not errors too.
                out.setdefault(without_invisible(record["id"]), (kind, index, "id"))
    return out


def _duplicate_ids(sources, ids):
    first_seen: dict[str, str] = {}
    for kind in BY_KEY:
        source = sources.get(kind)
        if source is None or not isinstance(source.data, dict) or not isinstance(source.data.get(kind), list):
            continue
        for index, record in enumerate(source.data[kind]):
            record_id = record.get("id") if isinstance(record, dict) else None
            if not isinstance(record_id, str):
                continue
            place = (kind, index, "id")
            if record_id in first_seen:
                yield Problem(source.path, source.line_of(place), dotted(place),
                              f"id '{record_id}' is already used by {first_seen[record_id]}; every record needs its own id")
            else:
                first_seen[record_id] = f"{source.path}:{source.line_of(place)}"


def _record_rules(source, place, record, today):
    here = lambda field, message: Problem(source.path, source.line_of(place + (field,)), dotted(place + (field,)), message)  # noqa: E731
    reviewed = parse_date(record.get("last_reviewed"))
    if reviewed and reviewed > today:
        yield here("last_reviewed", f"{reviewed} is in the future; give the date the record was actually checked")
    ages = record.get("age_range")
    if isinstance(ages, dict) and isinstance(ages.get("min"), int) and isinstance(ages.get("max"), int) and ages["min"] > ages["max"]:
        yield here("age_range", f"min ({ages['min']}) is greater than max ({ages['max']})")
    starts, ends = parse_date(record.get("starts")), parse_date(record.get("ends"))
    if starts and ends and starts > ends:
        yield here("ends", f"{ends} is before the start date {starts}")
    start, end = parse_local(record.get("start")), parse_local(record.get("end"))
    if start and end and end <= start:
        yield here("end", f"'{record['end']}' is not after the start, '{record['start']}'; give when the session finishes")
    if end and end.date() < today - datetime.timedelta(days=TIDY_AFTER_DAYS):
        yield Problem(source.path, source.line_of(place), dotted(place),
                      f"this session ended on {long_date(end.date())}, more than {TIDY_AFTER_DAYS} days ago; delete it "
                      "(the course page already lists it under past dates)", severity="warning")


# ----------------------------------------------------------------------------
# Text a reader can see, and sources that name the page holding the fact
# ----------------------------------------------------------------------------

_WEB_ADDRESS = re.compile(r"https?://", re.I)


def invisible_text_problems(schema_dir: Path, name: str, source: SourceFile):
    """A Problem for each text field that must not be empty but holds nothing visible."""
    if not isinstance(source.data, dict):
        return
    for schema, value, place in each_value(schema_dir, name, source.data):
        if (isinstance(value, str) and len(value) >= schema.get("minLength", 0) > 0 and not has_visible_text(value)
                and not source.is_refused(place)):
            yield Problem(source.path, source.line_of(place), dotted(place),
                          "has no visible text (only spaces or invisible characters); write the text, or leave the field out if it is optional")


def source_problems(source: SourceFile, place: tuple, record: dict):
    """One address per source item, and a warning when every source is only a home page."""
    sources = record.get("source")
    items = sources if isinstance(sources, list) else [sources]
    items = [item for item in items if isinstance(item, str)]
    for index, item in enumerate(items):
        count = len(_WEB_ADDRESS.findall(item))
        if count > 1:
            where = place + (("source", index) if isinstance(sources, list) else ("source",))
            yield Problem(source.path, source.line_of(where), dotted(where),
                          f"holds {count} web addresses in one item; give one address per item, as a list with each on its own '- ' line")
    addresses = [item.strip() for item in items if _WEB_ADDRESS.match(item.strip())]
    if addresses and len(addresses) == len(items) and all(_is_home_page(address) for address in addresses):
        where = place + ("source",)
        yield Problem(source.path, source.line_of(where), dotted(where),
                      f"'{addresses[0]}' is only a home page; give the page that holds the fact (where you found the number, hours or who it is for)",
                      severity="warning")


def _is_home_page(address: str) -> bool:
    parts = urlsplit(address)
    return parts.path in ("", "/") and not parts.query


def review_warnings(sources: dict[str, SourceFile], today: datetime.date, months: int):
    """Warn about each record whose last review is older than `months`."""
    for name, source in sources.items():
        if not isinstance(source.data, dict):
            continue
        for place, record in _records_with_review_date(source.data):
            reviewed = parse_date(record["last_reviewed"])
            if reviewed and review_due(reviewed, months) < today:
                where = place + ("last_reviewed",)
                yield Problem(source.path, source.line_of(where), dotted(where),
                              f"last reviewed {reviewed}, more than {months} months ago; check the record against its source and update the date",
                              severity="warning")


def _records_with_review_date(data):
    for key, value in data.items():
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if isinstance(item, dict) and "last_reviewed" in item:
                yield ((key, index) if isinstance(value, list) else (key,)), item
