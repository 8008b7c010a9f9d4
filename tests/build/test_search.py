"""The search index, built by Pagefind's service from pages handed to it one by one,
written in parts when the site is large."""

from __future__ import annotations

import gzip
import json

import pytest

from hub.build.search import Pagefind, SearchIndex, SearchIndexError

PAGE = """<!doctype html><html lang="en"><head><title>{title}</title></head><body>
<nav>Site navigation words</nav>
<main data-pagefind-body><h1>{title}</h1><p>{text}</p>
<span data-pagefind-filter="type:Service"></span>
<ul data-pagefind-ignore><li>a card that repeats another page</li></ul></main></body></html>"""


def fragments(site, folder: str = "pagefind") -> dict:
    found = {}
    for path in (site / folder / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data
    return found


def test_pages_handed_over_one_by_one_are_all_in_the_index(tmp_path):
    with SearchIndex(tmp_path, pages=2) as index:
        index.add("/services/childline/", PAGE.format(title="Childline", text="Call 0800 1111 any time."))
        index.add("/services/nspcc-helpline/", PAGE.format(title="NSPCC Helpline", text="For adults worried about a child."))
        assert index.write() == 2
    found = fragments(tmp_path)
    assert set(found) == {"/services/childline/", "/services/nspcc-helpline/"}
    childline = found["/services/childline/"]
    assert "0800 1111" in childline["content"] and childline["filters"] == {"type": ["Service"]}
    assert "navigation" not in childline["content"], "only the page's data-pagefind-body is indexed"
    assert "repeats another page" not in childline["content"], "data-pagefind-ignore is left out"
    assert (tmp_path / "pagefind" / "pagefind.js").is_file() and (tmp_path / "pagefind" / "pagefind-entry.json").is_file()
    assert json.loads((tmp_path / "pagefind" / "parts.json").read_text()) == {"parts": []}, "a small site's index is one part"


def test_a_large_index_is_written_in_equal_parts_each_page_in_exactly_one(tmp_path):
    urls = [f"/services/service-{number}/" for number in range(7)]
    with SearchIndex(tmp_path, pages=7, pages_per_part=3) as index:
        for number, url in enumerate(urls):
            index.add(url, PAGE.format(title=f"Service {number}", text=f"Word{number} and help"))
        assert index.write() == 7
    assert index.part_size == 3 and index.parts == ["pagefind/", "pagefind/parts/2/", "pagefind/parts/3/"]
    listed = json.loads((tmp_path / "pagefind" / "parts.json").read_text())["parts"]
    assert listed == ["pagefind/parts/2/", "pagefind/parts/3/"], "the browser merges the parts listed"
    in_parts = [set(fragments(tmp_path, folder)) for folder in index.parts]
    assert [len(part) for part in in_parts] == [3, 3, 1]
    assert set().union(*in_parts) == set(urls), "every page is in one part or another"
    for part in index.parts:  # every file whole: each entry file reads, each index file unpacks
        entry = json.loads((tmp_path / part / "pagefind-entry.json").read_text())
        assert entry["languages"], part
        for path in (tmp_path / part).rglob("*.pf_*"):
            assert gzip.decompress(path.read_bytes()), path


def test_parts_are_as_equal_as_the_page_count_allows(tmp_path):
    assert SearchIndex(tmp_path, pages=10_063, pages_per_part=2_500).part_size == 2_013  # five parts, not 4 x 2,500 + 63
    assert SearchIndex(tmp_path, pages=2_500, pages_per_part=2_500).part_size == 2_500
    assert SearchIndex(tmp_path, pages=78).part_size == 78


def test_an_index_that_stops_part_way_is_an_error_not_a_silent_gap(tmp_path):
    with pytest.raises(SearchIndexError, match="Pagefind stopped"):
        with SearchIndex(tmp_path, pages=51) as index:
            index.add("/a/", PAGE.format(title="A", text="first"))
            index._pagefind._process.kill()
            index._pagefind._process.wait()
            for _ in range(50):  # the pipe takes a little before it breaks
                index.add("/b/", PAGE.format(title="B", text="second " * 1000))
            index.write()


def test_a_page_pagefind_never_answered_for_is_an_error_not_a_silent_gap(tmp_path):
    with Pagefind() as pagefind:
        pagefind.add("/a/", PAGE.format(title="A", text="first"))
        pagefind.sent += 1  # as if a second page had gone and Pagefind had said nothing of it
        with pytest.raises(SearchIndexError, match="Pagefind indexed 1 of the 2 pages sent"):
            pagefind.write(tmp_path)
