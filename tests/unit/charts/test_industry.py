"""The industry chart specs (:mod:`analysis.charts.industry`) carry a Vega-Lite ``description`` sentence with the
figures they show (bundled May 2025 BLS data, data/raw/oe).
"""

from __future__ import annotations

import pytest

from analysis.analyses import industry
from analysis.charts import industry as industry_charts


@pytest.fixture(scope="module")
def frame():
    from analysis import store

    return store.load(years=[2025], area_types=[1])


def test_industry_charts_describe_the_largest_and_best_paying(frame):
    profile = industry.industry_profile(frame, "29-2072", 2025, "4-digit")
    employment = industry_charts.employment_chart(profile, 5).to_dict()["description"]
    assert employment.startswith(
        "Bar chart: national (U.S.) employment of 29-2072 Medical Records Specialists, as published, in the 5 4-digit"
    )
    assert "622100 General Medical and Surgical Hospitals with 51,740 jobs (26.6% of the occupation)" in employment
    premium = industry_charts.premium_chart(profile, 5).to_dict()["description"]
    # the best-paying among industries meeting the reliability floor, not 813900 (40 jobs in the May 2025 oe files)
    best = industry.best_paying(profile)["best"]
    assert best["naics"] != "813900" and best["tot_emp"] >= 1000 and best["mean_prse"] <= 10
    assert "all-industry mean ($56,790)" in premium
    assert f"{best['naics']} {best['naics_title']} at ${float(best['a_mean']):,.0f}" in premium
