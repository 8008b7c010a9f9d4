"""`hub new <record type>`: add a blank record for a contributor to fill in.

The record gets the next free id (`new-service-1`, unique across every record
type) and every required field of its schema, each holding a placeholder the
validator rejects until it is filled: "" for text, [] for lists, {} for
groups of fields that need at least one, "YYYY-MM-DD" for dates. Each
placeholder carries a `# TODO:` comment saying what goes there.

The record is added as text after the last record of the file's list, so
the file's comments, blank lines and order stay exactly as they were; the
file is never re-dumped.
"""

from __future__ import annotations

import contextlib
import gc
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from hub.records.kinds import BY_KEY, RECORD_TYPES
from hub.records.mistakes import PLACEHOLDER_DATE
from hub.records.schemas import inlined
from hub.records.yamlsource import SourceFile, parse_yaml, parse_yaml_nodes, read_yaml

# What contributors type (`hub new service`) -> the data file (and its list) the record goes in.
KINDS = {record_type.noun: record_type.key for record_type in RECORD_TYPES}


class ScaffoldError(Exception):
    """Why a record could not be added; the file is left as it was."""


@dataclass
class Added:
    file: str  # e.g. "data/services.yaml"
    line: int  # where the new record ("- id: ...") starts
    record_id: str
    fields: list[tuple[int, str, str]] = field(default_factory=list)  # (line, field, what to write)
    optional: list[str] = field(default_factory=list)


def new_record(root: Path | str, kind: str, record_id: str | None = None) -> Added:
    """Append a placeholder record of `kind` ('service', 'resource' or 'campaign')."""
    root = Path(root)
    plural = KINDS.get(kind, kind if kind in BY_KEY else None)
    if plural is None:
        raise ScaffoldError(f"'{kind}' is not a record type; use one of: {', '.join(KINDS)}")
    path = root / "data" / f"{plural}.yaml"
    label = f"data/{plural}.yaml"
    if not path.is_file():
        raise ScaffoldError(f"{label} does not exist")

    # The file is read once, with the loader `hub validate` uses (LibYAML): its
    # records, their lines and the document's layout for inserting the text.
    raw = path.read_bytes()
    with _collector_paused():
        source, document, text = parse_yaml_nodes(raw, label)
    if document is None:
        raise ScaffoldError(f"{source.problems[-1]}; fix it first (`hub validate` lists every problem)")
    if text != raw.decode("utf-8-sig"):
        raise ScaffoldError(f"{label} is indented or spaced with invisible characters; fix them first: `hub validate` says where")

    schema_dir = (root / "data" / "schemas").resolve()
    record_schema = _record_schema(schema_dir, plural)
    taken = ids_in_use(root, {plural: source})
    given = record_id is not None
    if record_id is None:
        record_id = _next_free_id(BY_KEY[plural].noun, taken)
    elif not _usable_id(record_schema["properties"]["id"], record_id):
        raise ScaffoldError(f"'{record_id}' is not a usable id: use {record_schema['properties']['id'].get('x-hint', 'the form the schema gives')}")
    elif record_id in taken:
        raise ScaffoldError(f"id '{record_id}' is already used by {taken[record_id]}; choose another")
    vocab = _vocabularies(root)

    bom = raw.startswith(b"\xef\xbb\xbf")
    newline = "\r\n" if "\r\n" in text else "\n"
    updated = insert_record(text, label, plural, lambda dash, content: _render(record_schema, record_id, given, vocab, dash, content),
                            document=document, newline=newline)

    # Check the result reads back with the new record last in the list before keeping it.
    encoded = (b"\xef\xbb\xbf" if bom else b"") + updated.encode("utf-8")
    with _collector_paused():
        check = parse_yaml(encoded, label)
    records = check.data.get(plural) if isinstance(check.data, dict) else None
    before = source.data.get(plural) if isinstance(source.data, dict) else None
    before = before or []
    if (not isinstance(records, list) or not records or records[:-1] != before
            or not isinstance(records[-1], dict) or records[-1].get("id") != record_id):
        raise ScaffoldError(f"could not add the record to {label} without changing its other records; add it by hand (copy an existing record)")
    path.write_bytes(encoded)

    index = len(records) - 1
    line = check.line_of((plural, index))
    added = Added(label, line, record_id)
    if not given:
        added.fields.append((check.line_of((plural, index, "id")), "id",
                             f"'{record_id}' is a placeholder: change it now to a short permanent name (lower-case letters, digits and hyphens); "
                             "it becomes the page address and never changes once published"))
    for name, hint in _field_hints(record_schema, vocab):
        added.fields.append((check.line_of((plural, index, name)), name, hint))
    added.optional = [name for name in record_schema.get("properties", {}) if name not in record_schema.get("required", [])]
    return added


@contextlib.contextmanager
def _collector_paused():
    """Reading a large file makes many small containers and no cycles: the garbage
    collector would only look through them again and again (as hub.records.loader)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


# ----------------------------------------------------------------------------
# Ids
# ----------------------------------------------------------------------------

def ids_in_use(root: Path, read: dict[str, SourceFile] | None = None) -> dict[str, str]:
    """id -> "data/<file>.yaml:<line>" for every record of every type that can be read
    (files already `read` are not read again)."""
    taken: dict[str, str] = {}
    for kind in BY_KEY:
        source = (read or {}).get(kind) or read_yaml(str(root / "data" / f"{kind}.yaml"), f"data/{kind}.yaml")
        records = source.data.get(kind) if isinstance(source.data, dict) else None
        for index, record in enumerate(records if isinstance(records, list) else []):
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                taken.setdefault(record["id"], f"{source.path}:{source.line_of((kind, index))}")
    return taken


def _usable_id(schema: dict, record_id: str) -> bool:
    """Whether `record_id` is an id as the schema's `id` field defines it (its pattern and length)."""
    return re.search(schema.get("pattern", ""), record_id) is not None and len(record_id) <= schema.get("maxLength", len(record_id))


def _next_free_id(word: str, taken) -> str:
    number = 1
    while f"new-{word}-{number}" in taken:
        number += 1
    return f"new-{word}-{number}"


# ----------------------------------------------------------------------------
# The record's text
# ----------------------------------------------------------------------------

def _record_schema(schema_dir: Path, plural: str) -> dict:
    return inlined(schema_dir, plural)["properties"][plural]["items"]


def _vocabularies(root: Path) -> dict:
    source = read_yaml(str(root / "data" / "vocabularies.yaml"))
    return source.data if isinstance(source.data, dict) else {}


def _placeholder(schema: dict) -> str:
    """YAML text for a value the schema `schema` rejects."""
    kind = schema.get("type")
    if kind == "array":
        return "[]"  # fails minItems (every required list has one)
    if kind == "object":
        return "{}"  # fails minProperties or the required fields inside
    if schema.get("format") == "date" or "[0-9]{4}-[0-9]{2}-[0-9]{2}" in schema.get("pattern", ""):
        return f'"{PLACEHOLDER_DATE}"'  # fails the date pattern, and `hub validate` says it is still the placeholder
    return '""'  # fails minLength, a pattern, an enum, a vocabulary, or the type itself


def _hint(schema: dict, vocab: dict) -> str:
    text = (schema.get("description") or schema.get("x-hint") or "").strip()
    allowed = _allowed(schema, vocab)
    if allowed and not all(value in text for value in allowed):
        text += f" One or more of: {', '.join(allowed)}." if schema.get("type") == "array" else f" One of: {', '.join(allowed)}."
    if schema.get("type") == "object" and "properties" in schema and not schema.get("required"):
        text += f" Give at least one of: {', '.join(schema['properties'])}."
    return " ".join(text.split())


def _allowed(schema: dict, vocab: dict) -> list[str]:
    target = schema.get("items", schema) if schema.get("type") == "array" else schema
    if "enum" in target:
        return [str(value) for value in target["enum"]]
    terms = vocab.get(target.get("x-vocabulary", ""))
    if isinstance(terms, list):
        return [str(term.get("id")) for term in terms if isinstance(term, dict)]
    return []


def _field_schemas(record_schema: dict):
    for name in record_schema.get("required", []):
        if name != "id":
            yield name, record_schema["properties"].get(name, {})


def _field_hints(record_schema, vocab):
    for name, schema in _field_schemas(record_schema):
        yield name, _hint(schema, vocab)


def _render(record_schema, record_id, given, vocab, dash: int, content: int) -> list[str]:
    """The record's lines: '- ' at column `dash`, its fields at column `content`."""
    todo = "" if given else "  # TODO: change to a short permanent name before publishing"
    lines = [" " * dash + "- " + " " * (content - dash - 2) + f"id: {record_id}{todo}"]
    for name, schema in _field_schemas(record_schema):
        lines += _field_lines(name, schema, vocab, content)
    return lines


def _field_lines(name, schema, vocab, indent: int) -> list[str]:
    pad = " " * indent
    nested = [key for key in schema.get("required", []) if key in schema.get("properties", {})]
    if schema.get("type") == "object" and nested and not schema.get("minProperties"):
        out = [f"{pad}{name}:  # TODO: {_hint(schema, vocab)}"]
        for key in nested:
            out += _field_lines(key, schema["properties"][key], vocab, indent + 2)
        return out
    return [f"{pad}{name}: {_placeholder(schema)}  # TODO: {_hint(schema, vocab)}"]


# ----------------------------------------------------------------------------
# Inserting text
# ----------------------------------------------------------------------------

def list_nodes(text: str, label: str, plural: str, document: yaml.Node | None = None) -> tuple[yaml.Node, yaml.Node]:
    """The key and value nodes of the top-level list `plural` in `text`; `document` is `text`
    already composed (hub new has it from its one reading), else `text` is composed here."""
    if document is None:
        try:
            document = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as error:
            raise ScaffoldError(f"{label} is not valid YAML; run `hub validate` and fix it first ({error})") from None
    if not isinstance(document, yaml.MappingNode):
        raise ScaffoldError(f"{label} does not hold a '{plural}:' list; run `hub validate` and fix it first")
    entry = next(((key, value) for key, value in document.value if isinstance(key, yaml.ScalarNode) and key.value == plural), None)
    if entry is None:
        raise ScaffoldError(f"{label} has no '{plural}:' list; run `hub validate` and fix it first")
    return entry


def insert_record(text: str, label: str, plural: str, render, after: int | None = None,
                  document: yaml.Node | None = None, newline: str = "\n") -> str:
    """`text` with the rendered record added to the top-level list `plural`: after its record
    number `after` (default: the last), a blank line before it, lines ending in `newline`."""
    key, value = list_nodes(text, label, plural, document)

    if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
        first = value.value[0]
        dash = value.start_mark.column
        content = first.start_mark.column if isinstance(first, yaml.MappingNode) and first.start_mark.column > dash else dash + 2
        end = _line_end(text, _content_end(text, value.value[-1 if after is None else after]))
        block = newline + newline.join(render(dash, content)) + newline
        if not text.endswith("\n") and end == len(text):
            block = newline + block
        return text[:end] + block + text[end:]
    empty_flow = isinstance(value, yaml.SequenceNode) and value.flow_style and not value.value
    empty_null = isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:null" and value.value in ("", "~", "null")
    if empty_flow or empty_null:
        # `services: []` or `services:` -> `services:` followed by the record.
        if value.value == "" and empty_null:
            start = stop = key.end_mark.index + 1  # after "services:"
        else:
            start, stop = value.start_mark.index, value.end_mark.index
        text = text[:start].rstrip(" ") + text[stop:]
        end = _line_end(text, start if start <= len(text) else len(text))
        dash = key.start_mark.column + 2
        block = newline.join(render(dash, dash + 2)) + newline
        if not text[:end].endswith("\n"):
            block = newline + block
        return text[:end] + block + text[end:]
    raise ScaffoldError(f"the '{plural}:' list in {label} is not written one record per '- ' line; add the record by hand")


def _content_end(text: str, node: yaml.Node) -> int:
    """Where the last character of `node`'s own text is (not counting blank lines or comments after it)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    return len(text[: node.end_mark.index].rstrip())


def _line_end(text: str, index: int) -> int:
    """The index just after the newline ending the line that holds `index`."""
    newline = text.find("\n", max(index - 1, 0))
    return len(text) if newline == -1 else newline + 1


def describe(added: Added, kind: str) -> str:
    """What `hub new` prints: where the record went and what to fill in."""
    plural = KINDS.get(kind, kind)
    lines = [
        f"hub new: added {kind} '{added.record_id}' to {added.file} at line {added.line}.",
        "Fill in these fields; `hub validate` reports each one until it is filled:",
    ]
    lines += [f"  {added.file}:{line}: {name}: {hint}" for line, name, hint in added.fields]
    if added.optional:
        lines.append(f"Optional fields you may add: {', '.join(added.optional)}.")
    lines.append(f"Every field is explained in the field reference (contribute/fields/{plural}/ on the site, "
                 f"or data/schemas/{plural}.schema.json). Then run `make validate`.")
    return "\n".join(lines)


# ----------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------

def add_command(commands) -> None:
    new = commands.add_parser("new", help=f"add a blank {' or '.join(KINDS)} to data/ for you to fill in")
    new.add_argument("kind", choices=tuple(KINDS), help="the type of record")
    new.add_argument("--id", dest="record_id", help="the record's permanent id (default: the next free new-<type>-N)")
    new.set_defaults(run=run_new)


def run_new(args) -> int:
    try:
        added = new_record(Path(args.root), args.kind, args.record_id)
    except ScaffoldError as error:
        print(f"hub new failed: {error}", file=sys.stderr)
        return 1
    print(describe(added, args.kind))
    return 0
