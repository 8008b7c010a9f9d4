"""What a build says while it works: phases with counts and times, as lines in a log or a bar on a terminal."""

from __future__ import annotations

import io
import time

import pytest

from hub.build import progress as progress_module
from hub.build.progress import Progress


def test_a_log_gets_a_line_when_each_phase_starts_and_ends_and_keeps_its_timing():
    stream = io.StringIO()
    progress = Progress(stream, bar=False)
    with progress.phase("writing pages", 3, "pages") as step:
        for _ in range(3):
            step.advance()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "hub build: writing pages (3 pages) ..."
    assert lines[-1].startswith("hub build: writing pages (3 pages): done in ") and lines[-1].endswith(" s")
    timing = progress.timing("writing pages")
    assert timing.count == 3 and timing.seconds >= 0 and timing.cpu_seconds >= 0


def test_a_long_phase_says_how_far_it_has_got_in_a_log(monkeypatch):
    monkeypatch.setattr(progress_module, "LOG_EVERY_SECONDS", 0)
    stream = io.StringIO()
    with Progress(stream, bar=False).phase("rendering", 10_060, "pages") as step:
        step.advance(4_000)
    assert "hub build:   rendering: 4,000 of 10,060 pages after " in stream.getvalue()


def test_a_phase_whose_count_stands_still_still_says_it_is_working(monkeypatch):
    monkeypatch.setattr(progress_module, "LOG_EVERY_SECONDS", 0)
    monkeypatch.setattr(progress_module, "TICK_SECONDS", 0.01)
    stream = io.StringIO()
    with Progress(stream, bar=False).phase("rendering", 10_060, "pages"):
        deadline = time.monotonic() + 10
        while "rendering: 0 of 10,060 pages after " not in stream.getvalue() and time.monotonic() < deadline:
            time.sleep(0.01)  # MkDocs reading pages: nothing rendered yet
    assert "hub build:   rendering: 0 of 10,060 pages after 0 s" in stream.getvalue()
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith("hub build: rendering (10,060 pages): done in "), "nothing comes after the phase ends"


def test_a_phase_that_counts_nothing_yet_says_it_is_still_working(monkeypatch):
    monkeypatch.setattr(progress_module, "LOG_EVERY_SECONDS", 0)
    stream = io.StringIO()
    with Progress(stream, bar=False).phase("checking the data", unit="records") as step:
        step.progress.show(step)
    assert "hub build:   checking the data: still working after 0 s" in stream.getvalue()


def test_a_terminal_gets_one_line_redrawn_as_a_bar(monkeypatch):
    monkeypatch.setattr(progress_module, "BAR_EVERY_SECONDS", 0)
    stream = io.StringIO()
    with Progress(stream, bar=True).phase("rendering", 10, "pages") as step:
        step.advance(5)
        step.advance(5)
    text = stream.getvalue()
    assert "\rhub build: rendering [........................] 0/10 pages" in text
    assert "\rhub build: rendering [############............] 5/10 pages" in text
    assert "\rhub build: rendering [########################] 10/10 pages" in text
    assert text.endswith("\n") and "rendering (10 pages): done in " in text.splitlines()[-1]


def test_a_failing_phase_says_it_stopped_and_the_error_goes_on():
    stream = io.StringIO()
    progress = Progress(stream, bar=False)
    with pytest.raises(RuntimeError):
        with progress.phase("indexing for search"):
            raise RuntimeError("Pagefind stopped")
    assert "hub build: indexing for search: stopped in " in stream.getvalue()
    assert progress.timing("indexing for search") is not None


def test_quiet_progress_writes_nothing_but_still_times():
    stream = io.StringIO()
    progress = Progress(stream, quiet=True)
    with progress.phase("checking the data", 5, "records"):
        pass
    assert stream.getvalue() == "" and progress.timing("checking the data").count == 5


def test_make_site_prints_every_phase_with_its_count(built_site_log):
    for line in ("hub build: checking the data (", "records): done in ", "hub build: writing pages (", "hub build: rendering (",
                 "hub build: indexing for search (", "hub build: writing the feed, calendars and open data (", "files): done in ",
                 "hub build: preparing the offline copy: done in ", "hub build: putting the site together: done in "):
        assert line in built_site_log, line


@pytest.fixture(scope="module")
def built_site_log(tmp_path_factory):
    from hub.build.build import build_site
    from tests.conftest import REPO

    stream = io.StringIO()
    out = tmp_path_factory.mktemp("progress") / "site"
    assert build_site(REPO, out=out, log=lambda line: None, progress=Progress(stream, bar=False))
    return stream.getvalue()
