"""Notebook 03 executed with papermill (bundled May 2025 national industry data)."""

from __future__ import annotations

import papermill as pm
import pytest

from analysis import paths
from analysis.reports import notebook
from notebook_runs import execute

NOTEBOOK = paths.notebooks_dir() / "03_industry.ipynb"

pytestmark = [pytest.mark.notebook, pytest.mark.usefixtures("project_store")]


def _run(tmp_path, **parameters):
    output = tmp_path / "03_out.ipynb"
    execute(NOTEBOOK, output, **parameters)
    return notebook.read_recorded_figures(output)


def _expected_profile(occupation: str, year: int, level: str, *, ownership: bool = False):
    from analysis import store
    from analysis.analyses import industry

    frame = store.load(occ_codes=[occupation], area_types=[1])
    return industry.industry_profile(frame, occupation, year, level, include_ownership_detail=ownership)


def test_defaults_record_the_top_industries(tmp_path):
    figures = _run(tmp_path)
    assert figures["occupation"] == "29-2072" and figures["naics_level"] == "4-digit"
    profile = _expected_profile("29-2072", figures["year"], "4-digit")
    top = profile[profile["tot_emp"].notna()].iloc[0]
    assert figures["top_industry_by_employment_naics"] == top["naics"]
    assert figures["top_industry_by_employment_share"] == float(top["tot_emp"] / top["reference_tot_emp"])
    reliable = profile[profile["a_mean"].notna() & profile["meets_floor"]]  # the reliability floor
    best = reliable.sort_values(["a_mean", "naics"], ascending=[False, True]).iloc[0]
    assert figures["top_industry_by_wage_naics"] == best["naics"] != "813900"  # 813900: 40 jobs
    assert figures["top_industry_by_wage_premium"] == float(best["a_mean"] - best["reference_a_mean"])
    assert figures["top_industry_by_wage_tot_emp"] == float(best["tot_emp"])
    assert figures["headline"] and 0 < len(figures["key_figures"]) <= 6
    assert all(not label.startswith(("top_", "tot_", "a_")) for label, _ in figures["key_figures"])
    # hospitals by ownership, as published in the May 2025 oe files (622005 privately owned)
    hospitals = {row["naics"]: row for row in figures["employer_types"]["within_industries"]}
    published = _expected_profile("29-2072", figures["year"], "3-digit", ownership=True).set_index("naics")
    assert hospitals["622005"]["employer_type"] == "Privately owned"
    assert hospitals["622005"]["tot_emp"] == float(published.loc["622005", "tot_emp"])
    assert hospitals["622005"]["a_mean"] == float(published.loc["622005", "a_mean"])
    assert figures["top_n"] == 15
    assert figures["hospitals_naics_used"] == "622100"
    # each claim checked for each occupation of the career ladder (May 2025 oe files, 4-digit NAICS)
    assert figures["claims"] == {
        "29-2072: Pay is higher in hospitals than physician offices": "supported",
        "29-2072: Consulting firms pay more": "not supported",
        "29-9021: Pay is higher in hospitals than physician offices": "supported",
        "29-9021: Consulting firms pay more": "cannot tell apart",  # 541600: 690 jobs, intervals overlap
        "11-9111: Pay is higher in hospitals than physician offices": "supported",
        "11-9111: Consulting firms pay more": "supported",
    }


def test_another_occupation_level_and_top_n(tmp_path):
    figures = _run(tmp_path, occupation="11-9111", naics_level="sector", top_n=5)
    assert figures["occupation"] == "11-9111" and figures["naics_level"] == "sector" and figures["top_n"] == 5
    profile = _expected_profile("11-9111", figures["year"], "sector")
    assert figures["industries_listed"] == len(profile)


def test_a_top_n_larger_than_the_industries_says_how_many_exist(tmp_path):
    import nbformat

    figures = _run(tmp_path, occupation="11-9111", top_n=500)
    profile = _expected_profile("11-9111", figures["year"], "4-digit")
    assert figures["top_n"] == 500 and figures["industries_listed"] == len(profile) == 65
    executed = nbformat.read(tmp_path / "03_out.ipynb", as_version=4)
    shown = "".join(
        str(output.get("data", {}))
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )
    assert "500 industries were asked for, but at the 4-digit level BLS publishes 65 industries" in shown
    assert "All 65 industries published (4-digit NAICS)" in shown


def test_consulting_is_shown_below_top_n(tmp_path):
    import nbformat

    figures = _run(tmp_path, occupation="11-9111", top_n=15)
    executed = nbformat.read(tmp_path / "03_out.ipynb", as_version=4)
    tables = [
        str(output.get("data", {}).get("text/html", ""))
        for cell in executed.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    ]
    main = next(t for t in tables if "<table" in t and "industries employing the most" in t)
    assert "541600" in main and "$186,730" in main  # 25th by employment, still in the table
    assert figures["claims"]["11-9111: Consulting firms pay more"] == "supported"


def test_a_bad_naics_level_lists_the_levels_available(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as error:
        _run(tmp_path, naics_level="2-digit")
    assert error.value.ename == "ParameterError"
    assert "naics_level '2-digit' is not available" in error.value.evalue and "'4-digit'" in error.value.evalue
