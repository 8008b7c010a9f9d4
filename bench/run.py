"""Benchmark the hub build at 100, 1,000 and 10,000 services, and `hub serve` at 1,000.

    .venv/bin/python bench/run.py                  # 100, 1,000 and 10,000; writes BENCHMARKS.md
    .venv/bin/python bench/run.py --quick          # 20 and 100; prints the table, writes nothing
    .venv/bin/python bench/run.py --sizes 500 --output /tmp/b.md

For each size, in a temporary copy of the repository (mkdocs.yml, docs/,
data/, resources/, hooks/) whose data/services.yaml is replaced by that many
SYNTHETIC services, it runs side by side:

- the full build: hub.build.build_site (validate, page tree, MkDocs with the
  hub's theme, Pagefind fed page by page, the feed, calendars and open data
  in a second process meanwhile), timed phase by phase by the build's own
  progress reporter;
- the baseline: the same page tree (hub.build.tree.write_tree) built by plain
  MkDocs + Material with its lunr search plugin (`plugins: [search]`), with
  records kept out of the nav as in the hub's own mkdocs.yml;
- `hub validate` against a bare LibYAML load of the same files.

Each build runs in its own Python process; the memory of it and every
process it starts is sampled while it runs. See BENCHMARKS.md for the method.
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
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
# Each build runs in a fresh process from bench/child.py, which imports only what that build needs.
CHILD = Path(__file__).resolve().with_name("child.py")

import reflect as reflect_bench  # noqa: E402  bench/reflect.py: `hub reflect summarise` at 100 to 10,000 returns

from hub.build.search import PAGES_PER_PART, PARTS_FILE, SEARCH_FOLDER  # noqa: E402

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
        # Half the services for children (and the first three, for the smallest sites) have
        # young people's words, so the reading-age and own-site checks run at scale.
        if i < 3 or ("children" in service["audiences"] and rng.random() < 0.5):
            if "children" not in service["audiences"]:
                service["audiences"].append("children")
            service["young_people"] = {
                "summary": "You can talk to them about what worries you.",
                "what_happens_next": {"what_happens": {"text": "Someone listens to you, and helps you.",
                                                       "source": contact["website"] + "young-people/"}},
            }
        services.append(service)
    return services


def young_people_for(services: list[dict], young: dict) -> dict:
    """data/young-people.yaml with every service it offers replaced by SYNTHETIC services
    with young people's words (the real ones are not in the synthetic services.yaml)."""
    offered = [s["id"] for s in services if "young_people" in s]
    pick = lambda count: offered[:count]  # noqa: E731
    young["help_now"]["services"] = pick(len(young["help_now"]["services"]))
    young["nothing_fits"]["services"] = pick(len(young["nothing_fits"]["services"]))
    for route in young["routes"]:
        route["services"] = pick(len(route["services"]))
    return young


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
    services = synthetic_services(count, vocab)
    body = yaml.safe_dump({"services": services}, allow_unicode=True, sort_keys=False, width=100)
    (target / "data" / "services.yaml").write_text(header + body, encoding="utf-8")
    young_file = target / "data" / "young-people.yaml"
    young = young_people_for(services, yaml.safe_load(young_file.read_text(encoding="utf-8")))
    young_file.write_text("# yaml-language-server: $schema=schemas/young-people.schema.json\n" +
                          yaml.safe_dump(young, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    # Resources may name real services (related_services); those are not in the synthetic file.
    resources = target / "data" / "resources.yaml"
    resources.write_text(re.sub(r"(?m)^(\s*)related_services:\n(?:\1  +- .*\n)+", "", resources.read_text(encoding="utf-8")), encoding="utf-8")
    return target


# ----------------------------------------------------------------------------
# The builds, each in a child process
# ----------------------------------------------------------------------------

def run_child(mode: str, root: Path, out: Path) -> dict:
    """Run one build in a fresh process, sampling the memory of it and every process it starts."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        process = subprocess.Popen([sys.executable, str(CHILD), mode, str(root), str(out)],
                                   stdout=stdout, stderr=stderr, text=True, cwd=REPO)
        peak = peak_memory_while_running(process)
        stdout.seek(0), stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    if process.returncode != 0:
        raise SystemExit(f"the {mode} build failed:\n{output[-3000:]}\n{errors[-3000:]}")
    report = json.loads(output.strip().splitlines()[-1])
    if not report.get("ok"):
        raise SystemExit(f"the {mode} build failed: " + "\n".join(report.get("log", [])))
    report["peak_total_mb"] = peak / 1024
    return report


def peak_memory_while_running(process: subprocess.Popen, every: float = 0.5) -> int:
    """The most memory (KiB) `process` and all its descendants held at once, sampled until it ends.

    Each sample adds up the proportional set size (Pss in /proc/<pid>/smaps_rollup) of every process
    in the tree: memory two processes share (a forked child's copy-on-write pages, shared libraries)
    is split between them, so it is counted once. Reading smaps_rollup walks a process's page tables
    (about 13 ms for a 350 MB process here), so samples are half a second apart: more often would
    slow the build being measured."""
    peak = 0
    while process.poll() is None:
        peak = max(peak, sum(_pss_kib(pid) for pid in _process_tree(process.pid)))
        time.sleep(every)
    return peak


def _process_tree(root_pid: int) -> list[int]:
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                parents.setdefault(int(fields[1]), []).append(int(entry.name))
            except (OSError, IndexError):
                continue  # the process ended while we looked
    tree, pending = [], [root_pid]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending += parents.get(pid, [])
    return tree


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass  # the process ended while we looked
    return 0


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
    """The bytes a browser fetches for the first search for `word` (see BENCHMARKS.md, "Method"),
    over every part of the index (hub.js merges the parts listed in parts.json)."""
    site = Path(site)
    primary = site / SEARCH_FOLDER
    parts_file = primary / PARTS_FILE
    more = json.loads(parts_file.read_text(encoding="utf-8"))["parts"] if parts_file.exists() else []
    fixed = [f for f in (primary / "pagefind.js", primary / "pagefind-worker.js", parts_file) if f.exists()]
    chunks, matches, filter_bytes = [], [], 0
    for number, folder in enumerate([primary] + [site / part for part in more]):
        part = _search_in_part(folder, word, with_wasm=number == 0)  # merged parts use the first part's wasm
        fixed += part["fixed"]
        chunks += part["chunks"]
        matches += part["matches"]
        filter_bytes += folder_bytes(folder / "filter")
    # Upper bound: the largest fragments among the matching pages.
    largest = sorted((size for size, _ in matches), reverse=True)[:shown]
    # Likely: the pages a BM25-style ranking puts first (Pagefind's own ranking is BM25-based).
    likely = [size for size, _ in sorted(matches, key=lambda match: match[1], reverse=True)[:shown]]
    fixed_bytes = sum(f.stat().st_size for f in fixed)
    index_bytes = sum(f.stat().st_size for f in chunks)
    return {
        "word": word, "parts": 1 + len(more), "pages_matching": len(matches), "chunks": len(chunks), "fragments": len(largest),
        "fixed_bytes": fixed_bytes, "index_bytes": index_bytes,
        "fragment_bytes": sum(largest), "bytes": fixed_bytes + index_bytes + sum(largest),
        "likely_fragment_bytes": sum(likely), "likely_bytes": fixed_bytes + index_bytes + sum(likely),
        "filter_bytes": filter_bytes,
    }


def _search_in_part(folder: Path, word: str, with_wasm: bool) -> dict:
    """One part's files a first search fetches (entry, meta, wasm if asked, the index chunks that can
    hold `word`) and its matching pages as (fragment bytes, BM25-style score)."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    language = next(iter(entry["languages"].values()))
    meta_file = folder / f"pagefind.{language['hash']}.pf_meta"
    meta = _pagefind_file(meta_file)
    pages, chunk_list = meta[1], meta[2]  # pages: [fragment hash, word count]; chunks: [first word, last word, hash]
    fixed = [folder / "pagefind-entry.json", meta_file]
    if with_wasm:
        fixed.append(folder / f"wasm.{language.get('wasm') or 'unknown'}.pagefind")
    # The index chunks whose word range can hold `word` or words starting with it. A chunk's
    # last word can be a prefix ("ch" ends a chunk holding "children"), so it is compared as one.
    wanted = [folder / "index" / f"{c[2]}.pf_index" for c in chunk_list if c[0][:len(word)] <= word and word[:len(c[1])] <= c[1]]
    hits: dict[int, int] = {}  # page number -> how often the word (or a longer word starting with it) is on it
    for chunk_path in wanted:
        for entry_word in _pagefind_file(chunk_path)[0]:
            if entry_word[0].startswith(word):
                page = 0
                for posting in entry_word[1]:  # [page number minus the previous one, locations, meta locations]
                    page += posting[0]
                    hits[page] = hits.get(page, 0) + max(1, sum(1 for n in posting[1] if n >= 0))  # negatives mark weights
    average = sum(p[1] for p in pages) / max(1, len(pages))
    bm25 = lambda p: hits[p] * 2.4 / (hits[p] + 1.4 * (0.25 + 0.75 * max(1, pages[p][1]) / average))  # noqa: E731
    size = lambda p: (folder / "fragment" / f"{pages[p][0]}.pf_fragment").stat().st_size  # noqa: E731
    return {"fixed": [f for f in fixed if f.exists()], "chunks": wanted, "matches": [(size(p), bm25(p)) for p in hits]}


def measure(count: int, workdir: Path, log, repeat: int = 1) -> dict:
    """Build `count` services both ways, `repeat` times each (alternating), keeping each way's fastest run."""
    root = make_root(workdir / "root", count)
    yaml_bytes = (root / "data" / "services.yaml").stat().st_size
    load_before = os.getloadavg()[0]
    fulls, baselines = [], []
    for attempt in range(repeat):
        for mode, runs in (("full", fulls), ("baseline", baselines)):
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


def measure_serve(count: int, workdir: Path, log, trials: int = 5, pause: float = 5.0) -> dict:
    """`hub serve` on `count` SYNTHETIC services: seconds from saving a changed record to the
    preview serving its page with the change, `trials` times, `pause` seconds apart (time to
    look at the page; the preview's search index catches up meanwhile)."""
    root = make_root(workdir / "serve-root", count)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "hub.cli", "--root", str(root), "serve", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO, start_new_session=True)
    page = f"http://127.0.0.1:{port}/hub/services/synthetic-00005/"

    def served() -> str:
        try:
            return urllib.request.urlopen(page, timeout=5).read().decode("utf-8")
        except OSError:
            return ""

    seconds = []
    try:
        deadline = time.perf_counter() + 300
        while "SYNTHETIC" not in served():
            if time.perf_counter() > deadline or server.poll() is not None:
                raise SystemExit("hub serve did not start")
            time.sleep(0.2)
        time.sleep(pause)
        services = root / "data" / "services.yaml"
        for trial in range(trials):
            marker = f"CHANGED{trial}X{time.time_ns()}"
            text = services.read_text(encoding="utf-8")
            name = re.search(r"(?m)^  name: (SYNTHETIC .* 00005.*)$", text).group(1)
            services.write_text(text.replace(f"name: {name}", f"name: {name} {marker}", 1), encoding="utf-8")
            saved = time.perf_counter()
            while marker not in served():
                if time.perf_counter() - saved > 60:
                    raise SystemExit("hub serve did not show the change within 60 s")
                time.sleep(0.02)
            seconds.append(time.perf_counter() - saved)
            log(f"  {count:>6} services: hub serve showed a changed record after {seconds[-1]:.2f} s")
            time.sleep(pause)
    finally:
        os.killpg(server.pid, 15)
        server.wait()
        shutil.rmtree(root, ignore_errors=True)
    return {"records": count, "seconds": seconds}


# ----------------------------------------------------------------------------
# Reporting
# ----------------------------------------------------------------------------

def _mb(n: float) -> str:
    return f"{n / 1e6:.1f}"


def _kb(n: float) -> str:
    return f"{n / 1e3:,.0f}"


def table(results: list[dict]) -> str:
    head = ("| Records | Pages | Full build (s) | Full build CPU (s) | Per record (ms) | Baseline (s) | Baseline CPU (s) "
            "| Full / baseline | Full / baseline, CPU | Peak memory, full build, all processes (MB) | Peak memory, baseline (MB) "
            "| Site (MB) | Baseline site (MB) | Pagefind folder (MB) | First search (KB) | lunr index (KB) | First search / lunr |")
    rows = [head, "|" + "---:|" * (head.count("|") - 1)]
    for r in results:
        rows.append(
            f"| {r['records']:,} | {r['pages']:,} | {r['full_seconds']:.1f} | {r['full_cpu_seconds']:.1f} | {r['per_record_ms']:.1f} "
            f"| {r['baseline_seconds']:.1f} | {r['baseline_cpu_seconds']:.1f} | {r['ratio']:.2f}x | {r['cpu_ratio']:.2f}x "
            f"| {r['peak_full_mb']:,.0f} | {r['peak_baseline_mb']:,.0f} "
            f"| {_mb(r['site_bytes'])} | {_mb(r['baseline_site_bytes'])} | {_mb(r['pagefind_bytes'])} "
            f"| {_kb(r['search']['bytes'])} | {_kb(r['lunr_bytes'])} | {r['search_ratio'] * 100:.1f}% |")
    return "\n".join(rows)


# The phases `hub build` reports (hub/build/build.py), in order. The feed, calendars and
# open data are written by a second process at the same time as the pages.
PHASES = ("checking the data", "writing pages", "rendering", "indexing for search", "putting the site together",
          "writing the feed, calendars and open data")


def phase_table(results: list[dict]) -> str:
    rows = ["| Records | " + " | ".join(f"{n}: wall / CPU (s)" for n in PHASES) + " | Baseline's page tree, not in its time (s) "
            "| Peak RSS, largest process: build / its largest child / baseline (MB) | Load average before / after |",
            "|" + "---:|" * (len(PHASES) + 4)]
    for r in results:
        rows.append(f"| {r['records']:,} | " + " | ".join(f"{r['phases'].get(n, 0.0):.1f} / {r['phases_cpu'].get(n, 0.0):.1f}" for n in PHASES)
                    + f" | {r['baseline_tree_seconds']:.1f} | {r['rss_full_python_mb']:,.0f} / {r['rss_full_children_mb']:,.0f} / {r['rss_baseline_mb']:,.0f} "
                    f"| {r['load_average'][0]:.1f} / {r['load_average'][1]:.1f} |")
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
    rows = ["| Records | Index parts | Pages with \u201c" + SEARCH_WORD + "\u201d | Fixed: JS, worker, parts list, each part's entry and meta, wasm (KB) | Index chunks (KB) "
            "| Fragments, upper bound (KB) | First search, upper bound (KB) | Fragments, likely (KB) | First search, likely (KB) "
            "| Filters, search page only (KB) | lunr index (KB) | lunr index gzipped (KB) | Open Referral folder (MB) |",
            "|" + "---:|" * 13]
    for r in results:
        s = r["search"]
        rows.append(f"| {r['records']:,} | {s['parts']} | {s['pages_matching']:,} | {_kb(s['fixed_bytes'])} | {_kb(s['index_bytes'])} ({s['chunks']} files) "
                    f"| {_kb(s['fragment_bytes'])} ({s['fragments']} files) | {_kb(s['bytes'])} "
                    f"| {_kb(s['likely_fragment_bytes'])} | {_kb(s['likely_bytes'])} | {_kb(s['filter_bytes'])} "
                    f"| {_kb(r['lunr_bytes'])} | {_kb(r['lunr_gzip_bytes'])} | {_mb(r['openreferral_bytes'])} |")
    return "\n".join(rows)


def targets(results: list[dict], serve: dict | None = None) -> list[tuple[str, str, bool | None]]:
    """(target, finding, met) for each target, judged on wall-clock time."""
    by_size = {r["records"]: r for r in results}
    largest = max(by_size)
    big = by_size[largest]
    found = []
    for size in sorted(s for s in by_size if s >= 1_000) or [largest]:
        r = by_size[size]
        found.append((f"Full build no longer than plain Material at {size:,} records",
                      f"{r['ratio']:.2f}x ({r['full_seconds']:.1f} s against {r['baseline_seconds']:.1f} s); "
                      f"CPU time {r['cpu_ratio']:.2f}x ({r['full_cpu_seconds']:.1f} s against {r['baseline_cpu_seconds']:.1f} s)",
                      r["ratio"] <= 1.00))
    v = big["validation"]
    found.append((f"`hub validate` within 1.25x a bare LibYAML load at {largest:,} records",
                  f"{v['validate'] / v['bare_load']:.2f}x ({v['validate']:.2f} s against {v['bare_load']:.2f} s); against a load with "
                  f"the garbage collector off, as the hub's loader runs, {v['validate'] / v['bare_load_no_gc']:.2f}x ({v['bare_load_no_gc']:.2f} s)",
                  v["validate"] <= 1.25 * v["bare_load"]))
    for size in sorted(by_size):
        r = by_size[size]
        found.append((f"Peak memory of the whole build at or below the baseline's at {size:,} records",
                      f"{r['peak_full_mb']:,.0f} MB against {r['peak_baseline_mb']:,.0f} MB", r["peak_full_mb"] <= r["peak_baseline_mb"]))
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
                  f"at most {big['search']['bytes'] / 1e3:,.0f} KB (likely {big['search']['likely_bytes'] / 1e3:,.0f} KB) "
                  f"against {big['lunr_bytes'] / 1e3:,.0f} KB: {big['search_ratio'] * 100:.1f}% "
                  f"(likely {big['search']['likely_bytes'] / big['lunr_bytes'] * 100:.1f}%)",
                  big["search_ratio"] < 0.05))
    if serve:
        found.append((f"`make serve` shows a changed record within 2 s at {serve['records']:,} records",
                      "from saving to the new page being served: " + ", ".join(f"{t:.2f} s" for t in serve["seconds"])
                      + f" (slowest {max(serve['seconds']):.2f} s)", max(serve["seconds"]) <= 2.0))
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


def markdown_report(results: list[dict], info: dict, started: str, seconds: float, notes: str, sections: str = "",
                    serve: dict | None = None) -> str:
    verdicts = targets(results, serve)
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
        "Checking the data (`hub validate`) against merely loading the same YAML files:",
        "",
        validation_table(results),
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
        "- **Full build.** `hub.build.build_site` in a fresh Python process (`bench/child.py`, which imports only what "
        "each build needs), timed around the call: validation, the "
        "page tree, MkDocs with the hub's theme overrides, macros plugin and hooks, Pagefind (fed each page as MkDocs "
        f"finishes it; a large site's index in parts of at most {PAGES_PER_PART:,} pages, one Pagefind at a time), and the feed, "
        "calendars and open data (written by a second process at the same time). The "
        "phase table gives the phases `hub build` itself reports (`hub.build.progress`, the build's timing hook: the "
        "same lines `make site` prints); CPU time counts every child process.",
        "- **Baseline.** The same page tree (`hub.build.tree.write_tree`, written beforehand by another process and not "
        "timed) built by plain MkDocs + Material in a fresh process that imports nothing of the hub's: `theme: material`, `plugins: [search]` (lunr), "
        "the hub's nav, Markdown extensions and `not_in_nav`, so records are out of the nav in both builds. Timed "
        "around MkDocs' `build()`.",
        "- **Peak memory** is sampled every half second while each build runs: the proportional set size (`Pss` in "
        "`/proc/<pid>/smaps_rollup`) of the build process and every process it started, added up, at its highest. "
        "Memory processes share (a forked child's pages, shared libraries) is counted once. The phase table also "
        "gives each process's own `ru_maxrss`.",
        "- **Validation** is `hub validate` (in a fresh process, timed around the command, imports excluded) against "
        "loading every data file with PyYAML's LibYAML loader (`yaml.load(..., Loader=yaml.CSafeLoader)`), also in a "
        "fresh process; each is the fastest of the runs. The hub's loader turns the garbage collector off while it "
        "reads (it makes hundreds of thousands of containers and no cycles), so a bare load with the collector off "
        "is shown too.",
        "- **Serve** is `hub serve` on a copy with that many SYNTHETIC services: a record's name is changed in "
        "`data/services.yaml` and the record's page is fetched from the preview every 20 ms until it shows the new "
        "name; the time from writing the file to that is one trial. Trials are five seconds apart.",
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
        "web worker), `parts.json` (the list of the index's parts), each part's `pagefind-entry.json` and `.pf_meta`, "
        "and the first part's `wasm.*.pagefind` (merged parts share it); in each part, the index chunks "
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
    import hub.records.yamlsource

    return f"{hub.records.yamlsource.MAX_FILE_BYTES / 2**20:g}"


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
    parser.add_argument("--serve-size", type=int, help="measure `hub serve` at this many services (default 1000; 0 skips it; --quick: 100)")
    args = parser.parse_args(argv)

    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",")] if args.sizes else list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    output = args.output or (None if args.quick else REPO / "BENCHMARKS.md")
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    started_at = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    started = time.perf_counter()
    results = []
    serve_size = args.serve_size if args.serve_size is not None else (100 if args.quick else 1_000)
    serve = None
    with tempfile.TemporaryDirectory(prefix="hub-bench-") as scratch:
        for count in sizes:
            results.append(measure(count, Path(scratch) / f"n{count}", log, repeat=max(1, args.repeat)))
        if serve_size:
            serve = measure_serve(serve_size, Path(scratch), log, trials=2 if args.quick else 5)
    reflection = reflect_bench.measure((100, 1_000) if args.quick else reflect_bench.DEFAULT_SIZES, log)
    elapsed = time.perf_counter() - started

    print(table(results))
    print()
    print(phase_table(results))
    print()
    print(search_table(results))
    print()
    print(validation_table(results))
    print()
    for target, finding, met in targets(results, serve):
        print(f"- {target}: {finding}: {'met' if met else 'NOT met' if met is not None else 'not measured'}")
    print()
    print(reflect_bench.table(reflection))
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "results": results, "serve": serve, "reflection": reflection},
                                        indent=1, default=str), encoding="utf-8")
    if output:
        output.write_text(markdown_report(results, machine(), started_at, elapsed, kept_notes(output),
                                          reflect_bench.markdown_section(reflection), serve), encoding="utf-8")
        log(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
