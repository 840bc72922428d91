"""Combining what the readers read (:mod:`analysis.sources.combine`): a key published as "broad" and "detailed"
becomes one detailed row, the same row from two files is kept once, differing rows and repeated rows are errors
naming the places, and an impossible release year is refused naming the file. Every row here is SYNTHETIC
(tests/helpers/synthetic_oews.py: made-up values)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.conventions.schema import conform
from analysis.errors import OEWSInputError, YearConflictError
from analysis.sources import combine
from synthetic_oews import synthetic_row


def _frame(*rows: dict, source: str = "a.xlsx") -> pd.DataFrame:
    """Rows as a reader returns them before combining: conformed, not yet validated (a key may repeat)."""
    return conform(pd.DataFrame(list(rows))).assign(source=source)


def test_a_code_published_as_broad_and_detailed_becomes_one_detailed_row():
    broad = synthetic_row(2024, "29-2072", a_mean=50000, o_group="broad")
    detailed = synthetic_row(2024, "29-2072", a_mean=50000)
    collapsed = combine.collapse_duplicates(_frame(broad, detailed))
    assert collapsed["o_group"].tolist() == ["detailed"] and collapsed["a_mean"].tolist() == [50000]


def test_the_same_row_from_two_files_is_kept_once():
    one = _frame(synthetic_row(2024, "29-2072", a_mean=50000), source="national_M2024_dl.xlsx")
    two = _frame(synthetic_row(2024, "29-2072", a_mean=50000), source="all_data_M_2024.xlsx")
    combined = combine.combine([one, two])
    assert len(combined) == 1 and combined["a_mean"].tolist() == [50000]


def test_the_same_key_with_different_values_names_both_files():
    one = _frame(synthetic_row(2024, "29-2072", a_mean=50000), source="one.xlsx")
    two = _frame(synthetic_row(2024, "29-2072", a_mean=51000), source="two.xlsx")
    with pytest.raises(OEWSInputError, match="with different values") as error:
        combine.combine([one, two])
    assert "one.xlsx" in str(error.value) and "two.xlsx" in str(error.value) and "a_mean" in str(error.value)


def test_a_row_repeated_within_one_file_names_its_rows():
    frame = _frame(synthetic_row(2024, "29-2072", a_mean=50000), synthetic_row(2024, "29-2072", a_mean=50000))
    frame["_row"] = [7, 9]
    with pytest.raises(OEWSInputError) as error:
        combine.check_repeated_rows(frame)
    assert str(error.value).startswith("file 'a.xlsx', row 9: the same row appears more than once")
    assert "at row 7, row 9" in str(error.value)


def test_a_year_bls_cannot_have_published_is_refused_naming_the_file():
    frame = _frame(synthetic_row(2024, "29-2072", a_mean=50000), source="future.xlsx")
    frame["year"] = 2999
    with pytest.raises(YearConflictError) as error:
        combine.check_years(frame)
    assert str(error.value).startswith("file 'future.xlsx', column 'year': the file claims May 2999")
    combine.check_years(frame.iloc[:0])  # nothing to check
