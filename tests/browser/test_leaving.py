"""Nothing left behind, nothing brought back: "Exit this page" clears what the
hub keeps from any page, and a page the browser shows again after an Exit
(from its back/forward cache) has forgotten what was typed or listed in it.
My list never puts its ids in the address, so no history entry holds them.

Playwright turns Chromium's back/forward cache off; these tests turn it back on
(as in everyday browsing) and check that Back really restored pages from it.
"""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, Session, serve
from tests.conftest import copy_site_sources

pytestmark = pytest.mark.browser

TOOL = "reflect/practitioner/"
NOTE = "SYNTHETIC private note: worried about my own child"
EXIT_PAGE = "<!doctype html><html lang='en'><title>Weather</title><p>Neutral page</p></html>"
# Each page says how it was last shown: restored from the back/forward cache or loaded.
TRACK_SHOWING = ("window.addEventListener('pageshow', e => { window.__shown = {persisted: e.persisted}; });"
                 "window.addEventListener('pagehide', () => { window.__shown = null; });")
# What a page can see of everything the hub may keep in this browser.
KEPT = """async () => ({
    local: Object.keys(localStorage), session: Object.keys(sessionStorage),
    caches: window.caches ? await caches.keys() : []})"""


@pytest.fixture(scope="module")
def cached_chromium(chromium):
    """Debian's Chromium with its back/forward cache on, from the session's Playwright."""
    browser = chromium.browser_type.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True,
                                           ignore_default_args=["--disable-back-forward-cache"])
    yield browser
    browser.close()


def answered_locally(session: Session, exit_url: str) -> Session:
    session.context.add_init_script(TRACK_SHOWING)
    session.page.route(lambda url: url.startswith(exit_url),
                       lambda route: route.fulfill(status=200, content_type="text/html", body=EXIT_PAGE))
    return session


@pytest.fixture
def tab(cached_chromium, base_url, exit_url):
    session = answered_locally(Session(cached_chromium, base_url, 1280), exit_url)
    yield session
    session.close()


def exit_here(session: Session, exit_url: str) -> None:
    session.page.locator("a.hub-exit").click()
    session.page.wait_for_url(lambda url: url.startswith(exit_url))


def back(session: Session) -> bool:
    """Go back one entry and wait until the page is shown; True when it came from the back/forward cache."""
    session.page.go_back(wait_until="commit")
    session.page.wait_for_function("window.__shown")
    return session.page.evaluate("window.__shown.persisted")


def every_entry_before(session: Session, look=lambda page: None) -> list[str]:
    """The address of every history entry before this one, going back to the first; `look(page)` at each."""
    seen = []
    for _ in range(session.page.evaluate("history.length") - 1):
        back(session)
        if session.page.url in seen[-1:] or session.page.url == "about:blank":
            break
        seen.append(session.page.url)
        look(session.page)
    return seen


# ---------------------------------------------------------------------------
# My list: Exit, then Back
# ---------------------------------------------------------------------------

def test_my_list_after_exit_and_back_shows_no_list_and_no_entry_holds_its_ids(tab, exit_url):
    page = tab.page
    tab.goto("services/")
    for record_id in ("childline", "nspcc-helpline"):
        page.locator(f'.hub-card [data-hub-add="{record_id}"]').click()
    page.locator("[data-hub-list-bar]").click()
    page.locator("[data-hub-list-items] > li").nth(1).wait_for()
    assert page.url == tab.base_url + "my-list/"
    page.locator('[data-hub-list-items] > li[data-id="childline"] h2 a').click()  # on to a record, then Exit there
    page.wait_for_url(lambda url: url.endswith("services/childline/"))
    exit_here(tab, exit_url)

    assert back(tab), "My list came back from the back/forward cache"
    assert page.url == tab.base_url + "my-list/"
    assert page.locator("[data-hub-list-items] > li").count() == 0
    assert page.locator("[data-hub-list-status]").inner_text().startswith("Your list is empty")
    assert not page.locator("[data-hub-list-bar]").is_visible()
    assert page.evaluate(KEPT) == {"local": [], "session": [], "caches": []}
    buttons = []

    def look(shown):
        if shown.url == tab.base_url + "services/":
            buttons.append(shown.locator('.hub-card [data-hub-add="childline"]').inner_text())

    entries = [page.url] + every_entry_before(tab, look)
    assert entries == [tab.base_url + "my-list/", tab.base_url + "services/"]
    assert not [url for url in entries if "ids=" in url], entries
    assert len(buttons) == 1 and buttons[0].startswith("Add to my list"), "the directory, shown again, forgot the list too"


def test_exit_on_my_list_itself_then_back_finds_nothing_listed(tab, exit_url):
    page = tab.page
    tab.goto("services/childline/")
    page.locator(".hub-record__actions [data-hub-add]").click()
    tab.goto("my-list/")
    page.locator("[data-hub-list-items] > li").first.wait_for()
    exit_here(tab, exit_url)
    assert back(tab), "the record page came back from the back/forward cache"
    assert page.url == tab.base_url + "services/childline/"
    assert page.locator(".hub-record__actions [data-hub-add]").inner_text().startswith("Add to my list")
    tab.goto("my-list/")
    page.locator("[data-hub-list-status]").filter(has_text="Your list is empty").wait_for()


def test_a_shared_link_is_read_once_and_the_link_to_share_stays_in_the_share_box(tab):
    page = tab.page
    tab.goto("my-list/?ids=childline,stop-it-now")
    page.locator("[data-hub-list-items] > li").nth(1).wait_for()
    assert page.url == tab.base_url + "my-list/"
    entries = page.evaluate("history.length")
    page.locator("[data-hub-list-copy]").click()
    assert page.locator("[data-hub-list-link]").input_value() == tab.base_url + "my-list/?ids=childline,stop-it-now"
    assert page.locator("[data-hub-list-link]").evaluate("e => e.tagName") == "INPUT", "a text to copy, not a link to follow"
    assert page.url == tab.base_url + "my-list/" and page.evaluate("history.length") == entries, "no entry was added"
    assert every_entry_before(tab) == [], "the link that was opened is the only entry, and its address no longer holds the ids"


# ---------------------------------------------------------------------------
# The reflection tool, "Keep my answers" off: Back keeps them, Exit then Back does not
# ---------------------------------------------------------------------------

def type_a_note(session: Session) -> None:
    page = session.page
    session.goto(TOOL)
    page.locator("[data-reflect-progress]").filter(has_text="Step 1 of").wait_for()
    page.check("#context-district-leeds")
    for field in ("sector", "role_band"):
        page.locator(f'[name="context:{field}"]').first.check()
    while not page.locator("textarea").first.is_visible():
        page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    page.locator("textarea").first.fill(NOTE)
    assert not page.locator("#reflect-keep").is_checked()


def test_the_tools_typed_note_survives_back_but_not_exit_then_back(tab, exit_url):
    page = tab.page
    type_a_note(tab)
    tab.goto("")
    assert back(tab), "the tool came back from the back/forward cache"
    assert page.locator("#context-district-leeds").is_checked() and page.locator("textarea").first.input_value() == NOTE, \
        "Back without Exit keeps what the person was writing"

    tab.goto("services/")
    exit_here(tab, exit_url)
    assert back(tab), "the tool came back from the back/forward cache"
    assert page.url == tab.base_url + TOOL
    assert not page.locator("#context-district-leeds").is_checked()
    assert page.locator("textarea").first.input_value() == ""
    assert page.locator("[data-reflect-progress]").inner_text().startswith("Step 1 of")
    assert NOTE not in page.content()
    assert page.evaluate(KEPT) == {"local": [], "session": [], "caches": []}


# ---------------------------------------------------------------------------
# Exit from any page clears everything the hub keeps (issue 18, item 5)
# ---------------------------------------------------------------------------

EXIT_FROM = [("home", ""), ("record", "services/childline/"), ("tool", TOOL)]


@pytest.mark.parametrize("name,path", EXIT_FROM, ids=[name for name, _ in EXIT_FROM])
def test_exit_from_any_page_leaves_nothing_in_storage_or_caches(open_browser, exit_url, name, path):
    session = answered_locally(open_browser(1280), exit_url)
    page = session.page
    session.goto(TOOL)
    page.locator("[data-reflect-progress]").filter(has_text="Step 1 of").wait_for()
    page.check("#context-district-wakefield")
    page.check("#reflect-keep")
    session.goto("services/childline/")
    page.locator(".hub-record__actions [data-hub-add]").click()
    # A stand-in for the offline copy's cache (issue 21), named as everything the hub keeps.
    page.evaluate("caches.open('hub-offline-test').then(cache => cache.put('hub-test-entry', new Response('SYNTHETIC')))")
    kept = page.evaluate(KEPT)
    assert "hub-reflect:practitioner" in kept["local"] and "hub-list" in kept["session"] and kept["caches"] == ["hub-offline-test"]

    session.goto(path)
    exit_here(session, exit_url)
    # A file of the site that runs no script, in the same tab (sessionStorage is the tab's) and in a new one.
    session.goto("my-list/records.json")
    assert page.evaluate(KEPT) == {"local": [], "session": [], "caches": []}
    fresh = session.context.new_page()
    fresh.goto(session.base_url + "my-list/records.json")
    assert fresh.evaluate(KEPT) == {"local": [], "session": [], "caches": []}


# ---------------------------------------------------------------------------
# A resource's own file: on its card and in My list
# ---------------------------------------------------------------------------

FILE = "resources/synthetic/thinkuknow-leaflet.pdf"


@pytest.fixture(scope="module")
def file_site(tmp_path_factory):
    """The repository's site with a SYNTHETIC file given to the Thinkuknow resource (which also has a url)."""
    from hub.build.build import build_site

    root = copy_site_sources(tmp_path_factory.mktemp("file-site") / "hub")
    (root / FILE).parent.mkdir(parents=True)
    (root / FILE).write_bytes(b"%PDF-1.4\n% SYNTHETIC leaflet for a test\n")
    resources = root / "data" / "resources.yaml"
    text = resources.read_text(encoding="utf-8")
    start = text.index("  - id: thinkuknow\n")
    url_line = text.index("    url: ", start)
    end = text.index("\n", url_line) + 1
    resources.write_text(text[:end] + f"    file: {FILE}\n" + text[end:], encoding="utf-8")
    messages: list[str] = []
    assert build_site(root, out=root.parent / "site", log=messages.append), "\n".join(messages)
    with serve(root.parent / "site") as url:
        yield url


def test_a_resources_file_shows_on_its_card_and_in_my_list(open_browser, file_site):
    session = open_browser(1280, site=file_site)
    page = session.page
    session.goto("resources/")
    card = page.locator('.hub-card[data-id="thinkuknow"]')
    download = card.locator("a", has_text="files/synthetic/thinkuknow-leaflet.pdf")
    assert download.count() == 1, card.inner_text()
    assert "Download" in card.inner_text() and card.locator("a", has_text="ceopeducation.co.uk").count() == 1
    href = download.evaluate("a => a.href")
    assert urlsplit(href).path == urlsplit(file_site).path + "files/synthetic/thinkuknow-leaflet.pdf"
    assert session.page.request.get(href).status == 200

    card.locator("[data-hub-add]").click()
    session.goto("my-list/")
    entry = page.locator('[data-hub-list-items] > li[data-id="thinkuknow"]')
    entry.wait_for()
    link = entry.locator("a", has_text="files/synthetic/thinkuknow-leaflet.pdf")
    assert link.count() == 1 and "Download" in entry.inner_text()
    assert link.evaluate("a => a.href") == href


def test_the_exports_give_the_files_address(file_site):
    with urllib.request.urlopen(file_site + "exports/resources.csv") as response:
        text = response.read().decode("utf-8-sig")
    row = next(line for line in text.splitlines() if line.startswith("thinkuknow,"))
    assert "files/synthetic/thinkuknow-leaflet.pdf" in row
