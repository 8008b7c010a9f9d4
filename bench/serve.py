"""`hub serve` on SYNTHETIC services: from saving a changed record to the preview serving its page."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from processes import REPO
from synthetic import make_root

TITLE = "Previewing a change (`make serve`)"


def run(options, log) -> dict | None:
    size = options.serve_size if options.serve_size is not None else (100 if options.quick else 1_000)
    if not size:
        return None
    with tempfile.TemporaryDirectory(prefix="hub-bench-serve-") as scratch:
        return measure_serve(size, Path(scratch), log, trials=2 if options.quick else 5)


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


def targets(result: dict | None) -> list[tuple[str, str, bool | None]]:
    if not result:
        return []
    found = []
    found.append((f"`make serve` shows a changed record within 2 s at {result['records']:,} records",
                  "from saving to the new page being served: " + ", ".join(f"{t:.2f} s" for t in result["seconds"])
                  + f" (slowest {max(result['seconds']):.2f} s)", max(result["seconds"]) <= 2.0))
    return found


def report(result: dict | None) -> str:
    if not result:
        return ""
    return "\n".join(["## " + TITLE, "", "Seconds from saving to the new page being served: "
                      + ", ".join(f"{t:.2f}" for t in result["seconds"]) + f" ({result['records']:,} SYNTHETIC services).", "",
        "`hub serve` runs on a copy with that many SYNTHETIC services; a record's name is changed in "
        "`data/services.yaml` and the record's page is fetched from the preview every 20 ms until it shows the new "
        "name; the time from writing the file to that is one trial. Trials are five seconds apart. The preview is "
        "one process: MkDocs' live-reload server watches data/, docs/ and resources/ every 0.1 s, and on a change "
        "`hub serve` checks the data, rewrites the changed files of the page tree and has MkDocs render those pages "
        "again in the same process (whichever engine `make site` uses: Zensical's own server runs none of the hub's steps).",
    ])
