"""A rule the Python, the scripts and the templates share is written once, in
Python (or the schemas), and reaches the browser in the page itself: the
scripts and templates hold no copy of it to drift. This test fails when a copy
comes back or when the page stops carrying the Python value."""

from __future__ import annotations

import html
import json
import re

from hub.records.questionsets import H1_LAST_MONTH, SCALE_VALUES
from hub.records.settings import DEFAULTS
from hub.reflection.returns import MAX_TEXT
from tests.conftest import REPO

ASSETS = REPO / "docs" / "assets"
TEMPLATES = REPO / "hub" / "site" / "templates"
ID_PATTERN = json.loads((REPO / "data" / "schemas" / "common.schema.json").read_text(encoding="utf-8"))["$defs"]["id"]["pattern"]


def _scripts_and_templates() -> dict[str, str]:
    files = list(ASSETS.glob("*.js")) + list(TEMPLATES.glob("*.html")) + list((REPO / "docs" / "overrides").rglob("*.html"))
    return {path.relative_to(REPO).as_posix(): path.read_text(encoding="utf-8") for path in files}


def test_no_script_or_template_holds_a_copy_of_a_shared_rule():
    copies = {
        "the longest free text": re.compile(rf"\b{MAX_TEXT}\b"),
        "the default Exit address": re.compile(re.escape(DEFAULTS["exit_url"])),
        "the id pattern": re.compile(re.escape(ID_PATTERN.strip("^$"))),
        "the round rule": re.compile(r"getMonth\(\)\s*<\s*\d"),
        "the scale": re.compile(rf"range\(\s*1\s*,\s*{SCALE_VALUES[-1] + 1}\s*\)|\?\s*{SCALE_VALUES[-1]}\s*:"),
        "the date placeholder": re.compile(r"YYYY-MM-DD"),
    }
    found = [f"{rule}: a copy in {path}" for path, text in _scripts_and_templates().items()
             for rule, pattern in copies.items() if pattern.search(text)]
    assert not found, "\n".join(found)


def test_the_tool_page_carries_the_python_rules(built_site):
    markup = (built_site / "reflect" / "practitioner" / "index.html").read_text(encoding="utf-8")
    definition = json.loads(html.unescape(re.search(r'<script type="application/json" id="reflect-definition"[^>]*>(.*?)</script>', markup, re.S).group(1)))
    assert definition["max_text"] == MAX_TEXT
    assert definition["scale"]["top"] == SCALE_VALUES[-1]
    assert definition["h1_last_month"] == H1_LAST_MONTH
    assert set(re.findall(r'<textarea [^>]*maxlength="(\d+)"', markup)) == {str(MAX_TEXT)}
    values = re.findall(r'name="question:confidence-workforce" value="(\d+)"', markup)
    assert [int(v) for v in values] == list(SCALE_VALUES)

