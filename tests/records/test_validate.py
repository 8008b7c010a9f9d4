"""`hub validate` on bad input: each problem is reported at its file, line and
field, in words that say what would be right, and nothing crashes or hangs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import REAL_TODAY

REPO = Path(__file__).parents[2]
WEBSITE = "      website: https://www.example.org/help"
# How messages name the fixture's records.
HELPLINE = "service 'example-helpline' (Example Helpline)"
DISTRICT = "service 'example-district-service' (Example District Service)"
GUIDE = "resource 'example-guide' (Example Guide)"


def line_of(root: Path, name: str, needle: str) -> int:
    """The 1-based line of the first line of data/<name>.yaml that contains `needle`."""
    raw = (root / "data" / f"{name}.yaml").read_bytes()
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if needle.encode() in line:
            return number
    raise AssertionError(f"{needle!r} is not in {name}.yaml")


def reported(stdout: str, name: str, line: int, field: str, *words: str) -> str:
    """The stdout line `data/<name>.yaml:<line>: <field>: ...` containing every word."""
    prefix = f"data/{name}.yaml:{line}: " + (f"{field}: " if field else "")
    candidates = [out for out in stdout.splitlines() if out.startswith(prefix)]
    assert candidates, f"no line starts with {prefix!r}; stdout was:\n{stdout}"
    matching = [out for out in candidates if all(word.lower() in out.lower() for word in words)]
    assert matching, f"no line starting {prefix!r} contains all of {words}; stdout was:\n{stdout}"
    return matching[0]


@pytest.fixture
def fails_with(data_root, run_validate):
    """Run validate on data_root, expect exit 1 and the described line; return stdout."""

    def check(name, line, field, *words, root=None):
        code, stdout, stderr = run_validate(root or data_root)
        assert code == 1, f"expected exit 1, got {code}\nstdout:\n{stdout}\nstderr:\n{stderr}"
        assert "hub validate failed" in stderr
        reported(stdout, name, line, field, *words)
        return stdout

    return check


# ----------------------------------------------------------------------------
# The clean fixture
# ----------------------------------------------------------------------------

def test_clean_fixture_is_valid_with_one_summary_line(data_root, run_validate):
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr
    lines = stdout.splitlines()
    assert len(lines) == 1, stdout
    assert lines[0].startswith("hub validate: all data is valid:")
    for count in ("2 services", "2 resources", "1 campaign", "2 courses", "0 pledges", "0 meetings"):
        assert count in lines[0]


def test_real_repository_data_is_valid(run_validate):
    code, stdout, stderr = run_validate(REPO, "--today", REAL_TODAY)
    assert code == 0, stdout + stderr
    assert stdout.splitlines()[-1].startswith("hub validate: all data is valid:")


# ----------------------------------------------------------------------------
# Malformed YAML
# ----------------------------------------------------------------------------

def test_reports_unclosed_quote_at_the_line_where_it_opens(data_root, replace_in, fails_with):
    # campaigns.yaml has no other double quote, so the string runs to the end of the file.
    replace_in(data_root, "campaigns", "title: Example campaign", 'title: "Example campaign')
    line = line_of(data_root, "campaigns", 'title: "Example')
    fails_with("campaigns", line, "", "quote")


def test_reports_unclosed_bracket_at_the_line_where_it_opens(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "    audiences:\n      - children\n      - parents", "    audiences: [children, parents")
    line = line_of(data_root, "services", "audiences: [children, parents")
    fails_with("services", line, "", "]")


def test_reports_value_containing_colon_space_with_quoting_advice(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "description: A made-up helpline", "description: Note: a made-up helpline")
    line = line_of(data_root, "services", "description: Note:")
    fails_with("services", line, "", "': '", "double quotes")


def test_reports_tab_indentation(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "    name: Example Helpline", "\tname: Example Helpline")
    line = line_of(data_root, "services", "\tname: Example Helpline")
    fails_with("services", line, "", "tab", "indent with spaces")


def test_reports_control_character_at_its_line_on_one_output_line(data_root, run_validate):
    path = data_root / "data" / "services.yaml"
    path.write_bytes(path.read_bytes().replace(b"A made-up helpline", b"A made-up \x07 helpline"))
    line = line_of(data_root, "services", "\x07")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    # One problem, one line: a message must not spill over several lines.
    assert len(stdout.splitlines()) == 1, stdout
    reported(stdout, "services", line, "", "character")


# ----------------------------------------------------------------------------
# Values of the wrong shape
# ----------------------------------------------------------------------------

def test_reports_text_where_a_whole_number_is_expected(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "    age_range:\n      min: 0\n      max: 18", '    age_range: {min: "ten"}')
    line = line_of(data_root, "services", "age_range: {min:")
    fails_with("services", line, f"{HELPLINE}: age_range.min", "expected a whole number", "'ten'")


def test_reports_a_list_where_text_is_expected(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "name: Example Helpline", "name: [Example, Helpline]")
    line = line_of(data_root, "services", "name: [Example")
    # The name is not text, so the record is named by its id alone.
    fails_with("services", line, "service 'example-helpline': name", "expected text", "found a list")


def test_reports_unknown_field_with_suggestion(data_root, replace_in, fails_with):
    replace_in(data_root, "services", WEBSITE, WEBSITE.replace("website", "webiste"))
    line = line_of(data_root, "services", "webiste:")
    fails_with("services", line, f"{HELPLINE}: contact.webiste", "not a field here", "did you mean 'website'")


def test_reports_missing_required_field_at_its_record(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "    last_reviewed: 2026-06-01\n", "")
    line = line_of(data_root, "services", "- id: example-helpline")
    fails_with("services", line, f"{HELPLINE}: last_reviewed", "'last_reviewed' is missing", "add it")


@pytest.mark.parametrize("address, scheme", [
    ("javascript:alert(1)", "javascript"),
    ("data:text/html,x", "data"),
    ("file:///etc/passwd", "file"),
])
def test_rejects_unsafe_url_schemes(data_root, replace_in, fails_with, address, scheme):
    replace_in(data_root, "services", WEBSITE, f"      website: {address}")
    line = line_of(data_root, "services", f"website: {address}")
    fails_with("services", line, f"{HELPLINE}: contact.website", f"'{address}'", "https://", f"not '{scheme}:'")


@pytest.mark.parametrize("old, new, field, word", [
    ("cost: Free", "cost: no", "cost", "no"),
    ("opening_hours: 9am to 5pm, Monday to Friday", "opening_hours: on", "opening_hours", "on"),
])
def test_reports_implicit_boolean_with_quoting_advice(data_root, replace_in, fails_with, old, new, field, word):
    replace_in(data_root, "services", old, new)
    line = line_of(data_root, "services", new)
    fails_with("services", line, f"{HELPLINE}: {field}", "true/false", f'put "{word}" in quotes')


def test_reports_invalid_uk_phone_number(data_root, replace_in, fails_with):
    replace_in(data_root, "services", 'phone: "01632 960000"', 'phone: "0800 12"')
    line = line_of(data_root, "services", '"0800 12"')
    fails_with("services", line, f"{HELPLINE}: contact.phone", "'0800 12' is not a UK phone number")


def test_reports_unknown_vocabulary_term_with_suggestion(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "        - leeds", "        - leed")
    line = line_of(data_root, "services", "- leed")
    fails_with("services", line, f"{DISTRICT}: coverage.districts[0]", "'leed'", "districts", "did you mean 'leeds'")


def test_reports_date_that_does_not_exist(data_root, replace_in, fails_with):
    replace_in(data_root, "resources", "published: 2025-01-31", "published: 2025-02-30")
    line = line_of(data_root, "resources", "published: 2025-02-30")
    fails_with("resources", line, f"{GUIDE}: published", "'2025-02-30' is not a real date", "YYYY-MM-DD")


def test_reports_last_reviewed_in_the_future(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "last_reviewed: 2026-09-01", "last_reviewed: 2026-11-26")
    line = line_of(data_root, "services", "last_reviewed: 2026-11-26")
    fails_with("services", line, f"{DISTRICT}: last_reviewed", "2026-11-26 is in the future")


def test_last_reviewed_today_is_not_in_the_future(data_root, replace_in, run_validate):
    replace_in(data_root, "services", "last_reviewed: 2026-09-01", "last_reviewed: 2026-11-25")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr


# ----------------------------------------------------------------------------
# Records across files
# ----------------------------------------------------------------------------

def test_reports_duplicate_id_across_services_and_resources(data_root, replace_in, fails_with):
    replace_in(data_root, "resources", "id: example-guide", "id: example-helpline")
    line = line_of(data_root, "resources", "id: example-helpline")
    first = line_of(data_root, "services", "id: example-helpline")
    fails_with("resources", line, "resource 'example-helpline' (Example Guide): id", "'example-helpline' is already used by", f"data/services.yaml:{first}")


def test_reports_duplicate_key_in_one_record(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "    organisation: Example Charity\n", "    organisation: Example Charity\n    name: Second Name\n")
    first = line_of(data_root, "services", "name: Example Helpline")
    line = line_of(data_root, "services", "name: Second Name")
    fails_with("services", line, f"{HELPLINE}: name", "'name' appears twice", f"first on line {first}", "keep one")


# ----------------------------------------------------------------------------
# Hostile or broken files
# ----------------------------------------------------------------------------

def test_alias_bomb_is_refused_without_expanding_it_naming_aliases(data_root, run_validate):
    levels = ["services:", "  - &a0 lol"] + [
        f"  - &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)
    ]
    (data_root / "data" / "services.yaml").write_text("\n".join(levels) + "\n", encoding="utf-8")
    # Nothing is expanded (the counts below say so); run_validate's timeout guards against a hang.
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    aliases = [p for p in stdout.splitlines() if "anchors and aliases" in p and "not allowed" in p]
    assert len(aliases) == 81, "each of the 81 aliases is reported once, none expanded"
    # The first alias `*a0` is on line 3 (the anchor &a0 is on line 2).
    reported(stdout, "services", 3, "services[1][0]", "aliases")


def test_reports_non_utf8_byte_at_its_line(data_root, fails_with):
    path = data_root / "data" / "services.yaml"
    path.write_bytes(path.read_bytes().replace(b"A made-up helpline", b"A made-up \xff helpline"))
    line = line_of(data_root, "services", "description: A made-up ")
    fails_with("services", line, "", "0xff", "UTF-8")


@pytest.mark.parametrize("content", [b"", b"# SYNTHETIC TEST DATA: only a comment\n\n"], ids=["no-bytes", "only-comments"])
def test_reports_empty_file(data_root, fails_with, content):
    (data_root / "data" / "resources.yaml").write_bytes(content)
    fails_with("resources", 1, "", "the file is empty")


def test_reports_very_large_file_without_parsing_it(data_root, fails_with):
    description = "x" * (33 * 1024 * 1024)
    (data_root / "data" / "services.yaml").write_text(f"services:\n  - description: {description}\n", encoding="utf-8")
    fails_with("services", 1, "", "larger than 32 MB")


def test_refuses_yaml_tag_without_running_it(data_root, replace_in, fails_with, tmp_path):
    pwned = tmp_path / "pwned"
    replace_in(data_root, "services", "cost: Free", f'cost: !!python/object/apply:os.system ["touch {pwned}"]')
    line = line_of(data_root, "services", "cost: !!python")
    fails_with("services", line, f"{HELPLINE}: cost", "python/object/apply:os.system", "tags", "not allowed")
    assert not pwned.exists(), "the tag ran a shell command"


# ----------------------------------------------------------------------------
# Files under resources/
# ----------------------------------------------------------------------------

def test_reports_missing_resource_file(data_root, replace_in, fails_with):
    replace_in(data_root, "resources", "file: resources/example.pdf", "file: resources/missing.pdf")
    line = line_of(data_root, "resources", "file: resources/missing.pdf")
    fails_with("resources", line, f"{GUIDE}: file", "'resources/missing.pdf' does not exist")


def test_reports_file_path_leaving_resources_folder(data_root, replace_in, fails_with):
    replace_in(data_root, "resources", "file: resources/example.pdf", "file: resources/../../etc/passwd")
    line = line_of(data_root, "resources", "file: resources/../../etc/passwd")
    fails_with("resources", line, f"{GUIDE}: file", "leaves the resources/ folder", "'..' is not allowed")


@pytest.mark.parametrize("linked_dir", [False, True], ids=["file-link", "folder-link"])
def test_reports_symlink_pointing_outside_the_root(data_root, replace_in, fails_with, tmp_path, linked_dir):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"not the hub's")
    if linked_dir:
        os.symlink(outside, data_root / "resources" / "linked")
        relative = "resources/linked/secret.pdf"
    else:
        os.symlink(outside / "secret.pdf", data_root / "resources" / "secret.pdf")
        relative = "resources/secret.pdf"
    replace_in(data_root, "resources", "file: resources/example.pdf", f"file: {relative}")
    line = line_of(data_root, "resources", f"file: {relative}")
    fails_with("resources", line, f"{GUIDE}: file", f"'{relative}'", "symbolic link")


# ----------------------------------------------------------------------------
# Every problem at once
# ----------------------------------------------------------------------------

def test_reports_three_problems_in_one_file_at_once(data_root, replace_in, run_validate):
    replace_in(data_root, "services", WEBSITE, WEBSITE.replace("website", "webiste"))
    replace_in(data_root, "services", 'phone: "01632 960000"', 'phone: "0800 12"')
    replace_in(data_root, "services", "    last_reviewed: 2026-09-01\n", "")
    code, stdout, stderr = run_validate(data_root)
    assert code == 1
    assert len(stdout.splitlines()) == 3, stdout
    reported(stdout, "services", line_of(data_root, "services", "webiste:"), f"{HELPLINE}: contact.webiste", "website")
    reported(stdout, "services", line_of(data_root, "services", '"0800 12"'), f"{HELPLINE}: contact.phone", "UK phone number")
    reported(stdout, "services", line_of(data_root, "services", "- id: example-district-service"), f"{DISTRICT}: last_reviewed", "missing")
    assert "3 problems" in stderr


def test_reports_problems_in_two_files_in_one_run(data_root, replace_in, run_validate):
    replace_in(data_root, "services", WEBSITE, WEBSITE.replace("website", "webiste"))
    replace_in(data_root, "campaigns", "status: scoping", "status: [scoping")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    reported(stdout, "services", line_of(data_root, "services", "webiste:"), f"{HELPLINE}: contact.webiste", "website")
    assert any(out.startswith("data/campaigns.yaml:") for out in stdout.splitlines()), stdout


def test_reports_schema_and_vocabulary_problems_in_one_run(data_root, replace_in, run_validate):
    # A contributor should not have to fix the typo to learn about the bad district.
    replace_in(data_root, "services", WEBSITE, WEBSITE.replace("website", "webiste"))
    replace_in(data_root, "services", "        - leeds", "        - leed")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    reported(stdout, "services", line_of(data_root, "services", "webiste:"), f"{HELPLINE}: contact.webiste", "website")
    reported(stdout, "services", line_of(data_root, "services", "- leed"), f"{DISTRICT}: coverage.districts[0]", "leeds")


# ----------------------------------------------------------------------------
# Review dates
# ----------------------------------------------------------------------------

def test_warns_about_overdue_review_without_failing(data_root, replace_in, run_validate):
    replace_in(data_root, "services", "last_reviewed: 2026-09-01", "last_reviewed: 2025-06-01")
    line = line_of(data_root, "services", "last_reviewed: 2025-06-01")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr
    warning = reported(stdout, "services", line, "", "warning:", f"{DISTRICT}: last_reviewed", "2025-06-01", "12 months")
    assert warning.startswith(f"data/services.yaml:{line}: warning: ")
    assert stdout.splitlines()[-1].startswith("hub validate: all data is valid:")
    assert "1 warning" in stdout.splitlines()[-1]


def test_review_months_option_extends_review_interval(data_root, replace_in, run_validate):
    replace_in(data_root, "services", "last_reviewed: 2026-09-01", "last_reviewed: 2025-06-01")
    code, stdout, stderr = run_validate(data_root, "--review-months", "36")
    assert code == 0, stdout + stderr
    assert "warning" not in stdout
    assert len(stdout.splitlines()) == 1 and stdout.startswith("hub validate: all data is valid:")


def test_review_exactly_twelve_months_ago_is_not_overdue(data_root, replace_in, run_validate):
    replace_in(data_root, "services", "last_reviewed: 2026-09-01", "last_reviewed: 2025-11-25")
    code, stdout, _ = run_validate(data_root)
    assert code == 0
    assert "warning" not in stdout


# ----------------------------------------------------------------------------
# GitHub annotations
# ----------------------------------------------------------------------------

ANNOTATION = re.compile(r"^::error file=data/[a-z]+\.yaml,line=\d+,title=[^:]*::.+$")


@pytest.mark.parametrize("name, old, new", [
    ("services", WEBSITE, WEBSITE.replace("website", "webiste")),
    ("services", 'phone: "01632 960000"', 'phone: "0800 12"'),
    ("campaigns", "status: scoping", "status: [scoping"),
])
def test_github_format_prints_one_annotation_per_problem(data_root, replace_in, run_validate, name, old, new):
    replace_in(data_root, name, old, new)
    code, stdout, _ = run_validate(data_root, "--format", "github")
    assert code == 1
    lines = stdout.splitlines()
    assert lines, "no annotations printed"
    for out in lines:
        assert ANNOTATION.match(out), out
    assert any(out.startswith(f"::error file=data/{name}.yaml,line=") for out in lines)


def test_github_annotation_names_file_line_and_field(data_root, replace_in, run_validate):
    replace_in(data_root, "services", WEBSITE, WEBSITE.replace("website", "webiste"))
    line = line_of(data_root, "services", "webiste:")
    code, stdout, _ = run_validate(data_root, "--format", "github")
    assert code == 1
    assert stdout.splitlines() == [
        f"::error file=data/services.yaml,line={line},title=service 'example-helpline' (Example Helpline)%3A contact.webiste::"
        f"{HELPLINE}: contact.webiste: 'webiste' is not a field here; did you mean 'website'?"
    ]


# ----------------------------------------------------------------------------
# Visible text and sources that hold the fact
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("blank", [
    "   ",  # spaces only
    "\\u200b\\u200b",  # zero-width spaces
    "\\u00a0\\u2060\\u3164",  # a no-break space, a word joiner and a Hangul filler
    "\\t \\ufeff",
])
def test_required_text_must_be_visible(data_root, replace_in, fails_with, blank):
    replace_in(data_root, "services", "name: Example Helpline", f'name: "{blank}"')
    line = line_of(data_root, "services", 'name: "')
    fails_with("services", line, "service 'example-helpline': name", "no visible text", "only spaces or invisible characters")


def test_optional_text_given_must_be_visible_too(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "opening_hours: 9am to 5pm, Monday to Friday", 'opening_hours: "\\u200b"')
    fails_with("services", line_of(data_root, "services", "opening_hours:"), "service 'example-helpline' (Example Helpline): opening_hours",
               "no visible text")


def test_text_with_letters_among_invisible_characters_is_fine(data_root, replace_in, run_validate):
    replace_in(data_root, "services", "name: Example Helpline", 'name: "\\u200bExample\\u00a0Helpline"')
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr


def test_a_source_with_two_addresses_in_one_item_is_refused(data_root, replace_in, fails_with):
    replace_in(data_root, "services", "    source: https://www.example.org/help",
               '    source: "https://www.example.org/a; https://www.example.net/b"')
    line = line_of(data_root, "services", "source: \"https://www.example.org/a;")
    fails_with("services", line, "service 'example-helpline' (Example Helpline): source", "2 web addresses", "one address per item")


def test_a_source_list_gives_one_address_per_line(data_root, replace_in, run_validate, fails_with):
    replace_in(data_root, "services", "    source: https://www.example.org/help",
               "    source:\n      - https://www.example.org/help\n      - Example Charity leaflet, 2026")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr
    replace_in(data_root, "services", "      - Example Charity leaflet, 2026", "      - https://a.example.org/x https://b.example.org/y")
    fails_with("services", line_of(data_root, "services", "- https://a.example.org/x"), "service 'example-helpline' (Example Helpline): source[1]",
               "2 web addresses")


@pytest.mark.parametrize("home", ["https://www.example.org/", "https://www.example.org", "http://example.org/"])
def test_a_source_that_is_only_a_home_page_gets_a_warning(data_root, replace_in, run_validate, home):
    replace_in(data_root, "services", "    source: https://www.example.org/help", f"    source: {home}")
    line = line_of(data_root, "services", f"source: {home}")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, "a warning, not an error"
    reported(stdout, "services", line, "", "warning:", "service 'example-helpline' (Example Helpline): source", "only a home page",
             "the page that holds the fact")


def test_a_home_page_beside_the_page_that_holds_the_fact_is_fine(data_root, replace_in, run_validate):
    replace_in(data_root, "services", "    source: https://www.example.org/help",
               "    source:\n      - https://www.example.org/\n      - https://www.example.org/help")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0 and "warning" not in stdout, stdout + stderr


# ----------------------------------------------------------------------------
# The run's summary page (GitHub shows only a few annotations per step)
# ----------------------------------------------------------------------------

def broken_service(number: int) -> str:
    # SYNTHETIC TEST DATA: a record whose phone number is wrong.
    return f"""
  - id: broken-{number}
    name: "Broken ```{number}``` <b>service</b>"
    organisation: Example Charity
    description: A made-up service used only to test the hub.
    audiences: [children]
    coverage:
      area: national
    topics: [sextortion]
    access: [helpline]
    contact:
      phone: "0800 12"
    source: https://www.example.org/help
    last_reviewed: 2026-06-01
"""


def test_summary_lists_every_problem_as_plain_text(data_root, run_validate, tmp_path):
    services = data_root / "data" / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8") + "".join(broken_service(n) for n in range(12)), encoding="utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("Earlier step's summary\n", encoding="utf-8")
    code, stdout, stderr = run_validate(data_root, "--format", "github", "--summary", str(summary))
    assert code == 1 and len(stdout.splitlines()) == 12 and "12 problems" in stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("Earlier step's summary\n## Data check: 12 problems to fix\n"), "appended, never overwritten"
    assert "hub validate failed: 12 problems to fix" in text
    # Record text is untrusted: it stays inside a code block longer than any run of backticks in it.
    fence = re.search(r"^(`{4,})text$", text, re.M)
    assert fence, text
    block = text[fence.end(): text.index("\n" + fence.group(1) + "\n", fence.end())].strip().splitlines()
    assert len(block) == 12
    for number, line in enumerate(block):
        line_no = line_of(data_root, "services", f"id: broken-{number}") + 10
        assert line == (f"data/services.yaml:{line_no}: service 'broken-{number}' (Broken ```{number}``` <b>service</b>): "
                        "contact.phone: '0800 12' is not a UK phone number (e.g. '0800 1111' or '0808 800 5000')")


def test_summary_of_valid_data_says_so(data_root, run_validate, tmp_path):
    summary = tmp_path / "summary.md"
    code, stdout, _ = run_validate(data_root, "--summary", str(summary))
    assert code == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Data check: All data is valid\n") and stdout.strip() in text and "```" not in text
