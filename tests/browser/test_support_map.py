"""The map of support in a browser: each number opens the directory, whose filters (hub.js) then
show exactly that many services; the table scrolls inside its own box on a phone."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def test_numbers_on_the_map_open_the_directory_showing_that_many_services(session):
    page = session.page
    session.goto("support-map/children-under-13/")
    links = page.locator(".hub-map__table a")
    found = [(links.nth(i).get_attribute("href"), links.nth(i).inner_text()) for i in range(links.count())]
    assert len(found) == 14 * 12
    # Every column of the any-topic row and of one topic row, and every local gap of the first district.
    sample = found[:12] + found[12 * 9: 12 * 10] + [link for link in found[::12] if link[1] == "0 local"][:3]
    checked = 0
    for href, text in sample:
        number = int(re.match(r"\d+", text).group())
        session.goto("support-map/children-under-13/" + href)
        count = page.locator("[data-hub-count]").first
        count.filter(has_text="Showing").wait_for()
        shown = page.locator(".hub-cards > li.hub-card:visible").count()
        assert shown == number, (href, text, count.inner_text())
        assert count.inner_text().startswith(f"Showing {number} of ")
        checked += 1
    assert checked == len(sample) >= 24


def test_the_table_scrolls_in_its_own_box_at_360_px_and_the_page_does_not(open_browser):
    session = open_browser(360)
    page = session.page
    session.goto("support-map/")
    box = page.locator(".hub-map__scroll")
    assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
    widths = page.evaluate("""() => ({page: document.documentElement.scrollWidth, view: innerWidth,
        box: document.querySelector('.hub-map__scroll').scrollWidth, shown: document.querySelector('.hub-map__scroll').clientWidth})""")
    assert widths["page"] <= widths["view"], widths
    assert widths["box"] > widths["shown"], widths  # the table is wider than a phone: it scrolls, the page does not
