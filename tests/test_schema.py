"""The canonical frame's schema accepts what readers produce and rejects frames that break its rules.
The frames here are SYNTHETIC (made-up values), except the one read from a real BLS file in place."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pytest

import analysis
from analysis.conventions import schema


def good_frame() -> pd.DataFrame:
    """A SYNTHETIC two-row canonical frame (made-up numbers)."""
    rows = [
        {"year": 2024, "area": "99", "area_title": "U.S.", "area_type": 1, "prim_state": "US", "naics": "000000",
         "naics_title": "Cross-industry", "i_group": "cross-industry", "own_code": "1235", "occ_code": "29-2072",
         "occ_title": "Synthetic occupation", "o_group": "detailed", "tot_emp": 1000.0, "emp_prse": 1.5,
         "h_mean": 25.0, "a_mean": 52000.0, "h_pct90": None, "h_pct90_status": "top_coded",
         "annual": False, "hourly": False, "top_code_hourly": 115.0, "top_code_annual": 239200.0,
         "source": "synthetic"},
        {"year": 2024, "area": "0100001", "area_title": "Synthetic nonmetro", "area_type": 6, "prim_state": "AL",
         "naics": "000000", "own_code": "1235", "occ_code": "29-2072", "o_group": "detailed",
         "tot_emp": None, "tot_emp_status": "employment_not_available", "source": "synthetic"},
    ]
    return schema.conform(pd.DataFrame(rows))


def test_schema_accepts_a_good_frame():
    frame = schema.validate(good_frame())
    assert list(frame.columns) == list(schema.CANONICAL_COLUMNS)
    assert frame["area"].tolist() == ["99", "0100001"]


def test_schema_accepts_a_real_file(oews_files):
    frame = analysis.read_oews(oews_files / "national_M2022_dl.xlsx")
    assert dict(frame.dtypes.astype(str)) == {c: str(pd.Series(dtype=schema.DTYPES[c]).dtype)
                                              for c in schema.CANONICAL_COLUMNS}
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
