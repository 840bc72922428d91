"""The sampling-error rules (analysis.conventions.sampling), on values BLS published in the bundled May 2025 data."""

import pandas as pd
import pytest

from analysis.conventions import sampling


def test_interval_from_published_rse():
    # SYNTHETIC round numbers: the arithmetic of BLS's 95% interval.
    lower, upper = sampling.interval(50_000, 2.0)
    assert lower == pytest.approx(50_000 - 1.96 * 0.02 * 50_000)
    assert upper == pytest.approx(50_000 + 1.96 * 0.02 * 50_000)
    assert sampling.interval(None, 2.0) is None
    assert sampling.interval(50_000, float("nan")) is None


def test_floor():
    assert sampling.meets_floor(1_000, 10.0)
    assert not sampling.meets_floor(999, 1.0)
    assert not sampling.meets_floor(40, 2.0)
    assert not sampling.meets_floor(5_000, 10.1)
    assert not sampling.meets_floor(5_000, None)
    assert "1,000 jobs" in sampling.floor_sentence()


@pytest.mark.parametrize(
    ("lower", "upper", "claim", "expected"),
    [
        (49_000, 51_000, "above", "supported"),
        (45_000, 47_000, "above", "not supported"),
        (45_000, 47_000, "below", "supported"),
        (47_500, 48_500, "above", "cannot tell apart"),
        (47_500, 48_500, "about", "supported"),
        (49_000, 51_000, "about", "not supported"),
        (None, 51_000, "above", "cannot tell apart"),
    ],
)
def test_verdict(lower, upper, claim, expected):
    assert sampling.verdict(lower, upper, 48_160, claim=claim) == expected


def test_tell_apart():
    assert sampling.tell_apart((1, 2), (3, 4))
    assert not sampling.tell_apart((1, 3), (2, 4))
    assert not sampling.tell_apart(None, (2, 4))


def test_half_width_is_one_rule_for_numbers_and_columns():
    # SYNTHETIC: 50,000 with an RSE of 2% -> 1.96 × 0.02 × 50,000 = 1,960, the same for a number and a column
    # (analyses.regional's interval columns use it; a null value or RSE gives a null half width)
    assert sampling.half_width(50_000.0, 2.0) == pytest.approx(1_960.0)
    column = sampling.half_width(pd.Series([50_000.0, pd.NA], dtype="Float64"), pd.Series([2.0, 1.0], dtype="Float64"))
    assert column.iloc[0] == pytest.approx(1_960.0) and pd.isna(column.iloc[1])
    assert sampling.interval(50_000.0, 2.0) == pytest.approx((48_040.0, 51_960.0))
