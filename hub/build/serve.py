"""`hub serve`: a live preview that shows a saved change within a couple of seconds.

Two processes work together:

- this one watches data/, docs/ and resources/ and, when something changes,
  checks the data and rewrites the page tree (build/docs), touching only the
  files whose content changed; a broken record leaves the tree as it was and
  its problems are printed;
- `mkdocs serve --dirty` watches the tree and renders only the pages whose
  files changed, then reloads the browser.

The search index is refreshed in the background after each rebuild
(hooks/hub_hooks.py), so a change is visible before search has caught up.
Changes to the theme (docs/overrides) or to mkdocs.yml need a restart.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import time
from pathlib import Path

from hub.build.build import generate
from hub.build.guard import OutputRefused
from hub.build.tree import RenderCache

WATCHED = ("data", "docs", "resources")
POLL_SECONDS = 0.1


def serve(root: Path, port: int, log=print) -> int:
    root = Path(root)
    cache = RenderCache()
    # Collect garbage after each change is written (while MkDocs renders it),
    # never in the middle of rewriting the pages.
    gc.disable()
    problems = generate(root, cache=cache)
    for problem in problems:
        log(str(problem))
    if problems:
        return 1
    engine = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(root / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}"])
    try:
        seen = _snapshot(root)
        while engine.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _snapshot(root)
            if now != seen:
                seen = now
                _regenerate(root, cache, log)
        return engine.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        if engine.poll() is None:
            engine.terminate()
            engine.wait()


def _regenerate(root: Path, cache: RenderCache, log) -> None:
    started = time.perf_counter()
    try:
        problems = generate(root, cache=cache)
    except OutputRefused as refused:  # build/docs was replaced by something else while serving
        log(f"hub serve: the preview was not updated: {refused}")
        return
    for problem in problems:
        log(str(problem))
    if problems:
        log(f"hub serve: the preview still shows the last good data; fix {len(problems)} problem(s) above")
    else:
        log(f"hub serve: {cache.rendered} changed page(s) rewritten in {time.perf_counter() - started:.1f} s")
    gc.collect()


def _snapshot(root: Path) -> tuple:
    """Every watched file's path, size and modification time: any edit, new file or deletion changes it."""
    entries = []
    for folder in WATCHED:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                status = path.stat()
                entries.append((str(path), status.st_size, status.st_mtime_ns))
    return tuple(entries)
