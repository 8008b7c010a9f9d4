"""Open data written beside the built site: Open Referral UK JSON, CSV files
and schema.org JSON-LD for service pages.

- `openreferral/`: the services in the Open Referral UK (HSDS 3.0 UK profile)
  shapes: `services.json` (the paginated list response of `/services`, one
  page holding every service), `services/<id>.json` (one fully nested
  service each, as `/services/{id}` returns it) and `index.json` (what the
  folder holds).
- `exports/services.csv` and `exports/resources.csv`: one row per record,
  for spreadsheets (UTF-8 with a byte order mark so Excel reads it right);
  `exports/support-map.csv`, the map of support (hub.exports.supportmap).

Every row and service is made from the record views (hub/site/views.py),
as the pages are: the area in words, the page address and the file links
are the pages' own.

Open Referral ids are UUIDs. They are derived with uuid5 from the hub's own
ids (and organisation names), so they never change between builds; the
service's page on this site, which carries the hub id, is its `url`.

Nothing here imports MkDocs or the page writer.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import unicodedata
import uuid
from pathlib import Path

from hub.records.kinds import NATIONAL, REGION, RESOURCES, SERVICES, coverage
from hub.records.loader import Hub
from hub.records.text import LIST_SEPARATOR, age_text, write_csv
from hub.exports.supportmap import write_support_map
from hub.site.views import absolute_href, drop_empty, link_target, page_url, record_views, web_address

# Every Open Referral id is uuid5(HUB_NAMESPACE, "<kind>:<key>"). Never change
# this: consumers match services across downloads by their ids.
HUB_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:x-scpb-hub:open-referral-uk")
_NAMESPACE_BYTES = HUB_NAMESPACE.bytes

OPENREFERRAL_FOLDER = "openreferral"
EXPORTS_FOLDER = "exports"
PROFILE_URL = "https://github.com/OpenReferralUK/uk-profile"
PROFILE_DOCS_URL = "https://open-referral-uk-profile.readthedocs.io/"

# Fields of a service that the list response (service_list.json) carries:
# the one-to-one fields and the organisation, no arrays.
_LIST_FIELDS = ("id", "organization_id", "name", "description", "url", "email", "status",
                "minimum_age", "maximum_age", "assured_date", "last_modified", "organization")

# The vocabularies published as Open Referral taxonomies: (vocabulary, record field, link_type, label).
_TAXONOMIES = (
    ("topics", "topics", "topic", "topics"),
    ("audiences", "audiences", "audience", "audiences"),
    ("access_routes", "access", "access_route", "access routes"),
)


# The CSV columns, in order: plain names, mostly the data files' own field names.
SERVICE_COLUMNS = (
    "id", "name", "organisation", "organisation_url", "description", "audiences", "age_min", "age_max",
    "coverage", "area", "districts", "topics", "quality_standards", "access", "how_to_access", "front_door",
    "phone", "phone_description", "other_phones", "text", "email", "website", "reporting_url", "webchat_url", "opening_hours",
    "cost", "languages", "accessibility", "inclusion_send", "inclusion_lgbtq", "inclusion_care_experienced",
    "inclusion_seldom_heard", "source", "source_note", "last_reviewed", "page",
)
RESOURCE_COLUMNS = (
    "id", "title", "type", "publisher", "description", "audiences", "topics", "quality_standards", "districts",
    "url", "other_links", "file", "published", "related_services", "source", "source_note", "last_reviewed", "page",
)


# ----------------------------------------------------------------------------
# Identifiers and addresses
# ----------------------------------------------------------------------------

def oruk_id(kind: str, key: str) -> str:
    """The stable Open Referral UUID for one thing, e.g. oruk_id("service", "childline"):
    str(uuid.uuid5(HUB_NAMESPACE, f"{kind}:{key}")), computed without building UUID
    objects (a 10,000-service export makes over 200,000 of them)."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + f"{kind}:{key}".encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def slug(text: str) -> str:
    """'Childline with the Internet Watch Foundation' -> 'childline-with-the-internet-watch-foundation'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower().replace("'", "").replace("\u2019", "")).strip("-") or "organisation"


class _Context:
    """What every export needs from the hub and the record views, computed once."""

    def __init__(self, hub: Hub, settings: dict, views: dict[str, list[dict]]):
        self.hub = hub
        self.settings = settings
        self.region = hub.vocab["region"]["name"]
        self.site_name = settings.get("site_name") or "the hub"
        self.names = hub.names
        self.terms = {v: {t["id"]: t for t in hub.vocab[v]} for v, *_ in _TAXONOMIES}
        self.term_ids = {v: {t: oruk_id(f"taxonomy_term:{v}", t) for t in terms} for v, terms in self.terms.items()}
        self.taxonomy_ids = {v: oruk_id("taxonomy", v) for v in self.terms}
        self.service_views = views[SERVICES.key]
        self.resource_views = views[RESOURCES.key]
        self.services = [view["record"] for view in self.service_views]
        self.service_names = {view["record"]["id"]: view["title"] for view in self.service_views}
        self.organizations = self._organizations()

    def page(self, view: dict) -> str:
        """The record's page on this site, as an address that works anywhere."""
        return page_url(self.settings, view["url"])

    def _organizations(self) -> dict[str, dict]:
        """Organisation name -> its Open Referral object; the id comes from a slug of the name."""
        runs: dict[str, list[dict]] = {}
        for service in self.services:
            runs.setdefault(service["organisation"], []).append(service)
        organizations = {}
        for name, services in runs.items():
            listed = [s["name"] for s in services]
            shown = ", ".join(listed[:5]) + (f" and {len(listed) - 5} more" if len(listed) > 5 else "")
            noun = "service" if len(listed) == 1 else "services"
            organizations[name] = drop_empty({
                "id": oruk_id("organization", slug(name)),
                "name": name,
                "description": f"{name} runs {len(listed)} {noun} listed on the {self.site_name}: {shown}.",
                "website": next((s["organisation_url"] for s in services if s.get("organisation_url")), None),
            })
        return organizations


# ----------------------------------------------------------------------------
# Open Referral UK
# ----------------------------------------------------------------------------

def oruk_service(view: dict, ctx: _Context) -> dict:
    """One fully nested service in the shape of the UK profile's service.json.

    `eligibility_description`, `phones` and languages' `name` are HSDS 3.0
    core fields the UK profile's service.json does not define (it allows
    extra fields): they carry what the hub knows in HSDS's own shape."""
    record = view["record"]
    sid = oruk_id("service", record["id"])
    contact = record["contact"]
    organization = ctx.organizations[record["organisation"]]
    age_range = record.get("age_range") or {}

    eligibility = "For: " + LIST_SEPARATOR.join(ctx.names["audiences"][a] for a in record["audiences"]) + "."
    if age_range:
        eligibility += f" Ages: {age_text(age_range)}."

    phones = []
    if contact.get("phone"):
        # Who the main number is for, when only some may call it (Leeds: practitioners).
        phones.append({"number": contact["phone"], "type": "voice", "description": contact.get("phone_description") or "Main number"})
    phones += [{"number": p["number"], "type": "voice", "description": p["description"]} for p in contact.get("other_phones", [])]
    if contact.get("text"):
        phones.append({"number": contact["text"], "type": "text", "description": "Text message"})

    area = coverage(record)
    if area["area"] == NATIONAL:
        areas = [("United Kingdom", "National (UK-wide)")]
    elif area["area"] == REGION:
        areas = [(ctx.region, f"All of {ctx.region}")]
    else:
        areas = [(ctx.names["districts"][d], f"{ctx.names['districts'][d]}, {ctx.region}") for d in area["districts"]]

    attributes = []
    for vocabulary, field, link_type, label in _TAXONOMIES:
        for term_id in record.get(field, []):
            term = ctx.terms[vocabulary][term_id]
            term_uuid = ctx.term_ids[vocabulary][term_id]
            attributes.append({
                "id": oruk_id("attribute", f"{record['id']}:{vocabulary}:{term_id}"),
                "link_id": sid,
                "link_type": link_type,
                "link_entity": "service",
                "taxonomy_term_id": term_uuid,
                "taxonomy_term": {
                    "id": term_uuid,
                    "name": term["name"],
                    "description": term.get("description") or term["name"],
                    "taxonomy": f"{ctx.region} hub {label}",
                    "taxonomy_id": ctx.taxonomy_ids[vocabulary],
                    "term": term_id,
                },
            })

    service = {
        "id": sid,
        "organization_id": organization["id"],
        "name": record["name"],
        "description": record["description"],
        "url": ctx.page(view) if ctx.settings.get("site_url") else (web_address(contact) or None),
        "email": contact.get("email"),
        "status": "active",
        "minimum_age": age_range.get("min"),
        "maximum_age": age_range.get("max"),
        "eligibility_description": eligibility,
        "assured_date": record["last_reviewed"],
        "last_modified": f"{record['last_reviewed']}T00:00:00.000Z",
        "organization": organization,
        "phones": [{"id": oruk_id("phone", f"{record['id']}:{n}"), "service_id": sid, **p} for n, p in enumerate(phones)],
        "schedules": [{"id": oruk_id("schedule", record["id"]), "service_id": sid, "description": record["opening_hours"]}] if record.get("opening_hours") else [],
        "service_areas": [{"id": oruk_id("service_area", f"{record['id']}:{n}"), "service_id": sid, "name": name, "service_area": text}
                          for n, (name, text) in enumerate(areas)],
        "languages": [{"id": oruk_id("language", f"{record['id']}:{language}"), "service_id": sid, "name": language}
                      for language in record.get("languages", [])],
        "cost_options": [{"id": oruk_id("cost_option", record["id"]), "service_id": sid, "amount_description": record["cost"]}] if record.get("cost") else [],
        "attributes": attributes,
    }
    return drop_empty(service)


def oruk_list_item(service: dict) -> dict:
    """A service as the list response carries it: one-to-one fields only."""
    return {k: service[k] for k in _LIST_FIELDS if k in service}


def write_openreferral(ctx: _Context, site: Path) -> int:
    folder = Path(site) / OPENREFERRAL_FOLDER
    (folder / "services").mkdir(parents=True, exist_ok=True)
    services = [oruk_service(view, ctx) for view in ctx.service_views]
    for service in services:
        _write_json(folder / "services" / f"{service['id']}.json", service)
    _write_json(folder / "services.json", {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "contents": [oruk_list_item(s) for s in services],
    })
    base = page_url(ctx.settings, f"{OPENREFERRAL_FOLDER}/")
    _write_json(folder / "index.json", {
        "title": f"{ctx.site_name}: Open Referral UK data",
        "description": (f"The services listed on the {ctx.site_name}, in the shapes of the Open Referral UK profile "
                        "(HSDS 3.0 UK profile) API responses, written as static files at every build."),
        "version": "3.0",
        "profile": PROFILE_URL,
        "profile_documentation": PROFILE_DOCS_URL,
        "total_services": len(services),
        "links": {
            "services": f"{base}services.json",
            "service": f"{base}services/{{id}}.json",
            "services_csv": page_url(ctx.settings, f"{EXPORTS_FOLDER}/services.csv"),
            "resources_csv": page_url(ctx.settings, f"{EXPORTS_FOLDER}/resources.csv"),
            "site": page_url(ctx.settings, ""),
        },
        "notes": [
            "services.json is the paginated list response (/services): one page holding every service, one-to-one fields only.",
            "services/{id}.json is one fully nested service (/services/{id}).",
            f"Ids are UUIDs derived from the hub's record ids with uuid5 (namespace {HUB_NAMESPACE}, name 'service:<hub id>'), so they stay the same between builds.",
            "Each service's url is its page on this site, whose address ends in the hub's own id.",
            "eligibility_description, phones and languages[].name follow HSDS 3.0 core; the UK profile does not define them.",
        ],
    }, pretty=True)
    return len(services)


def _write_json(path: Path, data, pretty: bool = False) -> None:
    # Compact unless asked: json's C encoder only runs without `indent`.
    text = json.dumps(data, ensure_ascii=False, indent=1) if pretty else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------------



def service_rows(ctx: _Context) -> list[dict]:
    n = ctx.names
    rows = []
    for view in ctx.service_views:
        r = view["record"]
        c, area, inclusion, ages = r["contact"], coverage(r), r.get("inclusion") or {}, r.get("age_range") or {}
        rows.append({
            "id": r["id"],
            "name": r["name"],
            "organisation": r["organisation"],
            "organisation_url": r.get("organisation_url"),
            "description": r["description"],
            "audiences": [n["audiences"][a] for a in r["audiences"]],
            "age_min": ages.get("min"),
            "age_max": ages.get("max"),
            "coverage": area["area"],
            "area": view["area"],
            "districts": [n["districts"][d] for d in area.get("districts", [])],
            "topics": [n["topics"][t] for t in r["topics"]],
            "quality_standards": [n["quality_standards"][q] for q in r.get("quality_standards", [])],
            "access": [n["access_routes"][a] for a in r["access"]],
            "how_to_access": r.get("how_to_access"),
            "front_door": bool(r.get("front_door")),
            "phone": c.get("phone"),
            "phone_description": c.get("phone_description"),
            "other_phones": [f"{p['number']} ({p['description']})" for p in c.get("other_phones", [])],
            "text": c.get("text"),
            "email": c.get("email"),
            "website": c.get("website"),
            "reporting_url": c.get("reporting_url"),
            "webchat_url": c.get("webchat_url"),
            "opening_hours": r.get("opening_hours"),
            "cost": r.get("cost"),
            "languages": r.get("languages", []),
            "accessibility": r.get("accessibility"),
            "inclusion_send": inclusion.get("send"),
            "inclusion_lgbtq": inclusion.get("lgbtq"),
            "inclusion_care_experienced": inclusion.get("care_experienced"),
            "inclusion_seldom_heard": inclusion.get("seldom_heard"),
            "source": r["source"],
            "source_note": r.get("source_note"),
            "last_reviewed": r["last_reviewed"],
            "page": ctx.page(view),
        })
    return rows


def resource_rows(ctx: _Context) -> list[dict]:
    n = ctx.names
    rows = []
    for view in ctx.resource_views:
        r = view["record"]
        rows.append({
            "id": r["id"],
            "title": r["title"],
            "type": n["resource_types"][r["type"]],
            "publisher": r["publisher"],
            "description": r["description"],
            "audiences": [n["audiences"][a] for a in r["audiences"]],
            "topics": [n["topics"][t] for t in r["topics"]],
            "quality_standards": [n["quality_standards"][q] for q in r.get("quality_standards", [])],
            "districts": [n["districts"][d] for d in r.get("districts", [])],
            "url": r.get("url"),
            "other_links": [f"{link['title']}: {absolute_href(ctx.settings, link_target(link))}" for link in r.get("other_links", [])],
            "file": absolute_href(ctx.settings, view["download"]) if view["download"] else None,
            "published": r.get("published"),
            "related_services": [ctx.service_names.get(s, s) for s in r.get("related_services", [])],
            "source": r["source"],
            "source_note": r.get("source_note"),
            "last_reviewed": r["last_reviewed"],
            "page": ctx.page(view),
        })
    return rows



# ----------------------------------------------------------------------------
# Writing everything
# ----------------------------------------------------------------------------

def write_exports(hub: Hub, settings: dict, site: Path, views: dict[str, list[dict]] | None = None) -> dict[str, int]:
    """Write openreferral/ and exports/ into the built `site` from the record `views` (worked
    out here when not given); returns counts written."""
    ctx = _Context(hub, settings, views if views is not None else record_views(hub, settings))
    site = Path(site)
    services = write_openreferral(ctx, site)
    rows = service_rows(ctx)
    write_csv(site / EXPORTS_FOLDER / "services.csv", rows, SERVICE_COLUMNS)
    resources = resource_rows(ctx)
    write_csv(site / EXPORTS_FOLDER / "resources.csv", resources, RESOURCE_COLUMNS)
    support_rows = write_support_map(hub, settings, site)
    return {"openreferral_services": services, "services_csv_rows": len(rows), "resources_csv_rows": len(resources),
            "support_map_rows": support_rows}
