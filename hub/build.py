"""Build the whole site: check the data, write the page tree, run the site
engine and Pagefind, then swap the result into place.

`site/` is replaced only when every step succeeded, by renaming a finished
folder over it: a broken record never replaces a good site and never leaves
a half-written one. A build killed part-way (a power cut, a cancelled job)
leaves its `site.building-<pid>-*` folder behind; the next build removes it.
"""

from __future__ import annotations

import datetime
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hub.calendars import write_calendars
from hub.exports import write_exports
from hub.feed import write_feed
from hub.kinds import TRAINING
from hub.notfound import make_404_relocatable
from hub.pages import write_tree
from hub.problems import errors
from hub.records import load
from hub.sessions import LONDON
from hub.settings import load_settings
from hub.text import plural
from hub.views import record_views

TREE = Path("build") / "docs"


def generate(root: Path, settings: dict | None = None):
    """Check the data and write the page tree; returns the errors (tree untouched if any)."""
    root = Path(root)
    settings = settings or load_settings(root)
    hub = load(root, review_months=settings["review_interval_months"])
    if not hub.ok:
        return errors(hub.problems)
    write_tree(hub, settings, root / TREE, root / "docs")
    return []


def index_search(site: Path) -> None:
    """Index the built site with Pagefind (the binary ships in the pagefind-bin wheel)."""
    subprocess.run([sys.executable, "-m", "pagefind_bin", "--site", str(site), "--silent"], check=True)


def build_site(root: Path, out: Path | None = None, log=print) -> bool:
    """The full build into `out` (default `root`/site). True on success."""
    root = Path(root).resolve()
    out = Path(out or root / "site").resolve()
    started = time.perf_counter()
    settings = load_settings(root)
    hub = load(root, review_months=settings["review_interval_months"])
    for problem in hub.problems:
        log(str(problem))
    if not hub.ok:
        log(f"hub build failed: {plural(len(errors(hub.problems)), 'problem')} in the data; {out.name}/ was left as it was")
        return False
    for warning in settings_warnings(settings):
        log(f"hub build: warning: {warning}")

    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    # Built beside `out`, so the final rename stays on one file system. The
    # name carries this process's id, so a later build can tell a leftover
    # from a build still running.
    staging = Path(tempfile.mkdtemp(prefix=f"{out.name}.building-{os.getpid()}-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory(prefix="hub-tree-") as tree, tempfile.TemporaryDirectory(prefix="hub-data-") as data_files:
            # One moment for the whole build: pages and calendars agree on what is still to come.
            now = datetime.datetime.now(LONDON)
            pages = write_tree(hub, settings, Path(tree), root / "docs", now)
            # The feed, calendars and open data need only the records: a second
            # process writes them while the engine renders the pages.
            writer = multiprocessing.get_context("fork").Process(target=_write_data_files, args=(hub, settings, Path(data_files), now, log))
            writer.start()
            try:
                _run_engine(root, Path(tree), staging)
            finally:
                writer.join()
            if writer.exitcode != 0:
                raise RuntimeError("writing the feed and open data files failed (see the error above)")
            shutil.copytree(data_files, staging, dirs_exist_ok=True)
        make_404_relocatable(staging, settings["site_url"])
        index_search(staging)
        _swap_into_place(staging, out)
    except Exception as error:  # any failure: keep the old site, drop the new one
        shutil.rmtree(staging, ignore_errors=True)
        log(f"hub build failed: {error}; {out.name}/ was left as it was")
        return False
    log(f"hub build: {len(pages)} generated pages ({hub.count_words()}) in {out.relative_to(root) if out.is_relative_to(root) else out}/ in {time.perf_counter() - started:.1f} s")
    return True


def settings_warnings(settings: dict) -> list[str]:
    """Settings a published site should have, said as warnings (the build still succeeds)."""
    warnings = []
    if not settings.get("repository_url"):
        warnings.append("repository_url is not set under extra.hub in mkdocs.yml, so record pages have no "
                        "'Suggest a change' link; set it to the repository's address (e.g. https://github.com/OWNER/REPO)")
    return warnings


def remove_leftovers(out: Path) -> list[Path]:
    """Delete half-built `<out>.building-*` and half-deleted `<out>.old-*` folders left by killed
    builds; a folder of a build still running (its process is alive) is kept."""
    removed = []
    for path in out.parent.glob(f"{out.name}.*"):
        kind, _, rest = path.name.removeprefix(f"{out.name}.").partition("-")
        if kind not in ("building", "old") or not path.is_dir() or path.is_symlink():
            continue
        if kind == "building" and _still_running(rest.partition("-")[0]):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _still_running(pid: str) -> bool:
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _write_data_files(hub, settings: dict, folder: Path, now: datetime.datetime, log) -> None:
    views = record_views(hub, settings, now)
    write_feed(hub, settings, folder, views=views, log=log)
    write_calendars(views[TRAINING.key], settings, folder)
    write_exports(hub, settings, folder)


def _run_engine(root: Path, tree: Path, site: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    # MkDocs reports each page at INFO; only warnings and errors matter here.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(config_file=str(root / "mkdocs.yml"), docs_dir=str(tree), site_dir=str(site))
    build(config)


def _swap_into_place(staging: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f"{out.name}.old-{time.time_ns()}")
        out.rename(old)
    staging.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
