"""The offline copy in Chromium with service workers allowed: nothing is kept
until someone ticks "Keep this hub on this device"; once they have, the hub
works with its server stopped; a new build reaches the copy on the next
visit online; "Remove from this device" and "Exit this page" leave no cache
and no service worker behind.

These tests start and stop their own server (on one port throughout, so the
browser sees one origin), with builds of their own: the repository's data
plus DEMO dated training, and a second build with one record changed.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pytest
import yaml

from hub.build import offline
from hub.build.build import build_site
from tests.browser.conftest import KEY_PAGES, REPO, serve
from tests.conftest import copy_site_sources
from tests.fixtures.demo_training import demo_training_yaml

pytestmark = pytest.mark.browser

CHANGED_RECORD = "childline"
CHANGED_SENTENCE = "TEST UPDATE: this sentence was added to the record for the update test."
EXIT_PAGE = "<!doctype html><html lang='en'><title>Weather</title><p>Neutral page</p></html>"
SAVING_WAIT_MS = 120_000  # saving the copy from loopback takes a second or two; a slow machine gets room


def _build(root: Path, out: Path) -> Path:
    messages: list[str] = []
    assert build_site(root, out=out, log=messages.append), "\n".join(messages)
    return out


def _two_builds(scratch: Path) -> dict[str, Path]:
    """The repository's data with DEMO training, then the same with one record changed."""
    root = copy_site_sources(scratch / "hub")
    (root / "data" / "training.yaml").write_text(demo_training_yaml(datetime.date.today()), encoding="utf-8")
    first = _build(root, scratch / "first")
    services = root / "data" / "services.yaml"
    data = yaml.safe_load(services.read_text(encoding="utf-8"))
    changed = next(s for s in data["services"] if s["id"] == CHANGED_RECORD)
    changed["description"] = changed["description"].rstrip() + " " + CHANGED_SENTENCE
    services.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return {"first": first, "second": _build(root, scratch / "second")}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """Two builds small enough to be kept whole."""
    return _two_builds(tmp_path_factory.mktemp("offline"))


@pytest.fixture(scope="module")
def large_builds(tmp_path_factory) -> dict[str, Path]:
    """The same two builds, as if they were too large to keep whole: pages beyond
    the ones every visit needs are kept as they are visited."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(offline, "WHOLE_SITE_BYTES", 0)
        return _two_builds(tmp_path_factory.mktemp("offline-large"))


class Server:
    """The hub served from one folder or another, started and stopped at will, always on the same port."""

    def __init__(self):
        self.port = 0
        self._running = None
        self.url = ""

    def start(self, folder: Path) -> str:
        self.stop()
        self._running = serve(folder, port=self.port)
        self.url = self._running.__enter__()
        self.port = int(re.search(r":(\d+)/", self.url).group(1))
        return self.url

    def stop(self) -> None:
        if self._running is not None:
            self._running.__exit__(None, None, None)
            self._running = None


@pytest.fixture
def hub_server():
    running = Server()
    yield running
    running.stop()


@pytest.fixture
def browser_context(chromium):
    """A fresh context that lets service workers run (the other browser tests block them)."""
    contexts = []

    def open_(width: int = 1280):
        context = chromium.new_context(viewport={"width": width, "height": 800}, service_workers="allow")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context

    yield open_
    for context in contexts:
        context.close()


def kept_state(page) -> dict:
    """What this origin keeps: cache names and service worker registrations."""
    return page.evaluate("""async () => ({
        caches: await caches.keys(),
        registrations: (await navigator.serviceWorker.getRegistrations()).map(r => r.scope),
    })""")


def turn_on_keep(page, url: str) -> None:
    page.goto(url + "my-list/")
    switch = page.locator("#hub-offline-keep")
    assert not switch.is_checked(), "the switch must be off until someone turns it on"
    switch.check()
    page.locator("[data-hub-offline-status]").filter(has_text="Kept on this device").wait_for(timeout=SAVING_WAIT_MS)


def wait_for_caches(page, names: list[str]) -> None:
    """Wait (up to SAVING_WAIT_MS) until this origin's caches are exactly `names`."""
    found = page.evaluate("""async ([names, wait]) => {
        const want = JSON.stringify(names), until = Date.now() + wait;
        let now = await caches.keys();
        while (JSON.stringify(now) !== want && Date.now() < until) {
            await new Promise(done => setTimeout(done, 100));
            now = await caches.keys();
        }
        return now;
    }""", [names, SAVING_WAIT_MS])
    assert found == names


def build_info(site: Path) -> dict:
    return json.loads((site / "offline" / "build.json").read_text(encoding="utf-8"))


def published_on(site: Path) -> str:
    built = datetime.datetime.fromisoformat(build_info(site)["built"])
    return f"From the hub as published on {built.day} {built:%B %Y}: numbers may have changed, check when you are online."


def open_offline(page, url: str):
    response = page.goto(url)
    assert response is not None and response.status == 200 and response.from_service_worker, f"{url} was not answered by the kept copy"
    return response


# ---------------------------------------------------------------------------

def test_a_visitor_who_never_turns_it_on_gets_no_service_worker_and_no_cache(browser_context, base_url):
    page = browser_context().new_page()
    visited = [path for _, path in KEY_PAGES[:9]] + ["my-list/"]
    for path in visited:
        page.goto(base_url + path, wait_until="networkidle")
    assert len(set(visited)) == 10
    # The switch is there, and off.
    assert page.locator("#hub-offline-keep").is_visible() and not page.locator("#hub-offline-keep").is_checked()
    assert kept_state(page) == {"caches": [], "registrations": []}


def test_with_the_server_stopped_the_kept_hub_still_works(browser_context, hub_server, builds, assert_accessible):
    page = browser_context().new_page()
    url = hub_server.start(builds["first"])
    turn_on_keep(page, url)
    assert_accessible(page, "My list with the copy kept")
    version = build_info(builds["first"])["version"]
    assert kept_state(page) == {"caches": [f"hub-offline-{version}"], "registrations": [url]}
    hub_server.stop()

    # The home page, with the date the copy was made.
    open_offline(page, url)
    assert page.locator("h1").first.inner_text() == "West Yorkshire Online Safety Resource Hub"
    notice = page.locator("[data-hub-offline-notice]")
    notice.wait_for()
    assert notice.inner_text() == published_on(builds["first"])
    assert_accessible(page, "the home page from the kept copy")

    # The directory, filtered for a district.
    open_offline(page, url + "services/?district=leeds")
    count = page.locator("[data-hub-count]").filter(has_text="Showing")
    count.wait_for()
    shown, total = map(int, re.search(r"Showing (\d+) of (\d+)", count.inner_text()).groups())
    assert 0 < shown < total
    # A district page and a record.
    open_offline(page, url + "districts/leeds/")
    assert page.locator("h1").inner_text() == "Support in Leeds"
    open_offline(page, url + "services/childline/")
    assert page.locator("h1").inner_text() == "Childline"
    assert page.locator("a[href='tel:08001111']").count() >= 1

    # Search results, from the kept index.
    open_offline(page, url + "search/?q=sextortion")
    page.locator(".hub-page [data-hub-search-status]").filter(has_text="for \u201csextortion\u201d").wait_for()
    assert page.locator(".hub-page [data-hub-search-results] > li").count() >= 1

    # My list, from a shared link.
    open_offline(page, url + "my-list/?ids=childline,nspcc-helpline")
    page.locator("[data-hub-list-items] > li").first.wait_for()
    assert page.locator("[data-hub-list-items] > li h2").all_inner_texts() == ["Childline", "NSPCC Helpline"]

    # The self-reflection tool, to its summary.
    open_offline(page, url + "reflect/practitioner/")
    page.locator("[data-reflect-progress]").filter(has_text="Step 1 of").wait_for()
    for field in ("district", "sector", "role_band"):
        page.locator(f'[name="context:{field}"]').first.check()
    page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    page.locator("#q-confidence-workforce-2").check()
    while page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").count():
        page.locator(".reflect-step:not([hidden]) .reflect-nav .md-button--primary").click()
    assert page.locator("[data-reflect-summary]").is_visible()
    assert page.locator("[data-reflect-summary] .reflect-next").count() >= 1

    # Three days on, tomorrow's session has ended: hidden offline as online.
    page.clock.set_fixed_time(datetime.datetime.now() + datetime.timedelta(days=3))
    open_offline(page, url + "training/")
    titles = page.locator(".hub-cards > .hub-card:visible .hub-card__title").all_inner_texts()
    assert "DEMO workshop in Leeds (test data)" not in titles and "DEMO webinar on sextortion (test data)" in titles
    assert notice.inner_text().startswith("From the hub as published on ") and "(3 days ago)" in notice.inner_text()

    # A page no build had: said plainly, with the way back.
    page.goto(url + "no-such-page/")
    assert page.locator("h1").inner_text() == "Not kept on this device"
    assert page.locator("[data-hub-not-kept-link]").get_attribute("href") == url + "no-such-page/"


def test_a_new_build_reaches_the_kept_copy_on_the_next_visit_online(browser_context, hub_server, builds):
    page = browser_context().new_page()
    url = hub_server.start(builds["first"])
    turn_on_keep(page, url)
    old, new = build_info(builds["first"])["version"], build_info(builds["second"])["version"]
    assert old != new

    hub_server.start(builds["second"])  # the same address, the new build
    page.goto(url)
    # The page came from the old copy, and says so while the new one is saved.
    page.locator("[data-hub-offline-notice]").filter(has_text="A newer version of the hub is").wait_for()
    # The browser checks the worker on a visit; the new copy is saved and the old one deleted.
    wait_for_caches(page, [f"hub-offline-{new}"])
    page.locator("[data-hub-offline-notice]").filter(has_text="A newer version of the hub is saved on this device: reload").wait_for()
    hub_server.stop()

    open_offline(page, url + f"services/{CHANGED_RECORD}/")
    assert CHANGED_SENTENCE in page.locator("#hub-main").inner_text()
    notice = page.locator("[data-hub-offline-notice]")
    notice.wait_for()
    assert notice.inner_text() == published_on(builds["second"])
    assert kept_state(page)["caches"] == [f"hub-offline-{new}"]


def test_remove_from_this_device_and_exit_leave_no_cache_and_no_worker(browser_context, hub_server, builds, exit_url):
    page = browser_context().new_page()
    page.route(lambda address: address.startswith(exit_url),
               lambda route: route.fulfill(status=200, content_type="text/html", body=EXIT_PAGE))
    url = hub_server.start(builds["first"])

    turn_on_keep(page, url)
    assert len(kept_state(page)["caches"]) == 1
    page.locator("#hub-offline-keep").uncheck()
    page.locator("[data-hub-offline-status]").filter(has_text="Removed from this device.").wait_for()
    assert kept_state(page) == {"caches": [], "registrations": []}

    turn_on_keep(page, url)
    page.goto(url)  # the switch on another page shows the copy is kept
    page.wait_for_function("document.getElementById('hub-offline-keep').checked")
    page.locator("[data-hub-offline-status]").filter(has_text="Kept on this device: the hub as published on ").wait_for()
    page.goto(url + "services/childline/")  # a page from the copy
    assert len(kept_state(page)["caches"]) == 1
    page.locator("a.hub-exit").click()
    page.wait_for_url(lambda address: address.startswith(exit_url))
    page.goto(url)
    assert kept_state(page) == {"caches": [], "registrations": []}
    assert not page.locator("#hub-offline-keep").is_checked()


def test_a_site_too_large_to_keep_whole_keeps_pages_as_they_are_visited_and_through_an_update(browser_context, hub_server, large_builds):
    page = browser_context().new_page()
    url = hub_server.start(large_builds["first"])
    assert build_info(large_builds["first"])["whole_site"] is False
    turn_on_keep(page, url)
    assert page.locator("[data-hub-offline-visited]").is_visible(), "the switch says other pages are kept once opened"
    page.goto(url + f"services/{CHANGED_RECORD}/")  # opened online: kept from now on

    # A new build: the page opened before is kept again, from the new build.
    hub_server.start(large_builds["second"])
    page.goto(url)
    wait_for_caches(page, [f"hub-offline-{build_info(large_builds['second'])['version']}"])
    hub_server.stop()

    open_offline(page, url + f"services/{CHANGED_RECORD}/")
    assert CHANGED_SENTENCE in page.locator("#hub-main").inner_text()
    open_offline(page, url + "districts/leeds/")  # kept up front at any size
    page.goto(url + "services/nspcc-helpline/")  # never opened: not kept
    assert page.locator("h1").inner_text() == "Not kept on this device"
    assert page.locator("[data-hub-not-kept-link]").get_attribute("href") == url + "services/nspcc-helpline/"


PART_PAGES = 20  # the repository's pages make several index parts at this size


@pytest.fixture(scope="module")
def parted_build(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline-parts") / "site"
    messages: list[str] = []
    assert build_site(REPO, out=out, log=messages.append, search_part_pages=PART_PAGES), "\n".join(messages)
    return out


def test_a_search_index_in_parts_is_kept_whole_every_part_with_the_builds_tag(browser_context, hub_server, parted_build):
    parts = json.loads((parted_build / "pagefind" / "parts.json").read_text(encoding="utf-8"))["parts"]
    assert len(parts) >= 2
    page = browser_context().new_page()
    url = hub_server.start(parted_build)
    online = {}
    for term in ("sextortion", "helpline", "Wakefield"):
        page.goto(url + f"search/?q={term}")
        status = page.locator(".hub-page [data-hub-search-status]").filter(has_text=f"for \u201c{term}\u201d")
        online[term] = status.inner_text()
    turn_on_keep(page, url)
    hub_server.stop()
    version = build_info(parted_build)["version"]
    kept = page.evaluate("async () => (await caches.open((await caches.keys())[0]).then(c => c.keys())).map(r => r.url)")
    assert sorted(u for u in kept if "pagefind-entry.json" in u) == sorted(
        f"{url}{folder}pagefind-entry.json?ts={version}" for folder in ["pagefind/", *parts])
    for term, said in online.items():
        open_offline(page, url + f"search/?q={term}")
        status = page.locator(".hub-page [data-hub-search-status]").filter(has_text=f"for \u201c{term}\u201d")
        assert status.inner_text() == said, term
