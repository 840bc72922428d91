"""Charts of notebooks 01 and 03 carry a Vega-Lite ``description`` sentence with the figures they show (bundled
May 2025 BLS data; education and outlook from the bundled BLS projections 2024-34)."""

from __future__ import annotations

import pytest

from analysis.analyses import industry, national, outlook
from analysis.charts import industry as industry_charts
from analysis.charts import national as national_charts
from analysis.sources import projections


@pytest.fixture(scope="module")
def frame():
    from analysis import store

    return store.load(years=[2025], area_types=[1])


def test_wage_ladder_chart_describes_its_points(frame):
    ladder, summary = national.wage_ladder(frame, "29-2072", 2025), national.summary(frame, "29-2072", 2025)
    spec = national_charts.wage_ladder_chart(ladder, summary).to_dict()
    row = national.occupation_row(frame, "29-2072", 2025)
    assert spec["description"].startswith("Dot chart of the annual wages of 29-2072")
    assert f"median ${float(row['a_median']):,.0f}" in spec["description"]


def test_career_ladder_chart_shows_education_and_outlook(frame):
    career = national.career_ladder(frame, 2025)
    extra = outlook.ladder_outlook(projections.read_projections(), list(career["occ_code"]))
    spec = national_charts.career_ladder_chart(career, 2025, extra).to_dict()
    assert "29-9021 Health Information Technologists and Medical Registrars: median" in spec["description"]
    assert "(Associate's degree; +14.7% by 2034)" in spec["description"]
    assert "(all occupations +3.1% by 2034)" in spec["description"]
    values = [row for data in spec["datasets"].values() for row in data]
    assert {"Bachelor's degree; +23.2% by 2034", "Postsecondary nondegree award; +7.1% by 2034"} <= {
        row.get("needs") for row in values
    }
    plain = national_charts.career_ladder_chart(career, 2025).to_dict()
    assert "description" in plain and "by 2034" not in plain["description"]


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
