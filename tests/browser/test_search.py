"""Search finds what people type: for every topic and way in (its name and
each synonym in vocabularies.yaml), every record tagged with it is among
Pagefind's results, asked for in full, in Chromium, from the built index
(whichever engine built the site); and a large site's index, written in parts, finds the same through the search page."""

from __future__ import annotations

import gzip
import json
import re

import pytest

from hub.build.build import build_site
from hub.records.kinds import RECORD_TYPES
from hub.records.loader import load
from tests.browser.conftest import PREFIX, REPO, serve

pytestmark = pytest.mark.browser

DATA = load(REPO)
# (vocabulary, the record field that holds its ids)
TAGGED_BY = (("topics", "topics"), ("access_routes", "access"))


def _searches():
    """(vocabulary, term id, search words, the record pages tagged with the term)."""
    for vocabulary, field in TAGGED_BY:
        for term in DATA.vocab[vocabulary]:
            tagged = sorted(f"{PREFIX}{record_type.url(record['id'])}" for record_type in RECORD_TYPES
                            for record in DATA.records(record_type.key) if term["id"] in record.get(field, []))
            for words in [term["name"], *term.get("synonyms", [])]:
                yield vocabulary, term["id"], words, tagged


SEARCHES = list(_searches())


def pagefind_results(chromium, base_url, terms) -> dict[str, list[str]]:
    """Each term's full result list (page addresses), from one page using Pagefind's own API on one index."""
    context = chromium.new_context(service_workers="block")
    page = context.new_page()
    page.goto(base_url)
    found = page.evaluate("""async ([base, terms]) => {
        const pagefind = await import(base + "pagefind/pagefind.js");
        await pagefind.options({baseUrl: new URL(base).pathname});
        const out = {};
        for (const term of terms) {
            const search = await pagefind.search(term);
            const pages = await Promise.all(search.results.map(result => result.data()));
            out[term] = pages.map(data => data.url);
        }
        return out;
    }""", [base_url, terms])
    context.close()
    return found


@pytest.fixture(scope="module")
def results(chromium, engine_url) -> dict[str, list[str]]:
    """Every search's full result list, from the site as each engine built it."""
    return pagefind_results(chromium, engine_url, sorted({words for _, _, words, _ in SEARCHES}))


def test_the_vocabularies_give_the_words_people_type():
    searched = {words.lower() for _, _, words, _ in SEARCHES}
    assert {"sextortion", "nudes", "grooming", "image removal", "report", "helpline"} <= searched


@pytest.mark.parametrize("vocabulary, term_id, words, tagged", SEARCHES,
                         ids=[f"{term_id}:{words}" for _, term_id, words, _ in SEARCHES])
def test_every_tagged_record_is_found(results, vocabulary, term_id, words, tagged):
    assert tagged, f"nothing is tagged with {vocabulary} '{term_id}': the check would prove nothing"
    missing = [url for url in tagged if url not in results[words]]
    assert not missing, f"searching {words!r} ({len(results[words])} results) misses records tagged '{term_id}': {missing}"


# ---------------------------------------------------------------------------
# An index in parts (a large site's) searched through the hub's search page
# ---------------------------------------------------------------------------

PART_PAGES = 20  # the real site's pages make several parts at this size
PARTED_TERMS = ["sextortion", "email", "grooming", "nudes", "Wakefield"]


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory):
    """The repository's site built with its search index in parts of PART_PAGES pages, served."""
    out = tmp_path_factory.mktemp("search-parts") / "site"
    messages: list[str] = []
    assert build_site(REPO, out=out, log=messages.append, search_part_pages=PART_PAGES), "\n".join(messages)
    with serve(out) as url:
        yield out, url


def _part_of_each_page(site) -> dict[str, str]:
    """Page address (under the prefix) -> the part of the index that holds it."""
    parts = ["pagefind/"] + json.loads((site / "pagefind" / "parts.json").read_text())["parts"]
    found = {}
    for part in parts:
        for path in (site / part / "fragment").glob("*.pf_fragment"):
            fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
            found[PREFIX.rstrip("/") + fragment["url"]] = part
    return found


def test_an_index_in_parts_finds_everything_the_whole_index_finds(parted_site, chromium, base_url, open_browser):
    site, parted_url = parted_site
    where = _part_of_each_page(site)
    assert len(set(where.values())) >= 3, f"the index was not written in parts: {sorted(set(where.values()))}"
    whole = pagefind_results(chromium, base_url, PARTED_TERMS)
    browser = open_browser(1280, site=parted_url)
    for term in PARTED_TERMS:
        assert len({where[url] for url in whole[term]}) > 1, f"{term!r}: its pages all in one part would prove no merging"
        browser.goto(f"search/?q={term}")
        status = browser.page.locator(".hub-page [data-hub-search-status]").filter(has_text=f"for \u201c{term}\u201d")
        status.wait_for()
        count = int(re.match(r"(\d+) results? for", status.inner_text()).group(1))
        shown = browser.page.locator(".hub-page [data-hub-search-results] li > a").evaluate_all(
            "links => links.map(a => new URL(a.href).pathname)")
        assert count <= 20 and len(shown) == count, f"{term!r}: pick a word with at most 20 results, to see them all"
        # A part without the exact word offers near words (Pagefind's own
        # fallback), so the parts can find a little more, never less.
        missing = sorted(set(whole[term]) - set(shown))
        assert not missing, f"{term!r}: the parts miss what one index finds: {missing}"
