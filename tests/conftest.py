"""Shared fixtures: a valid synthetic data root, and a way to run `hub validate` on it."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).parents[1]
VALID = Path(__file__).parent / "fixtures" / "valid"
# The repository's own records are dated as they are checked, in real time:
# tests of them check them as of today (synthetic fixtures keep their fixed day).
REAL_TODAY = datetime.date.today().isoformat()


@pytest.fixture
def data_root(tmp_path) -> Path:
    """A hub root in tmp_path: the repo's real schemas and vocabularies plus the synthetic records."""
    root = tmp_path / "root"
    data = root / "data"
    data.mkdir(parents=True)
    shutil.copytree(REPO / "data" / "schemas", data / "schemas")
    shutil.copy(REPO / "data" / "vocabularies.yaml", data / "vocabularies.yaml")
    for path in VALID.glob("*.yaml"):
        shutil.copy(path, data / path.name)
    (root / "resources").mkdir()
    (root / "resources" / "example.pdf").write_bytes(b"%PDF-1.4\n% synthetic test file\n")
    return root


@pytest.fixture
def run_validate():
    """run_validate(root, *args) -> (returncode, stdout, stderr) of `hub validate`."""

    def run(root, *args):
        result = subprocess.run(
            [sys.executable, "-m", "hub.cli", "--root", str(root), "validate", "--today", "2026-11-25", *args],
            capture_output=True, text=True, timeout=60, cwd=REPO,
        )
        return result.returncode, result.stdout, result.stderr

    return run


@pytest.fixture
def replace_in():
    """replace_in(root, "services", old, new, count=1) edits data/services.yaml; `old` must occur."""

    def replace(root, name, old, new, count=1):
        path = Path(root) / "data" / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= count, f"{old!r} not found {count} time(s) in {path.name}"
        text = text.replace(old, new, count)
        path.write_text(text, encoding="utf-8")
        return text

    return replace


def copy_site_sources(target: Path) -> Path:
    """A copy of what a site build reads (config, docs, data, resources), to change freely."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("docs", "data", "resources"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, target / folder, symlinks=True)
    return target


# SYNTHETIC TEST SETTINGS: a real-looking address and contact, for tests that
# package the site (`hub dist` refuses the placeholders mkdocs.yml ships with).
PUBLISHED_SITE_URL = "https://hub.synthetic-board.org.uk/online-safety/"
PUBLISHED_CONTACT = "hub-team@synthetic-board.org.uk"


def set_publish_settings(root: Path, site_url: str = PUBLISHED_SITE_URL, contact: str = PUBLISHED_CONTACT) -> Path:
    """Give the copy of mkdocs.yml in `root` a real-looking site_url and contact_email."""
    config = Path(root) / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, urls = re.subn(r"(?m)^site_url: .*$", f"site_url: {site_url}", text)
    text, contacts = re.subn(r'(?m)^(\s+contact_email:) .*$', rf'\1 "{contact}"', text)
    assert urls == 1 and contacts == 1, "mkdocs.yml has one site_url and one contact_email"
    config.write_text(text, encoding="utf-8")
    return Path(root)


@pytest.fixture
def site_sources(tmp_path) -> Path:
    return copy_site_sources(tmp_path / "hub")


def build_repository_site(tmp_path_factory, engine: str) -> Path:
    """The repository's own data built by `engine` (as `make site ENGINE=...` builds it)."""
    from hub.build.build import build_site

    out = tmp_path_factory.mktemp(f"built-{engine}") / "site"
    messages: list[str] = []
    assert build_site(REPO, out=out, log=messages.append, engine=engine), \
        f"the repository's own site failed to build with {engine}:\n" + "\n".join(messages)
    return out


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's own data built once by MkDocs, as `make site` builds it."""
    return build_repository_site(tmp_path_factory, "mkdocs")


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    """The repository's own data built once by Zensical, as `make site ENGINE=zensical` builds it."""
    return build_repository_site(tmp_path_factory, "zensical")
