"""What a browser fetches for the first search, measured in Chromium against the built site.

The site is served on loopback under /hub/ (the browser tests' server), the
home page opened, and a word typed into the header search; every response
from pagefind/ is counted until the results (hub.js loads the first 20) have
loaded and the network is quiet. Bytes are the response bodies as served
(uncompressed files: Pagefind's index files are gzipped already)."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve

# The word a first search looks for: on most service pages ("Children and young people").
SEARCH_WORD = "children"
KINDS = {".pf_index": "index", ".pf_fragment": "fragments", ".pf_filter": "filters"}


def first_search(site: Path, word: str = SEARCH_WORD) -> dict:
    """{'word', 'files', 'bytes', 'fixed_bytes', 'index_bytes', 'fragment_bytes', 'filter_bytes'} for one first search."""
    from playwright.sync_api import sync_playwright

    fetched: dict[str, int] = {}
    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page()
            page.goto(url)
            page.wait_for_load_state("networkidle")
            page.on("requestfinished", lambda request: _count(fetched, request))
            page.fill("#hub-search-input", word)
            page.wait_for_selector("[data-hub-search-results] li")
            page.wait_for_load_state("networkidle")
        finally:
            browser.close()
    by_kind = {"fixed": 0, "index": 0, "fragments": 0, "filters": 0}
    for address, size in fetched.items():
        by_kind[KINDS.get(Path(address).suffix, "fixed")] += size
    return {"word": word, "files": len(fetched), "bytes": sum(fetched.values()), "fixed_bytes": by_kind["fixed"],
            "index_bytes": by_kind["index"], "fragment_bytes": by_kind["fragments"], "filter_bytes": by_kind["filters"]}


def _count(fetched: dict, request) -> None:
    if "/pagefind/" in request.url:
        fetched[request.url] = request.sizes()["responseBodySize"]
