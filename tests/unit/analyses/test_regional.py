"""Regional analysis on SYNTHETIC canonical frames (hand-computable numbers) and on the bundled May 2025 data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis import paths
from analysis.analyses import regional
from analysis.errors import DataConflictError, HimWagesError, ParameterError
from synthetic_regional import SYNTHETIC_OCC, SYNTHETIC_YEAR, synthetic_frame

OCC, YEAR = SYNTHETIC_OCC, SYNTHETIC_YEAR


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_frame()


def _by_area(ranked: pd.DataFrame) -> dict[str, pd.Series]:
    return {row["area"]: row for _, row in ranked.iterrows()}


# ------------------------------------------------------------------------------------------------ intervals
def test_mean_wage_intervals_are_value_plus_minus_1_96_rse(frame):
    rows = _by_area(regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_mean"))
    # synthetic Alabama: 50,000 with mean_prse 2.0 -> half width 1.96 × 0.02 × 50,000 = 1,960
    assert rows["01"]["lower"] == pytest.approx(48_040.0)
    assert rows["01"]["upper"] == pytest.approx(51_960.0)
    # synthetic Colorado: 52,000 with 0.5 -> 509.6
    assert rows["08"]["lower"] == pytest.approx(51_490.4)
    assert rows["08"]["upper"] == pytest.approx(52_509.6)
    assert rows["01"]["rse"] == 2.0
    assert rows["01"]["interval_note"] == "95% interval from the published mean_prse"


def test_employment_intervals_use_emp_prse(frame):
    rows = _by_area(regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="tot_emp"))
    # synthetic Alaska: 100 jobs, emp_prse 10 -> 100 ± 19.6
    assert (rows["02"]["lower"], rows["02"]["upper"]) == (pytest.approx(80.4), pytest.approx(119.6))


def test_percentiles_have_no_interval_and_say_so(frame):
    rows = _by_area(regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_pct90"))
    assert pd.isna(rows["01"]["rse"])
    assert rows["01"]["lower"] == rows["01"]["upper"] == 90_000.0
    assert "no RSE" in rows["01"]["interval_note"]


# ----------------------------------------------------------------------------------------------------- ranks
def test_rank_ranges_group_statistically_indistinguishable_states(frame):
    ranked = regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_mean")
    # Intervals (synthetic): AK 58,824–61,176; AZ 46,904–57,096; CO 51,490.4–52,509.6; AL 48,040–51,960;
    # AR 39,216–40,784. AK lies above all; AZ, CO and AL overlap each other; AR lies below all.
    assert list(ranked["area"]) == ["02", "04", "08", "01", "05", "06"]
    assert list(ranked["rank"].astype("object").fillna(-1)) == [1, 2, 2, 4, 5, -1]
    assert list(ranked["rank_label"].astype("object").fillna("none")) == ["1", "2–4", "2–4", "2–4", "5", "none"]
    assert (ranked["n_ranked"] == 5).all()


def test_ties_without_intervals_share_a_rank_range(frame):
    rows = _by_area(regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_pct90"))
    # synthetic a_pct90: AK top-coded (>= 239,200), AL 90,000, AZ 90,000, CO 80,000, AR 70,000
    assert rows["02"]["rank_label"] == "1"
    assert rows["01"]["rank_label"] == rows["04"]["rank_label"] == "2–3"
    assert rows["01"]["rank"] == rows["04"]["rank"] == 2
    assert rows["08"]["rank_label"] == "4"


def test_top_coded_value_is_a_bound_not_a_number(frame):
    rows = _by_area(regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_pct90"))
    alaska = rows["02"]
    assert pd.isna(alaska["value"])
    assert alaska["status"] == "top_coded"
    assert alaska["top_code"] == 239_200.0
    assert alaska["lower"] == 239_200.0 and math.isinf(alaska["upper"])


def test_suppressed_values_are_listed_not_dropped(frame):
    ranked = regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_mean")
    assert "06" in set(ranked["area"])
    listed = regional.not_published(ranked)
    assert list(listed["area_title"]) == ["California"]
    assert listed.loc[0, "status"] == "wage_not_available"
    assert "wage estimate is not available" in listed.loc[0, "meaning"]
    listed_p90 = regional.not_published(regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_pct90"))
    assert dict(zip(listed_p90["area"], listed_p90["status"])) == {"02": "top_coded", "06": "wage_not_available"}


def test_territories_only_when_asked(frame):
    assert "72" not in set(regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_mean")["area"])
    with_pr = regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_mean", include_territories=True)
    assert "72" in set(with_pr["area"])


# -------------------------------------------------------------------------------------------- metro areas
def test_top_and_bottom_metros(frame):
    ranked = regional.metro_ranking(frame, occupation=OCC, year=YEAR, measure="a_mean")
    assert list(ranked["area_title"]) == ["Beta-Gamma, AK-AL", "Alpha, AL", "Delta, AZ"]
    picked = regional.top_and_bottom(ranked, 1)
    assert list(zip(picked["group"], picked["area"])) == [("Top 1", "22222"), ("Bottom 1", "11111")]
    # fewer ranked areas than 2 × top_n: no area appears twice, suppressed Delta in neither group
    picked = regional.top_and_bottom(ranked, 5)
    assert list(picked["area"]) == ["22222", "11111"]
    assert list(picked["group"]) == ["Top 5", "Top 5"]


def test_metro_nonmetro_summary_is_employment_weighted(frame):
    summary = regional.metro_nonmetro_summary(frame, occupation=OCC, year=YEAR, measure="a_mean").set_index("group")
    metro, nonmetro = summary.loc[regional.METRO_LABEL], summary.loc[regional.NONMETRO_LABEL]
    # synthetic metros: (55,000 × 100 + 65,000 × 300) / 400 = 62,500; Delta, AZ suppressed
    assert metro["value"] == pytest.approx(62_500.0)
    assert (metro["n_areas"], metro["n_published"], metro["n_suppressed"]) == (3, 2, 1)
    assert metro["employment_covered"] == 400.0
    # synthetic nonmetro: (45,000 × 100 + 50,000 × 50) / 150
    assert nonmetro["value"] == pytest.approx(7_000_000 / 150)
    assert (nonmetro["lowest"], nonmetro["highest"], nonmetro["median_of_areas"]) == (45_000.0, 50_000.0, 47_500.0)
    assert "Employment-weighted" in metro["statistic"]


def test_metro_nonmetro_summary_of_employment_is_a_total(frame):
    summary = regional.metro_nonmetro_summary(frame, occupation=OCC, year=YEAR, measure="tot_emp").set_index("group")
    assert summary.loc[regional.METRO_LABEL, "value"] == 450.0
    assert summary.loc[regional.METRO_LABEL, "statistic"].startswith("Total employment")


# ---------------------------------------------------------------------------------------------- deep dive
def test_state_deep_dive_includes_metros_crossing_the_state_line(frame):
    areas = regional.state_areas(frame, occupation=OCC, year=YEAR, measure="a_mean", state="Alabama")
    assert list(areas["area_title"]) == ["Beta-Gamma, AK-AL", "Alpha, AL", "Alabama nonmetropolitan area"]
    assert list(areas["primary_state"]) == [False, True, True]
    assert list(areas["group"]) == [regional.METRO_LABEL, regional.METRO_LABEL, regional.NONMETRO_LABEL]
    assert list(areas["rank_label"]) == ["1", "2", "3"]


def test_an_msa_under_another_state_than_its_principal_one_is_labelled_values_unchanged(frame):
    areas = regional.state_areas(frame, occupation=OCC, year=YEAR, measure="a_mean", state="Alabama")
    assert list(regional.shown_titles(areas)) == [
        "Beta-Gamma, AK-AL (spans states; primary state AK)",
        "Alpha, AL",
        "Alabama nonmetropolitan area",
    ]
    assert areas["area_title"].iloc[0] == "Beta-Gamma, AK-AL"  # the data keep BLS's title
    # under its principal state it is not labelled
    alaska = regional.state_areas(frame, occupation=OCC, year=YEAR, measure="a_mean", state="AK")
    assert "Beta-Gamma, AK-AL" in list(regional.shown_titles(alaska))


@pytest.mark.parametrize(
    ("title", "states"),
    [
        ("Philadelphia-Camden-Wilmington, PA-NJ-DE-MD", ["PA", "NJ", "DE", "MD"]),
        ("Abilene, TX", ["TX"]),
        ("Boston-Cambridge-Nashua, MA-NH NECTA", ["MA", "NH"]),
        ("Alaska nonmetropolitan area", []),
    ],
)
def test_title_states(title, states):
    assert regional.title_states(title) == states


# ------------------------------------------------------------------------------------------ parameter checks
@pytest.mark.parametrize("given", ["AL", "al", "01", "Alabama"])
def test_check_state_accepts_postal_fips_or_name(frame, given):
    assert regional.check_state(frame, given) == "AL"


def test_check_state_lists_available_states(frame):
    with pytest.raises(
        ParameterError, match=r"not in the data loaded; states available: AK \(Alaska\), AL \(Alabama\)"
    ):
        regional.check_state(frame, "TX")
    with pytest.raises(
        ParameterError, match="not a U.S. state, DC or territory; .*all 7 available: AK, AL, AR, AZ, CA, CO, PR$"
    ):
        regional.check_state(frame, "Atlantis")
    assert regional.check_state(frame, None) is None


def test_check_measure_lists_measures():
    assert regional.check_measure("h_median") == "h_median"
    with pytest.raises(ParameterError, match="'a_mean', 'a_median'"):
        regional.check_measure("mean")


def test_check_regional_data_says_when_only_national_rows_are_loaded(frame):
    national_only = frame[frame["area_type"] == 1]
    with pytest.raises(ParameterError, match="no state, metropolitan or nonmetropolitan rows"):
        regional.check_regional_data(national_only, occupation=OCC, year=YEAR)
    regional.check_regional_data(frame, occupation=OCC, year=YEAR)


# --------------------------------------------------------------------------------- real bundled May 2025 data
@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    from analysis import store

    assert (paths.bundled_dir() / "oe.area").exists(), "bundled data data/raw/oe is missing"
    return store.load(occ_codes=["29-2072"])


def test_bundled_state_ranking_matches_the_frame(bundled):
    rows = bundled[(bundled["naics"] == "000000") & (bundled["area_type"] == 2) & (bundled["year"] == 2025)]
    ranked = regional.state_ranking(bundled, occupation="29-2072", year=2025, measure="a_mean")
    assert len(ranked) == len(rows) == 51  # 50 states and DC
    published = rows[rows["a_mean"].notna()]
    top = published.loc[published["a_mean"].astype(float).idxmax()]
    assert ranked.iloc[0]["area"] == top["area"]
    assert ranked.iloc[0]["value"] == top["a_mean"]
    expected = top["a_mean"] * 1.96 * top["mean_prse"] / 100
    assert ranked.iloc[0]["upper"] - ranked.iloc[0]["value"] == pytest.approx(expected)
    # every state is in the ranking: published ones ranked, the others listed
    assert ranked["rank"].notna().sum() + len(regional.not_published(ranked)) == 51


def test_bundled_ohio_lists_the_msas_west_virginia_leads_as_spanning_states(bundled):
    # oe.area of the bundled May 2025 release: these MSAs have PRIM_STATE WV and name OH in their titles
    areas = regional.state_areas(bundled, occupation="29-2072", year=2025, measure="a_mean", state="OH")
    shown = dict(zip(areas["area"], regional.shown_titles(areas), strict=True))
    assert shown["48540"] == "Wheeling, WV-OH (spans states; primary state WV)"
    assert shown["26580"] == "Huntington-Ashland, WV-KY-OH (spans states; primary state WV)"
    assert shown["17410"] == "Cleveland, OH" and shown["17140"] == "Cincinnati, OH-KY-IN"
    assert sum("spans states" in t for t in shown.values()) == int((~areas["primary_state"]).sum()) == 3


def test_state_without_areas_gives_an_empty_frame(frame):
    areas = regional.state_areas(frame, occupation=OCC, year=YEAR, measure="a_mean", state="CO")
    assert areas.empty and "rank_label" in areas.columns


def test_summarise_ranking(frame):
    facts = regional.summarise_ranking(regional.state_ranking(frame, occupation=OCC, year=YEAR, measure="a_mean"))
    assert (facts["n_areas"], facts["n_ranked"], facts["n_published"], facts["n_top_coded"], facts["n_suppressed"]) == (
        6,
        5,
        5,
        0,
        1,
    )
    assert (facts["top_area"], facts["top_value"], facts["top_rank_label"]) == ("02", 60_000.0, "1")
    assert (facts["bottom_prim_state"], facts["bottom_value"]) == ("AR", 40_000.0)
    assert facts["could_be_first"] == ["Alaska"]


# ------------------------------------------------------------------------ areas by name, tables, descriptions
def test_areas_resolve_by_code_postal_code_or_name(frame):
    from analysis.errors import ParameterError

    assert regional.resolve_area(frame, "U.S.") == "99"
    assert regional.resolve_area(frame, "ak") == "02"
    assert regional.resolve_area(frame, "Alaska") == "02"
    assert regional.resolve_area(frame, 11111) == "11111"
    assert regional.resolve_area(frame, "beta-gamma, ak-al") == "22222"
    assert regional.resolve_area(frame, "Alabama nonmetro") == "0100001"  # a unique start of a title
    assert regional.check_area(frame, "Alpha") == "11111"
    assert regional.check_area(frame, None) is None
    with pytest.raises(
        ParameterError,
        match="matches 2 areas: 0100001 \\(Alabama nonmetropolitan area\\); 0200001 \\(Alaska nonmetropolitan area\\)",
    ):
        regional.check_area(frame, "nonmetropolitan")
    with pytest.raises(ParameterError, match="is a state \\(Alaska, code 02\\)"):
        regional.check_area(frame, "Alaska")  # a state is not a metropolitan or nonmetropolitan area
    with pytest.raises(ParameterError, match=r"closest: Alpha, AL \(11111\);.*area_choices\(frame\) lists them all"):
        regional.check_area(frame, "Alpah, AL")


def test_every_ranking_table_shows_employment_and_jobs_per_1000(bundled):
    from analysis.charts import regional as regional_charts

    ranked = regional.state_ranking(bundled, occupation="29-2072", year=2025, measure="a_median")
    table = regional_charts.ranking_table(ranked, area_label="State").set_index("State")
    rows = bundled[(bundled["naics"] == "000000") & (bundled["year"] == 2025) & (bundled["area_type"] == 2)]
    ohio = rows[rows["area"] == "39"].iloc[0]
    assert table.loc["Ohio", "Employment"] == f"{ohio['tot_emp']:,.0f}"  # BLS: 7,440 jobs in Ohio, May 2025
    assert table.loc["Ohio", "Employment"] == "7,440"
    assert table.loc["Ohio", "Jobs per 1,000"] == f"{ohio['jobs_1000']:g}"
    metros = regional_charts.ranking_table(
        regional.metro_ranking(bundled, occupation="29-2072", year=2025, measure="a_mean")
    )
    assert {"Employment", "Jobs per 1,000"} <= set(metros.columns)
    # the measure itself is not repeated
    assert (
        "Employment"
        not in regional_charts.ranking_table(
            regional.state_ranking(bundled, occupation="29-2072", year=2025, measure="tot_emp")
        ).columns
    )


def test_adjusted_top_code_stays_at_least_and_charts_describe_themselves(frame):
    from analysis.analyses import cost_of_living
    from analysis.charts import regional as regional_charts
    from analysis.sources import bea_rpp

    rpp = bea_rpp.read_rpp()
    alaska_rpp = float(rpp[(rpp["postal"] == "AK") & (rpp["year"] == 2024)]["rpp"].iloc[0])  # BEA: 102.359
    adjusted = regional.rank_areas(
        cost_of_living.adjust_estimates(
            regional.estimates(frame, occupation=OCC, year=YEAR, measure="a_pct90", area_types=(2,)), rpp
        )
    )
    alaska = adjusted.set_index("area").loc["02"]
    # SYNTHETIC Alaska's a_pct90 is top-coded: still no value, its bound divided by BEA's Alaska RPP
    assert pd.isna(alaska["value"]) and alaska["top_code"] == pytest.approx(239_200.0 / (alaska_rpp / 100))
    table = regional_charts.ranking_table(adjusted).set_index("Area")
    column = "Annual 90th percentile wage in U.S.-average prices (USD)"
    assert table.loc["Alaska", column] == f"at least ${239_200.0 / (alaska_rpp / 100):,.0f}"
    assert table.loc["California", column] == "suppressed (wage not available)"
    for chart in (regional_charts.state_map(adjusted), regional_charts.ranking_chart(adjusted, title="t")):
        spec = chart.to_dict()
        assert "U.S.-average prices" in spec["description"]
        assert any("BEA Regional Price Parities 2024" in line for line in spec["title"]["subtitle"])


def test_two_cross_industry_rows_for_one_area_are_a_data_conflict_naming_area_files_and_owners(frame):
    # synthetic: Alabama's all-ownerships row given twice, from two (invented) files, with different means
    alabama = frame[(frame["area"] == "01") & (frame["naics"] == "000000")]
    twice = pd.concat(
        [frame, alabama.assign(a_mean=51_000.0, source="copy/state_M2025_dl.xlsx")], ignore_index=True
    ).assign(source=lambda f: f["source"].where(f["source"] != "synthetic", "state_M2025_dl.xlsx"))
    with pytest.raises(DataConflictError) as error:
        regional.cross_industry(twice, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR)
    assert isinstance(error.value, HimWagesError) and isinstance(error.value, ValueError)
    assert str(error.value) == (
        "file 'copy/state_M2025_dl.xlsx; state_M2025_dl.xlsx': more than one cross-industry row per area for "
        f"{SYNTHETIC_OCC} in May {SYNTHETIC_YEAR}, in 1 area(s): 01; found '2 rows for area 01 (Alabama), ownership "
        "code 1235'; expected one cross-industry row per area (ownership 1235, all ownerships), as BLS "
        "publishes it; load each release's file once"
    )


def test_a_repeated_all_ownerships_row_beside_an_ownership_split_keeps_the_all_ownerships_row(frame):
    # synthetic: an ownership split (own_code 5) beside every area's all-ownerships row is not a conflict
    split = frame[(frame["naics"] == "000000") & (frame["occ_code"] == SYNTHETIC_OCC)].assign(own_code="5")
    rows = regional.cross_industry(pd.concat([frame, split]), occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR)
    assert set(rows["own_code"]) == {"1235"} and not rows["area"].duplicated().any()
