"""What a contributor most likely did, from PyYAML's syntax error and the lines of the file.

PyYAML describes the parser's state ("did not find expected key"); a
contributor needs the slip that caused it: a field indented too far or too
little, a record that lost the '- ' before its 'id:', text after a closing
quote, a colon inside a value. Each function here looks at the raw lines
around the error and names that slip, with the spaces that would fix it.
"""

from __future__ import annotations

import re

import yaml

# `key:` at the start of a line, after an optional list dash: the key and where its colon is.
_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[^\s:#'\"\[\]{}&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?) *:(?: |$)")
# A quoted value (after an optional `key:` or dash) followed by more text on the same line.
_AFTER_QUOTE = re.compile(r"""^(?P<head> *(?:- +)?(?:[^\s:#'"][^:#]*? *: +)?)(?P<quoted>"(?:[^"\\]|\\.)*"|'(?:[^']|'')*') *(?P<rest>[^\s#].*)$""")
_UNCLOSED = ("while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")


def explain_syntax_error(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str]:
    """(1-based line, message) for a YAML syntax error in a file of `lines`."""
    context, problem = error.context or "", (error.problem or "").strip()
    if context.startswith(_UNCLOSED) and error.context_mark:
        if "quoted" in context:
            return error.context_mark.line + 1, "the quote opened on this line is never closed; add the closing quote"
        closing = "]" if "sequence" in context else "}"
        return error.context_mark.line + 1, f"the bracket opened on this line is never closed; add the closing '{closing}'"
    mark = error.problem_mark or error.context_mark
    index = mark.line if mark else 0
    line = lines[index] if 0 <= index < len(lines) else ""
    number = index + 1
    if "\t" in line[: len(line) - len(line.lstrip())] or "'\\t'" in problem:
        return number, "a tab character is used for indenting; indent with spaces only"
    if "mapping values are not allowed" in problem:
        return _colon_or_indent(lines, index, mark.column)
    if "found undefined alias" in problem:
        return number, "'*' starts an alias in YAML; put the whole value in double quotes"
    if "found character" in problem and "cannot start any token" in problem:
        character = re.search(r"found character '(.+?)'", problem)
        shown = character.group(1) if character else "this character"
        return number, f"a value cannot start with '{shown}' in YAML; put the whole value in double quotes"
    if "could not find expected ':'" in problem and error.context_mark:
        index = error.context_mark.line
        return index + 1, _no_colon(lines, index)
    after = _AFTER_QUOTE.match(line)
    if after and mark and mark.column >= len(after.group("head")) + len(after.group("quoted")):
        return number, (f"there is text after the closing quote ({after.group('rest').strip()!r}); "
                        "put all of the value inside the quotes, or delete the text after them")
    if ("expected" in problem and ("block end" in problem or "key" in problem or "'-' indicator" in problem
                                   or "document start" in problem)):
        sequence_column = error.context_mark.column if error.context_mark and "collection" in context else None
        return number, _misaligned(lines, index, sequence_column)
    return number, f"this is not valid YAML: {problem or error}"


def record_near(lines: list[str], index: int) -> tuple[str, dict] | None:
    """(list name, {'id': ..., 'name': ...}) of the record that line `index` is in, read from
    the text alone (for a file YAML cannot read): the nearest '- id:' line at or above it."""
    start = None
    for number in range(min(index, len(lines) - 1), -1, -1):
        match = _RECORD_START.match(lines[number]) if number < index else _LOST_DASH_START.match(lines[number])
        if match:
            start = number
            break
        if number < index and _LIST_START.match(lines[number]):
            return None  # reached the list's own line first: not inside a record
    if start is None:
        return None
    list_name = next((match.group("key") for number in range(start - 1, -1, -1) if (match := _LIST_START.match(lines[number]))), None)
    if list_name is None:
        return None
    record = {"id": _unquoted(_RECORD_START.match(lines[start]) or _LOST_DASH_START.match(lines[start]), "id")}
    for number in range(start + 1, index):
        title = _TITLE.match(lines[number])
        if title:
            record["name"] = _unquoted(title, "title")
            break
    return list_name, record


_RECORD_START = re.compile(r"^ *- +id: *(?P<id>\S.*?) *(?:#.*)?$")
_LOST_DASH_START = re.compile(r"^ *(?:- +)?id: *(?P<id>\S.*?) *(?:#.*)?$")
_LIST_START = re.compile(r"^(?P<key>[A-Za-z_][\w-]*): *(?:#.*)?$")
_TITLE = re.compile(r"^ +(?:name|title): *(?P<title>\S.*?) *$")


def _unquoted(match: re.Match, group: str) -> str:
    value = match.group(group)
    return value[1:-1] if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'" else value


def _colon_or_indent(lines: list[str], index: int, column: int) -> tuple[int, str]:
    """'mapping values are not allowed': a ': ' inside a value, or a field indented so far
    that YAML read it as the continuation of the value above (or, when the line above
    starts at the very beginning, that line is the slip)."""
    key = _KEY_LINE.match(lines[index])
    if key and key.end("key") <= column <= key.end() and index > 0:
        above = _previous_content(lines, index)
        if above is not None and _indent_of(lines[above]) == 0 and _inside_block(lines, above):
            return above + 1, (f"{_shown_key(lines[above])} starts at the very beginning of the line, so it ends the list "
                               "above it; indent it to line up with the fields of the record above it")
        if above is not None:
            return index + 1, _too_far(lines, index, above)
    return index + 1, "a value contains ': ' (a colon and a space); put the whole value in double quotes"


def _inside_block(lines: list[str], index: int) -> bool:
    """Whether the content line before `index` is indented (so a line at column 0 interrupts it)."""
    before = _previous_content(lines, index)
    return before is not None and _indent_of(lines[before]) > 0


def _too_far(lines: list[str], index: int, above: int) -> str:
    key = _KEY_LINE.match(lines[index]).group("key")
    here = _indent_of(lines[index])
    target = next(((indent, name, line) for indent, name, line in _enclosing_levels(lines, index) if indent < here), None)
    if target and target[2] == above + 1:
        return (f"'{key}:' is indented {_spaces(here)}, further than '{target[1]}:' on the line above ({_spaces(target[0])}), "
                f"so YAML reads it as part of the value of '{target[1]}'; indent it {_spaces(target[0])} to line it up")
    fix = f"; line it up with '{target[1]}:' on line {target[2]} ({_spaces(target[0])})" if target else ""
    return (f"'{key}:' is indented {_spaces(here)}, further than {_shown_key(lines[above])} on line {above + 1}, "
            f"so YAML reads it as part of the value above{fix}")


def _no_colon(lines: list[str], index: int) -> str:
    return ("this line has no ':' after its field name; write 'field: value', or, if it continues the text "
            "on the line above, put that whole value in double quotes")


def _misaligned(lines: list[str], index: int, sequence_column: int | None) -> str:
    """A line whose indentation matches nothing above it: say which spaces would."""
    line = lines[index] if index < len(lines) else ""
    here = _indent_of(line)
    key = _KEY_LINE.match(line)
    what = f"'{key.group('key')}:'" if key else "this line"
    if key and not key.group("dash") and sequence_column is not None and here <= sequence_column + 1:
        first = _first_key_of_items(lines, index, sequence_column)
        if first and key.group("key") == first:
            dash = " " * sequence_column + "- "
            return (f"a new record starts here, but it has lost the '- ' before '{first}:'; "
                    f"write it as '{dash}{line.strip()}'")
    levels = _enclosing_levels(lines, index)
    deeper = [level for level in levels if level[0] > here]
    shallower = [level for level in levels if level[0] < here and level[0] > 0]
    options = []
    if deeper:
        indent, name, number = min(deeper)
        options.append(f"use {_spaces(indent)} to line it up with '{name}:' on line {number}")
    if shallower:
        indent, name, number = max(shallower)
        options.append(f"{'or ' if options else 'use '}{_spaces(indent)} to line it up with '{name}:' on line {number}")
    if sequence_column is not None and here == sequence_column and not key_is_dash(line):
        where = f"{what} is indented {_spaces(here)}, as far as the '- ' that starts each item"
    else:
        where = f"{what} is indented {_spaces(here)}, which lines up with no field above it"
    return where + ("; " + ", ".join(options) if options else "; check the spaces at the start of the line")


def key_is_dash(line: str) -> bool:
    return line.lstrip(" ").startswith("- ")


def _enclosing_levels(lines: list[str], index: int) -> list[tuple[int, str, int]]:
    """(indent, key, 1-based line) of the field just above `index` and of each field enclosing it."""
    levels: list[tuple[int, str, int]] = []
    limit = None
    for number in range(index - 1, -1, -1):
        match = _KEY_LINE.match(lines[number])
        if not match:
            continue
        indent = match.start("key")
        if limit is None or indent < limit:
            levels.append((indent, match.group("key"), number + 1))
            limit = indent
        if indent == 0:
            break
    return levels


def _first_key_of_items(lines: list[str], index: int, column: int) -> str | None:
    """The key after the nearest '- ' at `column` above `index` (e.g. 'id' for records)."""
    for number in range(index - 1, -1, -1):
        match = _KEY_LINE.match(lines[number])
        if match and match.group("dash") and len(match.group("indent")) == column:
            return match.group("key")
    return None


def _previous_content(lines: list[str], index: int) -> int | None:
    for number in range(index - 1, -1, -1):
        stripped = lines[number].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return None


def _shown_key(line: str) -> str:
    match = _KEY_LINE.match(line)
    return f"'{match.group('key')}:'" if match else "the line"


def _indent_of(line: str) -> int:
    match = _KEY_LINE.match(line)
    if match:
        return match.start("key") if not match.group("dash") else len(match.group("indent"))
    return len(line) - len(line.lstrip(" "))


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"
