"""Every setting that comes from outside the code: the ``HIM_WAGES_*`` environment variables and the per-user
config and cache folders (through platformdirs, so they are right on Linux, macOS and Windows).

| variable | meaning |
| --- | --- |
| ``HIM_WAGES_HOME`` | the project folder (``data/``, ``reports/``, ``notebooks/``); default: this checkout |
| ``HIM_WAGES_CONTACT`` | the contact address sent in the User-Agent of every download (BLS requires one) |
| ``HIM_WAGES_CONFIG`` | the config file; default ``<user config dir>/him-wages/config.toml`` |
| ``HIM_WAGES_BLS_BASE_URL`` | a mirror with BLS's paths, used instead of bls.gov |
| ``HIM_WAGES_CACHE`` | the cache folder (vega bundle); default ``<user cache dir>/him-wages`` |

The config file (TOML) may hold ``contact = "you@example.org"`` (or under ``[fetch]``). Nothing else in the package
reads the environment or the config file: it asks this module (:mod:`analysis.paths` derives the folders from
:func:`env` of ``HIM_WAGES_HOME``).
"""

from __future__ import annotations

import contextlib
import os
import tomllib
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


def config_values() -> dict:
    """The config file's settings (empty when there is none); :class:`~analysis.errors.ContactNotConfiguredError`
    when it is not TOML (its one setting today is the contact address)."""
    from analysis.errors import ContactNotConfiguredError

    path = config_file()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContactNotConfiguredError(f"config file {path} is not valid TOML: {exc}") from exc


def contact_candidates(explicit: str | None = None) -> list[tuple[str, object]]:
    """Where a contact address for the User-Agent may come from, first wins: ``(origin, value)`` for
    ``--contact``, ``HIM_WAGES_CONTACT`` and the config file (values unchecked, possibly None)."""
    candidates: list[tuple[str, object]] = [("--contact", explicit), (CONTACT_ENV, env(CONTACT_ENV))]
    values = config_values()
    if values or config_file().is_file():
        candidates.append((str(config_file()), values.get("contact") or (values.get("fetch") or {}).get("contact")))
    return candidates


def bls_base_url() -> str | None:
    """The mirror every BLS request goes to instead of bls.gov (``HIM_WAGES_BLS_BASE_URL``), or None."""
    return env(BASE_URL_ENV)


#: How long a command waits for another run holding the store or the reports' index, in seconds (``--wait``).
LOCK_WAIT = 600.0

#: Longest a single notebook cell may run, in seconds (``him-wages report --timeout``).
DEFAULT_CELL_TIMEOUT = 1800


def default_jobs() -> int:
    """Notebooks run in parallel by default: the cores this process may use."""
    with contextlib.suppress(AttributeError):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
