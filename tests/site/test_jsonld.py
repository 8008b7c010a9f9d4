"""schema.org JSON-LD on record pages: what it says, and that record text cannot break out of it."""

from __future__ import annotations

import copy
import html
import json
import re

from hub.records.loader import load
from hub.records.settings import load_settings
from hub.site import jsonld
from hub.site.pages import Page, render_page
from hub.site.render import environment
from hub.site.views import record_views
from tests.conftest import REPO

DATA = load(REPO)
SETTINGS = load_settings(REPO)
SITE_URL = SETTINGS["site_url"]
EVIL = "</script><script>alert(1)</script><!-- & -->"


def json_ld_blocks(markup: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', markup, flags=re.S)


def test_each_service_page_has_json_ld_naming_the_service(built_site):
    for record in DATA.records("services"):
        markup = (built_site / "services" / record["id"] / "index.html").read_text(encoding="utf-8")
        blocks = json_ld_blocks(markup)
        assert len(blocks) == 1, record["id"]
        data = json.loads(blocks[0])
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Service"
        assert data["name"] == record["name"]
        assert data["url"] == f"{SITE_URL}/services/{record['id']}/"
        assert data["provider"] == {"@type": "Organization", "name": record["organisation"], **({"url": record["organisation_url"]} if record.get("organisation_url") else {})}
        assert data["areaServed"] and data["audience"]
        if record["contact"].get("phone"):
            assert data["availableChannel"]["servicePhone"]["telephone"] == record["contact"]["phone"]


def test_json_ld_text_cannot_close_the_script_element():
    record = copy.deepcopy(DATA.records("services")[0])
    record["description"] = EVIL
    record["name"] = "A & B <b>"
    item = {"record": record, "names": record_views(DATA, SETTINGS)["services"][0]["names"]}
    out = str(jsonld.service_jsonld(item, SETTINGS, "West Yorkshire"))
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\\u003c/script\\u003e" in out
    data = json.loads(out)
    assert data["description"] == EVIL and data["name"] == "A & B <b>"
    assert str(jsonld.json_for_script({"x": "\u2028\u2029"})) == '{"x":"\\u2028\\u2029"}'


def test_json_ld_on_a_rendered_service_page_cannot_be_broken_out_of():
    hub = load(REPO)
    record = hub.records("services")[0]
    record["description"] = EVIL
    view = next(v for v in record_views(hub, SETTINGS)["services"] if v["record"] is record)
    body = render_page(environment(), hub, SETTINGS, Page(view["path"], view["title"], "service.html", {"item": view}))
    assert body.count("<script") == 1 and body.count("</script>") == 1, "only the JSON-LD element itself"
    assert "alert(1)</script>" not in body
    assert json.loads(json_ld_blocks(body)[0])["description"] == EVIL
    assert html.escape("</script>", quote=False) in body, "the page text shows the description as text"
