"""`hub new service` on a large data file, beside `hub validate` on the same data.

    .venv/bin/python bench/new.py                 # 3,000 SYNTHETIC services
    .venv/bin/python bench/new.py --sizes 1000,3000

bench/run.py runs it as one section of BENCHMARKS.md (run, report, targets).
Each command runs in a fresh process, timed around the command itself (the
same way builds.py times `hub validate`), on a copy of the site sources whose
services.yaml holds SYNTHETIC services (bench/synthetic.py); services.yaml is
put back as it was before each `hub new`, so every run adds the same record
to the same file. The fastest of the runs is kept for each command.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from processes import REPO
from synthetic import make_root

TITLE = "Adding a record (`hub new`)"
DEFAULT_SIZES = (3_000,)
QUICK_SIZES = (300,)
# `hub new` reads the file once and reads its result back once; `hub validate` reads it once and checks it.
TARGET_RATIO = 2.0

_TIMED = ("import sys, time\nfrom hub.cli import main\nstarted = time.perf_counter()\n"
          "code = main(['--root', sys.argv[1], *sys.argv[2:]])\nprint(time.perf_counter() - started, file=sys.stderr)\nsys.exit(code)")


def timed(root: Path, *command: str) -> float:
    """Seconds `hub <command>` took in a fresh process (imports excluded); its output must say it worked."""
    result = subprocess.run([sys.executable, "-c", _TIMED, str(root), *command], capture_output=True, text=True, cwd=REPO)
    if result.returncode != 0:
        raise RuntimeError(f"hub {' '.join(command)} failed (exit {result.returncode}):\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return float(result.stderr.strip().splitlines()[-1])


def measure_one(count: int, workdir: Path, repeat: int, log) -> dict:
    root = make_root(workdir / f"n{count}", count)
    services = root / "data" / "services.yaml"
    original = services.read_bytes()
    log(f"hub new: {count:,} services ({len(original) / 1e6:.1f} MB of YAML), hub validate and hub new service, {repeat} run(s) each")
    validate, new = [], []
    for _ in range(repeat):
        validate.append(timed(root, "validate"))
        new.append(timed(root, "new", "service"))
        added = services.read_bytes()
        if not added.startswith(original) or b"- id: new-service-1" not in added[len(original):]:
            raise RuntimeError("hub new did not add new-service-1 at the end of services.yaml")
        services.write_bytes(original)
    return {"services": count, "yaml_bytes": len(original), "validate_seconds": min(validate), "new_seconds": min(new),
            "validate_all": validate, "new_all": new, "ratio": min(new) / min(validate)}


def measure(sizes=DEFAULT_SIZES, repeat: int = 2, log=print) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="hub-bench-new-") as scratch:
        return [measure_one(count, Path(scratch), repeat, log) for count in sizes]


def run(options, log) -> list[dict]:
    return measure(QUICK_SIZES if options.quick else DEFAULT_SIZES, repeat=1 if options.quick else max(2, options.repeat), log=log)


def table(results: list[dict]) -> str:
    lines = ["| Services | YAML (MB) | `hub validate` (s) | `hub new service` (s) | New / validate |", "|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append(f"| {r['services']:,} | {r['yaml_bytes'] / 1e6:.1f} | {r['validate_seconds']:.2f} | {r['new_seconds']:.2f} | {r['ratio']:.2f}x |")
    return "\n".join(lines)


def targets(results: list[dict]) -> list[tuple[str, str, bool | None]]:
    largest = max(results, key=lambda r: r["services"])
    return [(f"`hub new service` under {TARGET_RATIO:g}x `hub validate` at {largest['services']:,} services",
             f"{largest['ratio']:.2f}x ({largest['new_seconds']:.2f} s against {largest['validate_seconds']:.2f} s)",
             largest["ratio"] < TARGET_RATIO)]


def report(results: list[dict]) -> str:
    """The section bench/run.py puts in BENCHMARKS.md."""
    return "\n".join([
        "## " + TITLE, "",
        table(results), "",
        "Each command in a fresh process on a copy of the site sources whose services.yaml holds SYNTHETIC services, "
        "timed around the command (imports excluded), fastest of the runs; services.yaml is put back before each "
        "`hub new`. `hub new` reads the data file once with LibYAML (its records, lines and layout together), adds "
        "the record as text after the last one, and reads the result back once to check that every other record is "
        "unchanged before writing it.",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated numbers of services (default 3000)")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "").replace(",", "")) for s in args.sizes.split(",")] if args.sizes else DEFAULT_SIZES
    print(table(measure(sizes, args.repeat, log=lambda line: print(line, file=sys.stderr))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
