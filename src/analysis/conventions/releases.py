"""Which OEWS releases can exist: the one rule every reader applies to the years its files claim.

BLS's OEWS estimates are for May of a year (the reference year) and are published the following spring (the
estimates of May Y appear between the end of March and May of Y+1). So on a given day the latest release that can
exist is May of last year from March on, May of the year before that until then; a file claiming a later year
(``national_M2099_dl.xlsx``) is damaged or made up, and must never become the "latest" release. The series in its
present form starts with May 1997 (:data:`FIRST_YEAR`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from analysis.errors import Location, YearConflictError

#: The first OEWS reference year this project reads (the schema's lower bound, the first year fetch accepts).
FIRST_YEAR = 1997
#: The last year a table's year column may hold (a bound against damaged cells, not a release that can exist).
LAST_YEAR_BOUND = 2100
#: The month from which the previous year's May estimates may be published (BLS publishes in spring).
PUBLISHED_FROM_MONTH = 3


def release_name(year: int) -> str:
    """A release as BLS names it, by its reference month and year: ``release_name(2025) == "May 2025"``."""
    return f"May {int(year)}"


def latest_possible_year(today: dt.date | None = None) -> int:
    """The latest reference year whose estimates can be published on ``today`` (default: the local date):
    ``today.year - 1`` from March on, ``today.year - 2`` before."""
    today = today or dt.date.today()
    return today.year - 1 if today.month >= PUBLISHED_FROM_MONTH else today.year - 2


def check_release_years(years: Iterable[int], *, source: str, today: dt.date | None = None) -> None:
    """Refuse a file claiming a reference year before :data:`FIRST_YEAR` or after :func:`latest_possible_year`
    with one line naming it (a :class:`~analysis.errors.YearConflictError`: the year disagrees with the calendar)."""
    latest = latest_possible_year(today)
    for year in sorted({int(y) for y in years}):
        if year < FIRST_YEAR or year > latest:
            when = (
                "before the first OEWS release"
                if year < FIRST_YEAR
                else "after the latest release BLS can have published"
            )
            raise YearConflictError(
                f"the file claims May {year}, {when}",
                location=Location(file=source, column="year"),
                found=year,
                expected=f"a reference year from {FIRST_YEAR} to {latest} (May {latest} estimates are published "
                f"in the spring of {latest + 1})",
            )
