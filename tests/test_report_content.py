"""The starter content carries everything the OCSV demonstration project report says.

The expected strings below are copied from the Online Child Sexual
Victimisation Demonstration Project Report (West Yorkshire Violence Reduction
Partnership and MeSafe, September 2025): this file is the checklist. If a
test fails, put the report's wording back in the data file rather than
changing the list here.

Text is compared after normalising whitespace, "&amp;" and curly quotes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

DATA = Path(__file__).parents[1] / "data"
FACTS = Path(__file__).parents[2] / "shared" / "facts" / "README.md"

CHILDREN_CAMPAIGN = "children-and-young-people-campaign"
ADULTS_CAMPAIGN = "parents-carers-and-adults-campaign"


def norm(text: str) -> str:
    text = text.replace("&amp;", "&")
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


def load(name: str):
    with open(DATA / f"{name}.yaml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def normed(items) -> list[str]:
    return [norm(item) for item in items]


def contains(haystack: list[str], needle: str) -> bool:
    """True if `needle` is one of the items, or is written out inside one."""
    needle = norm(needle)
    return any(needle in item for item in normed(haystack))


def missing(expected: list[str], actual: list[str]) -> list[str]:
    return [item for item in expected if not contains(actual, item)]


# --- Quality standards (the report's "Selected Statement" column) -----------

QUALITY_STANDARDS = {
    "QS1": (
        "Knowledge and Understanding",
        "Children, young people, parents and services and businesses co-produce consistent messaging about online "
        "safety, sources of support and recording mechanisms across organisations and stakeholders",
    ),
    "QS2": (
        "Child-led",
        "Children and young people's needs are listened to when responding to Online Child Sexual Victimization to "
        "inform support and agency response. Children and young people inform and co-produce online safety "
        "curriculum and may deliver parts of it.",
    ),
    "QS3": (
        "Public Awareness",
        "A community wide co-produced public engagement strategy, which highlights the opportunities and dangers of "
        "the online world in relation to OCSV whilst taking children's viewpoints on board that there needs to be "
        "more openness and discuss about children's online world and behaviour in families.",
    ),
    "QS4": (
        "Multi-agency Response",
        "Co-produced needs assessments and safeguarding procedures are aligned across services and organisations. "
        "All needs assessments reflect the importance of assessing children's and families' engagement with the "
        "online world. There are clear feedback loops between services about cases and trends that can inform "
        "responses to OCSV. Response to OCSV is recorded and can be shared with others so that patterns can be "
        "identified across services over time.",
    ),
    "QS5": (
        "Support Interventions",
        "There is co-produced, long-term non-judgemental and trauma informed support for children who are "
        "experiencing OCSV and their families that reflects sensitivity to gender, sexuality, culture, race, "
        "ability and maturity.",
    ),
}


@pytest.mark.parametrize("qs_id", sorted(QUALITY_STANDARDS))
def test_quality_standard_matches_report(qs_id):
    standards = {qs["id"]: qs for qs in load("vocabularies")["quality_standards"]}
    name, statement = QUALITY_STANDARDS[qs_id]
    assert qs_id in standards
    assert norm(standards[qs_id]["name"]) == norm(name)
    assert norm(standards[qs_id]["statement"]) == norm(statement)


# --- Technology Alliance (QS1, recommendation 1) -----------------------------

TERMS_OF_REFERENCE = [
    "Ensure there is community engagement, and all partners provide consistent messaging on the subject.",
    "Compliment work that is already being carried out, avoiding any duplication.",
    "Leads consistent messaging of public awareness campaigns.",
    "Honours professional respect across all bodies, organisations and agencies.",
    "Recognises that technology is forever changing and evolving.",
    "Interchangeable between the off/online spaces (treat them with equal importance).",
    "Commitment to being child led.",
    "Offer organisations and practitioners self-evaluation tool(s).",
    "Supports Technology Champions.",
    "Supports the mapping of services and resources.",
    "Championing and up-skilling the workforce by offering good training and promoting training opportunities",
]


def test_alliance_has_every_terms_of_reference_item():
    alliance = load("alliance")["alliance"]
    assert norm(alliance["name"]) == "Technology: Safety, Trust and Relationships Alliance"
    assert set(TERMS_OF_REFERENCE) <= set(normed(alliance["terms_of_reference"])), missing(
        TERMS_OF_REFERENCE, alliance["terms_of_reference"]
    )


def test_alliance_chair_schedule_membership_and_resources():
    alliance = load("alliance")["alliance"]
    assert norm(alliance["chair"]) == "Safeguarding Children Partnership Board's Business Managers (5x rotated)"
    schedule = norm(alliance["schedule"]).lower()
    assert "online" in schedule and "quarterly" in schedule
    assert norm(alliance["membership"]) == "Technology Champions"
    assert norm(alliance["resources"]) == "Hosted on Safeguarding Children Partnership Board's Website"


# --- Technology Champions (recommendation 2) ---------------------------------

ROLE_DESCRIPTION = [
    "Signpost to resources and services at a local level across the five districts",
    "Share and signpost to any campaign resources",
    "Promote the use of the technology self-evaluation tool",
    "Keep trust, safety and relationships around technology on agendas and in conversations",
    "Provide information on the subject topic with their local Children's Partnership Boards",
    "Attend quarterly online Technology Alliance meetings",
    "Share knowledge and information from the West Yorkshire Technology Alliance in your teams and organisation",
    "Lead on sharing advice and guidance",
    "Be child first in trauma informed in your approach",
    "Act as an educator on the subject topic",
    "Respond to training needs and have knowledge of availability of training and support available",
]

# From the report's "Approaches" paragraph, one item per approach.
APPROACHES = [
    "recognise, report and respond to harms",
    "professional curiosity",
    "critical thinking",
    "making use of what is already out there",
    "consistency when it comes to language used",
    "Listening to children and involving children's voices",
]

# From "Areas and Topics", plus the key areas of knowledge named under the benefits.
CHAMPION_TOPICS = [
    "understanding vulnerabilities and safe experiences online",
    "digital inclusion",
    "sharing of images",
    "parents and communities",
    "not in education or are electively home educated",
    "laws and legislation",
    "disinformation and misinformation",
]

BENEFIT_THEMES = ["Collaboration", "Accountability", "Knowledge and Improvements in Response", "Process"]


def test_champion_role_description_is_complete():
    role = load("champions")["role"]
    assert norm(role["title"]) == "West Yorkshire Technology Champion"
    assert set(ROLE_DESCRIPTION) <= set(normed(role["role_description"])), missing(
        ROLE_DESCRIPTION, role["role_description"]
    )


def test_champion_approaches_are_complete():
    approaches = [item.lower() for item in load("champions")["role"]["approaches"]]
    assert not missing([a.lower() for a in APPROACHES], approaches)


def test_champion_topics_are_complete():
    topics = [item.lower() for item in load("champions")["role"]["topics"]]
    assert not missing([t.lower() for t in CHAMPION_TOPICS], topics)


def test_champion_benefit_themes_are_complete():
    benefits = load("champions")["role"]["benefits"]
    assert [norm(b["theme"]) for b in benefits] == BENEFIT_THEMES
    assert all(norm(b["summary"]) for b in benefits)


# --- Public awareness campaigns (QS3) ----------------------------------------

CHILDREN_FOCUS = [
    "Tell someone if you are being blackmailed.",
    "How do you tell a trusted adult if you have already sent the image? What is stopping you?",
    "Reinforce children and young people are 'not in trouble'.",
]

ADULTS_FOCUS = [
    "Understanding the methods used by perpetrators.",
    "It is an ongoing conversation, not a one-off.",
    "Empower children &amp; young people to speak to us, with no shame or blame.",
    "Educate on social media security on devices.",
    "Direct and strong messaging.",
]

MEDIUMS = [
    "Social Media – TikTok, Instagram, Snapchat, Facebook",
    "Be child led and co-produced",
    "Buses / Bus Stations / Train Stations",
    "Billboards – Digital Advertising Boards",
    "Inside toilet doors (schools)",
    "Shop changing rooms",
    "Use of an influencer",
    "Resources hosted at a central point",
]

ENGAGEMENT_OPPORTUNITIES = [
    "Youth clubs, scouts, brownies, guides, dance groups",
    "British Transport Police",
    "Grassroots community groups",
    "Community Safety Partnership",
    "Leeds BACIL, businesses in the city centre – shops, fast-food, supermarkets etc.",
    "Detached youth service",
    "Engage with the West Yorkshire Communication Groups",
]

OTHER_CONSIDERATIONS = [
    "Simple Message i.e. like Ask for Angela, Report Remove it campaign",
    "Don't reinvent the wheel",
    "Universal, targeted &amp; specific",
    "Link in with PSHE curriculum lessons",
    "Work with organisations that have already tried and tested campaigns or can advise on what work has been "
    "done or is about to be done re campaigns",
    "Messaging could be forceful and relentless",
    "Address why children do not report when it comes to intimate images",
    "It should change people's understanding of what the issue is",
    "Acknowledge the generational ages and gaps between children and parents / carers",
    "Can we join up a campaign/use what exists? Would be more cost-effective",
]


def campaigns() -> dict:
    return {campaign["id"]: campaign for campaign in load("campaigns")["campaigns"]}


@pytest.mark.parametrize(
    "campaign_id, audience, focus",
    [(CHILDREN_CAMPAIGN, "children", CHILDREN_FOCUS), (ADULTS_CAMPAIGN, "parents", ADULTS_FOCUS)],
)
def test_campaign_focus_is_complete(campaign_id, audience, focus):
    campaign = campaigns()[campaign_id]
    assert campaign["status"] == "scoping"
    assert audience in campaign["audiences"]
    assert set(normed(focus)) <= set(normed(campaign["focus"])), missing(focus, campaign["focus"])


@pytest.mark.parametrize("campaign_id", [CHILDREN_CAMPAIGN, ADULTS_CAMPAIGN])
@pytest.mark.parametrize(
    "field, expected",
    [
        ("mediums", MEDIUMS),
        ("engagement_opportunities", ENGAGEMENT_OPPORTUNITIES),
        ("other_considerations", OTHER_CONSIDERATIONS),
    ],
)
def test_campaign_lists_are_complete(campaign_id, field, expected):
    campaign = campaigns()[campaign_id]
    assert not missing(expected, campaign.get(field, []))


def test_campaigns_have_co_production_from_the_report():
    for campaign in campaigns().values():
        co_production = " ".join(campaign.get("co_production", [])).lower()
        for phrase in ["meaningful involvement", "focus groups", "leeds trinity university", "true stories"]:
            assert phrase in co_production, (campaign["id"], phrase)


# --- Existing practice and resources (QS2) -----------------------------------

# (title in resources.yaml, the item as the report writes it)
EXISTING_PRACTICE = [
    ("West Yorkshire Child First Framework", "West Yorkshire Child First Framework"),
    (
        "West Yorkshire Youth Commission ‘Big Conversation’ Report",
        "West Yorkshire Youth Commission ‘Big Conversation’ Report",
    ),
    ("My Schools Surveys", "My Schools Surveys"),
    ("Youth Councils", "Youth Councils"),
    ("Local Children’s Voice Group", "Local Children’s Voice Group"),
    ("Young People Action Group", "Young People Action Group includes children in an age-appropriate way"),
    ("Building Futures Groups", "Building Futures Groups – across children and young people services"),
    ("Youth Clubs and Charity Groups", "Youth Clubs and Charity Groups"),
    ("Police Connects Programme", "Police Connects Programme"),
    ("Voice of the Child Influencer", "Voice of the Child Influencer"),
    (
        "Cyber Youth Survey in schools across West Yorkshire",
        "Cyber Youth Survey in schools across West Yorkshire – survey consulted on with children and feeds into "
        "Southwest Grid for Learning",
    ),
    (
        None,  # shortened to a clear title; the full wording is in the description
        "In education and youth work sectors, there is informal and non-informal work taking place that feeds into "
        "the Yorkshire SEND Alliance around digital issues and exploitation of young people with disabilities",
    ),
    ("Pol-ed content used in schools", "Pol-ed content used in schools"),
]


@pytest.mark.parametrize("title, wording", EXISTING_PRACTICE, ids=[w[:40] for _, w in EXISTING_PRACTICE])
def test_existing_practice_item_is_a_resource(title, wording):
    resources = load("resources")["resources"]
    matches = [r for r in resources if norm(wording) in norm(r["title"] + " " + r["description"])]
    assert matches, f"no resource carries the report's wording: {wording}"
    if title is not None:
        assert any(norm(r["title"]) == norm(title) for r in matches)
    resource = matches[0]
    assert resource["type"] in ("practice", "research")
    assert "QS2" in resource.get("quality_standards", [])
    assert "child-voice" in resource["topics"]


# --- Services: sources and phone numbers --------------------------------------

def services() -> list[dict]:
    return load("services")["services"]


def test_every_service_has_source_and_last_reviewed():
    for service in services():
        assert str(service.get("source", "")).strip(), service["id"]
        assert str(service.get("last_reviewed", "")).strip(), service["id"]


def phone_numbers(service: dict) -> list[str]:
    contact = service.get("contact", {})
    numbers = [contact[key] for key in ("phone", "text") if key in contact]
    numbers += [other["number"] for other in contact.get("other_phones", [])]
    return numbers


def test_every_phone_number_is_in_the_facts_table():
    if not FACTS.is_file():
        pytest.skip(f"the sourced facts table is not at {FACTS} (it sits beside the repository, in shared/)")
    facts = FACTS.read_text(encoding="utf-8")
    # UK numbers as the facts table writes them, spaces removed: "0808 800 5000" -> "08088005000".
    sourced = {re.sub(r"\s", "", n) for n in re.findall(r"(?<!\d)0\d(?: ?\d){6,9}(?!\d)", facts)}
    for service in services():
        for number in phone_numbers(service):
            assert re.sub(r"\s", "", number) in sourced, f"{service['id']}: {number} is not in {FACTS.name}"


def test_unconfirmed_contacts_are_left_out():
    by_id = {service["id"]: service for service in services()}
    # "phone not confirmed" / "number not confirmed" in the facts table
    for service_id in ("marie-collins-foundation", "kirklees-childrens-social-care", "wakefield-childrens-social-care"):
        assert not phone_numbers(by_id[service_id]), service_id
    # Internet Matters' address is not confirmed from the organisation itself
    for name in ("services", "resources", "campaigns", "champions", "alliance"):
        assert "internet matters" not in (DATA / f"{name}.yaml").read_text(encoding="utf-8").lower()
