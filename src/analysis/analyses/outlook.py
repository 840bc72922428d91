"""Job outlook and entry requirements of an occupation: BLS Employment Projections 2024–34.

The projections frame comes from :func:`analysis.sources.projections.read_projections`. For one SOC code this module
gives employment in 2024 and 2034 (thousands), the change and percent change against all occupations (+3.1%,
BLS Table 1.10, :data:`analysis.sources.projections.ALL_OCCUPATIONS`), annual openings, and BLS's typical entry-level
education, work experience and on-the-job training.

Growth in words: BLS's Occupational Outlook Handbook describes projected growth with phrases such as "much faster
than average", with percent thresholds set for each projections decade. The thresholds for 2024–34 were not
available to this project (editions found were for earlier decades, whose thresholds were set for a higher average
growth), so no such phrase is given: :data:`GROWTH_WORDS_NOTE` says so in the report, and the change is compared
with the all-occupations figure in numbers instead.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.analyses.tables import code_and_title, whole_dollars
from analysis.conventions.measures import is_missing
from analysis.errors import ParameterError
from analysis.sources.projections import (
    ALL_OCCUPATIONS,
    BASE_YEAR,
    RELEASE,
    TARGET_YEAR,
)
from analysis.text import escape_dollars, escape_markdown

GROWTH_WORDS_NOTE = (
    'BLS\'s Occupational Outlook Handbook describes projected growth in words ("much faster than average", '
    '"faster than average", ...), with percent thresholds set for each projections decade. The thresholds for '
    f"{BASE_YEAR}–{TARGET_YEAR % 100:02d} were not available to this project, so no such phrase is given here; the "
    "projected change is compared with the projection for all occupations instead."
)

SOURCE_NOTE = (
    f"Source: {RELEASE}, occupation table (data.bls.gov/projections/occupationProj); all occupations: "
    f"{ALL_OCCUPATIONS.source}. Projections are a different BLS program from OEWS, so their 2024 employment differs "
    "from the OEWS estimate."
)


def has_outlook(projections: pd.DataFrame, occupation: str) -> bool:
    return bool((projections["occ_code"] == occupation).any())


def outlook(projections: pd.DataFrame, occupation: str) -> dict:
    """The occupation's projections row as plain values, plus the comparison with all occupations.

    Keys: occ_code, occ_title, sample_titles, employment_2024_thousands, employment_2034_thousands,
    employment_change_thousands, employment_change_pct, all_occupations_change_pct, difference_from_all_pct_points,
    grows_faster_than_all (None when equal), annual_openings_thousands, median_wage_2024 (None unless published as a
    number), median_wage_2024_status, median_wage_2024_top_code, education, experience, training.
    Raises :class:`~analysis.errors.ParameterError` when the occupation is not in the projections.
    """
    rows = projections[projections["occ_code"] == occupation]
    if rows.empty:
        raise ParameterError(
            f"occupation {occupation} is not in the {RELEASE} table ({len(projections)} occupations; "
            "codes follow the 2018 SOC, so pre-2019 codes such as 29-2071 and the 2019-2020 hybrid codes are absent)"
        )
    row = rows.iloc[0]
    change = float(row["employment_change_pct"])
    difference = round(change - ALL_OCCUPATIONS.percent_change, 1)
    return {
        "occ_code": occupation,
        "occ_title": str(row["occ_title"]),
        "sample_titles": list(row["sample_titles"]),
        "employment_2024_thousands": float(row["employment_2024_thousands"]),
        "employment_2034_thousands": float(row["employment_2034_thousands"]),
        "employment_change_thousands": float(row["employment_change_thousands"]),
        "employment_change_pct": change,
        "all_occupations_change_pct": ALL_OCCUPATIONS.percent_change,
        "difference_from_all_pct_points": difference,
        "grows_faster_than_all": None if difference == 0 else difference > 0,
        "annual_openings_thousands": float(row["annual_openings_thousands"]),
        "median_wage_2024": None if is_missing(row["median_wage_2024"]) else float(row["median_wage_2024"]),
        "median_wage_2024_status": None
        if is_missing(row["median_wage_2024_status"])
        else str(row["median_wage_2024_status"]),
        "median_wage_2024_top_code": None
        if is_missing(row["median_wage_2024_top_code"])
        else float(row["median_wage_2024_top_code"]),
        "education": str(row["education"]),
        "experience": str(row["experience"]),
        "training": str(row["training"]),
    }


# --------------------------------------------------------------------------------------------- words and tables
def thousands(value: float) -> str:
    """Thousands as BLS's projections print them: ``thousands(194.8) == "194.8 thousand"``."""
    return f"{value:,.1f} thousand"


def signed_thousands(value: float) -> str:
    return f"{'+' if value > 0 else '-' if value < 0 else ''}{abs(value):,.1f} thousand"


def median_wage_text(figures: dict) -> str:
    status = figures.get("median_wage_2024_status")
    if status == "top_coded":
        bound = figures.get("median_wage_2024_top_code")
        return "at or above BLS's top-code" if bound is None else f"at least {whole_dollars(bound)}"
    if status == "not_available" or figures.get("median_wage_2024") is None:
        return "not available"
    return whole_dollars(figures["median_wage_2024"])


def experience_text(experience: str) -> str:
    return "none" if experience == "None" else experience


def training_text(training: str) -> str:
    return "none" if training == "None" else training


def comparison_text(figures: dict) -> str:
    """ "+7.1%, 4.0 percentage points more than the +3.1% projected for all occupations"."""
    change, total = figures["employment_change_pct"], figures["all_occupations_change_pct"]
    difference = figures["difference_from_all_pct_points"]
    if difference == 0:
        relation = "the same as"
    else:
        relation = f"{abs(difference):.1f} percentage points {'more' if difference > 0 else 'less'} than"
    return f"{change:+.1f}%, {relation} the {total:+.1f}% projected for all occupations"


def outlook_text(projections: pd.DataFrame, occupation: str) -> str:
    """The outlook of one occupation in words (Markdown; titles from the file escaped), or why there is none."""
    if not has_outlook(projections, occupation):
        return escape_markdown(
            f"{occupation} is not in the {RELEASE} table, so there is no outlook for it here (the projections use "
            "2018 SOC codes; older or hybrid codes are not in them)."
        )
    o = outlook(projections, occupation)
    return escape_dollars(
        f"BLS projects employment of {escape_markdown(o['occ_code'])} *{escape_markdown(o['occ_title'])}* to change "
        f"from **{thousands(o['employment_2024_thousands'])}** jobs in {BASE_YEAR} to "
        f"**{thousands(o['employment_2034_thousands'])}** in {TARGET_YEAR} "
        f"({signed_thousands(o['employment_change_thousands'])}): **{escape_markdown(comparison_text(o))}**. "
        f"About **{thousands(o['annual_openings_thousands'])}** openings a year are projected on average over the "
        "decade, from growth and from workers who leave the occupation or the labor force. "
        f"Typical entry-level education: **{escape_markdown(o['education'])}**; work experience in a related "
        f"occupation: **{escape_markdown(experience_text(o['experience']))}**; typical on-the-job training: "
        f"**{escape_markdown(training_text(o['training']))}**."
    )


def outlook_table(figures: dict) -> pd.DataFrame:
    """:func:`outlook` for the reader: a "Figure" / "Value" table with units."""
    period = f"{BASE_YEAR}–{TARGET_YEAR % 100:02d}"
    rows = [
        ("Occupation (projections title)", f"{figures['occ_code']} {figures['occ_title']}"),
        (f"Employment, {BASE_YEAR}", f"{thousands(figures['employment_2024_thousands'])} jobs"),
        (f"Employment, {TARGET_YEAR} (projected)", f"{thousands(figures['employment_2034_thousands'])} jobs"),
        (f"Employment change, {period}", signed_thousands(figures["employment_change_thousands"]) + " jobs"),
        (f"Percent change, {period}", f"{figures['employment_change_pct']:+.1f}%"),
        (
            f"Percent change, all occupations, {period}",
            f"{figures['all_occupations_change_pct']:+.1f}% (BLS Table 1.10)",
        ),
        ("Difference from all occupations", f"{figures['difference_from_all_pct_points']:+.1f} percentage points"),
        (f"Openings per year, {period} average", f"{thousands(figures['annual_openings_thousands'])}"),
        (f"Median annual wage, May {BASE_YEAR} (as in the projections table)", median_wage_text(figures)),
        ("Typical entry-level education", figures["education"]),
        ("Work experience in a related occupation", experience_text(figures["experience"])),
        ("Typical on-the-job training", training_text(figures["training"])),
    ]
    return pd.DataFrame([{"Figure": label, "Value": value} for label, value in rows], columns=["Figure", "Value"])


def ladder_outlook(projections: pd.DataFrame, codes: Sequence[str]) -> pd.DataFrame:
    """Education and outlook of each step of a career ladder, one row per code (in order; ``in_projections`` False
    for a code the projections do not have, e.g. 00-0000 or a pre-2018 SOC code)."""
    records = []
    for code in codes:
        if has_outlook(projections, code):
            o = outlook(projections, code)
            records.append(
                {
                    "occ_code": code,
                    "in_projections": True,
                    "education": o["education"],
                    "experience": experience_text(o["experience"]),
                    "training": training_text(o["training"]),
                    "employment_change_pct": o["employment_change_pct"],
                    "annual_openings_thousands": o["annual_openings_thousands"],
                }
            )
        else:  # not in the projections; all occupations (00-0000) is BLS Table 1.10's total, not a row
            records.append(
                {
                    "occ_code": code,
                    "in_projections": False,
                    "education": None,
                    "experience": None,
                    "training": None,
                    "employment_change_pct": ALL_OCCUPATIONS.percent_change if code == "00-0000" else None,
                    "annual_openings_thousands": None,
                }
            )
    return pd.DataFrame(records)


def career_outlook_table(career: pd.DataFrame, projections: pd.DataFrame) -> pd.DataFrame:
    """The career ladder (:func:`analysis.analyses.national.career_ladder`) with education and outlook beside the
    wages: one row per step, plain headers with units."""
    extra = ladder_outlook(projections, list(career["occ_code"])).set_index("occ_code")
    rows = []
    for step in career.itertuples():
        info = extra.loc[step.occ_code]
        change = info["employment_change_pct"]
        rows.append(
            {
                "Occupation": code_and_title(step.occ_code, step.occ_title if step.published else None),
                "Annual median wage (USD, OEWS)": step.a_median_display if step.published else "not published",
                "Annual mean wage (USD, OEWS)": step.a_mean_display if step.published else "not published",
                "Typical entry-level education": info["education"] or "—",
                "Work experience in a related occupation": info["experience"] or "—",
                "Typical on-the-job training": info["training"] or "—",
                f"Projected employment change, {BASE_YEAR}–{TARGET_YEAR % 100:02d}": "not projected"
                if is_missing(change)
                else f"{change:+.1f}%",
                "Openings per year": "—"
                if is_missing(info["annual_openings_thousands"])
                else thousands(info["annual_openings_thousands"]),
            }
        )
    return pd.DataFrame(rows)


def key_figures(projections: pd.DataFrame, occupation: str) -> dict | None:
    """The outlook figures notebook 01 records (JSON-safe), or None when the occupation is not projected."""
    if not has_outlook(projections, occupation):
        return None
    o = outlook(projections, occupation)
    o.pop("sample_titles")
    return o


def outlook_data(figures: dict) -> pd.DataFrame:
    """:func:`outlook` as one row, the numbers behind :func:`outlook_table` (sample titles joined by "; ")."""
    row = {key: "; ".join(value) if isinstance(value, list) else value for key, value in figures.items()}
    return pd.DataFrame([row])


def career_outlook_data(career: pd.DataFrame, projections: pd.DataFrame) -> pd.DataFrame:
    """The numbers behind :func:`career_outlook_table`: the career ladder's OEWS values (full precision, BLS
    status columns, top-code bound) with each step's education and projected outlook beside them."""
    from analysis.analyses import tables

    extra = ladder_outlook(projections, list(career["occ_code"]))
    merged = career.merge(extra, on="occ_code", how="left", validate="one_to_one")
    return tables.raw_data(merged, drop=["employment"])  # "employment" is tot_emp as display text
