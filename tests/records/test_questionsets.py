"""The self-reflection question sets (data/reflection.yaml) and the published
summaries (data/reflection-summaries.yaml): the report's words kept exactly,
and every rule the schema cannot express reported at its file, line and field."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
import yaml

from hub.records.loader import load
from hub.records.questionsets import answer_problem, previous_round, questions, round_of
from hub.records.yamlsource import dotted, undotted
from tests.conftest import REPO
from tests.records.test_validate import line_of

REPORT = REPO.parent / "shared" / "seeds" / "000_f980f06ebdde16ec.txt"
TODAY = datetime.date(2026, 11, 25)
REAL = yaml.safe_load((REPO / "data" / "reflection.yaml").read_text(encoding="utf-8"))


def real_set(set_id: str) -> dict:
    return next(s for s in REAL["sets"] if s["id"] == set_id)


def strings(value):
    """Every text value in parsed YAML."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def norm(text: str) -> str:
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(text.split())


# ----------------------------------------------------------------------------
# The content: the report's words and figures
# ----------------------------------------------------------------------------

BASELINE = {
    "confidence-workforce": ("How confident are you of the workforce understanding the digital space and OCSV within West Yorkshire?", 4.7, 31, [(5, 11), (4, 6), (6, 3)]),
    "confidence-responding": ("How confident are you in being able to respond to harms associated within the digital space or OCSV?", 5, 31, []),
    "confidence-training-access": ("How confident are you that you know how to access training on OCSV?", 4, 29, [(2, 7)]),
}


@pytest.mark.parametrize("question_id", BASELINE)
def test_the_three_baseline_questions_are_word_for_word_with_the_2025_figures(question_id):
    text, average, respondents, most_common = BASELINE[question_id]
    question = next(q for q in questions(real_set("practitioner")) if q["id"] == question_id)
    assert question["text"] == text
    assert question["kind"] == "scale" and question["aggregate"] is True
    baseline = question["baseline"]
    assert (baseline["average"], baseline["respondents"]) == (average, respondents)
    assert [(m["score"], m["count"]) for m in baseline.get("most_common", [])] == most_common
    assert "Demonstration Project Report" in baseline["source"]


# The six questions colleagues drafted at the project event, as the report writes them.
EVENT_QUESTIONS = [
    "Asking a practitioner's experience of responding to OCSV/A. Have they dealt with it before? How common/uncommon?",
    "Have you had any training on the topics of OCSV/A?",
    "Is OSCV/A being reported? How would you report it in your organisation?",
    "Are you able to look after yourself, your wellbeing in this area? Do you have internal support?",
    "What are your training needs?",
    "How do you/do you record safeguarding incidents around OSCV/A? Do you capture any data?",
]


def test_the_six_event_questions_are_each_the_source_of_a_practitioner_question():
    drafted = [q.get("report_wording", "") for q in questions(real_set("practitioner"))]
    for wording in EVENT_QUESTIONS:
        assert wording in drafted, wording


def test_the_practitioner_set_is_short_and_a_draft():
    practitioner = real_set("practitioner")
    assert len(questions(practitioner)) <= 15
    assert practitioner["minutes"] == 10
    for question_set in REAL["sets"]:
        assert question_set["status"] == "draft", "the hub's own wording stays a draft until the Alliance approves it"


@pytest.mark.parametrize("theme", ["training", "polic", "works well", "benchmark", "offline", "emerging trends", "wellbeing"])
def test_the_organisation_set_covers_each_theme_the_report_lists(theme):
    titles = [section["title"].lower() for section in real_set("organisation")["sections"]]
    assert any(theme in title for title in titles), titles


def test_the_organisation_set_suggests_section_11_and_osa_questions_that_point_back_at_its_own():
    organisation = real_set("organisation")
    ids = {q["id"] for q in questions(organisation)}
    audit = organisation["audit_questions"]
    assert "Section 11" in audit["introduction"] and "OSA" in audit["introduction"]
    assert len(audit["questions"]) >= 3
    for item in audit["questions"]:
        assert set(item["related"]) <= ids


def test_every_quotation_in_the_question_sets_is_in_the_report():
    if not REPORT.is_file():
        pytest.skip(f"the report is not at {REPORT} (it sits beside the repository, in shared/)")
    report = norm(REPORT.read_text(encoding="utf-8"))
    # Quotations ("...") inside every text value, and the report wordings.
    quotes = [quote for text in strings(REAL) for quote in re.findall(r'"([^"]+)"', norm(text)) if " " in quote]
    quotes += [q.get("report_wording") for s in REAL["sets"] for q in questions(s) if q.get("report_wording")]
    assert len(quotes) > 10
    for quote in quotes:
        assert norm(quote).rstrip(".") in report, quote


def test_the_real_question_sets_are_valid():
    hub = load(REPO, today=TODAY)
    assert not [str(p) for p in hub.problems if p.file.startswith("data/reflection")]


# ----------------------------------------------------------------------------
# Rounds and answers
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("day, expected", [("2026-01-01", "2026-H1"), ("2026-06-30", "2026-H1"), ("2026-07-01", "2026-H2"), ("2026-12-31", "2026-H2")])
def test_round_of_a_date(day, expected):
    assert round_of(datetime.date.fromisoformat(day)) == expected


def test_previous_round_crosses_the_year():
    assert previous_round("2026-H1") == "2025-H2"
    assert previous_round("2026-H2") == "2026-H1"


@pytest.mark.parametrize("question, value, problem", [
    ({"kind": "scale"}, 10, None),
    ({"kind": "scale"}, 11, "11 is outside 1 to 10"),
    ({"kind": "scale"}, True, "expected a whole number from 1 to 10"),
    ({"kind": "scale"}, 5.0, "expected a whole number from 1 to 10"),
    ({"kind": "levels"}, 0, "0 is outside 1 to 4"),
    ({"kind": "single", "options": [{"id": "yes"}]}, "yes", None),
    ({"kind": "single", "options": [{"id": "yes"}]}, "maybe", "'maybe' is not one of its options"),
    ({"kind": "multiple", "options": [{"id": "a"}, {"id": "b"}]}, ["a", "b"], None),
    ({"kind": "multiple", "options": [{"id": "a"}]}, ["a", "a"], "names an option twice"),
    ({"kind": "multiple", "options": [{"id": "a"}]}, [], "expected a list of option ids"),
    ({"kind": "text"}, "words", "free text is not collected for the Alliance"),
])
def test_answer_problem(question, value, problem):
    assert answer_problem(question, value, 4) == problem


# ----------------------------------------------------------------------------
# Bad data: file, line, field and message, as `hub validate` prints them
# ----------------------------------------------------------------------------

def problems_of(root: Path) -> list[str]:
    return [str(p) for p in load(root, today=TODAY).problems]


def expect(root: Path, name: str, line: int, field: str, message: str) -> None:
    """A problem at `data/<name>.yaml:<line>` about `field` (its whole path, e.g. 'sets[0].sections[1].id')
    saying `message...` is reported. Inside a question set, problems name the set ("set 'practitioner'
    (...)") and give the path within it."""
    found = load(root, today=TODAY).problems
    place = undotted(field)
    # Inside an item of a top-level list (a set, a summary), the path starts within that item.
    paths = {field} | ({dotted(place[2:])} if len(place) > 2 and isinstance(place[1], int) else set())
    assert any(p.file == f"data/{name}.yaml" and p.line == line and p.field in paths and p.message.startswith(message)
               for p in found), f"expected data/{name}.yaml:{line}: {field}: {message!r} in:\n" + "\n".join(map(str, found))


def lines_equal(root: Path, name: str, text: str) -> list[int]:
    """The numbers of the lines of data/<name>.yaml that are exactly `text`."""
    return [n for n, line in enumerate((root / "data" / f"{name}.yaml").read_text(encoding="utf-8").splitlines(), 1) if line == text]


def test_the_fixture_is_valid(data_root):
    assert problems_of(data_root) == []


def test_a_question_id_used_by_a_retired_question_is_refused(data_root, replace_in):
    replace_in(data_root, "reflection", "          - id: trained", "          - id: gone")
    retired = lines_equal(data_root, "reflection", "      - id: gone")[0]
    expect(data_root, "reflection", lines_equal(data_root, "reflection", "          - id: gone")[0], "sets[0].sections[1].questions[0].id",
           f"'gone' is already the id of a question on line {retired}; every question needs its own id, in every version")


def test_a_question_id_used_twice_in_a_set_is_refused(data_root, replace_in):
    replace_in(data_root, "reflection", "          - id: needs", "          - id: trained")
    first, second = lines_equal(data_root, "reflection", "          - id: trained")
    expect(data_root, "reflection", second, "sets[0].sections[1].questions[1].id", f"'trained' is already the id of a question on line {first}")


# (what to change, what to change it to, a line of the result holding the problem, field, message)
RULES = [
    pytest.param("replaces: reporting-old", "replaces: never-asked", "replaces: never-asked", "sets[0].sections[0].questions[1].replaces",
                 "'never-asked' is not in this set's retired_questions; list the question it replaces there first", id="replaces-unknown"),
    pytest.param("        last_version: 1\n      - id: gone", "        last_version: 2\n      - id: gone", "last_version: 2",
                 "sets[0].retired_questions[0].last_version", "2 is not earlier than the set's version 2", id="retired-version"),
    pytest.param("              - description: I know it all.\n", "              - description: I know it all.\n                next_step: Nothing.\n",
                 "next_step: Nothing.", "sets[0].sections[0].questions[1].levels[3].next_step", "the top level has no next step; remove it",
                 id="top-level-next-step"),
    pytest.param("            text: Anything else?\n", "            text: Anything else?\n            aggregate: true\n",
                 "            aggregate: true\n            topics: [professional-advice]",
                 "sets[0].sections[1].questions[2].aggregate", "free text is never sent to the Alliance; remove aggregate from a text question",
                 id="aggregated-text"),
    pytest.param("            next_step: Ask for help.\n", "            next_step: Ask for help.\n            options: []\n", "options: []",
                 "sets[0].sections[0].questions[0].options", "'options' does not belong to a scale question; remove it or change kind",
                 id="field-of-another-kind"),
    pytest.param("training_needs_question: needs", "training_needs_question: trained", "training_needs_question: trained",
                 "sets[0].training_needs_question", "'trained' must be a multiple question with aggregate: true", id="training-needs-kind"),
    pytest.param("related: [org-policies]", "related: [confidence]", "related: [confidence]", "sets[1].audit_questions.questions[0].related[0]",
                 "there is no question 'confidence' in this set", id="audit-related"),
    pytest.param("kind: scale", "kind: scales", "kind: scales", "sets[0].sections[0].questions[0].kind",
                 "'scales' is not allowed; use one of: scale, levels, single, multiple, text; did you mean 'scale'?", id="unknown-kind"),
    pytest.param("    status: draft\n", "    status: draft\n    approved: 2026-05-01\n", "    approved: 2026-05-01\n    audience: Example practitioners",
                 "sets[0].approved", "a draft set has no approval date; remove it, or set status: approved", id="draft-approved"),
    pytest.param("    id: several", "    id: leeds", "    id: leeds", "context.across_districts.id",
                 "'leeds' is already a district in vocabularies.yaml; choose another id", id="several-is-a-district"),
]


@pytest.mark.parametrize("old, new, marker, field, message", RULES)
def test_rules_the_schema_cannot_express(data_root, replace_in, old, new, marker, field, message):
    text = replace_in(data_root, "reflection", old, new)
    line = text[: text.index(marker)].count("\n") + 1
    expect(data_root, "reflection", line, field, message)


def test_a_retired_question_is_replaced_once_at_most(data_root, replace_in):
    replace_in(data_root, "reflection", "            topics: [online-safety-education]\n            quality_standards: [QS1]\n          - id: needs",
               "            replaces: reporting-old\n            topics: [online-safety-education]\n            quality_standards: [QS1]\n          - id: needs")
    lines = [n for n, l in enumerate((data_root / "data" / "reflection.yaml").read_text().splitlines(), 1) if "replaces: reporting-old" in l]
    expect(data_root, "reflection", lines[1], "sets[0].sections[1].questions[0].replaces",
           f"'reporting-old' is already replaced by the question on line {lines[0]}")


def test_a_levels_question_describes_every_level(data_root, replace_in):
    replace_in(data_root, "reflection", "              - description: I know most of it.\n                next_step: Practise.\n", "")
    expect(data_root, "reflection", line_of(data_root, "reflection", "            levels:"), "sets[0].sections[0].questions[1].levels",
           "has 3 levels; describe each of the 4 levels in level_names, lowest first")


def test_every_level_below_the_top_has_a_next_step(data_root, replace_in):
    replace_in(data_root, "reflection", "                next_step: Practise.\n", "")
    expect(data_root, "reflection", line_of(data_root, "reflection", "- description: I know most of it."), "sets[0].sections[0].questions[1].levels[2]",
           "'next_step' is missing; every level below the top needs the next step towards the level above")


def test_a_choice_question_needs_its_options(data_root, replace_in):
    replace_in(data_root, "reflection", "            text: Do you have a policy?\n            options:\n              - id: \"yes\"\n                label: \"Yes\"\n"
               "              - id: \"no\"\n                label: \"No\"\n                next_step: Write one.\n", "            text: Do you have a policy?\n")
    expect(data_root, "reflection", line_of(data_root, "reflection", "- id: org-policies"), "sets[1].sections[0].questions[0]",
           "'options' is missing; a single question needs its options")


def test_option_ids_are_unique_in_a_question(data_root, replace_in):
    replace_in(data_root, "reflection", "              - id: grooming", "              - id: sextortion")
    lines = lines_equal(data_root, "reflection", "              - id: sextortion")
    expect(data_root, "reflection", lines[1], "sets[0].sections[1].questions[1].options[1].id",
           "'sextortion' is already an option of this question; every option needs its own id")


def test_topics_and_quality_standards_come_from_the_vocabularies(data_root, replace_in):
    replace_in(data_root, "reflection", "topics: [grooming]", "topics: [groming]")
    replace_in(data_root, "reflection", "            quality_standards: [QS4]\n    audit", "            quality_standards: [QS9]\n    audit")
    expect(data_root, "reflection", line_of(data_root, "reflection", "topics: [groming]"), "sets[0].sections[1].questions[1].options[1].topics[0]",
           "'groming' is not one of the topics in vocabularies.yaml; did you mean 'grooming'?")
    expect(data_root, "reflection", line_of(data_root, "reflection", "quality_standards: [QS9]"), "sets[1].sections[0].questions[0].quality_standards[0]",
           "'QS9' is not one of the quality_standards in vocabularies.yaml")


def test_an_approved_set_gives_its_approval_date(data_root, replace_in):
    replace_in(data_root, "reflection", "    approved: 2026-05-01\n", "")
    expect(data_root, "reflection", line_of(data_root, "reflection", "  - id: organisation"), "sets[1].approved", "'approved' is missing; add it")


def test_a_set_of_more_than_15_questions_is_warned_about(data_root, replace_in, run_validate):
    extra = "".join(f"          - id: extra-{n}\n            label: Extra\n            kind: text\n            text: More?\n"
                    f"            topics: [professional-advice]\n            quality_standards: [QS1]\n" for n in range(11))
    replace_in(data_root, "reflection", "    retired_questions:\n", extra + "    retired_questions:\n")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr
    line = line_of(data_root, "reflection", "    sections:")
    assert f"data/reflection.yaml:{line}: warning: set 'practitioner' (Example practitioner set): sections: the set has 16 questions; keep it to about 15" in stdout


# ----------------------------------------------------------------------------
# Published summaries: the loader refuses a small number
# ----------------------------------------------------------------------------

SUMMARY = """summaries:
- round: 2026-H1
  produced: '2026-07-02'
  sets:
  - set: practitioner
    version: 2
    returns:
    - {group: all, count: 12}
    - {group: leeds, count: 12}
    questions:
    - question: trained
      rows:
      - group: all
        answered: 12
        cells:
        - {value: 'yes', count: 12, percent: 100}
        - {value: 'no', count: 0, percent: 0}
"""


@pytest.fixture
def with_summary(data_root):
    path = data_root / "data" / "reflection-summaries.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summaries: []\n", SUMMARY), encoding="utf-8")
    return data_root


def test_a_valid_summary_is_accepted(with_summary):
    assert problems_of(with_summary) == []


def test_a_published_count_of_fewer_than_5_is_refused(with_summary, replace_in):
    replace_in(with_summary, "reflection-summaries", "{group: leeds, count: 12}", "{group: leeds, count: 3}")
    expect(with_summary, "reflection-summaries", line_of(with_summary, "reflection-summaries", "count: 3"), "summaries[0].sets[0].returns[1].count",
           "3 is fewer than 5: publishing it could identify people; write hidden: true instead")


def test_percentages_of_a_row_answered_by_fewer_than_10_are_refused(with_summary, replace_in):
    replace_in(with_summary, "reflection-summaries", "answered: 12", "answered: 8")
    expect(with_summary, "reflection-summaries", line_of(with_summary, "reflection-summaries", "      - group: all"), "summaries[0].sets[0].questions[0].rows[0]",
           "averages and percentages are published only for rows answered by 10 or more")


def test_a_percentage_beside_a_hidden_count_is_refused(with_summary, replace_in):
    replace_in(with_summary, "reflection-summaries", "{value: 'no', count: 0, percent: 0}", "{value: 'no', hidden: true, percent: 0}")
    expect(with_summary, "reflection-summaries", line_of(with_summary, "reflection-summaries", "hidden: true, percent: 0"),
           "summaries[0].sets[0].questions[0].rows[0].cells[1].percent",
           "a percentage is published only beside its count; remove it from a hidden cell")


def test_a_revised_round_counted_by_senders_is_accepted(with_summary, replace_in):
    replace_in(with_summary, "reflection-summaries", "  produced: '2026-07-02'\n", "  produced: '2026-07-02'\n  revised: '2026-08-01'\n  senders_counted: true\n")
    assert problems_of(with_summary) == []


@pytest.mark.parametrize("old, new, field, message", [
    ("- set: practitioner", "- set: nobody", "summaries[0].sets[0].set", "there is no question set 'nobody' in reflection.yaml"),
    ("- question: trained", "- question: invented", "summaries[0].sets[0].questions[0].question", "there is no question 'invented' in the 'practitioner' set"),
    ("{group: leeds, count: 12}", "{group: york, count: 12}", "summaries[0].sets[0].returns[1].group", "'york' is not 'all', a district or 'several'"),
    ("{value: 'no', count: 0, percent: 0}", "{value: 'no', percent: 0}", "summaries[0].sets[0].questions[0].rows[0].cells[1]", "give either a count or hidden: true"),
])
def test_a_summary_names_real_sets_questions_and_groups(with_summary, replace_in, old, new, field, message):
    replace_in(with_summary, "reflection-summaries", old, new)
    expect(with_summary, "reflection-summaries", line_of(with_summary, "reflection-summaries", new), field, message)


def test_a_round_summarised_twice_is_refused(with_summary):
    path = with_summary / "data" / "reflection-summaries.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + SUMMARY.removeprefix("summaries:\n"), encoding="utf-8")
    second = lines_equal(with_summary, "reflection-summaries", "- round: 2026-H1")[1]
    expect(with_summary, "reflection-summaries", second, "summaries[1].round", "round 2026-H1 is summarised twice; keep one")
