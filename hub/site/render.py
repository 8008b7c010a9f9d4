"""Turn records into page bodies: our own Jinja templates, record text as data.

Record text is only ever passed *into* templates as values, with
autoescaping on; it is never used as template source. Long text fields may
use Markdown: the text is HTML-escaped first (so raw HTML shows literally),
converted, then sanitised so only safe tags and link schemes survive.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import jinja2
import markdown as markdown_lib
import nh3
from markupsafe import Markup

from hub.records.sessions import when_text
from hub.records.text import age_text, long_date, tel
from hub.site.jsonld import course_jsonld, service_jsonld
from hub.site.views import link_target

_ALLOWED_TAGS = {"p", "ul", "ol", "li", "em", "strong", "a", "code", "br", "blockquote", "h3", "h4"}
_ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# One converter for every field: building a Markdown instance costs more than converting.
_MARKDOWN = markdown_lib.Markdown(extensions=[], output_format="html")
# Anything Markdown might treat specially; text without it is a plain paragraph.
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>#\\!&=~|]|^\s*(?:[-+]|\d+[.)])\s|^ {4}|  $|\n\s*\n", re.M)


def markdown(text: str | None) -> Markup:
    """Contributor Markdown -> safe HTML. Raw HTML in the text shows as text."""
    if not text:
        return Markup("")
    if not _MARKDOWN_SYNTAX.search(text):
        # Most descriptions are plain sentences: one paragraph, no markup.
        return Markup(f"<p>{html.escape(text.strip(), quote=False)}</p>")
    converted = _MARKDOWN.reset().convert(html.escape(text, quote=False))
    cleaned = nh3.clean(
        converted,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes=_ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return Markup(cleaned)


def short_url(address: str) -> str:
    """'https://www.childline.org.uk/info/' -> 'childline.org.uk': a web address as people say it
    (cards show this; the record page and the list show the whole address)."""
    parts = urlsplit(address)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return address
    return parts.netloc.removeprefix("www.")


def relative_url(from_page: str, to_path: str) -> str:
    """A link from the page written at `from_page` (e.g. 'services/x.md') to the
    site path `to_path` ('districts/leeds/', 'files/a.pdf' or '' for home), so the
    site works under any sub-path and straight from a zip."""
    folder = _page_dir(from_page)
    return "../" * (folder.count("/") + 1 if folder else 0) + to_path or "./"


def _page_dir(page_path: str) -> str:
    """The folder a page is served from with directory URLs: 'services/x.md' -> 'services/x'."""
    stem = page_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index").rstrip("/")
    return stem


def environment(card_key=None) -> jinja2.Environment:
    """The templates' environment. Each record's card is rendered once per page
    depth and reused; `card_key(view)` names a card's content (default: the
    record's page address, which is enough within one build)."""
    card_key = card_key or (lambda item: item["url"])
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("hub.site", "templates"),
        autoescape=True,
        # Optional record fields are simply absent: missing values render as nothing.
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(markdown=markdown, tel=tel, long_date=long_date, age_text=age_text,
                       service_jsonld=service_jsonld, course_jsonld=course_jsonld, link_target=link_target,
                       when_text=when_text, short_url=short_url)
    card_template = env.get_template("_card.html")
    cards: dict[tuple[str, str], Markup] = {}

    def card(item: dict, link) -> Markup:
        # The same record is listed on many pages (directory, districts,
        # standards); its card differs only by the path back to the root.
        key = (card_key(item), link(""))
        if key not in cards:
            cards[key] = Markup(card_template.render(item=item, href=link(item["url"]), link=link))
        return cards[key]

    env.globals.update(
        card=card,
        item_options=lambda terms: [(term["id"], term["name"]) for term in terms],
        standard_options=lambda standards: [(s["id"], f"{s['id']} {s['name']}") for s in standards],
        # The directory's age groups: a value "min-max" that hub.js reads (the map of support links to them).
        age_band_options=lambda bands: [(f"{b['min']}-{b['max']}", b["name"]) for b in bands],
    )
    return env
