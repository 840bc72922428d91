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
    out = frame.copy()
    out["industry"] = [f"{t} ({n})" for n, t in zip(out["naics"], out["naics_title"])]
    return out


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
    base = alt.Chart(rows).encode(y=alt.Y("industry:N", sort=order, title=None))
    bars = base.mark_bar().encode(
        x=alt.X("tot_emp:Q", title=theme.measure_label("tot_emp"), axis=alt.Axis(format=",.0f")),
        tooltip=[
            alt.Tooltip("industry:N", title="Industry"),
            alt.Tooltip("employment_text:N", title="Employment"),
            alt.Tooltip("share_text:N", title="Share of the occupation's employment"),
        ],
    )
    text = base.mark_text(align="left", dx=4).encode(x="tot_emp:Q", text="share_text:N")
    subtitle = [
        (
            f"{first['occ_code']} {first['occ_title']}, {first['naics_level']} industries; label: share of "
            "the occupation's national employment (all industries)"
        )
    ] + _unpublished_note(profile, "tot_emp")
    largest = rows.iloc[0] if len(rows) else None
    description = (
        f"Bar chart: employment of {first['occ_code']} {first['occ_title']} in the {len(rows)} "
        f"{first['naics_level']} industries employing the most, May {int(first['year'])}"
        + (
            f"; the largest is {largest['industry']} with {largest['employment_text']} jobs "
            f"({largest['share_text']} of the occupation)."
            if largest is not None
            else "."
        )
    )
    return alt.layer(bars, text).properties(
        height=alt.Step(20),
        title=theme.chart_title("Where the occupation works", int(first["year"]), subtitle),
        description=description,
    )


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
    )[["industry", "wage_premium_pct", "mean_text", "premium_text", "direction"]]
    order = list(rows["industry"])
    base = alt.Chart(rows).encode(y=alt.Y("industry:N", sort=order, title=None))
    bars = base.mark_bar().encode(
        x=alt.X("wage_premium_pct:Q", title="Mean wage premium over all industries (%)"),
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
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(color=theme.REFERENCE_COLOR).encode(x="x:Q")
    reference = first["reference_a_mean"]
    reference_text = f"${float(reference):,.0f}" if pd.notna(reference) else "not published"
    subtitle = [
        (
            f"{first['occ_code']} {first['occ_title']}, {first['naics_level']} industries; 0 = the "
            f"cross-industry annual mean ({reference_text})"
        )
    ] + _unpublished_note(profile, "a_mean")
    best = rows.iloc[0] if len(rows) else None
    description = (
        f"Bar chart: mean annual wage premium of {first['occ_code']} {first['occ_title']} over its "
        f"all-industry mean ({reference_text}) in the {len(rows)} best-paying {first['naics_level']} "
        f"industries, May {int(first['year'])}"
        + (
            f"; the best-paying is {best['industry']} at {best['mean_text']} ({best['premium_text']})."
            if best is not None
            else "."
        )
    )
    return alt.layer(bars, zero).properties(
        height=alt.Step(20),
        title=theme.chart_title("Which industries pay the occupation most", int(first["year"]), subtitle),
        description=description,
    )
