"""Every setting that comes from outside the code, read in this one module into one frozen :class:`Settings`: the
``HIM_WAGES_*`` environment variables, the config file, and the per-user config and cache folders (through
platformdirs, so they are right on Linux, macOS and Windows). Every other module asks :func:`get`.

| variable | meaning |
| --- | --- |
| ``HIM_WAGES_HOME`` | the project folder (``data/``, ``reports/``, ``notebooks/``); default: this checkout |
| ``HIM_WAGES_CONTACT`` | the contact address sent in the User-Agent of every download (BLS requires one) |
| ``HIM_WAGES_CONFIG`` | the config file; default ``<user config dir>/him-wages/config.toml`` |
| ``HIM_WAGES_BLS_BASE_URL`` | a mirror with BLS's paths, used instead of bls.gov |
| ``HIM_WAGES_CACHE`` | the cache folder (vega bundle); default ``<user cache dir>/him-wages`` |

The config file (TOML) may hold ``contact = "you@example.org"`` (or under ``[fetch]``). :func:`get` is cheap and
cached: it builds a new :class:`Settings` only when a variable it reads or the config file has changed (so a test
that sets ``HIM_WAGES_HOME`` sees it at once); :func:`reload` builds one afresh. Nothing heavy is imported here
(``him-wages --help`` imports this module).
"""

from __future__ import annotations

import contextlib
import functools
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

APP = "him-wages"
HOME_ENV = "HIM_WAGES_HOME"
CONTACT_ENV = "HIM_WAGES_CONTACT"
CONFIG_ENV = "HIM_WAGES_CONFIG"
BASE_URL_ENV = "HIM_WAGES_BLS_BASE_URL"
CACHE_ENV = "HIM_WAGES_CACHE"
#: Every environment variable a :class:`Settings` depends on (platformdirs reads the XDG ones and HOME).
READ_ENV = (HOME_ENV, CONTACT_ENV, CONFIG_ENV, BASE_URL_ENV, CACHE_ENV, "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "HOME")

#: How long a command waits for another run holding the store, the reports' index or a download, in seconds
#: (``--wait``).
LOCK_WAIT = 600.0

#: Longest a single notebook cell may run, in seconds (``him-wages report --timeout``).
DEFAULT_CELL_TIMEOUT = 1800

#: The checkout this package runs from (src layout): the project folder unless ``HIM_WAGES_HOME`` says otherwise.
CHECKOUT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Settings:
    """The project's settings, as read from the environment and the config file at one moment."""

    home: str | None  # HIM_WAGES_HOME as set (checked by project_root)
    contact: str | None  # HIM_WAGES_CONTACT
    bls_base_url: str | None  # HIM_WAGES_BLS_BASE_URL
    config_file: Path  # HIM_WAGES_CONFIG, else <user config dir>/him-wages/config.toml (it need not exist)
    cache_dir: Path  # HIM_WAGES_CACHE, else <user cache dir>/him-wages (made by whoever writes into it)
    config: Mapping[str, Any] = field(default_factory=dict)  # the config file's values (empty when there is none)
    config_problem: str | None = None  # why the config file could not be read, if it could not
    checkout: Path = CHECKOUT

    @functools.cached_property
    def project_root(self) -> Path:
        """The project folder: ``HIM_WAGES_HOME`` when set (it must be an existing folder other than the root of the
        file system, so that a typo never builds an empty store nor makes folders elsewhere), else the checkout."""
        if not self.home:
            return self.checkout
        from analysis.errors import ConfigError

        root = Path(self.home).expanduser().resolve()
        if not root.is_dir():
            raise ConfigError(
                f"{HOME_ENV}={self.home!r} is not an existing folder; set it to the project folder "
                "(the one holding data/raw), or unset it to use this checkout"
            )
        if root == Path(root.anchor):
            raise ConfigError(
                f"{HOME_ENV}={self.home!r} is the root of the file system, not a project folder; set it to "
                "the folder holding data/raw"
            )
        return root

    def config_values(self) -> Mapping[str, Any]:
        """The config file's values; :class:`~analysis.errors.ContactNotConfiguredError` when it is not TOML (its
        one setting today is the contact address)."""
        if self.config_problem is not None:
            from analysis.errors import ContactNotConfiguredError

            raise ContactNotConfiguredError(self.config_problem)
        return self.config

    def contact_candidates(self, explicit: str | None = None) -> list[tuple[str, object]]:
        """Where a contact address for the User-Agent may come from, first wins: ``(origin, value)`` for
        ``--contact``, ``HIM_WAGES_CONTACT`` and the config file (values unchecked, possibly None)."""
        candidates: list[tuple[str, object]] = [("--contact", explicit), (CONTACT_ENV, self.contact)]
        values = self.config_values()
        if values or self.config_file.is_file():
            candidates.append(
                (str(self.config_file), values.get("contact") or (values.get("fetch") or {}).get("contact"))
            )
        return candidates


def _value(environment: dict[str, str | None], name: str) -> str | None:
    """The variable's value with surrounding blanks removed, or None when unset or blank."""
    return (environment.get(name) or "").strip() or None


def _config_stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _build(environment: dict[str, str | None]) -> Settings:
    configured = _value(environment, CONFIG_ENV)
    cached = _value(environment, CACHE_ENV)
    if configured and cached:
        config_file, cache_dir = Path(configured).expanduser(), Path(cached).expanduser()
    else:
        import platformdirs  # small; only when a folder is not given

        config_file = (
            Path(configured).expanduser()
            if configured
            else Path(platformdirs.user_config_dir(APP, appauthor=False)) / "config.toml"
        )
        cache_dir = Path(cached).expanduser() if cached else Path(platformdirs.user_cache_dir(APP, appauthor=False))
    config: dict[str, Any] = {}
    problem = None
    if config_file.is_file():
        try:
            config = tomllib.loads(config_file.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problem = f"config file {config_file} is not valid TOML: {exc}"
    return Settings(
        home=_value(environment, HOME_ENV),
        contact=_value(environment, CONTACT_ENV),
        bls_base_url=_value(environment, BASE_URL_ENV),
        config_file=config_file,
        cache_dir=cache_dir,
        config=MappingProxyType(config),
        config_problem=problem,
    )


_current: tuple[tuple, Settings] | None = None


def get() -> Settings:
    """The settings now: the cached :class:`Settings`, rebuilt when a variable of :data:`READ_ENV` or the config
    file changed since it was built."""
    global _current
    environment = {name: os.environ.get(name) for name in READ_ENV}
    key = tuple(environment.values())
    held = _current
    if held is not None and held[0][0] == key and held[0][1] == _config_stamp(held[1].config_file):
        return held[1]
    settings = _build(environment)
    _current = ((key, _config_stamp(settings.config_file)), settings)
    return settings


def reload() -> Settings:
    """Build the settings afresh (for tests that change what :func:`get` cannot see, such as a file's content
    rewritten within the same nanosecond)."""
    global _current
    _current = None
    return get()


#: Set by the report builder for the kernels it starts (they inherit it): a report's kernel draws no SVG picture of
#: each chart (the page never shows it) and checks each chart once, as a whole.
REPORT_BUILD_ENV = "HIM_WAGES_REPORT_BUILD"


def mark_report_build() -> None:
    """Say, for this process and the kernels it starts, that notebooks run under the report builder."""
    os.environ[REPORT_BUILD_ENV] = "1"


def in_report_build() -> bool:
    """Whether this process runs under the report builder (:func:`mark_report_build`)."""
    return bool(os.environ.get(REPORT_BUILD_ENV))


def default_jobs() -> int:
    """Notebooks run in parallel by default: the cores this process may use."""
    with contextlib.suppress(AttributeError):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)
