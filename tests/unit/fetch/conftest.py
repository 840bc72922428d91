"""The fixtures of the fetch tests: a throwaway project and the local stand-in for BLS (tests/helpers/bls_server.py),
so that no test touches the internet."""

from __future__ import annotations

import pytest

from bls_server import BLSServer, fetch_project


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project (HIM_WAGES_HOME) with the real data/raw/MANIFEST, a contact address, no config."""
    return fetch_project(tmp_path, monkeypatch, manifest=True)


@pytest.fixture
def server():
    with BLSServer(stall_seconds=3.0, drip_seconds=0.2) as running:
        yield running
