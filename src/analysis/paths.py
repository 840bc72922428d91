"""Where the project keeps its data and reports. Everything is relative to the project root, which is found
from this file (src layout) and can be overridden with the environment variable ``HIM_WAGES_HOME``."""

from __future__ import annotations

from pathlib import Path

from analysis import settings
from analysis.errors import ConfigError


def project_root() -> Path:
    """The project folder: ``HIM_WAGES_HOME`` when set (it must be an existing folder other than the root of the
    file system, so that a typo never builds an empty store nor makes folders elsewhere), else this checkout."""
    configured = settings.env(settings.HOME_ENV)
    if configured:
        root = Path(configured).expanduser().resolve()
        if not root.is_dir():
            raise ConfigError(
                f"{settings.HOME_ENV}={configured!r} is not an existing folder; set it to the project folder "
                "(the one holding data/raw), or unset it to use this checkout"
            )
        if root == Path(root.anchor):
            raise ConfigError(
                f"{settings.HOME_ENV}={configured!r} is the root of the file system, not a project folder; set it to "
                "the folder holding data/raw"
            )
        return root
    return Path(__file__).resolve().parents[2]


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


def reports_dir() -> Path:
    return project_root() / "reports"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def checkout_root() -> Path:
    """The git checkout this package was installed from (ignores ``HIM_WAGES_HOME``)."""
    return Path(__file__).resolve().parents[2]
