"""parse_yaml: plain values, the line of each, and a problem for what a contributor did not mean."""

from __future__ import annotations

from hub.records.yamlsource import dotted, parse_yaml

SERVICES = b"""\
services:
  - id: first
    contact:
      website: https://www.example.org/
  - id: second
    contact:
      email: help@example.org
      phone: "01632 960000"
    last_reviewed: 2026-01-31
"""


def messages(source) -> list[str]:
    return [str(problem) for problem in source.problems]


def test_records_line_of_nested_values():
    source = parse_yaml(SERVICES, "data/services.yaml")
    assert source.problems == []
    assert source.lines[("services", 1, "contact", "phone")] == 8
    assert source.lines[("services", 0, "contact", "website")] == 4
    assert source.lines[("services", 1)] == 5
    assert source.line_of(("services", 1, "contact", "phone")) == 8
    # A place with no value of its own falls back to its nearest enclosing value.
    assert source.line_of(("services", 1, "contact", "text")) == 6


def test_keeps_dates_as_text():
    source = parse_yaml(SERVICES, "data/services.yaml")
    value = source.data["services"][1]["last_reviewed"]
    assert value == "2026-01-31" and type(value) is str


def test_keeps_invalid_date_as_text_for_the_schema_to_check():
    source = parse_yaml(b"published: 2025-02-30\n", "x.yaml")
    assert source.data == {"published": "2025-02-30"}
    assert source.problems == []


def test_quoted_no_stays_the_word_no():
    source = parse_yaml(b'cost: "no"\nother: \'yes\'\n', "x.yaml")
    assert source.problems == []
    assert source.data == {"cost": "no", "other": "yes"}


def test_true_and_false_are_booleans():
    source = parse_yaml(b"front_door: true\nother: false\n", "x.yaml")
    assert source.problems == []
    assert source.data == {"front_door": True, "other": False}


def test_unquoted_yes_is_a_problem():
    source = parse_yaml(b"a: 1\nanswer: yes\n", "x.yaml")
    assert len(source.problems) == 1
    problem = source.problems[0]
    assert (problem.file, problem.line, problem.field) == ("x.yaml", 2, "answer")
    assert "true/false" in problem.message and 'put "yes" in quotes' in problem.message
    assert source.data["answer"] is None


def test_unquoted_sexagesimal_time_is_a_problem():
    source = parse_yaml(b"services:\n  - opens: 9:30\n", "x.yaml")
    assert len(source.problems) == 1
    problem = source.problems[0]
    assert (problem.line, problem.field) == (2, "services[0].opens")
    assert "as a number" in problem.message and 'put "9:30" in quotes' in problem.message


def test_quoted_time_stays_text():
    source = parse_yaml(b'opens: "9:30"\n', "x.yaml")
    assert source.problems == []
    assert source.data == {"opens": "9:30"}


def test_plain_numbers_are_numbers():
    source = parse_yaml(b"min: 0\nmax: 18\nratio: 1.5\n", "x.yaml")
    assert source.problems == []
    assert source.data == {"min": 0, "max": 18, "ratio": 1.5}


def test_octal_looking_number_is_a_problem():
    # YAML 1.1 reads 0123 as the octal number 83.
    source = parse_yaml(b"code: 0123\n", "x.yaml")
    assert len(source.problems) == 1
    assert 'put "0123" in quotes' in source.problems[0].message


def test_digits_with_leading_zero_that_are_not_octal_stay_text():
    source = parse_yaml(b"phone: 01632960000\n", "x.yaml")
    assert source.problems == []
    assert source.data == {"phone": "01632960000"}


def test_alias_is_reported_once_at_its_line_without_expansion():
    raw = b"""\
base: &contact
  phone: "01632 960000"
  email: help@example.org
copy: *contact
"""
    source = parse_yaml(raw, "x.yaml")
    assert source.data["base"] == {"phone": "01632 960000", "email": "help@example.org"}
    assert source.data["copy"] is None  # not expanded into a copy of base
    assert len(source.problems) == 1
    problem = source.problems[0]
    assert problem.field == "copy"
    assert "anchors and aliases" in problem.message
    assert problem.line == 4, f"the alias *contact is on line 4, reported on line {problem.line}"


def test_billion_laughs_is_refused_without_expansion():
    lines = ["a0: &a0 lol"] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    source = parse_yaml("\n".join(lines).encode(), "x.yaml")
    assert len(source.problems) == 110  # each alias once: 11 lines of 10
    assert all("aliases" in problem.message for problem in source.problems)
    assert source.data["a11"] == [None] * 10


def test_merge_key_is_a_problem():
    source = parse_yaml(b"base: &b\n  x: 1\ncopy:\n  <<: *b\n", "x.yaml")
    assert any("'<<' merges are not allowed" in problem.message for problem in source.problems)
    assert "x" not in source.data["copy"]


def test_python_tag_is_refused_not_constructed():
    source = parse_yaml(b'cost: !!python/object/apply:os.system ["echo hi"]\n', "x.yaml")
    assert source.data == {"cost": None}
    assert len(source.problems) == 1
    assert "tags" in source.problems[0].message and "python/object/apply" in source.problems[0].message


def test_duplicate_key_is_a_problem_naming_the_first_line():
    source = parse_yaml(b"services:\n  - id: a\n    name: One\n    name: Two\n", "x.yaml")
    assert source.data["services"][0]["name"] == "One"
    assert messages(source) == ["x.yaml:4: services[0].name: 'name' appears twice in the same record (first on line 3); keep one"]


def test_accepts_utf8_byte_order_mark():
    source = parse_yaml(b"\xef\xbb\xbfname: Example\nother: value\n", "x.yaml")
    assert source.problems == []
    assert source.data == {"name": "Example", "other": "value"}
    assert source.lines[("other",)] == 2


def test_non_utf8_byte_is_reported_at_its_line():
    source = parse_yaml(b"a: 1\nb: caf\xe9\n", "x.yaml")
    assert messages(source) == ["x.yaml:2: byte 0xe9 is not UTF-8 text; save the file as UTF-8"]


def test_syntax_error_line_is_inside_the_file():
    raw = b"a: 1\nb: \"unclosed\n"
    source = parse_yaml(raw, "x.yaml")
    assert len(source.problems) == 1
    assert 1 <= source.problems[0].line <= raw.count(b"\n"), messages(source)


def test_dotted_place():
    assert dotted(("services", 3, "contact", "phone")) == "services[3].contact.phone"
    assert dotted(("services", 0, "audiences", 1)) == "services[0].audiences[1]"
    assert dotted(()) == ""
