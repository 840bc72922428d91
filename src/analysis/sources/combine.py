"""The combine stage of every reader: rows of one or several sources -> one canonical frame.

BLS publishes some keys twice with identical estimates (an occupation as "broad" and "detailed", an industry as
"3-digit" and "4-digit"): :func:`collapse_duplicates` keeps one row with the more detailed level; the same key
from two files is kept once when every value agrees and is an error naming both places otherwise.
:func:`check_repeated_rows` refuses a row repeated with the same level within one file. :func:`finish` conforms
the columns and dtypes and validates the frame once (:func:`analysis.conventions.schema.validate`).
:func:`combine` is the step ``read_oews`` runs on the frames of all its sources.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.conventions import schema
from analysis.conventions.releases import check_release_years
from analysis.errors import Location, OEWSInputError

_O_GROUP_RANK = {"total": 0, "major": 1, "minor": 2, "broad": 3, "detailed": 4}
_I_GROUP_RANK = {"cross-industry": 0, "sector": 1, "3-digit": 2, "4-digit": 3, "5-digit": 4, "6-digit": 5}


def collapse_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (year, area, naics, own_code, occ_code).

    BLS publishes some occupations twice, once as "broad" and once as "detailed" (and industries aggregated to
    the 3-digit level as both "3-digit" and "4-digit"), with identical estimates: those become one row labelled
    with the more detailed level. The same key from two files is kept once when every value agrees. Rows that
    share a key but differ in any value are an error naming both places.
    """
    key = list(schema.KEY)
    duplicated = frame.duplicated(key, keep=False).to_numpy()
    if not duplicated.any():
        return frame
    dups = frame.loc[duplicated]
    groups = [dups[k].astype(str) for k in key]
    # Values and statuses must agree exactly (a number against a blank is a difference); a flag only where
    # both sources state it (the oe flat files carry no ANNUAL/HOURLY flags).
    strict = [c for c in frame.columns if c in schema.VALUE_COLUMNS or c in schema.STATUS_COLUMNS]
    lenient = [c for c in frame.columns if c in schema.FLAG_COLUMNS]
    exact = dups[strict].astype(object).where(dups[strict].notna(), "<blank>").astype(str)
    distinct = pd.concat(
        [
            exact.groupby(groups, dropna=False).nunique(dropna=False),
            dups[lenient].astype(object).groupby(groups, dropna=False).nunique(dropna=True),
        ],
        axis=1,
    )
    conflicting = distinct[(distinct > 1).any(axis=1)]
    if len(conflicting):
        first_key = conflicting.index[0]
        rows = dups[(dups[key].astype(str).apply(tuple, axis=1)) == tuple(first_key)]
        columns = [c for c in distinct.columns if distinct.loc[first_key, c] > 1]
        row_numbers = rows["_row"] if "_row" in rows else pd.Series([None] * len(rows), index=rows.index)
        places = [
            f"{source} row {row}" if pd.notna(row) else str(source)
            for source, row in zip(rows["source"].head(4), row_numbers.head(4))
        ]
        shown = {c: [None if pd.isna(v) else v for v in rows[c].head(4).tolist()] for c in columns[:3]}
        first_row = row_numbers.iloc[0]
        raise OEWSInputError(
            "duplicate rows for the same (year, area, naics, own_code, occ_code) with different values",
            location=Location(
                file=rows["source"].iloc[0], row=int(first_row) if pd.notna(first_row) else None, column=columns[0]
            ),
            found=f"key {dict(zip(key, first_key))} in {'; '.join(places)}: {shown}",
            expected="one row per key, or identical duplicates",
        )
    rank = frame["o_group"].map(_O_GROUP_RANK).fillna(-1).astype(float) * 10
    if "i_group" in frame:
        rank += frame["i_group"].map(_I_GROUP_RANK).fillna(-1).astype(float)
    ranked = frame.assign(_rank=rank.to_numpy(), _order=np.arange(len(frame)))
    ranked = ranked.sort_values(["_rank", "_order"], ascending=[False, True], kind="stable")
    kept = ranked.drop_duplicates(key, keep="first").sort_values("_order", kind="stable")
    return kept.drop(columns=["_rank", "_order"])


def check_repeated_rows(frame: pd.DataFrame) -> None:
    """Within one file BLS repeats a key only with a different level (an occupation as "broad" and "detailed",
    an industry as "3-digit" and "4-digit"). A row repeated with the same level is a damaged file."""
    levels = [c for c in ("o_group", "i_group") if c in frame]
    key = [*schema.KEY, *levels]
    repeated = frame.duplicated(key, keep=False).to_numpy()
    if not repeated.any():
        return
    first = frame.loc[repeated].iloc[0]
    same = frame.loc[repeated]
    same = same[(same[key].astype(str) == first[key].astype(str)).all(axis=1)]
    places = ", ".join(f"row {r}" for r in same["_row"].tolist())
    raise OEWSInputError(
        "the same row appears more than once",
        location=Location(file=first["source"], row=int(same["_row"].iloc[-1])),
        found=f"occupation {first['occ_code']} (area {first['area']}, industry {first['naics']}, ownership "
        f"{first['own_code']}) at {places}",
        expected="one row per (area, industry, ownership, occupation, level)",
    )


def check_years(frame: pd.DataFrame) -> None:
    """Every reference year of ``frame`` is one BLS can have published
    (:func:`analysis.conventions.releases.check_release_years`); the message names the file that claims it."""
    if "year" not in frame or not len(frame):
        return
    years = pd.unique(frame["year"].dropna())
    for year in years:
        sources = frame["source"][frame["year"] == year] if "source" in frame else None
        source = str(sources.iloc[0]) if sources is not None and len(sources) else "?"
        check_release_years([int(year)], source=source)


def finish(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical column order and dtypes, validated (the years first: one line for an impossible year)."""
    check_years(frame)
    return schema.validate(schema.conform(frame.drop(columns=["_row"], errors="ignore")))


def with_row(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with a ``_row`` column (null where the source has no row numbers, e.g. the flat files)."""
    if "_row" not in frame:
        frame = frame.assign(_row=pd.array([None] * len(frame), dtype="Int64"))
    return frame


def combine(frames: Sequence[pd.DataFrame], *, validated: Sequence[bool] | None = None) -> pd.DataFrame:
    """The canonical frame of the frames read from every source: concatenated, the same key from two sources
    collapsed when the values agree (an error when they differ), conformed and validated once.

    Duplicates can only arise between sources: each reader already returns one row per key (the flat-file
    reader by construction, the special-request readers by :func:`collapse_duplicates`), so one frame is only
    conformed and validated, or returned as it is when ``validated`` says its reader validated it already."""
    if len(frames) == 1:
        if validated is not None and validated[0]:  # its reader checked the years too (read_flat_files)
            return frames[0]
        return finish(frames[0])
    frame = pd.concat([with_row(f) for f in frames], ignore_index=True)
    return finish(collapse_duplicates(frame))
