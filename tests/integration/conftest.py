"""Fixtures shared by integration test files."""

from __future__ import annotations

from pathlib import Path

import pytest

from fetch_runs import project, server  # noqa: F401 (fixtures: the fetch tests' throwaway project and stand-in for BLS)
from real_files import ROOT
from report_builds import build_reports


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium per test worker, shared by every browser test: Playwright's sync API runs one
    instance per thread, so a second one started while a module's fixture still holds the first fails."""
    from playwright.sync_api import sync_playwright

    from lab_server import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def default_reports(tmp_path_factory, project_store) -> Path:
    """Every report of the project's reports.toml, built once per session with the CLI as `make reports` builds them
    (into a temporary folder); returns the output folder. Test files that use it share the xdist group
    ``default_reports`` so that one worker builds it once."""
    out = tmp_path_factory.mktemp("default-reports")
    return build_reports(ROOT / "reports.toml", out, options=["--force", "--quiet"])
