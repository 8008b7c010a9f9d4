"""Keeping small numbers out of published tables.

A table is a set of figures tied together by equations a reader knows hold:
a row's cells add up to the row's total, the districts' cells add up to the
'all' cell, a row's average times its count is the sum of its scores. The
rules, applied until nothing changes:

1. *Primary.* Sensitive figures are hidden: every count of 1 to 4, and every
   figure about a group of fewer than 5 people (the caller says which).
2. *Secondary.* Where an equation's total is published, its hidden parts
   must not add up to 1 to 4 (combined, they would be a small group too),
   and no sensitive figure may be the only hidden one in an equation (it
   could be found by subtraction): the smallest published part is hidden too.
3. *Exact check.* No sensitive figure may be worked out from all the
   published figures and equations together: the equations are solved over
   the integers, and where a sensitive figure is determined, another figure
   near it is hidden and the check runs again.

Every hidden figure is published the same way (`hidden: true`), whether it is
small or hidden to protect another one: telling the two apart would narrow a
hidden figure down. Nothing here knows about reflection returns.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable, Hashable

from hub.records.questionsets import small


@dataclass
class Equation:
    """sum(coefficient * figure) == 0 for the figures in `terms`."""

    terms: dict[Hashable, int]
    total: Hashable | None = None  # the figure the other terms add up to (a count equation)
    needs: Hashable | None = None  # the equation is known only while this figure is published


@dataclass
class Table:
    values: dict[Hashable, float]  # every figure's true value
    equations: list[Equation]
    sensitive: set = field(default_factory=set)  # must never be published or worked out
    hidden: set = field(default_factory=set)  # hidden from the start (whole groups hidden elsewhere)
    # Lower sorts first when choosing a figure to hide: small counts before totals, say.
    priority: Callable[[Hashable], tuple] = lambda figure: (0,)
    # figure -> figures that must be hidden whenever it is (an average with its row's count).
    follows: dict[Hashable, list] = field(default_factory=dict)



def protect(table: Table) -> set:
    """The figures to hide: the sensitive ones and enough others that none of
    them can be worked out. Never returns fewer than table.sensitive."""
    hidden = set(table.hidden) | set(table.sensitive)
    _hide_followers(table, hidden)
    while True:
        if _apply_line_rules(table, hidden):
            continue
        determined = _determined_sensitive(table, hidden)
        if not determined:
            return hidden
        if not _hide_near(table, hidden, determined[0]):
            return set(table.values)  # nothing left to hide near it: hide the whole table


def _active(table: Table, hidden: set) -> list[Equation]:
    return [eq for eq in table.equations if eq.needs is None or eq.needs not in hidden]


def _hide(table: Table, hidden: set, figure) -> None:
    hidden.add(figure)
    _hide_followers(table, hidden)


def _hide_followers(table: Table, hidden: set) -> None:
    pending = [f for f in hidden if f in table.follows]
    while pending:
        for follower in table.follows.get(pending.pop(), []):
            if follower not in hidden:
                hidden.add(follower)
                pending.append(follower)


def _candidates(table: Table, hidden: set, equations) -> list:
    """Published figures of `equations`, best to hide first. A figure that
    would be the only hidden one in another equation is worked out at once,
    so it helps little: those come last. Then the table's priority order,
    the smallest non-zero count first, then zeros."""
    seen = {figure for eq in equations for figure in eq.terms if figure not in hidden}
    active = _active(table, hidden)

    def alone_somewhere(figure) -> bool:
        return any(figure in eq.terms and not any(f in hidden for f in eq.terms if f != figure) for eq in active)

    return sorted(seen, key=lambda f: (alone_somewhere(f), table.priority(f), table.values[f] == 0, table.values[f], repr(f)))


def _apply_line_rules(table: Table, hidden: set) -> bool:
    """Rule 2 on every equation; True if a figure was hidden."""
    for eq in _active(table, hidden):
        parts = [figure for figure in eq.terms if figure in hidden and figure != eq.total]
        if not parts or (eq.total is not None and eq.total in hidden):
            continue
        alone = len([f for f in eq.terms if f in hidden]) == 1 and parts[0] in table.sensitive
        combined_small = eq.total is not None and small(sum(table.values[f] for f in parts))
        if alone or combined_small:
            choices = _candidates(table, hidden, [eq])
            if choices:
                _hide(table, hidden, choices[0])
            elif eq.needs is not None:
                _hide(table, hidden, eq.needs)
            else:
                continue
            return True
    return False


def _hide_near(table: Table, hidden: set, figure) -> bool:
    """Hide one more figure close to `figure` (a sensitive figure that can be
    worked out): first in the equations holding it, then further out."""
    equations = _active(table, hidden)
    reached, frontier = set(), {figure}
    while frontier:
        near = [eq for eq in equations if id(eq) not in reached and frontier & set(eq.terms)]
        if not near:
            return False
        choices = _candidates(table, hidden, near)
        if choices:
            _hide(table, hidden, choices[0])
            return True
        averages = [eq.needs for eq in near if eq.needs is not None and eq.needs not in hidden]
        if averages:
            _hide(table, hidden, averages[0])
            return True
        reached |= {id(eq) for eq in near}
        frontier = {f for eq in near for f in eq.terms if f in hidden}
    return False


def _determined_sensitive(table: Table, hidden: set) -> list:
    """Sensitive figures that the published figures and the equations pin down
    exactly. Gaussian elimination over the integers on the hidden figures: a
    hidden figure is determined when a reduced equation holds it alone."""
    variables = sorted(hidden, key=repr)
    column = {figure: index for index, figure in enumerate(variables)}
    rows: list[dict[int, int]] = []
    for eq in _active(table, hidden):
        row = {column[f]: c for f, c in eq.terms.items() if f in column and c}
        if row:
            rows.append(row)
    pivots: list[tuple[int, dict[int, int]]] = []
    for col in range(len(variables)):
        pivot = next((row for row in rows if row.get(col)), None)
        if pivot is None:
            continue
        rows.remove(pivot)
        rows = [row for row in (_eliminate(r, pivot, col) if r.get(col) else r for r in rows) if row]
        pivots = [(c, _eliminate(p, pivot, col) if p.get(col) else p) for c, p in pivots]
        pivots.append((col, pivot))
    return [variables[col] for col, row in pivots if len(row) == 1 and variables[col] in table.sensitive]


def _eliminate(row: dict[int, int], pivot: dict[int, int], col: int) -> dict[int, int]:
    """`row` with its `col` term removed using `pivot`, kept in lowest integer terms."""
    a, b = row[col], pivot[col]
    combined = {}
    for key in row.keys() | pivot.keys():
        value = b * row.get(key, 0) - a * pivot.get(key, 0)
        if value:
            combined[key] = value
    divisor = math.gcd(*combined.values()) if combined else 1
    return {key: value // divisor for key, value in combined.items()} if divisor > 1 else combined
