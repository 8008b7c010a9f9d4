"""Open data exports: Open Referral UK JSON against the official schemas, CSV
files and the sitemap."""

from __future__ import annotations

import csv
import datetime
import json
import re
import urllib.parse
import uuid
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from hub.exports import opendata as exports
from hub.records.kinds import RECORD_TYPES
from hub.records.loader import load
from hub.records.settings import load_settings
from tests.conftest import REPO

VENDORED = Path(__file__).parent / "openreferral"
DATA = load(REPO)
SETTINGS = load_settings(REPO)
SITE_URL = SETTINGS["site_url"]

# The list wrapper: `Page` in components/schemas of the profile's openapi.json
# (not vendored; see tests/openreferral/README.md), with its fields required.
PAGE_SCHEMA = {
    "type": "object",
    "required": ["total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"],
    "properties": {
        "total_items": {"type": "integer"},
        "total_pages": {"type": "integer"},
        "page_number": {"type": "integer"},
        "size": {"type": "integer"},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array"},
    },
}
# index.json is the hub's own description of the folder, not an Open Referral shape.
INDEX_SCHEMA = {
    "type": "object",
    "required": ["title", "description", "version", "profile", "total_services", "links"],
    "properties": {
        "profile": {"type": "string", "format": "uri"},
        "total_services": {"type": "integer"},
        "links": {"type": "object", "additionalProperties": {"type": "string", "format": "uri-template"}},
    },
}


def format_checker() -> FormatChecker:
    """jsonschema's checker plus `uri` and `date-time`, which it checks only
    when optional packages (rfc3987, rfc3339-validator) are installed."""
    checker = FormatChecker()

    @checker.checks("uri")
    def is_uri(value):
        if not isinstance(value, str):
            return True
        parts = urllib.parse.urlsplit(value)
        return bool(parts.scheme and parts.netloc) and not re.search(r"[\s<>\"{}|\\^`]", value)

    @checker.checks("uri-template")
    def is_uri_template(value):
        return not isinstance(value, str) or is_uri(re.sub(r"\{[a-z_]+\}", "x", value))

    @checker.checks("date-time", raises=ValueError)
    def is_date_time(value):
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", value):
            return False
        datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        return True

    return checker


def validator(schema: dict) -> Draft202012Validator:
    # The vendored schemas declare no $schema; the profile's OpenAPI file sets the 2020-12 dialect.
    cls = Draft202012Validator
    if "$schema" in schema:
        from jsonschema.validators import validator_for

        cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=format_checker())


def vendored(name: str) -> dict:
    return json.loads((VENDORED / name).read_text(encoding="utf-8"))


def assert_valid(check: Draft202012Validator, instance, label: str) -> None:
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}" for e in check.iter_errors(instance)]
    assert not problems, f"{label} does not match the schema:\n" + "\n".join(problems)


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------
# Open Referral UK
# ----------------------------------------------------------------------------

def test_the_vendored_schemas_are_there_with_their_licence():
    for name in ("service.json", "service_list.json", "LICENSE", "README.md"):
        assert (VENDORED / name).is_file(), name
    assert "Attribution Share-Alike 4.0" in (VENDORED / "LICENSE").read_text(encoding="utf-8")
    readme = (VENDORED / "README.md").read_text(encoding="utf-8")
    assert "OpenReferralUK/uk-profile" in readme and "ecdfabf" in readme and "schema/compiled/" in readme


def test_the_format_checker_catches_bad_values():
    check = validator({"type": "object", "properties": {
        "u": {"format": "uri"}, "d": {"format": "date-time"}, "i": {"format": "uuid"}, "e": {"format": "email"}}})
    assert check.is_valid({"u": "https://example.org/a/", "d": "2026-11-25T00:00:00.000Z", "i": str(uuid.uuid4()), "e": "a@example.org"})
    for bad in ({"u": "services/x/"}, {"d": "2026-11-25"}, {"d": "2026-13-25T00:00:00Z"}, {"i": "childline"}, {"e": "not an email"}):
        assert not check.is_valid(bad), bad


def test_every_file_in_openreferral_matches_the_vendored_schemas(built_site):
    folder = built_site / "openreferral"
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    service_files = [f for f in files if f.startswith("services/")]
    assert set(files) == {"index.json", "services.json", *service_files}, "only known files in openreferral/"
    assert all(re.fullmatch(r"services/[0-9a-f-]{36}\.json", f) for f in service_files)

    full = validator(vendored("service.json"))
    for name in service_files:
        service = read_json(folder / name)
        assert_valid(full, service, name)
        assert name == f"services/{service['id']}.json"

    listing = read_json(folder / "services.json")
    assert_valid(validator(PAGE_SCHEMA), listing, "services.json")
    item = validator(vendored("service_list.json"))
    for index, service in enumerate(listing["contents"]):
        assert_valid(item, service, f"services.json contents[{index}]")

    assert_valid(validator(INDEX_SCHEMA), read_json(folder / "index.json"), "index.json")


def test_every_service_is_in_the_export_by_count_and_name(built_site):
    records = DATA.records("services")
    folder = built_site / "openreferral"
    listing = read_json(folder / "services.json")
    assert listing["total_items"] == listing["size"] == len(listing["contents"]) == len(records)
    assert (listing["page_number"], listing["total_pages"], listing["first_page"], listing["last_page"], listing["empty"]) == (1, 1, True, True, False)
    assert sorted(s["name"] for s in listing["contents"]) == sorted(r["name"] for r in records)
    assert len(list((folder / "services").glob("*.json"))) == len(records)
    assert read_json(folder / "index.json")["total_services"] == len(records)

    for record in records:
        sid = str(uuid.uuid5(exports.HUB_NAMESPACE, f"service:{record['id']}"))
        service = read_json(folder / "services" / f"{sid}.json")
        assert service["name"] == record["name"]
        assert service["status"] == "active"
        # The hub's own id stays visible: the url is the service's page on the site.
        assert service["url"] == f"{SITE_URL}/services/{record['id']}/"
        assert service["organization"]["name"] == record["organisation"]
        assert service["last_modified"].startswith(record["last_reviewed"])


def test_services_carry_what_the_hub_knows(built_site):
    folder = built_site / "openreferral" / "services"
    by_name = {s["name"]: s for s in (read_json(p) for p in folder.glob("*.json"))}
    names = {v: DATA.term_names(v) for v in ("audiences", "topics", "districts", "access_routes")}
    region = DATA.vocab["region"]["name"]
    for record in DATA.records("services"):
        service = by_name[record["name"]]
        contact = record["contact"]
        numbers = [p["number"] for p in service.get("phones", [])]
        assert numbers == [n for n in [contact.get("phone"), *[p["number"] for p in contact.get("other_phones", [])], contact.get("text")] if n]
        assert all(p.get("description") for p in service.get("phones", []))
        assert service.get("email") == contact.get("email")
        ages = record.get("age_range", {})
        assert (service.get("minimum_age"), service.get("maximum_age")) == (ages.get("min"), ages.get("max"))
        for audience in record["audiences"]:
            assert names["audiences"][audience] in service["eligibility_description"]
        areas = [a["name"] for a in service["service_areas"]]
        coverage = record["coverage"]
        expected = {"national": ["United Kingdom"], "region": [region]}.get(coverage["area"]) or [names["districts"][d] for d in coverage.get("districts", [])]
        assert areas == expected
        terms = {(a["link_type"], a["taxonomy_term"]["name"], a["taxonomy_term"]["taxonomy"]) for a in service["attributes"]}
        assert {("topic", names["topics"][t], f"{region} hub topics") for t in record["topics"]} <= terms
        assert {("audience", names["audiences"][a], f"{region} hub audiences") for a in record["audiences"]} <= terms
        assert [s["description"] for s in service.get("schedules", [])] == ([record["opening_hours"]] if record.get("opening_hours") else [])
        assert [c["amount_description"] for c in service.get("cost_options", [])] == ([record["cost"]] if record.get("cost") else [])
        assert [l["name"] for l in service.get("languages", [])] == record.get("languages", [])


def test_organisation_ids_are_stable_and_shared(built_site):
    services = [read_json(p) for p in (built_site / "openreferral" / "services").glob("*.json")]
    ids: dict[str, set] = {}
    for service in services:
        organization = service["organization"]
        ids.setdefault(organization["name"], set()).add(organization["id"])
        assert service["organization_id"] == organization["id"]
        assert organization["id"] == str(uuid.uuid5(exports.HUB_NAMESPACE, f"organization:{exports.slug(organization['name'])}"))
    assert all(len(found) == 1 for found in ids.values()), "one id per organisation"
    assert len({next(iter(found)) for found in ids.values()}) == len(ids), "different organisations, different ids"
    assert exports.slug("Childline with the Internet Watch Foundation") == "childline-with-the-internet-watch-foundation"
    assert exports.slug("Leeds children's social care") == "leeds-childrens-social-care"


def test_ids_do_not_change_between_builds():
    assert exports.oruk_id("service", "childline") == str(uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, "urn:x-scpb-hub:open-referral-uk"), "service:childline"))
    assert exports.oruk_id("service", "childline") != exports.oruk_id("organization", "childline")


def test_empty_optional_fields_are_left_out(built_site):
    def empties(value, where="$"):
        if value is None or value == "" or value == [] or value == {}:
            yield where
        elif isinstance(value, dict):
            for key, item in value.items():
                yield from empties(item, f"{where}.{key}")
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from empties(item, f"{where}[{index}]")

    folder = built_site / "openreferral"
    for path in [folder / "services.json", *(folder / "services").glob("*.json")]:
        data = read_json(path)
        if path.name == "services.json":
            data = data["contents"]
        assert not list(empties(data)), path.name


# ----------------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["services", "resources"])
def test_csv_has_a_bom_a_plain_header_and_one_row_per_record(built_site, kind):
    path = built_site / "exports" / f"{kind}.csv"
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for Excel"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = exports.SERVICE_COLUMNS if kind == "services" else exports.RESOURCE_COLUMNS
    assert tuple(rows[0].keys()) == columns
    assert all(re.fullmatch(r"[a-z_]+", c) for c in columns)
    records = DATA.records(kind)
    assert len(rows) == len(records)
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    for row in rows:
        assert row["page"] == f"{SITE_URL}/{kind}/{row['id']}/"


def test_csv_turns_vocabulary_ids_into_names_and_joins_lists(built_site):
    with (built_site / "exports" / "services.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    names = {v: DATA.term_names(v) for v in ("audiences", "topics", "access_routes")}
    for record in DATA.records("services"):
        row = rows[record["id"]]
        assert row["audiences"] == "; ".join(names["audiences"][a] for a in record["audiences"])
        assert row["topics"] == "; ".join(names["topics"][t] for t in record["topics"])
        assert row["access"] == "; ".join(names["access_routes"][a] for a in record.get("access", []))
        assert row["name"] == record["name"]


# ----------------------------------------------------------------------------
# Sitemap
# ----------------------------------------------------------------------------

def test_sitemap_lists_every_record_page(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>\s*([^<]+?)\s*</loc>", sitemap))
    for record_type in RECORD_TYPES:
        for record in DATA.records(record_type.key):
            assert f"{SITE_URL}/{record_type.url(record['id'])}" in listed, record_type.url(record["id"])
    built = {f"{SITE_URL}/{p.parent.relative_to(built_site).as_posix()}/".replace(f"{SITE_URL}/./", f"{SITE_URL}/")
             for p in built_site.rglob("index.html") if "pagefind" not in p.parts}
    assert built <= listed, f"pages missing from sitemap.xml: {sorted(built - listed)[:5]}"


# ----------------------------------------------------------------------------
# The benchmark
# ----------------------------------------------------------------------------

# ----------------------------------------------------------------------------
# Who each number is for, and every source, in the open data too
# ----------------------------------------------------------------------------

def test_open_data_says_who_each_number_is_for_and_gives_every_source(built_site):
    leeds = read_json(built_site / "openreferral" / "services" / f"{exports.oruk_id('service', 'leeds-childrens-social-care')}.json")
    assert leeds["phones"] and all("practitioners" in phone["description"].lower() for phone in leeds["phones"])
    with (built_site / "exports" / "services.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    record = next(r for r in DATA.records("services") if r["id"] == "leeds-childrens-social-care")
    assert rows[record["id"]]["source"] == exports.LIST_SEPARATOR.join(record["source"])
    assert rows[record["id"]]["phone_description"] == record["contact"]["phone_description"]
    assert rows[record["id"]]["source_note"] == " ".join(record["source_note"].split())
