"""Every generated page, listed in one place, and the writer of the page tree.

The tree is plain Markdown files (with HTML bodies) that any MkDocs-compatible
engine builds: MkDocs + Material today, Zensical tomorrow. Nothing here
imports MkDocs.
"""

from __future__ import annotations

import datetime
import filecmp
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from hub import fieldref
from hub.feed import latest
from hub.records import RECORD_TYPES, Hub
from hub.render import environment, relative_url
from hub.settings import repository_edit_url
from hub.validate import review_due

# Hand-written theme files stay where the engine's `custom_dir` finds them.
_NOT_COPIED = ("overrides",)
# Files that records point to are published here in the site.
FILES_FOLDER = "files"


@dataclass
class Page:
    path: str  # where the Markdown file goes in the tree, e.g. "services/childline.md"
    title: str
    template: str
    context: dict = field(default_factory=dict)
    searchable: bool = True  # False keeps the page out of the search index


def site_pages(hub: Hub, settings: dict) -> list[Page]:
    """The whole generated site: one entry per page."""
    views = record_views(hub, settings)
    standards = hub.vocab["quality_standards"]
    districts = hub.vocab["districts"]
    region = hub.vocab["region"]["name"]
    pages = [
        Page("index.md", settings["site_name"], "home.html", {"front_doors": [v for v in views["services"] if v["record"].get("front_door")]}),
        Page("services/index.md", "Find support", "directory.html", {"items": views["services"]}),
        Page("resources/index.md", "Resources", "library.html", {"items": views["resources"]}),
        Page("campaigns/index.md", "Campaigns", "campaigns.html", {"items": views["campaigns"]}),
        Page("districts/index.md", f"Support by district in {region}", "districts.html", {"districts": districts}),
        Page("quality-standards/index.md", "Quality standards", "standards.html", {"standards": standards}),
        Page("alliance/index.md", hub.alliance["alliance"]["name"], "alliance.html", {"alliance": hub.alliance["alliance"], "meetings": hub.alliance["meetings"]}),
        Page("champions/index.md", "Technology Champions", "champions.html", {"role": hub.champions["role"], "pledges": hub.champions["pledges"]}),
        Page("search/index.md", "Search", "search.html"),
        Page("whats-new/index.md", "What's new", "whats_new.html", {"items": latest(views), "feed": bool(settings["site_url"])}, searchable=False),
    ]
    for kind in RECORD_TYPES:
        template = kind.removesuffix("s") + ".html"
        pages += [Page(view["path"], view["title"], template, {"item": view}) for view in views[kind]]
    by_area = {area: [v for v in views["services"] if v["record"]["coverage"]["area"] == area] for area in ("districts", "region", "national")}
    for district in districts:
        local = [v for v in by_area["districts"] if district["id"] in v["record"]["coverage"]["districts"]]
        resources = [v for v in views["resources"] if district["id"] in v["record"].get("districts", [])]
        pages.append(Page(f"districts/{district['id']}.md", f"Support in {district['name']}", "district.html",
                          {"district": district, "local": local, "regional": by_area["region"], "national": by_area["national"], "resources": resources}))
    for standard in standards:
        tagged = {kind: [v for v in views[kind] if standard["id"] in v["record"].get("quality_standards", [])] for kind in RECORD_TYPES}
        pages.append(Page(f"quality-standards/{standard['id'].lower()}.md", f"{standard['id']}: {standard['name']}", "standard.html",
                          {"standard": standard, "tagged": tagged}))
    pages += fieldref.pages(hub.root / "data" / "schemas")
    return pages


def record_views(hub: Hub, settings: dict) -> dict[str, list[dict]]:
    """Each record with what its pages show beside it: names for its terms,
    its review state and where to suggest a change."""
    names = hub.names
    today = datetime.date.today()
    months = settings["review_interval_months"]
    views = {}
    for kind in RECORD_TYPES:
        views[kind] = []
        for index, record in enumerate(hub.records(kind)):
            reviewed = datetime.date.fromisoformat(record["last_reviewed"])
            due = review_due(reviewed, months)
            views[kind].append({
                "kind": kind,
                "record": record,
                "title": record.get("name") or record["title"],
                "path": f"{kind}/{record['id']}.md",
                "url": f"{kind}/{record['id']}/",
                "names": names,
                "area": hub.area_text(record),
                "district_ids": _district_ids(record, names["districts"]),
                "overdue": due < today,
                "review_due": due.isoformat(),
                "edit_url": repository_edit_url(settings, f"data/{kind}.yaml", hub.line_of(kind, index)),
            })
    return views


def _covers(record: dict, district_id: str) -> bool:
    coverage = record.get("coverage")
    if coverage is None:  # resources and campaigns: region-wide unless they name districts
        return not record.get("districts") or district_id in record["districts"]
    return coverage["area"] != "districts" or district_id in coverage["districts"]


def _district_ids(record: dict, district_names: dict) -> list[str]:
    return [d for d in district_names if _covers(record, d)]


# ----------------------------------------------------------------------------
# Writing the tree
# ----------------------------------------------------------------------------

def write_tree(hub: Hub, settings: dict, out: Path, docs: Path) -> list[Page]:
    """Make `out` hold hand-written `docs` plus every generated page, and nothing else.

    Files whose content is unchanged are not touched, so `mkdocs serve`
    (which watches the tree) settles instead of rebuilding in a loop."""
    out = Path(out)
    if not out.exists() or not any(out.iterdir()):
        return _write_fresh_tree(hub, settings, out, docs)
    with tempfile.TemporaryDirectory(prefix="hub-tree-") as fresh:
        pages = _write_fresh_tree(hub, settings, Path(fresh), docs)
        _sync(Path(fresh), out)
    return pages


def _write_fresh_tree(hub: Hub, settings: dict, fresh: Path, docs: Path) -> list[Page]:
    """Write the whole tree into `fresh`, an empty or missing folder."""
    shutil.copytree(docs, fresh, dirs_exist_ok=True,
                    ignore=lambda folder, names: [n for n in names if Path(folder) == Path(docs) and n in _NOT_COPIED])
    files = hub.root / "resources"
    if files.is_dir():
        # Symbolic links are never published: one could point outside the
        # repository (validation refuses any that a record names).
        shutil.copytree(files, fresh / FILES_FOLDER,
                        ignore=lambda folder, names: [n for n in names if n.startswith(".") or (Path(folder) / n).is_symlink()])
    env = environment()
    pages = site_pages(hub, settings)
    for page in pages:
        target = fresh / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(env, hub, settings, page), encoding="utf-8")
    return pages


def _sync(source: Path, target: Path) -> None:
    """Make `target` a copy of `source`, writing only files that differ."""
    wanted = {p.relative_to(source) for p in source.rglob("*") if not p.is_dir()}
    wanted_dirs = {parent for path in wanted for parent in path.parents}
    if target.exists():
        for existing in sorted(target.rglob("*"), reverse=True):
            relative = existing.relative_to(target)
            if existing.is_dir() and not existing.is_symlink():
                if relative not in wanted_dirs:
                    shutil.rmtree(existing)
            elif relative not in wanted:
                existing.unlink()
    for relative in wanted:
        src, dst = source / relative, target / relative
        if dst.is_file() and not dst.is_symlink() and filecmp.cmp(src, dst, shallow=False):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.is_symlink():
            dst.unlink()
        shutil.copy2(src, dst, follow_symlinks=False)


def render_page(env, hub: Hub, settings: dict, page: Page) -> str:
    # The front matter holds only fixed keys. `render_macros: false` keeps
    # mkdocs-macros away from record text whatever its settings say.
    # JSON strings are valid YAML, and json.dumps cannot be talked into
    # writing a second key, whatever the title says.
    front = f"title: {json.dumps(page.title, ensure_ascii=False)}\nrender_macros: false\n"
    if not page.searchable:
        front += "searchable: false\n"
    body = env.get_template(page.template).render(
        page=page,
        hub=hub,
        settings=settings,
        region=hub.vocab["region"]["name"],
        link=partial(relative_url, page.path),
        files_folder=FILES_FOLDER,
        **page.context,
    )
    return f"---\n{front}---\n\n{body}"
