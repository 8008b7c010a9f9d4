"""The young people's pages in Chromium: two taps from the home page to Report
Remove, Childline and CEOP on a phone; Exit this page the most visible control;
nothing kept on the device; everything works without JavaScript; the words
young people use find the right page; the co-production pack prints on A4."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml

from tests.browser.conftest import PREFIX, REPO, format_violations
from tests.browser.test_search import pagefind_results

pytestmark = pytest.mark.browser

SERVICES = {s["id"]: s for s in yaml.safe_load((REPO / "data" / "services.yaml").read_text(encoding="utf-8"))["services"]}
YOUNG = yaml.safe_load((REPO / "data" / "young-people.yaml").read_text(encoding="utf-8"))
AGE_BANDS = yaml.safe_load((REPO / "data" / "vocabularies.yaml").read_text(encoding="utf-8"))["age_bands"]
PAGES = ["young-people/", "young-people/threatened/", "young-people/bullying/under-13/", "young-people/staying-safe/",
         "young-people/you-said-we-did/"]
OUTSIDE = "<!doctype html><html lang='en'><title>Outside</title><p>A page outside the hub.</p></html>"


def answered_locally(session, origin: str) -> list[str]:
    """Every request to another site is answered here, never sent: returns the addresses asked for."""
    asked: list[str] = []

    def fulfil(route):
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body=OUTSIDE)

    session.context.route(lambda url: not url.startswith(origin), fulfil)
    return asked


# ---------------------------------------------------------------------------
# Two taps on a phone
# ---------------------------------------------------------------------------

def first_tap(session):
    """Tap 1: the home page's own entrance, on its first screen at 360 px."""
    page = session.page
    session.goto("")
    entrance = page.locator(".hub-young-start a")
    box = entrance.bounding_box()
    assert box and box["y"] + box["height"] <= page.viewport_size["height"], f"the entrance is below the first screen: {box}"
    entrance.click()
    page.wait_for_url(re.compile(r"/young-people/$"))


@pytest.mark.parametrize("service_id, field", [("report-remove", "website"), ("ceop-safety-centre", "reporting_url")])
def test_two_taps_from_the_home_page_open_the_service_at_360px(open_browser, origin, service_id, field):
    session = open_browser(360)
    asked = answered_locally(session, origin)
    first_tap(session)
    target = SERVICES[service_id]["contact"][field]
    link = session.page.locator(f".hub-young-now a[href='{target}']")
    link.click()  # tap 2
    session.page.wait_for_url(target)
    assert asked == [target], asked


def test_two_taps_from_the_home_page_call_childline_at_360px(open_browser, origin):
    session = open_browser(360)
    answered_locally(session, origin)
    first_tap(session)
    call = session.page.locator(".hub-young-now a[href='tel:08001111']")
    # Tap 2 would dial: the link is there, shows the number and can be tapped without scrolling sideways.
    assert call.inner_text() == "0800 1111" and SERVICES["childline"]["contact"]["phone"] == "0800 1111"
    call.scroll_into_view_if_needed()
    box = call.bounding_box()
    assert call.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= 360, box


# ---------------------------------------------------------------------------
# Exit this page
# ---------------------------------------------------------------------------

# Every control a person can see on the first screen: on top at its own centre
# (the phone's closed menu drawer is laid out, but under the page).
CONTROLS = """() => Array.from(document.querySelectorAll('a[href], button, input, select, label[for]'))
  .map(el => ({el, box: el.getBoundingClientRect()}))
  .filter(({el, box}) => {
    if (box.width === 0 || box.height === 0 || box.bottom <= 0 || box.top >= innerHeight) return false;
    const x = Math.min(Math.max(box.left + box.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(box.top + box.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    return top !== null && (el === top || el.contains(top));
  })
  .map(({el, box}) => ({text: (el.innerText || el.value || el.placeholder || '').trim().slice(0, 40),
                        exit: el.hasAttribute('data-hub-exit'), area: Math.round(box.width * box.height)}))"""


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_exit_is_the_largest_control_on_the_first_screen_and_never_out_of_reach(open_browser, path, width):
    session = open_browser(width)
    page = session.page
    session.goto(path)
    controls = page.evaluate(CONTROLS)
    largest = max(controls, key=lambda c: c["area"])
    assert largest["exit"] and largest["text"] == "Exit this page", sorted(controls, key=lambda c: -c["area"])[:3]
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    in_view = page.evaluate("""() => Array.from(document.querySelectorAll('[data-hub-exit]')).some(el => {
        const box = el.getBoundingClientRect(); return box.width > 0 && box.top >= 0 && box.bottom <= innerHeight; })""")
    assert in_view, "no Exit this page control in view at the bottom of the page"


def test_the_large_exit_leaves_and_back_does_not_return(open_browser, origin, base_url, exit_url):
    session = open_browser(360)
    asked = answered_locally(session, origin)
    session.goto("")
    session.goto("young-people/threatened/")
    left_from = session.page.url
    session.page.locator(".hub-young-exit__button").click()
    session.page.wait_for_url(lambda url: url.startswith(exit_url))
    assert asked and asked[-1].startswith(exit_url)
    session.page.go_back(wait_until="load")
    assert session.page.url != left_from and session.page.url in (base_url, "about:blank")


# ---------------------------------------------------------------------------
# Nothing kept, nothing needs a script
# ---------------------------------------------------------------------------

KEPT = """async () => ({local: localStorage.length, session: sessionStorage.length, cookies: document.cookie,
  caches: 'caches' in window ? (await caches.keys()).length : 0,
  workers: navigator.serviceWorker ? (await navigator.serviceWorker.getRegistrations()).length : 0})"""


def test_using_the_pages_keeps_nothing_on_the_device(open_browser, origin):
    session = open_browser(360)
    answered_locally(session, origin)
    page = session.page
    session.goto("young-people/")
    page.get_by_role("link", name=YOUNG["routes"][0]["what_happened"]).click()
    page.get_by_role("link", name=AGE_BANDS[1]["name"], exact=True).click()
    page.wait_for_url(re.compile(f"/{AGE_BANDS[1]['id']}/$"))
    page.get_by_role("link", name=YOUNG["labels"]["back"]).click()
    page.get_by_role("link", name=YOUNG["labels"]["staying_safe"]).click()
    page.wait_for_load_state("load")
    assert page.evaluate(KEPT) == {"local": 0, "session": 0, "cookies": "", "caches": 0, "workers": 0}
    assert not session.context.cookies()


def test_the_age_choice_works_without_javascript(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        page.goto(base_url + "young-people/")
        page.get_by_role("link", name="Someone is bullying me online, or says they are me").click()
        titles = page.locator(".hub-young-service h3").all_inner_texts()
        assert titles == ["Report Harmful Content", "Childline"]
        page.get_by_role("link", name="Under 13", exact=True).click()
        assert page.locator(".hub-young-service h3").all_inner_texts() == ["Childline"]
        assert page.locator("[aria-current=page]").inner_text() == "Under 13"
        assert page.locator(".hub-young-exit__button").get_attribute("href").startswith("https://")
    finally:
        context.close()


# ---------------------------------------------------------------------------
# Search finds the words young people use
# ---------------------------------------------------------------------------

ROUTE = {route["id"]: f"{PREFIX}young-people/{route['id']}/" for route in YOUNG["routes"]}
# Each word young people use (the issue's, and more from CEOP's, Childline's and
# the services' own pages) and the page it must find among the first three results.
WORDS = {
    "nudes": ROUTE["nude-online"],
    "leaked": ROUTE["nude-online"],
    "semi-nude": ROUTE["nude-online"],
    "take it down": ROUTE["nude-online"],
    "blackmail": ROUTE["threatened"],
    "sextortion": ROUTE["threatened"],
    "threatening": ROUTE["threatened"],
    "money": ROUTE["threatened"],
    "groomed": ROUTE["met-online"],
    "grooming": ROUTE["met-online"],
    "meet up": ROUTE["met-online"],
    "fake profile": ROUTE["met-online"],
    "live-stream": ROUTE["met-online"],
    "sexting": ROUTE["regret"],
    "regret": ROUTE["regret"],
    "embarrassed": ROUTE["regret"],
    "bullying": ROUTE["bullying"],
    "impersonation": ROUTE["bullying"],
    "pretending to be me": ROUTE["bullying"],
    "fake account": ROUTE["bullying"],
    "upset": ROUTE["saw-something"],
    "worried about a friend": ROUTE["friend"],
    "Childline": f"{PREFIX}services/childline/",
    "Report Remove": f"{PREFIX}services/report-remove/",
    "CEOP": f"{PREFIX}services/ceop-safety-centre/",
}


@pytest.fixture(scope="module")
def found(chromium, base_url) -> dict[str, list[str]]:
    return pagefind_results(chromium, base_url, list(WORDS))


def test_at_least_fifteen_words_young_people_use_are_checked():
    assert len(WORDS) >= 15
    assert {"nudes", "leaked", "blackmail", "sextortion", "groomed"} <= set(WORDS)


@pytest.mark.parametrize("word", list(WORDS))
def test_a_word_young_people_use_finds_the_right_page_among_the_first_three(found, word):
    assert WORDS[word] in found[word][:3], f"{word!r}: {found[word][:5]}"


# ---------------------------------------------------------------------------
# Every young people's page: axe, and nothing asked of another site
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("width", [360, 1280])
def test_every_young_peoples_page_passes_axe_and_asks_no_other_site(built_site, open_browser, origin, run_axe, width):
    paths = sorted(index.parent.relative_to(built_site).as_posix() + "/" for index in (built_site / "young-people").rglob("index.html"))
    assert len(paths) > len(YOUNG["routes"]) * len(AGE_BANDS), paths  # the start, every route at every age, and more
    session = open_browser(width)
    asked = answered_locally(session, origin)
    problems = {}
    for path in paths:
        session.goto(path)
        violations = run_axe(session.page)
        if violations:
            problems[path] = format_violations(violations)
    assert not problems, "\n".join(f"{path}:\n{report}" for path, report in problems.items())
    assert asked == [], asked


# ---------------------------------------------------------------------------
# The co-production pack on paper
# ---------------------------------------------------------------------------

def test_the_pack_prints_on_a4_with_each_page_on_a_sheet_of_its_own(session):
    page = session.page
    session.goto("young-people/co-production-pack/")
    page.emulate_media(media="print")
    sheets = page.locator(".hub-pack__sheet")
    starts = sheets.evaluate_all("els => els.map(el => getComputedStyle(el).breakBefore)")
    assert starts and set(starts) == {"page"}, starts
    assert not page.locator(".hub-young-exit, .md-header, .md-sidebar--primary").first.is_visible()
    pdf = page.pdf(format="A4")
    sizes = {(float(w), float(h)) for w, h in re.findall(rb"/MediaBox \[0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)\]", pdf)}
    # A4 is 595 by 842 points (210 by 297 mm); Chromium rounds to whole hundredths of an inch.
    assert sizes and all(abs(w - 595.3) < 1 and abs(h - 841.9) < 1.5 for w, h in sizes), sizes
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    print(f"\nThe co-production pack prints on {pages} A4 pages ({len(starts)} sections, each starting a page)")
    assert len(starts) < pages <= 24, f"{pages} A4 pages for {len(starts)} sections"
