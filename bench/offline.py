"""The offline copy: what "Keep this hub on this device" keeps, at the
repository's own data and at SYNTHETIC sizes.

    .venv/bin/python bench/offline.py --sizes 1000,10000   # this section alone, printed

Each site is built with the real build (hub.build.build.build_site). The
build's own list (offline/build.json, hub/build/offline.py) says what is kept
up front; then Chromium opens the site served on loopback, ticks the switch
on My list, and once the copy is saved reads back what Cache Storage holds:
the number of entries, the bytes of their bodies, and the origin's usage as
`navigator.storage.estimate()` reports it. The transfer is estimated by
gzipping each kept file (level 6, as web servers commonly compress); hosts
that do not compress send the stored bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
import time
from pathlib import Path

from processes import REPO
from synthetic import make_root

TITLE = "Keeping the hub on a device (offline copy)"
DEFAULT_SIZES = (1_000, 10_000)
QUICK_SIZES = (100,)
REAL = "the repository's data"
# A copy a phone can hold without its owner noticing, and a mobile plan can download.
TARGET_STORED_BYTES = 100_000_000


def run(options, log) -> list[dict]:
    from hub.build.build import build_site
    from hub.build.progress import Progress

    sizes = options.sizes or (QUICK_SIZES if options.quick else DEFAULT_SIZES)
    results = []
    with tempfile.TemporaryDirectory(prefix="hub-bench-offline-") as scratch:
        for count in (None, *sizes):
            label = REAL if count is None else f"{count:,} SYNTHETIC services"
            log(f"offline copy: building {label}")
            root = REPO if count is None else make_root(Path(scratch) / f"n{count}" / "root", count)
            out = Path(scratch) / f"n{count or 'real'}" / "site"
            progress = Progress(quiet=True)
            messages: list[str] = []
            if not build_site(root, out=out, log=messages.append, progress=progress):
                raise SystemExit(f"the build of {label} failed:\n" + "\n".join(messages))
            log(f"offline copy: saving {label} in Chromium")
            results.append(measure(out, count, progress.timing("preparing the offline copy").seconds))
    return results


def measure(site: Path, count: int | None, phase_seconds: float) -> dict:
    from hub.build.offline import BUILD_FILE, FILE_LIST, kept_kinds
    from hub.records.loader import load

    build = json.loads((site / BUILD_FILE).read_text(encoding="utf-8"))
    kinds = kept_kinds(site)
    listed = json.loads((site / FILE_LIST).read_text(encoding="utf-8"))["keep"]
    whole = [path for path, kind in kinds.items() if kind != "never"]
    services = count if count is not None else len(load(REPO).records("services"))
    return {
        "services": services,
        "real": count is None,
        "pages": sum(1 for path in kinds if path.endswith(".html")),
        "whole_site": build["whole_site"],
        "listed_files": len(listed),
        "listed_bytes": build["bytes"],
        "gzip_bytes": sum(len(gzip.compress((site / file_of(address)).read_bytes(), 6)) for address in listed),
        "whole_bytes": sum((site / path).stat().st_size for path in whole),
        "site_bytes": sum((site / path).stat().st_size for path in kinds),
        "phase_seconds": phase_seconds,
        "browser": in_chromium(site),
    }


def file_of(address: str) -> str:
    """The file a listed address is served from: './' -> 'index.html', 'services/' -> 'services/index.html'."""
    path = address.split("?")[0]
    return "index.html" if path == "./" else path + "index.html" if path.endswith("/") else path


def in_chromium(site: Path) -> dict:
    """Tick "Keep this hub on this device" and read back what Cache Storage holds."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serve

    with serve(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(service_workers="allow")
            page = context.new_page()
            page.goto(url + "my-list/", wait_until="networkidle")
            started = time.perf_counter()
            page.check("#hub-offline-keep")
            page.locator("[data-hub-offline-status]").filter(has_text="Kept on this device").wait_for(timeout=30 * 60_000)
            seconds = time.perf_counter() - started
            held = page.evaluate("""async () => {
                const names = await caches.keys();
                let entries = 0, bytes = 0;
                for (const name of names) {
                    const cache = await caches.open(name);
                    for (const request of await cache.keys()) {
                        entries += 1;
                        bytes += (await (await cache.match(request)).blob()).size;
                    }
                }
                return {caches: names.length, entries, bytes, usage: (await navigator.storage.estimate()).usage};
            }""")
        finally:
            browser.close()
    return {**held, "seconds": seconds}


def _mb(value: int) -> str:
    return f"{value / 1e6:,.1f}"


def report(results: list[dict]) -> str:
    rows = ["## " + TITLE, "",
            "| Services | Pages | Whole site kept up front | Files kept up front | Kept up front (MB, stored) | Sent, if the host gzips (MB) "
            "| Whole site that could be kept (MB) | Site folder (MB) | In Chromium: entries | In Chromium: bodies (MB) "
            "| In Chromium: storage.estimate() usage (MB) | Saving, from the tick (s) | Build phase (s) |",
            "|" + "---:|" * 13]
    for r in results:
        b = r["browser"]
        name = f"{r['services']:,} (real)" if r["real"] else f"{r['services']:,}"
        rows.append(f"| {name} | {r['pages']:,} | {'yes' if r['whole_site'] else 'no: the rest as visited'} | {r['listed_files']:,} "
                    f"| {_mb(r['listed_bytes'])} | {_mb(r['gzip_bytes'])} | {_mb(r['whole_bytes'])} | {_mb(r['site_bytes'])} "
                    f"| {b['entries']:,} | {_mb(b['bytes'])} | {_mb(b['usage'])} | {b['seconds']:.1f} | {r['phase_seconds']:.1f} |")
    from hub.build.offline import WHOLE_SITE_BYTES
    rows += ["",
             "Method: each site built by `hub build`; \"kept up front\" is the build's own list (offline/files.json), all of the site "
             f"while that stays under {_mb(WHOLE_SITE_BYTES)} MB, otherwise the home page, every list and help page at the top of the site, "
             "the district pages, the self-reflection tool, My list and its data, the search index and the files pages load (other "
             "pages are kept as they are visited). Chromium then saved the copy from a loopback server after the switch on My list "
             "was ticked; entries and bytes are read back from Cache Storage. \"Sent, if the host gzips\" gzips each kept file at "
             "level 6. Open data, calendars, the feed and Pagefind's unused interfaces are never kept up front."]
    return "\n".join(rows)


def targets(results: list[dict]) -> list[tuple[str, str, bool | None]]:
    found = []
    for r in results:
        b = r["browser"]
        found.append((f"The browser keeps exactly the build's list at {r['services']:,} services",
                      f"{b['entries']:,} entries in {b['caches']} cache for {r['listed_files']:,} files listed; "
                      f"{_mb(b['bytes'])} MB of bodies for {_mb(r['listed_bytes'])} MB listed",
                      b["entries"] == r["listed_files"] and b["caches"] == 1))
    largest = max(results, key=lambda r: r["services"])
    found.append((f"The copy kept up front at {largest['services']:,} services under {_mb(TARGET_STORED_BYTES)} MB stored",
                  f"{_mb(largest['browser']['bytes'])} MB ({largest['listed_files']:,} files; "
                  f"{'the whole site' if largest['whole_site'] else 'other pages kept as visited'})",
                  largest["browser"]["bytes"] <= TARGET_STORED_BYTES))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated numbers of SYNTHETIC services, after the real data (default 1000,10000)")
    args = parser.parse_args(argv)
    args.quick = False
    args.sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",")] if args.sizes else None
    results = run(args, lambda line: print(line, file=sys.stderr, flush=True))
    print(report(results))
    print()
    for target, finding, met in targets(results):
        print(f"- {target}: {finding}: {'met' if met else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
