"""The project's altair theme and the small helpers every chart uses.

One theme (:data:`THEME_NAME`) registered with altair and enabled by :func:`enable` (``analysis.reports.notebook.setup``
calls it). It sets readable type, colour-blind-safe palettes (Okabe–Ito for categories, "blues" for
sequential scales) and a width that fits an HTML report.

Every chart carries its BLS release and source: build titles with :func:`chart_title`, which puts the
release and "Source: BLS OEWS" (:func:`source_note`) into the subtitle. Axis titles name their unit
(:func:`measure_label`: "Annual mean wage (USD)").

Values are shown exactly as BLS published them (:func:`format_value`); a top-coded wage is never shown as a
number but as "at least $X" (BLS publishes only that the wage is at or above the year's top-code), and a
suppressed value names what BLS said (wage not available, not released, ...).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import altair as alt

from analysis.conventions.schema import STATUSES

THEME_NAME = "him_wages"

#: Okabe & Ito's colour-blind-safe qualitative palette (black last: it is for text and reference lines).
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)

#: Vega colour scheme for sequential quantities (single hue, readable for colour-blind readers and in print).
SEQUENTIAL_SCHEME = "blues"

#: Grey for areas or marks whose value BLS did not publish as a number (suppressed or top-coded).
NOT_PUBLISHED_COLOR = "#BDBDBD"
#: Colour of reference lines (national or state value).
REFERENCE_COLOR = "#000000"
#: Colour of the interval rules drawn behind point estimates.
INTERVAL_COLOR = "#7FB2D9"

FONT = "'Source Sans 3', 'Source Sans Pro', 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"

SOURCE = "Source: BLS OEWS"
#: OEWS estimates are published for May of each year ("May 2025").
RELEASE_MONTH = "May"

#: What each canonical value column measures, with its unit (used as axis title and legend title).
MEASURE_LABELS: dict[str, str] = {
    "tot_emp": "Employment (jobs)",
    "emp_prse": "Employment relative standard error (%)",
    "jobs_1000": "Jobs per 1,000 jobs in the area",
    "loc_quotient": "Location quotient (ratio)",
    "pct_total": "Share of industry employment (%)",
    "pct_rpt": "Establishments reporting the occupation (%)",
    "h_mean": "Hourly mean wage (USD)",
    "a_mean": "Annual mean wage (USD)",
    "mean_prse": "Mean wage relative standard error (%)",
    "h_pct10": "Hourly 10th percentile wage (USD)",
    "h_pct25": "Hourly 25th percentile wage (USD)",
    "h_median": "Hourly median wage (USD)",
    "h_pct75": "Hourly 75th percentile wage (USD)",
    "h_pct90": "Hourly 90th percentile wage (USD)",
    "a_pct10": "Annual 10th percentile wage (USD)",
    "a_pct25": "Annual 25th percentile wage (USD)",
    "a_median": "Annual median wage (USD)",
    "a_pct75": "Annual 75th percentile wage (USD)",
    "a_pct90": "Annual 90th percentile wage (USD)",
}

#: d3 format strings for axes and legends, per kind of measure.
_AXIS_FORMATS = {"annual": "$,.0f", "hourly": "$,.2f", "count": ",.0f", "ratio": ",.2f", "percent": ".1f"}


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
    raise ValueError(f"unknown measure {measure!r}; known measures: {', '.join(MEASURE_LABELS)}")


def measure_label(measure: str) -> str:
    """The axis title of a measure, with its unit: ``measure_label("a_mean") == "Annual mean wage (USD)"``."""
    try:
        return MEASURE_LABELS[measure]
    except KeyError:
        raise ValueError(f"unknown measure {measure!r}; known measures: {', '.join(MEASURE_LABELS)}") from None


def measure_phrase(measure: str) -> str:
    """The measure for running text, without its unit: ``measure_phrase("a_mean") == "annual mean wage"``."""
    label = measure_label(measure).rsplit(" (", 1)[0]
    return label[0].lower() + label[1:]


def axis_format(measure: str) -> str:
    """The d3 format string for a measure's axis and legend labels."""
    return _AXIS_FORMATS[measure_kind(measure)]


def is_wage(measure: str) -> bool:
    return measure_kind(measure) in ("annual", "hourly")


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value is _NA or (isinstance(value, float) and math.isnan(value)))
    except TypeError:
        return False


try:  # pandas' missing-value sentinel, without making this module depend on pandas at import time
    from pandas import NA as _NA
except ImportError:  # pragma: no cover - pandas is a dependency
    _NA = object()


def _number(value: float, kind: str) -> str:
    if kind == "hourly":
        return f"{value:,.2f}"
    if kind == "annual" or kind == "count":
        # BLS publishes annual wages and employment as whole numbers; keep any fraction rather than hide it.
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text if text else "0"


def status_text(status: str) -> str:
    """A short phrase for a status: 'wage not available', 'not released', ..."""
    return {
        "wage_not_available": "wage not available",
        "employment_not_available": "employment not available",
        "top_coded": "top-coded",
        "under_half_percent": "reported by under 0.5% of establishments",
        "not_released": "not released",
    }.get(status, status)


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
    if not _missing(status):
        if status == "top_coded":
            if _missing(top_code):
                return "at or above the top-code"
            return f"at least {money}{_number(float(top_code), kind)}"
        return f"suppressed ({status_text(str(status))})"
    if _missing(value):
        return "not in the data"
    return f"{money}{_number(float(value), kind)}"


def format_rse(rse: Any) -> str:
    """An RSE for a tooltip: '2.3%' or 'not published'."""
    if _missing(rse):
        return "not published"
    return f"{float(rse):g}%"


def source_note(years: int | Iterable[int]) -> str:
    """'Source: BLS OEWS, May 2025.' for one release; 'May 2011–May 2025' for a run of years; a list otherwise."""
    if isinstance(years, (int,)) or hasattr(years, "__index__"):
        ordered = [int(years)]  # type: ignore[arg-type]
    else:
        ordered = sorted({int(y) for y in years if not _missing(y)})
    if not ordered:
        raise ValueError("source_note needs at least one release year")
    if len(ordered) == 1:
        releases = f"{RELEASE_MONTH} {ordered[0]}"
    elif ordered == list(range(ordered[0], ordered[-1] + 1)):
        releases = f"{RELEASE_MONTH} {ordered[0]}–{RELEASE_MONTH} {ordered[-1]}"
    else:
        releases = ", ".join(f"{RELEASE_MONTH} {y}" for y in ordered)
    return f"{SOURCE}, {releases}."


def chart_title(title: str, years: int | Iterable[int], subtitle: str | Iterable[str] | None = None) -> alt.Title:
    """A chart title whose last subtitle line is the source note with the release(s)."""
    lines: list[str] = []
    if isinstance(subtitle, str):
        lines.append(subtitle)
    elif subtitle is not None:
        lines.extend(s for s in subtitle if s)
    lines.append(source_note(years))
    return alt.Title(text=title, subtitle=lines, anchor="start")


def theme_config() -> alt.theme.ThemeConfig:
    """The project's altair theme (a plain dict)."""
    label_size, title_size = 12, 13
    return {
        "width": 560,
        "height": 320,
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 320},
            "title": {
                "fontSize": 16,
                "fontWeight": 600,
                "subtitleFontSize": 12,
                "subtitleColor": "#444444",
                "anchor": "start",
                "offset": 10,
            },
            "axis": {
                "labelFontSize": label_size,
                "titleFontSize": title_size,
                "titleFontWeight": 600,
                "labelColor": "#222222",
                "titleColor": "#222222",
                "gridColor": "#E6E6E6",
                "labelLimit": 260,
            },
            "legend": {"labelFontSize": label_size, "titleFontSize": title_size, "titleLimit": 320},
            "header": {"labelFontSize": title_size, "titleFontSize": title_size},
            "range": {
                "category": list(OKABE_ITO),
                "ordinal": {"scheme": SEQUENTIAL_SCHEME},
                "ramp": {"scheme": SEQUENTIAL_SCHEME},
                "heatmap": {"scheme": SEQUENTIAL_SCHEME},
            },
            "mark": {"color": OKABE_ITO[0]},
            "point": {"filled": True, "size": 60},
            "text": {"fontSize": label_size},
        },
    }


def enable() -> None:
    """Register the project theme (once) and make it altair's active theme; usable outside notebooks."""
    if THEME_NAME not in alt.theme.names():
        alt.theme.register(THEME_NAME, enable=False)(theme_config)
    alt.theme.enable(THEME_NAME)


def status_meaning(status: str) -> str:
    """BLS's meaning of a status (from :data:`analysis.conventions.schema.STATUSES`)."""
    return STATUSES.get(status, status)
