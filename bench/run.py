"""`make bench`: every benchmark section in one run, side by side, written to BENCHMARKS.md.

    .venv/bin/python bench/run.py --repeat 2       # 100, 1,000 and 10,000 services; writes BENCHMARKS.md
    .venv/bin/python bench/run.py --quick          # small sizes; prints the tables, writes nothing
    .venv/bin/python bench/run.py --sizes 500 --output /tmp/b.md

Each section is a module with TITLE, run(options, log), report(result) and
targets(result): builds.py (the build with each engine, MkDocs and
Zensical, against plain Material, and validation), new.py (`hub new` beside
`hub validate`), serve.py (`hub serve`), reflect.py (`hub reflect summarise`),
offline.py (what "Keep this hub on this device" keeps, in Chromium).
Every figure comes from this one run.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import builds  # noqa: E402
import new  # noqa: E402
import offline  # noqa: E402
import reflect  # noqa: E402
import serve  # noqa: E402

# In the order they run and are reported.
SECTIONS = (builds, new, serve, reflect, offline)
PACKAGES = ("mkdocs", "mkdocs-material", "zensical", "mkdocs-macros-plugin", "pagefind_bin", "Markdown", "Jinja2", "PyYAML", "jsonschema", "nh3")
KEEP_START, KEEP_END = "<!-- notes:start -->", "<!-- notes:end -->"


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


def markdown_report(results: dict, info: dict, started: str, seconds: float, notes: str) -> str:
    verdicts = [verdict for section in SECTIONS for verdict in section.targets(results[section.__name__])]
    lines = [
        "# Benchmarks", "",
        f"Written by `bench/run.py` (`make bench`) on {started}; the whole run took {seconds / 60:.1f} minutes.",
        "Every figure below comes from that one run. Rerun `make bench` to replace them.", "",
        "## Machine", "",
        f"- CPU: {info['cpu']}", f"- Cores: {info['cores']}", f"- Memory: {info['memory']}",
        f"- Python {info['python']} on {info['os']}",
        "- Packages: " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()),
        f"- Code measured: {info['code']}", "",
        "## Targets", "", "| Target | Found | Met |", "|---|---|---|",
        *[f"| {target} | {finding} | {'yes' if met else 'no' if met is not None else 'not measured'} |" for target, finding, met in verdicts],
        "",
    ]
    for section in SECTIONS:
        text = section.report(results[section.__name__])
        if text:
            lines += [text, ""]
    lines += ["## Notes", "", KEEP_START, notes.strip() or "(Add observations here; `make bench` keeps this section.)", KEEP_END, ""]
    return "\n".join(lines)


def kept_notes(path: Path) -> str:
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    if KEEP_START in text and KEEP_END in text:
        return text.split(KEEP_START, 1)[1].split(KEEP_END, 1)[0]
    return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, and no file written unless --output is given")
    parser.add_argument("--sizes", help="comma-separated numbers of services to build (default 100,1000,10000)")
    parser.add_argument("--output", type=Path, help="write the Markdown report here (default without --quick: BENCHMARKS.md)")
    parser.add_argument("--json", type=Path, help="also write the raw figures as JSON here")
    parser.add_argument("--repeat", type=int, default=1, help="build each size this many times each way and keep the fastest (default 1)")
    parser.add_argument("--serve-size", type=int, help="measure `hub serve` at this many services (default 1000; 0 skips it; --quick: 100)")
    options = parser.parse_args(argv)
    options.sizes = [int(s.replace("_", "").replace(",", "")) for s in options.sizes.split(",")] if options.sizes else None

    output = options.output or (None if options.quick else REPO / "BENCHMARKS.md")
    log = lambda line: print(line, file=sys.stderr, flush=True)  # noqa: E731
    started_at = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    started = time.perf_counter()
    results = {section.__name__: section.run(options, log) for section in SECTIONS}
    elapsed = time.perf_counter() - started
    for section in SECTIONS:
        print(section.report(results[section.__name__]))
        print()
    for target, finding, met in (v for section in SECTIONS for v in section.targets(results[section.__name__])):
        print(f"- {target}: {finding}: {'met' if met else 'NOT met' if met is not None else 'not measured'}")
    if options.json:
        options.json.write_text(json.dumps({"machine": machine(), **results}, indent=1, default=str), encoding="utf-8")
    if output:
        output.write_text(markdown_report(results, machine(), started_at, elapsed, kept_notes(output)), encoding="utf-8")
        log(f"wrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
