"""Keeping small numbers out of published tables: what to hide.

A table is a set of figures and what a reader knows holds between them:
equations (a row's cells add up to its count, the districts' cells add up to
the 'all' cell, those who answered plus those who skipped are the returns)
and bounds (an average's rounding interval; where people may choose several
answers, no cell is larger than the row's count). The rules, applied until
nothing changes:

1. *Primary.* Sensitive figures are hidden: the caller says which (counts
   of 1 to 4; with senders counted, figures from fewer than 5 senders).
2. *Along lines.* Where an equation's total is published, its hidden parts
   add up to a figure anyone can work out, so they must not add up to a
   small figure (the table's `small_sum`), and no sensitive figure may be the
   only hidden one in an equation: the smallest published part is hidden too.
3. *Audit.* The caller's audit (hub/reflection/audit.py) works out, as a
   reader with integer programming would, what the published figures still
   give away. For each figure it names, one more figure is hidden: the figure
   itself if it is published; else, of the figures that could help (the
   average of its row first, then the published figures nearest to it,
   smallest non-zero count first), the first that protects it on its own, as
   the audit finds by trying; else the nearest average (it ties a whole row
   together), else the nearest count. Then the rules run again.

The audit also protects the hidden part of every line (Table.lines: a row,
a column, the hidden districts together, those who scored at or below a
score): together they are people a reader can count too.

Every hidden figure is published the same way (`hidden: true`), whether it is
small or hidden to protect another one: telling the two apart would narrow a
hidden figure down. Nothing here knows about reflection returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Hashable

from hub.records.questionsets import small


class Unprotectable(Exception):
    """Hiding every figure the table may hide still leaves one exposed."""


@dataclass
class Equation:
    """sum(coefficient * figure) == 0 for the figures in `terms`."""

    terms: dict[Hashable, int]
    total: Hashable  # the figure the other terms add up to


@dataclass
class Bound:
    """low <= sum(coefficient * figure) <= high, known to a reader while every figure in `needs` is published."""

    terms: dict[Hashable, int]
    low: int | None = None
    high: int | None = None
    needs: tuple = ()


@dataclass
class Table:
    values: dict[Hashable, float | None]  # every figure's true value (None: not known here)
    equations: list[Equation]
    bounds: list[Bound] = field(default_factory=list)
    sensitive: set = field(default_factory=set)  # must never be published or worked out
    hidden: set = field(default_factory=set)  # hidden from the start (never shown, or whole groups hidden elsewhere)
    fixed: set = field(default_factory=set)  # figures another table decides about: never chosen to hide here
    # Lower sorts first when choosing a figure to hide: small counts before totals, say.
    priority: Callable[[Hashable], tuple] = lambda figure: (0,)
    # figure -> figures that must be hidden whenever it is (an average with its row's count).
    follows: dict[Hashable, list] = field(default_factory=dict)
    # Whether hidden figures adding up to a published total make a small figure together.
    small_sum: Callable[[list], bool] | None = None
    # Groups of figures a reader may count together (a row, a column, "scored 8 or less"):
    # (figure, companion) pairs; a figure is among the line's hidden part while it is
    # hidden and so is its companion (None: always). The audit protects the part's total.
    lines: list[list[tuple]] = field(default_factory=list)

    def hidden_part(self, line: list[tuple], hidden: set) -> list:
        return [f for f, companion in line if f in hidden and (companion is None or companion in hidden)]

    def is_small_sum(self, figures: list) -> bool:
        if self.small_sum is not None:
            return self.small_sum(figures)
        return small(sum(self.values[f] for f in figures))


def protect(table: Table, audit: Callable[[set], list] | None = None) -> set:
    """The figures to hide: the sensitive ones and enough others that none of
    them can be worked out. `audit(hidden)` names figures a reader could still
    work something out about (none: done). Raises Unprotectable when hiding
    everything the table may hide is not enough."""
    hidden = set(table.hidden) | set(table.sensitive)
    _hide_followers(table, hidden)
    while True:
        if _apply_line_rules(table, hidden):
            continue
        exposed = audit(hidden) if audit else []
        if not exposed:
            return hidden
        if not _hide_for(table, hidden, exposed[0], audit):
            everything = {f for f in table.values if f not in table.fixed}
            if everything <= hidden:
                raise Unprotectable(f"{exposed[0]!r} can be worked out even with every figure hidden")
            hidden |= everything


def _active_bounds(table: Table, hidden: set) -> list[Bound]:
    return [b for b in table.bounds if not any(f in hidden for f in b.needs)]


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


def _candidates(table: Table, hidden: set, relations) -> list:
    """Published figures of `relations` this table may hide, best to hide
    first. A figure that would be the only hidden one in an equation is worked
    out at once, so it helps little: those come last. Then the table's
    priority order, the smallest non-zero count first, then zeros."""
    seen = {figure for r in relations for figure in r.terms if figure not in hidden and figure not in table.fixed}

    def alone_somewhere(figure) -> bool:
        return any(figure in eq.terms and not any(f in hidden for f in eq.terms if f != figure) for eq in table.equations)

    return sorted(seen, key=lambda f: (alone_somewhere(f), table.priority(f), table.values[f] == 0, table.values[f], repr(f)))


def _apply_line_rules(table: Table, hidden: set) -> bool:
    """Rule 2 on every equation; True if a figure was hidden."""
    for eq in table.equations:
        if eq.total in hidden:
            continue
        parts = [figure for figure in eq.terms if figure in hidden and figure != eq.total]
        if not parts:
            continue
        alone = len(parts) == 1 and parts[0] in table.sensitive
        if alone or table.is_small_sum(parts):
            choices = _candidates(table, hidden, [eq])
            if choices:
                _hide(table, hidden, choices[0])
                return True
    return False


def _hide_for(table: Table, hidden: set, figure, audit) -> bool:
    """Hide one more figure for `figure`, which the audit says gives something
    away: itself if it is published. Otherwise the figures that could help, in
    order (the averages that bounds holding it need, then the published figures
    nearest to it), are tried with the audit, and the first that protects it
    on its own is hidden; when none does, the nearest average (it ties a whole
    row together), else the nearest count. False when nothing is left to hide."""
    if figure not in hidden and figure not in table.fixed:
        _hide(table, hidden, figure)
        return True
    choices = _choices_near(table, hidden, figure)
    if not choices:
        return False
    trial = getattr(audit, "protected", None)
    for choice in choices[:TRIALS] if trial else []:
        tried = set(hidden)
        _hide(table, tried, choice)
        if trial(tried, figure):
            _hide(table, hidden, choice)
            return True
    averages = {f for b in table.bounds for f in b.needs} - {f for r in table.equations + table.bounds for f in r.terms}
    _hide(table, hidden, next((f for f in choices if f in averages), choices[0]))
    return True


# How many figures near an exposed one are tried before the first is hidden anyway.
TRIALS = 24


def _choices_near(table: Table, hidden: set, figure) -> list:
    """Figures that could protect `figure`, nearest first: the averages that
    bounds holding it need, then the published figures of the relations holding
    it, then of the relations holding those relations' hidden figures, and so on."""
    relations = table.equations + _active_bounds(table, hidden)
    choices = sorted({f for b in _active_bounds(table, hidden) if figure in b.terms for f in b.needs
                      if f not in hidden and f not in table.fixed and f not in b.terms}, key=repr)
    reached, frontier, seen = set(), {figure}, set(choices)
    while frontier:
        near = [r for r in relations if id(r) not in reached and frontier & set(r.terms)]
        if not near:
            break
        found = _candidates(table, hidden, near)
        found += sorted({f for r in near if isinstance(r, Bound) for f in r.needs if f not in hidden and f not in table.fixed}, key=repr)
        choices += [f for f in found if f not in seen]
        seen.update(found)
        reached |= {id(r) for r in near}
        frontier = {f for r in near for f in r.terms if f in hidden} - frontier
    return choices
