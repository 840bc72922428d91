"""CPI-U adjustment (analysis.analyses.adjust): index values are read from the cpi package at test time."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from analysis.analyses import adjust
from analysis.errors import ParameterError


def _cpi_get(year: int) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpi

        return float(cpi.get(year))


def test_annual_averages_are_the_cpi_packages_cuur0000sa0_values():
    for year in (2011, 2018, 2020, 2024):
        assert adjust.cpi_annual_average(year) == _cpi_get(year)


def test_real_wage_is_nominal_times_base_cpi_over_year_cpi_exactly():
    # synthetic nominal wages; the CPI values come from the cpi package
    frame = pd.DataFrame(
        {"year": pd.array([2020, 2024], dtype="Int64"), "a_mean": pd.array([50000.0, 61000.0], dtype="Float64")}
    )
    out = adjust.add_real_values(frame, ["a_mean"], base_year=2024)
    assert out.loc[0, "real_a_mean"] == 50000.0 * _cpi_get(2024) / _cpi_get(2020)
    assert out.loc[1, "real_a_mean"] == 61000.0  # base year: unchanged
    assert out.loc[0, "cpi_u"] == _cpi_get(2020)
    assert int(out.loc[0, "cpi_base_year"]) == 2024


def test_a_null_nominal_wage_stays_null():
    frame = pd.DataFrame({"year": pd.array([2021], dtype="Int64"), "a_mean": pd.array([pd.NA], dtype="Float64")})
    out = adjust.add_real_values(frame, ["a_mean"], base_year=2023)
    assert pd.isna(out.loc[0, "real_a_mean"])


def test_base_year_none_means_the_latest_release_loaded():
    assert adjust.check_base_year(None, [2019, 2025, 2021]) == 2025
    assert adjust.check_base_year(2015, [2025]) == 2015


@pytest.mark.parametrize("bad", [1800, "2020", 2020.5, True])
def test_a_bad_base_year_is_refused_with_the_years_available(bad):
    with pytest.raises(ParameterError, match="base_year"):
        adjust.check_base_year(bad, [2025])


def test_a_year_without_cpi_is_refused_naming_the_range():
    with pytest.raises(ParameterError, match=r"years available: \d{4}–\d{4}"):
        adjust.cpi_annual_average(1800)


def test_vintage_names_series_source_and_latest_month():
    text = adjust.cpi_vintage()
    assert "CUUR0000SA0" in text and "BLS" in text and "latest month" in text


def test_no_stale_data_warning_reaches_the_caller():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        adjust.cpi_annual_average(2022)
        adjust.cpi_vintage()
    assert not [w for w in caught if "StaleData" in type(w.message).__name__]
