"""The search index: Pagefind, given each page as soon as it is rendered.

Pagefind's binary (from the pagefind-bin wheel) runs beside the build as a
service (`pagefind --service`): each rendered page is sent to it at once, so
it parses and indexes pages on the second core while the site engine renders
the next ones, and only writing the index files is left for the end.

Pagefind holds every page it is given until it writes, and writing takes
about 95 KB a page at its height (930 MB for 10,000 pages measured here), more
than the whole of a plain MkDocs build. So a large site's index is written in
parts of at most PAGES_PER_PART pages, one Pagefind at a time (about 100 MB at
its height for 1,000 pages; each part adds two small files to the first
search, BENCHMARKS.md): the first part
is the index at pagefind/, the others go under pagefind/parts/ and are listed
in pagefind/parts.json, and the browser merges them when someone searches
(Pagefind's own mergeIndex, which shares the first part's search code).

The messages are Pagefind's own service protocol (the one its official
Python package speaks): base64-encoded JSON, each followed by a comma, in
both directions. The official package is not used: it reads one answer per
tenth of a second, which would take a quarter of an hour for 10,000 pages.
"""

from __future__ import annotations

import base64
import json
import math
import os
import subprocess
import sys
import threading
from pathlib import Path

from pagefind_bin import get_executable

SEARCH_FOLDER = "pagefind"
PARTS_FILE = "parts.json"
PAGES_PER_PART = 1_000


class SearchIndexError(Exception):
    """Pagefind refused a page or could not write the index."""


class SearchIndex:
    """The site's search index, written into `site`, for about `pages` pages
    handed over one by one; in equal parts when there are more than
    `pages_per_part`. Use as a context manager: Pagefind is stopped on the way
    out, whatever happened."""

    def __init__(self, site: Path, pages: int, pages_per_part: int = PAGES_PER_PART):
        self.site = Path(site)
        parts = max(1, math.ceil(pages / pages_per_part))
        self.part_size = max(1, math.ceil(pages / parts))
        self.parts: list[str] = []  # the folders written so far, relative to the site
        self.indexed = 0
        self._pagefind: Pagefind | None = None

    def add(self, url: str, html: str) -> None:
        """Send a rendered page (its address in the site, e.g. '/services/childline/')."""
        if self._pagefind is None:
            self._pagefind = Pagefind()
        self._pagefind.add(url, html)
        if self._pagefind.sent == self.part_size:
            self._write_part()

    @property
    def pages_sent(self) -> int:
        """Every page handed over so far, in the parts written and the one being filled."""
        return self.indexed + (self._pagefind.sent if self._pagefind else 0)

    def write(self) -> int:
        """Write what is left once every page sent is indexed, and the list of
        parts; returns the number of pages in the index."""
        if self._pagefind is not None or not self.parts:
            self._write_part()
        more = self.parts[1:]
        (self.site / SEARCH_FOLDER / PARTS_FILE).write_text(json.dumps({"parts": more}), encoding="utf-8")
        return self.indexed

    def _write_part(self) -> None:
        folder = SEARCH_FOLDER if not self.parts else f"{SEARCH_FOLDER}/parts/{len(self.parts) + 1}"
        with self._pagefind or Pagefind() as pagefind:
            self._pagefind = None
            self.indexed += pagefind.write(self.site / folder)
        self.parts.append(folder + "/")

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        if self._pagefind is not None:
            self._pagefind.close()


class Pagefind:
    """One Pagefind service, holding one index until it writes it. Use as a
    context manager: the service is stopped on the way out."""

    def __init__(self):
        self._process = subprocess.Popen([str(get_executable()), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._next_id = 0
        self._answers: dict[int, dict] = {}
        self._waiting: dict[int, threading.Event] = {}
        self._errors: list[str] = []
        self.sent = 0  # pages handed over
        self.indexed = 0  # pages Pagefind has finished with
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read_answers, name="pagefind-answers", daemon=True)
        self._reader.start()
        self._index_id = self._ask({"type": "NewIndex", "config": None})["index_id"]

    def add(self, url: str, html: str) -> None:
        """Send a rendered page. Does not wait: when Pagefind falls behind, the
        pipe fills and this blocks until it catches up."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": url, "file_contents": html, "file_path": None})
        self.sent += 1

    def write(self, folder: Path) -> int:
        """Write the index into `folder` once every page sent is indexed; returns the page count.

        Pagefind hands the files over (GetFiles) and they are written here, not
        by Pagefind (WriteFiles): Pagefind answers WriteFiles before its writes
        have reached the disk, and leaves at once when its input closes, so a
        file it was still writing could be left empty."""
        answer = self._ask({"type": "GetFiles", "index_id": self._index_id})
        if self._errors:
            raise SearchIndexError("; ".join(self._errors[:5]))
        # Pagefind answers in order, so every page sent has been answered for by now.
        if self.indexed != self.sent:
            raise SearchIndexError(f"Pagefind indexed {self.indexed} of the {self.sent} pages sent")
        folder = Path(folder)
        for file in answer["files"]:
            path = folder / file["path"]
            if not path.resolve().is_relative_to(folder.resolve()):
                raise SearchIndexError(f"Pagefind named a file outside the index folder: {file['path']}")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(base64.b64decode(file["content"]))
        return self.indexed

    def close(self) -> None:
        self._process.stdin.close()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._reader.join(timeout=5)

    def __enter__(self) -> Pagefind:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

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
