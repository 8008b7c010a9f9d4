"""The map of support as a spreadsheet beside the site: exports/support-map.csv.

One row per group of people (audience and age group), district and topic,
with the services based in the district, for the whole region and national,
counted apart (hub.site.supportmap counts them, for the map's pages too).
"""

from __future__ import annotations

from pathlib import Path

from hub.records.loader import Hub
from hub.records.text import write_csv
from hub.site.supportmap import CSV_COLUMNS, csv_rows

FILE = "exports/support-map.csv"


def write_support_map(hub: Hub, settings: dict, site: Path) -> int:
    """Write the map's CSV into the built `site`; returns its number of rows."""
    rows = csv_rows(hub, settings)
    write_csv(Path(site) / FILE, rows, list(CSV_COLUMNS))
    return len(rows)
