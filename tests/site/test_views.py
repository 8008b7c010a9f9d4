"""What cards, pages and the hand-over list show beside every record, worked out once."""

from __future__ import annotations

import pytest

from hub.records.kinds import CAMPAIGNS, RESOURCES, SERVICES
from hub.site.views import absolute_href, contact_lines, link_target, one_line, what_it_is, who_text

NAMES = {"audiences": {"children": "Children and young people", "professionals": "Professionals"},
         "resource_types": {"guidance": "Guidance"}}


@pytest.mark.parametrize("text, first", [
    ("For adults who are worried about a child. You can talk by phone.", "For adults who are worried about a child."),
    ("Call 0800 1111. Open 24 hours.", "Call 0800 1111."),
    ("A **bold** [link](https://example.org/) here. Second.", "A bold link here."),
    ("No full stop", "No full stop"),
    ("e.g. lower case after a stop stays in. Next.", "e.g. lower case after a stop stays in."),
])
def test_one_line_is_the_first_sentence_as_plain_text(text, first):
    assert one_line(text) == first


def test_one_line_cuts_a_long_sentence_at_a_word():
    text = "word " * 60
    line = one_line(text)
    assert len(line) <= 161 and line.endswith("\u2026") and not line.endswith(" \u2026")


def test_who_and_what_a_record_is():
    assert who_text({"audiences": ["children"], "age_range": {"max": 17}}, NAMES) == "Children and young people (ages up to 17)"
    assert who_text({"audiences": ["children", "professionals"]}, NAMES) == "Children and young people, Professionals"
    assert what_it_is(SERVICES, {"organisation": "NSPCC"}, NAMES) == "Service · NSPCC"
    assert what_it_is(RESOURCES, {"type": "guidance", "publisher": "NCA"}, NAMES) == "Resource: Guidance · NCA"
    assert what_it_is(CAMPAIGNS, {"status": "scoping"}, NAMES) == "Campaign · being developed"


def test_contact_lines_put_the_main_number_first_and_say_who_each_is_for():
    record = {"contact": {
        "website": "https://www.example.org/",
        "other_phones": [{"number": "0113 535 0600", "description": "For practitioners only: out of hours"}],
        "phone": "0113 376 0336",
        "phone_description": "For practitioners: office hours",
        "email": "help@example.org",
    }}
    lines = contact_lines(record)
    assert [(l["label"], l["text"], l["note"]) for l in lines] == [
        ("Phone", "0113 376 0336", "For practitioners: office hours"),
        ("Phone", "0113 535 0600", "For practitioners only: out of hours"),
        ("Email", "help@example.org", ""),
        ("Website", "https://www.example.org/", ""),
    ]
    assert lines[0]["href"] == "tel:01133760336" and lines[2]["href"] == "mailto:help@example.org"


def test_contact_lines_for_a_resource_give_its_addresses_and_file():
    lines = contact_lines({"url": "https://a.example.org/", "file": "resources/posters/p.pdf",
                           "other_links": [{"title": "Also at", "url": "https://b.example.org/"},
                                           {"title": "Easy read", "file": "resources/posters/easy.pdf"}]})
    assert [(l["label"], l["href"], l.get("local", False)) for l in lines] == [
        ("Online", "https://a.example.org/", False), ("Download", "files/posters/p.pdf", True), ("Also at", "https://b.example.org/", False),
        ("Easy read", "files/posters/easy.pdf", True)]
    assert contact_lines({"title": "Not online"}) == []


def test_one_link_formatter_for_every_url_or_file():
    assert link_target({"url": "https://a.example.org/x", "title": "A"}) == {"href": "https://a.example.org/x"}
    assert link_target({"file": "resources/posters/p.pdf"}) == {"href": "files/posters/p.pdf", "local": True}
    settings = {"site_url": "https://hub.synthetic-board.org.uk/online-safety"}
    assert absolute_href(settings, link_target({"file": "resources/posters/p.pdf"})) == "https://hub.synthetic-board.org.uk/online-safety/files/posters/p.pdf"
    assert absolute_href(settings, link_target({"url": "https://a.example.org/x"})) == "https://a.example.org/x"
