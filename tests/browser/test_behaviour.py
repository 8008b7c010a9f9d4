"""What visitors do: search, filter by district, leave quickly, read on a
phone, print a service, and follow links, all under the /hub/ sub-path."""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.browser

EXIT_PAGE = "<!doctype html><html lang='en'><title>Weather</title><p>Neutral page</p></html>"
PHONE_PAGES = [("home", ""), ("directory", "services/"), ("service", "services/childline/")]


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------

def test_header_search_lists_matching_records_with_their_type(session, base_url):
    session.goto("")
    session.open_search("sextortion")
    items = session.page.locator("#hub-search-panel [data-hub-search-results] > li")
    results = items.evaluate_all("""items => items.map(li => ({
        href: li.querySelector('a').href,
        title: li.querySelector('a').textContent.trim(),
        type: (li.querySelector('.hub-search-results__meta') || {}).textContent || ''}))""")
    records = [r for r in results if r["href"].startswith((base_url + "services/", base_url + "resources/"))]
    assert records, f"no service or resource among the results: {results}"
    assert all(r["type"].strip() for r in records), f"a result does not show its type: {records}"
    services = [r for r in records if r["href"].startswith(base_url + "services/")]
    assert not services or all(r["type"].startswith("Service") for r in services), services
    status = session.page.locator("#hub-search-panel [data-hub-search-status]").inner_text()
    assert re.search(r"\d+ results? for .sextortion.", status), status
    # Screen readers hear the same count from a live region that is never hidden.
    announcer = session.page.locator('[data-hub-search-announce][role="status"]')
    session.page.wait_for_function("document.querySelector('[data-hub-search-announce]').textContent.length > 0")
    assert announcer.text_content() == status
    # Every result leads to a page that exists under /hub/.
    for record in records:
        assert session.page.request.get(record["href"]).status == 200, record["href"]


# ---------------------------------------------------------------------------
# Directory filter
# ---------------------------------------------------------------------------

def _visible_cards(page):
    return page.locator(".hub-cards > .hub-card:visible").evaluate_all(
        "cards => cards.map(c => c.dataset.district)")


def test_district_filter_narrows_the_directory_by_keyboard_and_survives_reload(session):
    page = session.page
    session.goto("services/")
    count = page.locator("[data-hub-count]")
    total = page.locator(".hub-cards > .hub-card").count()
    assert len(_visible_cards(page)) == total > 0
    assert count.inner_text() == f"Showing {total} of {total} services"

    # Reach the district select with the keyboard alone, then choose Leeds with arrow keys.
    select_id = "service-filters-district"
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == select_id:
            break
    else:
        pytest.fail(f"Tab never reached #{select_id}")
    for _ in range(10):
        if page.locator(f"#{select_id}").input_value() == "leeds":
            break
        page.keyboard.press("ArrowDown")
    assert page.locator(f"#{select_id}").input_value() == "leeds"

    districts = _visible_cards(page)
    assert 0 < len(districts) < total, f"{len(districts)} of {total} shown"
    assert all("leeds" in d.split() for d in districts), districts
    assert "district=leeds" in page.url
    shown_text = f"Showing {len(districts)} of {total} services"
    assert count.inner_text() == shown_text

    page.reload(wait_until="networkidle")
    assert "district=leeds" in page.url
    assert page.locator(f"#{select_id}").input_value() == "leeds"
    assert count.inner_text() == shown_text
    assert _visible_cards(page) == districts


# ---------------------------------------------------------------------------
# Exit this page
# ---------------------------------------------------------------------------

@pytest.fixture
def exit_session(session, exit_url):
    """A session where the exit site is answered locally: no real request leaves."""
    exited: list[str] = []

    def fulfil(route):
        exited.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=EXIT_PAGE)

    session.page.route(lambda url: url.startswith(exit_url), fulfil)
    session.exited = exited
    return session


def _assert_left_for_good(session, base_url, exit_url, exited_from):
    page = session.page
    page.wait_for_url(lambda url: url.startswith(exit_url))
    assert session.exited, "the exit site was never requested"
    page.go_back(wait_until="load")
    assert page.url != exited_from, "Back returned to the page that was exited"
    assert page.url in (base_url, "about:blank"), f"Back went to {page.url}"


def test_exit_button_leaves_and_back_does_not_return(exit_session, base_url, exit_url):
    page = exit_session.page
    exit_session.goto("")
    exit_session.goto("services/childline/")
    exited_from = page.url
    page.locator("a.hub-exit").click()
    _assert_left_for_good(exit_session, base_url, exit_url, exited_from)


def test_pressing_shift_three_times_exits(exit_session, base_url, exit_url):
    page = exit_session.page
    exit_session.goto("")
    exit_session.goto("services/childline/")
    exited_from = page.url
    for _ in range(3):
        page.keyboard.press("Shift")
    _assert_left_for_good(exit_session, base_url, exit_url, exited_from)


def test_exit_button_is_a_plain_link_to_the_exit_site(session, exit_url):
    session.goto("services/childline/")
    assert session.page.locator("a.hub-exit").get_attribute("href") == exit_url


# ---------------------------------------------------------------------------
# Phones, screenshots, print
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name,path", PHONE_PAGES, ids=[n for n, _ in PHONE_PAGES])
def test_no_horizontal_scroll_on_a_phone(name, path, open_browser):
    session = open_browser(360)
    session.goto(path)
    width = session.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name} is {width}px wide at 360px"


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("name,path", PHONE_PAGES, ids=[n for n, _ in PHONE_PAGES])
def test_screenshots_and_header_fits(name, path, width, open_browser, screenshots):
    session = open_browser(width)
    page = session.page
    session.goto(path)
    page.screenshot(path=str(screenshots / f"{name}-{width}.png"), full_page=False)
    page.screenshot(path=str(screenshots / f"{name}-{width}-full.png"), full_page=True)
    for selector in ("#hub-search-input", "a.hub-exit"):
        element = page.locator(selector)
        assert element.is_visible(), f"{selector} is hidden at {width}px"
        box = element.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"{selector} overflows at {width}px: {box}"
        assert box["width"] >= 24 and box["height"] >= 24, f"{selector} is too small to tap: {box}"


def test_printed_service_page_keeps_contact_details_only(session):
    page = session.page
    session.goto("services/childline/")
    page.emulate_media(media="print")
    for selector in ("header.md-header", ".md-sidebar--primary", ".hub-search", "#hub-search-input", "a.hub-exit", "footer.md-footer"):
        locator = page.locator(selector)
        assert locator.count() > 0, f"{selector} is not on the page"
        assert not locator.first.is_visible(), f"{selector} is printed"
    phone = page.locator(".hub-contact a[href^='tel:']")
    website = page.locator(".hub-contact a[href^='http']")
    assert phone.first.is_visible() and phone.first.inner_text() == "0800 1111"
    assert website.first.is_visible() and "childline.org.uk" in website.first.inner_text()


# ---------------------------------------------------------------------------
# Sub-path
# ---------------------------------------------------------------------------

def test_home_links_stay_under_the_sub_path_and_work(session, base_url, origin):
    page = session.page
    session.goto("")
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
    local = sorted({urldefrag(h).url for h in hrefs if h.startswith(origin)})
    assert len(local) > 10, local
    outside = [h for h in local if not h.startswith(base_url)]
    assert not outside, f"links that leave /hub/: {outside}"
    broken = [(h, status) for h in local if (status := page.request.get(h).status) != 200]
    assert not broken, f"links that do not load: {broken}"
    others = {urlsplit(h).scheme for h in hrefs if not h.startswith(origin)}
    assert others <= {"https", "http", "tel", "mailto", "sms"}, others


@pytest.mark.parametrize("width", [360, 1280])
def test_search_results_fit_on_the_screen(width, open_browser, screenshots):
    session = open_browser(width)
    session.goto("services/childline/")
    session.open_search("sextortion")
    session.page.screenshot(path=str(screenshots / f"search-{width}.png"))
    box = session.page.locator("#hub-search-panel").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, f"results panel off screen at {width}px: {box}"
    assert session.page.evaluate("document.documentElement.scrollWidth") <= width


# ---------------------------------------------------------------------------
# A still page while it loads
# ---------------------------------------------------------------------------

# Every layout shift the browser reports, from before the page's first byte.
RECORD_LAYOUT_SHIFTS = """
window.__hubShifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) window.__hubShifts.push(entry.value);
  }
}).observe({type: "layout-shift", buffered: true});
"""


@pytest.mark.parametrize("path", ["services/", "services/?district=leeds", "resources/", ""])
def test_the_page_keeps_still_while_it_loads_on_a_phone(path, open_browser):
    session = open_browser(360)
    session.page.add_init_script(RECORD_LAYOUT_SHIFTS)
    session.goto(path, wait_until="networkidle")
    session.page.wait_for_timeout(500)  # let late shifts be reported
    shifts = session.page.evaluate("window.__hubShifts")
    total = sum(shifts)
    # Web Vitals' "good" cumulative layout shift is under 0.1; this sums every
    # shift, so it is never less than the figure Lighthouse reports.
    assert total < 0.1, f"cumulative layout shift on {path or 'home'} at 360px is {total:.3f} ({len(shifts)} shifts)"
    if path.startswith(("services/", "resources/")):
        assert session.page.locator("form.hub-filters").is_visible(), "the filters are shown"
