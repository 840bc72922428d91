"""Wages and employment across every release loaded: nominal and real, with BLS's breaks in the series kept.

What BLS changed, and what it means here:

* **SOC 2018.** May 2011–2018 estimates use the 2010 SOC (medical records work is 29-2071). May 2019 and May 2020
  mix panels coded under both SOCs and publish hybrid codes (29-2098, 29-9098). From May 2021 the 2018 SOC is
  used in full (29-2072, 29-9021). So a series breaks between 2018 and 2019 and between 2020 and 2021 wherever
  the SOC revision changed what a code covers.
* **Estimation method.** From May 2021 BLS estimates with its model-based method (MB3; news release
  USDL-22-0556), a break for every occupation.

A code is joined with another code into one line only where the crosswalk (``analysis.conventions.occupations``)
says the
two measure the same work. Each line is cut into *segments* at every break that applies to it; growth rates are
computed within a segment only (:func:`growth_rate` refuses a span that crosses a break). Breaks are returned
as data (:func:`breaks_for`) so that charts can draw them.

Across the SOC break no line is drawn: :func:`cross_break_comparison` sets 29-2071 (2010 SOC) in its first
release beside its 2018 SOC successors 29-2072 and 29-9021 in a later one, nominal and in real terms, with an
employment-weighted combination of the successors, every figure labelled approximate (different codes and,
from May 2021, a different estimation method). :func:`year_by_year_table` lists the values each chart draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.analyses import adjust
from analysis.analyses.national import ALL_OCCUPATIONS, national_cross_industry
from analysis.analyses.parameters import occupation_in_words, releases_in_words, words_list
from analysis.conventions import occupations, sampling
from analysis.conventions.measures import format_value, status_text
from analysis.conventions.occupations import METHOD_BREAK, SOC_BREAKS, SeriesBreak
from analysis.errors import ParameterError, SeriesBreakError
from analysis.text import escape_markdown

#: Money columns restated in real terms.
REAL_COLUMNS: tuple[str, ...] = ("a_mean", "h_mean", "a_pct10", "a_median", "a_pct90")

#: Columns of the national series (nominal, as BLS published them).
SERIES_VALUES: tuple[str, ...] = (
    "tot_emp",
    "emp_prse",
    "h_mean",
    "a_mean",
    "mean_prse",
    "h_pct10",
    "h_pct25",
    "h_median",
    "h_pct75",
    "h_pct90",
    "a_pct10",
    "a_pct25",
    "a_median",
    "a_pct75",
    "a_pct90",
)


def _frame_fields(b: SeriesBreak) -> dict:
    """A break's fields as the breaks frame names them (``after``: the last release before it)."""
    return {"after": int(b.before_year), "before": int(b.after_year), "kind": b.kind, "label": b.label}


def breaks_for(code: str) -> list[SeriesBreak]:
    """Every break that applies to ``code``'s national series, sorted by position.

    From the crosswalk (``analysis.conventions.occupations.series_breaks``): the SOC breaks of the HIM codes
    (2018 -> 2019, 2020 -> 2021) and the May 2021 method change, which applies to every occupation. A code the
    crosswalk does not document is not assumed continuous: both SOC breaks and the method change apply to it.
    """
    try:
        found = occupations.series_breaks(code)
    except (occupations.UnknownCrosswalkError, ValueError):
        found = [*SOC_BREAKS, METHOD_BREAK]
    if METHOD_BREAK not in found:
        found.append(METHOD_BREAK)
    unique = {(b.before_year, b.after_year, b.kind): b for b in found}
    return sorted(unique.values(), key=lambda b: (b.position, b.kind))


def joined_codes(code: str) -> dict[int, str]:
    """Year -> the one published code that measures exactly the work of ``code`` that year, per the crosswalk.

    Only segments the crosswalk marks ``exact`` with a single code are joined (a successor pair such as
    29-2072 + 29-9021 for 29-2071 cannot be joined without summing estimates BLS did not publish together).
    Covers ``range(first_year, last_year + 1)``; open-ended segments run to 2100.
    """
    try:
        segments = occupations.comparable_series(code)
    except (occupations.UnknownCrosswalkError, ValueError):
        return {}
    mapping: dict[int, str] = {}
    for segment in segments:
        if segment.exact and len(segment.codes) == 1:
            last = segment.last_year if segment.last_year is not None else 2100
            for year in range(segment.first_year, last + 1):
                mapping[year] = segment.codes[0]
    return mapping


def related_codes(code: str) -> list[str]:
    """Codes that carried (part of) the same work in other years but do not measure exactly the same work
    (predecessor, hybrids, successors): shown beside the series as their own lines, never joined to it."""
    try:
        segments = occupations.comparable_series(code)
    except (occupations.UnknownCrosswalkError, ValueError):
        return []
    related = []
    for segment in segments:
        if not (segment.exact and len(segment.codes) == 1):
            related.extend(c for c in segment.codes if c != code)
    return list(dict.fromkeys(related))


# --------------------------------------------------------------------------------------------- series
def national_series(
    frame: pd.DataFrame,
    occupations: Sequence[str],
    *,
    include_related: bool = True,
    compare_with: str | None = ALL_OCCUPATIONS,
) -> pd.DataFrame:
    """National cross-industry estimates of each occupation in every release loaded, as one long frame.

    Columns: ``series`` (the line: the requested code, or a related code shown beside it), ``role``
    ("requested", "related" predecessor/hybrid, "comparison"), year, occ_code, occ_title, the nominal values
    and statuses, ``spread_p90_p10`` (a_pct90 / a_pct10), ``segment`` (1, 2, ... within the series, a new one
    after each break) and ``segment_label`` ("29-2072, May 2021–May 2025").
    """
    national = national_cross_industry(frame)
    lines: list[tuple[str, str]] = []
    for code in occupations:
        lines.append((code, "requested"))
    if include_related:
        for code in occupations:
            for related in related_codes(code):
                if related not in {c for c, _ in lines}:
                    lines.append((related, "related"))
    if compare_with and compare_with not in {c for c, _ in lines}:
        lines.append((compare_with, "comparison"))

    parts = []
    for order, (series, role) in enumerate(lines):
        equivalents = joined_codes(series)
        codes_by_year = national["occ_code"] == series
        if equivalents:
            joined = pd.Series(False, index=national.index)
            for year, code in equivalents.items():
                joined |= (national["year"] == year) & (national["occ_code"] == code)
            codes_by_year = codes_by_year | joined
        rows = national[codes_by_year].copy()
        if rows.empty:
            continue
        rows = rows.sort_values("year").drop_duplicates("year", keep="first")
        rows.insert(0, "order", order)
        rows.insert(0, "role", role)
        rows.insert(0, "series", series)
        parts.append(rows)
    columns = (
        ["series", "role", "order", "year", "occ_code", "occ_title"]
        + [c for v in SERIES_VALUES for c in (v, f"{v}_status")]
        + ["top_code_hourly", "top_code_annual"]
    )
    if not parts:
        out = pd.DataFrame(columns=columns + ["spread_p90_p10", "segment", "segment_label"])
        return out
    out = pd.concat(parts, ignore_index=True)[columns]
    out["year"] = out["year"].astype(int)
    out["spread_p90_p10"] = out["a_pct90"].astype("Float64") / out["a_pct10"].astype("Float64")
    out = assign_segments(out)
    return out.reset_index(drop=True)


def assign_segments(series: pd.DataFrame) -> pd.DataFrame:
    """Number the comparable segments of each series: a new segment starts after every break that lies between
    two consecutive releases of the series."""
    keys = ["order", "year"] if "order" in series.columns else ["series", "year"]
    out = series.sort_values(keys).copy()
    segments, labels = [], []
    for name, group in out.groupby("series", sort=False):
        breaks = breaks_for(str(name))
        years = list(group["year"])
        numbers = []
        current = 1
        for i, year in enumerate(years):
            if i > 0 and any(years[i - 1] <= b.before_year and year >= b.after_year for b in breaks):
                current += 1
            numbers.append(current)
        spans = {}
        for number, year in zip(numbers, years):
            first, last = spans.get(number, (year, year))
            spans[number] = (min(first, year), max(last, year))
        segments.extend(numbers)
        labels.extend(_segment_label(str(name), *spans[n]) for n in numbers)
    out["segment"] = segments
    out["segment_label"] = labels
    return out


def _segment_label(series: str, first: int, last: int) -> str:
    return f"{series}, May {first}" if first == last else f"{series}, May {first}–May {last}"


def series_breaks(series: pd.DataFrame) -> pd.DataFrame:
    """The breaks that fall inside the years of ``series`` (for charts): after, before, position, kind, label,
    and which series they cut."""
    if series.empty:
        return pd.DataFrame(columns=["after", "before", "position", "kind", "label", "series"])
    first, last = int(series["year"].min()), int(series["year"].max())
    records: dict[tuple, dict] = {}
    for name in series["series"].unique():
        for b in breaks_for(str(name)):
            if first <= b.before_year and b.after_year <= last:
                key = (b.before_year, b.after_year, b.kind)
                record = records.setdefault(key, {**_frame_fields(b), "position": b.position, "series": []})
                record["series"].append(str(name))
    return pd.DataFrame(
        sorted(records.values(), key=lambda r: (r["position"], r["kind"])),
        columns=["after", "before", "kind", "label", "position", "series"],
    )


# --------------------------------------------------------------------------------------------- real wages
def with_real_wages(series: pd.DataFrame, base_year: int | None = None) -> pd.DataFrame:
    """``series`` with ``real_<col>`` for the money columns, in ``base_year`` dollars (default: latest year)."""
    base = adjust.check_base_year(base_year, series["year"].unique())
    return adjust.add_real_values(series, REAL_COLUMNS, base_year=base)


# --------------------------------------------------------------------------------------------- growth
#: The words of :func:`change_words`, the one wording rule for a change between two published estimates.
ROSE, FELL, NO_CHANGE_TOLD = "rose", "fell", "cannot be told apart from no change"


def change_words(first: float | None, first_rse: float | None, last: float | None, last_rse: float | None) -> str:
    """The one wording rule for every change between two estimates (nominal or real, any series): "rose" or
    "fell" only when their 95% intervals (BLS's RSEs; :mod:`analysis.conventions.sampling`) do not overlap,
    else "cannot be told apart from no change". A real value has the RSE of the published value it restates."""
    a, b = sampling.interval(first, first_rse), sampling.interval(last, last_rse)
    if not sampling.tell_apart(a, b):
        return NO_CHANGE_TOLD
    return ROSE if float(last) > float(first) else FELL


def change_verdict(words: str, *, claimed: str = ROSE) -> str:
    """A claimed direction ("rose" or "fell") judged by :func:`change_words`: supported / not supported /
    cannot tell apart (the words of :mod:`analysis.conventions.sampling`)."""
    if words == NO_CHANGE_TOLD:
        return sampling.CANNOT_TELL
    return sampling.SUPPORTED if words == claimed else sampling.NOT_SUPPORTED


def growth_rate(series: pd.DataFrame, name: str, start: int, end: int, column: str = "a_mean") -> float:
    """Percent change of ``column`` of series ``name`` from May ``start`` to May ``end``.

    Raises :class:`SeriesBreakError` when a break lies between the two years (the values measure different work
    or come from different methods), and ParameterError when either year has no published value.
    """
    if end <= start:
        raise ParameterError(f"end ({end}) must be after start ({start})")
    crossing = [b for b in breaks_for(name) if start <= b.before_year and b.after_year <= end]
    if crossing:
        raise SeriesBreakError(
            f"{name}: May {start} and May {end} are not comparable: "
            + "; ".join(f"{b.label} between May {b.before_year} and May {b.after_year}" for b in crossing)
            + ". Compute growth within a segment (see segment_growth)."
        )
    rows = series[series["series"] == name].set_index("year")
    for year in (start, end):
        if year not in rows.index or pd.isna(rows.loc[year, column]):
            raise ParameterError(f"{name}: no published {column} for May {year}")
    return (float(rows.loc[end, column]) / float(rows.loc[start, column]) - 1) * 100


def segment_growth(series: pd.DataFrame, base_year: int | None = None) -> pd.DataFrame:
    """Growth of the mean annual wage (nominal and real) and of employment within each comparable segment.

    One row per (series, segment): first_year, last_year, years_spanned, first/last nominal and real a_mean,
    nominal_change_pct, real_change_pct, their annualised rates (``*_annual_pct``), tot_emp change %, and
    base_year. A one-release segment has years_spanned 0 and no rates.
    """
    columns = [
        "series",
        "role",
        "segment",
        "segment_label",
        "occ_codes",
        "first_year",
        "last_year",
        "years_spanned",
        "releases",
        "first_a_mean",
        "last_a_mean",
        "first_real_a_mean",
        "last_real_a_mean",
        "nominal_change_pct",
        "real_change_pct",
        "nominal_annual_pct",
        "real_annual_pct",
        "first_tot_emp",
        "last_tot_emp",
        "employment_change_pct",
        "base_year",
        "first_mean_prse",
        "last_mean_prse",
        "nominal_change_words",
        "real_change_words",
    ]
    if series.empty:
        return pd.DataFrame(columns=columns)
    real = with_real_wages(series, base_year) if "real_a_mean" not in series else series
    base = int(real["cpi_base_year"].iloc[0])
    records = []
    keys = ["order", "series", "segment"] if "order" in real.columns else ["series", "segment"]
    for key, group in real.groupby(keys, sort=True):
        name, segment = key[-2], key[-1]
        published = group[group["a_mean"].notna()].sort_values("year")
        group = group.sort_values("year")
        record = {
            "series": name,
            "role": group["role"].iloc[0],
            "segment": int(segment),
            "segment_label": group["segment_label"].iloc[0],
            "occ_codes": ", ".join(dict.fromkeys(group["occ_code"].astype(str))),
            "first_year": int(group["year"].iloc[0]),
            "last_year": int(group["year"].iloc[-1]),
            "releases": len(group),
            "base_year": base,
        }
        record["years_spanned"] = record["last_year"] - record["first_year"]
        if len(published):
            first, last = published.iloc[0], published.iloc[-1]
            span = int(last["year"]) - int(first["year"])
            record.update(
                {
                    "first_a_mean": float(first["a_mean"]),
                    "last_a_mean": float(last["a_mean"]),
                    "first_real_a_mean": float(first["real_a_mean"]),
                    "last_real_a_mean": float(last["real_a_mean"]),
                }
            )
            record["first_mean_prse"] = None if pd.isna(first["mean_prse"]) else float(first["mean_prse"])
            record["last_mean_prse"] = None if pd.isna(last["mean_prse"]) else float(last["mean_prse"])
            if span > 0:
                record["nominal_change_words"] = change_words(
                    record["first_a_mean"], record["first_mean_prse"], record["last_a_mean"], record["last_mean_prse"]
                )
                record["real_change_words"] = change_words(
                    record["first_real_a_mean"],
                    record["first_mean_prse"],
                    record["last_real_a_mean"],
                    record["last_mean_prse"],
                )
                record["nominal_change_pct"] = (record["last_a_mean"] / record["first_a_mean"] - 1) * 100
                record["real_change_pct"] = (record["last_real_a_mean"] / record["first_real_a_mean"] - 1) * 100
                record["nominal_annual_pct"] = (
                    (record["last_a_mean"] / record["first_a_mean"]) ** (1 / span) - 1
                ) * 100
                record["real_annual_pct"] = (
                    (record["last_real_a_mean"] / record["first_real_a_mean"]) ** (1 / span) - 1
                ) * 100
        employed = group[group["tot_emp"].notna()]
        if len(employed):
            record["first_tot_emp"] = float(employed["tot_emp"].iloc[0])
            record["last_tot_emp"] = float(employed["tot_emp"].iloc[-1])
            if len(employed) > 1:
                record["employment_change_pct"] = (record["last_tot_emp"] / record["first_tot_emp"] - 1) * 100
        records.append(record)
    out = pd.DataFrame(records, columns=columns)
    for column in [*columns[9:20], "first_mean_prse", "last_mean_prse"]:
        out[column] = out[column].astype("Float64")
    return out


def compare_with_all_occupations(
    growth: pd.DataFrame, series: pd.DataFrame, reference: str = ALL_OCCUPATIONS
) -> pd.DataFrame:
    """Each segment's real growth beside All Occupations' real growth over exactly the same releases.

    Only where the reference has both end years inside one of its own segments (no break between); otherwise
    the comparison is left empty rather than computed across a break.
    """
    rows = []
    reference_rows = series[series["series"] == reference]
    real = with_real_wages(series, int(growth["base_year"].iloc[0])) if len(growth) else series
    for record in growth[(growth["series"] != reference) & (growth["years_spanned"] > 0)].itertuples():
        start, end = int(record.first_year), int(record.last_year)
        ref = reference_rows[reference_rows["year"].isin([start, end])]
        reference_pct = None
        if len(ref) == 2 and ref["segment"].nunique() == 1:
            values = real[(real["series"] == reference) & real["year"].isin([start, end])].set_index("year")
            if values["real_a_mean"].notna().all():
                reference_pct = (
                    float(values.loc[end, "real_a_mean"]) / float(values.loc[start, "real_a_mean"]) - 1
                ) * 100
        rows.append(
            {
                "series": record.series,
                "segment_label": record.segment_label,
                "first_year": start,
                "last_year": end,
                "real_change_pct": None if pd.isna(record.real_change_pct) else float(record.real_change_pct),
                "all_occupations_real_change_pct": reference_pct,
                "difference_pct_points": None
                if reference_pct is None or pd.isna(record.real_change_pct)
                else float(record.real_change_pct) - reference_pct,
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "series",
            "segment_label",
            "first_year",
            "last_year",
            "real_change_pct",
            "all_occupations_real_change_pct",
            "difference_pct_points",
        ],
    )


# --------------------------------------------------------------------------------------------- figures
def key_figures(
    series: pd.DataFrame, growth: pd.DataFrame, breaks: pd.DataFrame, cross_break: pd.DataFrame | None = None
) -> dict:
    """The figures notebook 04 records: years, segments (first/last nominal and real a_mean, real growth),
    the breaks marked, every national value shown (nominal, as BLS published it) and, when given, the
    approximate cross-break comparison (:func:`cross_break_comparison`)."""

    def plain(value):
        return None if value is None or pd.isna(value) else value

    values = []
    for row in series.sort_values(["year", "occ_code"]).itertuples():
        record = {"year": int(row.year), "series": row.series, "occ_code": row.occ_code, "segment": int(row.segment)}
        for column in SERIES_VALUES:
            value = getattr(row, column)
            record[column] = None if pd.isna(value) else float(value)
        values.append(record)
    segments = []
    for row in growth.itertuples():
        segments.append(
            {
                "series": row.series,
                "segment": int(row.segment),
                "label": row.segment_label,
                "first_year": int(row.first_year),
                "last_year": int(row.last_year),
                "first_a_mean": plain(row.first_a_mean),
                "last_a_mean": plain(row.last_a_mean),
                "first_real_a_mean": plain(row.first_real_a_mean),
                "last_real_a_mean": plain(row.last_real_a_mean),
                "nominal_change_pct": plain(row.nominal_change_pct),
                "real_change_pct": plain(row.real_change_pct),
                "real_annual_pct": plain(row.real_annual_pct),
            }
        )
    return {
        "years": sorted(int(y) for y in series["year"].unique()),
        "occupations": [str(s) for s in series.loc[series["role"] == "requested", "series"].unique()],
        "base_year": int(growth["base_year"].iloc[0]) if len(growth) else None,
        "cpi_series": adjust.CPI_SERIES_ID,
        "segments": segments,
        "breaks_marked": [
            {"after": int(b.after), "before": int(b.before), "kind": b.kind, "label": b.label}
            for b in breaks.itertuples()
        ],
        "values": values,
        "cross_break": [
            {
                "label": row.label,
                "kind": row.kind,
                "year": int(row.year),
                "occ_codes": row.occ_codes,
                "tot_emp": plain(row.tot_emp),
                "a_mean": plain(row.a_mean),
                "real_a_mean": plain(row.real_a_mean),
                "base_year": int(row.base_year),
                "nominal_vs_predecessor_pct": plain(row.nominal_vs_predecessor_pct),
                "real_vs_predecessor_pct": plain(row.real_vs_predecessor_pct),
                "approximate": bool(row.approximate),
            }
            for row in (cross_break if cross_break is not None else pd.DataFrame()).itertuples()
        ],
    }


def release_years(frame: pd.DataFrame) -> list[int]:
    """Releases loaded that carry national cross-industry estimates."""
    return sorted(int(y) for y in national_cross_industry(frame)["year"].unique())


def describe_releases(years: Iterable[int]) -> str:
    years = sorted(years)
    if not years:
        return "no release"
    if len(years) == 1:
        return f"one release (May {years[0]})"
    return f"{len(years)} releases (May {years[0]}–May {years[-1]})"


def selection_text(
    frame: pd.DataFrame,
    codes: Sequence[str],
    years: Iterable[int],
    base_year: int,
    compare_with: str | None = None,
) -> str:
    """What the report shows, as one Markdown sentence: the occupations by title and code (titles escaped), the
    comparison series, the releases loaded and the dollars of the real wages."""
    named = words_list(occupation_in_words(frame, code) for code in codes)
    text = f"**{'Occupation' if len(codes) == 1 else 'Occupations'}:** {named}"
    if compare_with is not None:
        text += f", compared with {occupation_in_words(frame, compare_with)}"
    return f"{text}; {releases_in_words(years)}; real wages in dollars of {base_year}."


def growth_text(growth: pd.DataFrame, comparison: pd.DataFrame) -> str:
    """Growth within each comparable segment of the requested series, in words (Markdown bullet list)."""
    lines = []
    compared = comparison.set_index("segment_label") if len(comparison) else comparison
    for row in growth.itertuples():
        if row.role == "comparison":
            continue
        if row.years_spanned == 0 or pd.isna(row.nominal_change_pct):
            lines.append(f"- **{row.segment_label}**: a single release, no growth rate.")
            continue
        text = (
            f"- **{row.segment_label}**: mean annual wage {row.nominal_change_pct:+.1f}% as published "
            f"({_said(row.nominal_change_words)}), {row.real_change_pct:+.1f}% in {int(row.base_year)} dollars "
            f"({_said(row.real_change_words)}; {row.real_annual_pct:+.1f}% a year)"
        )
        if len(compared) and row.segment_label in compared.index:
            other = compared.loc[row.segment_label, "all_occupations_real_change_pct"]
            if other is not None and not pd.isna(other):
                text += f"; All Occupations over the same releases: {float(other):+.1f}% real"
        lines.append(text + ".")
    if not lines:
        return "No series has two comparable releases loaded."
    return "\n".join(lines) + "\n\n" + growth_note()


def _said(words) -> str:
    return "change not computed" if pd.isna(words) else str(words)


def growth_note() -> str:
    """How :func:`growth_text` words a change: the one rule of :func:`change_words`, in the reader's words."""
    return (
        "A change is called a rise or a fall only when the 95% intervals of the first and last mean wage, built "
        "from BLS's relative standard errors, do not overlap; otherwise the two cannot be told apart from no change."
    )


def breaks_text(breaks: pd.DataFrame) -> str:
    """Each break marked on the charts, in words."""
    if breaks.empty:
        return "No break in the series falls within the releases loaded."
    return "\n".join(
        f"- Between May {b.after} and May {b.before}: {b.label} ({b.kind} break; cuts {', '.join(b.series)})."
        for b in breaks.itertuples()
    )


# --------------------------------------------------------------------------------------------- tables
# What a report shows: plain-English headers with units, values written as BLS publishes them.


def growth_table(growth: pd.DataFrame) -> pd.DataFrame:
    """:func:`segment_growth` for the reader: each comparable segment's first and last mean annual wage, as
    published and in base-year dollars, and the changes ("—" over a single release: no rate is computed)."""
    from analysis.analyses import tables

    base = int(growth["base_year"].iloc[0]) if len(growth) else None
    dollars = f"{base} dollars" if base is not None else "real"
    one_release = tables.DASH

    def change(column: str):
        return growth[column].map(lambda v: tables.percent(v, signed=True, missing=one_release))

    def worded(column: str, words: str) -> list[str]:
        return [
            one_release if pd.isna(v) else f"{tables.percent(v, signed=True)} ({w})"
            for v, w in zip(growth[column], growth[words])
        ]

    return pd.DataFrame(
        {
            "Comparable series (no break inside)": growth["segment_label"].astype(str),
            "Annual mean wage, first release (USD)": growth["first_a_mean"].map(tables.money),
            "Annual mean wage, last release (USD)": growth["last_a_mean"].map(tables.money),
            f"First release, in {dollars} (USD)": growth["first_real_a_mean"].map(tables.computed_money),
            f"Last release, in {dollars} (USD)": growth["last_real_a_mean"].map(tables.computed_money),
            "Change, as published (by the 95% intervals)": worded("nominal_change_pct", "nominal_change_words"),
            f"Change, in {dollars} (by the 95% intervals)": worded("real_change_pct", "real_change_words"),
            f"Change a year, in {dollars}": growth["real_annual_pct"].map(
                lambda v: tables.percent(v, digits=2, signed=True, missing=one_release)
            ),
            "Employment change": change("employment_change_pct"),
        }
    ).reset_index(drop=True)


def key_figures_table(figures: dict) -> pd.DataFrame:
    """The key figures of notebook 04 for the reader (the recorded figures, with every value, stay raw)."""
    from analysis.analyses import tables

    segments = figures.get("segments") or []
    breaks = figures.get("breaks_marked") or []
    rows = [
        ("Releases loaded", tables.releases(figures.get("years") or [])),
        ("Occupations", ", ".join(figures.get("occupations") or []) or "none"),
        ("Real wages in dollars of", str(figures["base_year"]) if figures.get("base_year") else tables.DASH),
        ("CPI series (BLS series ID)", str(figures.get("cpi_series") or tables.DASH)),
        ("Comparable segments", "; ".join(str(s["label"]) for s in segments) or "none"),
        (
            "Breaks marked on the charts",
            "; ".join(
                f"between {tables.release(b['after'])} and {tables.release(b['before'])}: {b['label']}" for b in breaks
            )
            or "none within the releases loaded",
        ),
        ("National values charted", f"{len(figures.get('values') or []):,} (one per release and series)"),
    ]
    cross = figures.get("cross_break") or []
    if cross:
        first, last = cross[0], cross[-1]
        rows.append(
            (
                f"Across the SOC break (approximate, in May {last['base_year']} dollars)",
                (
                    f"{first['label']}: {tables.computed_money(first['real_a_mean'])}; {last['label']}: "
                    f"{tables.computed_money(last['real_a_mean'])} "
                    f"({tables.percent(last['real_vs_predecessor_pct'], digits=0, signed=True)}); "
                    "different codes, not one series"
                ),
            )
        )
    return tables.figures_frame(rows)


# --------------------------------------------------------------------------------------------- across the break
#: The 2010 SOC code whose work the 2018 SOC split (see ``analysis.conventions.occupations``).
SPLIT_PREDECESSOR = "29-2071"

CROSS_BREAK_COLUMNS: tuple[str, ...] = (
    "item",
    "kind",
    "label",
    "year",
    "occ_codes",
    "occ_title",
    "tot_emp",
    "tot_emp_status",
    "a_mean",
    "a_mean_status",
    "real_a_mean",
    "base_year",
    "nominal_vs_predecessor_pct",
    "real_vs_predecessor_pct",
    "approximate",
    "note",
)


def successor_codes(predecessor: str = SPLIT_PREDECESSOR) -> tuple[str, ...]:
    """The 2018 SOC codes that together carry the work of ``predecessor`` (from the crosswalk)."""
    return occupations.codes_for_year(predecessor, occupations.FIRST_SOC2018_YEAR)


def employment_weighted_mean(rows: pd.DataFrame, column: str = "a_mean") -> float | None:
    """Mean of ``column`` weighted by ``tot_emp``: sum(value x employment) / sum(employment).

    None when any row lacks a published value or employment (a BLS symbol): a combination is never made from
    part of the codes. It is the mean of the codes taken together (BLS's means are employment-weighted), and so
    stands for the old occupation only as far as the codes are, together, the whole of its work.
    """
    if rows.empty:
        return None
    values = rows[column].astype("Float64")
    weights = rows["tot_emp"].astype("Float64")
    if values.isna().any() or weights.isna().any() or float(weights.sum()) <= 0:
        return None
    return float((values * weights).sum() / weights.sum())


def cross_break_comparison(
    frame: pd.DataFrame,
    predecessor: str = SPLIT_PREDECESSOR,
    *,
    before_year: int | None = None,
    after_year: int | None = None,
    base_year: int | None = None,
) -> pd.DataFrame:
    """The predecessor's national mean annual wage in ``before_year`` (default: its first release loaded) beside
    its 2018 SOC successors' in ``after_year`` (default: the latest release that publishes them all), and an
    employment-weighted combination of the successors, nominal and in ``base_year`` dollars (default:
    ``after_year``; CPI-U annual averages, :mod:`analysis.analyses.adjust`).

    One row per item: ``kind`` "predecessor", "successor" or "combined" (computed here, not published by BLS).
    ``nominal_vs_predecessor_pct`` / ``real_vs_predecessor_pct`` compare each later row with the predecessor.
    Every row is ``approximate``: the codes do not measure the same work, and May 2021 brought a new estimation
    method. An empty frame when either end is not loaded. Charts must draw these as separate marks, never as
    one line.
    """
    successors = successor_codes(predecessor)
    national = national_cross_industry(frame)
    before = national[(national["occ_code"] == predecessor) & national["a_mean"].notna()]
    after = national[national["occ_code"].isin(successors)]
    complete = [int(y) for y, g in after.groupby("year") if set(g["occ_code"]) == set(successors)]
    if before_year is None and len(before):
        before_year = int(before["year"].min())
    if after_year is None and complete:
        after_year = max(complete)
    before = before[before["year"] == before_year]
    after = after[after["year"] == after_year].set_index("occ_code").reindex(list(successors)).reset_index()
    if before.empty or after["year"].isna().any():
        return pd.DataFrame(columns=list(CROSS_BREAK_COLUMNS))
    base = adjust.check_base_year(base_year if base_year is not None else after_year, [after_year])
    old = before.iloc[0]
    records = [
        _cross_break_record(
            old, "predecessor", f"{predecessor}, May {before_year}", "2010 SOC code, published May 2011–May 2018"
        )
    ]
    for row in after.itertuples():
        records.append(
            _cross_break_record(
                row._asdict(),
                "successor",
                f"{row.occ_code}, May {after_year}",
                "2018 SOC code, published from May 2021",
            )
        )
    combined = {
        "occ_code": " + ".join(successors),
        "year": after_year,
        "occ_title": "Employment-weighted combination of " + " and ".join(successors),
        "tot_emp": float(after["tot_emp"].sum()) if after["tot_emp"].notna().all() else None,
        "tot_emp_status": None,
        "a_mean": employment_weighted_mean(after),
        "a_mean_status": None
        if employment_weighted_mean(after) is not None
        else "not computed: a successor's mean wage or employment is not published",
    }
    records.append(
        _cross_break_record(
            combined,
            "combined",
            f"{' + '.join(successors)} combined, May {after_year}",
            "computed here, not published by BLS: mean of the two means weighted by employment; it stands for "
            f"{predecessor}'s work only as far as the two together are the whole of it",
        )
    )
    out = pd.DataFrame(records)
    out.insert(0, "item", range(1, len(out) + 1))
    out = adjust.add_real_values(out, ["a_mean"], base_year=base).drop(columns=["cpi_u"])
    out = out.rename(columns={"cpi_base_year": "base_year"})
    first_nominal, first_real = float(out["a_mean"].iloc[0]), float(out["real_a_mean"].iloc[0])
    out["nominal_vs_predecessor_pct"] = (out["a_mean"] / first_nominal - 1) * 100
    out["real_vs_predecessor_pct"] = (out["real_a_mean"] / first_real - 1) * 100
    out.loc[0, ["nominal_vs_predecessor_pct", "real_vs_predecessor_pct"]] = pd.NA
    out["approximate"] = True
    for column in ("tot_emp", "a_mean", "real_a_mean", "nominal_vs_predecessor_pct", "real_vs_predecessor_pct"):
        out[column] = out[column].astype("Float64")
    out["year"] = out["year"].astype(int)
    return out[list(CROSS_BREAK_COLUMNS)]


def _cross_break_record(row, kind: str, label: str, note: str) -> dict:
    get = row.get if isinstance(row, dict) else row.__getitem__

    def value(name):
        found = get(name)
        return None if found is None or pd.isna(found) else found

    return {
        "kind": kind,
        "label": label,
        "year": int(get("year")),
        "occ_codes": str(get("occ_code")),
        "occ_title": str(get("occ_title")),
        "tot_emp": value("tot_emp"),
        "tot_emp_status": value("tot_emp_status"),
        "a_mean": value("a_mean"),
        "a_mean_status": value("a_mean_status"),
        "note": note,
    }


def cross_break_text(comparison: pd.DataFrame, predecessor: str = SPLIT_PREDECESSOR) -> str:
    """Why the predecessor's series and its successors' are not one line, and the approximate comparison, in
    plain words (Markdown; every title from the data is escaped)."""
    successors = successor_codes(predecessor)
    names = {code: occupations.occupation_title(code) or code for code in (predecessor, *successors)}
    if len(comparison):
        names.update({r.occ_codes: r.occ_title for r in comparison.itertuples() if r.kind != "combined"})
    old = f"{predecessor} {escape_markdown(names[predecessor])}"
    new = " and ".join(f"{code} {escape_markdown(names[code])}" for code in successors)
    hybrids = " and ".join(occupations.codes_for_year(predecessor, occupations.FIRST_HYBRID_YEAR))
    why = (
        f"**Why these are not one line.** Until May 2018 BLS published the work of medical records and health "
        f"information technicians under one 2010 SOC code, {old}. The 2018 revision of the Standard Occupational "
        f"Classification split that work into two codes, {new}. In between, the May 2019 and May 2020 releases "
        f"mixed survey panels coded both ways and published only the hybrid codes {hybrids}, each much broader "
        "(they also count, for example, medical dosimetrists and surgical assistants). From May 2021 BLS also "
        "estimates with a new, model-based method. So no single code measures the same work before and after: "
        "the charts draw each code as its own line and never join them."
    )
    if comparison.empty:
        return why + (
            f"\n\nThe comparison across the break needs {predecessor} (May 2011–May 2018) and "
            f"{' and '.join(successors)} (from May 2021) in the releases loaded; they are not all loaded."
        )
    first = comparison.iloc[0]
    combined = comparison[comparison["kind"] == "combined"].iloc[0]
    base = int(first["base_year"])
    lines = [
        why,
        "",
        (
            f"**An approximate comparison across the break.** {predecessor} in May {int(first['year'])} beside its "
            f"successors in May {int(combined['year'])}, as published and in May {base} dollars (CPI-U). "
            "The combined figure is the successors' mean annual wages weighted by their employment: it is the mean of "
            f"the two codes taken together, and equals the mean of {predecessor}'s work only if the two codes are, "
            "together, the whole of it and nothing else. Read every figure here as approximate, not as growth of one "
            "series."
        ),
        "",
    ]
    for row in comparison.itertuples():
        if pd.isna(row.a_mean):
            why = status_text(str(row.a_mean_status)) if not pd.isna(row.a_mean_status) else "not published"
            lines.append(f"- {escape_markdown(row.label)}: no mean annual wage ({escape_markdown(why)}).")
            continue
        if row.kind == "combined":
            wage = f"about {format_value(round(float(row.a_mean)), 'a_mean')}, computed from published figures"
        else:
            wage = f"{format_value(row.a_mean, 'a_mean')} as published"
        text = f"- {escape_markdown(row.label)} ({escape_markdown(row.occ_title)}): {wage}"
        if int(row.year) != base:
            text += f", about {format_value(round(float(row.real_a_mean)), 'a_mean')} in May {base} dollars"
        if not pd.isna(row.real_vs_predecessor_pct):
            text += (
                f"; {float(row.nominal_vs_predecessor_pct):+.0f}% as published and "
                f"{float(row.real_vs_predecessor_pct):+.0f}% in real terms against {predecessor} "
                f"in May {int(first['year'])} (approximate)"
            )
        lines.append(text + ".")
    return "\n".join(lines)


def cross_break_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """:func:`cross_break_comparison` for the reader: every row labelled approximate."""
    from analysis.analyses import tables

    base = int(comparison["base_year"].iloc[0]) if len(comparison) else None
    dollars = f"May {base} dollars" if base is not None else "real terms"
    first = f"{comparison['occ_codes'].iloc[0]} May {int(comparison['year'].iloc[0])}" if len(comparison) else "first"
    return pd.DataFrame(
        {
            "Item (approximate comparison)": comparison["label"].astype(str),
            "BLS title": comparison["occ_title"].astype(str),
            "Employment (jobs)": [
                tables.jobs(v, status=s) for v, s in zip(comparison["tot_emp"], comparison["tot_emp_status"])
            ],
            "Annual mean wage, nominal (USD)": [
                tables.computed_money(v, missing=str(s)) if k == "combined" else tables.money(v, status=s)
                for v, s, k in zip(comparison["a_mean"], comparison["a_mean_status"], comparison["kind"])
            ],
            f"Annual mean wage, in {dollars} (USD)": comparison["real_a_mean"].map(tables.computed_money),
            f"Against {first}, nominal": comparison["nominal_vs_predecessor_pct"].map(
                lambda v: tables.percent(v, digits=0, signed=True)
            ),
            f"Against {first}, in {dollars}": comparison["real_vs_predecessor_pct"].map(
                lambda v: tables.percent(v, digits=0, signed=True)
            ),
            "What it is": comparison["note"].astype(str),
        }
    ).reset_index(drop=True)


# --------------------------------------------------------------------------------------------- year by year
#: The measures charted, with the table caption's words and how a cell is written.
YEAR_TABLE_MEASURES: dict[str, str] = {
    "a_mean": "Annual mean wage, as published (USD)",
    "real_a_mean": "Annual mean wage in real terms (USD of the base year, CPI-U)",
    "tot_emp": "Employment (jobs)",
    "spread_p90_p10": "90th percentile over 10th percentile annual wage (times)",
}


def year_by_year_table(series: pd.DataFrame, measure: str, *, include_comparison: bool = True) -> pd.DataFrame:
    """The values a chart plots, one row per May release and one column per line (its code): what the reader
    would otherwise hover for. A cell is "—" where the code was not published that year; a BLS symbol is
    written as its meaning. ``series`` is :func:`national_series` (with :func:`with_real_wages` for real_a_mean).
    """
    from analysis.analyses import tables

    if measure not in YEAR_TABLE_MEASURES:
        raise ParameterError(f"no year-by-year table for {measure!r}; choose one of {', '.join(YEAR_TABLE_MEASURES)}")
    rows = series if include_comparison else series[series["role"] != "comparison"]
    if "order" in rows.columns:
        rows = rows.sort_values(["order", "year"])
    lines = list(dict.fromkeys(rows["series"].astype(str)))
    years = sorted(int(y) for y in series["year"].unique())
    table = pd.DataFrame({"May release": [tables.release(y) for y in years]})
    for line in lines:
        own = rows[rows["series"] == line].set_index("year")
        cells = []
        for year in years:
            if year not in own.index:
                cells.append(tables.DASH)
                continue
            row = own.loc[year]
            if measure == "a_mean":
                cells.append(tables.money(row["a_mean"], status=row["a_mean_status"], top_code=row["top_code_annual"]))
            elif measure == "real_a_mean":
                cells.append(
                    tables.computed_money(
                        row["real_a_mean"],
                        missing=tables.money(
                            row["a_mean"], status=row["a_mean_status"], top_code=row["top_code_annual"]
                        ),
                    )
                )
            elif measure == "tot_emp":
                cells.append(tables.jobs(row["tot_emp"], status=row["tot_emp_status"]))
            else:
                value = row["spread_p90_p10"]
                cells.append("not computed (a percentile is not published)" if pd.isna(value) else f"{value:.2f}×")
        table[line] = cells
    return table


#: The columns behind each year-by-year table (:func:`year_by_year_data`), besides the identifying columns.
YEAR_DATA_COLUMNS: dict[str, tuple[str, ...]] = {
    "a_mean": ("a_mean", "a_mean_status", "top_code_annual"),
    "real_a_mean": ("real_a_mean", "a_mean", "a_mean_status", "top_code_annual", "cpi_u", "cpi_base_year"),
    "tot_emp": ("tot_emp", "tot_emp_status"),
    "spread_p90_p10": ("spread_p90_p10", "a_pct90", "a_pct90_status", "a_pct10", "a_pct10_status", "top_code_annual"),
}


def year_by_year_data(series: pd.DataFrame, measure: str, *, include_comparison: bool = True) -> pd.DataFrame:
    """The numbers behind :func:`year_by_year_table`, one row per line and May release (long, not pivoted): the
    line, its role, year, occ_code and occ_title, then the measure at full precision with the BLS status
    columns, top-code bound and (for ``real_a_mean``) the CPI-U values used."""
    if measure not in YEAR_DATA_COLUMNS:
        raise ValueError(f"no year-by-year table for {measure!r}; choose one of {', '.join(YEAR_DATA_COLUMNS)}")
    rows = series if include_comparison else series[series["role"] != "comparison"]
    if "order" in rows.columns:
        rows = rows.sort_values(["order", "year"])
    columns = ["series", "role", "year", "occ_code", "occ_title", *YEAR_DATA_COLUMNS[measure]]
    return rows[[c for c in columns if c in rows.columns]].reset_index(drop=True)


def series_key_table(series: pd.DataFrame) -> pd.DataFrame:
    """The codes heading the year-by-year tables: BLS's title (escaped where shown as Markdown by the caller),
    what the line is and the releases it covers."""
    from analysis.analyses import tables

    roles = {
        "requested": "occupation asked for",
        "related": "predecessor or hybrid code, drawn beside",
        "comparison": "comparison",
    }
    rows = series.sort_values(["order", "year"]) if "order" in series.columns else series.sort_values("year")
    records = []
    for line, group in rows.groupby("series", sort=False):
        records.append(
            {
                "Code": str(line),
                "BLS title (latest release)": str(group["occ_title"].iloc[-1]),
                "Shown as": roles.get(str(group["role"].iloc[0]), str(group["role"].iloc[0])),
                "Releases": tables.releases(group["year"]),
            }
        )
    return pd.DataFrame(records, columns=["Code", "BLS title (latest release)", "Shown as", "Releases"])


def headline(growth: pd.DataFrame, years: Sequence[int]) -> dict:
    """The report's own headline for the index: ``{"headline": sentence, "key_figures": [[label, text], ...]}``.
    The sentence gives the first requested series' latest comparable change, as published and in real terms, in
    the words of :func:`change_words`; the key figures give each requested series' (at most five) and the
    releases loaded."""
    from analysis.analyses import tables

    latest = growth[(growth["role"] == "requested") & growth["nominal_change_pct"].notna()]
    latest = latest.sort_values("last_year").groupby("series", sort=False).tail(1)
    order = list(dict.fromkeys(growth.loc[growth["role"] == "requested", "series"]))
    latest = latest.set_index("series")
    latest = latest.loc[[s for s in order if s in set(latest.index)]]
    key: list[list[str]] = []
    sentence = "No occupation has two comparable releases loaded, so no change is computed."
    for name, row in latest.iterrows():
        span = f"{tables.release(row['first_year'])}–{tables.release(row['last_year'])}"
        real = f"{tables.percent(row['real_change_pct'], signed=True)} in {int(row['base_year'])} dollars"
        key.append([f"Mean annual wage of {name}, {span}", f"{real} ({row['real_change_words']})"])
        if len(key) == 1:
            title = occupations.occupation_title(str(name)) or str(name)
            sentence = (
                f"{title} ({name}), {span}: mean annual wage "
                f"{tables.percent(row['nominal_change_pct'], signed=True)} as published "
                f"({row['nominal_change_words']}), {real} ({row['real_change_words']})."
            )
    key = key[:5] + [["Releases loaded", tables.releases(years)]]
    return {"headline": sentence, "key_figures": key}
