"""`hub serve`: after a change only the pages that show it are rendered and written again,
and broken data never replaces the preview's pages."""

from __future__ import annotations

from hub.build import serve
from hub.build.build import TREE, generate
from hub.build.tree import PageTree, RenderCache


def _mtimes(tree) -> dict:
    return {path.relative_to(tree).as_posix(): path.stat().st_mtime_ns for path in tree.rglob("*") if path.is_file()}


def test_a_changed_record_rewrites_its_page_and_the_lists_that_show_it_and_nothing_else(data_root, replace_in):
    cache = RenderCache()
    assert generate(data_root, cache=cache) == []
    tree = data_root / TREE
    first_render = cache.rendered
    assert first_render > 10
    assert generate(data_root, cache=cache) == [] and cache.rendered == 0, "nothing changed, nothing rendered"
    before = _mtimes(tree)

    replace_in(data_root, "services", "name: Example Helpline", "name: Example Helpline Renamed")
    assert generate(data_root, cache=cache) == []
    after = _mtimes(tree)
    changed = {path for path in after if after[path] != before[path]}
    # The page (its front matter holds the title) and the directory that lists it; a page whose body
    # alone changed has its front matter touched, so a dirty build renders it again.
    assert {"docs/services/example-helpline.md", "bodies/services/example-helpline.html",
            "docs/services/index.md", "bodies/services.html"} <= changed
    assert not {"docs/services/example-district-service.md", "bodies/services/example-district-service.html",
                "docs/resources/example-guide.md", "bodies/resources/example-guide.html"} & changed, "nothing else is written again"
    assert 0 < cache.rendered < first_render and set(changed) <= set(after)
    assert "Example Helpline Renamed" in PageTree(tree).body("services/")
    assert "Example Helpline Renamed" in PageTree(tree).body("services/example-helpline/")


def test_the_tree_is_the_same_with_or_without_the_cache(data_root, replace_in, tmp_path):
    cache = RenderCache()
    generate(data_root, cache=cache)
    replace_in(data_root, "resources", "title: Example Guide", "title: Example Guide, second edition")
    # A record whose address changes: its old page and body go, with the folder that held the body.
    replace_in(data_root, "services", "id: example-district-service", "id: example-district-service-renamed")
    assert generate(data_root, cache=cache) == []
    assert not (data_root / TREE / "bodies" / "services" / "example-district-service.html").exists()
    cached = {p.relative_to(data_root / TREE): p.read_bytes() for p in (data_root / TREE).rglob("*") if p.is_file()}
    import shutil

    shutil.rmtree(data_root / TREE)
    generate(data_root)
    fresh = {p.relative_to(data_root / TREE): p.read_bytes() for p in (data_root / TREE).rglob("*") if p.is_file()}
    assert cached == fresh


def test_broken_data_leaves_the_preview_as_it_was(data_root, replace_in):
    cache = RenderCache()
    generate(data_root, cache=cache)
    before = _mtimes(data_root / TREE)
    replace_in(data_root, "services", "area: national", "area: nationwide")
    problems = generate(data_root, cache=cache)
    assert problems and "nationwide" in str(problems[0])
    assert _mtimes(data_root / TREE) == before


def test_the_preview_shows_a_changed_record_and_renders_only_the_pages_it_touches(site_sources, replace_in, tmp_path):
    site = tmp_path / "preview"
    preview = serve.Preview(site_sources, site, "http://127.0.0.1:8000/hub/", log=lambda line: None)
    assert preview.write_tree()
    preview.render(dirty=False)
    page, other = site / "services" / "childline" / "index.html", site / "resources" / "thinkuknow" / "index.html"
    assert "Childline" in page.read_text(encoding="utf-8")
    other_written = other.stat().st_mtime_ns

    replace_in(site_sources, "services", "name: Childline\n", "name: Childline Renamed\n")
    preview.update()
    assert "Childline Renamed" in page.read_text(encoding="utf-8")
    assert "Childline Renamed" in (site / "services" / "index.html").read_text(encoding="utf-8")
    assert "hub-generated-page-body" not in page.read_text(encoding="utf-8"), "finished as hub build finishes pages"
    assert other.stat().st_mtime_ns == other_written, "a page the change does not touch is not rendered again"


def test_a_broken_record_leaves_the_preview_showing_the_last_good_data(site_sources, replace_in, tmp_path):
    said: list[str] = []
    preview = serve.Preview(site_sources, tmp_path / "preview", "http://127.0.0.1:8000/hub/", log=said.append)
    assert preview.write_tree()
    preview.render(dirty=False)
    page = tmp_path / "preview" / "services" / "index.html"
    before = page.read_bytes()
    replace_in(site_sources, "services", "area: national", "area: nationwide")
    preview.update()
    assert page.read_bytes() == before
    assert "nationwide" in said[0] and said[-1] == "hub serve: the preview still shows the last good data; fix the problems above"


def test_with_zensical_chosen_the_preview_says_plainly_that_mkdocs_renders_it(site_sources, replace_in):
    settings = site_sources / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("    engine: mkdocs\n", "    engine: zensical\n", 1), encoding="utf-8")
    replace_in(site_sources, "services", "area: national", "area: nationwide")  # stops the preview before it serves
    said: list[str] = []
    assert serve.serve(site_sources, port=0, log=said.append) == 1
    assert said[0].startswith("hub serve: this preview is rendered by MkDocs, whatever extra.hub.engine says: "
                              "Zensical's own server (zensical serve) runs none of the hub's steps")
    assert any("nationwide" in line for line in said[1:])
