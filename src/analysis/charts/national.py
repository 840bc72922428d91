"""Charts of the national analysis (:mod:`analysis.analyses.national` frames in, altair charts out).

- :func:`wage_ladder_chart`: one occupation's five published percentiles, entry level to most experienced, with
  the mean marked.
- :func:`career_ladder_chart`: the career ladder side by side with All Occupations: 10th–90th percentile range,
  25th–75th box, median and mean.

A top-coded percentile is never placed on the axis: the range stops at the last published percentile and the
subtitle says "90th percentile: at least $X".
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from analysis.charts import theme

_AXIS = alt.Axis(format="$,.0f")


def _plain(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def wage_ladder_chart(ladder: pd.DataFrame, summary: pd.DataFrame) -> alt.LayerChart:
    """Annual wage at each published percentile (points on a line from the 10th to the 90th) and the mean (a tick).

    ``ladder`` is :func:`analysis.analyses.national.wage_ladder`, ``summary``
    :func:`analysis.analyses.national.summary`.
    """
    info = summary.iloc[0]
    year = int(info["year"])
    points = ladder[["percentile", "stage", "annual", "annual_display", "hourly_display", "top_coded"]].copy()
    points["order"] = range(len(points))
    published = points[points["annual"].notna()]
    notes = [f"{r.percentile}: {r.annual_display}" for r in points.itertuples() if pd.isna(r.annual)]
    subtitle = [
        (
            f"{info['occ_code']} {info['occ_title']}: annual wages, 10th percentile (entry level) to 90th "
            "(most experienced); mean marked in black"
        )
    ] + notes
    base = alt.Chart(published)
    x = alt.X(
        "annual:Q",
        title=theme.measure_label("a_pct10").replace("10th percentile ", ""),
        axis=_AXIS,
        scale=alt.Scale(zero=False),
    )
    line = base.mark_rule(strokeWidth=3, color=theme.INTERVAL_COLOR).encode(
        x=alt.X("min(annual):Q", title="Annual wage (USD)", axis=_AXIS, scale=alt.Scale(zero=False)),
        x2="max(annual):Q",
    )
    dots = base.mark_point(size=110, filled=True).encode(
        x=x,
        color=alt.Color("percentile:N", sort=list(points["percentile"]), title="Percentile"),
        tooltip=[
            alt.Tooltip("percentile:N", title="Percentile"),
            alt.Tooltip("stage:N", title="Stands for"),
            alt.Tooltip("annual_display:N", title="Annual"),
            alt.Tooltip("hourly_display:N", title="Hourly"),
        ],
    )
    # 10th, median and 90th labelled above the line, 25th and 75th below: neighbours never overprint on a phone
    above = published[published["order"] % 2 == 0]
    below = published[published["order"] % 2 == 1]
    labels = [
        alt.Chart(above).mark_text(dy=-14, fontSize=11).encode(x=x, text="annual_display:N"),
        alt.Chart(below).mark_text(dy=18, fontSize=11).encode(x=x, text="annual_display:N"),
    ]
    layers = [line, dots, *labels]
    mean = _plain(info["a_mean"])
    if mean is not None:
        mean_frame = pd.DataFrame({"a_mean": [mean], "label": [f"mean {info['annual_mean']}"]})
        mean_chart = alt.Chart(mean_frame)
        layers.append(
            mean_chart.mark_tick(color=theme.REFERENCE_COLOR, thickness=2, size=34).encode(
                x="a_mean:Q", tooltip=alt.Tooltip("label:N", title="Mean")
            )
        )
        layers.append(mean_chart.mark_text(dy=-32, fontSize=11).encode(x="a_mean:Q", text="label:N"))
    by = points.set_index("percentile")["annual_display"]
    description = (
        f"Dot chart of the annual wages of {info['occ_code']} {info['occ_title']} in May {year}: 10th "
        f"percentile {by['10th percentile']}, median {by['Median']}, 90th percentile "
        f"{by['90th percentile']}; mean {info['annual_mean']}."
    )
    chart = alt.layer(*layers).properties(
        height=130,
        title=theme.chart_title(f"What {info['occ_title']} earn, entry level to experienced", year, subtitle),
        description=description,
    )
    return theme.finish(chart, name=f"wage ladder {info['occ_code']} May {year}")


def career_ladder_chart(ladder: pd.DataFrame, year: int, outlook: pd.DataFrame | None = None) -> alt.LayerChart:
    """The HIM career ladder and All Occupations: 10th–90th range (rule), 25th–75th (bar), median (white tick),
    mean (black point). ``ladder`` is :func:`analysis.analyses.national.career_ladder`; unpublished steps are noted.
    Each step is named above its range, code first, with its median at the right; with ``outlook``
    (:func:`analysis.analyses.outlook.ladder_outlook`) its typical entry-level education and projected employment
    change 2024–34 are written below the range."""
    rows = ladder[ladder["published"]].copy()
    rows["label"] = [f"{c} {t}" for c, t in zip(rows["occ_code"], rows["occ_title"])]
    rows["needs"] = [_needs(outlook, code) for code in rows["occ_code"]]
    order = list(rows["label"])
    notes = [f"{r.occ_code}: not published in May {year}" for r in ladder.itertuples() if not r.published]
    for r in rows.itertuples():
        for column, name in (("a_pct90", "90th percentile"), ("a_pct75", "75th percentile")):
            if getattr(r, f"{column}_status") == "top_coded":
                notes.append(f"{r.occ_code} {name}: {getattr(r, f'{column}_display')}")
    # Top-coded percentiles are null: the rule/bar end at the highest published percentile.
    rows["upper"] = rows[["a_pct90", "a_pct75", "a_median"]].bfill(axis=1).iloc[:, 0]
    rows["box_upper"] = rows[["a_pct75", "a_median"]].bfill(axis=1).iloc[:, 0]
    keep = [
        "label",
        "occ_code",
        "role",
        "employment",
        "needs",
        "a_pct10",
        "a_pct25",
        "a_median",
        "a_mean",
        "upper",
        "box_upper",
        "a_pct10_display",
        "a_pct25_display",
        "a_median_display",
        "a_pct75_display",
        "a_pct90_display",
        "a_mean_display",
    ]
    rows = rows[keep].astype({c: "float64" for c in ("a_pct10", "a_pct25", "a_median", "a_mean", "upper", "box_upper")})
    rows["median_label"] = ["median " + m for m in rows["a_median_display"]]
    y = alt.Y("label:N", sort=order, title=None, axis=None)
    tooltip = [
        alt.Tooltip("label:N", title="Occupation"),
        alt.Tooltip("employment:N", title="Employment"),
        alt.Tooltip("a_pct10_display:N", title="10th percentile"),
        alt.Tooltip("a_pct25_display:N", title="25th percentile"),
        alt.Tooltip("a_median_display:N", title="Median"),
        alt.Tooltip("a_pct75_display:N", title="75th percentile"),
        alt.Tooltip("a_pct90_display:N", title="90th percentile"),
        alt.Tooltip("a_mean_display:N", title="Mean"),
        alt.Tooltip("needs:N", title="Entry education; projected change 2024–34"),
    ]
    base = alt.Chart(rows)
    color = alt.Color(
        "role:N",
        title=None,
        scale=alt.Scale(domain=["career ladder", "comparison"], range=[theme.OKABE_ITO[0], theme.OKABE_ITO[7]]),
    )
    rule = base.mark_rule(strokeWidth=2).encode(
        y=y, x=alt.X("a_pct10:Q", title="Annual wage (USD)", axis=_AXIS), x2="upper:Q", color=color, tooltip=tooltip
    )
    box = base.mark_bar(size=16, opacity=0.55).encode(
        y=y, x="a_pct25:Q", x2="box_upper:Q", color=color, tooltip=tooltip
    )
    median = base.mark_tick(color="white", thickness=2, size=16).encode(y=y, x="a_median:Q", tooltip=tooltip)
    mean = base.mark_point(color=theme.REFERENCE_COLOR, filled=True, size=50).encode(y=y, x="a_mean:Q", tooltip=tooltip)
    # each step named above its range (code first, full width) and its median at the right
    layers = [rule, box, median, mean, *theme.row_labels(base, y, "label", "median_label", above=11)]
    subtitle = ["Line: 10th to 90th percentile; bar: 25th to 75th; white tick: median; black dot: mean"]
    if outlook is not None:
        # below each step's range, from the plot's left edge
        layers.append(
            base.mark_text(
                align="left", baseline="top", dy=11, fontSize=11, color="#444444", limit=theme.column_limit()
            ).encode(y=y, x=alt.value(0), text="needs:N")
        )
        subtitle.append(
            "Below each range: typical entry-level education; projected employment change 2024–34 (BLS Employment "
            "Projections)"
        )
    steps = "; ".join(
        f"{r.label}: median {r.a_median_display}" + (f" ({r.needs})" if r.needs else "") for r in rows.itertuples()
    )
    description = f"Range chart of annual wages along the HIM career ladder and All Occupations, May {year}: {steps}."
    chart = alt.layer(*layers).properties(
        height=alt.Step(50 if outlook is None else 64),
        title=theme.chart_title("The HIM career ladder beside All Occupations", year, subtitle + notes),
        description=description,
    )
    return theme.finish(chart, name=f"career ladder May {year}")


def _needs(outlook: pd.DataFrame | None, code: str) -> str:
    """ "Postsecondary nondegree award; +7.1% by 2034" for a step of the ladder ("" without outlook data)."""
    if outlook is None or code not in set(outlook["occ_code"]):
        return ""
    info = outlook.set_index("occ_code").loc[code]
    change = info["employment_change_pct"]
    growth = "" if _plain(change) is None else f"{float(change):+.1f}% by 2034"
    if not info["in_projections"]:
        return f"all occupations {growth}" if growth else ""
    return f"{info['education']}; {growth}" if growth else str(info["education"])
