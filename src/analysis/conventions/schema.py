"""The canonical OEWS frame: one row per (year, area, industry, ownership, occupation).

Column names are BLS's own field names in lower case (the "Field Descriptions" sheet of every special-request
file), so an analyst who knows BLS's files knows the frame. Every value column that BLS can replace with a
symbol has a ``<column>_status`` column beside it saying what the symbol meant (see ``STATUSES``); the value
itself is then null. A plain published number has a null status.

Every reader returns this frame and validates it with :func:`validate`: a vectorised check of every rule of
:data:`CANONICAL_SCHEMA` (pandera) that accepts a valid frame without importing pandera; a frame it cannot
accept goes to pandera itself, which raises its ``SchemaError`` naming the column and the failing rows (or, where
the fast check was merely stricter about a representation, accepts it).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.conventions.codes import (  # noqa: F401
    ALL_OWNERSHIPS,
    AREA_PATTERN,
    CROSS_INDUSTRY,
    NATIONAL_TITLE,
    SOC_CODE,
    SOC_PATTERN,
    SOC_PATTERN_RE2,
)
from analysis.conventions.releases import FIRST_YEAR, LAST_YEAR_BOUND

#: Identifying columns, in BLS's order. All strings except ``year`` and ``area_type``.
KEY_COLUMNS: tuple[str, ...] = (
    "year",
    "area",
    "area_title",
    "area_type",
    "prim_state",
    "naics",
    "naics_title",
    "i_group",
    "own_code",
    "occ_code",
    "occ_title",
    "o_group",
)

#: Employment-like value columns.
EMPLOYMENT_COLUMNS: tuple[str, ...] = (
    "tot_emp",
    "emp_prse",
    "jobs_1000",
    "loc_quotient",
    "pct_total",
    "pct_rpt",
)

HOURLY_WAGE_COLUMNS: tuple[str, ...] = ("h_mean", "h_pct10", "h_pct25", "h_median", "h_pct75", "h_pct90")
ANNUAL_WAGE_COLUMNS: tuple[str, ...] = ("a_mean", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90")

#: Every numeric column of the frame, in BLS's order.
VALUE_COLUMNS: tuple[str, ...] = (
    *EMPLOYMENT_COLUMNS,
    "h_mean",
    "a_mean",
    "mean_prse",
    *HOURLY_WAGE_COLUMNS[1:],
    *ANNUAL_WAGE_COLUMNS[1:],
)

WAGE_COLUMNS: tuple[str, ...] = HOURLY_WAGE_COLUMNS + ANNUAL_WAGE_COLUMNS

#: The value columns of a national cross-industry estimate in every release (employment and its RSE, the mean
#: wages and their RSE, the percentiles), in BLS's order: the area and industry shares are not national figures.
NATIONAL_VALUE_COLUMNS: tuple[str, ...] = tuple(
    c for c in VALUE_COLUMNS if c not in ("jobs_1000", "loc_quotient", "pct_total", "pct_rpt")
)

#: BLS's ANNUAL / HOURLY flags: True where only annual (or only hourly) wages are published.
FLAG_COLUMNS: tuple[str, ...] = ("annual", "hourly")

#: What each status means. Keys are the values found in ``<column>_status``.
STATUSES: dict[str, str] = {
    "wage_not_available": "'*' in a special-request file, footnote 4 in the flat files: a wage estimate is not "
    "available (for occupations paid only annually or only hourly the other basis is not published)",
    "employment_not_available": "'**': an employment estimate is not available",
    "top_coded": "'#' in a special-request file, footnote 5 in the flat files: the wage is at or above the "
    "year's top-code; the lower bound is in top_code_hourly / top_code_annual",
    "under_half_percent": "'~': fewer than 0.5 percent of establishments in the industry reported the occupation",
    "not_released": "'-' in a special-request file, or footnote 8 in the flat files: estimate not released",
}

#: Each status in plain words, for readers (tables, charts, reports): the one wording used everywhere.
STATUS_WORDS: dict[str, str] = {
    "wage_not_available": "wage not available",
    "employment_not_available": "employment not available",
    "top_coded": "top-coded",
    "under_half_percent": "reported by under 0.5% of establishments",
    "not_released": "not released by BLS",
}

#: BLS symbols of the special-request files and the status each one becomes.
SYMBOL_STATUS: dict[str, str] = {
    "*": "wage_not_available",
    "**": "employment_not_available",
    "#": "top_coded",
    "~": "under_half_percent",
    "-": "not_released",
}

#: Footnote codes of the oe flat files that replace a value, and the status each one becomes.
FOOTNOTE_STATUS: dict[str, str] = {
    "4": "wage_not_available",
    "5": "top_coded",
    "8": "not_released",
}

STATUS_COLUMNS: tuple[str, ...] = tuple(f"{c}_status" for c in VALUE_COLUMNS)

#: Provenance columns: the file the row was read from, and the year's published top-code bounds.
PROVENANCE_COLUMNS: tuple[str, ...] = ("top_code_hourly", "top_code_annual", "source")

#: Area types, BLS's codes.
AREA_TYPES: dict[int, str] = {
    1: NATIONAL_TITLE,
    2: "State",
    3: "U.S. territory",
    4: "Metropolitan statistical area",
    5: "Metropolitan division",
    6: "Nonmetropolitan area",
}

#: Digits of a canonical area code by area type: the U.S. ("99"), states and territories (FIPS) 2, metropolitan
#: areas and divisions 5, nonmetropolitan areas 7.
AREA_CODE_WIDTH: dict[int, int] = {1: 2, 2: 2, 3: 2, 4: 5, 5: 5, 6: 7}

CANONICAL_COLUMNS: tuple[str, ...] = KEY_COLUMNS + VALUE_COLUMNS + FLAG_COLUMNS + STATUS_COLUMNS + PROVENANCE_COLUMNS

#: pandas dtypes of the canonical frame.
DTYPES: dict[str, str] = {
    **{c: "string" for c in KEY_COLUMNS},
    "year": "Int64",
    "area_type": "Int64",
    **{c: "Float64" for c in VALUE_COLUMNS},
    **{c: "boolean" for c in FLAG_COLUMNS},
    **{c: "string" for c in STATUS_COLUMNS},
    "top_code_hourly": "Float64",
    "top_code_annual": "Float64",
    "source": "string",
}


_YEAR_RANGE = (FIRST_YEAR, LAST_YEAR_BOUND)
#: Unique key of the frame.
#: The primary key of the canonical frame: one row per (year, area, industry, ownership, occupation).
KEY: tuple[str, ...] = ("year", "area", "naics", "own_code", "occ_code")


def _percent_column(name: str) -> bool:
    return name.endswith("_prse") or name in ("pct_total", "pct_rpt")


def _build_pandera_schema():
    """The canonical schema as a pandera ``DataFrameSchema`` (built on first use: importing pandera takes
    about half a second, and a valid frame never needs it)."""
    import pandera.pandas as pa

    def status_check(column: str) -> pa.Column:
        return pa.Column("string", checks=pa.Check.isin(list(STATUSES)), nullable=True, name=column)

    def value_column(name: str) -> pa.Column:
        checks = [pa.Check.ge(0)]
        if _percent_column(name):
            checks.append(pa.Check.le(100))
        return pa.Column("Float64", checks=checks, nullable=True, name=name)

    return pa.DataFrameSchema(
        {
            "year": pa.Column("Int64", checks=pa.Check.in_range(*_YEAR_RANGE)),
            "area": pa.Column("string", checks=pa.Check.str_matches(AREA_PATTERN)),
            "area_title": pa.Column("string", nullable=True),
            "area_type": pa.Column("Int64", checks=pa.Check.isin(list(AREA_TYPES))),
            "prim_state": pa.Column("string", nullable=True),
            "naics": pa.Column("string"),
            "naics_title": pa.Column("string", nullable=True),
            "i_group": pa.Column("string", nullable=True),
            "own_code": pa.Column("string", nullable=True),
            "occ_code": pa.Column("string", checks=pa.Check.str_matches(SOC_PATTERN)),
            "occ_title": pa.Column("string", nullable=True),
            "o_group": pa.Column("string", nullable=True),
            **{c: value_column(c) for c in VALUE_COLUMNS},
            **{c: pa.Column("boolean", nullable=True) for c in FLAG_COLUMNS},
            **{c: status_check(c) for c in STATUS_COLUMNS},
            "top_code_hourly": pa.Column("Float64", nullable=True),
            "top_code_annual": pa.Column("Float64", nullable=True),
            "source": pa.Column("string", nullable=True),
        },
        checks=[
            # A value and a status never both say something: a symbol replaces the value.
            pa.Check(
                lambda df: (
                    ~pd.concat([df[c].notna() & df[f"{c}_status"].notna() for c in VALUE_COLUMNS], axis=1).any(axis=1)
                ),
                error="a value column holds both a number and a status",
            ),
        ],
        unique=list(KEY),
        strict=True,
        ordered=True,
        coerce=False,
        name="canonical OEWS frame",
    )


_PANDERA_SCHEMA = None


def __getattr__(name: str):
    # ``CANONICAL_SCHEMA`` stays importable as before; pandera is imported when it is first used.
    if name == "CANONICAL_SCHEMA":
        global _PANDERA_SCHEMA
        if _PANDERA_SCHEMA is None:
            _PANDERA_SCHEMA = _build_pandera_schema()
        return _PANDERA_SCHEMA
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def arrow_types_mapper(arrow_type):
    """``pyarrow.Table.to_pandas(types_mapper=...)``: Arrow types -> the canonical frame's nullable dtypes."""
    import pyarrow as pa

    if pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type):
        return pd.StringDtype()
    if pa.types.is_floating(arrow_type):
        return pd.Float64Dtype()
    if pa.types.is_integer(arrow_type):
        return pd.Int64Dtype()
    if pa.types.is_boolean(arrow_type):
        return pd.BooleanDtype()
    return None


def same_text(text: str, count: int) -> pd.api.extensions.ExtensionArray:
    """A column of the canonical ``string`` dtype holding ``text`` ``count`` times (as the ``source`` column does),
    built in Arrow: a third of the time of ``pd.Series(text, index=..., dtype="string")`` for 370,000 rows."""
    import pyarrow as pa

    return pd.array(pa.repeat(pa.scalar(text, pa.large_string()), count), dtype="string")


def empty_frame() -> pd.DataFrame:
    """An empty canonical frame with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=DTYPES[c]) for c in CANONICAL_COLUMNS})


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Add missing canonical columns as nulls, cast to the canonical dtypes and order the columns.

    Readers build whatever columns their format carries and call this last; it never invents values. A frame
    that is already canonical (columns in order, dtypes exact) is returned as it is, with a fresh index.
    """
    if tuple(frame.columns) == CANONICAL_COLUMNS and all(
        str(dtype) == DTYPES[column] for column, dtype in frame.dtypes.items()
    ):
        return frame.reset_index(drop=True)
    out = pd.DataFrame(index=frame.index)
    for column in CANONICAL_COLUMNS:
        dtype = DTYPES[column]
        if column in frame.columns:
            out[column] = frame[column].astype(dtype)
        else:
            out[column] = pd.Series(pd.NA, index=frame.index, dtype=dtype)
    return out.reset_index(drop=True)


def validate(frame: pd.DataFrame, *, key_is_unique: bool = False) -> pd.DataFrame:
    """Validate a frame against the canonical schema (raises pandera's SchemaError with the failing rows).

    :func:`is_valid` checks every rule with array operations first; only a frame it does not accept is handed
    to pandera (:data:`CANONICAL_SCHEMA`), so errors are pandera's, as before, and a valid frame costs a
    fraction of pandera's time without importing it. ``key_is_unique``: the caller has proven that no two rows
    share a key (the flat-file reader does, from its cells and its code tables), so that check is not repeated."""
    if is_valid(frame, key_is_unique=key_is_unique):
        return frame
    return __getattr__("CANONICAL_SCHEMA").validate(frame, lazy=False)


def _all_null(values: pd.Series) -> bool:
    """True if every value of ``values`` is null (read from Arrow's null count where the column has one)."""
    chunks = getattr(values.array, "_pa_array", None)
    if chunks is not None:
        return chunks.null_count == len(chunks)
    return bool(values.isna().all())


def _unique_strings(values: pd.Series) -> list:
    """The distinct non-null strings of a column (checks on them cost one pass per distinct value)."""
    if getattr(values.dtype, "storage", None) == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        return pc.unique(pc.drop_null(pa.array(values.array))).to_pylist() if len(values) else []
    return list(pd.unique(values.dropna().to_numpy(dtype=object)))


def _all_match(values: pd.Series, pattern: str) -> bool:
    compiled = re.compile(pattern)
    return all(isinstance(v, str) and compiled.match(v) is not None for v in _unique_strings(values))


def is_valid(frame: pd.DataFrame, *, key_is_unique: bool = False) -> bool:
    """True if ``frame`` meets every rule of :data:`CANONICAL_SCHEMA`: the canonical columns in order with
    their exact dtypes, no nulls in year/area/area_type/naics/occ_code, year 1997-2100, area and occupation
    codes of BLS's shapes, known area types and statuses, values >= 0 (percentages <= 100), never a value and
    a status together, one row per (year, area, naics, own_code, occ_code).

    Never more lenient than pandera (any doubt returns False and pandera decides). ``key_is_unique=True`` skips
    the last rule: only for a caller that has proven it (see :func:`validate`)."""
    if not isinstance(frame, pd.DataFrame) or tuple(frame.columns) != CANONICAL_COLUMNS:
        return False
    for column, dtype in zip(CANONICAL_COLUMNS, frame.dtypes):
        if str(dtype) != DTYPES[column]:
            return False
    for column in ("year", "area", "area_type", "naics", "occ_code"):
        if frame[column].isna().any():
            return False
    if len(frame) == 0:
        return True
    years = frame["year"].to_numpy(dtype=np.int64)
    if years.min() < _YEAR_RANGE[0] or years.max() > _YEAR_RANGE[1]:
        return False
    if not np.isin(frame["area_type"].to_numpy(dtype=np.int64), list(AREA_TYPES)).all():
        return False
    if not _all_match(frame["area"], AREA_PATTERN) or not _all_match(frame["occ_code"], SOC_PATTERN):
        return False
    statuses = set(STATUSES)
    with np.errstate(invalid="ignore"):
        for column in VALUE_COLUMNS:
            numbers, missing = _numbers_and_mask(frame[column])
            bad = ~(numbers >= 0)  # negative numbers, and NaN that is not a null
            if _percent_column(column):
                bad |= numbers > 100
            if (bad & ~missing).any():
                return False
            status = frame[f"{column}_status"]
            if _all_null(status):
                continue
            has_status = status.notna().to_numpy()
            if (has_status & ~missing).any():
                return False
            if not set(_unique_strings(status)) <= statuses:
                return False
    return key_is_unique or not has_repeated_keys(frame)


def _numbers_and_mask(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(numbers, null mask) of a Float64 column, without copying where pandas allows it."""
    array = values.array
    numbers, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
    if isinstance(numbers, np.ndarray) and isinstance(mask, np.ndarray):
        return numbers, mask
    return values.to_numpy(dtype=np.float64, na_value=np.nan), values.isna().to_numpy()


def has_repeated_keys(frame: pd.DataFrame) -> bool:
    """True if two rows share (year, area, naics, own_code, occ_code). Each key column is factorized once
    (nulls get their own code, as pandas' ``duplicated`` treats them) and the codes are combined into one
    integer per row."""
    combined = np.zeros(len(frame), dtype=np.int64)
    span = 1
    for column in KEY:
        codes, uniques = pd.factorize(frame[column], use_na_sentinel=False)
        size = len(uniques) + 1
        if span * size >= 2**62:  # too many combinations for one integer: let pandas decide
            return bool(frame.duplicated(list(KEY)).any())
        combined += codes.astype(np.int64) * span
        span *= size
    combined.sort()
    return bool((combined[1:] == combined[:-1]).any())
