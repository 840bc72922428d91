"""Notebook 04 executed with papermill: with the bundled release only, and with the real national files of
May 2011–2024 (data/raw/national, bundled) whose figures must reproduce
tests/data/national_him_history.csv."""

from __future__ import annotations

import csv

import nbformat
import papermill as pm
import pytest

from analysis import paths
from analysis.reports import notebook

NOTEBOOK = paths.notebooks_dir() / "04_trends.ipynb"
from real_files import HISTORY, as_published_folder

pytestmark = pytest.mark.notebook

VALUE_COLUMNS = ("tot_emp", "emp_prse", "h_mean", "a_mean", "mean_prse", "h_pct10", "h_pct25", "h_median",
                 "h_pct75", "h_pct90", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90")


def _run(tmp_path, **parameters):
    output = tmp_path / "04_out.ipynb"
    pm.execute_notebook(str(NOTEBOOK), str(output), parameters=parameters, kernel_name="python3",
                        cwd=str(paths.notebooks_dir()), progress_bar=False)
    return output


def _outputs_text(output) -> str:
    node = nbformat.read(str(output), as_version=4)
    texts = []
    for cell in node.cells:
        for out in cell.get("outputs", []):
            for value in out.get("data", {}).values():
                texts.append(value if isinstance(value, str) else str(value))
            texts.append(out.get("text", ""))
    return "\n".join(texts)


def test_with_the_real_national_files_the_history_is_reproduced_and_breaks_marked(tmp_path):
    # A download folder as users have it: its news-release table is skipped with a warning, the national files
    # are read.
    folder = as_published_folder(tmp_path / "oews-files")
    output = _run(tmp_path, data_dirs=[str(folder)])
    figures = notebook.read_recorded_figures(output)
    assert set(range(2011, 2025)) <= set(figures["years"])
    recorded = {(v["year"], v["occ_code"]): v for v in figures["values"]}
    with HISTORY.open(newline="") as handle:
        expected = list(csv.DictReader(handle))
    for row in expected:
        got = recorded[(int(row["year"]), row["occ_code"])]
        for column in VALUE_COLUMNS:
            assert got[column] == float(row[column]), (row["year"], row["occ_code"], column)
    marked = {(b["after"], b["before"], b["kind"]) for b in figures["breaks_marked"]}
    assert marked == {(2018, 2019, "SOC"), (2020, 2021, "SOC"), (2020, 2021, "method")}
    text = _outputs_text(output)
    assert '"position":2018.5' in text and '"position":2020.5' in text  # the rules drawn on the charts
    current = next(s for s in figures["segments"] if s["series"] == "29-2072" and s["first_year"] == 2021)
    assert current["first_a_mean"] == 48310.0  # national_M2021_dl.xlsx, 29-2072 A_MEAN
    assert all(s["first_year"] >= 2021 for s in figures["segments"] if s["series"] == "29-2072")


def test_single_release_and_another_base_year(tmp_path):
    from analysis import store
    from analysis.analyses import trends

    years = trends.release_years(store.load(area_types=[1]))
    output = _run(tmp_path, occupations=["11-9111"], base_year=2015)
    figures = notebook.read_recorded_figures(output)
    assert figures["base_year"] == 2015 and figures["occupations"] == ["11-9111"]
    assert figures["years"] == years
    if len(years) == 1:
        assert "there is no trend to show yet" in _outputs_text(output)


def test_an_unknown_occupation_fails_early_with_the_list(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as error:
        _run(tmp_path, occupations=["29-2072", "99-9999"])
    assert error.value.ename == "ParameterError" and "99-9999" in error.value.evalue
