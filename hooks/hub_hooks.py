"""Thin MkDocs glue. For every build: the hub's setting defaults for the
theme, leaving out the theme files the site never uses, and passing the
generated pages' HTML bodies through without Markdown. For `mkdocs serve`
(started by `hub serve`, which keeps the page tree fresh): index the
preview with Pagefind after each rebuild. `hub build` indexes pages itself.
Zensical runs no hooks.
"""

from pathlib import Path

from hub.build import search
from hub.records.settings import DEFAULTS
from hub.site.pages import HTML_BODY, generated_body

_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_config(config):
    """The theme reads the hub's settings from extra.hub: fill in the
    defaults (hub/records/settings.py) for any that mkdocs.yml leaves out or empty,
    so "Exit this page" never links nowhere."""
    hub = dict(config.extra.get("hub") or {})
    for key in ("exit_url", "review_interval_months", "repository_branch"):
        if not hub.get(key):
            hub[key] = DEFAULTS[key]
    config.extra["hub"] = hub
    return config


# Material's lunr search (the site uses Pagefind) and its source maps, which
# browsers fetch only for developer tools: about 2.5 MB nobody downloads.
UNUSED_THEME_FILES = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
UNUSED_SUFFIXES = (".map",)


def on_files(files, config):
    for file in list(files):
        if file.src_uri.startswith(UNUSED_THEME_FILES) or file.src_uri.endswith(UNUSED_SUFFIXES):
            files.remove(file)
    return files


def on_post_build(config):
    # `hub serve` (hub/build/serve.py) keeps the page tree fresh; here the preview's
    # search index catches up in the background, so pages show at once.
    if _serving:
        search.index_in_background(Path(config.site_dir))


# Generated pages' bodies are HTML already. Running Markdown over them (its
# HTML parser over every card) was most of the build's time, so MkDocs gets
# a placeholder instead, and the body goes into the finished page from its
# file. MkDocs then never holds every body in memory at once either.
_PLACEHOLDER = "hub-generated-body-placeholder"


def on_page_markdown(markdown, page, config, files):
    return _PLACEHOLDER if page.meta.get(HTML_BODY) else markdown


def on_post_page(output, page, config):
    if not page.meta.get(HTML_BODY):
        return output
    return output.replace(f"<p>{_PLACEHOLDER}</p>", generated_body(page.file.abs_src_path), 1)

