"""Where the project keeps its data and reports. Everything is relative to the project root, which is found
from this file (src layout) and can be overridden with the environment variable ``HIM_WAGES_HOME``."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    configured = os.environ.get("HIM_WAGES_HOME", "").strip()
    if configured:
        return Path(configured).resolve()
    return Path(__file__).resolve().parents[2]


def raw_dir() -> Path:
    """Immutable inputs: the bundled extract (``data/raw/oe``) and downloads (``data/raw/bls``)."""
    return project_root() / "data" / "raw"


def bundled_dir() -> Path:
    """The bundled May 2025 extract of BLS's oe flat files."""
    return raw_dir() / "oe"


def downloads_dir() -> Path:
    """Files fetched from BLS by ``him-wages fetch``."""
    return raw_dir() / "bls"


def processed_dir() -> Path:
    """The processed store, rebuilt from ``data/raw`` by ``him-wages data``."""
    return project_root() / "data" / "processed"


def reports_dir() -> Path:
    return project_root() / "reports"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def checkout_root() -> Path:
    """The git checkout this package was installed from (ignores ``HIM_WAGES_HOME``)."""
    return Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path:
    """``../shared/data`` beside the checkout: real BLS files that tests read in place (never copied).

    Found from the checkout, not from ``HIM_WAGES_HOME``, so tests that move the project root still find it;
    ``HIM_WAGES_SHARED_DATA`` overrides it."""
    configured = os.environ.get("HIM_WAGES_SHARED_DATA", "").strip()
    if configured:
        return Path(configured).resolve()
    return checkout_root().parent / "shared" / "data"
