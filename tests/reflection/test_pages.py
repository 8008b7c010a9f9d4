"""The self-reflection tool's built pages: every question of data/reflection.yaml
on its page, the draft notice, a complete form without JavaScript, links that
lead somewhere, and the Alliance's summary rendered with nothing small in it."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys

import pytest
import yaml

from hub.build.build import build_site
from hub.records.questionsets import questions
from hub.reflection.protection import LIMITS, PROTECTION
from tests.conftest import REPO
from tests.reflection.test_summarise import ROUND, SCENARIO, write_returns

REFLECTION = yaml.safe_load((REPO / "data" / "reflection.yaml").read_text(encoding="utf-8"))
SETS = [s["id"] for s in REFLECTION["sets"]]


def article(site, path: str) -> str:
    markup = (site / path / "index.html").read_text(encoding="utf-8")
    return markup[markup.index('id="hub-main"'): markup.index("</article>")]


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def definition(markup: str) -> dict:
    found = re.search(r'<script type="application/json" id="reflect-definition" data-root="([^"]*)">(.*?)</script>', markup, re.S)
    return {"root": found.group(1), **json.loads(found.group(2))}


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("set_id", SETS)
def test_every_question_of_the_set_is_on_its_page(built_site, set_id):
    question_set = next(s for s in REFLECTION["sets"] if s["id"] == set_id)
    page = text_of(article(built_site, f"reflect/{set_id}"))
    for section in question_set["sections"]:
        assert squash(section["title"]) in page
    for question in questions(question_set):
        assert squash(question["text"]) in page, question["id"]
        for words in [question.get("hint"), question.get("good_looks_like"), question.get("next_step")]:
            if words:
                assert squash(words) in page, (question["id"], words)
        for level in question.get("levels", []):
            assert squash(level["description"]) in page
            if "next_step" in level:
                assert squash(level["next_step"]) in page
        for option in question.get("options", []):
            assert squash(option["label"]) in page
    for item in question_set.get("audit_questions", {}).get("questions", []):
        assert squash(item["text"]) in page


@pytest.mark.parametrize("set_id", SETS)
def test_the_page_says_plainly_the_set_is_a_draft(built_site, set_id):
    page = text_of(article(built_site, f"reflect/{set_id}"))
    assert "Draft: awaiting the Technology Alliance's approval" in page
    assert "this hub's own draft wording, which the Technology Alliance has not yet approved" in page


@pytest.mark.parametrize("set_id", SETS)
def test_without_javascript_the_page_is_a_complete_form(built_site, set_id):
    question_set = next(s for s in REFLECTION["sets"] if s["id"] == set_id)
    markup = article(built_site, f"reflect/{set_id}")
    for question in questions(question_set):
        count = len(re.findall(rf'name="question:{re.escape(question["id"])}"', markup))
        expected = {"scale": 10, "levels": 4, "text": 1}.get(question["kind"]) or len(question["options"])
        assert count == expected, question["id"]
        if question["kind"] != "text":
            legend = re.search(rf'<fieldset[^>]*data-question="{question["id"]}"[^>]*>\s*<legend>(.*?)</legend>', markup, re.S)
            assert legend and html.unescape(legend.group(1)) == question["text"]
    for field in ("district", "sector", "role_band"):
        assert f'name="context:{field}"' in markup
    # The tool's controls appear only with JavaScript; the printable plan only without it.
    assert re.search(r'<div class="reflect-tools" hidden data-reflect-dynamic', markup)
    assert re.search(r"<div data-reflect-static>.*<table class=\"reflect-paper-plan\">", markup, re.S)
    assert "<noscript>" in markup
    assert not re.search(r"<input[^>]*\b(required|checked)\b", markup), "nothing is chosen for the person"


@pytest.mark.parametrize("set_id", SETS)
def test_the_definition_matches_the_data_and_its_links_lead_to_built_pages(built_site, set_id):
    question_set = next(s for s in REFLECTION["sets"] if s["id"] == set_id)
    found = definition(article(built_site, f"reflect/{set_id}"))
    assert (found["set"], found["version"]) == (set_id, question_set["version"])
    assert [q["id"] for q in found["questions"]] == [q["id"] for q in questions(question_set)]
    assert found["root"] == "../../"
    links = [link for q in found["questions"] for link in q["links"] + [l for o in q.get("options", []) for l in o["links"]]]
    assert links, "weak answers point at the hub's own records"
    for link in links:
        assert (built_site / link["url"] / "index.html").is_file(), link
        assert link["kind"] in ("Service", "Resource", "Campaign", "Training")


def test_training_needs_point_at_records_on_that_topic(built_site):
    found = definition(article(built_site, "reflect/practitioner"))
    needs = next(q for q in found["questions"] if q["id"] == "training-needs")
    removal = next(o for o in needs["options"] if o["id"] == "image-sharing")
    assert {"Report Remove", "Take It Down"} <= {link["title"] for link in removal["links"]}


def test_any_listed_record_type_with_topics_is_matched_training_too():
    from hub.records.kinds import BY_KEY
    from hub.reflection.pages import LINK_CANDIDATES, _TopicIndex

    def view(kind, title, topics, standards=(), districts=None):
        return {"kind": kind, "type": BY_KEY[kind], "title": title, "url": f"{kind}/{title.lower()}/", "district_ids": districts,
                "record": {"topics": list(topics), "quality_standards": list(standards)}}

    views = {
        "services": [view("services", "Helpline", ["sextortion"], ["QS5"], ["leeds"])],
        "training": [view("training", "Course", ["sextortion", "grooming"], ["QS1"]), view("training", "Other", ["law"])],
        "campaigns": [{"kind": "campaigns", "type": BY_KEY["campaigns"], "title": "No topics", "url": "campaigns/x/", "record": {}}],
    }
    links = _TopicIndex(views, district_count=5).links(["sextortion", "grooming"], ["QS1"])
    assert links == [
        {"title": "Course", "url": "training/course/", "kind": "Training"},  # two topics shared
        {"title": "Helpline", "url": "services/helpline/", "kind": "Service", "districts": ["leeds"]},
    ]
    assert LINK_CANDIDATES >= 5


def test_the_index_offers_each_set_and_says_where_answers_go(built_site):
    markup = article(built_site, "reflect")
    page = text_of(markup)
    for question_set in REFLECTION["sets"]:
        assert f'href="../reflect/{question_set["id"]}/"' in markup
        assert f"{len(questions(question_set))} questions, about {question_set['minutes']} minutes" in page
    assert "Your answers stay in the page, on your device" in page
    assert "No round of returns has been summarised yet" in page


def test_the_nav_lists_the_tool_once_and_no_set_or_summary_page(built_site):
    markup = (built_site / "index.html").read_text(encoding="utf-8")
    nav = markup[markup.index('<nav class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>")]
    assert nav.count("Self-reflection tool") == 1
    assert "reflect/practitioner" not in nav and "alliance/reflection" not in nav


# ----------------------------------------------------------------------------
# A round's summary on the site, and record text that stays text
# ----------------------------------------------------------------------------

HOSTILE = '"</script><script>alert(1)</script>{{ 7*7 }}"'


@pytest.fixture(scope="module")
def site_with_summary(tmp_path_factory):
    from tests.conftest import copy_site_sources

    base = tmp_path_factory.mktemp("reflect-summary")
    root = copy_site_sources(base / "hub")
    path = root / "data" / "reflection.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: Training received on OCSV/A", f"label: {HOSTILE}", 1), encoding="utf-8")
    counts = {"leeds": 12, "kirklees": 9, "bradford": 6, "calderdale": 3}
    folder = base / "returns"
    write_practitioner_returns(folder, counts)
    result = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), "reflect", "summarise", str(folder),
                             "--round", ROUND, "--csv", str(base / "summary.csv")], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert build_site(root, out=base / "site", log=lambda line: None)
    return base / "site"


def write_practitioner_returns(folder, counts):
    """Returns for the repository's own practitioner set."""
    practitioner = next(s for s in REFLECTION["sets"] if s["id"] == "practitioner")

    def answers(district, index):
        return {"confidence-workforce": 3 + index % 6, "training-received": "none" if index % 3 else "in-last-year",
                "training-needs": ["sextortion", "grooming"] if district == "leeds" else ["law"], "reporting-how": 1 + index % 4}

    write_returns(folder, counts, version=practitioner["version"], answers=answers)
    for path in folder.iterdir():
        data = json.loads(path.read_text())
        data["set"] = "practitioner"
        path.write_text(json.dumps(data))


def test_the_summary_is_rendered_on_the_alliance_pages(site_with_summary):
    page = text_of(article(site_with_summary, f"alliance/reflection/{ROUND.lower()}"))
    assert "What practitioners and organisations told us: July to December 2026" in page
    assert "Not shown means a figure is withheld: it may be 0, fewer than 5, or more." in page
    assert "Confidence beside the 2025 baseline" in page
    assert "4.7 (31 answered)" in page, "the report's baseline beside this round"
    assert "Top training needs" in page and "Sextortion and blackmail with images (12, 100%)" in page
    assert "No returns were received for this set this round." in page, "the organisation set had none"
    listing = text_of(article(site_with_summary, "alliance/reflection"))
    assert "July to December 2026 (2026-H2)" in listing
    assert "July to December 2026" in text_of(article(site_with_summary, "reflect"))


def test_no_table_cell_of_the_summary_shows_1_to_4(site_with_summary):
    markup = article(site_with_summary, f"alliance/reflection/{ROUND.lower()}")
    cells = [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", markup, re.S)]
    # Counts are whole numbers, alone or before a percentage; averages have a decimal point
    # and the baseline's cells say how many answered.
    counts = [int(re.match(r"\d+", cell).group()) for cell in cells if re.match(r"\d+( \(|$)", cell) and "answered)" not in cell]
    assert counts, "the tables have counts"
    assert not [n for n in counts if 0 < n < 5], counts
    assert "not shown" in cells


def test_record_text_stays_text_in_the_page_and_its_script(site_with_summary):
    for path in ("reflect/practitioner", f"alliance/reflection/{ROUND.lower()}"):
        markup = (site_with_summary / path / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)" not in markup, path
        assert "49" not in re.findall(r"alert\(1\)[^<]{0,40}", html.unescape(markup))[0]
    found = definition(article(site_with_summary, "reflect/practitioner"))
    label = next(q["label"] for q in found["questions"] if q["id"] == "training-received")
    assert label == HOSTILE.strip('"'), "the JSON holds the text as written, escaped for the script element"


def test_the_rule_set_is_on_the_summary_page_and_in_contributing_in_the_same_words(site_with_summary):
    page = text_of(article(site_with_summary, f"alliance/reflection/{ROUND.lower()}"))
    contributing = squash((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    for rule in PROTECTION + (LIMITS,):
        assert squash(rule) in page, rule[:60]
        assert squash(rule) in contributing, rule[:60]
    assert "For this round the board counted files, not senders." in page
    assert "Draft: these rules are the hub's own words until the board approves them." in page


def render_summary(summary: dict) -> str:
    from hub.records.loader import load
    from hub.records.settings import load_settings
    from hub.reflection.pages import round_name, summary_context
    from hub.site.pages import Page, render_page
    from hub.site.render import environment

    hub = load(REPO)
    context = summary_context(hub.sources["reflection"].data, hub.vocab, summary)
    page = Page(f"alliance/reflection/{summary['round'].lower()}.md", round_name(summary["round"]), "reflect_summary.html", context)
    return text_of(render_page(environment(), hub, load_settings(REPO), page))


def test_a_revised_round_counted_by_senders_says_so():
    practitioner = REFLECTION["sets"][0]
    summary = {"round": "2026-H2", "produced": "2026-11-25", "revised": "2026-12-01", "senders_counted": True,
               "sets": [{"set": practitioner["id"], "version": practitioner["version"], "questions": [],
                         "returns": [{"group": "all", "hidden": True}]}]}
    page = render_summary(summary)
    assert "Revised on 1 December 2026. An earlier version was published on 25 November 2026." in page
    assert "For this round the board counted senders." in page
    assert ("In this revised version the number of returns for this set is withheld, because comparing it with the "
            "earlier version would single out the returns that changed") in page
    assert "Fewer than 5 returns were received" not in page
