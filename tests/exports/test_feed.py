"""What's new: the page and the Atom feed of the records most recently added or reviewed."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from hub.build.build import build_site
from hub.build.tree import PageTree, write_tree
from hub.exports.feed import LIMIT, feed_xml
from hub.records.kinds import BY_KEY
from hub.records.loader import load
from hub.records.settings import load_settings
from tests.conftest import REPO

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{ATOM}feed", "an Atom feed"
    return root


def entries(feed: ET.Element) -> list[dict]:
    out = []
    for entry in feed.findall(f"{ATOM}entry"):
        out.append({
            "title": entry.findtext(f"{ATOM}title"),
            "id": entry.findtext(f"{ATOM}id"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "updated": entry.findtext(f"{ATOM}updated"),
            "category": entry.find(f"{ATOM}category").get("term"),
        })
    return out


def test_the_built_site_has_an_atom_feed_of_the_latest_records(built_site):
    settings = load_settings(REPO)
    base = settings["site_url"] + "/"
    feed = parse((built_site / "feed.xml").read_bytes())
    assert feed.findtext(f"{ATOM}title").endswith("what's new")
    assert feed.findtext(f"{ATOM}id") == base + "feed.xml"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == base + "feed.xml"
    assert feed.find(f"{ATOM}author/{ATOM}name").text == settings["site_name"]

    data = load(REPO)
    total = sum(len(data.records(kind)) for kind in BY_KEY)
    listed = entries(feed)
    assert len(listed) == min(LIMIT, total)
    assert len({e["id"] for e in listed}) == len(listed)
    updated = [e["updated"] for e in listed]
    assert updated == sorted(updated, reverse=True), "newest first"
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    newest = max(r["last_reviewed"] for kind in BY_KEY for r in data.records(kind))
    assert updated[0] == f"{newest}T00:00:00Z"
    for entry in listed:
        assert re.fullmatch(rf"{re.escape(base)}(services|resources|campaigns)/[a-z0-9-]+/", entry["link"]), entry
        assert entry["id"] == entry["link"], "the page address is the entry's permanent id"
        page = built_site / entry["link"].removeprefix(base) / "index.html"
        assert page.is_file(), entry["link"]
        datetime.datetime.strptime(entry["updated"], "%Y-%m-%dT%H:%M:%SZ")


def test_the_whats_new_page_lists_the_same_records_and_links_the_feed(built_site):
    page = (built_site / "whats-new" / "index.html").read_text(encoding="utf-8")
    article = page[page.index('id="hub-main"'):]
    links = re.findall(r'<h2 class="hub-card__title"><a href="([^"]+)">', article)
    feed_links = [e["link"] for e in entries(parse((built_site / "feed.xml").read_bytes()))]
    base = load_settings(REPO)["site_url"] + "/"
    assert [urljoin(base + "whats-new/", link) for link in links] == feed_links
    assert 'href="../feed.xml"' in article
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="whats-new/"' in home, "What's new is in the navigation"


def test_the_newest_record_comes_first(data_root):
    # The fixture's courses were reviewed on 2026-11-01 and 2026-10-01, its services
    # on 2026-09-01 and 2026-06-01, the rest on 2026-06-01.
    hub = load(data_root, today=datetime.date(2026, 11, 25))
    settings = {**load_settings(data_root), "site_url": "https://hub.example.org/sub", "site_name": "Test hub"}
    listed = entries(parse(feed_xml(hub, settings)))
    assert [e["link"] for e in listed] == [
        "https://hub.example.org/sub/training/example-e-learning/",
        "https://hub.example.org/sub/training/example-workshop/",
        "https://hub.example.org/sub/services/example-district-service/",
        "https://hub.example.org/sub/services/example-helpline/",
        # Same day: services, resources, campaigns, and the record added last first.
        "https://hub.example.org/sub/resources/example-video/",
        "https://hub.example.org/sub/resources/example-guide/",
        "https://hub.example.org/sub/campaigns/example-campaign/",
    ]
    assert listed[0]["updated"] == "2026-11-01T00:00:00Z"
    assert [e["category"] for e in listed] == ["training", "training", "services", "services", "resources", "resources", "campaigns"]


def test_a_rebuilt_record_moves_to_the_top(site_sources, tmp_path):
    for name in BY_KEY:
        path = site_sources / "data" / f"{name}.yaml"
        path.write_text(re.sub(r"last_reviewed: \S+", "last_reviewed: 2026-01-01", path.read_text(encoding="utf-8")), encoding="utf-8")
    path = site_sources / "data" / "resources.yaml"
    text = path.read_text(encoding="utf-8")
    chosen = re.findall(r"^  - id: (\S+)", text, re.M)[3]
    start = text.index(f"  - id: {chosen}\n")
    end = text.index("last_reviewed: 2026-01-01", start)
    path.write_text(text[:end] + "last_reviewed: 2026-03-01" + text[end + len("last_reviewed: 2026-01-01"):], encoding="utf-8")

    assert build_site(site_sources, out=tmp_path / "site", log=lambda line: None)
    listed = entries(parse((tmp_path / "site" / "feed.xml").read_bytes()))
    assert listed[0]["link"].endswith(f"/resources/{chosen}/")
    assert listed[0]["updated"] == "2026-03-01T00:00:00Z"
    page = (tmp_path / "site" / "whats-new" / "index.html").read_text(encoding="utf-8")
    first = re.search(r'<h2 class="hub-card__title"><a href="([^"]+)">', page).group(1)
    assert first == f"../resources/{chosen}/"


def test_record_text_is_escaped_in_the_feed(data_root, replace_in):
    replace_in(data_root, "services", "name: Example Helpline", 'name: "</title><script>alert(1)</script> & more"')
    hub = load(data_root, today=datetime.date(2026, 11, 25))
    data = feed_xml(hub, {**load_settings(data_root), "site_url": "https://hub.example.org", "site_name": "Test hub"})
    assert b"<script>" not in data
    titles = [e["title"] for e in entries(parse(data))]
    assert "</title><script>alert(1)</script> & more" in titles


def test_without_a_site_url_there_is_no_feed_and_no_link_to_it(data_root, tmp_path):
    hub = load(data_root, today=datetime.date(2026, 11, 25))
    settings = {**load_settings(data_root), "site_url": ""}
    assert feed_xml(hub, settings) is None
    docs = tmp_path / "docs"
    docs.mkdir()
    tree = PageTree(tmp_path / "tree")
    write_tree(hub, settings, tree, docs)
    page = tree.body("whats-new/")
    assert "feed.xml" not in page
    assert "example-district-service" in page
