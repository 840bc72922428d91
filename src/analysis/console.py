"""What the ``him-wages`` commands print, and how a failure becomes one line.

* Results go to stdout; progress, warnings and errors go to stderr.
* A failure is one line ``him-wages COMMAND: <file>: <problem>; <what to do>``, printed by
  :func:`report_failure` only, with the exit code of the one table in :mod:`analysis.errors` (2 a usage or
  configuration problem, 1 a data or runtime problem, 75 a lock held too long, 130 interrupted). A traceback is
  shown only with ``--debug``.
* A warning is one line (no source line): ``him-wages data: skipped 'x.xlsx': ...``.
* Text from input files and file names is printed as plain text: never read as rich markup (``[bold]`` in a file
  name stays ``[bold]``), and terminal control characters are replaced, so a file name cannot move the cursor
  or recolour the terminal.
"""

from __future__ import annotations

import errno
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Any

PROG = "him-wages"


def plain(text: object) -> str:
    """``text`` on one line with terminal control and bidirectional characters made visible (the one terminal
    escaper, :func:`analysis.text.terminal_text`)."""
    from analysis.text import terminal_text

    return terminal_text(text)


def count_text(count: int, noun: str) -> str:
    """``1 industry``, ``444 industries``, ``1,394 occupations``: thousands separators, the noun singular or
    plural (a noun ending in a full stop, ``U.S.``, stays as it is)."""
    if count == 1:
        return f"1 {noun}"
    if noun.endswith("y") and noun[-2:-1] not in "aeiou":
        noun = noun[:-1] + "ies"
    elif not noun.endswith("."):
        noun += "s"
    return f"{count:,} {noun}"


def out_line(text: object) -> None:
    """Print one line of a result on stdout, through :func:`plain`."""
    sys.stdout.write(plain(text) + "\n")


def markup_escape(text: object) -> str:
    """``text`` safe inside a rich markup string (``[bold]`` shows literally), control characters replaced."""
    from rich.markup import escape

    return escape(plain(text))


def error_line(command: str | None, message: str) -> None:
    """Print ``him-wages COMMAND: message`` on stderr (one line)."""
    prefix = f"{PROG} {command}" if command else PROG
    _write_stderr(f"{prefix}: {plain(message)}\n")


def stderr_line(text: object) -> None:
    """Print one line of progress, a note or a per-item failure on stderr, through :func:`plain`."""
    _write_stderr(plain(text) + "\n")


def _write_stderr(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def silence_stdout() -> None:
    """After the reader of stdout went away (``him-wages info | head``): send the rest to /dev/null, so that
    Python's final flush does not print a BrokenPipeError."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


# ------------------------------------------------------------------------------------------------ warnings
def format_warning(message: Warning | str, category: type[Warning], command: str | None = None) -> str:
    """One line for a warning: skipped inputs say "skipped" and name the file; others say "warning"."""
    from analysis.errors import SkippedInputWarning

    text = plain(message).strip()
    prefix = f"{PROG} {command}" if command else PROG
    if issubclass(category, SkippedInputWarning) or text.lower().startswith("skipped"):
        text = re.sub(r"^skipped:?\s*", "", text, flags=re.IGNORECASE)
        return f"{prefix}: skipped {text}"
    kind = "warning" if category in (UserWarning, Warning) else category.__name__
    return f"{prefix}: {kind}: {text}"


#: Warnings meant for developers of the libraries, not for the person running a command (shown with --debug).
DEVELOPER_WARNINGS = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)


def install_warning_format(command: str | None, *, debug: bool = False):
    """Show every warning of this process as one line on stderr (no file name, line number or source line);
    library deprecation notices only with ``--debug``. Returns a function that puts the previous
    ``warnings.showwarning`` back."""
    previous = warnings.showwarning

    def show(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, DEVELOPER_WARNINGS) and not debug:
            return
        stream = file or sys.stderr
        try:
            stream.write(format_warning(message, category, command) + "\n")
        except (OSError, ValueError):
            pass

    warnings.showwarning = show

    def restore() -> None:
        warnings.showwarning = previous

    return restore


# ------------------------------------------------------------------------------------------------ failures
#: errno -> (problem, what to do)
_OS_PROBLEMS: dict[int, tuple[str, str]] = {
    errno.EACCES: ("permission denied", "check the permissions of the file and its folder, or choose another path"),
    errno.EPERM: ("operation not permitted", "check the permissions of the file and its folder"),
    errno.ENOSPC: (
        "no space left on the device",
        ("free some space and run again; files already in place were left as they were"),
    ),
    errno.EDQUOT: ("disk quota exceeded", "free some space and run again"),
    errno.EEXIST: ("already exists", "remove it or choose another name"),
    errno.ENOENT: ("no such file or folder", "check the path"),
    errno.ENOTDIR: ("a path component is not a folder", "check the path"),
    errno.EISDIR: ("is a folder where a file was expected", "give a file"),
    errno.EROFS: ("read-only file system", "choose a writable folder"),
    errno.ENAMETOOLONG: ("file name too long", "choose a shorter path"),
    errno.ELOOP: ("too many symbolic links", "check the path"),
    errno.EMFILE: ("too many open files", "raise the limit (ulimit -n) and run again"),
    errno.ENXIO: ("no such device", "give a regular file or folder"),
    errno.EIO: ("input/output error", "check the disk"),
}


def _network_error(exc: BaseException) -> bool:
    module = type(exc).__module__ or ""
    return module.split(".")[0] in ("requests", "urllib3", "http", "socket", "ssl") or isinstance(
        exc, (ConnectionError, TimeoutError)
    )


def _size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    return f"{size} bytes"  # pragma: no cover


def _inputs_named(args: Any) -> list[Path]:
    """The input files and folders a command line named (for a message about memory)."""
    if args is None:
        return []
    named: list[Path] = []
    for attribute in ("paths", "data_dir", "data_dirs"):
        for value in getattr(args, attribute, None) or []:
            named.append(Path(value))
    return named


def _path_size(path: Path) -> int:
    try:
        if path.is_dir():
            return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
        return path.stat().st_size
    except OSError:
        return 0


def _file_from_traceback(exc: BaseException) -> str | None:
    """The file an OS error was about when the error does not say (a failed ``write()`` names none): the
    innermost frame of the traceback with a local variable ``target``, ``path``, ``file`` or ``tmp``."""
    frames = []
    tb = exc.__traceback__
    while tb is not None:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
    for frame in reversed(frames):
        for name in ("target", "path", "file", "filename", "tmp"):
            value = frame.f_locals.get(name)
            if isinstance(value, (str, os.PathLike)) and str(value):
                return str(value)
    return None


#: What each command adds to a failure it stopped on (unless the message says it already).
AFTERWORD: dict[str, str] = {"data": "data/processed was left as it was."}

#: The line for Ctrl-C, per command.
INTERRUPTED: dict[str, str] = {
    "fetch": "interrupted; finished files are kept, a partial download resumes next time",
}
_INTERRUPTED_DEFAULT = "interrupted; files already in place were left as they were"


def describe_failure(exc: BaseException, *, args: Any = None, command: str | None = None) -> tuple[str, int]:
    """``(one-line message, exit code)`` for an exception that reached the command line. The code comes from the
    one table, :func:`analysis.errors.exit_code`."""
    from analysis.errors import HimWagesError, StoreError, exit_code

    code = exit_code(exc)
    message = _problem_text(exc, args=args, command=command)
    afterword = AFTERWORD.get(command or "")
    if afterword and code == 1 and isinstance(exc, (HimWagesError, OSError)) and "left as it was" not in message:
        message = f"{message}; {afterword}"
    if isinstance(exc, StoreError) and command != "data" and "him-wages data" not in message:
        message += "; run `him-wages data --force` to rebuild the store from data/raw"
    return message, code


def _problem_text(exc: BaseException, *, args: Any, command: str | None) -> str:
    from analysis.errors import HimWagesError

    if isinstance(exc, KeyboardInterrupt):
        return INTERRUPTED.get(command or "", _INTERRUPTED_DEFAULT)
    if isinstance(exc, HimWagesError):
        return str(exc)
    if isinstance(exc, MemoryError):
        named = _inputs_named(args)
        what = ", ".join(f"{str(p)!r} ({_size_text(_path_size(p))})" for p in named) or "the inputs"
        return (
            f"ran out of memory reading {what}; give the oe flat files or a smaller file, or use a machine "
            "with more memory (data/processed was left as it was)"
        )
    if _network_error(exc):
        url = getattr(getattr(exc, "request", None), "url", None)
        where = f"{url}: " if url else ""
        return (
            f"network error: {where}{type(exc).__name__}: {exc}; check the connection or --base-url, "
            "or use --offline with files already downloaded"
        )
    if isinstance(exc, OSError):
        problem, todo = _OS_PROBLEMS.get(exc.errno or -1, (exc.strerror or type(exc).__name__, "check the path"))
        names = [str(n) for n in (exc.filename, getattr(exc, "filename2", None)) if n is not None]
        if not names:
            found = _file_from_traceback(exc)
            names = [found] if found else []
        where = " -> ".join(repr(n) for n in names)
        if exc.errno is None or exc.errno not in _OS_PROBLEMS:
            problem = f"{problem} ({type(exc).__name__}: {exc})" if str(exc) and str(exc) != problem else problem
        return f"{where}: {problem}; {todo}" if where else f"{problem}; {todo}"
    module = (type(exc).__module__ or "").split(".")[0]
    if module == "pyarrow" or type(exc).__name__ == "JSONDecodeError":
        return (
            f"a stored file could not be read ({type(exc).__name__}: {exc}); "
            "run `him-wages data --force` to rebuild data/processed from data/raw"
        )
    return f"unexpected error: {type(exc).__name__}: {exc}; run again with --debug for the details and report it"


#: Words a message's last clause starts with when it says what to do (that clause is the hint of a JSON error).
_TODO_WORDS = ("run", "give", "check", "free", "remove", "choose", "add", "use", "raise", "set", "install")


def failure_hint(exc: BaseException, message: str, code: int, command: str | None) -> str:
    """What to do about a failure, for a JSON error: the error's own ``hint``, else the message's last clause
    when it says what to do, else a pointer by exit code (the options for a usage error, --debug otherwise)."""
    hint = getattr(exc, "hint", None)
    if hint:
        return str(hint)
    last = message.rsplit("; ", 1)[-1].strip()
    if last != message and last.split(" ", 1)[0].lower() in _TODO_WORDS:
        return last
    if code == 2:
        return usage_hint(command)
    return "run again with --debug for the details"


def usage_hint(command: str | None) -> str:
    """What to run after a usage error: the command's ``--help``, or the program's when no command was given."""
    return f"`{PROG} {command} --help` describes the options" if command else f"`{PROG} --help` lists the commands"


def failure_document(exc: BaseException, *, command: str | None, args: Any = None) -> dict[str, Any]:
    """A failure as the JSON document ``--json`` prints on stdout: ``{"command", "error": {"message",
    "exit_code", "hint"}}`` (the message is the one line printed on stderr)."""
    message, code = describe_failure(exc, args=args, command=command)
    return {
        "command": command,
        "error": {"message": plain(message), "exit_code": code, "hint": failure_hint(exc, message, code, command)},
    }


def json_failure(document: dict[str, Any]) -> None:
    """Write a failure's JSON document on stdout (``--json``)."""
    import json

    try:
        sys.stdout.write(json.dumps(document, indent=2, default=str) + "\n")
        sys.stdout.flush()
    except (OSError, ValueError):
        pass


def report_failure(
    exc: BaseException, *, command: str | None, debug: bool, args: Any = None, as_json: bool = False
) -> int:
    """The one place a failure is printed: one line (a traceback first with ``--debug``), through :func:`plain`,
    as ``him-wages COMMAND: message`` (an :class:`~analysis.errors.Incomplete` may name its own label, e.g.
    ``fetch --verify``); with ``as_json`` (``--json``) also a JSON document on stdout
    (:func:`failure_document`). Returns the exit code, the same either way."""
    if debug and not isinstance(exc, KeyboardInterrupt):
        import traceback

        traceback.print_exception(exc)
    message, code = describe_failure(exc, args=args, command=command)
    error_line(getattr(exc, "label", None) or command, message)
    if as_json:
        json_failure(failure_document(exc, command=command, args=args))
    return code
