"""A record page of a site linked to its repository and with a contact address: both ways to
suggest a change and the email about the page are there, and axe finds nothing at 360 and 1280 px."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from hub.build.build import build_site
from tests.browser.conftest import serve
from tests.conftest import PUBLISHED_CONTACT, copy_site_sources, set_publish_settings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def linked_site(tmp_path_factory):
    root = set_publish_settings(copy_site_sources(tmp_path_factory.mktemp("linked") / "hub"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('repository_url: ""', "repository_url: https://github.com/example/hub"),
                      encoding="utf-8")
    messages: list[str] = []
    assert build_site(root, out=root.parent / "site", log=messages.append), "\n".join(messages)
    with serve(root.parent / "site") as url:
        yield url


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("path", ["services/childline/", "training/nspcc-podcast-report-remove/"])
def test_a_record_page_offers_the_filled_in_form_the_editor_and_an_email(linked_site, open_browser, assert_accessible, path, width):
    session = open_browser(width, site=linked_site)
    session.goto(path)
    page = session.page
    suggest = page.get_by_role("link", name="Suggest a change to this record")
    query = parse_qs(urlsplit(suggest.get_attribute("href")).query)
    assert query["template"][0].startswith("correct-a-") and query["id"] == [path.split("/")[1]]
    assert page.get_by_role("link", name="in GitHub's web editor").get_attribute("href").startswith("https://github.com/example/hub/edit/main/data/")
    email = urlsplit(page.get_by_role("link", name="Report a problem with this page").get_attribute("href"))
    assert email.scheme == "mailto" and email.path == PUBLISHED_CONTACT
    assert f"Record id: {path.split('/')[1]}" in parse_qs(email.query)["body"][0]
    assert_accessible(page, f"{path} with its suggest links at {width} px")
