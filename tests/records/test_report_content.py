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
from urllib.parse import urlsplit

import pytest
import yaml

DATA = Path(__file__).parents[2] / "data"
FACTS = Path(__file__).parents[3] / "shared" / "facts" / "README.md"

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
    # The report gives "Proposed Terms of Reference" and "Proposed Chair": the
    # alliance stays `proposed` until it agrees its own (the page says so).
    assert alliance["status"] == "proposed"
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


# The report's "Awareness Campaigns" table has a column per audience: the
# first (Children and Young People) holds "Methods/Mediums", the second
# (Parents / Adults / Carers) "Engagement opportunities". Each campaign
# carries only its own column; "Other considerations" are general.
@pytest.mark.parametrize(
    "campaign_id, field, expected",
    [
        (CHILDREN_CAMPAIGN, "mediums", MEDIUMS),
        (ADULTS_CAMPAIGN, "engagement_opportunities", ENGAGEMENT_OPPORTUNITIES),
        (CHILDREN_CAMPAIGN, "other_considerations", OTHER_CONSIDERATIONS),
        (ADULTS_CAMPAIGN, "other_considerations", OTHER_CONSIDERATIONS),
    ],
)
def test_campaign_lists_are_complete(campaign_id, field, expected):
    campaign = campaigns()[campaign_id]
    assert not missing(expected, campaign.get(field, []))
    assert len(campaign[field]) == len(normed(campaign[field])), "nothing added that the report does not give"


@pytest.mark.parametrize("campaign_id, field", [(CHILDREN_CAMPAIGN, "engagement_opportunities"), (ADULTS_CAMPAIGN, "mediums")])
def test_each_campaign_carries_only_its_own_audiences_column(campaign_id, field):
    assert not campaigns()[campaign_id].get(field), f"{campaign_id} carries the other audience's {field}"


def test_campaign_titles_the_hub_gave_are_marked_as_working_titles():
    for campaign in campaigns().values():
        # The report names no campaign: every title here is the hub's.
        assert campaign.get("working_title") is True, campaign["id"]


def test_campaigns_have_co_production_from_the_report():
    for campaign in campaigns().values():
        co_production = " ".join(campaign.get("co_production", [])).lower()
        for phrase in ["meaningful involvement", "focus groups", "leeds trinity university", "true stories"]:
            assert phrase in co_production, (campaign["id"], phrase)


def test_the_pledge_route_is_marked_as_the_hubs_suggestion():
    pledge = norm(load("champions")["role"]["how_to_pledge"])
    assert "does not set out" in pledge and "this hub suggests" in pledge
    assert "not the report's words" in pledge


# --- Recommendations and the QS1 baseline -------------------------------------

RECOMMENDATIONS = [
    "Refine the proposal for a technology alliance (consider in further detail membership and more focused remit) "
    "and implement when possible and appropriate.",
    "Refine the remit of the technology champion role, along as providing clear guidance and support for these "
    "champions.",
    "Draw together and centralise a repository of resources, guidance and support relating to digital harms and "
    "online child sexual exploitation and abuse.",
    "Consider and utilise the findings of the Public Awareness Campaign scoping when developing any future campaigns "
    "around this topic area.",
    "Consider utilising the findings of this research to explore the development of an online self-reflection tool "
    "for practitioners and organisations.",
    "Consider embedding a focus on technology into the existing Section 11 Audit and Organisational Safeguarding "
    "Assessment (OSA) for 2026.",
]

# What the hub does about each: the site paths a recommendation must link to.
RECOMMENDATION_LINKS = {
    1: {"alliance/"},
    2: {"champions/", "training/"},
    3: {"services/", "resources/"},
    4: {"campaigns/"},
    5: {"reflect/"},
    6: {"reflect/"},
}


def test_recommendations_are_word_for_word_and_each_says_what_the_hub_does():
    recommendations = load("report")["recommendations"]
    assert [r["number"] for r in recommendations] == [1, 2, 3, 4, 5, 6]
    assert [norm(r["text"]) for r in recommendations] == [norm(text) for text in RECOMMENDATIONS]
    for rec in recommendations:
        assert norm(rec["hub_response"]), rec["number"]
        assert RECOMMENDATION_LINKS[rec["number"]] <= {link["path"] for link in rec["links"]}, rec["number"]


BASELINE = [
    ("How confident are you of the workforce understanding the digital space and OCSV within West Yorkshire?", 4.7, 31,
     ["The average response (n=31) to this question was 4.7 out of 10, with the modal response being 5 (n=11), "
      "followed by 4 (n=6) and 6 (n=3), suggesting most people had a moderate level of confidence understanding of "
      "the digital space."]),
    ("How confident are you in being able to respond to harms associated within the digital space or OCSV?", 5, 31,
     ["The average response (n=31) to this question was 5 out of 10.",
      "These responses were far more varied, which suggests there may be some disparity in levels of confidence "
      "when needing to respond to harms."]),
    ("How confident are you that you know how to access training on OCSV?", 4, 29,
     ["The average response (n=29) to this question was 4 out of 10. The modal response was 2 (n=7).",
      "35% of respondents (10) scored above a neutral or moderate level of confidence for knowing how to access "
      "training on OCSV, indicating that more awareness is needed on how to find training."]),
]


def test_qs1_baseline_confidence_scores_are_word_for_word_with_n():
    baselines = load("report")["baselines"]
    assert [b["standard"] for b in baselines] == ["QS1"]
    assert "on a scale of 1-10, with 10 being the most confident" in norm(baselines[0]["introduction"])
    questions = baselines[0]["questions"]
    assert [(norm(q["question"]), q["average"], q["n"], q["out_of"]) for q in questions] == [
        (norm(question), average, n, 10) for question, average, n, _ in BASELINE]
    assert [normed(q["findings"]) for q in questions] == [normed(findings) for *_, findings in BASELINE]


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


def by_id() -> dict[str, dict]:
    return {service["id"]: service for service in services()}


def sources_of(record: dict) -> list[str]:
    return record["source"] if isinstance(record["source"], list) else [record["source"]]


def test_every_service_has_source_and_last_reviewed():
    for service in services():
        assert sources_of(service) and all(str(s).strip() for s in sources_of(service)), service["id"]
        assert str(service.get("last_reviewed", "")).strip(), service["id"]


def test_every_source_is_one_page_that_holds_the_fact():
    for name in ("services", "resources"):
        for record in load(name)[name]:
            for source in sources_of(record):
                assert len(re.findall(r"https?://", source)) <= 1, f"{record['id']}: two addresses in one source: {source}"
                if source.startswith("http"):
                    assert urlsplit(source).path not in ("", "/"), f"{record['id']}: {source} is only a home page"


def phone_numbers(service: dict) -> list[str]:
    contact = service.get("contact", {})
    numbers = [contact[key] for key in ("phone", "text") if key in contact]
    numbers += [other["number"] for other in contact.get("other_phones", [])]
    return numbers


def test_every_phone_number_is_in_the_facts_table():
    if not FACTS.is_file():
        pytest.skip(f"the sourced facts table is not at {FACTS} (it sits beside the repository, in shared/)")
    facts = FACTS.read_text(encoding="utf-8")
    # UK numbers as the facts table writes them, spaces removed: "0808 800 5000" -> "08088005000";
    # and the police's short numbers (999, 101) as words.
    sourced = {re.sub(r"\s", "", n) for n in re.findall(r"(?<!\d)0\d(?: ?\d){6,9}(?!\d)", facts)}
    sourced |= set(re.findall(r"\b(?:999|101)\b", facts))
    numbers = [(service["id"], number) for service in services() for number in phone_numbers(service)]
    assert ("west-yorkshire-police", "101") in numbers, "the short numbers are checked too"
    for service_id, number in numbers:
        assert re.sub(r"\s", "", number) in sourced, f"{service_id}: {number} is not in {FACTS.name}"


def test_unconfirmed_contacts_are_left_out():
    services_by_id = by_id()
    # "phone not confirmed" / "number not confirmed" in the facts table
    for service_id in ("marie-collins-foundation", "kirklees-childrens-social-care", "wakefield-childrens-social-care"):
        assert not phone_numbers(services_by_id[service_id]), service_id
    # Leeds' public numbers are not settled: only the two practitioner numbers
    assert sorted(phone_numbers(services_by_id["leeds-childrens-social-care"])) == ["0113 376 0336", "0113 535 0600"]
    # Internet Matters' address is not confirmed from the organisation itself
    for name in ("services", "resources", "campaigns", "champions", "alliance", "report"):
        assert "internet matters" not in (DATA / f"{name}.yaml").read_text(encoding="utf-8").lower()


def test_leeds_numbers_say_they_are_for_practitioners_and_are_not_offered_to_the_public():
    leeds = by_id()["leeds-childrens-social-care"]
    professional = {t["id"] for t in load("vocabularies")["audiences"] if t.get("professional")}
    assert set(leeds["audiences"]) <= professional, "the page and both numbers are published for practitioners"
    contact = leeds["contact"]
    descriptions = [contact["phone_description"]] + [p["description"] for p in contact["other_phones"]]
    assert all("practitioners" in d.lower() for d in descriptions), descriptions
    assert "practitioners only" in next(p["description"] for p in contact["other_phones"] if p["number"] == "0113 535 0600").lower()
    assert "self-referral" not in leeds["access"]


def test_west_yorkshire_police_is_listed_with_999_101_and_its_child_abuse_page():
    police = by_id()["west-yorkshire-police"]
    assert police["coverage"] == {"area": "region"} and police.get("front_door") is True
    assert police["contact"]["phone"] == "101"
    assert [p["number"] for p in police["contact"]["other_phones"]] == ["999"]
    assert police["contact"]["website"] == "https://www.westyorkshire.police.uk/childabuse"
    assert sources_of(police) == ["https://www.westyorkshire.police.uk/childabuse"]


def test_stop_it_now_is_also_for_adults_worried_about_their_own_thoughts():
    stop_it_now = by_id()["stop-it-now"]
    assert "adults" in stop_it_now["audiences"]
    assert "their own or someone else's" in stop_it_now["description"]


def test_thinkuknow_and_ceop_education_are_one_record_with_both_addresses():
    resources = load("resources")["resources"]
    programme = [r for r in resources if "thinkuknow" in (r["title"] + r.get("url", "")).lower()
                 or "ceopeducation" in r.get("url", "")]
    assert len(programme) == 1, [r["id"] for r in programme]
    addresses = {programme[0]["url"]} | {link["url"] for link in programme[0].get("other_links", [])}
    assert addresses == {"https://www.thinkuknow.co.uk/", "https://www.ceopeducation.co.uk/"}


def test_report_remove_starts_young_people_on_childlines_page():
    report_remove = by_id()["report-remove"]
    assert urlsplit(report_remove["contact"]["website"]).netloc == "www.childline.org.uk"
    assert "iwf.org.uk" not in str(report_remove["contact"]), "the IWF's page is for adults supporting a young person"
    assert any("childline.org.uk" in source for source in sources_of(report_remove))


def test_contacts_confirmed_only_by_third_parties_say_so():
    helpline = by_id()["professionals-online-safety-helpline"]
    assert {urlsplit(s).netloc.removeprefix("www.") for s in sources_of(helpline)} == {
        "naht.org.uk", "bristolsafeguardingineducation.org"}
    assert "only on third-party pages" in norm(helpline["source_note"])
