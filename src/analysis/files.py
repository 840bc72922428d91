"""File helpers every writer shares: checksums, and writes that never leave a half-written file in place.

A write goes to a temporary file in the target's folder (same file system), is flushed to disk, and is moved
over the target with ``os.replace`` only when complete; on any error the temporary file is removed and the old
target is untouched.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")


def sha256_of(path: str | os.PathLike) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def atomic_write(path: str | os.PathLike, write: Callable[[BinaryIO], T], *, mode: int = 0o644) -> T:
    """Call ``write(binary_handle)`` on a temporary file beside ``path``, then move it into place.

    Returns what ``write`` returned."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            result = write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
        return result
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_path(path: str | os.PathLike, write_to: Callable[[str], None], *, mode: int = 0o644) -> None:
    """For writers that want a file name (xlsxwriter, pyarrow): ``write_to(temporary_path)``, then move it into
    place."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write_to(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    atomic_write(path, lambda handle: handle.write(data))


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write(path, lambda handle: handle.write(text.encode("utf-8")))
