"""Shared fixtures: the real BLS files the project bundles (data/raw/national) and keeps for tests (tests/data)."""

from __future__ import annotations

from pathlib import Path

import pytest
from real_files import HISTORY, NATIONAL_DIR, as_published_folder


@pytest.fixture(scope="session")
def oews_files(tmp_path_factory) -> Path:
    """Every real national file (plus the test-only files) side by side in one folder, linked, not copied."""
    if not any(NATIONAL_DIR.glob("national_M*_dl.*")):
        pytest.fail(f"bundled BLS national files not found in {NATIONAL_DIR}")
    return as_published_folder(tmp_path_factory.mktemp("oews-files"))


@pytest.fixture(scope="session")
def history_csv() -> Path:
    """BLS's national figures for the HIM occupations, May 2011-2024 (tests/data/national_him_history.csv)."""
    return HISTORY
