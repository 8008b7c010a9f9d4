"""The benchmark (bench/run.py) runs end to end in quick mode and reports what
BENCHMARKS.md is made of. It judges no speed itself: speed is only ever
reported by the benchmark, side by side with the baseline."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import REPO

# The phases `hub build` reports with each engine, as the benchmark's phase table lists them.
PHASES = ("checking the data", "writing the feed, calendars and open data", "writing pages", "rendering",
          "indexing for search", "preparing the offline copy", "putting the site together")
ZENSICAL_PHASES = ("checking the data", "writing the feed, calendars and open data", "writing pages", "rendering",
                   "finishing pages", "indexing for search", "preparing the offline copy", "putting the site together")


def test_the_benchmark_runs_end_to_end_in_quick_mode(tmp_path):
    before = (REPO / "BENCHMARKS.md").read_bytes() if (REPO / "BENCHMARKS.md").exists() else None
    result = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick"],
                            capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    lines = out.splitlines()
    assert lines[0] == "## Building the site"
    head = lines.index(next(line for line in lines if line.startswith("| Records | Pages | Baseline: plain Material (s) |")))
    for column in ("MkDocs / baseline", "Zensical / baseline", "Peak memory (MB): baseline / MkDocs / Zensical", "First search / lunr"):
        assert column in lines[head], column
    assert re.match(r"\|---:\|", lines[head + 1])
    rows = lines[head + 2:head + 4]
    assert [row.split("|")[1].strip() for row in rows] == ["20", "100"]
    # Both engines' time and memory as ratios to plain Material, from the same run.
    assert all(re.search(r"\| \d+\.\d\dx \| \d+\.\d+ \| \d+\.\d\dx \|", row) for row in rows), rows
    assert all(re.search(r"\| \d+ / \d+ / \d+ \| \d+\.\d\dx, \d+\.\d\dx \|", row) for row in rows), rows
    # The phases come from the build's own progress reporter, each with a wall and a CPU time, for each engine.
    phase_header = next(line for line in lines if line.startswith("| Records | Engine | checking the data"))
    assert all(f"{phase}: wall / CPU (s)" in phase_header for phase in ZENSICAL_PHASES)
    phase_rows = [line for line in lines[lines.index(phase_header) + 2:][:4]]
    assert [row.split("|")[2].strip() for row in phase_rows] == ["MkDocs", "Zensical", "MkDocs", "Zensical"]
    for row in phase_rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")][2:2 + len(ZENSICAL_PHASES)]
        engine_phases = PHASES if "MkDocs" in row else ZENSICAL_PHASES
        assert all(re.fullmatch(r"\d+\.\d / \d+\.\d", cell) for cell, phase in zip(cells, ZENSICAL_PHASES) if phase in engine_phases), row
    # Validation beside a bare LibYAML load, and each target with a verdict.
    assert re.search(r"^\| 100 \| 0\.1 \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\dx \|", out, re.M), out[-3000:]
    for target in ("Full build with MkDocs no longer than plain Material", "Full build with Zensical no longer than plain Material",
                   "`hub validate` within 1.25x a bare LibYAML load", "Peak memory of the whole build with MkDocs at or below plain Material's",
                   "Peak memory of the whole build with Zensical at or below plain Material's", "First search under 5% of the lunr index bytes"):
        assert re.search(rf"^- {re.escape(target)}.*: (met|NOT met)$", out, re.M), target
    # `hub serve` was started on SYNTHETIC data and showed each saved change.
    assert re.search(r"^- `make serve` shows a changed record within 2 s at 100 records: from saving to the new page being served: "
                     r"\d+\.\d\d s, \d+\.\d\d s", out, re.M), out[-2000:]
    # The first search, measured in Chromium: the scripts, index chunks and fragments it fetched.
    search_header = lines.index(next(line for line in lines if line.startswith("| Records | Files fetched |")))
    for row in lines[search_header + 2:search_header + 4]:
        files, *kilobytes = [cell.strip() for cell in row.strip("|").split("|")][1:6]
        assert int(files) > 5 and all(int(kb.replace(",", "")) > 0 for kb in kilobytes), row
    # bench/new.py: hub new service beside hub validate on the same SYNTHETIC services.
    assert re.search(r"^\| 300 \| 0\.3 \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\dx \|$", out, re.M), out[-3000:]
    assert re.search(r"^- `hub new service` under 2x `hub validate` at 300 services: \d+\.\d\dx .*: (met|NOT met)$", out, re.M)
    # bench/reflect.py: hub reflect summarise, run on SYNTHETIC returns.
    # With the audit beside without it, and the figures each hides.
    assert re.search(r"^\| 1,000 \| 1,004 \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\d / \d+\.\d\d \| \d+\.\d\d \| \d+ \| [\d,]+ / [\d,]+ \|", out, re.M), out[-1500:]
    assert re.search(r"^- `hub reflect summarise` with the audit under 10 s at 10,000 returns: not measured in this run "
                     r"\(largest: 1,000 returns, \d+\.\d\d s\): not measured$", out, re.M), out[-1500:]
    # bench/offline.py: the copy "Keep this hub on this device" saves, read back from Chromium's Cache Storage.
    assert "## Keeping the hub on a device (offline copy)" in lines
    assert re.search(r"^\| \d+ \(real\) \| [\d,]+ \| yes \| [\d,]+ \| \d+\.\d \|", out, re.M), out[-3000:]
    assert re.search(r"^- The browser keeps exactly the build's list at 100 services: .*: met$", out, re.M), out[-2000:]
    after = (REPO / "BENCHMARKS.md").read_bytes() if (REPO / "BENCHMARKS.md").exists() else None
    assert after == before, "--quick writes no file"
    assert not list(tmp_path.iterdir()), "nothing left in the working folder"
