"""The young people's pages, as page specs ({path, title, template, context,
searchable}) that hub.site.pages lists with every other generated page.

The first page offers help at once and lists what can happen (routes); each
route has a page listing every service that fits, and one page per age
choice listing only the services for that age, ending with who to turn to
when nothing fits. A page is a draft until a co-production session records
that young people checked it. The co-production pack prints each reviewed
page's words (`parts`, the same words the page shows) with room to rename
them, and the "You said, we did" page lists what groups said and what changed.

Everything here is built into the page: the pages need no script, keep
nothing on the device and load nothing from anywhere else.
"""

from __future__ import annotations

import datetime

from hub.records.kinds import RESOURCES, SERVICES
from hub.records.readingage import page_reading_age
from hub.records.settings import DEFAULTS
from hub.records.text import age_text
from hub.records.youngpeople import (
    FOLDER,
    PACK,
    STAYING_SAFE,
    YOU_SAID,
    age_url,
    checked_pages,
    fits_age,
    reviewed_pages,
    route_url,
)

START = f"{FOLDER}/"
SAFE_URL = f"{FOLDER}/{STAYING_SAFE}/"
SAID_URL = f"{FOLDER}/{YOU_SAID}/"
PACK_URL = f"{FOLDER}/{PACK}/"


def young_pages(hub, settings: dict, views: dict[str, list[dict]], now: datetime.datetime) -> list[dict]:
    """Every young people's page, as built at `now`."""
    young = hub.sources["young-people"].data
    ages = hub.vocab["age_bands"]  # shared with the map of support
    coproduction = hub.sources["co-production"].data
    services = {view["record"]["id"]: _service(view, young, ages) for view in views[SERVICES.key] if view["record"].get("young_people")}
    resources = [_resource(view) for view in views[RESOURCES.key] if view["record"].get("young_people")]
    checked = {page: _check(session) for page, session in checked_pages(coproduction["sessions"]).items()}
    police = next((s for s in services.values() if s["emergency"]), None)
    common = {"young": young, "labels": young["labels"], "nothing_fits": young["nothing_fits"],
              "exit_url": settings.get("exit_url") or DEFAULTS["exit_url"], "start": START, "safe_url": SAFE_URL, "said_url": SAID_URL,
              "nothing_fits_services": [services[i] for i in young["nothing_fits"]["services"]], "police": police}

    def spec(path: str, url: str, title: str, template: str, context: dict, searchable: bool = True) -> dict:
        return {"path": path, "title": title, "template": template, "searchable": searchable,
                "context": {**common, **context, "url": url, "checked": checked.get(_reviewed_as(url))}}

    routes = [_route(route, services, ages) for route in young["routes"]]
    start = {"help_now": [services[i] for i in young["help_now"]["services"]], "routes": routes, "resources": resources}
    pages = [spec(f"{FOLDER}/index.md", START, young["start"]["title"], "young_start.html", start)]
    for route in routes:
        pages.append(spec(f"{FOLDER}/{route['id']}/index.md", route["url"], route["what_happened"], "young_route.html",
                          {"route": route, "age": None, "shown": route["services"]}))
        # One page per age: the same words, only what fits that age. Search finds the route's own page.
        for age in ages:
            shown = [s for s in route["services"] if age["id"] in s["ages_fitted"]]
            pages.append(spec(f"{FOLDER}/{route['id']}/{age['id']}.md", age_url(route["id"], age["id"]),
                              f"{route['what_happened']}: {age['name']}", "young_route.html",
                              {"route": route, "age": age, "shown": shown}, searchable=False))
    pages.append(spec(f"{FOLDER}/{STAYING_SAFE}.md", SAFE_URL, young["staying_safe"]["title"], "young_safe.html",
                      {"safe": young["staying_safe"]}))
    sessions = sorted(coproduction["sessions"], key=lambda s: s["date"], reverse=True)
    pages.append(spec(f"{FOLDER}/{YOU_SAID}.md", SAID_URL, young["labels"]["you_said"], "young_said.html",
                      {"sessions": [_session(session, pages) for session in sessions]}))
    reviewed = [_review_sheet(page) for page in pages if page["context"]["url"] in reviewed_pages(young)]
    described = [_service_sheet(service, young["labels"]) for service in _offered(young, services)]
    pages.append(spec(f"{FOLDER}/{PACK}.md", PACK_URL, "Co-production pack: the young people's pages", "young_pack.html",
                      {"sheets": reviewed, "services": described, "questions": coproduction["questions"],
                       "highest": settings["young_people_reading_age"], "built": now.date()}, searchable=False))
    return pages


def _offered(young: dict, services: dict[str, dict]) -> list[dict]:
    """Every service the pages offer, each once, in the order the pages first offer it."""
    ids = [*young["help_now"]["services"], *(i for route in young["routes"] for i in route["services"]), *young["nothing_fits"]["services"]]
    return [services[i] for i in dict.fromkeys(ids)]


def _reviewed_as(url: str) -> str:
    """The reviewed page whose check covers `url`: an age page is checked with its route."""
    parts = url.removeprefix(START).strip("/").split("/")
    return route_url(parts[0]) if len(parts) == 2 else url


def _check(session: dict) -> dict:
    day = datetime.date.fromisoformat(session["date"])
    return {"group": session["group"], "month": f"{day:%B %Y}"}


def _service(view: dict, young: dict, ages: list[dict]) -> dict:
    """A service as the young people's pages show it: its own young words, its facts in the
    order young-people.yaml asks the questions, how to reach it and the ages it fits."""
    record = view["record"]
    words = record["young_people"]
    answers = words.get("what_happens_next", {})
    facts = [{"key": key, "question": question, **answers[key]} for key, question in young["questions"].items() if key in answers]
    return {"id": record["id"], "title": view["title"], "url": view["url"], "summary": words["summary"], "facts": facts,
            "contacts": view["contacts"], "ages": age_text(record.get("age_range")),
            "ages_fitted": [age["id"] for age in ages if fits_age(record, age)],
            "emergency": next((line for line in view["contacts"] if line["text"] == "999"), None)}


def _resource(view: dict) -> dict:
    return {"title": view["title"], "summary": view["record"]["young_people"]["summary"], "main_contact": view["main_contact"]}


def _route(route: dict, services: dict[str, dict], ages: list[dict]) -> dict:
    return {**route, "url": route_url(route["id"]), "services": [services[i] for i in route["services"]],
            "ages": [{**age, "url": age_url(route["id"], age["id"])} for age in ages]}


def _session(session: dict, pages: list[dict]) -> dict:
    titles = {page["context"]["url"]: page["title"] for page in pages}
    return {**session, "month": _check(session)["month"], "checked": [(url, titles.get(url, url)) for url in session["pages"]],
            "feedback": [{**item, "page_title": titles.get(item.get("page"), "")} for item in session["feedback"]]}


# ----------------------------------------------------------------------------
# What each reviewed page says, part by part (the pack and the reading age)
# ----------------------------------------------------------------------------

def page_parts(page: dict, services_in_full: bool = True) -> list[tuple[str, str]]:
    """(what the part is, its words) for every young people's text a reviewed page shows, in
    page order. Without `services_in_full`, a service is named only (the pack describes each
    service once, on its own)."""
    context = page["context"]
    labels = context["labels"]
    parts = [("Heading", page["title"])]
    if page["template"] == "young_start.html":
        parts += [("Introduction", context["young"]["start"]["intro"]), ("Heading", labels["help_now"])]
        parts += _service_parts(context["help_now"], services_in_full, labels, facts=False)
        parts += [("Emergency", labels["danger"]), ("Heading", labels["what_happened"])]
        parts += [("Link", route["what_happened"]) for route in context["routes"]]
        if context["resources"]:
            parts += [("Heading", labels["find_out_more"])] + [(f"About {r['title']}", r["summary"]) for r in context["resources"]]
        parts += [("Link", labels["staying_safe"]), ("Link", labels["you_said"])]
    elif page["template"] == "young_route.html":
        route = context["route"]
        if route.get("advice"):
            parts += [("Heading", labels["advice"]), ("Advice", route["advice"])]
        parts += [("Label", labels["words"]), ("Question", labels["how_old"])]
        parts += [("Age choice", age["name"]) for age in route["ages"]] + [("Age choice", labels["all_ages"])]
        parts += [("Heading", labels["services"])] + _service_parts(context["shown"], services_in_full, labels, facts=True)
        parts += [("Heading", labels["nothing_fits"]), ("What to do", context["nothing_fits"]["text"])]
        parts += _service_parts(context["nothing_fits_services"], services_in_full, labels, facts=False)
        parts += [("Link", labels["back"])]
    else:
        for part in context["safe"]["parts"]:
            parts += [("Heading", part["heading"]), ("Text", part["text"])]
    return parts


def service_parts(service: dict, labels: dict) -> list[tuple[str, str]]:
    """A service's own words for young people: its summary, the ages and what happens next."""
    parts = [(f"About {service['title']}", service["summary"])]
    if service["ages"]:
        parts.append(("Label", labels["ages"]))
    if service["facts"]:
        parts += [("Heading", labels["next"])]
        for fact in service["facts"]:
            parts += [("Question", fact["question"]), ("Answer", fact["text"])]
        parts.append(("Link", labels["where_from"]))
    return parts


def _service_parts(services: list[dict], in_full: bool, labels: dict, facts: bool) -> list[tuple[str, str]]:
    if not in_full:
        return [("Service", service["title"]) for service in services]
    parts = []
    for service in services:
        parts += service_parts(service, labels) if facts else [(f"About {service['title']}", service["summary"])]
    return parts


def _review_sheet(page: dict) -> dict:
    every_word = [text for _, text in page_parts(page)]
    return {"title": page["title"], "url": page["context"]["url"], "parts": page_parts(page, services_in_full=False),
            "reading_age": page_reading_age(every_word), "checked": page["context"]["checked"]}


def _service_sheet(service: dict, labels: dict) -> dict:
    parts = service_parts(service, labels)
    return {"title": service["title"], "parts": parts, "reading_age": page_reading_age([text for _, text in parts])}


def reading_ages(pages: list[dict]) -> dict[str, float]:
    """Each reviewed page's reading age (every word it shows, read together), by address."""
    return {sheet["url"]: sheet["reading_age"] for page in pages if page["template"] == "young_pack.html"
            for sheet in page["context"]["sheets"]}
