"""Tables and charts of the area comparison (:mod:`analysis.analyses.compare` frames in).

- :func:`side_by_side_table`: one row per measure, one column per area; published values (or, with
  ``adjusted=True``, values in U.S.-average prices), with the 95% interval where BLS publishes an RSE.
- :func:`distribution_chart`: each area's published wage distribution (10th to 90th percentile line, 25th to
  75th bar, median tick, mean point) with an optional salary line.
- :func:`mean_chart`: each area's mean wage with its 95% interval, published and in U.S.-average prices;
  :func:`employment_chart`: employment with its 95% interval.
- :func:`tell_apart_table`, :func:`salary_table`: the pairwise verdicts and the salary check as text.

Top-coded and suppressed values are never drawn as numbers; subtitles count what was left out. Every chart has a
Vega-Lite ``description``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.analyses import compare, regional
from analysis.analyses.parameters import words_list
from analysis.charts import theme
from analysis.charts.regional import format_computed

_MARKS = {
    "a_pct10": "10th",
    "a_pct25": "25th",
    "a_median": "median",
    "a_pct75": "75th",
    "a_pct90": "90th",
    "a_mean": "mean",
}


def _cell(row: pd.Series, prefix: str) -> str:
    measure = str(row["measure"])
    value, top_code = row[f"{prefix}value"], row[f"{prefix}top_code"]
    if prefix and pd.isna(row["rpp"]):
        return "no RPP: not adjusted"
    if pd.isna(value):
        return theme.format_value(
            None,
            measure,
            row["status"] if pd.notna(row["status"]) else None,
            None if pd.isna(top_code) else round(float(top_code)),
        )
    text = format_computed(value, measure)
    if measure in regional.RSE_OF and pd.notna(row["rse"]):
        text += (
            f" (95%: {format_computed(row[f'{prefix}lower'], measure)} to "
            f"{format_computed(row[f'{prefix}upper'], measure)})"
        )
    return text


def side_by_side_table(compared: pd.DataFrame, *, adjusted: bool = False) -> pd.DataFrame:
    """Measures as rows, areas as columns (in the order asked). ``adjusted``: wages in U.S.-average prices only."""
    rows = compared if not adjusted else compared[compared["measure"].str.startswith(("a_", "h_"))]
    prefix = "adj_" if adjusted else ""
    titles = compared.drop_duplicates("area").sort_values("order")
    table = {"Measure": [theme.measure_label(m) for m in dict.fromkeys(rows["measure"])]}
    for _, area in titles.iterrows():
        cells = rows[rows["area"] == area["area"]]
        table[str(area["area_title"])] = [_cell(r, prefix) for _, r in cells.iterrows()]
    if adjusted:
        rpp_row = ["BEA RPP (U.S. = 100)"]
        for _, area in titles.iterrows():
            rpp = compared.loc[compared["area"] == area["area"], "rpp"].dropna()
            rpp_row.append(f"{float(rpp.iloc[0]):.3f}" if len(rpp) else "not bundled")
        for column, value in zip(table, rpp_row):
            table[column].append(value)
    return pd.DataFrame(table)


def _year(compared: pd.DataFrame) -> int:
    return int(compared["year"].dropna().iloc[0])


def _occupation(compared: pd.DataFrame) -> str:
    return f"{compared['occ_title'].dropna().iloc[0]} ({compared['occ_code'].dropna().iloc[0]})"


def distribution_chart(
    compared: pd.DataFrame, *, salary: float | None = None, adjusted: bool = False
) -> alt.LayerChart:
    """Each area's annual wage distribution as BLS publishes it: a line from the 10th to the 90th percentile, a
    bar from the 25th to the 75th, a tick at the median and a dot at the mean; ``salary`` as a dashed line."""
    prefix = "adj_" if adjusted else ""
    rows = compared[compared["measure"].isin(list(_MARKS))].copy()
    rows["v"] = rows[f"{prefix}value"].astype("Float64")
    order = list(compared.drop_duplicates("area").sort_values("order")["area_title"])
    wide = rows.pivot_table(index="area_title", columns="measure", values="v", aggfunc="first")
    wide = wide.reindex(order)
    records = []
    for title, values in wide.iterrows():
        record = {"area_title": title}
        for measure in _MARKS:
            value = values.get(measure)
            record[measure] = None if value is None or pd.isna(value) else float(round(float(value)))
            record[f"{measure}_text"] = "not published" if record[measure] is None else format_computed(value, measure)
        records.append(record)
    data = pd.DataFrame.from_records(records)
    label = "Annual wage (USD)" if not adjusted else "Annual wage in U.S.-average prices (USD)"
    axis = alt.Axis(format="$,.0f", title=label)
    y = alt.Y("area_title:N", sort=order, title=None, axis=alt.Axis(labelLimit=theme.label_limit()))
    tips = [alt.Tooltip("area_title:N", title="Area")] + [
        alt.Tooltip(f"{m}_text:N", title=theme.measure_label(m).replace(" (USD)", "")) for m in _MARKS
    ]
    base = alt.Chart(data)
    layers = [
        base.transform_filter("isValid(datum.a_pct10) && isValid(datum.a_pct90)")
        .mark_rule(color=theme.INTERVAL_COLOR, strokeWidth=2)
        .encode(x=alt.X("a_pct10:Q", axis=axis, scale=alt.Scale(zero=False)), x2="a_pct90:Q", y=y, tooltip=tips),
        base.transform_filter("isValid(datum.a_pct25) && isValid(datum.a_pct75)")
        .mark_bar(height=14, color=theme.OKABE_ITO[4])
        .encode(x="a_pct25:Q", x2="a_pct75:Q", y=y, tooltip=tips),
        base.transform_filter("isValid(datum.a_median)")
        .mark_tick(color=theme.OKABE_ITO[0], thickness=3, size=20)
        .encode(x="a_median:Q", y=y, tooltip=tips),
        base.transform_filter("isValid(datum.a_mean)")
        .mark_point(shape="diamond", filled=True, size=70, color=theme.REFERENCE_COLOR)
        .encode(x="a_mean:Q", y=y, tooltip=tips),
    ]
    subtitle = ["Line: 10th to 90th percentile; bar: 25th to 75th; tick: median; diamond: mean."]
    missing = rows[rows["v"].isna()]
    if adjusted:
        missing = missing[missing["rpp"].notna()]
    if len(missing):
        subtitle.append(
            f"Not drawn: {len(missing)} values not published as a number (top-coded or suppressed); see the table."
        )
    if adjusted:
        years = sorted({int(y) for y in compared["rpp_year"].dropna()})
        subtitle.append(
            f"Divided by BEA Regional Price Parities {', '.join(map(str, years))}; areas without an RPP are left out."
        )
    description = (
        f"Wage distributions of {_occupation(compared)} in {words_list([str(t) for t in order])}, BLS OEWS May "
        f"{_year(compared)}" + (" in U.S.-average prices" if adjusted else "") + ": for each area a line "
        "from the 10th to the 90th percentile, a bar from the 25th to the 75th, the median and the mean."
    )
    if salary is not None:
        line = pd.DataFrame([{"salary": float(salary), "text": f"Salary {format_computed(salary, 'a_mean')}"}])
        layers.append(
            alt.Chart(line)
            .mark_rule(color=theme.OKABE_ITO[5], strokeDash=[5, 3], strokeWidth=2)
            .encode(x="salary:Q", tooltip=[alt.Tooltip("text:N", title="Salary")])
        )
        layers.append(
            alt.Chart(line)
            .mark_text(align="left", dx=4, baseline="bottom", color=theme.OKABE_ITO[5])
            .encode(x="salary:Q", y=alt.value(-3), text="text:N")
        )
        description += f" A dashed line marks the salary of {format_computed(salary, 'a_mean')}."
    title = f"{_occupation(compared)}: annual wages side by side"
    chart = alt.layer(*layers).properties(
        width=520,
        height=alt.Step(34),
        description=description,
        title=theme.chart_title(title, _year(compared), subtitle),
    )
    return theme.finish(chart, name=f"{title}{' in U.S.-average prices' if adjusted else ''} May {_year(compared)}")


def mean_chart(compared: pd.DataFrame) -> alt.LayerChart:
    """Each area's annual mean wage with its 95% interval, as published and (for states and the U.S.) in
    U.S.-average prices, side by side."""
    rows = compared[compared["measure"] == "a_mean"].sort_values("order")
    order = list(rows["area_title"])
    records = []
    for _, row in rows.iterrows():
        for basis, prefix in (("Published", ""), ("U.S.-average prices", "adj_")):
            value = row[f"{prefix}value"]
            if pd.isna(value):
                continue
            has_interval = pd.notna(row["rse"])
            records.append(
                {
                    "area_title": row["area_title"],
                    "basis": basis,
                    "value": float(value),
                    "lower": float(row[f"{prefix}lower"]) if has_interval else None,
                    "upper": float(row[f"{prefix}upper"]) if has_interval else None,
                    "display": format_computed(value, "a_mean"),
                    "interval": (
                        f"{format_computed(row[f'{prefix}lower'], 'a_mean')} to "
                        f"{format_computed(row[f'{prefix}upper'], 'a_mean')}"
                    )
                    if has_interval
                    else "none (no published RSE)",
                }
            )
    data = pd.DataFrame.from_records(records)
    axis = alt.Axis(format="$,.0f", title="Annual mean wage (USD)")
    y = alt.Y("area_title:N", sort=order, title=None, axis=alt.Axis(labelLimit=theme.label_limit()))
    offset = alt.YOffset("basis:N", sort=["Published", "U.S.-average prices"])
    color = alt.Color(
        "basis:N",
        title=None,
        sort=["Published", "U.S.-average prices"],
        scale=alt.Scale(range=[theme.OKABE_ITO[0], theme.OKABE_ITO[1]]),
        legend=alt.Legend(orient="top"),
    )
    tips = [
        alt.Tooltip("area_title:N", title="Area"),
        alt.Tooltip("basis:N", title="Basis"),
        alt.Tooltip("display:N", title="Annual mean wage"),
        alt.Tooltip("interval:N", title="95% interval"),
    ]
    base = alt.Chart(data)
    layers = [
        base.transform_filter("isValid(datum.lower)")
        .mark_rule(strokeWidth=3, opacity=0.6)
        .encode(
            x=alt.X("lower:Q", axis=axis, scale=alt.Scale(zero=False)),
            x2="upper:Q",
            y=y,
            yOffset=offset,
            color=color,
            tooltip=tips,
        ),
        base.mark_point(filled=True, size=60, opacity=1).encode(
            x="value:Q", y=y, yOffset=offset, color=color, tooltip=tips
        ),
    ]
    not_adjusted = rows[rows["adj_value"].isna() & rows["value"].notna()]
    subtitle = [
        "Lines: 95% intervals from BLS's relative standard error of the mean wage.",
        "BEA publishes no error for RPPs.",
    ]
    if len(not_adjusted):
        subtitle.append(
            f"No RPP bundled for {len(not_adjusted)} area(s) (metropolitan and nonmetropolitan areas, "
            "territories): published value only."
        )
    description = (
        f"Dot chart of the annual mean wage of {_occupation(compared)} in {words_list(order)}, BLS OEWS "
        f"May {_year(compared)}, as published and in U.S.-average prices (BEA RPPs), with 95% intervals."
    )
    chart = alt.layer(*layers).properties(
        width=520,
        height=44 * max(len(order), 1),
        description=description,
        title=theme.chart_title(f"{_occupation(compared)}: annual mean wage", _year(compared), subtitle),
    )
    return theme.finish(chart, name=f"{_occupation(compared)} annual mean wage May {_year(compared)}")


def tell_apart_table(pairs: pd.DataFrame, measure: str) -> pd.DataFrame:
    """:func:`analysis.analyses.compare.tell_apart` as text."""
    return pd.DataFrame(
        {
            "Area": pairs["title_a"],
            "Value": [format_computed(v, measure) if pd.notna(v) else "—" for v in pairs["value_a"]],
            "Compared with": pairs["title_b"],
            "Its value": [format_computed(v, measure) if pd.notna(v) else "—" for v in pairs["value_b"]],
            "Verdict": pairs["verdict"],
        }
    )


def salary_verdict_table(verdicts: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.analyses.compare.salary_verdicts` as text: each area's mean wage, its interval and the
    verdict on "the salary is below the mean"."""
    salary = format_computed(float(verdicts["salary"].iloc[0]), "a_mean") if len(verdicts) else ""
    return pd.DataFrame(
        {
            "Area": verdicts["area_title"],
            "Annual mean wage": [
                theme.format_value(v, "a_mean", None if pd.isna(s) else s, None if pd.isna(t) else t)
                for v, s, t in zip(verdicts["value"], verdicts["status"], verdicts["top_code"])
            ],
            "95% interval": [
                f"{format_computed(lo, 'a_mean')} to {format_computed(hi, 'a_mean')}" if pd.notna(r) else "none"
                for lo, hi, r in zip(verdicts["lower"], verdicts["upper"], verdicts["rse"])
            ],
            f"{salary} is below the mean": verdicts["verdict"],
        }
    )


def _band(row: pd.Series) -> str:
    position = row["position"]
    if position == "at":
        return f"at the {row['lower_name']}"
    if position == "below":
        return f"below the {row['upper_name']}"
    if position in ("above", "above_top_coded"):
        return f"above the {row['lower_name']}"
    if position == "between":
        return f"between the {row['lower_name']} and the {row['upper_name']}"
    return "cannot be placed"


def salary_table(checked: pd.DataFrame) -> pd.DataFrame:
    """:func:`analysis.analyses.compare.salary_check` as text."""
    return pd.DataFrame(
        {
            "Area": checked["area_title"],
            "Where the salary falls": [_band(row) for _, row in checked.iterrows()],
            "Percentile (approximate)": [
                ("published point" if pos == "at" else f"about the {compare.ordinal(int(p))}") if pd.notna(p) else "—"
                for p, pos in zip(checked["approx_percentile"], checked["position"])
            ],
            "In words": checked["text"],
        }
    )


def employment_chart(compared: pd.DataFrame) -> alt.LayerChart:
    """Each area's employment with its 95% interval (from ``emp_prse``); employment is not a price, so it is
    never adjusted. Areas whose employment BLS did not publish are counted in the subtitle."""
    rows = compared[compared["measure"] == "tot_emp"].sort_values("order")
    order = list(rows["area_title"])
    drawn = rows[rows["value"].notna()]
    data = pd.DataFrame.from_records(
        [
            {
                "area_title": r["area_title"],
                "value": float(r["value"]),
                "lower": float(r["lower"]) if pd.notna(r["rse"]) else None,
                "upper": float(r["upper"]) if pd.notna(r["rse"]) else None,
                "display": format_computed(r["value"], "tot_emp"),
                "interval": _cell(r, ""),
            }
            for _, r in drawn.iterrows()
        ],
        columns=["area_title", "value", "lower", "upper", "display", "interval"],
    )
    axis = alt.Axis(format=",.0f", title=theme.measure_label("tot_emp"))
    y = alt.Y("area_title:N", sort=order, title=None, axis=alt.Axis(labelLimit=theme.label_limit()))
    tips = [alt.Tooltip("area_title:N", title="Area"), alt.Tooltip("interval:N", title="Employment (95% interval)")]
    base = alt.Chart(data)
    layers = [
        base.transform_filter("isValid(datum.lower)")
        .mark_rule(color=theme.INTERVAL_COLOR, strokeWidth=3)
        .encode(x=alt.X("lower:Q", axis=axis), x2="upper:Q", y=y, tooltip=tips),
        base.mark_point(filled=True, size=60, opacity=1, color=theme.OKABE_ITO[0]).encode(
            x="value:Q", y=y, tooltip=tips
        ),
    ]
    subtitle = ["Lines: 95% intervals from BLS's relative standard error of employment."]
    if len(drawn) < len(rows):
        subtitle.append(f"Not drawn: {len(rows) - len(drawn)} area(s) without published employment; see the table.")
    description = (
        f"Dot chart of the employment of {_occupation(compared)} in {words_list(list(drawn['area_title']))}, "
        f"BLS OEWS May {_year(compared)}, with 95% intervals: "
        + "; ".join(f"{t} {d}" for t, d in zip(data["area_title"], data["display"]))
        + "."
    )
    chart = alt.layer(*layers).properties(
        width=520,
        height=alt.Step(30),
        description=description,
        title=theme.chart_title(f"{_occupation(compared)}: employment", _year(compared), subtitle),
    )
    return theme.finish(chart, name=f"{_occupation(compared)} employment May {_year(compared)}")
