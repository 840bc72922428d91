"""National analysis (analysis.analyses.national): SYNTHETIC frames, and the real May 2020 national file read in
place."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis.analyses import claims, national
from analysis.text import escape_markdown
from real_files import HISTORY, OEWS_FILES
from synthetic_oews import synthetic_frame, synthetic_row


def _history(year: int) -> dict[str, dict[str, str]]:
    with HISTORY.open(newline="") as handle:
        return {row["occ_code"]: row for row in csv.DictReader(handle) if int(row["year"]) == year}


@pytest.fixture(scope="module")
def synthetic():
    # synthetic: made-up values; 11-9111's 90th percentile is top-coded with a made-up bound
    return synthetic_frame(
        [
            synthetic_row(2025, "29-2072", a_mean=50000, tot_emp=180000, emp_prse=1.5),
            synthetic_row(2025, "29-9021", a_mean=65000, tot_emp=35000),
            synthetic_row(
                2025,
                "11-9111",
                a_mean=130000,
                tot_emp=500000,
                a_pct90=None,
                h_pct90=None,
                a_pct90_status="top_coded",
                h_pct90_status="top_coded",
                top_code_annual=239200.0,
                top_code_hourly=115.0,
            ),
            synthetic_row(2025, "00-0000", a_mean=65000, tot_emp=150e6),
            # an ownership row that must not replace the all-ownerships row
            synthetic_row(2025, "29-2072", a_mean=1.0, own_code="5"),
            synthetic_row(
                2025,
                "29-2072",
                a_mean=55000,
                naics="622100",
                naics_title="General Medical and Surgical Hospitals",
                i_group="4-digit",
                own_code="5",
            ),
            synthetic_row(
                2025,
                "29-2072",
                a_mean=45000,
                naics="621100",
                naics_title="Offices of Physicians",
                i_group="4-digit",
                own_code="5",
            ),
            synthetic_row(2024, "29-2072", a_mean=48000, tot_emp=175000),
            synthetic_row(2024, "00-0000", a_mean=63000, tot_emp=148e6),
        ]
    )


def test_summary_reports_employment_rse_and_mean(synthetic):
    row = national.summary(synthetic, "29-2072", 2025).iloc[0]
    assert row["tot_emp"] == 180000 and row["emp_prse"] == 1.5 and row["a_mean"] == 50000
    assert row["employment"] == "180,000" and row["annual_mean"] == "$50,000"
    assert row["hourly_mean"] == f"${50000 / 2080:,.2f}"


def test_wage_ladder_runs_from_entry_level_to_most_experienced(synthetic):
    ladder = national.wage_ladder(synthetic, "29-2072", 2025)
    assert list(ladder["percentile"]) == [
        "10th percentile",
        "25th percentile",
        "Median",
        "75th percentile",
        "90th percentile",
    ]
    assert ladder["stage"].iloc[0] == "entry level"
    assert list(ladder["annual"]) == [30000.0, 40000.0, 47500.0, 60000.0, 75000.0]
    assert not ladder["top_coded"].any()


def test_a_top_coded_wage_is_shown_as_at_least_the_bound_never_as_a_number(synthetic):
    ladder = national.wage_ladder(synthetic, "11-9111", 2025).set_index("percentile")
    top = ladder.loc["90th percentile"]
    assert bool(top["top_coded"]) and pd.isna(top["annual"])
    assert top["annual_display"] == "at least $239,200"
    assert top["hourly_display"] == "at least $115.00"
    figures = national.key_figures(synthetic, "11-9111", 2025)
    assert figures["a_pct90"] is None and figures["top_coded"]["90th percentile"] is True


def test_format_wage_without_a_known_bound_prints_no_number():
    text = national.format_wage(None, "top_coded", None)
    assert "top-code" in text and not any(ch.isdigit() for ch in text)
    assert national.format_wage(23.2, basis="hourly") == "$23.20"
    assert national.format_wage(None, "wage_not_available") == "wage not available"


def test_career_ladder_side_by_side_with_all_occupations(synthetic):
    ladder = national.career_ladder(synthetic, 2025)
    assert list(ladder["occ_code"]) == ["29-2072", "29-9021", "11-9111", "00-0000"]
    assert list(ladder["role"]) == ["career ladder"] * 3 + ["comparison"]
    assert ladder.set_index("occ_code").loc["29-9021", "mean_vs_all_occupations"] == 1.0
    assert ladder.set_index("occ_code").loc["11-9111", "a_pct90_display"] == "at least $239,200"


def test_career_ladder_lists_an_unpublished_step(synthetic):
    ladder = national.career_ladder(synthetic, 2024).set_index("occ_code")
    assert not ladder.loc["29-9021", "published"] and ladder.loc["29-2072", "published"]


def test_the_all_ownerships_row_is_the_national_row(synthetic):
    assert national.occupation_row(synthetic, "29-2072", 2025)["a_mean"] == 50000


def test_missing_year_names_the_years_with_data(synthetic):
    with pytest.raises(ValueError, match=r"29-9021 in May 2024; years with one: \[2025\]"):
        national.summary(synthetic, "29-9021", 2024)


# ------------------------------------------------------------------------------------------- claims
AVERAGE_CLAIM = claims.CAREER_GUIDE_CLAIMS[0]


def test_the_claim_amount_and_year_are_read_from_the_claim_text():
    claim = claims.claim_from_text(AVERAGE_CLAIM.text)
    assert (claim.amount, claim.year) == (48160.0, 2020)


def test_average_claim_names_the_nearest_him_code_in_synthetic_may_2020():
    # SYNTHETIC May 2020: a non-HIM code's mean equals the claim; only HIM codes are evidence
    frame = synthetic_frame(
        [
            synthetic_row(2020, "29-2098", a_mean=50000, occ_title="Synthetic hybrid"),
            synthetic_row(2020, "29-9098", a_mean=60000),
            synthetic_row(2020, "51-4062", a_mean=48160),
        ]
    )
    frame["mean_prse"] = 1.0  # SYNTHETIC: 95% interval of 29-2098 is 49,020-50,980, outside 48,160
    result = claims.check_average_wage_claim(frame, AVERAGE_CLAIM)
    assert result["verdict"] == "not supported"
    assert set(result["evidence"]["occ_code"]) == {"29-2098", "29-9098"}
    assert "29-2098 Synthetic hybrid" in result["finding"] and "lies outside" in result["finding"]


def test_average_claim_without_may_2020_says_how_to_add_it(synthetic):
    result = claims.check_average_wage_claim(synthetic, AVERAGE_CLAIM)
    assert result["verdict"] == "cannot check"
    assert "May 2020 is not loaded" in result["finding"]
    assert "data_dirs" in result["finding"] and "him-wages fetch" in result["finding"]


@pytest.fixture(scope="module")
def may_2020():
    from analysis import read_oews

    return read_oews(OEWS_FILES / "national_M2020_dl.xlsx")


def test_average_claim_against_the_real_may_2020_file(may_2020):
    result = claims.check_average_wage_claim(may_2020, AVERAGE_CLAIM)
    expected = _history(2020)
    # national_M2020_dl.xlsx: no occupation's A_MEAN is 48160; the nearest HIM mean is 29-2098's (the history table)
    assert "51-4062" not in result["finding"] and "51-5110" not in result["finding"]
    means = result["evidence"].set_index("occ_code")["a_mean"]
    for code in ("29-2098", "29-9098", "11-9111"):
        assert means[code] == float(expected[code]["a_mean"])
    assert f": ${int(expected['29-2098']['a_mean']):,} (95% interval" in result["finding"]
    assert result["evidence"].iloc[0]["occ_code"] == "29-2098" and bool(result["evidence"].iloc[0]["nearest"])


def test_real_may_2020_summary_matches_the_history_table(may_2020):
    expected = _history(2020)["29-2098"]
    row = national.summary(may_2020, "29-2098", 2020).iloc[0]
    assert row["tot_emp"] == float(expected["tot_emp"]) and row["a_mean"] == float(expected["a_mean"])
    assert row["emp_prse"] == float(expected["emp_prse"]) and row["mean_prse"] == float(expected["mean_prse"])


def test_industry_claim_compares_hospitals_with_physician_offices(synthetic):
    result = claims.check_industry_pay_claim(synthetic, claims.CAREER_GUIDE_CLAIMS[1], "29-2072")
    assert result["verdict"] == "supported"
    assert "General Medical and Surgical Hospitals (NAICS 622100, 4-digit) $55,000" in result["finding"]
    assert "Offices of Physicians (NAICS 621100, 4-digit) $45,000" in result["finding"]


def test_industry_claim_without_industry_data_cannot_be_checked(may_2020):
    result = claims.check_industry_pay_claim(may_2020, claims.CAREER_GUIDE_CLAIMS[1], "29-2098")
    assert result["verdict"] == "cannot check" and "national level only" in result["finding"]


def test_rising_claim_uses_one_comparable_segment(synthetic):
    result = claims.check_rising_pay_claim(synthetic, claims.CAREER_GUIDE_CLAIMS[2], "29-2072", base_year=2025)
    assert result["verdict"] in ("supported", "cannot tell apart")
    assert "May 2024–May 2025" in result["finding"]
    assert f"{(50000 / 48000 - 1) * 100:+.1f}% as published" in result["finding"]


def test_rising_claim_with_one_release_cannot_be_checked(may_2020):
    result = claims.check_rising_pay_claim(may_2020, claims.CAREER_GUIDE_CLAIMS[2], "29-2098")
    assert result["verdict"] == "cannot check" and "fewer than two comparable releases" in result["finding"]


def test_check_claims_returns_one_row_per_claim(synthetic):
    table = claims.check_claims(synthetic, "29-2072")
    assert list(table["claim"]) == [c.text for c in claims.CAREER_GUIDE_CLAIMS]
    # synthetic 29-2072: +4.2% nominal 2024->2025, more than CPI-U's 2024->2025 change, so real growth too
    # no projections given: the demand claim says it cannot be checked
    assert list(table["verdict"]) == ["cannot check", "supported", "supported", "cannot check"]


def test_industry_claim_against_the_bundled_release():
    from analysis import store

    frame = store.load(occ_codes=["29-2072"], area_types=[1])
    result = claims.check_industry_pay_claim(frame, claims.CAREER_GUIDE_CLAIMS[1], "29-2072")
    evidence = result["evidence"].set_index("naics")
    hospitals, physicians = evidence.loc["622100", "a_mean"], evidence.loc["621100", "a_mean"]
    assert (hospitals, physicians) == (62270.0, 50060.0)  # May 2025 oe files, 29-2072, 4-digit NAICS
    assert result["verdict"] == ("supported" if hospitals > physicians else "not supported")
    assert f"General Medical and Surgical Hospitals (NAICS 622100, 4-digit) ${hospitals:,.0f}" in result["finding"]
    assert set(evidence["naics_level"]) == {"4-digit"}


#: A hostile occupation title (SYNTHETIC): HTML, a link, emphasis, code, LaTeX money, a heading and a list item.
HOSTILE_TITLE = "Coders <script>alert(1)</script> [click](javascript:alert(1)) *bold* _it_ `x` $5$ # h\n1. item"


def test_summary_and_career_text_escape_a_hostile_title():
    frame = synthetic_frame(
        [
            synthetic_row(2025, "29-2072", a_mean=50000, tot_emp=180000, occ_title=HOSTILE_TITLE),
            synthetic_row(2025, "00-0000", a_mean=65000, tot_emp=150e6, occ_title=HOSTILE_TITLE),
        ]
    )
    escaped = escape_markdown(HOSTILE_TITLE).replace("\\$", "$").replace("$", "\\$")
    summary = national.summary_text(national.summary(frame, "29-2072", 2025))
    career = national.career_text(national.career_ladder(frame, 2025))
    for text in (summary, career):
        assert f"*{escaped}*" in text
        assert "<script>" not in text and "](javascript" not in text and "\n1. item" not in text
        # every "$" is escaped (Jupyter would read "$...$" as LaTeX), every Markdown mark too
        assert "$" not in text.replace("\\$", "")
        for mark in ("[click]", "*bold*", "_it_", "`x`"):
            assert mark not in text
    assert "&lt;script&gt;" in summary and "\\[click\\]" in career


def test_the_selection_sentence_names_title_release_and_releases_loaded(may_2020):
    assert national.selection_text(may_2020, "29-2098", 2020) == (
        # national_M2020_dl.xlsx, OCC_TITLE of 29-2098
        "**Medical Dosimetrists, Medical Records Specialists, and Health Technologists and Technicians, All Other "
        "(29-2098)**, May 2020 release; loaded: one release, May 2020."
    )
    # synthetic: the title is escaped
    frame = synthetic_frame([synthetic_row(2025, "29-2072", a_mean=50000, occ_title=HOSTILE_TITLE)])
    text = national.selection_text(frame, "29-2072", 2025)
    assert "<script>" not in text and "[click]" not in text and text.endswith("loaded: one release, May 2025.")
