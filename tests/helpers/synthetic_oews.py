"""SYNTHETIC canonical frames for unit tests of the analyses (not BLS data: every number here is made up).

``synthetic_row`` builds one row of the canonical frame from a few keyword arguments; ``synthetic_frame`` turns
rows into a conformed, validated canonical frame.
"""

from __future__ import annotations

import pandas as pd

from analysis.conventions.schema import conform, validate

_PERCENTILES = ("pct10", "pct25", "median", "pct75", "pct90")


def synthetic_row(
    year: int,
    occ_code: str,
    *,
    a_mean: float | None = None,
    tot_emp: float | None = 1000.0,
    naics: str = "000000",
    naics_title: str = "Cross-industry",
    i_group: str = "cross-industry",
    occ_title: str | None = None,
    own_code: str | None = "1235",
    area: str = "99",
    area_type: int = 1,
    **values,
) -> dict:
    """One synthetic row: wages default to a made-up ladder around ``a_mean`` (hourly = annual / 2080)."""
    row = {
        "year": year,
        "area": area,
        "area_title": "U.S." if area == "99" else f"Area {area}",
        "area_type": area_type,
        "prim_state": "US" if area == "99" else "ZZ",
        "naics": naics,
        "naics_title": naics_title,
        "i_group": i_group,
        "own_code": own_code,
        "occ_code": occ_code,
        "occ_title": occ_title or f"Synthetic occupation {occ_code}",
        "o_group": "detailed",
        "tot_emp": tot_emp,
        "emp_prse": 1.0,
        "mean_prse": 0.5,
    }
    if a_mean is not None:
        row["a_mean"] = a_mean
        row["h_mean"] = round(a_mean / 2080, 2)
        for factor, suffix in zip((0.6, 0.8, 0.95, 1.2, 1.5), _PERCENTILES):
            row[f"a_{suffix}"] = round(a_mean * factor, -1)
            row[f"h_{suffix}"] = round(a_mean * factor / 2080, 2)
    row.update(values)
    return row


def synthetic_frame(rows: list[dict]) -> pd.DataFrame:
    """A validated canonical frame from synthetic rows."""
    return validate(conform(pd.DataFrame(rows)))
