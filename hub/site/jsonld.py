"""schema.org JSON-LD for record pages, safe inside <script>.

Search engines and other tools read it to know what a page describes: a
`Service` with its provider, area, audience and ways in; a `Course` with its
provider and its dated or on-demand `CourseInstance`s.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from hub.records.kinds import NATIONAL, REGION, SERVICES, coverage
from hub.site.views import drop_empty, page_url, web_address

_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_for_script(data) -> Markup:
    """JSON that is safe inside <script type="application/ld+json">: `<`, `>`
    and `&` (and the JavaScript line separators) are written as \\u escapes,
    so no text in it can close the script element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return Markup(text)


def _described_page(schema_type: str, record: dict, url: str, settings: dict) -> dict:
    """What every record page's data starts with; the page's own address only when site_url says where it is."""
    published = bool(settings.get("site_url"))
    return {
        "@context": "https://schema.org",
        "@type": schema_type,
        "@id": f"{url}#{schema_type.lower()}" if published else None,
        "name": record["name"],
        "description": record["description"],
        "url": url if published else None,
    }


def area_served(record: dict, region: str, names: dict):
    """schema.org places for where a record applies."""
    area = coverage(record)
    region_place = {"@type": "AdministrativeArea", "name": region}
    if area["area"] == NATIONAL:
        return {"@type": "Country", "name": "United Kingdom"}
    if area["area"] == REGION:
        return region_place
    return [{"@type": "AdministrativeArea", "name": names["districts"][d], "containedInPlace": region_place} for d in area["districts"]]


def service_schema_org(record: dict, settings: dict, region: str, names: dict) -> dict:
    """schema.org data for one service: a Service with its provider, area, audience and ways in."""
    contact = record["contact"]
    url = page_url(settings, SERVICES.url(record["id"]))
    ages = record.get("age_range") or {}
    audience = [drop_empty({"@type": "PeopleAudience", "audienceType": names["audiences"][a],
                            "suggestedMinAge": ages.get("min"), "suggestedMaxAge": ages.get("max")})
                for a in record["audiences"]]
    phone = None
    if contact.get("phone"):
        phone = drop_empty({"@type": "ContactPoint", "telephone": contact["phone"],
                            "contactType": contact.get("phone_description") or "customer support", "email": contact.get("email")})
    channel = drop_empty({
        "@type": "ServiceChannel",
        "serviceUrl": web_address(contact),
        "servicePhone": phone,
        "availableLanguage": [{"@type": "Language", "name": language} for language in record.get("languages", [])],
    })
    provider = drop_empty({"@type": "Organization", "name": record["organisation"], "url": record.get("organisation_url")})
    data = {
        **_described_page("Service", record, url, settings),
        "provider": provider,
        "areaServed": area_served(record, region, names),
        "audience": audience,
        "serviceType": [names["topics"][t] for t in record["topics"]],
        "availableChannel": channel if len(channel) > 1 else None,
        "offers": {"@type": "Offer", "description": record["cost"]} if record.get("cost") else None,
    }
    return drop_empty(data)


def service_jsonld(item: dict, settings: dict, region: str) -> Markup:
    """Jinja filter: `{{ item|service_jsonld(settings, region) }}` on a service page."""
    return json_for_script(service_schema_org(item["record"], settings, region, item["names"]))


# training_modes ids -> schema.org's words for how a course instance is delivered.
_COURSE_MODES = {"online": "online", "in-person": "onsite", "mixed": "blended"}
_ATTENDANCE = {"online": "OnlineEventAttendanceMode", "in-person": "OfflineEventAttendanceMode", "mixed": "MixedEventAttendanceMode"}


def course_schema_org(item: dict, settings: dict, region: str) -> dict:
    """schema.org data for one course: a Course, with a CourseInstance per upcoming session (or one on demand)."""
    record, names = item["record"], item["names"]
    url = page_url(settings, item["url"])
    if record.get("on_demand"):
        instances = [{"@type": "CourseInstance", "courseMode": "online", "courseWorkload": record.get("duration")}]
    else:
        instances = [_course_instance(session, record) for session in item["upcoming"]]
    data = {
        **_described_page("Course", record, url, settings),
        "provider": {"@type": "Organization", "name": record["provider"]},
        "educationalLevel": names["training_levels"][record["level"]],
        "audience": [{"@type": "Audience", "audienceType": names["audiences"][a]} for a in record["audiences"]],
        "about": [names["topics"][t] for t in record["topics"]],
        "areaServed": area_served(record, region, names),
        "offers": drop_empty({"@type": "Offer", "url": record["url"], "description": record.get("cost")}),
        "hasCourseInstance": [drop_empty(instance) for instance in instances],
    }
    return drop_empty(data)


def _course_instance(session, record: dict) -> dict:
    if session.mode == "online":
        location = {"@type": "VirtualLocation", "url": session.booking_url}
    else:
        location = {"@type": "Place", "name": session.venue}
    return {
        "@type": "CourseInstance",
        "name": record["name"],
        "courseMode": _COURSE_MODES.get(session.mode),
        "eventAttendanceMode": f"https://schema.org/{_ATTENDANCE[session.mode]}" if session.mode in _ATTENDANCE else None,
        "startDate": session.start.isoformat(),
        "endDate": session.end.isoformat(),
        "location": location,
        "offers": {"@type": "Offer", "url": session.booking_url},
    }


def course_jsonld(item: dict, settings: dict, region: str) -> Markup:
    """Jinja filter: `{{ item|course_jsonld(settings, region) }}` on a course page."""
    return json_for_script(course_schema_org(item, settings, region))
