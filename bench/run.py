"""Benchmark the hub build at 100, 1,000 and 10,000 services.

    .venv/bin/python bench/run.py                  # 100, 1,000 and 10,000; writes BENCHMARKS.md
    .venv/bin/python bench/run.py --quick          # 20 and 100; prints the table, writes nothing
    .venv/bin/python bench/run.py --sizes 500 --output /tmp/b.md

For each size, in a temporary copy of the repository (mkdocs.yml, docs/,
data/, resources/, hooks/) whose data/services.yaml is replaced by that many
SYNTHETIC services, it runs side by side:

- the full build: hub.build.build_site (validate, page tree, MkDocs with the
  hub's theme, feed and open data exports in a second process meanwhile,
  Pagefind), timed phase by phase;
- the baseline: the same page tree (hub.pages.write_tree) built by plain
  MkDocs + Material with its lunr search plugin (`plugins: [search]`), with
  records kept out of the nav as in the hub's own mkdocs.yml.

Each build runs in its own Python process, so its peak memory (ru_maxrss)
is its own. See BENCHMARKS.md for the method of the first-search figure.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import importlib.metadata
import json
import os
import platform
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import reflect as reflect_bench  # bench/reflect.py: `hub reflect summarise` at 100 to 10,000 returns

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (100, 1_000, 10_000)
QUICK_SIZES = (20, 100)
# The word a first search looks for: on most service pages ("Children and young people").
SEARCH_WORD = "children"
# hub.js shows the first 20 results of a search, loading one fragment file for each.
RESULTS_SHOWN = 20
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "pagefind_bin", "Markdown", "Jinja2", "PyYAML", "jsonschema", "nh3")
KEEP_START, KEEP_END = "<!-- notes:start -->", "<!-- notes:end -->"


# ----------------------------------------------------------------------------
# Synthetic data
# ----------------------------------------------------------------------------

_SYLLABLES = ("ash", "bar", "brook", "bur", "cal", "der", "dale", "ely", "fen", "ford", "gar", "hal", "ham", "holm",
              "ing", "kel", "ley", "lin", "mar", "mere", "nor", "ock", "pen", "ridge", "ros", "sel", "shaw", "ston",
              "tal", "thorp", "ton", "val", "wick", "worth", "wyn", "yard")
_KINDS = ("helpline", "support service", "advice line", "youth project", "family hub", "drop-in", "counselling service",
          "online safety clinic", "parent support group", "outreach team")
_SENTENCES = (
    "This is a SYNTHETIC record made for a benchmark; it is not a real service.",
    "It offers {adj} support to {who} who are worried about {what}.",
    "Staff can talk through {what} and help people decide what to do next.",
    "The team works with schools, health visitors and youth workers across {place}.",
    "People can get in touch by phone or online, and do not need a referral.",
    "Sessions are {adj} and confidential, and last about {n} minutes.",
    "Volunteers trained in {what} answer calls and messages.",
    "It was set up in {year} by local parents in {place}.",
    "Information is available in plain English and in easy read.",
    "Anyone can ask for a call back at a time that suits them.",
)
_ADJECTIVES = ("free", "friendly", "practical", "one-to-one", "group", "short-term", "long-term", "specialist", "peer", "confidential")
_WHO = ("children", "young people", "parents", "carers", "teachers", "professionals", "families", "foster carers")
_WHAT = ("sextortion", "online grooming", "sharing images", "harmful content", "bullying online", "gaming chats",
         "social media", "staying safe online", "image removal", "reporting a concern")


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3)))).capitalize()


def synthetic_services(count: int, vocab: dict, seed: int = 2026) -> list[dict]:
    """`count` valid services, clearly labelled SYNTHETIC, reproducible for a given seed."""
    rng = random.Random(seed)
    terms = {key: [t["id"] for t in vocab[key]] for key in ("audiences", "topics", "access_routes", "districts")}
    standards = [s["id"] for s in vocab["quality_standards"]]
    reviewed = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()
    organisations = max(1, count // 8)
    services = []
    for i in range(count):
        place = _place(rng)
        fill = {"adj": rng.choice(_ADJECTIVES), "who": rng.choice(_WHO), "what": rng.choice(_WHAT), "place": place,
                "n": rng.choice((30, 45, 50, 60)), "year": rng.randint(1990, 2024)}
        sentences = [_SENTENCES[0]] + [s.format(**fill) for s in rng.sample(_SENTENCES[1:], rng.randint(2, 4))]
        area = rng.choice(("national", "region", "districts", "districts", "districts"))
        coverage = {"area": area}
        if area == "districts":
            coverage["districts"] = rng.sample(terms["districts"], rng.randint(1, 2))
        contact = {"phone": f"0113 496 0{i % 1000:03d}", "website": f"https://example.org/synthetic/service-{i:05d}/"}
        if rng.random() < 0.4:
            contact["email"] = f"service-{i:05d}@example.org"
        if rng.random() < 0.2:
            contact["other_phones"] = [{"number": f"0114 496 0{(i * 7) % 1000:03d}", "description": "Out of hours"}]
        service = {
            "id": f"synthetic-{i:05d}",
            "name": f"SYNTHETIC {place} {rng.choice(_KINDS)} {i:05d}",
            "organisation": f"SYNTHETIC organisation {i % organisations:04d}",
            "description": " ".join(sentences),
            "audiences": rng.sample(terms["audiences"], rng.randint(1, min(3, len(terms["audiences"])))),
            "coverage": coverage,
            "topics": rng.sample(terms["topics"], rng.randint(1, 3)),
            "quality_standards": rng.sample(standards, 1),
            "access": rng.sample(terms["access_routes"], rng.randint(1, 3)),
            "how_to_access": f"Call {contact['phone']} or use the website. SYNTHETIC: this number is an Ofcom drama number.",
            "contact": contact,
            "source": "SYNTHETIC benchmark data written by bench/run.py",
            "last_reviewed": reviewed,
        }
        if rng.random() < 0.5:
            service["opening_hours"] = rng.choice(("Monday to Friday, 9am to 5pm", "24 hours, every day", "Weekdays 10am to 4pm"))
        if rng.random() < 0.3:
            service["cost"] = "Free"
        if rng.random() < 0.3:
            low = rng.choice((0, 5, 11, 13))
            service["age_range"] = {"min": low, "max": rng.choice((18, 19, 25))}
        services.append(service)
    return services


def make_root(target: Path, count: int) -> Path:
    """A copy of the repository's site sources whose services.yaml holds `count` SYNTHETIC services."""
    import yaml

    target.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("docs", "data", "resources", "hooks"):
        if (REPO / folder).exists():
            shutil.copytree(REPO / folder, target / folder, symlinks=True)
    vocab = yaml.safe_load((REPO / "data" / "vocabularies.yaml").read_text(encoding="utf-8"))
    header = "# SYNTHETIC services written by bench/run.py for a benchmark. Not real services.\n"
    body = yaml.safe_dump({"services": synthetic_services(count, vocab)}, allow_unicode=True, sort_keys=False, width=100)
    (target / "data" / "services.yaml").write_text(header + body, encoding="utf-8")
    # Resources may name real services (related_services); those are not in the synthetic file.
    resources = target / "data" / "resources.yaml"
    resources.write_text(re.sub(r"(?m)^(\s*)related_services:\n(?:\1  +- .*\n)+", "", resources.read_text(encoding="utf-8")), encoding="utf-8")
    return target


# ----------------------------------------------------------------------------
# The builds, each in a child process
# ----------------------------------------------------------------------------

def _rss_mb(kilobytes: int) -> float:
    return kilobytes / 1024  # Linux reports ru_maxrss in KiB


_SPAWN_AND_MEASURE = """
import os, sys
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def child_full(root: Path, out: Path) -> dict:
    import resource

    import hub.build as build

    phases: dict[str, float] = {}
    phases_cpu: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started, started_cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                phases[name] = phases.get(name, 0.0) + time.perf_counter() - started
                phases_cpu[name] = phases_cpu.get(name, 0.0) + time.process_time() - started_cpu
        return wrapper

    pagefind_rss_kib: list[int] = []
    pagefind_cpu: list[float] = []

    def index_search(site):
        # As hub.build.index_search runs it (`python -m pagefind_bin` execs this binary), but started from a
        # tiny launcher that reads the binary's own peak memory with wait4: a process started straight
        # from this one would report this process's memory as its own peak.
        from pagefind_bin import get_executable

        argv = [str(get_executable()), "--site", str(site), "--silent"]
        result = subprocess.run([sys.executable, "-S", "-I", "-c", _SPAWN_AND_MEASURE, *argv], check=True, capture_output=True, text=True)
        rss, cpu = result.stdout.strip().splitlines()[-1].split()
        pagefind_rss_kib.append(int(rss))
        pagefind_cpu.append(float(cpu))

    build.index_search = index_search
    # The feed and exports are written by a second process while MkDocs runs, so
    # their time is not a phase of this one; their CPU is counted with the children's.
    for attribute, name in (("load", "validate"), ("write_tree", "page tree"), ("_run_engine", "MkDocs"),
                            ("index_search", "Pagefind")):
        if hasattr(build, attribute):
            setattr(build, attribute, timed(name, getattr(build, attribute)))
    messages = []
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started, started_cpu = time.perf_counter(), time.process_time()
    ok = build.build_site(root, out, log=messages.append)
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Every child: Pagefind (through its launcher) and the feed and exports writer.
    children_cpu = (children.ru_utime - children_before.ru_utime) + (children.ru_stime - children_before.ru_stime)
    phases_cpu["Pagefind"] = phases_cpu.get("Pagefind", 0.0) + sum(pagefind_cpu)
    return {
        "ok": ok, "seconds": seconds, "cpu_seconds": cpu + children_cpu, "phases": phases, "phases_cpu": phases_cpu,
        "log": messages[-5:],
        "rss_python_mb": _rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss),
        "rss_children_mb": _rss_mb(max(pagefind_rss_kib, default=0)),
    }


def baseline_config(root: Path, tree: Path, out: Path) -> dict:
    """A minimal MkDocs + Material config for the same tree: lunr search, records out of the nav."""
    import yaml

    from hub.settings import _TolerantLoader

    hub_config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
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


def child_baseline(root: Path, out: Path) -> dict:
    import logging
    import resource

    import yaml

    from hub.pages import write_tree
    from hub.records import load
    from hub.settings import load_settings

    settings = load_settings(root)
    data = load(root, review_months=settings["review_interval_months"])
    if not data.ok:
        return {"ok": False, "log": [str(p) for p in data.problems[:5]]}
    tree = out.parent / "baseline-tree"
    started = time.perf_counter()
    write_tree(data, settings, tree, root / "docs")
    tree_seconds = time.perf_counter() - started
    config_file = out.parent / "baseline-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(baseline_config(root, tree, out), sort_keys=False), encoding="utf-8")

    started, started_cpu = time.perf_counter(), time.process_time()
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(load_config(config_file=str(config_file)))
    seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    return {"ok": True, "seconds": seconds, "cpu_seconds": cpu, "tree_seconds": tree_seconds,
            "rss_python_mb": _rss_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}


def run_child(mode: str, root: Path, out: Path) -> dict:
    out.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", mode, str(root), str(out)],
                            capture_output=True, text=True, cwd=REPO)
    if result.returncode != 0:
        raise SystemExit(f"the {mode} build failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    report = json.loads(result.stdout.strip().splitlines()[-1])
    if not report.get("ok"):
        raise SystemExit(f"the {mode} build failed: " + "\n".join(report.get("log", [])))
    return report


# ----------------------------------------------------------------------------
# Measuring the output
# ----------------------------------------------------------------------------

def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())


def cbor_loads(data: bytes):
    """Just enough CBOR (RFC 8949) to read Pagefind's index files."""
    def item(i):
        head = data[i]
        major, info = head >> 5, head & 31
        i += 1
        if info < 24:
            value = info
        elif info in (24, 25, 26, 27):
            size = 1 << (info - 24)
            value = int.from_bytes(data[i:i + size], "big")
            i += size
        elif info == 31:
            value = None
        else:
            raise ValueError(f"unsupported CBOR item {head:#x}")
        if major == 0:
            return value, i
        if major == 1:
            return -1 - value, i
        if major in (2, 3):
            raw = data[i:i + value]
            return (raw.decode("utf-8") if major == 3 else bytes(raw)), i + value
        if major == 4:
            out = []
            if value is None:
                while data[i] != 0xFF:
                    element, i = item(i)
                    out.append(element)
                return out, i + 1
            for _ in range(value):
                element, i = item(i)
                out.append(element)
            return out, i
        if major == 5:
            out = {}
            for _ in range(value):
                key, i = item(i)
                out[key], i = item(i)
            return out, i
        if major == 7:
            if info == 27:
                return struct.unpack(">d", value.to_bytes(8, "big"))[0], i
            return {20: False, 21: True, 22: None}.get(info, value), i
        raise ValueError(f"unsupported CBOR major type {major}")
    return item(0)[0]


def _pagefind_file(path: Path):
    raw = gzip.decompress(path.read_bytes())
    return cbor_loads(raw.removeprefix(b"pagefind_dcd"))


def first_search(site: Path, word: str = SEARCH_WORD, shown: int = RESULTS_SHOWN) -> dict:
    """The bytes a browser fetches for the first search for `word` (see BENCHMARKS.md, "Method")."""
    pagefind = Path(site) / "pagefind"
    entry = json.loads((pagefind / "pagefind-entry.json").read_text(encoding="utf-8"))
    language = next(iter(entry["languages"].values()))
    meta_file = pagefind / f"pagefind.{language['hash']}.pf_meta"
    meta = _pagefind_file(meta_file)
    pages, chunks = meta[1], meta[2]  # pages: [fragment hash, word count]; chunks: [first word, last word, hash]
    fixed = [pagefind / "pagefind.js", pagefind / "pagefind-worker.js", pagefind / "pagefind-entry.json", meta_file,
             pagefind / f"wasm.{language.get('wasm') or 'unknown'}.pagefind"]
    fixed = [f for f in fixed if f.exists()]
    # The index chunks whose word range can hold `word` or words starting with it.
    wanted = [pagefind / "index" / f"{c[2]}.pf_index" for c in chunks if c[0][:len(word)] <= word <= c[1][:len(word)]]
    hits: dict[int, int] = {}  # page number -> how often the word (or a longer word starting with it) is on it
    for chunk_path in wanted:
        for entry_word in _pagefind_file(chunk_path)[0]:
            if entry_word[0].startswith(word):
                page = 0
                for posting in entry_word[1]:  # [page number minus the previous one, locations, meta locations]
                    page += posting[0]
                    hits[page] = hits.get(page, 0) + max(1, sum(1 for n in posting[1] if n >= 0))  # negatives mark weights
    fragment = lambda p: pagefind / "fragment" / f"{pages[p][0]}.pf_fragment"  # noqa: E731
    size = lambda p: fragment(p).stat().st_size  # noqa: E731
    # Upper bound: the largest fragments among the matching pages.
    largest = sorted(hits, key=size, reverse=True)[:shown]
    # Likely: the pages a BM25-style ranking puts first (Pagefind's own ranking is BM25-based).
    average = sum(p[1] for p in pages) / max(1, len(pages))
    bm25 = lambda p: hits[p] * 2.4 / (hits[p] + 1.4 * (0.25 + 0.75 * max(1, pages[p][1]) / average))  # noqa: E731
    likely = sorted(hits, key=bm25, reverse=True)[:shown]
    fixed_bytes = sum(f.stat().st_size for f in fixed)
    index_bytes = sum(f.stat().st_size for f in wanted)
    upper = sum(size(p) for p in largest)
    return {
        "word": word, "pages_matching": len(hits), "chunks": len(wanted), "fragments": len(largest),
        "fixed_bytes": fixed_bytes, "index_bytes": index_bytes,
        "fragment_bytes": upper, "bytes": fixed_bytes + index_bytes + upper,
        "likely_fragment_bytes": sum(size(p) for p in likely),
        "likely_bytes": fixed_bytes + index_bytes + sum(size(p) for p in likely),
        "filter_bytes": folder_bytes(pagefind / "filter"),
    }


def measure(count: int, workdir: Path, log, repeat: int = 1) -> dict:
    """Build `count` services both ways, `repeat` times each (alternating), keeping each way's fastest run."""
    root = make_root(workdir / "root", count)
    yaml_bytes = (root / "data" / "services.yaml").stat().st_size
    load_before = os.getloadavg()[0]
    fulls, baselines = [], []
    for attempt in range(repeat):
        for mode, runs in (("full", fulls), ("baseline", baselines)):
            out = workdir / f"{mode}-{attempt}" / "site"
            log(f"  {count:>6} services ({yaml_bytes / 1e6:.1f} MB of YAML): {mode} build {attempt + 1} of {repeat} ...")
            report = run_child(mode, root, out)
            report["site"] = out
            runs.append(report)
            log(f"  {count:>6} services: {mode} build took {report['seconds']:.1f} s ({report['cpu_seconds']:.1f} s CPU)")
    load_after = os.getloadavg()[0]
    full = min(fulls, key=lambda r: r["seconds"])
    baseline = min(baselines, key=lambda r: r["seconds"])
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
        "full_seconds_all": [r["seconds"] for r in fulls],
        "phases": full["phases"],
        "phases_cpu": full["phases_cpu"],
        "per_record_ms": full["seconds"] / count * 1000,
        "per_record_cpu_ms": full["cpu_seconds"] / count * 1000,
        "baseline_seconds": baseline["seconds"],
        "baseline_cpu_seconds": baseline["cpu_seconds"],
        "baseline_seconds_all": [r["seconds"] for r in baselines],
        "baseline_tree_seconds": baseline["tree_seconds"],
        "ratio": full["seconds"] / baseline["seconds"],
        "cpu_ratio": full["cpu_seconds"] / baseline["cpu_seconds"],
        "site_bytes": folder_bytes(site),
        "baseline_site_bytes": folder_bytes(base_site),
        "pagefind_bytes": folder_bytes(site / "pagefind"),
        "openreferral_bytes": folder_bytes(site / "openreferral"),
        "search": search,
        "lunr_bytes": lunr.stat().st_size,
        "lunr_gzip_bytes": len(gzip.compress(lunr.read_bytes(), 6)),
        "search_ratio": search["bytes"] / lunr.stat().st_size,
        "rss_full_python_mb": full["rss_python_mb"],
        "rss_full_pagefind_mb": full["rss_children_mb"],
        "rss_baseline_mb": baseline["rss_python_mb"],
        "load_average": [round(load_before, 2), round(load_after, 2)],
    }
    shutil.rmtree(workdir, ignore_errors=True)
    return result


# ----------------------------------------------------------------------------
# Reporting
# ----------------------------------------------------------------------------

def _mb(n: float) -> str:
    return f"{n / 1e6:.1f}"


def _kb(n: float) -> str:
    return f"{n / 1e3:,.0f}"


def table(results: list[dict]) -> str:
    head = ("| Records | Pages | Full build (s) | Full build CPU (s) | Per record (ms) | Baseline (s) | Baseline CPU (s) "
            "| Full / baseline | Full / baseline, CPU | Site (MB) | Baseline site (MB) | Pagefind folder (MB) "
            "| First search (KB) | lunr index (KB) | First search / lunr | Peak RSS full: Python / Pagefind (MB) | Peak RSS baseline (MB) |")
    rows = [head, "|" + "---:|" * (head.count("|") - 1)]
    for r in results:
        rows.append(
            f"| {r['records']:,} | {r['pages']:,} | {r['full_seconds']:.1f} | {r['full_cpu_seconds']:.1f} | {r['per_record_ms']:.1f} "
            f"| {r['baseline_seconds']:.1f} | {r['baseline_cpu_seconds']:.1f} | {r['ratio']:.2f}x | {r['cpu_ratio']:.2f}x "
            f"| {_mb(r['site_bytes'])} | {_mb(r['baseline_site_bytes'])} | {_mb(r['pagefind_bytes'])} "
            f"| {_kb(r['search']['bytes'])} | {_kb(r['lunr_bytes'])} | {r['search_ratio'] * 100:.1f}% "
            f"| {r['rss_full_python_mb']:.0f} / {r['rss_full_pagefind_mb']:.0f} | {r['rss_baseline_mb']:.0f} |")
    return "\n".join(rows)


PHASES = ("validate", "page tree", "MkDocs", "Pagefind")


def phase_table(results: list[dict]) -> str:
    rows = ["| Records | " + " | ".join(f"{n}: wall / CPU (s)" for n in PHASES) + " | other (s) | Baseline page tree, not in its time (s) | Load average before / after |",
            "|" + "---:|" * (len(PHASES) + 4)]
    for r in results:
        known = [r["phases"].get(n, 0.0) for n in PHASES]
        rows.append(f"| {r['records']:,} | " + " | ".join(f"{r['phases'].get(n, 0.0):.1f} / {r['phases_cpu'].get(n, 0.0):.1f}" for n in PHASES)
                    + f" | {r['full_seconds'] - sum(known):.1f} | {r['baseline_tree_seconds']:.1f} | {r['load_average'][0]:.1f} / {r['load_average'][1]:.1f} |")
    return "\n".join(rows)


def search_table(results: list[dict]) -> str:
    rows = ["| Records | Pages with \u201c" + SEARCH_WORD + "\u201d | Fixed: JS, worker, entry, meta, wasm (KB) | Index chunks (KB) "
            "| Fragments, upper bound (KB) | First search, upper bound (KB) | Fragments, likely (KB) | First search, likely (KB) "
            "| Filters, search page only (KB) | lunr index (KB) | lunr index gzipped (KB) | Open Referral folder (MB) |",
            "|" + "---:|" * 12]
    for r in results:
        s = r["search"]
        rows.append(f"| {r['records']:,} | {s['pages_matching']:,} | {_kb(s['fixed_bytes'])} | {_kb(s['index_bytes'])} ({s['chunks']} files) "
                    f"| {_kb(s['fragment_bytes'])} ({s['fragments']} files) | {_kb(s['bytes'])} "
                    f"| {_kb(s['likely_fragment_bytes'])} | {_kb(s['likely_bytes'])} | {_kb(s['filter_bytes'])} "
                    f"| {_kb(r['lunr_bytes'])} | {_kb(r['lunr_gzip_bytes'])} | {_mb(r['openreferral_bytes'])} |")
    return "\n".join(rows)


def targets(results: list[dict]) -> list[tuple[str, str, bool | None]]:
    """(target, finding, met) for the three targets, judged on wall-clock time at the largest size."""
    by_size = {r["records"]: r for r in results}
    largest = max(by_size)
    big = by_size[largest]
    found = [(f"Full build at most 1.25x the baseline at {largest:,} records",
              f"{big['ratio']:.2f}x ({big['full_seconds']:.1f} s against {big['baseline_seconds']:.1f} s); "
              f"CPU time {big['cpu_ratio']:.2f}x ({big['full_cpu_seconds']:.1f} s against {big['baseline_cpu_seconds']:.1f} s)",
              big["ratio"] <= 1.25)]
    smaller = [s for s in by_size if s < largest]
    if smaller:
        previous = by_size[max(smaller)]
        change = big["per_record_ms"] / previous["per_record_ms"] - 1
        cpu_change = big["per_record_cpu_ms"] / previous["per_record_cpu_ms"] - 1
        found.append((f"Time per record at {largest:,} within 10% of {previous['records']:,}",
                      f"{big['per_record_ms']:.1f} ms against {previous['per_record_ms']:.1f} ms ({change * 100:+.0f}%); "
                      f"CPU {big['per_record_cpu_ms']:.1f} ms against {previous['per_record_cpu_ms']:.1f} ms ({cpu_change * 100:+.0f}%)",
                      change <= 0.10))
    else:
        found.append(("Time per record within 10% across sizes", "only one size was run", None))
    found.append((f"First search under 5% of the lunr index bytes at {largest:,} records",
                  f"at most {big['search']['bytes'] / 1e3:,.0f} KB (likely {big['search']['likely_bytes'] / 1e3:,.0f} KB) "
                  f"against {big['lunr_bytes'] / 1e3:,.0f} KB: {big['search_ratio'] * 100:.1f}% "
                  f"(likely {big['search']['likely_bytes'] / big['lunr_bytes'] * 100:.1f}%)",
                  big["search_ratio"] < 0.05))
    return found


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {"cpu": cpu, "cores": f"{os.cpu_count()} logical ({usable} usable by this process)", "memory": memory,
            "python": platform.python_version(), "os": platform.platform(), "packages": versions, "code": code_state()}


def code_state() -> str:
    """The commit measured, and the files that differed from it (read-only git commands)."""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO, check=True).stdout.strip()
        changed = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, cwd=REPO, check=True).stdout.split("\n")
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    changed = [line[3:] for line in changed if line.strip()]
    return f"commit {commit}" + (f", with uncommitted changes to {', '.join(changed)}" if changed else "")


def markdown_report(results: list[dict], info: dict, started: str, seconds: float, notes: str, sections: str = "") -> str:
    verdicts = targets(results)
    lines = [
        "# Benchmarks",
        "",
        f"Written by `bench/run.py` (`make bench`) on {started}; the whole run took {seconds / 60:.1f} minutes.",
        "Every figure below comes from that one run. Rerun `make bench` to replace them.",
        "",
        "## Machine",
        "",
        f"- CPU: {info['cpu']}",
        f"- Cores: {info['cores']}",
        f"- Memory: {info['memory']}",
        f"- Python {info['python']} on {info['os']}",
        "- Packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()),
        f"- Code measured: {info['code']}",
        "",
        "## Results",
        "",
        table(results),
        "",
        "Where the full build's time goes:",
        "",
        phase_table(results),
        "",
        "The first search, piece by piece:",
        "",
        search_table(results),
        "",
        "## Targets",
        "",
        "| Target | Found | Met |",
        "|---|---|---|",
    ]
    for target, finding, met in verdicts:
        lines.append(f"| {target} | {finding} | {'yes' if met else 'no' if met is not None else 'not measured'} |")
    lines += [
        "",
        "## Method",
        "",
        "- **Data.** Each size is a temporary copy of the repository (mkdocs.yml, docs/, data/, resources/, hooks/) whose "
        "`data/services.yaml` holds that many generated services, every one named and described as SYNTHETIC, with "
        "Ofcom drama phone numbers and example.org addresses; the other data files are the real ones (resources' "
        "`related_services` are removed, since they name real services). Records are about the length of the real "
        f"ones, and well within the hub's {_max_file_mb()} MB limit for one data file: " + ", ".join(f"{r['records']:,} services make a {r['services_yaml_bytes'] / 1e6:.1f} MB file" for r in results) + ".",
        "- **Full build.** `hub.build.build_site` in a fresh Python process, timed around the call: validation, the "
        "page tree, MkDocs with the hub's theme overrides, macros plugin and hooks, the feed, the open data exports "
        "(Open Referral UK JSON, CSV) and Pagefind. The phase table times the same run by wrapping those functions; "
        "the feed and exports are written by a second process while MkDocs renders, so they have no phase of their "
        "own, and CPU time counts every child process (that writer and Pagefind).",
        "- **Baseline.** In another fresh process, the same page tree (`hub.pages.write_tree`, not timed) built by "
        "plain MkDocs + Material: `theme: material`, `plugins: [search]` (lunr), the hub's nav, Markdown extensions "
        "and `not_in_nav`, so records are out of the nav in both builds. Timed around MkDocs' `build()`.",
        "- **Runs.** " + ", ".join(f"{r['records']:,}: {r['runs']}" for r in results) + " build(s) each way, alternating full and "
        "baseline; the tables show each way's fastest run (all wall times are in the JSON written with `--json`). "
        "Wall-clock time is what the targets name; CPU time (user + system, Pagefind's included) is shown beside it "
        "because it is steadier when other work shares the machine: the load average before and after each size is "
        "in the phase table.",
        "- **Per record** is the full build time divided by the number of services (resources and campaigns stay at the real few dozen).",
        "- **Sizes** are the bytes of every file in the output folder; the Pagefind folder includes its UI scripts and styles.",
        f"- **First search** is what a browser fetches the first time someone searches for \u201c{SEARCH_WORD}\u201d (a word on "
        "most service pages) in the header search box, worked out from the files Pagefind wrote (the benchmark reads "
        "Pagefind's gzipped CBOR index files itself): `pagefind.js`, `pagefind-worker.js` (Pagefind 1.5 searches in a "
        "web worker), `pagefind-entry.json`, the language's `.pf_meta` and its `wasm.*.pagefind`; the index chunks "
        "whose word range can hold the word or words starting with it (the chunk list is in the `.pf_meta`); and one "
        f"fragment file per result shown, since hub.js calls `data()` on the first {RESULTS_SHOWN} results. Which "
        f"{RESULTS_SHOWN} pages come first depends on Pagefind's ranking, so two figures are given: the *upper bound* "
        "counts the largest fragments among all pages holding the word (the target is judged on it), and the *likely* "
        "figure counts the pages a BM25 ranking (term count against page length, from the index) puts first. The "
        "filter files are fetched only by the search page (for its filter lists), so they are listed separately. "
        "Bytes are file sizes: Pagefind's index files are already gzipped, while the two scripts would usually be "
        "served compressed, so the real transfer is smaller.",
        "- **lunr index** is the size of `search/search_index.json` from the baseline build, which Material's search "
        "downloads whole before the first search (its search scripts are not counted). Its gzipped size is shown "
        "for a server that compresses JSON.",
        "- **Peak memory** is `ru_maxrss` of each build process (`resource.getrusage`). The Pagefind binary is started "
        "from a tiny launcher that reads the binary's own peak with `wait4` (a process forked straight from the build "
        "would report the build's memory as its own), so its figure has a floor of the launcher's few MB.",
        "",
        *([sections, ""] if sections else []),
        "## Notes",
        "",
        KEEP_START,
        notes.strip() or "(Add observations here; `make bench` keeps this section.)",
        KEEP_END,
        "",
    ]
    return "\n".join(lines)


def _max_file_mb() -> str:
    import hub.yamlsource

    return f"{hub.yamlsource.MAX_FILE_BYTES / 2**20:g}"


def kept_notes(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    if KEEP_START in text and KEEP_END in text:
        return text.split(KEEP_START, 1)[1].split(KEEP_END, 1)[0]
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="sizes 20 and 100, and no file written unless --output is given")
    parser.add_argument("--sizes", help="comma-separated numbers of services (default 100,1000,10000)")
    parser.add_argument("--output", type=Path, help="write the Markdown report here (default without --quick: BENCHMARKS.md)")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON here")
    parser.add_argument("--repeat", type=int, default=1, help="build each size this many times each way and keep the fastest (default 1)")
    parser.add_argument("--child", nargs=3, metavar=("MODE", "ROOT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        mode, root, out = args.child
        report = (child_full if mode == "full" else child_baseline)(Path(root), Path(out))
        print(json.dumps(report))
        return 0

    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    output = args.output or (None if args.quick else REPO / "BENCHMARKS.md")
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    started_at = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    started = time.perf_counter()
    results = []
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as scratch:
        for count in sizes:
            results.append(measure(count, Path(scratch) / f"n{count}", log, repeat=max(1, args.repeat)))
    reflection = reflect_bench.measure((100, 1_000) if args.quick else reflect_bench.DEFAULT_SIZES, log)
    elapsed = time.perf_counter() - started

    print(table(results))
    print()
    print(phase_table(results))
    print()
    print(search_table(results))
    print()
    for target, finding, met in targets(results):
        print(f"- {target}: {finding}: {'met' if met else 'NOT met' if met is not None else 'not measured'}")
    print()
    print(reflect_bench.table(reflection))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results, "reflection": reflection}, indent=1), encoding="utf-8")
    if output:
        output.write_text(markdown_report(results, machine(), started_at, elapsed, kept_notes(output),
                                          reflect_bench.markdown_section(reflection)), encoding="utf-8")
        log(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
