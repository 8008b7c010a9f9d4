"""The embed pages inside a partner's page, as a partner would paste them.

The partner's page is served from another origin (127.0.0.2, another site
to the browser than the hub's 127.0.0.1) and holds the code exactly as "Put
this on your website" gives it, with the hub's placeholder address replaced
by the test server's. At phone and desktop widths: the frame is as tall as
what it shows, everything in it comes from the hub, axe finds nothing in it,
its links open the hub in the top window, and Exit this page leaves the
partner's page, also in a frame with the sandbox the page documents.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import re
import threading
from urllib.parse import urlsplit

import pytest

from hub.records.settings import load_settings
from hub.site.embed import SANDBOX
from tests.browser.conftest import REPO, format_violations

pytestmark = pytest.mark.browser

EXIT_PAGE = "<!doctype html><html lang='en'><title>Weather</title><p>Neutral page</p></html>"
PARTNER_HOST = "127.0.0.2"


def embed_codes(built_site) -> dict[str, str]:
    """The code for each embed on "Put this on your website", by frame id."""
    page = (built_site / "embed" / "index.html").read_text(encoding="utf-8")
    codes = [html.unescape(code) for code in re.findall(r"<code data-hub-embed-code>(.*?)</code>", page, re.S)]
    return {re.search(r'<iframe id="([^"]+)"', code).group(1): code for code in codes}


def partner_page(code: str, hub_url: str, sandbox: str | None = None) -> str:
    code = code.replace(load_settings(REPO)["site_url"] + "/", hub_url)
    if sandbox:
        code = code.replace("<iframe ", f'<iframe sandbox="{sandbox}" ', 1)
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width,initial-scale=1'><title>A partnership's page (test)</title></head>"
            "<body style='margin:0 1rem;font-family:sans-serif'><main><h1>Leeds Safeguarding Children Partnership (test page)</h1>"
            f"<p>Text of the partner's own page, before the hub's frame.</p>{code}<p>The partner's page goes on.</p></main></body></html>")


@contextlib.contextmanager
def partner_site(pages: dict[str, str]):
    """Serve `pages` (name -> HTML) at http://127.0.0.2:PORT/NAME."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body = pages.get(urlsplit(self.path).path.lstrip("/"))
            self.send_response(200 if body else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write((body or "not found").encode("utf-8"))

        def log_message(self, format, *args):
            pass

    httpd = http.server.ThreadingHTTPServer((PARTNER_HOST, 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{PARTNER_HOST}:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def partner(built_site, base_url):
    codes = embed_codes(built_site)
    pages = {f"{frame_id}.html": partner_page(code, base_url) for frame_id, code in codes.items()}
    pages["sandboxed.html"] = partner_page(codes["hub-directory-leeds"], base_url, sandbox=SANDBOX)
    with partner_site(pages) as url:
        yield url


@pytest.fixture
def partner_browser(chromium, exit_url):
    """open(width) -> (page, requests): a context recording every request; the exit site answered locally."""
    contexts = []

    def open_(width: int):
        context = chromium.new_context(viewport={"width": width, "height": 800}, service_workers="block")
        requests: list[str] = []
        context.on("request", lambda request: requests.append(request.url))
        context.route(lambda address: address.startswith(exit_url),
                      lambda route: route.fulfill(status=200, content_type="text/html", body=EXIT_PAGE))
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page, requests

    yield open_
    for context in contexts:
        context.close()


def settled_frame(page, frame_id: str):
    """The embedded page once loaded and the frame has taken its height from it."""
    element = page.locator(f"#{frame_id}")
    element.scroll_into_view_if_needed()
    frame = element.element_handle().content_frame()
    frame.wait_for_load_state("load")
    frame.locator("#hub-main").wait_for()
    wait_for_frame_height(page, frame_id, frame)
    return element, frame


def wait_for_frame_height(page, frame_id: str, frame) -> None:
    """Wait until the partner's script has set the frame to its content's height (its CSS starts
    it at 40rem). The content is measured again each time: it may still be settling after a change."""
    for _ in range(150):
        height = content_height(frame)
        if page.evaluate("""([id, height]) => {
            const frame = document.getElementById(id);
            return /^\\d+px$/.test(frame.style.height) && Math.abs(frame.getBoundingClientRect().height - height) <= 2;
        }""", [frame_id, height]):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the frame never took its content's height ({height:.0f} px)")


def content_height(frame) -> float:
    """How far down the embedded page's content goes: the lowest bottom edge (with its
    margin) of anything shown, measured from the elements, not from the page's box, so a
    page stretched to the frame's height would not pass for one that fits its content."""
    return frame.evaluate("""() => {
        let lowest = 0;
        for (const element of document.body.querySelectorAll("*")) {
            const box = element.getBoundingClientRect();
            if (box.width === 0 && box.height === 0) continue;
            lowest = Math.max(lowest, box.bottom + parseFloat(getComputedStyle(element).marginBottom || 0));
        }
        return lowest + window.scrollY;
    }""")


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("frame_id", ["hub-directory-leeds", "hub-directory-west-yorkshire", "hub-help-now-leeds", "hub-training"])
def test_the_frame_fits_loads_only_the_hub_and_passes_axe(partner_browser, partner, base_url, axe_script, frame_id, width):
    page, requests = partner_browser(width)
    page.goto(f"{partner}{frame_id}.html", wait_until="networkidle")
    element, frame = settled_frame(page, frame_id)

    # As tall as what it shows, to 2 px, with nothing to scroll inside it.
    frame_height = element.evaluate("frame => frame.getBoundingClientRect().height")
    assert abs(frame_height - content_height(frame)) <= 2, (frame_height, content_height(frame))
    assert frame.evaluate("document.documentElement.scrollHeight - document.documentElement.clientHeight") <= 2
    assert frame.evaluate("document.documentElement.scrollWidth") <= frame.evaluate("document.documentElement.clientWidth")

    # A filter changes what it shows; the frame follows.
    if frame.locator("form[data-hub-filter] select[name=audience]").count():
        frame.locator("form[data-hub-filter] select[name=audience]").select_option(index=1)
        frame.locator("[data-hub-count]").filter(has_text="Showing").wait_for()
        wait_for_frame_height(page, frame_id, frame)

    # Nothing but the partner's page itself and the hub.
    hub_origin = "{0.scheme}://{0.netloc}/".format(urlsplit(base_url))
    foreign = [url for url in requests if not url.startswith(hub_origin) and url != f"{partner}{frame_id}.html"]
    assert not foreign, "requests outside the hub:\n" + "\n".join(foreign)
    assert any(url.startswith(base_url + "embed/") for url in requests)

    # axe inside the frame, and on the partner's page around it (the frame's title).
    for label, target in (("frame", frame), ("partner page", page)):
        target.add_script_tag(path=str(axe_script))
        violations = target.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']},
                                                             resultTypes: ['violations'], iframes: false}).then(r => r.violations)""")
        assert not violations, f"{label} of {frame_id} at {width} px:\n{format_violations(violations)}"


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("partner_page_name", ["hub-directory-leeds.html", "sandboxed.html"])
def test_exit_this_page_in_the_frame_leaves_the_partners_page(partner_browser, partner, exit_url, partner_page_name, width):
    page, _ = partner_browser(width)
    page.goto(partner + partner_page_name)
    _, frame = settled_frame(page, "hub-directory-leeds")
    exit_button = frame.locator(".hub-embed-bar a.hub-exit")
    assert exit_button.is_visible() and exit_button.inner_text() == "Exit this page"
    exit_button.click()
    page.wait_for_url(lambda url: url.startswith(exit_url))
    assert page.title() == "Weather"


def test_links_in_the_frame_open_the_hub_in_the_top_window(partner_browser, partner, base_url):
    page, _ = partner_browser(1280)
    page.goto(partner + "hub-directory-leeds.html")
    _, frame = settled_frame(page, "hub-directory-leeds")
    card = frame.locator(".hub-card__title a").first
    title = card.inner_text()
    card.click()
    page.wait_for_url(lambda url: url.startswith(base_url + "services/"))
    assert page.locator("h1").inner_text() == title
    # The full hub, with its own navigation, in the top window.
    assert page.locator("header.md-header").is_visible()


def test_embed_pages_carry_no_site_navigation_and_always_show_exit(partner_browser, base_url):
    page, _ = partner_browser(360)
    for path in ("embed/directory/", "embed/directory/leeds/", "embed/help-now/", "embed/help-now/leeds/", "embed/training/"):
        page.goto(base_url + path)
        assert page.locator(".hub-embed-bar a.hub-exit").is_visible(), path
        for selector in ("header.md-header", ".md-sidebar--primary", ".hub-search", "footer.md-footer", "link[rel=manifest]"):
            assert page.locator(selector).count() == 0, f"{path} has {selector}"
        assert page.locator("head base[target=_top]").count() == 1
