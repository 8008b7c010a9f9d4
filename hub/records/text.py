"""Plain-language pieces the pages, exports and reports share: dates, ages,
counts, phone links and spreadsheet-safe CSV files."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

# Cells starting with these are read as formulas by spreadsheet programs.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Between the items of a list in one CSV cell or one line of text.
LIST_SEPARATOR = "; "


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


def write_csv(path: Path, rows: list[dict], columns: list[str]) -> None:
    """A CSV file spreadsheets open as text: UTF-8 with a BOM, lists joined, formulas defused."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_bytes(rows, columns))


def csv_bytes(rows: list[dict], columns: list[str]) -> bytes:
    """What write_csv writes, for a caller that writes it itself (beside other files, say)."""
    handle = io.StringIO(newline="")
    writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([_csv_cell(row.get(column)) for column in columns] for row in rows)
    return handle.getvalue().encode("utf-8-sig")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        value = LIST_SEPARATOR.join(str(v) for v in value)
    return spreadsheet_text(value)
