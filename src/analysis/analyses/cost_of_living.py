"""State wages in U.S.-average prices, with BEA's Regional Price Parities (RPPs).

An RPP compares price levels across states within one year (California 2024 = 110.720: prices 10.7% above the
U.S. average). A wage divided by RPP/100 is that wage in U.S.-average prices of the same year. RPPs are not an
inflation series: within a year use RPPs, across years use CPI (:mod:`analysis.analyses.adjust`).

Which RPP year: the release's own year when BEA has it, else the latest RPP year (OEWS May 2025 is adjusted
with RPPs for 2024; :class:`RPPChoice` says so in words, with BEA's vintage). Releases older than BEA's first
RPP year are refused.

Intervals: BEA publishes no standard error for RPPs, so an adjusted interval is the OEWS interval divided by
the same RPP: it carries the OEWS sampling error only. A top-coded wage stays "at least" its top-code, adjusted.
Only states and DC (and the U.S., RPP 100) are adjusted: BEA's state table has no territories, and metropolitan
RPPs are not bundled, so metropolitan and nonmetropolitan areas get no adjusted figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.conventions.geography import STATE, US
from analysis.errors import ParameterError

#: Measures an RPP can adjust: wages (annual and hourly). Employment and ratios are not prices.
ADJUSTABLE_PREFIXES = ("a_", "h_")

#: Said wherever adjusted figures are shown.
NO_RPP_ERROR = "BEA publishes no standard error for RPPs: the intervals carry the OEWS sampling error only."
NO_METRO_RPP = (
    "Metropolitan RPPs (BEA table MARPP) are not bundled with this project, so no metropolitan or "
    "nonmetropolitan area gets a cost-of-living adjusted figure."
)


@dataclass(frozen=True)
class RPPChoice:
    """Which RPP year adjusts which OEWS release, from which BEA vintage."""

    release_year: int
    rpp_year: int
    vintage: str
    source: str
    sha256: str = ""

    @property
    def same_year(self) -> bool:
        return self.release_year == self.rpp_year

    def sentence(self) -> str:
        """Plain words for a report: which RPP year and vintage, and why."""
        why = (
            "of the same year"
            if self.same_year
            else f"of {self.rpp_year}, the latest year BEA has published (no RPPs for {self.release_year} yet)"
        )
        return (
            f"Cost-of-living adjusted figures divide each state's May {self.release_year} wage by BEA's "
            f'Regional Price Parity (all items, U.S. = 100) {why}; BEA vintage "{self.vintage}".'
        )

    def source_note(self) -> str:
        """Where the RPPs come from: BEA's table, the file read and its sha256."""
        digest = f" (sha256 {self.sha256})" if self.sha256 else ""
        return (
            f"Source of the RPPs: U.S. Bureau of Economic Analysis, Regional Price Parities by state (table "
            f"SARPP, all items), file {self.source}{digest}."
        )


def is_adjustable(measure: str) -> bool:
    """True for wage measures (``a_*``, ``h_*``)."""
    return measure.startswith(ADJUSTABLE_PREFIXES)


def choose_rpp_year(rpp: pd.DataFrame, release_year: int) -> RPPChoice:
    """The RPP year for an OEWS release: the same year, or the latest when the release is newer.

    ParameterError when the release is older than BEA's first RPP year."""
    years = sorted(int(y) for y in rpp.loc[rpp["rpp"].notna(), "year"].unique())
    if not years:
        raise ParameterError("the RPP table has no values")
    release_year = int(release_year)
    if release_year < years[0]:
        raise ParameterError(
            f"BEA's RPPs start in {years[0]}; May {release_year} cannot be adjusted "
            f"(RPP years available: {years[0]}-{years[-1]})"
        )
    rpp_year = release_year if release_year in years else max(y for y in years if y <= release_year)
    vintage = str(rpp["vintage"].iloc[0]) if "vintage" in rpp.columns and len(rpp) else "unknown"
    return RPPChoice(
        release_year=release_year,
        rpp_year=rpp_year,
        vintage=vintage,
        source=str(rpp.attrs.get("source", "BEA SARPP")),
        sha256=str(rpp.attrs.get("sha256", "")),
    )


def rpp_choice_or_why_not(rpp: pd.DataFrame, release_year: int) -> tuple[RPPChoice | None, str | None]:
    """:func:`choose_rpp_year`, or ``(None, why)`` for a release BEA's RPPs cannot adjust (older than their first
    year): a report then shows the published values only, and can say why."""
    try:
        return choose_rpp_year(rpp, release_year), None
    except ParameterError as error:
        return None, str(error)


def rpp_by_area(rpp: pd.DataFrame, rpp_year: int) -> pd.Series:
    """BLS area code (``"99"``, ``"06"``) -> RPP of ``rpp_year`` (null where BEA printed a symbol)."""
    rows = rpp[rpp["year"] == int(rpp_year)]
    return pd.Series(rows["rpp"].to_numpy(), index=rows["area"].astype(str).to_numpy(), dtype="Float64")


def adjust_estimates(
    estimates_frame: pd.DataFrame, rpp: pd.DataFrame, *, choice: RPPChoice | None = None
) -> pd.DataFrame:
    """An estimates frame (:func:`analysis.analyses.regional.estimates`) in U.S.-average prices.

    The same columns, with ``value``, ``lower``, ``upper`` and ``top_code`` divided by RPP/100, plus ``rpp``,
    ``rpp_year``, ``rpp_vintage``, ``nominal_value`` and ``adjusted`` (False for rows that cannot be adjusted:
    territories, metropolitan and nonmetropolitan areas, states without an RPP; their values become null with
    ``interval_note`` saying why). ``rse`` is unchanged (dividing by a constant keeps the relative error).
    ParameterError for a measure that is not a wage."""
    out = estimates_frame.copy()
    measures = set(out["measure"].dropna().astype(str))
    not_wages = sorted(m for m in measures if not is_adjustable(m))
    if not_wages:
        raise ParameterError(
            f"only wages can be adjusted for the cost of living; {', '.join(not_wages)} is not a "
            "wage (choose a_mean, a_median, h_mean, a percentile ...)"
        )
    years = sorted(int(y) for y in out["year"].dropna().unique())
    if choice is None:
        if len(years) != 1:
            raise ParameterError(f"adjust one release at a time; the frame holds {years or 'none'}")
        choice = choose_rpp_year(rpp, years[0])
    factors = rpp_by_area(rpp, choice.rpp_year)
    area = out["area"].astype(str)
    kind_ok = out["area_type"].isin([STATE, US]).fillna(False).astype(bool)
    rpp_values = pd.Series(area.map(factors).to_numpy(), index=out.index, dtype="Float64").where(kind_ok)
    adjusted = rpp_values.notna()
    divisor = rpp_values / 100.0
    out["nominal_value"] = out["value"].astype("Float64")
    for column in ("value", "lower", "upper", "top_code"):
        out[column] = (out[column].astype("Float64") / divisor).where(adjusted)
    note = out["interval_note"].astype("string")
    note = note.mask(
        ~adjusted & out["area_type"].isin([STATE]).fillna(False), "no BEA RPP for this state and year: not adjusted"
    )
    note = note.mask(
        ~adjusted & ~out["area_type"].isin([STATE, US]).fillna(False),
        "no RPP bundled for this kind of area: not adjusted",
    )
    out["interval_note"] = note
    out["rpp"] = rpp_values
    out["rpp_year"] = pd.Series(choice.rpp_year, index=out.index, dtype="Int64")
    out["rpp_vintage"] = pd.Series(choice.vintage, index=out.index, dtype="string")
    out["adjusted"] = adjusted.astype(bool)
    return out


def rank_changes(nominal: pd.DataFrame, adjusted: pd.DataFrame) -> pd.DataFrame:
    """Each area's rank by the nominal value and in U.S.-average prices, both from
    :func:`analysis.analyses.regional.rank_areas` frames; ``change`` = nominal rank - adjusted rank (positive:
    the state moves up once prices are counted); the release, occupation and measure, the nominal value's BLS
    status and top-code, employment and jobs per 1,000 come along from ``nominal``. Sorted by the adjusted rank."""
    ids = [c for c in ("year", "occ_code", "measure") if c in nominal.columns]
    carried = [
        c
        for c in ("status", "top_code", "tot_emp", "tot_emp_status", "jobs_1000", "jobs_1000_status")
        if c in nominal.columns
    ]
    left = nominal[[*ids, "area", "area_title", "rank", "rank_label", "value", *carried]].rename(
        columns={
            "rank": "nominal_rank",
            "rank_label": "nominal_rank_label",
            "value": "nominal_value",
            "status": "nominal_status",
            "top_code": "nominal_top_code",
        }
    )
    right = adjusted[["area", "rank", "rank_label", "value", "rpp"]].rename(
        columns={"rank": "adjusted_rank", "rank_label": "adjusted_rank_label", "value": "adjusted_value"}
    )
    out = left.merge(right, on="area", how="outer")
    out["change"] = (out["nominal_rank"] - out["adjusted_rank"]).astype("Int64")
    return out.sort_values(["adjusted_rank", "area_title"], na_position="last").reset_index(drop=True)
