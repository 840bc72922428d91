"""The figures a report records, for readers (:mod:`analysis.reports.figures`): times as people write them, key
figures and headline taken as the notebook wrote them, every figure in words and units. Values come from the bundled
BLS files (May 2025 oe extract, 29-2072 Medical Records Specialists) unless a test labels its input SYNTHETIC.
"""

from __future__ import annotations

import pytest

from analysis import store
from analysis.analyses import national
from analysis.reports import figures


def test_times_read_as_people_write_them():
    assert figures.readable_time("2026-12-07T12:49:56+00:00") == "7 December 2026, 12:49 UTC"
    assert figures.readable_time("2026-12-07T07:49:56-05:00") == "7 December 2026, 07:49 UTC-05:00"
    assert figures.readable_time("not a time") == "not a time"


def test_key_figures_are_taken_as_written_and_at_most_six():
    recorded = {"key_figures": [[f"Label {n}", f"${n},000"] for n in range(8)] + [["only a label"], [1, 2]]}
    assert figures.key_figures(recorded) == [(f"Label {n}", f"${n},000") for n in range(6)]
    assert figures.headline({"headline": "  One   sentence. "}) == "One sentence."
    assert figures.headline({"headline": 3}) == ""


@pytest.fixture(scope="module")
def national_figures() -> dict:
    frame = store.load(area_types=[1])
    return national.key_figures(frame, "29-2072", 2025)


def test_the_index_never_guesses_a_headline_or_key_figures_from_raw_figures(national_figures):
    # the notebook recorded raw figures only: nothing is made up from them
    assert figures.headline(national_figures) == ""
    assert figures.key_figures(national_figures) == []


def test_every_recorded_figure_is_shown_without_field_names_booleans_or_raw_floats(national_figures):
    rows = figures.display_figures(national_figures)
    labels = [label for label, _ in rows]
    texts = [text for _, text in rows]
    assert "Annual mean wage (USD)" in labels and "a_mean" not in labels
    assert "$56,790" in texts and "56790.0" not in " ".join(texts)
    assert not any(text in ("True", "False") for text in texts)
    assert figures.figure_text("a_mean_top_coded", False) == "no"
    assert figures.figure_text("year", 2025) == "May 2025"
    assert figures.figure_text("releases_loaded", [2025, 2024]) == "May 2024, May 2025"
    assert figures.figure_text("nominal_change_pct", 17.553301593872895) == "+17.6%"
    assert figures.figure_text("top_industry_by_employment_share", 0.26571487263763355) == "26.6%"
