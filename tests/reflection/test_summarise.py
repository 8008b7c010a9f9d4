"""`hub reflect summarise` as a business manager runs it: every file used or
refused with its reason, returns in = used + refused, small groups hidden,
the summary written as data the loader accepts, and a CSV that cannot run a
formula."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from hub.records.loader import load
from tests.conftest import REPO

ROUND = "2026-H2"
# Returns per district for the main scenario: Calderdale has fewer than 5.
SCENARIO = {"leeds": 12, "kirklees": 9, "bradford": 6, "calderdale": 3}


def summarise(root: Path, folder: Path, *args: str):
    result = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), "reflect", "summarise", str(folder),
                             "--round", ROUND, "--today", "2026-11-25", "--csv", str(root / "summary.csv"), *args],
                            capture_output=True, text=True, timeout=60, cwd=REPO)
    return result.returncode, result.stdout, result.stderr


def a_return(district: str, number: int, round_id: str = ROUND, version: int = 2, **answers) -> dict:
    return {
        "format": "scpb-hub-reflection-return", "format_version": 1, "set": "practitioner", "set_version": version,
        "round": round_id, "return_id": f"{number:032x}",
        "context": {"district": district, "sector": "education", "role_band": "frontline"},
        "answers": answers,
    }


def scenario_answers(district: str, index: int) -> dict:
    """Leeds all trained and confident; Kirklees split; Bradford untrained; Calderdale trained, low confidence."""
    trained = {"leeds": "yes", "kirklees": "yes" if index < 4 else "no", "bradford": "no", "calderdale": "yes"}[district]
    confidence = {"leeds": 8, "kirklees": 6, "bradford": 6, "calderdale": 2}[district]
    needs = ["sextortion"] if district == "leeds" else ["grooming"]
    return {"confidence": confidence, "reporting": 4 if district == "leeds" else 2, "trained": trained, "needs": needs}


def write_returns(folder: Path, counts: dict[str, int], round_id: str = ROUND, start: int = 0, version: int = 2,
                  answers=scenario_answers) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    number = start
    for district, count in counts.items():
        for index in range(count):
            data = a_return(district, number, round_id, version, **answers(district, index))
            (folder / f"return-{number:04d}.json").write_text(json.dumps(data), encoding="utf-8")
            number += 1
    return number


def published(root: Path) -> dict:
    summaries = yaml.safe_load((root / "data" / "reflection-summaries.yaml").read_text(encoding="utf-8"))["summaries"]
    return summaries[-1]


def rows_of(summary: dict, question: str) -> dict:
    table = next(t for t in summary["sets"][0]["questions"] if t["question"] == question)
    return {row["group"]: row for row in table["rows"]}


def every_count(value):
    """Every published count in a summary (counts, answered, training needs)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("count", "answered") and isinstance(item, int):
                yield item
            else:
                yield from every_count(item)
    elif isinstance(value, list):
        for item in value:
            yield from every_count(item)


# ----------------------------------------------------------------------------
# Good returns
# ----------------------------------------------------------------------------

def test_all_good_returns_exit_0_and_the_summary_is_valid_data(data_root, tmp_path):
    write_returns(tmp_path / "returns", SCENARIO)
    code, stdout, stderr = summarise(data_root, tmp_path / "returns")
    assert code == 0, stdout + stderr
    assert f"round {ROUND}: 30 in = 30 used + 0 refused (practitioner 30)" in stdout.splitlines()
    assert f"hub reflect summarise: wrote round {ROUND} into {data_root / 'data' / 'reflection-summaries.yaml'}" in stdout
    hub = load(data_root)
    assert hub.ok, [str(p) for p in hub.problems]
    assert [s["round"] for s in hub.sources["reflection-summaries"].data["summaries"]] == [ROUND]


def test_a_group_of_fewer_than_5_is_hidden_with_the_next_smallest(data_root, tmp_path):
    write_returns(tmp_path / "returns", SCENARIO)
    assert summarise(data_root, tmp_path / "returns")[0] == 0
    summary = published(data_root)
    practitioner = summary["sets"][0]
    # Calderdale's 3 is hidden; hiding it alone, 30 - 12 - 9 - 6 would give it away, so Bradford's 6 goes too.
    assert practitioner["returns"] == [
        {"group": "all", "count": 30}, {"group": "bradford", "hidden": True}, {"group": "calderdale", "hidden": True},
        {"group": "kirklees", "count": 9}, {"group": "leeds", "count": 12}, {"group": "wakefield", "count": 0},
        {"group": "several", "count": 0},
    ]
    trained = rows_of(summary, "trained")
    assert trained["calderdale"] == {"group": "calderdale", "hidden": True}
    assert trained["bradford"] == {"group": "bradford", "hidden": True}
    # Leeds: 12 answered, so percentages; all said yes.
    assert trained["leeds"]["cells"] == [{"value": "yes", "count": 12, "percent": 100}, {"value": "no", "count": 0, "percent": 0}]
    # Kirklees: 4 said yes (hidden), so "no" (5) is hidden too or 9 - 5 would give 4; 9 answered is under 10: no percentages.
    assert trained["kirklees"] == {"group": "kirklees", "answered": 9,
                                   "cells": [{"value": "yes", "hidden": True}, {"value": "no", "hidden": True}]}
    assert trained["all"]["cells"] == [{"value": "yes", "count": 19, "percent": 63}, {"value": "no", "count": 11, "percent": 37}]
    assert not [n for n in every_count(summary) if 0 < n < 5], "no published count is 1 to 4"


def test_averages_and_the_baseline_question(data_root, tmp_path):
    write_returns(tmp_path / "returns", SCENARIO)
    assert summarise(data_root, tmp_path / "returns")[0] == 0
    confidence = rows_of(published(data_root), "confidence")
    assert confidence["leeds"]["average"] == 8.0
    assert "average" not in confidence["kirklees"], "an average only for 10 or more answers"
    # 2 x 3 + 6 x 15 + 8 x 12 = 192 over 30, published as 6.4, would leave room
    # for exactly three scores of 2 (Calderdale's) once the 6s are shown: the
    # 'all' average is withheld, and so is its column of 6s.
    assert "average" not in confidence["all"] and confidence["all"]["answered"] == 30
    assert {"value": "2", "hidden": True} in confidence["all"]["cells"]
    with open(data_root / "summary.csv", encoding="utf-8-sig") as handle:
        rows = [line for line in handle if line.startswith(f"{ROUND},practitioner,2,confidence,") and ",all,All," in line]
    assert rows and all(",30,,,,,4.7,31,Example baseline" in row for row in rows), rows[:1]


PREVIOUS_ROUND = """summaries:
- round: 2026-H1
  produced: '2026-06-30'
  sets:
  - set: practitioner
    version: 1
    returns:
    - {group: all, count: 10}
    - {group: leeds, count: 10}
    questions:
    - question: confidence
      rows:
      - {group: leeds, answered: 10, average: 6.0, cells: [{value: '6', count: 10, percent: 100}]}
    - question: reporting-old
      rows:
      - {group: leeds, answered: 10, average: 3.0, cells: [{value: '3', count: 10, percent: 100}]}
"""


def test_change_is_shown_from_the_previous_round_as_published_following_replaced_questions(data_root, tmp_path):
    # The previous round was asked with version 1, where 'reporting' was 'reporting-old'.
    path = data_root / "data" / "reflection-summaries.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("summaries: []\n", PREVIOUS_ROUND), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    write_returns(tmp_path / "returns", {"leeds": 12})
    code, stdout, stderr = summarise(data_root, tmp_path / "returns")
    assert code == 0, stdout + stderr
    summaries = yaml.safe_load(path.read_text(encoding="utf-8"))["summaries"]
    assert summaries[0] == yaml.safe_load(before)["summaries"][0], "the previous round is left exactly as published"
    summary = summaries[-1]
    assert summary["previous_round"] == "2026-H1"
    confidence = rows_of(summary, "confidence")["leeds"]
    assert (confidence["average"], confidence["previous_average"], confidence["change"]) == (8.0, 6.0, 2.0)
    reporting = rows_of(summary, "reporting")["leeds"]
    assert (reporting["average"], reporting["previous_average"], reporting["change"]) == (4.0, 3.0, 1.0)


def test_without_a_published_previous_round_no_change_is_shown(data_root, tmp_path):
    write_returns(tmp_path / "returns", {"leeds": 12})
    code, stdout, _ = summarise(data_root, tmp_path / "returns")
    assert code == 0
    assert f"no change is shown: round 2026-H1 is not in {data_root / 'data' / 'reflection-summaries.yaml'}" in stdout
    assert "previous_round" not in published(data_root)
    assert "previous_average" not in rows_of(published(data_root), "confidence")["leeds"]


def test_a_rerun_replaces_its_round_and_keeps_the_others(data_root, tmp_path):
    write_returns(tmp_path / "returns", {"leeds": 12})
    write_returns(tmp_path / "older", {"leeds": 10}, round_id="2026-H1", start=100)
    older = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(data_root), "reflect", "summarise", str(tmp_path / "older"),
                            "--round", "2026-H1", "--csv", str(tmp_path / "older.csv")], capture_output=True, text=True, cwd=REPO)
    assert older.returncode == 0, older.stdout + older.stderr
    assert summarise(data_root, tmp_path / "returns")[0] == 0
    assert summarise(data_root, tmp_path / "returns")[0] == 0
    rounds = [s["round"] for s in yaml.safe_load((data_root / "data" / "reflection-summaries.yaml").read_text())["summaries"]]
    assert rounds == ["2026-H1", ROUND]


# ----------------------------------------------------------------------------
# Tiny rounds
# ----------------------------------------------------------------------------

def test_a_set_with_fewer_than_5_returns_publishes_nothing_but_that(data_root, tmp_path):
    write_returns(tmp_path / "returns", {"leeds": 3, "kirklees": 1})
    code, stdout, _ = summarise(data_root, tmp_path / "returns")
    assert code == 0
    practitioner = published(data_root)["sets"][0]
    assert practitioner["questions"] == []
    assert all(group.get("hidden") or group["count"] == 0 for group in practitioner["returns"])
    assert {"group": "all", "hidden": True} in practitioner["returns"]


def test_a_set_nobody_answered_shows_zero(data_root, tmp_path):
    write_returns(tmp_path / "returns", {"leeds": 5})
    assert summarise(data_root, tmp_path / "returns")[0] == 0
    organisation = published(data_root)["sets"][1]
    assert organisation["returns"][0] == {"group": "all", "count": 0}
    assert organisation["questions"] == [], "no empty tables"


def test_the_data_file_starts_as_the_summariser_writes_it(tmp_path):
    from hub.reflection.summarise import write_summaries

    write_summaries(tmp_path / "s.yaml", [])
    assert (tmp_path / "s.yaml").read_text(encoding="utf-8") == (REPO / "data" / "reflection-summaries.yaml").read_text(encoding="utf-8")


# ----------------------------------------------------------------------------
# Bad and hostile files
# ----------------------------------------------------------------------------

def test_refused_files_are_listed_with_reasons_and_counted(data_root, tmp_path):
    folder = tmp_path / "returns"
    write_returns(folder, {"leeds": 6})
    bad = {
        "wrong-set.json": json.dumps(a_return("leeds", 900) | {"set": "parents"}),
        "wrong-version.json": json.dumps(a_return("leeds", 901, version=1)),
        "unknown-question.json": json.dumps(a_return("leeds", 902, invented=1)),
        "out-of-range.json": json.dumps(a_return("leeds", 903, confidence=0)),
        "z-duplicate.json": json.dumps(a_return("leeds", 0)),  # after return-0000.json in name order
        "wrong-round.json": json.dumps(a_return("leeds", 904, round_id="2026-H1")),
        "letter.txt": "Dear board, please find my return attached.",
        "deep.json": "[" * 20_000 + "]" * 20_000,
        "nan.json": '{"format": NaN}',
    }
    for name, text in bad.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "huge.json").write_bytes(b"{" + b" " * (2 * 1024 * 1024) + b"}")
    code, stdout, stderr = summarise(data_root, folder)
    assert code == 1, stdout + stderr
    expected = {
        "wrong-set.json": "for the set 'parents', which reflection.yaml does not have",
        "wrong-version.json": "made with version 1 of the 'practitioner' set; this round collects version 2",
        "unknown-question.json": "it answers a question 'invented' that the 'practitioner' set does not have",
        "out-of-range.json": "its answer to 'confidence' is not valid: 0 is outside 1 to 10",
        "z-duplicate.json": f"the same return as {folder / 'return-0000.json'} (return_id {0:032x}); it is counted once",
        "wrong-round.json": f"for round 2026-H1, not {ROUND}",
        "letter.txt": "not valid JSON (Expecting value)",
        "deep.json": "nested more than 4 levels deep, which no return is",
        "nan.json": "it holds NaN, which is not a number a return can hold",
        "huge.json": "2048 KB, too large for a return (at most 64 KB)",
    }
    for name, reason in expected.items():
        assert f"{folder / name}: refused: {reason}" in stdout.splitlines(), f"{name}:\n{stdout}"
    assert f"round {ROUND}: 16 in = 6 used + 10 refused (practitioner 6)" in stdout.splitlines()
    assert "10 files refused (listed above); the summary uses the others" in stderr
    assert published(data_root)["sets"][0]["returns"][0] == {"group": "all", "count": 6}


def test_a_fifo_and_links_neither_hang_nor_escape_the_folder(data_root, tmp_path):
    folder = tmp_path / "returns"
    write_returns(folder, {"leeds": 5})
    os.mkfifo(folder / "pipe.json")
    os.symlink("/dev/zero", folder / "zero.json")
    os.symlink(tmp_path, folder / "loop")
    code, stdout, _ = summarise(data_root, folder)  # the 60 s timeout is the hard guard
    assert code == 1
    assert f"{folder / 'pipe.json'}: refused: not a regular file" in stdout
    assert f"{folder / 'zero.json'}: refused: a symbolic link; copy the return file itself into the folder" in stdout
    assert f"{folder / 'loop'}: refused: a symbolic link; copy the return file itself into the folder" in stdout
    assert f"round {ROUND}: 8 in = 5 used + 3 refused (practitioner 5)" in stdout


def test_a_file_name_cannot_write_to_the_terminal(data_root, tmp_path):
    folder = tmp_path / "returns"
    write_returns(folder, {"leeds": 5})
    (folder / "\x1b[2Jcleared.json").write_text("no", encoding="utf-8")
    code, stdout, _ = summarise(data_root, folder)
    assert code == 1
    assert "\x1b" not in stdout
    assert "?[2Jcleared.json: refused: not valid JSON" in stdout


def test_no_usable_return_writes_nothing_and_exits_2(data_root, tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    (folder / "letter.txt").write_text("hello", encoding="utf-8")
    before = (data_root / "data" / "reflection-summaries.yaml").read_bytes()
    code, stdout, stderr = summarise(data_root, folder)
    assert code == 2
    assert f"round {ROUND}: 1 in = 0 used + 1 refused" in stdout
    assert "no usable return, so nothing was written" in stderr
    assert (data_root / "data" / "reflection-summaries.yaml").read_bytes() == before
    assert not (data_root / "summary.csv").exists()


@pytest.mark.parametrize("args, message", [
    (["--round", "2026-Q3"], "'2026-Q3' is not a round such as 2026-H1"),
    (["--previous", "/nonexistent"], "--previous is gone: the previous round's figures are read from the summaries file as they were published"),
    (["--previous-round", "2027-H1"], "the previous round 2027-H1 is not before 2026-H2"),
])
def test_a_wrong_command_exits_2_and_says_why(data_root, tmp_path, args, message):
    (tmp_path / "returns").mkdir()
    code, stdout, stderr = summarise(data_root, tmp_path / "returns", *args)
    assert code == 2
    assert message in stderr


def test_invalid_hub_data_stops_before_reading_returns(data_root, tmp_path, replace_in):
    write_returns(tmp_path / "returns", {"leeds": 5})
    replace_in(data_root, "reflection", "kind: scale", "kind: scales")
    code, stdout, stderr = summarise(data_root, tmp_path / "returns")
    assert code == 2
    assert "data/reflection.yaml:" in stdout and "'scales' is not allowed" in stdout
    assert "the hub's data has problems (listed above); fix them first" in stderr


# ----------------------------------------------------------------------------
# The CSV
# ----------------------------------------------------------------------------

def test_csv_cells_cannot_start_a_formula(data_root, tmp_path, replace_in):
    replace_in(data_root, "reflection", "label: Trained", 'label: "=HYPERLINK(\\"https://example.org\\")"')
    replace_in(data_root, "reflection", '                label: "No"', '                label: "+cmd|calc"')
    write_returns(tmp_path / "returns", {"leeds": 12})
    code, stdout, stderr = summarise(data_root, tmp_path / "returns")
    assert code == 0, stdout + stderr
    raw = (data_root / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for Excel"
    text = raw.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+cmd|calc" in text
    import csv
    for row in csv.reader(text.splitlines()):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell


def test_csv_shows_hidden_figures_as_not_shown(data_root, tmp_path):
    write_returns(tmp_path / "returns", SCENARIO)
    assert summarise(data_root, tmp_path / "returns")[0] == 0
    text = (data_root / "summary.csv").read_text(encoding="utf-8-sig")
    assert f"{ROUND},practitioner,2,(returns),Returns received,calderdale,Calderdale,,,not shown," in text
    assert f"{ROUND},practitioner,2,(returns),Returns received,leeds,Leeds,,,12," in text


# ----------------------------------------------------------------------------
# A round is published once
# ----------------------------------------------------------------------------

def outputs(root: Path) -> tuple:
    """The summaries file and the CSV as bytes (None for a file not there), and any stray temporary file."""
    data = root / "data" / "reflection-summaries.yaml"
    csv_file = root / "summary.csv"
    strays = sorted(p.name for folder in (root, root / "data") for p in folder.iterdir() if p.name.startswith("."))
    return data.read_bytes(), csv_file.read_bytes() if csv_file.exists() else None, strays


def test_a_late_return_for_a_published_round_is_refused_and_nothing_changes(data_root, tmp_path):
    folder = tmp_path / "returns"
    last = write_returns(folder, {"leeds": 12, "kirklees": 9})
    assert summarise(data_root, folder)[0] == 0
    before = outputs(data_root)
    write_returns(folder, {"leeds": 1}, start=last, answers=lambda district, index: {"confidence": 2, "trained": "no"})
    code, stdout, stderr = summarise(data_root, folder)
    assert code == 2, stdout + stderr
    assert f"round {ROUND}: 22 in = 22 used + 0 refused (practitioner 22)" in stdout
    assert (f"hub reflect summarise: round {ROUND} is already published in {data_root / 'data' / 'reflection-summaries.yaml'}, "
            "and these returns would change its figures (returns per set: 21, 0 then, 22, 0 now). A round is published once: "
            "a reader holding both versions could work out the returns that changed. Nothing was written.") in stderr
    assert "run again with --republish" in stderr
    assert outputs(data_root) == before, "the published round, the CSV and the folders are exactly as they were"


def test_the_same_returns_again_leave_the_published_round_as_it_was(data_root, tmp_path):
    write_returns(tmp_path / "returns", SCENARIO)
    assert summarise(data_root, tmp_path / "returns")[0] == 0
    before = outputs(data_root)
    code, stdout, _ = summarise(data_root, tmp_path / "returns", "--today", "2027-01-10")
    assert code == 0
    assert f"round {ROUND} is already published in {data_root / 'data' / 'reflection-summaries.yaml'} with these figures; it is left as it was" in stdout
    assert outputs(data_root) == before, "not even the date it was produced changes"


def republish(data_root, tmp_path, late: dict[str, int]) -> tuple[dict, dict]:
    """The scenario published, then again with `late` returns added: (first version, revised version)."""
    folder = tmp_path / "returns"
    last = write_returns(folder, {"leeds": 12, "kirklees": 9, "bradford": 10})
    assert summarise(data_root, folder)[0] == 0
    first = published(data_root)
    write_returns(folder, late, start=last, answers=lambda district, index: {"confidence": 2 + index % 3, "trained": "no"})
    code, stdout, stderr = summarise(data_root, folder, "--republish", "--today", "2026-12-01")
    assert code == 0, stdout + stderr
    summaries = yaml.safe_load((data_root / "data" / "reflection-summaries.yaml").read_text(encoding="utf-8"))["summaries"]
    assert [s["round"] for s in summaries] == [ROUND], "one version of the round is kept in the file"
    assert (summaries[0]["produced"], summaries[0]["revised"]) == (first["produced"], "2026-12-01")
    return first, summaries[0]


def test_republishing_with_one_late_return_withholds_the_totals(data_root, tmp_path):
    first, revised = republish(data_root, tmp_path, {"leeds": 1})
    assert first["sets"][0]["returns"][0] == {"group": "all", "count": 31}
    # 31 then and 32 now would be one person, whose answers the other totals would then give away.
    returns = {item["group"]: item for item in revised["sets"][0]["returns"]}
    assert returns["all"] == {"group": "all", "hidden": True} and returns["leeds"] == {"group": "leeds", "hidden": True}
    assert revised["sets"][0]["questions"] == [], "with the total hidden, nothing more about the set is shown"


def test_republishing_with_more_late_returns_shows_no_difference_of_1_to_4(data_root, tmp_path):
    first, revised = republish(data_root, tmp_path, {"leeds": 5, "bradford": 2})
    returns = {item["group"]: item for item in revised["sets"][0]["returns"]}
    assert returns["all"] == {"group": "all", "count": 38} and returns["leeds"] == {"group": "leeds", "count": 17}
    assert returns["bradford"] == {"group": "bradford", "hidden": True}, "10 then and 12 now would be two people"
    compared = 0
    for question in ("confidence", "reporting", "trained", "needs"):
        before, after = rows_of(first, question), rows_of(revised, question)
        for group, row in after.items():
            old_cells = {c["value"]: c for c in before[group].get("cells", [])}
            pairs = [(c.get("count"), old_cells.get(c["value"], {}).get("count")) for c in row.get("cells", [])]
            pairs.append((row.get("answered"), before[group].get("answered")))
            for now, then in pairs:
                if now is not None and then is not None:
                    compared += 1
                    assert not 1 <= abs(now - then) <= 4, (question, group, now, then)
    assert compared > 50, "most figures are still shown in both versions"


# ----------------------------------------------------------------------------
# Made-up returns: counting senders
# ----------------------------------------------------------------------------

def write_sender(folder: Path, sender: str, district: str, start: int, count: int, confidence: int) -> int:
    """`count` returns in the sender's own folder, as the board saves one email's attachments."""
    (folder / sender).mkdir(parents=True, exist_ok=True)
    for number in range(start, start + count):
        data = a_return(district, number, confidence=confidence, trained="yes")
        (folder / sender / f"return-{number:04d}.json").write_text(json.dumps(data), encoding="utf-8")
    return start + count


def test_one_sender_cannot_lift_a_district_over_the_threshold(data_root, tmp_path):
    folder = tmp_path / "returns"
    number = 0
    for person in range(12):  # Kirklees and Bradford: people each sending their own
        number = write_sender(folder, f"kirklees-person-{person}", "kirklees", number, 1, 6)
    for person in range(6):
        number = write_sender(folder, f"bradford-person-{person}", "bradford", number, 1, 7)
    number = write_sender(folder, "someone-real", "leeds", number, 1, 3)  # Leeds: one real return
    number = write_sender(folder, "someone-else", "leeds", number, 4, 9)  # and four made up by one sender
    code, stdout, stderr = summarise(data_root, folder, "--sender-folders")
    assert code == 0, stdout + stderr
    assert f"round {ROUND}: 23 in = 23 used + 0 refused (practitioner 23) from 20 senders" in stdout
    summary = published(data_root)
    assert summary["senders_counted"] is True
    returns = {item["group"]: item for item in summary["sets"][0]["returns"]}
    assert returns["leeds"] == {"group": "leeds", "hidden": True}, "5 files from 2 senders are not 5 people"
    assert rows_of(summary, "confidence")["leeds"] == {"group": "leeds", "hidden": True}
    # Leeds alone hidden would be 23 - 12 - 6 = 5: another district is hidden with it.
    assert returns["bradford"] == {"group": "bradford", "hidden": True}
    assert returns["kirklees"] == {"group": "kirklees", "count": 12}


def test_counting_files_alone_cannot_tell_made_up_returns_from_real_ones(data_root, tmp_path):
    # The same folder without --sender-folders: Leeds' five files are published as
    # five returns, and the sender of four of them could subtract their own. The
    # guidance says so, and tells the board to count senders.
    folder = tmp_path / "returns"
    number = 0
    for person in range(12):
        number = write_sender(folder, f"kirklees-person-{person}", "kirklees", number, 1, 6)
    number = write_sender(folder, "someone-real", "leeds", number, 1, 3)
    write_sender(folder, "someone-else", "leeds", number, 4, 9)
    assert summarise(data_root, folder)[0] == 0
    returns = {item["group"]: item for item in published(data_root)["sets"][0]["returns"]}
    assert returns["leeds"] == {"group": "leeds", "count": 5}


def test_with_sender_folders_a_file_outside_them_is_refused(data_root, tmp_path):
    folder = tmp_path / "returns"
    number = 0
    for person in range(6):
        number = write_sender(folder, f"person-{person}", "leeds", number, 1, 7)
    (folder / "loose.json").write_text(json.dumps(a_return("leeds", 99, confidence=7)), encoding="utf-8")
    code, stdout, _ = summarise(data_root, folder, "--sender-folders")
    assert code == 1
    assert (f"{folder / 'loose.json'}: refused: not in a sender's folder: with --sender-folders, put each sender's files "
            "in a folder of their own") in stdout.splitlines()


# ----------------------------------------------------------------------------
# Folders and paths: a reason and an exit code, never a traceback or half-written output
# ----------------------------------------------------------------------------

def nest(folder: Path, depth: int, last_file: bytes | None = None) -> None:
    """Folders `depth` deep inside `folder` (each called 'd'), made one level at a
    time, as a path that long cannot be made in one go; `last_file` at the bottom."""
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=handle)
            inner = os.open("d", os.O_RDONLY, dir_fd=handle)
            os.close(handle)
            handle = inner
        if last_file is not None:
            out = os.open("return.json", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=handle)
            os.write(out, last_file)
            os.close(out)
    finally:
        os.close(handle)


def unnest(folder: Path) -> None:
    """Remove what nest() made, from the top one level at a time (shutil.rmtree,
    and so pytest's clean-up of old temporary folders, recurses once a level)."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        while "d" in os.listdir(handle):
            inner = os.open("d", os.O_RDONLY, dir_fd=handle)
            names = os.listdir(inner)
            for name in names:
                if name != "d":
                    os.unlink(name, dir_fd=inner)
            if "d" in names:
                os.rename("d", "up", src_dir_fd=inner, dst_dir_fd=handle)
            os.close(inner)
            os.rmdir("d", dir_fd=handle)
            if "d" in names:
                os.rename("up", "d", src_dir_fd=handle, dst_dir_fd=handle)
    finally:
        os.close(handle)


@pytest.fixture
def deep_folders():
    """nest(folder, depth, last_file), every tree made removed again after the test."""
    made = []

    def make(folder: Path, depth: int, last_file: bytes | None = None) -> None:
        nest(folder, depth, last_file)
        made.append(folder)

    yield make
    for folder in made:
        unnest(folder)


def test_folders_nested_1100_deep_are_refused_as_one_entry(data_root, tmp_path, deep_folders):
    folder = tmp_path / "returns"
    write_returns(folder, {"leeds": 6})
    deep = folder / "deep"
    deep_folders(deep, 1100, json.dumps(a_return("leeds", 500, confidence=5)).encode())
    code, stdout, stderr = summarise(data_root, folder)
    assert code == 1, stderr
    assert "Traceback" not in stdout + stderr
    too_deep = deep.joinpath(*["d"] * 31)
    assert f"{too_deep}: refused: a folder nested more than 32 deep; move the return files nearer the top" in stdout.splitlines()
    assert f"round {ROUND}: 7 in = 6 used + 1 refused (practitioner 6)" in stdout
    assert published(data_root)["sets"][0]["returns"][0] == {"group": "all", "count": 6}


def test_nothing_but_a_deep_folder_writes_nothing_and_exits_2(data_root, tmp_path, deep_folders):
    folder = tmp_path / "returns"
    deep_folders(folder, 1100)
    before = outputs(data_root)
    code, stdout, stderr = summarise(data_root, folder)
    assert code == 2 and "Traceback" not in stdout + stderr
    assert "no usable return, so nothing was written" in stderr
    assert outputs(data_root) == before


@pytest.mark.parametrize("target", ["csv", "out"])
def test_an_output_that_cannot_be_written_leaves_both_files_as_they_were(data_root, tmp_path, target):
    folder = tmp_path / "returns"
    write_returns(folder, {"leeds": 12})
    assert summarise(data_root, folder, "--round", "2026-H1")[0] == 2, "the returns are for another round"
    write_returns(tmp_path / "earlier", {"leeds": 10}, round_id="2026-H1", start=100)
    assert summarise(data_root, tmp_path / "earlier", "--round", "2026-H1")[0] == 0  # something already there
    before = outputs(data_root)
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    blocked = tmp_path / "a-file" / "inside" / "summary.other"
    option = ["--csv", str(blocked)] if target == "csv" else ["--out", str(blocked)]
    code, stdout, stderr = summarise(data_root, folder, *option)
    assert code == 2, stdout + stderr
    assert stderr == f"hub reflect summarise: {blocked} cannot be written ({tmp_path / 'a-file'} is a file, not a folder); nothing was written\n"
    assert outputs(data_root) == before, "neither file changed and no temporary file is left"


def test_when_the_second_file_cannot_be_put_in_place_the_first_is_put_back(tmp_path, monkeypatch):
    from hub.reflection import summarise as module

    first, second = tmp_path / "summaries.yaml", tmp_path / "summary.csv"
    first.write_bytes(b"published before\n")
    real_replace = os.replace
    calls = []

    def failing_second(source, target):
        calls.append(Path(target).name)
        if Path(target) == second:
            raise PermissionError(13, "Permission denied")
        return real_replace(source, target)

    monkeypatch.setattr(module.os, "replace", failing_second)
    with pytest.raises(module.NotWritten, match=r"summary\.csv cannot be written \(Permission denied\)"):
        module.write_together([(first, b"new summaries\n"), (second, b"new csv\n")])
    assert calls[:2] == ["summaries.yaml", "summary.csv"]
    assert first.read_bytes() == b"published before\n" and not second.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summaries.yaml"], "no temporary file is left"


def test_a_file_that_cannot_be_read_is_refused_with_the_reason(tmp_path, monkeypatch):
    from hub.reflection import returns as module

    (tmp_path / "locked.json").write_text("{}", encoding="utf-8")
    real_open = open

    def refusing_open(path, *args, **kwargs):
        if str(path).endswith("locked.json"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing_open)
    class NeverReached:
        def check(self, data, path):
            raise AssertionError("a file that cannot be read is never checked")

    batch = module.read_folder(tmp_path, NeverReached())
    assert [(Path(r.path).name, r.reason) for r in batch.refused] == [("locked.json", "cannot be read (Permission denied)")]


@pytest.mark.parametrize("option", ["--out", "--csv"])
def test_a_folder_given_as_a_file_to_write_is_a_message_and_nothing_is_written(data_root, tmp_path, option):
    returns, folder = tmp_path / "returns", tmp_path / "a-folder"
    returns.mkdir()
    folder.mkdir()
    code, stdout, stderr = summarise(data_root, returns, option, str(folder))
    assert code == 2 and "Traceback" not in stderr
    assert stderr == f"hub reflect summarise: {folder} is a folder; give the file to write\n"
    assert list(folder.iterdir()) == []
