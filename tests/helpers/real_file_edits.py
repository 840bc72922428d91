"""Copies of BLS's real national files, cut and edited by the tests that feed the readers bad or hostile input (the
original is read in place from data/raw/national; edited copies go to a test's temporary folder only).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from real_files import OEWS_FILES

CSV_2016 = OEWS_FILES / "national_M2016_dl.csv"


#: Data rows kept in rewritten workbooks (the first rows of the real sheet: 00-0000 and the management group).
KEEP_ROWS = 60


def column_index(header: list, name: str) -> int:
    return [str(h).strip().lower() for h in header].index(name.lower())


def csv_rows_2016() -> list[list[str]]:
    text = CSV_2016.read_bytes().decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text))][: KEEP_ROWS + 1]


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
