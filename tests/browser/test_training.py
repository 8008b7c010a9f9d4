"""Training in a real browser: filters held in the address, sessions that end
after the build disappear by the visitor's clock, and nothing fails axe."""

from __future__ import annotations

import datetime

import pytest

pytestmark = pytest.mark.browser


def _visible_titles(page) -> list[str]:
    return page.locator(".hub-cards > .hub-card:visible .hub-card__title").all_inner_texts()


def test_training_filters_round_trip_through_the_address(open_browser, demo_training_url):
    session = open_browser(1280, site=demo_training_url)
    page = session.page
    session.goto("training/")
    count = page.locator("[data-hub-count]")
    total = page.locator(".hub-cards > .hub-card").count()
    # Yesterday's webinar session is not there at all; the other four sessions and the e-learning are.
    assert count.inner_text() == f"Showing {total} of {total} courses and sessions" and total == 5

    page.locator("#training-filters-level").select_option("practitioner")
    assert _visible_titles(page) == ["DEMO workshop in Leeds (test data)"]
    page.locator("#training-filters-mode").select_option("in-person")
    assert "level=practitioner" in page.url and "mode=in-person" in page.url

    page.reload()
    assert page.locator("#training-filters-level").input_value() == "practitioner"
    assert page.locator("#training-filters-mode").input_value() == "in-person"
    assert _visible_titles(page) == ["DEMO workshop in Leeds (test data)"]
    assert count.inner_text() == f"Showing 1 of {total} courses and sessions"

    # A month: that month's sessions, plus courses you can start any time.
    page.locator("button[type=reset]").click()
    page.wait_for_function("!location.search")
    later = datetime.date.today() + datetime.timedelta(days=20)
    page.locator("#training-filters-month").select_option(later.strftime("%Y-%m"))
    titles = _visible_titles(page)
    assert "DEMO e-learning (test data)" in titles
    assert "DEMO webinar on sextortion (test data)" in titles
    assert f"month={later:%Y-%m}" in page.url


def test_a_page_built_before_a_session_ended_hides_it_by_the_browser_clock(open_browser, demo_training_url):
    session = open_browser(1280, site=demo_training_url)
    page = session.page
    # Three days on: tomorrow's Leeds workshop has ended, though this build still lists it.
    page.clock.set_fixed_time(datetime.datetime.now() + datetime.timedelta(days=3))

    session.goto("training/")
    assert "DEMO workshop in Leeds (test data)" not in _visible_titles(page)
    total = page.locator(".hub-cards > .hub-card:not([data-hub-ended])").count()
    assert page.locator("[data-hub-count]").inner_text() == f"Showing {total} of {total} courses and sessions" and total == 4
    page.locator("#training-filters-level").select_option("practitioner")
    assert _visible_titles(page) == []
    assert page.locator("[data-hub-count]").inner_text() == "Showing 0 of 4 courses and sessions"

    session.goto("training/demo-leeds-workshop/")
    past = page.locator("#past-dates > li")
    assert past.count() == 1 and "Add to calendar" not in past.inner_text()
    assert page.locator("[data-hub-past-list] > li").count() == 0
    assert page.get_by_text("No upcoming dates are listed.").is_visible()

    session.goto("")
    home = page.locator("[data-hub-limit] > li:visible .hub-card__title")
    assert home.count() == 3
    assert "DEMO workshop in Leeds (test data)" not in home.all_inner_texts()


def test_without_the_clock_moving_the_next_session_leads_the_home_page(open_browser, demo_training_url):
    session = open_browser(360, site=demo_training_url)
    session.goto("")
    titles = session.page.locator("[data-hub-limit] > li:visible .hub-card__title").all_inner_texts()
    assert titles[0] == "DEMO workshop in Leeds (test data)" and len(titles) == 3


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("path", ["training/", "training/?level=practitioner", "training/demo-clock-change/"])
def test_training_pages_with_sessions_have_no_axe_violations(open_browser, demo_training_url, assert_accessible, path, width):
    session = open_browser(width, site=demo_training_url)
    session.goto(path)
    if path.startswith("training/?"):
        session.page.locator("[data-hub-count]").filter(has_text="Showing 1 of").wait_for()
    assert_accessible(session.page, f"{path} at {width} px")
