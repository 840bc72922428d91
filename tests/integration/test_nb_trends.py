"""Notebook 04 executed with papermill, with default parameters, in a throwaway project whose store is built
from the bundled data/raw (BLS's national files May 2011-2024 and the May 2025 oe subset): it must cover May
2011-May 2025, mark the breaks, show the approximate cross-break comparison and reproduce every value of
tests/data/national_him_history.csv."""

from __future__ import annotations

import csv
import json

import nbformat
import papermill as pm
import pytest

from analysis import paths
from analysis.reports import notebook
from notebook_runs import execute
from real_files import HISTORY, HISTORY_VALUES, NATIONAL_DIR, TEST_DATA

NOTEBOOK = paths.checkout_root() / "notebooks" / "04_trends.ipynb"

pytestmark = [pytest.mark.notebook, pytest.mark.usefixtures("project_store")]

VALUE_COLUMNS = HISTORY_VALUES


@pytest.fixture(scope="module", autouse=True)
def project(tmp_path_factory):
    """A project (HIM_WAGES_HOME, inherited by the kernel) with the bundled inputs and its store built."""
    from analysis import store

    home = tmp_path_factory.mktemp("project")
    (home / "data" / "raw").mkdir(parents=True)
    for name in ("national", "oe"):
        (home / "data" / "raw" / name).symlink_to(NATIONAL_DIR.parent / name)
    (home / "notebooks").symlink_to(NOTEBOOK.parent)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HIM_WAGES_HOME", str(home))
        assert store.build().years == list(range(2011, 2026))
        yield home


def _run(tmp_path, **parameters):
    output = tmp_path / "04_out.ipynb"
    execute(NOTEBOOK, output, **parameters)
    return output


def _outputs_text(output) -> str:
    node = nbformat.read(str(output), as_version=4)
    texts = []
    for cell in node.cells:
        for out in cell.get("outputs", []):
            for value in out.get("data", {}).values():
                texts.append(value if isinstance(value, str) else json.dumps(value, separators=(",", ":")))
            texts.append(out.get("text", ""))
    return "\n".join(texts)


def test_defaults_cover_2011_to_2025_mark_the_breaks_and_reproduce_the_history(tmp_path):
    output = _run(tmp_path)
    figures = notebook.read_recorded_figures(output)
    assert figures["years"] == list(range(2011, 2026))
    assert figures["occupations"] == ["29-2072", "29-9021", "11-9111"] and figures["base_year"] == 2025
    recorded = {(v["year"], v["occ_code"]): v for v in figures["values"]}
    assert {y for y, code in recorded if code == "00-0000"} == set(range(2011, 2026))
    with HISTORY.open(newline="") as handle:
        expected = list(csv.DictReader(handle))
    assert len(expected) == 48
    for row in expected:
        got = recorded[(int(row["year"]), row["occ_code"])]
        for column in VALUE_COLUMNS:
            assert got[column] == float(row[column]), (row["year"], row["occ_code"], column)
    marked = {(b["after"], b["before"], b["kind"]) for b in figures["breaks_marked"]}
    assert marked == {(2018, 2019, "SOC"), (2020, 2021, "SOC"), (2020, 2021, "method")}
    assert all(s["first_year"] >= 2021 for s in figures["segments"] if s["series"] == "29-2072")

    # the approximate comparison across the break, from the values the report shows
    cross = {c["occ_codes"]: c for c in figures["cross_break"]}
    assert cross["29-2071"]["year"] == 2011 and cross["29-2071"]["a_mean"] == 35920.0  # national_M2011_dl.xls
    new, newer = recorded[(2025, "29-2072")], recorded[(2025, "29-9021")]
    assert cross["29-2072"]["a_mean"] == new["a_mean"] == 56790.0  # oe.data.0.Current, May 2025
    assert cross["29-9021"]["a_mean"] == newer["a_mean"]
    combined = cross["29-2072 + 29-9021"]
    assert combined["a_mean"] == pytest.approx(
        (new["a_mean"] * new["tot_emp"] + newer["a_mean"] * newer["tot_emp"]) / (new["tot_emp"] + newer["tot_emp"])
    )
    assert all(c["approximate"] for c in figures["cross_break"])

    text = _outputs_text(output)
    assert '"position":2018.5' in text and '"position":2020.5' in text  # the rules drawn on the charts
    assert "Why these are not one line" in text and "split that work into two codes" in text
    assert "Annual mean wage by May release, in May 2025 dollars" in text  # the year-by-year tables
    assert "$35,920" in text and "$56,790" in text
    assert '"description":"Line chart of annual mean wage in May 2025 dollars, U.S. national estimates' in text
    # one wording rule for every change (95% intervals): no "fell" at -1.1% beside "about flat" at -1.0%
    assert "about flat" not in text and "cannot be told apart from no change" in text
    assert figures["headline"].startswith("Medical Records Specialists (29-2072), May 2021–May 2025")
    assert len(figures["key_figures"]) <= 6 and figures["key_figures"][-1] == ["Releases loaded", "May 2011–May 2025"]
    # opacity by a condition, never a scale over a discrete field (Vega-Lite 5.6 warns "unsorted discrete field")
    assert '"opacity":{"field"' not in text and '"opacity":{"condition"' in text
    assert '"description":"Bar chart, an approximate comparison across the 2018 SOC break' in text
    assert '"zero":true' in text
    # what the report shows, said in one Markdown sentence (no printed Python list in code font)
    assert (
        "**Occupations:** Medical Records Specialists (29-2072), Health Information Technologists and Medical "
        "Registrars (29-9021) and Medical and Health Services Managers (11-9111), compared with All Occupations "
        "(00-0000); 15 releases, May 2011 to May 2025; real wages in dollars of 2025."
    ) in text
    node = nbformat.read(str(output), as_version=4)
    printed = [out.get("text") for cell in node.cells for out in cell.get("outputs", []) if out.output_type == "stream"]
    assert not printed, printed


def test_another_base_year_with_an_extra_folder(tmp_path):
    # A download folder as users have it: the May 2013 CSV export (the store already holds May 2013: its
    # row is kept) beside the news-release table, which is skipped with a warning.
    folder = tmp_path / "downloads"
    folder.mkdir()
    for name in ("national_M2013_dl.csv", "ocwage_04012014.xlsx"):
        (folder / name).symlink_to(TEST_DATA / name)
    output = _run(tmp_path, occupations=["11-9111"], base_year=2015, data_dirs=[str(folder)])
    figures = notebook.read_recorded_figures(output)
    assert figures["base_year"] == 2015 and figures["occupations"] == ["11-9111"]
    assert figures["years"] == list(range(2011, 2026))
    segment = next(s for s in figures["segments"] if s["series"] == "11-9111" and s["first_year"] == 2011)
    assert segment["first_a_mean"] == 96030.0 and segment["last_year"] == 2020  # national_M2011_dl.xls
    assert "ocwage_04012014.xlsx" in _outputs_text(output)


def test_an_unknown_occupation_fails_early_with_the_list(tmp_path):
    with pytest.raises(pm.PapermillExecutionError) as error:
        _run(tmp_path, occupations=["29-2072", "99-9999"])
    assert error.value.ename == "ParameterError" and "99-9999" in error.value.evalue
