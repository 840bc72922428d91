"""Pay by employer type, as BLS publishes it: ownership within an industry and government across industries.

OEWS publishes, nationally, two kinds of ownership estimate (May 2025 ``oe`` files; BLS's ``own_code``):

- **within an industry**: an industry published whole (e.g. 622000 Hospitals) is also published by ownership,
  with a NAICS variant ending in the ownership digit: 622002 "Hospitals, State Government Owned", 622003
  "... Local Government Owned", 622005 "... Privately Owned" (own_code 2, 3, 5). BLS splits hospitals, schools
  and colleges this way; :func:`within_industries` lists every industry BLS splits.
- **across industries**: the cross-industry estimate for private ownership only (000001), the federal executive
  branch (999100, OEWS designation), state government and local government including their schools and
  hospitals (999201, 999301), beside all ownerships (000000). :func:`across_industries` lists them.

Every row keeps BLS's published values and adds the 95% intervals and the reliability floor of
:mod:`analysis.conventions.sampling`; a "highest" employer type is named only among rows meeting the floor.
"""

from __future__ import annotations

import pandas as pd

from analysis.analyses import industry as industry_analysis
from analysis.analyses import tables
from analysis.analyses.national import CROSS_INDUSTRY, one_ownership
from analysis.analyses.parameters import words_list
from analysis.conventions.codes import ALL_OWNERSHIPS
from analysis.conventions.missing import is_missing, number_or_none
from analysis.text import escape_markdown

#: NAICS codes of the hospitals subsector: its ownership splits are described in words, the rest in the table.
HOSPITALS_PREFIX = "622"

#: BLS's ownership codes in words.
OWNERSHIP_WORDS: dict[str, str] = {
    "1": "Federal government",
    "2": "State government",
    "3": "Local government",
    "5": "Privately owned",
    "123": "Federal, state and local government",
    ALL_OWNERSHIPS: "All ownerships",
}

#: The cross-industry employer types shown, in order: (NAICS code as BLS publishes it, the reader's label).
EMPLOYER_TYPES: tuple[tuple[str, str], ...] = (
    (CROSS_INDUSTRY, "All employers"),
    ("000001", "Private industry"),
    ("999100", "Federal executive branch"),
    ("999201", "State government (with its schools and hospitals)"),
    ("999301", "Local government (with its schools and hospitals)"),
)

COLUMNS: tuple[str, ...] = (
    "year",
    "occ_code",
    "occ_title",
    "group",
    "group_title",
    "naics",
    "naics_title",
    "employer_type",
    "tot_emp",
    "tot_emp_status",
    "emp_prse",
    "a_mean",
    "a_mean_status",
    "mean_prse",
    "top_code_annual",
)


def _select(rows: pd.DataFrame) -> pd.DataFrame:
    return industry_analysis.with_intervals(rows[list(COLUMNS)].reset_index(drop=True))


def within_industries(frame: pd.DataFrame, occupation: str, year: int) -> pd.DataFrame:
    """Each industry BLS splits by ownership for ``occupation`` in May ``year``: the whole industry ("All
    ownerships") and then each ownership variant as published. ``group``/``group_title`` name the whole industry;
    ``employer_type`` is the ownership in words; intervals and ``meets_floor`` as in
    :func:`analysis.analyses.industry.with_intervals`. Empty when the release publishes no split."""
    rows = industry_analysis.national_industry_rows(frame)
    rows = rows[(rows["occ_code"] == occupation) & (rows["year"] == year)]
    splits = rows[rows["ownership_detail"]]
    if splits.empty:
        return pd.DataFrame(columns=[*COLUMNS, "a_mean_lower", "a_mean_upper", "tot_emp_lower", "tot_emp_upper"])
    splits = splits.assign(group=splits["naics"].astype(str).str[:-1] + "0")
    wholes = one_ownership(rows[rows["naics"].isin(set(splits["group"])) & ~rows["ownership_detail"]])
    titles = dict(zip(wholes["naics"], wholes["naics_title"]))
    wholes = wholes.assign(group=wholes["naics"], employer_type="All ownerships", _order=0)
    splits = splits.assign(
        employer_type=[OWNERSHIP_WORDS.get(str(c), f"ownership {c}") for c in splits["own_code"]],
        _order=splits["own_code"].astype(str).map({"5": 1, "2": 2, "3": 3, "1": 4}).fillna(9),
    )
    both = pd.concat([wholes, splits], ignore_index=True)
    both = both.assign(group_title=both["group"].map(titles).fillna(both["naics_title"]))
    both = both.sort_values(["group", "_order"]).reset_index(drop=True)
    return _select(both)


def across_industries(frame: pd.DataFrame, occupation: str, year: int) -> pd.DataFrame:
    """The cross-industry employer types of :data:`EMPLOYER_TYPES` that BLS publishes for ``occupation`` in May
    ``year``, in that order, with intervals and ``meets_floor``. ``employer_type`` is the reader's label,
    ``naics_title`` BLS's own title."""
    rows = frame[(frame["area_type"] == 1) & (frame["occ_code"] == occupation) & (frame["year"] == year)]
    labels = dict(EMPLOYER_TYPES)
    rows = rows[rows["naics"].isin(list(labels))]
    rows = rows[(rows["naics"] != CROSS_INDUSTRY) | rows["own_code"].isna() | (rows["own_code"] == ALL_OWNERSHIPS)]
    rows = one_ownership(rows)
    order = {code: i for i, (code, _) in enumerate(EMPLOYER_TYPES)}
    rows = rows.assign(
        group="all industries",
        group_title="All industries",
        employer_type=rows["naics"].map(labels),
        _order=rows["naics"].map(order),
    ).sort_values("_order")
    return _select(rows)


def highest(rows: pd.DataFrame) -> dict | None:
    """The highest mean among ``rows`` meeting the reliability floor (the "all" rows left out) and the rows it
    cannot be told apart from: :func:`analysis.analyses.industry.best_paying` on employer types."""
    candidates = rows[~rows["employer_type"].isin(["All ownerships", "All employers"])]
    return industry_analysis.best_paying(candidates)


def _label(row) -> str:
    return f"{row.employer_type}, {row.group_title}" if row.group != "all industries" else str(row.employer_type)


def text(within: pd.DataFrame, across: pd.DataFrame) -> str:
    """Pay by employer type in words (Markdown, titles escaped; dollars not yet escaped): hospitals by ownership,
    then government across industries, each "highest" among reliable estimates only, ties in words."""
    lines = []
    if within.empty and across.empty:
        return "BLS publishes no estimate by employer type for this occupation and release."
    hospitals = within[within["group"].astype(str).str.startswith(HOSPITALS_PREFIX)]
    for group, rows in hospitals.groupby("group", sort=True):
        parts = [
            f"{escape_markdown(r.employer_type.lower())} {_wage_and_jobs(r)}"
            for r in rows.itertuples()
            if r.employer_type != "All ownerships"
        ]
        line = f"- **{escape_markdown(rows['group_title'].iloc[0])}** ({group}): " + "; ".join(parts) + "."
        lines.append(line + _highest_words(rows))
    others = within[~within["group"].astype(str).str.startswith(HOSPITALS_PREFIX)]
    if len(others):
        names = list(dict.fromkeys(f"{t} ({g})" for g, t in zip(others["group"], others["group_title"])))
        lines.append(
            f"- BLS also splits {len(names)} other industr{'y' if len(names) == 1 else 'ies'} by ownership: "
            f"{escape_markdown(words_list(names))}; see the table."
        )
    if len(across):
        parts = [f"{escape_markdown(r.employer_type.lower())} {_wage_and_jobs(r)}" for r in across.itertuples()]
        line = "- **Across all industries**: " + "; ".join(parts) + "."
        lines.append(line + _highest_words(across))
    return "\n".join(lines)


def _highest_words(rows: pd.DataFrame) -> str:
    """ " Highest among reliable estimates: X, though Y could be as high." or why no highest is named."""
    candidates = rows[~rows["employer_type"].isin(["All ownerships", "All employers"])]
    reliable = int((candidates["meets_floor"] & candidates["a_mean"].notna()).sum())
    if reliable < 2:
        return " Fewer than two of these estimates meet the reliability floor, so no highest is named."
    top = highest(rows)
    ties = [str(n).lower() for n in top["could_be_highest"]["employer_type"]]
    return (
        f" Highest among reliable estimates: {escape_markdown(top['best']['employer_type'].lower())}"
        + escape_markdown(industry_analysis.ties_in_words(ties))
        + "."
    )


def _wage_and_jobs(row) -> str:
    wage = tables.money(row.a_mean, status=row.a_mean_status, top_code=row.top_code_annual)
    interval = (
        ""
        if is_missing(row.a_mean_lower)
        else f" (95% interval {tables.interval_money(row.a_mean_lower, row.a_mean_upper)})"
    )
    jobs = tables.jobs(row.tot_emp, status=row.tot_emp_status, unit=" jobs")
    floor = "" if row.meets_floor else ", below the reliability floor"
    return f"{wage}{interval}, {jobs}{floor}"


def table(rows: pd.DataFrame) -> pd.DataFrame:
    """:func:`within_industries` or :func:`across_industries` for the reader: industry, employer type, employment
    and its interval, mean annual wage and its interval, and whether the estimate meets the reliability floor."""
    return pd.DataFrame(
        {
            "Industry": [
                f"{r.group_title} ({r.group})" if r.group != "all industries" else "All industries"
                for r in rows.itertuples()
            ],
            "Employer type": rows["employer_type"].astype(str),
            "BLS title (NAICS)": [f"{r.naics_title} ({r.naics})" for r in rows.itertuples()],
            "Employment (jobs)": [tables.jobs(r.tot_emp, status=r.tot_emp_status) for r in rows.itertuples()],
            "Employment, 95% interval": [
                tables.interval_jobs(r.tot_emp_lower, r.tot_emp_upper, missing=tables.DASH) for r in rows.itertuples()
            ],
            "Annual mean wage (USD)": tables.mean_wage_cells(rows),
            "Annual mean wage, 95% interval (USD)": tables.mean_wage_interval_cells(rows),
            "Meets the reliability floor": ["yes" if r.meets_floor else "no" for r in rows.itertuples()],
        }
    )


def key_figures(within: pd.DataFrame, across: pd.DataFrame) -> dict:
    """JSON-safe figures: every row shown (published values and intervals) and the highest employer type across
    industries among reliable estimates (``label``, ``a_mean``, ``tot_emp``, ``could_be_highest``)."""

    def plain(rows: pd.DataFrame) -> list[dict]:
        return [
            {
                "industry": str(r.group),
                "naics": str(r.naics),
                "employer_type": str(r.employer_type),
                "tot_emp": number_or_none(r.tot_emp),
                "a_mean": number_or_none(r.a_mean),
                "a_mean_lower": number_or_none(r.a_mean_lower),
                "a_mean_upper": number_or_none(r.a_mean_upper),
                "meets_floor": bool(r.meets_floor),
            }
            for r in rows.itertuples()
        ]

    top = highest(across) if len(across) else None
    best = None
    if top is not None:
        row = top["best"]
        best = {
            "label": str(row["employer_type"]),
            "naics": str(row["naics"]),
            "a_mean": number_or_none(row["a_mean"]),
            "tot_emp": number_or_none(row["tot_emp"]),
            "could_be_highest": [str(n) for n in top["could_be_highest"]["employer_type"]],
        }
    return {"within_industries": plain(within), "across_industries": plain(across), "highest_across_industries": best}
