"""The JSON Schemas in data/schemas/: the single source of truth for fields.

Schemas may carry keywords of our own, which JSON Schema ignores and the
cross-record checks use: `x-vocabulary` (the value is a term from
vocabularies.yaml), `x-ref` (an id of another record type) and `x-file`
(a file under resources/). `x-hint` is the plain-English form a value
should take, used in error messages and the field reference. The issue forms
(hub/records/formfields.py) read `title` (a field's name in words),
`x-markdown` (long text: a text box) and `x-enum-names` (the words shown for
an `enum`'s values).

The schema files use `$ref`s (to their own `$defs` and to common.schema.json)
so editors can follow them; the hub works on each schema with its `$ref`s
replaced by what they point to, which is simpler to walk and much faster to
validate against.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import jsonschema_rs
from jsonschema import Draft202012Validator


@cache
def load_schemas(schema_dir: Path) -> dict[str, dict]:
    """Every `<name>.schema.json` in `schema_dir`, by name, as written."""
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(schema_dir).glob("*.schema.json"))
    }


@cache
def inlined(schema_dir: Path, name: str) -> dict:
    """Schema `name` with every `$ref` replaced by its target (our schemas are not recursive)."""
    return _merged(schema_dir, name, load_schemas(schema_dir)[name])


def _merged(schema_dir: Path, name: str, schema):
    """`schema` (found in schema `name`) with its `$ref`s followed, keeping the
    keywords written beside a `$ref` (a field's own description wins)."""
    if isinstance(schema, list):
        return [_merged(schema_dir, name, item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        target_name, target = _target(schema_dir, name, schema["$ref"])
        own = {key: value for key, value in schema.items() if key != "$ref"}
        return {**_merged(schema_dir, target_name, target), **_merged(schema_dir, name, own)}
    return {key: _merged(schema_dir, name, value) for key, value in schema.items() if key != "$defs"}


def _target(schema_dir: Path, name: str, ref: str) -> tuple[str, dict]:
    file, _, pointer = ref.partition("#")
    name = file.removesuffix(".schema.json") or name
    schema = load_schemas(schema_dir)[name]
    for step in filter(None, pointer.split("/")):
        schema = schema[step]
    return name, schema


@cache
def validator_for(schema_dir: Path, name: str) -> Draft202012Validator:
    """The validator whose errors the hub explains, one by one, in plain English."""
    return Draft202012Validator(inlined(schema_dir, name), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def quick_validator_for(schema_dir: Path, name: str):
    """A compiled validator (jsonschema-rs) for the same schema: it only says
    whether a file is valid, tens of times faster. Most files are, and then
    the explaining validator has nothing to explain."""
    return jsonschema_rs.validator_for(inlined(schema_dir, name), validate_formats=True)


def uses_keyword(schema_dir: Path, name: str, keyword: str) -> bool:
    """Whether schema `name` uses `keyword` anywhere: checks that act on one keyword
    skip the walk over a file whose schema never asks for them."""
    return _holds(inlined(schema_dir, name), keyword)


# (id of a part of an inlined schema, keyword) -> whether that part uses the keyword.
# Inlined schemas are cached for the life of the process, so their ids are stable.
_HOLDS: dict[tuple[int, str], bool] = {}


def _holds(schema, keyword: str) -> bool:
    key = (id(schema), keyword)
    if key not in _HOLDS:
        if isinstance(schema, dict):
            _HOLDS[key] = keyword in schema or any(_holds(value, keyword) for value in schema.values())
        else:
            _HOLDS[key] = isinstance(schema, list) and any(_holds(value, keyword) for value in schema)
    return _HOLDS[key]


def at_path(schema_dir: Path, name: str, schema_path) -> dict:
    """The part of schema `name` that a jsonschema error's `schema_path` leads to."""
    schema = inlined(schema_dir, name)
    for step in schema_path:
        schema = schema[step]
    return schema


def each_value(schema_dir: Path, name: str, data, keyword: str | None = None):
    """Yield (schema, value, place) for every value in `data` that the schema
    describes, parents before their children, in document order. With `keyword`,
    only into the parts whose schema uses it: a check that acts on one keyword
    (such as the young people's words, in one part of each service) reads those
    parts, not every value of a large file.

    Walked with a stack, not recursion: every check that reads the values
    (there are several) pays one generator step per value, however deep."""
    stack = [(inlined(schema_dir, name), data, ())]
    while stack:
        schema, value, place = stack.pop()
        yield schema, value, place
        if isinstance(value, dict):
            properties = schema.get("properties", {})
            children = [(properties[key], item, place + (key,)) for key, item in value.items()
                        if key in properties and (keyword is None or _holds(properties[key], keyword))]
        elif isinstance(value, list) and isinstance(schema.get("items"), dict) and (keyword is None or _holds(schema["items"], keyword)):
            items = schema["items"]
            children = [(items, item, place + (index,)) for index, item in enumerate(value)]
        else:
            continue
        stack.extend(reversed(children))
