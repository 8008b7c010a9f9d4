"""The page tree: every generated page, the hand-written pages and the files
records point to, in the form both site engines build.

A tree is a folder of two: `docs/`, what the engine renders (the hand-written
pages, the files, and each generated page as its front matter with a
placeholder for a body), and `bodies/`, each generated page's HTML body,
named by the page's address (`bodies/services/childline.html`). The
engine never sees a body, so it runs no Markdown over it and holds none in
memory; the hub puts each body into its finished page (hub/build/finish.py).

Into a folder that already holds a tree only changed files are written, so
a dirty build renders only what changed (hub serve).
"""

from __future__ import annotations

import datetime
import filecmp
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from hub.build.guard import MARKER
from hub.build.progress import Progress
from hub.contribute.fieldref import field_reference_pages
from hub.records.kinds import BY_KEY
from hub.records.loader import Hub
from hub.records.sessions import LONDON
from hub.reflection.pages import reflect_pages
from hub.site.handover import LIST_DATA, list_data
from hub.site.pages import Page, page_parts, render_page, site_path, site_pages
from hub.site.render import environment
from hub.site.views import FILES_FOLDER, record_views

# Hand-written theme files stay where the engine's `custom_dir` finds them.
_NOT_COPIED = ("overrides",)
# What the engine renders where a generated page's body goes: one paragraph of
# Markdown, which every engine turns into BODY_PLACEHOLDER_HTML.
BODY_PLACEHOLDER = "hub-generated-page-body"
BODY_PLACEHOLDER_HTML = f"<p>{BODY_PLACEHOLDER}</p>"


@dataclass(frozen=True)
class PageTree:
    """Where a page tree is: `docs` for the engine, `bodies` for the hub."""

    folder: Path

    @property
    def docs(self) -> Path:
        return self.folder / "docs"

    @property
    def bodies(self) -> Path:
        return self.folder / "bodies"

    def body(self, url: str) -> str | None:
        """The HTML body of the generated page served at `url` ('services/childline/'), or None for any other page."""
        path = self.bodies / body_path(url)
        return path.read_text(encoding="utf-8") if path.is_file() else None


def body_path(url: str) -> str:
    """Where the body of the page at `url` is kept, relative to the bodies folder: 'services/childline/' ->
    'services/childline.html', the home page '' -> 'index.html' (one file a page, beside its siblings: a
    folder for each would double what a build writes and removes)."""
    return f"{url.strip('/') or 'index'}.html"


def every_page(hub: Hub, settings: dict, now: datetime.datetime, views: dict) -> list[Page]:
    """The whole generated site: the site's pages with the reflection tool's and the field reference."""
    return site_pages(hub, settings, now, views, more=reflect_pages(hub, views) + field_reference_pages(hub))


def write_tree(hub: Hub, settings: dict, tree: PageTree, docs: Path, now: datetime.datetime | None = None,
               progress: Progress | None = None, cache: RenderCache | None = None, views: dict | None = None,
               whole_pages: bool = False) -> list[Page]:
    """Make `tree` hold hand-written `docs`, the files records point to and every
    generated page as of `now`, and nothing else.

    Into a folder that already holds a tree, only files whose content changed
    are written, so a dirty build renders only the pages that changed.
    `cache` (hub serve) keeps rendered pages between calls: a page is rendered
    again only when something it shows has changed. `views` are the records'
    views as of `now`, when the caller has them already. With `whole_pages`
    each generated page is written whole, body and all, into docs (any
    MkDocs-compatible engine builds that alone, running Markdown over every
    body: the benchmark's plain Material baseline)."""
    out = Path(tree.folder)
    progress = progress or Progress(quiet=True)
    fresh = not out.exists() or not any(out.iterdir())
    copies = {f"docs/{relative}": source for relative, source in _copied_files(docs, hub.root / "resources").items()}
    now = now or datetime.datetime.now(LONDON)
    views = views if views is not None else record_views(hub, settings, now)
    pages = every_page(hub, settings, now, views)
    generated = {f"docs/{LIST_DATA}": list_data(views)}
    keys = cache.keys_for(hub, settings) if cache else None
    env = cache.env if cache else environment()
    with progress.phase("writing pages", len(pages), "pages") as step:
        for page in pages:
            text = cache.render(env, hub, settings, page, keys) if cache else render_page(env, hub, settings, page)
            front, body = page_parts(text)
            files = {f"docs/{page.path}": text} if whole_pages else \
                {f"docs/{page.path}": f"{front}\n{BODY_PLACEHOLDER}\n", f"bodies/{body_path(site_path(page.path))}": body}
            if fresh:  # straight to disk: nothing to compare with, and no need to hold every page
                for relative, content in files.items():
                    _write(out / relative, content)
            else:
                generated.update(files)
            step.advance()
    everything = set(generated) | set(copies) | {f"docs/{page.path}" for page in pages}
    if not whole_pages:
        everything |= {f"bodies/{body_path(site_path(page.path))}" for page in pages}
    if fresh:
        for relative, text in generated.items():
            _write(out / relative, text)
        for relative, source in copies.items():
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, out / relative)
    else:
        # Pages the cache did not render again are as written last time: no need to compare them.
        unchanged = {f"{folder}/{path}" for page in (cache.unchanged if cache else set())
                     for folder, path in (("docs", page), ("bodies", body_path(site_path(page))))}
        written = _sync(out, generated, copies, unchanged=unchanged, known=cache.files if cache else None)
        # A dirty build renders the pages whose files are newer than what it wrote:
        # a page whose body alone changed must look changed too.
        for page in pages:
            if f"bodies/{body_path(site_path(page.path))}" in written and f"docs/{page.path}" not in written:
                (out / "docs" / page.path).touch()
    if cache:
        cache.files = everything
    return pages


class RenderCache:
    """Pages rendered by earlier calls of write_tree (`hub serve`). A page's key
    is a digest of everything it shows: its template, title, path and context
    (each record it lists by the record's own fields and review state), the
    data files every page may read (vocabularies, the alliance, ...) and the
    settings. A page whose key is unchanged is not rendered again."""

    def __init__(self):
        self._pages: dict[str, tuple[str, str]] = {}  # page path -> (key, text)
        self._views: dict[int, str] = {}  # id of a view -> its digest, for the current call
        self._shared = ""
        self.rendered = 0  # pages rendered by the last call
        self.unchanged: set[str] = set()  # pages the last call did not render again
        self.files: set[str] | None = None  # every file of the tree after the last call
        # Kept between calls, with each card known by what it shows rather than by its address.
        self.env = environment(card_key=lambda item: (self._shared, _fingerprint(item, self._views)))

    def keys_for(self, hub: Hub, settings: dict) -> dict:
        self.rendered = 0
        self.unchanged = set()
        self._views = {}
        shared = {name: source.data for name, source in hub.sources.items() if name not in BY_KEY}
        self._shared = _digest([shared, settings])
        return {"shared": self._shared, "views": self._views}

    def render(self, env, hub: Hub, settings: dict, page: Page, keys: dict) -> str:
        key = _digest([keys["shared"], page.path, page.title, page.template, page.searchable, page.embed, page.offline_switch, _fingerprint(page.context, keys["views"])])
        cached = self._pages.get(page.path)
        if cached and cached[0] == key:
            self.unchanged.add(page.path)
            return cached[1]
        text = render_page(env, hub, settings, page)
        self._pages[page.path] = (key, text)
        self.rendered += 1
        return text


# What a view shows that is shared by every view (fingerprinted once, with the data files).
_SHARED_IN_VIEWS = ("names", "search_words", "type")


def _fingerprint(value, views: dict):
    """`value` with each record view replaced by a digest of what it shows (computed once per view)."""
    if isinstance(value, dict) and "record" in value and "type" in value:
        if id(value) not in views:
            views[id(value)] = _digest({k: v for k, v in value.items() if k not in _SHARED_IN_VIEWS})
        return views[id(value)]
    if isinstance(value, dict):
        return {str(k): _fingerprint(v, views) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_fingerprint(v, views) for v in value]
    return value


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _copied_files(docs: Path, resources: Path) -> dict[str, Path]:
    """Tree path -> source file for the hand-written pages (docs/, but not the
    theme in docs/overrides) and the files records point to (resources/,
    published under files/). Symbolic links are never published: one could
    point outside the repository (validation refuses any that a record names)."""
    copies = {}
    for folder, prefix, skip in ((docs, "", _NOT_COPIED), (resources, f"{FILES_FOLDER}/", ())):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if relative.parts[0] in skip or any(part.startswith(".") for part in relative.parts if prefix):
                continue
            if any(parent.is_symlink() for parent in [path, *path.parents] if parent.is_relative_to(folder) and parent != folder):
                continue
            if path.is_file():
                copies[prefix + relative.as_posix()] = path
    return copies


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _sync(out: Path, generated: dict[str, str], copies: dict[str, Path], unchanged: set[str],
          known: set[str] | None = None) -> set[str]:
    """Make `out` hold exactly `generated` (texts) and `copies` (source files), writing only what
    differs; files in `unchanged` are known to be as they were written last time, and `known`, if
    given, is every file `out` held after the last call (so `out` need not be searched for files
    that are no longer wanted). The folder's MARKER (hub/build/guard.py) stays. Returns what was
    written."""
    written = set()
    wanted = set(generated) | set(copies) | {MARKER}
    if known is None:
        wanted_dirs = {parent.as_posix() for relative in wanted for parent in Path(relative).parents}
        for existing in sorted(out.rglob("*"), reverse=True):
            relative = existing.relative_to(out).as_posix()
            if existing.is_dir() and not existing.is_symlink():
                if relative not in wanted_dirs:
                    shutil.rmtree(existing)
            elif relative not in wanted:
                existing.unlink()
    else:
        for relative in sorted(known - wanted):
            (out / relative).unlink(missing_ok=True)
            for folder in (out / relative).parents:  # folders left empty go too
                if folder == out or any(folder.iterdir()):
                    break
                folder.rmdir()
    for relative, text in generated.items():
        target = out / relative
        if relative in unchanged and target.is_file() and not target.is_symlink():
            continue
        if not (target.is_file() and not target.is_symlink() and target.read_text(encoding="utf-8") == text):
            target.unlink(missing_ok=True)
            _write(target, text)
            written.add(relative)
    for relative, source in copies.items():
        target = out / relative
        if not (target.is_file() and not target.is_symlink() and filecmp.cmp(source, target, shallow=False)):
            target.unlink(missing_ok=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.add(relative)
    return written
