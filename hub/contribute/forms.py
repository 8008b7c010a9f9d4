"""`hub forms`: the GitHub issue forms in .github/ISSUE_TEMPLATE/, written from the JSON Schemas.

Anyone who knows a service can add or correct it without editing YAML: they fill
in a form, and `hub intake` (.github/workflows/intake.yml) turns what they sent
into a checked pull request. The forms are:

- add a service, a resource or a training course (blank: choices as checkboxes
  and dropdowns);
- correct a service, resource, course or campaign (every field a text field, so
  a record page's "Suggest a change" link can fill it in: GitHub fills in only
  text fields from a link);
- report a problem (a number that does not work, a service that has closed),
  for a person to act on.

Fields, labels, help text, choices and required fields all come from the
schemas (hub/records/formfields.py) and vocabularies.yaml: when a schema
changes, run `hub forms` again. A test fails while the committed forms differ
from what `hub forms` would write.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from hub.records import formfields as ff
from hub.records.kinds import RECORD_TYPES, RESOURCES, SERVICES, TRAINING, RecordType
from hub.records.yamlsource import read_yaml

FOLDER = Path(".github") / "ISSUE_TEMPLATE"
GENERATED = "# Written by `hub forms` from data/schemas/ and data/vocabularies.yaml: do not edit; change those and run `hub forms`."

ADD, CORRECT, REPORT = "add", "correct", "report"
# The labels the forms give their issues: the intake workflow acts on the first two.
LABELS = {ADD: "add a record", CORRECT: "correct a record", REPORT: "problem report"}
ADDED_TYPES = (SERVICES, RESOURCES, TRAINING)  # campaigns are the board's own: they are corrected, not proposed
CORRECTED_TYPES = RECORD_TYPES

# Elements every record form has besides the record's fields (their ids and labels are fixed).
NOTES_ID, NOTES_LABEL = "notes", "Anything the reviewer should know?"
CHECKS_ID, CHECKS_LABEL = "checks", "Before you send"
CHECKS = (
    "I have not included personal information about any child, family, case or member of staff.",
    "The details are published by the organisation itself, on the page I gave as the source.",
)

SAFETY = ("**If a child is in immediate danger, call 999.** This form is public: anyone can read it. "
          "Give only details the organisation itself publishes, and **no personal information** about any child, "
          "family, case or member of staff.")
WHAT_HAPPENS = ("When you send it, the hub checks your answers within a few minutes. If something needs changing, "
                "a comment here says which field and what to write: edit the issue (the **...** menu on it, then **Edit**) "
                "to put it right, and the check runs again. If all is well, it opens a pull request; a reviewer from the "
                "board checks it against the source before anything is published.")


@dataclass(frozen=True)
class Form:
    file: str  # its file name in .github/ISSUE_TEMPLATE/
    name: str  # what GitHub's list of forms shows
    about: str
    title: str  # the start of the title
    action: str  # ADD, CORRECT or REPORT
    record_type: RecordType | None
    fields: tuple[ff.FormField, ...] = ()  # the record's fields the form asks for

    @property
    def label(self) -> str:
        return LABELS[self.action]

    @property
    def prefilled(self) -> bool:
        """Filled in from a link: every field is a text field."""
        return self.action == CORRECT


def record_forms(root: Path | str) -> list[Form]:
    """Every form that becomes a record: add (services, resources, courses) and correct (every record type)."""
    root = Path(root)
    vocab = vocabularies(root)
    schema_dir = root / "data" / "schemas"
    forms = []
    for record_type in ADDED_TYPES:
        fields = tuple(f for f in ff.form_fields(schema_dir, record_type, vocab) if f.path != ("id",))
        word = noun(record_type)
        forms.append(Form(ff.addition_form_file(record_type), f"Add a {word}",
                          f"Tell us about a {word} that should be on the hub. No technical knowledge needed.",
                          f"Add a {word}: ", ADD, record_type, fields))
    for record_type in CORRECTED_TYPES:
        word = noun(record_type)
        forms.append(Form(ff.correction_form_file(record_type), f"Correct a {word}",
                          f"Something on a {word}'s page is wrong or out of date. Easiest from the page itself: "
                          "its \"Suggest a change\" link fills this form in.",
                          f"Correct a {word}: ", CORRECT, record_type, ff.form_fields(schema_dir, record_type, vocab)))
    return forms


def all_forms(root: Path | str) -> list[Form]:
    return [*record_forms(root), Form("report-a-problem.yml", "Report a problem",
                                      "A phone number that does not work, a service that has closed, or anything else wrong on the hub.",
                                      "Problem: ", REPORT, None)]


def vocabularies(root: Path) -> dict:
    source = read_yaml(str(Path(root) / "data" / "vocabularies.yaml"))
    return source.data if isinstance(source.data, dict) else {}


noun = ff.form_noun


# ----------------------------------------------------------------------------
# A form as GitHub's form schema
# ----------------------------------------------------------------------------

def form_definition(form: Form) -> dict:
    body: list[dict] = [_markdown(f"Thank you for helping to keep the hub right. {SAFETY}\n\n{WHAT_HAPPENS}")]
    if form.action == REPORT:
        body += _report_elements()
    else:
        if form.prefilled:
            body.append(_markdown(
                "This form was filled in from the page. **Change only what is wrong**, and set **Date you checked these "
                "details** to the day you checked them. Empty a field to remove it from the record. Where a field says "
                f"`{ff.KEEP}`, its text was too long to bring here: leave it as it is to keep that text, or write the new text in its place."))
        body += [element(form_field, form.prefilled) for form_field in form.fields]
        body.append({"type": "textarea", "id": NOTES_ID, "attributes": {
            "label": NOTES_LABEL,
            "description": "For the board's reviewer, not for the page: what you changed and why, or anything you were not sure of."}})
    body.append({"type": "checkboxes", "id": CHECKS_ID, "attributes": {
        "label": CHECKS_LABEL, "options": [{"label": check, "required": True} for check in CHECKS[: 1 if form.action == REPORT else 2]]}})
    return {"name": form.name, "description": form.about, "title": form.title, "labels": [form.label], "body": body}


def _markdown(text: str) -> dict:
    return {"type": "markdown", "attributes": {"value": text}}


def element(form_field: ff.FormField, prefilled: bool) -> dict:
    """One form element for `form_field`: text fields on a prefilled form; choices as dropdowns and checkboxes otherwise."""
    kind = form_field.kind
    attributes: dict = {"label": form_field.label, "description": description(form_field, prefilled)}
    if not prefilled and kind in (ff.CHOICE, ff.YES_NO):
        names = ["Yes", "No"] if kind == ff.YES_NO else [name for _, name in form_field.choices]
        attributes["options"] = names
        widget = "dropdown"
    elif not prefilled and kind == ff.CHOICES:
        attributes["options"] = [{"label": name} for _, name in form_field.choices]
        widget = "checkboxes"
    else:
        widget = "input" if kind in (ff.TEXT, ff.NUMBER, ff.YES_NO, ff.CHOICE) else "textarea"
        example = _example(form_field)
        if example:
            attributes["placeholder"] = example
    definition = {"type": widget, "id": form_field.id, "attributes": attributes}
    if form_field.required and widget != "checkboxes":
        definition["validations"] = {"required": True}
    return definition


# Where a form lists the choices, the schema's pointer to the vocabulary is left out.
_VOCABULARY_POINTER = re.compile(r"(?::|,)? *(?:terms )?from '[a-z_]+' in vocabularies\.yaml")


def description(form_field: ff.FormField, prefilled: bool) -> str:
    """The schema's description of the field, then how to write it in this form."""
    if form_field.path == ("id",):
        return "Which record this corrects (the end of its page's address): leave it as it is."
    parts = [(form_field.schema.get("description") or "").strip()]
    if form_field.choices:
        parts[0] = _VOCABULARY_POINTER.sub("", parts[0])
    if form_field.kind == ff.YES_NO:
        parts[0] = re.sub(r"^true (if|for) ", r"Yes \1 ", parts[0])
    kind = form_field.kind
    names = "; ".join(name for _, name in form_field.choices)
    if kind == ff.CHOICES:
        parts.append("Tick every one that applies." if not prefilled else f"One per line, from: {names}.")
    elif kind == ff.CHOICE and prefilled:
        parts.append(f"One of: {names}.")
    elif kind == ff.YES_NO and prefilled:
        parts.append("Write Yes or No, or leave it empty.")
    elif kind == ff.LINES:
        parts.append("One per line.")
    elif kind == ff.SOURCE:
        parts.append("One web address (or document name) per line.")
    elif kind == ff.BLOCKS:
        needed = [m.title for m in form_field.members if m.required]
        parts.append("One block of lines per item, each line starting with its name and a colon ("
                     + ", ".join(f"'{m.title}:'" for m in form_field.members) + "), and a blank line between items"
                     + (f"; every item needs {', '.join(needed)}." if needed else "."))
        choices = [f"'{m.title}' is one of: {'; '.join(name for _, name in m.choices)}" for m in form_field.members if m.choices]
        if choices:
            parts.append(". ".join(choices) + ".")
    elif kind == ff.NUMBER:
        parts.append("A whole number.")
    return " ".join(part for part in parts if part)


def _example(form_field: ff.FormField) -> str:
    examples = form_field.schema.get("examples") or []
    items = form_field.schema.get("items") if isinstance(form_field.schema.get("items"), dict) else {}
    if not examples and items.get("examples"):
        examples = [[items["examples"][0]]]  # a list of one item, from the item's own example
    if not examples:
        return ""
    value = examples[0]
    if form_field.kind == ff.BLOCKS and isinstance(value, list):
        return ff.to_text(form_field, value)
    if form_field.kind in (ff.LINES, ff.SOURCE, ff.CHOICES):
        return ff.to_text(form_field, value if isinstance(value, list) else [value])
    return "e.g. " + ff.to_text(form_field, value) if form_field.kind in (ff.TEXT, ff.NUMBER) else ff.to_text(form_field, value)


REPORT_KINDS = (
    "A phone number does not work",
    "An email address does not work",
    "A web link does not work",
    "The service has closed or stopped",
    "Details are out of date",
    "Something else",
)


def _report_elements() -> list[dict]:
    return [
        {"type": "input", "id": "page", "attributes": {
            "label": "Which page is it on?",
            "description": "Copy the address of the hub page from your browser, or give the name of the service or resource.",
            "placeholder": "e.g. https://.../services/childline/"}, "validations": {"required": True}},
        {"type": "dropdown", "id": "problem", "attributes": {"label": "What is wrong?", "options": list(REPORT_KINDS)},
         "validations": {"required": True}},
        {"type": "textarea", "id": "details", "attributes": {
            "label": "What did you find?",
            "description": "For example, the number you rang and what happened, or where it says the service has closed."},
         "validations": {"required": True}},
        {"type": "textarea", "id": "correct", "attributes": {"label": "What should it say?", "description": "Leave this empty if you do not know."}},
        {"type": "input", "id": "source", "attributes": {
            "label": "Where can we check?", "description": "The organisation's own web page or document, if you know one.",
            "placeholder": "https://"}},
    ]


def form_text(form: Form) -> str:
    """The form's file: the generated-file notice, then GitHub's form schema as YAML."""
    text = yaml.safe_dump(form_definition(form), sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
    return f"{GENERATED}\n{text}"


# ----------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------

def write_forms(root: Path | str) -> tuple[list[str], list[str]]:
    """Write every form into .github/ISSUE_TEMPLATE/; remove generated forms no longer made. Returns (written, removed)."""
    root = Path(root)
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {form.file: form_text(form) for form in all_forms(root)}
    written, removed = [], []
    for name, text in wanted.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(name)
    for path in sorted(folder.glob("*.yml")):
        if path.name not in wanted and path.read_text(encoding="utf-8").startswith(GENERATED):
            path.unlink()
            removed.append(path.name)
    return written, removed


def drift(root: Path | str) -> list[str]:
    """The forms whose committed file differs from what `hub forms` would write (or is missing)."""
    root = Path(root)
    return [form.file for form in all_forms(root)
            if not (root / FOLDER / form.file).exists() or (root / FOLDER / form.file).read_text(encoding="utf-8") != form_text(form)]


def add_command(commands) -> None:
    forms = commands.add_parser("forms", help="write the GitHub issue forms (.github/ISSUE_TEMPLATE/) from the schemas and vocabularies")
    forms.add_argument("--check", action="store_true", help="change nothing: exit 1 if a committed form differs from what would be written")
    forms.set_defaults(run=run_forms)


def run_forms(args) -> int:
    root = Path(args.root)
    try:
        if args.check:
            stale = drift(root)
            for name in stale:
                print(f"{FOLDER / name}: differs from what `hub forms` writes; run `hub forms` and commit the result", file=sys.stderr)
            if not stale:
                print(f"hub forms: all {len(all_forms(root))} forms match the schemas")
            return 1 if stale else 0
        written, removed = write_forms(root)
    except ff.FormModelError as error:
        print(f"hub forms failed: {error}", file=sys.stderr)
        return 2
    for name in written:
        print(f"wrote {FOLDER / name}")
    for name in removed:
        print(f"removed {FOLDER / name} (no longer made)")
    print(f"hub forms: {len(all_forms(root))} forms, {len(written)} changed, {len(removed)} removed")
    return 0

