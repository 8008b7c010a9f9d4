"""Review dates: a record is due `months` after its last review."""

from __future__ import annotations

import datetime

import pytest

from hub.records.dates import parse_date, review_due


@pytest.mark.parametrize("reviewed, months, due", [
    ("2026-01-15", 12, "2027-01-15"),
    ("2026-01-31", 1, "2026-02-28"),  # the month's last day when the day does not exist
    ("2027-01-31", 13, "2028-02-29"),  # leap year
    ("2026-11-30", 3, "2027-02-28"),
    ("2026-06-01", 0, "2026-06-01"),
])
def test_review_due(reviewed, months, due):
    assert review_due(datetime.date.fromisoformat(reviewed), months) == datetime.date.fromisoformat(due)


@pytest.mark.parametrize("value, expected", [
    ("2026-11-25", datetime.date(2026, 11, 25)),
    ("2026-02-30", None),
    ("25/11/2026", None),
    ("2026-1-5", None),
    (None, None),
    (20261125, None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected
