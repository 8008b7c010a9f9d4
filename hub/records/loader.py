"""The one loader: read the settings and every data file, check them, return plain records.

Used by the `hub` command, the MkDocs hooks and the tests alike. The
settings in mkdocs.yml are checked like data: their problems are the
Hub's problems too.
"""

from __future__ import annotations

import datetime
import gc
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from hub.records import questionsets as reflection
from hub.records.kinds import DATA_FILES, NATIONAL, RECORD_TYPES, REGION, coverage
from hub.records.mistakes import mistake_problems
from hub.records.problems import Problem, errors
from hub.records.settings import read_settings
from hub.records.text import plural
from hub.records.validate import cross_problems, review_warnings, schema_problems
from hub.records.yamlsource import SourceFile, parse_yaml, read_yaml


@dataclass
class Hub:
    """Everything read from data/: plain dicts, plus where each came from."""

    root: Path
    sources: dict[str, SourceFile]
    problems: list[Problem] = field(default_factory=list)
    settings: dict = field(default_factory=dict)  # mkdocs.yml's, with defaults (hub.records.settings)

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

    @property
    def report(self) -> dict:
        """The report the hub answers: its recommendations and baseline scores."""
        return self.sources["report"].data

    def line_of(self, kind: str, index: int) -> int:
        """The line where record `index` of `kind` starts in its file."""
        return self.sources[kind].line_of((kind, index))

    def term_names(self, vocabulary: str) -> dict[str, str]:
        """id -> display name for one vocabulary."""
        return {term["id"]: term["name"] for term in self.vocab[vocabulary]}

    @cached_property
    def names(self) -> dict[str, dict[str, str]]:
        """id -> display name for every vocabulary records use (standards as 'QS1 Knowledge and Understanding')."""
        names = {vocab: self.term_names(vocab) for vocab, terms in self.vocab.items() if isinstance(terms, list)}
        names["quality_standards"] = {s["id"]: f"{s['id']} {s['name']}" for s in self.vocab["quality_standards"]}
        return names

    @cached_property
    def search_words(self) -> dict[str, dict[str, list[str]]]:
        """Each term's synonyms that its name does not already contain, by vocabulary:
        record pages show them beside the term so search finds every tagged record."""
        return {vocab: {term["id"]: [word for word in term.get("synonyms", []) if word.lower() not in term["name"].lower()]
                        for term in terms if isinstance(term, dict)}
                for vocab, terms in self.vocab.items() if isinstance(terms, list)}

    def area_text(self, record: dict) -> str:
        """Where a record applies, in words (kinds.coverage decides where)."""
        area = coverage(record)
        if area["area"] == NATIONAL:
            return "National (UK-wide)"
        if area["area"] == REGION:
            return f"All of {self.vocab['region']['name']}"
        return ", ".join(self.names["districts"][d] for d in area["districts"])

    def record_count(self) -> int:
        """How many records of every type the data holds."""
        return sum(len(self.records(record_type.key)) for record_type in RECORD_TYPES)

    def counts(self) -> dict[str, int]:
        """How many of each thing the data holds, by data-file key: {'services': 17, ...}."""
        counts = {record_type.key: len(self.records(record_type.key)) for record_type in RECORD_TYPES}
        counts["pledges"] = len(self.champions["pledges"])
        counts["meetings"] = len(self.alliance["meetings"])
        return counts

    def count_words(self) -> str:
        """'17 services, 18 resources, 2 campaigns, 0 pledges, 0 meetings'."""
        counts = self.counts()
        words = [record_type.words(counts.pop(record_type.key)) for record_type in RECORD_TYPES]
        return ", ".join(words + [plural(n, noun.removesuffix("s"), noun) for noun, n in counts.items()])


def load(root: Path | str = ".", today: datetime.date | None = None, review_months: int | None = None,
         texts: dict[str, bytes] | None = None) -> Hub:
    """Read and check the settings and every file in `root`/data; problems are collected, never
    raised. Records are due for review after `review_months` (default: the setting). `texts`
    stands in for some data files (by name, e.g. "services"): a change is checked, by the same
    rules, before anything is written."""
    # Reading makes hundreds of thousands of small containers and no cycles:
    # the cyclic garbage collector would only look through them again and
    # again (more than halving the time of a large load).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(root), today or datetime.date.today(), review_months, texts or {})
    finally:
        if collecting:
            gc.enable()


def _load(root: Path, today: datetime.date, review_months: int | None, texts: dict[str, bytes]) -> Hub:
    settings, setting_problems = read_settings(root)
    review_months = settings["review_interval_months"] if review_months is None else review_months
    data_dir, schema_dir = root / "data", (root / "data" / "schemas").resolve()
    sources = {name: parse_yaml(texts[name], f"data/{name}.yaml") if name in texts else read_yaml(str(data_dir / f"{name}.yaml"), f"data/{name}.yaml")
               for name in DATA_FILES}

    problems: list[Problem] = []
    readable = {}
    for name, source in sources.items():
        problems += source.problems
        if isinstance(source.data, dict):  # read, perhaps with some values refused
            readable[name] = source
            # The specific mistakes first: the schema then says nothing more about those values.
            problems += mistake_problems(schema_dir, name, source)
            problems += schema_problems(schema_dir, name, source)
    # Terms and references are checked against a vocabulary that is itself sound
    # (a warning, such as a curly quote in a name, leaves it sound).
    vocabulary_ok = not any(p.file == sources["vocabularies"].path for p in errors(problems))
    if vocabulary_ok:
        problems += cross_problems(schema_dir, root, readable, today)
        problems += reflection.cross_problems(readable, sources["vocabularies"].data)
    problems += review_warnings(sources, today, review_months) if not errors(problems) else []
    by_file = {source.path: source for source in sources.values()}
    named = {by_file[p.file].named(p) if p.file in by_file else p for p in problems + setting_problems}
    return Hub(root, sources, sorted(named, key=_report_order), settings)


_FILE_RANK = {f"data/{name}.yaml": rank for rank, name in enumerate(DATA_FILES)}


def _report_order(problem: Problem):
    """Errors before warnings, then file by file in DATA_FILES order, line by line."""
    return (problem.severity != "error", _FILE_RANK.get(problem.file, 99), problem.file, problem.line, problem.field)
