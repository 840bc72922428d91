"""Career-guide claims (analysis.analyses.claims) against the bundled BLS files: hospitals at one NAICS level,
consulting (541600) for each occupation of the ladder, and demand against the BLS projections 2024-34."""

from __future__ import annotations

import pytest

from analysis.analyses import claims
from synthetic_oews import synthetic_frame, synthetic_row

# May 2025 oe files (data/raw/oe/oe.data.0.Current.gz): 541600's annual mean and the all-industry annual mean of
# each occupation, the verdict from their 95% intervals (mean RSEs as published there) and 541600's rank by mean
# wage among the 4-digit industries meeting the reliability floor (29-9021's 541600: 690 jobs, below the floor)
CONSULTING = {
    "29-2072": (48580, 56790, "not supported", "ranks 21st of the 22", "21 of 22"),
    "29-9021": (72840, 74970, "cannot tell apart", "below the reliability floor", "below the reliability floor"),
    "11-9111": (186730, 140970, "supported", "ranks 5th of the 31", "5 of 31"),
}


@pytest.mark.parametrize("occupation", sorted(CONSULTING))
def test_consulting_claim_for_each_occupation(ladder_frame, occupation):
    mean, reference, verdict, rank, rank_shown = CONSULTING[occupation]
    result = claims.check_industry_premium_claim(ladder_frame, claims.CONSULTING_CLAIM, occupation)
    assert result["verdict"] == verdict
    evidence = result["evidence"].iloc[0]
    assert (evidence["a_mean"], evidence["reference_a_mean"]) == (mean, reference)
    assert evidence["naics_level"] == "4-digit"
    assert f"(NAICS 541600, 4-digit) ${mean:,}" in result["finding"] and rank in result["finding"]
    shown = claims.evidence_table("industry_premium", result["evidence"]).iloc[0]
    assert shown["Rank by mean wage (reliable estimates only)"] == rank_shown


def test_the_consulting_verdict_follows_the_95_percent_intervals(ladder_frame):
    from analysis.analyses import national
    from analysis.conventions import sampling

    for occupation, (_, _, verdict, _, _) in CONSULTING.items():
        rows = ladder_frame[(ladder_frame["year"] == 2025) & (ladder_frame["occ_code"] == occupation)]
        consulting = rows[rows["naics"] == "541600"].iloc[0]
        reference = national.occupation_row(rows, occupation, 2025)
        a = sampling.interval(consulting["a_mean"], consulting["mean_prse"])
        b = sampling.interval(reference["a_mean"], reference["mean_prse"])
        expected = (
            sampling.CANNOT_TELL
            if not sampling.tell_apart(a, b)
            else sampling.SUPPORTED
            if a[0] > b[1]
            else sampling.NOT_SUPPORTED
        )
        assert verdict == expected


def test_the_may_2020_claim_names_the_nearest_him_figure_and_the_hybrid_code():
    from analysis import store
    from analysis.analyses import national
    from analysis.conventions import occupations, sampling

    frame = store.load(years=[2020], area_types=[1])  # BLS's national_M2020_dl.xlsx, bundled in data/raw/national
    rows = national.national_cross_industry(frame)
    him = rows[rows["occ_code"].isin(occupations.HIM_RELATED_CODES) & rows["a_mean"].notna()]
    nearest = him.loc[(him["a_mean"] - 48160).abs().idxmin()]
    assert nearest["occ_code"] == "29-2098"  # the hybrid code of May 2019 and May 2020
    result = claims.check_claims(frame, "29-2072", [claims.AVERAGE_2020_CLAIM]).iloc[0]
    assert f"29-2098 {nearest['occ_title']}: ${nearest['a_mean']:,.0f}" in result["finding"]
    assert "hybrid code" in result["finding"] and "29-2071" in result["finding"] and "29-9021" in result["finding"]
    assert "In May 2020 the work of 29-2072 was published within 29-2098." in result["finding"]
    lower, upper = sampling.interval(nearest["a_mean"], nearest["mean_prse"])
    assert result["verdict"] == sampling.verdict(lower, upper, 48160, claim="about")
    # only HIM codes are evidence: no patternmakers or printing workers
    assert set(result["evidence"]["occ_code"]) <= set(occupations.HIM_RELATED_CODES)
    shown = claims.evidence_table("average_wage", result["evidence"])
    assert shown.iloc[0]["Nearest to the claim"] == "yes" and shown.iloc[0]["Annual mean wage (USD)"] == "$48,270"


def test_each_occupation_checks_the_claims_about_it(ladder_frame, projected):
    records = claims.check_claims(ladder_frame, "29-2072", projections=projected)
    managers = claims.check_claims(ladder_frame, "11-9111", projections=projected)
    assert list(records["claim"]) != list(managers["claim"])
    assert "HIM professionals earned an average of $48,160 in May 2020" not in set(managers["claim"])
    assert "Demand for medical and health services managers is growing" in set(managers["claim"])
    assert set(managers["about"]) == {"11-9111 Medical and Health Services Managers"}
    assert "About" in claims.claims_table(records).columns


def test_the_rising_pay_claim_uses_the_one_change_rule(ladder_frame):
    from analysis.analyses import trends

    result = claims.check_rising_pay_claim(ladder_frame, claims.RISING_CLAIM, "11-9111")
    evidence = result["evidence"].iloc[-1]
    assert evidence["real_change_words"] == trends.NO_CHANGE_TOLD  # -1.0% real, May 2021-2025: intervals overlap
    assert result["verdict"] == trends.change_verdict(evidence["nominal_change_words"])
    assert "fell" not in result["finding"] and "about flat" not in result["finding"]


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
