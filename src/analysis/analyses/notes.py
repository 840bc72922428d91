"""Notes every report carries once, written once so that every report says them the same way.

The wording follows BLS's own footnotes to the OEWS tables (``data/raw/oe/oe.footnote``): code 1, estimates do
not include self-employed workers; code 2, annual wages are hourly wages times 2,080 hours, except for
occupations for which BLS publishes no hourly wage, whose annual wages come straight from the survey (code 4:
those paid by the year without a year-round, full-time schedule). The other groups OEWS leaves out (owners and
partners of unincorporated firms, household workers, unpaid family workers) are those of the OEWS technical notes.
The report template puts this note on every page, once; notebooks do not repeat it.
"""

from __future__ import annotations

#: The hours of BLS's full-time, year-round work year (oe.footnote code 2).
HOURS_PER_YEAR = 2_080


def oews_scope_footnote() -> str:
    """Who OEWS counts, and how its annual wages relate to its hourly ones: the footnote of every report."""
    return (
        "OEWS counts wage and salary jobs in nonfarm establishments; it excludes the self-employed, owners and "
        "partners of unincorporated firms, household workers and unpaid family workers. BLS computes an annual "
        f"wage as the hourly wage times {HOURS_PER_YEAR:,} hours (52 weeks of 40 hours); for occupations paid by "
        "the year without a year-round, full-time schedule it publishes annual wages only."
    )
