"""axe-core finds no WCAG 2.0/2.1/2.2 A or AA problems on the key pages, on a
desktop and on a phone, and the keyboard reaches a visible skip link first,
whichever engine built the site."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 360])
def test_no_axe_violations(key_page, width, engine_url, open_browser, assert_accessible):
    session = open_browser(width, site=engine_url)
    session.open_key_page(key_page)
    assert_accessible(session.page, f"{key_page[0]} at {width} px")


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("path", ["", "services/childline/", "staying-safe/"])
def test_first_tab_focuses_visible_skip_link(path, width, engine_url, open_browser):
    session = open_browser(width, site=engine_url)
    page = session.page
    session.goto(path)
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement;
        const box = el.getBoundingClientRect();
        const style = getComputedStyle(el);
        return {tag: el.tagName, text: el.textContent.trim(), href: el.getAttribute('href'),
                opacity: style.opacity, visibility: style.visibility, display: style.display,
                top: box.top, left: box.left, bottom: box.bottom, right: box.right,
                width: box.width, height: box.height,
                vw: innerWidth, vh: innerHeight};
    }""")
    assert focused["tag"] == "A" and focused["text"] == "Skip to main content", focused
    assert focused["opacity"] == "1" and focused["visibility"] == "visible" and focused["display"] != "none", focused
    assert focused["width"] > 1 and focused["height"] > 1, focused
    assert 0 <= focused["top"] and focused["bottom"] <= focused["vh"], focused
    assert 0 <= focused["left"] and focused["right"] <= focused["vw"], focused
    # Following it lands on the main content.
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "hub-main"
