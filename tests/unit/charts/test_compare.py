"""Tables and charts of the area comparison (:mod:`analysis.charts.compare`) on the bundled May 2025 data
(data/raw/oe): California against Houston for 29-2072 Medical Records Specialists. Expected values are read from
the bundled data here, never typed."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses import compare
from analysis.charts import compare as compare_charts
from analysis.conventions.sampling import Z_95

AREAS = ["06", "26420"]  # California; Houston-Pasadena-The Woodlands, TX


@pytest.fixture(scope="module")
def compared() -> pd.DataFrame:
    from analysis import store

    frame = store.load(occ_codes=["29-2072"])
    return compare.side_by_side(frame, occupation="29-2072", year=2025, areas=AREAS, rpp=None)


def _published(compared: pd.DataFrame, area: str, measure: str) -> pd.Series:
    return compared[(compared["area"] == area) & (compared["measure"] == measure)].iloc[0]


def test_the_side_by_side_table_has_a_column_per_area_in_the_order_asked(compared):
    table = compare_charts.side_by_side_table(compared)
    titles = [str(_published(compared, area, "a_mean")["area_title"]) for area in AREAS]
    assert list(table.columns) == ["Measure", *titles]
    assert table["Measure"].iloc[0] == "Employment (jobs)" and "Annual mean wage (USD)" in set(table["Measure"])


def test_a_published_mean_is_shown_with_its_95_percent_interval(compared):
    table = compare_charts.side_by_side_table(compared).set_index("Measure")
    row = _published(compared, "06", "a_mean")
    value, rse = float(row["value"]), float(row["rse"]) / 100
    low, high = value * (1 - Z_95 * rse), value * (1 + Z_95 * rse)
    assert table.loc["Annual mean wage (USD)", str(row["area_title"])] == (
        f"${value:,.0f} (95%: ${low:,.0f} to ${high:,.0f})"
    )
    median = _published(compared, "06", "a_median")  # BLS publishes no RSE for a percentile: no interval
    assert table.loc["Annual median wage (USD)", str(median["area_title"])] == f"${float(median['value']):,.0f}"


def test_the_charts_describe_what_they_show(compared):
    employment = compare_charts.employment_chart(compared).to_dict()["description"]
    for area in AREAS:
        row = _published(compared, area, "tot_emp")
        assert f"{row['area_title']} {float(row['value']):,.0f}" in employment
    mean = compare_charts.mean_chart(compared).to_dict()["description"]
    assert mean.startswith("Dot chart of the annual mean wage of Medical Records Specialists (29-2072)")
    assert "with 95% intervals" in mean
