"""Small numbers stay hidden: the suppression rules and the integer-programming
audit on hand-made tables with known answers, and on many random tables
checked by an independent exact elimination."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from hub.reflection.audit import Audit
from hub.reflection.suppression import Bound, Equation, Table, Unprotectable, protect

ALL = "all"


def line_table(counts: dict[str, int]) -> Table:
    """One line of groups adding up to 'all' (returns per district)."""
    values = dict(counts)
    values[ALL] = sum(counts.values())
    terms = {g: 1 for g in counts}
    terms[ALL] = -1
    return Table(values, [Equation(terms, total=ALL)], sensitive={g for g, n in values.items() if 0 < n < 5},
                 priority=lambda figure: (figure == ALL,))


def grid_table(rows: dict[str, list[int]], averages: bool = False) -> Table:
    """Districts x answers 1..n, with an answered column and an 'all' row, as a
    one-answer question: rows and columns both add up."""
    width = len(next(iter(rows.values())))
    columns = [str(v) for v in range(1, width + 1)] + ["n"]
    values = {}
    for group, cells in rows.items():
        for value, count in enumerate(cells, 1):
            values[(group, str(value))] = count
        values[(group, "n")] = sum(cells)
    for column in columns:
        values[(ALL, column)] = sum(values[(g, column)] for g in rows)
    equations = []
    for column in columns:
        terms = {(g, column): 1 for g in rows}
        terms[(ALL, column)] = -1
        equations.append(Equation(terms, total=(ALL, column)))
    follows, bounds = {}, []
    for group in [ALL, *rows]:
        terms = {(group, c): 1 for c in columns[:-1]}
        terms[(group, "n")] = -1
        equations.append(Equation(terms, total=(group, "n")))
        if averages and values[(group, "n")]:
            total = sum(int(c) * values[(group, c)] for c in columns[:-1])
            tenths = (20 * total + values[(group, "n")]) // (2 * values[(group, "n")])  # half up
            values[(group, "avg")] = tenths / 10
            scores = {(group, c): 20 * int(c) for c in columns[:-1]}
            bounds.append(Bound({**scores, (group, "n"): -(2 * tenths - 1)}, low=0, needs=((group, "avg"),)))
            bounds.append(Bound({**scores, (group, "n"): -(2 * tenths + 1)}, high=-1, needs=((group, "avg"),)))
            follows[(group, "n")] = [(group, "avg")]
    sensitive = {f for f, n in values.items() if f[1] != "avg" and 0 < n < 5}
    return Table(values, equations, bounds, sensitive=sensitive, follows=follows,
                 priority=lambda figure: (figure[0] == ALL or figure[1] == "n",))


def audited(table: Table) -> set:
    return protect(table, Audit(table))


# ----------------------------------------------------------------------------
# An independent check: exact rational elimination, written separately
# ----------------------------------------------------------------------------

def determined(table: Table, hidden: set) -> set:
    """Hidden figures the published figures pin down, by Gaussian elimination over the rationals."""
    variables = sorted(hidden, key=repr)
    rows = []
    for eq in table.equations:
        row = [Fraction(eq.terms.get(v, 0)) for v in variables]
        if any(row):
            rows.append(row)
    pivots, r = [], 0
    for c in range(len(variables)):
        p = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if p is None:
            continue
        rows[r], rows[p] = rows[p], rows[r]
        rows[r] = [x / rows[r][c] for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r])]
        pivots.append(c)
        r += 1
    return {variables[c] for i, c in enumerate(pivots) if sum(1 for x in rows[i] if x != 0) == 1}


def assert_protected(table: Table, hidden: set) -> None:
    assert table.sensitive <= hidden, "every figure of 1 to 4 is hidden"
    assert not determined(table, hidden) & table.sensitive, "no hidden small figure can be worked out"
    for eq in table.equations:
        if eq.total is None or eq.total in hidden:
            continue
        parts = [f for f in eq.terms if f in hidden and f != eq.total]
        assert sum(table.values[f] for f in parts) == 0 or sum(table.values[f] for f in parts) >= 5, \
            "hidden parts of a published total add up to 0 or at least 5"


# ----------------------------------------------------------------------------
# Known answers
# ----------------------------------------------------------------------------

def test_nothing_is_hidden_when_every_figure_is_large_or_zero():
    table = line_table({"a": 10, "b": 0, "c": 7})
    assert audited(table) == set()


def test_one_small_group_hides_the_next_smallest_so_it_cannot_be_subtracted():
    table = line_table({"a": 3, "b": 9, "c": 8})
    assert audited(table) == {"a", "c"}


def test_small_groups_that_add_up_to_fewer_than_5_hide_one_more():
    table = line_table({"a": 1, "b": 2, "c": 30, "d": 40})
    hidden = audited(table)
    assert hidden == {"a", "b", "c"}
    assert_protected(table, hidden)


def test_a_total_of_fewer_than_5_hides_everything_but_zeros():
    table = line_table({"a": 1, "b": 2, "c": 0})
    hidden = audited(table)
    assert {"a", "b", ALL} <= hidden
    assert_protected(table, hidden)


def test_small_cells_in_a_grid_hide_inner_cells_and_keep_every_total():
    table = grid_table({"x": [2, 10], "y": [6, 7], "z": [7, 1]})
    hidden = audited(table)
    assert {("x", "1"), ("z", "2")} <= hidden
    assert not [f for f in hidden if f[0] == ALL or f[1] == "n"], "totals are hidden last"
    assert_protected(table, hidden)


def test_a_published_average_is_an_interval_that_can_give_a_hidden_count_away():
    # The Leeds row: eleven 10s and one 9. The row rules hide the 9 and
    # the 10 beside it; 9.9 x 12 = 118.8, so the scores total 119 of 120 and
    # exactly one person scored 9: the average goes.
    table = grid_table({"leeds": [0] * 8 + [1, 11], "kirklees": [0] * 7 + [5, 5, 6]}, averages=True)
    assert table.values[("leeds", "avg")] == 9.9
    assert protect(table) >= {("leeds", "9"), ("leeds", "10")}
    assert ("leeds", "avg") not in protect(table), "the rules along lines alone keep the average"
    hidden = audited(table)
    assert ("leeds", "avg") in hidden and ("leeds", "n") not in hidden
    assert_protected(table, hidden)


def test_an_average_that_gives_nothing_away_is_kept():
    # a's 3 people who chose 1 are hidden with the 10 who chose 2 (the row and
    # the column both add up). a's average of 2.8 (93 over 33) leaves its total
    # score anywhere from 91 to 94, so from 2 to 5 of the 13 chose 1: it may be
    # 5, the reader cannot tell it is small, and every average stays.
    table = grid_table({"a": [3, 10, 10, 10], "b": [20, 20, 20, 20], "c": [20, 20, 20, 20]}, averages=True)
    hidden = audited(table)
    assert hidden == {("a", "1"), ("a", "2"), ("b", "1"), ("b", "2")}
    assert_protected(table, hidden)


def test_two_averages_together_can_give_away_what_neither_does_alone():
    # With b smaller, a's and b's averages together pin a's 3: both go.
    table = grid_table({"a": [3, 10, 10, 10], "b": [10, 10, 10, 10]}, averages=True)
    hidden = audited(table)
    assert {("a", "avg"), ("b", "avg")} <= hidden and ("all", "avg") not in hidden
    assert_protected(table, hidden)


def test_a_sensitive_figure_that_cannot_be_protected_hides_the_whole_table():
    # One group only: its row is the 'all' row, so nothing can hide the small cell.
    values = {"a": 2, ALL: 2}
    table = Table(values, [Equation({"a": 1, ALL: -1}, total=ALL)], sensitive={"a", ALL})
    assert audited(table) == {"a", ALL}


def test_a_figure_that_stays_exposed_with_everything_hidden_is_refused():
    # 'a' may not be hidden by this table (another decides), and it pins 'b'.
    values = {"a": 3, "b": 3}
    table = Table(values, [Equation({"a": 1, "b": -1}, total="a")], sensitive={"b"}, fixed={"a"})
    with pytest.raises(Unprotectable):
        audited(table)


# ----------------------------------------------------------------------------
# Many random tables
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(60))
def test_random_tables_never_give_a_small_figure_away(seed):
    rng = random.Random(seed)
    groups = [f"g{i}" for i in range(rng.randint(2, 6))]
    width = rng.choice([2, 4, 5, 10])
    scale = rng.choice([2, 6, 15])
    rows = {g: [rng.choice([0, 0, 1, 2, 3]) if rng.random() < 0.4 else rng.randint(0, scale) for _ in range(width)] for g in groups}
    table = grid_table(rows, averages=rng.random() < 0.5)
    hidden = audited(table)
    assert_protected(table, hidden)
