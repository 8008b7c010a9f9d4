"""Every generated page, listed in one place, and the writer of the page tree.

The tree is plain Markdown files (with HTML bodies) that any MkDocs-compatible
engine builds: MkDocs + Material today, Zensical tomorrow. Nothing here
imports MkDocs.
"""

from __future__ import annotations

import datetime
import filecmp
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from hub import fieldref
from hub.feed import latest, what_is_listed
from hub.handover import LIST_DATA, LIST_PAGE, list_data
from hub.kinds import BY_KEY, DISTRICTS, NATIONAL, RECORD_TYPES, REGION, RESOURCES, SERVICES, TRAINING, coverage, is_local_to
from hub.progress import Progress
from hub.records import Hub
from hub.reflection_pages import reflect_pages
from hub.render import environment, relative_url
from hub.sessions import LONDON, month_name
from hub.views import FILES_FOLDER, record_views, upcoming_sessions

# Hand-written theme files stay where the engine's `custom_dir` finds them.
_NOT_COPIED = ("overrides",)


@dataclass
class Page:
    path: str  # where the Markdown file goes in the tree, e.g. "services/childline.md"
    title: str
    template: str
    context: dict = field(default_factory=dict)
    searchable: bool = True  # False keeps the page out of the search index


# How many upcoming sessions the home page shows.
HOME_SESSIONS = 3


def site_pages(hub: Hub, settings: dict, now: datetime.datetime | None = None, views: dict | None = None) -> list[Page]:
    """The whole generated site as of `now` (default: this moment): one entry per page.
    `views` are the record views as of `now`, if the caller has them already."""
    now = now or datetime.datetime.now(LONDON)
    views = views if views is not None else record_views(hub, settings, now)
    standards = hub.vocab["quality_standards"]
    districts = hub.vocab["districts"]
    region = hub.vocab["region"]["name"]
    services, training = views[SERVICES.key], views[TRAINING.key]
    sessions = upcoming_sessions(training)
    # A few more sessions than the home page shows, for hub.js to move up when some end after the build.
    home = {**help_now(hub, services), "sessions": sessions[:HOME_SESSIONS * 2], "shown": HOME_SESSIONS}
    recommendations = Page("recommendations/index.md", "The report's recommendations", "recommendations.html",
                           {"report": hub.report["report"], "recommendations": hub.report["recommendations"]})
    pages = [
        Page("index.md", settings["site_name"], "home.html", home),
        Page("services/index.md", "Find support", "directory.html", {"items": services}),
        Page("resources/index.md", "Resources", "library.html", {"items": views["resources"]}),
        Page("campaigns/index.md", "Campaigns", "campaigns.html", {"items": views["campaigns"]}),
        Page("training/index.md", TRAINING.heading, "training.html",
             {"sessions": sessions, "on_demand": [v for v in training if v["record"].get("on_demand")],
              "months": [(month, month_name(month)) for month in sorted({session.month for session, _ in sessions})], "built": now.date()}),
        Page("districts/index.md", f"Support by district in {region}", "districts.html", {"districts": districts}),
        Page("quality-standards/index.md", "Quality standards", "standards.html", {"standards": standards}),
        Page("alliance/index.md", hub.alliance["alliance"]["name"], "alliance.html", {"alliance": hub.alliance["alliance"], "meetings": hub.alliance["meetings"]}),
        Page("champions/index.md", "Technology Champions", "champions.html", {"role": hub.champions["role"], "pledges": hub.champions["pledges"]}),
        Page("search/index.md", "Search", "search.html", {"listed": what_is_listed()}),
        Page("whats-new/index.md", "What's new", "whats_new.html", {"items": latest(views), "listed": what_is_listed(), "feed": bool(settings["site_url"])},
             searchable=False),
        Page(LIST_PAGE, "My list", "my_list.html", {"data_file": LIST_DATA}, searchable=False),
        recommendations,
    ]
    for record_type in RECORD_TYPES:
        pages += [Page(view["path"], view["title"], record_type.template, {"item": view}) for view in views[record_type.key]]
    wide_services = {area: [v for v in services if coverage(v["record"])["area"] == area] for area in (REGION, NATIONAL)}
    for district in districts:
        local = {kind: [v for v in views[kind] if is_local_to(v["record"], district["id"])] for kind in (SERVICES.key, RESOURCES.key)}
        nearby_training = [v for v in training if is_local_to(v["record"], district["id"]) or coverage(v["record"])["area"] == REGION]
        pages.append(Page(f"districts/{district['id']}.md", f"Support in {district['name']}", "district.html",
                          {"district": district, "local": local[SERVICES.key], "regional": wide_services[REGION],
                           "national": wide_services[NATIONAL], "resources": local[RESOURCES.key], "training": nearby_training}))
    for standard in standards:
        tagged = {kind: [v for v in kind_views if standard["id"] in v["record"].get("quality_standards", [])] for kind, kind_views in views.items()}
        baselines = [b for b in hub.report["baselines"] if b["standard"] == standard["id"]]
        pages.append(Page(f"quality-standards/{standard['id'].lower()}.md", f"{standard['id']}: {standard['name']}", "standard.html",
                          {"standard": standard, "tagged": tagged, "record_types": RECORD_TYPES, "baselines": baselines,
                           "report": hub.report["report"]}))
    pages += [Page(**spec) for spec in reflect_pages(hub, views)]
    pages += field_reference_pages(hub)
    # Links to pages of this site (the recommendations' "what the hub does")
    # are links only when the page is built: hand-written or generated.
    published = {site_path(page.path) for page in pages} | {site_path(md.relative_to(hub.root / "docs").as_posix())
                                                            for md in (hub.root / "docs").rglob("*.md")}
    recommendations.context["published"] = frozenset(published)
    return pages


def help_now(hub: Hub, services: list[dict]) -> dict:
    """The home page's ways to act now: region-wide and national lines for
    everyone, then each district's own front doors, and whether a district
    has a confirmed number for the public (not only for professionals)."""
    front_doors = [v for v in services if v["record"].get("front_door")]
    professional = {term["id"] for term in hub.vocab["audiences"] if term.get("professional")}

    def public_phone(view: dict) -> bool:
        return bool(view["record"]["contact"].get("phone")) and bool(set(view["record"]["audiences"]) - professional)

    # The region's own lines (the police) before national ones.
    wide = sorted((v for v in front_doors if coverage(v["record"])["area"] != DISTRICTS),
                  key=lambda v: coverage(v["record"])["area"] != REGION)
    local = {d["id"]: [v for v in front_doors if is_local_to(v["record"], d["id"])] for d in hub.vocab["districts"]}
    return {
        "wide_doors": [v for v in wide if public_phone(v)],
        "district_doors": local,
        "public_phone": {district: any(public_phone(v) for v in doors) for district, doors in local.items()},
    }


def field_reference_pages(hub: Hub) -> list[Page]:
    """The contributors' field reference: an index and one page per data file, from the schemas."""
    files = fieldref.documented_files(hub.root / "data" / "schemas")
    pages = [Page("contribute/fields/index.md", "Field reference", "fields_index.html", {"files": files}, searchable=False)]
    pages += [Page(f"contribute/fields/{f['name']}.md", f"Fields of {f['name']}.yaml", "fields.html", f, searchable=False) for f in files]
    return pages


# ----------------------------------------------------------------------------
# Writing the tree
# ----------------------------------------------------------------------------

def write_tree(hub: Hub, settings: dict, out: Path, docs: Path, now: datetime.datetime | None = None,
               progress: Progress | None = None, cache: RenderCache | None = None, views: dict | None = None) -> list[Page]:
    """Make `out` hold hand-written `docs`, the files records point to and every
    generated page as of `now`, and nothing else.

    Into a folder that already holds a tree, only files whose content changed
    are written, so `mkdocs serve --dirty` renders only the pages that changed.
    `cache` (hub serve) keeps rendered pages between calls: a page is rendered
    again only when something it shows has changed. `views` are the records'
    views as of `now`, when the caller has them already."""
    out = Path(out)
    progress = progress or Progress(quiet=True)
    fresh = not out.exists() or not any(out.iterdir())
    copies = _copied_files(docs, hub.root / "resources")
    now = now or datetime.datetime.now(LONDON)
    views = views if views is not None else record_views(hub, settings, now)
    pages = site_pages(hub, settings, now, views)
    generated = {LIST_DATA: list_data(views)}
    keys = cache.keys_for(hub, settings) if cache else None
    env = cache.env if cache else environment()
    with progress.phase("writing pages", len(pages), "pages") as step:
        for page in pages:
            generated[page.path] = cache.render(env, hub, settings, page, keys) if cache else render_page(env, hub, settings, page)
            if fresh:  # straight to disk: nothing to compare with, and no need to hold every page
                _write(out / page.path, generated.pop(page.path))
            step.advance()
    if fresh:
        for relative, text in generated.items():
            _write(out / relative, text)
        for relative, source in copies.items():
            (out / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, out / relative)
    else:
        # Pages the cache did not render again are as written last time: no need to compare them.
        _sync(out, generated, copies, unchanged=cache.unchanged if cache else set())
    return pages


class RenderCache:
    """Pages rendered by earlier calls of write_tree (`hub serve`). A page's key
    is a digest of everything it shows: its template, title, path and context
    (each record it lists by the record's own fields and review state), the
    data files every page may read (vocabularies, the alliance, ...) and the
    settings. A page whose key is unchanged is not rendered again."""

    def __init__(self):
        self._pages: dict[str, tuple[str, str]] = {}  # page path -> (key, text)
        self._views: dict[int, str] = {}  # id of a view -> its digest, for the current call
        self._shared = ""
        self.rendered = 0  # pages rendered by the last call
        self.unchanged: set[str] = set()  # pages the last call did not render again
        # Kept between calls, with each card known by what it shows rather than by its address.
        self.env = environment(card_key=lambda item: (self._shared, _fingerprint(item, self._views)))

    def keys_for(self, hub: Hub, settings: dict) -> dict:
        self.rendered = 0
        self.unchanged = set()
        self._views = {}
        shared = {name: source.data for name, source in hub.sources.items() if name not in BY_KEY}
        self._shared = _digest([shared, settings])
        return {"shared": self._shared, "views": self._views}

    def render(self, env, hub: Hub, settings: dict, page: Page, keys: dict) -> str:
        key = _digest([keys["shared"], page.path, page.title, page.template, page.searchable, _fingerprint(page.context, keys["views"])])
        cached = self._pages.get(page.path)
        if cached and cached[0] == key:
            self.unchanged.add(page.path)
            return cached[1]
        text = render_page(env, hub, settings, page)
        self._pages[page.path] = (key, text)
        self.rendered += 1
        return text


# What a view shows that is shared by every view (fingerprinted once, with the data files).
_SHARED_IN_VIEWS = ("names", "search_words", "type")


def _fingerprint(value, views: dict):
    """`value` with each record view replaced by a digest of what it shows (computed once per view)."""
    if isinstance(value, dict) and "record" in value and "type" in value:
        if id(value) not in views:
            views[id(value)] = _digest({k: v for k, v in value.items() if k not in _SHARED_IN_VIEWS})
        return views[id(value)]
    if isinstance(value, dict):
        return {str(k): _fingerprint(v, views) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_fingerprint(v, views) for v in value]
    return value


def _digest(value) -> str:
    text = json.dumps(value, sort_keys=True, default=repr, ensure_ascii=False)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _copied_files(docs: Path, resources: Path) -> dict[str, Path]:
    """Tree path -> source file for the hand-written pages (docs/, but not the
    theme in docs/overrides) and the files records point to (resources/,
    published under files/). Symbolic links are never published: one could
    point outside the repository (validation refuses any that a record names)."""
    copies = {}
    for folder, prefix, skip in ((docs, "", _NOT_COPIED), (resources, f"{FILES_FOLDER}/", ())):
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if relative.parts[0] in skip or any(part.startswith(".") for part in relative.parts if prefix):
                continue
            if any(parent.is_symlink() for parent in [path, *path.parents] if parent.is_relative_to(folder) and parent != folder):
                continue
            if path.is_file():
                copies[prefix + relative.as_posix()] = path
    return copies


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _sync(out: Path, generated: dict[str, str], copies: dict[str, Path], unchanged: set[str]) -> None:
    """Make `out` hold exactly `generated` (texts) and `copies` (source files), writing only what
    differs; files in `unchanged` are known to be as they were written last time."""
    wanted = set(generated) | set(copies)
    wanted_dirs = {parent.as_posix() for relative in wanted for parent in Path(relative).parents}
    for existing in sorted(out.rglob("*"), reverse=True):
        relative = existing.relative_to(out).as_posix()
        if existing.is_dir() and not existing.is_symlink():
            if relative not in wanted_dirs:
                shutil.rmtree(existing)
        elif relative not in wanted:
            existing.unlink()
    for relative, text in generated.items():
        target = out / relative
        if relative in unchanged and target.is_file() and not target.is_symlink():
            continue
        if not (target.is_file() and not target.is_symlink() and target.read_text(encoding="utf-8") == text):
            target.unlink(missing_ok=True)
            _write(target, text)
    for relative, source in copies.items():
        target = out / relative
        if not (target.is_file() and not target.is_symlink() and filecmp.cmp(source, target, shallow=False)):
            target.unlink(missing_ok=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def site_path(page_path: str) -> str:
    """Where a page of the tree is served: 'services/index.md' -> 'services/', 'staying-safe.md' -> 'staying-safe/'."""
    stem = page_path.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return f"{stem}/" if stem else ""


# Every generated page's front matter says so: its body is HTML, ready as it
# is, so the engine need not run Markdown over it (hooks/hub_hooks.py).
HTML_BODY = "html_body"
_FRONT_MATTER_END = "\n---\n\n"


def render_page(env, hub: Hub, settings: dict, page: Page) -> str:
    # The front matter holds only fixed keys. `render_macros: false` keeps
    # mkdocs-macros away from record text whatever its settings say.
    # JSON strings are valid YAML, and json.dumps cannot be talked into
    # writing a second key (or a line of its own), whatever the title says.
    front = f"title: {json.dumps(page.title, ensure_ascii=False)}\nrender_macros: false\n{HTML_BODY}: true\n"
    if not page.searchable:
        front += "searchable: false\n"
    body = env.get_template(page.template).render(
        page=page,
        hub=hub,
        settings=settings,
        region=hub.vocab["region"]["name"],
        link=partial(relative_url, page.path),
        **page.context,
    )
    return f"---\n{front}---\n\n{body}"


def generated_body(path: Path | str) -> str:
    """The HTML body of a page file render_page wrote (its front matter left out)."""
    return Path(path).read_text(encoding="utf-8").split(_FRONT_MATTER_END, 1)[1].rstrip("\n")
