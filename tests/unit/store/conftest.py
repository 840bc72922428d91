"""The fixture of the store tests: a throwaway project (tests/helpers/real_files.py ``extract_project``; the files
that need another project, test_current.py and test_store_safety.py, define their own)."""

from __future__ import annotations

import pytest

from real_files import extract_project


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project root whose data/raw holds only the bundled May 2025 extract (a copy of the repo's own)."""
    return extract_project(tmp_path, monkeypatch)
