"""Benchmark `hub reflect summarise` at 100, 1,000 and 10,000 returns.

    .venv/bin/python bench/reflect.py                # prints the table
    .venv/bin/python bench/reflect.py --sizes 500

bench/run.py runs it as one section of BENCHMARKS.md (run, report, targets). Each size
is a temporary folder of SYNTHETIC returns for the repository's own question
sets (random answers, every set and district), plus one refused file of each
kind a board could receive; the whole command runs in a fresh process, timed
from start to exit, reading every file, summarising, hiding small groups,
auditing the result by integer programming and writing the summary and the
CSV (into the temporary folder, never data/). Beside it, the same command in
a process where the audit is replaced by one that finds nothing (the rules
along lines only): the command itself has no way to skip the audit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hub.records.loader import load  # noqa: E402
from hub.records.questionsets import FORMAT_VERSION, RETURN_FORMAT, aggregated, district_choices, questions  # noqa: E402

DEFAULT_SIZES = (100, 1_000, 10_000)
# The target for the largest size, with the audit.
TARGET_RETURNS, TARGET_SECONDS = 10_000, 10.0
# Each run says its own peak memory last: VmHWM of the address space exec gave it. (ru_maxrss
# from wait4 would not do: Linux carries the bench's own size across fork and exec into it.)
OWN_PEAK = """
import atexit
import sys
from bench.processes import own_peak_kib

atexit.register(lambda: print("peak-kb", own_peak_kib(), file=sys.stderr))
"""
WITH_AUDIT = OWN_PEAK + """
from hub.cli import main
sys.exit(main(sys.argv[1:]))
"""
# `hub` with the audit replaced by one that finds nothing, for the side-by-side figure.
WITHOUT_AUDIT = OWN_PEAK + """
import hub.reflection.summarise as summarise

class FindsNothing:
    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, hidden):
        return []

summarise.Audit = summarise.VersionAudit = FindsNothing
from hub.cli import main
sys.exit(main(sys.argv[1:]))
"""
ROUND = "2026-H2"
# One file of each kind that is refused: these make the run honest about bad input.
BAD_FILES = {
    "SYNTHETIC-not-json.json": b"this is not JSON",
    "SYNTHETIC-deep.json": b"[" * 20_000 + b"]" * 20_000,
    "SYNTHETIC-huge.json": b" " * (1024 * 1024),
    "SYNTHETIC-nan.json": b'{"format": NaN}',
}


def synthetic_returns(reflection: dict, vocab: dict, count: int, round_id: str = ROUND, seed: int = 2026) -> list[dict]:
    """`count` valid SYNTHETIC returns, reproducible for a given seed."""
    rng = random.Random(seed)
    districts = [d for d, _ in district_choices(reflection, vocab)]
    sectors = [t["id"] for t in reflection["context"]["sectors"]]
    roles = [t["id"] for t in reflection["context"]["role_bands"]]
    levels = len(reflection["level_names"])
    returns = []
    for index in range(count):
        question_set = reflection["sets"][0] if rng.random() < 0.8 else reflection["sets"][-1]
        answers = {}
        for question in aggregated(question_set):
            if rng.random() < 0.1:
                continue  # skipped
            kind = question["kind"]
            if kind == "scale":
                answers[question["id"]] = rng.randint(1, 10)
            elif kind == "levels":
                answers[question["id"]] = rng.randint(1, levels)
            elif kind == "single":
                answers[question["id"]] = rng.choice(question["options"])["id"]
            else:
                answers[question["id"]] = [o["id"] for o in rng.sample(question["options"], rng.randint(1, 3))]
        returns.append({
            "format": RETURN_FORMAT, "format_version": FORMAT_VERSION,
            "set": question_set["id"], "set_version": question_set["version"], "round": round_id,
            "return_id": f"{index:032x}",
            "context": {"district": rng.choice(districts), "sector": rng.choice(sectors), "role_band": rng.choice(roles)},
            "answers": answers,
        })
    return returns


# How long a set takes: an estimate from its words, not a timing of real people.
# Reading speed: 238 words a minute, the average for adults reading non-fiction
# silently (Brysbaert 2019, "How many words do we read per minute?").
WORDS_PER_MINUTE = 238
# Seconds to decide on an answer once read, by kind of question (our assumptions).
DECIDING = {"scale": 10, "levels": 20, "single": 10, "multiple": 20, "text": 60}
CONTEXT_SECONDS = 20  # three short lists of choices


def _words(text) -> int:
    return len(re.findall(r"\w+(?:['\u2019-]\w+)*", text or ""))


def completion_estimate(question_set: dict) -> dict:
    """Minutes to read and answer a set, and to read a summary in which every answer has a next step."""
    read = _words(question_set["introduction"])
    deciding = CONTEXT_SECONDS
    summary = 0
    for section in question_set["sections"]:
        read += _words(section["title"]) + _words(section.get("introduction"))
        for q in section["questions"]:
            read += _words(q["text"]) + _words(q.get("hint")) + _words(q.get("good_looks_like"))
            read += sum(_words(level["description"]) for level in q.get("levels", []))
            read += sum(_words(option["label"]) for option in q.get("options", []))
            deciding += DECIDING[q["kind"]]
            steps = [q.get("next_step")] + [level.get("next_step") for level in q.get("levels", [])] + [o.get("next_step") for o in q.get("options", [])]
            summary += _words(q["label"]) + max(_words(step) for step in steps)
    return {"set": question_set["id"], "questions": len(questions(question_set)), "words": read, "summary_words": summary,
            "minutes": (read + summary) / WORDS_PER_MINUTE + deciding / 60, "deciding_seconds": deciding}


def write_folder(folder: Path, returns: list[dict]) -> None:
    folder.mkdir(parents=True)
    for index, data in enumerate(returns):
        (folder / f"SYNTHETIC-return-{index:05d}.json").write_text(json.dumps(data), encoding="utf-8")
    for name, content in BAD_FILES.items():
        (folder / name).write_bytes(content)


def run_summarise(command: list[str], count: int) -> dict:
    """One timed run in a fresh process: wall and CPU seconds (that process's own, from os.wait4), peak memory."""
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, text=True, cwd=REPO)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0), stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    expected_line = f"round {ROUND}: {count + len(BAD_FILES)} in = {count} used + {len(BAD_FILES)} refused"
    if process.returncode != 1 or expected_line not in output:
        raise RuntimeError(f"unexpected summarise result at {count} returns (exit {process.returncode}):\n{output}{errors}")
    peak_kb = int(errors.rsplit("peak-kb ", 1)[1].split()[0])
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mb": peak_kb / 1024}


def measure_one(count: int, workdir: Path) -> dict:
    hub = load(REPO)
    folder = workdir / f"returns-{count}"
    write_folder(folder, synthetic_returns(hub.sources["reflection"].data, hub.vocab, count))
    found = {}
    for variant, start in (("with", ["-c", WITH_AUDIT]), ("without", ["-c", WITHOUT_AUDIT])):
        out, csv = workdir / f"summaries-{count}-{variant}.yaml", workdir / f"summary-{count}-{variant}.csv"
        command = [sys.executable, *start, "--root", str(REPO), "reflect", "summarise", str(folder),
                   "--round", ROUND, "--out", str(out), "--csv", str(csv)]
        found[variant] = run_summarise(command, count)
        found[variant]["hidden"] = out.read_text(encoding="utf-8").count("hidden: true")
        found[variant]["summary_kb"] = out.stat().st_size / 1024
    return {
        "returns": count,
        "files": count + len(BAD_FILES),
        **found["with"],
        "seconds_without": found["without"]["seconds"],
        "cpu_seconds_without": found["without"]["cpu_seconds"],
        "hidden_without": found["without"]["hidden"],
    }


def measure(sizes=DEFAULT_SIZES, log=print) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix="hub-bench-reflect-") as scratch:
        for count in sizes:
            log(f"reflect summarise: {count:,} returns")
            results.append(measure_one(count, Path(scratch)))
    return results


def table(results: list[dict]) -> str:
    lines = ["| Returns | Files (incl. 4 refused) | Wall, with the audit (s) | Wall, without (s) | CPU, with / without (s) | "
             "Per return, with (ms) | Peak memory, with (MB) | Figures hidden, with / without | Summary file (KB) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['returns']:,} | {r['files']:,} | {r['seconds']:.2f} | {r['seconds_without']:.2f} | {r['cpu_seconds']:.2f} / {r['cpu_seconds_without']:.2f} | "
                     f"{1000 * r['seconds'] / r['returns']:.2f} | {r['peak_rss_mb']:.0f} | {r['hidden']:,} / {r['hidden_without']:,} | "
                     f"{r['summary_kb']:.0f} |")
    return "\n".join(lines)


def estimate_table() -> str:
    reflection = load(REPO).sources["reflection"].data
    lines = ["| Set | Questions | Words to read | Summary words (at most) | Deciding (s) | Estimated minutes |",
             "|---|---:|---:|---:|---:|---:|"]
    for question_set in reflection["sets"]:
        e = completion_estimate(question_set)
        lines.append(f"| {e['set']} | {e['questions']} | {e['words']:,} | {e['summary_words']:,} | {e['deciding_seconds']} | {e['minutes']:.1f} |")
    return "\n".join(lines)


TITLE = "Reflection returns (`hub reflect summarise`)"


def run(options, log) -> list[dict]:
    return measure((100, 1_000) if options.quick else DEFAULT_SIZES, log)


def targets(results: list[dict]) -> list[tuple[str, str, bool | None]]:
    target = f"`hub reflect summarise` with the audit under {TARGET_SECONDS:.0f} s at {TARGET_RETURNS:,} returns"
    at_target = next((r for r in results if r["returns"] == TARGET_RETURNS), None)
    if at_target is None:
        largest = max(results, key=lambda r: r["returns"])
        return [(target, f"not measured in this run (largest: {largest['returns']:,} returns, {largest['seconds']:.2f} s)", None)]
    return [(target, f"{at_target['seconds']:.2f} s ({at_target['seconds_without']:.2f} s without the audit)",
             at_target["seconds"] < TARGET_SECONDS)]


def report(results: list[dict]) -> str:
    """The section bench/run.py puts in BENCHMARKS.md."""
    return "\n".join([
        "## " + TITLE,
        "",
        table(results),
        "",
        "Each size is a folder of SYNTHETIC returns for the repository's own question sets (random answers; 80% "
        "practitioner, 20% organisation; every district; one answer in ten skipped) plus four files that are refused "
        "(not JSON, nested 20,000 deep, 1 MB, NaN), summarised by `hub reflect summarise` in a fresh process timed "
        "from start to exit (Python start-up and loading the hub's data included); its peak memory is that process's own "
        "(`VmHWM`). \"Without\" is the same command in a "
        "process where the audit (integer programming with SciPy's milp, HiGHS) is replaced by one that finds nothing, "
        "so only the rules along lines hide figures: the difference is the audit's cost, and the figures hidden show what "
        "it withholds beyond those rules. The audit's cost follows the number of hidden counts it has to attack in "
        "each table, not the number of returns. On a shared machine the CPU time is the steadier figure. The summary's size does not grow with the number of returns: it holds one row per district and question.",
        "",
        "How long each question set takes, estimated from its words (not timed with real people):",
        "",
        estimate_table(),
        "",
        f"Reading at {WORDS_PER_MINUTE} words a minute (the average for adults reading non-fiction silently, Brysbaert "
        "2019) every question, hint, level description, choice and \u201cwhat good looks like\u201d, and a summary in which "
        "every answer has a next step; plus our assumed time to decide once read: "
        + ", ".join(f"{kind} {seconds} s" for kind, seconds in DECIDING.items()) + f", and {CONTEXT_SECONDS} s for the "
        "three context questions. Timing a handful of practitioners on the draft would replace this estimate.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated numbers of returns (default 100,1000,10000)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",")] if args.sizes else DEFAULT_SIZES
    print(table(measure(sizes, log=lambda line: print(line, file=sys.stderr))))
    print()
    print(estimate_table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
