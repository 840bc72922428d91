"""Shared fixtures: the real BLS files in ../shared/data (read in place, never copied)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import paths


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the checkout. Missing is a failure, not a skip: the real-file tests are the
    project's evidence that it reads what BLS publishes."""
    folder = paths.shared_data_dir()
    if not (folder / "oews-files").is_dir() or not (folder / "history").is_dir():
        pytest.fail(f"real BLS test data not found at {folder} (expected ../shared/data beside the project root "
                    "with oews-files/ and history/)")
    return folder


@pytest.fixture(scope="session")
def oews_files(shared_data: Path) -> Path:
    return shared_data / "oews-files"
