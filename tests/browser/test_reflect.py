"""The self-reflection tool in Debian's Chromium: a practitioner answers by
keyboard alone, downloads both files, clears, imports and gets the same
answers back; nothing is requested meanwhile; every step passes axe on a
phone and a desktop; without JavaScript the page is the whole form."""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
import yaml

from tests.browser.conftest import REPO, serve

pytestmark = pytest.mark.browser

PAGE = "reflect/practitioner/"
REFLECTION = yaml.safe_load((REPO / "data" / "reflection.yaml").read_text(encoding="utf-8"))
PRACTITIONER = next(s for s in REFLECTION["sets"] if s["id"] == "practitioner")
QUESTIONS = [q for section in PRACTITIONER["sections"] for q in section["questions"]]
STEPS = ["About you"] + [s["title"] for s in PRACTITIONER["sections"]] + ["Your summary and action plan"]
EXIT_PAGE = "<!doctype html><html lang='en'><title>Weather</title><p>Neutral page</p></html>"

# What the practitioner chooses, by field name after "context:" or "question:".
ANSWERS = {
    "district": "leeds", "sector": "education", "role_band": "frontline",
    "confidence-workforce": "3", "confidence-responding": "9", "confidence-training-access": "5",
    "experience-responding": "a-few-times", "training-received": "none",
    "reporting-how": "2", "recording-incidents": "4", "platforms-knowledge": "1", "working-with-others": "3",
    "wellbeing-support": "4", "training-needs": ["sextortion", "image-sharing"], "reflection-notes": "Ask about the new app.",
}


def focused(page) -> dict:
    return page.evaluate("""() => {
        const e = document.activeElement;
        return {tag: e.tagName, type: e.type || '', name: e.name || '', value: e.value || '', id: e.id || '',
                text: (e.textContent || '').trim()};
    }""")


def tab_until(page, wanted, key: str = "Tab", limit: int = 250) -> dict:
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if wanted(now):
            return now
    pytest.fail(f"{key} never reached the element wanted; last focus: {focused(page)}")


def answer_step_by_keyboard(page) -> None:
    """From the step's heading, Tab through the step answering as ANSWERS says, then press its Next button."""
    answered = set()
    for _ in range(200):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "BUTTON" and (now["text"].startswith("Next") or now["text"] == "See my summary"):
            page.keyboard.press("Enter")
            return
        field = now["name"].split(":", 1)[-1]
        wanted = ANSWERS.get(field)
        if not now["name"].startswith(("question:", "context:")) or wanted is None:
            continue
        if now["type"] == "radio" and field not in answered:
            page.keyboard.press("Space")
            for _ in range(12):
                if focused(page)["value"] == wanted:
                    break
                page.keyboard.press("ArrowRight")  # moves to the next choice and chooses it
            answered.add(field)
        elif now["type"] == "checkbox" and now["value"] in wanted:
            page.keyboard.press("Space")
        elif now["tag"] == "TEXTAREA":
            page.keyboard.type(wanted)
    pytest.fail("never reached the step's Next button")


def form_state(page) -> dict:
    """Every answer in the form, as name -> chosen values (or text)."""
    return page.evaluate("""() => {
        const state = {};
        document.querySelectorAll('[name^="question:"], [name^="context:"]').forEach(input => {
            if ((input.type === 'radio' || input.type === 'checkbox')) {
                if (input.checked) (state[input.name] = state[input.name] || []).push(input.value);
            } else if (input.value) state[input.name] = input.value;
        });
        return state;
    }""")


def plan_state(page) -> list:
    return page.eval_on_selector_all(".reflect-action input", "inputs => inputs.map(i => i.value)")


def stored_keys(page) -> list:
    return page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('hub-reflect:'))")


def heading_in_focus(page) -> str:
    return page.evaluate("document.activeElement.tagName === 'H2' ? document.activeElement.textContent : ''")


@pytest.fixture
def tool(session):
    """The practitioner set loaded and settled; the requests made so far are its own loading."""
    session.goto(PAGE, wait_until="networkidle")
    session.page.locator("[data-reflect-progress]").filter(has_text="Step 1 of").wait_for()
    session.loaded = len(session.requests)
    return session


def after_load(session) -> list[str]:
    """Requests made after the page loaded, apart from the downloads made in the page (blob:)."""
    return [url for url in session.requests[session.loaded:] if not url.startswith("blob:")]


# ---------------------------------------------------------------------------
# The whole journey by keyboard
# ---------------------------------------------------------------------------

def test_a_practitioner_completes_downloads_clears_and_imports_by_keyboard_alone(tool, tmp_path):
    page = tool.page
    # Playwright asks the browser to intercept file choosers without waiting for
    # the answer; subscribing now means the interception is in place long before
    # the import below, even on a slow machine.
    choosers = []
    page.on("filechooser", lambda chooser: choosers.append(chooser))
    progress = page.locator("[data-reflect-progress]")
    assert progress.inner_text() == f"Step 1 of {len(STEPS)}: About you"

    for index, title in enumerate(STEPS[:-1]):
        if index:
            assert heading_in_focus(page) == title, "focus moves to the new step's heading"
            assert progress.inner_text() == f"Step {index + 1} of {len(STEPS)}: {title}"
        answer_step_by_keyboard(page)
    assert heading_in_focus(page) == "Your summary and action plan"

    summary = page.locator("[data-reflect-summary]").inner_text()
    assert f"You answered {len(QUESTIONS)} of {len(QUESTIONS)} questions." in summary
    strengths = summary[summary.index("Your strengths"): summary.index("Your next steps")]
    assert "Confidence responding to harms: 9 out of 10" in strengths
    assert "Recording incidents involving online harm: Established" in strengths
    next_steps = summary[summary.index("Your next steps"):]
    workforce = next(q for q in QUESTIONS if q["id"] == "confidence-workforce")
    assert "Your answer: 3 out of 10" in next_steps and " ".join(workforce["next_step"].split()) in next_steps
    reporting = next(q for q in QUESTIONS if q["id"] == "reporting-how")
    assert reporting["levels"][1]["next_step"] in next_steps
    # Records for one district are offered to people who work there only.
    assert "Leeds children's social care" in next_steps and "Bradford children's social care" not in next_steps
    assert "Training and help you asked for" in summary and "Report Remove" in summary

    # The first next step goes into the action plan, and the person says who will do it.
    tab_until(page, lambda f: f["text"] == "Add to my action plan")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "reflect-action-1-what"
    page.keyboard.press("Tab")
    page.keyboard.type("Me and my manager")
    plan = plan_state(page)
    assert plan[0] == " ".join(workforce["next_step"].split()) and plan[1] == "Me and my manager"
    before = form_state(page)

    tab_until(page, lambda f: f["text"] == "Download my reflection")
    with page.expect_download() as mine_download:
        page.keyboard.press("Enter")
    mine_path = tmp_path / mine_download.value.suggested_filename
    mine_download.value.save_as(mine_path)
    tab_until(page, lambda f: f["text"] == "Download the Alliance return")
    with page.expect_download() as return_download:
        page.keyboard.press("Enter")
    return_path = tmp_path / return_download.value.suggested_filename
    return_download.value.save_as(return_path)

    today = datetime.date.today()
    round_id = f"{today.year}-H{1 if today.month <= 6 else 2}"
    mine = json.loads(mine_path.read_text(encoding="utf-8"))
    assert mine_path.name == f"my-reflection-practitioner-{today.isoformat()}.json"
    assert (mine["format"], mine["set"], mine["set_version"]) == ("scpb-hub-my-reflection", "practitioner", PRACTITIONER["version"])
    assert mine["answers"]["reflection-notes"] == "Ask about the new app."
    assert mine["action_plan"][0]["who"] == "Me and my manager"
    sent = json.loads(return_path.read_text(encoding="utf-8"))
    assert return_path.name == f"alliance-return-practitioner-{round_id}.json"
    assert sent["round"] == round_id and re.fullmatch(r"[0-9a-f]{32}", sent["return_id"])
    assert sent["context"] == {"district": "leeds", "sector": "education", "role_band": "frontline"}
    assert set(sent["answers"]) == {q["id"] for q in QUESTIONS if q.get("aggregate")}
    assert sent["answers"]["confidence-workforce"] == 3 and sent["answers"]["training-needs"] == ["sextortion", "image-sharing"]
    assert "free_text" not in sent and "Ask about the new app." not in return_path.read_text(), "own words only when ticked"
    assert set(sent) == {"format", "format_version", "set", "set_version", "round", "return_id", "context", "answers"}

    # Clear my answers, confirmed, by keyboard.
    tab_until(page, lambda f: f["text"] == "Clear my answers", key="Shift+Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.hasAttribute('data-reflect-confirm')")
    tab_until(page, lambda f: f["text"] == "Yes, clear everything")
    page.keyboard.press("Enter")
    assert form_state(page) == {} and plan_state(page) == []
    assert progress.inner_text() == f"Step 1 of {len(STEPS)}: About you"

    # Import the first file: the same answers and plan come back.
    tab_until(page, lambda f: f["id"] == "reflect-import", key="Shift+Tab")
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    assert choosers == [chooser.value], "Enter on the import control opens the file chooser once"
    chooser.value.set_files(str(mine_path))
    page.locator("[data-reflect-status]").filter(has_text="Imported your reflection").wait_for()
    assert form_state(page) == before
    assert plan_state(page) == plan

    assert after_load(tool) == [], "no request leaves the page while answering, downloading, clearing or importing"


# ---------------------------------------------------------------------------
# Import refuses what it cannot use
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    ({"format": "scpb-hub-reflection-return", "format_version": 1, "set": "practitioner"},
     "This file is an Alliance return, which holds only some of your answers. Import the \u201cmy reflection\u201d file instead."),
    ({"format": "scpb-hub-my-reflection", "format_version": 1, "set": "organisation", "set_version": 1, "answers": {}},
     "This file is a reflection from the \u201corganisation\u201d set, not this one (\u201cpractitioner\u201d). Open it on that set's page."),
    ({"format": "scpb-hub-my-reflection", "format_version": 1, "set": "practitioner", "set_version": 99, "answers": {}},
     f"This file was made with version 99 of this set, and this page asks the questions of version {PRACTITIONER['version']}, so it cannot be loaded."),
    ({"format": "scpb-hub-my-reflection", "format_version": 1, "set": "practitioner", "set_version": PRACTITIONER["version"],
      "answers": {"confidence-workforce": 42}},
     "This file gives \u201cWorkforce understanding of the digital space and OCSV\u201d an answer out of range, so it cannot be loaded."),
    ("just some text", "This file is not a reflection saved by this tool."),
])
def test_import_refuses_other_sets_versions_and_files_with_a_clear_message(tool, tmp_path, content, message):
    page = tool.page
    page.check("#context-district-leeds")
    path = tmp_path / "file.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    page.set_input_files("#reflect-import", str(path))
    status = page.locator("[data-reflect-status]")
    status.filter(has_text=message).wait_for()
    assert page.evaluate("document.activeElement.hasAttribute('data-reflect-status')"), "the message takes focus"
    assert form_state(page) == {"context:district": ["leeds"]}, "a refused file changes nothing"


# ---------------------------------------------------------------------------
# Keeping answers on this device: opt-in, and gone on Clear and on Exit
# ---------------------------------------------------------------------------

def test_answers_are_kept_on_the_device_only_when_asked(tool):
    page = tool.page
    page.check("#context-district-wakefield")
    assert stored_keys(page) == [], "nothing is stored until the person asks"
    page.check("#reflect-keep")
    assert stored_keys(page) == ["hub-reflect:practitioner"]
    page.reload(wait_until="load")
    assert page.locator("#context-district-wakefield").is_checked() and page.locator("#reflect-keep").is_checked()
    assert "are back" in page.locator("[data-reflect-status]").inner_text()
    page.uncheck("#reflect-keep")
    assert stored_keys(page) == []
    page.check("#reflect-keep")
    page.click("[data-reflect-clear]")
    page.click("[data-reflect-confirm-yes]")
    assert stored_keys(page) == [] and not page.locator("#reflect-keep").is_checked()


def test_exit_this_page_deletes_kept_answers(tool, exit_url, base_url):
    page = tool.page
    page.route(lambda url: url.startswith(exit_url), lambda route: route.fulfill(status=200, content_type="text/html", body=EXIT_PAGE))
    page.check("#context-district-leeds")
    page.check("#reflect-keep")
    assert stored_keys(page) == ["hub-reflect:practitioner"]
    page.locator("a.hub-exit").click()
    page.wait_for_url(lambda url: url.startswith(exit_url))
    check = tool.context.new_page()
    check.goto(base_url + PAGE)
    assert stored_keys(check) == [], "Exit this page leaves nothing behind"
    assert not check.locator("#context-district-leeds").is_checked()


# ---------------------------------------------------------------------------
# Accessibility on every step, phone and desktop
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("width", [360, 1280])
def test_axe_finds_nothing_on_any_step(width, open_browser, assert_accessible, screenshots):
    session = open_browser(width)
    page = session.page
    session.goto(PAGE)
    page.locator("[data-reflect-progress]").filter(has_text="Step 1 of").wait_for()
    # The error summary on the first step, then each step in turn.
    page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    assert page.locator("[data-reflect-errors]").is_visible()
    assert_accessible(page, f"the first step with its errors at {width} px")
    for field in ("district", "sector", "role_band"):
        page.locator(f'[name="context:{field}"]').first.check()
    for index, title in enumerate(STEPS):
        assert page.locator("[data-reflect-progress]").inner_text().endswith(title)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{title} is wider than {width} px"
        if title == STEPS[-1]:
            page.get_by_role("button", name="Add an action").click()
            page.get_by_role("button", name="Clear my answers").click()
        else:
            for radio in page.locator(".reflect-step:not([hidden]) .reflect-choices--scale input").all()[1::10]:
                radio.check()  # a score of 2: a next step with links in the summary
        page.screenshot(path=str(screenshots / f"reflect-step{index + 1}-{width}.png"), full_page=True)
        assert_accessible(page, f"step {index + 1} ({title}) at {width} px")
        if index < len(STEPS) - 1:
            page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    assert page.locator("[data-reflect-summary] .reflect-next").count() >= 3


# ---------------------------------------------------------------------------
# Without JavaScript
# ---------------------------------------------------------------------------

def test_without_javascript_every_question_shows_as_a_printable_form(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + PAGE)
        for question in QUESTIONS:
            target = page.locator(f'[data-question="{question["id"]}"]')
            assert target.is_visible(), question["id"]
            assert " ".join(question["text"].split()) in " ".join(target.inner_text().split())
        assert page.locator("[data-reflect-tools]").is_hidden()
        assert page.locator(".reflect-paper-plan").is_visible()
        assert page.locator(".reflect-nav").count() == 0
        page.emulate_media(media="print")
        assert page.locator(f'[data-question="{QUESTIONS[-1]["id"]}"]').is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


def test_the_printed_summary_is_the_summary_and_action_plan_without_the_tools(tool):
    page = tool.page
    for field in ("district", "sector", "role_band"):
        page.locator(f'[name="context:{field}"]').first.check()
    page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    page.locator("#q-confidence-workforce-2").check()
    while page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").count():
        page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    page.get_by_role("button", name="Add to my action plan").first.click()
    page.emulate_media(media="print")
    for selector in ("[data-reflect-tools]", ".reflect-nav", ".reflect-progress", "[data-reflect-downloads]", "header.md-header"):
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    assert page.locator("[data-reflect-summary]").is_visible()
    assert page.locator("#reflect-action-1-what").is_visible()
    assert not page.locator('[data-reflect-step="confidence"]').is_visible(), "only the summary step prints"


# ---------------------------------------------------------------------------
# One person, one return a round: the return id survives reload, Clear and import
# ---------------------------------------------------------------------------

def fill_context_and_go_to_summary(page) -> None:
    for field, value in (("district", "leeds"), ("sector", "education"), ("role_band", "frontline")):
        page.check(f'[name="context:{field}"][value="{value}"]')
    page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    page.check("#q-confidence-workforce-4")
    while page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").count():
        page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()


def download(page, tmp_path, selector: str) -> dict:
    with page.expect_download() as made:
        page.click(selector)
    path = tmp_path / f"{len(list(tmp_path.iterdir()))}-{made.value.suggested_filename}"
    made.value.save_as(path)
    return json.loads(path.read_text(encoding="utf-8"))


def hub_keys(page) -> dict:
    """The tool's keys in each store (hub.js keeps its own, such as the tab's, beside them)."""
    return page.evaluate("""() => ({
        local: Object.keys(localStorage).filter(k => k.startsWith('hub-reflect')),
        session: Object.keys(sessionStorage).filter(k => k.startsWith('hub-reflect'))})""")


def test_a_reload_keeps_the_return_id_without_keeping_any_answer(tool, tmp_path):
    page = tool.page
    fill_context_and_go_to_summary(page)
    first = download(page, tmp_path, "[data-reflect-download-return]")
    assert re.fullmatch(r"[0-9a-f]{32}", first["return_id"])
    assert hub_keys(page) == {"local": [], "session": ["hub-reflect-return:practitioner"]}, "no answer is kept, only the number"
    page.reload(wait_until="load")
    assert form_state(page) == {}, "the answers were not kept"
    fill_context_and_go_to_summary(page)
    assert download(page, tmp_path, "[data-reflect-download-return]")["return_id"] == first["return_id"]


def test_clear_keeps_the_return_id(tool, tmp_path):
    page = tool.page
    page.check("#reflect-keep")
    fill_context_and_go_to_summary(page)
    first = download(page, tmp_path, "[data-reflect-download-return]")
    page.click("[data-reflect-clear]")
    page.click("[data-reflect-confirm-yes]")
    assert form_state(page) == {} and stored_keys(page) == []
    fill_context_and_go_to_summary(page)
    assert download(page, tmp_path, "[data-reflect-download-return]")["return_id"] == first["return_id"]


def test_an_import_in_a_fresh_browser_brings_the_return_id_back(tool, open_browser, tmp_path):
    page = tool.page
    fill_context_and_go_to_summary(page)
    first = download(page, tmp_path, "[data-reflect-download-return]")
    mine = download(page, tmp_path, "[data-reflect-download-mine]")
    assert (mine["return_id"], mine["round"]) == (first["return_id"], first["round"])
    mine_path = tmp_path / "mine.json"
    mine_path.write_text(json.dumps(mine), encoding="utf-8")

    elsewhere = open_browser(1280)  # another browser profile: nothing kept, nothing in the tab
    elsewhere.goto(PAGE)
    other = elsewhere.page
    other.locator("[data-reflect-progress]").filter(has_text="Step 1 of").wait_for()
    other.set_input_files("#reflect-import", str(mine_path))
    other.locator("[data-reflect-status]").filter(has_text="Imported your reflection").wait_for()
    while other.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").count():
        other.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    assert download(other, tmp_path, "[data-reflect-download-return]")["return_id"] == first["return_id"]


def test_exit_forgets_the_return_id_and_the_next_person_gets_a_new_one(tool, exit_url, base_url, tmp_path):
    page = tool.page
    page.route(lambda url: url.startswith(exit_url), lambda route: route.fulfill(status=200, content_type="text/html", body=EXIT_PAGE))
    page.check("#reflect-keep")
    fill_context_and_go_to_summary(page)
    first = download(page, tmp_path, "[data-reflect-download-return]")
    assert hub_keys(page) == {"local": ["hub-reflect:practitioner"], "session": ["hub-reflect-return:practitioner"]}
    page.locator("a.hub-exit").click()
    page.wait_for_url(lambda url: url.startswith(exit_url))
    page.goto(base_url + PAGE, wait_until="load")  # the same tab, whose sessionStorage would have survived
    assert hub_keys(page) == {"local": [], "session": []}, "Exit this page leaves no answer and no return id behind"
    fill_context_and_go_to_summary(page)
    assert download(page, tmp_path, "[data-reflect-download-return]")["return_id"] != first["return_id"]


# ---------------------------------------------------------------------------
# A round's summary page: revised, counted by senders, with hidden figures
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def summary_site(tmp_path_factory):
    """The repository's site with one round summarised from SYNTHETIC returns in
    sender folders, then republished with a late return, built and served."""
    import subprocess
    import sys

    from hub.build.build import build_site
    from tests.conftest import copy_site_sources
    from tests.reflection.test_pages import write_practitioner_returns

    base = tmp_path_factory.mktemp("reflect-told-us")
    root = copy_site_sources(base / "hub")
    folder = base / "returns"
    write_practitioner_returns(folder, {"leeds": 12, "kirklees": 9, "bradford": 6, "calderdale": 3})
    for index, path in enumerate(sorted(folder.glob("*.json"))):
        (folder / f"sender-{index}").mkdir()
        path.rename(folder / f"sender-{index}" / path.name)

    def summarise(*extra):
        result = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), "reflect", "summarise", str(folder),
                                 "--round", "2026-H2", "--sender-folders", "--csv", str(base / "summary.csv"), *extra],
                                capture_output=True, text=True, cwd=REPO)
        assert result.returncode == 0, result.stdout + result.stderr

    summarise()
    late = json.loads((folder / "sender-0" / "return-0000.json").read_text(encoding="utf-8")) | {"return_id": "f" * 32}
    (folder / "late-sender").mkdir()
    (folder / "late-sender" / "late.json").write_text(json.dumps(late), encoding="utf-8")
    summarise("--republish", "--today", "2026-12-01")
    assert build_site(root, out=base / "site", log=lambda line: None)
    with serve(base / "site") as url:
        yield url


@pytest.mark.parametrize("width", [360, 1280])
def test_a_revised_summary_page_passes_axe(width, summary_site, open_browser, assert_accessible):
    session = open_browser(width, site=summary_site)
    session.goto("alliance/reflection/2026-h2/")
    page = session.page
    text = page.locator("article").inner_text()
    assert "How people are protected" in text and "Revised on 1 December 2026." in text
    assert "For this round the board counted senders." in text
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page, f"a revised round's summary at {width} px")


# The page applies the rules written once in Python (hub/records/questionsets.py,
# hub/reflection/returns.py): a value Python accepts the import accepts, and the
# same for a value Python refuses. This fails if either side's rule drifts.
# ---------------------------------------------------------------------------

def _python_accepts(question: dict, value) -> bool:
    from hub.records.questionsets import answer_problem
    from hub.reflection.returns import MAX_TEXT

    if question["kind"] == "text":
        return isinstance(value, str) and len(value) <= MAX_TEXT
    return answer_problem(question, value, len(REFLECTION["level_names"])) is None


def _by_kind(kind: str) -> dict:
    return next(q for q in QUESTIONS if q["kind"] == kind)


def _edge_values():
    from hub.records.questionsets import SCALE_VALUES
    from hub.reflection.returns import MAX_TEXT

    levels = len(REFLECTION["level_names"])
    single, multiple = _by_kind("single"), _by_kind("multiple")
    options = [o["id"] for o in multiple["options"]]
    return [
        ("scale", SCALE_VALUES[0]), ("scale", SCALE_VALUES[-1]), ("scale", SCALE_VALUES[-1] + 1), ("scale", SCALE_VALUES[0] - 1),
        ("levels", 1), ("levels", levels), ("levels", levels + 1),
        ("single", single["options"][0]["id"]), ("single", "not-an-option"),
        ("multiple", options[:2]), ("multiple", [options[0], options[0]]), ("multiple", []),
        ("text", "x" * MAX_TEXT), ("text", "x" * (MAX_TEXT + 1)),
    ]


@pytest.mark.parametrize("kind,value", _edge_values(), ids=lambda v: str(v)[:24])
def test_import_accepts_exactly_what_the_python_rules_accept(tool, tmp_path, kind, value):
    question = _by_kind(kind)
    mine = {"format": "scpb-hub-my-reflection", "format_version": 1, "set": "practitioner", "set_version": PRACTITIONER["version"],
            "saved": "2026-11-25", "context": {}, "answers": {question["id"]: value}, "action_plan": []}
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(mine), encoding="utf-8")
    page = tool.page
    page.set_input_files("#reflect-import", str(path))
    status = page.locator("[data-reflect-status]")
    status.filter(has_text=re.compile("Imported your reflection|cannot be loaded")).wait_for()
    assert ("Imported your reflection" in status.inner_text()) == _python_accepts(question, value), status.inner_text()


@pytest.mark.parametrize("day", [datetime.date(2026, 6, 30), datetime.date(2026, 7, 1), datetime.date(2027, 1, 1)])
def test_the_round_the_page_names_is_the_round_python_names(session, day):
    from hub.records.questionsets import round_of

    page = session.page
    page.clock.set_fixed_time(datetime.datetime.combine(day, datetime.time(12, 0)))
    session.goto(PAGE)
    page.locator("[data-reflect-progress]").filter(has_text="Step 1 of").wait_for()
    for field in ("district", "sector", "role_band"):
        page.locator(f'[name="context:{field}"]').first.check()
    while not page.locator("[data-reflect-summary]").is_visible():
        page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    assert page.locator("[data-reflect-round]").inner_text() == round_of(day)
