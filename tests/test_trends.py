"""Trends (analysis.analyses.trends): SYNTHETIC frames for segments and growth rules, and the real national files of
May 2011–2024 (data/raw/national) against tests/data/national_him_history.csv."""

from __future__ import annotations

import csv
import warnings

import pandas as pd
import pytest
from real_files import HISTORY, NATIONAL_DIR
from synthetic_oews import synthetic_frame, synthetic_row

from analysis.analyses import trends


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
    assert roles == {"29-2072": "requested", "11-9111": "requested", "29-2071": "related", "29-2098": "related",
                     "00-0000": "comparison"}


def test_segments_start_after_each_break(series):
    segments = series.groupby("series")["segment_label"].unique().apply(list).to_dict()
    assert segments["11-9111"] == ["11-9111, May 2016–May 2020", "11-9111, May 2021–May 2025"]
    assert segments["29-2072"] == ["29-2072, May 2021–May 2025"]


def test_breaks_include_both_soc_breaks_and_the_method_change(series):
    breaks = trends.series_breaks(series)
    assert [(b.after, b.before, b.kind) for b in breaks.itertuples()] == [
        (2018, 2019, "SOC"), (2020, 2021, "SOC"), (2020, 2021, "method")]
    method = breaks[breaks["kind"] == "method"].iloc[0]
    assert "11-9111" in method["series"] and method["position"] == 2020.5
    assert "11-9111" not in breaks[breaks["kind"] == "SOC"].iloc[0]["series"]


def test_an_undocumented_code_is_not_assumed_continuous():
    kinds = [(b.after, b.kind) for b in trends.breaks_for("43-6013")]
    assert kinds == [(2018, "SOC"), (2020, "SOC"), (2020, "method")]


def test_growth_rate_refuses_a_span_across_a_break(series):
    with pytest.raises(trends.SeriesBreakError, match="May 2018 and May 2021 are not comparable"):
        trends.growth_rate(series, "11-9111", 2018, 2021)
    with pytest.raises(trends.SeriesBreakError, match="SOC 2018 hybrid codes"):
        trends.growth_rate(series, "29-2072", 2017, 2019)


def test_growth_rate_within_a_segment(series):
    assert trends.growth_rate(series, "29-2072", 2021, 2025) == (56000 / 48000 - 1) * 100
    with pytest.raises(ValueError, match="no published a_mean for May 2016"):
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
    assert trends.describe_releases(trends.release_years(frame)) == "one release (May 2025)"


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
def real_series():
    return trends.national_series(_read_real_national_files(), ["29-2072", "29-9021", "11-9111"])


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
