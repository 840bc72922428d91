"""Where the project keeps its data and reports. Everything is relative to the project root, which the settings
give (:mod:`analysis.settings`: this checkout, or the folder ``HIM_WAGES_HOME`` names)."""

from __future__ import annotations

from pathlib import Path

from analysis import settings


def project_root() -> Path:
    """The project folder: ``HIM_WAGES_HOME`` when set (an existing folder, else a
    :class:`~analysis.errors.ConfigError`), else this checkout (:attr:`analysis.settings.Settings.project_root`)."""
    return settings.get().project_root


def raw_dir() -> Path:
    """Immutable inputs: the bundled files (``data/raw/oe``, ``data/raw/national``, ...) and downloads
    (``data/raw/bls``)."""
    return project_root() / "data" / "raw"


def bundled_dir() -> Path:
    """The bundled May 2025 extract of BLS's oe flat files."""
    return raw_dir() / "oe"


def national_dir() -> Path:
    """The bundled national cross-industry files of BLS, May 2011 - May 2024, one per release."""
    return raw_dir() / "national"


def bundled_inputs() -> list[Path]:
    """Every bundled OEWS input, oldest release first (``data/raw/MANIFEST`` lists each file)."""
    return [folder for folder in (national_dir(), bundled_dir()) if folder.exists()]


def downloads_dir() -> Path:
    """Files fetched from BLS by ``him-wages fetch``."""
    return raw_dir() / "bls"


def processed_dir() -> Path:
    """The processed store, rebuilt from ``data/raw`` by ``him-wages data``."""
    return project_root() / "data" / "processed"


def locks_dir() -> Path:
    """Every lock file of the project (:func:`analysis.files.lock_file`): ``data/.locks``, ignored by git."""
    return project_root() / "data" / ".locks"


def reports_dir() -> Path:
    return project_root() / "reports"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def checkout_root() -> Path:
    """The git checkout this package was installed from (ignores ``HIM_WAGES_HOME``)."""
    return settings.CHECKOUT
