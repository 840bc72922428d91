"""Wages and employment across every release loaded: nominal and real, with BLS's breaks in the series kept.

What BLS changed, and what it means here:

* **SOC 2018.** May 2011–2018 estimates use the 2010 SOC (medical records work is 29-2071). May 2019 and May 2020
  mix panels coded under both SOCs and publish hybrid codes (29-2098, 29-9098). From May 2021 the 2018 SOC is
  used in full (29-2072, 29-9021). So a series breaks between 2018 and 2019 and between 2020 and 2021 wherever
  the SOC revision changed what a code covers.
* **Estimation method.** From May 2021 BLS estimates with its model-based method (MB3; news release
  USDL-22-0556), a break for every occupation.

A code is joined with another code into one line only where the crosswalk (``analysis.conventions.occupations``)
says the two measure the same work. Each line is cut into *segments* at every break that applies to it; growth
rates are computed within a segment only (:func:`growth_rate` refuses a span that crosses a break). Breaks are
returned as data (:func:`breaks_for`) so that charts can draw them.

The approximate comparison across the SOC break lives in :mod:`analysis.analyses.cross_break`; what the report
writes for the reader (sentences, tables, key figures) in :mod:`analysis.analyses.trends_text`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.analyses import adjust
from analysis.analyses.national import ALL_OCCUPATIONS, national_cross_industry
from analysis.conventions import occupations, sampling, schema
from analysis.conventions.occupations import METHOD_BREAK, SOC_BREAKS, SeriesBreak
from analysis.errors import ParameterError, SeriesBreakError

#: Money columns restated in real terms.
REAL_COLUMNS: tuple[str, ...] = ("a_mean", "h_mean", "a_pct10", "a_median", "a_pct90")

#: Columns of the national series (nominal, as BLS published them).
SERIES_VALUES: tuple[str, ...] = schema.NATIONAL_VALUE_COLUMNS


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


def release_years(frame: pd.DataFrame) -> list[int]:
    """Releases loaded that carry national cross-industry estimates."""
    return sorted(int(y) for y in national_cross_industry(frame)["year"].unique())


def growth_note() -> str:
    """How the report words a change (:func:`analysis.analyses.trends_text.growth_text`, claims): the one rule of
    :func:`change_words`, in the reader's words."""
    return (
        "A change is called a rise or a fall only when the 95% intervals of the first and last mean wage, built "
        "from BLS's relative standard errors, do not overlap; otherwise the two cannot be told apart from no change."
    )
