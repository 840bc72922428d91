"""Small formatters for the tables a report shows: values written as BLS publishes them, statuses as words.

Money, employment and statuses go through :func:`analysis.conventions.measures.format_value` ("$56,790", "$27.30",
"194,720", "at least $239,200", "suppressed (wage not available)"); this module adds what BLS tables write
around them: percentages ("1.1%", "+3.2%"), differences in dollars ("+$5,480", "-$6,730"), releases
("May 2025") and the two-column "Figure / Value" frame of a notebook's key figures.

The functions only format: they never change a value, and a missing value is written as a word or a dash,
never as a number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from analysis.conventions.measures import format_value
from analysis.conventions.missing import is_missing, text_or_none
from analysis.conventions.releases import release_name

#: What a table cell shows where there is nothing to compute (for example a growth rate over one release).
DASH = "—"


#: A status cell as a plain string, or None when the value is published.
status_or_none = text_or_none


def code_and_title(code: Any, title: Any) -> str:
    """An occupation or industry as a table names it: "29-2072 Medical Records Specialists", or the code alone
    when no title is published."""
    return str(code) if is_missing(title) else f"{code} {title}".strip()


def money(
    value: Any, *, hourly: bool = False, status: Any = None, top_code: Any = None, missing: str = "not published"
) -> str:
    """A wage as BLS publishes it ("$56,790", "$27.30"), "at least $X" when top-coded, or why it is missing."""
    if is_missing(value) and is_missing(status):
        return missing
    return format_value(value, "h_mean" if hourly else "a_mean", status_or_none(status), top_code)


def whole_dollars(value: Any) -> str:
    """An amount in whole dollars, as BLS writes annual wages: "$57,398" (a salary to check, a computed wage, an
    annual wage or bound BLS published)."""
    return format_value(round(float(value)), "a_mean")


def computed_money(value: Any, *, missing: str = "not computed") -> str:
    """A wage this project computed (a CPI-adjusted, real wage), rounded to whole dollars as BLS writes annual
    wages: "$57,398". Published wages go through :func:`money`, which never rounds what BLS printed."""
    if is_missing(value):
        return missing
    return whole_dollars(value)


def jobs(value: Any, *, status: Any = None, unit: str = "", missing: str = "not published") -> str:
    """Employment as BLS publishes it ("194,720", with ``unit=" jobs"``: "194,720 jobs"), or why it is missing."""
    if not is_missing(status):
        return format_value(value, "tot_emp", status_or_none(status))
    if is_missing(value):
        return missing
    return format_value(value, "tot_emp") + unit


def percent(value: Any, *, digits: int = 1, signed: bool = False, missing: str = DASH) -> str:
    """A percentage already in percent units: ``percent(1.1) == "1.1%"``, ``percent(3.2, signed=True) ==
    "+3.2%"``."""
    if is_missing(value):
        return missing
    return f"{float(value):{'+' if signed else ''}.{digits}f}%"


def share(value: Any, *, digits: int = 1, missing: str = DASH) -> str:
    """A fraction (0–1) as a percentage: ``share(0.266) == "26.6%"``."""
    if is_missing(value):
        return missing
    return f"{float(value) * 100:.{digits}f}%"


def signed_money(value: Any, *, missing: str = DASH) -> str:
    """A difference in dollars with its sign: "+$5,480", "-$6,730", "$0"."""
    if is_missing(value):
        return missing
    amount = float(value)
    sign = "+" if amount > 0 else "-" if amount < 0 else ""
    return f"{sign}{format_value(abs(amount), 'a_mean')}"


def release(year: Any) -> str:
    """A May release as BLS names it: ``release(2025) == "May 2025"``."""
    if is_missing(year):
        return DASH
    return release_name(year)


def releases(years: Iterable[Any]) -> str:
    """Several releases: "May 2025"; "May 2011–May 2025" for a run of years; a list otherwise."""
    ordered = sorted({int(y) for y in years if not is_missing(y)})
    if not ordered:
        return "none"
    if len(ordered) == 1:
        return release(ordered[0])
    if ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{release(ordered[0])}–{release(ordered[-1])}"
    return ", ".join(release(y) for y in ordered)


def mean_wage_cells(rows: pd.DataFrame) -> list[str]:
    """Each row's annual mean wage as BLS publishes it (:func:`money`), a status in words, and a top-coded mean as
    "at least" the year's top-code where ``rows`` carry ``top_code_annual``."""
    return [
        money(r.a_mean, status=r.a_mean_status, top_code=getattr(r, "top_code_annual", None)) for r in rows.itertuples()
    ]


def mean_wage_interval_cells(rows: pd.DataFrame) -> list[str]:
    """Each row's 95% interval of the annual mean wage (``a_mean_lower`` .. ``a_mean_upper``), a dash without one."""
    return [interval_money(r.a_mean_lower, r.a_mean_upper, missing=DASH) for r in rows.itertuples()]


def figures_frame(rows: Sequence[tuple[str, str]]) -> pd.DataFrame:
    """Key figures for the reader: a "Figure" and a "Value" column, every value already a display string."""
    return pd.DataFrame([{"Figure": label, "Value": value} for label, value in rows], columns=["Figure", "Value"])


def raw_data(frame: pd.DataFrame, *, drop: Iterable[str] = ()) -> pd.DataFrame:
    """The frame behind a display table, for its CSV/XLSX download (``show_table(..., data=raw_data(frame))``):
    every number at full precision, the BLS ``*_status`` columns and top-code bounds, the identifying columns
    (year, area, occ_code, naics ...); a list in a cell as one "a; b; c" cell. Left out: display strings (``*_display``
    columns), cells holding whole frames (a claim's evidence, offered as its own table) and ``drop``."""
    nested = [
        c
        for c in frame.columns
        if frame[c].dtype == object and frame[c].map(lambda v: isinstance(v, (pd.DataFrame, pd.Series))).any()
    ]
    shown = [c for c in frame.columns if str(c).endswith("_display")]
    out = frame.drop(columns=[*nested, *shown, *(c for c in drop if c in frame.columns)]).reset_index(drop=True)
    for column in out.columns:  # lists (e.g. sample job titles) as one readable cell: "a; b; c"
        if out[column].dtype == object and out[column].map(lambda v: isinstance(v, (list, tuple))).any():
            out[column] = out[column].map(lambda v: "; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def interval_money(lower: Any, upper: Any, *, missing: str = "no published RSE") -> str:
    """A 95% interval of an annual wage, computed from BLS's RSE, in whole dollars: "$61,480–$62,960"."""
    if is_missing(lower) or is_missing(upper):
        return missing
    return f"{computed_money(lower)}–{computed_money(upper)}"


def interval_jobs(lower: Any, upper: Any, *, missing: str = "no published RSE") -> str:
    """A 95% interval of employment, computed from BLS's RSE, in whole jobs: "51,340–52,140"."""
    if is_missing(lower) or is_missing(upper):
        return missing
    return f"{max(float(lower), 0.0):,.0f}–{float(upper):,.0f}"
