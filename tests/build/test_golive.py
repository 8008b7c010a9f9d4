"""Go-live safeguards: builds that leave nothing half-made behind, the settings a
published site needs, a 404 page that works at any address, and an
accessibility statement that says honestly how accessible the site is."""

from __future__ import annotations

import datetime
import html
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from hub.build.build import build_site, remove_leftovers
from hub.build.notfound import make_404_relocatable
from tests.conftest import PUBLISHED_CONTACT, PUBLISHED_SITE_URL, REPO, set_publish_settings


def hub_build(root: Path, out: Path, **popen):
    return subprocess.Popen([sys.executable, "-m", "hub.cli", "--root", str(root), "build", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO, **popen)


def article_text(markup: str) -> str:
    article = markup[markup.index('id="hub-main"'):]
    article = article[: article.index("</article>")] if "</article>" in article else article
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


# ----------------------------------------------------------------------------
# Builds killed part-way
# ----------------------------------------------------------------------------

def test_a_build_killed_part_way_leaves_the_site_and_the_next_build_clears_its_leftovers(site_sources, tmp_path):
    out = tmp_path / "site"
    assert build_site(site_sources, out=out, log=lambda line: None)
    before = sorted(str(p.relative_to(out)) for p in out.rglob("*"))
    index = (out / "index.html").read_bytes()

    # A second build, killed (as by a power cut) once it has started writing pages.
    build = hub_build(site_sources, out, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and build.poll() is None:
            staging = [p for p in tmp_path.glob("site.building-*") if (p / "services").is_dir()]
            if staging:
                break
            time.sleep(0.05)
        assert staging, "the build never started writing pages"
    finally:
        os.killpg(build.pid, signal.SIGKILL)  # this build and the processes it started
        build.communicate(timeout=60)
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*")) == before and (out / "index.html").read_bytes() == index
    left = [p.name for p in tmp_path.glob("site.building-*")]
    assert left, "the killed build's half-built folder is still there, as expected"

    messages: list[str] = []
    assert build_site(site_sources, out=out, log=messages.append), messages
    assert not list(tmp_path.glob("site.building-*")) and not list(tmp_path.glob("site.old-*")), "leftovers cleared"


def test_stale_folders_are_removed_but_a_running_build_is_left_alone(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    stale = [tmp_path / "site.building-999999999-abc", tmp_path / "site.building-xyz", tmp_path / "site.old-12345"]
    for folder in stale:
        (folder / "services").mkdir(parents=True)
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        running = tmp_path / f"site.building-{sleeper.pid}-def"
        running.mkdir()
        unrelated = [tmp_path / "site.backup", tmp_path / "sitemap.building-1"]
        for folder in unrelated:
            folder.mkdir()
        removed = remove_leftovers(out)
        assert sorted(removed) == sorted(stale)
        assert running.is_dir() and all(folder.is_dir() for folder in unrelated) and out.is_dir()
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_real_build_clears_a_stale_leftover(site_sources, tmp_path):
    out = tmp_path / "site"
    stale = tmp_path / "site.building-4242424-old"
    (stale / "assets").mkdir(parents=True)
    (stale / "index.html").write_text("half built", encoding="utf-8")
    assert build_site(site_sources, out=out, log=lambda line: None)
    assert not stale.exists()


# ----------------------------------------------------------------------------
# Settings a published site needs
# ----------------------------------------------------------------------------

def test_build_warns_when_there_is_no_repository_for_suggest_a_change(site_sources, tmp_path):
    messages: list[str] = []
    assert build_site(site_sources, out=tmp_path / "site", log=messages.append)
    warning = [m for m in messages if m.startswith("hub build: warning: repository_url is not set")]
    assert len(warning) == 1 and "'Suggest a change'" in warning[0] and "https://github.com/OWNER/REPO" in warning[0]
    service = next((tmp_path / "site" / "services").glob("*/index.html")).read_text(encoding="utf-8")
    assert "Suggest a change" not in service
    contribute = article_text((tmp_path / "site" / "contribute" / "index.html").read_text(encoding="utf-8"))
    assert "tell the business manager" in contribute and "Suggest a change\" link at the bottom" not in contribute


def test_with_a_repository_every_record_offers_its_filled_in_form_and_the_web_editor(site_sources, tmp_path):
    config = site_sources / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('repository_url: ""', "repository_url: https://github.com/example/hub"),
                      encoding="utf-8")
    messages: list[str] = []
    assert build_site(site_sources, out=tmp_path / "site", log=messages.append)
    assert not [m for m in messages if "warning" in m], messages
    pages = sorted((tmp_path / "site" / "services").glob("*/index.html"))
    assert pages
    for page in pages:
        markup = page.read_text(encoding="utf-8")
        record_id = page.parent.name
        # First way: the correct-a-record issue form, filled in with the record's id and values.
        link = html.unescape(re.search(r'<a href="([^"]+)">Suggest a change to this record</a>', markup).group(1))
        assert link.startswith("https://github.com/example/hub/issues/new?template=correct-a-service.yml&title="), page
        assert f"&id={record_id}&" in link and len(link) <= 8000
        # Second way: the web editor, at the record's first line.
        editor = re.search(r'<a href="([^"]+)"><code>data/services.yaml</code> in GitHub\'s web editor</a>', markup)
        assert editor and re.fullmatch(r"https://github\.com/example/hub/edit/main/data/services\.yaml#L\d+", editor.group(1)), page
        line = int(editor.group(1).rsplit("#L", 1)[1])
        assert (site_sources / "data" / "services.yaml").read_text(encoding="utf-8").splitlines()[line - 1].strip() == f"- id: {record_id}"
        assert f"- id: {record_id}" in html.unescape(markup)
        # No contact_email in this copy: no email link.
        assert "Report a problem with this page" not in markup
    contribute = article_text((tmp_path / "site" / "contribute" / "index.html").read_text(encoding="utf-8"))
    assert "use the \"Suggest a change\" link" in contribute


def test_with_a_contact_email_every_record_page_offers_an_email_about_it(site_sources, tmp_path):
    set_publish_settings(site_sources)
    assert build_site(site_sources, out=tmp_path / "site", log=lambda line: None)
    for kind in ("services", "resources", "campaigns", "training"):
        for page in sorted((tmp_path / "site" / kind).glob("*/index.html")):
            markup = page.read_text(encoding="utf-8")
            link = re.search(r'<a href="(mailto:[^"]+)">Report a problem with this page</a>', markup)
            assert link, page
            address = urlsplit(html.unescape(link.group(1)))
            query = parse_qs(address.query)
            assert address.path == PUBLISHED_CONTACT
            assert query["body"][0].startswith(f"Page: {PUBLISHED_SITE_URL}{kind}/{page.parent.name}/\r\nRecord id: {page.parent.name}\r\n")
            assert query["subject"][0].startswith("Problem with a page on ")


# ----------------------------------------------------------------------------
# The 404 page
# ----------------------------------------------------------------------------

def test_the_404_page_links_relative_to_a_base_found_at_run_time(built_site):
    markup = (built_site / "404.html").read_text(encoding="utf-8")
    head = markup[: markup.index("</head>")]
    assert head.index('<base id="hub-base" href="/hub/">') < head.index("<script>") < head.index("stylesheet")
    assert 'probe.open("HEAD", folder + "assets/hub.css", false)' in head
    links = re.findall(r'(?:href|src)="([^"]*)"', markup.replace('<base id="hub-base" href="/hub/">', ""))
    assert links and not [link for link in links if link.startswith("/")], "no address from the site's path is left"
    assert '"base": "."' in markup
    assert "Page not found" in markup and "call 999" in markup


def test_make_404_relocatable_works_for_a_site_at_the_domain_root(tmp_path):
    (tmp_path / "404.html").write_text('<html><head><link href="/assets/a.css"></head><body><a href="/">Home</a>'
                                       '<a href="//cdn.example.org/x">x</a></body></html>', encoding="utf-8")
    assert make_404_relocatable(tmp_path, "https://www.board.example/")
    markup = (tmp_path / "404.html").read_text(encoding="utf-8")
    assert '<base id="hub-base" href="/">' in markup
    assert 'href="assets/a.css"' in markup and 'href="">Home' in markup
    assert 'href="//cdn.example.org/x"' in markup, "a protocol-relative address is not a site path"
    assert not make_404_relocatable(tmp_path / "missing", "https://x.org/")


# ----------------------------------------------------------------------------
# The accessibility statement (GOV.UK's model)
# ----------------------------------------------------------------------------

GOV_UK_SECTIONS = [
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website's accessibility",
    "Compliance status",
    "Non-accessible content",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def statement(site: Path) -> tuple[str, list[str]]:
    markup = (site / "accessibility" / "index.html").read_text(encoding="utf-8")
    headings = [" ".join(html.unescape(re.sub(r"<[^>]+>", "", h)).split()) for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", markup, re.S)]
    return article_text(markup), headings


def test_the_statement_has_the_gov_uk_sections_in_order(built_site):
    _, headings = statement(built_site)
    found = [h for h in headings if h in GOV_UK_SECTIONS]
    assert found == GOV_UK_SECTIONS, headings


def test_the_compliance_status_matches_the_known_issues(built_site):
    text, _ = statement(built_site)
    known = text[text.index("How accessible this website is"): text.index("Feedback and contact information")]
    assert "not fully accessible" in known
    status = text[text.index("Compliance status"): text.index("Non-accessible content")]
    # Known issues listed and no specialist audit: the site cannot claim full compliance.
    assert "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard" in status
    assert "fully compliant" not in text
    assert "has not yet been audited" in text


def test_the_statement_says_when_it_was_last_reviewed(built_site):
    text, _ = statement(built_site)
    reviewed = re.search(r"It was last reviewed on (\d{1,2} [A-Z][a-z]+ \d{4})\.", text)
    assert reviewed, text
    date = datetime.datetime.strptime(reviewed.group(1), "%d %B %Y").date()
    assert date <= datetime.date.today()
    assert re.search(r"This website was last tested on \d{1,2} [A-Z][a-z]+ \d{4}\.", text)


def test_the_statement_gives_the_contact_route_once_it_is_set(site_sources, tmp_path):
    set_publish_settings(site_sources)
    assert build_site(site_sources, out=tmp_path / "site", log=lambda line: None)
    markup = (tmp_path / "site" / "accessibility" / "index.html").read_text(encoding="utf-8")
    text, _ = statement(tmp_path / "site")
    feedback = text[text.index("Feedback and contact information"): text.index("Enforcement procedure")]
    assert feedback.count(PUBLISHED_CONTACT) == 2, feedback  # alternative formats, and reporting problems
    assert f'href="mailto:{PUBLISHED_CONTACT}"' in markup
    assert "equalityadvisoryservice.com" in markup


def test_without_a_contact_the_statement_says_so_and_dist_refuses(built_site):
    text, _ = statement(built_site)
    assert "has not yet set a contact address" in text
