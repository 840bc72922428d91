"""Comparing an occupation across a SOC break (:mod:`analysis.analyses.cross_break`): the employment-weighted mean of
the successor codes, the first and last complete releases, the text and the chart. Frames here are SYNTHETIC
(tests/helpers/synthetic_oews.py, made-up values); the comparison on the bundled data is in test_trends.py.
"""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis.analyses import cross_break
from synthetic_oews import synthetic_frame, synthetic_row


def _cpi(year: int) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpi

        return float(cpi.get(year))


def test_employment_weighted_mean_is_the_mean_of_the_codes_together():
    # synthetic: two codes, made-up means and employment
    frame = synthetic_frame(
        [
            synthetic_row(2025, "29-2072", a_mean=50000, tot_emp=300),
            synthetic_row(2025, "29-9021", a_mean=80000, tot_emp=100),
        ]
    )
    assert cross_break.employment_weighted_mean(frame) == (50000 * 300 + 80000 * 100) / 400
    frame.loc[1, "tot_emp"] = None  # employment not published: no combination from part of the codes
    assert cross_break.employment_weighted_mean(frame) is None


@pytest.fixture(scope="module")
def synthetic_split():
    # synthetic: 29-2071 in 2011-2012, its successors 2021-2025, one successor missing in 2025's wage
    rows = [
        synthetic_row(2011, "29-2071", a_mean=30000, tot_emp=1000, occ_title="Old <b>code</b> [x](y)"),
        synthetic_row(2012, "29-2071", a_mean=31000, tot_emp=1000),
    ]
    for year in (2021, 2022):
        rows.append(synthetic_row(year, "29-2072", a_mean=40000, tot_emp=900))
        rows.append(synthetic_row(year, "29-9021", a_mean=60000, tot_emp=100))
    rows.append(synthetic_row(2023, "29-2072", a_mean=45000, tot_emp=900))  # 29-9021 not published in 2023
    return synthetic_frame(rows)


def test_cross_break_comparison_defaults_to_first_and_last_complete_releases(synthetic_split):
    table = cross_break.cross_break_comparison(synthetic_split)
    assert list(table["kind"]) == ["predecessor", "successor", "successor", "combined"]
    assert list(table["year"]) == [2011, 2022, 2022, 2022]  # 2023 lacks 29-9021: not a complete pair
    assert list(table["occ_codes"]) == ["29-2071", "29-2072", "29-9021", "29-2072 + 29-9021"]
    combined = table.iloc[3]
    assert combined["a_mean"] == (40000 * 900 + 60000 * 100) / 1000 and combined["tot_emp"] == 1000
    assert table["approximate"].all() and int(table["base_year"].iloc[0]) == 2022
    old = table.iloc[0]
    assert old["real_a_mean"] == pytest.approx(30000 * _cpi(2022) / _cpi(2011), rel=1e-12)
    assert combined["real_vs_predecessor_pct"] == pytest.approx(
        (combined["a_mean"] / old["real_a_mean"] - 1) * 100, rel=1e-12
    )
    assert combined["nominal_vs_predecessor_pct"] == pytest.approx((42000 / 30000 - 1) * 100, rel=1e-12)
    assert pd.isna(old["nominal_vs_predecessor_pct"])


def test_cross_break_text_says_why_and_escapes_titles(synthetic_split):
    table = cross_break.cross_break_comparison(synthetic_split, base_year=2011)
    text = cross_break.cross_break_text(table)
    assert "split that work into two codes" in text and "29-2098 and 29-9098" in text
    assert "approximate" in text and "only if the two codes are, together, the whole of it" in text
    assert "<b>" not in text and "&lt;b&gt;" in text and "\\[x\\]\\(y\\)" in text
    empty = cross_break.cross_break_text(cross_break.cross_break_comparison(synthetic_split.iloc[:2]))
    assert "not all loaded" in empty


def test_cross_break_chart_draws_bars_from_zero_never_a_line(synthetic_split):
    from analysis.charts import trends as charts

    spec = charts.cross_break_chart(cross_break.cross_break_comparison(synthetic_split)).to_dict()
    bars = spec["layer"][0]  # then the items' names, written above their bars
    assert bars["mark"]["type"] == "bar" and bars["encoding"]["x"]["scale"]["zero"] is True
    assert all(layer["mark"]["type"] in ("bar", "text") for layer in spec["layer"])
    assert "approximate" in spec["description"] and "not one series" in spec["description"]


def test_no_combination_when_a_successor_wage_is_suppressed():
    # synthetic: BLS's "*" on 29-9021's wage (status wage_not_available) in the later release
    frame = synthetic_frame(
        [
            synthetic_row(2011, "29-2071", a_mean=30000, tot_emp=1000),
            synthetic_row(2022, "29-2072", a_mean=40000, tot_emp=900),
            synthetic_row(2022, "29-9021", a_mean=None, tot_emp=100, a_mean_status="wage_not_available"),
        ]
    )
    table = cross_break.cross_break_comparison(frame).set_index("kind")
    assert pd.isna(table.loc["combined", "a_mean"]) and pd.isna(table.loc["combined", "real_vs_predecessor_pct"])
    assert table.loc["combined", "a_mean_status"].startswith("not computed")
    text = cross_break.cross_break_text(table.reset_index())
    assert "29\\-9021, May 2022: no mean annual wage (wage not available)" in text
    shown = cross_break.cross_break_table(table.reset_index())
    assert shown["Annual mean wage, nominal (USD)"].iloc[2] == "suppressed (wage not available)"
    assert shown["Annual mean wage, nominal (USD)"].iloc[3].startswith("not computed")
