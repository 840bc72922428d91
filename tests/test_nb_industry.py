"""Notebook 03 executed with papermill (bundled May 2025 national industry data)."""

from __future__ import annotations

import papermill as pm
import pytest

from analysis import paths
from analysis.reports import notebook

NOTEBOOK = paths.notebooks_dir() / "03_industry.ipynb"

pytestmark = pytest.mark.notebook


def _run(tmp_path, **parameters):
    output = tmp_path / "03_out.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(output), parameters=parameters, kernel_name="python3",
                        cwd=str(paths.notebooks_dir()), progress_bar=False)
    return notebook.read_recorded_figures(output)


def _expected_profile(occupation: str, year: int, level: str):
    from analysis import store
    from analysis.analyses import industry

    return industry.industry_profile(store.load(occ_codes=[occupation], area_types=[1]), occupation, year, level)


def test_defaults_record_the_top_industries(tmp_path):
    figures = _run(tmp_path)
    assert figures["occupation"] == "29-2072" and figures["naics_level"] == "4-digit"
    profile = _expected_profile("29-2072", figures["year"], "4-digit")
    top = profile[profile["tot_emp"].notna()].iloc[0]
    assert figures["top_industry_by_employment_naics"] == top["naics"]
    assert figures["top_industry_by_employment_share"] == float(top["tot_emp"] / top["reference_tot_emp"])
    best = profile[profile["a_mean"].notna()].sort_values(["a_mean", "naics"], ascending=[False, True]).iloc[0]
    assert figures["top_industry_by_wage_naics"] == best["naics"]
    assert figures["top_industry_by_wage_premium"] == float(best["a_mean"] - best["reference_a_mean"])
    assert figures["top_n"] == 15


def test_another_occupation_level_and_top_n(tmp_path):
    figures = _run(tmp_path, occupation="11-9111", naics_level="sector", top_n=5)
    assert figures["occupation"] == "11-9111" and figures["naics_level"] == "sector" and figures["top_n"] == 5
    profile = _expected_profile("11-9111", figures["year"], "sector")
    assert figures["industries_listed"] == len(profile)


def test_a_bad_naics_level_lists_the_levels_available(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as error:
        _run(tmp_path, naics_level="2-digit")
    assert error.value.ename == "ValueError"
    assert "naics_level '2-digit' is not available" in error.value.evalue and "'4-digit'" in error.value.evalue
