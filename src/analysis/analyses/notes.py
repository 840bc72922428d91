"""Notes every report carries once, written once so that every notebook says them the same way.

The wording follows BLS's own footnotes to the OEWS tables (``data/raw/oe/oe.footnote``, codes 1 and 2):
estimates do not include self-employed workers, and annual wages are hourly wages times 2,080 hours, except
for occupations for which BLS publishes no hourly wage, whose annual wages come straight from the survey.
"""

from __future__ import annotations

#: The hours of BLS's full-time, year-round work year (oe.footnote code 2).
HOURS_PER_YEAR = 2_080


def oews_scope_footnote() -> str:
    """One plain sentence pair for a report's footnote: who OEWS counts, and how annual wages relate to hourly ones."""
    return (
        "OEWS counts wage and salary jobs in establishments; it does not include the self-employed. "
        f"An annual wage is the hourly wage times {HOURS_PER_YEAR:,} hours (40 hours a week, 52 weeks), as BLS "
        "computes it for most occupations; where BLS publishes no hourly wage (for example teachers, paid by "
        "the year), the annual wage comes directly from the survey."
    )


def footnote_markdown() -> str:
    """:func:`oews_scope_footnote` as the report's footnote (Markdown, no dollar sign to escape)."""
    return f"*Note.* {oews_scope_footnote()}"
