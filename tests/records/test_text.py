import csv

from hub.records.text import write_csv


def test_csv_cells_cannot_run_as_formulas_and_lists_are_joined(tmp_path):
    path = tmp_path / "out" / "cells.csv"
    rows = [{"a": '=HYPERLINK("http://x")', "b": "@SUM(A1)"}, {"a": "0800 1111", "b": ["a", "b"]}, {"a": None, "b": True}]
    write_csv(path, rows, ["a", "b"])
    raw = path.read_bytes()
    assert raw.startswith("\ufeff".encode("utf-8")) and b"\r\n" in raw  # spreadsheet programs read UTF-8 with a BOM
    with path.open(encoding="utf-8-sig", newline="") as handle:
        read = list(csv.reader(handle))
    assert read == [["a", "b"], ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)"], ["0800 1111", "a; b"], ["", "yes"]]
