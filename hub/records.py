"""The one loader: read every data file, check it, return plain records.

Used by the `hub` command, the MkDocs hooks and the tests alike.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from hub.mistakes import mistake_problems
from hub.problems import Problem, errors
from hub.validate import cross_problems, review_warnings, schema_problems
from hub.yamlsource import SourceFile, read_yaml

# The data files, in the order problems are reported.
DATA_FILES = ("vocabularies", "services", "resources", "campaigns", "champions", "alliance")
# The record types that get a page each, with the page folder they live in.
RECORD_TYPES = ("services", "resources", "campaigns")


@dataclass
class Hub:
    """Everything read from data/: plain dicts, plus where each came from."""

    root: Path
    sources: dict[str, SourceFile]
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not errors(self.problems)

    def records(self, kind: str) -> list[dict]:
        return self.sources[kind].data[kind]

    @property
    def vocab(self) -> dict:
        return self.sources["vocabularies"].data

    @property
    def champions(self) -> dict:
        return self.sources["champions"].data

    @property
    def alliance(self) -> dict:
        return self.sources["alliance"].data

    def line_of(self, kind: str, index: int) -> int:
        """The line where record `index` of `kind` starts in its file."""
        return self.sources[kind].line_of((kind, index))

    def term_names(self, vocabulary: str) -> dict[str, str]:
        """id -> display name for one vocabulary."""
        return {term["id"]: term["name"] for term in self.vocab[vocabulary]}

    @cached_property
    def names(self) -> dict[str, dict[str, str]]:
        """id -> display name for every vocabulary records use (standards as 'QS1 Knowledge and Understanding')."""
        names = {vocab: self.term_names(vocab) for vocab in ("districts", "audiences", "topics", "resource_types", "access_routes")}
        names["quality_standards"] = {s["id"]: f"{s['id']} {s['name']}" for s in self.vocab["quality_standards"]}
        return names

    def area_text(self, record: dict) -> str:
        """Where a record applies, in words. Services say so in `coverage`;
        resources and campaigns are region-wide unless they name districts."""
        coverage = record.get("coverage") or ({"area": "districts", "districts": record["districts"]} if record.get("districts") else {"area": "region"})
        if coverage["area"] == "national":
            return "National (UK-wide)"
        if coverage["area"] == "region":
            return f"All of {self.vocab['region']['name']}"
        return ", ".join(self.names["districts"][d] for d in coverage["districts"])

    def counts(self) -> dict[str, int]:
        counts = {kind: len(self.records(kind)) for kind in RECORD_TYPES}
        counts["pledges"] = len(self.champions["pledges"])
        counts["meetings"] = len(self.alliance["meetings"])
        return counts


def load(root: Path | str = ".", today: datetime.date | None = None, review_months: int = 12) -> Hub:
    """Read and check every file in `root`/data; problems are collected, never raised."""
    root = Path(root)
    data_dir, schema_dir = root / "data", (root / "data" / "schemas").resolve()
    today = today or datetime.date.today()
    sources = {name: read_yaml(str(data_dir / f"{name}.yaml"), f"data/{name}.yaml") for name in DATA_FILES}

    problems: list[Problem] = []
    readable = {}
    for name, source in sources.items():
        problems += source.problems
        if isinstance(source.data, dict):  # read, perhaps with some values refused
            readable[name] = source
            # The specific mistakes first: the schema then says nothing more about those values.
            problems += mistake_problems(schema_dir, name, source)
            problems += schema_problems(schema_dir, name, source)
    # Terms and references are checked against a vocabulary that is itself sound.
    vocabulary_ok = not any(p.file == sources["vocabularies"].path for p in problems)
    if vocabulary_ok:
        problems += cross_problems(schema_dir, root, readable, today)
    problems += review_warnings(sources, today, review_months) if not errors(problems) else []
    by_file = {source.path: source for source in sources.values()}
    named = {by_file[p.file].named(p) if p.file in by_file else p for p in problems}
    return Hub(root, sources, sorted(named, key=_report_order))


_FILE_RANK = {f"data/{name}.yaml": rank for rank, name in enumerate(DATA_FILES)}


def _report_order(problem: Problem):
    """Errors before warnings, then file by file in DATA_FILES order, line by line."""
    return (problem.severity != "error", _FILE_RANK.get(problem.file, 99), problem.file, problem.line, problem.field)
