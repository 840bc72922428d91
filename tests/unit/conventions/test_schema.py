"""The canonical frame's schema accepts what readers produce and rejects frames that break its rules.
The frames here are SYNTHETIC (made-up values), except the one read from a real BLS file in place."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pytest

import analysis
from analysis.analyses import trends
from analysis.conventions import schema
from real_files import HISTORY, HISTORY_VALUES


def good_frame() -> pd.DataFrame:
    """A SYNTHETIC two-row canonical frame (made-up numbers)."""
    rows = [
        {
            "year": 2024,
            "area": "99",
            "area_title": "U.S.",
            "area_type": 1,
            "prim_state": "US",
            "naics": "000000",
            "naics_title": "Cross-industry",
            "i_group": "cross-industry",
            "own_code": "1235",
            "occ_code": "29-2072",
            "occ_title": "Synthetic occupation",
            "o_group": "detailed",
            "tot_emp": 1000.0,
            "emp_prse": 1.5,
            "h_mean": 25.0,
            "a_mean": 52000.0,
            "h_pct90": None,
            "h_pct90_status": "top_coded",
            "annual": False,
            "hourly": False,
            "top_code_hourly": 115.0,
            "top_code_annual": 239200.0,
            "source": "synthetic",
        },
        {
            "year": 2024,
            "area": "0100001",
            "area_title": "Synthetic nonmetro",
            "area_type": 6,
            "prim_state": "AL",
            "naics": "000000",
            "own_code": "1235",
            "occ_code": "29-2072",
            "o_group": "detailed",
            "tot_emp": None,
            "tot_emp_status": "employment_not_available",
            "source": "synthetic",
        },
    ]
    return schema.conform(pd.DataFrame(rows))


def test_schema_accepts_a_good_frame():
    frame = schema.validate(good_frame())
    assert list(frame.columns) == list(schema.CANONICAL_COLUMNS)
    assert frame["area"].tolist() == ["99", "0100001"]


def test_schema_accepts_a_real_file(oews_files):
    frame = analysis.read_oews(oews_files / "national_M2022_dl.xlsx")
    assert dict(frame.dtypes.astype(str)) == {
        c: str(pd.Series(dtype=schema.DTYPES[c]).dtype) for c in schema.CANONICAL_COLUMNS
    }
    schema.validate(frame)


def test_schema_rejects_a_value_with_a_status():
    frame = good_frame()
    frame.loc[0, "h_pct90"] = 120.0  # and h_pct90_status is "top_coded"
    with pytest.raises(pandera.errors.SchemaError, match="both a number and a status"):
        schema.validate(frame)


@pytest.mark.parametrize("area", ["6", "ABC", "12345678", ""])
def test_schema_rejects_a_bad_area_code(area):
    frame = good_frame()
    frame.loc[1, "area"] = area
    with pytest.raises(pandera.errors.SchemaError, match="area"):
        schema.validate(frame)


def test_schema_rejects_an_unknown_status():
    frame = good_frame()
    frame.loc[1, "tot_emp_status"] = "**"  # a symbol is not a status: it must be translated
    with pytest.raises(pandera.errors.SchemaError, match="tot_emp_status"):
        schema.validate(frame)


def test_schema_rejects_a_bad_occupation_code_and_area_type():
    frame = good_frame()
    frame.loc[0, "occ_code"] = "292072"
    with pytest.raises(pandera.errors.SchemaError, match="occ_code"):
        schema.validate(frame)
    frame = good_frame()
    frame.loc[0, "area_type"] = 7
    with pytest.raises(pandera.errors.SchemaError, match="area_type"):
        schema.validate(frame)


def test_schema_rejects_duplicate_keys():
    frame = good_frame()
    frame = schema.conform(pd.concat([frame, frame.iloc[[0]]]))
    with pytest.raises(pandera.errors.SchemaError):
        schema.validate(frame)


def test_schema_rejects_a_percentage_over_100():
    frame = good_frame()
    frame.loc[0, "emp_prse"] = 101.0
    with pytest.raises(pandera.errors.SchemaError, match="emp_prse"):
        schema.validate(frame)


# --- the array check (schema.is_valid) decides like pandera ------------------------------------------------------
def _real_frame() -> pd.DataFrame:
    """The bundled extract of BLS's May 2025 oe flat files (real values), as read_oews returns it."""
    from analysis import paths

    return analysis.read_oews(paths.checkout_root() / "data" / "raw" / "oe")


def _set(frame: pd.DataFrame, column: str, value, row: int = 3) -> pd.DataFrame:
    frame = frame.copy()
    frame.loc[row, column] = value
    return frame


BROKEN = {  # SYNTHETIC damage done to a real frame, one rule each
    "negative value": lambda f: _set(f, "a_mean", -1.0),
    "percentage over 100": lambda f: _set(f, "emp_prse", 100.5),
    "number and status together": lambda f: _set(_set(f, "h_mean", 20.0), "h_mean_status", "top_coded"),
    "unknown status": lambda f: _set(_set(f, "tot_emp", None), "tot_emp_status", "suppressed"),
    "area code shape": lambda f: _set(f, "area", "6"),
    "occupation code shape": lambda f: _set(f, "occ_code", "292072"),
    "year out of range": lambda f: _set(f, "year", 1990),
    "unknown area type": lambda f: _set(f, "area_type", 7),
    "missing naics": lambda f: _set(f, "naics", None),
    "missing area": lambda f: _set(f, "area", None),
    "duplicate key": lambda f: pd.concat([f, f.iloc[[5]]], ignore_index=True),
    "column order": lambda f: f[list(f.columns[1:]) + [f.columns[0]]],
    "extra column": lambda f: f.assign(extra=1),
    "missing column": lambda f: f.drop(columns=["source"]),
    "wrong dtype": lambda f: f.assign(area_type=f["area_type"].astype("string")),
}


def test_array_check_accepts_real_frames_without_pandera():
    frame = _real_frame()
    assert len(frame) > 1000 and schema.is_valid(frame)
    assert schema.validate(frame) is frame  # no copy, no pandera run
    assert schema.is_valid(good_frame()) and schema.is_valid(schema.empty_frame())


@pytest.mark.parametrize("damage", sorted(BROKEN))
def test_array_check_refuses_what_pandera_refuses(damage):
    frame = BROKEN[damage](_real_frame())
    assert not schema.is_valid(frame)
    refusals = (pandera.errors.SchemaError, pandera.errors.SchemaErrors)
    with pytest.raises(refusals):
        schema.CANONICAL_SCHEMA.validate(frame)
    with pytest.raises(refusals):  # validate() hands the frame to pandera, which names the problem
        schema.validate(frame)


def test_reading_flat_files_does_not_import_pandera():
    import subprocess
    import sys

    from analysis import paths

    code = (
        "import sys, analysis; analysis.read_oews(sys.argv[1]); "
        "print(sorted(m for m in ('pandera', 'python_calamine', 'fastexcel') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(paths.checkout_root() / "data" / "raw" / "oe")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "[]"


def test_value_columns_are_in_bls_order():
    # The order of BLS's special-request files (employment, mean wages and their RSE, hourly then annual percentiles)
    assert schema.VALUE_COLUMNS == (
        "tot_emp",
        "emp_prse",
        "jobs_1000",
        "loc_quotient",
        "pct_total",
        "pct_rpt",
        "h_mean",
        "a_mean",
        "mean_prse",
        "h_pct10",
        "h_pct25",
        "h_median",
        "h_pct75",
        "h_pct90",
        "a_pct10",
        "a_pct25",
        "a_median",
        "a_pct75",
        "a_pct90",
    )
    assert set(schema.WAGE_COLUMNS) | set(schema.EMPLOYMENT_COLUMNS) | {"mean_prse"} == set(schema.VALUE_COLUMNS)


def test_history_table_has_the_national_value_columns():
    # One list for the national series (analyses.trends), the tests' history table and the value columns: the
    # header of tests/data/national_him_history.csv (BLS's national fields, lower case) in BLS's order.
    header = HISTORY.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert (
        schema.NATIONAL_VALUE_COLUMNS
        == tuple(header[3:18])
        == (
            "tot_emp",
            "emp_prse",
            "h_mean",
            "a_mean",
            "mean_prse",
            "h_pct10",
            "h_pct25",
            "h_median",
            "h_pct75",
            "h_pct90",
            "a_pct10",
            "a_pct25",
            "a_median",
            "a_pct75",
            "a_pct90",
        )
    )
    assert HISTORY_VALUES == trends.SERIES_VALUES == schema.NATIONAL_VALUE_COLUMNS


def test_a_caller_that_proved_its_key_unique_skips_only_that_rule():
    duplicated = BROKEN["duplicate key"](_real_frame())
    assert not schema.is_valid(duplicated)
    assert schema.is_valid(duplicated, key_is_unique=True)  # the caller's proof is taken, as documented
    for damage in sorted(set(BROKEN) - {"duplicate key"}):  # every other rule still applies
        assert not schema.is_valid(BROKEN[damage](_real_frame()), key_is_unique=True), damage


def test_same_text_is_a_string_column_of_one_text():
    source = "all_data_M_2025.xlsx [All May 2025 data]"
    column = schema.same_text(source, 3)
    assert str(column.dtype) == schema.DTYPES["source"] and column.tolist() == [source] * 3
    assert len(schema.same_text("x", 0)) == 0
