"""Thin MkDocs glue. For `mkdocs serve`: regenerate the page tree from data/
before each build, watch data/, and index the preview with Pagefind (`hub
build` runs the generator and Pagefind itself, so those hooks only act when
MkDocs is serving). For every build: leave out the theme files the site
never uses. Zensical runs no hooks and needs none of this.
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
