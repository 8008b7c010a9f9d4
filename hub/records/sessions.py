"""Dated training sessions: times in UK time, which are still to come, and how to say when.

Contributors write a session's start and end as UK wall-clock time
(`2027-03-04 09:30`), the way a booking page shows it. Here they become
aware datetimes in Europe/London, so the clock changes in March and October
are handled by the time zone database, never by hand.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
LOCAL_TIME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})[ T]([0-9]{2}):([0-9]{2})$")
# Sessions that ended longer ago than this are flagged for tidying away.
TIDY_AFTER_DAYS = 90


def parse_local(text) -> datetime.datetime | None:
    """'2027-03-04 09:30' -> a naive datetime, or None if it is not a real date and time."""
    match = LOCAL_TIME.match(text) if isinstance(text, str) else None
    if not match:
        return None
    day, hour, minute = match.groups()
    try:
        return datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(int(hour), int(minute)))
    except ValueError:
        return None


def exists_in_uk(naive: datetime.datetime) -> bool:
    """False for a wall-clock time skipped when the clocks go forward (e.g. 01:30 on the last Sunday of March)."""
    round_trip = naive.replace(tzinfo=LONDON).astimezone(datetime.timezone.utc).astimezone(LONDON)
    return round_trip.replace(tzinfo=None) == naive


def uk_time(naive: datetime.datetime) -> datetime.datetime:
    """A UK wall-clock time as an aware datetime (the first of the two when the clocks go back)."""
    return naive.replace(tzinfo=LONDON)


@dataclass(frozen=True)
class Session:
    course_id: str
    start: datetime.datetime  # aware, Europe/London
    end: datetime.datetime
    mode: str  # a training_modes id
    venue: str | None
    booking_url: str

    @property
    def stamp(self) -> str:
        """The start as '20270304T0930': names the session's calendar file and its UID."""
        return self.start.strftime("%Y%m%dT%H%M")

    @property
    def calendar_file(self) -> str:
        """Its calendar file, beside the course page: 'training/<course>/<stamp>.ics' in the site."""
        return f"{self.stamp}.ics"

    @property
    def month(self) -> str:
        """'2027-03': what the month filter matches."""
        return self.start.strftime("%Y-%m")

    def uid(self, host: str) -> str:
        """Stable across builds while the course id and start stay the same."""
        return f"{self.course_id}-{self.stamp}@{host}"

    def has_ended(self, now: datetime.datetime) -> bool:
        return self.end <= now


def sessions_of(record: dict) -> list[Session]:
    """A course's sessions, earliest first (a valid record: validation has checked every time)."""
    sessions = [
        Session(record["id"], uk_time(parse_local(s["start"])), uk_time(parse_local(s["end"])), s["mode"], s.get("venue"),
                s.get("booking_url") or record["url"])
        for s in record.get("sessions", [])
    ]
    return sorted(sessions, key=lambda session: session.start)


def month_name(month: str) -> str:
    """'2027-03' -> 'March 2027'."""
    return datetime.date.fromisoformat(f"{month}-01").strftime("%B %Y")


def time_text(moment: datetime.datetime) -> str:
    """GOV.UK style: '9:30am', '2pm', 'midday', 'midnight'."""
    if (moment.hour, moment.minute) == (12, 0):
        return "midday"
    if (moment.hour, moment.minute) == (0, 0):
        return "midnight"
    hour = moment.hour % 12 or 12
    minutes = f":{moment.minute:02d}" if moment.minute else ""
    return f"{hour}{minutes}{'am' if moment.hour < 12 else 'pm'}"


def day_text(moment: datetime.datetime) -> str:
    """'Thursday 4 March 2027'."""
    return f"{moment:%A} {moment.day} {moment:%B %Y}"


def when_text(session: Session) -> str:
    """'Thursday 4 March 2027, 9:30am to midday', or across days '… 9am to Friday 5 March 2027, 1pm'."""
    start, end = session.start, session.end
    if start.date() == end.date():
        return f"{day_text(start)}, {time_text(start)} to {time_text(end)}"
    return f"{day_text(start)}, {time_text(start)} to {day_text(end)}, {time_text(end)}"
