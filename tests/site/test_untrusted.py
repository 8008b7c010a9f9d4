"""Safe builds from untrusted pull requests: contributor data is only ever data.

A pull request (from a fork, say) can put anything in data/ and resources/.
None of it may run as code when the hub validates or builds it: record text
that looks like a template stays text, HTML shows as text, YAML tags are
refused without being run, and files must be real files inside resources/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from hub.build.build import build_site
from hub.build.tree import PageTree, write_tree
from hub.records.loader import load
from hub.records.settings import load_settings
from tests.conftest import REPO

TEMPLATE_PAYLOADS = ["{{ config }}", "{% include 'x' %}", "{{ '7'*7 }}"]
HTML_PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def hostile_service(record_id: str, description_yaml: str, name: str = "Hostile test service") -> str:
    return f"""
  # SYNTHETIC TEST DATA: a hostile record used only by tests.
  - id: {record_id}
    name: {name}
    organisation: Example Charity
    description: {description_yaml}
    audiences: [children]
    coverage:
      area: national
    topics: [sextortion]
    access: [helpline]
    contact:
      website: https://www.example.org/help
    source: "{{{{ '7'*7 }}}} <script>alert(1)</script> document"
    last_reviewed: 2026-11-01
"""


class _Page(HTMLParser):
    """A page's visible text and every attribute name used."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attributes: set[str] = set()
        self.hrefs: list[str] = []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.attributes.add(name.lower())
            if name == "href" and value:
                self.hrefs.append(value)

    def handle_data(self, data):
        self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def run_hub(root: Path, *args: str):
    result = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), *args],
                            capture_output=True, text=True, timeout=120, cwd=REPO)
    return result.returncode, result.stdout, result.stderr


# ----------------------------------------------------------------------------
# Record text is never a template, and HTML in it is never HTML
# ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    from tests.conftest import copy_site_sources

    root = copy_site_sources(tmp_path_factory.mktemp("hostile") / "hub")
    records = [hostile_service(f"hostile-template-{n}", f'"{payload}"') for n, payload in enumerate(TEMPLATE_PAYLOADS)]
    markdown = "|-\n" + "\n\n".join(f"      {line}" for line in TEMPLATE_PAYLOADS + HTML_PAYLOADS + ["[click me](javascript:alert(1))"])
    records.append(hostile_service("hostile-html", markdown, name="\"{{ '7'*7 }} <img src=x onerror=alert(1)>\""))
    services = root / "data" / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8") + "".join(records), encoding="utf-8")
    out = root.parent / "site"
    log: list[str] = []
    assert build_site(root, out=out, log=log.append), "\n".join(log)
    return out


@pytest.mark.parametrize("number,payload", list(enumerate(TEMPLATE_PAYLOADS)))
def test_a_template_in_a_description_shows_literally(hostile_site, number, payload):
    page = _Page((hostile_site / "services" / f"hostile-template-{number}" / "index.html").read_text(encoding="utf-8"))
    assert payload in page.plain
    assert "{{ '7'*7 }} <script>alert(1)</script> document" in page.plain, "the source too"


def test_html_in_record_text_shows_as_text_and_never_runs(hostile_site):
    page = _Page((hostile_site / "services" / "hostile-html" / "index.html").read_text(encoding="utf-8"))
    for payload in TEMPLATE_PAYLOADS + HTML_PAYLOADS:
        assert payload in page.plain, payload
    assert "{{ '7'*7 }} <img src=x onerror=alert(1)>" in page.plain, "the name, in the heading"
    assert not [href for href in page.hrefs if href.strip().lower().startswith("javascript:")]


def test_no_page_runs_record_text(hostile_site):
    pages = sorted(hostile_site.rglob("*.html")) + [hostile_site / "feed.xml"]
    assert len(pages) > 60
    for path in pages:
        markup = path.read_text(encoding="utf-8")
        assert "7777777" not in markup, f"{path}: a template in record text was run"
        assert "<script>alert" not in markup, path
        assert "onerror" not in _Page(markup).attributes, f"{path}: an onerror attribute"
        assert "'site_name':" not in markup and "&#39;site_name&#39;:" not in markup, f"{path}: the config was dumped"


# ----------------------------------------------------------------------------
# YAML tags are refused and never run
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("tagged", [
    'name: !!python/object/apply:os.system ["touch {marker}"]',
    'name: !!python/object/new:os.system ["touch {marker}"]',
    "name: !!python/object/apply:subprocess.check_call [[touch, {marker}]]",
    'name: !!python/name:os.system ""',
])
def test_python_yaml_tags_are_refused_and_do_not_run(data_root, replace_in, tmp_path, tagged):
    marker = tmp_path / "ran"
    replace_in(data_root, "services", "name: Example Helpline", tagged.format(marker=marker))

    code, stdout, stderr = run_hub(data_root, "validate", "--today", "2026-11-25")
    assert code == 1, stdout + stderr
    assert "YAML tags such as 'tag:yaml.org,2002:python/" in stdout and "are not allowed" in stdout
    assert "data/services.yaml:4: service 'example-helpline': name: YAML tags" in stdout

    assert not build_site(data_root, out=tmp_path / "site", log=lambda line: None)
    for command in (["review", "--today", "2026-11-25"], ["new", "service"], ["dist", "--no-build"]):
        run_hub(data_root, *command)
    assert not marker.exists(), "a YAML tag ran a command"
    assert not (tmp_path / "site").exists()


def test_a_tag_on_the_whole_document_is_refused(data_root, tmp_path):
    marker = tmp_path / "ran"
    path = data_root / "data" / "campaigns.yaml"
    path.write_text(f'--- !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    code, stdout, _ = run_hub(data_root, "validate", "--today", "2026-11-25")
    assert code == 1 and "YAML tags such as" in stdout
    assert not marker.exists()


# ----------------------------------------------------------------------------
# Files must be real files inside resources/
# ----------------------------------------------------------------------------

def test_a_file_path_leaving_resources_is_rejected(data_root, replace_in, run_validate):
    replace_in(data_root, "resources", "file: resources/example.pdf", "file: resources/../../etc/passwd")
    code, stdout, stderr = run_validate(data_root)
    assert code == 1
    assert "resource 'example-guide' (Example Guide): file: 'resources/../../etc/passwd' leaves the resources/ folder ('..' is not allowed)" in stdout


def test_an_absolute_path_is_rejected(data_root, replace_in, run_validate):
    replace_in(data_root, "resources", "file: resources/example.pdf", "file: /etc/passwd")
    code, stdout, _ = run_validate(data_root)
    assert code == 1 and "'/etc/passwd' is not a file path starting with resources/" in stdout


def test_a_symlink_in_resources_pointing_outside_is_rejected(data_root, replace_in, run_validate, tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text("SECRET OUTSIDE THE REPOSITORY\n", encoding="utf-8")
    (data_root / "resources" / "poster.pdf").symlink_to(outside)
    replace_in(data_root, "resources", "file: resources/example.pdf", "file: resources/poster.pdf")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert "'resources/poster.pdf' is or passes through a symbolic link; put the file itself in resources/" in stdout


def test_a_symlinked_folder_in_resources_is_rejected(data_root, replace_in, run_validate, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_text("SECRET\n", encoding="utf-8")
    (data_root / "resources" / "papers").symlink_to(outside, target_is_directory=True)
    replace_in(data_root, "campaigns", "        url: https://www.example.org/poster", "        file: resources/papers/secret.pdf")
    code, stdout, _ = run_validate(data_root)
    assert code == 1
    assert "'resources/papers/secret.pdf' is or passes through a symbolic link" in stdout


# ----------------------------------------------------------------------------
# The page tree and the site hold no symlinks and nothing from outside
# ----------------------------------------------------------------------------

def _symlinks(folder: Path) -> list[str]:
    found = []
    for parent, dirs, files in os.walk(folder):
        for name in dirs + files:
            if (Path(parent) / name).is_symlink():
                found.append(str((Path(parent) / name).relative_to(folder)))
    return found


def _site_with_stray_link(root: Path, tmp_path: Path, folder: bool) -> Path:
    """`root` with a symlink under resources/ that no record names, pointing out of the repository."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET OUTSIDE THE REPOSITORY\n", encoding="utf-8")
    if folder:
        (root / "resources" / "stray").symlink_to(outside, target_is_directory=True)
    else:
        (root / "resources" / "stray.txt").symlink_to(outside / "secret.txt")
    return root


def test_the_repository_page_tree_has_no_symlinks(tmp_path):
    hub = load(REPO)
    write_tree(hub, load_settings(REPO), PageTree(tmp_path / "tree"), REPO / "docs")
    assert _symlinks(tmp_path / "tree") == []


def test_a_stray_symlinked_folder_is_neither_in_the_tree_nor_the_site(site_sources, tmp_path):
    root = _site_with_stray_link(site_sources, tmp_path, folder=True)
    write_tree(load(root), load_settings(root), PageTree(tmp_path / "tree"), root / "docs")
    assert _symlinks(tmp_path / "tree") == []
    assert build_site(root, out=tmp_path / "site", log=lambda line: None)
    assert _symlinks(tmp_path / "site") == []
    assert not [p for p in (tmp_path / "site").rglob("*") if p.is_file() and b"SECRET OUTSIDE" in p.read_bytes()]


def test_a_stray_symlinked_file_is_neither_in_the_tree_nor_the_site(site_sources, tmp_path):
    root = _site_with_stray_link(site_sources, tmp_path, folder=False)
    write_tree(load(root), load_settings(root), PageTree(tmp_path / "tree"), root / "docs")
    tree_links = _symlinks(tmp_path / "tree")
    assert build_site(root, out=tmp_path / "site", log=lambda line: None)
    leaked = [str(p.relative_to(tmp_path / "site")) for p in (tmp_path / "site").rglob("*") if p.is_file() and b"SECRET OUTSIDE" in p.read_bytes()]
    assert tree_links == [] and _symlinks(tmp_path / "site") == [] and leaked == [], (tree_links, leaked)

