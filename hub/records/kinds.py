"""The record types, in one table, and the rule for where a record applies.

Every fact the hub needs about a kind of record (its data file, its words,
its page folder and template) is a row of RECORD_TYPES. Validation, pages,
the feed, exports, `hub review`, `hub new` and the CLI all read this table,
so adding a record type is: its JSON Schema, a row here, its page template,
and tests.

This module imports nothing from the hub: everything else may import it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecordType:
    key: str  # the data file and its top-level list: data/<key>.yaml holds `<key>:`
    noun: str  # one record, in words ("1 service"); also what `hub new <noun>` takes
    nouns: str  # several records ("17 services")
    label: str  # what the feed and search results call one record
    heading: str  # a heading over a list of records of this type
    title_field: str  # the field that names a record
    template: str  # its page template in hub/site/templates/
    # Fields (dotted) whose values a file's sections share: a record added from a
    # form goes at the end of the last section holding a record with the same values.
    sections_by: tuple[str, ...] = ()

    @property
    def folder(self) -> str:
        """Where its pages live in the site: <folder>/<id>/."""
        return self.key

    @property
    def file(self) -> str:
        return f"data/{self.key}.yaml"

    def title(self, record: dict) -> str:
        return record[self.title_field]

    def url(self, record_id: str) -> str:
        """The record's page, as a site path: 'services/childline/'."""
        return f"{self.folder}/{record_id}/"

    def page_path(self, record_id: str) -> str:
        """Where its Markdown file goes in the page tree: 'services/childline.md'."""
        return f"{self.folder}/{record_id}.md"

    def words(self, count: int) -> str:
        """'1 service', '17 services'."""
        return f"{count} {self.noun if count == 1 else self.nouns}"


SERVICES = RecordType("services", "service", "services", "Service", "Services", "name", "service.html", ("coverage.area",))
RESOURCES = RecordType("resources", "resource", "resources", "Resource", "Resources", "title", "resource.html", ("type",))
CAMPAIGNS = RecordType("campaigns", "campaign", "campaigns", "Campaign", "Campaigns", "title", "campaign.html")
TRAINING = RecordType("training", "course", "courses", "Training", "Training and events", "name", "course.html")

# Every record type with a page per record, in the order lists and reports show them.
RECORD_TYPES: tuple[RecordType, ...] = (SERVICES, RESOURCES, CAMPAIGNS, TRAINING)
BY_KEY = {record_type.key: record_type for record_type in RECORD_TYPES}

# Every data file, in the order problems are reported: the vocabularies the
# others use first, then the record types, then files that are not lists of
# records with a page each.
OTHER_FILES = ("champions", "alliance", "report", "reflection", "reflection-summaries")
DATA_FILES = ("vocabularies", *BY_KEY, *OTHER_FILES)


# ----------------------------------------------------------------------------
# Where a record applies
# ----------------------------------------------------------------------------

NATIONAL, REGION, DISTRICTS = "national", "region", "districts"


def coverage(record: dict) -> dict:
    """Where a record applies: {'area': 'national' | 'region' | 'districts', 'districts': [...]}.

    Records with a `coverage` field say so there (services, training).
    Others (resources, campaigns) apply to the whole region unless they name
    `districts`."""
    if "coverage" in record:
        return record["coverage"]
    if record.get("districts"):
        return {"area": DISTRICTS, "districts": record["districts"]}
    return {"area": REGION}


def covered_districts(record: dict, district_ids) -> list[str]:
    """The districts (of `district_ids`, in that order) where a record applies."""
    area = coverage(record)
    if area["area"] != DISTRICTS:
        return list(district_ids)
    return [district for district in district_ids if district in area["districts"]]


def is_local_to(record: dict, district_id: str) -> bool:
    """True if the record names `district_id` itself (not merely covering the whole region or country)."""
    area = coverage(record)
    return area["area"] == DISTRICTS and district_id in area["districts"]
