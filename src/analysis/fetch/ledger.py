"""The downloads ledger, ``data/raw/bls/MANIFEST.json``: one entry per downloaded file (URL, retrieval time, size,
sha256, HTTP validators, installed files), changed one entry at a time under a lock so concurrent fetches keep each
other's entries; and the per-file lock two fetches of one file take turns on (both through the project's one lock
helper, :func:`analysis.files.exclusive_lock`)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

from analysis import console, files, paths
from analysis.errors import LockTimeout
from analysis.fetch.options import Target
from analysis.files import atomic_write_bytes, sha256_of
from analysis.settings import LOCK_WAIT

MANIFEST_NAME = "MANIFEST.json"
MANIFEST_FORMAT = 1


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


def manifest_lock(wait: float = LOCK_WAIT):
    """Hold the lock of ``data/raw/bls/MANIFEST.json`` (the project's one lock helper, its lock file in
    ``data/.locks``, never in ``data/raw``): one process at a time reads, changes and writes MANIFEST.json (and
    installs a download), so concurrent fetches never drop each other's entries. Waits at most ``wait`` seconds,
    then raises :class:`~analysis.errors.LockTimeout` (exit code 75)."""
    return _lock(manifest_path(), wait, "the downloads' record")


def target_lock(target: Target, wait: float = LOCK_WAIT):
    """Hold the lock of one downloaded file while it is fetched: two runs fetching the same file take turns (the
    second then finds it current) instead of writing the same ``.part``. The second says it waits, and waits at
    most ``wait`` seconds."""
    return _lock(paths.downloads_dir() / target.key, wait, target.name, announce=True)


@contextlib.contextmanager
def _lock(resource: Path, wait: float, what: str, *, announce: bool = False) -> Iterator[None]:
    def say_waiting() -> None:
        console.stderr_line(f"him-wages fetch: waiting for another fetch of {what} to finish (up to {wait:g} s) ...")

    try:
        with files.exclusive_lock(resource, timeout=wait, on_wait=say_waiting if announce else None):
            yield
    except LockTimeout:
        raise LockTimeout(
            f"another `him-wages fetch` still holds the lock on {resource} after {wait:g} s; try again later "
            f"(data/raw/bls was left as it was)"
        ) from None


def record(key: str, entry: dict, wait: float = LOCK_WAIT) -> None:
    """Put one entry into MANIFEST.json under the lock: re-read what other processes wrote, change only ``key``."""
    with manifest_lock(wait):
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
