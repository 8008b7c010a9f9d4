"""What the build writes for the offline copy and the app: the list of what
is kept up front, the version it is kept under, the worker with that version
in it, and the manifest with its icons."""

from __future__ import annotations

import datetime
import json
import shutil
from pathlib import Path

import pytest

from hub.build import offline
from hub.build.icons import MARK
from hub.records.sessions import LONDON
from tests.conftest import REPO

BUILT = datetime.datetime(2026, 12, 4, 9, 30, tzinfo=LONDON)
SETTINGS = {"site_name": "West Yorkshire Online Safety Resource Hub", "short_name": "Online safety hub"}


def listed(site: Path) -> list[str]:
    return json.loads((site / offline.FILE_LIST).read_text(encoding="utf-8"))["keep"]


def build_file(site: Path) -> dict:
    return json.loads((site / offline.BUILD_FILE).read_text(encoding="utf-8"))


def served_file(address: str) -> str:
    path = address.split("?")[0]
    return "index.html" if path == "./" else path + "index.html" if path.endswith("/") else path


# A small site of the shapes a build writes, each file a few bytes.
SITE_FILES = {
    "index.html": "home", "services/index.html": "directory", "services/childline/index.html": "a record",
    "districts/index.html": "districts", "districts/leeds/index.html": "Leeds", "reflect/practitioner/index.html": "tool",
    "quality-standards/qs1/index.html": "a standard", "search/index.html": "search", "my-list/index.html": "list",
    "my-list/records.json": "{}", "offline/index.html": "not kept", "embed/directory/leeds/index.html": "an embed",
    "assets/hub.js": "js", "assets/stylesheets/main.css": "css", "files/poster.pdf": "pdf",
    "pagefind/pagefind.js": "pf", "pagefind/pagefind-entry.json": "{}", "pagefind/parts.json": "{}", "pagefind/wasm.en.pagefind": "w",
    "pagefind/fragment/en_1.pf_fragment": "f", "pagefind/parts/2/pagefind-entry.json": "{}", "pagefind/parts/2/index/en_2.pf_index": "i",
    "pagefind/pagefind-ui.js": "ui", "pagefind/pagefind-component-ui.css": "ui",
    "openreferral/services/childline.json": "{}", "exports/services.csv": "csv", "feed.xml": "<feed/>", "training.ics": "ics",
    "training/demo/demo-1.ics": "ics", "sitemap.xml": "<urlset/>", "404.html": "not found",
}


@pytest.fixture
def small_site(tmp_path) -> Path:
    site = tmp_path / "site"
    for path, text in SITE_FILES.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, encoding="utf-8")
    return site


def write(site: Path) -> dict:
    return offline.write_offline_copy(site, REPO / "docs", SETTINGS, BUILT)


def test_a_small_site_is_kept_whole_but_never_its_open_data_feeds_or_unused_search_interfaces(small_site):
    kept = write(small_site)
    assert kept["whole_site"] is True
    files = {served_file(address) for address in listed(small_site)}
    assert {"services/childline/index.html", "quality-standards/qs1/index.html", "files/poster.pdf", "embed/directory/leeds/index.html",
            offline.MANIFEST, offline.BUILD_FILE, *offline.ICONS.values()} <= files
    never = {"openreferral/services/childline.json", "exports/services.csv", "feed.xml", "training.ics", "training/demo/demo-1.ics",
             "sitemap.xml", "404.html", "pagefind/pagefind-ui.js", "pagefind/pagefind-component-ui.css", offline.WORKER, offline.FILE_LIST}
    assert not files & never
    assert kept["files"] == len(listed(small_site))
    assert build_file(small_site) == {**kept, "built": "2026-12-04T09:30+00:00"}


def test_a_site_too_large_to_keep_whole_keeps_what_every_visit_needs_up_front(small_site, monkeypatch):
    monkeypatch.setattr(offline, "WHOLE_SITE_BYTES", 10)
    kept = write(small_site)
    version = kept["version"]
    assert kept["whole_site"] is False
    assert sorted(listed(small_site)) == sorted([
        "./", "services/", "districts/", "districts/leeds/", "reflect/practitioner/", "search/", "my-list/", "my-list/records.json",
        "offline/", "assets/hub.js", "assets/stylesheets/main.css", "assets/icons/icon-192.png", "assets/icons/icon-512.png",
        "pagefind/pagefind.js", f"pagefind/pagefind-entry.json?ts={version}", "pagefind/parts.json", "pagefind/wasm.en.pagefind",
        "pagefind/fragment/en_1.pf_fragment", f"pagefind/parts/2/pagefind-entry.json?ts={version}", "pagefind/parts/2/index/en_2.pf_index",
        offline.MANIFEST, offline.BUILD_FILE])
    # The bytes said are the bytes listed (the build file itself, written last, aside).
    assert kept["bytes"] == sum((small_site / served_file(a)).stat().st_size for a in listed(small_site) if a != offline.BUILD_FILE)


def test_the_version_changes_when_a_file_the_copy_may_hold_changes_and_only_then(small_site, tmp_path):
    first = write(small_site)["version"]
    again = tmp_path / "again"
    shutil.copytree(small_site, again)
    assert write(again)["version"] == first, "the same site, the same version: nobody downloads it again"
    (again / "feed.xml").write_text("<feed>new</feed>", encoding="utf-8")
    assert write(again)["version"] == first, "the feed is never in the copy"
    (again / "services" / "childline" / "index.html").write_text("a record, changed", encoding="utf-8")
    changed = write(again)["version"]
    assert changed != first
    worker = (again / offline.WORKER).read_text(encoding="utf-8")
    assert f'var VERSION = "{changed}";' in worker and '"@' not in worker


def test_the_manifest_names_the_app_its_start_and_its_icons(small_site):
    write(small_site)
    manifest = json.loads((small_site / offline.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["name"] == SETTINGS["site_name"] and manifest["short_name"] == "Online safety hub"
    assert manifest["start_url"] == manifest["scope"] == "./" and manifest["display"] == "standalone"
    mark = (REPO / "docs" / MARK).read_text(encoding="utf-8")
    assert manifest["theme_color"] == offline.theme_colour(mark) == "#4051b5"
    for icon in manifest["icons"]:
        png = (small_site / icon["src"]).read_bytes()
        assert png.startswith(b"\x89PNG") and icon["sizes"] == f"{int.from_bytes(png[16:20], 'big')}x{int.from_bytes(png[20:24], 'big')}"
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}


def test_the_repositorys_build_lists_files_that_exist_and_tags_every_index_part(built_site):
    build = build_file(built_site)
    addresses = listed(built_site)
    assert build["whole_site"] and build["files"] == len(addresses) and len(build["version"]) == 16
    missing = [a for a in addresses if not (built_site / served_file(a)).is_file()]
    assert not missing
    entries = [a for a in addresses if a.split("?")[0].endswith("pagefind-entry.json")]
    parts = json.loads((built_site / "pagefind" / "parts.json").read_text(encoding="utf-8"))["parts"]
    assert entries == [f"{folder}pagefind-entry.json?ts={build['version']}" for folder in ["pagefind/", *parts]]
    assert f'"{build["version"]}"' in (built_site / offline.WORKER).read_text(encoding="utf-8")
