"""Mistakes contributors make that a schema pattern cannot name, said in their words.

A schema says "'25/11/2026' is not a real date"; a contributor needs "write
it as 2026-11-25". These checks run before the schema checks. Each error
here marks its value as explained (`source.refused`), so the schema and
vocabulary checks do not add a second, vaguer message about the same value.

What they look for is chosen by keywords of our own in the schemas:
`x-format` (id, phone, email, web-address, source), `x-refuse` (words that
are not a value, such as 'n/a' for a source), `x-max-words` and
`x-max-characters` (the guidance on length: warned about, except that young
people's words, `x-reading-age`, are refused when longer).
"""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from hub.records import lookalikes
from hub.records.problems import Problem
from hub.records.schemas import each_value
from hub.records.yamlsource import SourceFile, dotted, singular

# Link shorteners hide where a link goes (and some track who clicks).
LINK_SHORTENERS = frozenset({
    "bit.ly", "bitly.com", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "buff.ly", "is.gd", "v.gd", "tiny.cc",
    "rebrand.ly", "shorturl.at", "cutt.ly", "rb.gy", "t.ly", "bl.ink", "s.id", "lnkd.in", "dlvr.it", "fb.me",
    "trib.al", "soo.gd", "shorte.st", "adf.ly", "qr.ae", "x.gd", "short.io", "snip.ly", "linktr.ee", "y2u.be",
})
# Query parameters that only track where a visitor came from.
TRACKING_PREFIXES = ("utm_", "mc_", "_hs", "pk_", "mtm_", "oly_")
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "igshid",
    "igsh", "li_fat_id", "mkt_tok", "_ga", "_gl", "vero_id", "wickedid", "rb_clickid", "s_cid", "ncid", "sc_cid",
})
# What `hub new` writes until the contributor fills it in: ids such as
# new-service-1 (the record type's singular, so new-beginnings-2 is a real id).
PLACEHOLDER_TEXT = re.compile(r"^\s*(TODO|FIXME|TBC|TBD|XXX)\b", re.IGNORECASE)
PLACEHOLDER_DATE = "YYYY-MM-DD"

_URL = re.compile(r"https?://[^\s<>\"'()\[\]]+", re.IGNORECASE)
_DAY_FIRST = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_YEAR_FIRST = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_WRITTEN_DATES = ("%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y", "%d %B, %Y", "%B %d, %Y")


def mistake_problems(schema_dir: Path, name: str, source: SourceFile) -> list[Problem]:
    """Every mistake below in `source`, a data file of schema `name`."""
    found: list[Problem] = []
    for schema, value, place in each_value(schema_dir, name, source.data):
        if not isinstance(value, str) or source.is_refused(place):
            continue
        error = _value_error(schema, value, place)
        if error:
            found.append(Problem(source.path, source.line_of(place), dotted(place), error))
            source.refused.add(place)
            continue
        for warning in _value_warnings(schema, value):
            found.append(Problem(source.path, source.line_of(place), dotted(place), warning, severity="warning"))
    return found


# ----------------------------------------------------------------------------
# Errors: the value is wrong, and here is what would be right
# ----------------------------------------------------------------------------

def _value_error(schema: dict, value: str, place: tuple) -> str | None:
    return (_placeholder(schema, value, place) or _refused_word(schema, value) or _odd_characters(schema, value)
            or _format_advice(schema, value) or _too_long_for_young_people(schema, value))


def _placeholder(schema: dict, value: str, place: tuple) -> str | None:
    if schema.get("x-format") == "id" and _is_placeholder_id(value, place):
        return (f"'{value}' is the placeholder id that `hub new` gives; change it to a short permanent name for this record "
                "(lower-case letters, digits and hyphens, e.g. 'leeds-sexual-health'): it becomes the record's page address")
    if value.strip() == PLACEHOLDER_DATE:
        return f"is still the placeholder '{PLACEHOLDER_DATE}'; write the date, e.g. {_example(schema, '2026-11-25')}"
    if PLACEHOLDER_TEXT.match(value) and schema.get("x-format") != "source":
        what = schema.get("x-hint") or schema.get("description") or "the real value"
        return f"still says '{_short(value)}', a placeholder; replace it with {_lower_first(what)}"
    return None


def _too_long_for_young_people(schema: dict, value: str) -> str | None:
    # A frightened young person reads the first few words only: their limit is a rule, not guidance.
    if not schema.get("x-reading-age") or "x-max-words" not in schema or len(value.split()) <= schema["x-max-words"]:
        return None
    return (f"is {len(value.split())} words long; young people's words here are at most {schema['x-max-words']}, "
            "so that what to do is seen at once: keep only what a young person needs to know now")


def _is_placeholder_id(value: str, place: tuple) -> bool:
    """new-service-3 as the id of a record in `services` (the id `hub new` gives)."""
    if not place or not isinstance(place[0], str):
        return False
    prefix = f"new-{singular(place[0]).replace(' ', '-')}-"
    return value.startswith(prefix) and value[len(prefix):].isdigit()


def _refused_word(schema: dict, value: str) -> str | None:
    if "x-refuse" not in schema:
        return None
    if _word(value) in _refused_words(tuple(schema["x-refuse"])) or PLACEHOLDER_TEXT.match(value):
        return (f"'{value}' does not say where the facts come from; give the web page (https://...) or the document "
                "you checked this record against")
    return None


def _odd_characters(schema: dict, value: str) -> str | None:
    """Invisible or look-alike characters in a value that must match a pattern, term or id."""
    if not _is_structured(schema):
        return None
    if lookalikes.wrapped_in_curly_quotes(value):
        return lookalikes.explain(value)
    reason = lookalikes.explain(value)
    return f"'{value}' {reason}" if reason else None


def _format_advice(schema: dict, value: str) -> str | None:
    """The specific slip behind a value its pattern or format refuses."""
    kind = schema.get("x-format")
    if kind == "email" and value.lower().startswith("mailto:"):  # the pattern would accept it
        return f"'{value}' is an email link; write just the address ('{value[7:].strip()}'), without 'mailto:'"
    if _fits(schema, value):
        return None
    if kind == "phone":
        return _phone_advice(value)
    if kind == "email":
        return _email_advice(value)
    if kind == "web-address":
        return _web_address_advice(value)
    if schema.get("format") == "date":
        return _date_advice(value)
    return None


def _phone_advice(value: str) -> str | None:
    if value.lower().startswith("tel:"):
        number = value[4:].strip()
        return f"'{value}' is a phone link; write just the number as people dial it ('{_uk_number(number)}'), without 'tel:'"
    if value.replace(" ", "").startswith("+44"):
        return f"'{value}' is written the international way; write it as people in the UK dial it: '{_uk_number(value)}'"
    return None


def _uk_number(number: str) -> str:
    digits = re.sub(r"[^0-9+]", "", number)
    if digits.startswith("+44"):
        digits = "0" + digits[3:].removeprefix("0")
    return digits


def _email_advice(value: str) -> str | None:
    if re.search(r"\s", value):
        return f"'{value}' contains a space; an email address has none ('{''.join(value.split())}')"
    return None


def _web_address_advice(value: str) -> str | None:
    stripped = value.strip()
    if re.search(r"\s", stripped):
        return (f"'{value}' contains a space, and web addresses cannot; remove it "
                "(copy the address from the browser's address bar, where a space shows as %20)")
    if stripped.lower().startswith("mailto:"):
        return f"'{value}' is an email link, not a web address; put the address ('{stripped[7:]}') under 'email:' instead"
    if re.match(r"^(www\.|[a-z0-9-]+\.[a-z]{2,})", stripped, re.IGNORECASE):
        return f"'{value}' needs https:// at the start: 'https://{stripped}'"
    return None


def _date_advice(value: str) -> str | None:
    written = value.strip()
    day_first, year_first = _DAY_FIRST.match(written), _YEAR_FIRST.match(written)
    try:
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
            date = datetime.date(year, month, day)
        elif year_first:
            year, month, day = (int(part) for part in year_first.groups())
            date = datetime.date(year, month, day)
        else:
            date = _written_date(written)
    except ValueError:
        return None
    if date is None:
        return None
    return f"'{value}' is not written YYYY-MM-DD; write it as {date.isoformat()}"


def _written_date(text: str) -> datetime.date | None:
    """'25 November 2026' and the like; ordinal endings ('25th') allowed."""
    plain = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text, flags=re.IGNORECASE)
    for pattern in _WRITTEN_DATES:
        try:
            return datetime.datetime.strptime(plain, pattern).date()
        except ValueError:
            continue
    return None


# ----------------------------------------------------------------------------
# Warnings: the value works, but goes against the guidance
# ----------------------------------------------------------------------------

def _value_warnings(schema: dict, value: str):
    if not _is_structured(schema) and lookalikes.wrapped_in_curly_quotes(value.strip()):
        yield (f"the text is wrapped in curly quotes ({value.strip()[0]} {value.strip()[-1]}), which will show on the page; "
               "delete them, or use straight double quotes (\") if you meant YAML quotes")
    if "x-max-words" in schema and len(value.split()) > schema["x-max-words"]:
        yield (f"is {len(value.split())} words long, far more than the guidance of a few plain sentences (at most about "
               f"{schema['x-max-words']} words); keep what a parent or practitioner needs to decide and link to the "
               "organisation's own page for the rest")
    if "x-max-characters" in schema and len(" ".join(value.split())) > schema["x-max-characters"]:
        yield (f"is {len(' '.join(value.split()))} characters long (the guidance is at most {schema['x-max-characters']}); "
               "use the name the organisation itself uses and put any explanation in the description")
    for url in _URL.findall(value) if "://" in value else ():
        warning = link_warning(url.rstrip(".,;:!?"))
        if warning:
            yield warning
            break


def link_warning(url: str) -> str | None:
    """Why `url` should not be published as it is (a link shortener, tracking parameters), or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if host in LINK_SHORTENERS:
        return (f"'{url}' is a shortened link ({host}), which hides where it goes; open it and link to the page it "
                "leads to on the organisation's own website instead")
    tracking = [key for key, _ in parse_qsl(parts.query, keep_blank_values=True) if _is_tracking(key)]
    if tracking:
        kept = [(key, item) for key, item in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(key)]
        clean = parts._replace(query=urlencode(kept)).geturl()
        return (f"'{url}' carries tracking parameters ({', '.join(dict.fromkeys(tracking))}); remove them, "
                f"the page works without: '{clean}'")
    return None


def _is_tracking(key: str) -> bool:
    key = key.lower()
    return key in TRACKING_PARAMETERS or key.startswith(TRACKING_PREFIXES)


# ----------------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------------

_EXACT = frozenset({"pattern", "format", "enum", "x-vocabulary", "x-ref", "x-file", "x-format"})


def _is_structured(schema: dict) -> bool:
    """Whether the value must match something exactly (a pattern, a term, an id), rather than be free text."""
    return not _EXACT.isdisjoint(schema) and schema.get("x-format") != "source"


def _fits(schema: dict, value: str) -> bool:
    """Whether `value` has the shape the schema's pattern asks for (a real date is the schema's own check)."""
    pattern = schema.get("pattern")
    return pattern is not None and re.search(pattern, value) is not None


@cache
def _refused_words(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(_word(word) for word in words)


def _word(text: str) -> str:
    return " ".join(text.lower().strip(" .:;!").split())


def _example(schema: dict, default: str) -> str:
    examples = schema.get("examples") or [default]
    return str(examples[0])


def _short(text: str, width: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:]
