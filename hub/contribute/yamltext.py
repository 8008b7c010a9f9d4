"""A record as YAML text in the house style, and a record's text changed field by field.

The data files are kept by hand: comments, blank lines and each person's line
wrapping stay as they are. So a record is never dumped over its file:

- `record_lines` writes a new record the way the files are written: fields in
  the schema's order, lists one item per '- ' line, phone numbers in double
  quotes, long text folded (`>-`) at 78 columns, text of several lines kept
  line for line (`|-`), anything YAML would misread in double quotes;
- `patch_record` changes an existing record's text field by field: unchanged
  fields (and the comments between fields) keep their text, a changed field's
  lines are written again, a removed field's lines go, a new field goes after
  the field the schema puts before it.

Every scalar is checked by reading it back with the hub's own reader
(yamlsource), so what is written is what was meant; the callers check the
whole file again.
"""

from __future__ import annotations

import json

import yaml

from hub.records.yamlsource import parse_yaml

WIDTH = 78  # house style: text folded to end by this column


def record_lines(record: dict, schema: dict, dash: int, content: int) -> list[str]:
    """The record's lines: '- ' at column `dash`, its fields at column `content`."""
    lines: list[str] = []
    for key, value in ordered(record, schema):
        lines += field_lines(key, value, _property(schema, key), content)
    first = lines[0]
    lines[0] = " " * dash + "- " + " " * (content - dash - 2) + first[content:]
    return lines


def ordered(mapping: dict, schema: dict):
    """(key, value) in the schema's order, then any keys it does not know in the order given."""
    known = list(schema.get("properties", {}))
    keys = [key for key in known if key in mapping] + [key for key in mapping if key not in known]
    return [(key, mapping[key]) for key in keys]


def _property(schema: dict, key: str) -> dict:
    return schema.get("properties", {}).get(key, {}) if isinstance(schema, dict) else {}


def field_lines(key: str, value, schema: dict, indent: int) -> list[str]:
    """`key: value` at column `indent`, over as many lines as the value needs."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = [f"{pad}{key}:"]
        for child, item in ordered(value, schema):
            lines += field_lines(child, item, _property(schema, child), indent + 2)
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{pad}{key}: []"]
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {}
        lines = [f"{pad}{key}:"]
        for item in value:
            lines += _item_lines(item, items, indent + 2)
        return lines
    return _scalar_lines(f"{pad}{key}:", value, schema, indent + 2)


def _item_lines(item, schema: dict, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(item, dict) and item:
        lines: list[str] = []
        for key, value in ordered(item, schema):
            lines += field_lines(key, value, _property(schema, key), indent + 2)
        lines[0] = f"{pad}- " + lines[0][indent + 2:]
        return lines
    return _scalar_lines(f"{pad}-", item, schema, indent + 2)


def _scalar_lines(head: str, value, schema: dict, indent: int) -> list[str]:
    """`head` followed by the value: on the same line, or as a block below it."""
    if value is None:
        return [head]
    if isinstance(value, bool):
        return [f"{head} {'true' if value else 'false'}"]
    if isinstance(value, (int, float)):
        return [f"{head} {value}"]
    text = str(value)
    if "\n" in text:
        block = _block(head, "|-", text.split("\n"), indent, text)
        if block:
            return block
    elif schema.get("x-format") != "phone" and _reads_back(f"{head} {text}", text):
        if len(head) + 1 + len(text) <= WIDTH + 2 or " " not in text.strip() or not _long_text(schema, text):
            return [f"{head} {text}"]
    if "\n" not in text and " " in text and _long_text(schema, text):
        block = _block(head, ">-", _wrapped(text, WIDTH - indent), indent, text)
        if block:
            return block
    quoted = json.dumps(text, ensure_ascii=False)  # JSON strings are YAML double-quoted strings
    return [f"{head} {quoted}"]


def _long_text(schema: dict, text: str) -> bool:
    """Text that the files fold over several lines: Markdown fields and long sentences."""
    return bool(schema.get("x-markdown")) or len(text) > 120


def _block(head: str, style: str, lines: list[str], indent: int, text: str) -> list[str] | None:
    pad = " " * indent
    out = [f"{head} {style}"] + [f"{pad}{line}" if line else "" for line in lines]
    return out if _reads_back("\n".join(out), text) else None


def _wrapped(text: str, width: int) -> list[str]:
    """Words of `text` on lines of at most `width` columns (a longer word has a line of its own)."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return lines


def _reads_back(lines: str, value) -> bool:
    """Whether `lines` (a key or '-' and its value) read back, by the hub's reader, as exactly `value`."""
    rows = lines.split("\n")
    indent = len(rows[0]) - len(rows[0].lstrip())
    rows = [row[indent:] if row.strip() else "" for row in rows]
    if rows[0].startswith("-"):
        probe, expected = "items:\n" + "\n".join(f"  {row}" if row else "" for row in rows), {"items": [value]}
    else:
        probe, expected = "\n".join(rows), {rows[0].split(":", 1)[0]: value}
    source = parse_yaml((probe + "\n").encode("utf-8"), "probe")
    return not source.problems and source.data == expected


# ----------------------------------------------------------------------------
# Changing an existing record's text
# ----------------------------------------------------------------------------

def patch_record(text: str, node: yaml.MappingNode, old: dict, new: dict, schema: dict) -> str:
    """`text` with the record `node` (holding `old`) changed to hold `new`, field by field."""
    lines = text.split("\n")
    edits: list[tuple[int, int, list[str]]] = []
    _patch_mapping(text, lines, node, old, new, schema, edits)
    for start, end, replacement in sorted(edits, key=lambda edit: (edit[0], edit[1]), reverse=True):
        lines[start:end] = replacement
    return "\n".join(lines)


def _patch_mapping(text, lines, node, old, new, schema, edits) -> None:
    pairs = [(key.value, key, value) for key, value in node.value]
    spans = {name: (key.start_mark.line, node_end_line(text, value) + 1, key, value) for name, key, value in pairs}
    column = pairs[0][1].start_mark.column
    for name, key, value in pairs:
        start, end, _, _ = spans[name]
        if name not in new:
            edits.append((start, end, []))
        elif new[name] == old.get(name):
            continue
        elif (isinstance(new[name], dict) and isinstance(old.get(name), dict) and isinstance(value, yaml.MappingNode)
              and value.value and not value.flow_style and value.start_mark.line > key.start_mark.line):
            _patch_mapping(text, lines, value, old[name], new[name], _property(schema, name), edits)
        else:
            rendered = field_lines(name, new[name], _property(schema, name), column)
            # Keep what the line had before the field ("    - " on a record's first line).
            rendered[0] = lines[start][:key.start_mark.column] + rendered[0][column:]
            edits.append((start, end, rendered))
    present = [name for name, _, _ in pairs]
    order = [name for name, _ in ordered(new, schema)]
    added: dict[int, list[str]] = {}  # line -> the new fields that go there, in order
    for position, name in enumerate(order):
        if name in present:
            continue
        before = next((other for other in reversed(order[:position]) if other in present), present[0])
        added.setdefault(spans[before][1], []).extend(field_lines(name, new[name], _property(schema, name), column))
    edits += [(at, at, block) for at, block in added.items()]


def node_end_line(text: str, node: yaml.Node) -> int:
    """The 0-based line holding the last character of `node`'s own text (not blank lines or comments after it)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value and not node.flow_style:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    end = len(text[: node.end_mark.index].rstrip())
    return text.count("\n", 0, max(end - 1, 0)) if end else 0
