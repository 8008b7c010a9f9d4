"""The young people's pages as built: their own entrance, Exit first, drafts until
young people check them, only what fits the age chosen, who to turn to when
nothing fits, each fact with its source, words young people search for, and a
co-production pack that holds each page's words."""

from __future__ import annotations

import datetime
import html
import re

import pytest
import yaml

from hub.build.build import build_site
from hub.records.loader import load
from hub.records.settings import load_settings
from hub.site.views import record_views
from hub.site.young import page_parts, reading_ages, young_pages
from tests.conftest import REAL_TODAY, REPO

YOUNG = yaml.safe_load((REPO / "data" / "young-people.yaml").read_text(encoding="utf-8"))
ROUTES = [route["id"] for route in YOUNG["routes"]]
AGE_BANDS = yaml.safe_load((REPO / "data" / "vocabularies.yaml").read_text(encoding="utf-8"))["age_bands"]
AGES = [age["id"] for age in AGE_BANDS]
# Every young people's page a visitor can open (the pack is for the adults who run sessions).
PAGES = ["young-people/", *(f"young-people/{r}/" for r in ROUTES), *(f"young-people/{r}/{a}/" for r in ROUTES for a in AGES),
         "young-people/staying-safe/", "young-people/you-said-we-did/"]


def html_of(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def article(site, path: str) -> str:
    markup = html_of(site, path)
    return markup[markup.index('id="hub-main"'): markup.index("</article>")]


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def built_pages(root=REPO) -> list[dict]:
    hub = load(root, today=datetime.date.fromisoformat(REAL_TODAY))
    settings = load_settings(root)
    now = datetime.datetime.now()
    return young_pages(hub, settings, record_views(hub, settings), now)


def test_every_page_has_the_young_people_entrance_and_the_home_page_has_its_own(built_site):
    for path in ["", "services/childline/", "resources/", *PAGES]:
        assert 'class="hub-young-entrance" href=' in html_of(built_site, path), path
    home = article(built_site, "")
    assert home.index('class="hub-young-start"') < home.index('class="hub-urgent"'), "the entrance comes before the long urgent box"


@pytest.mark.parametrize("path", PAGES)
def test_exit_is_the_first_thing_on_each_page(built_site, path):
    body = article(built_site, path)
    first_link = re.search(r"<a [^>]*>", body).group(0)
    assert 'class="hub-young-exit__button"' in first_link and "data-hub-exit" in first_link
    assert f'href="{load_settings(REPO)["exit_url"]}"' in first_link


@pytest.mark.parametrize("path", [p for p in PAGES if not p.endswith("you-said-we-did/")])
def test_each_page_says_it_is_a_draft_until_young_people_check_it(built_site, path):
    assert "Draft: the hub wrote this page. Young people have not checked it yet." in text_of(article(built_site, path))


def test_a_checked_page_says_who_checked_it_and_when_and_the_rest_stay_drafts(site_sources, tmp_path):
    path = site_sources / "data" / "co-production.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("sessions: []", """sessions:
  - group: Example Youth Council
    date: 2026-11-10
    pages:
      - young-people/threatened/
    feedback:
      - you_said: Say blackmail first.
        we_did: The page now says blackmail first.
        page: young-people/threatened/
      - you_said: Make the Exit button bigger.
"""), encoding="utf-8")
    out = tmp_path / "site"
    assert build_site(site_sources, out=out, log=lambda line: None)
    for checked in ("young-people/threatened/", "young-people/threatened/under-13/"):
        words = text_of(article(out, checked))
        assert "Checked with young people from Example Youth Council, November 2026." in words and "Draft:" not in words
    assert "Draft:" in text_of(article(out, "young-people/nude-online/"))
    said = text_of(article(out, "young-people/you-said-we-did/"))
    assert "Example Youth Council, November 2026" in said
    assert "You said (about “Someone is threatening to share a nude of me, or wants money”) Say blackmail first." in said
    assert "We did The page now says blackmail first." in said
    assert "Make the Exit button bigger. We did We have not changed this yet." in said
    assert "Checked with young people from Example Youth Council, November 2026" in text_of(article(out, "young-people/co-production-pack/"))


def test_an_age_page_shows_only_the_services_for_that_age(built_site):
    # Report Harmful Content is for 13 and over; Childline up to 18.
    def services(path):
        return re.findall(r'<section class="hub-young-service" aria-labelledby="service-([a-z0-9-]+)"', article(built_site, path))
    assert services("young-people/bullying/") == ["report-harmful-content", "childline"]
    assert services("young-people/bullying/13-to-17/") == ["report-harmful-content", "childline"]
    assert services("young-people/bullying/under-13/") == ["childline"]
    for route in ROUTES:
        assert services(f"young-people/{route}/") == [s for s in next(r for r in YOUNG["routes"] if r["id"] == route)["services"]]


def test_when_nothing_fits_the_age_the_page_says_so_and_who_to_turn_to(site_sources, tmp_path):
    path = site_sources / "data" / "young-people.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "    services:\n      - report-harmful-content\n      - childline\n", "    services:\n      - report-harmful-content\n"), encoding="utf-8")
    out = tmp_path / "site"
    assert build_site(site_sources, out=out, log=lambda line: None)
    words = text_of(article(out, "young-people/bullying/under-13/"))
    assert "None of these services are for your age." in words
    assert "If nothing here fits Tell an adult you trust, like someone in your family, a teacher or a youth worker." in words
    assert "Childline" in words and 'href="tel:08001111"' in article(out, "young-people/bullying/under-13/")
    assert "None of these services" not in text_of(article(out, "young-people/bullying/13-to-17/"))


def test_every_fact_shows_with_its_question_and_links_its_source(built_site):
    services = {s["id"]: s for s in load(REPO, today=datetime.date.fromisoformat(REAL_TODAY)).records("services")}
    body = article(built_site, "young-people/threatened/")
    for service_id in ("ceop-safety-centre", "report-remove", "childline"):
        for key, fact in services[service_id]["young_people"].get("what_happens_next", {}).items():
            question = html.escape(YOUNG["questions"][key], quote=False).replace("'", "&#39;")
            assert f"<dt>{question}</dt>" in body, (service_id, key)
            assert f'href="{fact["source"]}"' in body, (service_id, key)


def test_route_pages_are_searched_with_the_words_young_people_use_and_age_pages_are_not(built_site):
    for route in YOUNG["routes"]:
        page = html_of(built_site, f"young-people/{route['id']}/")
        assert "data-pagefind-body" in page and 'data-pagefind-filter="type:For young people"' in page
        assert all(html.escape(word, quote=False) in page for word in route["words"])
        for age in AGES:
            assert "data-pagefind-body" not in html_of(built_site, f"young-people/{route['id']}/{age}/")
    assert "data-pagefind-body" not in html_of(built_site, "young-people/co-production-pack/")


def test_the_pages_keep_nothing_and_need_no_script(built_site):
    for path in PAGES:
        body = article(built_site, path)
        assert "data-hub-add" not in body and "<form" not in body and "<script" not in body, path


def test_each_reviewed_page_reads_at_or_below_the_setting():
    pages = built_pages()
    ages = reading_ages(pages)
    highest = load_settings(REPO)["young_people_reading_age"]
    assert list(ages) == ["young-people/", *(f"young-people/{r}/" for r in ROUTES), "young-people/staying-safe/"]
    print("\nReading age of each young people's page (Flesch-Kincaid grade + 5):")
    for url, age in ages.items():
        print(f"  {url:40} {age:5.1f}")
    assert all(age <= highest for age in ages.values()), ages


def test_the_pack_holds_every_word_each_page_shows(built_site):
    pages = built_pages()
    pack = text_of(article(built_site, "young-people/co-production-pack/"))
    for page in pages:
        if page["template"] in ("young_start.html", "young_route.html", "young_safe.html") and "/under-13/" not in page["context"]["url"] \
                and "/13-to-17/" not in page["context"]["url"]:
            for _, words in page_parts(page):
                assert text_of(html.escape(words)) in pack, (page["context"]["url"], words)
    assert pack.count("What would you call this?") >= len(ROUTES) + 2
    for question in yaml.safe_load((REPO / "data" / "co-production.yaml").read_text(encoding="utf-8"))["questions"]:
        assert pack.count(question) == len(ROUTES) + 2, question
