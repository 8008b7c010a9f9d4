"""The two site engines build the same site: the repository's own data built
by MkDocs and by Zensical, compared page by page.

What may differ, and why (everything else must be the same):
- the theme's own files (assets/javascripts/, assets/stylesheets/): each
  engine ships its own build of the theme, named by a hash of its content;
- the search index's files (pagefind/): Pagefind names them by a hash of what
  they hold, which depends on the order the pages reached it; the search
  itself is compared in the browser (tests/browser/test_search.py);
- sitemap.xml.gz: MkDocs writes a gzipped copy of sitemap.xml, Zensical does not;
- outside the article: the navigation and header as each theme writes them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from hub.build.build import build_site
from hub.build.engines import ENGINES
from hub.records.settings import CHOICES
from tests.conftest import REPO

# Files only one engine writes, or writes under other names (see above).
ENGINE_OWN = ("assets/javascripts/", "assets/stylesheets/", "pagefind/", "sitemap.xml.gz")
# Copied as they are, whichever engine builds: the hub's own scripts and styles, the files records point to.
COPIED = ("assets/hub.js", "assets/hub.css", "assets/reflect.js", "assets/reflect.css", "files/")


def _files(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}


class _Article(HTMLParser):
    """The visible text of a page's article, and where each of its links goes."""

    def __init__(self, address: str):
        super().__init__(convert_charrefs=True)
        self.address, self.text, self.links = address, [], []
        self._depth = self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self._depth += 1
        if self._depth and tag in ("script", "style", "template"):
            self._hidden += 1
        if tag == "base" and attrs.get("href"):  # the 404 page's links are relative to it
            self.address = urljoin(self.address, attrs["href"])
        if self._depth and tag == "a" and attrs.get("href") is not None:
            self.links.append(urljoin(self.address, attrs["href"]))

    def handle_endtag(self, tag):
        if self._depth and tag in ("script", "style", "template"):
            self._hidden -= 1
        if tag == "article":
            self._depth -= 1

    def handle_data(self, data):
        if self._depth and not self._hidden:
            self.text.append(data)


def article(site: Path, page: str) -> tuple[str, list[str]]:
    """(visible text with whitespace normalised, resolved link targets) of the article of `page`."""
    address = "https://hub.test/hub/" + page.removesuffix("index.html")
    parser = _Article(address)
    parser.feed((site / page).read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.text).split()), parser.links


@pytest.fixture(scope="module")
def both(built_site, zensical_site) -> tuple[Path, Path]:
    return built_site, zensical_site


def test_both_engines_build_the_same_files(both):
    mkdocs, zensical = both
    theirs = [_files(site) for site in both]
    same = [{path for path in files if not path.startswith(ENGINE_OWN)} for files in theirs]
    assert same[0] == same[1], f"only MkDocs: {sorted(same[0] - same[1])}; only Zensical: {sorted(same[1] - same[0])}"
    for path in sorted(same[0]):
        if path.startswith(COPIED):
            assert (mkdocs / path).read_bytes() == (zensical / path).read_bytes(), path
    assert len([p for p in same[0] if p.endswith(".html")]) > 80


def test_every_page_has_the_same_article_text_and_links_with_either_engine(both):
    mkdocs, zensical = both
    pages = sorted(path for path in _files(mkdocs) if path.endswith(".html"))
    differ = []
    for page in pages:
        ours, theirs = article(mkdocs, page), article(zensical, page)
        assert ours[0], f"{page}: no article text"
        if ours != theirs:
            differ.append(f"{page}:\n  MkDocs:   {ours}\n  Zensical: {theirs}")
    print(f"{len(pages)} pages compared, {len(differ)} differ")
    assert not differ, "\n".join(differ)


def test_the_zensical_site_keeps_materials_look_and_drops_what_it_does_not_use(zensical_site):
    home = (zensical_site / "index.html").read_text(encoding="utf-8")
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', home)
    assert any(re.fullmatch(r"(\./)?assets/stylesheets/classic/main\.[0-9a-f]+\.min\.css", s) for s in sheets), sheets
    assert not (zensical_site / "assets" / "stylesheets" / "modern").exists()
    # Zensical's own search is off: Pagefind searches the site.
    assert not (zensical_site / "search.json").exists() and not (zensical_site / "assets" / "javascripts" / "workers").exists()
    assert (zensical_site / "pagefind" / "pagefind.js").is_file()
    # Every generated page has its body, and no placeholder is left anywhere.
    assert "Childline" in article(zensical_site, "services/childline/index.html")[0]
    assert not [p for p in zensical_site.rglob("*.html") if "hub-generated-page-body" in p.read_text(encoding="utf-8")]


class _Loads(HTMLParser):
    """Every address a page makes the browser fetch as it loads: scripts, images, frames, style sheets, icons, preloads."""

    FETCHING_RELS = {"stylesheet", "icon", "preload", "modulepreload", "preconnect", "dns-prefetch", "manifest"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.addresses = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and attrs.get("src"):
            self.addresses.append(attrs["src"])
        if tag == "link" and set((attrs.get("rel") or "").split()) & self.FETCHING_RELS:
            self.addresses.append(attrs.get("href", ""))


@pytest.mark.parametrize("engine", ("mkdocs", "zensical"))
def test_no_page_loads_anything_from_another_site(both, engine):
    site = dict(zip(("mkdocs", "zensical"), both))[engine]
    for page in site.rglob("*.html"):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        foreign = [address for address in parser.addresses if re.match(r"(?i)([a-z][a-z0-9+.-]*:|//)", address)]
        assert not foreign, f"{engine}: {page.relative_to(site)} loads {foreign}"


def test_an_unknown_engine_is_refused_with_the_setting_to_change(site_sources, tmp_path):
    config = site_sources / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    engine: mkdocs", "    engine: hugo"), encoding="utf-8")
    messages: list[str] = []
    assert not build_site(site_sources, out=tmp_path / "site", log=messages.append)
    line = config.read_text(encoding="utf-8").splitlines().index("    engine: hugo") + 1
    assert messages == [f"mkdocs.yml:{line}: extra.hub.engine: 'hugo' is not allowed; use one of: mkdocs, zensical",
                        "hub build failed: 1 problem in the data; site/ was left as it was"]
    assert not (tmp_path / "site").exists()


def test_the_settings_check_allows_exactly_the_engines_the_build_has():
    assert CHOICES["engine"] == tuple(ENGINES)


def test_hub_build_engine_overrides_the_setting(site_sources, tmp_path):
    built = subprocess.run([sys.executable, "-m", "hub.cli", "--root", str(site_sources), "build", "--engine", "zensical",
                            "--out", str(tmp_path / "site")], capture_output=True, text=True, timeout=300, cwd=REPO)
    assert built.returncode == 0, built.stdout + built.stderr
    assert re.search(r"^hub build: .* by zensical in [0-9.]+ s$", built.stdout, re.M), built.stdout
    assert (tmp_path / "site" / "assets" / "stylesheets" / "classic").is_dir()
