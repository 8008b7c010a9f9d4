"""The record-type table and the one rule for where a record applies."""

from __future__ import annotations

import pytest

from hub.records.kinds import BY_KEY, DATA_FILES, RECORD_TYPES, coverage, covered_districts, is_local_to
from tests.conftest import REPO

DISTRICTS = ["bradford", "calderdale", "kirklees", "leeds", "wakefield"]


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda t: t.key)
def test_each_record_type_has_its_schema_template_and_data_file(record_type):
    assert (REPO / "data" / "schemas" / f"{record_type.key}.schema.json").is_file()
    assert (REPO / "hub" / "site" / "templates" / record_type.template).is_file()
    assert (REPO / record_type.file).is_file()
    assert record_type.key in DATA_FILES


def test_record_types_have_distinct_keys_nouns_and_folders():
    for attribute in ("key", "noun", "nouns", "folder"):
        values = [getattr(t, attribute) for t in RECORD_TYPES]
        assert len(set(values)) == len(values), attribute


def test_record_type_addresses_and_words():
    services = BY_KEY["services"]
    assert services.url("childline") == "services/childline/"
    assert services.page_path("childline") == "services/childline.md"
    assert services.words(1) == "1 service" and services.words(17) == "17 services"
    assert services.title({"name": "Childline"}) == "Childline"
    assert BY_KEY["resources"].title({"title": "A guide"}) == "A guide"


@pytest.mark.parametrize("record, area, covered", [
    ({"coverage": {"area": "national"}}, "national", DISTRICTS),
    ({"coverage": {"area": "region"}}, "region", DISTRICTS),
    ({"coverage": {"area": "districts", "districts": ["wakefield", "leeds"]}}, "districts", ["leeds", "wakefield"]),
    ({"districts": ["kirklees"]}, "districts", ["kirklees"]),  # a resource naming its district
    ({}, "region", DISTRICTS),  # a resource or campaign naming none: the whole region
    ({"districts": []}, "region", DISTRICTS),
])
def test_where_a_record_applies(record, area, covered):
    assert coverage(record)["area"] == area
    assert covered_districts(record, DISTRICTS) == covered


def test_only_records_naming_a_district_are_local_to_it():
    assert is_local_to({"coverage": {"area": "districts", "districts": ["leeds"]}}, "leeds")
    assert is_local_to({"districts": ["leeds", "bradford"]}, "bradford")
    assert not is_local_to({"coverage": {"area": "region"}}, "leeds")
    assert not is_local_to({}, "leeds")
    assert not is_local_to({"districts": ["leeds"]}, "wakefield")
