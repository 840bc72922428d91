"""The canonical OEWS frame: one row per (year, area, industry, ownership, occupation).

Column names are BLS's own field names in lower case (the "Field Descriptions" sheet of every special-request
file), so an analyst who knows BLS's files knows the frame. Every value column that BLS can replace with a
symbol has a ``<column>_status`` column beside it saying what the symbol meant (see ``STATUSES``); the value
itself is then null. A plain published number has a null status.

Every reader returns this frame and validates it with :data:`CANONICAL_SCHEMA` (pandera).
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

#: The primary key: one row of the canonical frame per (year, area, industry, ownership, occupation).
KEY: tuple[str, ...] = ("year", "area", "naics", "own_code", "occ_code")

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
    "tot_emp",
    "emp_prse",
    "jobs_1000",
    "loc_quotient",
    "pct_total",
    "pct_rpt",
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

WAGE_COLUMNS: tuple[str, ...] = HOURLY_WAGE_COLUMNS + ANNUAL_WAGE_COLUMNS

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
    1: "U.S.",
    2: "State",
    3: "U.S. territory",
    4: "Metropolitan statistical area",
    5: "Metropolitan division",
    6: "Nonmetropolitan area",
}

CANONICAL_COLUMNS: tuple[str, ...] = (
    KEY_COLUMNS + VALUE_COLUMNS + FLAG_COLUMNS + STATUS_COLUMNS + PROVENANCE_COLUMNS
)

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


def _status_check(column: str) -> pa.Column:
    return pa.Column(
        "string",
        checks=pa.Check.isin(list(STATUSES)),
        nullable=True,
        name=column,
    )


def _value_column(name: str) -> pa.Column:
    checks = [pa.Check.ge(0)]
    if name.endswith("_prse") or name in ("pct_total", "pct_rpt"):
        checks.append(pa.Check.le(100))
    return pa.Column("Float64", checks=checks, nullable=True, name=name)


CANONICAL_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column("Int64", checks=pa.Check.in_range(1997, 2100)),
        "area": pa.Column("string", checks=pa.Check.str_matches(r"^\d{2,7}$")),
        "area_title": pa.Column("string", nullable=True),
        "area_type": pa.Column("Int64", checks=pa.Check.isin(list(AREA_TYPES))),
        "prim_state": pa.Column("string", nullable=True),
        "naics": pa.Column("string"),
        "naics_title": pa.Column("string", nullable=True),
        "i_group": pa.Column("string", nullable=True),
        "own_code": pa.Column("string", nullable=True),
        "occ_code": pa.Column("string", checks=pa.Check.str_matches(r"^\d{2}-\d{4}$")),
        "occ_title": pa.Column("string", nullable=True),
        "o_group": pa.Column("string", nullable=True),
        **{c: _value_column(c) for c in VALUE_COLUMNS},
        **{c: pa.Column("boolean", nullable=True) for c in FLAG_COLUMNS},
        **{c: _status_check(c) for c in STATUS_COLUMNS},
        "top_code_hourly": pa.Column("Float64", nullable=True),
        "top_code_annual": pa.Column("Float64", nullable=True),
        "source": pa.Column("string", nullable=True),
    },
    checks=[
        # A value and a status never both say something: a symbol replaces the value.
        pa.Check(
            lambda df: ~pd.concat(
                [df[c].notna() & df[f"{c}_status"].notna() for c in VALUE_COLUMNS], axis=1
            ).any(axis=1),
            error="a value column holds both a number and a status",
        ),
    ],
    unique=list(KEY),
    strict=True,
    ordered=True,
    coerce=False,
    name="canonical OEWS frame",
)


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


def empty_frame() -> pd.DataFrame:
    """An empty canonical frame with the right columns and dtypes."""
    return pd.DataFrame({c: pd.Series(dtype=DTYPES[c]) for c in CANONICAL_COLUMNS})


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Add missing canonical columns as nulls, cast to the canonical dtypes and order the columns.

    Readers build whatever columns their format carries and call this last; it never invents values.
    """
    out = pd.DataFrame(index=frame.index)
    for column in CANONICAL_COLUMNS:
        dtype = DTYPES[column]
        if column in frame.columns:
            out[column] = frame[column].astype(dtype)
        else:
            out[column] = pd.Series(pd.NA, index=frame.index, dtype=dtype)
    return out.reset_index(drop=True)


def validate(frame: pd.DataFrame) -> pd.DataFrame:
    """Validate a frame against the canonical schema (raises pandera's SchemaError with the failing rows)."""
    return CANONICAL_SCHEMA.validate(frame, lazy=False)
