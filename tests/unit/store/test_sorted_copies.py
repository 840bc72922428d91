"""The sorted copies of the store (:mod:`analysis.store.sorted_copies`) return what ``store.load`` returns, read only
the row groups that match, and notice a changed input through the stat cache. The project here is SYNTHETIC: its
data/raw/oe holds the flat files written from tests/helpers/synthetic_wheel.py (made-up values)."""

from __future__ import annotations

import pandas as pd
import pytest

from devtools import bench
from synthetic_wheel import synthetic_bench_inputs


@pytest.fixture()
def synthetic_inputs(tmp_path):
    return synthetic_bench_inputs(tmp_path)


@pytest.fixture()
def synthetic_store(synthetic_inputs, tmp_path, monkeypatch):
    """A project (HIM_WAGES_HOME) whose data/raw/oe holds the SYNTHETIC flat files, with its store built."""
    from analysis import store

    project = bench.store_project(tmp_path / "store", synthetic_inputs)
    monkeypatch.setenv("HIM_WAGES_HOME", str(project))
    store.build()
    return project


@pytest.mark.parametrize(
    "filters",
    [
        {"occ_codes": "29-2072"},
        {"areas": "06"},
        {"areas": ["06", "10180"], "occ_codes": ["29-2072", "00-0000"]},
        {"area_types": 1},
        {"area_types": [2, 3], "years": 2025},
        {},
    ],
)
def test_fast_store_returns_what_store_load_returns(synthetic_store, filters):
    from analysis import store
    from analysis.store import sorted_copies

    fast = sorted_copies.load(**filters)
    expected = store.load(**{k: v for k, v in filters.items() if k != "areas"})
    if "areas" in filters:
        wanted = [filters["areas"]] if isinstance(filters["areas"], str) else filters["areas"]
        expected = expected[expected["area"].isin(wanted)].reset_index(drop=True)
    assert len(fast) > 0
    pd.testing.assert_frame_equal(fast, expected)


def test_fast_store_reads_only_matching_row_groups(synthetic_store, monkeypatch):
    import shutil

    import pyarrow.parquet as pq

    from analysis.store import sorted_copies

    shutil.rmtree(sorted_copies.build_sorted_copies())  # store.build wrote them with the default row groups
    monkeypatch.setattr(sorted_copies, "ROW_GROUP_ROWS", 8)
    folder = sorted_copies.build_sorted_copies()
    assert (folder / "oews_M2025.by_occ.parquet").exists()
    metadata = pq.ParquetFile(folder / "oews_M2025.by_area.parquet").metadata
    chosen = sorted_copies._row_groups(metadata, "area", ["06"])
    assert metadata.num_row_groups == 5 and 0 < len(chosen) < metadata.num_row_groups


def test_fast_store_freshness_uses_the_stat_cache(synthetic_store, monkeypatch):
    from analysis import store
    from analysis.store import sorted_copies

    assert sorted_copies.is_up_to_date()
    from analysis import files

    monkeypatch.setattr(files, "sha256_of", lambda path: pytest.fail(f"re-hashed unchanged {path}"))
    assert sorted_copies.is_up_to_date()
    monkeypatch.undo()
    monkeypatch.setenv("HIM_WAGES_HOME", str(synthetic_store))
    data = synthetic_store / "data" / "raw" / "oe" / "oe.data.0.Current"
    text = data.read_bytes()
    data.unlink()  # break the hard link before changing the file
    data.write_bytes(text.replace(b"        1000\t", b"        1001\t", 1))
    assert not sorted_copies.is_up_to_date()
    frame = store.load(occ_codes="00-0000", areas="99")  # out of date: read from data/raw
    assert frame.loc[frame["naics"] == "000000", "tot_emp"].tolist() == [1001.0]
