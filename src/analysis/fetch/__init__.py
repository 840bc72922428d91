"""``him-wages fetch``: download OEWS files straight from BLS into ``data/raw/bls/`` (``paths.downloads_dir()``).

What is stored where (the store, ``analysis.store``, reads every entry of ``data/raw/bls/`` except hidden
names, ``*.part``, ``MANIFEST*`` and ``context/``)::

    data/raw/bls/MANIFEST.json            one entry per downloaded file: URL, retrieval time, size, sha256,
                                          HTTP ETag / Last-Modified, and for archives every member
    data/raw/bls/.manifest.lock           held (fcntl.flock) while MANIFEST.json is read, changed and written,
                                          and while a download is installed: concurrent fetches lose nothing
                                          (removed when released, like .locks/<file>.lock: a failed fetch
                                          leaves data/raw/bls as it was)
    data/raw/bls/oesm23nat/national_M2023_dl.xlsx
                                          the data workbooks of a special-request archive, extracted into a
                                          folder named after it (BLS's own folder inside the zip is dropped,
                                          members of other kinds - readme files - are listed but not extracted)
    data/raw/bls/oe/oe.data.0.Current ... the oe time-series flat files (``--flat-files``), as BLS serves them
    data/raw/bls/context/SARPP.zip        BEA's Regional Price Parities (``--kinds rpp``) and BLS's projections
    data/raw/bls/context/occupation.xlsx  workbook (``--kinds projections``): context, not OEWS data
    data/raw/bls/oesm23nat.zip.part       a download in progress (resumed with an HTTP Range request)

The archive itself is not kept: its sha256, size and validators are in the manifest, and its data members are
byte-for-byte what BLS zipped. ``analysis.read_oews(data/raw/bls/oesm23nat)`` reads a folder like that.

BLS refuses requests without an identifying User-Agent (it answers with an HTML "Access Denied" page), so every
request names the project and a contact address the user configures: ``--contact``, the environment variable
``HIM_WAGES_CONTACT``, or ``contact = "you@example.org"`` in the config file (``HIM_WAGES_CONFIG``, default
``$XDG_CONFIG_HOME/him-wages/config.toml``). ``--base-url`` (or ``HIM_WAGES_BLS_BASE_URL``) sends every request to
a mirror with BLS's paths.

Every download is bounded: at most ``MAX_BYTES`` of its kind (``--max-bytes``), decoded bytes counted as they
arrive, so an endless body or a Content-Encoding bomb stops at the bound and its ``.part`` is deleted; at most
``--deadline`` seconds per file, retries included, however slowly the server drips; at most ``MAX_REDIRECTS``
redirects, each to http(s) on the same host (or the mirror's). Every file is checked before it is used: an
archive must be a real ZIP holding a workbook of the kind its name says (of the year it names), passing the
project's one archive guard (``analysis.sources.archives.ArchiveGuard``: no member path escaping its folder,
every member's compression ratio and all declared sizes bounded, members streamed with a byte counter); a flat
file must be tab-separated text with the header BLS writes. An HTML page or an empty body is an error whatever
the name. A download is written to ``<name>.part``; only after every check passes is it moved into place
(``os.replace``), so a failed download never replaces a good cached file. Every failure is one line naming the
URL or file and what to do.

``--latest`` (``analysis.fetch.latest``) asks BLS with conditional requests whether a newer release exists;
``--verify`` (``analysis.fetch.verify``) checks the bundled copies of ``data/raw/MANIFEST`` against their
publishers.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import sys
import time
import tomllib
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from analysis import __version__, paths, settings
from analysis.errors import (
    FetchError,
    HimWagesError,
    Location,
    NotBLSDataError,
    OEWSInputError,
    UnsafeArchiveError,
    YearConflictError,
)
from analysis.fetch import bls_urls
from analysis.files import atomic_write_bytes, now, sha256_of
from analysis.sources import archives
from analysis.sources.archives import ArchiveLimits, sniff

__all__ = ["ArchiveLimits", "fetch", "sniff"]

MANIFEST_NAME = "MANIFEST.json"
MANIFEST_FORMAT = 1
CHUNK = 1 << 16
CONTACT_ENV = settings.CONTACT_ENV
CONFIG_ENV = settings.CONFIG_ENV
BASE_URL_ENV = settings.BASE_URL_ENV
#: Files that give wages context (BEA's price parities, BLS's projections) go to data/raw/bls/context/, a folder the
#: store skips (it holds no OEWS data).
CONTEXT_FOLDER = "context"
MAX_REDIRECTS = 5
#: Default bound on one download's (decoded) size, per kind: BLS's flat files are about 330 MB (oe.data.0.Current),
#: its special-request archives under 100 MB, BEA's and the projections' files a few MB. ``--max-bytes`` overrides.
MAX_BYTES: dict[str, int] = {"flat": 600 * 1000**2, "archive": 200 * 1000**2, "context": 100 * 1000**2}
#: Default wall-clock bound on one file, retries included (``--deadline``).
DEADLINE_SECONDS = 1800.0
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


# ----------------------------------------------------------------------------------------------- errors
class ContactNotConfiguredError(FetchError):
    """No contact address for the User-Agent that BLS requires."""


class AccessDeniedError(FetchError):
    """BLS (or the mirror) answered 403 or an HTML page: usually a User-Agent it does not accept."""


class DownloadError(FetchError):
    """HTTP error, connection failure or timeout, after the bounded retries."""


class NotPublishedError(DownloadError):
    """HTTP 404: the publisher has no file at this address (e.g. a release not published yet)."""


class UnreachableError(DownloadError):
    """The server could not be reached at all (no network, DNS failure, refused connection, socket timeouts)."""


class NotInCacheError(FetchError):
    """``--offline`` and a needed file is not in ``data/raw/bls/``."""


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
    contact: str | None = None
    base_url: str | None = None
    offline: bool = False
    force: bool = False
    timeout: float = 60.0
    retries: int = 3
    backoff: float = 1.0
    limits: ArchiveLimits = field(default_factory=ArchiveLimits)
    max_bytes: int | None = None  # None: MAX_BYTES of the target's kind
    deadline: float = DEADLINE_SECONDS
    work_dir: Path | None = None  # where .part files go (default data/raw/bls; verify uses a temporary folder)
    progress: object | None = None  # a rich.progress.Progress, or None for silence


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
def config_file() -> Path:
    return settings.config_file()


def resolve_contact(explicit: str | None = None) -> str:
    """The contact address for the User-Agent: ``explicit``, else ``HIM_WAGES_CONTACT``, else the config file."""
    candidates = [("--contact", explicit), (CONTACT_ENV, os.environ.get(CONTACT_ENV))]
    cfg = config_file()
    if cfg.is_file():
        try:
            data = tomllib.loads(cfg.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ContactNotConfiguredError(f"config file {cfg} is not valid TOML: {exc}") from exc
        value = data.get("contact") or (data.get("fetch") or {}).get("contact")
        candidates.append((str(cfg), value))
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
        f'{CONTACT_ENV}=you@example.org`, or put `contact = "you@example.org"` in {cfg}, or pass '
        "--contact you@example.org."
    )


def user_agent(contact: str) -> str:
    return f"him-wages/{__version__} (HIM Wage Analysis; BLS OEWS downloads; contact: {contact})"


def make_session(contact: str) -> requests.Session:
    session = requests.Session()
    session.headers.update({"User-Agent": user_agent(contact), "Accept-Encoding": "identity"})
    return session


# ----------------------------------------------------------------------------------------------- content checks
def _html_hint(path: Path | str, head: bytes) -> str:
    # BLS answers with such a page (often titled 'Access Denied') when it refuses a User-Agent.
    hint = (
        " BLS sends an HTML page ('Access Denied') instead of the file to requests whose User-Agent does "
        f"not identify the requester; check the contact address ({CONTACT_ENV})"
    )
    return f"{archives.describe_html(head[:4096])}, not BLS data.{hint}"


def _member_year_and_kind(name: str) -> tuple[str, int] | None:
    base = PurePosixPath(name).name
    for kind, pattern in bls_urls.EXPECTED_MEMBERS.items():
        match = pattern.match(base)
        if match:
            return kind, int(match.group("year"))
    return None


def safe_member_path(name: str, *, archive: Path | str) -> PurePosixPath:
    """The relative path a member would be extracted to; raises UnsafeArchiveError if it would escape."""
    return archives.check_member_path(str(archive), name)


def check_archive(
    path: Path | str,
    *,
    kind: str | None = None,
    year: int | None = None,
    limits: ArchiveLimits = archives.DEFAULT_LIMITS,
    label: str | None = None,
) -> list[zipfile.ZipInfo]:
    """Check a downloaded special-request archive before anything uses it; returns its data members.

    Raises NotBLSDataError (empty, HTML page, not a ZIP, no workbook of ``kind``), UnsafeArchiveError
    (zip-slip, symbolic link, zip bomb) or YearConflictError (the workbook is of another year than ``year``).
    ``label`` names the archive in messages (e.g. its URL; default the path).
    """
    path = Path(path)
    label = label or str(path)
    with path.open("rb") as handle:
        head = handle.read(4096)
    what = sniff(head)
    where = Location(file=label)
    if what == "empty":
        raise NotBLSDataError(
            "an empty body where a ZIP archive was expected", location=where, expected="a ZIP archive from BLS"
        )
    if what == "html":
        raise NotBLSDataError(_html_hint(path, head), location=where, expected="a ZIP archive")
    if what != "zip":
        raise NotBLSDataError(
            f"not a ZIP archive (the content looks like {what})",
            location=where,
            found=head[:16],
            expected="a ZIP archive (starting with 'PK')",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise NotBLSDataError(
            f"a damaged or truncated ZIP archive ({exc})", location=where, expected="a complete ZIP archive"
        ) from exc
    archives.ArchiveGuard(label, limits).admit(label, infos)
    data_members: list[zipfile.ZipInfo] = []
    for info in infos:
        if info.is_dir():
            continue
        recognised = _member_year_and_kind(info.filename)
        if recognised is not None and (kind is None or recognised[0] == kind):
            data_members.append(info)
    if not data_members:
        names = [i.filename for i in infos if not i.is_dir()]
        expected = bls_urls.EXPECTED_MEMBERS[kind].pattern if kind else "a BLS *_dl.xlsx/.xls/.csv workbook"
        raise NotBLSDataError(
            f"no {kind or 'BLS'} workbook in the archive",
            location=where,
            found=names[:10],
            expected=f"a member named like {expected}",
        )
    for info in data_members:
        member_year = _member_year_and_kind(info.filename)[1]
        if year is not None and member_year != year:
            raise YearConflictError(
                "the archive holds another year's workbook than its name says",
                location=Location(file=f"{label}!{info.filename}"),
                found=member_year,
                expected=f"May {year} (the archive was requested as {PurePosixPath(label).name})",
            )
    return data_members


def check_member_content(head: bytes, *, name: str, archive: Path | str) -> None:
    """A member's first bytes must match its extension (.xlsx ZIP, .xls OLE2, .csv text)."""
    what = sniff(head)
    suffix = PurePosixPath(name).suffix.lower()
    expected = {".xlsx": "zip", ".xls": "ole", ".csv": "text"}.get(suffix)
    where = Location(file=f"{archive}!{name}")
    if what == "html":
        raise NotBLSDataError(_html_hint(name, head), location=where, expected=f"a {suffix} workbook")
    if what == "empty":
        raise NotBLSDataError("an empty workbook", location=where, expected=f"a {suffix} workbook")
    # An .xls name on a workbook of the newer (ZIP-based) format is tolerated: the readers go by content.
    if expected and what != expected and not (suffix == ".xls" and what == "zip"):
        raise NotBLSDataError(
            f"a {suffix} member whose content is {what}",
            location=where,
            found=head[:16],
            expected=f"{expected} content",
        )


def check_flat_file(path: Path | str, *, name: str, label: str | None = None) -> None:
    """An oe flat file must be tab-separated text whose header has the key column BLS writes in it."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(8192)
    where = Location(file=label or str(path))
    what = sniff(head)
    if what == "empty":
        raise NotBLSDataError(
            "an empty body where a BLS flat file was expected",
            location=where,
            expected=f"the tab-separated file {name}",
        )
    if what == "html":
        raise NotBLSDataError(_html_hint(path, head), location=where, expected=f"the tab-separated file {name}")
    if what != "text":
        raise NotBLSDataError(
            f"not a text file (the content looks like {what})",
            location=where,
            found=head[:16],
            expected=f"the tab-separated file {name}",
        )
    first_line = head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    columns = [c.strip().lower() for c in first_line.split("\t")]
    required = bls_urls.FLAT_FILES.get(name)
    if len(columns) < 2 or (required and required not in columns):
        raise NotBLSDataError(
            "a flat file whose header is not BLS's",
            location=Location(file=label or str(path), row=1),
            found=first_line[:120],
            expected=f"tab-separated columns including {required!r}",
        )


def check_context_file(path: Path | str, target: Target, *, limits: ArchiveLimits = archives.DEFAULT_LIMITS) -> None:
    """BEA's SARPP.zip must be a safe ZIP holding the SARPP state table(s); BLS's occupation.xlsx a workbook."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(4096)
    where = Location(file=target.url)
    what = sniff(head)
    expected = "BEA's SARPP.zip (CSV tables)" if target.kind == "rpp" else "BLS's Table 1.2 workbook (.xlsx)"
    if what == "html":
        raise NotBLSDataError(_html_hint(path, head), location=where, expected=expected)
    if what != "zip":
        raise NotBLSDataError(
            f"not a ZIP-based file (the content looks like {what})", location=where, found=head[:16], expected=expected
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotBLSDataError(f"a damaged or truncated file ({exc})", location=where, expected=expected) from None
    archives.ArchiveGuard(target.url, limits).admit(target.url, infos)
    names = [PurePosixPath(i.filename).name for i in infos]
    wanted = (
        (lambda n: n.upper().startswith("SARPP") and n.lower().endswith(".csv"))
        if target.kind == "rpp"
        else (lambda n: n == "workbook.xml")
    )
    if not any(wanted(n) for n in names):
        raise NotBLSDataError(
            "the file does not hold what its publisher puts in it", location=where, found=names[:10], expected=expected
        )


# ----------------------------------------------------------------------------------------------- manifest
def manifest_path() -> Path:
    return paths.downloads_dir() / MANIFEST_NAME


def read_manifest() -> dict:
    """``{"format": 1, "files": {key: entry}}``; an unreadable manifest counts as empty (files re-verified)."""
    path = manifest_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"format": MANIFEST_FORMAT, "files": {}}
    if not isinstance(data, dict) or not isinstance(data.get("files"), dict):
        return {"format": MANIFEST_FORMAT, "files": {}}
    return data


def _write_manifest(manifest: dict) -> None:
    atomic_write_bytes(manifest_path(), (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode())


LOCK_NAME = ".manifest.lock"


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and its ancestors that do not exist yet, deepest first (what ``mkdir(parents=True)`` makes)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    return missing


@contextlib.contextmanager
def _flock(path: Path, waiting: str | None = None):
    """Hold an exclusive ``fcntl.flock`` on ``path`` (released when the process dies, so a killed fetch never
    blocks the next one). ``waiting``: a line to print on stderr if another process holds it.

    A lock file (and any folder) this acquisition had to create is removed again when the lock is released, while
    it is still held, so that a fetch leaves ``data/raw/bls`` as it found it (a fetch that cannot reach BLS leaves
    no lock file and no empty folder behind); a lock file that was already there stays. Removing a held lock file
    is safe because every holder checks, once it has the lock, that the file it locked is still the one at
    ``path``, and otherwise locks the new one (a process that waited on a removed file takes turns again)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no locking
        yield
        return
    for _attempt in range(1000):
        made = _missing_folders(path.parent)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            created = True
        except FileExistsError:
            try:
                descriptor = os.open(path, os.O_RDWR)
            except FileNotFoundError:  # removed by its holder just now: try again
                continue
            created = False
        except FileNotFoundError:  # the folder was removed by another fetch's tidy-up just now: make it again
            continue
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if waiting:
                    print(waiting, file=sys.stderr)
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                current = os.path.samestat(os.fstat(descriptor), os.stat(path))
            except FileNotFoundError:
                current = False
        except BaseException:
            os.close(descriptor)
            raise
        if current:
            break
        os.close(descriptor)  # the file locked was removed (and maybe made anew) while this process waited
    else:
        raise OSError(errno.EAGAIN, "the lock file keeps being removed by another process", str(path))
    try:
        yield
    finally:
        try:
            if created:
                with contextlib.suppress(OSError):
                    path.unlink()
                for folder in made:  # deepest first; a folder another process has put something in stays
                    try:
                        folder.rmdir()
                    except OSError:
                        break
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)


def manifest_lock():
    """Hold ``data/raw/bls/.manifest.lock``: one process at a time reads, changes and writes MANIFEST.json (and
    installs a download), so concurrent fetches never drop each other's entries."""
    return _flock(paths.downloads_dir() / LOCK_NAME)


def target_lock(target: Target):
    """Hold ``data/raw/bls/.locks/<name>.lock`` while one file is fetched: two runs fetching the same file take
    turns (the second then finds it current) instead of writing the same ``.part``."""
    return _flock(
        paths.downloads_dir() / ".locks" / f"{target.name}.lock",
        f"him-wages fetch: waiting for another fetch of {target.name} to finish",
    )


def record(key: str, entry: dict) -> None:
    """Put one entry into MANIFEST.json under the lock: re-read what other processes wrote, change only ``key``."""
    with manifest_lock():
        manifest = read_manifest()
        manifest["format"] = MANIFEST_FORMAT
        manifest.setdefault("files", {})[key] = entry
        _write_manifest(manifest)


def installed_intact(entry: dict | None) -> bool:
    """True if every file a manifest entry installed is there with its recorded size and sha256."""
    if not entry:
        return False
    root = paths.downloads_dir()
    files = entry.get("installed") or []
    if not files:
        return False
    for item in files:
        path = root / item["path"]
        try:
            if path.stat().st_size != item["size"] or sha256_of(path) != item["sha256"]:
                return False
        except OSError:
            return False
    return True


# ----------------------------------------------------------------------------------------------- HTTP
class _Retryable(Exception):
    pass


@dataclass
class _Downloaded:
    not_modified: bool
    etag: str | None = None
    last_modified: str | None = None
    status_code: int = 200


def part_paths(target: Target, work_dir: Path | None = None) -> tuple[Path, Path]:
    root = work_dir or paths.downloads_dir()
    return root / f"{target.name}.part", root / f".{target.name}.part.json"


def _denied(target: Target, response: requests.Response, session: requests.Session) -> AccessDeniedError:
    body = b""
    with contextlib.suppress(Exception):  # the body only adds detail to the message
        body = response.raw.read(4096) if response.raw is not None else b""
    html = sniff(body) == "html"
    return AccessDeniedError(
        f"{target.url}: BLS refused the request (HTTP {response.status_code} {response.reason}"
        f"{', an HTML page' if html else ''}). BLS answers 'Access Denied' to automated requests whose "
        f"User-Agent does not identify the requester with a contact address. This request sent "
        f"User-Agent: {session.headers.get('User-Agent')!r}. Check that {CONTACT_ENV} is an address you "
        "read; if it is, BLS may be blocking this network: download the file in a browser and run "
        "`him-wages data <file>` instead."
    )


def _max_bytes(target: Target, options: FetchOptions) -> int:
    if options.max_bytes:
        return options.max_bytes
    return MAX_BYTES["archive" if target.is_archive else "flat" if target.kind == "flat" else "context"]


def _allowed_redirect(target: Target, options: FetchOptions, location: str) -> bool:
    """Redirects may go to http or https on the host of the requested URL (or of the mirror)."""
    parts = urlsplit(location)
    hosts = {urlsplit(target.url).hostname}
    if options.base_url:
        hosts.add(urlsplit(options.base_url).hostname)
    return parts.scheme in ("http", "https") and parts.hostname in hosts


def _open(
    session: requests.Session, target: Target, options: FetchOptions, headers: dict[str, str], deadline: float
) -> requests.Response:
    """GET ``target.url`` following at most ``MAX_REDIRECTS`` redirects, each to http(s) on the same host."""
    url = target.url
    for _hop in range(MAX_REDIRECTS + 1):
        _check_deadline(target, options, deadline)
        response = session.get(url, headers=headers, stream=True, timeout=options.timeout, allow_redirects=False)
        if response.status_code not in (301, 302, 303, 307, 308):
            return response
        location = urljoin(url, response.headers.get("Location", ""))
        response.close()
        if not _allowed_redirect(target, options, location):
            raise DownloadError(
                f"{target.url}: the server redirected to {location!r}, which is not http(s) on "
                f"the same host; not followed. Check --base-url, or download the file yourself "
                "and run `him-wages data <file>`"
            )
        url = location
    raise DownloadError(
        f"{target.url}: more than {MAX_REDIRECTS} redirects (a redirect loop?); this file was "
        "skipped. Try again later or use --base-url with a mirror"
    )


def _check_deadline(target: Target, options: FetchOptions, deadline: float) -> None:
    if time.monotonic() > deadline:
        raise DownloadError(
            f"{target.url}: the download did not finish within the {options.deadline:g} s "
            "deadline per file (a very slow or stalled server); try again later, or raise "
            "--deadline"
        )


class _Decoder:
    """Undo a Content-Encoding (gzip, deflate) in bounded steps, so a compression bomb stops at the cap."""

    def __init__(self, encoding: str):
        self.encoding = encoding
        if encoding in ("gzip", "x-gzip"):
            self._inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._inflate = zlib.decompressobj()
        else:
            self._inflate = None

    def decode(self, data: bytes, limit: int) -> Iterable[bytes]:
        if self._inflate is None:
            yield data
            return
        pending = data
        while pending:
            out = self._inflate.decompress(pending, min(CHUNK, limit + 1))
            pending = self._inflate.unconsumed_tail
            if out:
                yield out
            elif not pending:
                break

    def finish(self) -> None:
        if self._inflate is not None and not self._inflate.eof:
            raise zlib.error("the compressed body ended early")


def download(
    session: requests.Session, target: Target, options: FetchOptions, conditional: dict[str, str] | None = None
) -> _Downloaded:
    """Download ``target`` into ``<name>.part`` (resuming a previous partial download when the server supports
    Range requests and the file has not changed). Retries 5xx answers, connection errors, socket timeouts and
    truncated bodies with exponential backoff; 4xx answers are final.

    Bounded: at most ``_max_bytes`` decoded bytes (a ``.part`` that would grow past it is deleted), at most
    ``options.deadline`` seconds in all for the file, at most ``MAX_REDIRECTS`` redirects to http(s) on the same
    host. A Content-Encoding (gzip, deflate) is decoded here; the encoded length is what Content-Length counts."""
    part, state_file = part_paths(target, options.work_dir)
    part.parent.mkdir(parents=True, exist_ok=True)
    cap = _max_bytes(target, options)
    answered = False  # did the server ever answer with HTTP? (if not: unreachable)
    deadline = time.monotonic() + options.deadline
    last_problem: str = ""
    task = None
    if options.progress is not None:
        task = options.progress.add_task(target.name, total=None)
    try:
        for attempt in range(options.retries + 1):
            if attempt:
                pause = options.backoff * (2 ** (attempt - 1))
                if time.monotonic() + pause > deadline:
                    break
                time.sleep(pause)
            headers: dict[str, str] = {}
            state = _read_state(state_file, target)
            offset = part.stat().st_size if part.exists() else 0
            validator = state.get("etag") or state.get("last_modified")
            if offset and validator and offset < cap:
                headers["Range"] = f"bytes={offset}-"
                headers["If-Range"] = validator
            else:
                offset = 0
                if conditional:
                    headers.update(conditional)
            try:
                with _open(session, target, options, headers, deadline) as response:
                    answered = True
                    code = response.status_code
                    if code == 304:
                        return _Downloaded(True, status_code=304)
                    if code == 416 and offset:
                        _discard(part, state_file)
                        last_problem = "the server rejected the resume range"
                        continue
                    if code in (401, 403):
                        raise _denied(target, response, session)
                    if 400 <= code < 500:
                        error = NotPublishedError if code == 404 else DownloadError
                        raise error(
                            f"{target.url}: HTTP {code} {response.reason}"
                            + (" (BLS has not published this file: check the year and kind)" if code == 404 else "")
                        )
                    if code >= 500 or code not in (200, 206):
                        raise _Retryable(f"HTTP {code} {response.reason}")
                    etag = response.headers.get("ETag")
                    last_modified = response.headers.get("Last-Modified")
                    encoding = response.headers.get("Content-Encoding", "identity").strip().lower() or "identity"
                    if encoding not in ("identity", "gzip", "x-gzip", "deflate"):
                        raise DownloadError(
                            f"{target.url}: the server sent Content-Encoding {encoding!r}, which "
                            "this project does not decode; try again later or use a mirror"
                        )
                    decoder = _Decoder(encoding)
                    resumed = code == 206 and offset and _range_start(response) == offset and encoding == "identity"
                    if not resumed:
                        offset = 0
                    # An encoded body cannot be resumed by byte ranges of the decoded file: no validators kept.
                    _write_state(
                        state_file,
                        target,
                        etag if encoding == "identity" else None,
                        last_modified if encoding == "identity" else None,
                    )
                    length = response.headers.get("Content-Length")
                    expected_raw = int(length) if length and length.isdigit() else None
                    if encoding == "identity" and expected_raw is not None and offset + expected_raw > cap:
                        _discard(part, state_file)
                        raise _too_big(target, offset + expected_raw, cap, declared=True)
                    if task is not None:
                        options.progress.update(
                            task, total=offset + expected_raw if expected_raw else None, completed=offset
                        )
                    received = 0
                    size = offset
                    with part.open("ab" if resumed else "wb") as handle:
                        while True:
                            _check_deadline(target, options, deadline)
                            raw = response.raw.read1(CHUNK, decode_content=False)
                            if not raw:
                                break
                            received += len(raw)
                            for block in decoder.decode(raw, cap - size):
                                size += len(block)
                                if size > cap:
                                    handle.close()
                                    _discard(part, state_file)
                                    raise _too_big(target, size, cap)
                                handle.write(block)
                            if task is not None:
                                options.progress.advance(task, len(raw))
                        decoder.finish()
                        handle.flush()
                        os.fsync(handle.fileno())
                    if expected_raw is not None and received != expected_raw:
                        raise _Retryable(f"the body ended after {received} of {expected_raw} bytes")
                    return _Downloaded(False, etag, last_modified, code)
            except (
                _Retryable,
                requests.ConnectionError,
                requests.Timeout,
                urllib3.exceptions.HTTPError,
                requests.exceptions.ChunkedEncodingError,
                requests.exceptions.ContentDecodingError,
                zlib.error,
            ) as exc:
                last_problem = _short_problem(exc)
                if isinstance(exc, zlib.error):  # a damaged compressed body: start afresh
                    _discard(part, state_file)
                continue
            except requests.RequestException as exc:  # TooManyRedirects, InvalidURL, ...: not worth retrying
                raise DownloadError(f"{target.url}: {type(exc).__name__}: {exc}") from None
        _check_deadline(target, options, deadline)
        error = DownloadError if answered else UnreachableError
        raise error(f"{target.url}: gave up after {options.retries + 1} attempts; last problem: {last_problem}")
    finally:
        if task is not None:
            options.progress.remove_task(task)


_REASONS = (
    "Name or service not known",
    "Temporary failure in name resolution",
    "Failed to resolve",
    "Connection refused",
    "Network is unreachable",
    "No route to host",
    "Connection reset",
    "Read timed out",
    "Connect timeout",
    "timed out",
    "Remote end closed connection",
)


def _short_problem(exc: BaseException) -> str:
    """A short reason for a network failure (requests' messages nest the whole urllib3 chain)."""
    text = str(exc) or type(exc).__name__
    if isinstance(exc, (requests.ConnectionError, requests.Timeout)):
        reason = next((r for r in _REASONS if r.lower() in text.lower()), None)
        kind = "timed out" if isinstance(exc, requests.Timeout) else "connection failed"
        return f"{kind}: {reason}" if reason else f"{kind}: {text[:200]}"
    return text


def _too_big(target: Target, size: int, cap: int, *, declared: bool = False) -> DownloadError:
    what = f"announces {size:,} bytes" if declared else f"grew past {cap:,} bytes"
    return DownloadError(
        f"{target.url}: the download {what}, more than the {cap:,}-byte bound for a "
        f"{'flat file' if target.kind == 'flat' else 'file of this kind'}; nothing was kept. If "
        "the file really is that large, raise the bound with --max-bytes"
    )


def _range_start(response: requests.Response) -> int | None:
    match = re.match(r"bytes\s+(\d+)-", response.headers.get("Content-Range", ""))
    return int(match.group(1)) if match else None


def _read_state(state_file: Path, target: Target) -> dict:
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) and state.get("url") == target.url else {}


def _write_state(state_file: Path, target: Target, etag: str | None, last_modified: str | None) -> None:
    atomic_write_bytes(
        state_file, json.dumps({"url": target.url, "etag": etag, "last_modified": last_modified}).encode()
    )


def _discard(*files: Path) -> None:
    for path in files:
        try:
            path.unlink()
        except FileNotFoundError:
            pass


# ----------------------------------------------------------------------------------------------- install
def _strip_prefix(names: Sequence[str], stem: str) -> int:
    """How many leading folders to drop: BLS's own ``oesm23nat/`` folder when every member is inside it."""
    parts = [PurePosixPath(n.replace("\\", "/")).parts for n in names]
    if parts and all(len(p) > 1 and p[0].lower() == stem.lower() for p in parts):
        return 1
    return 0


def install_archive(part: Path, target: Target, members: list[zipfile.ZipInfo], limits: ArchiveLimits) -> list[dict]:
    """Extract the data members of a checked archive into ``data/raw/bls/<stem>/`` (a new folder swapped in
    whole). The bytes written are counted: a member that expands beyond its declared size is a zip bomb."""
    root = paths.downloads_dir()
    stem = target.key
    final = root / stem
    staging = root / f".{stem}.new"
    retired = root / f".{stem}.old"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    drop = _strip_prefix([m.filename for m in members], stem)
    installed: list[dict] = []
    guard = archives.ArchiveGuard(target.name, limits)
    try:
        with zipfile.ZipFile(part) as archive:
            guard.admit(target.name, members)
            for info in members:
                relative = PurePosixPath(*safe_member_path(info.filename, archive=target.name).parts[drop:])
                destination = staging / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                if not destination.resolve().is_relative_to(staging.resolve()):
                    raise UnsafeArchiveError(
                        "an archive member whose path escapes its folder (zip-slip)",
                        location=Location(file=target.name),
                        found=info.filename,
                    )
                digest = hashlib.sha256()
                with destination.open("wb") as sink:
                    written = guard.extract(archive, info, sink, label=target.name, on_chunk=digest.update)
                    sink.flush()
                    os.fsync(sink.fileno())
                with destination.open("rb") as handle:
                    head = handle.read(4096)
                check_member_content(head, name=info.filename, archive=target.name)
                installed.append(
                    {
                        "path": f"{stem}/{relative.as_posix()}",
                        "member": info.filename,
                        "size": written,
                        "sha256": digest.hexdigest(),
                    }
                )
    except zipfile.BadZipFile as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise NotBLSDataError(
            f"a damaged ZIP archive ({exc})", location=Location(file=target.name), expected="a complete ZIP archive"
        ) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_in(staging, final, retired)
    return installed


def _swap_in(staging: Path, final: Path, retired: Path) -> None:
    shutil.rmtree(retired, ignore_errors=True)
    if final.exists():
        os.replace(final, retired)
    os.replace(staging, final)
    shutil.rmtree(retired, ignore_errors=True)


def recover_interrupted() -> None:
    """Tidy what an interrupted fetch left: staging folders are dropped; a retired folder whose replacement
    never arrived is put back."""
    root = paths.downloads_dir()
    if not root.is_dir():
        return
    for path in root.iterdir():
        name = path.name
        if name.startswith(".") and name.endswith(".new") and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif name.startswith(".") and name.endswith(".old") and path.is_dir():
            final = root / name[1 : -len(".old")]
            if final.exists():
                shutil.rmtree(path, ignore_errors=True)
            else:
                os.replace(path, final)
        elif name.startswith(".") and ".tmp-" in name and path.is_file():
            _discard(path)


# ----------------------------------------------------------------------------------------------- fetch
def fetch_one(session: requests.Session | None, target: Target, options: FetchOptions, manifest: dict) -> FetchResult:
    """Fetch one file (or confirm the cached copy); returns its new manifest entry (``record`` saves it)."""
    files = manifest.setdefault("files", {})
    entry = files.get(target.key)
    intact = installed_intact(entry)
    if options.offline:
        if intact:
            return FetchResult(target, "cached", entry)
        raise NotInCacheError(
            f"{target.name} is not in the cache ({paths.downloads_dir() / target.key} "
            f"{'is incomplete or changed' if entry else 'was never downloaded'}); run `him-wages fetch` "
            "without --offline to download it"
        )
    if session is None:
        raise ContactNotConfiguredError("no HTTP session (contact address missing)")
    conditional: dict[str, str] = {}
    if intact and not options.force:
        if entry.get("etag"):
            conditional["If-None-Match"] = entry["etag"]
        if entry.get("last_modified"):
            conditional["If-Modified-Since"] = entry["last_modified"]
    result = download(session, target, options, conditional)
    part, state_file = part_paths(target)
    if result.not_modified:
        if not intact:  # a 304 to an unconditional request: the server is confused; do not trust the cache
            raise DownloadError(f"{target.url}: HTTP 304 Not Modified, but nothing is cached")
        entry["checked"] = now()
        return FetchResult(target, "not_modified", entry)
    try:
        size = part.stat().st_size
        sha = sha256_of(part)
        new_entry = {
            "url": target.url,
            "file": target.name,
            "kind": target.kind,
            "year": target.year,
            "retrieved": now(),
            "checked": now(),
            "size": size,
            "sha256": sha,
            "etag": result.etag,
            "last_modified": result.last_modified,
            "user_agent": session.headers.get("User-Agent"),
        }
        with manifest_lock():  # one install at a time: recover_interrupted() of another run never sees it half-done
            if target.is_archive:
                members = check_archive(
                    part, kind=target.kind, year=target.year, limits=options.limits, label=target.url
                )
                with zipfile.ZipFile(part) as archive:
                    new_entry["members"] = [
                        {"name": i.filename, "size": i.file_size, "crc": f"{i.CRC:08x}"}
                        for i in archive.infolist()
                        if not i.is_dir()
                    ]
                new_entry["installed"] = install_archive(part, target, members, options.limits)
                _discard(part)
            else:
                if target.kind == "flat":
                    check_flat_file(part, name=target.name, label=target.url)
                else:
                    check_context_file(part, target, limits=options.limits)
                final = paths.downloads_dir() / target.key
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(part, final)
                new_entry["installed"] = [{"path": target.key, "size": size, "sha256": sha}]
    except OEWSInputError:
        # A body that fails the checks is not kept (not even to resume): the next run starts afresh.
        _discard(part, state_file)
        raise
    _discard(state_file)
    status = "downloaded" if not entry else ("updated" if entry.get("sha256") != sha else "unchanged")
    return FetchResult(target, status, new_entry)


def fetch(
    years: Iterable[int] = (),
    kinds: Iterable[str] = ("national",),
    *,
    flat_files: bool = False,
    contact: str | None = None,
    base_url: str | None = None,
    offline: bool = False,
    force: bool = False,
    timeout: float = 60.0,
    retries: int = 3,
    backoff: float = 1.0,
    limits: ArchiveLimits | None = None,
    max_bytes: int | None = None,
    deadline: float = DEADLINE_SECONDS,
    progress=None,
    keep_going: bool = False,
    extra_targets: Sequence[Target] = (),
) -> list[FetchResult]:
    """Download the special-request archives of ``years`` x ``kinds`` (and the oe flat files) into
    ``data/raw/bls/``, recording each in ``MANIFEST.json``.

    ``base_url`` defaults to ``HIM_WAGES_BLS_BASE_URL``. With ``keep_going`` every target is tried and failures
    are returned (``FetchResult.error``); otherwise the first failure raises (``FetchError`` or
    ``OEWSInputError``). Each file's manifest entry is written as soon as it is done (under the manifest lock),
    so an interrupted fetch keeps what it finished and concurrent fetches keep each other's entries.
    """
    if base_url is None:
        base_url = os.environ.get(BASE_URL_ENV, "").strip() or None
    wanted = targets(years, kinds, flat_files=flat_files, base_url=base_url) + list(extra_targets)
    return _fetch_targets(
        wanted,
        contact=contact,
        keep_going=keep_going,
        options=FetchOptions(
            contact=None,
            base_url=base_url,
            offline=offline,
            force=force,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            limits=limits or ArchiveLimits(),
            max_bytes=max_bytes,
            deadline=deadline,
            progress=progress,
        ),
    )


def _fetch_targets(
    wanted: Sequence[Target], *, contact: str | None, keep_going: bool, options: FetchOptions
) -> list[FetchResult]:
    session = None
    if not options.offline:
        options.contact = resolve_contact(contact)
        session = make_session(options.contact)
    try:
        with manifest_lock():  # makes data/raw/bls if needed (removed again if the fetch leaves nothing in it)
            recover_interrupted()
    except OSError as exc:
        raise FetchError(_os_problem(exc, "prepare the download folder")) from None
    results: list[FetchResult] = []
    try:
        for target in wanted:
            try:
                try:
                    with target_lock(target):
                        result = fetch_one(session, target, options, read_manifest())
                        if not options.offline:
                            record(target.key, result.entry)
                except OSError as exc:
                    raise FetchError(f"{target.url}: {_os_problem(exc, 'write the download')}") from None
                results.append(result)
            except (FetchError, OEWSInputError) as exc:
                if not keep_going:
                    raise
                results.append(FetchResult(target, "failed", {}, exc))
    finally:
        if session is not None:
            session.close()
    return results


def _os_problem(exc: OSError, doing: str) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    advice = {
        errno.EACCES: "check the folder's permissions (or run as its owner)",
        errno.EPERM: "check the folder's permissions (or run as its owner)",
        errno.ENOSPC: "free some disk space",
        errno.EROFS: "the file system is read-only; set HIM_WAGES_HOME to a writable project folder",
    }
    return (
        f"cannot {doing}{where}: {exc.strerror or exc}; "
        f"{advice.get(exc.errno, 'check the folder data/raw/bls and try again')}"
    )


# ----------------------------------------------------------------------------------------------- CLI
def _byte_count(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*", str(text).lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (e.g. 600MB, 2GB or a number of bytes)")
    number = float(match.group(1)) * {"": 1, "k": 1000, "m": 1000**2, "g": 1000**3}[match.group(2)]
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: the bound must be at least one byte")
    return int(number)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--years", help="May reference years: 2023, 2011-2024 or 2011-2013,2015")
    parser.add_argument(
        "--kinds",
        default="national",
        help="archive kinds, comma-separated: "
        + ",".join(bls_urls.ARCHIVE_SUFFIXES)
        + " (default national); also rpp (BEA's SARPP.zip) and projections (BLS's occupation.xlsx),"
        " which need no --years and go to data/raw/bls/context/",
    )
    parser.add_argument(
        "--flat-files", action="store_true", help="also fetch the oe time-series flat files (current release)"
    )
    parser.add_argument(
        "--latest",
        action="store_true",
        help="ask BLS (conditional requests) whether a newer oe release or the next national file "
        "exists, and fetch it; exit 3 with one line when BLS cannot be reached",
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="download each file data/raw/MANIFEST lists under [[copies]] from its publisher and "
        "compare sha256: match / mismatch / unreachable / not comparable (exit 0 all match, 1 a "
        "mismatch, 3 nothing reachable, 4 some unreachable)",
    )
    parser.add_argument(
        "--offline", action="store_true", help="use only data/raw/bls; fail if a needed file is not there"
    )
    parser.add_argument("--force", action="store_true", help="download even if the cached copy is current")
    parser.add_argument(
        "--base-url", default=None, help=f"a mirror replacing BLS's scheme and host (default ${BASE_URL_ENV})"
    )
    parser.add_argument(
        "--contact",
        default=None,
        help=f"your e-mail address, sent in the User-Agent (default ${CONTACT_ENV} or config file)",
    )
    parser.add_argument(
        "--timeout", type=float, default=60.0, help="seconds to wait for each answer from the server (default 60)"
    )
    parser.add_argument(
        "--deadline",
        type=float,
        default=DEADLINE_SECONDS,
        help=f"seconds one file may take in all, retries included (default {DEADLINE_SECONDS:g})",
    )
    parser.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=None,
        help="largest file accepted, e.g. 800MB (default: 600MB flat files, 200MB archives, "
        "100MB rpp/projections); a download growing past it is stopped and deleted",
    )
    parser.add_argument("--retries", type=int, default=3, help="retries after 5xx or connection errors (default 3)")
    parser.add_argument("--backoff", type=float, default=1.0, help="first retry delay in seconds, doubling")
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def run(args: argparse.Namespace) -> int:
    """The CLI. Every failure is one line on stderr naming the URL or file and what to do; no traceback. Errors
    this module did not turn into a :class:`FetchError` (an OS or network error raised outside a download) go to
    the command line's one handler (:mod:`analysis.cli`), which says what to do."""
    try:
        return _run(args)
    except ContactNotConfiguredError as exc:
        print(f"him-wages fetch: {exc}", file=sys.stderr)
        return 2
    except HimWagesError as exc:
        print(f"him-wages fetch: {_one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "him-wages fetch: interrupted; finished files are kept, a partial download resumes next time",
            file=sys.stderr,
        )
        return 130


def _run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    console = Console(stderr=True)
    try:
        years = bls_urls.parse_years(args.years) if args.years else []
        kinds = bls_urls.parse_kinds(args.kinds)
        if args.base_url:
            bls_urls.rebase(bls_urls.ARCHIVE_BASE, args.base_url)
    except ValueError as exc:
        print(f"him-wages fetch: {exc}", file=sys.stderr)
        return 2
    common = {
        "contact": args.contact,
        "base_url": args.base_url,
        "timeout": args.timeout,
        "retries": args.retries,
        "backoff": args.backoff,
        "max_bytes": args.max_bytes,
        "deadline": args.deadline,
    }
    if args.verify:
        return _run_verify(common)
    context_kinds = [k for k in kinds if k in bls_urls.CONTEXT_FILES]
    if not years and not args.flat_files and not context_kinds and not args.latest:
        print(
            "him-wages fetch: nothing to fetch: give --years (e.g. 2011-2024), --flat-files, --kinds rpp or "
            "projections, --latest or --verify",
            file=sys.stderr,
        )
        return 2
    progress = (
        None
        if args.quiet
        else Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
    )
    if progress is not None:
        progress.start()
    try:
        if args.latest:
            return _run_latest(common, progress)
        results = fetch(
            years,
            kinds,
            flat_files=args.flat_files,
            offline=args.offline,
            force=args.force,
            progress=progress,
            keep_going=True,
            **common,
        )
    finally:
        if progress is not None:
            progress.stop()
    failed = 0
    for result in results:
        if result.error is not None:
            failed += 1
            print(f"FAILED  {result.target.name}: {_one_line(result.error)}", file=sys.stderr)
        else:
            print(
                f"{result.status:<12}  {result.target.name}  -> data/raw/bls/{result.target.key}"
                f"  sha256 {result.entry.get('sha256', '')[:12]}"
            )
    if failed:
        print(
            f"him-wages fetch: {failed} of {len(results)} files failed; cached copies were left as they were",
            file=sys.stderr,
        )
        return 1
    return 0


def _run_verify(common: dict) -> int:
    from analysis.fetch import verify as verifying

    common = {k: v for k, v in common.items() if k != "retries"} | {"retries": min(common["retries"], 2)}
    verdicts = verifying.verify(**common)
    for verdict in verdicts:
        print(verdict.line())
    code = verifying.exit_code(verdicts)
    counts = {
        s: sum(v.status == s for v in verdicts)
        for s in (verifying.MATCH, verifying.MISMATCH, verifying.UNREACHABLE, verifying.NOT_COMPARABLE)
    }
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    if code == verifying.EXIT_NOTHING_REACHABLE:
        print(
            f"him-wages fetch --verify: no publisher could be reached ({summary}); check the network", file=sys.stderr
        )
    else:
        print(f"him-wages fetch --verify: {summary}", file=sys.stderr if code else sys.stdout)
    return code


def _run_latest(common: dict, progress) -> int:
    from analysis.fetch import latest as latest_module

    report = latest_module.check_latest(progress=progress, **common)
    if report.code == latest_module.EXIT_UNREACHABLE:
        first = report.unreachable[0].split(": ", 1)[-1]
        print(
            f"him-wages fetch --latest: BLS cannot be reached, nothing checked or changed ({first}); the data "
            "already here is used",
            file=sys.stderr,
        )
        return report.code
    for line in report.lines:
        print(line)
    for line in report.failed + report.unreachable:
        print(f"FAILED  {_one_line(line)}", file=sys.stderr)
    return report.code
