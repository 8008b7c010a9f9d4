"""Search finds what people type: for every topic and way in (its name and
each synonym in vocabularies.yaml), every record tagged with it is among
Pagefind's results, asked for in full, in Chromium, from the built index."""

from __future__ import annotations

import pytest

from hub.kinds import RECORD_TYPES
from hub.records import load
from tests.browser.conftest import PREFIX, REPO

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


@pytest.fixture(scope="module")
def results(chromium, base_url) -> dict[str, list[str]]:
    """Every search's full result list (page addresses), from one page using Pagefind's own API."""
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
    }""", [base_url, sorted({words for _, _, words, _ in SEARCHES})])
    context.close()
    return found


def test_the_vocabularies_give_the_words_people_type():
    searched = {words.lower() for _, _, words, _ in SEARCHES}
    assert {"sextortion", "nudes", "grooming", "image removal", "report", "helpline"} <= searched


@pytest.mark.parametrize("vocabulary, term_id, words, tagged", SEARCHES,
                         ids=[f"{term_id}:{words}" for _, term_id, words, _ in SEARCHES])
def test_every_tagged_record_is_found(results, vocabulary, term_id, words, tagged):
    assert tagged, f"nothing is tagged with {vocabulary} '{term_id}': the check would prove nothing"
    missing = [url for url in tagged if url not in results[words]]
    assert not missing, f"searching {words!r} ({len(results[words])} results) misses records tagged '{term_id}': {missing}"
