"""Record text becomes safe HTML; links work from any page depth."""

import html

import nh3
import pytest

from hub.site import render


def _full_conversion(text: str) -> str:
    converted = render._MARKDOWN.reset().convert(html.escape(text, quote=False))
    return nh3.clean(converted, tags=render._ALLOWED_TAGS, attributes={"a": {"href"}},
                     url_schemes=render._ALLOWED_SCHEMES, link_rel="noopener noreferrer")


@pytest.mark.parametrize("text", [
    "Plain text. Two sentences.",
    "Line one\nline two",
    "Call 0800 1111, 24 hours - any day.",
    "It's free (no cost); ask \"us\".",
    "Ages 11-18 + parents",
    "a\n\nb",
    "* a list",
    "1. numbered",
    "x & y",
])
def test_plain_text_shortcut_matches_the_full_markdown_conversion(text):
    assert str(render.markdown(text)) == _full_conversion(text)


def test_markdown_is_allowed_but_raw_html_shows_as_text():
    out = str(render.markdown("**Free** help. <script>alert(1)</script> <img src=x onerror=alert(1)>"))
    assert "<strong>Free</strong>" in out
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out


@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "vbscript:x"])
def test_links_with_unsafe_schemes_lose_their_address(link):
    out = str(render.markdown(f"[click]({link})"))
    assert "click" in out
    assert link.split(":")[0] + ":" not in out


def test_safe_links_keep_their_address_and_do_not_leak_the_referrer():
    out = str(render.markdown("[Childline](https://www.childline.org.uk/)"))
    assert 'href="https://www.childline.org.uk/"' in out
    assert 'rel="noopener noreferrer"' in out


@pytest.mark.parametrize("page, target, expected", [
    ("index.md", "services/", "services/"),
    ("index.md", "", "./"),
    ("services/index.md", "districts/leeds/", "../districts/leeds/"),
    ("services/childline.md", "districts/leeds/", "../../districts/leeds/"),
    ("services/childline.md", "", "../../"),
    ("contribute/fields/services.md", "files/a.pdf", "../../../files/a.pdf"),
])
def test_links_are_relative_so_any_sub_path_works(page, target, expected):
    assert render.relative_url(page, target) == expected


def test_phone_links_dial_the_digits():
    assert render.tel("0808 800 5000") == "tel:08088005000"
