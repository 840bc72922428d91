"""The regional report's words (analyses.regional_text) and the comparison's salary verdicts (the pages that compose
them: tests/unit/reports/test_regional_page.py), on the bundled May 2025 data (expected values read from the store here,
with the reliability floor applied by hand) and on SYNTHETIC frames."""

from __future__ import annotations

import pandas as pd

from analysis.analyses import compare, regional
from analysis.analyses import regional_text as words
from synthetic_regional import SYNTHETIC_OCC, SYNTHETIC_YEAR, synthetic_frame


def _floor(rows: pd.DataFrame) -> pd.Series:
    return (rows["tot_emp"].astype(float) >= 1000) & (rows["mean_prse"].astype(float) <= 10)


def test_highest_and_lowest_consider_only_estimates_meeting_the_floor(bundled, rows):
    states = regional.state_ranking(bundled, occupation="29-2072", year=2025, measure="a_mean")
    facts = words.leaders(states)
    published = rows[rows["area_type"] == 2]
    eligible = published[_floor(published)]
    assert facts["highest"]["area"] == eligible.loc[eligible["a_mean"].astype(float).idxmax(), "area"]
    assert facts["lowest"]["area"] == eligible.loc[eligible["a_mean"].astype(float).idxmin(), "area"]
    # the District of Columbia publishes the highest mean, on fewer than 1,000 jobs: named, but not as the highest
    top_published = published.loc[published["a_mean"].astype(float).idxmax()]
    assert top_published["area_title"] == "District of Columbia" and float(top_published["tot_emp"]) < 1000
    assert [row["area"] for row in facts["above_but_below_floor"]] == [top_published["area"]]
    text = words.leader_sentences(states, "a_mean", plural="states")
    assert text.startswith(f"**Highest:** {facts['highest']['area_title']}, ${int(facts['highest']['value']):,} (95% ")
    assert f"rests on {int(top_published['tot_emp']):,} jobs" in text and "below the reliability floor" in text
    assert ", could rank " in text  # a single rank beside its range


def test_employment_and_location_quotient_rankings(bundled, rows):
    published = rows[rows["area_type"] == 2]
    for measure in ("tot_emp", "loc_quotient"):
        ranked = regional.state_ranking(bundled, occupation="29-2072", year=2025, measure=measure)
        values = published.set_index("area")[measure].astype(float).dropna()
        expected = values.rank(ascending=False, method="min").astype(int)
        assert {a: int(r) for a, r in zip(ranked["area"], ranked["rank"]) if pd.notna(r)} == expected.to_dict()
        eligible = published[_floor(published)]
        leader = words.leaders(ranked)["highest"]
        assert leader["area"] == eligible.loc[eligible[measure].astype(float).idxmax(), "area"]
    lq = regional.state_ranking(bundled, occupation="29-2072", year=2025, measure="loc_quotient")
    sentence = words.leader_sentences(lq, "loc_quotient", plural="states", lowest=False)
    assert sentence.startswith("**Most concentrated:** ") and "BLS publishes no error for this measure" in sentence
    assert "location quotient" in words.LQ_SENTENCE and "above 1" in words.LQ_SENTENCE


def test_territories_and_puerto_rico_metros_are_ranked_apart(bundled, rows):
    metros = regional.metro_ranking(bundled, occupation="29-2072", year=2025, measure="a_mean")
    territories = regional.territory_ranking(bundled, occupation="29-2072", year=2025, measure="a_mean")
    pr_metros = set(rows.loc[(rows["area_type"] == 4) & (rows["prim_state"] == "PR"), "area"])
    assert pr_metros and not pr_metros & set(metros["area"])
    assert set(territories["area"]) == pr_metros | set(rows.loc[rows["area_type"] == 3, "area"])
    in_pr = territories[territories["group"] == "Metropolitan area in a territory"]
    values = rows.set_index("area").loc[list(in_pr["area"]), "a_mean"].astype(float)
    assert in_pr.iloc[0]["area"] == values.idxmax() and int(in_pr.iloc[0]["rank"]) == 1
    assert int(in_pr.iloc[0]["n_ranked"]) == len(pr_metros)
    assert len(metros) == int(((rows["area_type"] == 4) & (rows["prim_state"] != "PR")).sum())


def test_texts_carry_units_intervals_and_employment():
    row = {"value": 68230.0, "rse": 1.2, "lower": 66625.2304, "upper": 69834.7696, "tot_emp": 18700.0}
    assert words.estimate_text(row, "a_mean") == "$68,230 (95% interval $66,625 to $69,835; 18,700 jobs)"
    assert words.estimate_text({**row, "rse": None}, "a_median").endswith(
        "(no interval: BLS publishes no error for this measure; 18,700 jobs)"
    )
    jobs = {"value": 21490.0, "rse": 4.0, "lower": 19809.0, "upper": 23170.0}
    assert words.estimate_text(jobs, "tot_emp") == "21,490 jobs (95% interval 19,809 to 23,170)"
    assert words.rank_text({"rank": 2, "rank_label": "1–7", "n_ranked": 51}, "states") == (
        "rank 2 of 51 states, could rank 1–7"
    )
    assert words.value_text({"value": 57753.78}, "a_mean") == "$57,754"  # computed: no cents on an annual wage
    assert words.number_words(6) == "six" and words.number_words(14) == "14"


def test_no_estimate_meets_the_floor_on_a_synthetic_frame():
    frame = synthetic_frame()  # SYNTHETIC: every state below 1,000 jobs
    states = regional.state_ranking(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean")
    assert words.leaders(states)["highest"] is None
    assert words.leader_sentences(states, "a_mean", plural="states").startswith("No state meets the reliability floor")


def test_salary_verdicts_use_the_95_percent_interval(bundled, rows):
    areas = ["06", "48", "12", "36", "39"]
    compared = compare.side_by_side(bundled, occupation="29-2072", year=2025, areas=areas)
    verdicts = compare.salary_verdicts(compared, 55_000).set_index("area")["verdict"]
    by_area = rows.set_index("area")
    for area in areas:
        mean, rse = float(by_area.loc[area, "a_mean"]), float(by_area.loc[area, "mean_prse"])
        lower, upper = mean * (1 - 1.96 * rse / 100), mean * (1 + 1.96 * rse / 100)
        expected = "supported" if lower > 55_000 else "not supported" if upper < 55_000 else "cannot tell apart"
        assert verdicts[area] == expected, area
    headline = compare.headline(compared, occupation_title="Medical Records Specialists", year=2025, salary=55_000)
    assert headline.startswith(
        "California, Texas, Florida, New York and Ohio compared for Medical Records Specialists, May 2025: "
        "is a $55,000 salary below the annual mean wage? "
    )
    for verdict in set(verdicts):
        assert f"{verdict} in" in headline.lower()
    figures = compare.key_figures(compared, salary=55_000)
    assert len(figures) == 6 and figures[-1] == ["Salary checked", "$55,000 a year"]
    assert all("_" not in label for label, _ in figures)
