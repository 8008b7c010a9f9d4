"""`hub serve`: after a change only the pages that show it are rendered and written again,
and broken data never replaces the preview's pages."""

from __future__ import annotations

from hub.build import serve
from hub.build.build import TREE, generate
from hub.build.tree import RenderCache


def _mtimes(tree) -> dict:
    return {path.relative_to(tree).as_posix(): path.stat().st_mtime_ns for path in tree.rglob("*.md")}


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
    assert "services/example-helpline.md" in changed and "services/index.md" in changed
    assert "services/example-district-service.md" not in changed and "resources/example-guide.md" not in changed
    assert 0 < cache.rendered < first_render and set(changed) <= set(after)
    assert "Example Helpline Renamed" in (tree / "services" / "index.md").read_text(encoding="utf-8")
    assert "Example Helpline Renamed" in (tree / "services" / "example-helpline.md").read_text(encoding="utf-8")


def test_the_tree_is_the_same_with_or_without_the_cache(data_root, replace_in, tmp_path):
    cache = RenderCache()
    generate(data_root, cache=cache)
    replace_in(data_root, "resources", "title: Example Guide", "title: Example Guide, second edition")
    generate(data_root, cache=cache)
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


def test_the_watcher_notices_an_edit_a_new_file_and_a_deletion(data_root):
    first = serve._snapshot(data_root)
    (data_root / "resources" / "new.pdf").write_bytes(b"%PDF-1.4\n")
    second = serve._snapshot(data_root)
    assert second != first
    (data_root / "resources" / "new.pdf").unlink()
    services = data_root / "data" / "services.yaml"
    services.write_text(services.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = serve._snapshot(data_root)
    assert third not in (first, second)
