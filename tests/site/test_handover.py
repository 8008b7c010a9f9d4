"""The hand-over list's data: every record, with what a family needs to reach it."""

from __future__ import annotations

import json

from hub.records.kinds import RECORD_TYPES
from hub.records.loader import load
from hub.records.settings import load_settings
from hub.site.handover import LIST_DATA, list_data
from hub.site.views import record_views
from tests.conftest import REPO

DATA = load(REPO)


def test_every_record_of_every_type_is_in_the_list_data_once():
    data = json.loads(list_data(record_views(DATA, load_settings(REPO))))["records"]
    ids = [record["id"] for record_type in RECORD_TYPES for record in DATA.records(record_type.key)]
    assert sorted(data) == sorted(ids)
    childline = data["childline"]
    assert childline["title"] == "Childline" and childline["url"] == "services/childline/"
    assert childline["who"].startswith("Children and young people") and childline["where"] == "National (UK-wide)"
    assert childline["contacts"][0] == {"label": "Phone", "text": "0800 1111", "href": "tel:08001111",
                                        "note": "For children and young people under 19"}


def test_the_built_site_carries_the_list_data_beside_the_list_page(built_site):
    data = json.loads((built_site / LIST_DATA).read_text(encoding="utf-8"))["records"]
    assert "leeds-childrens-social-care" in data
    leeds = data["leeds-childrens-social-care"]
    assert all("practitioners" in line["note"].lower() for line in leeds["contacts"] if line["label"] == "Phone")
    assert (built_site / "my-list" / "index.html").is_file()


def test_list_data_grows_with_the_records_only():
    """About the same number of bytes per record whatever the count: linear, no per-pair data."""
    views = record_views(DATA, load_settings(REPO))
    one = len(list_data(views))
    doubled = {kind: items + [dict(v, record=dict(v["record"], id=v["record"]["id"] + "-copy")) for v in items]
               for kind, items in views.items()}
    assert len(list_data(doubled)) < 2.1 * one
