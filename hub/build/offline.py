"""The offline copy and the installable app: what a build adds so a person can
keep the hub on their device, and install it, when they ask to.

Nothing here runs in a visitor's browser unless they tick "Keep this hub on
this device" (docs/assets/offline.js): only then is the service worker
registered, and only then does anything go into Cache Storage. This module
writes, into the finished site:

- the app icons, drawn from the site's mark (hub/build/icons.py), and the Web
  App Manifest that names them;
- offline/files.json, what the copy keeps up front, and offline/build.json,
  this build's version and date (the page reads it to say when the kept copy
  was published, and as Pagefind's metaCacheTag, so the index's entry files can be kept);
- offline-worker.js at the site's root (its scope is the whole site), the
  worker from hub/build/offline-worker.js with this build's version in it.

The version is a digest of every file the copy may hold, so a build that
changes nothing keeps the same version (no one downloads it again), and any
change makes a new worker, which the browser picks up on the next visit
online.

What is kept up front: the whole site while it stays under WHOLE_SITE_BYTES.
Beyond that, the pages every visit may need (the home page, every list and
help page at the top of the site, the district pages, the self-reflection
tool, My list with its data), the search index and the files pages load;
record pages, standards and the like are kept as they are visited. Open
data, calendars, the feed and Pagefind's unused interfaces are never kept up
front (fetched once, they are kept like any visited file).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from pathlib import Path

from hub.build.icons import MARK, icon, read_mark
from hub.build.search import SEARCH_FOLDER
from hub.site.handover import LIST_DATA
from hub.site.pages import NOT_KEPT_PAGE, site_path

WORKER = "offline-worker.js"
WORKER_SOURCE = Path(__file__).with_name("offline-worker.js")
FOLDER = site_path(NOT_KEPT_PAGE)  # "offline/": the page for what is not kept, and the copy's lists
FILE_LIST = f"{FOLDER}files.json"
BUILD_FILE = f"{FOLDER}build.json"
MANIFEST = "manifest.webmanifest"
ICONS = {192: "assets/icons/icon-192.png", 512: "assets/icons/icon-512.png"}

# Stored bytes (Cache Storage keeps files as served, uncompressed); what goes
# over the network is several times less when the host compresses HTML.
WHOLE_SITE_BYTES = 50_000_000

# Pages under these folders are kept up front at any size, with every page
# at the top of the site (the lists and help pages).
CORE_FOLDERS = ("districts/", "reflect/")
# Files a page loads: the theme, the hub's scripts, icons, search.
ASSET_FOLDERS = ("assets/",)
PAGEFIND = f"{SEARCH_FOLDER}/"
PAGEFIND_ENTRY = "pagefind-entry.json"
# Pagefind's ready-made interfaces: the hub searches with its own.
PAGEFIND_UNUSED = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
# Files pages read as data: My list's records.
DATA_FILES = (LIST_DATA,)
# Written by the build for other uses than reading the site: never kept up front.
NEVER_UP_FRONT = ("404.html", "sitemap.xml", "sitemap.xml.gz", "feed.xml", "openreferral/", "exports/")


def write_offline_copy(site: Path, docs: Path, settings: dict, built: datetime.datetime) -> dict:
    """Write the icons, manifest, lists and worker into the built `site`;
    returns what the copy keeps: {version, files, bytes, whole_site}."""
    site = Path(site)
    mark = (Path(docs) / MARK).read_text(encoding="utf-8")
    _write_app_files(site, mark, settings)
    kinds = kept_kinds(site)
    whole = [path for path, kind in kinds.items() if kind != "never"]
    whole_bytes = sum((site / path).stat().st_size for path in whole)
    whole_site = whole_bytes <= WHOLE_SITE_BYTES
    keep = whole if whole_site else [path for path, kind in kinds.items() if kind == "core"]
    version = _version(site, whole)
    kept = {"version": version, "files": len(keep) + 1, "whole_site": whole_site,
            "bytes": whole_bytes if whole_site else sum((site / path).stat().st_size for path in keep)}
    keep.append(BUILD_FILE)  # written below, from the version
    (site / FOLDER).mkdir(exist_ok=True)
    (site / FILE_LIST).write_text(json.dumps({"version": version, "keep": [_address(path, version) for path in keep]},
                                             separators=(",", ":")), encoding="utf-8")
    (site / BUILD_FILE).write_text(json.dumps({**kept, "built": built.isoformat(timespec="minutes")}, separators=(",", ":")), encoding="utf-8")
    (site / WORKER).write_text(worker_script(version), encoding="utf-8")
    return kept


def worker_script(version: str) -> str:
    """The worker, with this build's version and the copy's addresses filled in."""
    script = WORKER_SOURCE.read_text(encoding="utf-8")
    for name, value in (("VERSION", version), ("FILE_LIST", FILE_LIST), ("BUILD_FILE", BUILD_FILE), ("NOT_KEPT_PAGE", FOLDER)):
        placeholder = f'"@{name}@"'
        if script.count(placeholder) != 1:
            raise RuntimeError(f"{WORKER_SOURCE.name} must name {placeholder} once")
        script = script.replace(placeholder, json.dumps(value))
    return script


def _write_app_files(site: Path, mark: str, settings: dict) -> None:
    """The icons, from the mark, and the manifest naming them."""
    for size, path in ICONS.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(icon(mark, size))
    (site / MANIFEST).write_text(json.dumps(manifest(settings, theme_colour(mark)), indent=1, ensure_ascii=False), encoding="utf-8")


def theme_colour(mark: str) -> str:
    """The mark's first colour (its background): the app's colour."""
    _, _, shapes = read_mark(mark)
    return "#{:02x}{:02x}{:02x}".format(*shapes[0]["colour"])


def manifest(settings: dict, colour: str) -> dict:
    """The Web App Manifest. Addresses are relative to the manifest, at the
    site's root, so it works under any sub-path."""
    icons = [{"src": path, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"} for size, path in ICONS.items()]
    # The mark sits inside the central circle an icon mask keeps, on a full background.
    icons.append({**icons[-1], "purpose": "maskable"})
    return {
        "id": "./",
        "name": settings["site_name"],
        "short_name": settings["short_name"] or settings["site_name"],
        "description": "Support, guidance and resources on online child sexual abuse and digital harms.",
        "lang": "en-GB",
        "start_url": "./",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": colour,
        "icons": icons,
    }


def kept_kinds(site: Path) -> dict[str, str]:
    """Every file in the site (relative path) -> 'core' (kept up front at any
    size), 'other' (up front while the whole site is small, otherwise kept
    when visited) or 'never' (not kept up front)."""
    kinds = {}
    for path in sorted(site.rglob("*")):
        if path.is_file() and not path.is_symlink():
            relative = path.relative_to(site).as_posix()
            kinds[relative] = _kind(relative)
    return kinds


def _kind(path: str) -> str:
    if path.startswith(NEVER_UP_FRONT) or path.endswith((".ics", ".xml", ".gz")):
        return "never"
    if path in (WORKER, FILE_LIST, BUILD_FILE):
        return "never"  # written from the version (build.json is added to the list by hand)
    if path.startswith(PAGEFIND):
        return "never" if path.rsplit("/", 1)[-1].startswith(PAGEFIND_UNUSED) else "core"
    if path.startswith(ASSET_FOLDERS) or path in DATA_FILES or path == MANIFEST:
        return "core"
    if path.endswith(".html"):
        return "core" if path.count("/") <= 1 or path.startswith(CORE_FOLDERS) else "other"
    return "other"


def _version(site: Path, paths: list[str]) -> str:
    """A digest of every file the copy may hold, names and contents."""
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(paths):
        digest.update(path.encode("utf-8") + b"\0")
        with open(site / path, "rb") as file:
            digest.update(hashlib.file_digest(file, "blake2b").digest())
    return digest.hexdigest()


def _address(path: str, version: str) -> str:
    """The address a page or file is asked for by, relative to the site's root:
    'services/index.html' -> 'services/', 'index.html' -> './'. Pagefind asks
    for each index part's entry file with the metaCacheTag (the version)."""
    if path == "index.html":
        return "./"
    if path.endswith("/index.html"):
        return path.removesuffix("index.html")
    if path.endswith("/" + PAGEFIND_ENTRY) and path.startswith(PAGEFIND):
        return f"{path}?ts={version}"
    return path
