"""Every built page passes the Nu HTML Checker, a tool no one here wrote
(vnu-jar from the npm registry, pinned in package-lock.json, run on the
system Java), and the theme files copied from Material differ from
Material's only where the checker needs them to."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import material
import pytest

from tests.conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL = Path(material.__file__).parent / "templates"
OVERRIDES = REPO / "docs" / "overrides"

# One built page of every kind the hub makes (path under site/).
PAGE_TYPES = {
    "home": "index.html",
    "directory": "services/index.html",
    "service": "services/childline/index.html",
    "resource": "resources/thinkuknow/index.html",
    "campaign": "campaigns/children-and-young-people-campaign/index.html",
    "campaigns": "campaigns/index.html",
    "resource library": "resources/index.html",
    "districts": "districts/index.html",
    "district": "districts/leeds/index.html",
    "standards": "quality-standards/index.html",
    "standard with baseline": "quality-standards/qs1/index.html",
    "alliance": "alliance/index.html",
    "champions": "champions/index.html",
    "recommendations": "recommendations/index.html",
    "my list": "my-list/index.html",
    "search": "search/index.html",
    "what's new": "whats-new/index.html",
    "field reference": "contribute/fields/services/index.html",
    "field reference index": "contribute/fields/index.html",
    "hand-written page": "staying-safe/index.html",
    "not found": "404.html",
    "put this on your website": "embed/index.html",
    "framed directory": "embed/directory/leeds/index.html",
    "framed help now": "embed/help-now/index.html",
    "framed training": "embed/training/index.html",
    "not kept on this device": "offline/index.html",
}


@pytest.fixture(scope="module")
def checked(built_site) -> dict[str, list[dict]]:
    """The checker's messages for the whole built site (one run), by file relative to the site."""
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run `make test` (it installs the checker with `npm ci`)", pytrace=False)
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is missing: `make test` installs Debian's default-jre-headless", pytrace=False)
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--skip-non-html", str(built_site)],
                            capture_output=True, text=True, timeout=900)
    messages = json.loads(result.stderr)["messages"]
    by_file: dict[str, list[dict]] = defaultdict(list)
    for message in messages:
        path = message.get("url", "").removeprefix("file:")
        by_file[str(Path(path).relative_to(built_site)) if path.startswith(str(built_site)) else path].append(message)
    return by_file


def test_every_page_type_is_built_and_checked(built_site):
    missing = [name for name, path in PAGE_TYPES.items() if not (built_site / path).is_file()]
    assert not missing, f"page types not built: {missing}"
    assert len(list(built_site.rglob("*.html"))) > len(PAGE_TYPES)


def test_no_built_page_has_an_html_error(checked):
    errors = {path: [m for m in messages if m["type"] in ("error", "non-document-error")] for path, messages in checked.items()}
    errors = {path: found for path, found in errors.items() if found}
    report = "\n".join(f"{path}:{m.get('lastLine', '?')}: {m['message']}" for path, found in sorted(errors.items()) for m in found)
    assert not errors, f"{sum(map(len, errors.values()))} HTML errors in {len(errors)} pages:\n{report}"


def _without_header(template: str) -> str:
    """A template without its opening {#- ... -#} comment (ours says why it differs)."""
    assert template.startswith("{#-"), "a copied theme file starts with a comment saying why"
    return template[template.index("-#}") + 3:]


@pytest.mark.parametrize("name, change", [
    ("base.html", lambda text: text.replace(' type="checkbox" id="__drawer" autocomplete="off">', ' type="checkbox" id="__drawer">')
                                    .replace(' type="checkbox" id="__search" autocomplete="off">', ' type="checkbox" id="__search">')),
    ("partials/nav-item.html", lambda text: text.replace(' tabindex="{{ tabindex }}">', '{% if tabindex %} tabindex="{{ tabindex }}"{% endif %}>')),
])
def test_copied_theme_files_differ_from_materials_only_where_the_checker_needs(name, change):
    theirs = _without_header((MATERIAL / name).read_text(encoding="utf-8"))
    ours = _without_header((OVERRIDES / name).read_text(encoding="utf-8"))
    assert change(theirs) != theirs, f"Material's {name} has changed: compare it with docs/overrides/{name} and update the copy"
    assert ours == change(theirs), f"docs/overrides/{name} differs from Material's {name} by more than its documented change"


def test_the_checker_reports_the_errors_it_finds(tmp_path):
    """The harness reads the checker's output as it writes it: a known error is found."""
    if not VNU.is_file() or not shutil.which("java"):
        pytest.fail("the checker or Java is missing: run `make test`", pytrace=False)
    (tmp_path / "bad.html").write_text('<!doctype html><html lang="en"><title>x</title>'
                                       '<input type="checkbox" id="t" autocomplete="off"><label for="t" tabindex="">t</label></html>')
    result = subprocess.run([shutil.which("java"), "-jar", str(VNU), "--format", "json", str(tmp_path / "bad.html")],
                            capture_output=True, text=True, timeout=300)
    errors = [m["message"] for m in json.loads(result.stderr)["messages"] if m["type"] == "error"]
    assert any("autocomplete" in e for e in errors) and any("tabindex" in e for e in errors), errors
