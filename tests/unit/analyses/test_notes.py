"""The note every report carries (:mod:`analysis.analyses.notes`) says what BLS's footnotes say, read from the
bundled data/raw/oe/oe.footnote (May 2025)."""

from __future__ import annotations

import csv

from analysis.analyses import notes
from real_files import ROOT


def _footnotes() -> dict[str, str]:
    with (ROOT / "data" / "raw" / "oe" / "oe.footnote").open(encoding="utf-8", newline="") as handle:
        return {row["footnote_code"]: row["footnote_text"] for row in csv.DictReader(handle, delimiter="\t")}


def test_the_hours_of_a_work_year_are_those_of_bls_footnote_2():
    # oe.footnote code 2: "Annual wages have been calculated by multiplying the hourly wages by 2,080 hours; ..."
    assert f"by {notes.HOURS_PER_YEAR:,} hours" in _footnotes()["2"]


def test_the_scope_footnote_says_who_oews_leaves_out_and_how_annual_wages_are_made():
    text = notes.oews_scope_footnote()
    assert "self-employed" in text and "self-employed workers" in _footnotes()["1"]  # oe.footnote code 1
    assert "hourly wage times 2,080 hours" in text
    assert "publishes annual wages only" in text
    assert "\n" not in text and "<" not in text  # one plain sentence pair, safe in any page
