"""Read a contributor's YAML file into plain values, remembering each value's line.

PyYAML's own constructors are not used: they accept duplicate keys, read
`no` as False and `2025-01-01` as a date, and expand aliases without limit.
Instead the file is composed into nodes (which runs no constructors and no
tags) and the nodes are walked once, turning each into a plain value and
recording a problem for anything a contributor is unlikely to have meant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from hub.problems import Problem

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

    def line_of(self, place: Path) -> int:
        """The line of `place`, or of its nearest enclosing value that has one."""
        place = tuple(place)
        while place:
            if place in self.lines:
                return self.lines[place]
            place = place[:-1]
        return self.lines.get((), 1)


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
    if len(raw) > MAX_FILE_BYTES:
        return _failed(label, 1, f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it or remove unintended content")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return _failed(label, line, f"byte 0x{raw[error.start]:02x} is not UTF-8 text; save the file as UTF-8")
    if not text.strip() or all(not l.strip() or l.lstrip().startswith("#") for l in text.splitlines()):
        return _failed(label, 1, "the file is empty; it must hold the records (see the field reference)")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        return _failed(label, line, f"the control character U+{error.character:04X} is not allowed; delete it (it is often pasted in by accident)")
    except yaml.MarkedYAMLError as error:
        # An unclosed quote or bracket is reported where it was opened.
        opened = error.context_mark if error.context and error.context.startswith(_UNCLOSED) else None
        mark = opened or error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        return _failed(label, line, _explain_syntax_error(error, text, line, bool(opened)))
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks nearly all errors
        return _failed(label, 1, f"this is not valid YAML ({error})".replace("\n", " "))
    source = SourceFile(label)
    source.data = _Walker(source, text).value(node, ())
    return source


def _failed(label: str, line: int, message: str) -> SourceFile:
    return SourceFile(label, problems=[Problem(label, line, "", message)])


_UNCLOSED = ("while scanning a quoted scalar", "while parsing a flow sequence", "while parsing a flow mapping")


# LibYAML's parser, when PyYAML was built with it, reads large files many
# times faster; both build the same nodes and raise the same errors.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _alias_lines(text: str) -> list[int]:
    """The line of every `*alias`, in document order (looked up only when a file has one)."""
    return [event.start_mark.line + 1 for event in yaml.parse(text, Loader=_Loader) if isinstance(event, yaml.AliasEvent)]


def _explain_syntax_error(error: yaml.MarkedYAMLError, text: str, line: int, unclosed: bool = False) -> str:
    if unclosed:
        if "quoted" in error.context:
            return "the quote opened on this line is never closed; add the closing quote"
        closing = "]" if "sequence" in error.context else "}"
        return f"the bracket opened on this line is never closed; add the closing '{closing}'"
    lines = text.splitlines()
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in offending[: len(offending) - len(offending.lstrip())] or "'\\t'" in str(error.problem):
        return "a tab character is used for indenting; indent with spaces only"
    problem = (error.problem or "").strip()
    if "mapping values are not allowed" in problem:
        return "a value contains ': ' (colon and space); put the whole value in double quotes"
    if "expected <block end>" in problem or "did not find expected key" in problem or "expected '<document start>'" in problem:
        return "the indentation here does not line up with the lines above; check the spaces at the start of the line"
    if "found character" in problem and "cannot start any token" in problem:
        return f"{problem}; put the value in double quotes"
    if "found undefined alias" in problem:
        return "'*' starts an alias in YAML; put the value in double quotes"
    return f"this is not valid YAML: {problem or error}"


class _Walker:
    """Turns composed nodes into plain values, recording lines and problems."""

    def __init__(self, source: SourceFile, text: str):
        self.source = source
        self.text = text
        self.seen: set[int] = set()
        self.aliases: list[int] | None = None  # lines of the `*alias`es, still to be reported

    def problem(self, node: yaml.Node, place: Path, message: str) -> None:
        self.source.problems.append(Problem(self.source.path, node.start_mark.line + 1, dotted(place), message))

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
            self.source.problems.append(Problem(self.source.path, line, dotted(place), "anchors and aliases (& and *) are not allowed; write the value out in full"))
            return None
        self.seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            self.problem(node, place, f"YAML tags such as '{node.tag}' are not allowed; remove the '!' tag")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, place)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, place + (index,)) for index, item in enumerate(node.value)]
        return self.scalar(node, place)

    def mapping(self, node: yaml.MappingNode, place: Path) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problem(key_node, place, "field names must be plain words ('<<' merges are not allowed)")
                continue
            key = key_node.value
            if key in result:
                first = self.source.lines[place + (key,)]
                self.problem(key_node, place + (key,), f"'{key}' appears twice in the same record (first on line {first}); keep one")
                continue
            self.source.lines[place + (key,)] = key_node.start_mark.line + 1
            result[key] = self.value(value_node, place + (key,))
        return result

    def scalar(self, node: yaml.ScalarNode, place: Path):
        text, tag = node.value, node.tag
        if tag == "tag:yaml.org,2002:bool":
            if text.lower() in ("true", "false"):
                return text.lower() == "true"
            self.problem(node, place, f"YAML reads {text} as true/false; write true or false, or put \"{text}\" in quotes if you meant the word")
            return None
        if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and not node.style:
            # Octal (010), sexagesimal (9:30), .inf and the like are never meant.
            if not _PLAIN_NUMBER.match(text.replace("_", "")):
                self.problem(node, place, f"YAML reads {text} as a number; put \"{text}\" in quotes")
                return None
            return float(text) if tag.endswith("float") else int(text)
        if tag == "tag:yaml.org,2002:null" and not node.style:
            return None
        # Dates stay as the text the contributor wrote; the schema checks them.
        return text


def dotted(place: Path) -> str:
    """("services", 3, "contact", "phone") -> "services[3].contact.phone"."""
    out = ""
    for part in place:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
