"""Build the whole site: check the data, write the page tree and the data
files (feed, calendars, open data), let the records go, run the site engine,
finish its pages and index them with Pagefind, then swap the result into place.

The same steps run whichever engine renders the pages (hub/build/engines.py:
MkDocs or Zensical, `extra.hub.engine` in mkdocs.yml or `hub build --engine`).

`site/` is replaced only when every step succeeded, by renaming a finished
folder over it: a broken record never replaces a good site and never leaves
a half-written one. Everything is made in one `site.building-<pid>-*` folder
beside it (the tree, the data files, the site); a build killed part-way (a
power cut, a cancelled job) leaves that folder behind, and the next build
removes it.
"""

from __future__ import annotations

import ctypes
import datetime
import gc
import os
import shutil
import tempfile
import time
from pathlib import Path

from hub.build.engines import EngineError, engine_named
from hub.build.finish import finish_page, is_searchable
from hub.build.guard import BUILT_SITE, PAGE_TREE, check_output, mark
from hub.build.notfound import make_404_relocatable
from hub.build.offline import write_offline_copy
from hub.build.progress import Progress
from hub.build.search import PAGES_PER_PART, SearchIndex
from hub.build.tree import PageTree, RenderCache, write_tree
from hub.exports.calendars import write_calendars
from hub.exports.feed import write_feed
from hub.exports.opendata import write_exports
from hub.records.kinds import TRAINING
from hub.records.loader import Hub, load
from hub.records.problems import errors
from hub.records.sessions import LONDON
from hub.records.settings import load_settings
from hub.records.text import plural
from hub.site.views import record_views

# `hub generate` and `hub serve` keep the page tree here: build/tree/docs and build/tree/bodies.
TREE = Path("build") / "tree"


def generate(root: Path, settings: dict | None = None, cache: RenderCache | None = None):
    """Check the data and write the page tree; returns the errors (tree untouched if any).
    `cache` keeps rendered pages between calls (hub serve). OutputRefused when
    build/tree is not a folder the hub may replace (hub/build/guard.py)."""
    root = Path(root)
    tree = check_output(root, root / TREE, PAGE_TREE)
    settings = settings or load_settings(root)
    hub = load(root, review_months=settings["review_interval_months"])
    if not hub.ok:
        return errors(hub.problems)
    write_tree(hub, settings, PageTree(tree), root / "docs", cache=cache)
    mark(tree, PAGE_TREE)
    return []


def build_site(root: Path, out: Path | None = None, log=print, progress: Progress | None = None,
               search_part_pages: int = PAGES_PER_PART, engine: str | None = None, hub: Hub | None = None) -> bool:
    """The full build into `out` (default `root`/site) with `engine` (default:
    extra.hub.engine in mkdocs.yml). True on success.

    `log` gets the outcome and any problems; `progress` (default: standard
    error) gets each phase as it runs, and keeps their timings. The search
    index is written in parts of at most `search_part_pages` pages; `hub` is the
    data when the caller has loaded and checked it already (hub dist). OutputRefused,
    before anything is read or moved, when `out` is not a folder the hub may
    replace (hub/build/guard.py: never the project, its sources or a folder it did not make)."""
    root = Path(root).resolve()
    out = check_output(root, out or root / "site", BUILT_SITE)
    progress = progress or Progress()
    started = time.perf_counter()
    settings = load_settings(root)
    try:
        site_engine = engine_named(engine or settings["engine"])
    except EngineError as error:
        log(f"hub build failed: {error}; {out.name}/ was left as it was")
        return False
    if hub is None:
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
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    # Built beside `out`, so the final rename stays on one file system. The
    # name carries this process's id, so a later build can tell a leftover
    # from a build still running.
    work = Path(tempfile.mkdtemp(prefix=f"{out.name}.building-{os.getpid()}-", dir=out.parent))
    tree, site, data_files = PageTree(work / "tree"), work / "site", work / "data"
    data_files.mkdir()
    try:
        # One moment for the whole build: pages, calendars and the offline copy agree on what is still to come.
        now = datetime.datetime.now(LONDON)
        # The records are read once and are needed only until the tree and the data
        # files are written: the garbage collector need not look through them meanwhile.
        gc.freeze()
        try:
            written = _write_tree_and_data(root, hub, settings, now, tree, data_files, progress, log)
            # Everything the engine needs is on disk now: the records leave memory
            # before the engine and Pagefind need theirs.
            del hub
        finally:
            gc.unfreeze()
        _give_back_memory()
        _render_and_index(root, tree, site, site_engine, progress, search_part_pages)
        with progress.phase("preparing the offline copy"):
            write_offline_copy(site, root / "docs", settings, now)
        with progress.phase("putting the site together"):
            _move_into(data_files, site)
            mark(site, BUILT_SITE)
            make_404_relocatable(site, settings["site_url"])
            _swap_into_place(site, out)
    except Exception as error:  # any failure: keep the old site, drop the new one
        log(f"hub build failed: {error}; {out.name}/ was left as it was")
        return False
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"hub build: {written} in {out.relative_to(root) if out.is_relative_to(root) else out}/ "
        f"by {site_engine.name} in {time.perf_counter() - started:.1f} s")
    return True


def _write_tree_and_data(root: Path, hub, settings: dict, now: datetime.datetime, tree: PageTree, data_files: Path, progress: Progress, log) -> str:
    """The page tree and the feed, calendars and open data, all from the records; says what was written.

    One after the other in this process: a second process writing the data files
    at the same time (as the build once did) copies much of the records' memory
    as it reads them, and the build's peak memory was the two together."""
    views = record_views(hub, settings, now)
    with progress.phase("writing the feed, calendars and open data", unit="files") as step:
        write_feed(hub, settings, data_files, views=views, log=log)
        write_calendars(views[TRAINING.key], settings, data_files)
        write_exports(hub, settings, data_files, views)
        step.total = sum(1 for path in data_files.rglob("*") if path.is_file())
    pages = write_tree(hub, settings, tree, root / "docs", now, progress, views=views)
    return f"{len(pages):,} generated pages ({hub.count_words()})"


def _give_back_memory() -> None:
    """Collect what was freed and hand the free heap back to the system (glibc), so the records' memory is not still held while the engine runs."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to hand back this way
        pass


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


def _render_and_index(root: Path, tree: PageTree, site: Path, engine, progress: Progress, search_part_pages: int) -> None:
    """The engine renders the tree into `site`; each page it wrote gets its body and
    mends (hub/build/finish.py) and, if searchable, goes to Pagefind."""
    with SearchIndex(site, sum(1 for _ in tree.docs.rglob("*.md")), search_part_pages) as index:
        def finish(url: str, markup: str) -> str:
            finished = finish_page(markup, tree.body(url))
            if is_searchable(finished):
                index.add(f"/{url}", finished)
            return finished

        engine.render(root, tree, site, progress, finish)
        with progress.phase("indexing for search", index.pages_sent, "pages"):
            index.write()


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
