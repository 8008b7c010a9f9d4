"""The young people's facts, routes and co-production records: every fact comes
from the service's own site, routes offer only services for young people, and a
co-production record never holds a child's name or contact details."""

from __future__ import annotations

import datetime
import json

import pytest
import yaml

from hub.records.loader import load
from hub.records.youngpeople import own_sites, reviewed_pages, site_of
from tests.conftest import REAL_TODAY, REPO
from tests.records.test_validate import line_of

TODAY = datetime.date.fromisoformat(REAL_TODAY)
FACT = "          source: https://www.example.org/help/young-people"
SESSION = """sessions:
  - group: Example Youth Council
    date: 2026-11-10
    pages:
      - young-people/
      - young-people/example-route/
    feedback:
      - you_said: Say it in fewer words.
        we_did: We cut the first page in half.
        page: young-people/
"""


@pytest.mark.parametrize("address, site", [
    ("https://learning.nspcc.org.uk/services/childline", "nspcc.org.uk"),
    ("https://www.childline.org.uk/about/", "childline.org.uk"),
    ("https://takeitdown.ncmec.org/faq/", "ncmec.org"),
    ("https://www.westyorkshire.police.uk/childabuse", "westyorkshire.police.uk"),
    ("https://swgfl.org.uk/helplines/", "swgfl.org.uk"),
])
def test_an_address_is_on_its_organisations_site(address, site):
    assert site_of(address) == site


def test_a_fact_from_another_site_is_refused(data_root, replace_in, run_validate):
    replace_in(data_root, "services", FACT, "          source: https://www.newspaper.example.com/story")
    line = line_of(data_root, "services", "source: https://www.newspaper.example.com/story")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert stdout.splitlines() == [
        f"data/services.yaml:{line}: service 'example-helpline' (Example Helpline): young_people.what_happens_next.anonymous.source: "
        "'https://www.newspaper.example.com/story' is not on the service's own website (example.org); what happens when young "
        "people get in touch must come from the service itself: give its own page that says it, or leave the fact out (a website "
        "the organisation runs under another name goes under young_people.own_sites)"]


def test_a_site_the_organisation_runs_under_another_name_can_be_listed(data_root, replace_in, run_validate):
    replace_in(data_root, "services", FACT, "          source: https://www.example-education.org.uk/advice/\n"
                                            "      own_sites:\n        - example-education.org.uk")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr


def test_a_route_offers_only_services_for_young_people_with_their_words(data_root, replace_in, run_validate):
    replace_in(data_root, "young-people", "    services:\n      - example-helpline\n    source:",
               "    services:\n      - example-district-service\n    source:")
    line = line_of(data_root, "young-people", "      - example-district-service")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert (f"data/young-people.yaml:{line}: route 'example-route': services[0]: 'example-district-service' is not for children "
            "and young people (its audiences leave out 'children'); offer only services young people can use themselves") in stdout

    replace_in(data_root, "services", "    audiences:\n      - professionals", "    audiences:\n      - children")
    code, stdout, _ = run_validate(data_root)
    assert (f"data/young-people.yaml:{line}: route 'example-route': services[0]: 'example-district-service' has no young_people "
            "part in services.yaml; add its summary in young people's words there first") in stdout


def test_a_route_id_may_not_take_another_pages_address(data_root, replace_in, run_validate):
    replace_in(data_root, "young-people", "  - id: example-route", "  - id: staying-safe")
    code, stdout, _ = run_validate(data_root)
    assert code == 1 and "routes[0].id" not in stdout
    assert "route 'staying-safe': id: 'staying-safe' is the address of another young people's page; choose another id" in stdout


# ----------------------------------------------------------------------------
# Co-production records
# ----------------------------------------------------------------------------

def test_a_session_names_its_group_and_pages(data_root, replace_in, run_validate):
    replace_in(data_root, "co-production", "sessions: []\n", SESSION)
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr


@pytest.mark.parametrize("slip, field, words", [
    ("    child_name: Amy Example\n", "child_name", "'child_name' looks like a field for a person's name or contact details"),
    ("    pupils:\n      - Amy Example\n      - Ben Example\n", "pupils", "'pupils' looks like a field for a person's name or contact details"),
    ("    contact_email: youth@example.org\n", "contact_email", "'contact_email' looks like a field for a person's name or contact details"),
], ids=["child_name", "pupils", "contact_email"])
def test_a_field_for_a_childs_name_or_contact_is_refused_in_one_message(data_root, replace_in, run_validate, slip, field, words):
    replace_in(data_root, "co-production", "sessions: []\n", SESSION.replace("    date: 2026-11-10\n", "    date: 2026-11-10\n" + slip))
    line = line_of(data_root, "co-production", f"{field}:")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert stdout.splitlines() == [
        f"data/co-production.yaml:{line}: session '2026-11-10': {field}: {words}; a co-production record names the group "
        "(e.g. 'Leeds Youth Council'), never a child, and holds no one's contact details: delete it"]
    assert "Amy" not in stdout and "youth@example.org" not in stdout, "the message must not repeat the details"


@pytest.mark.parametrize("said, what", [
    ("Ring Amy on 07700 900123 about it.", "holds what looks like a phone number"),
    ("Ring Amy on +44 7700 900 123 about it.", "holds what looks like a phone number"),
    ("Email amy.example@example.org about it.", "holds what looks like an email address"),
])
def test_a_phone_number_or_email_address_anywhere_in_a_session_is_refused(data_root, replace_in, run_validate, said, what):
    replace_in(data_root, "co-production", "sessions: []\n", SESSION.replace("Say it in fewer words.", said))
    line = line_of(data_root, "co-production", "you_said:")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert stdout.splitlines() == [
        f"data/co-production.yaml:{line}: session '2026-11-10': feedback[0].you_said: {what}"
        + (" (if it is a service's number, name the service instead)" if "phone" in what else "")
        + "; a co-production record names the group (e.g. 'Leeds Youth Council'), never a child, and holds no one's contact details: delete it"]
    assert "900123" not in stdout and "900 123" not in stdout and "amy.example" not in stdout


def test_a_service_number_of_eight_digits_is_not_mistaken_for_a_childs(data_root, replace_in, run_validate):
    replace_in(data_root, "co-production", "sessions: []\n", SESSION.replace("Say it in fewer words.", "Put Childline's 0800 1111 first."))
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr


def test_a_session_names_real_pages_and_has_taken_place(data_root, replace_in, run_validate):
    replace_in(data_root, "co-production", "sessions: []\n",
               SESSION.replace("      - young-people/example-route/", "      - young-people/example-rout/")
                      .replace("date: 2026-11-10", "date: 2027-01-10"))
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    pages = line_of(data_root, "co-production", "young-people/example-rout/")
    date = line_of(data_root, "co-production", "date: 2027-01-10")
    assert (f"data/co-production.yaml:{pages}: session '2027-01-10': pages[1]: 'young-people/example-rout/' is not one of the "
            "young people's pages; did you mean 'young-people/example-route/'?") in stdout
    assert f"data/co-production.yaml:{date}: session '2027-01-10': date: 2027-01-10 is in the future; record a session once it has taken place" in stdout


# ----------------------------------------------------------------------------
# The repository's own young people's facts
# ----------------------------------------------------------------------------

def test_every_what_happens_next_fact_has_a_source_on_the_services_own_site():
    hub = load(REPO, today=TODAY)
    assert hub.ok, [str(p) for p in hub.problems]
    facts = [(service["id"], key, fact) for service in hub.records("services")
             for key, fact in service.get("young_people", {}).get("what_happens_next", {}).items()]
    assert len(facts) >= 12
    for service_id, key, fact in facts:
        service = next(s for s in hub.records("services") if s["id"] == service_id)
        assert fact["source"].startswith("https://") and site_of(fact["source"]) in own_sites(service), (service_id, key, fact["source"])


def test_the_childline_number_has_a_source_that_shows_it():
    childline = next(s for s in load(REPO, today=TODAY).records("services")
                     if s["id"] == "childline")
    assert childline["contact"]["phone"] == "0800 1111"
    assert {"https://www.nspcc.org.uk/what-is-child-abuse/",
            "https://www.childline.org.uk/get-support/ask-sam/about-childline-asksam/will-my-parents-know-about-this/"} <= set(childline["source"])


def test_the_questions_young_people_ask_are_the_facts_services_give():
    common = json.loads((REPO / "data" / "schemas" / "common.schema.json").read_text(encoding="utf-8"))
    young = json.loads((REPO / "data" / "schemas" / "young-people.schema.json").read_text(encoding="utf-8"))
    facts = common["$defs"]["young_people_service"]["properties"]["what_happens_next"]["properties"]
    assert list(young["properties"]["questions"]["properties"]) == list(facts)
    assert young["properties"]["questions"]["required"] == list(facts)


def test_each_route_and_the_first_page_are_pages_to_review():
    young = yaml.safe_load((REPO / "data" / "young-people.yaml").read_text(encoding="utf-8"))
    pages = reviewed_pages(young)
    assert pages[0] == "young-people/" and pages[-1] == "young-people/staying-safe/"
    assert pages[1:-1] == [f"young-people/{route['id']}/" for route in young["routes"]]
