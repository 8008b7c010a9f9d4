"""The built site: every record once, stable addresses, safe builds, any engine."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hub.build.build import build_site
from hub.records.kinds import BY_KEY
from hub.records.loader import load
from hub.records.settings import DEFAULTS, load_settings
from hub.site.views import record_views
from tests.conftest import REPO

DATA = load(REPO)
SETTINGS = load_settings(REPO)


def pagefind_fragments(site: Path) -> list[dict]:
    """Pagefind's own record of each indexed page (url, meta, filters)."""
    fragments = []
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(path.read_bytes())
        fragments.append(json.loads(raw.removeprefix(b"pagefind_dcd")))
    return fragments


def page_text(site: Path, path: str) -> str:
    """The text of a built page's article (no navigation), tags stripped and entities decoded."""
    markup = (site / path / "index.html").read_text(encoding="utf-8")
    article = markup[markup.index('id="hub-main"'): markup.index("</article>")]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article)).split())


@pytest.mark.parametrize("kind", BY_KEY)
def test_every_record_is_one_page_and_one_search_entry(built_site, kind):
    ids = [record["id"] for record in DATA.records(kind)]
    assert ids, f"no {kind} in data/"

    pages = sorted(p.parent.name for p in (built_site / kind).glob("*/index.html"))
    assert pages == sorted(ids)

    indexed = [f["url"] for f in pagefind_fragments(built_site) if f["url"].startswith(f"/{kind}/") and f["url"] != f"/{kind}/"]
    assert sorted(indexed) == sorted(f"/{kind}/{i}/" for i in ids)


def test_pagefind_counts_every_searchable_page_and_no_lunr_index(built_site):
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["en"]["page_count"] == len(pagefind_fragments(built_site))
    assert not (built_site / "search" / "search_index.json").exists()
    assert not list(built_site.rglob("search_index.json"))


def test_search_results_carry_type_and_districts(built_site):
    fragments = {f["url"]: f for f in pagefind_fragments(built_site)}
    leeds_front_door = next(r for r in DATA.records("services") if r.get("front_door") and r["coverage"].get("districts") == ["leeds"])
    fragment = fragments[f"/services/{leeds_front_door['id']}/"]
    assert fragment["meta"]["type"] == "Service"
    assert fragment["meta"]["districts"] == "Leeds"
    assert fragment["filters"]["district"] == ["Leeds"]
    national = fragments[f"/services/{next(r['id'] for r in DATA.records('services') if r['coverage']['area'] == 'national')}/"]
    assert national["meta"]["districts"] == "National (UK-wide)"
    assert sorted(national["filters"]["district"]) == sorted(DATA.term_names("districts").values())


def test_search_indexes_the_article_only(built_site):
    fragments = pagefind_fragments(built_site)
    chrome = ("Skip to main content", "Search the hub", "About this site", "Staying safe while using this site")
    for fragment in fragments:
        if fragment["url"] != "/staying-safe/":
            assert not [words for words in chrome if words in fragment["content"]], fragment["url"]
    assert not any(f["url"].startswith("/contribute/") for f in fragments), "contributor pages stay out of search"


def test_terms_of_reference_and_role_description_are_on_the_site(built_site):
    alliance = page_text(built_site, "alliance")
    for item in DATA.alliance["alliance"]["terms_of_reference"]:
        assert " ".join(item.split()) in alliance
    for field in ("chair", "schedule", "membership", "resources"):
        assert " ".join(DATA.alliance["alliance"][field].split()) in alliance

    champions = page_text(built_site, "champions")
    role = DATA.champions["role"]
    for item in role["role_description"] + role["approaches"] + role["topics"]:
        assert " ".join(item.split()) in champions
    for benefit in role["benefits"]:
        assert benefit["theme"] in champions


def test_each_district_page_lists_its_services_and_the_national_ones(built_site):
    services = DATA.records("services")
    for district in DATA.vocab["districts"]:
        markup = (built_site / "districts" / district["id"] / "index.html").read_text(encoding="utf-8")
        linked = set(re.findall(r'href="\.\./\.\./services/([a-z0-9-]+)/"', markup))
        local = {s["id"] for s in services if district["id"] in s["coverage"].get("districts", [])}
        national = {s["id"] for s in services if s["coverage"]["area"] == "national"}
        assert local, f"no local service for {district['name']} in the data"
        assert local | national <= linked
        other_local = {s["id"] for s in services if s["coverage"]["area"] == "districts"} - local
        assert not other_local & linked, "another district's local services are not listed"


def test_quality_standard_page_shows_its_statement_and_tagged_records(built_site):
    for standard in DATA.vocab["quality_standards"]:
        text = page_text(built_site, f"quality-standards/{standard['id'].lower()}")
        assert " ".join(standard["statement"].split()) in text
        for kind in BY_KEY:
            for record in DATA.records(kind):
                if standard["id"] in record.get("quality_standards", []):
                    assert html.unescape(record.get("name") or record["title"]) in text


def test_home_page_puts_emergency_help_first(built_site):
    text = page_text(built_site, "")
    assert text.index("If a child is in immediate danger, call 999") < text.index("Find support")
    for front_door in (s for s in DATA.records("services") if s.get("front_door") and "phone" in s["contact"]):
        assert front_door["contact"]["phone"] in text


def test_service_page_puts_how_to_get_help_first_and_shows_review_date(built_site):
    service = next(s for s in DATA.records("services") if "phone" in s["contact"])
    text = page_text(built_site, f"services/{service['id']}")
    assert text.index("How to get help") < text.index(service["contact"]["phone"]) < text.index("About this service")
    assert "Last reviewed:" in text
    assert f"Source: {service['source']}" in text


def test_overdue_record_shows_a_notice_and_suggest_a_change_links_to_its_line(site_sources, tmp_path):
    services = site_sources / "data" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    first_review = re.search(r"last_reviewed: \S+", text)
    services.write_text(text[: first_review.start()] + "last_reviewed: 2020-01-31" + text[first_review.end():], encoding="utf-8")
    config = site_sources / "mkdocs.yml"
    config.write_text(config.read_text().replace('repository_url: ""', "repository_url: https://github.com/example/hub"))

    assert build_site(site_sources, out=tmp_path / "site", log=lambda line: None)

    first = load(site_sources).records("services")[0]
    line = next(n for n, l in enumerate(services.read_text().splitlines(), 1) if l.strip() == f"- id: {first['id']}")
    markup = (tmp_path / "site" / "services" / first["id"] / "index.html").read_text(encoding="utf-8")
    assert "This record is overdue for review" in markup
    # The web editor, not the read-only view: GitHub puts the cursor on the line when it can.
    assert f'href="https://github.com/example/hub/edit/main/data/services.yaml#L{line}"' in markup
    assert "Suggest a change to this record" in markup
    second = load(site_sources).records("services")[1]
    assert "overdue for review" not in (tmp_path / "site" / "services" / second["id"] / "index.html").read_text()


def test_record_text_in_titles_stays_text(site_sources, tmp_path):
    services = site_sources / "data" / "services.yaml"
    first = load(site_sources).records("services")[0]
    text = services.read_text(encoding="utf-8")
    hostile = '"</title><script>alert(1)</script>{{ 7*7 }}{% include \'x\' %}"'
    services.write_text(text.replace(f"name: {first['name']}", f"name: {hostile}", 1), encoding="utf-8")
    assert build_site(site_sources, out=tmp_path / "site", log=lambda line: None)

    for page in (tmp_path / "site").rglob("*.html"):
        markup = page.read_text(encoding="utf-8")
        assert "<script>alert(1)" not in markup, page
        assert "</title><script>" not in markup, page
    markup = (tmp_path / "site" / "services" / first["id"] / "index.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}{% include &#39;x&#39; %}" in markup
    assert "49" not in re.search(r"<title>(.*?)</title>", markup, re.S).group(1)


def _tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_broken_record_fails_make_site_and_leaves_the_old_site_untouched(site_sources):
    # The repository's own Makefile and venv (copies keep their times, so make installs nothing).
    for name in ("Makefile", "requirements.lock", "requirements-dev.lock", "pyproject.toml"):
        shutil.copy2(REPO / name, site_sources / name)
    venv = REPO / ".venv"
    make = ["make", "-s", "site", f"VENV={venv}"]
    first = subprocess.run(make, cwd=site_sources, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stdout + first.stderr
    before = _tree_digest(site_sources / "site")

    services = site_sources / "data" / "services.yaml"
    text = services.read_text(encoding="utf-8")
    services.write_text(text.replace("    website:", "    webiste:", 1), encoding="utf-8")
    line = next(n for n, l in enumerate(services.read_text().splitlines(), 1) if "webiste:" in l)

    second = subprocess.run(make, cwd=site_sources, capture_output=True, text=True, timeout=300)
    assert second.returncode != 0
    assert re.search(rf"^data/services\.yaml:{line}: service '[a-z0-9-]+' \(.+\): contact\.webiste: 'webiste' is not a field here; did you mean 'website'\?$", second.stdout, re.M), second.stdout
    assert _tree_digest(site_sources / "site") == before
    assert not [p.name for p in site_sources.iterdir() if p.name.startswith("site.")], "no half-built folder left behind"


def test_the_generated_tree_builds_with_zensical(site_sources):
    generated = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(site_sources), "generate"], capture_output=True, text=True, timeout=120)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    zensical = Path(sys.executable).with_name("zensical")
    built = subprocess.run([str(zensical), "build", "-f", "mkdocs.yml"], cwd=site_sources, capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    for kind in BY_KEY:
        for record in DATA.records(kind):
            page = site_sources / "site" / kind / record["id"] / "index.html"
            assert page.exists(), f"Zensical built no page for {kind}/{record['id']}"
            assert (record.get("name") or record["title"]) in html.unescape(page.read_text(encoding="utf-8"))


# ----------------------------------------------------------------------------
# Records a practitioner can trust and find (issue 11)
# ----------------------------------------------------------------------------

def _markup(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def _article(markup: str) -> str:
    return markup[markup.index('id="hub-main"'): markup.index("</article>")]


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_home_page_gives_every_district_a_way_to_act_now_by_phone(built_site):
    services = DATA.records("services")
    professional = {t["id"] for t in DATA.vocab["audiences"] if t.get("professional")}
    public_numbers = {re.sub(r"\D", "", number) for s in services if s.get("front_door") and set(s["audiences"]) - professional
                      for number in [s["contact"].get("phone", "")] if number}
    assert {"101", "08088005000", "08001111"} <= public_numbers
    article = _article(_markup(built_site, ""))
    for district in DATA.vocab["districts"]:
        entry = re.search(rf'<li data-district="{district["id"]}">(.*?)</li>', article, re.S)
        assert entry, f"no entry for {district['name']} on the home page"
        dialled = {href.removeprefix("tel:") for href in re.findall(r'href="(tel:[0-9]+)"', entry.group(1))}
        assert dialled & public_numbers, f"{district['name']} has no public number to call: {dialled}"


def test_home_page_never_offers_practitioner_numbers_as_public_lines(built_site):
    article = _article(_markup(built_site, ""))
    leeds = re.search(r'<li data-district="leeds">(.*?)</li>', article, re.S).group(1)
    for number in ("0113 376 0336", "0113 535 0600"):
        line = re.search(rf">{number}</a>\s*\(([^)]*)", leeds)
        assert line and "practitioners" in line.group(1).lower(), f"{number} is not labelled as a practitioner line"
    assert "No public phone number is confirmed for Leeds" in _text(leeds)
    # Nothing else on the page dials them.
    assert article.count("tel:01133760336") == 1 and article.count("tel:01135350600") == 1


def test_every_link_holds_one_address(built_site):
    for page in built_site.rglob("*.html"):
        for href in re.findall(r'href="([^"]*)"', page.read_text(encoding="utf-8")):
            assert not re.search(r"\s|;\s*https?:", href), f"{page.relative_to(built_site)}: {href!r}"


def test_search_excerpts_never_run_words_together(built_site):
    """Every word Pagefind indexed is a word on the page: none is two words run together."""
    for fragment in pagefind_fragments(built_site):
        markup = (built_site / fragment["url"].lstrip("/") / "index.html").read_text(encoding="utf-8")
        words = {w.lower() for w in re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", markup)))}
        joined = [w for w in re.findall(r"\w+", fragment["content"]) if w.lower() not in words]
        assert not joined, f"{fragment['url']}: run-together words {joined[:5]}"


def test_search_results_say_what_each_record_is_and_for_whom(built_site):
    fragments = {f["url"]: f for f in pagefind_fragments(built_site)}
    for kind in BY_KEY:
        for view in record_views(DATA, SETTINGS)[kind]:
            meta = fragments[f"/{view['url']}"]["meta"]
            assert meta["type"].startswith(view["type"].label), (view["url"], meta)
            assert meta["audience"] == view["who"] and meta["districts"] == view["area"], (view["url"], meta)


def test_cards_show_who_where_a_summary_and_the_main_contact(built_site):
    views = {v["record"]["id"]: v for kind in record_views(DATA, SETTINGS).values() for v in kind}
    for path in ("services", "districts/leeds", "resources"):
        cards = list(re.finditer(r'<li class="hub-card" data-id="([^"]+)".*?</li>', _markup(built_site, path), re.S))
        assert cards, path
        for match in cards:
            _assert_card_answers_the_first_question(views[match.group(1)], match.group(0))


def _assert_card_answers_the_first_question(view: dict, card: str) -> None:
    record_id, text = view["record"]["id"], _text(card)
    assert f"For {view['who']}" in text and f"Where {view['area']}" in text, text
    assert view["summary"] and view["summary"] in text, text
    main = view["main_contact"]
    if view["kind"] == "services":
        assert main, f"{record_id}: every service has a way to reach it"
    if main:
        assert html.escape(main["href"]) + '"' in card, (record_id, main)
    else:
        assert "Not published online" in text, record_id
    assert f'data-hub-add="{record_id}"' in card, "each card can go on the hand-over list"


def test_record_pages_show_topics_with_the_words_people_search_for(built_site):
    nudes = next(t for t in DATA.vocab["topics"] if t["id"] == "image-sharing")
    tagged = [s for s in DATA.records("services") if "image-sharing" in s["topics"]]
    assert tagged and "nudes" in nudes["synonyms"]
    for service in tagged:
        text = page_text(built_site, f"services/{service['id']}")
        assert f"{nudes['name']} (also: {', '.join(nudes['synonyms'])})" in text


def test_report_content_pages_say_what_is_proposed_drafted_or_a_working_title(built_site):
    alliance = page_text(built_site, "alliance")
    assert "Proposed terms of reference" in alliance and "Proposed chair" in alliance
    assert "proposals from the report, not yet agreed" in alliance
    champions = page_text(built_site, "champions")
    assert "The hub's suggestion, not the report's" in champions
    for campaign in DATA.records("campaigns"):
        text = page_text(built_site, f"campaigns/{campaign['id']}")
        assert "Working title:" in text
        assert ("Channels and places" in text) == bool(campaign.get("mediums"))
        assert ("Engagement opportunities" in text) == bool(campaign.get("engagement_opportunities"))
    assert "(working title)" in page_text(built_site, "campaigns")


def test_recommendations_page_quotes_each_one_and_links_what_the_hub_does(built_site):
    markup = _markup(built_site, "recommendations")
    text = _text(markup)
    built = {p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.rglob("index.html")}
    for rec in DATA.report["recommendations"]:
        assert " ".join(rec["text"].split()) in text
        assert " ".join(rec["hub_response"].split()) in text
        for link in rec["links"]:
            if link["path"] in built:
                assert f'href="../{link["path"]}"' in markup, link
            else:
                assert f"{link['title']} (not published yet)" in text, link
    assert "Draft:" in text


def test_qs1_page_shows_the_baseline_confidence_scores(built_site):
    text = page_text(built_site, "quality-standards/qs1")
    baseline = DATA.report["baselines"][0]
    assert " ".join(baseline["introduction"].split()) in text
    for q in baseline["questions"]:
        question = " ".join(q["question"].split())
        assert f"{question} {q['average']} out of {q['out_of']} {q['n']}" in text
        for finding in q["findings"]:
            assert " ".join(finding.split()) in text
    assert "Baseline confidence" not in page_text(built_site, "quality-standards/qs2")


def test_exit_link_falls_back_to_the_default_when_the_setting_is_missing(site_sources, tmp_path):
    config = site_sources / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert re.search(r"^    exit_url: .*\n", text, re.M)
    config.write_text(re.sub(r"^    exit_url: .*\n", "", text, flags=re.M), encoding="utf-8")
    assert build_site(site_sources, out=tmp_path / "site", log=lambda line: None)
    for path in ("", "services/childline", "staying-safe"):
        markup = _markup(tmp_path / "site", path)
        assert f'class="hub-exit" href="{DEFAULTS["exit_url"]}"' in markup, path
        assert f'<meta name="hub-exit-url" content="{DEFAULTS["exit_url"]}">' in markup, path
    assert DEFAULTS["exit_url"] in page_text(tmp_path / "site", "staying-safe")
