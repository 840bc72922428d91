"""What each value column of the canonical frame measures, with its unit, and how a value is written for a reader.

Analyses, tables and charts all use these, so this module depends on nothing but the schema: a chart module may
import it, an analysis never needs a chart module for its words.

- :func:`measure_label` / :func:`measure_phrase`: "Annual mean wage (USD)" for an axis, "annual mean wage" for a
  sentence;
- :func:`format_value`: the published value exactly as BLS writes it ("$93,750", "$45.07", "12,340"); a top-coded
  wage is never shown as a number but as "at least $X" (BLS publishes only that the wage is at or above the year's
  top-code), and a suppressed value names what BLS said (wage not available, not released, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from analysis.conventions.missing import is_missing
from analysis.errors import ParameterError


@dataclass(frozen=True)
class Measure:
    """What one value column measures: its name as a table row reads (``him-wages show``), its unit in words, and
    its axis title with the unit (charts, legends)."""

    name: str
    unit: str
    axis: str


#: Every canonical value column, in the order a reader wants them: the one table of measure labels.
MEASURES: dict[str, Measure] = {
    "tot_emp": Measure("Employment", "jobs", "Employment (jobs)"),
    "emp_prse": Measure("  relative standard error of employment", "percent", "Employment relative standard error (%)"),
    "jobs_1000": Measure("Jobs per 1,000 jobs in the area", "jobs per 1,000", "Jobs per 1,000 jobs in the area"),
    "loc_quotient": Measure("Location quotient", "ratio to the U.S. share", "Location quotient (ratio)"),
    "pct_total": Measure("Share of the industry's employment", "percent", "Share of industry employment (%)"),
    "pct_rpt": Measure(
        "Establishments reporting the occupation", "percent", "Establishments reporting the occupation (%)"
    ),
    "h_mean": Measure("Mean hourly wage", "dollars per hour", "Hourly mean wage (USD)"),
    "a_mean": Measure("Mean annual wage", "dollars per year", "Annual mean wage (USD)"),
    "mean_prse": Measure(
        "  relative standard error of the mean wage", "percent", "Mean wage relative standard error (%)"
    ),
    "h_pct10": Measure("Hourly wage, 10th percentile", "dollars per hour", "Hourly 10th percentile wage (USD)"),
    "h_pct25": Measure("Hourly wage, 25th percentile", "dollars per hour", "Hourly 25th percentile wage (USD)"),
    "h_median": Measure("Hourly wage, median", "dollars per hour", "Hourly median wage (USD)"),
    "h_pct75": Measure("Hourly wage, 75th percentile", "dollars per hour", "Hourly 75th percentile wage (USD)"),
    "h_pct90": Measure("Hourly wage, 90th percentile", "dollars per hour", "Hourly 90th percentile wage (USD)"),
    "a_pct10": Measure("Annual wage, 10th percentile", "dollars per year", "Annual 10th percentile wage (USD)"),
    "a_pct25": Measure("Annual wage, 25th percentile", "dollars per year", "Annual 25th percentile wage (USD)"),
    "a_median": Measure("Annual wage, median", "dollars per year", "Annual median wage (USD)"),
    "a_pct75": Measure("Annual wage, 75th percentile", "dollars per year", "Annual 75th percentile wage (USD)"),
    "a_pct90": Measure("Annual wage, 90th percentile", "dollars per year", "Annual 90th percentile wage (USD)"),
}

#: Axis and legend titles, by column (from :data:`MEASURES`).
MEASURE_LABELS: dict[str, str] = {column: measure.axis for column, measure in MEASURES.items()}


def measure_kind(measure: str) -> str:
    """'annual', 'hourly', 'count', 'ratio' or 'percent': how a measure's values are written."""
    if measure.startswith("a_"):
        return "annual"
    if measure.startswith("h_"):
        return "hourly"
    if measure == "tot_emp":
        return "count"
    if measure in ("jobs_1000", "loc_quotient"):
        return "ratio"
    if measure in MEASURE_LABELS:
        return "percent"
    raise ParameterError(f"unknown measure {measure!r}; known measures: {', '.join(MEASURE_LABELS)}")


def measure_label(measure: str) -> str:
    """The axis title of a measure, with its unit: ``measure_label("a_mean") == "Annual mean wage (USD)"``."""
    try:
        return MEASURE_LABELS[measure]
    except KeyError:
        raise ParameterError(f"unknown measure {measure!r}; known measures: {', '.join(MEASURE_LABELS)}") from None


def measure_phrase(measure: str) -> str:
    """The measure for running text, without its unit: ``measure_phrase("a_mean") == "annual mean wage"``."""
    label = measure_label(measure).rsplit(" (", 1)[0]
    return label[0].lower() + label[1:]


def is_wage(measure: str) -> bool:
    """Is ``measure`` a wage (annual or hourly), as opposed to employment, a ratio or a percentage?"""
    return measure_kind(measure) in ("annual", "hourly")


def _number(value: float, kind: str) -> str:
    if kind == "hourly":
        return f"{value:,.2f}"
    if kind == "annual" or kind == "count":
        # BLS publishes annual wages and employment as whole numbers; keep any fraction rather than hide it.
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text if text else "0"


def status_text(status: str) -> str:
    """A short phrase for a status: 'wage not available', 'not released by BLS', ... (one table:
    :data:`analysis.conventions.schema.STATUS_WORDS`)."""
    from analysis.conventions.schema import STATUS_WORDS  # here: the schema imports pandas (report index pages do not)

    return STATUS_WORDS.get(status, status)


def format_value(value: Any, measure: str, status: Any = None, top_code: Any = None) -> str:
    """The published value as a reader should see it.

    - a number: written exactly as BLS publishes it ("$93,750", "$45.07", "12,340", "1.234");
    - top-coded (``status == "top_coded"``): "at least $239,200" using the year's published top-code, or
      "at or above the top-code" when the bound is unknown — never a number as if it were the wage;
    - any other status: "suppressed (wage not available)" etc.;
    - nothing at all: "not in the data".
    """
    kind = measure_kind(measure)
    money = "$" if kind in ("annual", "hourly") else ""
    if not is_missing(status):
        if status == "top_coded":
            if is_missing(top_code):
                return "at or above the top-code"
            return f"at least {money}{_number(float(top_code), kind)}"
        return f"suppressed ({status_text(str(status))})"
    if is_missing(value):
        return "not in the data"
    return f"{money}{_number(float(value), kind)}"


def format_rse(rse: Any) -> str:
    """An RSE for a tooltip: '2.3%' or 'not published'."""
    if is_missing(rse):
        return "not published"
    return f"{float(rse):g}%"
