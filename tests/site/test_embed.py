"""The pages partners frame, and the code "Put this on your website" gives them."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest

from hub.records.kinds import SERVICES
from hub.records.loader import load
from hub.records.settings import load_settings
from hub.site.embed import SANDBOX, embed_pages, snippet
from hub.site.pages import help_now
from hub.site.views import record_views
from tests.conftest import REPO

DATA = load(REPO)
SETTINGS = load_settings(REPO)
DISTRICTS = [d["id"] for d in DATA.vocab["districts"]]


@pytest.fixture(scope="module")
def specs() -> dict[str, dict]:
    views = record_views(DATA, SETTINGS)
    return {spec["path"]: spec for spec in embed_pages(DATA, SETTINGS, views, help_now(DATA, views[SERVICES.key]))}


def test_every_district_gets_its_directory_and_help_now_and_all_of_them_the_training_list(specs):
    framed = sorted(path for path, spec in specs.items() if spec.get("embed"))
    assert framed == sorted(["embed/directory/index.md", "embed/help-now/index.md", "embed/training/index.md"]
                            + [f"embed/directory/{d}.md" for d in DISTRICTS] + [f"embed/help-now/{d}.md" for d in DISTRICTS])
    assert all(spec["searchable"] is False for spec in specs.values()), "search finds the hub's own pages, not their frames"
    assert specs["embed/index.md"]["title"] == "Put this on your website" and not specs["embed/index.md"].get("embed")


def test_a_districts_directory_holds_every_service_open_to_it_and_no_other(specs):
    services = specs["embed/directory/leeds.md"]["context"]["items"]
    everyone = specs["embed/directory/index.md"]["context"]["items"]
    assert services and len(services) < len(everyone)
    assert all("leeds" in view["district_ids"] for view in services)
    assert {v["record"]["id"] for v in everyone if "leeds" in v["district_ids"]} == {v["record"]["id"] for v in services}
    assert [d["id"] for d in specs["embed/help-now/leeds.md"]["context"]["districts"]] == ["leeds"]


def codes(built_site) -> list[str]:
    page = (built_site / "embed" / "index.html").read_text(encoding="utf-8")
    return [html.unescape(code) for code in re.findall(r"<code data-hub-embed-code>(.*?)</code>", page, re.S)]


def test_the_code_for_each_embed_is_a_titled_frame_a_plain_link_and_a_short_script_that_checks_the_sender(built_site):
    found = codes(built_site)
    assert len(found) == 2 * (len(DISTRICTS) + 1) + 1
    site = SETTINGS["site_url"] + "/"
    for code in found:
        frame = re.search(r'<iframe id="([a-z0-9-]+)" src="([^"]+)" title="([^"]+)"', code)
        assert frame, code
        frame_id, source, title = frame.groups()
        assert source.startswith(site + "embed/") and (built_site / source.removeprefix(site) / "index.html").is_file()
        assert title.endswith("from the West Yorkshire Online Safety Resource Hub") and len(title) > 40
        link = re.search(r'<p><a href="([^"]+)">', code).group(1)
        assert link.startswith(site) and (built_site / link.removeprefix(site) / "index.html").is_file()
        script = code[code.index("<script>"):code.index("</script>")]
        assert len(script.strip().splitlines()) - 1 <= 15
        assert f'document.getElementById("{frame_id}")' in script
        assert "event.origin !== hub || event.source !== frame.contentWindow" in script
        assert 'data.type !== "hub-embed-height"' in script
        # Nothing from anyone but the hub.
        assert {urlsplit(address).netloc for address in re.findall(r'(?:src|href)="([^"]+)"', code)} == {urlsplit(site).netloc}


def test_the_page_says_which_sandbox_the_frame_needs_and_warns_while_the_address_is_a_placeholder(built_site):
    page = (built_site / "embed" / "index.html").read_text(encoding="utf-8")
    assert f"<code>{SANDBOX}</code>" in page
    assert "allow-top-navigation-by-user-activation" in SANDBOX and "allow-scripts" in SANDBOX
    assert "The hub's address is not set yet" in page and "https://example.org/hub, a placeholder" in page


def test_text_in_the_code_is_escaped():
    code = snippet("https://hub.example.org/", "embed/x/", "hub-x", 'Title with "quotes" & <tags>', "", "Link <text>", "Name & co")
    assert 'title="Title with &#34;quotes&#34; &amp; &lt;tags&gt;"' in code
    assert ">Link &lt;text&gt;</a> on the Name &amp; co</p>" in code


@pytest.mark.parametrize("path", ["embed/directory/leeds", "embed/help-now", "embed/training"])
def test_a_framed_page_has_no_site_navigation_opens_links_on_top_and_keeps_exit(built_site, path):
    page = (built_site / path / "index.html").read_text(encoding="utf-8")
    head = page[:page.index("</head>")]
    assert '<base target="_top">' in head and head.index("<base") < head.index("<link")
    assert 'rel="manifest"' not in head
    for navigation in ('class="md-header', 'data-md-type="navigation"', "data-hub-search", 'class="md-footer'):
        assert navigation not in page, navigation
    assert page.count("data-hub-exit") == 2, "Exit at the top of the frame and after the list"
    assert re.search(r'<script src="(\.\./)+assets/embed\.js"></script>', page)
