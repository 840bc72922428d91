"""Real wages: OEWS dollars restated in one year's dollars with the CPI-U.

OEWS estimates are May reference-period wages, published in nominal dollars. To compare releases we restate
them with BLS's Consumer Price Index for All Urban Consumers, U.S. city average, all items, not seasonally
adjusted (series ``CUUR0000SA0``), using its *annual average* for each year:

    real = nominal * CPI(base_year) / CPI(year)

The index values come from the ``cpi`` package, which ships BLS's CPI database inside the wheel, so nothing is
downloaded. The package warns (``StaleDataWarning``) when its data are more than a few months old; that warning
is silenced here and :func:`cpi_vintage` says instead, in words, which vintage of the series is used.
"""

from __future__ import annotations

import numbers
import warnings
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from analysis.errors import ParameterError

#: BLS series id of the index used: CPI-U, U.S. city average, all items, not seasonally adjusted.
CPI_SERIES_ID = "CUUR0000SA0"
CPI_SERIES_TITLE = (
    "Consumer Price Index for All Urban Consumers (CPI-U), U.S. city average, all items, not seasonally adjusted"
)


@lru_cache(maxsize=1)
def _cpi_module():
    """Import ``cpi`` with its stale-data warning silenced (the vintage is reported by :func:`cpi_vintage`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import cpi

        try:
            from cpi.errors import StaleDataWarning
        except ImportError:  # pragma: no cover - older cpi releases
            StaleDataWarning = Warning
    warnings.filterwarnings("ignore", category=StaleDataWarning)
    return cpi


def _series():
    cpi = _cpi_module()
    return cpi.series.get_by_id(CPI_SERIES_ID)


@lru_cache(maxsize=1)
def cpi_annual_averages() -> pd.Series:
    """Annual-average CPI-U (``CUUR0000SA0``) by year, as published by BLS (period M13), from the ``cpi`` package."""
    frame = _series().to_dataframe()
    annual = frame[frame["period_type"] == "annual"]
    values = pd.Series(
        annual["value"].astype(float).to_numpy(),
        index=pd.Index(annual["year"].astype(int).to_numpy(), name="year"),
        name="cpi_u",
    ).sort_index()
    return values[~values.index.duplicated(keep="last")]


def cpi_years() -> list[int]:
    """Years that have a published annual-average CPI-U in the installed ``cpi`` data."""
    return [int(y) for y in cpi_annual_averages().index]


def cpi_annual_average(year: int) -> float:
    """The annual-average CPI-U of ``year``; ParameterError naming the years available when it is not published."""
    averages = cpi_annual_averages()
    year = int(year)
    if year not in averages.index:
        raise ParameterError(
            f"no annual-average CPI-U ({CPI_SERIES_ID}) for {year} in the installed cpi data; "
            f"years available: {averages.index.min()}–{averages.index.max()}"
        )
    return float(averages.loc[year])


def cpi_vintage() -> str:
    """Which CPI data are used, in words: series, source, package version and the latest month it holds."""
    cpi = _cpi_module()
    try:
        from importlib.metadata import version

        package_version = version("cpi")
    except ImportError:  # pragma: no cover - metadata always present in an installed environment
        package_version = "unknown"
    latest_month = pd.Timestamp(cpi.LATEST_MONTH).strftime("%B %Y")
    return (
        f"BLS {CPI_SERIES_TITLE}, series {CPI_SERIES_ID}, annual averages; data shipped with the cpi package "
        f"{package_version} (latest month in its data: {latest_month}; latest annual average: {cpi.LATEST_YEAR})"
    )


def check_base_year(base_year: int | None, years: Iterable[int]) -> int:
    """The base year to use: ``None`` means the latest of ``years`` (the releases loaded).

    ParameterError when the year has no annual-average CPI-U, naming the years that have one.
    """
    years = sorted({int(y) for y in years})
    if base_year is None:
        if not years:
            raise ParameterError("no releases loaded, so there is no latest year to use as the base year")
        base_year = years[-1]
    if isinstance(base_year, bool) or not isinstance(base_year, numbers.Integral):
        raise ParameterError(
            f"base_year must be a year such as 2024, or None for the latest release; got {base_year!r}"
        )
    base_year = int(base_year)
    available = cpi_years()
    if base_year not in available:
        raise ParameterError(
            f"base_year {base_year} has no annual-average CPI-U ({CPI_SERIES_ID}) in the installed cpi data; "
            f"choose a year from {available[0]} to {available[-1]}"
        )
    return base_year


def add_real_values(
    frame: pd.DataFrame,
    columns: Iterable[str],
    *,
    base_year: int,
    year_column: str = "year",
    prefix: str = "real_",
) -> pd.DataFrame:
    """Return ``frame`` with ``real_<column>`` for each money column, in ``base_year`` dollars.

    Also adds ``cpi_u`` (the annual average of the row's year) and ``cpi_base_year``. A null nominal value (a
    BLS status such as top-coded or not available) stays null: only published numbers are restated.
    """
    base_year = int(base_year)
    base_index = cpi_annual_average(base_year)
    years = frame[year_column].astype("Int64")
    for year in sorted({int(y) for y in years.dropna()}):
        cpi_annual_average(year)  # raises naming the years available
    averages = cpi_annual_averages()
    out = frame.copy()
    out["cpi_u"] = years.map(lambda y: averages.get(int(y)) if pd.notna(y) else pd.NA).astype("Float64")
    out["cpi_base_year"] = pd.Series(base_year, index=out.index, dtype="Int64")
    for column in columns:
        nominal = out[column].astype("Float64")
        real = nominal * base_index / out["cpi_u"]
        out[f"{prefix}{column}"] = real.mask(years == base_year, nominal)  # base-year dollars as published
    return out
