"""What GitHub does with an issue form, for the tests: fill it in from a link, and write the issue's body.

GitHub fills in only text fields (input and textarea) from a link's query
parameters (docs.github.com, "Creating an issue from a URL query": "You can
also use URL query parameters to fill custom text fields that you have defined
in issue form templates"). When the form is sent it writes each field's label
as a `### ` heading with the answer under it, `_No response_` for an empty
field, a dropdown's choices joined by ", " and each checkbox as `- [X] label`
or `- [ ] label` (as in the fixtures of stefanbuck/github-issue-parser, a
widely used parser of these bodies).
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from hub.contribute import forms as form_set


def body_for(form: form_set.Form, answers: dict) -> str:
    """The issue body GitHub writes for `form` sent with `answers` (element id -> text, or list of ticked/chosen options)."""
    sections = []
    for element in form_set.form_definition(form)["body"]:
        if element["type"] == "markdown":
            continue
        label = element["attributes"]["label"]
        value = answers.get(element["id"])
        if element["type"] == "checkboxes":
            ticked = value or []
            text = "\n".join(f"- [{'X' if option['label'] in ticked else ' '}] {option['label']}" for option in element["attributes"]["options"])
        elif element["type"] == "dropdown":
            chosen = [value] if isinstance(value, str) else (value or [])
            text = ", ".join(chosen) or "_No response_"
        else:
            text = value.strip() if isinstance(value, str) and value.strip() else "_No response_"
        sections.append(f"### {label}\n\n{text}")
    return "\n\n".join(sections) + "\n"


def prefilled_answers(link: str, form: form_set.Form) -> dict[str, str]:
    """What a link fills in: the query parameters that name one of the form's text fields."""
    text_fields = {element["id"] for element in form_set.form_definition(form)["body"] if element["type"] in ("input", "textarea")}
    return {key: value for key, value in parse_qsl(urlsplit(link).query, keep_blank_values=True) if key in text_fields}


def ticked_checks() -> dict:
    """The 'Before you send' boxes, ticked (GitHub requires them)."""
    return {form_set.CHECKS_ID: list(form_set.CHECKS)}


def form_named(root, action: str, key: str) -> form_set.Form:
    return next(form for form in form_set.record_forms(root) if form.action == action and form.record_type.key == key)
