"""`hub review`: records due or overdue for review, by district and record type."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hub.records.kinds import OTHER_FILES
from tests.conftest import REAL_TODAY, REPO, VALID

TODAY = "2026-11-25"  # reviews fall due 12 months after last_reviewed (no mkdocs.yml: the default)

SERVICES = """\
# SYNTHETIC TEST DATA: not real services; used only by tests.
services:
  - id: leeds-overdue
    name: Leeds overdue service
    organisation: Example Council
    description: Made up.
    audiences: [parents]
    coverage:
      area: districts
      districts: [leeds]
    topics: [reporting-a-concern]
    access: [helpline]
    contact:
      website: https://www.example.org/leeds
    source: https://www.example.org/leeds
    last_reviewed: 2025-10-01

  - id: two-districts-due-soon
    name: Bradford and Leeds service
    organisation: Example Charity
    description: Made up.
    audiences: [children]
    coverage:
      area: districts
      districts: [bradford, leeds]
    topics: [grooming]
    access: [self-referral]
    contact:
      website: https://www.example.org/two
    source: https://www.example.org/two
    young_people:
      summary: You can talk to them about what worries you.
    last_reviewed: 2025-12-20

  - id: national-due-soon
    name: "National | helpline [click](javascript:alert(1)) <b>bold</b>"
    organisation: Example Charity
    description: Made up.
    audiences: [children]
    coverage:
      area: national
    topics: [sextortion]
    access: [helpline]
    contact:
      website: https://www.example.org/national
    source: https://www.example.org/national
    last_reviewed: 2026-02-01

  - id: region-fresh
    name: Region fresh service
    organisation: Example Partnership
    description: Made up.
    audiences: [professionals]
    coverage:
      area: region
    topics: [professional-advice]
    access: [email]
    contact:
      website: https://www.example.org/region
    source: https://www.example.org/region
    last_reviewed: 2026-11-01
"""

RESOURCES = """\
# SYNTHETIC TEST DATA: not real services; used only by tests.
resources:
  - id: wakefield-overdue
    title: "=HYPERLINK(\\"https://example.org\\")"
    type: guidance
    publisher: Example Council
    description: Made up.
    audiences: [professionals]
    topics: [grooming]
    districts: [wakefield]
    source: https://www.example.org/wakefield
    last_reviewed: 2024-05-31

  - id: regionwide-overdue
    title: Region-wide guide
    type: guidance
    publisher: Example Charity
    description: Made up.
    audiences: [parents]
    topics: [sextortion]
    source: https://www.example.org/guide
    last_reviewed: 2025-11-24
"""

CAMPAIGNS = """\
# SYNTHETIC TEST DATA: not real services; used only by tests.
campaigns:
  - id: campaign-fresh
    title: Fresh campaign
    status: scoping
    audiences: [children]
    summary: Made up.
    focus: [Tell someone.]
    source: https://www.example.org/campaign
    last_reviewed: 2026-10-01

  - id: leeds-campaign-due-on-the-horizon
    title: Leeds campaign
    status: active
    audiences: [parents]
    summary: Made up.
    focus: [Talk.]
    districts: [leeds]
    source: https://www.example.org/campaign-leeds
    last_reviewed: 2026-02-23
"""

TRAINING = """\
# SYNTHETIC TEST DATA: not real courses; used only by tests.
training:
  - id: kirklees-course
    name: Kirklees course
    provider: Example Provider
    description: Made up.
    audiences: [professionals]
    level: awareness
    topics: [grooming]
    coverage:
      area: districts
      districts: [kirklees]
    on_demand: true
    url: https://www.example.org/course
    source: https://www.example.org/course
    last_reviewed: 2026-11-01
"""


@pytest.fixture
def review_root(tmp_path) -> Path:
    root = tmp_path / "root"
    (root / "data").mkdir(parents=True)
    shutil.copytree(REPO / "data" / "schemas", root / "data" / "schemas")
    shutil.copy(REPO / "data" / "vocabularies.yaml", root / "data" / "vocabularies.yaml")
    for name in OTHER_FILES:
        shutil.copy(VALID / f"{name}.yaml", root / "data" / f"{name}.yaml")
    # The young people's pages offer a children's service of this file's own.
    young = root / "data" / "young-people.yaml"
    young.write_text(young.read_text(encoding="utf-8").replace("example-helpline", "two-districts-due-soon"), encoding="utf-8")
    for name, text in (("services", SERVICES), ("resources", RESOURCES), ("campaigns", CAMPAIGNS), ("training", TRAINING)):
        (root / "data" / f"{name}.yaml").write_text(text, encoding="utf-8")
    (root / "resources").mkdir()
    return root


def hub_review(root: Path, *args: str):
    result = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), "review", "--today", TODAY, *args],
                            capture_output=True, text=True, timeout=60, cwd=REPO)
    return result.returncode, result.stdout, result.stderr


def line_of(root: Path, name: str, record_id: str) -> int:
    lines = (root / "data" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip() == f"- id: {record_id}")


def sections(markdown: str) -> dict[str, str]:
    """'## heading' -> its text."""
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def rows(section: str) -> dict[str, list[str]]:
    """record id -> the cells of its table row."""
    out = {}
    for line in section.splitlines():
        match = re.match(r"^\| `([^`]+)` \|(.*)\|$", line)
        if match:
            out[match.group(1)] = [cell.strip() for cell in match.group(2).split(" | ")]
    return out


def test_markdown_groups_by_district_then_national_and_region_wide(review_root):
    code, stdout, stderr = hub_review(review_root)
    assert code == 0, stderr
    assert stdout.startswith("# Records due for review\n")
    assert "On 25 November 2026" in stdout and "within the next 90 days" in stdout
    assert "**3 overdue, 3 due soon.**" in stdout
    groups = sections(stdout)
    assert list(groups) == ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield", "National and West Yorkshire-wide"]

    assert set(rows(groups["Leeds"])) == {"leeds-overdue", "two-districts-due-soon", "leeds-campaign-due-on-the-horizon"}
    assert set(rows(groups["Bradford"])) == {"two-districts-due-soon"}, "a record covering two districts is under each"
    assert rows(groups["Calderdale"]) == {} and "Nothing due for review." in groups["Calderdale"]
    assert set(rows(groups["Wakefield"])) == {"wakefield-overdue"}
    assert set(rows(groups["National and West Yorkshire-wide"])) == {"national-due-soon", "regionwide-overdue"}
    assert "region-fresh" not in stdout and "campaign-fresh" not in stdout
    assert "champions" not in stdout and "Terms of reference" not in stdout, "reviewed 2026-06-01: not due yet"


def test_a_table_per_record_type_with_dates_status_and_the_line(review_root):
    stdout = hub_review(review_root)[1]
    leeds = sections(stdout)["Leeds"]
    assert leeds.index("### Services") < leeds.index("### Campaigns")
    assert "### Resources" not in leeds
    assert "| id | Title | Last reviewed | Due | Status | Where |" in leeds
    table = rows(leeds)
    line = line_of(review_root, "services", "leeds-overdue")
    assert table["leeds-overdue"] == ["Leeds overdue service", "2025-10-01", "2026-10-01", "**overdue**", f"`data/services.yaml:{line}`"]
    assert table["two-districts-due-soon"][2:4] == ["2026-12-20", "due soon"]
    # Due exactly 90 days from today counts as due soon.
    assert table["leeds-campaign-due-on-the-horizon"][2:4] == ["2027-02-23", "due soon"]
    services = leeds[leeds.index("### Services"):leeds.index("### Campaigns")]
    assert services.index("leeds-overdue") < services.index("two-districts-due-soon"), "most overdue first"


def test_training_is_listed_under_its_district_with_its_own_heading(review_root):
    path = review_root / "data" / "training.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("last_reviewed: 2026-11-01", "last_reviewed: 2025-11-01"), encoding="utf-8")
    stdout = hub_review(review_root)[1]
    kirklees = sections(stdout)["Kirklees"]
    assert "### Training and events" in kirklees
    line = line_of(review_root, "training", "kirklees-course")
    assert rows(kirklees)["kirklees-course"] == ["Kirklees course", "2025-11-01", "2026-11-01", "**overdue**", f"`data/training.yaml:{line}`"]


def test_within_days_narrows_or_widens_what_is_due(review_root):
    overdue_only = hub_review(review_root, "--within-days", "0")[1]
    assert "**3 overdue, 0 due soon.**" in overdue_only
    assert "two-districts-due-soon" not in overdue_only
    wide = hub_review(review_root, "--within-days", "400")[1]
    assert "region-fresh" in wide and "campaign-fresh" in wide
    assert "Terms of reference: Example Alliance" in wide and "Technology Champion role: Example Champion" in wide
    assert "### Other pages" in sections(wide)["National and West Yorkshire-wide"]


def test_record_text_cannot_break_the_table_or_inject_markdown(review_root):
    stdout = hub_review(review_root)[1]
    row = next(line for line in stdout.splitlines() if "`national-due-soon`" in line)
    assert row.count(" | ") == 5, row
    assert r"National \| helpline \[click\](javascript:alert(1)) \<b\>bold\</b\>" in row
    assert "<b>" not in stdout


def test_links_point_at_the_repository_line_when_it_is_set(review_root):
    (review_root / "mkdocs.yml").write_text(
        "site_name: Test\nextra:\n  hub:\n    repository_url: https://git.example.org/board/hub/\n    repository_branch: live\n", encoding="utf-8")
    stdout = hub_review(review_root)[1]
    line = line_of(review_root, "resources", "wakefield-overdue")
    assert f"[data/resources.yaml:{line}](https://git.example.org/board/hub/blob/live/data/resources.yaml#L{line})" in stdout


def test_csv_has_one_row_per_group_and_record(review_root):
    code, stdout, stderr = hub_review(review_root, "--format", "csv")
    assert code == 0, stderr
    table = list(csv.DictReader(io.StringIO(stdout)))
    assert list(table[0]) == ["group", "district", "type", "id", "title", "last_reviewed", "due", "status", "file", "line", "link"]
    assert [(r["group"], r["id"]) for r in table] == [
        ("bradford", "two-districts-due-soon"),
        ("leeds", "leeds-overdue"),
        ("leeds", "two-districts-due-soon"),
        ("leeds", "leeds-campaign-due-on-the-horizon"),
        ("wakefield", "wakefield-overdue"),
        ("national-and-region", "regionwide-overdue"),
        ("national-and-region", "national-due-soon"),
    ]
    wakefield = table[4]
    assert wakefield["district"] == "Wakefield" and wakefield["type"] == "resources"
    assert wakefield["status"] == "overdue" and wakefield["due"] == "2025-05-31"
    assert wakefield["file"] == "data/resources.yaml" and int(wakefield["line"]) == line_of(review_root, "resources", "wakefield-overdue")
    assert wakefield["title"] == "'=HYPERLINK(\"https://example.org\")", "a spreadsheet shows it as text, not a formula"
    assert table[5]["district"] == "National and West Yorkshire-wide"


def test_nothing_due(review_root):
    for name in ("services", "resources", "campaigns"):
        path = review_root / "data" / f"{name}.yaml"
        path.write_text(re.sub(r"last_reviewed: \S+", "last_reviewed: 2026-11-20", path.read_text(encoding="utf-8")), encoding="utf-8")
    stdout = hub_review(review_root)[1]
    assert "**0 overdue, 0 due soon.**" in stdout
    assert stdout.count("Nothing due for review.") == 6
    assert hub_review(review_root, "--format", "csv")[1].count("\n") == 1


def test_invalid_data_is_refused(review_root):
    path = review_root / "data" / "services.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("area: national", "area: nationwide"), encoding="utf-8")
    code, stdout, stderr = hub_review(review_root)
    assert code == 1 and stdout == ""
    assert "hub review failed: the data has 1 problem;" in stderr and "nationwide" in stderr


def test_the_repository_data_reviews_cleanly():
    code, stdout, stderr = hub_review(REPO, "--within-days", "0", "--today", REAL_TODAY)
    assert code == 0, stderr
    assert stdout.startswith("# Records due for review")
