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
_LOOP = "a symbolic link loop"


def special_kind(path: str | os.PathLike) -> str | None:
    """What ``path`` is when it is neither a regular file nor a folder ("a named pipe (FIFO)", "a symbolic link
    loop", ...), else None (also None when it does not exist: the reader names a missing file itself)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return _LOOP if exc.errno == errno.ELOOP else None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return next((kind for test, kind in _KINDS.items() if test(mode)), "not a regular file")


def entry_problem(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be read as data, as the end of a sentence ("is a named pipe (FIFO)", "is a symbolic link
    loop", "is a link to a character device ('/dev/zero')", "is not readable (permission denied)"), or None when it
    is a readable regular file or folder, or does not exist (the reader names a missing file itself)."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return f"is {_LOOP}"
        if exc.errno == errno.ENOENT:
            return "is a symbolic link to a file that does not exist" if os.path.islink(path) else None
        if exc.errno == errno.EACCES:
            return "is not readable (permission denied)"
        return f"cannot be read ({exc.strerror})"
    kind = None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else special_kind(path)
    if kind is not None:
        if os.path.islink(path):
            return f"is a link to {kind} ({os.path.realpath(path)!r})"
        return f"is {kind}"
    if not os.access(path, os.R_OK | (os.X_OK if stat.S_ISDIR(mode) else 0)):
        return "is not readable (permission denied)"
    return None


def check_input(path: str | os.PathLike, *, what: str = "input") -> Path:
    """``path`` unchanged when it is a readable regular file, a folder or missing; refuses FIFOs, sockets and
    devices (also through a link), symbolic link loops and paths it may not read, naming the cause."""
    problem = entry_problem(path)
    if problem is not None:
        raise OEWSInputError(
            f"{what} {problem}, which cannot be read as data",
            location=Location(file=str(path)),
            expected="a BLS file, a folder of BLS files or a zip archive",
        )
    return Path(path)


def folder_problems(folder: str | os.PathLike, *, limit: int = 10_000) -> list[str]:
    """What in ``folder`` (and the folders under it) cannot be read, each as "'<path>' <problem>": FIFOs, devices,
    symbolic link loops, links to nothing, folders and files it may not read. Looks at ``limit`` entries at most."""
    problems: list[str] = []
    seen = 0
    pending = [Path(folder)]
    while pending and seen < limit:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as exc:
            problems.append(
                f"{str(current)!r} "
                + (
                    "is not readable (permission denied)"
                    if exc.errno == errno.EACCES
                    else f"cannot be read ({exc.strerror})"
                )
            )
            continue
        for entry in entries:
            seen += 1
            if entry.name.startswith(".") or seen > limit:
                continue
            problem = entry_problem(entry.path)
            if problem is not None:
                problems.append(f"{entry.path!r} {problem}")
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
    return problems


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


def no_data_error(path: str | os.PathLike, problems: list[str] | None = None) -> OEWSInputError:
    """The one explanation of a named folder in which no file can be read as BLS data: it names what the folder
    holds that cannot be read (``problems``, each "'<path>' <problem>", by default :func:`folder_problems`: a FIFO,
    a device link, a link loop, no permission), or says it is empty."""
    if problems is None:
        problems = folder_problems(path) if os.path.isdir(path) else []
    if problems:
        more = f"; and {len(problems) - 5:,} more" if len(problems) > 5 else ""
        return OEWSInputError(
            "found no BLS data to read: what the folder holds cannot be read",
            location=Location(file=str(path)),
            found="; ".join(problems[:5]) + more,
            expected="regular files that can be read: BLS files, zip archives or oe flat files",
        )
    return OEWSInputError(
        "found no BLS data to read: the folder is empty",
        location=Location(file=str(path)),
        found="no files",
        expected="BLS OEWS files, zip archives or oe flat files",
    )
