"""SYNTHETIC canonical frames for the regional tests: invented numbers, generated here, never BLS data.

The values are chosen so that intervals and rank ranges can be computed by hand (see tests/test_regional.py).
"""

from __future__ import annotations

import pandas as pd

from analysis.conventions import schema

SYNTHETIC_OCC = "29-2072"
SYNTHETIC_TITLE = "Synthetic occupation"
SYNTHETIC_YEAR = 2025
SYNTHETIC_TOP_CODE_ANNUAL = 239_200.0  # synthetic bound for the synthetic top-coded rows
SYNTHETIC_TOP_CODE_HOURLY = 115.0


def _row(area, title, area_type, prim_state, **values):
    row = {
        "year": SYNTHETIC_YEAR,
        "area": area,
        "area_title": title,
        "area_type": area_type,
        "prim_state": prim_state,
        "naics": "000000",
        "naics_title": "Cross-industry",
        "i_group": "cross-industry",
        "own_code": "1235",
        "occ_code": SYNTHETIC_OCC,
        "occ_title": SYNTHETIC_TITLE,
        "o_group": "detailed",
        "top_code_annual": SYNTHETIC_TOP_CODE_ANNUAL,
        "top_code_hourly": SYNTHETIC_TOP_CODE_HOURLY,
        "source": "synthetic",
    }
    row.update(values)
    return row


def synthetic_frame() -> pd.DataFrame:
    """A small synthetic canonical frame: U.S., five states, a territory, three MSAs, two nonmetro areas."""
    rows = [
        _row("99", "U.S.", 1, "US", a_mean=55_000.0, mean_prse=0.5, tot_emp=10_000.0, emp_prse=1.0, a_pct90=95_000.0),
        # states: a_mean / mean_prse chosen for hand-computable intervals
        _row("01", "Alabama", 2, "AL", a_mean=50_000.0, mean_prse=2.0, tot_emp=400.0, emp_prse=5.0, a_pct90=90_000.0),
        _row(
            "02",
            "Alaska",
            2,
            "AK",
            a_mean=60_000.0,
            mean_prse=1.0,
            tot_emp=100.0,
            emp_prse=10.0,
            a_pct90_status="top_coded",
        ),
        _row("04", "Arizona", 2, "AZ", a_mean=52_000.0, mean_prse=5.0, tot_emp=300.0, emp_prse=4.0, a_pct90=90_000.0),
        _row("05", "Arkansas", 2, "AR", a_mean=40_000.0, mean_prse=1.0, tot_emp=200.0, emp_prse=3.0, a_pct90=70_000.0),
        _row(
            "06",
            "California",
            2,
            "CA",
            a_mean_status="wage_not_available",
            tot_emp=900.0,
            emp_prse=2.0,
            a_pct90_status="wage_not_available",
            mean_prse_status="wage_not_available",
        ),
        _row("08", "Colorado", 2, "CO", a_mean=52_000.0, mean_prse=0.5, tot_emp=250.0, emp_prse=6.0, a_pct90=80_000.0),
        _row(
            "72", "Puerto Rico", 3, "PR", a_mean=30_000.0, mean_prse=3.0, tot_emp=50.0, emp_prse=8.0, a_pct90=45_000.0
        ),
        # MSAs (Beta-Gamma crosses AK and AL; its principal state is AK)
        _row("11111", "Alpha, AL", 4, "AL", a_mean=55_000.0, mean_prse=2.0, tot_emp=100.0, emp_prse=5.0),
        _row("22222", "Beta-Gamma, AK-AL", 4, "AK", a_mean=65_000.0, mean_prse=1.0, tot_emp=300.0, emp_prse=5.0),
        _row(
            "33333",
            "Delta, AZ",
            4,
            "AZ",
            a_mean_status="not_released",
            mean_prse_status="not_released",
            tot_emp=50.0,
            emp_prse=9.0,
        ),
        # nonmetropolitan areas
        _row(
            "0100001",
            "Alabama nonmetropolitan area",
            6,
            "AL",
            a_mean=45_000.0,
            mean_prse=4.0,
            tot_emp=100.0,
            emp_prse=7.0,
        ),
        _row(
            "0200001",
            "Alaska nonmetropolitan area",
            6,
            "AK",
            a_mean=50_000.0,
            mean_prse=2.0,
            tot_emp=50.0,
            emp_prse=7.0,
        ),
    ]
    frame = schema.conform(pd.DataFrame(rows))
    return schema.validate(frame)
