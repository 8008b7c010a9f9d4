"""Each build in a fresh process (bench/child.py), with the memory of it and everything it starts sampled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# Each build runs in a fresh process from bench/child.py, which imports only what that build needs.
CHILD = Path(__file__).resolve().with_name("child.py")


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


def own_peak_kib() -> int:
    """This process's peak resident memory (KiB) since exec (VmHWM): ru_maxrss would also count, by
    Linux's rule, the size of the bench process this one was started from."""
    with open("/proc/self/status", encoding="ascii") as status:
        return int(next(line.split()[1] for line in status if line.startswith("VmHWM:")))


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
