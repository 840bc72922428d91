"""Industry profile (analysis.analyses.industry) on SYNTHETIC canonical frames (and the bundled extract when
present)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.analyses import industry
from synthetic_oews import synthetic_frame, synthetic_row


def _industry(naics, title, level, own_code="5", **values):
    return synthetic_row(2025, "29-2072", naics=naics, naics_title=title, i_group=level, own_code=own_code, **values)


@pytest.fixture(scope="module")
def frame():
    # synthetic: made-up employment and wages
    return synthetic_frame(
        [
            synthetic_row(2025, "29-2072", a_mean=50000, tot_emp=200000),
            _industry("62", "Health Care and Social Assistance", "sector", a_mean=51000, tot_emp=150000),
            _industry("622000", "Hospitals", "3-digit", a_mean=55000, tot_emp=80000),
            _industry("621000", "Ambulatory Health Care Services", "3-digit", a_mean=46000, tot_emp=60000),
            _industry("524000", "Insurance Carriers", "3-digit", a_mean=60000, tot_emp=10000),
            _industry(
                "999300",
                "Local Government",
                "3-digit",
                a_mean=None,
                tot_emp=None,
                tot_emp_status="employment_not_available",
                a_mean_status="not_released",
            ),
            _industry("621100", "Offices of Physicians", "4-digit", a_mean=45000, tot_emp=30000),
            # another occupation and year must not leak in
            synthetic_row(
                2025, "11-9111", a_mean=130000, naics="622000", naics_title="Hospitals", i_group="3-digit", own_code="5"
            ),
            synthetic_row(
                2024, "29-2072", a_mean=48000, naics="622000", naics_title="Hospitals", i_group="3-digit", own_code="5"
            ),
        ]
    )


@pytest.mark.parametrize(
    "naics, i_group, level",
    [
        ("62", None, "sector"),
        ("31-33", None, "sector"),
        ("622000", None, "3-digit"),
        ("621100", None, "4-digit"),
        ("621110", None, "5-digit"),
        ("621111", None, "6-digit"),
        ("000000", None, "cross-industry"),
        ("621100", "4-digit", "4-digit"),
        ("000000", "cross-industry, ownership", "cross-industry, ownership"),
    ],
)
def test_naics_level_of_reads_i_group_or_the_code(naics, i_group, level):
    assert industry.naics_level_of(naics, i_group) == level


def test_available_levels_are_those_in_the_data(frame):
    assert industry.available_levels(frame, "29-2072", 2025) == ["sector", "3-digit", "4-digit"]


def test_the_selection_sentence_lists_the_levels_in_words(frame):
    assert industry.selection_text(frame, "29-2072", 2025, "3-digit") == (
        "**Synthetic occupation 29\\-2072 (29-2072)**, May 2025 release, 3-digit industries; industry levels "
        "published for it in May 2025: "
        "sector, 3-digit and 4-digit."
    )


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
    frame = synthetic_frame(
        [
            synthetic_row(2025, "29-2072", a_mean=50000, tot_emp=200000),
            _industry("622000", "Hospitals", "3-digit", a_mean=55000, tot_emp=80000, own_code=None),
            _industry(
                "622002", "Hospitals, State Government Owned", "3-digit", a_mean=60000, tot_emp=5000, own_code="2"
            ),
            _industry("622005", "Hospitals, Privately Owned", "3-digit", a_mean=54000, tot_emp=75000),
            _industry("524000", "Insurance Carriers", "3-digit", a_mean=60000, tot_emp=10000),
        ]
    )
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


# ------------------------------------------------------------------------------------------- hospitals, top_n, 541600
def test_both_hospitals_figures_are_shown_with_their_level(ladder_frame):
    hospitals = industry.hospitals_figures(ladder_frame, "29-2072", 2025).set_index("naics")
    # May 2025 oe files, 29-2072: BLS's 3-digit and 4-digit "hospitals"
    assert hospitals.loc["622000", "naics_level"] == "3-digit" and hospitals.loc["622000", "a_mean"] == 61920
    assert hospitals.loc["622100", "naics_level"] == "4-digit" and hospitals.loc["622100", "a_mean"] == 62270
    assert hospitals.loc["622000", "tot_emp"] == 55530 and hospitals.loc["622100", "tot_emp"] == 51740
    assert list(hospitals.index[hospitals["used_in_claims_and_tables"]]) == ["622100"]
    text = industry.hospitals_text(hospitals.reset_index())
    assert "NAICS 622000 *Hospitals* (3-digit): 55,530 jobs, mean \\$61,920" in text
    assert "use NAICS 622100 (4-digit)" in text


def test_consulting_is_in_the_table_even_below_top_n(ladder_frame):
    profile = industry.industry_profile(ladder_frame, "11-9111", 2025, "4-digit")
    consulting = profile.set_index("naics").loc["541600"]
    assert consulting["rank_by_employment"] == 25 and consulting["tot_emp"] == 4460 and consulting["a_mean"] == 186730
    table = industry.industry_table(profile, 15, include=industry.ALWAYS_SHOWN)
    assert len(table) == 16 and table.iloc[-1]["NAICS"] == "541600"
    assert table.iloc[-1]["Rank by employment"] == "25" and table.iloc[-1]["Annual mean wage (USD)"] == "$186,730"
    assert len(industry.industry_table(profile, 15)) == 15
    # already in the top 15 for 29-2072: not repeated
    specialists = industry.industry_profile(ladder_frame, "29-2072", 2025, "4-digit")
    shown = industry.industry_table(specialists, 15, include=industry.ALWAYS_SHOWN)
    assert len(shown) == 15 and list(shown["NAICS"]).count("541600") == 1


def test_a_top_n_larger_than_the_industries_says_how_many_exist(ladder_frame):
    profile = industry.industry_profile(ladder_frame, "29-2072", 2025, "4-digit")
    assert len(profile) == 45  # 4-digit industries BLS publishes for 29-2072 in May 2025
    assert industry.top_n_note(profile, 15) is None
    note = industry.top_n_note(profile, 100)
    assert note.startswith("100 industries were asked for, but at the 4-digit level BLS publishes 45 industries")
    assert note in industry.profile_text(profile, 100)
    assert industry.industry_table_caption(profile, 100, "4-digit").startswith("All 45 industries published")
    assert industry.industry_table_caption(profile, 15, "4-digit").startswith("The 15 industries employing the most")


def test_profile_text_escapes_titles_from_the_data(frame):
    # SYNTHETIC: an industry and occupation title that would inject HTML or a link
    evil = frame.copy()
    evil["occ_title"] = evil["occ_title"].astype("object")
    evil.loc[evil["occ_code"] == "29-2072", "occ_title"] = "<script>x</script>"
    evil.loc[evil["naics"] == "622000", "naics_title"] = "[Hospitals](javascript:alert(1))"
    profile = industry.industry_profile(evil, "29-2072", 2025, "3-digit")
    text = industry.profile_text(profile, 5)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "\\[Hospitals\\]\\(javascript:alert\\(1\\)\\)" in text
