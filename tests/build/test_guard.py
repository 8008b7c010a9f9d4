"""No command writes over the project: `hub build --out`, `hub generate` and
`hub dist --out` refuse the project's folder, any folder above it and any
folder that is, is in or holds data/, docs/, resources/, hub/ or .git/, with
one line and exit 2, before anything is moved or deleted; a build replaces only
a folder a previous build marked as its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hub.build.guard import MARKER
from tests.conftest import REPO, copy_site_sources


def hub(root: Path, *args: str):
    result = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(root), *args],
                            capture_output=True, text=True, timeout=300, cwd=root)
    return result.returncode, result.stdout, result.stderr


def listing(folder: Path) -> dict[str, tuple]:
    """Every file and folder under `folder`, with each file's size and content time."""
    found = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        found[path.relative_to(folder).as_posix()] = (path.is_dir(), info.st_size if path.is_file() else 0, info.st_mtime_ns if path.is_file() else 0)
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the site sources with a .git folder, inside a folder with a neighbour."""
    outer = tmp_path_factory.mktemp("guard")
    root = copy_site_sources(outer / "hub")
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (outer / "neighbour").mkdir()
    (outer / "neighbour" / "notes.txt").write_text("someone's own file\n", encoding="utf-8")
    return root


REFUSED = [
    (".", "{root} is the project's own folder"),
    ("data", "data/ is the project's data/ folder, which the site is built from"),
    ("docs", "docs/ is the project's docs/ folder, which the site is built from"),
    ("resources", "resources/ is the project's resources/ folder, which the site is built from"),
    ("hub", "hub/ is the project's hub/ folder, which the site is built from"),
    (".git", ".git/ is the project's .git/ folder, which the site is built from"),
    ("docs/site", "docs/site/ is inside the project's docs/ folder, which the site is built from"),
    ("..", "{outer} holds the whole project"),
    ("../..", "{outer_parent} holds the whole project"),
    ("../neighbour", "{outer}/neighbour already holds files that no hub command made (it has no .hub-output file), so it is not replaced"),
]


@pytest.mark.parametrize("out,reason", REFUSED, ids=[out for out, _ in REFUSED])
def test_build_refuses_the_project_its_sources_and_folders_above_it_and_deletes_nothing(project, out, reason):
    outer = project.parent
    before = listing(outer)
    code, stdout, stderr = hub(project, "build", "--out", out)
    assert code == 2, stdout + stderr
    shown = reason.format(root=project, outer=outer, outer_parent=outer.parent)
    assert stderr.startswith(f"hub build refused: {shown}") and stderr.endswith("; nothing was changed\n"), stderr
    assert stderr.count("\n") == 1 and stdout == ""
    assert listing(outer) == before, "something was moved or deleted"


def test_a_link_to_docs_is_docs(project):
    link = project.parent / "link-to-docs"
    link.symlink_to(project / "docs", target_is_directory=True)
    try:
        before = listing(project)
        code, _, stderr = hub(project, "build", "--out", str(link))
        assert code == 2 and stderr.startswith("hub build refused: docs/ is the project's docs/ folder"), stderr
        assert listing(project) == before
    finally:
        link.unlink()


def test_generate_refuses_a_page_tree_folder_that_is_really_docs(project):
    (project / "build").mkdir(exist_ok=True)
    (project / "build" / "tree").symlink_to(project / "docs", target_is_directory=True)
    try:
        before = listing(project / "docs")
        code, stdout, stderr = hub(project, "generate")
        assert code == 2 and stderr == ("hub generate refused: docs/ is the project's docs/ folder, which the site is built from; "
                                        "give a folder of its own, such as site/; nothing was changed\n"), stdout + stderr
        assert listing(project / "docs") == before
    finally:
        (project / "build" / "tree").unlink()


def test_dist_refuses_to_write_its_zip_into_data(project):
    before = listing(project / "data")
    code, stdout, stderr = hub(project, "dist", "--out", "data")
    assert code == 2 and stderr.startswith("hub dist refused: data/ is the project's data/ folder"), stdout + stderr
    assert listing(project / "data") == before


def test_a_build_replaces_only_a_folder_a_build_marked_as_its_own(project):
    out = project.parent / "published"
    code, stdout, stderr = hub(project, "build", "--out", str(out))  # a new folder is made
    assert code == 0, stdout + stderr
    assert (out / MARKER).read_text(encoding="utf-8").startswith("made by the hub: site\n")
    (out / "stale.html").write_text("from the last build\n", encoding="utf-8")
    code, stdout, stderr = hub(project, "build", "--out", str(out))  # marked: replaced whole
    assert code == 0, stdout + stderr
    assert (out / "index.html").is_file() and not (out / "stale.html").exists()

    (out / MARKER).unlink()  # the same files, without the mark: not replaced
    before = listing(project.parent)
    code, _, stderr = hub(project, "build", "--out", str(out))
    assert code == 2 and "it has no .hub-output file" in stderr
    assert listing(project.parent) == before


def test_an_empty_folder_is_built_into(project):
    out = project.parent / "empty"
    out.mkdir()
    code, stdout, stderr = hub(project, "build", "--out", str(out))
    assert code == 0, stdout + stderr
    assert (out / "index.html").is_file() and (out / MARKER).is_file()
