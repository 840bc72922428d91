"""National charts (:mod:`analysis.charts.national`) of notebook 01 carry a Vega-Lite ``description`` sentence
with the figures they show (bundled May 2025 BLS data; education and outlook from the bundled BLS projections
2024-34)."""

from __future__ import annotations

import pytest

from analysis.analyses import national, outlook
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
