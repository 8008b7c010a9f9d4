"""iCalendar files for training sessions, written beside the built site.

- `training.ics`: every session still to come, one calendar people can
  subscribe to (it changes whenever the site is rebuilt);
- `training/<course>/<start>.ics`: one file per upcoming session, behind the
  "Add to calendar" links.

Times carry the Europe/London zone (with its VTIMEZONE), so calendar apps
place sessions right on either side of a clock change. Each event's UID is
made from the course id and the session's start, so it stays the same from
one build to the next and a re-subscribed calendar updates rather than
duplicates. The files are made with the icalendar library.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import icalendar

from hub.records.sessions import LONDON, Session
from hub.site.views import page_url, upcoming_sessions

SUBSCRIPTION_FILE = "training.ics"
_PRODID = "-//scpb-hub//training calendar//EN"


def calendar_host(settings: dict) -> str:
    """The right-hand side of every UID: the site's host, or a name that can be no one's domain."""
    return urlsplit(settings.get("site_url") or "").hostname or "scpb-hub.invalid"


def session_event(session: Session, item: dict, settings: dict) -> icalendar.Event:
    record = item["record"]
    event = icalendar.Event()
    event.add("uid", session.uid(calendar_host(settings)))
    # When the course's details were last checked: stable from one build to the next.
    event.add("dtstamp", datetime.datetime.combine(datetime.date.fromisoformat(record["last_reviewed"]), datetime.time(), datetime.timezone.utc))
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("summary", item["title"])
    event.add("location", session.venue or item["names"]["training_modes"][session.mode])
    event.add("url", session.booking_url)
    details = [f"{record['provider']}. {item['names']['training_levels'][record['level']]} level.", record["description"].strip(),
               f"Book: {session.booking_url}"]
    if settings.get("site_url"):
        details.append(f"More: {page_url(settings, item['url'])}")
    event.add("description", "\n\n".join(details))
    return event


def calendar(name: str, pairs: list[tuple[Session, dict]], settings: dict) -> icalendar.Calendar:
    """A calendar of the given (session, course view) pairs, with the time zones they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", _PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for session, item in pairs:
        cal.add_component(session_event(session, item, settings))
    # The zone's rules only for the years the sessions span, not 1970 to 2038.
    # A calendar with no sessions still carries the zone: RFC 5545 wants at least one component.
    first = min((session.start for session, _ in pairs), default=datetime.datetime.now(LONDON)).date()
    last = max((session.end for session, _ in pairs), default=datetime.datetime.now(LONDON)).date()
    span = {"first_date": datetime.date(first.year, 1, 1), "last_date": datetime.date(last.year + 1, 1, 1)}
    if pairs:
        cal.add_missing_timezones(**span)
    else:
        cal.add_component(icalendar.Timezone.from_tzid(LONDON.key, **span))
    return cal


def write_calendars(training_views: list[dict], settings: dict, site: Path) -> int:
    """Write training.ics and one file per upcoming session into `site`; returns the number of sessions."""
    site = Path(site)
    pairs = upcoming_sessions(training_views)
    name = f"{settings.get('site_name') or 'Resource hub'}: training and events"
    (site / SUBSCRIPTION_FILE).write_bytes(calendar(name, pairs, settings).to_ical())
    for session, item in pairs:
        folder = site / item["url"]
        folder.mkdir(parents=True, exist_ok=True)
        (folder / session.calendar_file).write_bytes(calendar(item["title"], [(session, item)], settings).to_ical())
    return len(pairs)
