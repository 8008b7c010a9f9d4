"""`hub dist`: the built site zipped with a manifest, ready to serve under any sub-path."""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

import hub.build.build
import hub.build.dist
from hub.build.dist import DistError, make_dist
from hub.build.guard import MARKER
from hub.records.loader import load
from tests.conftest import PUBLISHED_CONTACT, PUBLISHED_SITE_URL, REPO, copy_site_sources, set_publish_settings

PREFIX = "/some/prefix/"


def git(root: Path, *args: str) -> str:
    command = ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=60).stdout.strip()


def hub_dist(root: Path, *args: str):
    result = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), "dist", *args],
                            capture_output=True, text=True, timeout=300, cwd=REPO)
    return result.returncode, result.stdout, result.stderr


@pytest.fixture(scope="module")
def packaged(tmp_path_factory):
    """A committed copy of the site sources, packaged by `hub dist` (which builds the missing site first)."""
    root = set_publish_settings(copy_site_sources(tmp_path_factory.mktemp("dist") / "hub"))
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "synthetic test commit")
    code, stdout, stderr = hub_dist(root)
    assert code == 0, stdout + stderr
    return root, stdout


@pytest.fixture(scope="module")
def served(packaged, tmp_path_factory):
    """The zip unpacked under /some/prefix/ of a local web server; yields its base URL."""
    root, _ = packaged
    www = tmp_path_factory.mktemp("www")
    with zipfile.ZipFile(next((root / "dist").glob("*.zip"))) as archive:
        archive.extractall(www / PREFIX.strip("/"))
    handler = functools.partial(_QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def fetch(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


# ----------------------------------------------------------------------------
# The zip and its manifest
# ----------------------------------------------------------------------------

def test_the_zip_is_named_by_date_and_commit_with_a_manifest_inside_and_beside(packaged):
    root, stdout = packaged
    commit = git(root, "rev-parse", "--short", "HEAD")
    zips = list((root / "dist").glob("*.zip"))
    assert [z.name for z in zips] == [f"hub-site-{datetime.date.today().isoformat()}-{commit}.zip"]
    beside = zips[0].with_name(zips[0].name.removesuffix(".zip") + ".manifest.json")
    assert beside.is_file()
    assert "hub dist: wrote" in stdout and zips[0].name in stdout

    with zipfile.ZipFile(zips[0]) as archive:
        names = archive.namelist()
        inside = json.loads(archive.read("manifest.json"))
    assert json.loads(beside.read_text(encoding="utf-8")) == inside
    assert "index.html" in names and "pagefind/pagefind.js" in names and "feed.xml" in names
    assert not [n for n in names if n.startswith(("/", "site/")) or ".." in n.split("/")], "paths relative to the site's top"
    assert len(names) == inside["files"]

    counts = load(root).counts()
    assert inside["records"] == counts and counts["services"] > 0
    assert inside["commit"] == commit and inside["commit_full"] == git(root, "rev-parse", "HEAD")
    assert inside["uncommitted_changes"] is False
    assert inside["generator"]["name"] == "scpb-hub" and re.fullmatch(r"\d+\.\d+\.\d+.*", inside["generator"]["version"])
    built = datetime.datetime.fromisoformat(inside["built_at"])
    assert built.tzinfo is not None and abs(datetime.datetime.now(datetime.timezone.utc) - built) < datetime.timedelta(hours=1)
    assert datetime.datetime.fromisoformat(inside["packaged_at"]) >= built


def test_the_unpacked_zip_serves_under_a_sub_path(packaged, served):
    root, _ = packaged
    service = load(root).records("services")[0]["id"]
    for path in ("", "index.html", f"services/{service}/", "pagefind/pagefind.js", "feed.xml", "whats-new/"):
        status, _ = fetch(served + path)
        assert status == 200, path


def test_every_internal_link_on_the_home_page_resolves_under_the_prefix(served):
    status, body = fetch(served)
    assert status == 200
    parser = _Links()
    parser.feed(body.decode("utf-8"))
    internal = [link for link in parser.links if not urlsplit(link).scheme and not link.startswith(("#", "//"))]
    assert len(internal) > 10
    for link in internal:
        url = urljoin(served, link)
        assert urlsplit(url).path.startswith(PREFIX), f"{link} leaves {PREFIX}"
        status, _ = fetch(url.split("#")[0])
        assert status == 200, link


def test_the_zip_holds_only_what_the_site_uses(packaged):
    root, _ = packaged
    with zipfile.ZipFile(next((root / "dist").glob("*.zip"))) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.endswith(".map")], "no source maps"
    assert not [n for n in names if "/lunr/" in n or "/workers/" in n], "no lunr search (the site uses Pagefind)"
    assert not [n for n in names if n.startswith("search/") and n != "search/index.html"], "search/ is only the search page"
    assert "assets/javascripts/bundle." in " ".join(names) and "pagefind/pagefind.js" in names
    assert (root / "site" / MARKER).is_file() and MARKER not in names, "the build's own mark stays out of the zip"
    for path in (root / "site").rglob("*"):
        assert not path.name.endswith(".map") and "lunr" not in path.parts, f"the build made {path}"


def test_the_manifest_carries_the_published_address(packaged):
    root, _ = packaged
    manifest = json.loads(next((root / "dist").glob("*.manifest.json")).read_text(encoding="utf-8"))
    assert manifest["site_url"] == PUBLISHED_SITE_URL.rstrip("/")


# ----------------------------------------------------------------------------
# Placeholder settings are never published
# ----------------------------------------------------------------------------

def test_the_shipped_placeholder_settings_are_refused_with_what_to_set(tmp_path):
    root = copy_site_sources(tmp_path / "hub")  # mkdocs.yml as the repository ships it
    code, stdout, stderr = hub_dist(root)
    assert code == 1
    assert stderr.startswith("hub dist failed: the site is not ready to publish; set these in mkdocs.yml first:"), stderr
    assert "site_url is 'https://example.org/hub', a placeholder (example.org is reserved for examples)" in stderr
    assert "e.g. site_url: https://" in stderr
    assert "contact_email under extra.hub is empty" in stderr
    assert not (root / "dist").exists() and not (root / "site").exists(), "refused before building anything"


@pytest.mark.parametrize("site_url", ["", "https://www.example.com/hub/", "https://hub.example.org/", "https://hub.test/", "hub.org.uk/online"])
def test_any_placeholder_site_url_is_refused(tmp_path, site_url):
    root = set_publish_settings(copy_site_sources(tmp_path / "hub"), site_url=site_url or '""')
    with pytest.raises(DistError, match="site_url") as refused:
        make_dist(root, build=False)
    assert "contact_email" not in str(refused.value), "only what is still missing"


def test_a_placeholder_contact_is_refused(tmp_path):
    root = set_publish_settings(copy_site_sources(tmp_path / "hub"), contact="help@example.org")
    with pytest.raises(DistError, match="contact_email is 'help@example.org', a placeholder"):
        make_dist(root, build=False)


# ----------------------------------------------------------------------------
# An out-of-date or missing site
# ----------------------------------------------------------------------------

def test_a_site_older_than_the_data_is_refused_with_no_build(packaged):
    root, _ = packaged
    data = root / "data" / "services.yaml"
    later = (root / "site" / "index.html").stat().st_mtime + 5
    os.utime(data, (later, later))
    try:
        code, stdout, stderr = hub_dist(root, "--no-build", "--out", "dist-refused")
        assert code == 1
        assert "hub dist failed: site/ is older than data/services.yaml; build it first with `make site`" in stderr
        assert not (root / "dist-refused").exists() or not list((root / "dist-refused").glob("*.zip"))
    finally:
        os.utime(data, (time.time() - 60, time.time() - 60))


def test_a_missing_site_is_built_first_or_refused(tmp_path, monkeypatch):
    root = set_publish_settings(copy_site_sources(tmp_path / "hub"))
    with pytest.raises(DistError, match="site/ is missing; build it first"):
        make_dist(root, build=False)
    loads = []

    def counted_load(*args, **kwargs):
        loads.append(args)
        return load(*args, **kwargs)

    monkeypatch.setattr(hub.build.dist, "load", counted_load)
    monkeypatch.setattr(hub.build.build, "load", counted_load)
    lines = []
    packaged = make_dist(root, log=lines.append)
    assert len(loads) == 1, "the data is read and checked once, for the manifest and the build"
    assert lines[0] == "hub dist: site/ is missing; building it first"
    assert (root / "site" / "index.html").is_file()
    assert packaged.zip.name.endswith("-unknown.zip"), "not a git repository: the commit is unknown"
    assert packaged.data["commit"] == "unknown"


def test_a_symbolic_link_in_the_site_is_refused(packaged, tmp_path):
    root, _ = packaged
    os.utime(root / "site" / "index.html")  # fresh, so only the link stands in the way
    link = root / "site" / "leak"
    link.symlink_to("/etc/hostname")
    try:
        with pytest.raises(DistError, match="site/leak is a symbolic link"):
            make_dist(root, out=tmp_path / "out", build=False)
    finally:
        link.unlink()
