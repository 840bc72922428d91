"""Charts of the trends analysis (:mod:`analysis.analyses.trends` frames in, altair charts out).

Every chart draws one line per series and *segment*: a line is never drawn across a break. The breaks
(:func:`analysis.analyses.trends.series_breaks`: the SOC 2018 breaks and BLS's May 2021 change of estimation method) are
drawn as dashed vertical rules, labelled at the top.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.charts import theme
from analysis.errors import ChartInputError, ParameterError

_BREAK_COLOR = "#666666"


def _year_axis(years: list[int]) -> alt.X:
    return alt.X(
        "year:Q",
        title="May release",
        # every release has a tick where there is room (Vega halves the ticks past tickCount), and a label that
        # would overprint its neighbour is dropped
        axis=alt.Axis(
            format="d", values=years, labelAngle=0, labelOverlap=True, tickCount=alt.ExprRef("ceil(width / 45)")
        ),
        scale=alt.Scale(domain=[min(years) - 0.5, max(years) + 0.5], nice=False),
    )


def _grouped_breaks(breaks: pd.DataFrame) -> pd.DataFrame:
    """One row per break position: its label(s) joined and its key letter (A, B, ...) in the order of the years."""
    grouped = breaks.groupby("position", as_index=False).agg(
        label=("label", lambda labels: " + ".join(dict.fromkeys(labels)))
    )
    grouped["position"] = grouped["position"].astype("float64")
    grouped = grouped.sort_values("position").reset_index(drop=True)
    grouped["key"] = [chr(ord("A") + i) for i in range(len(grouped))]
    return grouped


def break_layers(breaks: pd.DataFrame) -> list[alt.Chart]:
    """Dashed rules at each break, keyed by a letter above the plot (several breaks at one position share one
    rule); :func:`break_notes` says what each letter stands for. A letter, not the break's words: words over a
    narrow chart would run off it."""
    if breaks.empty:
        return []
    base = alt.Chart(_grouped_breaks(breaks))
    rule = base.mark_rule(strokeDash=[5, 4], color=_BREAK_COLOR, strokeWidth=1.5).encode(
        x="position:Q", tooltip=alt.Tooltip("label:N", title="Series break")
    )
    text = base.mark_text(baseline="bottom", dy=-4, fontSize=12, fontWeight=600, color=_BREAK_COLOR).encode(
        x="position:Q", y=alt.value(0), text="key:N", tooltip=alt.Tooltip("label:N", title="Series break")
    )
    return [rule, text]


def break_notes(breaks: pd.DataFrame) -> list[str]:
    """The subtitle lines keying the dashed rules: "A: SOC 2018 hybrid codes begin (May 2019)"."""
    if breaks.empty:
        return []
    return [f"{r.key}: {r.label}" for r in _grouped_breaks(breaks).itertuples()]


def _line_frame(series: pd.DataFrame, measure: str) -> pd.DataFrame:
    out = series[["series", "role", "year", "occ_code", "occ_title", "segment", "segment_label", measure]].copy()
    out = out[out[measure].notna()]
    out[measure] = out[measure].astype("float64")
    out["year"] = out["year"].astype(int)
    out["line"] = [f"{s} {t}" if s == c else s for s, c, t in zip(out["series"], out["occ_code"], out["occ_title"])]
    out["line_segment"] = out["series"] + " #" + out["segment"].astype(str)
    base_measure = measure.removeprefix("real_")
    if base_measure in theme.MEASURE_LABELS:
        out["value_text"] = [theme.format_value(v, base_measure) for v in out[measure]]
    else:
        out["value_text"] = [f"{v:,.2f}" for v in out[measure]]
    return out


def _releases_words(years: list[int]) -> str:
    if not years:
        return "no release"
    return f"May {years[0]}" if len(years) == 1 else f"May {years[0]} to May {years[-1]}"


def describe_lines(rows: pd.DataFrame, breaks: pd.DataFrame, what: str, years: list[int]) -> str:
    """A sentence for screen readers: what is drawn, over which releases, which lines, where the breaks are."""
    lines = "; ".join(
        f"{name} ({_releases_words(sorted(int(y) for y in group['year'].unique()))})"
        for name, group in rows.groupby("series", sort=False)
    )
    text = (
        f"Line chart of {what}, U.S. national estimates for all industries, {_releases_words(years)}, one line per "
        f"occupation code: {lines or 'none'}."
    )
    if not breaks.empty:
        positions = sorted({(int(b.after), int(b.before)) for b in breaks.itertuples()})
        text += (
            " Dashed vertical rules mark breaks in the series between "
            + " and between ".join(f"May {a} and May {b}" for a, b in positions)
            + "; no line is drawn across a break."
        )
    return text + " The table below the chart lists every value."


def line_chart(
    series: pd.DataFrame,
    measure: str,
    breaks: pd.DataFrame,
    *,
    title: str,
    subtitle: list[str] | None = None,
    axis_title: str | None = None,
    axis_format: str | None = None,
    zero: bool = False,
    description: str | None = None,
) -> alt.LayerChart:
    """One line per (series, segment) of ``measure`` over the releases, breaks marked. ``zero=True`` starts the
    value axis at zero (wage charts: so that the slope does not exaggerate a change)."""
    rows = _line_frame(series, measure)
    years = sorted(int(y) for y in series["year"].unique())
    base_measure = measure.removeprefix("real_")
    try:
        default_title, default_format = theme.measure_label(base_measure), theme.axis_format(base_measure)
    except ParameterError:  # a measure without a label (e.g. "spread_p90_p10"): its own name, two decimals
        default_title, default_format = measure, ",.2f"
    lines = (
        alt.Chart(rows)
        .mark_line(point=True)
        .encode(
            x=_year_axis(years),
            y=alt.Y(
                f"{measure}:Q",
                title=axis_title or default_title,
                axis=alt.Axis(format=axis_format or default_format),
                scale=alt.Scale(zero=zero),
            ),
            color=alt.Color("line:N", title="Series", legend=alt.Legend(orient="bottom", columns=1)),
            detail="line_segment:N",
            strokeDash=alt.StrokeDash(
                "role:N",
                legend=None,
                scale=alt.Scale(domain=["requested", "related", "comparison"], range=[[1, 0], [4, 3], [1, 0]]),
            ),
            tooltip=[
                alt.Tooltip("line:N", title="Series"),
                alt.Tooltip("occ_code:N", title="Code published"),
                alt.Tooltip("year:Q", title="May", format="d"),
                alt.Tooltip("value_text:N", title="Value"),
                alt.Tooltip("segment_label:N", title="Comparable segment"),
            ],
        )
    )
    notes = list(subtitle or [])
    if (rows["role"] == "related").any():
        notes.append("Dotted lines: predecessor or hybrid codes, shown beside the series and never joined to it")
    if zero:
        notes.append("The value axis starts at zero")
    what = title[:1].lower() + title[1:]
    notes += break_notes(breaks)
    chart = alt.layer(lines, *break_layers(breaks)).properties(
        title=theme.chart_title(title, years, notes),
        description=description or describe_lines(rows, breaks, what, years),
    )
    return theme.finish(chart, name=f"{title} {years[0]}-{years[-1]}" if years else title)


def wage_chart(
    real_series: pd.DataFrame, breaks: pd.DataFrame, *, real: bool, base_year: int | None = None
) -> alt.LayerChart:
    """Annual mean wage by release, nominal or in ``base_year`` dollars (CPI-U)."""
    measure = "real_a_mean" if real else "a_mean"
    if real:
        title = f"Annual mean wage in May {base_year} dollars"
        subtitle = [
            (
                f"Adjusted with the annual-average CPI-U (BLS series CUUR0000SA0), base {base_year}; "
                "dashed lines: breaks in the series"
            )
        ]
        axis_title = f"Annual mean wage ({base_year} USD)"
    else:
        title = "Annual mean wage, as published"
        subtitle = ["Nominal dollars; dashed lines: breaks in the series (no line is drawn across one)"]
        axis_title = None
    return line_chart(real_series, measure, breaks, title=title, subtitle=subtitle, axis_title=axis_title, zero=True)


def employment_chart(series: pd.DataFrame, breaks: pd.DataFrame, *, include_comparison: bool = False) -> alt.LayerChart:
    """Employment by release (All Occupations left out by default: its scale would flatten the others)."""
    rows = series if include_comparison else series[series["role"] != "comparison"]
    return line_chart(
        rows,
        "tot_emp",
        breaks,
        title="Employment",
        subtitle=["National employment estimates; dashed lines: breaks in the series"],
        zero=True,
    )


def spread_chart(series: pd.DataFrame, breaks: pd.DataFrame) -> alt.LayerChart:
    """p90 / p10: how many times the 10th-percentile wage the 90th-percentile wage is."""
    return line_chart(
        series,
        "spread_p90_p10",
        breaks,
        title="Wage spread: 90th percentile over 10th",
        subtitle=["Ratio of annual wages at the 90th and 10th percentiles (not shown where top-coded)"],
        axis_title="90th / 10th percentile (ratio)",
        axis_format=".2f",
    )


def cross_break_chart(comparison: pd.DataFrame) -> alt.LayerChart:
    """The approximate comparison across the SOC break (:func:`analysis.analyses.cross_break.cross_break_comparison`):
    one bar per item and measure (as published, in base-year dollars), on an axis from zero. Bars, not a line:
    the items are different codes, never one series. The combined item (computed here) is drawn paler."""
    if comparison.empty:
        raise ChartInputError(
            "no cross-break comparison to draw: the predecessor or its successors are not loaded",
            found="0 rows",
            expected="the rows of analysis.analyses.cross_break.cross_break_comparison for releases that hold the "
            "predecessor code and its successors",
        )
    base = int(comparison["base_year"].iloc[0])
    real_name = f"In May {base} dollars (CPI-U)"
    records = []
    for row in comparison.itertuples():
        if pd.isna(row.a_mean):
            continue
        published = row.kind != "combined"
        for measure, value in (("As published", row.a_mean), (real_name, row.real_a_mean)):
            exact = published and (measure == "As published" or int(row.year) == base)
            amount = float(value) if exact else round(float(value))
            records.append(
                {
                    "item": int(row.item),
                    "label": str(row.label),
                    "title": str(row.occ_title),
                    "measure": measure,
                    "value": float(value),
                    "value_text": theme.format_value(amount, "a_mean") + ("" if exact else " (computed)"),
                    "source": "published by BLS" if published else "computed here (approximate)",
                }
            )
    rows = pd.DataFrame(records)
    order = list(dict.fromkeys(rows.sort_values("item")["label"]))
    years = sorted({int(y) for y in comparison["year"]})
    first = comparison.iloc[0]
    # horizontal bars, each item named above its pair of bars: the names stay whole on a phone's column
    y = alt.Y("label:N", sort=order, title=None, axis=None, scale=alt.Scale(paddingInner=0.45, paddingOuter=0.4))
    bars = (
        alt.Chart(rows)
        .mark_bar()
        .encode(
            y=y,
            yOffset=alt.YOffset("measure:N", sort=["As published", real_name]),
            x=alt.X(
                "value:Q", title="Annual mean wage (USD)", axis=alt.Axis(format="$,.0f"), scale=alt.Scale(zero=True)
            ),
            color=alt.Color("measure:N", title=None, sort=["As published", real_name]),
            # a condition, not a scale over a discrete field: Vega-Lite warns of "opacity ... with an unsorted
            # discrete field" even when given a sort (JupyterLab's own Vega-Lite 5.6 logs it)
            opacity=alt.when(alt.datum.source == "published by BLS").then(alt.value(1.0)).otherwise(alt.value(0.5)),
            tooltip=[
                alt.Tooltip("label:N", title="Item"),
                alt.Tooltip("title:N", title="BLS title"),
                alt.Tooltip("measure:N", title="Dollars"),
                alt.Tooltip("value_text:N", title="Annual mean"),
                alt.Tooltip("source:N", title="Figure"),
            ],
        )
    )
    names = alt.Chart(pd.DataFrame({"label": order}))
    layers = [bars, *theme.row_labels(names, y, "label", above=21)]
    parts = []
    for r in comparison.itertuples():
        if pd.isna(r.a_mean):
            continue
        nominal = theme.format_value(round(float(r.a_mean)), "a_mean")
        text = f"{r.label}: {nominal} as published" if r.kind != "combined" else f"{r.label}: about {nominal}, computed"
        if int(r.year) != base:
            text += f", {theme.format_value(round(float(r.real_a_mean)), 'a_mean')} in May {base} dollars"
        parts.append(text)
    described = "; ".join(parts)
    description = (
        f"Bar chart, an approximate comparison across the 2018 SOC break, not one series: "
        f"{first['occ_codes']} in May {int(first['year'])} beside its successor codes and their "
        f"employment-weighted combination. {described}. The value axis starts at zero."
    )
    chart = alt.layer(*layers).properties(
        height=alt.Step(64, **{"for": "position"}),  # 64 px an item (not a bar): its name and its two bars
        title=theme.chart_title(
            "Across the SOC break: an approximate comparison, not one series",
            years,
            [
                (
                    f"{first['occ_codes']} (2010 SOC) beside the 2018 SOC codes that split its work; "
                    "different codes and estimation methods, so every bar is approximate"
                ),
                (
                    "Paler bars: employment-weighted mean of the successors, computed here (not published by BLS); "
                    "the value axis starts at zero"
                ),
            ],
        ),
        description=description,
    )
    return theme.finish(chart, name=f"across the SOC break {first['occ_codes']}")
