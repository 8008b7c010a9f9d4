"""Training and events: the checks on data/training.yaml, the pages, and the calendars."""

from __future__ import annotations

import datetime
import json
import re

import icalendar
import pytest

from hub.build.build import build_site
from hub.exports.calendars import SUBSCRIPTION_FILE, write_calendars
from hub.records.loader import load
from hub.records.sessions import LONDON, Session, time_text, when_text
from hub.records.settings import load_settings
from hub.site.pages import render_page, site_pages
from hub.site.render import environment
from hub.site.views import record_views
from tests.fixtures.demo_training import demo_training_yaml, next_autumn_clock_change

# ----------------------------------------------------------------------------
# Checks on the data
# ----------------------------------------------------------------------------

WORKSHOP_SESSION = """      - start: 2030-03-04 09:30
        end: 2030-03-04 12:00
        mode: in-person
        venue: Example Hall, Leeds"""


def _line_of(root, text: str) -> int:
    lines = (root / "data" / "training.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize("session, field, message", [
    ("""      - start: 2030-03-04 09:30
        end: 2030-03-04 09:00
        mode: online""", "end", "'2030-03-04 09:00' is not after the start, '2030-03-04 09:30'; give when the session finishes"),
    ("""      - start: 2030-03-04 09:30
        end: 2030-03-04 09:30
        mode: online""", "end", "'2030-03-04 09:30' is not after the start, '2030-03-04 09:30'"),
    ("""      - start: 2030-02-30 09:30
        end: 2030-03-04 12:00
        mode: online""", "start", "'2030-02-30 09:30' is not a real date and time (write YYYY-MM-DD HH:MM with a 24-hour time"),
    ("""      - start: 2030-03-04 25:00
        end: 2030-03-05 12:00
        mode: online""", "start", "'2030-03-04 25:00' is not a real date and time"),
    # The clocks go forward at 1am on the last Sunday of March 2030 (the 31st): 01:30 never happens.
    ("""      - start: 2030-03-31 01:30
        end: 2030-03-31 03:00
        mode: online""", "start", "'2030-03-31 01:30' does not exist in UK time: the clocks go forward an hour that night"),
    ("""      - start: 04/03/2030 09:30
        end: 2030-03-04 12:00
        mode: online""", "start", "is not a date and time in UK time written YYYY-MM-DD HH:MM (e.g. '2027-03-04 09:30')"),
    ("""      - start: 2030-03-04 09:30
        end: 2030-03-04 12:00
        mode: online
        booking_url: http://www.example.org/book""", "booking_url", "'http://www.example.org/book' is not a secure web address starting with https://"),
    ("""      - start: 2030-03-04 09:30
        end: 2030-03-04 12:00
        mode: in-person""", "venue", "'venue' is missing; add it"),
    ("""      - start: 2030-03-04 09:30
        end: 2030-03-04 12:00
        mode: mixed""", "venue", "'venue' is missing; add it"),
    ("""      - start: 2030-03-04 09:30
        end: 2030-03-04 12:00
        mode: webinar""", "mode", "'webinar' is not one of the training_modes in vocabularies.yaml"),
])
def test_a_bad_session_is_reported_at_its_line(data_root, replace_in, run_validate, session, field, message):
    replace_in(data_root, "training", WORKSHOP_SESSION, session)
    code, stdout, stderr = run_validate(data_root)
    assert code == 1, stdout
    lines = [line for line in stdout.splitlines() if line.startswith("data/training.yaml:")]
    assert len(lines) == 1, stdout
    first_line_of_session = _line_of(data_root, session.splitlines()[0].strip())
    where = re.match(r"data/training.yaml:(\d+): course 'example-workshop' \(Example workshop in Leeds\): sessions\[0\]\.(\w+): (.*)", lines[0])
    assert where, lines[0]
    assert where.group(2) == field
    assert message in where.group(3), lines[0]
    assert first_line_of_session <= int(where.group(1)) <= first_line_of_session + 4
    assert "1 problem to fix" in stderr


def test_the_course_url_must_be_https(data_root, replace_in, run_validate):
    replace_in(data_root, "training", "url: https://www.example.org/workshop", "url: http://www.example.org/workshop")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    line = _line_of(data_root, "url: http://www.example.org/workshop")
    assert (f"data/training.yaml:{line}: course 'example-workshop' (Example workshop in Leeds): url: "
            "'http://www.example.org/workshop' is not a secure web address starting with https://") in stdout


@pytest.mark.parametrize("old, new", [
    ("    url: https://www.example.org/workshop\n", "    url: https://www.example.org/workshop\n    on_demand: true\n"),  # both
    ("    on_demand: true\n", ""),  # neither
])
def test_a_course_is_either_on_demand_or_has_sessions(data_root, replace_in, run_validate, old, new):
    replace_in(data_root, "training", old, new)
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert "give either 'on_demand: true' (e-learning or recordings) or a list of 'sessions', not both" in stdout


def test_an_unknown_level_gets_the_nearest_term(data_root, replace_in, run_validate):
    replace_in(data_root, "training", "level: practitioner", "level: practitioners")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert ("course 'example-workshop' (Example workshop in Leeds): level: 'practitioners' is not one of the training_levels "
            "in vocabularies.yaml; did you mean 'practitioner'?") in stdout


def test_a_session_long_past_is_a_warning_to_tidy_not_an_error(data_root, replace_in, run_validate):
    replace_in(data_root, "training", "2030-03-04 09:30", "2026-06-01 09:30")
    replace_in(data_root, "training", "2030-03-04 12:00", "2026-06-01 12:00")
    code, stdout, _ = run_validate(data_root)
    assert code == 0, stdout
    line = _line_of(data_root, "- start: 2026-06-01 09:30")
    assert (f"data/training.yaml:{line}: warning: course 'example-workshop' (Example workshop in Leeds): sessions[0]: this session ended on 1 June 2026, "
            "more than 90 days ago; delete it (the course page already lists it under past dates)") in stdout


def test_a_session_that_ended_recently_is_not_flagged(data_root, replace_in, run_validate):
    replace_in(data_root, "training", "2030-03-04 09:30", "2026-11-20 09:30")
    replace_in(data_root, "training", "2030-03-04 12:00", "2026-11-20 12:00")
    code, stdout, _ = run_validate(data_root)
    assert code == 0 and "warning" not in stdout, stdout


# ----------------------------------------------------------------------------
# Times in words
# ----------------------------------------------------------------------------

def _session(start: str, end: str) -> Session:
    parse = lambda text: datetime.datetime.fromisoformat(text).replace(tzinfo=LONDON)  # noqa: E731
    return Session("x", parse(start), parse(end), "online", None, "https://www.example.org/")


@pytest.mark.parametrize("start, end, words", [
    ("2027-03-04 09:30", "2027-03-04 12:00", "Thursday 4 March 2027, 9:30am to midday"),
    ("2027-03-04 13:00", "2027-03-04 14:15", "Thursday 4 March 2027, 1pm to 2:15pm"),
    ("2027-03-04 18:00", "2027-03-05 00:00", "Thursday 4 March 2027, 6pm to Friday 5 March 2027, midnight"),
])
def test_when_a_session_is_said_in_words(start, end, words):
    assert when_text(_session(start, end)) == words


def test_times_in_words():
    assert [time_text(datetime.datetime(2027, 1, 1, h, m)) for h, m in ((0, 0), (0, 30), (9, 5), (12, 0), (12, 45), (23, 59))] == [
        "midnight", "12:30am", "9:05am", "midday", "12:45pm", "11:59pm"]


# ----------------------------------------------------------------------------
# Pages, as of a fixed moment
# ----------------------------------------------------------------------------

NOW = datetime.datetime(2027, 10, 1, 12, 0, tzinfo=LONDON)


@pytest.fixture
def demo_root(data_root):
    (data_root / "data" / "training.yaml").write_text(demo_training_yaml(NOW.date()), encoding="utf-8")
    (data_root / "mkdocs.yml").write_text("site_name: Test hub\nsite_url: https://hub.example.org/sub/\n", encoding="utf-8")
    return data_root


@pytest.fixture
def demo_pages(demo_root):
    hub = load(demo_root, today=NOW.date())
    assert hub.ok, hub.problems
    settings = load_settings(demo_root)
    env = environment()
    return {page.path: render_page(env, hub, settings, page) for page in site_pages(hub, settings, NOW)}


def _text(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def _coming_up(markup: str) -> str:
    return markup[markup.index('id="coming-up"'):markup.index('id="any-time"')]


def test_the_training_page_lists_sessions_to_come_soonest_first_then_courses_any_time(demo_pages):
    page = demo_pages["training/index.md"]
    coming = _text(_coming_up(page))
    order = [coming.index(text) for text in (
        "Saturday 2 October 2027, 9:30am to midday",  # tomorrow: the Leeds workshop
        "Thursday 21 October 2027, 2pm to 3:30pm",  # the webinar's later session
        "Saturday 30 October 2027, 10am to 11am",  # before the clock change
        "Monday 1 November 2027, 10am to 11am",  # after it
    )]
    assert order == sorted(order)
    assert "Thursday 30 September 2027" not in coming, "the session that ended yesterday is not upcoming"
    assert "DEMO e-learning" not in coming
    any_time = page[page.index('id="any-time"'):]
    assert "DEMO e-learning (test data)" in any_time and "DEMO webinar" not in any_time
    # The month filter offers the months that have sessions.
    assert '<option value="2027-10">October 2027</option>' in page and '<option value="2027-11">November 2027</option>' in page
    assert "Dates as listed on 1 October 2027" in page


def test_session_cards_carry_what_the_filters_and_the_browser_clock_need(demo_pages):
    page = demo_pages["training/index.md"]
    card = re.search(r'<li class="hub-card hub-session"[^>]*>', page[page.index("DEMO workshop") - 600:]).group(0)
    assert 'data-district="leeds"' in card and 'data-level="practitioner"' in card and 'data-mode="in-person"' in card
    assert 'data-month="2027-10"' in card and 'data-audience="professionals parents"' in card
    assert 'data-hub-ends="2027-10-02T12:00:00+01:00"' in card
    any_time_card = re.search(r'<li class="hub-card"[^>]*data-mode="on-demand"[^>]*>', page).group(0)
    assert 'data-month="*"' in any_time_card, "a course you can start any time matches every month"


def test_a_course_page_lists_upcoming_dates_and_past_dates_apart(demo_pages):
    page = demo_pages["training/demo-webinar.md"]
    upcoming = _text(page[page.index('id="dates"'):page.index('id="past"')])
    past = _text(page[page.index('id="past"'):page.index("About this course")])
    assert "Thursday 21 October 2027, 2pm to 3:30pm" in upcoming and "Thursday 30 September 2027" not in upcoming
    assert "Thursday 30 September 2027, 10am to 11:30am" in past
    assert "Add to calendar" in upcoming and "Add to calendar" not in past
    assert 'href="../../training/demo-webinar/20271021T1400.ics"' in page


def test_a_course_page_has_course_json_ld_with_its_upcoming_instances(demo_pages):
    page = demo_pages["training/demo-clock-change.md"]
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["@type"] == "Course" and data["provider"] == {"@type": "Organization", "name": "DEMO Provider"}
    assert data["url"] == "https://hub.example.org/sub/training/demo-clock-change/"
    instances = data["hasCourseInstance"]
    assert [(i["startDate"], i["courseMode"]) for i in instances] == [
        ("2027-10-30T10:00:00+01:00", "blended"), ("2027-11-01T10:00:00+00:00", "online")]
    assert instances[0]["location"] == {"@type": "Place", "name": "DEMO Centre, Wakefield"}
    assert instances[1]["location"]["@type"] == "VirtualLocation"
    on_demand = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', demo_pages["training/demo-e-learning.md"], re.S).group(1))
    assert on_demand["hasCourseInstance"] == [{"@type": "CourseInstance", "courseMode": "online"}]


def test_the_home_page_shows_the_next_three_sessions_and_keeps_more_for_when_they_end(demo_pages):
    home = demo_pages["index.md"]
    section = home[home.index('id="training-soon"'):]
    cards = re.findall(r'<li class="hub-card hub-session"[^>]*>', section)
    assert len(cards) == 4, "all four upcoming sessions (fewer than twice three)"
    assert [" hidden" in card for card in cards] == [False, False, False, True]
    assert 'data-hub-limit="3"' in section
    assert section.index("DEMO workshop") < section.index("DEMO webinar")


def test_district_and_standard_pages_list_their_training(demo_pages):
    leeds = demo_pages["districts/leeds.md"]
    training = leeds[leeds.index("Training for Leeds"):]
    assert "DEMO workshop in Leeds" in training, "local training"
    assert "DEMO e-learning" in training and "DEMO sessions either side" in training, "region-wide training"
    assert "DEMO webinar" not in training, "national training is on the training page, not every district page"
    assert "DEMO workshop in Leeds" not in demo_pages["districts/bradford.md"]
    qs4 = demo_pages["quality-standards/qs4.md"]
    assert "Training and events" in qs4 and "DEMO workshop in Leeds" in qs4


# ----------------------------------------------------------------------------
# Calendars
# ----------------------------------------------------------------------------

def _events(path) -> list:
    return list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_calendars_hold_every_upcoming_session_once_with_london_times(demo_root, tmp_path):
    hub = load(demo_root, today=NOW.date())
    settings = load_settings(demo_root)
    views = record_views(hub, settings, NOW)
    assert write_calendars(views["training"], settings, tmp_path) == 4

    events = _events(tmp_path / SUBSCRIPTION_FILE)
    uids = [str(event["uid"]) for event in events]
    assert sorted(uids) == sorted([
        "demo-leeds-workshop-20271002T0930@hub.example.org",
        "demo-webinar-20271021T1400@hub.example.org",
        "demo-clock-change-20271030T1000@hub.example.org",
        "demo-clock-change-20271101T1000@hub.example.org",
    ])
    for event in events:
        assert event["dtstart"].params["TZID"] == "Europe/London"
        assert event["dtstart"].dt.tzinfo.key == "Europe/London"
    # The same wall-clock time either side of the clock change is an hour apart in UTC.
    by_uid = {str(e["uid"]): e for e in events}
    utc = datetime.timezone.utc
    assert by_uid["demo-clock-change-20271030T1000@hub.example.org"]["dtstart"].dt.astimezone(utc).hour == 9
    assert by_uid["demo-clock-change-20271101T1000@hub.example.org"]["dtstart"].dt.astimezone(utc).hour == 10
    assert str(by_uid["demo-leeds-workshop-20271002T0930@hub.example.org"]["location"]) == "DEMO Hall, Leeds"
    assert str(by_uid["demo-leeds-workshop-20271002T0930@hub.example.org"]["url"]) == "https://www.example.org/demo-workshop/book"

    # One file per upcoming session, each holding just that session.
    for uid, event in by_uid.items():
        course, stamp = uid.split("@")[0].rsplit("-", 1)
        own = _events(tmp_path / "training" / course / f"{stamp}.ics")
        assert [str(e["uid"]) for e in own] == [uid]
        assert own[0]["dtstart"].dt == event["dtstart"].dt
    assert not (tmp_path / "training" / "demo-webinar" / "20270930T1000.ics").exists(), "no file for a session that has ended"

    # The calendar carries the zone's definition.
    calendar = icalendar.Calendar.from_ical((tmp_path / SUBSCRIPTION_FILE).read_bytes())
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]


def test_an_empty_calendar_is_still_a_valid_calendar(data_root, tmp_path):
    (data_root / "data" / "training.yaml").write_text("training: []\n", encoding="utf-8")
    hub = load(data_root)
    settings = load_settings(data_root)
    assert write_calendars(record_views(hub, settings, NOW)["training"], settings, tmp_path) == 0
    calendar = icalendar.Calendar.from_ical((tmp_path / SUBSCRIPTION_FILE).read_bytes())
    assert not list(calendar.walk("VEVENT"))
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"], "RFC 5545: at least one component"


# ----------------------------------------------------------------------------
# A real build, as of now
# ----------------------------------------------------------------------------

def test_a_fresh_build_never_lists_a_session_that_ended_yesterday(site_sources, tmp_path):
    today = datetime.date.today()
    (site_sources / "data" / "training.yaml").write_text(demo_training_yaml(today), encoding="utf-8")
    builds = []
    for run in ("first", "second"):
        out = tmp_path / run
        assert build_site(site_sources, out=out, log=lambda line: None)
        builds.append(out)
    site = builds[0]
    yesterday = today - datetime.timedelta(days=1)
    yesterday_words = f"{yesterday:%A} {yesterday.day} {yesterday:%B %Y}"
    page = (site / "training" / "index.html").read_text(encoding="utf-8")
    assert yesterday_words not in _coming_up(page)
    course = (site / "training" / "demo-webinar" / "index.html").read_text(encoding="utf-8")
    assert yesterday_words in _text(course[course.index('id="past"'):])
    home = (site / "index.html").read_text(encoding="utf-8")
    assert yesterday_words not in home

    uids = [str(e["uid"]) for e in _events(site / SUBSCRIPTION_FILE)]
    assert len(uids) == len(set(uids)) == 4
    assert not any(yesterday.strftime("%Y%m%d") in uid for uid in uids)
    change = next_autumn_clock_change(today)
    assert any(f"demo-clock-change-{(change + datetime.timedelta(days=1)):%Y%m%d}T1000" in uid for uid in uids)
    # Built twice, the calendars are the same to the byte: UIDs and stamps are stable.
    for path in sorted(site.rglob("*.ics")):
        assert path.read_bytes() == (builds[1] / path.relative_to(site)).read_bytes(), path
