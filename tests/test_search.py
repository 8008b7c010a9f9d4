"""The search index, built by Pagefind's service from pages handed to it one by one."""

from __future__ import annotations

import gzip
import json

import pytest

from hub.search import SearchIndex, SearchIndexError

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>Site navigation words</nav>
<main data-pagefind-body><h1>{title}</h1><p>{text}</p>
<span data-pagefind-filter="type:Service"></span>
<ul data-pagefind-ignore><li>a card that repeats another page</li></ul></main></body></html>"""


def fragments(site) -> dict:
    found = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data
    return found


def test_pages_handed_over_one_by_one_are_all_in_the_index(tmp_path):
    with SearchIndex() as index:
        index.add("/services/childline/", PAGE.format(title="Childline", text="Call 0800 1111 any time."))
        index.add("/services/nspcc-helpline/", PAGE.format(title="NSPCC Helpline", text="For adults worried about a child."))
        assert index.write(tmp_path) == 2
    found = fragments(tmp_path)
    assert set(found) == {"/services/childline/", "/services/nspcc-helpline/"}
    childline = found["/services/childline/"]
    assert "0800 1111" in childline["content"] and childline["filters"] == {"type": ["Service"]}
    assert "navigation" not in childline["content"], "only the page's data-pagefind-body is indexed"
    assert "repeats another page" not in childline["content"], "data-pagefind-ignore is left out"
    assert (tmp_path / "pagefind" / "pagefind.js").is_file() and (tmp_path / "pagefind" / "pagefind-entry.json").is_file()


def test_an_index_that_stops_part_way_is_an_error_not_a_silent_gap(tmp_path):
    with pytest.raises(SearchIndexError, match="Pagefind stopped"):
        with SearchIndex() as index:
            index.add("/a/", PAGE.format(title="A", text="first"))
            index._process.kill()
            index._process.wait()
            for _ in range(50):  # the pipe takes a little before it breaks
                index.add("/b/", PAGE.format(title="B", text="second " * 1000))
            index.write(tmp_path)
