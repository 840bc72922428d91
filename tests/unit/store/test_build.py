"""Building the processed store (:mod:`analysis.store.build`): built from data/raw plus named inputs, atomic,
rebuilt only when an input changed."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis import store
from analysis.cli import main as cli_main
from analysis.errors import OEWSInputError
from real_files import HISTORY, OEWS_FILES


def _tree_hashes(folder):
    return {str(p.relative_to(folder)): store.sha256_of(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_a_generation_and_skips_an_unchanged_rebuild(project):
    first = store.build()
    assert first.rebuilt
    assert 2025 in first.years
    manifest = json.loads((project / "data" / "processed" / "current.json").read_text())
    assert manifest["generation"] == first.generation.name
    assert (first.generation / "oews_M2025.parquet").exists()
    before = _tree_hashes(project / "data" / "processed")
    second = store.build()
    assert not second.rebuilt
    assert _tree_hashes(project / "data" / "processed") == before


def test_named_inputs_join_the_store_and_load_filters(project):
    national_2020 = OEWS_FILES / "national_M2020_dl.xlsx"
    result = store.build([national_2020])
    assert result.rebuilt and result.years == [2020, 2025]
    frame = store.load(years=[2020], occ_codes=["00-0000"])
    history = pd.read_csv(HISTORY, dtype={"occ_code": str})
    expected = history[(history.year == 2020) & (history.occ_code == "00-0000")].iloc[0]
    assert len(frame) == 1
    assert frame.loc[0, "tot_emp"] == expected["tot_emp"]
    assert frame.loc[0, "a_mean"] == expected["a_mean"]


def test_a_bad_input_leaves_the_store_byte_identical(project, tmp_path):
    store.build()
    before = _tree_hashes(project / "data" / "processed")
    bad = tmp_path / "national_M2022_dl.xlsx"
    bad.write_text("<html><body>Access Denied</body></html>")
    assert cli_main(["data", str(bad)]) == 1
    with pytest.raises(OEWSInputError):
        store.build([bad])
    assert _tree_hashes(project / "data" / "processed") == before


def test_inputs_named_once_are_kept_by_later_plain_builds(project):
    national_2020 = OEWS_FILES / "national_M2020_dl.xlsx"
    store.build([national_2020])
    again = store.build()
    assert not again.rebuilt and again.years == [2020, 2025]
    assert store.is_up_to_date()
    assert 2020 in set(store.load(occ_codes=["00-0000"])["year"])
    forgotten = store.build(forget_extras=True)
    assert forgotten.rebuilt and forgotten.years == [2025]
