"""BLS conventions, applied by every reader: symbols become statuses, column names of every year become the
canonical lower-case names, and text numbers (with thousands separators) become numbers.

Nothing here knows a file format: sources hand over cells as text (or numbers) with their location.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.conventions.schema import SYMBOL_STATUS
from analysis.errors import Location, OEWSInputError

#: Column names across the years, lower-cased, mapped to the canonical name.
COLUMN_ALIASES: dict[str, str] = {
    "group": "o_group",
    "occ_group": "o_group",
    "o_group": "o_group",
    "area_name": "area_title",
    "areaname": "area_title",
    "area_title": "area_title",
    "st": "prim_state",
    "state": "prim_state",
    "naics_code": "naics",
    "jobs_1000_orig": "jobs_1000",
    "loc quotient": "loc_quotient",
    "loc_q": "loc_quotient",
}

NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$")


def canonical_column_name(name: object) -> str:
    """``'OCC_GROUP'`` -> ``'o_group'``; ``' TOT_EMP '`` -> ``'tot_emp'``. Unknown names are lower-cased only."""
    key = re.sub(r"\s+", " ", str(name).strip()).lower()
    return COLUMN_ALIASES.get(key, key.replace(" ", "_"))


def parse_value(raw: object, *, location: Location | None = None) -> tuple[float | None, str | None]:
    """Parse one published cell into ``(number, status)``: exactly one of them is not None, or both are None
    for an empty cell.

    Numbers may be ints, floats or text with thousands separators (``'1,234.5'``). BLS symbols become statuses
    (``'#'`` -> ``'top_coded'``). Anything else raises :class:`OEWSInputError` naming the location and the value.
    """
    if raw is None:
        return None, None
    if isinstance(raw, bool):
        raise OEWSInputError(
            "a boolean where a number or BLS symbol was expected",
            location=location,
            found=raw,
            expected="a number or one of " + ", ".join(SYMBOL_STATUS),
        )
    if isinstance(raw, (int, np.integer)):
        return float(raw), None
    if isinstance(raw, (float, np.floating)):
        if math.isnan(raw):
            return None, None
        if math.isinf(raw):
            raise OEWSInputError("an infinite number", location=location, found=raw, expected="a finite number")
        return float(raw), None
    text = str(raw).strip()
    if text == "":
        return None, None
    status = SYMBOL_STATUS.get(text)
    if status is not None:
        return None, status
    if NUMBER.match(text) and any(ch.isdigit() for ch in text):
        return float(text.replace(",", "")), None
    raise OEWSInputError(
        "a value that is neither a number nor a BLS symbol",
        location=location,
        found=text,
        expected="a number (e.g. 1,234.56) or one of " + ", ".join(repr(s) for s in SYMBOL_STATUS),
    )


def parse_value_column(
    values: Iterable[object], *, column: str, file=None, sheet=None, first_row: int = 2
) -> tuple[pd.Series, pd.Series]:
    """Parse a whole column of published cells; returns (Float64 values, string statuses).

    ``first_row`` is the spreadsheet row number of the first value (the header is row 1), so errors can name it.
    Vectorised for the common case (numbers and symbols); falls back to cell-by-cell parsing to find and name
    a bad cell.
    """
    series = pd.Series(
        list(values) if not isinstance(values, pd.Series) else values.to_numpy(dtype=object), dtype=object
    )
    text = series.map(lambda v: v if isinstance(v, str) else None)
    stripped = text.str.strip()
    status = stripped.map(SYMBOL_STATUS)
    is_text = text.notna()
    numeric = pd.Series(np.nan, index=series.index, dtype="float64")
    non_text = ~is_text
    if non_text.any():
        numeric[non_text] = pd.to_numeric(series[non_text], errors="coerce")
    text_numbers = is_text & status.isna() & (stripped != "")
    if text_numbers.any():
        cleaned = stripped[text_numbers].str.replace(",", "", regex=False)
        parsed = pd.to_numeric(cleaned, errors="coerce")
        ok = stripped[text_numbers].str.match(NUMBER.pattern) & parsed.notna()
        if not ok.all():
            bad = ok[~ok].index[0]
            parse_value(series[bad], location=Location(file, sheet, first_row + int(bad), column))
        numeric[text_numbers] = parsed
    # Non-text cells that did not convert (e.g. booleans, datetimes) are errors too.
    bad_non_text = non_text & series.notna() & numeric.isna()
    bad_non_text &= ~series.map(lambda v: isinstance(v, float) and math.isnan(v))
    if bad_non_text.any():
        bad = bad_non_text[bad_non_text].index[0]
        parse_value(series[bad], location=Location(file, sheet, first_row + int(bad), column))
        raise OEWSInputError(
            "an unreadable value",
            location=Location(file, sheet, first_row + int(bad), column),
            found=series[bad],
            expected="a number or BLS symbol",
        )
    if np.isinf(numeric.to_numpy()).any():
        bad = numeric[np.isinf(numeric)].index[0]
        parse_value(series[bad], location=Location(file, sheet, first_row + int(bad), column))
    return numeric.astype("Float64"), status.astype("string")
