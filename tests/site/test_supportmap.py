"""The map of support: its numbers equal a count made straight from the data, each links to the
directory filtered to exactly the services it counts, gaps are said in words, and what changed
comes from the repository's own history."""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from hub.records.loader import load
from hub.records.settings import load_settings
from hub.site import supportmap
from hub.site.views import record_views
from tests.conftest import REPO


def straight_count(root: Path) -> dict[tuple[str, str, str, str], tuple[int, int, int]]:
    """(audience name, age group name, district name, topic name) -> (local, region-wide, national),
    counted from the YAML with nothing of the hub but its settings' age groups."""
    vocab = yaml.safe_load((root / "data" / "vocabularies.yaml").read_text(encoding="utf-8"))
    services = yaml.safe_load((root / "data" / "services.yaml").read_text(encoding="utf-8"))["services"]
    bands = [("All ages", 0, 120)] + [(b["name"], b["min"], b["max"]) for b in load_settings(root)["age_bands"]]
    audiences = [("everyone", "Everyone")] + [(a["id"], a["name"]) for a in vocab["audiences"]]
    topics = [("", "Any topic")] + [(t["id"], t["name"]) for t in vocab["topics"]]
    counts = {}
    for audience, audience_name in audiences:
        for band, low, high in bands:
            def fits(s):
                if audience != "everyone" and audience not in s["audiences"]:
                    return False
                ages = s.get("age_range")
                return band == "All ages" or not ages or (ages.get("min", 0) <= high and low <= ages.get("max", 120))
            for district in vocab["districts"]:
                for topic, topic_name in topics:
                    chosen = [s for s in services if fits(s) and (not topic or topic in s["topics"])]
                    local = sum(1 for s in chosen if s["coverage"]["area"] == "districts" and district["id"] in s["coverage"]["districts"])
                    region = sum(1 for s in chosen if s["coverage"]["area"] == "region")
                    national = sum(1 for s in chosen if s["coverage"]["area"] == "national")
                    counts[(audience_name, band, district["name"], topic_name)] = (local, region, national)
    return counts


def test_the_published_csv_equals_a_count_straight_from_the_data(built_site):
    rows = list(csv.DictReader(io.StringIO((built_site / "exports" / "support-map.csv").read_text(encoding="utf-8-sig"))))
    expected = straight_count(REPO)
    assert len(rows) == len(expected) == 5 * 3 * 5 * 14
    for row in rows:
        key = (row["audience"], row["age_group"], row["district"], row["topic"])
        local, region, national = expected[key]
        assert (int(row["local"]), int(row["region_wide"]), int(row["national"])) == (local, region, national), key
        assert int(row["in_all"]) == local + region + national
        assert row["gap"] == ("no local service" if local == 0 else "")
    # Real figures: a few that matter to the Alliance.
    overall = {key: value for key, value in expected.items() if key[0] == "Everyone" and key[1] == "All ages" and key[3] == "Any topic"}
    assert all(value[0] >= 1 for value in overall.values()), "each district has at least its social care front door"


def cells(page_html: str) -> list[dict]:
    """Every number in a map page's table with its link, by row (topic) and column (district or wide)."""
    table = page_html[page_html.index('<table class="hub-map__table">'):page_html.index("</table>")]
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)[1:]
    found = []
    for row in re.findall(r"<tr(?: class=\"hub-map__any\")?><th scope=\"row\">(.*?)</tr>", table, flags=re.S):
        topic = html.unescape(row.split("</th>", 1)[0])
        for column, cell in zip(headers, re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)):
            for href, number, what in re.findall(r'<a href="([^"]+)">(\d+)( local| in all|)</a>', cell):
                found.append({"topic": topic, "column": html.unescape(column), "number": int(number), "what": what.strip(),
                              "href": html.unescape(href), "gap_words": "(no local service)" in cell})
    return found


def directory_matches(services: list[dict], query: dict) -> int:
    """How many services the directory shows for a query: its filters as hub.js applies them, rewritten here."""
    def keep(s):
        area = s["coverage"]
        covered = area.get("districts", []) if area["area"] == "districts" else ["bradford", "calderdale", "kirklees", "leeds", "wakefield"]
        if "district" in query and query["district"] not in covered:
            return False
        if "area" in query and query["area"] != area["area"]:
            return False
        if "audience" in query and query["audience"] not in s["audiences"]:
            return False
        if "topic" in query and query["topic"] not in s["topics"]:
            return False
        if "ages" in query and s.get("age_range"):
            low, high = map(int, query["ages"].split("-"))
            return s["age_range"].get("min", 0) <= high and low <= s["age_range"].get("max", 120)
        return True
    return sum(1 for s in services if keep(s))


@pytest.mark.parametrize("page", ["support-map/index.html", "support-map/children-under-13/index.html", "support-map/parents-13-to-17/index.html"])
def test_each_number_on_the_map_links_to_the_directory_showing_exactly_those_services(built_site, page):
    services = yaml.safe_load((REPO / "data" / "services.yaml").read_text(encoding="utf-8"))["services"]
    found = cells((built_site / page).read_text(encoding="utf-8"))
    assert len(found) == 14 * (5 * 2 + 2)  # 14 rows; 5 districts with 2 numbers each, then region-wide and national
    for cell in found:
        address = urlsplit(cell["href"])
        assert address.path.endswith("/services/"), cell
        query = {key: values[0] for key, values in parse_qs(address.query).items()}
        assert directory_matches(services, query) == cell["number"], cell
        if cell["what"] == "local":
            assert cell["gap_words"] == (cell["number"] == 0), cell
    # The same group's numbers as the CSV has them.
    expected = straight_count(REPO)
    audience, band = {"support-map/index.html": ("Everyone", "All ages"), "support-map/children-under-13/index.html": ("Children and young people", "Under 13"),
                      "support-map/parents-13-to-17/index.html": ("Parents and carers", "13 to 17")}[page]
    for cell in found:
        if cell["what"] == "local":
            assert cell["number"] == expected[(audience, band, cell["column"], cell["topic"])][0]


def test_the_map_says_each_gap_in_words_and_lists_them_by_district(built_site):
    page = (built_site / "support-map" / "children-13-to-17" / "index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", page)
    expected = straight_count(REPO)
    for district in ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"):
        gaps = [key[3] for key, value in expected.items()
                if key[:3] == ("Children and young people", "13 to 17", district) and key[3] != "Any topic" and value[0] == 0]
        said = f"{district}: no local service for {len(gaps)} of 13 topics" if gaps else f"{district}: a local service for every topic"
        assert said in html.unescape(text)


def test_the_map_grows_with_the_vocabularies_not_with_the_records(tmp_path):
    """2,000 services make tables of the same size as 18 do, with counts that still add up."""
    root = tmp_path / "hub"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    services = yaml.safe_load((root / "data" / "services.yaml").read_text(encoding="utf-8"))["services"]
    many = json.loads(json.dumps(services + [{**s, "id": f"{s['id']}-{n}"} for n in range(1, 112) for s in services], default=str))[:2000]
    (root / "data" / "services.yaml").write_text(yaml.safe_dump({"services": many}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    small, large = load(REPO), load(root)
    assert large.ok, large.problems[:3]
    settings = load_settings(REPO)
    now = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.timezone.utc)
    pages = {}
    for name, hub in (("small", small), ("large", large)):
        views = record_views(hub, settings, now)["services"]
        pages[name] = supportmap.support_map_pages(hub, settings, views, now.date())
    assert [len(p["context"]["rows"]) for p in pages["small"]] == [len(p["context"]["rows"]) for p in pages["large"]]
    overall = pages["large"][0]["context"]["rows"][0]
    assert sum(cell["local"] for cell in overall["districts"]) + overall["region"] + overall["national"] \
        == sum(len(s["coverage"].get("districts", [None])) for s in many)


# ----------------------------------------------------------------------------
# What changed, from the history
# ----------------------------------------------------------------------------

def git(root: Path, *args: str, when: str) -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "PATH": "/usr/bin:/bin", "HOME": str(root)}
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args], check=True, env=env,
                   capture_output=True)


def test_what_changed_since_a_date_comes_from_the_history_and_the_review_dates(tmp_path):
    root = tmp_path / "hub"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    services = root / "data" / "services.yaml"
    git(root, "init", "-q", when="2026-09-01T10:00:00")
    git(root, "add", "data", when="2026-09-01T10:00:00")
    git(root, "commit", "-q", "-m", "as it was", when="2026-09-01T10:00:00")
    text = services.read_text(encoding="utf-8")
    start = text.index("  - id: take-it-down")
    end = text.index("  - id: stopncii")
    text = text[:start] + text[end:]  # one service taken off
    text = text.replace("id: stopncii", "id: stopncii-renamed-for-test", 1)  # and one "added"
    services.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "later", when="2026-11-20T10:00:00")

    hub = load(root, today=datetime.date(2026, 12, 1))
    settings = load_settings(root)
    views = record_views(hub, settings, datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.timezone.utc))["services"]
    changes = supportmap.support_map(hub, settings, views, datetime.date(2026, 12, 1), since=datetime.date(2026, 10, 1)).changes
    assert [v["record"]["id"] for v in changes.added] == ["stopncii-renamed-for-test"]
    assert changes.removed == ["stopncii", "take-it-down"]
    assert len(changes.reviewed) == len(views) - 1  # every other service was reviewed on 2026-11-25
    later = supportmap.support_map(hub, settings, views, datetime.date(2026, 12, 1), since=datetime.date(2026, 11, 26)).changes
    assert later.added == [] and later.reviewed == [] and later.removed == []
    # Without the history (a copy of the files), what was added is not known, and the page says so.
    copy = tmp_path / "copy"
    shutil.copytree(root / "data", copy / "data")
    shutil.copy(root / "mkdocs.yml", copy / "mkdocs.yml")
    unknown = supportmap.support_map(load(copy), settings, views, datetime.date(2026, 12, 1), since=datetime.date(2026, 10, 1)).changes
    assert unknown.added is None and unknown.removed is None and len(unknown.reviewed) == len(views)


def test_the_map_page_says_when_what_was_added_is_not_known(built_site):
    page = (built_site / "support-map" / "index.html").read_text(encoding="utf-8")
    # The repository's own history: every service was added after the default date (a quarter ago).
    assert re.search(r"What changed since \d+ \w+ 20\d\d", page)
    assert "Added (18)" in page or "is not known here" in page


# ----------------------------------------------------------------------------
# hub gaps
# ----------------------------------------------------------------------------

def gaps(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(REPO), "gaps", "--today", "2026-12-01", *args],
                          capture_output=True, text=True, timeout=120, cwd=REPO)


def test_hub_gaps_prints_the_same_numbers_for_a_meeting():
    result = gaps("--audience", "children", "--ages", "13 to 17", "--since", "2026-11-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "## Children and young people, 13 to 17" in out and "## What changed since 1 November 2026" in out
    expected = straight_count(REPO)
    row = next(line for line in out.splitlines() if line.startswith("| Reporting a concern about a child |"))
    cells_ = [c.strip() for c in row.strip("|").split("|")][1:]
    for district, cell in zip(("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"), cells_):
        local, region, national = expected[("Children and young people", "13 to 17", district, "Reporting a concern about a child")]
        assert cell == f"{local or 'none'} ({local + region + national} in all)"
    assert cells_[5:] == [str(region), str(national)]
    assert out.count("\n## ") == 2  # what changed, then the one group asked for


def test_hub_gaps_csv_is_the_sites_csv_and_a_wrong_group_is_refused(built_site):
    result = gaps("--format", "csv")
    assert result.returncode == 0
    assert list(csv.reader(io.StringIO(result.stdout))) == list(csv.reader(io.StringIO((built_site / "exports" / "support-map.csv").read_text(encoding="utf-8-sig"))))
    wrong = gaps("--audience", "teenagers")
    assert wrong.returncode == 2 and "--audience is one of everyone, children, parents, adults, professionals" in wrong.stderr
