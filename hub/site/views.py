"""What pages, the feed and the exports show beside each record: a view.

A view is a plain dict: the record itself, its record type, the names of
its vocabulary terms, where it applies, who it is for, a one-line summary,
how to reach it, its addresses, its review state and where to suggest a
change. Templates, the feed, the JSON-LD, the exports and the hand-over
list all read views, so each of those facts is worked out once, the same
way for every record type.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote

from hub.records import formfields
from hub.records.dates import review_due
from hub.records.kinds import RECORD_TYPES, coverage, covered_districts
from hub.records.loader import Hub
from hub.records.sessions import LONDON, sessions_of
from hub.records.settings import repository_edit_url
from hub.records.text import age_text, tel

# Files that records point to (under resources/) are published here in the site.
FILES_FOLDER = "files"
# The contact line of a record's own file.
DOWNLOAD = "Download"


def record_views(hub: Hub, settings: dict, now: datetime.datetime | None = None) -> dict[str, list[dict]]:
    """Every record's view, by record-type key, in file order, as of `now` (default: this moment)."""
    now = now or datetime.datetime.now(LONDON)
    district_ids = list(hub.names["districts"])
    views: dict[str, list[dict]] = {}
    for record_type in RECORD_TYPES:
        fields = formfields.form_fields(hub.root / "data" / "schemas", record_type, hub.vocab) if settings.get("repository_url") else ()
        views[record_type.key] = [_view(hub, settings, record_type, index, record, district_ids, now, fields)
                                  for index, record in enumerate(hub.records(record_type.key))]
    return views


def _view(hub: Hub, settings: dict, record_type, index: int, record: dict, district_ids: list[str], now: datetime.datetime,
          fields=()) -> dict:
    due = review_due(datetime.date.fromisoformat(record["last_reviewed"]), settings["review_interval_months"])
    sessions = sessions_of(record)
    contacts = contact_lines(record)
    return {
        "kind": record_type.key,
        "type": record_type,
        "record": record,
        "title": record_type.title(record),
        "path": record_type.page_path(record["id"]),
        "url": record_type.url(record["id"]),
        "names": hub.names,
        "search_words": hub.search_words,
        "area": hub.area_text(record),
        "area_kind": coverage(record)["area"],  # national, region or districts: the directory's "Where it is based" filter
        "what": what_it_is(record_type, record, hub.names),
        "who": who_text(record, hub.names),
        "summary": one_line(record.get("summary") or record.get("description") or ""),
        "contacts": contacts,
        "main_contact": contacts[0] if contacts else None,
        # The record's own file in this site (a resource's `file:`): cards show it beside the main contact.
        "download": next((line for line in contacts if line.get("local") and line["href"] == published_file(record["file"])), None)
                    if record.get("file") else None,
        "district_ids": covered_districts(record, district_ids),
        "overdue": due < now.date(),
        "review_due": due.isoformat(),
        "edit_url": repository_edit_url(settings, record_type.file, hub.line_of(record_type.key, index)),
        "suggest_url": suggest_url(hub, settings, record_type, record, fields),
        "report_url": report_url(settings, record_type, record),
        # Dated sessions (training): what is still to come when the site is built, and what has ended.
        "upcoming": [session for session in sessions if not session.has_ended(now)],
        "past": [session for session in sessions if session.has_ended(now)],
    }


def suggest_url(hub: Hub, settings: dict, record_type, record: dict, fields=()) -> str:
    """The correct-a-record issue form, filled in with the record's id and current values
    ("" without a repository). GitHub fills in text fields named in the address; values too
    long for the address (formfields.LINK_BUDGET) are left as formfields.KEEP, which keeps them.
    `fields` are the record type's form fields, when the caller has them already."""
    if not settings.get("repository_url"):
        return ""
    fields = fields or formfields.form_fields(hub.root / "data" / "schemas", record_type, hub.vocab)
    title = f"Correct a {formfields.form_noun(record_type)}: {record_type.title(record)}"
    start = (f"{settings['repository_url']}/issues/new?template={formfields.correction_form_file(record_type)}"
             f"&title={quote(title, safe='')}")
    return start + formfields.prefill_query(record, fields, formfields.LINK_BUDGET - len(start))


def report_url(settings: dict, record_type, record: dict) -> str:
    """An email to the board about this record's page, its address and id filled in ("" without contact_email)."""
    if not settings.get("contact_email"):
        return ""
    page = page_url(settings, record_type.url(record["id"]))
    subject = f"Problem with a page on {settings['site_name']}: {record_type.title(record)}"
    body = f"Page: {page}\r\nRecord id: {record['id']}\r\n\r\nWhat is wrong, and where did you find the right details?\r\n\r\n"
    return f"mailto:{quote(settings['contact_email'], safe='@')}?subject={quote(subject, safe='')}&body={quote(body, safe='')}"


def upcoming_sessions(views: list[dict]) -> list[tuple]:
    """(session, course view) for every session still to come, soonest first."""
    pairs = [(session, view) for view in views for session in view["upcoming"]]
    return sorted(pairs, key=lambda pair: (pair[0].start, pair[1]["title"]))


# What a campaign's `status` means, in words.
STATUS_WORDS = {"scoping": "being developed", "active": "running now", "finished": "finished"}


def what_it_is(record_type, record: dict, names: dict) -> str:
    """What a record is, in a few words: 'Service · NSPCC', 'Resource: Guidance · National Crime Agency'."""
    kind = record_type.label
    if record.get("type") in names.get("resource_types", {}):
        kind += f": {names['resource_types'][record['type']]}"
    parts = [kind]
    owner = record.get("organisation") or record.get("publisher") or record.get("provider")
    if owner:
        parts.append(owner)
    if record.get("status") in STATUS_WORDS:
        parts.append(STATUS_WORDS[record["status"]])
    return " · ".join(parts)


def who_text(record: dict, names: dict) -> str:
    """Who a record is for, in words: 'Children and young people (up to 17)'."""
    who = ", ".join(names["audiences"][a] for a in record.get("audiences", []))
    ages = age_text(record.get("age_range"))
    return f"{who} (ages {ages})" if who and ages else who


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(\u201c\u2018])")
_MARKDOWN_MARKS = re.compile(r"[*_`#>]|\[([^\]]*)\]\([^)]*\)")
SUMMARY_LIMIT = 160


def one_line(text: str) -> str:
    """The first sentence of `text` as plain text, cut at a word before SUMMARY_LIMIT characters."""
    plain = " ".join(_MARKDOWN_MARKS.sub(lambda m: m.group(1) or "", text).split())
    first = _SENTENCE_END.split(plain, maxsplit=1)[0]
    if len(first) <= SUMMARY_LIMIT:
        return first
    return first[:SUMMARY_LIMIT].rsplit(" ", 1)[0].rstrip(",;:") + "\u2026"


def contact_lines(record: dict) -> list[dict]:
    """How to reach a record, most direct first: each {'label', 'text', 'href', 'note'}.

    Services list their phones (each with who it is for), text, email and web
    pages; resources their address, file and other addresses; any record
    type with those fields gets the same lines. `href` is a full address, or
    for a file in this site a site path with `'local': True`."""
    contact = record.get("contact") or {}
    lines = []
    if contact.get("phone"):
        lines.append(_line("Phone", contact["phone"], tel(contact["phone"]), contact.get("phone_description", "")))
    for other in contact.get("other_phones", []):
        lines.append(_line("Phone", other["number"], tel(other["number"]), other["description"]))
    if contact.get("text"):
        lines.append(_line("Text", contact["text"], "sms:" + contact["text"].replace(" ", "")))
    if contact.get("email"):
        lines.append(_line("Email", contact["email"], "mailto:" + contact["email"]))
    for key, label in (("reporting_url", "Report online"), ("webchat_url", "Live chat"), ("website", "Website")):
        if contact.get(key):
            lines.append(_line(label, contact[key], contact[key]))
    if record.get("url"):
        lines.append(_line("Online", record["url"], record["url"]))
    if record.get("file"):
        lines.append(_link_line(DOWNLOAD, {"file": record["file"]}))
    for link in record.get("other_links", []):
        lines.append(_link_line(link["title"], link))
    return lines


def _line(label: str, text: str, href: str, note: str = "") -> dict:
    return {"label": label, "text": text, "href": href, "note": note}


def _link_line(label: str, entry: dict) -> dict:
    target = link_target(entry)
    return {**_line(label, target["href"], target["href"]), **({"local": True} if target.get("local") else {})}


def link_target(entry: dict) -> dict:
    """Where a link written as `url:` or `file:` (a resource's other links, a campaign's assets,
    a meeting's papers) goes: {'href': the web address} or, for a file under resources/,
    {'href': its site path, 'local': True}. Pages make a local href relative to themselves
    (render's `link`), the exports absolute (`page_url`), the list page from the site's root."""
    if entry.get("url"):
        return {"href": entry["url"]}
    return {"href": published_file(entry["file"]), "local": True}


def absolute_href(settings: dict, target: dict) -> str:
    """A link_target (or contact line) as an address that works anywhere: the exports' form."""
    return page_url(settings, target["href"]) if target.get("local") else target["href"]


def published_file(path: str) -> str:
    """Where a repository file such as 'resources/posters/a.pdf' is in the site: 'files/posters/a.pdf'."""
    return f"{FILES_FOLDER}/{path.removeprefix('resources/')}"


def page_url(settings: dict, path: str) -> str:
    """The absolute address of a site path such as 'services/childline/' (relative if no site_url is set)."""
    base = (settings.get("site_url") or "").rstrip("/")
    return f"{base}/{path}" if base else path


def web_address(contact: dict) -> str:
    """A service's main web address: its own page, else where to report, else its live chat."""
    return contact.get("website") or contact.get("reporting_url") or contact.get("webchat_url") or ""


def drop_empty(data: dict) -> dict:
    """Leave out optional fields that have nothing in them (never null or [])."""
    return {k: v for k, v in data.items() if v not in (None, "", [], {})}
