"""The site engines: MkDocs with Material, and Zensical (Material's successor).

Each renders the page tree (hub/build/tree.py) into a site folder with the
theme in docs/overrides, and hands every page it wrote to `on_page(url,
markup)`, which returns the page as it is to be published (hub/build/build.py
puts the body in, mends the markup and feeds Pagefind; hub/build/finish.py).
Everything else a build does is the same for both engines.

- MkDocs runs in this process. A plugin added for the build hands each page
  over the moment it is rendered, so Pagefind indexes on the second core while
  MkDocs renders the next page.
- Zensical runs as its own process (`python -m zensical build`) on a copy of
  mkdocs.yml made for the build, then each page it wrote is read, finished and
  written back. Zensical runs no MkDocs hooks or plugins (it reads the
  settings of a few and silently ignores the rest) and writes its own search
  index unless told not to, so nothing the site needs may live in a hook:
  the hub does it all here, for both engines.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority

from hub.build.finish import remove_unused
from hub.build.progress import Progress
from hub.build.tree import PageTree
from hub.records.settings import DEFAULTS, mkdocs_config
from hub.site.pages import site_path

# (url, markup as the engine wrote it) -> markup to publish. The url is the page's
# address in the site ('' for the home page, 'services/childline/'), or '404.html'.
OnPage = Callable[[str, str], str]

# The settings the theme (docs/overrides) and the hand-written pages (docs/*.md)
# read from extra.hub; an empty one would break them ("Exit this page" linking nowhere).
_THEME_DEFAULTS = ("exit_url", "review_interval_months", "repository_branch")


class EngineError(Exception):
    """The engine is unknown, or could not build the site."""


def theme_settings(extra_hub: dict | None) -> dict:
    """extra.hub as the theme reads it: the hub's default (hub/records/settings.py)
    for each setting it needs that mkdocs.yml leaves out or empty."""
    hub = dict(extra_hub or {})
    for key in _THEME_DEFAULTS:
        if not hub.get(key):
            hub[key] = DEFAULTS[key]
    return hub


def tree_pages(tree: PageTree) -> list[str]:
    """The address of every page in the tree ('' for the home page, 'services/childline/')."""
    return [site_path(path.relative_to(tree.docs).as_posix()) for path in sorted(tree.docs.rglob("*.md"))]


class MkDocs:
    """MkDocs + Material, in this process."""

    name = "mkdocs"
    # Material's lunr search (the site uses Pagefind) and its source maps, which
    # browsers fetch only for developer tools: about 2.5 MB nobody downloads.
    unused = ("assets/javascripts/lunr/", "assets/javascripts/workers/", "*.map")

    def config(self, root: Path, tree: PageTree, site: Path) -> MkDocsConfig:
        # MkDocs reports each page at INFO; only warnings and errors matter here.
        logging.getLogger("mkdocs").setLevel(logging.WARNING)
        config = load_config(config_file=str(Path(root) / "mkdocs.yml"), docs_dir=str(tree.docs), site_dir=str(site))
        config.extra["hub"] = theme_settings(config.extra.get("hub"))
        return config

    def render(self, root: Path, tree: PageTree, site: Path, progress: Progress, on_page: OnPage,
               config: MkDocsConfig | None = None, dirty: bool = False, compiled: jinja2.BytecodeCache | None = None) -> None:
        """Render the tree into `site`; `dirty` renders only pages whose files changed since the last
        render into it, and `compiled` keeps the theme's templates compiled from one render to the next."""
        config = config or self.config(root, tree, site)
        with progress.phase("rendering", len(tree_pages(tree)), "pages") as step:
            config.plugins["hub-finish"] = _HandOver(on_page, step, compiled)
            mkdocs_build(config, dirty=dirty)
        remove_unused(site, self.unused)


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled once and kept in memory (hub serve renders again and again;
    MkDocs makes a new template environment for every build). Jinja checks each against its source."""

    def __init__(self):
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


class _HandOver(BasePlugin):
    """Added to MkDocs for a build: hands each page to `on_page` the moment it is rendered, and counts them."""

    def __init__(self, on_page: OnPage, step, compiled: jinja2.BytecodeCache | None = None):
        super().__init__()
        # Not named on_*: MkDocs takes every such attribute of a plugin for an event handler.
        self.hand_over, self.step, self.compiled = on_page, step, compiled

    def on_env(self, env, config, files):
        if self.compiled is not None:
            env.bytecode_cache = self.compiled
        return env

    # Last, after any other plugin has changed the page.
    @event_priority(-100)
    def on_post_page(self, output: str, page, config) -> str:
        finished = self.hand_over(page.url, output)
        self.step.advance()
        return finished

    def on_post_template(self, output_content: str, template_name: str, config) -> str:
        # 404.html is rendered from the theme alone (sitemap.xml too, left as it is).
        return self.hand_over(template_name, output_content) if template_name.endswith(".html") else output_content


class Zensical:
    """Zensical, in a process of its own, with the classic (Material) look."""

    name = "zensical"
    # Zensical's own search (its index and worker; the site uses Pagefind), the
    # stylesheets of the look not in use, and source maps.
    unused = ("search.json", "assets/javascripts/workers/", "*.map")
    config_name = "zensical.yml"

    def config(self, root: Path, tree: PageTree, site: Path, work: Path) -> dict:
        """mkdocs.yml as Zensical is to read it for this build from a settings file in
        `work`: the tree and site folders given, the theme folder found from anywhere,
        the theme's settings filled in, and its own search off."""
        config = mkdocs_config(root)
        config.pop("hooks", None)  # Zensical would ignore them without a word; nothing is left in any
        # Relative to `work`: Zensical 0.0.73 stops with a panic on absolute ones.
        config["docs_dir"] = Path(os.path.relpath(tree.docs, work)).as_posix()
        config["site_dir"] = Path(os.path.relpath(site, work)).as_posix()
        theme = dict(config.get("theme") or {})
        if theme.get("custom_dir"):
            theme["custom_dir"] = str((Path(root) / theme["custom_dir"]).resolve())
        config["theme"] = theme
        config["extra"] = {**(config.get("extra") or {}), "hub": theme_settings((config.get("extra") or {}).get("hub"))}
        config["plugins"] = [*(config.get("plugins") or []), {"search": {"enabled": False}}]
        return config

    def render(self, root: Path, tree: PageTree, site: Path, progress: Progress, on_page: OnPage) -> None:
        # Zensical builds only inside the folder that holds its settings file: the one holding both the tree and the site.
        work = Path(os.path.commonpath([tree.folder.resolve(), Path(site).resolve()]))
        if work == Path(work.anchor):
            raise EngineError("Zensical needs the page tree and the site in one folder")
        config = self.config(root, tree, site, work)
        config_file = work / self.config_name
        config_file.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
        pages = tree_pages(tree)
        with progress.phase("rendering", len(pages), "pages") as step:
            self._run(config_file, work)
            step.advance(len(pages))
        theme = config["theme"]
        other_look = "modern" if theme.get("variant") == "classic" else "classic"
        remove_unused(site, (*self.unused, f"assets/stylesheets/{other_look}/"))
        # Every page Zensical wrote, finished as MkDocs' pages are while it renders them.
        files = [(url, Path(site) / url / "index.html") for url in pages] + [("404.html", Path(site) / "404.html")]
        with progress.phase("finishing pages", len(files), "pages") as step:
            for url, path in files:
                if path.is_file():
                    markup = path.read_text(encoding="utf-8")
                    finished = on_page(url, markup)
                    if finished != markup:
                        path.write_text(finished, encoding="utf-8")
                step.advance()

    def _run(self, config_file: Path, work: Path) -> None:
        result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(config_file)], cwd=work,
                                capture_output=True, text=True)
        said = [line for line in (result.stdout + result.stderr).splitlines() if line.strip() and not _routine(line)]
        if result.returncode != 0:
            raise EngineError("Zensical could not build the site: " + " / ".join(said[-8:]))
        for line in said:  # its warnings (a broken link in a hand-written page), as MkDocs' are shown
            logging.getLogger("zensical").warning(line)


def _routine(line: str) -> bool:
    return line.startswith(("Build started", "Build finished", "No issues found"))


ENGINES = {engine.name: engine for engine in (MkDocs, Zensical)}


def engine_named(name: str):
    """The engine called `name` (extra.hub.engine in mkdocs.yml, or `hub build --engine`)."""
    if name not in ENGINES:
        raise EngineError(f"there is no site engine called {name!r}: extra.hub.engine in mkdocs.yml "
                          f"(or --engine) must be {' or '.join(ENGINES)}")
    return ENGINES[name]()
