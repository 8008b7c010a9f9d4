"""What a build is doing while it does it: each phase with its count and time.

On a terminal the current phase is one line redrawn as a bar; in a log (CI,
a file) each phase gets a line when it starts and when it ends, and a long
phase a line every few seconds in between, so a slow build never looks
frozen: a clock thread keeps these coming even while a phase's count stands
still (MkDocs reads every page before it renders the first). Either way every
finished phase is kept in `timings`, which is also how the benchmark times
the build's phases.
"""

from __future__ import annotations

import resource
import sys
import threading
import time
from dataclasses import dataclass, field

# In a log, a long phase says how far it has got at most this often; a bar is redrawn at most this often.
LOG_EVERY_SECONDS = 5.0
BAR_EVERY_SECONDS = 0.1
# How often the clock thread looks at the current phase.
TICK_SECONDS = 1.0
_BAR_WIDTH = 24


@dataclass
class Timing:
    name: str
    seconds: float
    cpu_seconds: float  # this process and the child processes it waited for
    count: int | None


@dataclass
class Phase:
    """One phase of the build, as a context manager: `with progress.phase("rendering", 10060, "pages") as step:`."""

    progress: Progress
    name: str
    total: int | None = None
    unit: str = ""
    done: int = 0
    started: float = 0.0
    started_cpu: float = 0.0
    _last_shown: float = 0.0
    _finished: threading.Event = field(default_factory=threading.Event)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self.progress.show(self)

    def __enter__(self) -> Phase:
        self.progress.begin(self)
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.progress.end(self, failed=kind is not None)

    @property
    def seconds(self) -> float:
        return time.perf_counter() - self.started


class Progress:
    """Reports phases to `stream` (default: standard error): a bar on a terminal, plain lines otherwise."""

    def __init__(self, stream=None, bar: bool | None = None, quiet: bool = False):
        self.stream = stream or sys.stderr
        self.bar = self.stream.isatty() if bar is None else bar
        self.quiet = quiet
        self.timings: list[Timing] = []
        self._lock = threading.Lock()  # the clock thread and the build both report

    def phase(self, name: str, total: int | None = None, unit: str = "") -> Phase:
        return Phase(self, name, total, unit)

    def timing(self, name: str) -> Timing | None:
        return next((t for t in self.timings if t.name == name), None)

    def record(self, timing: Timing, note: str = "") -> None:
        """A phase another process ran, reported once it is over."""
        self.timings.append(timing)
        self._write(f"hub build: {timing.name}{_count_text(timing.count, 'files')}: done in {timing.seconds:.1f} s{note}\n")

    # What the phases call -----------------------------------------------------

    def begin(self, phase: Phase) -> None:
        phase.started = phase._last_shown = time.perf_counter()
        phase.started_cpu = _cpu_seconds()
        if self.bar:
            self._write("\r" + _bar_line(phase) + "\033[K")
        else:
            self._write(f"hub build: {phase.name}{_count_text(phase.total, phase.unit)} ...\n")
        if not self.quiet:
            threading.Thread(target=self._keep_showing, args=(phase,), name="progress-clock", daemon=True).start()

    def show(self, phase: Phase) -> None:
        with self._lock:
            if phase._finished.is_set():
                return
            now = time.perf_counter()
            if self.bar:
                if now - phase._last_shown >= BAR_EVERY_SECONDS or phase.done == phase.total:
                    phase._last_shown = now
                    self._write("\r" + _bar_line(phase) + "\033[K")
            elif now - phase._last_shown >= LOG_EVERY_SECONDS:
                phase._last_shown = now
                self._write(f"hub build:   {phase.name}: {_so_far(phase)} after {phase.seconds:.0f} s\n")

    def end(self, phase: Phase, failed: bool = False) -> None:
        with self._lock:
            phase._finished.set()
            seconds = phase.seconds
            self.timings.append(Timing(phase.name, seconds, _cpu_seconds() - phase.started_cpu, phase.total))
            outcome = "stopped" if failed else "done"
            line = f"hub build: {phase.name}{_count_text(phase.total, phase.unit)}: {outcome} in {seconds:.1f} s"
            self._write(("\r" + line + "\033[K\n") if self.bar else line + "\n")

    def _keep_showing(self, phase: Phase) -> None:
        """The clock: the phase's line (or bar, with its seconds) keeps coming while its count stands still."""
        while not phase._finished.wait(TICK_SECONDS):
            self.show(phase)

    def _write(self, text: str) -> None:
        if not self.quiet:
            self.stream.write(text)
            self.stream.flush()


def _so_far(phase: Phase) -> str:
    """'912 of 10,063 pages', or 'still working' for a phase that counts nothing yet."""
    if phase.total is None and not phase.done:
        return "still working"
    return f"{phase.done:,}{f' of {phase.total:,}' if phase.total else ''} {phase.unit}".rstrip()


def _count_text(total: int | None, unit: str) -> str:
    return f" ({total:,} {unit})" if total is not None and unit else ""


def _bar_line(phase: Phase) -> str:
    if phase.total:
        filled = min(_BAR_WIDTH, _BAR_WIDTH * phase.done // phase.total)
        return (f"hub build: {phase.name} [{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] "
                f"{phase.done:,}/{phase.total:,} {phase.unit} {phase.seconds:.0f} s")
    return f"hub build: {phase.name} ... {phase.seconds:.0f} s"


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
