"""The one rule on which reference years can exist (conventions/releases.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.conventions.releases import FIRST_YEAR, check_release_years, latest_possible_year
from analysis.errors import OEWSInputError


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (dt.date(2026, 1, 15), 2024),  # May 2025 estimates are not out before the spring of 2026
        (dt.date(2026, 2, 28), 2024),
        (dt.date(2026, 3, 1), 2025),
        (dt.date(2026, 12, 7), 2025),
        (dt.date(2027, 4, 1), 2026),
    ],
)
def test_the_latest_possible_release_follows_the_calendar(today, latest):
    assert latest_possible_year(today) == latest


def test_years_from_1997_to_the_latest_possible_are_accepted():
    check_release_years([FIRST_YEAR, 2011, 2025], source="x.xlsx", today=dt.date(2026, 6, 1))


@pytest.mark.parametrize(
    ("year", "words"),
    [(2099, "after the latest release"), (2026, "after the latest release"), (1996, "before the first"), (1900, "")],
)
def test_an_impossible_year_is_one_line_naming_the_file(year, words):
    with pytest.raises(OEWSInputError) as caught:
        check_release_years([2024, year], source="national_M2099_dl.xlsx", today=dt.date(2026, 6, 1))
    message = str(caught.value)
    assert "national_M2099_dl.xlsx" in message and f"May {year}" in message and words in message
    assert "from 1997 to 2025" in message and "\n" not in message
