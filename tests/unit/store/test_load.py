"""Reading the store (:mod:`analysis.store.load`): ``store.load`` reads data/raw when there is no store and adds
the folders it is given (bundled BLS files, data/raw/oe and data/raw/national).
"""

from __future__ import annotations

from analysis import store
from real_files import NATIONAL_DIR


def test_load_reads_raw_inputs_when_the_store_is_missing(project):
    frame = store.load(occ_codes="29-2072", area_types=1)
    assert list(frame["year"].unique()) == [2025]
    assert len(frame) >= 1
    assert (frame["naics"] == "000000").any()


def test_load_adds_data_dirs(project):
    frame = store.load(data_dirs=[NATIONAL_DIR], occ_codes=["11-9111"], area_types=[1])
    national = frame[frame["naics"] == "000000"]
    assert sorted(national["year"].unique()) == list(range(2011, 2026))
