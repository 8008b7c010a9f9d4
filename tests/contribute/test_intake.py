"""`hub intake`: an issue form's answers become a record, checked like `hub validate` checks,
written in the house style, or one comment naming each form field to put right."""

from __future__ import annotations

import datetime
import difflib
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hub.contribute import forms as form_set
from hub.contribute import intake
from hub.records import formfields as ff
from hub.records.kinds import BY_KEY, RECORD_TYPES
from hub.records.loader import load
from hub.records.settings import load_settings
from hub.records.yamlsource import parse_yaml
from hub.site.views import suggest_url
from tests.conftest import REPO
from tests.contribute.github_forms import body_for, form_named, prefilled_answers, ticked_checks

TODAY = "2026-12-01"


@pytest.fixture
def root(tmp_path) -> Path:
    """A copy of the repository's data and settings, to write into."""
    copy = tmp_path / "hub"
    for folder in ("data", "resources"):
        shutil.copytree(REPO / folder, copy / folder)
    shutil.copy(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    return copy


def run_intake(root: Path, body: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """`hub intake` as the workflow runs it: the body in an environment variable, never on the command line."""
    return subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), "intake", "--from-env", "ISSUE_BODY",
                           "--today", TODAY, *args], capture_output=True, text=True, timeout=120, cwd=REPO,
                          env={**(env or {}), "PATH": "/usr/bin:/bin", "ISSUE_BODY": body})


def validate(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), "validate", "--today", TODAY],
                          capture_output=True, text=True, timeout=120, cwd=REPO)


# ----------------------------------------------------------------------------
# Every record, through its page's "Suggest a change" link and back
# ----------------------------------------------------------------------------

def test_every_record_filled_in_from_its_suggest_a_change_link_reads_back_identical():
    settings = {**load_settings(REPO), "repository_url": "https://github.com/example/hub"}
    hub = load(REPO)
    compared, different, longest = 0, [], 0
    for record_type in RECORD_TYPES:
        form = form_named(REPO, form_set.CORRECT, record_type.key)
        for record in hub.records(record_type.key):
            link = suggest_url(hub, settings, record_type, record)
            longest = max(longest, len(link))
            assert f"template={ff.correction_form_file(record_type)}" in link
            body = body_for(form, {**prefilled_answers(link, form), **ticked_checks()})
            outcome = intake.read_record(REPO, body)
            compared += 1
            if outcome.record != record or outcome.problems:
                different.append((record["id"], outcome.problems))
    assert compared == sum(len(hub.records(t.key)) for t in RECORD_TYPES) == 40
    assert different == []
    assert longest <= ff.LINK_BUDGET


def test_a_value_too_long_for_a_link_is_kept_as_it_is(root):
    services = root / "data" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    long_text = " ".join(["A sentence that goes on for a while about what the service does."] * 160)  # over 10,000 characters
    childline_description = ("    description: >-\n      Childline is for children and young people under 19. You can call any\n"
                             "      time, day or night.\n")
    assert text.count(childline_description) == 1
    services.write_text(text.replace(childline_description, f'    description: "{long_text}"\n'), encoding="utf-8")
    hub = load(root)
    childline = next(r for r in hub.records("services") if r["id"] == "childline")
    assert childline["description"] == long_text and len(long_text) > 10_000
    settings = {**load_settings(root), "repository_url": "https://github.com/example/hub"}
    link = suggest_url(hub, settings, BY_KEY["services"], childline)
    form = form_named(root, form_set.CORRECT, "services")
    answers = prefilled_answers(link, form)
    assert len(link) <= ff.LINK_BUDGET and answers["description"] == ff.KEEP and answers["name"] == "Childline"
    assert intake.read_record(root, body_for(form, {**answers, **ticked_checks()})).record == childline
    # Replacing the placeholder replaces the text; emptying it removes it (and the schema then asks for it).
    edited = intake.read_record(root, body_for(form, {**answers, "description": "Shorter.", **ticked_checks()})).record
    assert edited["description"] == "Shorter."


# ----------------------------------------------------------------------------
# Twelve forms filled in as a non-programmer would
# ----------------------------------------------------------------------------

LEEDS_SERVICE = {
    "name": "Leeds Example Youth Counselling",
    "organisation": "Example Charity Leeds",
    "description": "Free counselling for young people in Leeds who have been harmed online.\n\nYou can refer yourself.",
    "audiences": ["Children and young people"],
    "age_range_min": "11", "age_range_max": "18",
    "coverage_area": "Only the districts listed", "coverage_districts": ["Leeds"],
    "topics": ["Sextortion and blackmail", "Support after abuse"],
    "access": ["Self-referral", "Phone helpline"],
    "contact_phone": "0113 496 0000",
    "contact_other_phones": "Number: 0113 496 0001\nWho it is for and when: Professionals, weekdays 9am to 5pm",
    "contact_website": "https://www.example.org/leeds-youth-counselling",
    "languages": "• English\n• Urdu",  # bullets pasted from a document
    "source": "https://www.example.org/leeds-youth-counselling",
    "last_reviewed": "2026-11-30",
    "notes": "Checked on their website today.",
}

# (name, form, answers, expected problems as (form field label, words in the message)); [] means valid.
FORMS = [
    ("add-service-valid", (form_set.ADD, "services"), LEEDS_SERVICE, []),
    ("add-service-slips", (form_set.ADD, "services"), {
        **LEEDS_SERVICE, "name": "Wakefield Example Helpline",
        "coverage_districts": ["Wakefield"],
        "last_reviewed": "30/11/2026",
        "contact_website": "www.example.org/wakefield",
        "contact_email": "help at example.org",
        "contact_other_phones": "01924 496 001 - out of hours",
    }, [
        ("Contact: Other phone numbers", "does not start with one of 'Number:', 'Who it is for and when:'"),
        ("Contact: Email address", "contains a space; an email address has none"),
        ("Contact: Web page", "needs https:// at the start: 'https://www.example.org/wakefield'"),
        ("Date you checked these details", "'30/11/2026' is not written YYYY-MM-DD; write it as 2026-11-30"),
    ]),
    ("add-service-nothing-ticked", (form_set.ADD, "services"), {
        **LEEDS_SERVICE, "name": "Bradford Example Service", "audiences": [], "topics": [], "access": [], "coverage_districts": [],
    }, [
        ("Who it is for", "'audiences' is missing; add it (a list of items, each on a line starting with '- '); in the form: tick at least one box"),
        ("Where it is available: Districts", "'districts' is missing; add it (a list of items, each on a line starting with '- '); in the form: tick at least one box"),
        ("Topics", "in the form: tick at least one box under this question"),
        ("Ways in", "in the form: tick at least one box under this question"),
    ]),
    ("add-service-national-with-a-district", (form_set.ADD, "services"), {
        **LEEDS_SERVICE, "name": "Example National Line", "coverage_area": "National (the whole UK or England)",
        "coverage_districts": ["Kirklees"], "age_range_min": "twelve",
    }, [
        ("Ages helped: Youngest age", "expected a whole number, found the text 'twelve'"),
        ("Where it is available: Area / Where it is available: Districts", "or area 'national' or 'region' without one"),
    ]),
    ("add-service-already-listed", (form_set.ADD, "services"), {**LEEDS_SERVICE, "name": "childline"}, [
        ("Name", "'childline' is already on the hub (its id is 'childline'); to change it, use \"Suggest a change\" on its page"),
    ]),
    ("add-resource-valid", (form_set.ADD, "resources"), {
        "record_title": "Example guide to talking with your child about nudes",
        "record_type": "Guidance", "publisher": "Example Charity",
        "description": "A short guide for parents and carers on starting a calm conversation.",
        "audiences": ["Parents and carers"], "topics": ["Sharing nude images"],
        "url": "https://www.example.org/guides/talking-about-nudes",
        "source": "https://www.example.org/guides/talking-about-nudes", "last_reviewed": "2026-11-28",
    }, []),
    ("add-resource-slips", (form_set.ADD, "resources"), {
        "record_title": "Example poster", "record_type": "Poster", "publisher": "Example Charity",
        "description": "A poster.", "audiences": ["Children and young people"], "topics": ["Sextortion and blackmail"],
        "published": "March 2026", "source": "see above", "last_reviewed": "2026-11-28",
    }, [
        ("Date published", "'March 2026'"),
        ("Source (the page you checked)", "'see above' does not say where the facts come from"),
    ]),
    ("add-course-valid", (form_set.ADD, "training"), {
        "name": "Example course: responding to sextortion", "provider": "Example Training Ltd",
        "description": "A half-day course for practitioners.", "audiences": ["Professionals"], "level": "Practitioner",
        "topics": ["Sextortion and blackmail"], "coverage_area": "Only the districts listed", "coverage_districts": ["Leeds"],
        "url": "https://www.example.org/courses/sextortion",
        "sessions": "Starts: 2027-03-04 09:30\nEnds: 2027-03-04 12:30\nHow it is delivered: In person\n"
                    "Venue: Leeds Civic Hall, Calverley Street, Leeds LS1 1UR",
        "source": "https://www.example.org/courses/sextortion", "last_reviewed": "2026-11-30",
    }, []),
    ("add-course-slips", (form_set.ADD, "training"), {
        "name": "Example online safety briefing", "provider": "Example Training Ltd",
        "description": "A briefing.", "audiences": ["Professionals"], "level": "Awareness",
        "topics": ["Online safety education"], "coverage_area": "The whole region",
        "url": "http://www.example.org/briefing",
        "sessions": "Starts: 4 March 2027 9.30am\nEnds: 2027-03-04 11:00\nHow it is delivered: face to face",
        "source": "https://www.example.org/briefing", "last_reviewed": "2026-11-30",
    }, [
        ("Course page", "is not a secure web address starting with https://"),
        ("Dated sessions", "'4 March 2027 9.30am' is not a date and time in UK time written YYYY-MM-DD HH:MM"),
        ("Dated sessions", "'face to face' is not one of the training_modes in vocabularies.yaml"),
    ]),
    ("correct-service-valid", (form_set.CORRECT, "services"), "childline", []),
    ("correct-service-slips", (form_set.CORRECT, "services"), "nspcc-helpline", [
        ("Organisation", "'organisation' is missing; add it, e.g. organisation: NSPCC; in the form: fill in this field"),
        ("Topics", "'sextorsion' is not one of the topics in vocabularies.yaml; did you mean 'sextortion'?"),
        ("Contact: Main phone number", "'0808 800 5000 ext 2' is not a UK phone number"),
    ]),
    ("correct-campaign-wrong-id", (form_set.CORRECT, "campaigns"), "children-and-young-people-campaign", [
        ("Id (the page address)", "the hub has no campaign with 'children-campaign'; this field says which record to correct"),
    ]),
]


def answers_for(root: Path, form, given) -> dict:
    """A form's answers: as given, or (a correction) filled in from the record's page link and then changed by hand."""
    if isinstance(given, dict):
        return {**given, **ticked_checks()}
    hub = load(root)
    record = next(r for r in hub.records(form.record_type.key) if r["id"] == given)
    settings = {**load_settings(root), "repository_url": "https://github.com/example/hub"}
    answers = {**prefilled_answers(suggest_url(hub, settings, form.record_type, record), form), **ticked_checks()}
    if given == "childline":
        # Typed as people do: one line of names with commas, in lower case.
        answers.update({"opening_hours": "24 hours a day, every day of the year", "last_reviewed": "2026-11-30",
                        "topics": "support after abuse, sextortion and blackmail"})
    elif given == "nspcc-helpline":
        answers.update({"organisation": "", "topics": answers["topics"] + "\nsextorsion", "contact_phone": "0808 800 5000 ext 2"})
    else:
        answers["id"] = "children-campaign"
    return answers


@pytest.mark.parametrize("name, which, given, expected", FORMS, ids=[f[0] for f in FORMS])
def test_a_form_filled_in_by_hand(root, tmp_path, name, which, given, expected):
    form = form_named(root, *which)
    body = body_for(form, answers_for(root, form, given))
    data_file = root / form.record_type.file
    before = data_file.read_text(encoding="utf-8")
    out = tmp_path / "out"
    result = run_intake(root, body, "--issue", "42", "--write", "--out", str(out))
    posted = json.loads((out / "comment.json").read_text(encoding="utf-8"))["body"]
    assert posted.startswith(intake.COMMENT_MARK)
    if expected:
        assert result.returncode == 1, result.stdout + result.stderr
        errors = [line for line in result.stdout.splitlines() if not line.startswith("warning: ")]
        assert len(errors) == len(expected), result.stdout
        for label, words in expected:
            assert [line for line in errors if line.startswith(f"{label} (") and words in line], (label, words, result.stdout)
            # The comment names the form field in bold, and quotes the message.
            assert f"**{label.replace(' / ', '** / **')}**" in posted
        assert data_file.read_text(encoding="utf-8") == before, "nothing is written for a form with problems"
        assert not (out / "pull-request.json").exists()
        return
    assert result.returncode == 0, result.stdout + result.stderr
    after = data_file.read_text(encoding="utf-8")
    record_id = json.loads((out / "result.json").read_text())["record_id"]
    first, last = record_lines(after, form.record_type.key, record_id)
    for tag, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False).get_opcodes():
        if tag != "equal":
            assert first - 1 <= new_start + 1 and new_end <= last, f"{tag} outside the record's lines: {after.splitlines()[new_start:new_end]}"
    assert validate(root).returncode == 0, validate(root).stdout
    pull = json.loads((out / "pull-request.json").read_text(encoding="utf-8"))
    assert pull["body"].startswith("Closes #42\n") and record_id in pull["body"]
    assert "ready for review" in posted


def record_lines(text: str, key: str, record_id: str) -> tuple[int, int]:
    """The first and last line (1-based) of a record: from its '- id' line to the line before the next record or the end."""
    source = parse_yaml(text.encode("utf-8"), "x")
    records = source.data[key]
    index = next(i for i, r in enumerate(records) if r["id"] == record_id)
    first = source.line_of((key, index))
    last = source.line_of((key, index + 1)) - 1 if index + 1 < len(records) else len(text.splitlines())
    return first, last


def test_a_new_record_goes_at_the_end_of_its_section_and_keeps_every_comment(root):
    form = form_named(root, form_set.ADD, "services")
    national = {**LEEDS_SERVICE, "name": "Example National Helpline", "coverage_area": "National (the whole UK or England)",
                "coverage_districts": []}
    outcome = intake.take_in(root, body_for(form, {**national, **ticked_checks()}), datetime.date(2026, 12, 1))
    assert outcome.valid, outcome.problems
    before = (root / "data" / "services.yaml").read_text(encoding="utf-8")
    comments = [line for line in before.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in outcome.text.splitlines() if line.lstrip().startswith("#")] == comments
    lines = outcome.text.splitlines()
    start = lines.index("  - id: example-national-helpline")
    # After the last national service, before the West Yorkshire section's comment.
    assert lines[start - 2].strip().startswith("last_reviewed:") and lines[start - 1] == ""
    following = next(line for line in lines[start:] if line.startswith("  #"))
    assert following == "  # West Yorkshire: the police, for every district"
    ids = [r["id"] for r in parse_yaml(outcome.text.encode(), "x").data["services"]]
    assert ids[ids.index("example-national-helpline") - 1] == "stopncii"


def test_a_correction_changes_only_the_changed_fields_lines(root):
    form = form_named(root, form_set.CORRECT, "services")
    answers = answers_for(root, form, "childline")
    outcome = intake.take_in(root, body_for(form, answers), datetime.date(2026, 12, 1))
    assert outcome.valid, outcome.problems
    before = (root / "data" / "services.yaml").read_text(encoding="utf-8").splitlines()
    diff = [line for line in difflib.unified_diff(before, outcome.text.splitlines(), lineterm="", n=0) if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert diff == [
        "+      - sextortion",
        "-    opening_hours: 24 hours",
        "+    opening_hours: 24 hours a day, every day of the year",
        "-    last_reviewed: 2026-11-25",
        "+    last_reviewed: 2026-11-30",
    ]
    pull = intake.pull_request(outcome, 7)
    assert "- **Topics:** `Support after abuse` \u2192 `Support after abuse; Sextortion and blackmail`" in pull["body"]
    assert parse_yaml(outcome.text.encode(), "x").data["services"][4]["topics"] == ["support-after-abuse", "sextortion"]


# ----------------------------------------------------------------------------
# Untrusted text stays text
# ----------------------------------------------------------------------------

NASTY = {
    "subshell": "$(touch CANARY)",
    "backticks": "`touch CANARY`",
    "expression": "${{ github.token }} ${{ secrets.DEPLOY_SSH_KEY }}",
    "quote": '"; rm -rf ~; touch CANARY; echo "',
    "markdown": "**bold** [a link](javascript:alert(1)) @octocat #1 ![x](https://example.org/x.png)",
    "html": "<script>alert(1)</script><img src=x onerror=alert(1)> <!-- hub-intake -->",
    "yaml": "key: value # not a comment\n- not a list\n&anchor *alias !!python/object:os.system",
}


@pytest.mark.parametrize("kind", sorted(NASTY))
def test_untrusted_text_in_answers_is_stored_and_shown_as_text(root, tmp_path, kind):
    text = NASTY[kind]
    form = form_named(root, form_set.ADD, "services")
    answers = {**LEEDS_SERVICE, "name": f"Example {kind} service {text.splitlines()[0]}", "description": text,
               "opening_hours": text.splitlines()[0], "notes": text, **ticked_checks()}
    out = tmp_path / "out"
    result = run_intake(root, body_for(form, answers), "--issue", "5", "--write", "--out", str(out), env={"HOME": str(tmp_path)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert not list(root.rglob("CANARY")) and not list(REPO.glob("CANARY")) and not list(tmp_path.rglob("CANARY"))
    record = next(r for r in load(root).records("services") if r["name"].startswith(f"Example {kind} service"))
    assert record["description"] == text and record["opening_hours"] == text.splitlines()[0]
    assert validate(root).returncode == 0
    comment = json.loads((out / "comment.json").read_text(encoding="utf-8"))["body"]
    pull = json.loads((out / "pull-request.json").read_text(encoding="utf-8"))["body"]
    assert_inert(comment)
    assert_inert(pull)
    # The pull request shows what was typed, as text inside code spans.
    import markdown as python_markdown
    codes = re.findall(r"<code>(.*?)</code>", python_markdown.markdown(pull), flags=re.S)
    assert any(html.unescape(code) == " ".join(text.split()) for code in codes), codes


def assert_inert(markdown_text: str) -> None:
    """Rendered as Markdown, the text makes no element but the hub's own: no script, image, link or HTML from an answer."""
    import markdown as python_markdown

    rendered = python_markdown.markdown(markdown_text)
    for marker in ("<script", "<img", "<b>", 'href="javascript', "<strong>bold", "<a href", "<!-- hub-intake -->\n<"):
        assert marker not in rendered.replace("<!-- hub-intake -->\n<h3>", ""), (marker, rendered[:500])
    assert rendered.count("<!-- hub-intake -->") <= 1


def test_a_ten_thousand_character_answer_is_kept_whole_and_cut_only_in_the_comment(root, tmp_path):
    long_answer = ("0123456789 " * 910)[:10_000]
    form = form_named(root, form_set.ADD, "services")
    answers = {**LEEDS_SERVICE, "description": long_answer, "contact_phone": long_answer, **ticked_checks()}
    out = tmp_path / "out"
    result = run_intake(root, body_for(form, answers), "--out", str(out))
    assert result.returncode == 1
    comment = json.loads((out / "comment.json").read_text(encoding="utf-8"))["body"]
    assert len(comment) < intake.MAX_COMMENT and "**Contact: Main phone number** (`contact.phone`)" in comment
    assert "\u2026`" in comment  # the quoted value is cut in the comment
    answers["contact_phone"] = "0113 496 0000"
    result = run_intake(root, body_for(form, answers), "--write", "--out", str(out))
    assert result.returncode == 0 and "is 910 words long" in result.stdout  # a warning: the reviewer decides
    record = next(r for r in load(root).records("services") if r["name"] == LEEDS_SERVICE["name"])
    assert record["description"] == long_answer.strip()


def test_an_issue_not_made_with_a_hub_form_gets_one_plain_comment_and_exit_2(root, tmp_path):
    out = tmp_path / "out"
    result = run_intake(root, "Please add my service, it is great! $(reboot)", "--out", str(out))
    assert result.returncode == 2
    assert "was not written with one of the hub's forms" in result.stderr
    comment = json.loads((out / "comment.json").read_text(encoding="utf-8"))["body"]
    assert comment.startswith(intake.COMMENT_MARK) and "$(reboot)" not in comment


def test_a_heading_typed_inside_an_answer_is_part_of_the_answer(root):
    form = form_named(root, form_set.ADD, "services")
    answers = {**LEEDS_SERVICE, "description": "First part.\n\n### Organisation\n\nStill the description.", **ticked_checks()}
    outcome = intake.read_record(root, body_for(form, answers))
    assert [str(p) for p in outcome.problems] == [
        "Organisation: the heading '### Organisation' appears twice in the issue; keep one, with the answer under it"]


def test_a_form_sent_without_its_confirmations_ticked_is_not_proposed(root):
    """GitHub requires the boxes only in public repositories."""
    form = form_named(root, form_set.ADD, "services")
    outcome = intake.take_in(root, body_for(form, LEEDS_SERVICE), datetime.date(2026, 12, 1))
    assert not outcome.valid
    assert [str(p) for p in outcome.errors] == [
        f"Before you send: tick '{check}' (edit the issue to tick it); nothing is proposed without it" for check in form_set.CHECKS]


def test_an_issue_edited_in_the_browser_with_windows_line_endings_reads_the_same(root):
    form = form_named(root, form_set.ADD, "services")
    body = body_for(form, {**LEEDS_SERVICE, **ticked_checks()})
    assert intake.read_record(root, body.replace("\n", "\r\n")).record == intake.read_record(root, body).record
