"""`hub serve`: a live preview that shows a saved change within a couple of seconds.

One process does it all. MkDocs' live-reload server (the one `mkdocs serve`
runs) serves the preview and watches data/, docs/ and resources/; when a file
there changes, this process checks the data, rewrites only the files of the
page tree (build/tree) whose content changed, and has MkDocs render only
those pages again (a dirty build), finished as `hub build` finishes them
(hub/build/finish.py). No second process watches the tree, so nothing waits
for a file watcher in between. A broken record leaves the preview as it was
and its problems are printed.

The preview's search index is refreshed in the background after each
rebuild, so a change is visible before search has caught up. Changes to the
theme (docs/overrides) or to mkdocs.yml need a restart.

The preview is always rendered by MkDocs. With `extra.hub.engine: zensical`
this says so when it starts: Zensical's own server (`zensical serve`) runs
none of the hub's steps, so its preview would show every generated page
without its body and without search; `make site` builds with Zensical.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.livereload import LiveReloadServer

from hub.build import search
from hub.build.build import TREE, generate
from hub.build.engines import CompiledTemplates, MkDocs
from hub.build.finish import finish_page
from hub.build.guard import PAGE_TREE, OutputRefused, check_output
from hub.build.progress import Progress
from hub.build.tree import PageTree, RenderCache
from hub.records.settings import load_settings

WATCHED = ("data", "docs", "resources")
# How often the watcher looks at data/, docs/ and resources/ (a few dozen files).
POLL_SECONDS = 0.1


class Preview:
    """The page tree and the preview site rendered from it; `update()` after a change."""

    def __init__(self, root: Path, site: Path, serve_url: str, log=print):
        self.root, self.site, self.serve_url, self.log = Path(root), Path(site), serve_url, log
        self.tree = PageTree(self.root / TREE)
        self.cache = RenderCache()
        self.engine = MkDocs()
        self.compiled = CompiledTemplates()

    def write_tree(self) -> bool:
        """Check the data and rewrite what changed in the tree; False (problems printed) if the data
        has errors or build/tree is not a folder the hub may replace (hub/build/guard.py)."""
        try:
            problems = generate(self.root, cache=self.cache)
        except OutputRefused as refused:
            self.log(f"hub serve: the preview was not updated: {refused}")
            return False
        for problem in problems:
            self.log(str(problem))
        return not problems

    def render(self, dirty: bool) -> None:
        config = self.engine.config(self.root, self.tree, self.site)
        config.site_url = self.serve_url
        self.engine.render(self.root, self.tree, self.site, Progress(quiet=True),
                           lambda url, markup: finish_page(markup, self.tree.body(url)), config=config, dirty=dirty,
                           compiled=self.compiled)
        search.index_in_background(self.site)

    def update(self) -> None:
        """Called by the server after a watched file changed."""
        started = time.perf_counter()
        if not self.write_tree():
            self.log("hub serve: the preview still shows the last good data; fix the problems above")
            return
        self.render(dirty=True)
        self.log(f"hub serve: {self.cache.rendered} changed page(s) shown in {time.perf_counter() - started:.1f} s")
        # Garbage is collected once the change is shown, never in the middle of rewriting the pages.
        gc.collect()


def serve(root: Path, port: int, log=print) -> int:
    root = Path(root)
    settings = load_settings(root)
    if settings["engine"] != MkDocs.name:
        log("hub serve: this preview is rendered by MkDocs, whatever extra.hub.engine says: Zensical's own server "
            "(zensical serve) runs none of the hub's steps, so its pages would have no bodies and no search. "
            "`make site` builds the site with Zensical.")
    check_output(root, root / TREE, PAGE_TREE)  # OutputRefused (exit 2) before anything is written
    gc.disable()
    site = Path(tempfile.mkdtemp(prefix="hub-preview-"))
    try:
        # Served under the path of site_url, as the published site is (/hub/).
        mount_path = urlsplit(settings["site_url"]).path.strip("/")
        mount_path = f"/{mount_path}/" if mount_path else "/"
        serve_url = f"http://127.0.0.1:{port}{mount_path}"
        preview = Preview(root, site, serve_url, log)
        if not preview.write_tree():
            return 1
        preview.render(dirty=False)
        server = LiveReloadServer(builder=preview.update, host="127.0.0.1", port=port, root=str(site),
                                  mount_path=mount_path, polling_interval=POLL_SECONDS)
        server.error_handler = lambda code: (site / "404.html").read_bytes() if code == 404 and (site / "404.html").is_file() else None
        for folder in WATCHED:
            if (root / folder).is_dir():
                server.watch(str(root / folder))
        log(f"hub serve: previewing at {serve_url} (Ctrl+C stops it)")
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
        return 0
    finally:
        shutil.rmtree(site, ignore_errors=True)
