"""The index of the reports (:mod:`analysis.reports.index`): index.json keeps the raw figures for machines and makes
up no headline or key figure. The worker result here is SYNTHETIC.
"""

from __future__ import annotations

from analysis.reports import ReportSpec


def test_index_json_keeps_raw_figures_for_machines(tmp_path):
    spec = ReportSpec("n", tmp_path / "n.ipynb", {"occupation": "29-2072"}, "may2025")

    import types

    # what a worker returns (SYNTHETIC figures in the shape notebook 01 records)
    Result = types.SimpleNamespace(
        ok=True,
        duration_s=1.0,
        tables=[],
        figures={"occ_title": "Medical Records Specialists", "a_mean": 56790.0, "year": 2025},
    )

    from analysis.reports import index

    entry = index.index_entry(None, spec, Result, {"html": "may2025/n.html"}, "f", "now", 0)
    assert entry["figures"] == Result.figures
    assert entry["headline"] == "" and entry["key_figures"] == []  # none recorded: none made up
