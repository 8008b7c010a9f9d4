"""The 404 page in a real browser, served the way a web server serves it: in
place of a missing page, at that page's address, and under a different
folder from the one site_url names (a staging copy, a moved site)."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

SITE_URL_PREFIX = "/hub/"  # the path of site_url in mkdocs.yml
OTHER_PREFIX = "/staging/online-safety/"


class _ErrorDocumentHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under `prefix` and answers every missing address with the
    site's 404.html (Apache's ErrorDocument, nginx's error_page): with status 404,
    or with 200 as servers set up for single-page apps do."""

    prefix = OTHER_PREFIX
    missing_status = 404
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript", ".css": "text/css"}

    def translate_path(self, path):
        route = urlsplit(path).path
        return super().translate_path("/" + route[len(self.prefix):]) if route.startswith(self.prefix) else "/nonexistent"

    def send_head(self):
        route = urlsplit(self.path).path
        path = Path(self.translate_path(self.path))
        if route.startswith(self.prefix) and (path.is_file() or (path / "index.html").is_file()):
            return super().send_head()
        page = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(self.missing_status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        return _Body(page)

    def log_message(self, format, *args):
        pass


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(built_site, prefix: str, missing_status: int):
    handler = functools.partial(type("Handler", (_ErrorDocumentHandler,), {"prefix": prefix, "missing_status": missing_status}),
                                directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}{prefix}"


@pytest.fixture(scope="module", params=[(OTHER_PREFIX, 404), (OTHER_PREFIX, 200), (SITE_URL_PREFIX, 404)],
                ids=["elsewhere", "elsewhere-spa-server", "at-site-url"])
def served(built_site, request):
    httpd, base = serve(built_site, *request.param)
    try:
        yield base, *request.param
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("missing", ["services/a-service-that-moved/", "no/such/page/at/all/", "typo"])
def test_the_404_page_loads_its_styles_and_scripts_and_links_home_at_any_address(chromium, served, missing, assert_accessible):
    base, prefix, missing_status = served
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    try:
        page = context.new_page()
        failed: list[str] = []
        page.on("response", lambda response: failed.append(response.url) if response.status >= 400 and response.url != base + missing else None)
        page.on("requestfailed", lambda request: failed.append(request.url))
        response = page.goto(base + missing, wait_until="networkidle")
        assert response.status == missing_status
        assert page.locator("h1").inner_text() == "Page not found"

        # Material's style sheet applied, the hub's own style sheet and script loaded.
        sheets = page.evaluate("Array.from(document.styleSheets).map(s => s.href || '')")
        assert any(urlsplit(s).path.startswith(prefix + "assets/stylesheets/main.") for s in sheets), sheets
        assert any(urlsplit(s).path == prefix + "assets/hub.css" for s in sheets), sheets
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert page.evaluate("document.querySelector('.hub-exit').getBoundingClientRect().width") > 0
        scripts = [urlsplit(src).path for src in page.evaluate("Array.from(document.scripts).map(s => s.src).filter(Boolean)")]
        assert prefix + "assets/hub.js" in scripts, scripts
        assert any(path.startswith(prefix + "assets/javascripts/bundle.") for path in scripts), scripts
        # Only the script's probes fail (and, away from site_url's path, the browser's early guesses there).
        guesses = SITE_URL_PREFIX if prefix != SITE_URL_PREFIX else None
        unexpected = [url for url in failed if not url.endswith("/assets/hub.css")
                      and not (guesses and urlsplit(url).path.startswith(guesses))]
        assert not unexpected, f"requests that failed: {failed}"

        assert_accessible(page, f"the 404 page at {missing}")

        # The header search submits to this site's search page.
        assert urlsplit(page.locator("form.hub-search").evaluate("f => f.action")).path == prefix + "search/"

        # The home link goes to the site's home page, wherever it is served.
        page.locator("[data-hub-home]").click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == prefix
        assert page.locator("h1").first.is_visible()
        assert page.title().startswith("West Yorkshire Online Safety Resource Hub")
    finally:
        context.close()
