"""Career-guide claims (analysis.analyses.claims) against the bundled BLS files: hospitals at one NAICS level,
consulting (541600) for each occupation of the ladder, and demand against the BLS projections 2024-34."""

from __future__ import annotations

import pytest

from analysis.analyses import claims
from analysis.sources import projections
from synthetic_oews import synthetic_frame, synthetic_row


@pytest.fixture(scope="module")
def ladder_frame():
    from analysis import store

    return store.load(occ_codes=["29-2072", "29-9021", "11-9111"], area_types=[1])


@pytest.fixture(scope="module")
def projected():
    return projections.read_projections()


# May 2025 oe files: 541600's annual mean and the all-industry annual mean of each occupation, and 541600's rank by
# mean wage among the 4-digit industries with a published mean
CONSULTING = {
    "29-2072": (48580, 56790, "not supported", "40th of 45", "40 of 45"),
    "29-9021": (72840, 74970, "not supported", "16th of 30", "16 of 30"),
    "11-9111": (186730, 140970, "supported", "10th of 63", "10 of 63"),
}


@pytest.mark.parametrize("occupation", sorted(CONSULTING))
def test_consulting_claim_for_each_occupation(ladder_frame, occupation):
    mean, reference, verdict, rank, rank_shown = CONSULTING[occupation]
    result = claims.check_industry_premium_claim(ladder_frame, claims.CONSULTING_CLAIM, occupation)
    assert result["verdict"] == verdict
    evidence = result["evidence"].iloc[0]
    assert (evidence["a_mean"], evidence["reference_a_mean"]) == (mean, reference)
    assert evidence["naics_level"] == "4-digit"
    assert f"(NAICS 541600, 4-digit) ${mean:,}" in result["finding"] and f"ranks {rank}" in result["finding"]
    shown = claims.evidence_table("industry_premium", result["evidence"]).iloc[0]
    assert shown["Rank by mean wage"] == rank_shown


def test_every_occupation_gets_both_industry_claims(ladder_frame):
    checked = claims.check_for_occupations(ladder_frame, ["29-2072", "29-9021", "11-9111"])
    assert len(checked) == 6
    hospitals = checked[checked["kind"] == "industry_pay"]
    assert set(hospitals["verdict"]) == {"supported"}
    assert all("NAICS 622100, 4-digit" in finding for finding in hospitals["finding"])
    assert not any("622000" in finding for finding in checked["finding"])
    table = claims.claims_by_occupation_table(checked)
    assert table.columns[0] == "Occupation" and len(table) == 6


def test_consulting_claim_without_the_industry_cannot_be_checked():
    # SYNTHETIC: cross-industry only
    frame = synthetic_frame([synthetic_row(2025, "29-2072", a_mean=50000, tot_emp=100)])
    result = claims.check_industry_premium_claim(frame, claims.CONSULTING_CLAIM, "29-2072")
    assert result["verdict"] == "cannot check" and "NAICS 541600 (4-digit)" in result["finding"]


@pytest.mark.parametrize("occupation, change", [("29-2072", 7.1), ("29-9021", 14.7), ("11-9111", 23.2)])
def test_demand_claim_against_the_projections(projected, occupation, change):
    result = claims.check_demand_claim(projected, claims.DEMAND_CLAIM, occupation)
    assert result["verdict"] == "supported"
    assert f"{change:+.1f}%" in result["finding"] and "+3.1% projected for all occupations" in result["finding"]
    evidence = result["evidence"].set_index("occ_code")
    assert evidence.loc[occupation, "employment_change_pct"] == change
    shown = claims.evidence_table("growing_demand", result["evidence"])
    assert set(shown["Change 2024–34, all occupations"]) == {"+3.1%"}


def test_demand_claim_without_projections_or_for_an_old_code(projected):
    assert claims.check_demand_claim(None, claims.DEMAND_CLAIM, "29-2072")["verdict"] == "cannot check"
    result = claims.check_demand_claim(projected, claims.DEMAND_CLAIM, "29-2071")
    assert result["verdict"] == "cannot check" and "2018 SOC" in result["finding"]


def test_check_claims_with_projections_checks_demand(ladder_frame, projected):
    checked = claims.check_claims(ladder_frame, "11-9111", projections=projected).set_index("kind")
    assert checked.loc["growing_demand", "verdict"] == "supported"
    assert checked.loc["industry_pay", "verdict"] == "supported"  # 622100 $155,360 vs 621100 $139,440
    assert "$155,360" in checked.loc["industry_pay", "finding"] and "$139,440" in checked.loc["industry_pay", "finding"]
