"""The GitHub Actions workflows: zizmor and actionlint find nothing in any of them, every action
is pinned by commit, untrusted text never reaches a shell line, and the intake workflow's own
steps, run here as GitHub runs them, keep an issue's text inert."""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hub.contribute import forms as form_set
from hub.contribute import intake
from tests.conftest import REPO
from tests.contribute.github_forms import body_for, form_named, ticked_checks
from tests.contribute.test_intake import LEEDS_SERVICE, NASTY

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
SHELLCHECK = Path("/usr/bin/shellcheck")
# Contexts anyone can write into: an issue's or pull request's text, a branch name, a commit message.
UNTRUSTED = re.compile(r"github\.event\.(issue|comment|pull_request|review|head_commit|commits|discussion)\b|github\.head_ref")


def workflow(name: str) -> dict:
    # PyYAML reads the key `on` as True.
    loaded = yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    loaded["on"] = loaded.pop(True, loaded.get("on"))
    return loaded


def steps(flow: dict):
    for job_name, job in flow["jobs"].items():
        for step in job.get("steps", []):
            yield job_name, step


def test_the_workflows_are_the_ones_checked():
    assert [path.name for path in WORKFLOWS] == ["check.yml", "intake.yml", "publish.yml"]


def test_zizmor_finds_nothing_in_any_workflow_offline():
    env = {key: value for key, value in os.environ.items() if key not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    result = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-config", "--no-progress", "--color", "never", "--format", "plain",
                             *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=300, env={**env, "ZIZMOR_OFFLINE": "true"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout, result.stdout


def test_actionlint_with_shellcheck_finds_nothing_in_any_workflow():
    if not SHELLCHECK.is_file():
        pytest.fail(f"{SHELLCHECK} is missing: `make test` installs Debian's shellcheck, which actionlint runs over each `run:` step",
                    pytrace=False)
    result = subprocess.run([str(BIN / "actionlint"), "-no-color", f"-shellcheck={SHELLCHECK}", "-pyflakes=", *map(str, WORKFLOWS)],
                            capture_output=True, text=True, timeout=300)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it(path):
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", path.read_text(encoding="utf-8"), flags=re.M)
    assert uses
    for action, rest in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.match(r"\s*# v\d+", rest), f"{action}: the version goes in a comment beside the SHA"


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_no_expression_is_written_into_a_shell_line(path):
    for job, step in steps(workflow(path.name)):
        assert "${{" not in step.get("run", ""), f"{path.name}: job {job}: an expression in a run: step"
        for key, value in (step.get("with") or {}).items():
            assert not UNTRUSTED.search(str(value)), f"{path.name}: job {job}: untrusted text in with: {key}"


def test_the_intake_workflow_reads_the_issue_only_through_environment_variables_with_least_permissions():
    flow = workflow("intake.yml")
    assert flow["on"] == {"issues": {"types": ["opened", "edited"]}}
    assert flow["permissions"] == {}
    text = (REPO / ".github" / "workflows" / "intake.yml").read_text(encoding="utf-8")
    assert "secrets." not in text and "pull_request_target" not in text
    found = []
    for name, job in flow["jobs"].items():
        assert "environment" not in job, f"job {name} may not use a deployment environment"
        assert job["permissions"], f"job {name} says which permissions it needs"
        found.append((name, job["permissions"]))
        for step in job.get("steps", []):
            for key, value in (step.get("env") or {}).items():
                if UNTRUSTED.search(str(value)):
                    assert key in ("ISSUE_BODY", "ISSUE_NUMBER"), key
        for key, value in (job.get("env") or {}).items():
            assert not UNTRUSTED.search(str(value)) or key == "ISSUE_NUMBER" or value == "intake/issue-${{ github.event.issue.number }}", key
    assert found == [
        ("read", {"contents": "read"}),
        ("propose", {"contents": "write", "pull-requests": "write", "actions": "write"}),
        ("comment", {"issues": "write"}),
    ]
    # The issue's text is mentioned once in the whole file: as the environment variable hub intake reads.
    assert len(re.findall(r"github\.event\.issue\.(body|title)", text)) == 1
    assert "ISSUE_BODY: ${{ github.event.issue.body }}" in text and "--from-env ISSUE_BODY" in text
    read_if = flow["jobs"]["read"]["if"]
    assert all(f"'{form_set.LABELS[action]}'" in read_if for action in (form_set.ADD, form_set.CORRECT))


# ----------------------------------------------------------------------------
# The intake workflow's steps, run as GitHub runs them
# ----------------------------------------------------------------------------

def run_step(flow: dict, job: str, step_id: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    """A `run:` step under bash as GitHub runs it (`bash --noprofile --norc -eo pipefail`)."""
    step = next(s for s in flow["jobs"][job]["steps"] if s.get("id") == step_id)
    script = cwd.parent / f"{job}-{step_id}.sh"
    script.write_text(step["run"], encoding="utf-8")
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)], cwd=cwd, capture_output=True, text=True,
                          timeout=300, env={"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(cwd), **env})


@pytest.fixture
def checkout(tmp_path) -> Path:
    """What actions/checkout leaves: the repository's data and settings in a git working tree, and the hub installed."""
    work = tmp_path / "checkout"
    for folder in ("data", "resources"):
        shutil.copytree(REPO / folder, work / folder)
    shutil.copy(REPO / "mkdocs.yml", work / "mkdocs.yml")
    (work / ".venv").symlink_to(REPO / ".venv")
    (work / ".gitignore").write_text(".venv\n")
    git = ["git", "-C", str(work), "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", ".gitignore", "data", "resources", "mkdocs.yml"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "checkout"], check=True)
    return work


def outputs(path: Path) -> dict[str, str]:
    """$GITHUB_OUTPUT as GitHub reads it; every line must be name=value (nothing else could define an output)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(re.fullmatch(r"[a-z-]+=[A-Za-z0-9+/=]*", line) for line in lines), lines
    return dict(line.split("=", 1) for line in lines)


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_the_read_step_turns_a_hostile_issue_into_base64_outputs_and_runs_nothing(checkout, tmp_path, kind):
    text = NASTY[kind]
    form = form_named(checkout, form_set.ADD, "services")
    body = body_for(form, {**LEEDS_SERVICE, "name": f"Example service {text.splitlines()[0]}", "description": text, "notes": text, **ticked_checks()})
    runner_temp, output = tmp_path / "runner", tmp_path / "github-output"
    runner_temp.mkdir()
    result = run_step(workflow("intake.yml"), "read", "intake", checkout,
                      {"ISSUE_BODY": body, "ISSUE_NUMBER": "17", "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(output)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(tmp_path.rglob("CANARY")) and not list(REPO.glob("CANARY"))
    given = outputs(output)
    assert set(given) == {"comment", "valid", "patch", "pull-request", "commit-message"} and given["valid"] == "true"
    patch = base64.b64decode(given["patch"]).decode("utf-8")
    assert re.findall(r"^diff --git a/(\S+)", patch, flags=re.M) == ["data/services.yaml"]
    assert all(line.startswith("+") or not line.startswith("-") or line.startswith("---") for line in patch.splitlines())
    pull = json.loads(base64.b64decode(given["pull-request"]))
    assert set(pull) == {"title", "body"} and pull["body"].startswith("Closes #17\n")
    assert re.fullmatch(r"Add service '[a-z0-9-]+' from issue #17\n", base64.b64decode(given["commit-message"]).decode())


def test_the_read_step_gives_a_form_with_problems_one_comment_and_no_patch(checkout, tmp_path):
    form = form_named(checkout, form_set.ADD, "services")
    body = body_for(form, {**LEEDS_SERVICE, "contact_phone": "${{ github.token }} $(id)", **ticked_checks()})
    runner_temp, output = tmp_path / "runner", tmp_path / "github-output"
    runner_temp.mkdir()
    result = run_step(workflow("intake.yml"), "read", "intake", checkout,
                      {"ISSUE_BODY": body, "ISSUE_NUMBER": "18", "RUNNER_TEMP": str(runner_temp), "GITHUB_OUTPUT": str(output)})
    assert result.returncode == 0, result.stderr
    given = outputs(output)
    assert set(given) == {"comment", "valid"} and given["valid"] == "false"
    comment = json.loads(base64.b64decode(given["comment"]))["body"]
    assert "**Contact: Main phone number** (`contact.phone`): `'${{ github.token }} $(id)' is not a UK phone number" in comment
    assert subprocess.run(["git", "-C", str(checkout), "status", "--porcelain"], capture_output=True, text=True).stdout == ""


def test_the_propose_step_applies_only_changes_to_data_files(checkout, tmp_path):
    command = "git apply --include='data/*.yaml' \"$RUNNER_TEMP/record.patch\""
    assert command in next(s["run"] for s in workflow("intake.yml")["jobs"]["propose"]["steps"] if "run" in s)
    (checkout / "data" / "services.yaml").write_text((checkout / "data" / "services.yaml").read_text() + "# changed\n")
    (checkout / "mkdocs.yml").write_text((checkout / "mkdocs.yml").read_text() + "# changed too\n")
    patch = subprocess.run(["git", "-C", str(checkout), "diff"], capture_output=True, text=True, check=True).stdout
    subprocess.run(["git", "-C", str(checkout), "checkout", "--", "."], check=True)
    (tmp_path / "record.patch").write_text(patch)
    subprocess.run(["bash", "-c", command], cwd=checkout, check=True, env={"RUNNER_TEMP": str(tmp_path), "PATH": "/usr/bin:/bin"})
    changed = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain"], capture_output=True, text=True).stdout.split()
    assert changed == ["M", "data/services.yaml"]


def test_the_comment_step_updates_only_the_hubs_own_comment():
    step = workflow("intake.yml")["jobs"]["comment"]["steps"][0]["run"]
    jq_filter = re.search(r"--jq '([^']+)'", step).group(1)
    comments = [
        {"id": 1, "user": {"login": "someone"}, "body": f"{intake.COMMENT_MARK} pretending to be the hub"},
        {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "another workflow's comment"},
        {"id": 3, "user": {"login": "github-actions[bot]"}, "body": f"{intake.COMMENT_MARK}\n### The hub cannot add this service yet"},
    ]
    jq = shutil.which("jq")
    if jq is None:
        pytest.fail("jq is missing (GitHub's runners have it; apt-get install jq)", pytrace=False)
    found = subprocess.run([jq, jq_filter], input=json.dumps(comments), capture_output=True, text=True, check=True).stdout.split()
    assert found == ["3"]
    assert "PATCH" in step and "issues/comments/$existing" in step
