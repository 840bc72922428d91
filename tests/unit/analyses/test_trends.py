"""Trends (analysis.analyses.trends): SYNTHETIC frames for segments and growth rules, and the real national files of
May 2011–2024 (data/raw/national) against tests/data/national_him_history.csv."""

from __future__ import annotations

import csv
import warnings

import pandas as pd
import pytest

from analysis.analyses import cross_break, trends, trends_text
from analysis.errors import ParameterError
from real_files import HISTORY, NATIONAL_DIR
from synthetic_oews import synthetic_frame, synthetic_row


def _cpi(year: int) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpi

        return float(cpi.get(year))


@pytest.fixture(scope="module")
def synthetic():
    # synthetic: made-up wages on the real code history (29-2071 -> hybrids -> 29-2072)
    rows = []
    for year in range(2016, 2019):
        rows.append(synthetic_row(year, "29-2071", a_mean=40000 + 1000 * (year - 2016)))
    for year in (2019, 2020):
        rows.append(synthetic_row(year, "29-2098", a_mean=46000 + 1000 * (year - 2019)))
    for year in range(2021, 2026):
        rows.append(synthetic_row(year, "29-2072", a_mean=48000 + 2000 * (year - 2021)))
    for year in range(2016, 2026):
        rows.append(synthetic_row(year, "00-0000", a_mean=50000 + 1000 * (year - 2016), tot_emp=1e8))
        rows.append(synthetic_row(year, "11-9111", a_mean=100000 + 3000 * (year - 2016)))
    return synthetic_frame(rows)


@pytest.fixture(scope="module")
def series(synthetic):
    return trends.national_series(synthetic, ["29-2072", "11-9111"])


def test_codes_are_joined_only_where_they_measure_the_same_work(series):
    lines = series.groupby("series")["occ_code"].unique().apply(list).to_dict()
    assert lines["29-2072"] == ["29-2072"]  # not joined to 29-2071 or the hybrid
    assert lines["29-2071"] == ["29-2071"] and lines["29-2098"] == ["29-2098"]
    roles = series.drop_duplicates("series").set_index("series")["role"].to_dict()
    assert roles == {
        "29-2072": "requested",
        "11-9111": "requested",
        "29-2071": "related",
        "29-2098": "related",
        "00-0000": "comparison",
    }


def test_segments_start_after_each_break(series):
    segments = series.groupby("series")["segment_label"].unique().apply(list).to_dict()
    assert segments["11-9111"] == ["11-9111, May 2016–May 2020", "11-9111, May 2021–May 2025"]
    assert segments["29-2072"] == ["29-2072, May 2021–May 2025"]


def test_breaks_include_both_soc_breaks_and_the_method_change(series):
    breaks = trends.series_breaks(series)
    assert [(b.after, b.before, b.kind) for b in breaks.itertuples()] == [
        (2018, 2019, "SOC"),
        (2020, 2021, "SOC"),
        (2020, 2021, "method"),
    ]
    method = breaks[breaks["kind"] == "method"].iloc[0]
    assert "11-9111" in method["series"] and method["position"] == 2020.5
    assert "11-9111" not in breaks[breaks["kind"] == "SOC"].iloc[0]["series"]


def test_an_undocumented_code_is_not_assumed_continuous():
    kinds = [(b.before_year, b.kind) for b in trends.breaks_for("43-6013")]
    assert kinds == [(2018, "SOC"), (2020, "SOC"), (2020, "method")]


def test_growth_rate_refuses_a_span_across_a_break(series):
    with pytest.raises(trends.SeriesBreakError, match="May 2018 and May 2021 are not comparable"):
        trends.growth_rate(series, "11-9111", 2018, 2021)
    with pytest.raises(trends.SeriesBreakError, match="SOC 2018 hybrid codes"):
        trends.growth_rate(series, "29-2072", 2017, 2019)


def test_growth_rate_within_a_segment(series):
    assert trends.growth_rate(series, "29-2072", 2021, 2025) == (56000 / 48000 - 1) * 100
    with pytest.raises(ParameterError, match="no published a_mean for May 2016"):
        trends.growth_rate(series, "29-2072", 2016, 2017)


def test_segment_growth_nominal_and_real(series):
    growth = trends.segment_growth(series, base_year=2025).set_index("segment_label")
    row = growth.loc["29-2072, May 2021–May 2025"]
    assert row["nominal_change_pct"] == (56000 / 48000 - 1) * 100
    assert row["first_real_a_mean"] == 48000 * _cpi(2025) / _cpi(2021)
    assert row["last_real_a_mean"] == 56000
    assert row["real_change_pct"] == pytest.approx((56000 / (48000 * _cpi(2025) / _cpi(2021)) - 1) * 100, rel=1e-12)
    assert row["nominal_annual_pct"] == pytest.approx(((56000 / 48000) ** 0.25 - 1) * 100, rel=1e-12)
    assert int(row["base_year"]) == 2025


def test_another_base_year_restates_every_year(series):
    real = trends.with_real_wages(series, 2016)
    row = real[(real["series"] == "11-9111") & (real["year"] == 2020)].iloc[0]
    assert row["real_a_mean"] == 112000 * _cpi(2016) / _cpi(2020)


def test_comparison_with_all_occupations_uses_the_same_releases(series):
    growth = trends.segment_growth(series, base_year=2025)
    table = trends.compare_with_all_occupations(growth, series).set_index("segment_label")
    row = table.loc["29-2072, May 2021–May 2025"]
    all_real = (59000 / (55000 * _cpi(2025) / _cpi(2021)) - 1) * 100
    assert row["all_occupations_real_change_pct"] == pytest.approx(all_real, rel=1e-12)
    assert row["difference_pct_points"] == pytest.approx(row["real_change_pct"] - all_real, rel=1e-12)


def test_spread_is_p90_over_p10(series):
    row = series[(series["series"] == "29-2072") & (series["year"] == 2021)].iloc[0]
    assert row["spread_p90_p10"] == row["a_pct90"] / row["a_pct10"]


def test_a_single_release_gives_a_segment_without_rates():
    # synthetic: one release only
    frame = synthetic_frame([synthetic_row(2025, "29-2072", a_mean=50000), synthetic_row(2025, "00-0000", a_mean=6e4)])
    s = trends.national_series(frame, ["29-2072"])
    growth = trends.segment_growth(s)
    assert list(growth["years_spanned"]) == [0, 0]
    assert growth["real_change_pct"].isna().all()
    assert trends_text.describe_releases(trends.release_years(frame)) == "one release (May 2025)"


# ------------------------------------------------------------------------------------------- real files
def _read_real_national_files() -> pd.DataFrame:
    from analysis import read_oews

    folder = NATIONAL_DIR
    frames = []
    for year in range(2011, 2025):
        for suffix in ("xlsx", "xls", "csv"):
            path = folder / f"national_M{year}_dl.{suffix}"
            if path.exists():
                frames.append(read_oews(path))
                break
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def real_frame():
    return _read_real_national_files()


@pytest.fixture(scope="module")
def real_series(real_frame):
    return trends.national_series(real_frame, ["29-2072", "29-9021", "11-9111"])


def test_the_selection_is_one_plain_sentence_with_bls_titles(real_frame):
    years = trends.release_years(real_frame)
    text = trends_text.selection_text(real_frame, ["29-2072", "29-9021", "11-9111"], years, 2024, "00-0000")
    assert text == (
        "**Occupations:** Medical Records Specialists (29-2072), Health Information Technologists and Medical "
        "Registrars (29-9021) and Medical and Health Services Managers (11-9111), compared with All Occupations "
        "(00-0000); 14 releases, May 2011 to May 2024; real wages in dollars of 2024."
    )
    one = trends_text.selection_text(real_frame, ["29-2072"], [2024], 2024)
    assert one == (
        "**Occupation:** Medical Records Specialists (29-2072); one release, May 2024; real wages in dollars of 2024."
    )


def test_real_series_reproduce_the_national_history_table(real_series):
    with HISTORY.open(newline="") as handle:
        expected = list(csv.DictReader(handle))
    values = real_series.set_index(["year", "occ_code"])
    for row in expected:
        got = values.loc[(int(row["year"]), row["occ_code"])]
        for column in trends.SERIES_VALUES:
            assert got[column] == float(row[column]), (row["year"], row["occ_code"], column)
    assert len(values) == len(expected)


def test_real_segments_follow_the_soc_history(real_series):
    segments = dict(real_series.drop_duplicates("series").set_index("series")["segment_label"])
    labels = real_series.groupby("series")["segment_label"].unique().apply(list).to_dict()
    assert labels["29-2071"] == ["29-2071, May 2011–May 2018"]
    assert labels["29-2098"] == ["29-2098, May 2019–May 2020"]
    assert labels["29-9098"] == ["29-9098, May 2019–May 2020"]
    assert labels["29-2072"] == ["29-2072, May 2021–May 2024"]
    assert labels["11-9111"] == ["11-9111, May 2011–May 2020", "11-9111, May 2021–May 2024"]
    assert segments["00-0000"] == "00-0000, May 2011–May 2020"


def test_year_by_year_table_lists_every_plotted_value(series):
    real = trends.with_real_wages(series, 2025)
    table = trends_text.year_by_year_table(real, "a_mean").set_index("May release")
    assert list(table.columns) == ["29-2072", "11-9111", "29-2071", "29-2098", "00-0000"]
    assert table.loc["May 2021", "29-2072"] == "$48,000" and table.loc["May 2018", "29-2072"] == "—"
    real_table = trends_text.year_by_year_table(real, "real_a_mean").set_index("May release")
    assert real_table.loc["May 2021", "29-2072"] == f"${round(48000 * _cpi(2025) / _cpi(2021)):,}"
    jobs = trends_text.year_by_year_table(series, "tot_emp", include_comparison=False)
    assert "00-0000" not in jobs.columns
    with pytest.raises(ParameterError, match="choose one of"):
        trends_text.year_by_year_table(series, "h_pct10")


def test_wage_charts_start_at_zero_and_describe_themselves(series):
    from analysis.charts import trends as charts

    real = trends.with_real_wages(series, 2025)
    breaks = trends.series_breaks(series)
    for chart in (
        charts.wage_chart(real, breaks, real=True, base_year=2025),
        charts.wage_chart(real, breaks, real=False),
    ):
        spec = chart.to_dict()
        assert spec["layer"][0]["encoding"]["y"]["scale"]["zero"] is True
        assert "between May 2018 and May 2019 and between May 2020 and May 2021" in spec["description"]
    assert charts.spread_chart(series, breaks).to_dict()["description"].startswith("Line chart of wage spread")


# ------------------------------------------------------------------------------------------- the store
@pytest.fixture(scope="module")
def store_national(tmp_path_factory):
    """The store built from the bundled data/raw (national files May 2011-2024, the May 2025 oe subset) in a
    throwaway project, loaded as the notebooks load it (U.S. rows)."""
    from analysis import paths, store

    home = tmp_path_factory.mktemp("project")
    (home / "data" / "raw").mkdir(parents=True)
    for name in ("national", "oe"):
        (home / "data" / "raw" / name).symlink_to(NATIONAL_DIR.parent / name)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HIM_WAGES_HOME", str(home))
        assert paths.processed_dir() == home / "data" / "processed"
        result = store.build()
        assert result.years == list(range(2011, 2026))
        return store.load(area_types=[1])


def _history_rows() -> list[dict[str, str]]:
    with HISTORY.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_store_built_from_data_raw_reproduces_every_history_value(store_national):
    from analysis.analyses.national import national_cross_industry

    rows = national_cross_industry(store_national).set_index(["year", "occ_code"])
    expected = _history_rows()
    assert len(expected) == 48
    for row in expected:
        got = rows.loc[(int(row["year"]), row["occ_code"])]
        assert got["occ_title"] == row["occ_title"], (row["year"], row["occ_code"])
        for column in trends.SERIES_VALUES:
            assert got[column] == float(row[column]), (row["year"], row["occ_code"], column)
            assert pd.isna(got[f"{column}_status"]), (row["year"], row["occ_code"], column)


def test_default_trend_series_covers_2011_to_2025_with_breaks(store_national):
    series = trends.national_series(store_national, ["29-2072", "29-9021", "11-9111"])
    years = series.groupby("series")["year"].agg(lambda y: sorted(set(y))).to_dict()
    assert years["00-0000"] == years["11-9111"] == list(range(2011, 2026))
    assert years["29-2071"] == list(range(2011, 2019)) and years["29-2098"] == [2019, 2020]
    assert years["29-2072"] == years["29-9021"] == list(range(2021, 2026))
    marked = {(b.after, b.before, b.kind) for b in trends.series_breaks(series).itertuples()}
    assert marked == {(2018, 2019, "SOC"), (2020, 2021, "SOC"), (2020, 2021, "method")}


def test_cross_break_comparison_on_the_bundled_data(store_national):
    history = {(int(r["year"]), r["occ_code"]): r for r in _history_rows()}
    table = cross_break.cross_break_comparison(store_national).set_index("occ_codes")
    old = table.loc["29-2071"]
    assert old["year"] == 2011 and old["a_mean"] == float(history[(2011, "29-2071")]["a_mean"]) == 35920
    assert old["tot_emp"] == float(history[(2011, "29-2071")]["tot_emp"])
    assert old["real_a_mean"] == pytest.approx(35920 * _cpi(2025) / _cpi(2011), rel=1e-12)
    # May 2025 (the bundled oe subset): 29-2072 and 29-9021, read from the store and from the raw files
    from analysis import read_oews
    from analysis.analyses.national import national_cross_industry

    raw = national_cross_industry(read_oews(NATIONAL_DIR.parent / "oe")).set_index("occ_code")
    new, newer = table.loc["29-2072"], table.loc["29-9021"]
    assert new["year"] == newer["year"] == 2025
    assert (
        new["a_mean"] == raw.loc["29-2072", "a_mean"] == 56790
    )  # oe.data.0.Current: OEUN000000000000029207204 (annual mean), 2025 A01
    assert newer["a_mean"] == raw.loc["29-9021", "a_mean"]
    combined = table.loc["29-2072 + 29-9021"]
    weights = new["tot_emp"] + newer["tot_emp"]
    assert combined["a_mean"] == pytest.approx(
        (new["a_mean"] * new["tot_emp"] + newer["a_mean"] * newer["tot_emp"]) / weights, rel=1e-12
    )
    assert new["real_a_mean"] == new["a_mean"]  # base year 2025: as published
    # the same comparison with May 2024 reproduces the history table's values
    table_2024 = cross_break.cross_break_comparison(store_national, after_year=2024).set_index("occ_codes")
    assert table_2024.loc["29-2072", "a_mean"] == float(history[(2024, "29-2072")]["a_mean"]) == 55970
    assert table_2024.loc["29-9021", "a_mean"] == float(history[(2024, "29-9021")]["a_mean"])


def test_may_2020_claim_is_checked_against_the_may_2020_data_in_the_store(store_national):
    from analysis.analyses import claims

    history = {(int(r["year"]), r["occ_code"]): r for r in _history_rows()}
    claim = claims.CAREER_GUIDE_CLAIMS[0]
    assert (claim.amount, claim.year) == (48160, 2020)
    result = claims.check_average_wage_claim(store_national, claim)
    # national_M2020_dl.xlsx: the nearest HIM mean is 29-2098's 48270 (mean RSE 0.4%: 95% interval holds 48160)
    assert result["verdict"] == "supported"
    hybrid = int(history[(2020, "29-2098")]["a_mean"])
    assert hybrid == 48270 and f"${hybrid:,} (95% interval" in result["finding"]
    assert "51-4062" not in result["finding"]  # another occupation's median is no evidence for an HIM claim
