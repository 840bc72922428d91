"""Wages in U.S.-average prices: the bundled BLS May 2025 data divided by the bundled BEA RPPs (2024, the latest
year BEA has published), checked against the same arithmetic done here on the two files' values."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import store
from analysis.analyses import cost_of_living, regional
from analysis.errors import ParameterError

OCC, YEAR = "29-2072", 2025


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return store.load(occ_codes=[OCC])


def test_rpp_year_is_the_release_s_or_the_latest(rpp):
    latest = cost_of_living.choose_rpp_year(rpp, 2025)
    assert (latest.release_year, latest.rpp_year, latest.same_year) == (2025, 2024, False)
    assert "of 2024, the latest year BEA has published (no RPPs for 2025 yet)" in latest.sentence()
    assert "February 19, 2026" in latest.sentence()
    same = cost_of_living.choose_rpp_year(rpp, 2019)
    assert (same.rpp_year, same.same_year) == (2019, True) and "of the same year" in same.sentence()
    with pytest.raises(ParameterError, match="BEA's RPPs start in 2008; May 2007 cannot be adjusted"):
        cost_of_living.choose_rpp_year(rpp, 2007)
    # the regional and comparison reports ask once: a choice, or why not (ParameterError only; other errors raise)
    assert cost_of_living.rpp_choice_or_why_not(rpp, 2025) == (latest, None)
    choice, why = cost_of_living.rpp_choice_or_why_not(rpp, 2007)
    assert choice is None and why.startswith("BEA's RPPs start in 2008; May 2007 cannot be adjusted")
    with pytest.raises(KeyError):
        cost_of_living.rpp_choice_or_why_not(rpp.drop(columns="rpp"), 2025)


def _states(bundled, measure="a_mean"):
    return regional.estimates(bundled, occupation=OCC, year=YEAR, measure=measure, area_types=(1, 2, 3, 4, 6))


def test_california_mean_in_us_average_prices(bundled, rpp):
    adjusted = cost_of_living.adjust_estimates(_states(bundled), rpp).set_index("area")
    ca = adjusted.loc["06"]
    # BLS: California's May 2025 annual mean for 29-2072 is $68,230 (mean_prse 1.2); BEA: CA 2024 RPP 110.720
    assert ca["nominal_value"] == 68_230.0 and ca["rpp"] == 110.720 and ca["rpp_year"] == 2024
    assert ca["value"] == pytest.approx(68_230.0 / 1.10720)
    assert round(float(ca["value"])) == 61_624
    assert ca["lower"] == pytest.approx((68_230.0 - 1.96 * 0.012 * 68_230.0) / 1.10720)
    assert ca["rse"] == 1.2  # dividing by a constant keeps the relative error
    us = adjusted.loc["99"]
    assert us["value"] == us["nominal_value"] and us["rpp"] == 100.0


def test_only_states_and_the_us_are_adjusted(bundled, rpp):
    adjusted = cost_of_living.adjust_estimates(_states(bundled), rpp)
    kinds = adjusted.groupby("area_type")["adjusted"].agg(["all", "any"])
    assert kinds.loc[1, "all"] and kinds.loc[2, "all"]
    for kind in (3, 4, 6):  # territories, MSAs, nonmetropolitan areas: no RPP bundled
        assert not kinds.loc[kind, "any"]
    metro = adjusted[adjusted["area_type"] == 4]
    assert metro["value"].isna().all() and metro["nominal_value"].notna().any()
    assert (metro["interval_note"] == "no RPP bundled for this kind of area: not adjusted").all()


def test_every_state_is_its_wage_over_its_rpp(bundled, rpp):
    adjusted = cost_of_living.adjust_estimates(_states(bundled), rpp)
    states = adjusted[adjusted["area_type"] == 2].set_index("area")
    factors = rpp[rpp["year"] == 2024].set_index("area")["rpp"]
    expected = states["nominal_value"].astype(float) / (factors.reindex(states.index).astype(float) / 100)
    assert len(states) == 51
    pd.testing.assert_series_equal(states["value"].astype(float), expected, check_names=False)


def test_ranks_and_rank_changes(bundled, rpp):
    nominal = regional.state_ranking(bundled, occupation=OCC, year=YEAR, measure="a_mean")
    adjusted = regional.rank_areas(
        cost_of_living.adjust_estimates(
            regional.estimates(bundled, occupation=OCC, year=YEAR, measure="a_mean", area_types=(2,)), rpp
        )
    )
    changes = cost_of_living.rank_changes(nominal, adjusted).set_index("area")
    # recomputed here: nominal and adjusted order of the published state means
    rows = bundled[(bundled["year"] == YEAR) & (bundled["area_type"] == 2) & (bundled["naics"] == "000000")]
    wages = rows.set_index("area")["a_mean"].astype(float).dropna()
    factors = rpp[rpp["year"] == 2024].set_index("area")["rpp"].astype(float)
    real = wages / (factors.reindex(wages.index) / 100)
    nominal_rank = wages.rank(ascending=False, method="min").astype(int)
    real_rank = real.rank(ascending=False, method="min").astype(int)
    assert changes.loc[real.idxmax(), "adjusted_rank"] == 1
    for area in wages.index:
        assert changes.loc[area, "nominal_rank"] == nominal_rank[area]
        assert changes.loc[area, "adjusted_rank"] == real_rank[area]
        assert changes.loc[area, "change"] == nominal_rank[area] - real_rank[area]
    # California (RPP 110.720) falls once prices are counted; Ohio (92.774) rises
    assert changes.loc["06", "change"] < 0 < changes.loc["39", "change"]


def test_a_measure_that_is_not_a_wage_is_refused(bundled, rpp):
    with pytest.raises(ParameterError, match="tot_emp is not a wage"):
        cost_of_living.adjust_estimates(_states(bundled, "tot_emp"), rpp)
