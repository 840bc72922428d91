"""Value columns of the special-request files: published cells -> numbers and BLS statuses, and the numbers BLS
cannot have published (negative values, percentages over 100, wages and employment far beyond any estimate,
percentile wages out of order), each an error naming file, sheet, row, column and value.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from analysis.conventions import schema
from analysis.errors import Location, OEWSInputError
from analysis.sources.columns import bad_cell, first_label
from analysis.sources.sheets import RawTable

#: Ceilings far above anything OEWS publishes (a value beyond them is a damaged cell, not an estimate).
MAX_HOURLY_WAGE = 5_000.0
MAX_ANNUAL_WAGE = 10_000_000.0
MAX_EMPLOYMENT = 1_000_000_000.0


_type_of = np.frompyfunc(type, 1, 1)
_NUMBER_PATTERN = r"[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?"


def parse_published_values(
    values: pd.Series, *, column: str, file=None, sheet=None, first_row: int = 2
) -> tuple[pd.Series, pd.Series]:
    """Whole-column equivalent of :func:`analysis.conventions.values.parse_value_column` (same results, same errors; the
    property tests in tests/unit/sources/test_published_values.py hold them equal), built for BLS's 400,000-row all-data
    workbook: numbers, text numbers with thousands separators and BLS symbols are parsed with array operations, and only
    a bad cell goes through :func:`analysis.conventions.values.parse_value` to be named in the error."""
    n = len(values)
    numbers = np.full(n, np.nan)
    status = np.full(n, None, dtype=object)
    if isinstance(values.dtype, pd.StringDtype):
        raw = None
        text = values.reset_index(drop=True)
        text_positions = np.arange(n)
    else:
        raw = values.to_numpy(dtype=object)
        types = _type_of(raw)
        is_text = (types == str).astype(bool)  # noqa: E721 - element-wise comparison of an array of types
        is_number = ((types == float) | (types == int)).astype(bool)  # noqa: E721
        is_blank = (types == type(None)).astype(bool)  # noqa: E721
        if is_number.any():
            numbers[is_number] = raw[is_number].astype(float)
        others = np.flatnonzero(~(is_text | is_number | is_blank))
        if len(others):
            # Rare: numpy scalars are numbers; booleans, dates and anything else are errors.
            accepted = np.array([isinstance(v, (np.integer, np.floating)) for v in raw[others]], dtype=bool)
            if not accepted.all():
                _fail(values, raw, int(others[~accepted][0]), column, file, sheet, first_row)
            numbers[others] = raw[others].astype(float)
        text_positions = np.flatnonzero(is_text)
        text = pd.Series(raw[is_text], dtype="string")
    if len(text_positions):
        stripped = text.str.strip()
        blank = (stripped == "").to_numpy(dtype=bool, na_value=True)
        symbol = np.zeros(len(stripped), dtype=bool)
        for mark, meaning in schema.SYMBOL_STATUS.items():
            is_mark = (stripped == mark).to_numpy(dtype=bool, na_value=False)
            status[text_positions[is_mark]] = meaning
            symbol |= is_mark
        candidates = ~blank & ~symbol
        if candidates.any():
            subset = stripped[candidates]
            good = subset.str.fullmatch(_NUMBER_PATTERN).to_numpy(dtype=bool, na_value=False)
            cleaned = subset.str.replace(",", "", regex=False)
            if good.all():
                try:  # Arrow's correctly rounded string -> double cast, the same double as float(text)
                    parsed = cleaned.astype("float64").to_numpy()
                except (ValueError, TypeError):  # a shape without digits, like "." or "+"
                    parsed = pd.to_numeric(cleaned, errors="coerce").to_numpy(dtype=float)
                good = ~np.isnan(parsed)
            if not good.all():
                position = int(text_positions[np.flatnonzero(candidates)[np.flatnonzero(~good)[0]]])
                _fail(values, raw, position, column, file, sheet, first_row)
            numbers[text_positions[candidates]] = parsed
    if np.isinf(numbers).any():
        _fail(values, raw, int(np.flatnonzero(np.isinf(numbers))[0]), column, file, sheet, first_row)
    return (pd.Series(numbers, dtype="Float64").mask(np.isnan(numbers)), pd.Series(status, dtype="string"))


def _fail(values, raw, position, column, file, sheet, first_row):
    from analysis.conventions.values import parse_value

    cell = raw[position] if raw is not None else values.iloc[position]
    location = Location(file, sheet, first_row + position, column)
    parse_value(cell, location=location)
    raise OEWSInputError(
        "an unreadable value",
        location=location,
        found=cell,
        expected="a number or one of " + ", ".join(repr(s) for s in schema.SYMBOL_STATUS),
    )


def ceiling(column: str) -> tuple[float, str] | None:
    if column.endswith("_prse") or column in ("pct_total", "pct_rpt"):
        return 100.0, "a percentage, at most 100"
    if column in schema.HOURLY_WAGE_COLUMNS:
        return MAX_HOURLY_WAGE, f"an hourly wage below {MAX_HOURLY_WAGE:,.0f}"
    if column in schema.ANNUAL_WAGE_COLUMNS:
        return MAX_ANNUAL_WAGE, f"an annual wage below {MAX_ANNUAL_WAGE:,.0f}"
    if column == "tot_emp":
        return MAX_EMPLOYMENT, f"an employment count below {MAX_EMPLOYMENT:,.0f}"
    return None


def check_plausible(table: RawTable, out: dict[str, pd.Series], headers: dict[str, str]) -> None:
    """Numbers BLS cannot have published: negative values, percentages over 100, wages and employment far
    beyond any estimate, percentile wages out of order (10th <= 25th <= median <= 75th <= 90th)."""
    for column in schema.VALUE_COLUMNS:
        if column not in out:
            continue
        values = out[column].to_numpy(dtype=float, na_value=np.nan)
        negative = values < 0
        if negative.any():
            label = first_label(out[column], negative)
            raise bad_cell(
                table, "a negative number", label, headers[column], float(out[column].loc[label]), "a number >= 0"
            )
        limit = ceiling(column)
        if limit is not None and (values > limit[0]).any():
            label = first_label(out[column], values > limit[0])
            raise bad_cell(
                table,
                "a number no OEWS estimate can have",
                label,
                headers[column],
                float(out[column].loc[label]),
                limit[1],
            )
    for columns in (schema.HOURLY_WAGE_COLUMNS[1:], schema.ANNUAL_WAGE_COLUMNS[1:]):
        for lower, upper in itertools.pairwise(columns):
            if lower not in out or upper not in out:
                continue
            low = out[lower].to_numpy(dtype=float, na_value=np.nan)
            high = out[upper].to_numpy(dtype=float, na_value=np.nan)
            disorder = low > high
            if disorder.any():
                label = first_label(out[lower], disorder)
                raise bad_cell(
                    table,
                    "percentile wages out of order",
                    label,
                    headers[lower],
                    f"{headers[lower]} {out[lower].loc[label]} > {headers[upper]} {out[upper].loc[label]}",
                    "10th <= 25th <= median <= 75th <= 90th percentile",
                )
