"""The sentences and tables of the trends notebook (:mod:`analysis.analyses.trends_text`). More of its tests run on
the trend series in test_trends.py and test_tables.py. Frames here are SYNTHETIC (made-up values).
"""

from __future__ import annotations

from analysis.analyses import trends_text
from synthetic_oews import synthetic_frame, synthetic_row


def test_the_selection_escapes_a_hostile_title():
    # synthetic: a title with HTML and a Markdown link
    frame = synthetic_frame([synthetic_row(2025, "29-2072", a_mean=5e4, occ_title="<img src=x> [a](javascript:b)")])
    text = trends_text.selection_text(frame, ["29-2072"], [2025], 2025)
    assert "<img" not in text and "[a](" not in text and "'" not in text
    assert "&lt;img src=x&gt; \\[a\\]\\(javascript:b\\) (29-2072)" in text
