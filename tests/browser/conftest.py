"""Browser fixtures: the site built once, served under /hub/ on loopback, and
one headless Debian Chromium shared by every test.

Nothing here reaches the internet: the site is served from 127.0.0.1 and the
browser is the system's /usr/bin/chromium (never downloaded).
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from hub.build.build import build_site
from hub.records.settings import load_settings
from tests.conftest import copy_site_sources
from tests.fixtures.demo_training import demo_training_yaml

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PREFIX = "/hub/"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"


def _first_id(name: str) -> str:
    records = yaml.safe_load((REPO / "data" / f"{name}.yaml").read_text(encoding="utf-8"))
    return next(iter(records.values()))[0]["id"]


# The pages every accessibility and privacy test visits: (test id, path under /hub/).
# "search-open" is the home page with the header search showing results.
KEY_PAGES = [
    ("home", ""),
    ("directory-leeds", "services/?district=leeds"),
    ("service", "services/childline/"),
    ("resource", f"resources/{_first_id('resources')}/"),
    ("campaign", f"campaigns/{_first_id('campaigns')}/"),
    ("training", "training/"),
    ("course", f"training/{_first_id('training')}/"),
    ("district", "districts/leeds/"),
    ("support-map", "support-map/"),
    ("support-map-group", "support-map/children-13-to-17/"),
    ("standard", "quality-standards/qs1/"),
    ("alliance", "alliance/"),
    ("champions", "champions/"),
    ("fields", "contribute/fields/services/"),
    ("resource-library", "resources/"),
    ("search-page", "search/?q=sextortion"),
    ("whats-new", "whats-new/"),
    ("staying-safe", "staying-safe/"),
    ("reflect", "reflect/"),
    ("reflect-practitioner", "reflect/practitioner/"),
    ("reflect-organisation", "reflect/organisation/"),
    ("reflect-told-us", "alliance/reflection/"),
    ("recommendations", "recommendations/"),
    ("my-list", "my-list/?ids=childline,nspcc-helpline,thinkuknow"),
    ("put-this-on-your-website", "embed/"),
    ("not-kept", "offline/?page=services/childline/"),
    ("search-open", ""),
    ("young-start", "young-people/"),
    ("young-route", "young-people/threatened/"),
    ("young-route-age", "young-people/bullying/under-13/"),
    ("young-staying-safe", "young-people/staying-safe/"),
    ("young-you-said", "young-people/you-said-we-did/"),
    ("young-pack", "young-people/co-production-pack/"),
]
SEARCH_TERM = "sextortion"


def pytest_generate_tests(metafunc):
    if "key_page" in metafunc.fixturenames:
        metafunc.parametrize("key_page", KEY_PAGES, ids=[name for name, _ in KEY_PAGES])


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site only under /hub/; anything else is a 404, so a
    link that escapes the sub-path fails loudly."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
    }

    def translate_path(self, path):
        route = urlsplit(path).path
        return super().translate_path("/" + route[len(PREFIX):])

    def send_head(self):
        route = urlsplit(self.path).path
        if route == PREFIX.rstrip("/"):  # /hub -> /hub/, like any web server
            self.send_response(301)
            self.send_header("Location", PREFIX)
            self.end_headers()
            return None
        if not route.startswith(PREFIX):
            self.send_error(404, "Not under " + PREFIX)
            return None
        return super().send_head()

    def log_message(self, format, *args):  # keep pytest output quiet
        pass


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole site, built once per session with the real build."""
    out = tmp_path_factory.mktemp("hub-build") / "site"
    messages: list[str] = []
    ok = build_site(REPO, out=out, log=messages.append)
    assert ok, "hub build failed:\n" + "\n".join(messages)
    return out


@contextlib.contextmanager
def serve(folder: Path, port: int = 0, host: str = "127.0.0.1"):
    """Serve `folder` at http://HOST:PORT/hub/ until the block ends (any free port unless
    `port` is given: the same port again is the same origin); yields that address."""
    handler = functools.partial(_SubPathHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer((host, port), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="hub-test-server", daemon=True)
    thread.start()
    port = httpd.server_address[1]
    try:
        yield f"http://{host}:{port}{PREFIX}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def server(built_site):
    """The repository's own site served at http://127.0.0.1:PORT/hub/."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def zensical_server(zensical_site):
    """The repository's own site as Zensical builds it (tests/conftest.py), served the same way."""
    with serve(zensical_site) as url:
        yield url


# The site engines whose builds the accessibility, privacy and search tests visit.
ENGINES = ("mkdocs", "zensical")


@pytest.fixture(scope="session", params=ENGINES)
def engine_url(request) -> str:
    """The repository's site built by each engine in turn, served under /hub/ (tests/build/test_engines.py
    shows their articles are the same; these tests check what the themes add around them)."""
    return request.getfixturevalue("server" if request.param == "mkdocs" else "zensical_server")


@pytest.fixture(scope="session")
def demo_training_url(tmp_path_factory):
    """The repository's site with DEMO dated training sessions (relative to today), built now and served."""
    root = copy_site_sources(tmp_path_factory.mktemp("demo-training") / "hub")
    (root / "data" / "training.yaml").write_text(demo_training_yaml(datetime.date.today()), encoding="utf-8")
    out = root.parent / "site"
    messages: list[str] = []
    assert build_site(root, out=out, log=messages.append), "\n".join(messages)
    with serve(out) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(server) -> str:
    return server


@pytest.fixture(scope="session")
def origin(base_url) -> str:
    """http://127.0.0.1:PORT/ : the only origin pages may request from."""
    parts = urlsplit(base_url)
    return f"{parts.scheme}://{parts.netloc}/"


@pytest.fixture(scope="session")
def exit_url() -> str:
    return load_settings(REPO)["exit_url"]


@pytest.fixture(scope="session")
def chromium():
    """One headless Debian Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
                    "(apt-get install chromium); they never download a browser.", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class Session:
    """A fresh browser context with every request it makes recorded."""

    def __init__(self, browser, base_url, width):
        self.base_url = base_url
        self.requests: list[str] = []
        self.context = browser.new_context(viewport={"width": width, "height": 800}, service_workers="block")
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)

    def goto(self, path: str = "", wait_until: str = "load"):
        """Open `path` relative to the site root (the privacy tests wait until the network is quiet)."""
        response = self.page.goto(self.base_url + path, wait_until=wait_until)
        assert response is not None and response.status == 200, f"{path!r} -> {response and response.status}"
        return response

    def open_search(self, term: str = SEARCH_TERM):
        """Type into the header search and wait until its results are listed."""
        box = self.page.locator("#hub-search-input")
        box.click()
        box.press_sequentially(term, delay=20)
        # Results for a partly typed word can arrive first: wait for the whole term's.
        self.page.locator("#hub-search-panel [data-hub-search-status]").filter(has_text=f"for \u201c{term}\u201d").wait_for()
        self.page.locator("#hub-search-panel [data-hub-search-results] li a").first.wait_for(state="visible")

    def open_key_page(self, key_page, wait_until: str = "load"):
        name, path = key_page
        response = self.goto(path, wait_until)
        if name == "search-open":
            self.open_search()
        if "district=" in path:
            self.page.locator("[data-hub-count]").filter(has_text="Showing").first.wait_for()
        if name == "my-list":
            self.page.locator("[data-hub-list-items] > li").first.wait_for()
        return response

    def close(self):
        self.context.close()


@pytest.fixture
def open_browser(chromium, base_url):
    """open_browser(width=1280, site=None) -> Session on the repository's site (or the one served at
    `site`); every context is closed after the test."""
    sessions: list[Session] = []

    def open_(width: int = 1280, site: str | None = None) -> Session:
        session = Session(chromium, site or base_url, width)
        sessions.append(session)
        return session

    yield open_
    for session in sessions:
        session.close()


@pytest.fixture
def session(open_browser) -> Session:
    return open_browser(1280)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


# ---------------------------------------------------------------------------
# axe-core, from axe-playwright-python's bundled copy (no network)
# ---------------------------------------------------------------------------

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="session")
def axe_script() -> Path:
    import axe_playwright_python

    path = Path(axe_playwright_python.__file__).parent / "axe.min.js"
    assert path.is_file(), f"axe.min.js not found at {path}"
    return path


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}  [{v.get('helpUrl', '')}]")
        for node in v["nodes"]:
            lines.append(f"    target: {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def run_axe(axe_script):
    """run_axe(page) -> list of violations for the WCAG 2.0/2.1/2.2 A and AA tags."""

    def run(page) -> list[dict]:
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(axe_script))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS,
        )
        return result["violations"]

    return run


@pytest.fixture(scope="session")
def assert_accessible(run_axe):
    """assert_accessible(page, label): fail listing each violation's id, help and target nodes."""

    def check(page, label: str) -> None:
        violations = run_axe(page)
        if violations:
            report = format_violations(violations)
            print(f"\naxe violations on {label} ({page.url}):\n{report}")
            pytest.fail(f"{len(violations)} axe violation(s) on {label} ({page.url}):\n{report}", pytrace=False)

    return check
