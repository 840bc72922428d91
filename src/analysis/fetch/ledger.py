"""The downloads ledger, ``data/raw/bls/MANIFEST.json``: one entry per downloaded file (URL, retrieval time, size,
sha256, HTTP validators, installed files), changed one entry at a time under a lock so concurrent fetches keep each
other's entries; and the per-file lock two fetches of one file take turns on."""

from __future__ import annotations

import contextlib
import errno
import json
import os
from pathlib import Path

from analysis import console, paths
from analysis.fetch.options import Target
from analysis.files import atomic_write_bytes, sha256_of

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
                    console.stderr_line(waiting)
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
