"""The one test of "no value" (``conventions.missing.is_missing``) and the helpers that turn a missing cell into
None, shared by analyses, tables, charts and the ``show`` command. SYNTHETIC scalars only (no figures)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.conventions.missing import is_missing, number_or_none, text_or_none

MISSING = [None, pd.NA, pd.NaT, float("nan"), np.nan, np.float32("nan"), np.float64("nan")]
PRESENT = [0, 0.0, -1.5, np.int64(3), np.float32(2.5), True, "", "top_coded", pd.Timestamp("2024-05-01")]


@pytest.mark.parametrize("value", MISSING, ids=repr)
def test_missing_values_are_missing_and_become_none(value):
    assert is_missing(value)
    assert number_or_none(value) is None
    assert text_or_none(value) is None


@pytest.mark.parametrize("value", PRESENT, ids=repr)
def test_published_values_are_not_missing(value):
    assert not is_missing(value)


def test_present_values_become_plain_python_numbers_and_text():
    assert number_or_none(np.float64(48310.0)) == 48310.0 and type(number_or_none(np.float64(1))) is float
    assert number_or_none(np.int64(12340)) == 12340.0
    assert text_or_none("wage_not_available") == "wage_not_available"
    assert text_or_none(np.int64(7)) == "7"
