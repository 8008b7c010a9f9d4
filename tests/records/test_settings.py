"""mkdocs.yml's settings are checked like data by every command that reads
them: `mkdocs.yml:line: setting: message` and exit 1, never a traceback;
`!ENV` values are what MkDocs itself reads."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config

from hub.records.loader import load
from hub.records.settings import DEFAULTS, read_settings
from tests.conftest import REPO, copy_site_sources


def hub(root: Path, *args: str, env: dict | None = None):
    result = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), *args],
                            capture_output=True, text=True, timeout=300, cwd=REPO, env=env)
    return result.returncode, result.stdout, result.stderr


def edit(root: Path, old: str, new: str) -> int:
    """Replace the line holding `old` in mkdocs.yml with `new`; returns its line number."""
    config = root / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").split("\n")
    number = next(index for index, line in enumerate(lines) if old in line)
    lines[number] = new
    config.write_text("\n".join(lines), encoding="utf-8")
    return number + 1


@pytest.fixture
def root(tmp_path) -> Path:
    return copy_site_sources(tmp_path / "hub")


def test_the_shipped_settings_have_no_problems():
    settings, problems = read_settings(REPO)
    assert problems == []
    assert set(DEFAULTS) <= set(settings) and settings["review_interval_months"] == 12


# ---------------------------------------------------------------------------
# Each case that used to end in a traceback
# ---------------------------------------------------------------------------

COMMANDS = [("validate",), ("review",), ("build", "--out", "out"), ("generate",)]


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_quoted_review_interval_is_a_message_in_every_command(root, command):
    line = edit(root, "review_interval_months:", '    review_interval_months: "12"')
    code, stdout, stderr = hub(root, *command)
    assert code == 1, stdout + stderr
    assert "Traceback" not in stderr
    expected = (f"mkdocs.yml:{line}: extra.hub.review_interval_months: expected a whole number, found the text '12'; "
                "write it without quotes: review_interval_months: 12")
    assert expected in (stdout + stderr).splitlines()
    assert not (root / "out").exists() and not (root / "build").exists(), "nothing half-written"


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_yaml_slip_in_mkdocs_yml_is_a_message_in_every_command(root, command):
    line = edit(root, "exit_url:", "    exit_url: [https://www.bbc.co.uk/weather")
    code, stdout, stderr = hub(root, *command)
    assert code == 1, stdout + stderr
    assert "Traceback" not in stderr
    assert f"mkdocs.yml:{line}: the bracket opened on this line is never closed; add the closing ']'" in (stdout + stderr).splitlines()


def test_serve_stops_at_a_settings_problem_before_starting(root):
    line = edit(root, "review_interval_months:", "    review_interval_months: 0")
    code, stdout, stderr = hub(root, "serve", "--port", "0")
    assert code == 1 and "Traceback" not in stderr
    assert f"mkdocs.yml:{line}: extra.hub.review_interval_months: 0 is not a whole number from 1 to 120" in stdout


def test_review_within_days_past_the_last_date_is_a_message(root):
    code, stdout, stderr = hub(root, "review", "--within-days", "99999999999")
    assert (code, stdout) == (2, "")
    assert stderr == "hub review failed: --within-days 99999999999 reaches past the last date there is; give fewer days\n"


def test_validate_review_months_out_of_range_is_a_usage_message(root):
    code, stdout, stderr = hub(root, "validate", "--review-months", "99999999999")
    assert code == 2 and "Traceback" not in stderr
    assert stderr.endswith("error: argument --review-months: 99999999999 is not a whole number from 1 to 120\n")


def test_a_vocabulary_warning_leaves_the_checks_across_records_on(root):
    """A curly-quoted name in vocabularies.yaml (a warning) used to switch off every check
    across records: an unknown audience passed `hub validate` and broke `hub build`."""
    vocab = root / "data" / "vocabularies.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8").replace("name: Parents and carers", "name: \u201cParents and carers\u201d", 1), encoding="utf-8")
    services = root / "data" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    first = re.search(r"(?m)^    audiences:\n      - (\S+)$", text)
    # A second audience, so the record keeps its first (young people's routes need it).
    services.write_text(text[:first.end(1)] + "\n      - parentz" + text[first.end(1):], encoding="utf-8")
    line = text[:first.start(1)].count("\n") + 2

    code, stdout, stderr = hub(root, "validate")
    assert code == 1, stdout + stderr
    errors = [row for row in stdout.splitlines() if "warning:" not in row]
    assert len(errors) == 1 and errors[0].startswith(f"data/services.yaml:{line}: ")
    assert errors[0].endswith("audiences[1]: 'parentz' is not one of the audiences in vocabularies.yaml; did you mean 'parents'?")
    assert any(row.startswith("data/vocabularies.yaml:") and "warning: audience 'parents'" in row for row in stdout.splitlines())
    for command in (("build", "--out", "out"), ("generate",), ("serve", "--port", "0")):
        code, stdout, stderr = hub(root, *command)
        assert code == 1 and "Traceback" not in stderr and "KeyError" not in stdout + stderr, command
        assert errors[0] in stdout.splitlines(), command


# ---------------------------------------------------------------------------
# The checks, setting by setting
# ---------------------------------------------------------------------------

CASES = [
    ("    review_interval_months:", "    review_interval_months: true", "extra.hub.review_interval_months", "expected a whole number, found true"),
    ("    review_interval_months:", "    review_interval_months: 121", "extra.hub.review_interval_months", "121 is not a whole number from 1 to 120"),
    ("    exit_url:", "    exit_url: javascript:alert(1)", "extra.hub.exit_url", "'javascript:alert(1)' is not a web address; write it in full, starting with https://"),
    ("    exit_url:", "    exit_url: 12", "extra.hub.exit_url", "expected text, found the number 12; put it in quotes if it is meant as text"),
    ("site_url:", "site_url: www.board.org.uk", "site_url", "'www.board.org.uk' is not a web address; write it in full, starting with https://"),
    ("    repository_branch:", "    repository_branch: [main]", "extra.hub.repository_branch", "expected text, found a list; put it in quotes if it is meant as text"),
]


@pytest.mark.parametrize("old,new,setting,message", CASES, ids=[c[2] + ":" + c[1].split(": ", 1)[1] for c in CASES])
def test_each_setting_is_checked_against_its_default_type(root, old, new, setting, message):
    line = edit(root, old, new)
    settings, problems = read_settings(root)
    assert [str(p) for p in problems] == [f"mkdocs.yml:{line}: {setting}: {message}"]
    name = setting.rpartition(".")[2]
    assert settings[name] == DEFAULTS[name], "a wrong value is replaced by its default"
    hub_data = load(root)
    assert not hub_data.ok and f"mkdocs.yml:{line}: {setting}: {message}" in [str(p) for p in hub_data.problems]


def test_a_setting_the_hub_does_not_read_is_a_warning_with_the_nearest_name(root):
    line = edit(root, "    exit_url:", "    exit_urll: https://www.bbc.co.uk/weather")
    settings, problems = read_settings(root)
    assert [str(p) for p in problems] == [f"mkdocs.yml:{line}: warning: extra.hub.exit_urll: 'exit_urll' is not a setting the hub reads; did you mean 'exit_url'?"]
    assert load(root).ok


def test_a_setting_with_fixed_choices_names_them(root):
    line = edit(root, "    engine:", "    engine: zensicle")
    _, problems = read_settings(root)
    assert [str(p) for p in problems] == [f"mkdocs.yml:{line}: extra.hub.engine: 'zensicle' is not allowed; use one of: mkdocs, zensical; did you mean 'zensical'?"]


# ---------------------------------------------------------------------------
# !ENV, read as MkDocs reads it
# ---------------------------------------------------------------------------

ENV_FORMS = [
    "site_url: !ENV HUB_TEST_SITE_URL",
    "site_url: !ENV [HUB_TEST_SITE_URL, 'https://fallback.synthetic-board.org.uk/hub/']",
    "site_url: !ENV [HUB_TEST_MISSING, HUB_TEST_SITE_URL, 'https://fallback.synthetic-board.org.uk/hub/']",
]


@pytest.mark.parametrize("form", ENV_FORMS)
@pytest.mark.parametrize("value", ["https://env.synthetic-board.org.uk/online-safety/", None])
def test_env_values_are_what_mkdocs_reads(root, monkeypatch, form, value):
    edit(root, "site_url:", form)
    monkeypatch.delenv("HUB_TEST_MISSING", raising=False)
    if value is None:
        monkeypatch.delenv("HUB_TEST_SITE_URL", raising=False)
    else:
        monkeypatch.setenv("HUB_TEST_SITE_URL", value)
    settings, problems = read_settings(root)
    engine = load_config(config_file=str(root / "mkdocs.yml"), docs_dir=str(root / "docs"))
    expected = value or ("https://fallback.synthetic-board.org.uk/hub/" if "fallback" in form else "")
    assert problems == []
    assert settings["site_url"] == expected.rstrip("/")
    assert settings["site_url"] == (engine.site_url or "").rstrip("/"), "the hub and MkDocs read the same address"


def test_env_review_interval_is_read_as_a_number_like_mkdocs(root, monkeypatch):
    edit(root, "review_interval_months:", "    review_interval_months: !ENV HUB_TEST_MONTHS")
    monkeypatch.setenv("HUB_TEST_MONTHS", "6")
    settings, problems = read_settings(root)
    assert problems == [] and settings["review_interval_months"] == 6
    assert load_config(config_file=str(root / "mkdocs.yml"), docs_dir=str(root / "docs")).extra["hub"]["review_interval_months"] == 6


def test_a_mkdocs_yml_that_is_not_utf8_is_a_message(root):
    config = root / "mkdocs.yml"
    raw = config.read_bytes()
    config.write_bytes(raw.replace(b"Resource Hub", b"Resource H\xfcb", 1))
    line = raw[:raw.index(b"Resource Hub")].count(b"\n") + 1
    _, problems = read_settings(root)
    assert [str(p) for p in problems] == [f"mkdocs.yml:{line}: byte 0xfc is not UTF-8 text; save the file as UTF-8"]


def test_dist_lists_a_settings_problem_and_packages_nothing(root):
    line = edit(root, "review_interval_months:", '    review_interval_months: "12"')
    code, stdout, stderr = hub(root, "dist")
    assert code == 1 and "Traceback" not in stderr
    assert f"  mkdocs.yml:{line}: extra.hub.review_interval_months: expected a whole number, found the text '12'; " \
           "write it without quotes: review_interval_months: 12" in stderr.splitlines()
    assert not (root / "dist").exists() and not (root / "site").exists()
