"""The map of support: how many services a child, a parent or a professional in each district has, topic by topic.

For each group of people (everyone, or one audience from vocabularies.yaml) and
each age group (all ages, or one of the `age_bands` setting), the services are
counted by district and topic: those based in the district (local), those for
the whole region and national ones, apart. A district with no local service
for a topic is a gap. The counts are made the way the directory's filters
choose services (hub.js), so each number links to the directory filtered to
exactly the services it counts.

One pass over the services: each adds to a fixed number of counts (groups x
topics x its own districts), so the work grows with the number of services,
and the tables' size with the vocabularies alone.

The map's pages, the CSV beside the site (hub.exports.supportmap) and
`hub gaps` (hub.contribute.gaps) all read `support_map`.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from hub.records.history import ids_on
from hub.records.kinds import DISTRICTS, NATIONAL, REGION, SERVICES, coverage
from hub.records.loader import Hub

EVERYONE, ALL_AGES = "everyone", "all-ages"
ANY_TOPIC = ""  # the row counting each service once, whatever its topics
FOLDER = "support-map"
# With no Alliance meeting yet, "what changed" looks back one quarter (it meets quarterly).
QUARTER = datetime.timedelta(days=91)


@dataclass(frozen=True)
class Group:
    """Who the services are for: an audience (or everyone) and an age group (or all ages)."""

    audience: str  # an audience id, or EVERYONE
    audience_name: str
    band: str  # "min-max" as the directory's age group filter writes it, or ALL_AGES
    band_name: str
    low: int = 0
    high: int = 120

    @property
    def slug(self) -> str:
        band = ALL_AGES if self.band == ALL_AGES else _slug(self.band_name)
        return f"{self.audience}-{band}"

    @property
    def title(self) -> str:
        return f"{self.audience_name}, {self.band_name[0].lower() + self.band_name[1:]}"

    def includes(self, record: dict) -> bool:
        """Whether a service is for this group: its audiences, and its ages reaching into the age group."""
        if self.audience != EVERYONE and self.audience not in record.get("audiences", []):
            return False
        if self.band == ALL_AGES or not record.get("age_range"):
            return True
        ages = record["age_range"]
        return ages.get("min", 0) <= self.high and self.low <= ages.get("max", 120)

    def filters(self) -> dict:
        """The directory's filters for this group (its query string, as hub.js reads it)."""
        return {**({"audience": self.audience} if self.audience != EVERYONE else {}),
                **({"ages": self.band} if self.band != ALL_AGES else {})}


@dataclass
class Counts:
    local: Counter = field(default_factory=Counter)  # (district id, topic id or ANY_TOPIC) -> services based there
    region: Counter = field(default_factory=Counter)  # topic -> services for the whole region
    national: Counter = field(default_factory=Counter)  # topic -> national services

    def in_all(self, district: str, topic: str) -> int:
        """Every service a person in `district` can use for `topic`: local, region-wide and national."""
        return self.local[(district, topic)] + self.region[topic] + self.national[topic]


@dataclass
class Changes:
    """What changed in the directory since a date."""

    since: datetime.date
    reviewed: list[dict]  # service views reviewed on or after `since` (and not added since)
    added: list[dict] | None  # service views added since; None: not known (no history here)
    removed: list[str] | None  # ids of services listed then and not now; None: not known


@dataclass
class SupportMap:
    region: str
    districts: list[tuple[str, str]]  # (id, name)
    topics: list[tuple[str, str]]  # (id, name), ANY_TOPIC first
    groups: list[Group]  # everyone at all ages first
    counts: dict[str, Counts]  # by group slug
    changes: Changes
    services: int  # how many services the map counts

    def gaps(self, group: Group) -> dict[str, list[str]]:
        """District id -> names of the topics with no local service for the group (the any-topic row left out)."""
        counts = self.counts[group.slug]
        return {district: [name for topic, name in self.topics if topic != ANY_TOPIC and not counts.local[(district, topic)]]
                for district, _ in self.districts}


def groups(hub: Hub, settings: dict) -> list[Group]:
    audiences = [(EVERYONE, "Everyone")] + [(term["id"], term["name"]) for term in hub.vocab["audiences"]]
    bands = [(ALL_AGES, "All ages", 0, 120)] + [(f"{b['min']}-{b['max']}", b["name"], b["min"], b["max"]) for b in settings["age_bands"]]
    return [Group(audience, audience_name, band, band_name, low, high)
            for audience, audience_name in audiences for band, band_name, low, high in bands]


def count(hub: Hub, settings: dict, records: list[dict]) -> tuple[list[Group], dict[str, Counts]]:
    """Every group, and the services of `records` counted for each: one pass over the services."""
    everyone = groups(hub, settings)
    counts = {group.slug: Counts() for group in everyone}
    for record in records:
        area = coverage(record)
        topics = [ANY_TOPIC, *record.get("topics", [])]
        for group in everyone:
            if not group.includes(record):
                continue
            tally = counts[group.slug]
            for topic in topics:
                if area["area"] == DISTRICTS:
                    tally.local.update((district, topic) for district in area["districts"])
                elif area["area"] == REGION:
                    tally.region[topic] += 1
                else:
                    tally.national[topic] += 1
    return everyone, counts


def support_map(hub: Hub, settings: dict, services: list[dict], today: datetime.date, since: datetime.date | None = None) -> SupportMap:
    """The counts for every group, and what changed since `since` (default: the last Alliance meeting, or a quarter ago).
    `services` are the services' views (hub.site.views.record_views)."""
    everyone, counts = count(hub, settings, [view["record"] for view in services])
    since = since or default_since(hub, today)
    return SupportMap(
        region=hub.vocab["region"]["name"],
        districts=[(d["id"], d["name"]) for d in hub.vocab["districts"]],
        topics=topic_names(hub),
        groups=everyone,
        counts=counts,
        changes=changes_since(hub, services, since),
        services=len(services),
    )


def topic_names(hub: Hub) -> list[tuple[str, str]]:
    """(id, name) of every topic, the any-topic row first."""
    return [(ANY_TOPIC, "Any topic")] + [(t["id"], t["name"]) for t in hub.vocab["topics"]]


def default_since(hub: Hub, today: datetime.date) -> datetime.date:
    """The date of the last Alliance meeting up to `today`, or a quarter before `today`."""
    held = [m.get("date") for m in hub.alliance.get("meetings") or [] if isinstance(m, dict)]
    held = [day for day in (_date(text) for text in held) if day and day <= today]
    return max(held) if held else today - QUARTER


def _date(text) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(text))
    except ValueError:
        return None


def changes_since(hub: Hub, services: list[dict], since: datetime.date) -> Changes:
    then = ids_on(hub.root, SERVICES.key, since)
    now = {view["record"]["id"] for view in services}
    added = None if then is None else [view for view in services if view["record"]["id"] not in then]
    new = {view["record"]["id"] for view in added or []}
    reviewed = sorted((view for view in services if view["record"]["id"] not in new and view["record"]["last_reviewed"] >= since.isoformat()),
                      key=lambda view: (view["record"]["last_reviewed"], view["title"]), reverse=True)
    return Changes(since, reviewed, added, None if then is None else sorted(then - now))


# ----------------------------------------------------------------------------
# Links to the directory, and the table as rows
# ----------------------------------------------------------------------------

def directory_path(group: Group, topic: str = ANY_TOPIC, district: str | None = None, area: str | None = None) -> str:
    """The directory (a site path) filtered to the services one number counts."""
    query = {**({"district": district} if district else {}), **group.filters(),
             **({"topic": topic} if topic else {}), **({"area": area} if area else {})}
    return f"{SERVICES.folder}/" + (f"?{urlencode(query)}" if query else "")


def map_url(group: Group) -> str:
    """A group's map as a site path: the overview, for everyone at all ages, is the folder itself."""
    return f"{FOLDER}/" if group.audience == EVERYONE and group.band == ALL_AGES else f"{FOLDER}/{group.slug}/"


def page_path(group: Group) -> str:
    """Where a group's map goes in the page tree."""
    url = map_url(group)
    return f"{url}index.md" if url == f"{FOLDER}/" else f"{url.rstrip('/')}.md"


def rows(support: SupportMap, group: Group) -> list[dict]:
    """The table of one group: a row per topic (any topic first), each with its district cells and region-wide and national counts."""
    counts = support.counts[group.slug]
    return [{
        "topic": topic, "name": name,
        "districts": [{"id": district, "name": district_name, "local": counts.local[(district, topic)],
                       "in_all": counts.in_all(district, topic),
                       "local_link": directory_path(group, topic, district, DISTRICTS),
                       "in_all_link": directory_path(group, topic, district)}
                      for district, district_name in support.districts],
        "region": counts.region[topic], "region_link": directory_path(group, topic, area=REGION),
        "national": counts.national[topic], "national_link": directory_path(group, topic, area=NATIONAL),
    } for topic, name in support.topics]


# The CSV beside the site (exports/support-map.csv) and `hub gaps --format csv`: one row per group, district and topic.
CSV_COLUMNS = ("audience", "age_group", "district", "topic", "local", "region_wide", "national", "in_all", "gap")


def csv_rows(hub: Hub, settings: dict) -> list[dict]:
    """One row per group, district and topic: the map's counts for a spreadsheet."""
    everyone, counts = count(hub, settings, hub.records(SERVICES.key))
    out = []
    for group in everyone:
        tally = counts[group.slug]
        for district in hub.vocab["districts"]:
            for topic, name in topic_names(hub):
                local = tally.local[(district["id"], topic)]
                out.append({"audience": group.audience_name, "age_group": group.band_name, "district": district["name"], "topic": name,
                            "local": local, "region_wide": tally.region[topic], "national": tally.national[topic],
                            "in_all": tally.in_all(district["id"], topic), "gap": "no local service" if not local else ""})
    return out


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


# ----------------------------------------------------------------------------
# The pages
# ----------------------------------------------------------------------------

def support_map_pages(hub: Hub, settings: dict, services: list[dict], today: datetime.date) -> list[dict]:
    """The map's pages as page specs: the overview (everyone, all ages) and one page per other group.
    Their context is plain data (what each page shows), so an unchanged page is not rendered again."""
    support = support_map(hub, settings, services, today)
    overview = support.groups[0]
    changes = support.changes
    shared = {
        "total": support.services, "topic_count": len(support.topics) - 1,
        "since": changes.since.isoformat(),
        "added": None if changes.added is None else [(v["title"], v["url"]) for v in changes.added],
        "removed": changes.removed,
        "reviewed": [(v["title"], v["url"], v["record"]["last_reviewed"]) for v in changes.reviewed],
        "districts": [name for _, name in support.districts],
        "bands": [g.band_name for g in support.groups if g.audience == EVERYONE],
    }
    menu = [(audience_name, [(g.band_name, g.slug, map_url(g)) for g in support.groups if g.audience_name == audience_name])
            for audience_name in dict.fromkeys(g.audience_name for g in support.groups)]
    pages = []
    for group in support.groups:
        names = dict(support.districts)
        context = {**shared, "group": {"title": group.title, "slug": group.slug}, "rows": rows(support, group),
                   "gaps": [(names[district], topics) for district, topics in support.gaps(group).items()],
                   "menu": menu, "overview": group is overview}
        title = "Map of support" if group is overview else f"Map of support: {group.title}"
        pages.append({"path": page_path(group), "title": title, "template": "support_map.html", "context": context,
                      "searchable": group is overview})
    return pages
