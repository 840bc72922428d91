"""Measures and their wording (:mod:`analysis.conventions.measures`): the words for BLS's statuses come from one
table, used by every formatter.
"""

from __future__ import annotations

from analysis.analyses import national
from analysis.conventions import schema
from analysis.conventions.measures import format_value, status_text


def test_status_words_come_from_one_table():
    assert status_text("not_released") == schema.STATUS_WORDS["not_released"] == "not released by BLS"
    assert format_value(None, "a_mean", "not_released") == "suppressed (not released by BLS)"
    assert national.format_wage(None, "not_released") == "not released by BLS"
    assert set(schema.STATUS_WORDS) == set(schema.STATUSES)
