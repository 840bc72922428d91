"""Job outlook (analysis.analyses.outlook) from the bundled BLS Employment Projections 2024-34, and SYNTHETIC titles
that try to inject Markdown."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.analyses import national, outlook
from analysis.errors import ParameterError


def test_outlook_of_medical_records_specialists(projected):
    o = outlook.outlook(projected, "29-2072")
    assert (o["employment_2024_thousands"], o["employment_2034_thousands"]) == (194.8, 208.6)
    assert o["employment_change_pct"] == 7.1 and o["all_occupations_change_pct"] == 3.1
    assert o["difference_from_all_pct_points"] == 4.0 and o["grows_faster_than_all"] is True
    assert o["annual_openings_thousands"] == 14.2 and o["median_wage_2024"] == 50250
    assert o["education"] == "Postsecondary nondegree award"


def test_outlook_of_managers_and_its_words(projected):
    o = outlook.outlook(projected, "11-9111")
    assert o["employment_change_pct"] == 23.2 and o["median_wage_2024"] == 117960
    text = outlook.outlook_text(projected, "11-9111")
    assert "**616.2 thousand** jobs in 2024" in text and "**759.1 thousand** in 2034" in text
    assert "20.1 percentage points more than the \\+3.1% projected for all occupations" in text
    assert "**Bachelor's degree**" in text and "**Less than 5 years**" in text
    table = outlook.outlook_table(o).set_index("Figure")["Value"]
    assert table["Percent change, 2024–34"] == "+23.2%"
    assert table["Median annual wage, May 2024 (as in the projections table)"] == "$117,960"


def test_a_top_coded_median_is_at_least_the_bound(projected):
    code = projected.loc[projected["median_wage_2024_status"] == "top_coded", "occ_code"].iloc[0]
    o = outlook.outlook(projected, code)
    assert o["median_wage_2024"] is None and outlook.median_wage_text(o) == "at least $239,200"


def test_codes_not_in_the_projections(projected):
    with pytest.raises(ParameterError, match="29-2071 is not in the BLS Employment Projections"):
        outlook.outlook(projected, "29-2071")
    assert "not in the BLS Employment Projections" in outlook.outlook_text(projected, "29-2071")
    assert outlook.key_figures(projected, "29-2071") is None


def test_the_growth_words_are_not_invented():
    note = outlook.GROWTH_WORDS_NOTE
    assert "were not available to this project" in note and "no such phrase is given" in note


def test_the_career_ladder_shows_education_and_outlook_beside_the_wages(projected):
    # SYNTHETIC ladder frame in the shape of national.career_ladder (wages made up; education and outlook real)
    career = pd.DataFrame(
        {
            "occ_code": ["29-2072", "29-9021", "11-9111", "00-0000"],
            "published": [True] * 4,
            "occ_title": ["A", "B", "C", "All Occupations"],
            "role": ["career ladder"] * 3 + ["comparison"],
            "a_median_display": ["$1"] * 4,
            "a_mean_display": ["$2"] * 4,
            "employment": ["3"] * 4,
            "mean_vs_all_occupations": [0.5, 1.0, 2.0, None],
        }
    )
    table = outlook.career_outlook_table(career, projected).set_index("Occupation")
    assert table.loc["29-9021 B", "Typical entry-level education"] == "Associate's degree"
    assert table.loc["11-9111 C", "Projected employment change, 2024–34"] == "+23.2%"
    assert table.loc["00-0000 All Occupations", "Projected employment change, 2024–34"] == "+3.1%"
    text = national.career_text(career, outlook.ladder_outlook(projected, list(career["occ_code"])))
    assert (
        "Typical entry-level education: Postsecondary nondegree award; projected employment change 2024–34: "
        "+7.1%" in text
    )


def test_titles_from_the_file_are_escaped(projected):
    # SYNTHETIC row: a title that would run as HTML or a link if not escaped
    evil = projected.head(1).assign(
        occ_code="99-9999", occ_title="<img src=x onerror=alert(1)> [x](javascript:1)", education="**bold**"
    )
    text = outlook.outlook_text(evil, "99-9999")
    assert "<img" not in text and "&lt;img" in text and "\\[x\\]\\(javascript:1\\)" in text
    assert "\\*\\*bold\\*\\*" in text


def test_a_dollar_in_a_title_is_escaped_once(projected):
    # SYNTHETIC title with a dollar sign: escape_markdown writes "\$"; the outlook's money escaping (the one
    # text.escape_dollars) must leave it so, where the old inline replace made "\\$" (a backslash, then LaTeX)
    evil = projected.head(1).assign(occ_code="99-9999", occ_title="Clerks paid $5 a page")
    text = outlook.outlook_text(evil, "99-9999")
    assert "Clerks paid \\$5 a page" in text and "\\\\$" not in text
