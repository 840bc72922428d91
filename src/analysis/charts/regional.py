"""Charts and display tables of the regional analysis (:mod:`analysis.analyses.regional` frames in, altair charts out).

- :func:`state_map`: choropleth of a measure by state, offline (us-atlas shapes bundled in ``analysis/assets``,
  embedded once per chart); states with no published number are grey and say why in the tooltip.
- :func:`ranking_chart`: point estimates with their 95% intervals, highest first (states, top/bottom metros,
  a state's areas), optional reference lines (national or state value).
- :func:`metro_nonmetro_chart`: every metropolitan and nonmetropolitan area's value, with the
  employment-weighted average of each group.
- :func:`ranking_table`: the same numbers as text for a notebook table, top-codes as "at least $X", with each
  area's employment and jobs per 1,000 beside the measure.
- :func:`rank_change_table`: nominal and cost-of-living adjusted ranks of the states side by side.

Frames from :func:`analysis.analyses.cost_of_living.adjust_estimates` (an ``rpp`` column) are labelled "in
U.S.-average prices" and cite the RPP year in the subtitle. Every chart carries a Vega-Lite ``description``.

Top-coded and suppressed values are never drawn as numbers: maps colour them grey, rankings leave them out
and say how many were left out in the subtitle (the tables list them).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Any

import altair as alt
import pandas as pd

from analysis.analyses.regional import RSE_OF
from analysis.charts import theme
from analysis.conventions import sampling
from analysis.errors import ChartInputError

#: us-atlas 3.0.1 states-albers-10m.json (ISC licence; see analysis/assets/README.md).
STATE_SHAPES_ASSET = "us-atlas-states-albers-10m.json"
#: Size of the pre-projected (Albers USA) coordinate space of the shapes.
MAP_WIDTH, MAP_HEIGHT = 975, 610

#: Pixel height per row of a ranking chart.
ROW_STEP = 16


@lru_cache(maxsize=1)
def state_shapes() -> dict:
    """The bundled TopoJSON of the 50 states and DC (ids are state FIPS codes, e.g. "06")."""
    text = resources.files("analysis").joinpath("assets", STATE_SHAPES_ASSET).read_text(encoding="utf-8")
    return json.loads(text)


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


def _interval_text(row: pd.Series, measure: str) -> str:
    lower, upper = row.get("lower"), row.get("upper")
    if pd.isna(row.get("value")):
        if row.get("status") == "top_coded":
            return "no upper bound (top-coded)"
        return "—"
    if pd.isna(row.get("rse")):
        return "none (no published RSE)"
    # The bounds are computed, not published: round them as BLS rounds the measure (whole dollars, cents).
    digits = (
        2 if theme.measure_kind(measure) == "hourly" else 0 if theme.measure_kind(measure) in ("annual", "count") else 3
    )
    low = theme.format_value(round(float(lower), digits), measure)
    high = theme.format_value(round(float(upper), digits), measure)
    return f"{low} to {high}"


def is_adjusted(frame: pd.DataFrame) -> bool:
    """True for a frame in U.S.-average prices (from :func:`analysis.analyses.cost_of_living.adjust_estimates`)."""
    return "rpp" in frame.columns and "adjusted" in frame.columns


def value_label(frame: pd.DataFrame, measure: str) -> str:
    """The measure's label with its unit; "... in U.S.-average prices (USD)" for an adjusted frame."""
    label = theme.measure_label(measure)
    if is_adjusted(frame):
        return label.replace(" (USD)", " in U.S.-average prices (USD)")
    return label


def _phrase(label: str) -> str:
    """A label for running text: "Annual mean wage (USD)" -> "annual mean wage (USD)"."""
    return label[:1].lower() + label[1:]


def _rpp_years(frame: pd.DataFrame) -> str:
    return ", ".join(str(y) for y in sorted({int(y) for y in frame["rpp_year"].dropna()}))


def _rpp_note(frame: pd.DataFrame) -> str | None:
    if not is_adjusted(frame):
        return None
    years = sorted({int(y) for y in frame["rpp_year"].dropna()})
    return (
        f"Divided by BEA Regional Price Parities {', '.join(map(str, years))} (U.S. = 100); BEA publishes no "
        "error for RPPs."
    )


def _rounded(value, measure: str):
    """Computed values (adjusted wages) rounded as BLS rounds the measure; published values are unchanged."""
    if value is None or pd.isna(value):
        return value
    kind = theme.measure_kind(measure)
    return round(float(value), 2 if kind == "hourly" else 0 if kind in ("annual", "count") else 3)


def format_computed(value, measure: str) -> str:
    """A computed figure (e.g. an adjusted wage) written as BLS writes the measure: "$61,624", "$29.63"."""
    return theme.format_value(_rounded(value, measure), measure)


def display_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns for tooltips and tables: ``display`` (the published value, "at least $X" when top-coded,
    "suppressed (...)" otherwise), ``rse_text``, ``interval_text``, ``status_text``, ``employment_text``,
    ``jobs_1000_text``."""
    out = frame.copy()
    measure = str(out["measure"].iloc[0]) if len(out) else "a_mean"
    out["display"] = [
        theme.format_value(_rounded(v, measure), measure, s, None if pd.isna(t) else _rounded(t, measure))
        for v, s, t in zip(out["value"], out["status"], out["top_code"])
    ]
    if is_adjusted(out):
        not_adjusted = ~out["adjusted"].astype(bool)
        out.loc[not_adjusted, "display"] = "no RPP: not adjusted"
    for column, text_column in (("tot_emp", "employment_text"), ("jobs_1000", "jobs_1000_text")):
        if column in out.columns:
            status = out[f"{column}_status"] if f"{column}_status" in out.columns else [None] * len(out)
            out[text_column] = [theme.format_value(v, column, st) for v, st in zip(out[column], status)]
    out["rse_text"] = [theme.format_rse(r) if pd.notna(v) else "—" for r, v in zip(out["rse"], out["value"])]
    out["interval_text"] = [_interval_text(row, measure) for _, row in out.iterrows()]
    out["status_text"] = [theme.status_text(s) if pd.notna(s) else "published" for s in out["status"]]
    return out


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    return [{c: _plain(v) for c, v in zip(columns, row)} for row in frame[columns].itertuples(index=False)]


def _tooltips(measure: str, *, area_label: str = "Area", extra: list[alt.Tooltip] | None = None) -> list[alt.Tooltip]:
    tips = [
        alt.Tooltip("area_title:N", title=area_label),
        alt.Tooltip("display:N", title=theme.measure_label(measure)),
        alt.Tooltip("rse_text:N", title="Relative standard error"),
        alt.Tooltip("interval_text:N", title="95% interval"),
        alt.Tooltip("rank_label:N", title="Rank (range)"),
        alt.Tooltip("employment_text:N", title="Employment (jobs)"),
    ]
    return tips + (extra or [])


def _year(frame: pd.DataFrame) -> int:
    years = sorted(int(y) for y in frame["year"].dropna().unique())
    if len(years) != 1:
        raise ChartInputError(
            "a regional chart shows one release",
            found=f"rows of {' and '.join(f'May {y}' for y in years)}" if years else "no release year (no rows)",
            expected="the rows of one May release (select one year before charting)",
        )
    return years[0]


def _measure(frame: pd.DataFrame) -> str:
    if frame.empty:
        raise ChartInputError(
            "nothing to show: the frame has no rows (no area of this kind has estimates)",
            found="0 rows",
            expected="at least one area's row from a regional ranking",
        )
    measures = [str(m) for m in frame["measure"].dropna().unique()]
    if len(measures) != 1:
        raise ChartInputError(
            "a regional chart shows one measure",
            found=f"measures {', '.join(measures)}" if measures else "no measure (every row's measure is missing)",
            expected="the rows of one measure, as a regional ranking returns them",
        )
    return measures[0]


def _occupation_title(frame: pd.DataFrame) -> str:
    titles = frame["occ_title"].dropna()
    code = frame["occ_code"].dropna()
    name = str(titles.iloc[0]) if len(titles) else ""
    return f"{name} ({code.iloc[0]})" if len(code) else name


def _omitted_note(frame: pd.DataFrame, measure: str) -> str | None:
    top_coded = frame[(frame["status"] == "top_coded").fillna(False)]
    suppressed = frame[frame["value"].isna() & ~(frame["status"] == "top_coded").fillna(False)]
    parts = []
    if len(top_coded):
        bounds = sorted({theme.format_value(None, measure, "top_coded", t) for t in top_coded["top_code"]})
        parts.append(f"{len(top_coded)} top-coded ({', '.join(bounds)})")
    if len(suppressed):
        parts.append(f"{len(suppressed)} suppressed")
    if not parts:
        return None
    return "Not drawn: " + " and ".join(parts) + "; see the table."


def _interval_note(frame: pd.DataFrame, measure: str) -> str:

    if measure in RSE_OF:
        what = "employment" if measure == "tot_emp" else "the mean wage"
        return f"Lines: 95% intervals from BLS's published relative standard error of {what}."
    return "No intervals: BLS publishes no relative standard error for this measure."


def state_map(ranked: pd.DataFrame, *, title: str | None = None) -> alt.LayerChart:
    """Choropleth of a :func:`analysis.analyses.regional.state_ranking` frame (50 states and DC; territories are not
    on the map). Grey states: no published number (tooltip says suppressed or "at least $X")."""
    measure, year = _measure(ranked), _year(ranked)
    rows = display_columns(ranked[ranked["area"].str.len() == 2])
    label = value_label(ranked, measure)
    fields = [
        "area_title",
        "value",
        "display",
        "rse_text",
        "interval_text",
        "rank_label",
        "status_text",
        "employment_text",
    ]
    records = _records(rows.assign(rank_label=rows["rank_label"].fillna("not ranked")), ["area", *fields])
    shapes = alt.Data(values=state_shapes(), format=alt.DataFormat(type="topojson", feature="states"))
    base = alt.Chart(shapes).transform_lookup(
        lookup="id", from_=alt.LookupData(data=alt.InlineData(values=records), key="area", fields=fields)
    )
    tooltips = _tooltips(measure, area_label="State")
    tooltips[1] = alt.Tooltip("display:N", title=label)
    not_published = base.mark_geoshape(fill=theme.NOT_PUBLISHED_COLOR, stroke="white", strokeWidth=0.7).encode(
        tooltip=tooltips
    )
    published = (
        base.transform_filter("isValid(datum.value) && isFinite(datum.value)")
        .mark_geoshape(stroke="white", strokeWidth=0.7)
        .encode(
            color=alt.Color(
                "value:Q",
                scale=alt.Scale(scheme=theme.SEQUENTIAL_SCHEME, zero=False),
                legend=alt.Legend(
                    title=label,
                    format=theme.axis_format(measure),
                    orient="bottom",  # below the map: on a phone the map keeps the column's width
                    direction="horizontal",
                    gradientLength=200,
                    labelOverlap="greedy",
                    titleLimit=260,
                ),
            ),
            tooltip=tooltips,
        )
    )
    subtitle = [
        "Grey: no published number (suppressed or top-coded). Territories are not mapped; see the table.",
        _rpp_note(ranked),
    ]
    chart_heading = title or f"{_occupation_title(ranked)}: {label} by state"
    shown = rows[rows["value"].notna()]
    description = (
        f"Map of the 50 states and the District of Columbia coloured by {_phrase(label)} for "
        f"{_occupation_title(ranked)}, BLS OEWS May {year}; darker is higher. {len(shown)} states have "
        "a published number; the others are grey."
    )
    if len(shown):
        top, bottom = shown.loc[shown["value"].idxmax()], shown.loc[shown["value"].idxmin()]
        description += (
            f" Highest published number: {top['area_title']} ({top['display']}); lowest: "
            f"{bottom['area_title']} ({bottom['display']})."
        )
    chart = (
        alt.layer(not_published, published)
        .project(type="identity", reflectY=False)
        .properties(
            width=620,
            height=round(620 * MAP_HEIGHT / MAP_WIDTH),
            title=theme.chart_title(chart_heading, year, [t for t in subtitle if t]),
            description=description,
        )
    )
    return theme.finish(chart, name=f"map {chart_heading} May {year}")


def ranking_chart(
    ranked: pd.DataFrame,
    *,
    title: str,
    group: str | None = None,
    references: dict[str, float] | None = None,
    area_label: str = "Area",
    area_set: str | None = None,
) -> alt.LayerChart:
    """Each area's published value (point) and 95% interval (line), highest first.

    ``area_set`` names the areas for the chart's description ("the 50 states and the District of Columbia").

    ``group`` names a column to colour points by (e.g. "group" of :func:`analysis.analyses.regional.top_and_bottom`);
    ``references`` maps a label to a value drawn as a vertical line (e.g. {"U.S.": 95000.0}); only published
    numbers are drawn (the subtitle counts top-coded and suppressed areas left out)."""
    measure, year = _measure(ranked), _year(ranked)
    rows = display_columns(ranked)
    drawn = rows[rows["value"].notna()].copy()
    drawn["rank_label"] = drawn["rank_label"].fillna("not ranked")
    drawn["has_interval"] = drawn["rse"].notna()
    columns = [
        "area",
        "area_title",
        "value",
        "lower",
        "upper",
        "has_interval",
        "display",
        "rse_text",
        "interval_text",
        "rank_label",
        "employment_text",
    ] + ([group] if group else [])
    data = pd.DataFrame(_records(drawn, columns))
    label = value_label(ranked, measure)
    axis = alt.Axis(format=theme.axis_format(measure), title=label)
    y = alt.Y(
        "area_title:N",
        sort=alt.EncodingSortField("value", order="descending"),
        title=None,
        axis=alt.Axis(labelLimit=theme.label_limit()),
    )
    tooltips = _tooltips(
        measure, area_label=area_label, extra=[alt.Tooltip(f"{group}:N", title="Group")] if group else None
    )
    tooltips[1] = alt.Tooltip("display:N", title=label)
    base = alt.Chart(data)
    intervals = (
        base.transform_filter("datum.has_interval")
        .mark_rule(color=theme.INTERVAL_COLOR, strokeWidth=3)
        .encode(x=alt.X("lower:Q", axis=axis, scale=alt.Scale(zero=False)), x2="upper:Q", y=y, tooltip=tooltips)
    )
    point_encoding: dict[str, Any] = {
        "x": alt.X("value:Q", axis=axis, scale=alt.Scale(zero=False)),
        "y": y,
        "tooltip": tooltips,
    }
    if group:
        order = list(dict.fromkeys(str(g) for g in drawn[group].dropna()))  # legend in the frame's order (Top first)
        point_encoding["color"] = alt.Color(
            f"{group}:N",
            title=None,
            sort=order,
            scale=alt.Scale(domain=order),
            # reference labels (U.S., the state) stand above the plot: the legend goes below, clear of them
            legend=alt.Legend(orient="bottom" if references else "top"),
        )
    points = base.mark_point(filled=True, size=55, opacity=1).encode(**point_encoding)
    # a measure without a published RSE draws no interval layer at all (an empty one makes Vega warn
    # "Infinite extent for field lower/upper"); the subtitle says there are no intervals
    layers: list[alt.Chart] = [intervals, points] if drawn["has_interval"].any() else [points]
    if references:
        reference_rows = pd.DataFrame(
            [
                {"label": label, "value": float(value), "display": format_computed(value, measure)}
                for label, value in references.items()
                if value is not None and not pd.isna(value)
            ]
        )
        if len(reference_rows):
            ref = alt.Chart(reference_rows)
            layers.append(
                ref.mark_rule(color=theme.REFERENCE_COLOR, strokeDash=[4, 3]).encode(
                    x="value:Q",
                    tooltip=[alt.Tooltip("label:N", title="Reference"), alt.Tooltip("display:N", title="Value")],
                )
            )
            # One label per line, stacked above the plot so that close references do not overprint.
            for position, label in enumerate(reference_rows["label"]):
                layers.append(
                    ref.transform_filter(alt.datum.label == label)
                    .mark_text(
                        align="left",
                        dx=3,
                        baseline="bottom",
                        fontSize=11,
                        color=theme.REFERENCE_COLOR,
                    )
                    .encode(x="value:Q", y=alt.value(-3 - 13 * position), text=alt.Text("label:N"))
                )
    subtitle = [_interval_note(rows, measure)]
    omitted = _omitted_note(rows, measure)
    if omitted:
        subtitle.append(omitted)
    rpp_note = _rpp_note(ranked)
    if rpp_note:
        subtitle.append(rpp_note)
    adjustment = f" in U.S.-average prices (BEA RPPs {_rpp_years(ranked)})" if is_adjusted(ranked) else ""
    description = (
        f"Dot chart of the {theme.measure_phrase(measure)}{adjustment} of {_occupation_title(ranked)} in "
        f"{area_set or f'{len(drawn)} areas'}, highest first, BLS OEWS May {year}"
        + (
            "; lines are 95% intervals from BLS's relative standard errors"
            if drawn["has_interval"].any()
            else "; no intervals (BLS publishes no error for this measure)"
        )
        + "."
    )
    if len(drawn):
        top, bottom = drawn.loc[drawn["value"].idxmax()], drawn.loc[drawn["value"].idxmin()]
        description += (
            f" Highest: {top['area_title']} ({top['display']}); lowest: {bottom['area_title']} ({bottom['display']})."
        )
    chart = alt.layer(*layers).properties(
        width=520, height=alt.Step(ROW_STEP), title=theme.chart_title(title, year, subtitle), description=description
    )
    return theme.finish(chart, name=f"{title} May {year}")


def metro_nonmetro_chart(areas: pd.DataFrame, summary: pd.DataFrame, *, title: str | None = None) -> alt.LayerChart:
    """Every metropolitan and nonmetropolitan area's value (ticks) and each group's employment-weighted
    average (black diamond). ``areas`` from :func:`analysis.analyses.regional.metro_and_nonmetro_estimates`, ``summary``
    from :func:`analysis.analyses.regional.metro_nonmetro_summary`."""
    measure, year = _measure(areas), _year(areas)
    rows = display_columns(areas)
    drawn = rows[rows["value"].notna()].assign(rank_label="—")
    data = pd.DataFrame(
        _records(drawn, ["area_title", "group", "value", "display", "rse_text", "interval_text", "rank_label"])
    )
    axis = alt.Axis(format=theme.axis_format(measure), title=theme.measure_label(measure))
    y = alt.Y("group:N", title=None, sort=[s for s in summary["group"]])
    ticks = (
        alt.Chart(data)
        .mark_tick(thickness=1.5, size=26, opacity=0.55)
        .encode(
            x=alt.X("value:Q", axis=axis, scale=alt.Scale(zero=False)),
            y=y,
            color=alt.Color("group:N", legend=None),
            tooltip=_tooltips(measure),
        )
    )
    summary_rows = summary.copy()
    summary_rows["display"] = [format_computed(v, measure) for v in summary_rows["value"]]
    summary_rows["coverage"] = [
        f"{p} of {n} areas published; {e:,.0f} jobs"
        for p, n, e in zip(summary_rows["n_published"], summary_rows["n_areas"], summary_rows["employment_covered"])
    ]
    summary_data = pd.DataFrame(
        _records(summary_rows[summary_rows["value"].notna()], ["group", "statistic", "value", "display", "coverage"])
    )
    averages = (
        alt.Chart(summary_data)
        .mark_point(shape="diamond", filled=True, size=140, color=theme.REFERENCE_COLOR)
        .encode(
            x="value:Q",
            y=y,
            tooltip=[
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("statistic:N", title="Statistic"),
                alt.Tooltip("display:N", title="Value"),
                alt.Tooltip("coverage:N", title="Coverage"),
            ],
        )
    )
    statistic = str(summary["statistic"].iloc[0]) if len(summary) else ""
    subtitle = [f"Ticks: one per area's published value. Diamond: {statistic.lower()}."]
    omitted = _omitted_note(rows, measure)
    if omitted:
        subtitle.append(omitted)
    heading = title or f"{_occupation_title(areas)}: metropolitan vs nonmetropolitan areas"
    description = (
        f"Strip chart of {theme.measure_phrase(measure)} in {len(drawn)} metropolitan and "
        f"nonmetropolitan areas, BLS OEWS May {year}, one tick per area, with each group's "
        f"{statistic.lower()} as a diamond: "
        + "; ".join(f"{g}: {d}" for g, d in zip(summary_rows["group"], summary_rows["display"]))
        + "."
    )
    chart = alt.layer(ticks, averages).properties(
        width=520, height=alt.Step(60), title=theme.chart_title(heading, year, subtitle), description=description
    )
    return theme.finish(chart, name=f"{heading} May {year}")


def ranking_table(ranked: pd.DataFrame, *, area_label: str = "Area") -> pd.DataFrame:
    """A readable table of a ranked frame: area, published value (or "at least $X" / "suppressed (...)"),
    RSE, 95% interval, rank range, and the area's employment and jobs per 1,000 jobs (BLS's ``tot_emp`` and
    ``jobs_1000``; left out when they are the measure itself). Every row of ``ranked`` is kept."""
    if ranked.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype="string")
                for c in (
                    "Rank",
                    "Could rank",
                    area_label,
                    "Value",
                    "RSE",
                    "95% interval",
                    "Employment",
                    "Jobs per 1,000",
                )
            }
        )
    measure = _measure(ranked)
    rows = display_columns(ranked)
    table = pd.DataFrame(
        {
            "Rank": rows["rank"].astype("string").fillna("—"),
            "Could rank": rows["rank_label"].fillna("—"),
            area_label: rows["area_title"],
            value_label(ranked, measure): rows["display"],
            "RSE": rows["rse_text"],
            "95% interval": rows["interval_text"],
        }
    )
    if measure not in RSE_OF:  # BLS publishes no error for this measure: no empty columns (the text says so)
        table = table.drop(columns=["RSE", "95% interval"])
    # the next questions: how many jobs, and how concentrated (BLS's tot_emp and jobs_1000 of the same rows)
    if measure != "tot_emp" and "employment_text" in rows.columns:
        table["Employment"] = rows["employment_text"]
    if measure != "jobs_1000" and "jobs_1000_text" in rows.columns:
        table["Jobs per 1,000"] = rows["jobs_1000_text"]
    if "mean_prse" in rows.columns:
        table["Reliability floor"] = [
            "met" if sampling.meets_floor(jobs, rse) else "not met"
            for jobs, rse in zip(rows["tot_emp"], rows["mean_prse"])
        ]
    if "group" in rows.columns:
        table.insert(3, "Group", rows["group"])
    return table.reset_index(drop=True)


def not_published_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A readable table of :func:`analysis.analyses.regional.not_published`: area, what BLS published instead,
    meaning."""
    if frame.empty:
        return pd.DataFrame({"Area": [], "Published as": [], "BLS meaning": []})
    measure = _measure(frame)
    return pd.DataFrame(
        {
            "Area": frame["area_title"],
            "Published as": [
                theme.format_value(None, measure, s if s in theme.STATUSES else None, t)
                if s in theme.STATUSES
                else "no value"
                for s, t in zip(frame["status"], frame["top_code"])
            ],
            "BLS meaning": frame["meaning"],
        }
    ).reset_index(drop=True)


def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """A readable table of :func:`analysis.analyses.regional.metro_nonmetro_summary`."""
    measure = str(summary["measure"].iloc[0])
    return pd.DataFrame(
        {
            "Areas": summary["group"],
            "Statistic": summary["statistic"],
            theme.measure_label(measure): [format_computed(v, measure) for v in summary["value"]],
            "Median of the areas": [theme.format_value(v, measure) for v in summary["median_of_areas"]],
            "Lowest area": [theme.format_value(v, measure) for v in summary["lowest"]],
            "Highest area": [theme.format_value(v, measure) for v in summary["highest"]],
            "Areas published": [f"{p} of {n}" for p, n in zip(summary["n_published"], summary["n_areas"])],
            "Top-coded": summary["n_top_coded"],
            "Suppressed": summary["n_suppressed"],
            "Employment covered": [f"{e:,.0f}" for e in summary["employment_covered"]],
        }
    )


def _rank_with_range(ranks: pd.Series, labels: pd.Series) -> list[str]:
    """ "2 (could be 1–7)": the single rank beside the range its interval allows; "4" when they agree."""
    out = []
    for rank, label in zip(ranks, labels):
        if pd.isna(rank):
            out.append("—")
        else:
            out.append(str(int(rank)) if str(label) == str(int(rank)) else f"{int(rank)} (could be {label})")
    return out


def _change_text(change) -> str:
    if change is None or pd.isna(change):
        return "—"
    change = int(change)
    if change == 0:
        return "same"
    return f"up {change}" if change > 0 else f"down {-change}"


def rank_change_table(changes: pd.DataFrame, measure: str) -> pd.DataFrame:
    """A readable table of :func:`analysis.analyses.cost_of_living.rank_changes`: each state's published wage, its
    RPP, the wage in U.S.-average prices, both ranks ("up 5": five places higher once prices are counted), its
    employment and jobs per 1,000."""
    return pd.DataFrame(
        {
            "State": changes["area_title"],
            theme.measure_label(measure): [
                theme.format_value(v, measure) if pd.notna(v) else "not published" for v in changes["nominal_value"]
            ],
            "RPP (U.S. = 100)": [f"{float(r):.3f}" if pd.notna(r) else "no RPP" for r in changes["rpp"]],
            "In U.S.-average prices": [
                theme.format_value(_rounded(v, measure), measure) if pd.notna(v) else "—"
                for v in changes["adjusted_value"]
            ],
            "Rank (published)": _rank_with_range(changes["nominal_rank"], changes["nominal_rank_label"]),
            "Rank (U.S.-average prices)": _rank_with_range(changes["adjusted_rank"], changes["adjusted_rank_label"]),
            "Change": [_change_text(c) for c in changes["change"]],
            "Employment": [
                theme.format_value(v, "tot_emp", s) for v, s in zip(changes["tot_emp"], changes["tot_emp_status"])
            ],
            "Jobs per 1,000": [
                theme.format_value(v, "jobs_1000", s) for v, s in zip(changes["jobs_1000"], changes["jobs_1000_status"])
            ],
        }
    ).reset_index(drop=True)
