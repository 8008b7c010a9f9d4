"""What's new: the records most recently added or reviewed, as a page and an Atom feed.

Both list the same records, newest `last_reviewed` first. The page is one of
the generated pages (`hub.site.whatsnew`); the feed is written by the build straight
into the finished site, at `feed.xml`, with absolute links from `site_url`.

Record text goes into the feed through ElementTree, which escapes it: a
title such as `</title><script>` stays text.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

from hub.records.loader import Hub
from hub.site.views import record_views
from hub.site.whatsnew import LIMIT, latest, what_is_listed

FEED_FILE = "feed.xml"
ATOM = "http://www.w3.org/2005/Atom"


def feed_xml(hub: Hub, settings: dict, views: dict[str, list[dict]] | None = None, limit: int = LIMIT) -> bytes | None:
    """The Atom feed as bytes, or None when `site_url` is not set (a feed needs absolute links)."""
    base = settings.get("site_url", "").rstrip("/")
    if not base:
        return None
    items = latest(views if views is not None else record_views(hub, settings), limit)

    ET.register_namespace("", ATOM)
    feed = ET.Element(_q("feed"))
    _text(feed, "title", f"{settings['site_name']}: what's new")
    _text(feed, "subtitle", f"{what_is_listed()} most recently added or reviewed, newest first (the latest {limit}).")
    _text(feed, "id", f"{base}/{FEED_FILE}")
    ET.SubElement(feed, _q("link"), rel="self", type="application/atom+xml", href=f"{base}/{FEED_FILE}")
    ET.SubElement(feed, _q("link"), rel="alternate", type="text/html", href=f"{base}/whats-new/")
    newest = items[0]["record"]["last_reviewed"] if items else datetime.date.today().isoformat()
    _text(feed, "updated", _timestamp(newest))
    author = ET.SubElement(feed, _q("author"))
    _text(author, "name", settings["site_name"])
    _text(feed, "generator", "scpb-hub")

    for view in items:
        record, record_type = view["record"], view["type"]
        url = f"{base}/{view['url']}"
        entry = ET.SubElement(feed, _q("entry"))
        _text(entry, "title", view["title"])
        # The page address is the record's permanent id (ids never change once published).
        _text(entry, "id", url)
        ET.SubElement(entry, _q("link"), rel="alternate", type="text/html", href=url)
        _text(entry, "updated", _timestamp(record["last_reviewed"]))
        ET.SubElement(entry, _q("category"), term=record_type.key, label=record_type.label)
        summary = f"{record_type.label} · {view['area']} · last reviewed {record['last_reviewed']}"
        _text(entry, "summary", summary, type="text")

    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"



def write_feed(hub: Hub, settings: dict, site: Path, views: dict[str, list[dict]] | None = None, log=print) -> Path | None:
    """Write `site`/feed.xml; returns its path, or None if `site_url` is not set."""
    data = feed_xml(hub, settings, views)
    if data is None:
        log("hub build: no site_url in mkdocs.yml, so no feed.xml was written")
        return None
    path = Path(site) / FEED_FILE
    path.write_bytes(data)
    return path


def _q(tag: str) -> str:
    return f"{{{ATOM}}}{tag}"


def _text(parent: ET.Element, tag: str, text: str, **attributes) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), **attributes)
    element.text = text
    return element


def _timestamp(day: str) -> str:
    """'2026-11-25' -> '2026-11-25T00:00:00Z' (Atom needs a full date-time)."""
    return f"{datetime.date.fromisoformat(day).isoformat()}T00:00:00Z"
