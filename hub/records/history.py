"""Which records a data file held on an earlier date, from the repository's own history.

Records carry the date they were last reviewed, not the date they were added:
only the history knows that. It is read with the local `git` (nothing is
fetched); where there is no history (a copy without .git, a shallow clone that
does not reach back to the date), the answer is None: not known. A full
history with no commit that old means the file did not exist yet: no records.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

from hub.records.yamlsource import parse_yaml

_TIMEOUT = 20  # seconds; git answers these in milliseconds


def ids_on(root: Path | str, key: str, day: datetime.date) -> set[str] | None:
    """The ids of the records in data/<key>.yaml as committed at the start of `day`, or None when not known."""
    root = Path(root)
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if shallow is None:
        return None  # not a repository, or no git here
    commit = _git(root, "rev-list", "-1", f"--before={day.isoformat()}T00:00:00", "HEAD")
    if not commit:
        # No commit that old: in a full history the file did not exist yet; a shallow one does not reach back.
        return set() if shallow.strip() == "false" else None
    text = _git(root, "show", f"{commit.strip()}:./data/{key}.yaml", raw=True)
    if text is None:
        return set()  # the file did not exist yet
    data = parse_yaml(text, f"data/{key}.yaml").data
    records = data.get(key) if isinstance(data, dict) else None
    return {r["id"] for r in records if isinstance(r, dict) and isinstance(r.get("id"), str)} if isinstance(records, list) else None


def _git(root: Path, *args: str, raw: bool = False):
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=_TIMEOUT, check=False,
                                env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout if raw else result.stdout.decode("utf-8", "replace")
