"""`hub new service|resource|campaign`: a placeholder record that fails
validation until it is filled in, added without disturbing the file."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hub.contribute.new import ScaffoldError, new_record
from hub.records.loader import load
from tests.conftest import REAL_TODAY, REPO

TODAY = datetime.date(2026, 11, 25)

# Valid values for every required field, as text that replaces the placeholder line.
FILLED = {
    "service": {
        "name": 'name: "Example Service"',
        "organisation": "organisation: Example Charity",
        "description": "description: A made-up service used only to test the hub.",
        "audiences": "audiences: [children]",
        "area": "area: national",
        "topics": "topics: [sextortion]",
        "contact": "contact: {website: 'https://www.example.org/help'}",
        "source": "source: https://www.example.org/help",
        "last_reviewed": "last_reviewed: 2026-11-01",
    },
    "resource": {
        "title": "title: Example resource",
        "type": "type: guidance",
        "publisher": "publisher: Example Charity",
        "description": "description: A made-up resource used only to test the hub.",
        "audiences": "audiences: [professionals]",
        "topics": "topics: [grooming]",
        "source": "source: https://www.example.org/guide",
        "last_reviewed": "last_reviewed: 2026-11-01",
    },
    "campaign": {
        "title": "title: Example campaign two",
        "status": "status: scoping",
        "audiences": "audiences: [parents]",
        "summary": "summary: A made-up campaign used only to test the hub.",
        "focus": "focus: [Talk to your child.]",
        "source": "source: https://www.example.org/campaign",
        "last_reviewed": "last_reviewed: 2026-11-01",
    },
}
FILES = {"service": "services", "resource": "resources", "campaign": "campaigns"}
# The permanent ids that replace `hub new`'s placeholder ids (new-service-1 and so on).
CHOSEN_IDS = {"service": "example-new-service", "resource": "example-new-resource", "campaign": "example-new-campaign"}


def hub_new(root: Path, *args: str):
    result = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), "new", *args],
                            capture_output=True, text=True, timeout=60, cwd=REPO)
    return result.returncode, result.stdout, result.stderr


def fill(path: Path, kind: str, record_id: str, skip: str | None = None) -> None:
    """Replace each placeholder line of the record `record_id` (and only it) with a valid value,
    and its placeholder id with a permanent one."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"- id: {record_id}")
    head, record = text[:start], text[start:]
    if skip != "id" and record_id.startswith("new-"):
        record = re.sub(r"^- id: .*$", f"- id: {CHOSEN_IDS[kind]}", record, count=1, flags=re.M)
    for field, value in FILLED[kind].items():
        if field == skip:
            continue
        record, count = re.subn(rf"^(\s*){field}: .*$", lambda m, v=value: m.group(1) + v, record, count=1, flags=re.M)
        assert count == 1, f"no placeholder line for {field}"
    path.write_text(head + record, encoding="utf-8")


def error_lines(stdout: str, name: str) -> list[int]:
    lines = []
    for out in stdout.splitlines():
        match = re.match(rf"^data/{name}\.yaml:(\d+): (?!warning)", out)
        assert match, f"a problem outside data/{name}.yaml: {out}"
        lines.append(int(match.group(1)))
    return lines


@pytest.fixture
def repo_data(tmp_path) -> Path:
    """A copy of the repository's own data files, with all their comments."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "resources", root / "resources")
    return root


# ----------------------------------------------------------------------------
# The new record fails, then passes once filled
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", FILES)
def test_new_record_fails_validation_at_its_own_lines_until_filled(data_root, run_validate, kind):
    name = FILES[kind]
    before = (data_root / "data" / f"{name}.yaml").read_text(encoding="utf-8")
    code, stdout, stderr = hub_new(data_root, kind)
    assert code == 0, stdout + stderr
    match = re.search(rf"added {kind} '(new-{kind}-1)' to data/{name}\.yaml at line (\d+)", stdout)
    assert match, stdout
    record_id, start = match.group(1), int(match.group(2))
    after = (data_root / "data" / f"{name}.yaml").read_text(encoding="utf-8")
    assert after.startswith(before), "the file's existing text is untouched"
    assert after.splitlines()[start - 1].strip() == f"- id: {record_id}  # TODO: change to a short permanent name before publishing"
    for field in FILLED[kind]:
        if field != "area":
            assert re.search(rf"^  data/{name}\.yaml:\d+: {field}: ", stdout, re.M), f"{field} is not listed to fill in:\n{stdout}"

    code, stdout, stderr = run_validate(data_root)
    assert code == 1, stdout + stderr
    lines = error_lines(stdout, name)
    assert lines and all(line >= start for line in lines), stdout
    assert f"data/{name}.yaml:{start}: {kind} '{record_id}': id: '{record_id}' is the placeholder id that `hub new` gives" in stdout
    total = len(after.splitlines())
    assert all(line <= total for line in lines)
    fields = set(re.findall(rf"^data/{name}\.yaml:\d+: {kind} '{record_id}': ([a-z_.]+):", stdout, re.M))
    assert {"id"} | {f if f != "area" else "coverage.area" for f in FILLED[kind]} <= fields, stdout

    fill(data_root / "data" / f"{name}.yaml", kind, record_id)
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr


@pytest.mark.parametrize("kind,field", [(kind, field) for kind in FILES for field in ["id", *FILLED[kind]]])
def test_each_placeholder_alone_is_still_reported(data_root, kind, field):
    added = new_record(data_root, kind)
    fill(data_root / "data" / f"{FILES[kind]}.yaml", kind, added.record_id, skip=field)
    hub = load(data_root, today=TODAY)
    assert not hub.ok, f"an unfilled {field} passed validation"
    reported = [p for p in hub.problems if p.severity == "error"]
    assert all(p.line >= added.line for p in reported)
    assert any(p.field.endswith(field) for p in reported), reported


# ----------------------------------------------------------------------------
# Ids
# ----------------------------------------------------------------------------

def test_ids_are_the_next_free_ones_across_every_record_type(data_root, replace_in):
    replace_in(data_root, "resources", "id: example-video", "id: new-service-1")
    assert new_record(data_root, "service").record_id == "new-service-2"
    assert new_record(data_root, "service").record_id == "new-service-3"
    assert new_record(data_root, "resource").record_id == "new-resource-1"


def test_an_id_can_be_given_and_must_be_usable_and_free(data_root):
    added = new_record(data_root, "service", "leeds-example")
    assert added.record_id == "leeds-example"
    assert "  - id: leeds-example\n" in (data_root / "data" / "services.yaml").read_text(encoding="utf-8")
    assert "id" not in [name for _, name, _ in added.fields], "a given id is not a placeholder"
    with pytest.raises(ScaffoldError, match="already used by data/services.yaml"):
        new_record(data_root, "campaign", "leeds-example")
    with pytest.raises(ScaffoldError, match="not a usable id"):
        new_record(data_root, "campaign", "Leeds Example")
    code, stdout, stderr = hub_new(data_root, "resource", "--id", "example-guide")
    assert code == 1 and "hub new failed: id 'example-guide' is already used by data/resources.yaml:3" in stderr


# ----------------------------------------------------------------------------
# The file keeps its comments and order
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", FILES)
def test_the_real_files_keep_every_comment_and_line(repo_data, run_validate, kind):
    path = repo_data / "data" / f"{FILES[kind]}.yaml"
    before = path.read_text(encoding="utf-8")
    added = new_record(repo_data, kind)
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")), "the new record only adds lines after the last record"
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert new_lines[: len(old_lines)] == old_lines
    comments = [line for line in old_lines if line.lstrip().startswith("#")]
    assert comments and [line for line in new_lines if line.lstrip().startswith("#")] == comments
    assert new_lines[added.line - 2] == "", "a blank line separates the records"
    assert new_lines[added.line - 1].startswith("  - id: new-")

    assert run_validate(repo_data, "--today", REAL_TODAY)[0] == 1
    fill(path, kind, added.record_id)
    code, stdout, stderr = run_validate(repo_data, "--today", REAL_TODAY)
    assert code == 0, stdout + stderr
    assert [line for line in path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#")] == comments


def test_the_record_goes_after_the_last_record_not_after_trailing_comments(data_root, run_validate):
    path = data_root / "data" / "campaigns.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  # Add new campaigns above this line.\n# End of file.\n", encoding="utf-8")
    added = new_record(data_root, "campaign")
    text = path.read_text(encoding="utf-8")
    assert text.index("- id: new-campaign-1") < text.index("# Add new campaigns above this line.")
    assert text.endswith("\n  # Add new campaigns above this line.\n# End of file.\n")
    assert added.line == text[: text.index("- id: new-campaign-1")].count("\n") + 1
    fill(path, "campaign", added.record_id)
    assert run_validate(data_root)[0] == 0


def test_a_list_indented_differently_and_a_last_block_text_are_followed(data_root, run_validate):
    path = data_root / "data" / "campaigns.yaml"
    path.write_text(
        "# SYNTHETIC TEST DATA: not real services; used only by tests.\n"
        "campaigns:\n"
        "- id: example-campaign\n"
        "  title: Example campaign\n"
        "  status: scoping\n"
        "  audiences: [children]\n"
        "  summary: A made-up campaign.\n"
        "  focus:\n"
        "  - Tell someone you trust.\n"
        "  source: https://www.example.org/campaign\n"
        "  last_reviewed: 2026-06-01\n"
        "  other_considerations:\n"
        "  - >-\n"
        "    Folded text that ends the file\n"
        "    without a newline",
        encoding="utf-8",
    )
    added = new_record(data_root, "campaign")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[added.line - 1].startswith("- id: new-campaign-1")
    assert lines[added.line].startswith("  title: ")
    assert "    without a newline" in lines
    fill(path, "campaign", added.record_id)
    assert run_validate(data_root)[0] == 0


@pytest.mark.parametrize("empty", ["campaigns: []", "campaigns: []  # none yet", "campaigns:"])
def test_an_empty_list_gets_its_first_record(data_root, run_validate, empty):
    path = data_root / "data" / "campaigns.yaml"
    path.write_text(f"# SYNTHETIC TEST DATA: not real services; used only by tests.\n{empty}\n", encoding="utf-8")
    added = new_record(data_root, "campaign")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# SYNTHETIC TEST DATA")
    assert "# none yet" in text or "none yet" not in empty
    fill(path, "campaign", added.record_id)
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, text + stdout + stderr


def test_windows_line_endings_are_kept(data_root, run_validate):
    path = data_root / "data" / "resources.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    new_record(data_root, "resource")
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_a_broken_file_is_refused_and_left_alone(data_root):
    path = data_root / "data" / "services.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    name: Example Helpline", "    name: Example: Helpline"), encoding="utf-8")
    before = path.read_bytes()
    code, stdout, stderr = hub_new(data_root, "service")
    assert code == 1
    assert stderr == ("hub new failed: data/services.yaml:4: service 'example-helpline': a value contains ': ' (a colon and a space); "
                      "put the whole value in double quotes; fix it first (`hub validate` lists every problem)\n")
    assert path.read_bytes() == before


def test_a_byte_that_is_not_utf8_is_a_message_like_validates(data_root, run_validate):
    path = data_root / "data" / "services.yaml"
    path.write_bytes(path.read_bytes().replace(b"Example Helpline", b"Example Helpl\xe9ne", 1))
    before = path.read_bytes()
    line = before[:before.index(b"\xe9")].count(b"\n") + 1
    code, stdout, stderr = hub_new(data_root, "service")
    assert code == 1 and "Traceback" not in stderr
    assert stderr == (f"hub new failed: data/services.yaml:{line}: byte 0xe9 is not UTF-8 text; save the file as UTF-8; "
                      "fix it first (`hub validate` lists every problem)\n")
    assert path.read_bytes() == before
    assert f"data/services.yaml:{line}: byte 0xe9 is not UTF-8 text; save the file as UTF-8" in run_validate(data_root)[1]


def test_an_unknown_type_is_refused(data_root):
    code, stdout, stderr = hub_new(data_root, "pledge")
    assert code == 2 and "invalid choice" in stderr


def test_the_data_file_is_parsed_once_with_libyaml_and_the_result_once_to_check_it(data_root, monkeypatch):
    """At 3,000 services every parse of services.yaml costs about as much as `hub validate`."""
    composed, loaded = [], []
    real_compose = yaml.compose

    def compose(stream, Loader=None):
        composed.append((stream, Loader))
        return real_compose(stream, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", compose)
    for name in ("load", "safe_load", "load_all", "safe_load_all", "full_load"):
        monkeypatch.setattr(yaml, name, lambda *args, _name=name, **kwargs: loaded.append(_name))
    new_record(data_root, "service")
    services = [loader for stream, loader in composed if "\nservices:\n" in stream]
    assert services == [yaml.CSafeLoader] * 2, services  # the file as it was, then the file with the new record
    assert {loader for _, loader in composed} == {yaml.CSafeLoader} and loaded == []
