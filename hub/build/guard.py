"""Where a command may write a folder: never over the project or what it is built from.

`hub build --out` replaces a whole folder, `hub generate` (and `hub serve`)
keep build/tree holding the page tree and nothing else, and `hub dist --out`
writes a zip into a folder. Before any of them moves or deletes anything,
`check_output` refuses:

- the project's own folder, and any folder above it;
- a folder that is, is inside, or holds data/, docs/, resources/, hub/ or .git/;
- a folder that already holds files a hub command did not make, when the
  command would replace it. A command marks what it makes with a MARKER file
  (saying what the folder is: a built site or a page tree), so only a folder
  a previous run made is ever replaced. A missing or empty folder is made.

Folders are compared after following symbolic links, so a link to docs/ is docs/.
"""

from __future__ import annotations

from pathlib import Path

MARKER = ".hub-output"
# What the project is made from: never written into, never replaced.
PROTECTED = ("data", "docs", "resources", "hub", ".git")
BUILT_SITE, PAGE_TREE = "site", "page tree"
# The hub's default site/ made before markers existed is recognised by files only a hub build writes there.
_UNMARKED_DEFAULTS = {BUILT_SITE: ("site", ("index.html", "sitemap.xml", "openreferral/index.json"))}


class OutputRefused(Exception):
    """Why a folder may not be written: one line, naming the folder."""


def check_output(root: Path | str, folder: Path | str, kind: str, replaces: bool = True) -> Path:
    """The folder, resolved, if a command may write `kind` ("site" or "page tree") there; else
    OutputRefused. `replaces`: the command empties or replaces the folder (not just adds files)."""
    root, target = Path(root).resolve(), Path(folder).resolve()
    shown = _shown(root, target)
    if target == root:
        raise OutputRefused(f"{shown} is the project's own folder; give a folder of its own, such as site/")
    if root.is_relative_to(target):
        raise OutputRefused(f"{shown} holds the whole project; give a folder of its own, such as site/")
    for name in PROTECTED:
        protected = (root / name).resolve()
        if target == protected or target.is_relative_to(protected):
            raise OutputRefused(f"{shown} is {'' if target == protected else 'inside '}the project's {name}/ folder, which the site is built from; "
                                "give a folder of its own, such as site/")
        if protected.is_relative_to(target):
            raise OutputRefused(f"{shown} holds the project's {name}/ folder; give a folder of its own, such as site/")
    if target.exists() and not target.is_dir():
        raise OutputRefused(f"{shown} is a file, not a folder")
    if replaces and target.is_dir() and any(target.iterdir()) and not made_by_hub(root, target, kind):
        raise OutputRefused(f"{shown} already holds files that no hub command made (it has no {MARKER} file), so it is not replaced; "
                            "give an empty or new folder, or move that folder away first")
    return target


def made_by_hub(root: Path, folder: Path, kind: str) -> bool:
    """Whether `folder` is a `kind` a hub command made (its MARKER says so)."""
    try:
        first = (folder / MARKER).read_text(encoding="utf-8").splitlines()[:1]
    except (OSError, UnicodeDecodeError):
        first = []
    if first == [_marker_line(kind)]:
        return True
    if kind not in _UNMARKED_DEFAULTS:
        return False
    default, fingerprint = _UNMARKED_DEFAULTS[kind]
    return folder == (root / default).resolve() and all((folder / name).exists() for name in fingerprint)


def mark(folder: Path, kind: str) -> None:
    """Say in `folder` that a hub command made it, so a later run may replace it."""
    (Path(folder) / MARKER).write_text(f"{_marker_line(kind)}\nThe hub writes this folder and replaces it on the next run: "
                                       "keep nothing else in it.\n", encoding="utf-8")


def _marker_line(kind: str) -> str:
    return f"made by the hub: {kind}"


def _shown(root: Path, folder: Path) -> str:
    if folder.is_relative_to(root) and folder != root:
        return f"{folder.relative_to(root).as_posix()}/"
    return str(folder)
