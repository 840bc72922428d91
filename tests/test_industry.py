"""Industry profile (analysis.analyses.industry) on SYNTHETIC canonical frames (and the bundled extract when present)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from synthetic_oews import synthetic_frame, synthetic_row

from analysis.analyses import industry


def _industry(naics, title, level, own_code="5", **values):
    return synthetic_row(2025, "29-2072", naics=naics, naics_title=title, i_group=level, own_code=own_code, **values)


@pytest.fixture(scope="module")
def frame():
    # synthetic: made-up employment and wages
    return synthetic_frame([
        synthetic_row(2025, "29-2072", a_mean=50000, tot_emp=200000),
        _industry("62", "Health Care and Social Assistance", "sector", a_mean=51000, tot_emp=150000),
        _industry("622000", "Hospitals", "3-digit", a_mean=55000, tot_emp=80000),
        _industry("621000", "Ambulatory Health Care Services", "3-digit", a_mean=46000, tot_emp=60000),
        _industry("524000", "Insurance Carriers", "3-digit", a_mean=60000, tot_emp=10000),
        _industry("999300", "Local Government", "3-digit", a_mean=None, tot_emp=None,
                  tot_emp_status="employment_not_available", a_mean_status="not_released"),
        _industry("621100", "Offices of Physicians", "4-digit", a_mean=45000, tot_emp=30000),
        # another occupation and year must not leak in
        synthetic_row(2025, "11-9111", a_mean=130000, naics="622000", naics_title="Hospitals", i_group="3-digit",
                      own_code="5"),
        synthetic_row(2024, "29-2072", a_mean=48000, naics="622000", naics_title="Hospitals", i_group="3-digit",
                      own_code="5"),
    ])


@pytest.mark.parametrize("naics, i_group, level", [
    ("62", None, "sector"), ("31-33", None, "sector"), ("622000", None, "3-digit"), ("621100", None, "4-digit"),
    ("621110", None, "5-digit"), ("621111", None, "6-digit"), ("000000", None, "cross-industry"),
    ("621100", "4-digit", "4-digit"), ("000000", "cross-industry, ownership", "cross-industry, ownership"),
])
def test_naics_level_of_reads_i_group_or_the_code(naics, i_group, level):
    assert industry.naics_level_of(naics, i_group) == level


def test_available_levels_are_those_in_the_data(frame):
    assert industry.available_levels(frame, "29-2072", 2025) == ["sector", "3-digit", "4-digit"]


def test_profile_shares_and_premiums_are_computed_against_cross_industry(frame):
    profile = industry.industry_profile(frame, "29-2072", 2025, "3-digit")
    assert list(profile["naics"]) == ["622000", "621000", "524000", "999300"]
    hospitals = profile.set_index("naics").loc["622000"]
    assert hospitals["share_of_employment"] == 80000 / 200000
    assert hospitals["wage_premium"] == 5000 and hospitals["wage_premium_pct"] == 10.0
    assert hospitals["rank_by_employment"] == 1
    assert profile.set_index("naics").loc["524000", "rank_by_wage"] == 1
    assert (profile["reference_a_mean"] == 50000).all()


def test_unpublished_industries_are_listed_with_their_status_not_dropped(frame):
    profile = industry.industry_profile(frame, "29-2072", 2025, "3-digit")
    local = profile.set_index("naics").loc["999300"]
    assert local["tot_emp_status"] == "employment_not_available" and local["a_mean_status"] == "not_released"
    assert pd.isna(local["rank_by_employment"]) and not local["published"]
    assert list(industry.unpublished(profile)["naics"]) == ["999300"]


def test_top_lists_hold_published_values_only(frame):
    profile = industry.industry_profile(frame, "29-2072", 2025, "3-digit")
    assert list(industry.top_by_employment(profile, 2)["naics"]) == ["622000", "621000"]
    assert list(industry.top_by_wage(profile, 10)["naics"]) == ["524000", "622000", "621000"]


def test_key_figures_name_the_top_industries(frame):
    figures = industry.key_figures(industry.industry_profile(frame, "29-2072", 2025, "3-digit"))
    assert figures["top_industry_by_employment"] == "Hospitals"
    assert figures["top_industry_by_employment_share"] == 0.4
    assert figures["top_industry_by_wage"] == "Insurance Carriers"
    assert figures["top_industry_by_wage_premium"] == 10000.0 and figures["top_industry_by_wage_premium_pct"] == 20.0
    assert figures["industries_unpublished"] == 1
    assert all(not isinstance(v, float) or not math.isnan(v) for v in figures.values())


def test_a_level_not_in_the_data_is_refused_with_the_choices(frame):
    with pytest.raises(ValueError, match="'sector', '3-digit', '4-digit'"):
        industry.industry_profile(frame, "29-2072", 2025, "6-digit")


def test_ownership_splits_of_a_published_industry_are_not_counted_twice():
    # synthetic: flat-file style ownership splits beside the whole industry
    frame = synthetic_frame([
        synthetic_row(2025, "29-2072", a_mean=50000, tot_emp=200000),
        _industry("622000", "Hospitals", "3-digit", a_mean=55000, tot_emp=80000, own_code=None),
        _industry("622002", "Hospitals, State Government Owned", "3-digit", a_mean=60000, tot_emp=5000, own_code="2"),
        _industry("622005", "Hospitals, Privately Owned", "3-digit", a_mean=54000, tot_emp=75000),
        _industry("524000", "Insurance Carriers", "3-digit", a_mean=60000, tot_emp=10000),
    ])
    profile = industry.industry_profile(frame, "29-2072", 2025, "3-digit")
    assert list(profile["naics"]) == ["622000", "524000"]
    detailed = industry.industry_profile(frame, "29-2072", 2025, "3-digit", include_ownership_detail=True)
    assert set(detailed["naics"]) == {"622000", "622002", "622005", "524000"}


# ------------------------------------------------------------------------------------------- bundled BLS data
@pytest.fixture(scope="module")
def bundled():
    from analysis import store

    return store.load(occ_codes=["29-2072"], area_types=[1])


def test_bundled_profile_counts_no_job_twice(bundled):
    year = max(industry.industry_years(bundled, "29-2072"))
    profile = industry.industry_profile(bundled, "29-2072", year, "3-digit")
    assert profile["naics"].is_unique
    assert not profile["naics_title"].str.contains("Owned").any()  # BLS's ownership splits left out
    assert 0 < profile["share_of_employment"].sum() <= 1
    hospitals = profile.set_index("naics").loc["622000"]
    published = bundled[(bundled["naics"] == "622000") & (bundled["year"] == year)].iloc[0]
    assert hospitals["tot_emp"] == published["tot_emp"] and hospitals["a_mean"] == published["a_mean"]


def test_bundled_levels_include_four_digit(bundled):
    year = max(industry.industry_years(bundled, "29-2072"))
    assert {"sector", "3-digit", "4-digit"} <= set(industry.available_levels(bundled, "29-2072", year))
