"""The JSON Schemas in data/schemas/: the single source of truth for fields.

Schemas may carry three keywords of our own, which JSON Schema ignores and
the cross-record checks use: `x-vocabulary` (the value is a term from
vocabularies.yaml), `x-ref` (an id of another record type) and `x-file`
(a file under resources/). `x-hint` is the plain-English form a value
should take, used in error messages and the field reference.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

_BASE = "file:///hub-schemas/"


@cache
def load_schemas(schema_dir: Path) -> dict[str, dict]:
    """Every `<name>.schema.json` in `schema_dir`, by name."""
    return {
        path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(Path(schema_dir).glob("*.schema.json"))
    }


@cache
def validator_for(schema_dir: Path, name: str) -> Draft202012Validator:
    schemas = load_schemas(schema_dir)
    registry = Registry().with_resources(
        (_BASE + f"{other}.schema.json", Resource.from_contents(schema)) for other, schema in schemas.items()
    )
    root = {**schemas[name], "$id": _BASE + f"{name}.schema.json"}
    return Draft202012Validator(root, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


def resolve(schema_dir: Path, name: str, schema: dict) -> tuple[str, dict]:
    """Follow `$ref`s from `schema` (which lives in schema `name`) to a schema with content."""
    while "$ref" in schema:
        target, _, pointer = schema["$ref"].partition("#")
        name = target.removesuffix(".schema.json") or name
        schema = load_schemas(schema_dir)[name]
        for step in filter(None, pointer.split("/")):
            schema = schema[step]
    return name, schema


def merged(schema_dir: Path, name: str, schema: dict) -> dict:
    """`schema` with its `$ref` followed, keeping the keywords written beside
    the `$ref` (a field's own description overrides its type's)."""
    own = {key: value for key, value in schema.items() if key != "$ref"}
    return {**resolve(schema_dir, name, schema)[1], **own}


def at_path(schema_dir: Path, name: str, schema_path) -> dict:
    """The schema reached by following `schema_path` (a jsonschema error's) from the root of `name`."""
    name, schema = resolve(schema_dir, name, load_schemas(schema_dir)[name])
    for step in schema_path:
        if step == "$ref":
            name, schema = resolve(schema_dir, name, schema)
            continue
        schema = schema[step]
    return resolve(schema_dir, name, schema)[1] if isinstance(schema, dict) else schema


def each_value(schema_dir: Path, name: str, data):
    """Yield (schema, value, place) for every value in `data` that the schema describes."""
    yield from _walk(schema_dir, name, load_schemas(schema_dir)[name], data, ())


def _walk(schema_dir, name, schema, value, place):
    name, schema = resolve(schema_dir, name, schema)
    yield schema, value, place
    if isinstance(value, dict):
        for key, item in value.items():
            if key in schema.get("properties", {}):
                yield from _walk(schema_dir, name, schema["properties"][key], item, place + (key,))
    elif isinstance(value, list) and isinstance(schema.get("items"), dict):
        for index, item in enumerate(value):
            yield from _walk(schema_dir, name, schema["items"], item, place + (index,))
