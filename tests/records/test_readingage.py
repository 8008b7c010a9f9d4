"""Young people's words are held at or below the reading age set in mkdocs.yml:
`hub validate` refuses a text that reads older, naming its record, field and
hardest sentence; every text in the repository's data passes."""

from __future__ import annotations

import pytest

from hub.records.loader import load
from hub.records.readingage import hardest_sentence, page_reading_age, reading_age, sentences
from hub.records.schemas import each_value
from hub.records.settings import DEFAULTS, load_settings
from tests.conftest import REPO
from tests.records.test_validate import line_of

HARD = "Notwithstanding institutional considerations, comprehensive safeguarding arrangements necessitate consultation."


def test_the_reading_age_is_the_flesch_kincaid_grade_plus_five():
    # Grade = 0.39 x words per sentence + 11.8 x syllables per word - 15.59.
    # "The cat sat on the mat.": 6 words, 6 syllables: 0.39 x 6 + 11.8 - 15.59 = -1.45, so age 3.55.
    assert reading_age("The cat sat on the mat.") == pytest.approx(3.55, abs=0.01)
    assert reading_age("Do I have to give my name?") < 11 < reading_age(HARD)


def test_the_hardest_sentence_is_named_and_a_label_is_a_sentence_of_its_own():
    text = f"You can call any time. {HARD} It is free."
    assert sentences(text) == ["You can call any time.", HARD, "It is free."]
    assert hardest_sentence(text)[0] == HARD
    # Without its full stop, a heading would run into the next text as one long sentence.
    assert page_reading_age(["What happened", "Tell an adult you trust."]) == pytest.approx(
        reading_age("What happened. Tell an adult you trust."))


def test_a_hard_sentence_is_refused_naming_the_record_field_and_sentence(data_root, replace_in, run_validate):
    replace_in(data_root, "services", "summary: You can talk to them about what worries you.",
               f"summary: You can talk to them. {HARD}")
    line = line_of(data_root, "services", "summary: You can talk to them.")
    code, stdout, stderr = run_validate(data_root)
    assert code == 1 and "hub validate failed: 1 problem to fix" in stderr, stdout + stderr
    age = reading_age(f"You can talk to them. {HARD}")
    sentence_age = reading_age(HARD)
    assert stdout.splitlines() == [
        f"data/services.yaml:{line}: service 'example-helpline' (Example Helpline): young_people.summary: reads at age {age:.1f}, "
        f"older than the 11 set in mkdocs.yml (young_people_reading_age); its hardest sentence is \"{HARD}\" "
        f"(age {sentence_age:.1f}): use shorter sentences and shorter, everyday words"]


def test_young_peoples_words_over_their_limit_are_refused_not_only_warned_about(data_root, replace_in, run_validate):
    long_summary = " ".join(["You can talk to them."] * 7)  # 35 words, where a summary has at most 30
    replace_in(data_root, "services", "summary: You can talk to them about what worries you.", f"summary: {long_summary}")
    line = line_of(data_root, "services", f"summary: {long_summary}")
    code, stdout, stderr = run_validate(data_root)
    assert code == 1 and "hub validate failed: 1 problem to fix" in stderr, stdout + stderr
    assert stdout.splitlines() == [
        f"data/services.yaml:{line}: service 'example-helpline' (Example Helpline): young_people.summary: is 35 words long; "
        "young people's words here are at most 30, so that what to do is seen at once: keep only what a young person "
        "needs to know now"]


def test_a_route_and_a_label_in_young_people_yaml_are_measured_too(data_root, replace_in, run_validate):
    replace_in(data_root, "young-people", "what_happened: Someone online is being mean to me", f"what_happened: {HARD}")
    replace_in(data_root, "young-people", "  words: Other words for this", f"  words: {HARD}")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    route = line_of(data_root, "young-people", f"what_happened: {HARD}")
    label = line_of(data_root, "young-people", f"  words: {HARD}")
    assert f"data/young-people.yaml:{route}: route 'example-route': what_happened: reads at age" in stdout
    assert f"data/young-people.yaml:{label}: labels.words: reads at age" in stdout


def test_the_setting_in_mkdocs_yml_decides_how_hard_is_too_hard(data_root, replace_in, run_validate):
    replace_in(data_root, "services", "summary: You can talk to them about what worries you.",
               "summary: You can talk to them about what worries you, whenever it is convenient.")
    assert reading_age("You can talk to them about what worries you, whenever it is convenient.") > 11
    assert run_validate(data_root)[0] == 1
    (data_root / "mkdocs.yml").write_text("site_name: Test\nextra:\n  hub:\n    young_people_reading_age: 16\n", encoding="utf-8")
    code, stdout, stderr = run_validate(data_root)
    assert code == 0, stdout + stderr


@pytest.mark.parametrize("value, message", [
    ("eleven", "expected a whole number, found the text 'eleven'"),
    ("3", "3 is not a whole number from 6 to 18"),
    ("true", "expected a whole number, found true"),
])
def test_an_unusable_setting_is_reported_at_its_line(data_root, run_validate, value, message):
    (data_root / "mkdocs.yml").write_text(f"site_name: Test\nextra:\n  hub:\n    young_people_reading_age: {value}\n", encoding="utf-8")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert f"mkdocs.yml:4: extra.hub.young_people_reading_age: {message}" in stdout.splitlines()


def test_the_default_reading_age_is_eleven_and_the_repository_sets_eleven():
    assert DEFAULTS["young_people_reading_age"] == 11
    assert load_settings(REPO)["young_people_reading_age"] == 11


def test_every_young_people_text_in_the_repository_reads_at_or_below_the_setting():
    hub = load(REPO, reading_age=99)  # measure everything here, whatever the setting
    highest = load_settings(REPO)["young_people_reading_age"]
    schema_dir = (REPO / "data" / "schemas").resolve()
    measured = {}
    for name in ("services", "resources", "young-people", "vocabularies"):
        for schema, value, place in each_value(schema_dir, name, hub.sources[name].data):
            if schema.get("x-reading-age"):
                measured[f"{name}:{place}"] = reading_age(value)
    assert len(measured) >= 70, "the young people's texts were not found"
    too_hard = {where: age for where, age in measured.items() if age > highest}
    assert not too_hard, too_hard
