"""Reading Alliance returns: each way a file can be wrong is refused with a
reason a business manager can act on, and no file can hang or crash the run."""

from __future__ import annotations

import copy
import json
import os

import pytest

from hub.records.loader import load
from hub.reflection.returns import Checker, Refusal, nesting_depth, parse_return, read_folder

ROUND = "2026-H2"


@pytest.fixture
def fixture_hub(data_root):
    return load(data_root)


@pytest.fixture
def checker(fixture_hub):
    return Checker(fixture_hub.sources["reflection"].data, fixture_hub.vocab, ROUND)


def a_return(**changes) -> dict:
    """A valid return for the fixture's practitioner set (version 2)."""
    data = {
        "format": "scpb-hub-reflection-return", "format_version": 1,
        "set": "practitioner", "set_version": 2, "round": ROUND,
        "return_id": "0123456789abcdef0123456789abcdef",
        "context": {"district": "leeds", "sector": "education", "role_band": "frontline"},
        "answers": {"confidence": 6, "reporting": 2, "trained": "no", "needs": ["sextortion", "grooming"]},
    }
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    return data


def refusal(checker, data) -> str:
    with pytest.raises(Refusal) as raised:
        checker.check(data, "x.json")
    return str(raised.value)


def test_a_valid_return_is_used_with_its_answers(checker):
    found = checker.check(a_return(free_text={"notes": "My own words."}), "x.json")
    assert (found.set_id, found.version, found.district) == ("practitioner", 2, "leeds")
    assert found.answers == {"confidence": 6, "reporting": 2, "trained": "no", "needs": ["sextortion", "grooming"]}


@pytest.mark.parametrize("data, reason", [
    ([], "not a reflection return (it does not say it is one)"),
    ({"answers": {}}, "not a reflection return (it does not say it is one)"),
    (a_return(format="scpb-hub-my-reflection"), "a 'my reflection' file, which holds everything the person wrote: ask them for the 'Alliance return' download instead, and delete this one"),
    (a_return(format_version=2), "made by another version of the tool (format_version 2; this hub reads 1)"),
    (a_return(context=None), "'context' is missing"),
    (a_return(name="Jo Bloggs"), "'name' is not a field of a return"),
    (a_return(set="nobody"), "for the set 'nobody', which reflection.yaml does not have"),
    (a_return(set_version=1), "made with version 1 of the 'practitioner' set; this round collects version 2"),
    (a_return(set_version="2"), "set_version is not a whole number"),
    (a_return(round="2026-H1"), "for round 2026-H1, not 2026-H2"),
    (a_return(return_id="abc"), "its return_id is not 32 hexadecimal characters"),
    (a_return(context={"district": "york", "sector": "education", "role_band": "frontline"}), "its context district 'york' is not one of the choices"),
    (a_return(context={"district": "leeds", "sector": "education", "role_band": "frontline", "name": "Jo"}), "its context must give exactly district, sector, role_band"),
    (a_return(answers=[]), "its answers are not a group of question ids"),
    (a_return(answers={"invented": 3}), "it answers a question 'invented' that the 'practitioner' set does not have"),
    (a_return(answers={"notes": "words"}), "it answers 'notes', which is not collected for the Alliance"),
    (a_return(answers={"confidence": 11}), "its answer to 'confidence' is not valid: 11 is outside 1 to 10"),
    (a_return(answers={"reporting": 5}), "its answer to 'reporting' is not valid: 5 is outside 1 to 4"),
    (a_return(answers={"trained": "maybe"}), "its answer to 'trained' is not valid: 'maybe' is not one of its options"),
    (a_return(answers={"needs": ["sextortion", "sextortion"]}), "its answer to 'needs' is not valid: names an option twice"),
    (a_return(answers={"reporting-old": 2}), "it answers a question 'reporting-old' that the 'practitioner' set does not have"),
    (a_return(free_text={"confidence": "words"}), "its free_text names 'confidence', which is not a free-text question of the set"),
    (a_return(free_text={"notes": "x" * 4001}), "its free_text for 'notes' is not text of at most 4000 characters"),
])
def test_each_wrong_return_is_refused_with_its_reason(checker, data, reason):
    assert refusal(checker, data) == reason


def test_the_previous_round_accepts_earlier_versions_and_follows_replaced_questions(fixture_hub):
    previous = Checker(fixture_hub.sources["reflection"].data, fixture_hub.vocab, "2026-H1", current=False)
    found = previous.check(a_return(round="2026-H1", set_version=1, answers={"reporting-old": 3, "gone": 1, "confidence": 4}), "x.json")
    assert found.answers == {"reporting": 3, "confidence": 4}, "the replaced question's answers count for its replacement; other retired ones are left out"
    assert refusal(previous, a_return(round="2026-H1", set_version=3)) == "made with version 3 of the 'practitioner' set, which does not exist yet"


# ----------------------------------------------------------------------------
# Hostile bytes
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, reason", [
    (b"not json", "not valid JSON (Expecting value)"),
    (b'{"a": NaN}', "it holds NaN, which is not a number a return can hold"),
    (b'{"a": -Infinity}', "it holds -Infinity, which is not a number a return can hold"),
    (b'{"a": 1e999}', "it holds a number too large to be an answer"),
    (b'{"format": 1, "format": 2}', "the field 'format' appears twice"),
    (b"\xff\xfe{}", "not text (not UTF-8), so not a reflection return"),
    (b"[" * 5 + b"]" * 5, "nested more than 4 levels deep, which no return is"),
    (b'{"a": ' + b"9" * 5000 + b"}", "not valid JSON (Exceeds the limit (4300 digits) for integer string conversion)"),
])
def test_hostile_bytes_are_refused_before_or_while_parsing(raw, reason):
    with pytest.raises(Refusal) as raised:
        parse_return(raw)
    assert str(raised.value) == reason


def test_nesting_depth_ignores_brackets_inside_strings():
    assert nesting_depth('{"a": "[[[[[[[[", "b": ["\\"[[["]}') == 2
    assert nesting_depth("[" * 100_000) == 100_000


def test_deep_nesting_is_refused_without_recursion():
    with pytest.raises(Refusal):
        parse_return(b"[" * 1_000_000 + b"]" * 1_000_000)


# ----------------------------------------------------------------------------
# A folder: every file counted, none followed out of it
# ----------------------------------------------------------------------------

def write(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")


def test_a_folder_counts_every_file_and_refuses_duplicates_links_and_oversize(tmp_path, checker):
    folder = tmp_path / "returns"
    (folder / "sub").mkdir(parents=True)
    write(folder / "a.json", a_return())
    write(folder / "b.json", a_return())  # the same return sent twice
    other = copy.deepcopy(a_return(return_id="f" * 32))
    write(folder / "sub" / "c.json", other)
    (folder / "big.json").write_bytes(b" " * (65 * 1024))
    os.symlink("/dev/zero", folder / "zero.json")
    os.mkfifo(folder / "pipe.json")
    batch = read_folder(folder, checker)
    assert [r.path for r in batch.used] == [str(folder / "a.json"), str(folder / "sub" / "c.json")]
    reasons = {os.path.basename(r.path): r.reason for r in batch.refused}
    assert reasons == {
        "b.json": f"the same return as {folder / 'a.json'} (return_id 0123456789abcdef0123456789abcdef); it is counted once",
        "big.json": "65 KB, too large for a return (at most 64 KB)",
        "zero.json": "a symbolic link; copy the return file itself into the folder",
        "pipe.json": "not a regular file",
    }
    assert batch.received == 6 == len(batch.used) + len(batch.refused)
