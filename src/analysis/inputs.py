"""Checks on the paths a user names (inputs, configs, output folders) before anything opens them.

A FIFO, a socket or a device given as an input would make a reader wait forever (or read an endless stream),
so it is refused at once with a message naming it; an output folder must be a folder (or not exist yet) and
must not be the root of the file system.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from analysis.errors import ConfigError, Location, OEWSInputError

_KINDS = {
    stat.S_ISFIFO: "a named pipe (FIFO)",
    stat.S_ISCHR: "a character device",
    stat.S_ISBLK: "a block device",
    stat.S_ISSOCK: "a socket",
}


def special_kind(path: str | os.PathLike) -> str | None:
    """What ``path`` is when it is neither a regular file nor a folder ("a named pipe (FIFO)", ...), else None
    (also None when it does not exist: the reader names a missing file itself)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return "a symbolic link that loops" if exc.errno == errno.ELOOP else None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((kind for test, kind in _KINDS.items() if test(mode)), "not a regular file")


def check_input(path: str | os.PathLike, *, what: str = "input") -> Path:
    """``path`` unchanged when it is a regular file, a folder or missing; refuses FIFOs, sockets and devices."""
    kind = special_kind(path)
    if kind is not None:
        raise OEWSInputError(
            f"{what} is {kind}, which cannot be read as data",
            location=Location(file=str(path)),
            expected="a BLS file, a folder of BLS files or a zip archive",
        )
    return Path(path)


def check_config_file(path: str | os.PathLike, *, what: str = "run config") -> Path:
    """A config file to read: refuses FIFOs, sockets and devices (a ConfigError, exit code 2)."""
    kind = special_kind(path)
    if kind is not None:
        raise ConfigError(f"{what} {str(path)!r} is {kind}, not a file; give a TOML file")
    return Path(path)


def check_output_dir(path: str | os.PathLike, *, what: str = "--out") -> Path:
    """An output folder: it may not exist yet, but it must not be a file, a special file or the root folder."""
    target = Path(path).expanduser()
    resolved = target.resolve()
    if resolved == Path(resolved.anchor):
        raise ConfigError(
            f"{what} {str(path)!r} is the root of the file system; give a folder of its own, e.g. reports/"
        )
    if target.exists() and not target.is_dir():
        kind = special_kind(target) or "an existing file"
        raise ConfigError(f"{what} {str(path)!r} is {kind}, not a folder; give a folder (it is created if missing)")
    for parent in resolved.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ConfigError(f"{what} {str(path)!r}: {str(parent)!r} is a file, not a folder")
            break
    return target


def why_no_files(folder: str | os.PathLike) -> str:
    """Why a folder yields no file to read, in words: it may not be read, it holds only special files (a FIFO, a
    link to a device), links that loop or lead nowhere, or it is really empty."""
    folder = Path(folder)
    try:
        entries = list(os.scandir(folder))
    except PermissionError:
        return "the folder may not be read (permission denied)"
    except OSError as exc:
        return f"the folder cannot be read ({exc.strerror or exc})"
    found: list[str] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            mode = os.stat(entry.path).st_mode
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                found.append(f"{entry.name!r} is a symbolic link that loops")
            elif exc.errno == errno.EACCES:
                found.append(f"{entry.name!r} may not be read (permission denied)")
            else:
                found.append(f"{entry.name!r} is a link to nothing")
            continue
        if stat.S_ISDIR(mode):
            inner = why_no_files(entry.path)
            if inner != "the folder is empty":
                found.append(f"{entry.name!r}: {inner}")
        elif not stat.S_ISREG(mode):
            kind = next((kind for test, kind in _KINDS.items() if test(mode)), "not a regular file")
            found.append(f"{entry.name!r} is {kind}")
    if not found:
        return "the folder is empty"
    shown = "; ".join(found[:3]) + (f"; and {len(found) - 3} more" if len(found) > 3 else "")
    return f"the folder holds no regular file to read: {shown}"
