"""Notebook 01 executed with papermill, as users schedule it (bundled data plus the store)."""

from __future__ import annotations

import papermill as pm
import pytest

from analysis import paths
from analysis.reports import notebook
from notebook_runs import execute

NOTEBOOK = paths.notebooks_dir() / "01_national.ipynb"

pytestmark = [pytest.mark.notebook, pytest.mark.usefixtures("project_store")]


def _run(tmp_path, **parameters):
    output = tmp_path / "01_out.ipynb"
    execute(NOTEBOOK, output, **parameters)
    return notebook.read_recorded_figures(output)


def _national_row(occupation: str, year: int):
    from analysis import store
    from analysis.analyses import national

    frame = store.load(years=[year], occ_codes=[occupation], area_types=[1])
    return national.occupation_row(frame, occupation, year)


def test_defaults_record_the_latest_national_figures(tmp_path):
    figures = _run(tmp_path)
    assert figures["occupation"] == "29-2072"
    year = figures["year"]
    assert year == max(figures["releases_loaded"])
    expected = _national_row("29-2072", year)  # values read from the bundled BLS data at test time
    assert figures["tot_emp"] == float(expected["tot_emp"]) and figures["a_mean"] == float(expected["a_mean"])
    assert figures["a_median"] == float(expected["a_median"])
    assert set(figures["top_coded"]) == {
        "10th percentile",
        "25th percentile",
        "Median",
        "75th percentile",
        "90th percentile",
    }
    assert len(figures["claims"]) == 4
    # the nearest HIM mean of May 2020 is 29-2098's (national_M2020_dl.xlsx); its 95% interval decides
    assert figures["claims"]["HIM professionals earned an average of $48,160 in May 2020"] in (
        "cannot check",
        "supported",
        "not supported",
    )
    assert figures["headline"].startswith("Medical Records Specialists in the U.S.")
    assert dict(figures["key_figures"])["Employment"] == f"{float(expected['tot_emp']):,.0f} jobs"
    # hospitals at the 4-digit level in the May 2025 oe files: 622100 $62,270 vs 621100 $50,060
    assert figures["claims"]["Pay is higher in hospitals than physician offices"] == "supported"
    # BLS Employment Projections 2024-34 (bundled export): 29-2072 194.8 -> 208.6 thousand, +7.1%
    assert figures["claims"]["Demand for HIM professionals is growing"] == "supported"
    projected = figures["outlook"]
    assert (projected["employment_2024_thousands"], projected["employment_2034_thousands"]) == (194.8, 208.6)
    assert projected["employment_change_pct"] == 7.1 and projected["all_occupations_change_pct"] == 3.1
    assert projected["annual_openings_thousands"] == 14.2 and projected["median_wage_2024"] == 50250
    assert projected["education"] == "Postsecondary nondegree award"


def test_another_occupation_and_year(tmp_path):
    from analysis import store

    year = max(int(y) for y in store.load(occ_codes=["11-9111"], area_types=[1])["year"].unique())
    figures = _run(tmp_path, occupation="11-9111", year=year)
    expected = _national_row("11-9111", year)
    assert figures["occupation"] == "11-9111" and figures["year"] == year
    assert figures["a_mean"] == float(expected["a_mean"])
    # BLS Employment Projections 2024-34: 11-9111 616.2 -> 759.1 thousand, +23.2%, median $117,960
    projected = figures["outlook"]
    assert (projected["employment_2024_thousands"], projected["employment_2034_thousands"]) == (616.2, 759.1)
    assert projected["employment_change_pct"] == 23.2 and projected["median_wage_2024"] == 117960
    assert projected["difference_from_all_pct_points"] == 20.1
    # the managers' report checks the claims about managers, not the medical-records claims
    assert "HIM professionals earned an average of $48,160 in May 2020" not in figures["claims"]
    assert "Demand for medical and health services managers is growing" in figures["claims"]


def test_an_older_year_and_a_code_without_projections(tmp_path):
    # May 2018 publishes 29-2071 (2010 SOC), which the 2024-34 projections (2018 SOC) do not have
    figures = _run(tmp_path, occupation="29-2071", year=2018)
    expected = _national_row("29-2071", 2018)
    assert figures["year"] == 2018 and figures["a_mean"] == float(expected["a_mean"])
    assert figures["outlook"] is None
    assert figures["claims"]["Demand for HIM professionals is growing"] == "cannot check"


def test_an_unknown_occupation_fails_in_the_first_cell_after_the_parameters(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as error:
        _run(tmp_path, occupation="29-9999")
    assert error.value.ename == "ParameterError"
    assert "29-9999" in error.value.evalue and "29-2072" in error.value.evalue
    executed = pm.iorw.load_notebook_node(str(tmp_path / "01_out.ipynb"))
    code = [c for c in executed.cells if c.cell_type == "code"]  # papermill adds a markdown cell on error
    failed = [i for i, c in enumerate(code) if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    injected = [i for i, c in enumerate(code) if "injected-parameters" in c.metadata.get("tags", [])]
    assert failed == [injected[0] + 1]
