"""The fixtures of the fetch tests: a throwaway project and the local stand-in for BLS (tests/helpers/bls_server.py),
so that no test touches the internet."""

from __future__ import annotations

import shutil

import pytest

from bls_server import BLSServer
from real_files import ROOT

CONTACT = "him-wages-tests@example.org"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project (HIM_WAGES_HOME) with the real data/raw/MANIFEST, a contact address, no config."""
    root = tmp_path / "project"
    (root / "data" / "raw").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "raw" / "MANIFEST", root / "data" / "raw" / "MANIFEST")
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("HIM_WAGES_CONFIG", raising=False)
    monkeypatch.delenv("HIM_WAGES_BLS_BASE_URL", raising=False)
    monkeypatch.setenv("HIM_WAGES_CONTACT", CONTACT)
    return root


@pytest.fixture
def server():
    with BLSServer(stall_seconds=3.0, drip_seconds=0.2) as running:
        yield running
