"""The self-reflection tool's question sets (data/reflection.yaml) and its
published summaries (data/reflection-summaries.yaml): lookups, rounds, what
counts as a valid answer, and the rules the schemas cannot express.

The browser tool (docs/assets/reflect.js) applies the same answer rules when
it imports a saved reflection; `hub reflect summarise` applies them to every
return. Nothing here imports the loader or the page writer.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter

from hub.records.problems import Problem
from hub.records.yamlsource import SourceFile, dotted

# What the two downloads call themselves, so neither is mistaken for the other.
MY_REFLECTION_FORMAT = "scpb-hub-my-reflection"
RETURN_FORMAT = "scpb-hub-reflection-return"
FORMAT_VERSION = 1

# The group every return belongs to, beside its district.
ALL_GROUP = "all"
SCALE_VALUES = range(1, 11)
# The report asks for a tool that is "simple and relatively quick".
MOST_QUESTIONS = 15
# A published figure below this identifies too few people to show (the suppression rule's own threshold).
# Counts of 1 to SMALLEST_GROUP - 1 are never published (hub reflect summarise, and the check of
# the summaries file).
SMALLEST_GROUP = 5


def small(count) -> bool:
    """A count that is never published."""
    return 0 < count < SMALLEST_GROUP


_ROUND = re.compile(r"^([0-9]{4})-H([12])$")


# ----------------------------------------------------------------------------
# Rounds
# ----------------------------------------------------------------------------

# Rounds are half years: months 1 to H1_LAST_MONTH are H1, the rest H2 (reflect.js reads it from the page).
H1_LAST_MONTH = 6


def round_of(day: datetime.date) -> str:
    """The round a date falls in: January to June is H1, July to December H2."""
    return f"{day.year}-H{1 if day.month <= H1_LAST_MONTH else 2}"


def is_round(text) -> bool:
    return isinstance(text, str) and _ROUND.match(text) is not None


def previous_round(round_id: str) -> str:
    """'2026-H1' -> '2025-H2'; '2026-H2' -> '2026-H1'."""
    year, half = (int(part) for part in _ROUND.match(round_id).groups())
    return f"{year}-H1" if half == 2 else f"{year - 1}-H2"


# ----------------------------------------------------------------------------
# Lookups
# ----------------------------------------------------------------------------

def questions(question_set: dict) -> list[dict]:
    """Every question of a set, in the order people answer them."""
    return [question for section in question_set["sections"] for question in section["questions"]]


def set_by_id(reflection: dict, set_id: str) -> dict | None:
    return next((s for s in reflection["sets"] if s["id"] == set_id), None)


def aggregated(question_set: dict) -> list[dict]:
    """The questions whose answers go into the Alliance return."""
    return [q for q in questions(question_set) if q.get("aggregate")]


def replaced_ids(question_set: dict) -> dict[str, str]:
    """retired id -> id of the question that replaces it."""
    return {q["replaces"]: q["id"] for q in questions(question_set) if q.get("replaces")}


def district_choices(reflection: dict, vocab: dict) -> list[tuple[str, str]]:
    """(id, name) of every district a person can choose, then the several-districts choice."""
    across = reflection["context"]["across_districts"]
    return [(d["id"], d["name"]) for d in vocab["districts"]] + [(across["id"], across["name"])]


def answer_values(question: dict, level_count: int) -> list[str]:
    """Every answer a closed question can have, as text, in display order."""
    if question["kind"] == "scale":
        return [str(v) for v in SCALE_VALUES]
    if question["kind"] == "levels":
        return [str(v) for v in range(1, level_count + 1)]
    return [option["id"] for option in question.get("options", [])]


def answer_problem(question: dict, value, level_count: int) -> str | None:
    """Why `value` is not a valid answer to `question` (None when it is).
    Scores and levels are whole numbers, choices are option ids."""
    kind = question["kind"]
    if kind in ("scale", "levels"):
        top = SCALE_VALUES[-1] if kind == "scale" else level_count
        if isinstance(value, bool) or not isinstance(value, int):
            return f"expected a whole number from 1 to {top}"
        return None if 1 <= value <= top else f"{value} is outside 1 to {top}"
    options = [option["id"] for option in question.get("options", [])]
    if kind == "single":
        if not isinstance(value, str):
            return "expected one option id"
        return None if value in options else f"'{printable(value)}' is not one of its options"
    if kind == "multiple":
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            return "expected a list of option ids"
        unknown = [v for v in value if v not in options]
        if unknown:
            return f"'{printable(unknown[0])}' is not one of its options"
        return "names an option twice" if len(set(value)) != len(value) else None
    return "free text is not collected for the Alliance"


def printable(value, limit: int = 40) -> str:
    """A value from an untrusted file, safe to print in a terminal or a
    message: control characters replaced, long text cut short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(value))
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# ----------------------------------------------------------------------------
# Rules the schemas cannot express
# ----------------------------------------------------------------------------

def cross_problems(sources: dict[str, SourceFile], vocab: dict):
    """Yield Problems in reflection.yaml and reflection-summaries.yaml that need
    more than one value to see. Files that did not read as a group of fields are skipped."""
    source = sources.get("reflection")
    reflection = source.data if source is not None and isinstance(source.data, dict) else None
    if reflection is not None:
        yield from _reflection_problems(source, reflection, vocab)
    summaries = sources.get("reflection-summaries")
    if summaries is not None and isinstance(summaries.data, dict) and reflection is not None:
        yield from _summary_problems(summaries, reflection, vocab)


def _listed(value) -> list:
    return value if isinstance(value, list) else []


def _reflection_problems(source: SourceFile, reflection: dict, vocab: dict):
    def problem(place, message, severity="error"):
        return Problem(source.path, source.line_of(place), dotted(place), message, severity)

    level_count = len(_listed(reflection.get("level_names")))
    yield from _context_problems(reflection, vocab, problem)
    first_set: dict[str, tuple] = {}
    first_question: dict[str, tuple] = {}
    for s, question_set in enumerate(_listed(reflection.get("sets"))):
        if not isinstance(question_set, dict):
            continue
        here = ("sets", s)
        yield from _first_use(first_set, question_set.get("id"), here + ("id",), source, "set")
        retired = {}
        for r, old in enumerate(_listed(question_set.get("retired_questions"))):
            if isinstance(old, dict):
                retired.setdefault(old.get("id"), here + ("retired_questions", r))
                yield from _first_use(first_question, old.get("id"), here + ("retired_questions", r, "id"), source, "question")
                if isinstance(old.get("last_version"), int) and isinstance(question_set.get("version"), int) and old["last_version"] >= question_set["version"]:
                    yield problem(here + ("retired_questions", r, "last_version"),
                                  f"{old['last_version']} is not earlier than the set's version {question_set['version']}; a retired question was last asked in an earlier version")
        current: dict[str, dict] = {}
        section_ids: dict[str, tuple] = {}
        replacing: dict[str, tuple] = {}
        for c, section in enumerate(_listed(question_set.get("sections"))):
            if not isinstance(section, dict):
                continue
            yield from _first_use(section_ids, section.get("id"), here + ("sections", c, "id"), source, "section")
            for q, question in enumerate(_listed(section.get("questions"))):
                if not isinstance(question, dict):
                    continue
                place = here + ("sections", c, "questions", q)
                yield from _first_use(first_question, question.get("id"), place + ("id",), source, "question")
                if isinstance(question.get("id"), str):
                    current.setdefault(question["id"], question)
                yield from _question_problems(question, place, level_count, problem)
                old = question.get("replaces")
                if isinstance(old, str):
                    if old not in retired:
                        yield problem(place + ("replaces",), f"'{old}' is not in this set's retired_questions; list the question it replaces there first")
                    elif old in replacing:
                        yield problem(place + ("replaces",), f"'{old}' is already replaced by the question on line {source.line_of(replacing[old])}; a retired question is replaced by one question at most")
                    else:
                        replacing[old] = place + ("replaces",)
        yield from _set_problems(question_set, here, current, problem)


def _first_use(seen: dict, value, place: tuple, source: SourceFile, noun: str):
    """A Problem when `value` was already used as an id (ids of retired questions count too)."""
    if not isinstance(value, str):
        return
    if value in seen:
        always = ", in every version" if noun == "question" else ""
        yield Problem(source.path, source.line_of(place), dotted(place),
                      f"'{value}' is already the id of a {noun} on line {source.line_of(seen[value])}; every {noun} needs its own id{always}")
    else:
        seen[value] = place


def _question_problems(question: dict, place: tuple, level_count: int, problem):
    """Fields that belong to one kind of question only."""
    kind = question.get("kind")
    if kind not in ("scale", "levels", "single", "multiple", "text"):
        return  # the schema has said what is wrong
    wanted = {"levels": "levels", "single": "options", "multiple": "options"}.get(kind)
    for field in ("levels", "options", "baseline", "next_step"):
        belongs = field == wanted or (kind == "scale" and field in ("baseline", "next_step"))
        if field in question and not belongs:
            yield problem(place + (field,), f"'{field}' does not belong to a {kind} question; remove it or change kind")
    if wanted and wanted not in question:
        yield problem(place, f"'{wanted}' is missing; a {kind} question needs its {wanted}")
    if kind == "levels":
        yield from _level_problems(question, place, level_count, problem)
        if "good_looks_like" not in question:
            yield problem(place, "'good_looks_like' is missing; a levels question says what good looks like")
    if kind == "scale" and "next_step" not in question:
        yield problem(place, "'next_step' is missing; a scale question needs a next step for scores below the strength")
    options = _listed(question.get("options"))
    if wanted == "options" and "options" in question and len(options) < 2:
        yield problem(place + ("options",), "a choice question needs at least 2 options")
    seen: dict[str, int] = {}
    for o, option in enumerate(options):
        option_id = option.get("id") if isinstance(option, dict) else None
        if isinstance(option_id, str):
            if option_id in seen:
                yield problem(place + ("options", o, "id"), f"'{option_id}' is already an option of this question; every option needs its own id")
            seen.setdefault(option_id, o)
    if question.get("aggregate") and kind == "text":
        yield problem(place + ("aggregate",), "free text is never sent to the Alliance; remove aggregate from a text question")


def _level_problems(question: dict, place: tuple, level_count: int, problem):
    levels = _listed(question.get("levels"))
    if "levels" in question and len(levels) != level_count:
        yield problem(place + ("levels",), f"has {len(levels)} levels; describe each of the {level_count} levels in level_names, lowest first")
    for index, level in enumerate(levels):
        if not isinstance(level, dict):
            continue
        top = index == len(levels) - 1
        if top and "next_step" in level:
            yield problem(place + ("levels", index, "next_step"), "the top level has no next step; remove it")
        elif not top and "next_step" not in level:
            yield problem(place + ("levels", index), "'next_step' is missing; every level below the top needs the next step towards the level above")


def _set_problems(question_set, here, current, problem):
    if question_set.get("status") != "approved" and "approved" in question_set:
        yield problem(here + ("approved",), "a draft set has no approval date; remove it, or set status: approved")
    needs = question_set.get("training_needs_question")
    if isinstance(needs, str):
        question = current.get(needs)
        if question is None:
            yield problem(here + ("training_needs_question",), f"there is no question '{needs}' in this set")
        elif question.get("kind") != "multiple" or not question.get("aggregate"):
            yield problem(here + ("training_needs_question",), f"'{needs}' must be a multiple question with aggregate: true")
    audit = question_set.get("audit_questions")
    for a, item in enumerate(_listed(audit.get("questions")) if isinstance(audit, dict) else []):
        for r, related in enumerate(_listed(item.get("related")) if isinstance(item, dict) else []):
            if isinstance(related, str) and related not in current:
                yield problem(here + ("audit_questions", "questions", a, "related", r), f"there is no question '{related}' in this set")
    answerable = len(current)
    if answerable > MOST_QUESTIONS:
        yield problem(here + ("sections",), f"the set has {answerable} questions; keep it to about {MOST_QUESTIONS}, so it stays simple and relatively quick",
                      severity="warning")


def _context_problems(reflection, vocab, problem):
    context = reflection.get("context")
    if not isinstance(context, dict):
        return
    across = context.get("across_districts")
    districts = [d.get("id") for d in _listed(vocab.get("districts")) if isinstance(d, dict)]
    if isinstance(across, dict) and across.get("id") in districts:
        yield problem(("context", "across_districts", "id"), f"'{across['id']}' is already a district in vocabularies.yaml; choose another id")
    if isinstance(across, dict) and across.get("id") == ALL_GROUP:
        yield problem(("context", "across_districts", "id"), f"'{ALL_GROUP}' is kept for everyone together in summaries; choose another id")
    for field in ("sectors", "role_bands"):
        seen: dict[str, int] = {}
        for index, term in enumerate(_listed(context.get(field))):
            term_id = term.get("id") if isinstance(term, dict) else None
            if isinstance(term_id, str) and term_id in seen:
                yield problem(("context", field, index, "id"), f"'{term_id}' is defined twice; ids must be unique")
            if isinstance(term_id, str):
                seen.setdefault(term_id, index)


def _summary_problems(source: SourceFile, reflection: dict, vocab: dict):
    """Published summaries name real sets, questions and groups, and never show a small number."""
    def problem(place, message):
        return Problem(source.path, source.line_of(place), dotted(place), message)

    try:
        groups = {ALL_GROUP} | {d for d, _ in district_choices(reflection, vocab)}
    except (KeyError, TypeError):
        return  # reflection.yaml's own problems come first
    rounds = Counter()
    for s, summary in enumerate(_listed(source.data.get("summaries"))):
        if not isinstance(summary, dict):
            continue
        rounds[summary.get("round")] += 1
        if rounds[summary.get("round")] == 2:
            yield problem(("summaries", s, "round"), f"round {summary.get('round')} is summarised twice; keep one")
        for t, set_summary in enumerate(_listed(summary.get("sets"))):
            if not isinstance(set_summary, dict):
                continue
            here = ("summaries", s, "sets", t)
            question_set = _safe_set(reflection, set_summary.get("set"))
            if question_set is None:
                yield problem(here + ("set",), f"there is no question set '{set_summary.get('set')}' in reflection.yaml")
                continue
            known = {q.get("id") for q in _safe_questions(question_set)} | {r.get("id") for r in _listed(question_set.get("retired_questions")) if isinstance(r, dict)}
            for place, figure in _figures(set_summary, here):
                if isinstance(figure.get("group"), str) and figure["group"] not in groups:
                    yield problem(place + ("group",), f"'{figure['group']}' is not '{ALL_GROUP}', a district or '{reflection['context']['across_districts']['id']}'")
                count = figure.get("count")
                if isinstance(count, int) and not isinstance(count, bool) and small(count):
                    yield problem(place + ("count",), f"{count} is fewer than {SMALLEST_GROUP}: publishing it could identify people; write hidden: true instead")
            for q, table in enumerate(_listed(set_summary.get("questions"))):
                if isinstance(table, dict) and isinstance(table.get("question"), str) and table["question"] not in known:
                    yield problem(here + ("questions", q, "question"), f"there is no question '{table['question']}' in the '{question_set['id']}' set")
                for r, row in enumerate(_listed(table.get("rows")) if isinstance(table, dict) else []):
                    if not isinstance(row, dict):
                        continue
                    answered = row.get("answered")
                    if isinstance(answered, int) and small(answered):
                        yield problem(here + ("questions", q, "rows", r, "answered"), f"{answered} is fewer than {SMALLEST_GROUP}: publishing it could identify people; write answered_hidden: true instead")
                    for c, cell in enumerate(_listed(row.get("cells"))):
                        if isinstance(cell, dict) and "percent" in cell and "count" not in cell:
                            yield problem(here + ("questions", q, "rows", r, "cells", c, "percent"),
                                          "a percentage is published only beside its count; remove it from a hidden cell")
                    derived = "average" in row or any(isinstance(c, dict) and "percent" in c for c in _listed(row.get("cells")))
                    if derived and not (isinstance(answered, int) and answered >= 2 * SMALLEST_GROUP):
                        yield problem(here + ("questions", q, "rows", r), f"averages and percentages are published only for rows answered by {2 * SMALLEST_GROUP} or more")


def _safe_set(reflection: dict, set_id) -> dict | None:
    return next((s for s in _listed(reflection.get("sets")) if isinstance(s, dict) and s.get("id") == set_id), None)


def _safe_questions(question_set: dict) -> list[dict]:
    return [q for section in _listed(question_set.get("sections")) if isinstance(section, dict)
            for q in _listed(section.get("questions")) if isinstance(q, dict)]


def _figures(set_summary: dict, here: tuple):
    """(place, dict) of every counted figure in a set's summary: group counts, cells and training needs."""
    for g, group in enumerate(_listed(set_summary.get("returns"))):
        if isinstance(group, dict):
            yield here + ("returns", g), group
    for q, table in enumerate(_listed(set_summary.get("questions"))):
        for r, row in enumerate(_listed(table.get("rows")) if isinstance(table, dict) else []):
            if isinstance(row, dict):
                yield here + ("questions", q, "rows", r), {"group": row.get("group")}
                for c, cell in enumerate(_listed(row.get("cells"))):
                    if isinstance(cell, dict):
                        yield here + ("questions", q, "rows", r, "cells", c), cell
    for n, needs in enumerate(_listed(set_summary.get("training_needs"))):
        if isinstance(needs, dict):
            yield here + ("training_needs", n), {"group": needs.get("group")}
            for i, item in enumerate(_listed(needs.get("top"))):
                if isinstance(item, dict):
                    yield here + ("training_needs", n, "top", i), item
