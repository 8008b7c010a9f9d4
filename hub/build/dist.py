"""`hub dist`: the built site as one zip to upload, with a manifest.

dist/hub-site-<YYYY-MM-DD>-<short commit>.zip holds the site's files at its
top level (unzip it into the folder the site is served from, at any
sub-path) plus manifest.json: record counts by type, when the site was
built and packaged, the commit, and the generator's version. The same
manifest is written beside the zip.

A site/ that is missing or older than the data, pages or settings it is
built from is built first (or, with --no-build, refused), so a zip never
holds yesterday's records. Nothing is packaged while mkdocs.yml still holds
placeholders: the site's address (`site_url`, used by the sitemap, the feed
and the open data) and the contact address of the accessibility statement.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from urllib.parse import urlsplit

from hub.build.build import build_site
from hub.build.guard import MARKER, OutputRefused, check_output
from hub.records.loader import load
from hub.records.problems import errors

MANIFEST = "manifest.json"
# Addresses reserved for examples (RFC 2606 and 6761): never a real site's.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net", "localhost")
PLACEHOLDER_ENDINGS = (".example", ".test", ".invalid", ".localhost")
# What a site build reads, besides the generator itself.
INPUTS = ("data", "docs", "resources", "hooks", "mkdocs.yml")


class DistError(Exception):
    """Why no zip was made."""


@dataclass
class Packaged:
    zip: Path
    manifest: Path
    data: dict
    records: str  # what the site holds, in words: '17 services, 18 resources, ...'


def make_dist(root: Path | str = ".", out: Path | str | None = None, build: bool = True, log=print,
              today: datetime.date | None = None) -> Packaged:
    root = Path(root).resolve()
    site = root / "site"
    out = Path(out) if out else root / "dist"
    if not out.is_absolute():
        out = root / out
    out = check_output(root, out, "zip", replaces=False)
    # The settings and the data, read and checked once: the manifest counts them, and a build uses them.
    hub = load(root)
    if not hub.ok:
        raise DistError("the data or mkdocs.yml has problems (`hub validate` lists them); nothing was packaged:\n"
                        + "\n".join(f"  {problem}" for problem in errors(hub.problems)))
    settings = hub.settings
    unready = go_live_problems(settings)
    if unready:
        raise DistError("the site is not ready to publish; set these in mkdocs.yml first:\n" + "\n".join(f"  - {p}" for p in unready))

    reason = stale_reason(root, site)
    if reason:
        if not build:
            raise DistError(f"site/ is {reason}; build it first with `make site` (or run `hub dist` without --no-build)")
        log(f"hub dist: site/ is {reason}; building it first")
        if not build_site(root, log=log, hub=hub):
            raise DistError("the site did not build, so nothing was packaged")

    files = _site_files(site)
    commit, full, dirty = _commit(root)
    now = datetime.datetime.now().astimezone()
    built = datetime.datetime.fromtimestamp((site / "index.html").stat().st_mtime).astimezone()
    day = (today or now.date()).isoformat()
    manifest = {
        "name": settings["site_name"],
        "site_url": settings["site_url"],
        "built_at": built.isoformat(timespec="seconds"),
        "packaged_at": now.isoformat(timespec="seconds"),
        "commit": commit,
        "commit_full": full,
        "uncommitted_changes": dirty,
        "generator": {"name": "scpb-hub", "version": _version("scpb-hub"),
                      "mkdocs": _version("mkdocs"), "mkdocs-material": _version("mkdocs-material"),
                      "pagefind": _version("pagefind_bin", "pagefind-bin"), "python": sys.version.split()[0]},
        "records": hub.counts(),
        "files": len(files) + 1,
        "bytes": sum(path.stat().st_size for _, path in files),
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"

    out.mkdir(parents=True, exist_ok=True)
    stem = f"hub-site-{day}-{commit}"
    target, beside = out / f"{stem}.zip", out / f"{stem}.manifest.json"
    handle, partial = tempfile.mkstemp(prefix=f".{stem}-", suffix=".zip", dir=out)
    os.close(handle)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, path in files:
                archive.write(path, name)
            archive.writestr(_entry(MANIFEST), text)
        os.chmod(partial, 0o644)
        os.replace(partial, target)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    beside.write_text(text, encoding="utf-8")
    return Packaged(target, beside, manifest, hub.count_words())


def go_live_problems(settings: dict) -> list[str]:
    """What mkdocs.yml still needs before the site goes live: each as what to set."""
    problems = []
    site_url = settings.get("site_url", "")
    host = (urlsplit(site_url).hostname or "").lower()
    if not site_url:
        problems.append("site_url is empty; set it to the address the board publishes the site at, "
                        "e.g. site_url: https://www.your-board.org.uk/online-safety/")
    elif urlsplit(site_url).scheme not in ("https", "http") or not host:
        problems.append(f"site_url '{site_url}' is not a web address; write it in full, starting with https://")
    elif _placeholder_host(host):
        problems.append(f"site_url is '{site_url}', a placeholder ({host} is reserved for examples); set it to the address "
                        "the board publishes the site at, e.g. site_url: https://www.your-board.org.uk/online-safety/ "
                        "(the sitemap, the feed and the open data use it)")
    contact = settings.get("contact_email", "")
    if not contact or "@" not in contact:
        problems.append("contact_email under extra.hub is empty; set it to the address that answers requests about the "
                        "site, such as accessibility problems (the accessibility statement gives it), "
                        "e.g. contact_email: safeguarding.partnership@your-council.gov.uk")
    elif _placeholder_host(contact.rpartition("@")[2].lower()):
        problems.append(f"contact_email is '{contact}', a placeholder; set it to the address that answers requests about the site")
    return problems


def _placeholder_host(host: str) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in PLACEHOLDER_DOMAINS) or host.endswith(PLACEHOLDER_ENDINGS)


def stale_reason(root: Path, site: Path) -> str | None:
    """Why `site` cannot be packaged as it is ('missing', 'older than data/...'), or None."""
    index = site / "index.html"
    if not index.is_file():
        return "missing" if not site.exists() else "incomplete (it has no index.html)"
    built = index.stat().st_mtime
    newest, newest_path = 0.0, None
    sources = [root / name for name in INPUTS] + [Path(__file__).parents[1]]  # the hub package
    for source in sources:
        for path in ([source] if source.is_file() else source.rglob("*") if source.is_dir() else []):
            if path.is_file() and "__pycache__" not in path.parts:
                mtime = path.lstat().st_mtime
                if mtime > newest:
                    newest, newest_path = mtime, path
    if newest_path is not None and newest > built:
        shown = newest_path.relative_to(root) if newest_path.is_relative_to(root) else f"the generator ({newest_path.name})"
        return f"older than {shown}"
    return None


def _site_files(site: Path) -> list[tuple[str, Path]]:
    """(name in the zip, path) for every file of the site; symbolic links are refused, never followed."""
    files = []
    for folder, dirs, names in os.walk(site):
        folder_path = Path(folder)
        for name in sorted(dirs + names):
            path = folder_path / name
            if path.is_symlink():
                raise DistError(f"{path.relative_to(site.parent)} is a symbolic link; a built site has none: rebuild it with `make site`")
        dirs.sort()
        for name in sorted(names):
            path = folder_path / name
            relative = path.relative_to(site).as_posix()
            if relative not in (MANIFEST, MARKER):
                files.append((relative, path))
    if not files:
        raise DistError("site/ is empty; build it with `make site`")
    return files


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=datetime.datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _commit(root: Path) -> tuple[str, str, bool]:
    """(short commit, full commit, whether tracked files differ from it); 'unknown' outside git."""
    def git(*args):
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=30)

    try:
        full = git("rev-parse", "HEAD")
        short = git("rev-parse", "--short", "HEAD")
        if full.returncode or short.returncode:
            return "unknown", "", False
        status = git("status", "--porcelain", "--untracked-files=no")
        return short.stdout.strip(), full.stdout.strip(), bool(status.stdout.strip())
    except (OSError, subprocess.SubprocessError):
        return "unknown", "", False


def _version(*names: str) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


# ----------------------------------------------------------------------------
# The command
# ----------------------------------------------------------------------------

def add_command(commands) -> None:
    dist = commands.add_parser("dist", help="zip the built site with a manifest into dist/ (building it first if it is out of date)")
    dist.add_argument("--out", type=Path, help="the folder for the zip (default: dist/)")
    dist.add_argument("--no-build", action="store_true", help="refuse, rather than build, when site/ is missing or older than the data")
    dist.set_defaults(run=run_dist)


def run_dist(args) -> int:
    try:
        packaged = make_dist(Path(args.root), args.out, build=not args.no_build)
    except DistError as error:
        print(f"hub dist failed: {error}", file=sys.stderr)
        return 1
    except OutputRefused as refused:
        print(f"hub dist refused: {refused}; nothing was changed", file=sys.stderr)
        return 2
    data = packaged.data
    size = packaged.zip.stat().st_size / 1_000_000
    print(f"hub dist: wrote {_shown(packaged.zip)} ({data['files']} files, {size:.1f} MB; {packaged.records}; commit {data['commit']}"
          f"{' with uncommitted changes' if data['uncommitted_changes'] else ''}) and {_shown(packaged.manifest)}")
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
