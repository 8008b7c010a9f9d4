"""The package's parts and the way imports flow between them, as pyproject.toml's
import-linter contracts say: they pass on the package as it is (`make test` runs
`lint-imports` first), and they fail when a part reaches the wrong way."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PARTS = ("records", "site", "reflection", "exports", "contribute", "build")


def lint_copy(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess:
    """lint-imports over a copy of the package in which `module` (a path under hub/) also has `line`."""
    shutil.copytree(REPO / "hub", tmp_path / "hub", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "hub" / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{line}\n")
    # The copy comes first on the path, ahead of the installed package.
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=tmp_path, env=env, capture_output=True, text=True)


def test_the_contracts_hold_for_the_package_as_it_is(tmp_path):
    result = lint_copy(tmp_path, "cli.py", "")
    assert result.returncode == 0, result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


@pytest.mark.parametrize("module, line, broken", [
    # The records import nothing else of the hub.
    ("records/kinds.py", "from hub.site import views", "hub.records is not allowed to import hub.site"),
    # The site and the reflection tool never reach into each other.
    ("site/views.py", "from hub.reflection import pages", "hub.site is not allowed to import hub.reflection"),
    ("reflection/returns.py", "from hub.site import render", "hub.reflection is not allowed to import hub.site"),
    # What is published beside the site uses its views, never its build.
    ("exports/feed.py", "from hub.build import build", "hub.exports is not allowed to import hub.build"),
    # Nothing but the command line imports the command line.
    ("build/dist.py", "from hub import cli", "hub.build is not allowed to import hub.cli"),
])
def test_a_wrong_way_import_breaks_the_layers_and_names_the_import(tmp_path, module, line, broken):
    result = lint_copy(tmp_path, module, line)
    assert result.returncode == 1
    assert "Parts of the hub import only the parts below them BROKEN" in result.stdout
    assert broken in result.stdout
    assert f"hub.{module.removesuffix('.py').replace('/', '.')} -> " in result.stdout


def test_a_site_engine_imported_by_the_page_generator_breaks_a_contract(tmp_path):
    result = lint_copy(tmp_path, "site/pages.py", "import mkdocs.config")
    assert result.returncode == 1
    assert "hub.site is not allowed to import mkdocs" in result.stdout


def _imports_of(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("hub"):
            yield node.module, [alias.name for alias in node.names]


def test_no_part_imports_another_parts_private_names():
    reaching = []
    for path in sorted((REPO / "hub").rglob("*.py")):
        own = path.relative_to(REPO).parts[1]  # the part this module belongs to ('cli.py' for the entry point)
        for module, names in _imports_of(path):
            part = module.split(".")[1] if "." in module else None
            private = [name for name in names if name.startswith("_")] + [m for m in module.split(".") if m.startswith("_")]
            if part != own and private:
                reaching.append(f"{path.relative_to(REPO)}: from {module} import {', '.join(names)}")
    assert reaching == []


def test_each_part_says_what_it_is_for_and_what_it_offers_the_others():
    for part in PARTS:
        doc = ast.get_docstring(ast.parse((REPO / "hub" / part / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"hub/{part}/__init__.py has no docstring"
        assert "Offers" in doc, f"hub/{part}/__init__.py does not say what it offers the others"
        assert len(doc.splitlines()) <= 4, f"hub/{part}/__init__.py says more than a few lines"
