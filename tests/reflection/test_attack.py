"""A determined reader attacks the published summary with integer programming.

The attacker here is written apart from hub/reflection/audit.py and shares
none of its code: it reads only what is published (the summary as YAML text,
and the question sets every visitor can see) and the rules the summary page
states (averages rounded half up to one decimal place, percentages half up
to whole numbers, averages and percentages only beside a shown count of those
who answered). For every question it sets up its own integer programme:
every count a whole number of at least 0, shown counts fixed, districts
adding up to 'all' in every column, returns = answered + skipped, one-answer
rows adding up to their answered count, several-answer rows within their
bounds, each average and percentage as its rounding interval. Then, for every
hidden figure, it asks HiGHS for the smallest and largest value the figure
can take. A figure whose true value is 1 to 4 is *recovered* when every value
it can take is between 1 and 4.

Over 200 random rounds of four question kinds (scale, levels, one answer,
several answers) with uneven districts, and the issue's fixed cases (Leeds:
twelve returns, eleven scores of 10 and one of 9), nothing is recovered.
Beyond single figures it also tries the hidden districts taken together and
the hidden cells of a row taken together.

A reader holding two versions of a round (republished with late returns)
gets one programme for both, with the change of every figure between them
(supposed to have only grown): no hidden figure of either version, and no
change of 1 to 4, is recovered either.
"""

from __future__ import annotations

import random

import numpy as np
import pytest
import yaml
from scipy.optimize import Bounds, LinearConstraint, milp

from hub.reflection.returns import Return
from hub.reflection.summarise import summaries_text, summarise_set

LEVELS = ["Not yet", "Starting", "Developing", "Established"]
DISTRICTS = ["bradford", "calderdale", "kirklees", "leeds", "wakefield", "several"]
# The question set the rounds answer: one question of each kind.
QUESTION_SET = {
    "id": "attacked", "version": 1,
    "sections": [{"id": "only", "questions": [
        {"id": "score", "kind": "scale", "aggregate": True},
        {"id": "level", "kind": "levels", "aggregate": True},
        {"id": "one", "kind": "single", "aggregate": True, "options": [{"id": o} for o in ("a", "b", "c", "d")]},
        {"id": "several", "kind": "multiple", "aggregate": True, "options": [{"id": o} for o in ("p", "q", "r", "s")]},
    ]}],
}
ROUNDS = 200
CHUNKS = 10


# ----------------------------------------------------------------------------
# Rounds to attack
# ----------------------------------------------------------------------------

def answer_values(question: dict) -> list[str]:
    if question["kind"] == "scale":
        return [str(v) for v in range(1, 11)]
    if question["kind"] == "levels":
        return [str(v) for v in range(1, len(LEVELS) + 1)]
    return [o["id"] for o in question["options"]]


def random_round(seed: int) -> list[Return]:
    """Uneven districts (some empty, some of 1 to 4, some large), each with its
    own leaning answers, and some questions skipped."""
    rng = random.Random(seed)
    returns, number = [], 0
    for district in DISTRICTS:
        size = rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 9, 12, 15, 20, 30, 45])
        leaning = {q["id"]: rng.random() for q in QUESTION_SET["sections"][0]["questions"]}
        skip = rng.choice([0, 0, 0.05, 0.2])
        for _ in range(size):
            answers = {}
            for q in QUESTION_SET["sections"][0]["questions"]:
                if rng.random() < skip:
                    continue
                values = answer_values(q)
                if q["kind"] in ("scale", "levels"):
                    # Mostly near the district's leaning: many cells of 0, a few small ones.
                    centre = leaning[q["id"]] * (len(values) - 1)
                    answers[q["id"]] = int(min(len(values), max(1, round(rng.gauss(centre, 1.2)) + 1)))
                elif q["kind"] == "single":
                    answers[q["id"]] = values[0] if rng.random() < leaning[q["id"]] else rng.choice(values)
                else:
                    answers[q["id"]] = sorted(rng.sample(values, rng.randint(1, 3)))
            returns.append(Return(f"r{number}", QUESTION_SET["id"], 1, f"{number:032x}", district, answers))
            number += 1
    return returns


def leeds_round() -> list[Return]:
    """The issue's case: Leeds has 12 returns, eleven score 10 and one scores 9."""
    scores = [10] * 11 + [9]
    returns = [Return(f"l{i}", "attacked", 1, f"{i:032x}", "leeds", {"score": s, "level": 4, "one": "a", "several": ["p"]})
               for i, s in enumerate(scores)]
    others = [Return(f"k{i}", "attacked", 1, f"{100 + i:032x}", "kirklees", {"score": 5 + i % 3, "level": 2, "one": "b", "several": ["q", "r"]})
              for i in range(9)]
    return returns + others


def published(returns: list[Return]) -> dict:
    """The set's summary as a reader gets it: the YAML text the summariser writes, read back."""
    summary = summarise_set(QUESTION_SET, returns, DISTRICTS, len(LEVELS))
    text = summaries_text([{"round": "2026-H2", "produced": "2026-11-25", "sets": [summary]}])
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["summaries"][0]["sets"][0]


def true_figures(returns: list[Return], question: dict) -> dict:
    """(group, column) -> the true count, to judge what the attacker finds."""
    truth = {}
    for group in ["all"] + DISTRICTS:
        mine = [r for r in returns if group == "all" or r.district == group]
        truth[(group, "returns")] = len(mine)
        answered = [r.answers[question["id"]] for r in mine if question["id"] in r.answers]
        truth[(group, "answered")] = len(answered)
        truth[(group, "skipped")] = len(mine) - len(answered)
        for value in answer_values(question):
            truth[(group, value)] = sum(1 for a in answered if value in (a if isinstance(a, list) else [a]) or str(a) == value)
    return truth


# ----------------------------------------------------------------------------
# The attacker: its own integer programme, from the published YAML only
# ----------------------------------------------------------------------------

class Attack:
    def __init__(self, set_summary: dict, question: dict):
        self.index: dict = {}
        self.low: list = []
        self.high: list = []
        self.rows: list = []
        self.matrix = None
        self.found: list = []  # tables consistent with the page, found so far
        groups = ["all"] + DISTRICTS
        values = answer_values(question)
        shown_returns = {item["group"]: item.get("count") for item in set_summary["returns"]}
        table = next((t for t in set_summary["questions"] if t["question"] == question["id"]), None)
        rows = {row["group"]: row for row in table["rows"]} if table else {}
        for g in groups:
            self.var((g, "returns"), shown_returns.get(g))
            row = rows.get(g, {})
            cells = {c["value"]: c for c in row.get("cells", [])}
            self.var((g, "answered"), row.get("answered"))
            self.var((g, "skipped"), None)
            self.equal({(g, "answered"): 1, (g, "skipped"): 1, (g, "returns"): -1})
            for v in values:
                self.var((g, v), cells.get(v, {}).get("count"))
                if "percent" in cells.get(v, {}):
                    p = cells[v]["percent"]  # p - 1/2 <= 100 c / n < p + 1/2
                    self.between({(g, v): 200, (g, "answered"): -(2 * p - 1)}, 0, np.inf)
                    self.between({(g, v): 200, (g, "answered"): -(2 * p + 1)}, -np.inf, -1)
            if question["kind"] == "multiple":
                for v in values:
                    self.between({(g, v): 1, (g, "answered"): -1}, -np.inf, 0)
                self.between({**{(g, v): 1 for v in values}, (g, "answered"): -1}, 0, np.inf)
            else:
                self.equal({**{(g, v): 1 for v in values}, (g, "answered"): -1})
            if "average" in row:
                tenths = round(row["average"] * 10)  # tenths - 1/2 <= 10 * total / n < tenths + 1/2
                self.between({**{(g, v): 20 * int(v) for v in values}, (g, "answered"): -(2 * tenths - 1)}, 0, np.inf)
                self.between({**{(g, v): 20 * int(v) for v in values}, (g, "answered"): -(2 * tenths + 1)}, -np.inf, -1)
        for column in values + ["answered", "skipped", "returns"]:
            self.equal({**{(g, column): 1 for g in DISTRICTS}, ("all", column): -1})
        self.hidden_groups = [g for g in DISTRICTS if shown_returns.get(g) is None]
        self.values = values
        self.table = table

    def var(self, key, shown) -> None:
        self.index[key] = len(self.low)
        self.low.append(0 if shown is None else shown)
        self.high.append(np.inf if shown is None else shown)

    def equal(self, terms: dict) -> None:
        self.between(terms, 0, 0)

    def between(self, terms: dict, low, high) -> None:
        self.rows.append((terms, low, high))

    def solve(self, cost: dict, limit: dict | None = None, low=-np.inf, high=np.inf):
        """HiGHS on the programme, minimising sum(cost), with low <= sum(limit) <= high."""
        size = len(self.low)
        if self.matrix is None:
            self.matrix = np.zeros((len(self.rows), size))
            for r, (terms_r, _, _) in enumerate(self.rows):
                for key, c in terms_r.items():
                    self.matrix[r, self.index[key]] = c
        constraints = [LinearConstraint(self.matrix, [r[1] for r in self.rows], [r[2] for r in self.rows])]
        if limit:
            row = np.zeros(size)
            for key, c in limit.items():
                row[self.index[key]] = c
            constraints.append(LinearConstraint(row.reshape(1, -1), low, high))
        objective = np.zeros(size)
        for key, c in cost.items():
            objective[self.index[key]] = c
        return milp(objective, integrality=np.ones(size), bounds=Bounds(self.low, self.high), constraints=constraints)

    def can_be(self, terms: dict, low, high) -> bool:
        """Whether a table consistent with the page has low <= sum(terms) <= high; every
        such table found is kept, and answers later questions when it can."""
        def total(x):
            return sum(c * x[self.index[k]] for k, c in terms.items())
        if any(low <= round(total(x)) <= high for x in self.found):
            return True
        result = self.solve({}, terms, low, high)
        assert result.status in (0, 2), result.message
        if result.status == 0:
            self.found.append(result.x)
        return result.status == 0

    def recovered(self, terms: dict) -> tuple[int, int] | None:
        """(smallest, largest) when everything sum(terms) can be lies between 1 and 4, else None:
        first whether it can be 0 or below, then 5 or more; only then its exact range."""
        if self.can_be(terms, -np.inf, 0) or self.can_be(terms, 5, np.inf):
            return None
        smallest, largest = self.solve(terms), self.solve({k: -c for k, c in terms.items()})
        assert smallest.status == 0 and largest.status == 0, "the attacker's programme has no solution"
        return round(smallest.fun), round(-largest.fun)

    def hidden_figures(self) -> list:
        return [key for key, index in self.index.items() if self.low[index] != self.high[index]]


def attack(set_summary: dict, returns: list[Return]) -> list[str]:
    """Every small figure the attacker recovers, described."""
    found = []
    for question in QUESTION_SET["sections"][0]["questions"]:
        truth = true_figures(returns, question)
        reader = Attack(set_summary, question)
        assert reader.solve({}).status == 0, "the published figures and the stated rules fit together"
        for key in reader.hidden_figures():
            if 1 <= truth[key] <= 4:
                got = reader.recovered({key: 1})
                if got:
                    found.append(f"{question['id']} {key}: true {truth[key]}, recovered as {got[0]} to {got[1]}")
        # Beyond single figures: the hidden districts taken together, cell by cell,
        # and the hidden cells of each one-answer row taken together.
        if reader.hidden_groups and reader.table:
            for column in reader.values + ["answered", "skipped"]:
                together = sum(truth[(g, column)] for g in reader.hidden_groups)
                if 1 <= together <= 4 and reader.recovered({(g, column): 1 for g in reader.hidden_groups}):
                    found.append(f"{question['id']} hidden districts together, {column}: {together}")
        if question["kind"] != "multiple" and reader.table:
            for g in ["all"] + DISTRICTS:
                hidden = [(g, v) for v in reader.values if (g, v) in reader.hidden_figures()]
                together = sum(truth[k] for k in hidden)
                if len(hidden) > 1 and 1 <= together <= 4 and reader.recovered({k: 1 for k in hidden}):
                    found.append(f"{question['id']} {g}: its hidden cells together, {together}")
    return found


# ----------------------------------------------------------------------------
# The attacks
# ----------------------------------------------------------------------------

def test_the_attacker_recovers_the_leeds_9_when_the_average_is_published():
    """The attacker is strong enough: given the summary as the old rules made
    it (the Leeds average of 9.9 shown beside its hidden 9 and 10), it pins
    the one person who scored 9."""
    returns = leeds_round()
    summary = published(returns)
    table = next(t for t in summary["questions"] if t["question"] == "score")
    leeds = next(row for row in table["rows"] if row["group"] == "leeds")
    assert {"value": "9", "hidden": True} in leeds["cells"] and {"value": "10", "hidden": True} in leeds["cells"]
    assert "average" not in leeds, "the audit withholds the average that gives the 9 away"
    leeds["average"] = 9.9  # as the old rules published it
    found = attack(summary, returns)
    assert "score ('leeds', '9'): true 1, recovered as 1 to 1" in found


def test_the_leeds_case_gives_nothing_away():
    returns = leeds_round()
    summary = published(returns)
    assert attack(summary, returns) == []
    table = next(t for t in summary["questions"] if t["question"] == "score")
    assert next(row for row in table["rows"] if row["group"] == "leeds")["answered"] == 12


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_random_rounds_give_no_small_figure_away(chunk):
    per_chunk = ROUNDS // CHUNKS
    hidden = 0
    for seed in range(chunk * per_chunk, (chunk + 1) * per_chunk):
        returns = random_round(seed)
        summary = published(returns)
        found = attack(summary, returns)
        assert found == [], f"round {seed}: {found}"
        hidden += sum(1 for t in summary["questions"] for row in t["rows"] for c in row.get("cells", []) if c.get("hidden"))
    assert hidden > 0, "the rounds hide something to attack"


# ----------------------------------------------------------------------------
# A reader holding two versions of one round
# ----------------------------------------------------------------------------

def joined(first: Attack, second: Attack) -> Attack:
    """One programme holding both versions' unknowns, and for every figure the change
    between them, which the reader supposes only grew (late returns added)."""
    both = Attack.__new__(Attack)
    both.index, both.low, both.high, both.rows, both.matrix, both.found = {}, [], [], [], None, []
    for name, part in (("first", first), ("second", second)):
        for key, index in part.index.items():
            both.var((name, key), None)
            both.low[-1], both.high[-1] = part.low[index], part.high[index]
        for terms, low, high in part.rows:
            both.rows.append(({(name, k): c for k, c in terms.items()}, low, high))
    for key in first.index:
        both.var(("change", key), None)  # 0 and up
        both.equal({("change", key): 1, ("second", key): -1, ("first", key): 1})
    return both


def attack_versions(first_summary: dict, second_summary: dict, before: list[Return], after: list[Return]) -> list[str]:
    found = []
    for question in QUESTION_SET["sections"][0]["questions"]:
        truth_before, truth_after = true_figures(before, question), true_figures(after, question)
        reader = joined(Attack(first_summary, question), Attack(second_summary, question))
        assert reader.solve({}).status == 0, "both versions and the late returns fit together"
        hidden = set(reader.hidden_figures())
        for key in truth_before:
            checks = [(("first", key), truth_before[key]), (("second", key), truth_after[key]),
                      (("change", key), truth_after[key] - truth_before[key])]
            for unknown, true in checks:
                if unknown in hidden and 1 <= true <= 4 and reader.recovered({unknown: 1}):
                    found.append(f"{question['id']} {unknown}: true {true}")
    return found


def with_late_returns(returns: list[Return], seed: int) -> list[Return]:
    rng = random.Random(10_000 + seed)
    late = random_round(20_000 + seed)[: rng.randint(1, 6)]
    return returns + [Return(f"late{i}", r.set_id, 1, f"{50_000 + i:032x}", r.district, r.answers) for i, r in enumerate(late)]


def test_the_attacker_of_two_versions_finds_the_late_person_when_each_is_checked_alone():
    before = leeds_round()
    after = before + [Return("late", "attacked", 1, f"{999:032x}", "leeds", {"score": 2, "level": 1, "one": "d", "several": ["s"]})]
    found = attack_versions(published(before), published(after), before, after)
    assert "score ('change', ('leeds', 'returns')): true 1" in found, "one more return in Leeds"
    assert "score ('change', ('leeds', 'answered')): true 1" in found


def test_a_late_return_republished_gives_the_late_person_away_to_nobody():
    before = leeds_round()
    after = before + [Return("late", "attacked", 1, f"{999:032x}", "leeds", {"score": 2, "level": 1, "one": "d", "several": ["s"]})]
    first = published(before)
    second = summarise_set(QUESTION_SET, after, DISTRICTS, len(LEVELS), earlier=first)
    second = yaml.safe_load(summaries_text([{"round": "2026-H2", "produced": "2026-11-25", "sets": [second]}]))["summaries"][0]["sets"][0]
    assert attack_versions(first, second, before, after) == []


@pytest.mark.parametrize("seed", range(20))
def test_republished_random_rounds_give_nothing_away_to_a_reader_of_both(seed):
    before = random_round(seed)
    after = with_late_returns(before, seed)
    first = published(before)
    second = summarise_set(QUESTION_SET, after, DISTRICTS, len(LEVELS), earlier=first)
    second = yaml.safe_load(summaries_text([{"round": "2026-H2", "produced": "2026-11-25", "sets": [second]}]))["summaries"][0]["sets"][0]
    assert attack_versions(first, second, before, after) == []
