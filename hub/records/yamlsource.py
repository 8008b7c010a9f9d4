"""Read a contributor's YAML file into plain values, remembering each value's line.

PyYAML's own constructors are not used: they accept duplicate keys, read
`no` as False and `2025-01-01` as a date, and expand aliases without limit.
Instead the file is composed into nodes (which runs no constructors and no
tags) and the nodes are walked once, turning each into a plain value and
recording a problem for anything a contributor is unlikely to have meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import yaml

from hub.records import lookalikes
from hub.records.kinds import BY_KEY
from hub.records.problems import Problem
from hub.records.slips import explain_syntax_error, record_near

# Room for about 30,000 services in one file; anything larger is a mistake.
MAX_FILE_BYTES = 32 * 1024 * 1024

Path = tuple  # a value's place in the file: ("services", 3, "contact", "phone")

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}
_PLAIN_NUMBER = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$")


@dataclass
class SourceFile:
    """A YAML file read into plain values, with the line of every value."""

    path: str
    data: object = None
    lines: dict = field(default_factory=dict)  # Path -> 1-based line
    problems: list = field(default_factory=list)
    # Places whose value was refused or already explained by a more specific
    # message: later checks say nothing more about them ("found nothing").
    refused: set = field(default_factory=set)

    def line_of(self, place: Path) -> int:
        """The line of `place`, or of its nearest enclosing value that has one."""
        place = tuple(place)
        while place:
            if place in self.lines:
                return self.lines[place]
            place = place[:-1]
        return self.lines.get((), 1)

    def is_refused(self, place: Path) -> bool:
        """Whether `place`, or a value enclosing it, was refused or already explained."""
        if not self.refused:
            return False
        place = tuple(place)
        return any(place[:end] in self.refused for end in range(len(place) + 1))

    def record_at(self, place: Path) -> dict | None:
        """The record `place` is inside, when it is in a record of a top-level list (place[:2])."""
        if len(place) < 2 or not isinstance(place[1], int) or not isinstance(self.data, dict):
            return None
        items = self.data.get(place[0])
        if not isinstance(items, list) or not 0 <= place[1] < len(items) or not isinstance(items[place[1]], dict):
            return None
        return items[place[1]]

    def named(self, problem: Problem) -> Problem:
        """`problem` naming its record ("service 'childline' (Childline)") with the field path inside it."""
        if problem.record or not problem.field:
            return problem
        place = undotted(problem.field)
        record = self.record_at(place)
        if record is None:
            return problem
        return replace(problem, record=record_label(singular(place[0]), place[1], record), field=dotted(place[2:]))


def read_yaml(path: str, label: str | None = None) -> SourceFile:
    """Read `path`; `label` is how problems name the file (default: `path`)."""
    label = label or path
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return _failed(label, 1, f"cannot read the file ({error.strerror})")
    return parse_yaml(raw, label)


def parse_yaml(raw: bytes, label: str) -> SourceFile:
    return parse_yaml_nodes(raw, label)[0]


def parse_yaml_nodes(raw: bytes, label: str) -> tuple[SourceFile, yaml.Node | None, str]:
    """parse_yaml's SourceFile, with the composed document and the text it was composed from
    (None and "" when the file could not be read): for editing the file as text (`hub new`)."""
    if len(raw) > MAX_FILE_BYTES:
        return _failed(label, 1, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it or remove unintended content"), None, ""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return _failed(label, line, f"byte 0x{raw[error.start]:02x} is not UTF-8 text; save the file as UTF-8"), None, ""
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        return _failed(label, 1, "the file is empty; it must hold the records (see the field reference)"), None, ""
    text, spacing = _plain_spacing(text, label)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return _failed(label, line, f"the control character U+{error.character:04X} is not allowed; delete it (it is often pasted in by accident)", spacing), None, ""
    except yaml.MarkedYAMLError as error:
        lines = split_lines(text)
        line, message = explain_syntax_error(error, lines)
        near = record_near(lines, line - 1)
        record = record_label(singular(near[0]), 0, near[1]) if near else ""
        return SourceFile(label, problems=[*spacing, Problem(label, line, "", message, record=record)]), None, ""
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks nearly all errors
        return _failed(label, 1, f"this is not valid YAML ({error})".replace("\n", " "), spacing), None, ""
    source = SourceFile(label, problems=spacing)
    source.data = _Walker(source, text).value(node, ())
    return source, node, text


def _failed(label: str, line: int, message: str, earlier: list | None = None) -> SourceFile:
    return SourceFile(label, problems=[*(earlier or []), Problem(label, line, "", message)])


def split_lines(text: str) -> list[str]:
    """The lines of `text` as PyYAML counts them (it also breaks lines at U+2028 and the like)."""
    return _LINE_BREAK.split(text)


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
_SPACING = "".join(lookalikes.INVISIBLE)
# Where YAML needs plain spaces: the indentation, after a list's '-', after a field's ':'.
_STRUCTURE = re.compile(f"(?m)^(?P<indent>[ \t{_SPACING}]*)(?:(?P<dash>-)(?P<after_dash>[ {_SPACING}]+))?"
                        f"(?:(?P<key>[A-Za-z0-9_-]+:)(?P<after_key>[ {_SPACING}]+))?")


def _plain_spacing(text: str, label: str) -> tuple[str, list[Problem]]:
    """`text` with invisible characters in its indentation and separators made plain spaces,
    and one problem for each run of lines that had them."""
    if not any(character in text for character in _SPACING):
        return text, []
    found: list[tuple[int, str]] = []  # (line, the character)

    def plain(match: re.Match) -> str:
        odd = next((c for c in match.group(0) if c in lookalikes.INVISIBLE), None)
        if odd is None:
            return match.group(0)
        found.append((text.count("\n", 0, match.start()) + 1, odd))
        return lookalikes.plain_spaces(match.group(0))

    fixed = _STRUCTURE.sub(plain, text)
    problems = []
    for first, last, character in _runs(found):
        lines = f"line {first} is" if first == last else f"lines {first} to {last} are"
        problems.append(Problem(label, first, "", f"{lines} indented or spaced with {lookalikes.name(character)}; "
                                                  "delete the spaces at the start of the line (and after '-' or ':') and type ordinary spaces"))
    return fixed, problems


def _runs(found: list[tuple[int, str]]):
    """Consecutive lines grouped: (first line, last line, the character on the first)."""
    start = None
    for line, character in found:
        if start and line == end + 1:
            end = line
            continue
        if start:
            yield start, end, first_character
        start, end, first_character = line, line, character
    if start:
        yield start, end, first_character


# LibYAML's parser, when PyYAML was built with it, reads large files many
# times faster; both build the same nodes and raise the same errors.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _alias_lines(text: str) -> list[int]:
    """The line of every `*alias`, in document order (looked up only when a file has one)."""
    return [event.start_mark.line + 1 for event in yaml.parse(text, Loader=_Loader) if isinstance(event, yaml.AliasEvent)]


class _Walker:
    """Turns composed nodes into plain values, recording lines and problems."""

    def __init__(self, source: SourceFile, text: str):
        self.source = source
        self.text = text
        self.seen: set[int] = set()
        self.aliases: list[int] | None = None  # lines of the `*alias`es, still to be reported
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = split_lines(self.text)
        return self._lines

    def problem(self, node: yaml.Node, place: Path, message: str, line: int | None = None) -> None:
        self.source.problems.append(Problem(self.source.path, line or node.start_mark.line + 1, dotted(place), message))

    def refuse(self, node: yaml.Node, place: Path, message: str, line: int | None = None) -> None:
        """Report `message` and keep later checks from saying more about this value."""
        self.problem(node, place, message, line)
        self.source.refused.add(place)

    def value(self, node: yaml.Node, place: Path):
        self.source.lines.setdefault(place, node.start_mark.line + 1)
        # A node met twice was reached through an alias. Aliases are refused:
        # that keeps the walk linear (no "billion laughs") and the files
        # plain. The walk meets them in document order, as the parser does.
        if id(node) in self.seen:
            if self.aliases is None:
                self.aliases = _alias_lines(self.text)
            line = self.aliases.pop(0) if self.aliases else node.start_mark.line + 1
            self.source.lines[place] = line
            self.refuse(node, place, "anchors and aliases (& and *) are not allowed; write the value out in full", line)
            return None
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            self.refuse(node, place, f"YAML tags such as '{node.tag}' are not allowed; remove the '!' tag")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, place)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, place + (index,)) for index, item in enumerate(node.value)]
        return self.scalar(node, place)

    def mapping(self, node: yaml.MappingNode, place: Path) -> dict:
        result: dict = {}
        lost_dash = False  # after a record that lost its '- ', its other fields repeat too: one message is enough
        for position, (key_node, value_node) in enumerate(node.value):
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, place, "field names must be plain words ('<<' merges are not allowed)")
                continue
            key = self.key(key_node, place)
            if key in result:
                first = self.source.lines[place + (key,)]
                if place and isinstance(place[-1], int) and position > 0 and key == node.value[0][0].value:
                    lost_dash = True
                    self.problem(key_node, place, f"a new record starts here, but it has lost the '- ' before '{key}:', so YAML read its "
                                                  f"fields as more fields of the record on line {self.source.lines[place]}; "
                                                  f"write '- ' before '{key}:', lined up with the other records' '- '")
                elif not lost_dash:
                    self.problem(key_node, place + (key,), f"'{key}' appears twice in the same record (first on line {first}); keep one")
                continue
            self.source.lines[place + (key,)] = key_node.start_mark.line + 1
            result[key] = self.value(value_node, place + (key,))
        return result

    def key(self, node: yaml.ScalarNode, place: Path) -> str:
        """The field name, without invisible characters pasted into it (reported once here)."""
        key = node.value
        if lookalikes.first_odd_character(key) is None:
            return key
        plain = lookalikes.without_invisible(key)
        reason = lookalikes.explain(key).replace("the whole value", "the field name")
        self.problem(node, place + (plain,), f"the field name '{plain}' {reason}")
        return plain

    def scalar(self, node: yaml.ScalarNode, place: Path):
        text, tag = node.value, node.tag
        if tag == "tag:yaml.org,2002:bool":
            if text.lower() in ("true", "false"):
                return text.lower() == "true"
            self.refuse(node, place, f"YAML reads {text} as true/false; write true or false, or put \"{text}\" in quotes if you meant the word")
            return None
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and not node.style:
            # Octal (010), sexagesimal (9:30), .inf and the like are never meant.
            if not _PLAIN_NUMBER.match(text.replace("_", "")):
                self.refuse(node, place, f"YAML reads {text} as a number; put \"{text}\" in quotes")
                return None
            return float(text) if tag.endswith("float") else int(text)
        if tag == "tag:yaml.org,2002:null" and not node.style:
            return None
        if not node.style:  # plain (unquoted) text: None from PyYAML, '' from LibYAML
            self.check_plain_text(node, place)
        # Dates stay as the text the contributor wrote; the schema checks them.
        return text

    def check_plain_text(self, node: yaml.ScalarNode, place: Path) -> None:
        """Unquoted text that YAML cut short or joined with the next line."""
        start, end = node.start_mark, node.end_mark
        if end.line != start.line:
            for number in range(start.line + 1, end.line + 1):
                if self.lines[number].lstrip().startswith("- "):
                    self.refuse(node, place, f"the '- ' on line {number + 1} is indented further than the line above it, so YAML "
                                             f"joined the two lines into one value ('{_short(node.value)}'); line up the '- ' "
                                             "with the ones above it (or, if it is all one text, put it in double quotes)", number + 1)
                    return
        line = self.lines[end.line] if end.line < len(self.lines) else ""
        comment = _CUT_BY_COMMENT.match(line, end.column)
        if comment:
            self.refuse(node, place, f"the text after ' #' is read as a comment and left out, so the value is only "
                                     f"'{_short(node.value)}'; put the whole value in double quotes "
                                     "(if '#...' is a note for editors, put two spaces before the '#')", end.line + 1)


# After an unquoted value: ' #' with one space before it, or '#' followed by
# text (a note for editors is written '  # note', two spaces then '# ').
_CUT_BY_COMMENT = re.compile(r" #(?=\S)|  +#(?=[^\s])| #(?= |$)")


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def singular(list_name: str) -> str:
    """One item of a list, in words: 'services' -> 'service', 'training' -> 'course' (the
    record-type table's nouns), 'access_routes' -> 'access route', 'sets' -> 'set'."""
    if list_name in BY_KEY:
        return BY_KEY[list_name].noun
    words = list_name.replace("_", " ")
    if words.endswith("ies"):
        return words[:-3] + "y"
    return words[:-1] if words.endswith("s") and not words.endswith("ss") else words


# The fields that identify an item of a list, in order: records have an id,
# reflection summaries a round.
_IDENTIFIERS = ("id", "round")


def record_label(noun: str, index: int, record: dict) -> str:
    """How messages name a record: "service 'childline' (Childline)", "summary '2026-H1'", or "service no. 4 (no id)"."""
    record_id = next((record[key] for key in _IDENTIFIERS if isinstance(record.get(key), str)), None)
    label = f"{noun} '{record_id}'" if isinstance(record_id, str) and record_id.strip() else f"{noun} no. {index + 1} (no id)"
    title = record.get("name") or record.get("title")
    if isinstance(title, str) and lookalikes.has_visible_text(title) and title != record_id:
        label += f" ({_short(' '.join(title.split()), 50)})"
    return label


def dotted(place: Path) -> str:
    """("services", 3, "contact", "phone") -> "services[3].contact.phone"."""
    out = ""
    for part in place:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def undotted(text: str) -> Path:
    """"services[3].contact.phone" -> ("services", 3, "contact", "phone"): the inverse of dotted()."""
    return tuple(int(index) if index else name for name, index in _STEP.findall(text))


_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
