"""Thin MkDocs glue for `mkdocs serve`: regenerate the page tree from data/
before each build, watch data/, and index the preview with Pagefind.

`hub build` runs the generator and Pagefind itself, so these hooks only act
when MkDocs is serving. Zensical runs no hooks and needs none of this.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError

from hub import build

_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_serve(server, config, builder):
    server.watch(str(Path(config.config_file_path).parent / "data"))
    server.watch(str(Path(config.config_file_path).parent / "docs"))


def on_pre_build(config):
    if _serving:
        root = Path(config.config_file_path).parent
        problems = build.generate(root)
        if problems:
            raise PluginError("the data has problems:\n" + "\n".join(map(str, problems)))


def on_post_build(config):
    if _serving:
        build.index_search(Path(config.site_dir))
