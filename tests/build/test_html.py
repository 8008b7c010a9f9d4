"""Every page built by either engine passes the Nu HTML Checker, a tool no
one here wrote (vnu-jar from the npm registry, pinned in package-lock.json,
run on the system Java); the hub mends the few things the themes write that
it refuses (hub/build/finish.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from hub.build.finish import finish_page
from tests.conftest import REPO

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ENGINES = ("mkdocs", "zensical")

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
    "map of support": "support-map/index.html",
    "map of support for a group": "support-map/children-under-13/index.html",
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
    "young people's first page": "young-people/index.html",
    "young people's route": "young-people/threatened/index.html",
    "young people's route for one age": "young-people/bullying/under-13/index.html",
    "young people's staying safe": "young-people/staying-safe/index.html",
    "you said, we did": "young-people/you-said-we-did/index.html",
    "co-production pack": "young-people/co-production-pack/index.html",
    "not found": "404.html",
    "put this on your website": "embed/index.html",
    "framed directory": "embed/directory/leeds/index.html",
    "framed help now": "embed/help-now/index.html",
    "framed training": "embed/training/index.html",
    "not kept on this device": "offline/index.html",
}


@pytest.fixture(scope="module")
def sites(built_site, zensical_site) -> dict[str, Path]:
    return {"mkdocs": built_site, "zensical": zensical_site}


@pytest.fixture(scope="module")
def checked(sites) -> dict[str, dict[str, list[dict]]]:
    """The checker's messages for both built sites (one run), by engine, then by file relative to its site."""
    if not VNU.is_file():
        pytest.fail(f"{VNU} is missing: run `make test` (it installs the checker with `npm ci`)", pytrace=False)
    java = shutil.which("java")
    if not java:
        pytest.fail("Java is missing: `make test` installs Debian's default-jre-headless", pytrace=False)
    result = subprocess.run([java, "-jar", str(VNU), "--format", "json", "--skip-non-html", *map(str, sites.values())],
                            capture_output=True, text=True, timeout=900)
    messages = json.loads(result.stderr)["messages"]
    by_file: dict[str, dict[str, list[dict]]] = {engine: defaultdict(list) for engine in sites}
    for message in messages:
        path = Path(message.get("url", "").removeprefix("file:"))
        engine = next(engine for engine, site in sites.items() if path.is_relative_to(site))
        by_file[engine][str(path.relative_to(sites[engine]))].append(message)
    return by_file


@pytest.mark.parametrize("engine", ENGINES)
def test_every_page_type_is_built_and_checked(sites, engine):
    site = sites[engine]
    missing = [name for name, path in PAGE_TYPES.items() if not (site / path).is_file()]
    assert not missing, f"page types not built by {engine}: {missing}"
    assert len(list(site.rglob("*.html"))) > len(PAGE_TYPES)


@pytest.mark.parametrize("engine", ENGINES)
def test_no_built_page_has_an_html_error(checked, engine):
    errors = {path: [m for m in messages if m["type"] in ("error", "non-document-error")] for path, messages in checked[engine].items()}
    errors = {path: found for path, found in errors.items() if found}
    report = "\n".join(f"{path}:{m.get('lastLine', '?')}: {m['message']}" for path, found in sorted(errors.items()) for m in found)
    assert not errors, f"{sum(map(len, errors.values()))} HTML errors in {len(errors)} pages built by {engine}:\n{report}"


def test_what_the_themes_write_that_the_checker_refuses_is_mended():
    written = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'
               '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>'
               '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">'
               '<input class="hub-search__input" id="hub-search-input" type="search" autocomplete="off">')
    assert finish_page(written, None) == (
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
        '<label class="md-overlay" for="__drawer"></label>'
        '<label class="md-nav__link" for="__nav_2" id="__nav_2_label">'
        '<input class="hub-search__input" id="hub-search-input" type="search" autocomplete="off">'), \
        "a text input keeps its autocomplete"


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
