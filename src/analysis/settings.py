"""Every setting that comes from outside the code: the ``HIM_WAGES_*`` environment variables and the per-user
config and cache folders (through platformdirs, so they are right on Linux, macOS and Windows).

| variable | meaning |
| --- | --- |
| ``HIM_WAGES_HOME`` | the project folder (``data/``, ``reports/``, ``notebooks/``); default: this checkout |
| ``HIM_WAGES_CONTACT`` | the contact address sent in the User-Agent of every download (BLS requires one) |
| ``HIM_WAGES_CONFIG`` | the config file; default ``<user config dir>/him-wages/config.toml`` |
| ``HIM_WAGES_BLS_BASE_URL`` | a mirror with BLS's paths, used instead of bls.gov |
| ``HIM_WAGES_CACHE`` | the cache folder (vega bundle); default ``<user cache dir>/him-wages`` |
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "him-wages"
HOME_ENV = "HIM_WAGES_HOME"
CONTACT_ENV = "HIM_WAGES_CONTACT"
CONFIG_ENV = "HIM_WAGES_CONFIG"
BASE_URL_ENV = "HIM_WAGES_BLS_BASE_URL"
CACHE_ENV = "HIM_WAGES_CACHE"


def env(name: str) -> str | None:
    """The variable's value with surrounding blanks removed, or None when unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or None


def config_file() -> Path:
    """The user's config file (it need not exist)."""
    configured = env(CONFIG_ENV)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"


def cache_dir() -> Path:
    """The per-user cache folder (created by whoever writes into it)."""
    configured = env(CACHE_ENV)
    if configured:
        return Path(configured).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP, appauthor=False))
