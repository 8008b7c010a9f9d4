"""Nothing leaves the local server: no third-party requests, fonts or scripts."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

FORBIDDEN = ("fonts.googleapis", "fonts.gstatic")


def _foreign_scripts(html: str, origin_host: str) -> list[str]:
    """<script src> values that name another host (relative ones are local)."""
    foreign = []
    for src in re.findall(r"<script\b[^>]*\bsrc\s*=\s*[\"']?([^\"'\s>]+)", html, flags=re.I):
        host = urlsplit(src if not src.startswith("//") else "http:" + src).netloc
        if host and host != origin_host:
            foreign.append(src)
    return foreign


def test_key_pages_request_only_the_local_server(key_page, engine_url, open_browser):
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(engine_url))
    session = open_browser(1280, site=engine_url)
    response = session.open_key_page(key_page, wait_until="networkidle")
    session.page.wait_for_load_state("networkidle")
    foreign = [url for url in session.requests if not url.startswith(origin) and not url.startswith("data:")]
    assert not foreign, f"{key_page[0]} requested outside {origin}:\n" + "\n".join(foreign)
    assert session.requests, "no requests were recorded"

    host = urlsplit(origin).netloc
    for label, html in (("served HTML", response.text()), ("live DOM", session.page.content())):
        for word in FORBIDDEN:
            assert word not in html, f"{key_page[0]}: {label} mentions {word}"
        assert not _foreign_scripts(html, host), f"{key_page[0]}: {label} loads scripts from another host: {_foreign_scripts(html, host)}"


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_no_built_page_mentions_third_party_fonts_or_scripts(engine, request):
    site = request.getfixturevalue("built_site" if engine == "mkdocs" else "zensical_site")
    problems = []
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8", errors="replace")
        problems += [f"{path.relative_to(site)}: {word}" for word in FORBIDDEN if word in html]
        problems += [f"{path.relative_to(site)}: <script src={src}>" for src in _foreign_scripts(html, "127.0.0.1")]
    assert not problems, "\n".join(problems)
