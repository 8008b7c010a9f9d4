"""The field reference is generated from the schemas: every field, nothing by hand."""

import html
import json
import re

import pytest

from hub.contribute.fieldref import DOCUMENTED, field_rows
from tests.conftest import REPO

SCHEMAS = (REPO / "data" / "schemas").resolve()


def _schema_fields(name):
    """Every property path in a raw schema file, following $refs by hand (independent of hub.records.schemas)."""
    defs = {}
    for file in SCHEMAS.glob("*.schema.json"):
        for key, value in json.loads(file.read_text()).get("$defs", {}).items():
            defs[f"{file.name}#/$defs/{key}"] = value

    def follow(node, file):
        while "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            file = target or file
            node = {**defs[f"{file}#{pointer}"], **{k: v for k, v in node.items() if k != "$ref"}}
        return node, file

    def walk(node, file, prefix):
        node, file = follow(node, file)
        if node.get("type") == "array" and isinstance(node.get("items"), dict):
            items, item_file = follow(node["items"], file)
            if items.get("type") == "object":
                node, file, prefix = items, item_file, prefix + "[]"
        for name, sub in node.get("properties", {}).items():
            full = f"{prefix}.{name}" if prefix else name
            yield full
            yield from walk(sub, file, full)

    file = f"{name}.schema.json"
    return list(walk(json.loads((SCHEMAS / file).read_text()), file, ""))


@pytest.mark.parametrize("name", DOCUMENTED)
def test_every_schema_field_has_a_row_with_its_description(name):
    rows = {row["field"]: row for row in field_rows(SCHEMAS, name)}
    assert sorted(rows) == sorted(_schema_fields(name))
    assert all(row["description"] for row in rows.values()), "every field is described for contributors"


@pytest.mark.parametrize("name", DOCUMENTED)
def test_the_built_reference_page_lists_every_field(built_site, name):
    markup = html.unescape((built_site / "contribute" / "fields" / name / "index.html").read_text(encoding="utf-8"))
    listed = re.findall(r"<tr><td><code>([^<]+)</code></td>", markup)
    assert listed == [row["field"] for row in field_rows(SCHEMAS, name)]


def test_required_fields_and_allowed_values_come_from_the_schema():
    rows = {row["field"]: row for row in field_rows(SCHEMAS, "services")}
    assert rows["services[].last_reviewed"]["required"] is True
    assert rows["services[].contact.webchat_url"]["required"] is False
    assert rows["services[].coverage.area"]["allowed"] == "national, region, districts"
    assert "districts" in rows["services[].coverage.districts"]["allowed"]
    assert "UK phone number" in rows["services[].contact.phone"]["allowed"]


def test_readme_first_screen_gives_the_two_commands_and_both_are_make_targets():
    first_screen = "\n".join((REPO / "README.md").read_text().splitlines()[:25])
    makefile = (REPO / "Makefile").read_text()
    for command in ("make site", "make test"):
        assert command in first_screen
        assert re.search(rf"^{command.split()[1]}:", makefile, re.M)


def test_young_peoples_word_limits_are_listed_as_rules():
    common = json.loads((SCHEMAS / "common.schema.json").read_text(encoding="utf-8"))["$defs"]
    summary_limit = common["young_people_service"]["properties"]["summary"]["x-max-words"]
    rows = {row["field"]: row for row in field_rows(SCHEMAS, "services")}
    assert rows["services[].young_people.summary"]["allowed"] == f"at most {summary_limit} words"
    assert "words" not in rows["services[].description"]["allowed"], "elsewhere a length is guidance, warned about"
