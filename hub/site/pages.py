"""Every generated page, listed in one place, and how one page is rendered.

A page is rendered as a Markdown file's text: front matter and an HTML body
(hub.build.tree writes the front matter for the site engine and the body
beside it). Nothing here imports a site engine.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from functools import partial

from hub.records.kinds import BY_KEY, DISTRICTS, NATIONAL, RECORD_TYPES, REGION, RESOURCES, SERVICES, TRAINING, coverage, is_local_to
from hub.records.loader import Hub
from hub.records.sessions import LONDON, month_name
from hub.site.embed import embed_pages
from hub.site.handover import LIST_DATA, LIST_PAGE, list_data
from hub.site.render import environment, relative_url
from hub.site.supportmap import support_map_pages
from hub.site.views import FILES_FOLDER, record_views, upcoming_sessions
from hub.site.whatsnew import latest, what_is_listed
from hub.site.young import young_pages


@dataclass
class Page:
    path: str  # where the Markdown file goes in the tree, e.g. "services/childline.md"
    title: str
    template: str
    context: dict = field(default_factory=dict)
    searchable: bool = True  # False keeps the page out of the search index
    embed: bool = False  # a page for other websites' frames: no navigation (docs/overrides/main.html)
    offline_switch: bool = False  # shows "Keep this hub on this device" (docs/overrides/partials/offline-switch.html)


# How many upcoming sessions the home page shows.
HOME_SESSIONS = 3
# Where the offline copy (hub/build/offline.py) sends someone offline who opens a page it does not hold.
NOT_KEPT_PAGE = "offline/index.md"


def site_pages(hub: Hub, settings: dict, now: datetime.datetime | None = None, views: dict | None = None,
               more: list[dict] = ()) -> list[Page]:
    """The whole generated site as of `now` (default: this moment): one entry per page.
    `views` are the record views as of `now`, if the caller has them already; `more`
    are the other parts' pages as specs ({path, title, template, context, searchable}):
    the reflection tool's and the field reference (hub.build.tree puts them together)."""
    now = now or datetime.datetime.now(LONDON)
    views = views if views is not None else record_views(hub, settings, now)
    standards = hub.vocab["quality_standards"]
    districts = hub.vocab["districts"]
    region = hub.vocab["region"]["name"]
    services, training = views[SERVICES.key], views[TRAINING.key]
    sessions = upcoming_sessions(training)
    # A few more sessions than the home page shows, for hub.js to move up when some end after the build.
    home = {**help_now(hub, services), "sessions": sessions[:HOME_SESSIONS * 2], "shown": HOME_SESSIONS}
    recommendations = Page("recommendations/index.md", "The report's recommendations", "recommendations.html",
                           {"report": hub.report["report"], "recommendations": hub.report["recommendations"]})
    pages = [
        Page("index.md", settings["site_name"], "home.html", home, offline_switch=True),
        Page("services/index.md", "Find support", "directory.html", {"items": services}),
        Page("resources/index.md", "Resources", "library.html", {"items": views["resources"]}),
        Page("campaigns/index.md", "Campaigns", "campaigns.html", {"items": views["campaigns"]}),
        Page("training/index.md", TRAINING.heading, "training.html",
             {"sessions": sessions, "on_demand": [v for v in training if v["record"].get("on_demand")],
              "months": [(month, month_name(month)) for month in sorted({session.month for session, _ in sessions})], "built": now.date()}),
        Page("districts/index.md", f"Support by district in {region}", "districts.html", {"districts": districts}),
        Page("quality-standards/index.md", "Quality standards", "standards.html", {"standards": standards}),
        Page("alliance/index.md", hub.alliance["alliance"]["name"], "alliance.html", {"alliance": hub.alliance["alliance"], "meetings": hub.alliance["meetings"]}),
        Page("champions/index.md", "Technology Champions", "champions.html", {"role": hub.champions["role"], "pledges": hub.champions["pledges"]}),
        Page("search/index.md", "Search", "search.html", {"listed": what_is_listed()}),
        Page("whats-new/index.md", "What's new", "whats_new.html", {"items": latest(views), "listed": what_is_listed(), "feed": bool(settings["site_url"])},
             searchable=False),
        Page(LIST_PAGE, "My list", "my_list.html", {"data_file": LIST_DATA}, searchable=False, offline_switch=True),
        Page(NOT_KEPT_PAGE, "Not kept on this device", "not_kept.html", searchable=False),
        recommendations,
    ]
    for record_type in RECORD_TYPES:
        pages += [Page(view["path"], view["title"], record_type.template, {"item": view}) for view in views[record_type.key]]
    wide_services = {area: [v for v in services if coverage(v["record"])["area"] == area] for area in (REGION, NATIONAL)}
    for district in districts:
        local = {kind: [v for v in views[kind] if is_local_to(v["record"], district["id"])] for kind in (SERVICES.key, RESOURCES.key)}
        nearby_training = [v for v in training if is_local_to(v["record"], district["id"]) or coverage(v["record"])["area"] == REGION]
        pages.append(Page(f"districts/{district['id']}.md", f"Support in {district['name']}", "district.html",
                          {"district": district, "local": local[SERVICES.key], "regional": wide_services[REGION],
                           "national": wide_services[NATIONAL], "resources": local[RESOURCES.key], "training": nearby_training}))
    for standard in standards:
        tagged = {kind: [v for v in kind_views if standard["id"] in v["record"].get("quality_standards", [])] for kind, kind_views in views.items()}
        baselines = [b for b in hub.report["baselines"] if b["standard"] == standard["id"]]
        pages.append(Page(f"quality-standards/{standard['id'].lower()}.md", f"{standard['id']}: {standard['name']}", "standard.html",
                          {"standard": standard, "tagged": tagged, "record_types": RECORD_TYPES, "baselines": baselines,
                           "report": hub.report["report"]}))
    pages += [Page(**spec) for spec in support_map_pages(hub, settings, services, now.date())]
    pages += [Page(**spec) for spec in young_pages(hub, settings, views, now)]
    pages += [Page(**spec) for spec in embed_pages(hub, settings, views, home)]
    pages += [Page(**spec) for spec in more]
    # Links to pages of this site (the recommendations' "what the hub does")
    # are links only when the page is built: hand-written or generated.
    published = {site_path(page.path) for page in pages} | {site_path(md.relative_to(hub.root / "docs").as_posix())
                                                            for md in (hub.root / "docs").rglob("*.md")}
    recommendations.context["published"] = frozenset(published)
    return pages


def help_now(hub: Hub, services: list[dict]) -> dict:
    """The home page's ways to act now: region-wide and national lines for
    everyone, then each district's own front doors, and whether a district
    has a confirmed number for the public (not only for professionals)."""
    front_doors = [v for v in services if v["record"].get("front_door")]
    professional = {term["id"] for term in hub.vocab["audiences"] if term.get("professional")}

    def public_phone(view: dict) -> bool:
        return bool(view["record"]["contact"].get("phone")) and bool(set(view["record"]["audiences"]) - professional)

    # The region's own lines (the police) before national ones.
    wide = sorted((v for v in front_doors if coverage(v["record"])["area"] != DISTRICTS),
                  key=lambda v: coverage(v["record"])["area"] != REGION)
    local = {d["id"]: [v for v in front_doors if is_local_to(v["record"], d["id"])] for d in hub.vocab["districts"]}
    return {
        "wide_doors": [v for v in wide if public_phone(v)],
        "district_doors": local,
        "public_phone": {district: any(public_phone(v) for v in doors) for district, doors in local.items()},
    }



def site_path(page_path: str) -> str:
    """Where a page of the tree is served: 'services/index.md' -> 'services/', 'staying-safe.md' -> 'staying-safe/'."""
    stem = page_path.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return f"{stem}/" if stem else ""


# Every generated page's front matter says so: its body is HTML, ready as it
# is. The build hands the engine the front matter alone and puts the body into
# the finished page itself (hub/build/tree.py and hub/build/finish.py), so no
# engine runs Markdown over it.
HTML_BODY = "html_body"
_FRONT_MATTER_END = "\n---\n\n"


def render_page(env, hub: Hub, settings: dict, page: Page) -> str:
    # The front matter holds only fixed keys. `render_macros: false` keeps
    # mkdocs-macros away from record text whatever its settings say.
    # JSON strings are valid YAML, and json.dumps cannot be talked into
    # writing a second key (or a line of its own), whatever the title says.
    front = f"title: {json.dumps(page.title, ensure_ascii=False)}\nrender_macros: false\n{HTML_BODY}: true\n"
    if not page.searchable:
        front += "searchable: false\n"
    if page.embed:
        front += "embed: true\n"
    if page.offline_switch:
        front += "offline_switch: true\n"
    body = env.get_template(page.template).render(
        page=page,
        hub=hub,
        settings=settings,
        region=hub.vocab["region"]["name"],
        link=partial(relative_url, page.path),
        **page.context,
    )
    return f"---\n{front}---\n\n{body}"


def page_parts(text: str) -> tuple[str, str]:
    """A page render_page wrote, as its front matter (between and with its `---` lines) and its HTML body."""
    front, body = text.split(_FRONT_MATTER_END, 1)
    return front + "\n---\n", body.rstrip("\n")
