"""Reading Alliance returns: files that arrive by email from anyone.

Every file in a returns folder is either used or refused with a reason;
none is skipped. A return is small JSON written by docs/assets/reflect.js:

    {"format": "scpb-hub-reflection-return", "format_version": 1,
     "set": "practitioner", "set_version": 1, "round": "2026-H2",
     "return_id": "<32 hexadecimal characters>",
     "context": {"district": "leeds", "sector": "education", "role_band": "frontline"},
     "answers": {"confidence-responding": 6, "training-received": "none",
                 "training-needs": ["sextortion", "law"]},
     "free_text": {"reflection-notes": "..."}}        <- only if the person ticked to include it

A hostile file must not hang, exhaust or crash the run, so a file is
refused before it is parsed when it is not a regular file, is larger than
MAX_RETURN_BYTES or nests deeper than MAX_DEPTH; parsing refuses NaN,
Infinity, numbers too large for a float and repeated keys. A hostile folder
must not either: links are never followed, and a folder more than
MAX_FOLDER_DEPTH deep is refused as one entry, unread.
"""

from __future__ import annotations

import json
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from hub.records.questionsets import (
    FORMAT_VERSION,
    MY_REFLECTION_FORMAT,
    RETURN_FORMAT,
    answer_problem,
    district_choices,
    printable,
    questions,
    replaced_ids,
    set_by_id,
)

# A real return is about 1 KB; free text is capped at MAX_TEXT characters per answer.
MAX_RETURN_BYTES = 64 * 1024
MAX_TEXT = 4000
# {"answers": {"training-needs": [...]}} is three levels deep.
MAX_DEPTH = 4
# Folders inside the returns folder: a board's own filing is a few levels deep.
MAX_FOLDER_DEPTH = 32
RETURN_FIELDS = {"format", "format_version", "set", "set_version", "round", "return_id", "context", "answers"}
OPTIONAL_FIELDS = {"free_text"}
CONTEXT_FIELDS = ("district", "sector", "role_band")
_RETURN_ID = re.compile(r"^[0-9a-f]{32}$")


class Refusal(Exception):
    """Why a file is not a usable return."""


@dataclass
class Return:
    path: str
    set_id: str
    version: int
    return_id: str
    district: str
    answers: dict  # question id -> answer (replaced ids already renamed to the current question's)
    sender: str | None = None  # the sender's folder, when senders are counted


@dataclass
class Refused:
    path: str
    reason: str


@dataclass
class Batch:
    """What one folder held: counts in = used + refused."""

    used: list[Return]
    refused: list[Refused]

    @property
    def received(self) -> int:
        return len(self.used) + len(self.refused)


class Checker:
    """Checks returns against the question sets for one round.

    `current` is True for the round being summarised: returns must be made
    with each set's current version. For the previous round, earlier versions
    are accepted: answers to a retired question that a current one replaces
    count as answers to the current one, other retired questions are left out."""

    def __init__(self, reflection: dict, vocab: dict, round_id: str, current: bool = True):
        self.reflection = reflection
        self.round = round_id
        self.current = current
        self.level_count = len(reflection["level_names"])
        self.context = {
            "district": [d for d, _ in district_choices(reflection, vocab)],
            "sector": [t["id"] for t in reflection["context"]["sectors"]],
            "role_band": [t["id"] for t in reflection["context"]["role_bands"]],
        }

    def check(self, data, path: str) -> Return:
        if not isinstance(data, dict) or data.get("format") not in (RETURN_FORMAT, MY_REFLECTION_FORMAT):
            raise Refusal("not a reflection return (it does not say it is one)")
        if data["format"] == MY_REFLECTION_FORMAT:
            raise Refusal("a 'my reflection' file, which holds everything the person wrote: ask them for the "
                          "'Alliance return' download instead, and delete this one")
        if data.get("format_version") != FORMAT_VERSION:
            raise Refusal(f"made by another version of the tool (format_version {printable(data.get('format_version'))}; this hub reads {FORMAT_VERSION})")
        missing = sorted(RETURN_FIELDS - data.keys())
        if missing:
            raise Refusal(f"'{missing[0]}' is missing")
        extra = sorted(data.keys() - RETURN_FIELDS - OPTIONAL_FIELDS)
        if extra:
            raise Refusal(f"'{printable(extra[0])}' is not a field of a return")
        question_set = set_by_id(self.reflection, data["set"]) if isinstance(data["set"], str) else None
        if question_set is None:
            raise Refusal(f"for the set '{printable(data['set'])}', which reflection.yaml does not have")
        version = data["set_version"]
        if isinstance(version, bool) or not isinstance(version, int):
            raise Refusal("set_version is not a whole number")
        if self.current and version != question_set["version"]:
            raise Refusal(f"made with version {version} of the '{question_set['id']}' set; this round collects version {question_set['version']}")
        if not self.current and not 1 <= version <= question_set["version"]:
            raise Refusal(f"made with version {version} of the '{question_set['id']}' set, which does not exist yet")
        if data["round"] != self.round:
            raise Refusal(f"for round {printable(data['round'])}, not {self.round}")
        if not isinstance(data["return_id"], str) or not _RETURN_ID.match(data["return_id"]):
            raise Refusal("its return_id is not 32 hexadecimal characters")
        district = self._context(data["context"])
        answers = self._answers(question_set, data["answers"])
        self._free_text(question_set, data.get("free_text", {}))
        return Return(path, question_set["id"], version, data["return_id"], district, answers)

    def _context(self, context) -> str:
        if not isinstance(context, dict) or set(context) != set(CONTEXT_FIELDS):
            raise Refusal(f"its context must give exactly {', '.join(CONTEXT_FIELDS)}")
        for field, allowed in self.context.items():
            if context[field] not in allowed:
                raise Refusal(f"its context {field} '{printable(context[field])}' is not one of the choices")
        return context["district"]

    def _answers(self, question_set: dict, answers) -> dict:
        if not isinstance(answers, dict):
            raise Refusal("its answers are not a group of question ids")
        by_id = {q["id"]: q for q in questions(question_set)}
        renamed = replaced_ids(question_set) if not self.current else {}
        retired = {r["id"] for r in question_set.get("retired_questions", [])}
        kept = {}
        for question_id, value in answers.items():
            current_id = renamed.get(question_id, question_id)
            question = by_id.get(current_id)
            if question is None and not self.current and question_id in retired:
                continue  # asked by an earlier version and not asked now
            if question is None:
                raise Refusal(f"it answers a question '{printable(question_id)}' that the '{question_set['id']}' set does not have")
            if not question.get("aggregate"):
                raise Refusal(f"it answers '{question_id}', which is not collected for the Alliance")
            problem = answer_problem(question, value, self.level_count)
            if problem:
                raise Refusal(f"its answer to '{question_id}' is not valid: {problem}")
            kept[current_id] = value
        return kept

    def _free_text(self, question_set: dict, free_text) -> None:
        """Free text is checked but never used: summaries do not publish it."""
        text_ids = {q["id"] for q in questions(question_set) if q["kind"] == "text"}
        if not isinstance(free_text, dict):
            raise Refusal("its free_text is not a group of question ids")
        for question_id, text in free_text.items():
            if question_id not in text_ids:
                raise Refusal(f"its free_text names '{printable(question_id)}', which is not a free-text question of the set")
            if not isinstance(text, str) or len(text) > MAX_TEXT:
                raise Refusal(f"its free_text for '{question_id}' is not text of at most {MAX_TEXT} characters")


def read_folder(folder: Path, checker: Checker, sender_folders: bool = False) -> Batch:
    """Check every file under `folder` (subfolders too, never following links),
    in name order; a return id seen before refuses the later file.

    With `sender_folders`, each folder directly inside `folder` holds the files
    one sender (one email address) sent, and each return remembers its sender."""
    used: list[Return] = []
    refused: list[Refused] = []
    first_file: dict[str, str] = {}
    for path, problem, sender in _files(Path(folder)):
        shown = str(path)
        try:
            if problem:
                raise Refusal(problem)
            if sender_folders and sender is None:
                raise Refusal("not in a sender's folder: with --sender-folders, put each sender's files in a folder of their own")
            found = checker.check(parse_return(_read_capped(path)), shown)
            if found.return_id in first_file:
                raise Refusal(f"the same return as {first_file[found.return_id]} (return_id {found.return_id}); it is counted once")
            first_file[found.return_id] = shown
            found.sender = sender
            used.append(found)
        except Refusal as refusal:
            refused.append(Refused(shown, str(refusal)))
    return Batch(used, refused)


def _entries(folder: Path) -> list:
    with os.scandir(folder) as found:
        return sorted(found, key=lambda e: e.name)


def _files(folder: Path):
    """(path, problem or None, sender folder name or None) for every entry below
    `folder` that is not a folder, in name order. The walk keeps its own stack,
    so no depth of folders can exhaust Python's, and stops MAX_FOLDER_DEPTH down."""
    try:
        top = _entries(folder)
    except OSError as error:
        yield folder, f"a folder that cannot be read ({error.strerror})", None
        return
    stack = [(iter(top), 1, None)]
    while stack:
        entries, depth, sender = stack[-1]
        entry = next(entries, None)
        if entry is None:
            stack.pop()
            continue
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                yield path, "a symbolic link; copy the return file itself into the folder", sender
            elif entry.is_dir(follow_symlinks=False):
                if depth >= MAX_FOLDER_DEPTH:
                    yield path, f"a folder nested more than {MAX_FOLDER_DEPTH} deep; move the return files nearer the top", sender
                else:
                    stack.append((iter(_entries(path)), depth + 1, sender if depth > 1 else entry.name))
            elif not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                yield path, "not a regular file", sender
            else:
                yield path, None, sender
        except OSError as error:
            yield path, f"cannot be read ({error.strerror})", sender


def _read_capped(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_RETURN_BYTES:
            raise Refusal(f"{size // 1024} KB, too large for a return (at most {MAX_RETURN_BYTES // 1024} KB)")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_RETURN_BYTES + 1)
    except OSError as error:
        raise Refusal(f"cannot be read ({error.strerror})") from None
    if len(raw) > MAX_RETURN_BYTES:
        raise Refusal(f"too large for a return (more than {MAX_RETURN_BYTES // 1024} KB)")
    return raw


def parse_return(raw: bytes):
    """Bytes -> plain JSON values, refusing anything a return never holds."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refusal("not text (not UTF-8), so not a reflection return") from None
    if nesting_depth(text) > MAX_DEPTH:
        raise Refusal(f"nested more than {MAX_DEPTH} levels deep, which no return is")
    try:
        return json.loads(text, object_pairs_hook=_no_repeated_keys, parse_constant=_no_constant, parse_float=_finite_float)
    except Refusal:
        raise
    except (ValueError, RecursionError) as error:
        raise Refusal(f"not valid JSON ({printable(str(error).split(':')[0], 80)})") from None


def nesting_depth(text: str) -> int:
    """How deep [ and { nest in JSON text, ignoring brackets inside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _no_repeated_keys(pairs):
    seen = set()
    for key, _ in pairs:
        if key in seen:
            raise Refusal(f"the field '{printable(key)}' appears twice")
        seen.add(key)
    return dict(pairs)


def _no_constant(name):
    raise Refusal(f"it holds {name}, which is not a number a return can hold")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise Refusal("it holds a number too large to be an answer")
    return value


