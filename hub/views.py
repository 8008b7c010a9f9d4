"""What pages, the feed and the exports show beside each record: a view.

A view is a plain dict: the record itself, its record type, the names of
its vocabulary terms, where it applies, its addresses, its review state and
where to suggest a change. Templates, the feed, the JSON-LD and the exports
all read views, so each of those facts is worked out once.
"""

from __future__ import annotations

import datetime

from hub.dates import review_due
from hub.kinds import RECORD_TYPES, covered_districts
from hub.records import Hub
from hub.sessions import LONDON, sessions_of
from hub.settings import repository_line_url

# Files that records point to (under resources/) are published here in the site.
FILES_FOLDER = "files"


def record_views(hub: Hub, settings: dict, now: datetime.datetime | None = None) -> dict[str, list[dict]]:
    """Every record's view, by record-type key, in file order, as of `now` (default: this moment)."""
    now = now or datetime.datetime.now(LONDON)
    district_ids = list(hub.names["districts"])
    views: dict[str, list[dict]] = {}
    for record_type in RECORD_TYPES:
        views[record_type.key] = [_view(hub, settings, record_type, index, record, district_ids, now)
                                  for index, record in enumerate(hub.records(record_type.key))]
    return views


def _view(hub: Hub, settings: dict, record_type, index: int, record: dict, district_ids: list[str], now: datetime.datetime) -> dict:
    due = review_due(datetime.date.fromisoformat(record["last_reviewed"]), settings["review_interval_months"])
    sessions = sessions_of(record)
    return {
        "kind": record_type.key,
        "type": record_type,
        "record": record,
        "title": record_type.title(record),
        "path": record_type.page_path(record["id"]),
        "url": record_type.url(record["id"]),
        "names": hub.names,
        "area": hub.area_text(record),
        "district_ids": covered_districts(record, district_ids),
        "overdue": due < now.date(),
        "review_due": due.isoformat(),
        "edit_url": repository_line_url(settings, record_type.file, hub.line_of(record_type.key, index)),
        # Dated sessions (training): what is still to come when the site is built, and what has ended.
        "upcoming": [session for session in sessions if not session.has_ended(now)],
        "past": [session for session in sessions if session.has_ended(now)],
    }


def upcoming_sessions(views: list[dict]) -> list[tuple]:
    """(session, course view) for every session still to come, soonest first."""
    pairs = [(session, view) for view in views for session in view["upcoming"]]
    return sorted(pairs, key=lambda pair: (pair[0].start, pair[1]["title"]))


def published_file(path: str) -> str:
    """Where a repository file such as 'resources/posters/a.pdf' is in the site: 'files/posters/a.pdf'."""
    return f"{FILES_FOLDER}/{path.removeprefix('resources/')}"


def page_url(settings: dict, path: str) -> str:
    """The absolute address of a site path such as 'services/childline/' (relative if no site_url is set)."""
    base = (settings.get("site_url") or "").rstrip("/")
    return f"{base}/{path}" if base else path


def web_address(contact: dict) -> str:
    """A service's main web address: its own page, else where to report, else its live chat."""
    return contact.get("website") or contact.get("reporting_url") or contact.get("webchat_url") or ""


def drop_empty(data: dict) -> dict:
    """Leave out optional fields that have nothing in them (never null or [])."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}
