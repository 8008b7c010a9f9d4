"""The search index: Pagefind, given each page as soon as it is rendered.

Pagefind's binary (from the pagefind-bin wheel) runs beside the build as a
service (`pagefind --service`): each rendered page is sent to it at once, so
it parses and indexes pages on the second core while the site engine renders
the next ones, and only writing the index files is left for the end.

The messages are Pagefind's own service protocol (the one its official
Python package speaks): base64-encoded JSON, each followed by a comma, in
both directions. The official package is not used: it reads one answer per
tenth of a second, which would take a quarter of an hour for 10,000 pages.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from pagefind_bin import get_executable

SEARCH_FOLDER = "pagefind"


class SearchIndexError(Exception):
    """Pagefind refused a page or could not write the index."""


class SearchIndex:
    """One Pagefind index being built. Use as a context manager: the service
    is stopped on the way out, whatever happened."""

    def __init__(self):
        self._process = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._next_id = 0
        self._answers: dict[int, dict] = {}
        self._waiting: dict[int, threading.Event] = {}
        self._errors: list[str] = []
        self.indexed = 0  # pages Pagefind has finished with
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read_answers, name="pagefind-answers", daemon=True)
        self._reader.start()
        self._index_id = self._ask({"type": "NewIndex", "config": None})["index_id"]

    def add(self, url: str, html: str) -> None:
        """Send a rendered page (its address in the site, e.g. '/services/childline/'). Does not wait:
        when Pagefind falls behind, the pipe fills and this blocks until it catches up."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html, "file_path": None})

    def write(self, site: Path) -> int:
        """Write the index into `site`/pagefind once every page sent is indexed; returns the page count."""
        self._ask({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(Path(site) / SEARCH_FOLDER)})
        if self._errors:
            raise SearchIndexError("; ".join(self._errors[:5]))
        return self.indexed

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=5)

    # The protocol -----------------------------------------------------------

    def _send(self, payload: dict, event: threading.Event | None = None) -> int:
        with self._lock:
            self._next_id += 1
            message_id = self._next_id
            if event:
                self._waiting[message_id] = event
        message = json.dumps({"message_id": message_id, "payload": payload}, ensure_ascii=False)
        try:
            self._process.stdin.write(base64.b64encode(message.encode("utf-8")) + b",")
            self._process.stdin.flush()
        except BrokenPipeError:
            raise SearchIndexError("Pagefind stopped unexpectedly") from None
        return message_id

    def _ask(self, payload: dict) -> dict:
        """Send a request and wait for its answer."""
        answered = threading.Event()
        message_id = self._send(payload, answered)
        while not answered.wait(1):
            if self._process.poll() is not None:
                raise SearchIndexError(f"Pagefind stopped with exit code {self._process.returncode}")
        answer = self._answers.pop(message_id)
        if answer.get("type") == "Error":
            raise SearchIndexError(answer.get("message", "Pagefind reported an error"))
        return answer

    def _read_answers(self) -> None:
        pending = b""
        while chunk := self._process.stdout.read1(1 << 16):
            pending += chunk
            *messages, pending = pending.split(b",")
            for message in messages:
                self._take(json.loads(base64.b64decode(message)))

    def _take(self, answer: dict) -> None:
        payload, message_id = answer.get("payload", {}), answer.get("message_id")
        if payload.get("type") == "IndexedFile":
            self.indexed += 1
        elif payload.get("type") == "Error":
            self._errors.append(payload.get("message", "unknown error"))
        with self._lock:
            event = self._waiting.pop(message_id, None)
        if event:
            self._answers[message_id] = payload
            event.set()


# The preview's indexer, if one is running (hub serve).
_background: subprocess.Popen | None = None


def index_in_background(site: Path) -> None:
    """Index a built site with Pagefind's command line, without waiting for it
    (a live preview). An indexer still busy with an older build is stopped:
    only the newest build's index matters."""
    global _background
    if _background is not None and _background.poll() is None:
        _background.terminate()
        _background.wait()
    # At a low priority: rewriting and rendering the next change comes first.
    _background = subprocess.Popen([sys.executable, "-m", "pagefind_bin", "--site", str(site), "--silent"], preexec_fn=lambda: os.nice(10))
