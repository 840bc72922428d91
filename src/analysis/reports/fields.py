"""What each column of a report's downloadable tables means: a reader's name, a sentence and a unit.

The notebooks hand the report the numbers behind each table with the analysis' own column names (BLS's field
names in lower case, ``a_mean``, ``tot_emp_status``, plus a few of the analyses' own). A download should stand
alone, so the CSV and workbook columns carry :func:`column_label` ("Annual mean wage (USD)") and the workbook's
"Fields" sheet explains each column (:func:`describe`): what it holds, its unit and, where a code stays in the
cells (BLS statuses, area types, NAICS and SOC codes), what the codes mean. The name the analysis used is kept in
the Fields sheet so that code reading the CSVs can map them back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from analysis.conventions.measures import MEASURE_LABELS


class Field(NamedTuple):
    """One column for readers: its header, what it holds and its unit ("" when it has none)."""

    label: str
    meaning: str
    unit: str


_STATUS_CODES = (
    "Empty when BLS published a number. Otherwise what BLS published instead, as a code: "
    "wage_not_available (BLS's '*': a wage estimate is not available), employment_not_available ('**'), "
    "top_coded ('#': the wage is at or above the year's top-code, given in the top-code column), "
    "under_half_percent ('~': under 0.5% of establishments reported the occupation), "
    "not_released ('-': BLS did not release the estimate)."
)
_AREA_TYPES = "1 = U.S., 2 = state, 3 = U.S. territory, 4 = metropolitan area, 6 = nonmetropolitan area (BLS codes)"

#: Columns that are not BLS measures, with their meaning and unit.
FIELDS: dict[str, Field] = {
    "year": Field("Release (May of year)", "The OEWS release the row comes from: estimates for May of that year.", ""),
    "occ_code": Field("SOC code", "The occupation's code in the Standard Occupational Classification.", ""),
    "occ_codes": Field("SOC codes", "The occupation codes the row covers.", ""),
    "occ_title": Field("Occupation", "The occupation's title as BLS publishes it.", ""),
    "area": Field(
        "Area code",
        "BLS's area code: 99 = U.S., two-digit state FIPS codes (06 = California), five- or seven-digit codes for "
        "metropolitan and nonmetropolitan areas.",
        "",
    ),
    "area_title": Field("Area", "The area's name as BLS publishes it.", ""),
    "area_type": Field("Area type (code)", f"The kind of area: {_AREA_TYPES}.", ""),
    "prim_state": Field("State (postal code)", "The area's primary state.", ""),
    "primary_state": Field("State (postal code)", "The area's primary state.", ""),
    "naics": Field("Industry code (NAICS)", "The industry's North American Industry Classification System code.", ""),
    "naics_title": Field("Industry", "The industry's title as BLS publishes it.", ""),
    "naics_level": Field("Industry level", "How detailed the industry code is (sector, 3-, 4-, 5- or 6-digit).", ""),
    "own_code": Field("Ownership (code)", "BLS's ownership code of the estimate (e.g. 5 = private).", ""),
    "measure": Field("Measure (code)", "The BLS field the value column holds (a_mean = annual mean wage, ...).", ""),
    "value": Field("Value", "The published estimate of the measure named in the row or table.", "measure's unit"),
    "status": Field("BLS status", _STATUS_CODES, ""),
    "top_code": Field("Top-code", "The year's published top-code: a top-coded wage is at least this.", "USD"),
    "top_code_annual": Field(
        "Annual top-code (USD)", "The year's published annual top-code: a top-coded wage is at least this.", "USD"
    ),
    "top_code_hourly": Field(
        "Hourly top-code (USD)", "The year's published hourly top-code: a top-coded wage is at least this.", "USD"
    ),
    "lower": Field("95% interval lower end", "Estimate minus 1.96 times its standard error (from BLS's RSE).", ""),
    "upper": Field("95% interval upper end", "Estimate plus 1.96 times its standard error (from BLS's RSE).", ""),
    "rse": Field("Relative standard error (%)", "BLS's relative standard error of the estimate.", "percent"),
    "rank": Field("Rank", "Rank by the published estimate (1 = highest).", ""),
    "rank_best": Field("Best possible rank", "The highest rank the 95% intervals allow.", ""),
    "rank_worst": Field("Worst possible rank", "The lowest rank the 95% intervals allow.", ""),
    "rank_label": Field("Possible ranks", "The range of ranks the 95% intervals allow.", ""),
    "n_ranked": Field("Areas ranked", "How many areas the ranking holds.", "count"),
    "rpp": Field(
        "Regional Price Parity (U.S. = 100)", "BEA's price level of the state relative to the U.S. average.", "index"
    ),
    "rpp_year": Field("RPP year", "The year of BEA's Regional Price Parities used.", ""),
    "rpp_vintage": Field("RPP vintage", "BEA's release of the Regional Price Parities used.", ""),
    "salary": Field("Salary (USD)", "The annual salary placed in each area's wage distribution.", "USD per year"),
    "approx_percentile": Field(
        "Approximate percentile", "Where the salary falls among the area's published percentiles.", "percentile"
    ),
    "percentile": Field("Percentile", "The point of the wage distribution (10th, 25th, median, ...).", ""),
    "hourly": Field("Hourly wage (USD)", "The published hourly wage at this percentile.", "USD per hour"),
    "annual": Field("Annual wage (USD)", "The published annual wage at this percentile.", "USD per year"),
    "claim": Field("Claim", "The statement checked against BLS's figures.", ""),
    "verdict": Field("Verdict", "What BLS's figures say about the claim.", ""),
    "finding": Field("Finding", "The figures behind the verdict, in words.", ""),
    "series": Field("Series", "The occupation (SOC code) or group the row belongs to.", ""),
    "base_year": Field("Dollars of (year)", "The year whose prices real wages are expressed in (CPI-U).", ""),
    "cpi_u": Field("CPI-U", "BLS's Consumer Price Index for All Urban Consumers, annual average.", "index"),
    "cpi_base_year": Field("CPI base year", "The year whose prices real wages are expressed in.", ""),
    "figure": Field("Figure", "What the number measures, in words.", ""),
    "key": Field("Name in index.json", "The name under which the report records the figure for machines.", ""),
    "education": Field("Typical entry-level education", "From BLS Employment Projections.", ""),
    "experience": Field("Work experience", "Typical work experience in a related occupation (BLS Projections).", ""),
    "training": Field("On-the-job training", "Typical on-the-job training (BLS Employment Projections).", ""),
    "employment_2024_thousands": Field("Employment 2024 (thousands)", "BLS Employment Projections.", "thousand jobs"),
    "employment_2034_thousands": Field(
        "Projected employment 2034 (thousands)", "BLS Employment Projections.", "thousand jobs"
    ),
    "employment_change_thousands": Field(
        "Employment change 2024-34 (thousands)", "BLS Employment Projections.", "thousand jobs"
    ),
    "employment_change_pct": Field("Employment change 2024-34 (%)", "BLS Employment Projections.", "percent"),
    "annual_openings_thousands": Field(
        "Openings per year (thousands)", "Average annual openings, BLS Employment Projections.", "thousand jobs"
    ),
    "median_wage_2024": Field(
        "Median annual wage 2024 (USD)", "As published with BLS Employment Projections.", "USD per year"
    ),
    "share_of_employment": Field("Share of the occupation's jobs (%)", "Employment in the row over all.", "percent"),
    "wage_premium": Field(
        "Premium over all industries (USD)", "Annual mean wage minus the all-industry mean.", "USD per year"
    ),
    "wage_premium_pct": Field("Premium over all industries (%)", "The premium over the all-industry mean.", "percent"),
    "reference_a_mean": Field(
        "Annual mean wage in all industries (USD)", "The occupation's cross-industry annual mean wage.", "USD per year"
    ),
    "reference_tot_emp": Field("Employment in all industries (jobs)", "The occupation's cross-industry jobs.", "jobs"),
    "nominal_change_pct": Field("Change as published (%)", "Change of the published mean wage.", "percent"),
    "real_change_pct": Field("Change after inflation (%)", "Change of the mean wage in constant dollars.", "percent"),
}

#: Prefixes and suffixes the analyses put on a measure's name, and how they read.
_AFFIXES: tuple[tuple[str, str, str], ...] = (
    ("adjusted_", "{} in U.S.-average prices", "The value divided by the state's RPP over 100 (BEA)."),
    ("adj_", "{} in U.S.-average prices", "The value divided by the state's RPP over 100 (BEA)."),
    ("nominal_", "{} as published", "The published value, before any price adjustment."),
    ("real_", "{} after inflation", "In constant dollars (CPI-U)."),
    ("first_", "{} at the first release", "At the first release of the span."),
    ("last_", "{} at the last release", "At the last release of the span."),
    ("reference_", "{} in all industries", "The occupation's cross-industry figure."),
)


def _words(name: str) -> str:
    words = name.replace("_", " ").strip()
    words = re.sub(r"\bpct\b", "(%)", words)
    words = re.sub(r"\bn\b", "number of", words)
    return words[:1].upper() + words[1:]


def describe(column: str) -> Field:
    """A column's header, meaning and unit for readers (a made-up reading of the name for a column nobody
    described: it still never shows the raw name alone)."""
    if column in FIELDS:
        return FIELDS[column]
    if not re.fullmatch(r"[a-z0-9_]+", column):  # a header already written for readers ("State", "Shown")
        return Field(column, "As the table on the page shows it.", "")
    if column in MEASURE_LABELS:
        label = MEASURE_LABELS[column]
        unit = label.rsplit(" (", 1)[1].rstrip(")") if " (" in label else ""
        return Field(label, f"BLS's published {label.rsplit(' (', 1)[0].lower()} (OEWS field {column}).", unit)
    if column.endswith("_status"):
        base = describe(column.removesuffix("_status"))
        return Field(f"{base.label.rsplit(' (', 1)[0]}: BLS status", _STATUS_CODES, "")
    if column.endswith("_top_code"):
        base = describe(column.removesuffix("_top_code"))
        return Field(f"{base.label.rsplit(' (', 1)[0]}: top-code", "A top-coded wage is at least this.", base.unit)
    for prefix, template, meaning in _AFFIXES:
        if column.startswith(prefix) and column != prefix:
            base = describe(column.removeprefix(prefix))
            name, _, unit = base.label.partition(" (")
            label = template.format(name) + (f" ({unit}" if unit else "")
            return Field(label, f"{meaning} {base.meaning}".strip(), base.unit)
    return Field(_words(column), f"{_words(column)}, as the analysis computed it.", "")


def column_label(column: str) -> str:
    """The header a reader sees for ``column``."""
    return describe(column).label


def column_labels(columns: Sequence[str]) -> list[str]:
    """Readers' headers for a table's columns, made unique ("Value", "Value (2)") so no column hides another."""
    labels: list[str] = []
    for column in columns:
        label, number = column_label(str(column)), 2
        while label in labels:
            label, number = f"{column_label(str(column))} ({number})", number + 1
        labels.append(label)
    return labels
