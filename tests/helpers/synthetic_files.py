"""SYNTHETIC special-request files built from BLS's documented layouts (the field names of BLS's "Field
Descriptions" sheets): header tuples, made-up rows keyed by canonical name, and writers for .xlsx, .csv, .zip and a
field-descriptions sheet. Every number here is made up; none is a BLS figure."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import openpyxl

#: BLS's wage fields and flags, the tail of every layout.
WAGES = (
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
)
#: BLS's national layout (national_M20YY_dl): the occupation, its employment, then the wages.
NATIONAL_LAYOUT = ("OCC_CODE", "OCC_TITLE", "O_GROUP", "TOT_EMP", "EMP_PRSE") + WAGES
#: Layouts as BLS's field descriptions name their columns (older files, then the 2019+ layout).
OLD_STATE = (
    "AREA",
    "ST",
    "STATE",
    "OCC_CODE",
    "OCC_TITLE",
    "OCC_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "JOBS_1000",
    "LOC_QUOTIENT",
) + WAGES
OLD_MSA = (
    "PRIM_STATE",
    "AREA",
    "AREA_NAME",
    "OCC_CODE",
    "OCC_TITLE",
    "OCC_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "JOBS_1000",
    "LOC QUOTIENT",
) + WAGES
OLD_INDUSTRY = (
    "NAICS",
    "NAICS_TITLE",
    "OCC_CODE",
    "OCC_TITLE",
    "OCC_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "PCT_TOTAL",
    "PCT_RPT",
) + WAGES
OLD_OWNER = (
    "NAICS",
    "NAICS_TITLE",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "OCC_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "PCT_TOTAL",
    "PCT_RPT",
) + WAGES
NEW_LAYOUT = (
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "PRIM_STATE",
    "NAICS",
    "NAICS_TITLE",
    "I_GROUP",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "JOBS_1000",
    "LOC_QUOTIENT",
    "PCT_TOTAL",
    "PCT_RPT",
) + WAGES


def synthetic_record(occ_code="29-2072", **fields) -> dict:
    """One made-up row keyed by canonical name (SYNTHETIC: these numbers are not BLS's)."""
    record = {
        "occ_code": occ_code,
        "occ_title": f"Synthetic occupation {occ_code}",
        "o_group": "detailed",
        "tot_emp": 1230,
        "emp_prse": 2.5,
        "jobs_1000": 1.25,
        "loc_quotient": 0.9,
        "pct_total": 0.5,
        "pct_rpt": 12,
        "h_mean": 23.45,
        "a_mean": 48780,
        "mean_prse": 1.1,
        "h_pct10": 15.01,
        "h_pct25": 18.02,
        "h_median": 22.03,
        "h_pct75": 27.04,
        "h_pct90": 33.05,
        "a_pct10": 31220,
        "a_pct25": 37480,
        "a_median": 45820,
        "a_pct75": 56240,
        "a_pct90": 68740,
        "annual": "",
        "hourly": "",
    }
    record.update(fields)
    return record


_HEADER_KEY = {
    "ST": "st",
    "STATE": "state",
    "AREA_NAME": "area_title",
    "OCC_GROUP": "o_group",
    "LOC QUOTIENT": "loc_quotient",
}


def synthetic_table(header, records) -> list[list]:
    rows = [list(header)]
    for record in records:
        rows.append([record.get(_HEADER_KEY.get(h, h.lower()), "") for h in header])
    return rows


def write_xlsx(path: Path, sheets: Mapping[str, list[list]] | Iterable[tuple[str, list[list]]]) -> Path:
    """An ``.xlsx`` of ``sheets`` (name -> rows, or (name, rows) pairs) in that order; an empty cell ("") is left
    blank as BLS leaves it."""
    workbook = openpyxl.Workbook(write_only=True)
    for name, rows in sheets.items() if isinstance(sheets, Mapping) else sheets:
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([None if v == "" else v for v in row])
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list], *, bom=False) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([f"{v:,}" if isinstance(v, int) else v for v in row])
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")
    return path


def field_description_rows(year_text: str, top_code_line: str | None) -> list[list]:
    """A SYNTHETIC field-descriptions sheet shaped like BLS's (title line, field table, notes)."""
    rows = [
        [year_text, ""],
        ["", ""],
        ["Field", "Field Description"],
        ["occ_code", "The 6-digit SOC code"],
        ["", ""],
        ["Notes:", ""],
        ["*  = indicates that a wage estimate is not available", ""],
    ]
    if top_code_line:
        rows.append([top_code_line, ""])
    return rows


def zip_files(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path
