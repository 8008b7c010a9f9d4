"""A problem found in a data file, and the ways of printing one."""

from __future__ import annotations

from dataclasses import dataclass

from hub.records.text import plural


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    field: str  # the field's path: inside the record when `record` is set ("contact.phone")
    message: str
    severity: str = "error"  # or "warning"
    record: str = ""  # the record it is in, e.g. "service 'childline' (Childline)"

    @property
    def where(self) -> str:
        """The record and field, e.g. "service 'childline' (Childline): contact.phone"."""
        return ": ".join(part for part in (self.record, self.field) if part)

    def __str__(self) -> str:
        prefix = "warning: " if self.severity == "warning" else ""
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}: {prefix}{where}{self.message}"

    def github(self) -> str:
        """The problem as a GitHub Actions workflow command (an annotation)."""
        title = self.where or "data file"
        text = _escape_data(f"{self.where}: {self.message}" if self.where else self.message)
        return f"::{self.severity} file={_escape_property(self.file)},line={self.line},title={_escape_property(title)}::{text}"


def errors(problems) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def summary_markdown(problems: list[Problem], outcome: str) -> str:
    """Every problem for a GitHub Actions run's summary page (GitHub shows only a
    few annotations per step). Record text is untrusted: it goes in a code
    block, never as Markdown."""
    found = errors(problems)
    heading = f"{plural(len(found), 'problem')} to fix" if found else "All data is valid"
    warnings = len(problems) - len(found)
    if warnings:
        heading += f", {plural(warnings, 'warning')}"
    lines = [f"## Data check: {heading}", "", outcome, ""]
    if problems:
        body = "\n".join(str(problem) for problem in problems)
        fence = "`" * max(3, _longest_backtick_run(body) + 1)
        lines += ["Each line is `file:line: record: field: what is wrong and what would be right`. "
                  "Open the file from the pull request's **Files changed** tab (the **...** menu, then **Edit file**), "
                  "go to the line, correct it and commit to the same branch; the check runs again.", "",
                  f"{fence}text", body, fence, ""]
    return "\n".join(lines)


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for character in text:
        run = run + 1 if character == "`" else 0
        longest = max(longest, run)
    return longest


# GitHub's escaping rules for workflow commands.
def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
