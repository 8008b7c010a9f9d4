"""Thin MkDocs glue. For every build: the hub's setting defaults for the
theme, and leaving out the theme files the site never uses. For `mkdocs
serve`: regenerate the page tree from data/ before each build, watch data/,
and index the preview with Pagefind (`hub build` runs the generator and
Pagefind itself, so those hooks only act when MkDocs is serving). Zensical
runs no hooks.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError

from hub import build
from hub.settings import DEFAULTS

_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_config(config):
    """The theme reads the hub's settings from extra.hub: fill in the
    defaults (hub/settings.py) for any that mkdocs.yml leaves out or empty,
    so "Exit this page" never links nowhere."""
    hub = dict(config.extra.get("hub") or {})
    for key in ("exit_url", "review_interval_months", "repository_branch"):
        if not hub.get(key):
            hub[key] = DEFAULTS[key]
    config.extra["hub"] = hub
    return config


def on_serve(server, config, builder):
    server.watch(str(Path(config.config_file_path).parent / "data"))
    server.watch(str(Path(config.config_file_path).parent / "docs"))


# Material's lunr search (the site uses Pagefind) and its source maps, which
# browsers fetch only for developer tools: about 2.5 MB nobody downloads.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
UNUSED_SUFFIXES = (".map",)


def on_files(files, config):
    for file in list(files):
        if file.src_uri.startswith(UNUSED_THEME_FILES) or file.src_uri.endswith(UNUSED_SUFFIXES):
            files.remove(file)
    return files


def on_pre_build(config):
    if _serving:
        root = Path(config.config_file_path).parent
        problems = build.generate(root)
        if problems:
            raise PluginError("the data has problems:\n" + "\n".join(map(str, problems)))


def on_post_build(config):
    if _serving:
        build.index_search(Path(config.site_dir))
