"""The full build with each engine against plain MkDocs + Material at each size, and `hub validate` against a bare YAML load.

For each size, in a temporary copy of the repository whose data/services.yaml
holds that many SYNTHETIC services (bench/synthetic.py), each way builds in a
fresh process (bench/child.py) with its memory sampled (bench/processes.py):

- the full build with MkDocs, and the same build with Zensical:
  hub.build.build.build_site, timed phase by phase by the build's own
  progress reporter (hub.build.progress, the public timing hook);
- the baseline: the same page tree built by plain MkDocs + Material with its
  lunr search plugin, records kept out of the nav as in the hub's mkdocs.yml.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from pathlib import Path

from processes import REPO, run_child
from search import SEARCH_WORD, first_search
from synthetic import make_root

from hub.build.search import PAGES_PER_PART, SEARCH_FOLDER
from hub.records.yamlsource import MAX_FILE_BYTES

TITLE = "Building the site"
DEFAULT_SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (20, 100)


def run(options, log) -> list[dict]:
    """Every size the options ask for, built both ways `options.repeat` times."""
    import tempfile

    results = []
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as scratch:
        for count in options.sizes or (QUICK_SIZES if options.quick else DEFAULT_SIZES):
            results.append(measure(count, Path(scratch) / f"n{count}", log, repeat=max(1, options.repeat)))
    return results


def validation_times(root: Path, repeat: int) -> dict:
    """`hub validate` against a bare LibYAML load of the same data files, each in a fresh process, fastest of `repeat`."""
    files = [str(path) for path in sorted((root / "data").glob("*.yaml"))]
    bare = ("import sys, time, yaml\nstarted = time.perf_counter()\n"
            "for name in sys.argv[1:]:\n    yaml.load(open(name, 'rb'), Loader=yaml.CSafeLoader)\n"
            "print(time.perf_counter() - started)")
    timed = {"bare_load": [sys.executable, "-c", bare, *files],
             "bare_load_no_gc": [sys.executable, "-c", "import gc; gc.disable()\n" + bare, *files],
             "validate": [sys.executable, "-c", "import sys, time\nfrom hub.cli import main\nstarted = time.perf_counter()\n"
                          "code = main(['--root', sys.argv[1], 'validate'])\nprint(time.perf_counter() - started)\nsys.exit(code)", str(root)]}
    found = {}
    for name, command in timed.items():
        runs = []
        for _ in range(repeat):
            result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True)
            runs.append(float(result.stdout.strip().splitlines()[-1]))
        found[name] = min(runs)
    return found



def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


# The ways each size is built, in the order they run (bench/child.py).
MODES = ("full", "zensical", "baseline")


def measure(count: int, workdir: Path, log, repeat: int = 1) -> dict:
    """Build `count` services every way, `repeat` times each (alternating), keeping each way's fastest run."""
    root = make_root(workdir / "root", count)
    yaml_bytes = (root / "data" / "services.yaml").stat().st_size
    load_before = os.getloadavg()[0]
    runs_of = {mode: [] for mode in MODES}
    for attempt in range(repeat):
        for mode, runs in runs_of.items():
            out = workdir / f"{mode}-{attempt}" / "site"
            if mode == "baseline":
                tree_report = run_child("tree", root, out.parent / "baseline-tree")
            log(f"  {count:>6} services ({yaml_bytes / 1e6:.1f} MB of YAML): {mode} build {attempt + 1} of {repeat} ...")
            report = run_child(mode, root, out)
            if mode == "baseline":
                report["tree_seconds"] = tree_report["seconds"]
            report["site"] = out
            runs.append(report)
            log(f"  {count:>6} services: {mode} build took {report['seconds']:.1f} s ({report['cpu_seconds']:.1f} s CPU)")
    log(f"  {count:>6} services: hub validate against a bare LibYAML load ...")
    validation = validation_times(root, repeat=max(2, repeat))
    load_after = os.getloadavg()[0]
    full, zensical, baseline = (min(runs_of[mode], key=lambda r: r["seconds"]) for mode in MODES)
    site, base_site = full["site"], baseline["site"]
    lunr = base_site / "search" / "search_index.json"
    search = first_search(site)
    result = {
        "records": count,
        "runs": repeat,
        "pages": sum(1 for _ in site.rglob("index.html")),
        "services_yaml_bytes": yaml_bytes,
        "full_seconds": full["seconds"],
        "full_cpu_seconds": full["cpu_seconds"],
        "full_seconds_all": [r["seconds"] for r in runs_of["full"]],
        "phases": full["phases"],
        "phases_cpu": full["phases_cpu"],
        "per_record_ms": full["seconds"] / count * 1000,
        "per_record_cpu_ms": full["cpu_seconds"] / count * 1000,
        "baseline_seconds": baseline["seconds"],
        "baseline_cpu_seconds": baseline["cpu_seconds"],
        "baseline_seconds_all": [r["seconds"] for r in runs_of["baseline"]],
        "zensical_seconds": zensical["seconds"],
        "zensical_cpu_seconds": zensical["cpu_seconds"],
        "zensical_seconds_all": [r["seconds"] for r in runs_of["zensical"]],
        "zensical_phases": zensical["phases"],
        "zensical_phases_cpu": zensical["phases_cpu"],
        "zensical_ratio": zensical["seconds"] / baseline["seconds"],
        "zensical_cpu_ratio": zensical["cpu_seconds"] / baseline["cpu_seconds"],
        "zensical_site_bytes": folder_bytes(zensical["site"]),
        "peak_zensical_mb": zensical["peak_total_mb"],
        "rss_zensical_python_mb": zensical["rss_python_mb"],
        "rss_zensical_children_mb": zensical["rss_children_mb"],
        "baseline_tree_seconds": baseline["tree_seconds"],
        "ratio": full["seconds"] / baseline["seconds"],
        "cpu_ratio": full["cpu_seconds"] / baseline["cpu_seconds"],
        "site_bytes": folder_bytes(site),
        "baseline_site_bytes": folder_bytes(base_site),
        "pagefind_bytes": folder_bytes(site / SEARCH_FOLDER),
        "openreferral_bytes": folder_bytes(site / "openreferral"),
        "search": search,
        "lunr_bytes": lunr.stat().st_size,
        "lunr_gzip_bytes": len(gzip.compress(lunr.read_bytes(), 6)),
        "search_ratio": search["bytes"] / lunr.stat().st_size,
        "rss_full_python_mb": full["rss_python_mb"],
        "rss_full_children_mb": full["rss_children_mb"],
        "rss_baseline_mb": baseline["rss_python_mb"],
        "peak_full_mb": full["peak_total_mb"],
        "peak_baseline_mb": baseline["peak_total_mb"],
        "validation": validation,
        "load_average": [round(load_before, 2), round(load_after, 2)],
    }
    shutil.rmtree(workdir, ignore_errors=True)
    return result


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f}"


def _kb(n: float) -> str:
    return f"{n / 1e3:,.0f}"


def table(results: list[dict]) -> str:
    head = ("| Records | Pages | Baseline: plain Material (s) | MkDocs build (s) | MkDocs / baseline | Zensical build (s) | Zensical / baseline "
            "| CPU (s): baseline / MkDocs / Zensical | CPU: MkDocs / baseline, Zensical / baseline "
            "| Peak memory (MB): baseline / MkDocs / Zensical | Peak memory: MkDocs / baseline, Zensical / baseline "
            "| Site (MB): baseline / MkDocs / Zensical | Pagefind folder (MB) | First search (KB) | lunr index (KB) | First search / lunr |")
    rows = [head, "|" + "---:|" * (head.count("|") - 1)]
    for r in results:
        rows.append(
            f"| {r['records']:,} | {r['pages']:,} | {r['baseline_seconds']:.1f} | {r['full_seconds']:.1f} | {r['ratio']:.2f}x "
            f"| {r['zensical_seconds']:.1f} | {r['zensical_ratio']:.2f}x "
            f"| {r['baseline_cpu_seconds']:.1f} / {r['full_cpu_seconds']:.1f} / {r['zensical_cpu_seconds']:.1f} "
            f"| {r['cpu_ratio']:.2f}x, {r['zensical_cpu_ratio']:.2f}x "
            f"| {r['peak_baseline_mb']:,.0f} / {r['peak_full_mb']:,.0f} / {r['peak_zensical_mb']:,.0f} "
            f"| {r['peak_full_mb'] / r['peak_baseline_mb']:.2f}x, {r['peak_zensical_mb'] / r['peak_baseline_mb']:.2f}x "
            f"| {_mb(r['baseline_site_bytes'])} / {_mb(r['site_bytes'])} / {_mb(r['zensical_site_bytes'])} | {_mb(r['pagefind_bytes'])} "
            f"| {_kb(r['search']['bytes'])} | {_kb(r['lunr_bytes'])} | {r['search_ratio'] * 100:.1f}% |")
    return "\n".join(rows)


# The phases `hub build` reports (hub/build/build.py), in order, with each engine. Zensical's pages are
# finished (their bodies put in, their markup mended, Pagefind fed) after it has written them all.
PHASES = ("checking the data", "writing the feed, calendars and open data", "writing pages", "rendering",
          "indexing for search", "preparing the offline copy", "putting the site together")
ZENSICAL_PHASES = ("checking the data", "writing the feed, calendars and open data", "writing pages", "rendering",
                   "finishing pages", "indexing for search", "preparing the offline copy", "putting the site together")


def phase_table(results: list[dict]) -> str:
    rows = ["| Records | Engine | " + " | ".join(f"{n}: wall / CPU (s)" for n in ZENSICAL_PHASES)
            + " | Peak RSS, largest process: build / its largest child (MB) |", "|---:|---|" + "---:|" * (len(ZENSICAL_PHASES) + 1)]
    for r in results:
        for engine, prefix in (("MkDocs", ""), ("Zensical", "zensical_")):
            phases, cpu = r[f"{prefix}phases"], r[f"{prefix}phases_cpu"]
            cells = [f"{phases[n]:.1f} / {cpu[n]:.1f}" if n in phases else "" for n in ZENSICAL_PHASES]
            rss = (r["rss_full_python_mb"], r["rss_full_children_mb"]) if not prefix else (r["rss_zensical_python_mb"], r["rss_zensical_children_mb"])
            rows.append(f"| {r['records']:,} | {engine} | " + " | ".join(cells) + f" | {rss[0]:,.0f} / {rss[1]:,.0f} |")
    rows += ["", "| Records | Baseline's page tree, not in its time (s) | Peak RSS of the baseline (MB) | Load average before / after |",
             "|---:|---:|---:|---:|"]
    rows += [f"| {r['records']:,} | {r['baseline_tree_seconds']:.1f} | {r['rss_baseline_mb']:,.0f} | {r['load_average'][0]:.1f} / {r['load_average'][1]:.1f} |"
             for r in results]
    return "\n".join(rows)


def validation_table(results: list[dict]) -> str:
    rows = ["| Records | YAML (MB) | Bare LibYAML load (s) | Bare load, garbage collector off (s) | `hub validate` (s) "
            "| Validate / bare load | Validate / bare load, collector off |", "|" + "---:|" * 7]
    for r in results:
        v = r["validation"]
        rows.append(f"| {r['records']:,} | {r['services_yaml_bytes'] / 1e6:.1f} | {v['bare_load']:.2f} | {v['bare_load_no_gc']:.2f} "
                    f"| {v['validate']:.2f} | {v['validate'] / v['bare_load']:.2f}x | {v['validate'] / v['bare_load_no_gc']:.2f}x |")
    return "\n".join(rows)


def search_table(results: list[dict]) -> str:
    rows = ["| Records | Files fetched | Fixed: JS, worker, parts list, entries, metas, wasm (KB) | Index chunks (KB) | Fragments (KB) "
            "| First search (KB) | lunr index (KB) | lunr index gzipped (KB) | Open Referral folder (MB) |", "|" + "---:|" * 9]
    for r in results:
        s = r["search"]
        rows.append(f"| {r['records']:,} | {s['files']} | {_kb(s['fixed_bytes'])} | {_kb(s['index_bytes'])} | {_kb(s['fragment_bytes'])} "
                    f"| {_kb(s['bytes'])} | {_kb(r['lunr_bytes'])} | {_kb(r['lunr_gzip_bytes'])} | {_mb(r['openreferral_bytes'])} |")
    return "\n".join(rows)


def targets(results: list[dict]) -> list[tuple[str, str, bool | None]]:
    """(target, finding, met) for each target, judged on wall-clock time."""
    by_size = {r["records"]: r for r in results}
    largest = max(by_size)
    big = by_size[largest]
    found = []
    for size in sorted(s for s in by_size if s >= 1_000) or [largest]:
        r = by_size[size]
        for engine, prefix, ratio in (("MkDocs", "full_", "ratio"), ("Zensical", "zensical_", "zensical_ratio")):
            cpu_ratio = "cpu_ratio" if engine == "MkDocs" else "zensical_cpu_ratio"
            found.append((f"Full build with {engine} no longer than plain Material at {size:,} records",
                          f"{r[ratio]:.2f}x ({r[prefix + 'seconds']:.1f} s against {r['baseline_seconds']:.1f} s); "
                          f"CPU time {r[cpu_ratio]:.2f}x ({r[prefix + 'cpu_seconds']:.1f} s against {r['baseline_cpu_seconds']:.1f} s)",
                          r[ratio] <= 1.00))
    v = big["validation"]
    found.append((f"`hub validate` within 1.25x a bare LibYAML load at {largest:,} records",
                  f"{v['validate'] / v['bare_load']:.2f}x ({v['validate']:.2f} s against {v['bare_load']:.2f} s); against a load with "
                  f"the garbage collector off, as the hub's loader runs, {v['validate'] / v['bare_load_no_gc']:.2f}x ({v['bare_load_no_gc']:.2f} s)",
                  v["validate"] <= 1.25 * v["bare_load"]))
    for size in sorted(by_size):
        r = by_size[size]
        for engine, peak in (("MkDocs", "peak_full_mb"), ("Zensical", "peak_zensical_mb")):
            found.append((f"Peak memory of the whole build with {engine} at or below plain Material's at {size:,} records",
                          f"{r[peak]:,.0f} MB against {r['peak_baseline_mb']:,.0f} MB ({r[peak] / r['peak_baseline_mb']:.2f}x)",
                          r[peak] <= r["peak_baseline_mb"]))
    smaller = [s for s in by_size if s < largest]
    if smaller:
        previous = by_size[max(smaller)]
        change = big["per_record_ms"] / previous["per_record_ms"] - 1
        cpu_change = big["per_record_cpu_ms"] / previous["per_record_cpu_ms"] - 1
        found.append((f"Time per record at {largest:,} within 10% of {previous['records']:,}",
                      f"{big['per_record_ms']:.1f} ms against {previous['per_record_ms']:.1f} ms ({change * 100:+.0f}%); "
                      f"CPU {big['per_record_cpu_ms']:.1f} ms against {previous['per_record_cpu_ms']:.1f} ms ({cpu_change * 100:+.0f}%)",
                      change <= 0.10))
    found.append((f"First search under 5% of the lunr index bytes at {largest:,} records",
                  f"{big['search']['bytes'] / 1e3:,.0f} KB against {big['lunr_bytes'] / 1e3:,.0f} KB: {big['search_ratio'] * 100:.1f}%",
                  big["search_ratio"] < 0.05))
    return found


def report(results: list[dict]) -> str:
    """The section for BENCHMARKS.md: tables, then how they were measured."""
    return "\n".join([
        "## " + TITLE, "", table(results), "", "Where each full build's time goes:", "", phase_table(results), "",
        "The first search, piece by piece:", "", search_table(results), "",
        "Checking the data (`hub validate`) against merely loading the same YAML files:", "", validation_table(results), "",
        "How these were measured:", "",
        "- **Data.** Each size is a temporary copy of the repository (mkdocs.yml, docs/, data/, resources/) whose "
        "`data/services.yaml` holds that many generated services, every one named and described as SYNTHETIC, with "
        "Ofcom drama phone numbers and example.org addresses; the other data files are the real ones (resources' "
        "`related_services` are removed, since they name real services). Records are about the length of the real "
        f"ones, and well within the hub's {MAX_FILE_BYTES / 2**20:g} MB limit for one data file: " + ", ".join(f"{r['records']:,} services make a {r['services_yaml_bytes'] / 1e6:.1f} MB file" for r in results) + ".",
        "- **Full build.** `hub.build.build.build_site` in a fresh Python process (`bench/child.py`, which imports only what "
        "each build needs), timed around the call: validation, the feed, calendars and open data, the page tree (the "
        "records leave memory then), the engine with the hub's theme overrides and macros plugin, each page finished (its body put in, the "
        f"markup the HTML checker refuses mended) and given to Pagefind (a large site's index in parts of at most {PAGES_PER_PART:,} "
        "pages, one Pagefind at a time). **MkDocs** runs in the build's process and hands each page over as it renders "
        "it; **Zensical** (`python -m zensical build`, its own search off) runs as a child process and writes every page "
        "first, then the build finishes and indexes them. The phase table gives the phases `hub build` itself reports "
        "(`hub.build.progress`, the build's timing hook: the same lines `make site` prints); CPU time counts every child process.",
        "- **Baseline.** The same page tree (`hub.build.tree.write_tree`, written beforehand by another process and not "
        "timed) built by plain MkDocs + Material in a fresh process that imports nothing of the hub's: `theme: material`, `plugins: [search]` (lunr), "
        "the hub's nav, Markdown extensions and `not_in_nav`, so records are out of the nav in both builds. Timed "
        "around MkDocs' `build()`.",
        "- **Peak memory** is sampled every half second while each build runs: the proportional set size (`Pss` in "
        "`/proc/<pid>/smaps_rollup`) of the build process and every process it started, added up, at its highest. "
        "Memory processes share (a forked child's pages, shared libraries) is counted once. The phase table also "
        "gives the build process's own peak (`VmHWM`) and its largest child's `ru_maxrss`, which by Linux's rule also "
        "counts the build's size when that child was started.",
        "- **Validation** is `hub validate` (in a fresh process, timed around the command, imports excluded) against "
        "loading every data file with PyYAML's LibYAML loader (`yaml.load(..., Loader=yaml.CSafeLoader)`), also in a "
        "fresh process; each is the fastest of the runs. The hub's loader turns the garbage collector off while it "
        "reads (it makes hundreds of thousands of containers and no cycles), so a bare load with the collector off "
        "is shown too.",
        "- **Runs.** " + ", ".join(f"{r['records']:,}: {r['runs']}" for r in results) + " build(s) each way, alternating MkDocs, "
        "Zensical and the baseline; the tables show each way's fastest run (all wall times are in the JSON written with `--json`). "
        "Wall-clock time is what the targets name; CPU time (user + system, Pagefind's included) is shown beside it "
        "because it is steadier when other work shares the machine: the load average before and after each size is "
        "in the phase table.",
        "- **Per record** is the full build time with MkDocs divided by the number of services (resources and campaigns stay at the real few dozen).",
        "- **Sizes** are the bytes of every file in the output folder; the Pagefind folder includes its UI scripts and styles.",
        f"- **First search** is what Chromium fetches from `pagefind/` the first time someone types \u201c{SEARCH_WORD}\u201d (a word "
        "on most service pages) into the header search of the home page, served on loopback under /hub/, until the results "
        "(hub.js loads the first 20, a fragment file each) have loaded and the network is quiet: the scripts, each index "
        "part's entry and meta, the wasm, the index chunks and the fragments (`bench/search.py`). Bytes are the response "
        "bodies as served; Pagefind's index files are gzipped already.",
        "- **lunr index** is the size of `search/search_index.json` from the baseline build, which Material's search "
        "downloads whole before the first search (its search scripts are not counted). Its gzipped size is shown "
        "for a server that compresses JSON.",
    ])
