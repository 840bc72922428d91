"""File helpers every writer shares: checksums (with one stat-keyed cache), writes that never leave a half-written
file or folder in place, and one lock per output so that two runs never write it at once.

A write goes to a temporary file (or folder) beside the target (same file system), is flushed and fsynced, and is
moved over the target with ``os.replace`` only when complete; the parent folder is then fsynced so that the rename
itself survives a power cut. On any error the temporary file or folder is removed and the old target is untouched.
New files and folders get the permissions the user's umask allows, like any file the user creates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from analysis import paths
from analysis.errors import LockTimeout

T = TypeVar("T")


def sha256_of(path: str | os.PathLike) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def now() -> str:
    """The current time, ISO 8601 to the second with the local UTC offset: the one clock of every timestamp the
    project writes (downloads, builds, the report index)."""
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


class HashCache:
    """sha256 of files, remembered by (path, size, mtime, ctime, inode) like git's index: an unchanged file is not
    hashed again. The inode change time is part of the key because it cannot be set back: a file rewritten in place
    with its size and modification time restored (``touch -r``) is hashed again, so its content decides.

    With a ``path`` the cache is kept in that JSON file across processes (``save()`` writes it atomically when
    something changed); without one it lives for the process only. A missing or damaged cache file is an empty
    cache."""

    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path) if path is not None else None
        self.entries: dict[str, list] = {}
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError):
                loaded = json.loads(self.path.read_text())
                if isinstance(loaded, dict):
                    self.entries = loaded
        self.changed = False

    def sha256(self, file: str | os.PathLike) -> str:
        stat = os.stat(file)
        key = str(file)
        cached = self.entries.get(key)
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        if isinstance(cached, list) and len(cached) == len(stamp) + 1 and cached[:-1] == stamp:
            return cached[-1]
        digest = sha256_of(file)
        self.entries[key] = [*stamp, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        """Write the cache file if anything changed (a cache that cannot be written is only a cache: ignored)."""
        if self.changed and self.path is not None and self.path.parent.is_dir():
            with contextlib.suppress(OSError):
                atomic_write_text(self.path, json.dumps(self.entries))
            self.changed = False


# ------------------------------------------------------------------------------------------------ permissions
def umask() -> int:
    """The process's umask (read from /proc where possible, so that no other thread sees it change)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current


def file_mode() -> int:
    """Permissions of a new file under the user's umask (0o644 with the usual umask 022)."""
    return 0o666 & ~umask()


def folder_mode() -> int:
    """Permissions of a new folder under the user's umask (0o755 with the usual umask 022)."""
    return 0o777 & ~umask()


def fsync_folder(folder: str | os.PathLike) -> None:
    """Make a folder's entries (a rename, a new file) durable. A no-op where folders cannot be opened (Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(path: str | os.PathLike) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


# ------------------------------------------------------------------------------------------------ atomic writes
def atomic_write(path: str | os.PathLike, write: Callable[[BinaryIO], T], *, mode: int | None = None) -> T:
    """Call ``write(binary_handle)`` on a temporary file beside ``path``, then move it into place.

    ``mode`` defaults to what the user's umask gives a new file. Returns what ``write`` returned."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            result = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, file_mode() if mode is None else mode)
        os.replace(tmp, target)
        fsync_folder(target.parent)
        return result
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_path(path: str | os.PathLike, write_to: Callable[[str], None], *, mode: int | None = None) -> None:
    """For writers that want a file name (xlsxwriter, pyarrow): ``write_to(temporary_path)``, then move it into
    place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write_to(tmp)
        fsync_file(tmp)
        os.chmod(tmp, file_mode() if mode is None else mode)
        os.replace(tmp, target)
        fsync_folder(target.parent)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    atomic_write(path, lambda handle: handle.write(data))


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write(path, lambda handle: handle.write(text.encode("utf-8")))


@contextlib.contextmanager
def atomic_folder(target: str | os.PathLike, *, prefix: str = ".staging-") -> Iterator[Path]:
    """Yield a new empty folder beside ``target``; when the block ends without error, fsync every file in it and
    the folder, rename it to ``target`` and fsync the parent. On error the temporary folder is removed.

    ``target`` must not exist (a generation is written once)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=prefix, dir=target.parent))
    try:
        os.chmod(staging, folder_mode())  # mkdtemp makes 0700 folders
        yield staging
        for file in staging.rglob("*"):
            if file.is_file():
                os.chmod(file, file_mode())
                fsync_file(file)
        fsync_folder(staging)
        os.rename(staging, target)
        fsync_folder(target.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


# ------------------------------------------------------------------------------------------------ locks
def lock_file(resource: str | os.PathLike) -> Path:
    """The lock file guarding ``resource`` (a file or folder): ``data/.locks/<name>-<digest>.lock`` of the project.

    Every lock file lives in that one folder, never beside what it guards, so that no input folder (``data/raw/bls``
    is both the downloads' folder and an input of the store) ever holds one. The digest is of the resource's path
    relative to the project (absolute when outside it, as a reports ``--out`` may be), so each resource has its own
    lock and the same resource always the same one."""
    root = paths.project_root()
    resolved = Path(resource).expanduser().resolve()
    try:
        key = resolved.relative_to(root).as_posix()
    except ValueError:
        key = resolved.as_posix()
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in resolved.name) or "root"
    return paths.locks_dir() / f"{name}-{digest}.lock"


@contextlib.contextmanager
def exclusive_lock(
    resource: str | os.PathLike, *, timeout: float = 600, on_wait: Callable[[], None] | None = None
) -> Iterator[None]:
    """Hold the exclusive lock of ``resource`` (:func:`lock_file`) for the block: the project's one lock helper,
    taken by the store's build, the reports' index and every fetch.

    The lock is the operating system's (``filelock``): it is released when the process ends, even by SIGKILL, so
    a crashed run never leaves a stale lock (the empty lock file stays in ``data/.locks``, harmless). When another
    process holds it, ``on_wait()`` is called once and the call waits up to ``timeout`` seconds, then raises
    :class:`LockTimeout` (exit code 75)."""
    import filelock

    path = lock_file(resource)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(path), timeout=timeout, mode=file_mode(), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except filelock.Timeout:
        if on_wait is not None:
            on_wait()
        try:
            lock.acquire(timeout=timeout)
        except filelock.Timeout as exc:
            raise LockTimeout(f"{resource} is held by another process (lock {path})") from exc
    try:
        yield
    finally:
        lock.release()
