"""The run config of ``him-wages report`` (:mod:`analysis.reports.config`): the project's reports.toml, --param values
read as codes, --only, and the latest release read from the store's current.json. Store built from the bundled May
2025 extract (data/raw/oe) and BLS's May 2020 national file; the configs written here are SYNTHETIC.
"""

from __future__ import annotations

import json

import pytest

from analysis import store
from analysis.errors import ReportConfigError
from analysis.reports import config
from real_files import OEWS_FILES, extract_project
from real_files import ROOT as REPO_ROOT


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project root whose data/raw holds only the bundled May 2025 extract (a copy of the repo's own)."""
    return extract_project(tmp_path, monkeypatch)


def test_the_manifest_lists_the_national_releases_and_reports_read_them_from_it(project, monkeypatch):
    from analysis.reports import config

    assert config.national_years_of_store() is None  # no store yet
    store.build([OEWS_FILES / "national_M2020_dl.xlsx"])
    manifest = json.loads((project / "data" / "processed" / "current.json").read_text())
    loaded = sorted(int(y) for y in store.load(area_types=[1])["year"].unique())
    assert manifest["national_years"] == loaded == [2020, 2025]
    assert config.national_years_of_store() == [2020, 2025]

    def no_load(**kwargs):
        raise AssertionError("store.load called: the manifest answers")

    monkeypatch.setattr(store, "load", no_load)
    assert config.latest_release_year() == 2025
    del manifest["national_years"]  # a store built before the list existed: the data is loaded
    (project / "data" / "processed" / "current.json").write_text(json.dumps(manifest))
    assert config.national_years_of_store() is None
    with pytest.raises(AssertionError, match="store.load called"):
        config.latest_release_year()


def test_the_projects_run_config_names_notebooks_that_exist_with_their_parameters():
    specs = config.load_config(REPO_ROOT / "reports.toml")
    assert len({spec.name for spec in specs}) == len(specs) > 0
    first = specs[0]
    assert (first.name, first.parameters) == ("national-29-2072", {"occupation": "29-2072"})
    assert all(spec.notebook.is_file() and spec.notebook.suffix == ".ipynb" for spec in specs)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("06", "06"),  # a state FIPS code stays a code
        ("29-2072", "29-2072"),
        ("2025", 2025),
        ("true", True),
        ("NO", "NO"),  # YAML 1.1 would make it False
        ("2024-05-01", "2024-05-01"),
        ("[06, 08]", ["06", "08"]),
        ("[29-2072, 29-9021]", ["29-2072", "29-9021"]),
    ],
)
def test_param_values_keep_codes_as_written(text, value):
    assert config.parse_param_value(text) == value


def test_every_item_of_a_list_of_codes_stays_a_code():
    assert config.parse_param_value("[06, 41]") == ["06", "41"]  # 41 is Oregon's FIPS code beside California's
    assert config.parse_param_value("[41, 06]") == ["41", "06"]
    assert config.parse_param_value("[2023, 2024]") == [2023, 2024]  # no code: years stay numbers
    assert config.parse_param_value("[06, true, 29-2072]") == ["06", True, "29-2072"]


def test_a_param_without_a_name_and_an_unknown_report_are_one_line_errors():
    with pytest.raises(ReportConfigError, match="expected key=value"):
        config.parse_param("=2025")
    specs = config.load_config(REPO_ROOT / "reports.toml")
    with pytest.raises(ReportConfigError, match="--only: no report named nosuch in the run config; reports are: "):
        config.select_reports(specs, ["nosuch"])
    assert [spec.name for spec in config.select_reports(specs, ["national-29-2072"])] == ["national-29-2072"]


def test_a_run_config_that_is_not_toml_or_names_no_reports_is_refused(tmp_path):
    broken = tmp_path / "run.toml"
    broken.write_text("[[reports]\n")  # SYNTHETIC
    with pytest.raises(ReportConfigError, match="is not valid TOML"):
        config.load_config(broken)
    broken.write_text('release = "latest"\n')
    with pytest.raises(ReportConfigError, match="has no \\[\\[reports\\]\\] tables"):
        config.load_config(broken)
