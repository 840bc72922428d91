"""The trends report for the reader: sentences, tables and the key figures of notebook 04.

Frames in from :mod:`analysis.analyses.trends` (series, breaks, growth); Markdown and reader-facing tables out,
with plain-English headers and units, values written as BLS publishes them and every title from the data escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.analyses import adjust, tables
from analysis.analyses.parameters import occupation_in_words, releases_in_words, words_list
from analysis.analyses.trends import SERIES_VALUES, growth_note
from analysis.conventions import occupations
from analysis.errors import ParameterError


# --------------------------------------------------------------------------------------------- figures
def key_figures(
    series: pd.DataFrame, growth: pd.DataFrame, breaks: pd.DataFrame, cross_break: pd.DataFrame | None = None
) -> dict:
    """The figures notebook 04 records: years, segments (first/last nominal and real a_mean, real growth),
    the breaks marked, every national value shown (nominal, as BLS published it) and, when given, the
    approximate cross-break comparison (:func:`analysis.analyses.cross_break.cross_break_comparison`)."""

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
    """:func:`analysis.analyses.trends.segment_growth` for the reader: each comparable segment's first and last
    mean annual wage, as published and in base-year dollars, and the changes ("—" over a single release: no rate
    is computed)."""
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
    written as its meaning. ``series`` is :func:`analysis.analyses.trends.national_series` (with
    :func:`analysis.analyses.trends.with_real_wages` for real_a_mean).
    """
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
        raise ParameterError(f"no year-by-year table for {measure!r}; choose one of {', '.join(YEAR_DATA_COLUMNS)}")
    rows = series if include_comparison else series[series["role"] != "comparison"]
    if "order" in rows.columns:
        rows = rows.sort_values(["order", "year"])
    columns = ["series", "role", "year", "occ_code", "occ_title", *YEAR_DATA_COLUMNS[measure]]
    return rows[[c for c in columns if c in rows.columns]].reset_index(drop=True)


def series_key_table(series: pd.DataFrame) -> pd.DataFrame:
    """The codes heading the year-by-year tables: BLS's title (escaped where shown as Markdown by the caller),
    what the line is and the releases it covers."""
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
    the words of :func:`analysis.analyses.trends.change_words`; the key figures give each requested series' (at
    most five) and the releases loaded."""
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
