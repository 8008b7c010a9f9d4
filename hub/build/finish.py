"""What the hub does to every page a site engine has rendered, whichever engine it was.

- A generated page's body goes in where the engine rendered its placeholder
  (hub/build/tree.py keeps the bodies out of the engine's way).
- What the theme writes that the Nu HTML Checker refuses is mended:
  `autocomplete` on the drawer and search toggles (checkboxes; HTML allows it
  only on text-like inputs) and an empty `tabindex` on the navigation's
  section labels (not a number), which both themes write, MkDocs' Material and
  Zensical's classic variant alike; and `aria-hidden` on the label that darkens
  the page behind the open menu (a label of a control may not carry it), which
  Zensical adds. Mending the pages rather than copying the theme's templates
  keeps each engine's own templates in use.
- The theme's own skip link is taken out: Material writes one on pages with a
  table of contents, Zensical on every page, and each page already starts with
  the hub's "Skip to main content" (docs/overrides/main.html).
- Theme files the site never uses are removed from the finished site.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from hub.build.tree import BODY_PLACEHOLDER_HTML

# (what the theme writes, what the HTML checker accepts)
_CHECKER_MENDS = (
    (' type="checkbox" id="__drawer" autocomplete="off">', ' type="checkbox" id="__drawer">'),
    (' type="checkbox" id="__search" autocomplete="off">', ' type="checkbox" id="__search">'),
    (' tabindex=""', ""),
    ('<label class="md-overlay" for="__drawer" aria-hidden="true">', '<label class="md-overlay" for="__drawer">'),
)
# The theme's skip link (only the theme's: the hub's has the class hub-skip too).
_THEME_SKIP_LINK = re.compile(r'<a href="[^"]*" class="md-skip">[^<]*</a>')
# Pagefind indexes only what is inside this attribute's element (docs/overrides/main.html
# sets it on the article of every page that is searchable).
SEARCHABLE = "data-pagefind-body"


def finish_page(markup: str, body: str | None) -> str:
    """A page as the engine rendered it, with its generated `body` (if any) put in and the checker's complaints mended."""
    if body is not None:
        markup = markup.replace(BODY_PLACEHOLDER_HTML, body, 1)
    for written, mended in _CHECKER_MENDS:
        markup = markup.replace(written, mended)
    return _THEME_SKIP_LINK.sub("", markup, count=1)


def is_searchable(markup: str) -> bool:
    return SEARCHABLE in markup


def remove_unused(site: Path, unused: tuple[str, ...]) -> None:
    """Remove from `site` each of `unused`: a file or folder ('assets/javascripts/workers/'), or
    every file with a suffix ('*.map')."""
    site = Path(site)
    for entry in unused:
        if entry.startswith("*."):
            for path in site.rglob(entry):
                path.unlink()
        elif (site / entry).is_dir():
            shutil.rmtree(site / entry)
        elif (site / entry).is_file():
            (site / entry).unlink()
