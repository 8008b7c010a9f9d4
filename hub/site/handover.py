"""The hand-over list: what a practitioner's list page needs to show each record.

The list itself lives only in the visitor's browser (this tab, and the
link they share); the build writes one small JSON file with, for every
record, what it is, who it is for, where, a one-line summary and how to
reach it. The list page reads it, so any record type the views describe can
go on a list, and a link naming a record that no longer exists can say so.
"""

from __future__ import annotations

import json

# The list page and its data, as paths in the page tree.
LIST_PAGE = "my-list/index.md"
LIST_DATA = "my-list/records.json"


def list_data(views: dict[str, list[dict]]) -> str:
    """JSON: {"records": {id: {...}}} for every record of every type, in file order."""
    records = {}
    for kind_views in views.values():
        for view in kind_views:
            records[view["record"]["id"]] = {
                "title": view["title"],
                "what": view["what"],
                "who": view["who"],
                "where": view["area"],
                "summary": view["summary"],
                "url": view["url"],
                "contacts": [{key: line[key] for key in ("label", "text", "href", "note", "local") if line.get(key)}
                             for line in view["contacts"]],
            }
    return json.dumps({"records": records}, ensure_ascii=False, separators=(",", ":"))
