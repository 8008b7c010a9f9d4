"""`hub forms`: the issue forms are written from the schemas and vocabularies,
follow GitHub's rules for forms, and the committed ones are what it writes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hub.contribute import forms as form_set
from hub.records.kinds import RECORD_TYPES
from tests.conftest import REPO

FOLDER = REPO / ".github" / "ISSUE_TEMPLATE"


def hub(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), *args], capture_output=True, text=True, timeout=120, cwd=REPO)


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    root = tmp_path / "hub"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(FOLDER, root / ".github" / "ISSUE_TEMPLATE")
    return root


def committed_forms() -> dict[str, dict]:
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(FOLDER.glob("*.yml"))}


# ----------------------------------------------------------------------------
# Drift
# ----------------------------------------------------------------------------

def test_the_committed_forms_are_what_hub_forms_writes():
    result = hub(REPO, "forms", "--check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"hub forms: all {len(form_set.all_forms(REPO))} forms match the schemas"
    assert sorted(committed_forms()) == sorted(form.file for form in form_set.all_forms(REPO))


def test_a_changed_schema_makes_the_check_fail_until_hub_forms_runs(repo_copy):
    schema = repo_copy / "data" / "schemas" / "services.schema.json"
    data = json.loads(schema.read_text(encoding="utf-8"))
    data["$defs"]["service"]["properties"]["cost"]["description"] = "What it costs to use, in pounds."
    schema.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")

    stale = hub(repo_copy, "forms", "--check")
    assert stale.returncode == 1
    assert stale.stderr.splitlines() == [
        ".github/ISSUE_TEMPLATE/add-a-service.yml: differs from what `hub forms` writes; run `hub forms` and commit the result",
        ".github/ISSUE_TEMPLATE/correct-a-service.yml: differs from what `hub forms` writes; run `hub forms` and commit the result",
    ]
    written = hub(repo_copy, "forms")
    assert written.returncode == 0 and "2 changed" in written.stdout
    form = yaml.safe_load((repo_copy / ".github" / "ISSUE_TEMPLATE" / "add-a-service.yml").read_text(encoding="utf-8"))
    cost = next(e for e in form["body"] if e.get("id") == "cost")
    assert cost["attributes"]["description"] == "What it costs to use, in pounds."
    assert hub(repo_copy, "forms", "--check").returncode == 0


def test_a_new_group_of_fields_in_a_schema_becomes_form_fields_without_code_changes(repo_copy):
    """Schemas grow (a `young_people` group is coming): groups, lists and lists of groups are all generic."""
    schema = repo_copy / "data" / "schemas" / "services.schema.json"
    data = json.loads(schema.read_text(encoding="utf-8"))
    data["$defs"]["service"]["properties"]["young_people"] = {
        "type": "object", "title": "For young people", "additionalProperties": False,
        "properties": {
            "summary": {"type": "string", "minLength": 1, "description": "In young people's words."},
            "next_steps": {"type": "array", "items": {"type": "object", "required": ["question"],
                                                      "properties": {"question": {"type": "string"}, "answer": {"type": "string"}}}},
        },
    }
    schema.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    assert hub(repo_copy, "forms").returncode == 0
    form = yaml.safe_load((repo_copy / ".github" / "ISSUE_TEMPLATE" / "correct-a-service.yml").read_text(encoding="utf-8"))
    added = {e["id"]: e for e in form["body"] if e.get("id", "").startswith("young_people")}
    assert added["young_people_summary"]["type"] == "input"
    assert added["young_people_summary"]["attributes"]["label"] == "For young people: Summary"
    assert added["young_people_next_steps"]["type"] == "textarea"
    assert "'Question:', 'Answer:'" in added["young_people_next_steps"]["attributes"]["description"]


# ----------------------------------------------------------------------------
# GitHub's rules for forms (docs.github.com: "Common validation errors when creating issue forms")
# ----------------------------------------------------------------------------

TOP_KEYS = {"name", "description", "title", "labels", "body", "assignees", "projects", "type"}
ELEMENT_KEYS = {"type", "id", "attributes", "validations"}
ATTRIBUTES = {
    "markdown": {"value"},
    "input": {"label", "description", "placeholder", "value"},
    "textarea": {"label", "description", "placeholder", "value", "render"},
    "dropdown": {"label", "description", "multiple", "options", "default"},
    "checkboxes": {"label", "description", "options"},
}


@pytest.mark.parametrize("name", sorted(committed_forms()))
def test_each_form_follows_githubs_rules(name):
    form = committed_forms()[name]
    assert set(form) <= TOP_KEYS and form["name"].strip() and form["description"].strip()
    inputs = [e for e in form["body"] if e["type"] != "markdown"]
    assert inputs, "a form needs at least one field that is not Markdown"
    ids = [e["id"] for e in inputs]
    assert len(ids) == len(set(ids)), "ids must be unique"
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids), "ids: letters, digits, - and _ only"
    # Labels, and the labels of checkboxes, must be unique across the form, even as Rails' parameterize writes them.
    labels = [e["attributes"]["label"] for e in inputs]
    labels += [o["label"] for e in inputs if e["type"] == "checkboxes" for o in e["attributes"]["options"]]
    parameterized = [re.sub(r"[^a-z0-9_-]+", "-", label.lower()).strip("-") for label in labels]
    assert len(set(labels)) == len(labels) and len(set(parameterized)) == len(parameterized)
    for element in form["body"]:
        assert set(element) <= ELEMENT_KEYS
        assert set(element["attributes"]) <= ATTRIBUTES[element["type"]]
        assert all(isinstance(v, str) and v.strip() for k, v in element["attributes"].items() if k in ("label", "description", "value", "placeholder"))
        if element["type"] in ("input", "textarea"):
            assert "password" not in element["attributes"]["label"].lower()
        if element["type"] == "dropdown":
            options = element["attributes"]["options"]
            assert options and len(options) == len(set(options)) and all(isinstance(o, str) for o in options)
            assert "none" not in [o.lower() for o in options], "'None' is reserved"
    # The ids GitHub itself reads from a link (title, body, labels...) are never a field's id.
    assert not set(ids) & {"title", "body", "labels", "template", "assignees", "milestone", "projects", "type"}


def test_choices_come_from_the_vocabularies_and_required_fields_from_the_schema():
    forms = committed_forms()
    vocab = yaml.safe_load((REPO / "data" / "vocabularies.yaml").read_text(encoding="utf-8"))
    add_service = {e.get("id"): e for e in forms["add-a-service.yml"]["body"]}
    assert [o["label"] for o in add_service["topics"]["attributes"]["options"]] == [t["name"] for t in vocab["topics"]]
    assert [o["label"] for o in add_service["access"]["attributes"]["options"]] == [t["name"] for t in vocab["access_routes"]]
    add_resource = {e.get("id"): e for e in forms["add-a-resource.yml"]["body"]}
    assert add_resource["record_type"]["attributes"]["options"] == [t["name"] for t in vocab["resource_types"]]
    schema = json.loads((REPO / "data" / "schemas" / "services.schema.json").read_text(encoding="utf-8"))
    required = set(schema["$defs"]["service"]["required"]) - {"id", "audiences", "topics", "access", "contact", "coverage"}
    marked = {i for i, e in add_service.items() if i and e.get("validations", {}).get("required")}
    assert marked == required | {"coverage_area"}  # lists of choices are checkboxes (GitHub cannot require one of a group)
    correct = {e.get("id"): e for e in forms["correct-a-service.yml"]["body"]}
    assert {e["type"] for i, e in correct.items() if i and i not in (form_set.CHECKS_ID,)} == {"input", "textarea"}
    assert "One per line, from: " + "; ".join(t["name"] for t in vocab["topics"]) in correct["topics"]["attributes"]["description"]


def test_every_record_type_has_a_correction_form_and_the_forms_label_their_issues():
    forms = committed_forms()
    for record_type in RECORD_TYPES:
        noun = "course" if record_type.key == "training" else record_type.noun
        assert forms[f"correct-a-{noun}.yml"]["labels"] == ["correct a record"]
    assert {name for name, form in forms.items() if form["labels"] == ["add a record"]} == {"add-a-service.yml", "add-a-resource.yml", "add-a-course.yml"}
    assert forms["report-a-problem.yml"]["labels"] == ["problem report"]
    for form in forms.values():
        intro = form["body"][0]["attributes"]["value"]
        assert "call 999" in intro and "no personal information" in intro
