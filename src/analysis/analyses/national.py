"""National, cross-industry estimates for one occupation and release: what the occupation earns in the U.S.

BLS publishes, for each occupation and May reference period, employment (``tot_emp``) with its relative
standard error (``emp_prse``), the mean wage with its RSE (``mean_prse``) and five percentiles of the wage
distribution (10th, 25th, median, 75th, 90th), hourly and annual. The 10th percentile is what most entry-level
workers earn or more, the 90th what the most experienced or best-paid earn; the span between them is the
range this module calls the wage ladder.

Wages at or above BLS's top-code are published as ``#`` (status ``top_coded``). They are shown as
"at least $X", where X is the release's published top-code bound (``top_code_hourly`` / ``top_code_annual``),
never as a number.

Career-guide claims are checked in :mod:`analysis.analyses.claims`; the job outlook is in
:mod:`analysis.analyses.outlook`. Titles read from the data are escaped before they go into Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.analyses.parameters import HOW_TO_ADD_RELEASES, available_years, occupation_in_words, releases_in_words
from analysis.analyses.tables import code_and_title
from analysis.conventions import occupations
from analysis.conventions.missing import is_missing, number_or_none, text_or_none
from analysis.conventions.schema import ALL_OWNERSHIPS, CROSS_INDUSTRY
from analysis.errors import ParameterError
from analysis.text import escape_dollars, escape_markdown

ALL_OCCUPATIONS = "00-0000"

#: BLS's percentiles: (label, column suffix, what the point of the ladder stands for).
PERCENTILES: tuple[tuple[str, str, str], ...] = (
    ("10th percentile", "pct10", "entry level"),
    ("25th percentile", "pct25", "early career"),
    ("Median", "median", "midpoint"),
    ("75th percentile", "pct75", "experienced"),
    ("90th percentile", "pct90", "most experienced / best paid"),
)


def career_ladder_codes() -> tuple[str, ...]:
    """The HIM career ladder of ``analysis.conventions.occupations``: 29-2072 -> 29-9021 -> 11-9111."""
    return tuple(occupations.CAREER_LADDER)


# --------------------------------------------------------------------------------------------- selection
def national_cross_industry(frame: pd.DataFrame) -> pd.DataFrame:
    """U.S. (area type 1), cross-industry rows, one per (year, occupation).

    Where a release carries the cross-industry row for several ownerships, the all-ownerships row ("1235")
    is kept; where ownership is not stated (flat files, some national files) the row as published is kept.
    """
    rows = frame[(frame["area_type"] == 1) & (frame["naics"] == CROSS_INDUSTRY)]
    return one_ownership(rows)


def one_ownership(rows: pd.DataFrame) -> pd.DataFrame:
    if rows.empty:
        return rows.copy()
    keys = ["year", "occ_code"] + (["naics"] if "naics" in rows else [])
    own = rows["own_code"].astype("string")
    rank = pd.Series(2, index=rows.index)
    rank[own.isna()] = 1
    rank[own == ALL_OWNERSHIPS] = 0
    ordered = rows.assign(_rank=rank.to_numpy()).sort_values(keys + ["_rank"], kind="stable")
    return ordered.drop_duplicates(keys, keep="first").drop(columns="_rank").reset_index(drop=True)


def occupation_row(frame: pd.DataFrame, occupation: str, year: int) -> pd.Series:
    """The national cross-industry row of ``occupation`` in ``year``; ParameterError when BLS did not publish it."""
    rows = national_cross_industry(frame)
    match = rows[(rows["occ_code"] == occupation) & (rows["year"] == year)]
    if match.empty:
        years = sorted(int(y) for y in rows.loc[rows["occ_code"] == occupation, "year"].unique())
        raise ParameterError(
            f"no national cross-industry estimate for {occupation} in May {year}; "
            f"years with one: {years or 'none'}. To use other releases, {HOW_TO_ADD_RELEASES}."
        )
    return match.iloc[0]


# --------------------------------------------------------------------------------------------- display
def format_wage(value, status=None, top_code=None, *, basis: str = "annual") -> str:
    """A wage as a reader should see it: "$48,310", "$23.23", "at least $239,200", or why it is missing.

    A top-coded wage is "at least" the published bound; when the bound is not known it says so, and never
    prints a made-up number.
    """
    if not is_missing(status):
        if status == "top_coded":
            if is_missing(top_code):
                return "at or above BLS's top-code (bound not stated in the file)"
            return f"at least {_money(float(top_code), basis)}"
        from analysis.conventions.schema import STATUS_WORDS

        return STATUS_WORDS.get(str(status), f"not published ({status})")
    if is_missing(value):
        return "not published"
    return _money(float(value), basis)


def _money(value: float, basis: str) -> str:
    if basis == "hourly":
        return f"${value:,.2f}"
    return f"${value:,.0f}"


def format_count(value, status=None) -> str:
    if not is_missing(status):
        return format_wage(None, status)
    if is_missing(value):
        return "not published"
    return f"{float(value):,.0f}"


def _status(row: pd.Series, column: str) -> str | None:
    return text_or_none(row.get(f"{column}_status"))


def _number(row: pd.Series, column: str) -> float | None:
    return number_or_none(row.get(column))


# --------------------------------------------------------------------------------------------- analyses
def summary(frame: pd.DataFrame, occupation: str, year: int) -> pd.DataFrame:
    """One row: employment and its RSE, mean wage (hourly, annual) and its RSE, with display strings."""
    row = occupation_row(frame, occupation, year)
    out = {
        "year": int(row["year"]),
        "occ_code": row["occ_code"],
        "occ_title": row["occ_title"],
        "tot_emp": _number(row, "tot_emp"),
        "tot_emp_status": _status(row, "tot_emp"),
        "emp_prse": _number(row, "emp_prse"),
        "h_mean": _number(row, "h_mean"),
        "h_mean_status": _status(row, "h_mean"),
        "a_mean": _number(row, "a_mean"),
        "a_mean_status": _status(row, "a_mean"),
        "mean_prse": _number(row, "mean_prse"),
    }
    out["employment"] = format_count(out["tot_emp"], out["tot_emp_status"])
    out["hourly_mean"] = format_wage(out["h_mean"], out["h_mean_status"], row.get("top_code_hourly"), basis="hourly")
    out["annual_mean"] = format_wage(out["a_mean"], out["a_mean_status"], row.get("top_code_annual"))
    return pd.DataFrame([out])


def wage_ladder(frame: pd.DataFrame, occupation: str, year: int) -> pd.DataFrame:
    """The five published percentiles, entry level (10th) to most experienced (90th), hourly and annual.

    Columns: percentile, stage, hourly, hourly_status, hourly_display, annual, annual_status, annual_display,
    top_coded (True where BLS published ``#`` for either basis), top_code_hourly and top_code_annual (the bounds).
    """
    row = occupation_row(frame, occupation, year)
    records = []
    for label, suffix, stage in PERCENTILES:
        hourly_col, annual_col = f"h_{suffix}", f"a_{suffix}"
        hourly_status, annual_status = _status(row, hourly_col), _status(row, annual_col)
        records.append(
            {
                "occ_code": row["occ_code"],
                "year": int(row["year"]),
                "percentile": label,
                "stage": stage,
                "hourly": _number(row, hourly_col),
                "hourly_status": hourly_status,
                "hourly_display": format_wage(
                    _number(row, hourly_col), hourly_status, row.get("top_code_hourly"), basis="hourly"
                ),
                "annual": _number(row, annual_col),
                "annual_status": annual_status,
                "annual_display": format_wage(_number(row, annual_col), annual_status, row.get("top_code_annual")),
                "top_coded": "top_coded" in (hourly_status, annual_status),
                "top_code_hourly": _number(row, "top_code_hourly"),
                "top_code_annual": _number(row, "top_code_annual"),
            }
        )
    return pd.DataFrame(records)


def career_ladder(
    frame: pd.DataFrame,
    year: int,
    occupations: Sequence[str] | None = None,
    *,
    compare_with: str | None = ALL_OCCUPATIONS,
) -> pd.DataFrame:
    """The career ladder side by side (default 29-2072 -> 29-9021 -> 11-9111) and All Occupations.

    One row per occupation published in ``year`` (in ladder order, the comparison last): employment, mean and
    percentiles (annual), display strings, and the mean as a multiple of the All Occupations mean. Occupations
    of the ladder that the release does not publish are listed with ``published`` False, not dropped.
    """
    codes = list(occupations or career_ladder_codes())
    if compare_with and compare_with not in codes:
        codes.append(compare_with)
    rows = national_cross_industry(frame)
    rows = rows[rows["year"] == year].set_index("occ_code")
    reference = rows.loc[compare_with, "a_mean"] if compare_with and compare_with in rows.index else pd.NA
    records = []
    for step, code in enumerate(codes, start=1):
        record = {
            "step": step,
            "year": int(year),
            "occ_code": code,
            "published": code in rows.index,
            "role": "comparison" if code == compare_with else "career ladder",
        }
        if code in rows.index:
            row = rows.loc[code]
            record["occ_title"] = row["occ_title"]
            record["tot_emp"] = _number(row, "tot_emp")
            record["tot_emp_status"] = _status(row, "tot_emp")
            record["emp_prse"] = _number(row, "emp_prse")
            record["employment"] = format_count(record["tot_emp"], record["tot_emp_status"])
            record["top_code_annual"] = _number(row, "top_code_annual")
            for column in ("a_mean", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90"):
                record[column] = _number(row, column)
                record[f"{column}_status"] = _status(row, column)
                record[f"{column}_display"] = format_wage(
                    record[column], record[f"{column}_status"], row.get("top_code_annual")
                )
            mean = record["a_mean"]
            record["mean_vs_all_occupations"] = (
                None if mean is None or is_missing(reference) else float(mean) / float(reference)
            )
        records.append(record)
    return pd.DataFrame(records)


def key_figures(frame: pd.DataFrame, occupation: str, year: int) -> dict:
    """The figures notebook 01 records: JSON-safe values, None where BLS published no number."""
    one = summary(frame, occupation, year).iloc[0]
    ladder = wage_ladder(frame, occupation, year)
    annual = ladder.set_index("percentile")["annual"]
    return {
        "occupation": occupation,
        "occ_title": text_or_none(one["occ_title"]),
        "year": int(year),
        "tot_emp": number_or_none(one["tot_emp"]),
        "emp_prse": number_or_none(one["emp_prse"]),
        "a_mean": number_or_none(one["a_mean"]),
        "h_mean": number_or_none(one["h_mean"]),
        "mean_prse": number_or_none(one["mean_prse"]),
        "a_pct10": number_or_none(annual["10th percentile"]),
        "a_median": number_or_none(annual["Median"]),
        "a_pct90": number_or_none(annual["90th percentile"]),
        "top_coded": {row.percentile: bool(row.top_coded) for row in ladder.itertuples()},
        "a_mean_top_coded": one["a_mean_status"] == "top_coded",
    }


# --------------------------------------------------------------------------------------------- prose
def _rse(value) -> str:
    return "RSE not published" if is_missing(value) else f"relative standard error {float(value):.1f}%"


def selection_text(frame: pd.DataFrame, occupation: str, year: int) -> str:
    """What the report shows, as one Markdown sentence: the occupation by title (escaped) and code, the release,
    and the releases loaded (e.g. "loaded: 15 releases, May 2011 to May 2025")."""
    return (
        f"**{occupation_in_words(frame, occupation)}**, May {year} release; "
        f"loaded: {releases_in_words(available_years(frame))}."
    )


def summary_text(summary_frame: pd.DataFrame) -> str:
    """One paragraph (Markdown) of :func:`summary`: employment, mean wage and their reliability."""
    row = summary_frame.iloc[0]
    return escape_dollars(
        f"In May {row['year']}, BLS estimated **{row['employment']}** jobs as {escape_markdown(row['occ_code'])} "
        f"*{escape_markdown(row['occ_title'])}* in the U.S. ({_rse(row['emp_prse'])}). Their mean wage was "
        f"**{row['annual_mean']}** a year (**{row['hourly_mean']}** an hour; {_rse(row['mean_prse'])}). "
        "A relative standard error is BLS's measure of sampling precision: the smaller, the more reliable."
    )


def ladder_text(ladder: pd.DataFrame) -> str:
    """The wage ladder in words: entry level, middle half, most experienced (top-codes as "at least")."""
    by = ladder.set_index("percentile")["annual_display"]
    return escape_dollars(
        f"Entry-level workers (10th percentile) earned {by['10th percentile']} a year or less; the middle half "
        f"earned between {by['25th percentile']} and {by['75th percentile']}, with a median of {by['Median']}; "
        f"the most experienced or best paid (90th percentile) earned {by['90th percentile']} or more."
    )


def career_text(ladder: pd.DataFrame, outlook: pd.DataFrame | None = None) -> str:
    """The career ladder in words: each step's median and mean relative to All Occupations, and, when ``outlook``
    (:func:`analysis.analyses.outlook.ladder_outlook`) is given, its typical entry-level education and projected
    employment change 2024-34."""
    extra = outlook.set_index("occ_code") if outlook is not None and len(outlook) else None
    parts = []
    for row in ladder.itertuples():
        code = escape_markdown(row.occ_code)
        if not row.published:
            parts.append(f"- {code}: not published in this release.")
            continue
        ratio = row.mean_vs_all_occupations
        relation = (
            ""
            if ratio is None or is_missing(ratio) or row.role == "comparison"
            else (f"; its mean is {ratio:.2f} times the All Occupations mean")
        )
        needs = ""
        if extra is not None and row.occ_code in extra.index:
            info = extra.loc[row.occ_code]
            if info["in_projections"]:
                needs = (
                    f" Typical entry-level education: {escape_markdown(info['education'])}; projected "
                    f"employment change 2024–34: {info['employment_change_pct']:+.1f}%."
                )
            elif not is_missing(info["employment_change_pct"]):
                needs = f" Projected employment change 2024–34, all occupations: {info['employment_change_pct']:+.1f}%."
        parts.append(
            f"- {code} *{escape_markdown(row.occ_title)}*: median {row.a_median_display}, mean "
            f"{row.a_mean_display}, employment {row.employment}{relation}.{needs}"
        )
    return escape_dollars("\n".join(parts))


# --------------------------------------------------------------------------------------------- tables
# What a report shows: plain-English headers with units, values written as BLS publishes them, statuses as words.
# The analyses above stay unchanged; these only select and format their columns.


def ladder_table(ladder: pd.DataFrame) -> pd.DataFrame:
    """:func:`wage_ladder` for the reader: percentile, what it stands for, hourly and annual wage."""
    return pd.DataFrame(
        {
            "Percentile": ladder["percentile"],
            "Stands for": ladder["stage"],
            "Hourly wage (USD)": ladder["hourly_display"],
            "Annual wage (USD)": ladder["annual_display"],
        }
    )


def key_figures_table(figures: dict, summary_frame: pd.DataFrame, ladder: pd.DataFrame) -> pd.DataFrame:
    """The key figures of notebook 01 for the reader (the recorded figures stay raw numbers): employment,
    mean wages and their RSEs, the entry-level / median / most experienced annual wages (top-codes as
    "at least"), the releases loaded and each claim's verdict."""
    from analysis.analyses import tables

    one = summary_frame.iloc[0]
    annual = ladder.set_index("percentile")["annual_display"]
    top_coded = [row.percentile for row in ladder.itertuples() if row.top_coded]
    rows = [
        ("Occupation", code_and_title(figures.get("occupation"), figures.get("occ_title"))),
        ("Release", tables.release(figures.get("year"))),
        ("Employment", tables.jobs(one["tot_emp"], status=one["tot_emp_status"], unit=" jobs")),
        ("Employment relative standard error", tables.percent(figures.get("emp_prse"), missing="not published")),
        ("Annual mean wage", one["annual_mean"]),
        ("Hourly mean wage", one["hourly_mean"]),
        ("Mean wage relative standard error", tables.percent(figures.get("mean_prse"), missing="not published")),
        ("Annual wage, 10th percentile (entry level)", annual["10th percentile"]),
        ("Annual median wage", annual["Median"]),
        ("Annual wage, 90th percentile (most experienced)", annual["90th percentile"]),
        ("Percentiles at or above BLS's top-code", ", ".join(top_coded) if top_coded else "none"),
    ]
    if "releases_loaded" in figures:
        rows.append(("Releases loaded", tables.releases(figures["releases_loaded"])))
    projected = figures.get("outlook")
    if projected:
        rows += [
            (
                "Projected employment change, 2024–34",
                (
                    f"{projected['employment_change_pct']:+.1f}% "
                    f"(all occupations {projected['all_occupations_change_pct']:+.1f}%)"
                ),
            ),
            ("Openings per year, 2024–34 average", f"{projected['annual_openings_thousands']:,.1f} thousand"),
            ("Typical entry-level education", str(projected["education"])),
        ]
    elif "outlook" in figures:
        rows.append(("Projected employment change, 2024–34", "not in the BLS projections (2018 SOC codes only)"))
    for claim, verdict in (figures.get("claims") or {}).items():
        rows.append((f"Claim: {claim}", str(verdict)))
    return tables.figures_frame(rows)


def industry_report_link(occupation: str) -> str:
    """A Markdown sentence linking the industry report of the same occupation (same folder, relative link), where
    pay by industry and by employer type (private, state, local and federal) is shown."""
    code = escape_markdown(occupation)
    return (
        f"Pay by industry and by employer type (privately owned, state and local government hospitals, the federal "
        f"executive branch): see [the industry report for {code}](industry-{occupation}.html)."
    )


def headline(figures: dict, summary_frame: pd.DataFrame, ladder: pd.DataFrame) -> dict:
    """The report's own headline for the index, from :func:`key_figures`, :func:`summary` and
    :func:`wage_ladder`: ``{"headline": sentence, "key_figures": [[label, text], ...]}`` in the reader's words
    with units (at most six; a top-coded wage as "at least $X")."""
    from analysis.analyses import tables

    one = summary_frame.iloc[0]
    annual = ladder.set_index("percentile")["annual_display"]
    who = figures.get("occ_title") or figures.get("occupation")
    year = figures.get("year")
    jobs = tables.jobs(one["tot_emp"], status=one["tot_emp_status"], unit=" jobs")
    mean, median = one["annual_mean"], annual["Median"]
    sentence = f"{who} in the U.S., May {year}: {jobs}, a mean wage of {mean} a year and a median of {median}."
    key = [
        ["Employment", jobs],
        ["Annual mean wage", mean],
        ["Hourly mean wage", one["hourly_mean"]],
        ["Annual median wage", median],
        ["Entry level (10th percentile)", annual["10th percentile"]],
        ["Most experienced (90th percentile)", annual["90th percentile"]],
    ]
    return {"headline": sentence, "key_figures": key}
