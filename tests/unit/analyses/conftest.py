"""Fixtures shared by the analyses' tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def ladder_frame():
    """National rows of the career ladder (29-2072, 29-9021, 11-9111) from the store built from the bundled data."""
    from analysis import store

    return store.load(occ_codes=["29-2072", "29-9021", "11-9111"], area_types=[1])
