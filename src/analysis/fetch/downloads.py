"""Fetching files: for each target, confirm the cached copy (conditional request) or download, check and install
it, and record it in the ledger. :func:`fetch` is the entry point (``analysis.fetch.fetch``)."""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import os
import zipfile
from collections.abc import Iterable, Sequence

import requests

from analysis import paths, settings
from analysis.errors import (
    ConfigError,
    ContactNotConfiguredError,
    DownloadError,
    FetchError,
    LockTimeout,
    NotInCacheError,
    OEWSInputError,
)
from analysis.fetch import bls_urls
from analysis.fetch.checks import check_archive, check_context_file, check_flat_file
from analysis.fetch.http import discard, download, part_paths
from analysis.fetch.install import install_archive, recover_interrupted
from analysis.fetch.ledger import installed_intact, manifest_lock, read_manifest, record, target_lock
from analysis.fetch.options import FetchOptions, FetchResult, Target, make_session, resolve_contact, targets
from analysis.files import now, sha256_of
from analysis.sources.archives import ArchiveLimits


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
        # One install at a time: recover_interrupted() of another run never sees it half-done.
        with manifest_lock(options.wait):
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
                discard(part)
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
        discard(part, state_file)
        raise
    discard(state_file)
    status = "downloaded" if not entry else ("updated" if entry.get("sha256") != sha else "unchanged")
    return FetchResult(target, status, new_entry)


def fetch(
    years: Iterable[int] = (),
    kinds: Iterable[str] = ("national",),
    *,
    flat_files: bool = False,
    options: FetchOptions | None = None,
    keep_going: bool = False,
    extra_targets: Sequence[Target] = (),
    **settings_given,
) -> list[FetchResult]:
    """Download the special-request archives of ``years`` x ``kinds`` (and the oe flat files) into
    ``data/raw/bls/``, recording each in ``MANIFEST.json``.

    The settings are one :class:`FetchOptions` (``options``); a keyword naming one of its fields (``base_url=``,
    ``retries=`` ...) overrides it. ``base_url`` defaults to ``HIM_WAGES_BLS_BASE_URL``. With ``keep_going``
    every target is tried and failures are returned (``FetchResult.error``); otherwise the first failure raises
    (``FetchError`` or ``OEWSInputError``). Each file's manifest entry is written as soon as it is done (under the
    manifest lock), so an interrupted fetch keeps what it finished and concurrent fetches keep each other's
    entries.
    """
    options = dataclasses.replace(options or FetchOptions(), **settings_given)
    if options.limits is None:
        options.limits = ArchiveLimits()
    origin = "base_url"
    if options.base_url is None:
        options.base_url, origin = settings.get().bls_base_url, settings.BASE_URL_ENV
    try:
        bls_urls.rebase(bls_urls.ARCHIVE_BASE, options.base_url)
    except ValueError as exc:
        raise ConfigError(f"{origin}: {exc}") from None
    wanted = targets(years, kinds, flat_files=flat_files, base_url=options.base_url) + list(extra_targets)
    return fetch_targets(wanted, options, keep_going=keep_going)


def fetch_targets(wanted: Sequence[Target], options: FetchOptions, *, keep_going: bool = False) -> list[FetchResult]:
    """Fetch ``wanted`` with ``options`` (see :func:`fetch`)."""
    options.check()
    session = None
    if not options.offline:
        options = dataclasses.replace(options, contact=resolve_contact(options.contact))
        session = make_session(options.contact)
    folder = paths.downloads_dir()
    made_folder = not folder.exists()
    try:
        if not made_folder and not folder.is_dir():  # a file where the folder should be
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
        with manifest_lock(options.wait):
            recover_interrupted()
    except LockTimeout:  # a TimeoutError, so an OSError: not a problem of the folder
        raise
    except OSError as exc:
        raise FetchError(_os_problem(exc, "prepare the download folder")) from None
    results: list[FetchResult] = []
    try:
        for target in wanted:
            try:
                try:
                    with target_lock(target, options.wait):
                        result = fetch_one(session, target, options, read_manifest())
                        if not options.offline:
                            record(target.key, result.entry, options.wait)
                except LockTimeout:
                    raise
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
        if made_folder:  # a fetch that kept nothing leaves data/raw as it found it (rmdir removes only an empty one)
            with contextlib.suppress(OSError):
                folder.rmdir()
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
