"""A list to hand over: a practitioner adds services from the directory, the
list page shows them with their contacts, its link opens the same list in a
fresh browser, it prints on at most two A4 pages without the site's chrome,
and a link naming a record that no longer exists says so."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from hub.records.loader import load
from tests.browser.conftest import REPO

pytestmark = pytest.mark.browser

DATA = load(REPO)
CHOSEN = ["nspcc-helpline", "childline", "west-yorkshire-police"]
TITLES = {record["id"]: record.get("name") or record.get("title") for kind in ("services", "resources") for record in DATA.records(kind)}


def _listed(page) -> list[str]:
    page.locator("[data-hub-list-items] > li").first.wait_for()
    return page.locator("[data-hub-list-items] > li").evaluate_all("items => items.map(li => li.dataset.id)")


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def _build_list_from_the_directory(session) -> str:
    """Add CHOSEN from the directory's cards; return the list page's share link."""
    page = session.page
    session.goto("services/")
    announcer = page.locator("[data-hub-list-announce]")
    for count, record_id in enumerate(CHOSEN, start=1):
        button = page.locator(f'.hub-card [data-hub-add="{record_id}"]')
        assert button.is_visible(), f"no visible 'Add to my list' on the {record_id} card"
        assert button.inner_text().startswith("Add to my list")
        button.click()
        assert button.inner_text().startswith("Remove from my list")
        assert announcer.text_content() == f"{TITLES[record_id]} added to your list. Your list has {count} item{'s' if count > 1 else ''}."
    bar = page.locator("[data-hub-list-bar]")
    assert bar.is_visible() and bar.inner_text() == f"My list ({len(CHOSEN)})"
    bar.click()
    page.wait_for_url(re.compile(r"/my-list/"))
    assert _listed(page) == CHOSEN
    assert urlsplit(page.url).query == "", "the list never goes into the address"
    share = page.locator("[data-hub-list-share]")
    assert not share.is_visible(), "no link is made until the person asks for one"
    page.locator("[data-hub-list-copy]").click()
    assert share.is_visible()
    link = page.locator("[data-hub-list-link]").input_value()
    assert parse_qs(urlsplit(link).query)["ids"] == [",".join(CHOSEN)]
    assert urlsplit(page.url).query == "", "asking for the link leaves the address as it was"
    return link


def test_a_list_built_in_the_directory_opens_from_its_link_in_a_fresh_browser(open_browser, assert_accessible, screenshots):
    link = _build_list_from_the_directory(open_browser(1280))

    fresh = open_browser(1280)  # a new browser context: nothing kept from the first
    fresh.page.goto(link, wait_until="load")
    page = fresh.page
    assert _listed(page) == CHOSEN
    for record_id in CHOSEN:
        item = page.locator(f'[data-hub-list-items] > li[data-id="{record_id}"]')
        assert item.locator("h2").inner_text() == TITLES[record_id]
        record = next(r for r in DATA.records("services") if r["id"] == record_id)
        assert item.locator(f'a[href="tel:{re.sub(r"[^0-9]", "", record["contact"]["phone"])}"]').count() == 1, record_id
    assert page.locator("[data-hub-list-status]").inner_text() == "Your list has 3 items."
    assert page.url == fresh.base_url + "my-list/", "the shared link's ids leave the address once read"
    page.locator("[data-hub-list-copy]").click()
    assert page.locator("[data-hub-list-link]").input_value() == link
    assert_accessible(page, "my list with three services and its link to share")

    page.emulate_media(media="print")
    page.screenshot(path=str(screenshots / "my-list-print.png"), full_page=True)
    for selector in ("header.md-header", ".md-sidebar--primary", "footer.md-footer", ".hub-list-actions", "a.hub-exit", "[data-hub-list-bar]"):
        assert not page.locator(selector).first.is_visible(), f"{selector} is printed"
    for record_id in CHOSEN:
        assert page.locator(f'[data-hub-list-items] > li[data-id="{record_id}"]').is_visible()
    pages = _pdf_pages(page.pdf(format="A4"))
    assert 1 <= pages <= 2, f"the list prints on {pages} A4 pages"


def test_a_list_link_naming_a_record_that_no_longer_exists_says_so(session):
    session.goto("my-list/?ids=childline,no-such-record,childline")
    page = session.page
    assert _listed(page) == ["childline"]
    notice = page.locator("[data-hub-list-missing]")
    assert notice.is_visible()
    assert "\u201cno-such-record\u201d" in notice.inner_text() and "no longer in the hub" in notice.inner_text()
    assert page.url == session.base_url + "my-list/", "the link's ids are read once and leave the address"
    assert page.evaluate("sessionStorage.getItem('hub-list')") == '["childline"]', "the list is now this tab's, naming only what exists"
    page.reload(wait_until="load")
    assert _listed(page) == ["childline"]
    page.locator("[data-hub-list-copy]").click()
    assert page.locator("[data-hub-list-link]").input_value() == session.base_url + "my-list/?ids=childline"


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, entry: e.closest('li[data-id]') ? e.closest('li[data-id]').dataset.id : null,
                status: e.hasAttribute('data-hub-list-status'), text: e.textContent.trim()}; }""")


def test_removing_moves_focus_to_the_next_entry_then_the_status_line(session):
    session.goto("my-list/?ids=childline,stop-it-now,nspcc-helpline")
    page = session.page
    assert _listed(page) == ["childline", "stop-it-now", "nspcc-helpline"]
    remove = lambda record_id: page.locator(f'[data-hub-list-items] > li[data-id="{record_id}"] button')  # noqa: E731
    remove("childline").focus()
    page.keyboard.press("Enter")
    assert _listed(page) == ["stop-it-now", "nspcc-helpline"]
    assert focused(page) == {"tag": "BUTTON", "entry": "stop-it-now", "status": False, "text": f"Remove from my list: {TITLES['stop-it-now']}"}
    assert page.locator("[data-hub-list-announce]").text_content() == "Childline removed from your list. Your list has 2 items."
    remove("nspcc-helpline").focus()
    page.keyboard.press("Enter")  # the last entry: focus goes to the one before it
    assert focused(page)["entry"] == "stop-it-now" and focused(page)["tag"] == "BUTTON"
    page.keyboard.press("Enter")  # the only entry: focus goes to the status line
    assert page.locator("[data-hub-list-items] > li").count() == 0
    now = focused(page)
    assert now["status"] and now["text"].startswith("Your list is empty")
    assert page.evaluate("sessionStorage.getItem('hub-list')") is None


def test_clearing_moves_focus_to_the_status_line(session):
    session.goto("my-list/?ids=childline,stop-it-now")
    page = session.page
    assert _listed(page) == ["childline", "stop-it-now"]
    page.locator("[data-hub-list-clear]").focus()
    page.keyboard.press("Enter")
    assert page.locator("[data-hub-list-items] > li").count() == 0
    now = focused(page)
    assert now["status"] and now["text"].startswith("Your list is empty"), now
    assert not page.locator("[data-hub-list-clear]").is_visible()
    session.goto("services/childline/")
    assert page.locator(".hub-record__actions [data-hub-add]").inner_text().startswith("Add to my list")


def test_the_list_page_says_where_the_list_is_kept(session):
    session.goto("my-list/")
    text = session.page.locator("#hub-main").inner_text()
    assert "only in this browser tab" in text and "Exit this page" in text and "Nothing is sent to a server" in text


def test_exit_this_page_clears_the_list(session, exit_url):
    page = session.page
    page.route(lambda url: url.startswith(exit_url),
               lambda route: route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>Weather</title>"))
    session.goto("services/childline/")
    page.locator(".hub-record__actions [data-hub-add]").click()
    assert page.evaluate("sessionStorage.getItem('hub-list')") == '["childline"]'
    page.locator("a.hub-exit").click()
    page.wait_for_url(lambda url: url.startswith(exit_url))
    session.goto("services/childline/")  # the same tab, back on the site
    assert page.evaluate("sessionStorage.getItem('hub-list')") is None
    assert page.locator(".hub-record__actions [data-hub-add]").inner_text().startswith("Add to my list")
    session.goto("my-list/")
    page.locator("[data-hub-list-status]").filter(has_text="Your list is empty").wait_for()
