"""Pay by employer type (analysis.analyses.ownership) and the reliability floor of the best-paying industry,
against the bundled May 2025 oe files (data/raw/oe/oe.data.0.Current.gz), read through the project's store."""

from __future__ import annotations

import pytest

from analysis import store
from analysis.analyses import industry, ownership
from analysis.conventions import sampling


@pytest.fixture(scope="module")
def national():
    return store.load(occ_codes=["29-2072", "11-9111"], area_types=[1], years=[2025])


def _published(frame, occupation, naics):
    rows = frame[(frame["occ_code"] == occupation) & (frame["naics"] == naics)]
    assert len(rows) == 1, naics
    return rows.iloc[0]


def test_hospitals_by_ownership_for_29_2072(national):
    within = ownership.within_industries(national, "29-2072", 2025)
    hospitals = within[within["group"] == "622000"].set_index("naics")
    # BLS's NAICS ownership variants of 622000 Hospitals: 622005 privately owned, 622002 state, 622003 local
    assert list(hospitals["employer_type"]) == [
        "All ownerships",
        "Privately owned",
        "State government",
        "Local government",
    ]
    for naics in ("622000", "622005", "622002", "622003"):
        published = _published(national, "29-2072", naics)
        shown = hospitals.loc[naics]
        assert (shown["tot_emp"], shown["a_mean"]) == (published["tot_emp"], published["a_mean"])
        lower, upper = sampling.interval(published["a_mean"], published["mean_prse"])
        assert (shown["a_mean_lower"], shown["a_mean_upper"]) == pytest.approx((lower, upper))
        assert shown["meets_floor"] == sampling.meets_floor(published["tot_emp"], published["mean_prse"])
    # values as published in the oe files (29-2072, May 2025): privately owned 43,620 jobs at $61,720
    assert (hospitals.loc["622005", "tot_emp"], hospitals.loc["622005", "a_mean"]) == (43620, 61720)
    table = ownership.table(within)
    assert "$61,720" in set(table["Annual mean wage (USD)"]) and "43,620" in set(table["Employment (jobs)"])


def test_government_across_industries_and_the_highest_reliable(national):
    across = ownership.across_industries(national, "11-9111", 2025)
    assert list(across["naics"]) == ["000000", "000001", "999100", "999201", "999301"]
    for row in across.itertuples():
        published = _published(national, "11-9111", row.naics)
        assert row.a_mean == published["a_mean"] and row.tot_emp == published["tot_emp"]
    top = ownership.highest(across)
    reliable = across[across["meets_floor"] & ~across["naics"].eq("000000")]
    assert top["best"]["a_mean"] == reliable["a_mean"].max()
    text = ownership.text(ownership.within_industries(national, "11-9111", 2025), across)
    assert "Highest among reliable estimates" in text and "Hospitals" in text


@pytest.mark.parametrize("occupation, fragile", [("29-2072", "813900"), ("11-9111", "711200")])
def test_the_best_paying_industry_meets_the_reliability_floor(national, occupation, fragile):
    profile = industry.industry_profile(national, occupation, 2025, "4-digit")
    # the highest published mean at the 4-digit level rests on few jobs: 813900 (29-2072, 40 jobs), 711200
    # Spectator Sports (11-9111, 80 jobs)
    highest = profile[profile["a_mean"].notna()].sort_values("a_mean", ascending=False).iloc[0]
    assert highest["naics"] == fragile and not sampling.meets_floor(highest["tot_emp"], highest["mean_prse"])
    figures = industry.key_figures(profile)
    assert figures["top_industry_by_wage_naics"] != fragile
    best = profile[profile["naics"] == figures["top_industry_by_wage_naics"]].iloc[0]
    assert best["tot_emp"] >= sampling.MIN_JOBS and best["mean_prse"] <= sampling.MAX_MEAN_RSE
    reliable = profile[[sampling.meets_floor(e, r) for e, r in zip(profile["tot_emp"], profile["mean_prse"])]]
    assert best["a_mean"] == reliable["a_mean"].max()
    assert figures["top_industry_by_wage_tot_emp"] == best["tot_emp"]
    text = industry.profile_text(profile, 15)
    assert f"{float(best['tot_emp']):,.0f} jobs" in text and "95% interval" in text
    assert sampling.floor_sentence() in text
    headline = industry.headline(figures, occupation_title=figures["occ_title"])
    assert figures["top_industry_by_wage"] in headline["headline"] and len(headline["key_figures"]) <= 6
