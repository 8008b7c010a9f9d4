"""A problem found in a data file, and the ways of printing one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: "
        field = f"{self.field}: " if self.field else ""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}{prefix}{field}{self.message}"

    def github(self) -> str:
        """The problem as a GitHub Actions workflow command (an annotation)."""
        title = self.field or "data file"
        text = _escape_data(f"{self.field}: {self.message}" if self.field else self.message)
        return f"::{self.severity} file={_escape_property(self.file)},line={self.line},title={_escape_property(title)}::{text}"


def errors(problems) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


# GitHub's escaping rules for workflow commands.
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
