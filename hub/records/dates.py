"""Dates in records: reading them, and when a record is next due for review."""

from __future__ import annotations

import calendar
import datetime


def parse_date(value) -> datetime.date | None:
    """A YYYY-MM-DD text as a date, or None if it is not one (validation reports why)."""
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def review_due(reviewed: datetime.date, months: int) -> datetime.date:
    """The day a record reviewed on `reviewed` next needs a review: `months`
    later, on the same day of the month or the month's last day."""
    month = reviewed.month - 1 + months
    year, month = reviewed.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(reviewed.day, calendar.monthrange(year, month)[1]))
