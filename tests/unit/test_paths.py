"""Where the project keeps its data and reports (:mod:`analysis.paths`): every folder below the project root, which
is this checkout or the folder ``HIM_WAGES_HOME`` names; the checkout itself ignores ``HIM_WAGES_HOME``."""

from __future__ import annotations

import pytest

from analysis import paths
from analysis.errors import ConfigError
from real_files import ROOT


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A throwaway project folder named by HIM_WAGES_HOME (empty: no data/raw in it)."""
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    return root


def test_without_him_wages_home_the_project_is_this_checkout(monkeypatch):
    monkeypatch.delenv("HIM_WAGES_HOME", raising=False)
    assert paths.project_root() == paths.checkout_root() == ROOT
    assert paths.raw_dir() == ROOT / "data" / "raw"
    assert paths.bundled_dir() == ROOT / "data" / "raw" / "oe"
    assert paths.national_dir() == ROOT / "data" / "raw" / "national"


def test_every_folder_is_below_the_project_him_wages_home_names(home):
    assert paths.project_root() == home
    assert paths.raw_dir() == home / "data" / "raw"
    assert paths.bundled_dir() == home / "data" / "raw" / "oe"
    assert paths.national_dir() == home / "data" / "raw" / "national"
    assert paths.downloads_dir() == home / "data" / "raw" / "bls"
    assert paths.processed_dir() == home / "data" / "processed"
    assert paths.locks_dir() == home / "data" / ".locks"
    assert paths.reports_dir() == home / "reports"
    assert paths.notebooks_dir() == home / "notebooks"
    assert paths.checkout_root() == ROOT  # the code's checkout does not move with the data


def test_the_bundled_inputs_are_the_folders_that_exist_oldest_release_first(home):
    assert paths.bundled_inputs() == []
    (home / "data" / "raw" / "oe").mkdir(parents=True)
    assert paths.bundled_inputs() == [home / "data" / "raw" / "oe"]
    (home / "data" / "raw" / "national").mkdir()
    # the national files (May 2011 - May 2024) come before the May 2025 oe extract
    assert paths.bundled_inputs() == [home / "data" / "raw" / "national", home / "data" / "raw" / "oe"]


def test_the_checkouts_bundled_inputs_are_the_national_files_then_the_oe_extract(monkeypatch):
    monkeypatch.delenv("HIM_WAGES_HOME", raising=False)
    assert paths.bundled_inputs() == [ROOT / "data" / "raw" / "national", ROOT / "data" / "raw" / "oe"]
    assert any(paths.national_dir().glob("national_M2011_dl.*")) and (paths.bundled_dir() / "oe.release").is_file()


def test_a_him_wages_home_that_is_not_a_folder_is_a_config_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="HIM_WAGES_HOME"):
        paths.project_root()
