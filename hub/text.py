"""Plain-language pieces the pages, exports and reports share: dates, ages,
counts, phone links and spreadsheet-safe cells."""

from __future__ import annotations

import datetime
import re

# Cells starting with these are read as formulas by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def long_date(value: str | datetime.date | None) -> str:
    """'2026-11-25' -> '25 November 2026' (GOV.UK style)."""
    if not value:
        return ""
    day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


def age_text(age_range: dict | None) -> str:
    """{'min': 0, 'max': 18} -> '0 to 18'; {'max': 18} -> 'up to 18'; {'min': 13} -> '13 and over'."""
    if not age_range:
        return ""
    low, high = age_range.get("min"), age_range.get("max")
    if low is not None and high is not None:
        return f"{low} to {high}"
    if high is not None:
        return f"up to {high}"
    return f"{low} and over"


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """plural(1, 'problem') -> '1 problem'; plural(2, 'problem') -> '2 problems'."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


def tel(number: str) -> str:
    """'0808 800 5000' -> 'tel:08088005000'."""
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def spreadsheet_text(value) -> str:
    """A CSV cell a spreadsheet shows as text: a leading apostrophe stops it running as a formula."""
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
