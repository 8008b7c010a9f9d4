"""What a determined reader can work out from published tables, by integer programming.

The reader's problem is the published table turned into unknowns: every
count is a whole number of at least 0; a published count is fixed at its
value; a hidden one is free. Everything a reader knows holds between them
is a linear constraint (suppression.Equation and Bound): rows and columns add
up, answered plus skipped is the returns, each average is an interval
(9.9 means a row's total score over its count is at least 9.85 and below
9.95), each percentage too, and a score is between 1 and 10 because each
cell counts one score. SciPy's `milp` (HiGHS) solves it; nothing is solved
by our own code.

A hidden figure is protected when the published figures could have come
from a table in which it is 0, or one in which it is 5 or more: then the
reader cannot narrow it down to 1 to 4 (Requirement.safe lists such ranges;
a figure from fewer than 5 senders must be able to be 0). The audit looks for
such tables one figure at a time, and every table it finds settles every
other figure it shows too. A figure for which no such table exists is exposed.

Hiding more only takes facts away from the reader, so a figure once shown
protected stays protected: an Audit remembers them while its table grows.

Two versions of one round (`hub reflect summarise --republish`) are audited
as one problem: the unknowns of both, and the change between them, which a
reader may suppose only grew (late returns added) or only shrank.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Hashable, Iterable

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

from hub.records.questionsets import SMALLEST_GROUP
from hub.reflection.suppression import Table

INF = math.inf
# A figure a reader cannot narrow down to 1 to 4: it may be 0, or 5 or more.
NOT_SMALL = ((-INF, 0), (SMALLEST_GROUP, INF))
# A figure that must be able to be 0 (one from fewer than 5 senders).
MAYBE_NONE = ((-INF, 0),)
# A change between two versions that a reader cannot narrow down to a fall of 1 to 4.
NOT_SMALL_FALL = ((-INF, -SMALLEST_GROUP), (0, INF))
# HiGHS finishes these small problems in milliseconds; this only guards against a hang.
SOLVE_SECONDS = 120


class AuditError(Exception):
    """The solver could not say whether a figure is protected."""


@dataclass(frozen=True)
class Requirement:
    """The reader must not be able to rule out every range in `safe` for the
    unknown `key`, which concerns the table's figures `about`."""

    key: Hashable
    safe: tuple[tuple[float, float], ...]
    about: tuple = ()

    def met_by(self, value: float) -> bool:
        return any(low <= value <= high for low, high in self.safe)


class Reader:
    """What a reader knows: whole-number unknowns, their bounds and linear constraints."""

    def __init__(self):
        self.column: dict[Hashable, int] = {}
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.rows: list[tuple[dict[int, float], float, float]] = []

    def unknown(self, key, low: float = 0, high: float = INF) -> None:
        """A whole-number unknown; a second call narrows its bounds."""
        if key in self.column:
            index = self.column[key]
            self.lower[index] = max(self.lower[index], low)
            self.upper[index] = min(self.upper[index], high)
            return
        self.column[key] = len(self.lower)
        self.lower.append(low)
        self.upper.append(high)

    def constrain(self, terms: dict, low: float = -INF, high: float = INF) -> None:
        for key in terms:
            if key not in self.column:
                self.unknown(key)
        self.rows.append(({self.column[k]: c for k, c in terms.items() if c}, low, high))

    def solve(self, objective: dict | None = None, limits: dict | None = None) -> dict | None:
        """A whole-number solution (key -> value) minimising `objective`, with some
        unknowns limited to (low, high); None when there is none."""
        size = len(self.lower)
        if not size:
            return {}
        lower, upper = np.array(self.lower, dtype=float), np.array(self.upper, dtype=float)
        for key, (low, high) in (limits or {}).items():
            index = self.column[key]
            lower[index], upper[index] = max(lower[index], low), min(upper[index], high)
            if lower[index] > upper[index]:
                return None
        cost = np.zeros(size)
        for key, weight in (objective or {}).items():
            cost[self.column[key]] = weight
        constraints = []
        if self.rows:
            rows, cols, data = [], [], []
            for r, (terms, _, _) in enumerate(self.rows):
                for c, v in terms.items():
                    rows.append(r)
                    cols.append(c)
                    data.append(v)
            matrix = coo_array((data, (rows, cols)), shape=(len(self.rows), size)).tocsr()
            constraints.append(LinearConstraint(matrix, [low for _, low, _ in self.rows], [high for _, _, high in self.rows]))
        result = milp(cost, integrality=np.ones(size), bounds=Bounds(lower, upper), constraints=constraints,
                      options={"time_limit": SOLVE_SECONDS, "presolve": True})
        if result.status == 2:  # infeasible
            return None
        if result.status != 0 or result.x is None:
            raise AuditError(f"the solver stopped without an answer ({result.message})")
        return {key: round(result.x[index]) for key, index in self.column.items()}


def add_table(reader: Reader, table: Table, hidden: set, name: Hashable = None) -> None:
    """The table as a reader sees it: published counts fixed, hidden ones free,
    every equation, and every bound whose figures are published. Unknowns are
    keyed (name, figure)."""
    def key(figure):
        return (name, figure)

    for eq in table.equations:
        for figure in eq.terms:
            value = table.values.get(figure)
            if figure in hidden or value is None:
                reader.unknown(key(figure))
            else:
                reader.unknown(key(figure), value, value)
        reader.constrain({key(f): c for f, c in eq.terms.items()}, 0, 0)
    for bound in table.bounds:
        if any(f in hidden or table.values.get(f) is None for f in bound.needs):
            continue
        for figure in bound.terms:
            value = table.values.get(figure)
            reader.unknown(key(figure), *((0, INF) if figure in hidden or value is None else (value, value)))
        reader.constrain({key(f): c for f, c in bound.terms.items()},
                         -INF if bound.low is None else bound.low, INF if bound.high is None else bound.high)


def exposed(reader: Reader, requirements: Iterable[Requirement], settled: set) -> list[Requirement]:
    """The requirements no table consistent with what the reader knows meets,
    in the order given. `settled` (requirements already met) grows."""
    pending = [r for r in requirements if r not in settled]
    if not pending:
        return []
    found = reader.solve(_toward_zero(reader, pending))
    if found is None:
        raise AuditError("the published figures contradict each other")
    _settle(pending, found, settled)
    failed = []
    for requirement in pending:
        if requirement in settled:
            continue
        for low, high in requirement.safe:
            found = reader.solve(_toward_zero(reader, [r for r in pending if r not in settled]), {requirement.key: (low, high)})
            if found is not None:
                _settle(pending, found, settled)
                break
        if requirement not in settled:
            failed.append(requirement)
    return failed


def _settle(pending: list[Requirement], found: dict, settled: set) -> None:
    settled.update(r for r in pending if r.met_by(found[r.key]))


def _toward_zero(reader: Reader, pending: list[Requirement]) -> dict:
    """An objective that pushes the pending unknowns toward 0, where most are protected at once."""
    objective = {}
    for requirement in pending:
        index = reader.column[requirement.key]
        if reader.lower[index] >= 0:
            objective[requirement.key] = 1
        elif reader.upper[index] <= 0:
            objective[requirement.key] = -1
    return objective


# ----------------------------------------------------------------------------
# One table
# ----------------------------------------------------------------------------

class Audit:
    """The audit of one table as its hidden figures grow: `audit(hidden)` names
    the hidden figures a reader could narrow down too far, alone or as part of
    a line (table.lines) whose hidden part adds up to a small figure."""

    def __init__(self, table: Table, must_be_able_to_be_zero: set = frozenset(), name: Hashable = None):
        self.table = table
        self.zero = must_be_able_to_be_zero
        self.name = name
        self.settled: set = set()

    def requirement(self, figure) -> Requirement:
        return Requirement((self.name, figure), MAYBE_NONE if figure in self.zero else NOT_SMALL, (figure,))

    def requirements(self, reader: Reader, hidden: set) -> list[Requirement]:
        """Every hidden sensitive figure, and the hidden part of every line that
        is small together (an unknown for its total is added to `reader`)."""
        wanted = [self.requirement(f) for f in sorted(self.table.sensitive & hidden, key=repr) if (self.name, f) in reader.column]
        seen = set()
        for line in self.table.lines:
            part = tuple(sorted(self.table.hidden_part(line, hidden), key=repr))
            if len(part) < 2 or part in seen or not self.table.is_small_sum(list(part)):
                continue
            seen.add(part)
            key = (self.name, ("together",) + part)
            reader.unknown(key)
            reader.constrain({key: 1, **{(self.name, f): -1 for f in part}}, 0, 0)
            counted = sum(self.table.values[f] for f in part)
            wanted.append(Requirement(key, NOT_SMALL if 0 < counted < SMALLEST_GROUP else MAYBE_NONE, part))
        return wanted

    def __call__(self, hidden: set) -> list:
        reader = Reader()
        add_table(reader, self.table, hidden, self.name)
        return [r.about[0] for r in exposed(reader, self.requirements(reader, hidden), self.settled)]

    def protected(self, hidden: set, figure) -> bool:
        """Whether what concerns `figure` would be protected with `hidden` hidden
        (a trial: nothing is remembered)."""
        reader = Reader()
        add_table(reader, self.table, hidden, self.name)
        return not exposed(reader, [r for r in self.requirements(reader, hidden) if figure in r.about], set())


# ----------------------------------------------------------------------------
# Two versions of one table
# ----------------------------------------------------------------------------

OLD, NEW, CHANGE = "published before", "now", "change"


class VersionAudit:
    """A table about to be published again (`new`) beside the version already
    published (`old`, whose hidden figures are unknown here): names the figures
    of `new` that let a reader holding both narrow down a hidden figure of either
    version, or the change of a figure between them, to 1 to 4."""

    def __init__(self, new: Table, old: Table, old_hidden: set, must_be_able_to_be_zero: set = frozenset()):
        self.new, self.old, self.old_hidden = new, old, old_hidden
        self.single = Audit(new, must_be_able_to_be_zero)
        self.joint = Audit(new, must_be_able_to_be_zero, NEW)
        self.shared = sorted((f for f in new.values if f in old.values and _is_count(new, f) and _is_count(old, f)), key=repr)
        self.settled: dict[str, set] = {}

    def __call__(self, hidden: set) -> list:
        found = self.single(hidden)
        if found:
            return found
        for guess in self._guesses(hidden):
            reader = self._reader(hidden, guess)
            failed = exposed(reader, self._wanted(reader, hidden), self.settled.setdefault(guess, set()))
            if failed:
                return [r.about[0] for r in failed]
        return []

    def protected(self, hidden: set, figure) -> bool:
        if not self.single.protected(hidden, figure):
            return False
        for guess in self._guesses(hidden):
            reader = self._reader(hidden, guess)
            if exposed(reader, [r for r in self._wanted(reader, hidden) if figure in r.about], set()):
                return False
        return True

    def _wanted(self, reader: Reader, hidden: set) -> list[Requirement]:
        wanted = self.joint.requirements(reader, hidden)
        wanted += [Requirement((OLD, f), NOT_SMALL, (f,)) for f in sorted(self.old_hidden, key=repr)
                   if (OLD, f) in reader.column and _is_count(self.old, f)]
        for f in self.shared:
            wanted += [Requirement((CHANGE, f), NOT_SMALL, (f,)), Requirement((CHANGE, f), NOT_SMALL_FALL, (f,))]
        return wanted

    def _reader(self, hidden: set, guess: str) -> Reader:
        reader = Reader()
        add_table(reader, self.new, hidden, NEW)
        add_table(reader, self.old, self.old_hidden, OLD)
        for f in self.shared:
            reader.unknown((CHANGE, f), *{"grew": (0, INF), "shrank": (-INF, 0)}.get(guess, (-INF, INF)))
            reader.constrain({(CHANGE, f): 1, (NEW, f): -1, (OLD, f): 1}, 0, 0)
        return reader

    def _guesses(self, hidden: set) -> list[str]:
        """What a reader may suppose happened between the versions: returns only
        added, or only taken away, where the figures allow it; else nothing."""
        possible = [guess for guess in ("grew", "shrank") if self._reader(hidden, guess).solve() is not None]
        return possible or ["anything"]


def _is_count(table: Table, figure) -> bool:
    return any(figure in eq.terms for eq in table.equations)
