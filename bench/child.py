"""One build, in a fresh process started by bench/run.py: `child.py MODE ROOT OUT`
prints the build's figures as one line of JSON. MODE is full (the hub's build
with MkDocs), zensical (the same build with Zensical), baseline (plain MkDocs +
Material) or tree (the baseline's input).

Each build imports only what it needs, inside its own function: this
module's top imports nothing from the hub or MkDocs, so the baseline's
process holds MkDocs + Material alone and its memory is theirs."""

from __future__ import annotations

import json
import logging
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _rss_mb(kilobytes: int) -> float:
    return kilobytes / 1024  # Linux reports ru_maxrss and VmHWM in KiB


def _own_peak_mb() -> float:
    from processes import own_peak_kib  # bench/ is this script's folder

    return _rss_mb(own_peak_kib())


def child_full(root: Path, out: Path, engine: str = "mkdocs") -> dict:
    """The full build with `engine`, timed by the build's own progress reporter (the same phases `make site` prints)."""
    from hub.build.build import build_site
    from hub.build.progress import Progress

    progress = Progress(quiet=True)
    messages: list[str] = []
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, started_cpu = time.perf_counter(), time.process_time()
    ok = build_site(root, out, log=messages.append, progress=progress, engine=engine)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Every child counts: Pagefind, the writer of the feed, calendars and open data, and Zensical.
    children_cpu = (children.ru_utime - children_before.ru_utime) + (children.ru_stime - children_before.ru_stime)
    return {
        "ok": ok, "seconds": seconds, "cpu_seconds": cpu + children_cpu, "log": messages[-5:],
        "phases": {t.name: t.seconds for t in progress.timings},
        "phases_cpu": {t.name: t.cpu_seconds for t in progress.timings},
        "rss_python_mb": _own_peak_mb(),
        "rss_children_mb": _rss_mb(children.ru_maxrss),
    }


def baseline_config(root: Path, tree: Path, out: Path) -> dict:
    """A minimal MkDocs + Material config for the same tree: lunr search, records out of the nav."""
    from hub.records.settings import mkdocs_config

    hub_config = mkdocs_config(root)
    config = {
        "site_name": hub_config["site_name"],
        "site_url": hub_config.get("site_url"),
        "docs_dir": str(tree),
        "site_dir": str(out),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": "en", "font": False, "features": ["navigation.sections", "navigation.indexes"]},
        "plugins": ["search"],
        "markdown_extensions": hub_config.get("markdown_extensions", []),
        "not_in_nav": hub_config.get("not_in_nav", ""),
        "nav": hub_config.get("nav"),
    }
    return {k: v for k, v in config.items() if v is not None}


def child_tree(root: Path, tree: Path) -> dict:
    """The baseline's input: the hub's page tree, written before the baseline runs (and not in its figures)."""
    from hub.build.tree import PageTree, write_tree
    from hub.records.loader import load
    from hub.records.settings import load_settings

    settings = load_settings(root)
    data = load(root, review_months=settings["review_interval_months"])
    if not data.ok:
        return {"ok": False, "log": [str(p) for p in data.problems[:5]]}
    started = time.perf_counter()
    # Whole pages: plain Material runs Markdown over every body, as any engine without the hub's help would.
    write_tree(data, settings, PageTree(tree), root / "docs", whole_pages=True)
    return {"ok": True, "seconds": time.perf_counter() - started}


def child_baseline(root: Path, out: Path) -> dict:
    """Plain MkDocs + Material (and its lunr search) building the tree child_tree wrote beside `out`."""
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    tree = out.parent / "baseline-tree" / "docs"
    config_file = out.parent / "baseline-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(baseline_config(root, tree, out), sort_keys=False), encoding="utf-8")
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    started, started_cpu = time.perf_counter(), time.process_time()
    build(load_config(config_file=str(config_file)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return {"ok": True, "seconds": seconds, "cpu_seconds": cpu,
            "rss_python_mb": _own_peak_mb()}


def main(argv: list[str]) -> int:
    mode, root, out = argv
    sys.path.insert(0, str(REPO))
    builds = {"full": child_full, "zensical": lambda root, out: child_full(root, out, engine="zensical"),
              "baseline": child_baseline, "tree": child_tree}
    report = builds[mode](Path(root), Path(out))
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
