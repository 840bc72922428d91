"""Charts of the industry profile (:func:`analysis.analyses.industry.industry_profile` in, altair charts out).

- :func:`employment_chart`: the industries employing most of the occupation, with each one's share of the
  occupation's national employment.
- :func:`premium_chart`: the best-paying industries and their mean-wage premium over the cross-industry mean.

Industries whose estimate BLS did not publish are left out of a chart and counted in its subtitle (the
notebook lists them in a table).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.analyses.industry import top_by_employment, top_by_wage
from analysis.charts import theme


def _labelled(frame: pd.DataFrame) -> pd.DataFrame:
    """The industry's label, code first ("622100 General Medical and Surgical Hospitals"): a narrow chart cuts a
    long title at its end, never its code."""
    out = frame.copy()
    out["industry"] = [f"{n} {t}" for n, t in zip(out["naics"], out["naics_title"])]
    return out


#: Pixel height of a row of the industry charts: a line of text above a 12 px bar.
ROW_STEP = 36


def _unpublished_note(profile: pd.DataFrame, column: str) -> list[str]:
    missing = int(profile[column].isna().sum())
    return [f"{missing} industr{'y' if missing == 1 else 'ies'} with no published figure not shown"] if missing else []


def employment_chart(profile: pd.DataFrame, top_n: int) -> alt.LayerChart:
    """Horizontal bars: employment of the occupation in the ``top_n`` largest industries, labelled with the share."""
    rows = _labelled(top_by_employment(profile, top_n))
    first = profile.iloc[0]
    rows = rows.assign(
        tot_emp=rows["tot_emp"].astype("float64"),
        share_text=[f"{s:.1%}" if pd.notna(s) else "" for s in rows["share_of_employment"]],
        employment_text=[f"{v:,.0f}" for v in rows["tot_emp"]],
    )[["industry", "tot_emp", "share_text", "employment_text"]]
    order = list(rows["industry"])
    y = alt.Y("industry:N", sort=order, title=None, axis=None)
    base = alt.Chart(rows)
    bars = base.mark_bar(size=12, yOffset=4).encode(
        y=y,
        x=alt.X("tot_emp:Q", title=theme.measure_label("tot_emp"), axis=alt.Axis(format=",.0f")),
        tooltip=[
            alt.Tooltip("industry:N", title="Industry"),
            alt.Tooltip("employment_text:N", title="Employment"),
            alt.Tooltip("share_text:N", title="Share of the occupation's employment"),
        ],
    )
    subtitle = [
        (
            f"{first['occ_code']} {first['occ_title']}, {first['naics_level']} industries; right: share of "
            "the occupation's national employment (all industries)"
        )
    ] + _unpublished_note(profile, "tot_emp")
    largest = rows.iloc[0] if len(rows) else None
    description = (
        f"Bar chart: national (U.S.) employment of {first['occ_code']} {first['occ_title']}, as published, in the "
        f"{len(rows)} {first['naics_level']} industries employing the most, May {int(first['year'])}"
        + (
            f"; the largest is {largest['industry']} with {largest['employment_text']} jobs "
            f"({largest['share_text']} of the occupation)."
            if largest is not None
            else "."
        )
    )
    chart = alt.layer(bars, *theme.row_labels(base, y, "industry", "share_text", above=4)).properties(
        height=alt.Step(ROW_STEP),
        title=theme.chart_title("Where the occupation works", int(first["year"]), subtitle),
        description=description,
    )
    return theme.finish(chart, name=f"industries employing {first['occ_code']} May {int(first['year'])}")


def premium_chart(profile: pd.DataFrame, top_n: int) -> alt.LayerChart:
    """Horizontal bars: mean-wage premium (%) over the cross-industry mean in the ``top_n`` best-paying industries."""
    rows = _labelled(top_by_wage(profile, top_n))
    first = profile.iloc[0]
    rows = rows.assign(
        wage_premium_pct=rows["wage_premium_pct"].astype("float64"),
        mean_text=[f"${v:,.0f}" for v in rows["a_mean"]],
        premium_text=[
            f"{p:+.1f}% ({'+' if d >= 0 else '-'}${abs(d):,.0f})" if pd.notna(p) else ""
            for p, d in zip(rows["wage_premium_pct"], rows["wage_premium"])
        ],
        direction=["above" if p >= 0 else "below" for p in rows["wage_premium_pct"].fillna(0)],
        pct_text=[f"{p:+.1f}%" if pd.notna(p) else "" for p in rows["wage_premium_pct"]],
    )[["industry", "wage_premium_pct", "mean_text", "premium_text", "direction", "pct_text"]]
    order = list(rows["industry"])
    y = alt.Y("industry:N", sort=order, title=None, axis=None)
    base = alt.Chart(rows)
    bars = base.mark_bar(size=12, yOffset=4).encode(
        y=y,
        x=alt.X(
            "wage_premium_pct:Q",
            title="Mean wage premium over all industries (%)",
            axis=alt.Axis(labelExpr="(datum.value > 0 ? '+' : '') + datum.label + '%'"),
        ),
        color=alt.Color(
            "direction:N",
            title=None,
            scale=alt.Scale(domain=["above", "below"], range=[theme.OKABE_ITO[0], theme.OKABE_ITO[5]]),
        ),
        tooltip=[
            alt.Tooltip("industry:N", title="Industry"),
            alt.Tooltip("mean_text:N", title="Annual mean"),
            alt.Tooltip("premium_text:N", title="Premium"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color=theme.REFERENCE_COLOR, yOffset=4).encode(x="x:Q")
    reference = first["reference_a_mean"]
    reference_text = f"${float(reference):,.0f}" if pd.notna(reference) else "not published"
    subtitle = (
        [
            (
                f"{first['occ_code']} {first['occ_title']}, {first['naics_level']} industries; 0 = the "
                f"cross-industry annual mean ({reference_text})"
            )
        ]
        + [
            (
                "Only industries meeting the reliability floor are ranked (at least 1,000 jobs and a mean-wage "
                "RSE of at most 10%)"
            )
        ]
        + _unpublished_note(profile, "a_mean")
    )
    best = rows.iloc[0] if len(rows) else None
    description = (
        f"Bar chart: mean annual wage premium of {first['occ_code']} {first['occ_title']} over its "
        f"all-industry mean ({reference_text}), national (U.S.), as published (no adjustment), in the "
        f"{len(rows)} best-paying {first['naics_level']} industries meeting the reliability floor, "
        f"May {int(first['year'])}"
        + (
            f"; the best-paying is {best['industry']} at {best['mean_text']} ({best['premium_text']})."
            if best is not None
            else "."
        )
    )
    chart = alt.layer(bars, zero, *theme.row_labels(base, y, "industry", "pct_text", above=4)).properties(
        height=alt.Step(ROW_STEP),
        title=theme.chart_title("Which industries pay the occupation most", int(first["year"]), subtitle),
        description=description,
    )
    return theme.finish(chart, name=f"best-paying industries {first['occ_code']} May {int(first['year'])}")


def employer_type_chart(rows: pd.DataFrame, *, across: bool = False) -> alt.LayerChart:
    """Dots and 95% interval bars: the occupation's mean annual wage by employer type, as BLS publishes it
    (:func:`analysis.analyses.ownership.within_industries` or ``across_industries``). Estimates below the
    reliability floor are drawn hollow; rows without a published mean are left out and counted."""
    drawn = rows[rows["a_mean"].notna()].copy()
    missing = len(rows) - len(drawn)
    if across:
        drawn["label"] = drawn["employer_type"].astype(str)
    else:
        drawn["label"] = [
            f"{g} {t}: {e}" for t, g, e in zip(drawn["group_title"], drawn["group"], drawn["employer_type"])
        ]
    # on the chart: the industry on one line, the employer type (what tells the rows apart) on the next
    drawn["row_label"] = (
        drawn["label"]
        if across
        else [f"{g} {t}\n{e}" for t, g, e in zip(drawn["group_title"], drawn["group"], drawn["employer_type"])]
    )
    drawn = drawn.assign(
        a_mean=drawn["a_mean"].astype("float64"),
        lower=drawn["a_mean_lower"].astype("float64"),
        upper=drawn["a_mean_upper"].astype("float64"),
        floor=["meets the reliability floor" if m else "below the reliability floor" for m in drawn["meets_floor"]],
        mean_text=[theme.format_value(v, "a_mean") for v in drawn["a_mean"]],
        jobs_text=[f"{v:,.0f} jobs" if pd.notna(v) else "employment not published" for v in drawn["tot_emp"]],
    )
    drawn["interval_text"] = [
        f"{theme.format_value(round(lo), 'a_mean')} to {theme.format_value(round(hi), 'a_mean')}"
        if pd.notna(lo) and pd.notna(hi)
        else "none (no published RSE)"
        for lo, hi in zip(drawn["lower"], drawn["upper"])
    ]
    drawn = drawn[
        [
            "label",
            "row_label",
            "employer_type",
            "a_mean",
            "lower",
            "upper",
            "floor",
            "mean_text",
            "interval_text",
            "jobs_text",
        ]
    ]
    order = list(drawn["label"])
    first = rows.iloc[0]
    y = alt.Y("label:N", sort=order, title=None, axis=None)
    base = alt.Chart(drawn)
    tooltip = [
        alt.Tooltip("label:N", title="Employer"),
        alt.Tooltip("mean_text:N", title="Annual mean"),
        alt.Tooltip("interval_text:N", title="95% interval"),
        alt.Tooltip("jobs_text:N", title="Employment"),
        alt.Tooltip("floor:N", title="Reliability"),
    ]
    bars = base.mark_rule(color=theme.INTERVAL_COLOR, strokeWidth=3, yOffset=4).encode(
        y=y,
        x=alt.X("lower:Q", title="Annual mean wage (USD)", axis=alt.Axis(format="$,.0f"), scale=alt.Scale(zero=False)),
        x2="upper:Q",
        tooltip=tooltip,
    )
    dots = base.mark_point(size=70, filled=True, yOffset=4).encode(
        y=y,
        x="a_mean:Q",
        shape=alt.Shape(
            "floor:N",
            title=None,
            sort=["meets the reliability floor", "below the reliability floor"],
            scale=alt.Scale(
                domain=["meets the reliability floor", "below the reliability floor"], range=["circle", "triangle"]
            ),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=tooltip,
    )
    what = (
        "government and private employers across all industries"
        if across
        else "ownership within the industries BLS splits"
    )
    subtitle = [
        f"{first['occ_code']} {first['occ_title']}: {what}; bars: 95% intervals from BLS's relative standard errors",
        "Triangles: below the reliability floor (fewer than 1,000 jobs or a mean-wage RSE over 10%)",
    ]
    if missing:
        subtitle.append(f"{missing} estimate{'s' if missing != 1 else ''} with no published mean not shown")
    described = "; ".join(f"{r.label} {r.mean_text} ({r.jobs_text})" for r in drawn.itertuples())
    description = (
        f"Dot chart of the mean annual wage of {first['occ_code']} {first['occ_title']} by employer type, "
        f"{what}, national, May {int(first['year'])}, as published (no adjustment), with 95% intervals: {described}."
    )
    heading = "Pay by employer type across industries" if across else "Pay by ownership within industries"
    chart = alt.layer(bars, dots, *theme.row_labels(base, y, "row_label", "mean_text", above=4)).properties(
        height=alt.Step(ROW_STEP if across else ROW_STEP + 14),
        title=theme.chart_title(heading, int(first["year"]), subtitle),
        description=description,
    )
    return theme.finish(chart, name=f"{heading} {first['occ_code']} May {int(first['year'])}")
