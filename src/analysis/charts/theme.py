"""The project's altair theme and the small helpers every chart uses.

One theme (:data:`THEME_NAME`) registered with altair and enabled by :func:`enable` (``analysis.reports.notebook.setup``
calls it). It sets readable type, colour-blind-safe palettes (Okabe–Ito for categories, "blues" for
sequential scales) and a width that fits an HTML report.

Every chart carries its BLS release and source: build titles with :func:`chart_title`, which puts the
release and "Source: BLS OEWS" (:func:`source_note`) into the subtitle. Axis titles name their unit
(:func:`measure_label`: "Annual mean wage (USD)").

Charts read on a phone (390 px) as on a desktop: :func:`finish` marks each chart to fill the width of the page's
column (Vega-Lite ``width: "container"``, switched on by the report page, see :data:`FIT_WIDTH`) and names the image
a reader saves. Titles wrap (:func:`wrap`), value axes thin their ticks with the width, and rankings name each row
above its marks (:func:`row_labels`), code first, so that no text is cut to "…" before its code nor scaled below
10 px.

Values are shown exactly as BLS published them (:func:`format_value`); a top-coded wage is never shown as a
number but as "at least $X" (BLS publishes only that the wage is at or above the year's top-code), and a
suppressed value names what BLS said (wage not available, not released, ...).
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

import altair as alt
import pandas as pd

from analysis.conventions.measures import (  # noqa: F401  (charts use them as theme.format_value etc.)
    MEASURE_LABELS,
    format_rse,
    format_value,
    is_wage,
    measure_kind,
    measure_label,
    measure_phrase,
    status_text,
)
from analysis.conventions.measures import is_missing as _missing
from analysis.conventions.schema import STATUSES  # noqa: F401 - chart modules read theme.STATUSES
from analysis.errors import ChartInputError
from analysis.text import chart_text

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

#: Longest line of a chart's heading and of its subtitle, in characters: what a 280 px wide chart holds at the
#: theme's title sizes (16 px bold, 12 px), so that a title never makes a narrow chart wider than its column.
HEADING_CHARS, SUBTITLE_CHARS = 32, 46

#: Key of a chart's ``usermeta`` asking the page to draw it as wide as its column ("container"). Only the report
#: page switches it on (:func:`fit_width`): JupyterLab's vega-embed draws a "container" chart 0 px wide
#: (vega/vega-embed#1554), so the spec itself keeps a fixed width for notebooks, printing and the static SVG.
FIT_WIDTH = "fitWidth"

#: Vega expression: the width of the chart's column in CSS px (the theme's width where there is no page, e.g.
#: when vl-convert draws the static SVG).
COLUMN_WIDTH = "(isFinite(containerSize()[0]) && containerSize()[0] > 0 ? containerSize()[0] : 560)"

#: d3 format strings for axes and legends, per kind of measure.
_AXIS_FORMATS = {"annual": "$,.0f", "hourly": "$,.2f", "count": ",.0f", "ratio": ",.2f", "percent": ".1f"}


def axis_format(measure: str) -> str:
    """The d3 format string for a measure's axis and legend labels."""
    return _AXIS_FORMATS[measure_kind(measure)]


def source_note(years: int | Iterable[int]) -> str:
    """'Source: BLS OEWS, May 2025.' for one release; 'May 2011–May 2025' for a run of years; a list otherwise."""
    if isinstance(years, (int,)) or hasattr(years, "__index__"):
        ordered = [int(years)]  # type: ignore[arg-type]
    else:
        ordered = sorted({int(y) for y in years if not _missing(y)})
    if not ordered:
        raise ChartInputError(
            "source_note needs at least one release year",
            found=f"{years!r}",
            expected="a May release year such as 2025",
        )
    if len(ordered) == 1:
        releases = f"{RELEASE_MONTH} {ordered[0]}"
    elif ordered == list(range(ordered[0], ordered[-1] + 1)):
        releases = f"{RELEASE_MONTH} {ordered[0]}–{RELEASE_MONTH} {ordered[-1]}"
    else:
        releases = ", ".join(f"{RELEASE_MONTH} {y}" for y in ordered)
    return f"{SOURCE}, {releases}."


def wrap(text: str, width: int) -> list[str]:
    """``text`` as lines of at most ``width`` characters, broken between words (a longer word stays whole)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [text]


def chart_title(title: str, years: int | Iterable[int], subtitle: str | Iterable[str] | None = None) -> alt.Title:
    """A chart title whose last subtitle line is the source note with the release(s). Heading and subtitle are
    wrapped (:data:`HEADING_CHARS`, :data:`SUBTITLE_CHARS`) so that they fit a phone's column."""
    lines: list[str] = []
    if isinstance(subtitle, str):
        lines.append(subtitle)
    elif subtitle is not None:
        lines.extend(s for s in subtitle if s)
    lines.append(source_note(years))
    wrapped = [part for line in lines for part in wrap(line, SUBTITLE_CHARS)]
    heading = wrap(title, HEADING_CHARS)
    return alt.Title(text=heading if len(heading) > 1 else title, subtitle=wrapped, anchor="start")


def file_name(*words: str) -> str:
    """A file name for a saved chart image from words and codes: ("wage ladder", "29-2072") -> "wage-ladder-29-2072"."""
    text = " ".join(str(w) for w in words).lower().replace("(usd)", "")
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if len(slug) > 80:  # cut between words
        slug = slug[:81].rsplit("-", 1)[0]
    return slug or "chart"


def finish(chart, *, name: str):
    """The chart as the report shows it: as wide as the page's column (:data:`FIT_WIDTH`), and saved by the reader
    as ``<name>.png`` / ``.svg`` (vega-embed reads ``usermeta.embedOptions``, in a report and in JupyterLab)."""
    return chart.properties(usermeta={"embedOptions": {"downloadFileName": file_name(name)}, FIT_WIDTH: True})


def clean_spec(spec: object) -> object:
    """A chart spec (dict from ``chart.to_dict()``) with every text in it, keys and values, titles and data alike,
    passed through :func:`analysis.text.chart_text`: titles and names from input files reach the chart renderer
    without control or bidirectional characters (one ESC, BEL, NUL or VT in a label aborts vl-convert's process,
    and with it the notebook's kernel). Numbers and other values are unchanged."""
    if isinstance(spec, str):
        return chart_text(spec)
    if isinstance(spec, dict):
        return {clean_spec(key) if isinstance(key, str) else key: clean_spec(value) for key, value in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [clean_spec(item) for item in spec]
    return spec


def fit_width(spec: dict) -> dict:
    """A chart spec for a web page: ``width: "container"`` when the chart asked for it (:func:`finish`); other
    specs are returned unchanged."""
    usermeta = spec.get("usermeta") if isinstance(spec, dict) else None
    if isinstance(usermeta, dict) and usermeta.get(FIT_WIDTH) and isinstance(spec.get("width", 0), (int, float)):
        return {**spec, "width": "container"}
    return spec


def column_limit(margin: int = 0, minimum: int = 90) -> alt.ExprRef:
    """A text ``limit`` (px): the column's width less ``margin``, at least ``minimum``."""
    return alt.ExprRef(f"max({minimum}, {COLUMN_WIDTH} - {margin})")


def label_limit(share: float = 0.4, maximum: int = 320) -> alt.ExprRef:
    """An axis ``labelLimit`` (px) for names on a vertical axis: ``share`` of the column, 80 to ``maximum`` px, so
    that a phone keeps room for the plot (a cut name is whole in the tooltip and the table)."""
    return alt.ExprRef(f"clamp({share} * {COLUMN_WIDTH}, 80, {maximum})")


def row_labels(base: alt.Chart, y: alt.Y, label: str, value: str | None = None, *, above: int = 8) -> list[alt.Chart]:
    """Text layers naming each row of a horizontal chart above its marks, from the plot's left edge (the field
    ``label``, code first: a long name is cut at its end, never its code; a "\\n" starts a second line), and
    ``value`` right-aligned on the same line. Used with ``y`` drawn without an axis (``axis=None``) and a row step
    that leaves room for the line(s)."""
    reserve, lines = 10, 1
    if isinstance(base.data, pd.DataFrame) and len(base.data):
        lines += int(base.data[label].astype(str).str.count("\n").max())
        if value:
            reserve += 7 * int(base.data[value].astype(str).str.len().max())  # ~7 px a character at 12 px
    line_height = 14
    layers = [
        # vega writes a label's further lines below its first: the first line is moved up by the others' height
        base.mark_text(
            align="left",
            baseline="bottom",
            dy=-above - line_height * (lines - 1),
            fontSize=12,
            lineHeight=line_height,
            color="#222222",
            lineBreak="\n",
            limit=column_limit(reserve),
        ).encode(y=y, x=alt.value(0), text=f"{label}:N")
    ]
    if value:
        layers.append(
            base.mark_text(align="right", baseline="bottom", dy=-above, fontSize=12, color="#222222").encode(
                y=y, x=alt.value("width"), text=f"{value}:N"
            )
        )
    return layers


#: The field each mark's screen-reader description is computed into (:func:`readable_mark_descriptions`).
DESCRIPTION_FIELD = "him_description"
_CHILDREN = ("layer", "hconcat", "vconcat", "concat")


def _tooltip_expression(tooltip: Any) -> str | None:
    """A Vega expression reading a mark's tooltip as one line ("Area: Houston, TX; Annual mean: $56,790"), or
    None when the tooltip is not a list of fields each with a title."""
    items = tooltip if isinstance(tooltip, list) else [tooltip]
    parts = []
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("field"), str) or not item.get("title"):
            return None
        if not isinstance(item["title"], str) or item.get("aggregate") or item.get("bin") or item.get("timeUnit"):
            return None
        datum = f"datum[{json.dumps(item['field'])}]"
        numeric = item.get("format") and item.get("type") == "quantitative"
        value = f"format({datum}, {json.dumps(item['format'])})" if numeric else datum
        parts.append(f"{json.dumps(item['title'] + ': ')} + (isValid({datum}) ? {value} : 'not published')")
    return " + '; ' + ".join(parts) if parts else None


def _readable_unit(unit: dict[str, Any]) -> dict[str, Any]:
    encoding = unit.get("encoding")
    if not isinstance(encoding, Mapping) or "description" in encoding:
        return unit
    if any(isinstance(d, Mapping) and (d.get("aggregate") or d.get("bin")) for d in encoding.values()):
        return unit  # a computed field would join the groupby
    expression = _tooltip_expression(encoding.get("tooltip"))
    if expression is not None:
        transform = [*unit.get("transform", []), {"calculate": expression, "as": DESCRIPTION_FIELD}]
        return {
            **unit,
            "transform": transform,
            "encoding": {**encoding, "description": {"field": DESCRIPTION_FIELD, "type": "nominal"}},
        }
    mark = unit.get("mark")
    mark = {"type": mark} if isinstance(mark, str) else dict(mark or {})
    # no tooltip: a label or a guide whose words are drawn (or said by the chart's own description)
    return {**unit, "mark": {**mark, "aria": False}}


def readable_mark_descriptions(spec: Mapping[str, Any]) -> dict[str, Any]:
    """``spec`` (a Vega-Lite dict) whose marks describe themselves to screen readers in the words of their
    tooltips. Vega-Lite otherwise describes each mark by its encoded fields under their titles, or under the raw
    field names (``a_mean: 56790``) where a title is unset or hidden; and the static SVG carries those words too.
    Marks without a tooltip (labels, rules) are left out of the screen reader's reading (``aria: false``): the
    chart's own description says what they show."""
    out = dict(spec)
    for key in _CHILDREN:
        if isinstance(out.get(key), list):
            out[key] = [
                readable_mark_descriptions(child) if isinstance(child, Mapping) else child for child in out[key]
            ]
    if isinstance(out.get("spec"), Mapping):
        out["spec"] = readable_mark_descriptions(out["spec"])
    if "mark" in out:
        out = _readable_unit(out)
    return out


def theme_config() -> alt.theme.ThemeConfig:
    """The project's altair theme (a plain dict)."""
    label_size, title_size = 12, 13
    # the value axes of a narrow chart get fewer ticks (one per ~120 px), so that their labels never overlap
    ticks = alt.ExprRef("max(2, ceil(width / 120))").to_dict()
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
            "axisQuantitative": {"tickCount": ticks, "labelFlush": True},
            "legend": {
                "labelFontSize": label_size,
                "titleFontSize": title_size,
                "titleLimit": 320,
                "orient": "bottom",
                "direction": "vertical",
                # a legend below starts at the plot's left edge, right of the value axis
                "labelLimit": column_limit(110).to_dict(),
            },
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
