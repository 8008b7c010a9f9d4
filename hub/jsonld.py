"""schema.org JSON-LD for record pages, safe inside <script>.

Search engines and other tools read it to know what a page describes: a
`Service` with its provider, area, audience and ways in.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from hub.kinds import NATIONAL, REGION, SERVICES, coverage
from hub.views import drop_empty, page_url, web_address

_SCRIPT_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))


def json_for_script(data) -> Markup:
    """JSON that is safe inside <script type="application/ld+json">: `<`, `>`
    and `&` (and the JavaScript line separators) are written as \\u escapes,
    so no text in it can close the script element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return Markup(text)


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
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": f"{url}#service" if settings.get("site_url") else None,
        "name": record["name"],
        "description": record["description"],
        "url": url if settings.get("site_url") else None,
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
