"""Build the whole site: check the data, write the page tree, run the site
engine and Pagefind, then swap the result into place.

`site/` is replaced only when every step succeeded, by renaming a finished
folder over it: a broken record never replaces a good site and never leaves
a half-written one. A build killed part-way (a power cut, a cancelled job)
leaves its `site.building-<pid>-*` folder behind; the next build removes it.
"""

from __future__ import annotations

import datetime
import gc
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import BasePlugin, event_priority

from hub.build.notfound import make_404_relocatable
from hub.build.offline import write_offline_copy
from hub.build.progress import Progress, Timing
from hub.build.search import PAGES_PER_PART, SearchIndex
from hub.build.tree import RenderCache, write_tree
from hub.exports.calendars import write_calendars
from hub.exports.feed import write_feed
from hub.exports.opendata import write_exports
from hub.records.kinds import TRAINING
from hub.records.loader import load
from hub.records.problems import errors
from hub.records.sessions import LONDON
from hub.records.settings import load_settings
from hub.records.text import plural
from hub.site.views import record_views

TREE = Path("build") / "docs"


def generate(root: Path, settings: dict | None = None, cache: RenderCache | None = None):
    """Check the data and write the page tree; returns the errors (tree untouched if any).
    `cache` keeps rendered pages between calls (hub serve)."""
    root = Path(root)
    settings = settings or load_settings(root)
    hub = load(root, review_months=settings["review_interval_months"])
    if not hub.ok:
        return errors(hub.problems)
    write_tree(hub, settings, root / TREE, root / "docs", cache=cache)
    return []


def build_site(root: Path, out: Path | None = None, log=print, progress: Progress | None = None,
               search_part_pages: int = PAGES_PER_PART) -> bool:
    """The full build into `out` (default `root`/site). True on success.

    `log` gets the outcome and any problems; `progress` (default: standard
    error) gets each phase as it runs, and keeps their timings. The search
    index is written in parts of at most `search_part_pages` pages."""
    root = Path(root).resolve()
    out = Path(out or root / "site").resolve()
    progress = progress or Progress()
    started = time.perf_counter()
    settings = load_settings(root)
    with progress.phase("checking the data", unit="records") as checking:
        hub = load(root, review_months=settings["review_interval_months"])
        checking.total = hub.record_count()
    for problem in hub.problems:
        log(str(problem))
    if not hub.ok:
        log(f"hub build failed: {plural(len(errors(hub.problems)), 'problem')} in the data; {out.name}/ was left as it was")
        return False
    for warning in settings_warnings(settings):
        log(f"hub build: warning: {warning}")
    # The records live as long as the build: the garbage collector need not
    # look through them again each time MkDocs has made more objects.
    gc.freeze()
    try:
        return _build(root, out, settings, hub, log, progress, started, search_part_pages)
    finally:
        gc.unfreeze()


def _build(root: Path, out: Path, settings: dict, hub, log, progress: Progress, started: float, search_part_pages: int) -> bool:
    """Everything after the data passed its checks: pages, rendering, search, data files, the swap."""
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    # Built beside `out`, so the final rename stays on one file system. The
    # name carries this process's id, so a later build can tell a leftover
    # from a build still running.
    staging = Path(tempfile.mkdtemp(prefix=f"{out.name}.building-{os.getpid()}-", dir=out.parent))
    # The feed, calendars and open data are written beside it (MkDocs empties
    # its own folder when it starts), then moved in: a rename, not a copy.
    data_files = Path(tempfile.mkdtemp(prefix=f"{out.name}.building-{os.getpid()}-data-", dir=out.parent))
    try:
        with tempfile.TemporaryDirectory(prefix="hub-tree-") as tree:
            # One moment for the whole build: pages and calendars agree on what is still to come.
            now = datetime.datetime.now(LONDON)
            views = record_views(hub, settings, now)
            # The feed, calendars and open data need only the records' views: a
            # second process writes them while this one writes the pages.
            receive, send = multiprocessing.Pipe(duplex=False)
            writer = multiprocessing.get_context("fork").Process(target=_write_data_files, args=(hub, settings, views, data_files, log, send))
            writer.start()
            try:
                pages = write_tree(hub, settings, Path(tree), root / "docs", now, progress, views=views)
                _render_and_index(root, Path(tree), staging, progress, search_part_pages)
            finally:
                writer.join()
            if writer.exitcode != 0 or not receive.poll():
                raise RuntimeError("writing the feed, calendars and open data files failed (see the error above)")
            progress.record(receive.recv(), " (alongside the pages)")
            with progress.phase("preparing the offline copy"):
                write_offline_copy(staging, root / "docs", settings, now)
            with progress.phase("putting the site together"):
                _move_into(data_files, staging)
                make_404_relocatable(staging, settings["site_url"])
                _swap_into_place(staging, out)
    except Exception as error:  # any failure: keep the old site, drop the new one
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(data_files, ignore_errors=True)
        log(f"hub build failed: {error}; {out.name}/ was left as it was")
        return False
    log(f"hub build: {len(pages):,} generated pages ({hub.count_words()}) in {out.relative_to(root) if out.is_relative_to(root) else out}/ in {time.perf_counter() - started:.1f} s")
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


def _write_data_files(hub, settings: dict, views: dict, folder: Path, log, report) -> None:
    """The feed, calendars and open data files (in a second process); sends back how long they took."""
    started, started_cpu = time.perf_counter(), time.process_time()
    write_feed(hub, settings, folder, views=views, log=log)
    write_calendars(views[TRAINING.key], settings, folder)
    write_exports(hub, settings, folder)
    files = sum(1 for path in folder.rglob("*") if path.is_file())
    report.send(Timing("writing the feed, calendars and open data", time.perf_counter() - started, time.process_time() - started_cpu, files))


def _render_and_index(root: Path, tree: Path, site: Path, progress: Progress, search_part_pages: int) -> None:
    """MkDocs renders the tree into `site`; Pagefind indexes each page as it comes out."""
    # MkDocs reports each page at INFO; only warnings and errors matter here.
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    config = load_config(config_file=str(root / "mkdocs.yml"), docs_dir=str(tree), site_dir=str(site))
    # Every Markdown file in the tree is a page: the generated ones and the hand-written ones.
    pages = sum(1 for _ in tree.rglob("*.md"))
    with SearchIndex(site, pages, search_part_pages) as index:
        with progress.phase("rendering", pages, "pages") as step:
            config.plugins["hub-build"] = _EnginePlugin(index, step)
            mkdocs_build(config)
        with progress.phase("indexing for search", step.done, "pages"):
            index.write()


class _EnginePlugin(BasePlugin):
    """Added to MkDocs for a full build: counts the pages rendered, and hands
    each searchable one to the search index as soon as it is finished."""

    def __init__(self, index: SearchIndex, step):
        super().__init__()
        self.index, self.step = index, step

    # Last, so hooks/hub_hooks.py has put each generated page's body in first.
    @event_priority(-100)
    def on_post_page(self, output: str, page, config) -> str:
        if page.meta.get("searchable") is not False:
            self.index.add(f"/{page.url}", output)
        self.step.advance()
        return output


def _move_into(source: Path, target: Path) -> None:
    """Move everything in `source` into `target` by renaming (one file system),
    merging folders both have; `source` is removed."""
    for entry in source.iterdir():
        destination = target / entry.name
        if entry.is_dir() and destination.is_dir():
            _move_into(entry, destination)
        else:
            entry.replace(destination)
    source.rmdir()


def _swap_into_place(staging: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f"{out.name}.old-{time.time_ns()}")
        out.rename(old)
    staging.rename(out)
    if old:
        shutil.rmtree(old, ignore_errors=True)
