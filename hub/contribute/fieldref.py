"""The contributors' field reference, generated from the JSON Schemas alone."""

from __future__ import annotations

import json
from pathlib import Path

from hub.records.kinds import BY_KEY, OTHER_FILES
from hub.records.schemas import inlined, load_schemas

# The data files contributors edit, in the order the reference lists them.
DOCUMENTED = (*BY_KEY, *OTHER_FILES, "vocabularies")

_TYPE_WORDS = {"string": "text", "integer": "whole number", "number": "number", "boolean": "true or false",
               "array": "list", "object": "group of fields"}


def documented_files(schema_dir: Path) -> list[dict]:
    """One entry per documented data file: its name, title, description and field rows."""
    schema_dir = Path(schema_dir).resolve()
    schemas = load_schemas(schema_dir)
    return [{"name": name, "file": f"data/{name}.yaml", "title": schemas[name]["title"],
             "description": schemas[name]["description"], "schema": schemas[name], "rows": field_rows(schema_dir, name)}
            for name in DOCUMENTED]


def field_rows(schema_dir: Path, name: str) -> list[dict]:
    """One row per field, nested fields as dotted paths (`contact.phone`, `services[].id`)."""
    rows: list[dict] = []
    _collect_children(inlined(schema_dir, name), "", rows)
    return rows


def _collect_children(schema, path, rows):
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        # A list of groups of fields: its fields are written `list[].field`.
        schema, path = schema["items"], path + "[]"
    if schema.get("type") != "object":
        return
    needed = set(schema.get("required", []))
    for field, sub in schema.get("properties", {}).items():
        field_path = f"{path}.{field}" if path else field
        rows.append(_row(field_path, field in needed, sub))
        _collect_children(sub, field_path, rows)


def _type_words(kind: str, items: dict) -> str:
    if kind == "array" and items.get("type") in _TYPE_WORDS and items.get("type") != "object":
        return f"list of {_TYPE_WORDS[items['type']]}"
    return _TYPE_WORDS.get(kind, kind or "see description")


def _row(path: str, required: bool, schema: dict) -> dict:
    kind = schema.get("type", "")
    items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
    if isinstance(kind, list):  # e.g. `source`: one text, or a list of them
        type_words = " or ".join(_type_words(k, items) for k in kind)
    else:
        type_words = _type_words(kind, items)
    allowed = ""
    vocabulary = schema.get("x-vocabulary") or items.get("x-vocabulary")
    if "enum" in schema:
        allowed = ", ".join(map(str, schema["enum"]))
    elif vocabulary:
        allowed = f"ids from '{vocabulary}' in vocabularies.yaml"
    elif schema.get("x-ref") or items.get("x-ref"):
        allowed = f"ids of records in {(schema.get('x-ref') or items.get('x-ref'))}.yaml"
    elif "x-hint" in schema:
        allowed = schema["x-hint"]
    if schema.get("x-reading-age") and "x-max-words" in schema:  # a rule for young people's words, not guidance
        limit = f"at most {schema['x-max-words']} words"
        allowed = f"{allowed}; {limit}" if allowed else limit
    examples = schema.get("examples") or []
    return {
        "field": path,
        "required": required,
        "type": type_words,
        "allowed": allowed,
        "description": schema.get("description", ""),
        "example": json.dumps(examples[0], ensure_ascii=False) if examples else "",
    }


def field_reference_pages(hub) -> list[dict]:
    """The contributors' field reference as page specs: an index and one page per data file."""
    files = documented_files(hub.root / "data" / "schemas")
    pages = [{"path": "contribute/fields/index.md", "title": "Field reference", "template": "fields_index.html",
              "context": {"files": files}, "searchable": False}]
    pages += [{"path": f"contribute/fields/{f['name']}.md", "title": f"Fields of {f['name']}.yaml", "template": "fields.html",
               "context": f, "searchable": False} for f in files]
    return pages
