"""``him-wages show`` (:mod:`analysis.commands.show`): a published value as a reader reads it, and the table, CSV and
JSON of a selection. The selection is BLS's national row of Medical Records Specialists (29-2072) in the bundled
data/raw/national/national_M2024_dl.xlsx, read with the project's reader; values marked SYNTHETIC are made up.
Resolving names against the project's store is tested end to end in tests/integration/test_cli_lookup.py."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

import analysis
from analysis.commands import show
from real_files import NATIONAL_DIR

WORKBOOK = NATIONAL_DIR / "national_M2024_dl.xlsx"


@pytest.fixture(scope="module")
def row() -> dict:
    """The national row of 29-2072 in May 2024, as plain values (None where BLS published none)."""
    frame = analysis.read_oews(WORKBOOK)
    [record] = frame[frame["occ_code"] == "29-2072"].astype(object).to_dict("records")
    return {key: (None if pd.isna(value) else value) for key, value in record.items()}


def selection(*rows: dict) -> show.Selection:
    first = rows[0]
    return show.Selection(
        occ_code=first["occ_code"],
        occ_title=first["occ_title"],
        year=first["year"],
        areas=[r["area"] for r in rows],
        naics=first["naics"],
        naics_title=first["naics_title"],
        rows=list(rows),
    )


def test_values_carry_their_units(row):
    # national_M2024_dl.xlsx, 29-2072: TOT_EMP 187,910; H_MEAN 26.91; A_MEAN 55,970; MEAN_PRSE 0.6
    assert (row["tot_emp"], row["h_mean"], row["a_mean"], row["mean_prse"]) == (187_910, 26.91, 55_970, 0.6)
    assert show.format_value("tot_emp", row["tot_emp"], None, row) == "187,910"
    assert show.format_value("h_mean", row["h_mean"], None, row) == "$26.91"  # hourly wages keep their cents
    assert show.format_value("a_mean", row["a_mean"], None, row) == "$55,970"  # annual wages do not
    assert show.format_value("mean_prse", row["mean_prse"], None, row) == "0.6%"
    assert show.format_value("emp_prse", 1.0, None, row) == "1.0%"
    assert show.format_value("jobs_1000", None, None, row) == "—"


def test_a_bls_symbol_is_spelled_out_with_its_status(row):
    # national_M2024_dl.xlsx gives the top-code of the year: hourly 115.00, annual 239,200
    assert show.format_value("h_pct90", None, "top_coded", row) == "at or above $115.00 (top_coded)"
    assert show.format_value("a_pct90", None, "top_coded", row) == "at or above $239,200 (top_coded)"
    no_bound = {**row, "top_code_annual": None}  # SYNTHETIC: a file that states no top-code
    assert show.format_value("a_pct90", None, "top_coded", no_bound) == "at or above the top-code (top_coded)"
    assert show.format_value("a_mean", None, "wage_not_available", row) == "not available (wage_not_available)"
    assert show.format_value("pct_total", None, "under_half_percent", row) == "under 0.5% (under_half_percent)"
    assert show.format_value("tot_emp", None, "not_released", row) == "not released (not_released)"


def test_the_table_names_the_occupation_the_release_and_the_source_file(row):
    text = show.render_table(selection(row))
    lines = text.splitlines()
    assert lines[0] == "Medical Records Specialists (SOC 29-2072), all industries: May 2024"
    assert lines[1] == (
        "Source: BLS Occupational Employment and Wage Statistics, May 2024 release "
        "(data/raw/national/national_M2024_dl.xlsx [national_M2024_dl])"
    )
    assert lines[3].strip() == "U.S."
    assert any(line.startswith("Mean annual wage") and line.endswith("$55,970") for line in lines)
    assert any(line.startswith("Employment") and line.endswith("187,910") for line in lines)
    assert "Jobs per 1,000" not in text  # a figure no row has is left out, not shown as —


def test_json_and_csv_keep_full_precision_status_and_source(row):
    document = json.loads(show.render_json(selection(row)))
    assert document["release"] == "May 2024"
    assert document["occupation"] == {"code": "29-2072", "title": "Medical Records Specialists"}
    assert document["industry"]["naics"] == "000000" and document["units"]["a_mean"] == "dollars per year"
    [record] = document["rows"]
    assert (record["a_mean"], record["a_mean_status"], record["h_mean"]) == (55_970.0, None, 26.91)
    assert (record["year"], record["area"], record["own_code"]) == (2024, "99", "1235")
    assert record["source"] == "data/raw/national/national_M2024_dl.xlsx [national_M2024_dl]"
    [cells] = list(csv.DictReader(io.StringIO(show.render_csv(selection(row)))))
    assert cells["a_mean"] == "55970.0" and cells["occ_title"] == "Medical Records Specialists"
    assert cells["jobs_1000"] == "" and cells["release"] == "May 2024"


def test_a_hostile_title_reaches_neither_the_spreadsheet_nor_the_terminal_as_code(row):
    hostile = {**row, "occ_title": '=HYPERLINK("http://x")\x1b[31m', "area_title": "\u202eevil"}  # SYNTHETIC
    [cells] = list(csv.DictReader(io.StringIO(show.render_csv(selection(hostile)))))
    assert not cells["occ_title"].startswith("=") and "\x1b" not in cells["occ_title"]
    assert "\u202e" not in cells["area_title"]
    table = show.render_table(selection(hostile))
    assert "\x1b" not in table and "\u202e" not in table
