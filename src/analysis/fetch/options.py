"""What one fetch is asked to do: the files (:class:`Target`), the settings of a run (:class:`FetchOptions`, one
object instead of a dozen keyword arguments), the contact address BLS requires in the User-Agent, and the session."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import requests

from analysis import __version__, paths, settings
from analysis.errors import (
    ConfigError,
    ContactNotConfiguredError,
)
from analysis.fetch import bls_urls
from analysis.settings import LOCK_WAIT
from analysis.sources.archives import ArchiveLimits

#: Files that give wages context (BEA's price parities, BLS's projections) go to data/raw/bls/context/, a folder the
#: store skips (it holds no OEWS data).
CONTEXT_FOLDER = "context"
MAX_REDIRECTS = 5
#: Default bound on one download's (decoded) size, per kind: BLS's flat files are about 330 MB (oe.data.0.Current),
#: its special-request archives under 100 MB, BEA's and the projections' files a few MB. ``--max-bytes`` overrides.
MAX_BYTES: dict[str, int] = {"flat": 600 * 1000**2, "archive": 200 * 1000**2, "context": 100 * 1000**2}
#: Default wall-clock bound on one file, retries included (``--deadline``).
DEADLINE_SECONDS = 1800.0
LABEL_VERIFY = "fetch --verify"
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


# ----------------------------------------------------------------------------------------------- options
@dataclass(frozen=True)
class Target:
    """One file to fetch: a special-request archive (year and kind) or an oe flat file."""

    name: str  # file name as BLS publishes it: "oesm23nat.zip", "oe.area"
    url: str
    kind: str  # "national", ... (special-request archives), "flat", or a context kind ("rpp", "projections")
    year: int | None = None

    @property
    def is_archive(self) -> bool:
        """An OEWS special-request archive (extracted into a folder the store reads)."""
        return self.kind in bls_urls.ARCHIVE_SUFFIXES

    @property
    def key(self) -> str:
        """The manifest key and the installed path, relative to data/raw/bls."""
        if self.is_archive:
            return self.name[: -len(".zip")]
        if self.kind == "flat":
            return f"oe/{self.name}"
        return f"{CONTEXT_FOLDER}/{self.name}"


@dataclass
class FetchResult:
    target: Target
    status: str  # "downloaded", "updated", "unchanged", "not_modified" (HTTP 304), "cached", "failed"
    entry: dict
    error: Exception | None = None

    @property
    def path(self) -> Path:
        return paths.downloads_dir() / self.target.key


@dataclass
class FetchOptions:
    """The settings of one fetch (the command's options, or a caller's keywords to :func:`analysis.fetch.fetch`)."""

    contact: str | None = None
    base_url: str | None = None
    offline: bool = False
    force: bool = False
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    limits: ArchiveLimits | None = field(default_factory=ArchiveLimits)
    max_bytes: int | None = None  # None: MAX_BYTES of the target's kind
    deadline: float = DEADLINE_SECONDS
    work_dir: Path | None = None  # where .part files go (default data/raw/bls; verify uses a temporary folder)
    progress: object | None = None  # a rich.progress.Progress, or None for silence
    wait: float = LOCK_WAIT  # longest wait for another fetch's hold on the downloads' record or a file (--wait)

    def check(self) -> None:
        """Refuse a wait or count that would never end or is off (negative, NaN, infinite): a ConfigError."""
        waits = (("timeout", 0, True), ("deadline", 0, True), ("backoff", 0, False), ("wait", 0, False))
        for name, least, above in waits:
            value = getattr(self, name)
            if (
                not isinstance(value, (int, float))
                or not math.isfinite(value)
                or value < least
                or (above and value == 0)
            ):
                raise ConfigError(
                    f"{name} = {value!r}: give a finite number of seconds {'above' if above else 'of at least'} 0"
                )
        if not isinstance(self.retries, int) or self.retries < 0:
            raise ConfigError(f"retries = {self.retries!r}: give a whole number of at least 0")


# ----------------------------------------------------------------------------------------------- targets
def targets(
    years: Iterable[int] = (),
    kinds: Iterable[str] = ("national",),
    *,
    flat_files: bool = False,
    base_url: str | None = None,
) -> list[Target]:
    """The files a fetch of ``years`` x ``kinds`` (and the oe flat files) downloads, in order."""
    found: list[Target] = []
    kinds = list(kinds)
    for year in years:
        for kind in kinds:
            if kind in bls_urls.CONTEXT_FILES:
                continue
            found.append(
                Target(
                    bls_urls.archive_name(year, kind),
                    bls_urls.archive_url(year, kind, base_url=base_url),
                    kind,
                    int(year),
                )
            )
    for kind in kinds:
        if kind in bls_urls.CONTEXT_FILES:
            url = bls_urls.context_url(kind, base_url=base_url)
            found.append(Target(PurePosixPath(urlsplit(url).path).name, url, kind))
    if flat_files:
        for name in bls_urls.FLAT_FILES:
            found.append(Target(name, bls_urls.flat_file_url(name, base_url=base_url), "flat"))
    return found


# ----------------------------------------------------------------------------------------------- contact
def resolve_contact(explicit: str | None = None) -> str:
    """The contact address for the User-Agent: ``explicit``, else ``HIM_WAGES_CONTACT``, else the config file."""
    current = settings.get()
    candidates = current.contact_candidates(explicit)
    cfg = current.config_file
    for origin, value in candidates:
        if value is None or not str(value).strip():
            continue
        value = str(value).strip()
        if not _EMAIL.match(value):
            raise ContactNotConfiguredError(
                f"the contact address from {origin} is {value!r}, which is not an e-mail address; BLS asks "
                "automated downloads to identify themselves with a way to reach the requester"
            )
        return value
    raise ContactNotConfiguredError(
        "him-wages fetch needs a contact e-mail address to put in its User-Agent: BLS refuses anonymous "
        f"automated downloads (it answers with an 'Access Denied' page). Set it once with `export "
        f'{settings.CONTACT_ENV}=you@example.org`, or put `contact = "you@example.org"` in {cfg}, or pass '
        "--contact you@example.org."
    )


def user_agent(contact: str) -> str:
    return f"him-wages/{__version__} (HIM Wage Analysis; BLS OEWS downloads; contact: {contact})"


def make_session(contact: str) -> requests.Session:
    session = requests.Session()
    session.headers.update({"User-Agent": user_agent(contact), "Accept-Encoding": "identity"})
    return session
