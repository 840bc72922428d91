"""Where an occupation earns what: states, metropolitan and nonmetropolitan areas (frames in, frames out).

Input is the canonical frame (:mod:`analysis.conventions.schema`); these functions use its cross-industry rows
(``naics == "000000"``) of one occupation and one release: area type 2 states (and DC), 3 territories,
4 metropolitan statistical areas, 6 nonmetropolitan areas.

Sampling error
--------------
BLS publishes a relative standard error (RSE, in percent) for two estimates only: employment (``emp_prse``)
and the mean wage (``mean_prse``, which serves both the hourly and the annual mean). For those measures an
approximate 95% interval is ``value ± 1.96 × (RSE / 100) × value``. Percentile wages, jobs per 1,000 and the
location quotient have no published RSE: their rows carry no interval (``interval_note`` says so) and are
ranked by the point estimate alone.

Ranks
-----
Areas are ranked from the highest value (rank 1). Because estimates are uncertain, each area also gets the
range of ranks its interval allows: ``rank_best`` = 1 + the number of areas whose interval lies entirely above
its own; ``rank_worst`` = 1 + the number of other areas whose interval reaches its lower end or above. Areas
whose ranges overlap are statistically indistinguishable at this (conservative, non-overlap) level:
``rank_label`` reads "3–7" then. Without an interval the range only widens for exact ties.

Areas by name
-------------
:func:`resolve_area` turns a code ("17410"), a postal code ("OH"), "U.S." or a name ("Cleveland, OH") into BLS's
area code, refusing ambiguous names with the candidates listed; :func:`check_area` does so for the notebook's
metropolitan or nonmetropolitan ``area`` parameter. Every estimates row carries the area's employment
(``tot_emp``) and jobs per 1,000 (``jobs_1000``), so rankings can show them beside the measure.

Statuses
--------
A value BLS replaced with a symbol stays in every table with its status (``status`` column): suppressed
values are listed by :func:`not_published`, never dropped. A top-coded wage (``#``) is not a number: its
``value`` is null and ``top_code`` holds the year's published lower bound ("at least $X"); it is ranked as
the interval [top-code, +∞).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import us

from analysis.analyses import parameters
from analysis.conventions import sampling
from analysis.conventions.geography import (
    MSA,
    NATIONAL_AREA,
    NONMETRO,
    OEWS_TERRITORY_FIPS,
    STATE,
    TERRITORY,
    US,
)
from analysis.conventions.missing import number_or_none
from analysis.conventions.schema import ALL_OWNERSHIPS, CROSS_INDUSTRY, STATUSES
from analysis.errors import DataConflictError, Location, ParameterError

#: Measures the regional analysis can map and rank (canonical column names).
REGIONAL_MEASURES: tuple[str, ...] = (
    "a_mean",
    "a_median",
    "a_pct10",
    "a_pct25",
    "a_pct75",
    "a_pct90",
    "h_mean",
    "h_median",
    "h_pct10",
    "h_pct25",
    "h_pct75",
    "h_pct90",
    "jobs_1000",
    "loc_quotient",
    "tot_emp",
)

#: The RSE column BLS publishes for a measure (only means and employment have one).
RSE_OF: dict[str, str] = {"a_mean": "mean_prse", "h_mean": "mean_prse", "tot_emp": "emp_prse"}


#: Postal codes of the territories OEWS publishes (Guam, Puerto Rico, Virgin Islands).
TERRITORY_POSTAL: tuple[str, ...] = tuple(us.states.lookup(f, field="fips").abbr for f in OEWS_TERRITORY_FIPS)

#: Labels of the metropolitan / nonmetropolitan comparison.
METRO_LABEL = "Metropolitan areas"
NONMETRO_LABEL = "Nonmetropolitan areas"

#: Columns of every estimates frame, in order.
ESTIMATE_COLUMNS: tuple[str, ...] = (
    "year",
    "occ_code",
    "occ_title",
    "area",
    "area_title",
    "area_type",
    "prim_state",
    "measure",
    "value",
    "status",
    "top_code",
    "rse",
    "lower",
    "upper",
    "interval_note",
    "tot_emp",
    "tot_emp_status",
    "jobs_1000",
    "jobs_1000_status",
    "mean_prse",
)


# ------------------------------------------------------------------------------------------ parameter checks
def check_measure(measure: str) -> str:
    """``measure`` if the regional analysis supports it; else ParameterError listing the measures available."""
    return parameters.check_choice("measure", measure, REGIONAL_MEASURES)


def check_top_n(top_n: int) -> int:
    return parameters.check_positive_int("top_n", top_n)


def available_states(frame: pd.DataFrame) -> dict[str, str]:
    """Postal code -> area title of every state, DC and territory with cross-industry rows in ``frame``."""
    rows = frame[frame["area_type"].isin([STATE, TERRITORY]) & (frame["naics"] == CROSS_INDUSTRY)]
    rows = rows.dropna(subset=["prim_state"]).sort_values("year").drop_duplicates("prim_state", keep="last")
    return dict(sorted(zip(rows["prim_state"].astype(str), rows["area_title"].astype(str))))


def check_state(frame: pd.DataFrame, state: str | None) -> str | None:
    """The postal code of ``state`` (given as "CA", "06" or "California"), or None when ``state`` is None.

    ParameterError when it is not a state, or has no rows in ``frame``: one line with the closest names and every
    postal code available."""
    if state is None:
        return None
    available = available_states(frame)
    listing = ", ".join(f"{code} ({title})" for code, title in available.items()) or "none (no state rows loaded)"
    found = us.states.lookup(str(state).strip()) if isinstance(state, str) and state.strip() else None
    if found is None:
        names = {title.lower(): f"{title} ({code})" for code, title in available.items()}
        close = difflib.get_close_matches(str(state).strip().lower(), list(names), n=3, cutoff=0.5)
        hint = f"closest: {'; '.join(names[c] for c in close)}; " if close else ""
        raise ParameterError(
            f"state {state!r} is not a U.S. state, DC or territory; {hint}all {len(available)} available: "
            f"{', '.join(available) or 'none (no state rows loaded)'}"
        )
    if found.abbr not in available:
        raise ParameterError(
            f"state {found.abbr} ({found.name}) is not in the data loaded; states available: {listing}"
        )
    return found.abbr


def check_release(frame: pd.DataFrame, *, occupation: str, year: int | None) -> tuple[str, int]:
    """The checked occupation and release (the latest when ``year`` is None) of a regional report: ParameterError
    naming what is allowed unless ``frame`` has regional rows for them (:func:`check_regional_data`)."""
    occupation = parameters.check_occupation(frame, occupation)
    year = parameters.check_year(frame, year, occupation=occupation)
    check_regional_data(frame, occupation=occupation, year=year)
    return occupation, year


def check_regional_data(frame: pd.DataFrame, *, occupation: str, year: int) -> None:
    """ParameterError unless ``frame`` has cross-industry state, MSA or nonmetropolitan rows for the occupation and
    year (a national file alone cannot feed a regional analysis); names the years that do have them."""
    regional_types = [STATE, TERRITORY, MSA, NONMETRO]
    rows = frame[
        (frame["naics"] == CROSS_INDUSTRY) & (frame["occ_code"] == occupation) & frame["area_type"].isin(regional_types)
    ]
    if (rows["year"] == year).any():
        return
    years = sorted(int(y) for y in rows["year"].dropna().unique())
    raise ParameterError(
        f"the data loaded have no state, metropolitan or nonmetropolitan rows for {occupation} in May {year} "
        f"(only national estimates?); releases with regional rows for {occupation}: {years or 'none'}. "
        "Load BLS's state and metropolitan area files for that year (e.g. via data_dirs) or choose one of those "
        "years."
    )


# ------------------------------------------------------------------------------------------------ estimates
def cross_industry(frame: pd.DataFrame, *, occupation: str, year: int) -> pd.DataFrame:
    """The cross-industry rows (all ownerships) of one occupation in one release."""
    rows = frame[(frame["naics"] == CROSS_INDUSTRY) & (frame["occ_code"] == occupation) & (frame["year"] == year)]
    duplicated = rows.duplicated("area", keep=False)
    if duplicated.any():
        # BLS publishes one cross-industry row per area, ownership "1235"; anything else would double count.
        preferred = rows[rows["own_code"].fillna("") == ALL_OWNERSHIPS]
        if not preferred.duplicated("area").any() and set(preferred["area"]) == set(rows["area"]):
            return preferred
        raise _duplicate_rows_error(rows[duplicated], occupation, year)
    return rows


def _duplicate_rows_error(duplicates: pd.DataFrame, occupation: str, year: int) -> DataConflictError:
    """The refusal of :func:`cross_industry`: which areas have more than one row, from which files, with which
    ownership codes, and what BLS publishes instead."""
    areas = sorted(str(a) for a in duplicates["area"].unique())
    first = duplicates[duplicates["area"] == areas[0]]
    title = first["area_title"].dropna()
    owners = ", ".join(sorted({str(o) for o in first["own_code"].dropna()})) or "none given"
    sources = sorted({str(s) for s in first["source"].dropna()}) if "source" in first else []
    named = f"{areas[0]} ({title.iloc[0]})" if len(title) else areas[0]
    listed = ", ".join(areas[:5]) + (f" and {len(areas) - 5} more" if len(areas) > 5 else "")
    return DataConflictError(
        f"more than one cross-industry row per area for {occupation} in May {year}, in {len(areas)} area(s): {listed}",
        location=Location(file="; ".join(sources)) if sources else None,
        found=f"{len(first)} rows for area {named}, ownership code{'s' if ',' in owners else ''} {owners}",
        expected="one cross-industry row per area (ownership 1235, all ownerships), as BLS publishes it; load each "
        "release's file once",
    )


def _top_code_for(rows: pd.DataFrame, measure: str) -> pd.Series:
    column = "top_code_annual" if measure.startswith("a_") else "top_code_hourly"
    if measure.startswith(("a_", "h_")):
        return rows[column].astype("Float64")
    return pd.Series(pd.NA, index=rows.index, dtype="Float64")


def estimates(
    frame: pd.DataFrame,
    *,
    occupation: str,
    year: int,
    measure: str,
    area_types: Iterable[int],
) -> pd.DataFrame:
    """One row per area of the given types: the published value of ``measure``, its status, RSE and interval.

    ``lower``/``upper`` are ``value ∓ 1.96 × RSE/100 × value`` when BLS publishes an RSE for the measure
    (means and employment), else equal to ``value``; for a top-coded wage ``lower`` is the top-code and
    ``upper`` is +∞. Rows BLS suppressed keep their status and have no value or interval.
    """
    check_measure(measure)
    types = [int(t) for t in area_types]
    rows = cross_industry(frame, occupation=occupation, year=year)
    rows = rows[rows["area_type"].isin(types)]
    value = rows[measure].astype("Float64")
    status = rows[f"{measure}_status"].astype("string")
    rse_column = RSE_OF.get(measure)
    if rse_column is None:
        rse = pd.Series(pd.NA, index=rows.index, dtype="Float64")
        note = f"BLS publishes no RSE for {measure}: no interval, ranked by the estimate"
    else:
        rse = rows[rse_column].astype("Float64")
        note = f"95% interval from the published {rse_column}"
    half = sampling.half_width(value, rse)
    has_interval = value.notna() & rse.notna()
    lower = value.where(~has_interval, value - half)
    upper = value.where(~has_interval, value + half)
    top_code = _top_code_for(rows, measure).where(status == "top_coded")
    top_coded = status == "top_coded"
    lower = lower.mask(top_coded.fillna(False), top_code)
    upper = upper.mask(top_coded.fillna(False), np.inf)
    interval_note = pd.Series(note, index=rows.index, dtype="string")
    if rse_column is not None:
        interval_note = interval_note.mask(
            (value.notna() & rse.isna()).fillna(False), f"{rse_column} not published for this area: no interval"
        )
    interval_note = interval_note.mask(top_coded.fillna(False), "top-coded: at least the top-code, no upper bound")
    interval_note = interval_note.mask((value.isna() & ~top_coded.fillna(False)).fillna(False), pd.NA)
    out = pd.DataFrame(
        {
            "year": rows["year"].astype("Int64"),
            "occ_code": rows["occ_code"].astype("string"),
            "occ_title": rows["occ_title"].astype("string"),
            "area": rows["area"].astype("string"),
            "area_title": rows["area_title"].astype("string"),
            "area_type": rows["area_type"].astype("Int64"),
            "prim_state": rows["prim_state"].astype("string"),
            "measure": pd.Series(measure, index=rows.index, dtype="string"),
            "value": value,
            "status": status,
            "top_code": top_code,
            "rse": rse,
            "lower": lower.astype("Float64"),
            "upper": upper.astype("Float64"),
            "interval_note": interval_note,
            "tot_emp": rows["tot_emp"].astype("Float64"),
            "tot_emp_status": rows["tot_emp_status"].astype("string"),
            "jobs_1000": rows["jobs_1000"].astype("Float64"),
            "jobs_1000_status": rows["jobs_1000_status"].astype("string"),
            "mean_prse": rows["mean_prse"].astype("Float64"),
        },
        index=rows.index,
    )
    return out.sort_values(["area_type", "area"]).reset_index(drop=True)[list(ESTIMATE_COLUMNS)]


def rank_areas(estimates_frame: pd.DataFrame) -> pd.DataFrame:
    """Add ranks (1 = highest) and the range of ranks each area's interval allows (see module docstring).

    Adds ``rank`` (by the estimate; ties share the better rank; a top-coded wage ranks at its top-code),
    ``rank_best``, ``rank_worst``, ``rank_label`` ("3" or "3–7") and ``n_ranked``. Areas with no value and no
    top-code (suppressed) get null ranks. Sorted by rank, unranked areas last.
    """
    out = estimates_frame.copy()
    rankable = out["value"].notna() | (out["status"] == "top_coded").fillna(False)
    rankable &= out["lower"].notna()
    point = out["value"].fillna(out["lower"]).astype("float64")
    lower = out["lower"].astype("float64")
    upper = out["upper"].astype("float64")
    index = out.index[rankable]
    p, lo, hi = point[index].to_numpy(), lower[index].to_numpy(), upper[index].to_numpy()
    n = len(index)
    rank = 1 + (p[None, :] > p[:, None]).sum(axis=1)
    # j entirely above i: lo_j > hi_i ; j possibly at or above i: hi_j >= lo_i (excluding i itself).
    best = 1 + (lo[None, :] > hi[:, None]).sum(axis=1)
    worst = (hi[None, :] >= lo[:, None]).sum(axis=1)  # counts i itself once, i.e. 1 + others
    out["rank"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out["rank_best"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out["rank_worst"] = pd.Series(pd.NA, index=out.index, dtype="Int64")
    out.loc[index, "rank"] = rank
    out.loc[index, "rank_best"] = best
    out.loc[index, "rank_worst"] = worst
    label = out["rank_best"].astype("string")
    spread = out["rank_worst"] > out["rank_best"]
    label = label.mask(
        spread.fillna(False), out["rank_best"].astype("string") + "–" + out["rank_worst"].astype("string")
    )
    out["rank_label"] = label
    out["n_ranked"] = n
    out["_order"] = point.where(rankable)
    out = out.sort_values(["rank", "_order", "area_title"], ascending=[True, False, True], na_position="last")
    return out.drop(columns="_order").reset_index(drop=True)


def state_ranking(
    frame: pd.DataFrame, *, occupation: str, year: int, measure: str, include_territories: bool = False
) -> pd.DataFrame:
    """States and DC (and territories if asked) ranked by ``measure`` with interval rank ranges."""
    types = (STATE, TERRITORY) if include_territories else (STATE,)
    return rank_areas(estimates(frame, occupation=occupation, year=year, measure=measure, area_types=types))


def in_territory(rows: pd.DataFrame) -> pd.Series:
    """True for rows of a territory or of an area whose principal state is one (Puerto Rico's metropolitan and
    nonmetropolitan areas): these are ranked apart from the states' areas."""
    return rows["area_type"].eq(TERRITORY).fillna(False) | rows["prim_state"].isin(TERRITORY_POSTAL).fillna(False)


def metro_ranking(
    frame: pd.DataFrame, *, occupation: str, year: int, measure: str, territories: bool = False
) -> pd.DataFrame:
    """Metropolitan statistical areas of the states and DC ranked by ``measure`` with interval rank ranges
    (``territories=True``: the territories' metropolitan areas instead, ranked among themselves)."""
    rows = estimates(frame, occupation=occupation, year=year, measure=measure, area_types=(MSA,))
    return rank_areas(rows[in_territory(rows) == territories].reset_index(drop=True))


def territory_ranking(frame: pd.DataFrame, *, occupation: str, year: int, measure: str) -> pd.DataFrame:
    """The territories, then their metropolitan areas, each ranked among themselves (never among the states'),
    with a ``group`` column naming which."""
    territories = rank_areas(
        estimates(frame, occupation=occupation, year=year, measure=measure, area_types=(TERRITORY,))
    ).assign(group="Territory")
    metros = metro_ranking(frame, occupation=occupation, year=year, measure=measure, territories=True)
    out = pd.concat([territories, metros.assign(group="Metropolitan area in a territory")], ignore_index=True)
    out["group"] = out["group"].astype("string")
    return out


def top_and_bottom(ranked: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """The ``top_n`` highest and ``top_n`` lowest ranked areas, with a ``group`` column ("Top 10"/"Bottom 10").

    Top-coded areas can be in the top group (they are at least the top-code); suppressed areas are in
    neither. When there are fewer than 2 × top_n ranked areas the bottom group holds those not in the top."""
    top_n = check_top_n(top_n)
    ranked_rows = ranked[ranked["rank"].notna()]
    top = ranked_rows.head(top_n).assign(group=f"Top {top_n}")
    rest = ranked_rows.iloc[len(top) :]
    bottom = rest.tail(top_n).assign(group=f"Bottom {top_n}")
    out = pd.concat([top, bottom], ignore_index=True)
    out["group"] = out["group"].astype("string")
    return out


def not_published(estimates_frame: pd.DataFrame) -> pd.DataFrame:
    """Every area whose value BLS did not publish as a number, with what BLS said (``meaning``).

    Includes top-coded wages (with their top-code) and suppressed values, and areas with neither a value nor a
    status (``status`` "missing from the file")."""
    rows = estimates_frame[estimates_frame["value"].isna()].copy()
    rows["status"] = rows["status"].fillna("missing from the file")
    rows["meaning"] = rows["status"].map(lambda s: STATUSES.get(s, "no value and no BLS symbol in the file"))
    rows["meaning"] = rows["meaning"].astype("string")
    columns = [
        "year",
        "occ_code",
        "area",
        "area_title",
        "area_type",
        "prim_state",
        "measure",
        "status",
        "top_code",
        "meaning",
    ]
    return rows[[c for c in columns if c in rows.columns]].reset_index(drop=True)


def area_estimate(frame: pd.DataFrame, *, occupation: str, year: int, measure: str, area: str) -> pd.Series | None:
    """The estimates row of one area (e.g. ``"99"`` for the U.S.), or None when the release has no such row."""
    rows = estimates(
        frame, occupation=occupation, year=year, measure=measure, area_types=(US, STATE, TERRITORY, MSA, NONMETRO)
    )
    rows = rows[rows["area"] == area]
    return None if rows.empty else rows.iloc[0]


def national_estimate(frame: pd.DataFrame, *, occupation: str, year: int, measure: str) -> pd.Series | None:
    """The U.S. row of ``measure`` (area "99"), or None when the data carry no national row."""
    return area_estimate(frame, occupation=occupation, year=year, measure=measure, area=NATIONAL_AREA)


# ----------------------------------------------------------------------------- metro vs nonmetropolitan
def _summary_row(label: str, rows: pd.DataFrame, measure: str) -> dict:
    value = rows["value"].astype("float64")
    employment = rows["tot_emp"].astype("float64")
    published = value.notna()
    weighted = published & employment.notna() & (employment > 0)
    covered = float(employment[weighted].sum())
    if measure == "tot_emp":
        statistic = "Total employment of areas with published employment"
        summary = float(value[published].sum()) if published.any() else np.nan
    else:
        statistic = "Employment-weighted average of the areas' published values"
        summary = float((value[weighted] * employment[weighted]).sum() / covered) if covered > 0 else np.nan
    return {
        "group": label,
        "statistic": statistic,
        "value": summary,
        "median_of_areas": float(value[published].median()) if published.any() else np.nan,
        "lowest": float(value[published].min()) if published.any() else np.nan,
        "highest": float(value[published].max()) if published.any() else np.nan,
        "n_areas": len(rows),
        "n_published": int(published.sum()),
        "n_top_coded": int((rows["status"] == "top_coded").fillna(False).sum()),
        "n_suppressed": int((value.isna() & (rows["status"] != "top_coded").fillna(True)).sum()),
        "employment_covered": covered,
    }


def metro_nonmetro_summary(frame: pd.DataFrame, *, occupation: str, year: int, measure: str) -> pd.DataFrame:
    """Metropolitan vs nonmetropolitan areas: an employment-weighted average of the areas' values (for
    ``tot_emp``: the total), the median, lowest and highest area, and how many areas were published,
    top-coded or suppressed. Areas without a published value or employment are left out of the average and
    counted. Top-coded areas are not in any statistic (their value is unknown)."""
    rows = estimates(frame, occupation=occupation, year=year, measure=measure, area_types=(MSA, NONMETRO))
    rows = rows[~in_territory(rows)]
    summary = pd.DataFrame(
        [
            _summary_row(METRO_LABEL, rows[rows["area_type"] == MSA], measure),
            _summary_row(NONMETRO_LABEL, rows[rows["area_type"] == NONMETRO], measure),
        ]
    )
    summary["measure"] = measure
    return summary.astype({"value": "Float64", "median_of_areas": "Float64", "lowest": "Float64", "highest": "Float64"})


def metro_and_nonmetro_estimates(
    frame: pd.DataFrame, *, occupation: str, year: int, measure: str, territories: bool = False
) -> pd.DataFrame:
    """Estimates of every MSA and nonmetropolitan area of the states and DC (territories' areas are ranked apart,
    :func:`territory_ranking`; ``territories=True`` keeps them) with a ``group`` column (metropolitan or not)."""
    rows = estimates(frame, occupation=occupation, year=year, measure=measure, area_types=(MSA, NONMETRO))
    if not territories:
        rows = rows[~in_territory(rows)].reset_index(drop=True)
    rows["group"] = pd.Series(
        np.where(rows["area_type"] == MSA, METRO_LABEL, NONMETRO_LABEL), index=rows.index, dtype="string"
    )
    return rows


# ----------------------------------------------------------------------------------------- state deep dive
_STATE_PART = re.compile(r"\b([A-Z]{2})\b")


def title_states(area_title: str) -> list[str]:
    """Postal codes an MSA title names after its last comma: "Philadelphia-Camden-Wilmington, PA-NJ-DE-MD"
    -> ["PA", "NJ", "DE", "MD"]; "Abilene, TX" -> ["TX"]; a title without a comma -> []."""
    if not isinstance(area_title, str) or "," not in area_title:
        return []
    return _STATE_PART.findall(area_title.rsplit(",", 1)[1])


def state_areas(frame: pd.DataFrame, *, occupation: str, year: int, measure: str, state: str) -> pd.DataFrame:
    """The metropolitan areas that lie (at least partly) in ``state`` and its nonmetropolitan areas, ranked
    among themselves. ``group`` says metropolitan or nonmetropolitan; ``primary_state`` is False for an MSA
    whose principal state is another one (it crosses the state line)."""
    state = check_state(frame, state)
    rows = metro_and_nonmetro_estimates(frame, occupation=occupation, year=year, measure=measure, territories=True)
    in_title = rows["area_title"].map(lambda t: state in title_states(t)).astype(bool)
    primary = (rows["prim_state"] == state).fillna(False).astype(bool)
    metro = (rows["area_type"] == MSA) & (primary | in_title)
    nonmetro = (rows["area_type"] == NONMETRO) & primary
    selected = rows[metro | nonmetro].copy()
    selected["primary_state"] = primary[metro | nonmetro]
    return rank_areas(selected)


def shown_titles(areas: pd.DataFrame) -> pd.Series:
    """The area titles a state deep dive shows (:func:`state_areas`): BLS's title, and for a metropolitan area
    listed under a state that is not its principal state, a note saying so, e.g. "Wheeling, WV-OH (spans states;
    primary state WV)" under Ohio. The data (and every figure) keep BLS's title; this is for charts and tables."""
    titles = areas["area_title"].astype("string")
    if "primary_state" not in areas.columns or areas.empty:
        return titles
    other = (areas["area_type"] == MSA) & ~areas["primary_state"].fillna(True).astype(bool)
    notes = [
        " (spans states)" if pd.isna(state) else f" (spans states; primary state {state})"
        for state in areas.loc[other, "prim_state"]
    ]
    titles.loc[other] = titles.loc[other] + pd.Series(notes, index=titles.loc[other].index, dtype="string")
    return titles


# ------------------------------------------------------------------------------------------------ summaries
def summarise_ranking(ranked: pd.DataFrame) -> dict:
    """Key facts of a ranked frame as plain values: counts (ranked, published, top-coded, suppressed), the
    first and last ranked areas (value None when top-coded; ``*_top_code`` then holds the bound) and the areas
    whose rank range includes 1 (statistically indistinguishable from the first)."""
    is_top_coded = (ranked["status"] == "top_coded").fillna(False)
    ranked_rows = ranked[ranked["rank"].notna()]
    facts: dict = {
        "n_areas": len(ranked),
        "n_ranked": len(ranked_rows),
        "n_published": int(ranked["value"].notna().sum()),
        "n_top_coded": int(is_top_coded.sum()),
        "n_suppressed": int((ranked["value"].isna() & ~is_top_coded).sum()),
        "could_be_first": [str(t) for t in ranked_rows.loc[ranked_rows["rank_best"] == 1, "area_title"]],
    }
    for position, row in (
        ("top", ranked_rows.iloc[0] if len(ranked_rows) else None),
        ("bottom", ranked_rows.iloc[-1] if len(ranked_rows) else None),
    ):
        facts[f"{position}_area"] = None if row is None else str(row["area"])
        facts[f"{position}_area_title"] = None if row is None else str(row["area_title"])
        facts[f"{position}_prim_state"] = None if row is None or pd.isna(row["prim_state"]) else str(row["prim_state"])
        facts[f"{position}_value"] = None if row is None else number_or_none(row["value"])
        facts[f"{position}_top_code"] = None if row is None else number_or_none(row["top_code"])
        facts[f"{position}_rse"] = None if row is None else number_or_none(row["rse"])
        facts[f"{position}_rank_label"] = None if row is None else str(row["rank_label"])
    return facts


# ---------------------------------------------------------------------------------------------- one area by name
#: How each area type is called in messages.
AREA_KIND_NAMES: dict[int, str] = {
    US: "the U.S.",
    STATE: "state",
    TERRITORY: "territory",
    MSA: "metropolitan area",
    NONMETRO: "nonmetropolitan area",
}
ALL_AREA_KINDS: tuple[int, ...] = (US, STATE, TERRITORY, MSA, NONMETRO)
_NATIONAL_NAMES = {"us", "u.s.", "u.s", "usa", "united states", "national", "nation", "99", "00"}


def area_choices(frame: pd.DataFrame, *, kinds: Iterable[int] = ALL_AREA_KINDS) -> pd.DataFrame:
    """The areas of the given kinds in ``frame`` (one row per area: ``area``, ``area_title``, ``area_type``,
    ``prim_state``; the latest title BLS used), sorted by type and title."""
    rows = frame[frame["area_type"].isin(list(kinds))]
    rows = rows.sort_values("year").drop_duplicates("area", keep="last")
    return (
        rows[["area", "area_title", "area_type", "prim_state"]]
        .sort_values(["area_type", "area_title"])
        .reset_index(drop=True)
    )


def _listing(choices: pd.DataFrame, limit: int = 12) -> str:
    items = [f"{a} ({t})" for a, t in zip(choices["area"], choices["area_title"])]
    if len(items) > limit:
        return "; ".join(items[:limit]) + f"; ... ({len(items)} in all)"
    return "; ".join(items) or "none"


def resolve_area(frame: pd.DataFrame, area: object, *, kinds: Iterable[int] = ALL_AREA_KINDS) -> str:
    """BLS's area code of ``area`` given as a code (``"99"``, ``"06"``, ``"17410"``, ``"3900002"``), a postal code
    (``"OH"``), ``"U.S."`` or a name (``"Ohio"``, ``"Cleveland, OH"``, ``"cleveland, oh"``; a unique start or part
    of a title also works). Only areas of ``kinds`` that ``frame`` holds qualify.

    ParameterError when nothing or more than one area matches, listing the candidates."""
    kinds = tuple(kinds)
    choices = area_choices(frame, kinds=kinds)
    kind_names = ", ".join(AREA_KIND_NAMES[k] for k in kinds)
    if area is None or isinstance(area, bool):
        raise ParameterError(f"area must be a code or a name ({kind_names}); got {area!r}")
    if isinstance(area, (int, np.integer)):
        text = str(int(area))
        text = text.zfill(7) if len(text) == 6 else text.zfill(2) if len(text) == 1 else text
    else:
        text = re.sub(r"\s+", " ", str(area)).strip()
    codes = set(choices["area"].astype(str))
    lowered = text.lower()
    candidate: str | None = None
    if lowered in _NATIONAL_NAMES and US in kinds:
        candidate = NATIONAL_AREA
    elif text.isdigit():
        candidate = text.zfill(2) if len(text) <= 2 else text
    else:
        found = us.states.lookup(text) if len(text) >= 2 and not text.isdigit() else None
        if found is not None and found.fips is not None:
            if STATE not in kinds and TERRITORY not in kinds:
                raise ParameterError(
                    f"area {area!r} is a state ({found.name}, code {found.fips}); give a "
                    f"{kind_names} (code or name), e.g. {_listing(choices, 3)}"
                )
            candidate = found.fips
    if candidate is not None:
        if candidate in codes:
            return candidate
        raise ParameterError(
            f"area {area!r} (code {candidate}) is not in the data loaded for this occupation and "
            f"release among the {kind_names} areas; available: {_listing(choices)}"
        )
    titles = choices["area_title"].astype(str)
    lowered_titles = titles.str.lower()
    principal, cities = _city_keys(choices)
    for matches in (
        choices[lowered_titles == lowered],
        choices[principal == lowered],
        choices[cities.map(lambda keys: lowered in keys)],
        choices[lowered_titles.str.startswith(lowered)],
        choices[lowered_titles.str.contains(lowered, regex=False)],
    ):
        if len(matches) == 1:
            return str(matches["area"].iloc[0])
        if len(matches) > 1:
            raise ParameterError(
                f"area {area!r} matches {len(matches)} areas: {_listing(matches)}; give the code or the full name"
            )
    by_name = dict(zip(lowered_titles, choices["area"].astype(str)))
    by_name.update({key: code for key, code in zip(principal, choices["area"].astype(str)) if key})
    close = difflib.get_close_matches(lowered, list(by_name), n=3, cutoff=0.5)
    titled = dict(zip(choices["area"].astype(str), titles))
    suggested = list(dict.fromkeys(by_name[c] for c in close))
    hint = f"closest: {'; '.join(f'{titled[c]} ({c})' for c in suggested)}; " if suggested else ""
    raise ParameterError(
        f"area {area!r} is not among the {len(choices)} areas ({kind_names}) in the data loaded for this "
        f"occupation and release; {hint}analysis.analyses.regional.area_choices(frame) lists them all"
    )


def _city_keys(choices: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """For each area title "Dallas-Fort Worth-Arlington, TX": its principal city with each state it names
    ("dallas, tx"), and every city it names with each state ({"dallas, tx", "fort worth, tx", "arlington, tx"}),
    lower case. Titles without a comma (nonmetropolitan areas) have none."""
    principal, every = [], []
    for title in choices["area_title"].astype(str):
        states = [s.lower() for s in title_states(title)]
        names = [c.strip().lower() for c in title.rsplit(",", 1)[0].split("-")] if states else []
        principal.append(next((f"{names[0]}, {s}" for s in states[:1]), "") if names else "")
        every.append({f"{city}, {s}" for city in names for s in states})
    return (
        pd.Series(principal, index=choices.index, dtype="string").fillna(""),
        pd.Series(every, index=choices.index, dtype="object"),
    )


def check_area(frame: pd.DataFrame, area: object) -> str | None:
    """The code of a metropolitan or nonmetropolitan ``area`` (code or name) for the deep dive, or None."""
    if area is None:
        return None
    return resolve_area(frame, area, kinds=(MSA, NONMETRO))
