"""The young people's part: its pages, ages and facts (data/young-people.yaml and
the services' `young_people` parts), and the co-production sessions that check
those pages (data/co-production.yaml). Lookups the pages use, and the rules the
schemas cannot express.

Keywords of our own in the schemas choose what is checked: `x-own-site` (a
fact's source must be a page on the service's own website), `x-young-page`
(the address of a young people's page) and `x-no-personal-details` (nothing
in it may name or reach a person: checked before anything else, so a child's
name, email address or phone number is refused in one clear message, and
never repeated in a message that a public log might keep).
"""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path
from urllib.parse import urlsplit

from hub.records.dates import parse_date
from hub.records.problems import Problem
from hub.records.schemas import each_value, uses_keyword
from hub.records.yamlsource import SourceFile, dotted

FOLDER = "young-people"
# Pages of the part that are not routes: their addresses are reserved.
STAYING_SAFE, YOU_SAID, PACK = "staying-safe", "you-said-we-did", "co-production-pack"
RESERVED = (STAYING_SAFE, YOU_SAID, PACK)
# Who a service must be for to be offered to young people.
YOUNG_AUDIENCE = "children"

# UK public suffixes with two labels: a site is the label before them.
_UK_SECOND_LEVEL = frozenset({"co", "org", "gov", "police", "ac", "nhs", "ltd", "plc", "me", "net", "sch", "mod", "nic"})


# ----------------------------------------------------------------------------
# Pages and lookups
# ----------------------------------------------------------------------------

def route_url(route_id: str) -> str:
    return f"{FOLDER}/{route_id}/"


def age_url(route_id: str, age_id: str) -> str:
    return f"{FOLDER}/{route_id}/{age_id}/"


def reviewed_pages(young: dict) -> list[str]:
    """The addresses of the pages young people review, as co-production records name them:
    the first page, each route (its age pages show the same words) and staying safe."""
    routes = [route_url(route["id"]) for route in _listed(young.get("routes")) if isinstance(route, dict) and isinstance(route.get("id"), str)]
    return [f"{FOLDER}/", *routes, f"{FOLDER}/{STAYING_SAFE}/"]


def checked_pages(sessions: list[dict]) -> dict[str, dict]:
    """page address -> the latest session that checked it."""
    latest: dict[str, dict] = {}
    for session in sorted(sessions, key=lambda s: s["date"]):
        for page in session["pages"]:
            latest[page] = session
    return latest


def fits_age(record: dict, age: dict) -> bool:
    """Whether a service's age_range includes some of an age choice (no range: every age)."""
    ages = record.get("age_range") or {}
    youngest, oldest = ages.get("min", 0), ages.get("max", 200)
    return youngest <= age.get("max", 200) and oldest >= age.get("min", 0)


def site_of(address: str) -> str:
    """The website an address is on: 'https://learning.nspcc.org.uk/x' -> 'nspcc.org.uk'."""
    host = (urlsplit(address).hostname or "").lower().rstrip(".")
    labels = host.split(".")
    keep = 3 if len(labels) >= 3 and labels[-1] == "uk" and labels[-2] in _UK_SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


def own_sites(record: dict) -> list[str]:
    """The websites a service runs itself: its contact addresses, its organisation's
    website and any its young_people part lists, in that order, each once."""
    contact = record.get("contact") if isinstance(record.get("contact"), dict) else {}
    addresses = [contact.get(key) for key in ("website", "reporting_url", "webchat_url")] + [record.get("organisation_url")]
    sites = [site_of(address) for address in addresses if isinstance(address, str)]
    young = record.get("young_people") if isinstance(record.get("young_people"), dict) else {}
    sites += [site for site in _listed(young.get("own_sites")) if isinstance(site, str)]
    return list(dict.fromkeys(site.removeprefix("www.") for site in sites))


# ----------------------------------------------------------------------------
# Rules the schemas cannot express
# ----------------------------------------------------------------------------

def cross_problems(sources: dict[str, SourceFile], schema_dir: Path, today: datetime.date):
    """Problems in the young people's facts, pages and co-production records that need
    more than one value to see. Files that did not read as a group of fields are skipped."""
    for name in ("services", "resources"):
        if _readable(sources, name) is not None:
            yield from _fact_source_problems(sources[name], schema_dir, name)
    young_source = sources.get("young-people")
    young = _readable(sources, "young-people")
    if young is not None:
        yield from _young_page_problems(young_source, young, _usable_services(sources.get("services")))
    coproduction = _readable(sources, "co-production")
    if coproduction is not None:
        pages = reviewed_pages(young) if young is not None else []
        yield from _coproduction_problems(sources["co-production"], schema_dir, pages, today)


def _readable(sources: dict[str, SourceFile], name: str) -> dict | None:
    source = sources.get(name)
    return source.data if source is not None and isinstance(source.data, dict) else None


def _listed(value) -> list:
    return value if isinstance(value, list) else []


def _usable_services(source: SourceFile | None) -> dict[str, dict]:
    """id -> service, for the services whose audiences and young_people part read cleanly
    (one already reported gets no second message here)."""
    if source is None or not isinstance(source.data, dict):
        return {}
    usable = {}
    for index, service in enumerate(_listed(source.data.get("services"))):
        if not isinstance(service, dict) or not isinstance(service.get("id"), str):
            continue
        parts = {("services", index, "audiences"), ("services", index, "young_people")}
        if not any(place[:3] in parts for place in source.refused) and all(isinstance(a, str) for a in _listed(service.get("audiences"))):
            usable[service["id"]] = service
    return usable


def _fact_source_problems(source: SourceFile, schema_dir: Path, name: str):
    for schema, value, place in each_value(schema_dir, name, source.data, "x-own-site"):
        if not schema.get("x-own-site") or not isinstance(value, str) or source.is_refused(place):
            continue
        record = source.record_at(place)
        sites = own_sites(record) if record else []
        if site_of(value) not in sites:
            yield Problem(source.path, source.line_of(place), dotted(place),
                          f"'{value}' is not on the service's own website ({', '.join(sites) or 'it gives none'}); what happens when "
                          "young people get in touch must come from the service itself: give its own page that says it, or leave "
                          "the fact out (a website the organisation runs under another name goes under young_people.own_sites)")


def _young_page_problems(source: SourceFile, young: dict, services: dict[str, dict]):
    def problem(place, message):
        return Problem(source.path, source.line_of(place), dotted(place), message)

    offered = [(("help_now", "services"), young.get("help_now")), (("nothing_fits", "services"), young.get("nothing_fits"))]
    offered += [(("routes", index, "services"), route) for index, route in enumerate(_listed(young.get("routes")))]
    for place, part in offered:
        for index, service_id in enumerate(_listed(part.get("services")) if isinstance(part, dict) else []):
            service = services.get(service_id)
            if service is None:
                continue  # an unknown id is reported by the check of references, a broken service where it is
            if YOUNG_AUDIENCE not in _listed(service.get("audiences")):
                yield problem(place + (index,), f"'{service_id}' is not for children and young people (its audiences leave out "
                                                f"'{YOUNG_AUDIENCE}'); offer only services young people can use themselves")
            elif not isinstance(service.get("young_people"), dict):
                yield problem(place + (index,), f"'{service_id}' has no young_people part in services.yaml; add its summary "
                                                "in young people's words there first")
    yield from _repeated_ids(source, "routes", young)
    for index, route in enumerate(_listed(young.get("routes"))):
        if isinstance(route, dict) and route.get("id") in RESERVED:
            yield problem(("routes", index, "id"), f"'{route['id']}' is the address of another young people's page; choose another id")


def _repeated_ids(source: SourceFile, key: str, data: dict):
    seen: dict[str, int] = {}
    for index, item in enumerate(_listed(data.get(key))):
        item_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(item_id, str):
            continue
        if item_id in seen:
            place = (key, index, "id")
            yield Problem(source.path, source.line_of(place), dotted(place),
                          f"'{item_id}' is already used on line {source.line_of((key, seen[item_id], 'id'))}; every id must be different")
        else:
            seen[item_id] = index


def _coproduction_problems(source: SourceFile, schema_dir: Path, pages: list[str], today: datetime.date):
    for schema, value, place in each_value(schema_dir, "co-production", source.data):
        if source.is_refused(place):
            continue
        here = lambda message: Problem(source.path, source.line_of(place), dotted(place), message)  # noqa: E731
        if schema.get("x-young-page") and isinstance(value, str) and value not in pages:
            close = difflib.get_close_matches(value, pages, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f" (the pages: {', '.join(pages)})"
            yield here(f"'{value}' is not one of the young people's pages{hint}")
        if place[-1:] == ("date",) and parse_date(value) and parse_date(value) > today:
            yield here(f"{value} is in the future; record a session once it has taken place")


# ----------------------------------------------------------------------------
# No child's name or contact details
# ----------------------------------------------------------------------------

# Field names that would hold a person's name or a way to reach them.
_PERSONAL_FIELD = re.compile(
    r"(^|_)(names?|first|last|surname|forename|given|child|children|pupils?|students?|participants?|attendees?|person|people|"
    r"young_person|email|e_mail|mail|phone|mobile|tel|telephone|contact|address|postcode|dob|birthday|birth|username|handle|"
    r"snapchat|instagram|tiktok|whatsapp)(_|$)", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@<>()\"']+@[^\s@<>()\"']+\.[a-z]{2,}", re.IGNORECASE)
# A UK phone number: 0 or +44 then 9 or 10 more digits, spaced or not.
_PHONE = re.compile(r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|0)(?:\d[\s-]?){9,10}(?![\d])")

_NEVER = ("a co-production record names the group (e.g. 'Leeds Youth Council'), never a child, and holds no one's contact details")


def personal_details_problems(schema_dir: Path, name: str, source: SourceFile) -> list[Problem]:
    """A Problem for each field named for a person's name or contact, and each value holding
    an email address or a phone number, anywhere under a value whose schema says
    `x-no-personal-details`. Each is marked refused (no later check repeats it); the
    messages never quote the value, so a log of them holds no one's details."""
    found: list[Problem] = []
    if not uses_keyword(schema_dir, name, "x-no-personal-details"):
        return found
    for schema, value, place in each_value(schema_dir, name, source.data, "x-no-personal-details"):
        if schema.get("x-no-personal-details"):
            found += _personal_details(source, schema, value, place)
    return found


def _personal_details(source: SourceFile, schema: dict, value, place: tuple) -> list[Problem]:
    found = []

    def refuse(where: tuple, message: str):
        found.append(Problem(source.path, source.line_of(where), dotted(where), f"{message}; {_NEVER}: delete it"))
        source.refused.add(where)

    if isinstance(value, dict):
        known = schema.get("properties", {})
        for key, item in value.items():
            if key not in known and _PERSONAL_FIELD.search(str(key)):
                refuse(place + (key,), f"'{key}' looks like a field for a person's name or contact details")
            else:
                found += _personal_details(source, known.get(key, {}), item, place + (key,))
    elif isinstance(value, list):
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        for index, item in enumerate(value):
            found += _personal_details(source, items, item, place + (index,))
    elif isinstance(value, str):
        if _EMAIL.search(value):
            refuse(place, "holds what looks like an email address")
        elif _PHONE.search(value):
            refuse(place, "holds what looks like a phone number (if it is a service's number, name the service instead)")
    return found
