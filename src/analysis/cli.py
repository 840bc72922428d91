"""The ``him-wages`` command (also ``python -m analysis``).

Each subcommand is a module of :mod:`analysis.commands` providing ``add_arguments(parser)`` and
``run(args) -> int``. This file only wires them together, so it stays small and starts fast: the top-level
parser is built from the static :data:`SUBCOMMANDS` table, and only the module of the subcommand chosen is
imported (``him-wages --help`` and ``--version`` import neither pandas nor any subcommand).

Global flags, accepted before or after the subcommand: ``--quiet`` (no progress, only results and errors),
``--json`` (results as one JSON document on stdout; a failure too, with its message, exit code and hint),
``--debug`` (a traceback for unexpected errors). Every subcommand finds them on its ``args`` as ``args.quiet``,
``args.json`` and ``args.debug``.

Exit codes (decided once, by :data:`analysis.errors.EXIT_CODES`): 0 success; 1 a data or runtime problem (a bad
input file, a failed report, a full disk, the network); 2 a usage or configuration problem (a bad option or
config, an unknown code or parameter); 3 no publisher reachable (fetch --latest/--verify); 75 a lock held too
long; 130 interrupted. Every failure is one line on stderr (:func:`analysis.console.report_failure`) naming the
file, the problem and what to do; no traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import os
import sys

from analysis import __version__
from analysis.console import PROG

#: subcommand -> (module providing add_arguments/run, one-line help). Static, so that the top-level --help needs
#: no import of any subcommand module.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "data": (
        "analysis.commands.data",
        "build data/processed/ from the bundled data plus any BLS files, folders or archives named",
    ),
    "info": ("analysis.commands.info", "list the releases, areas and occupations available, with provenance"),
    "show": ("analysis.commands.show", "print the published figures of one occupation: by area, year and industry"),
    "fetch": (
        "analysis.commands.fetch",
        "download BLS OEWS files (special-request archives, oe flat files) into data/raw/bls/",
    ),
    "report": ("analysis.commands.report", "run the notebooks of a run config and write HTML reports to reports/"),
}

#: Global flags each command's own code honours (``args.quiet`` / ``args.json``). For the others the CLI does it:
#: ``--quiet`` holds back the command's stderr and shows it only if the command fails (warnings about skipped
#: inputs are still shown); ``--json`` collects the command's stdout lines into a JSON document (with the store's
#: manifest summary for ``data``).
NATIVE_FLAGS: dict[str, frozenset[str]] = {
    "data": frozenset(),
    "info": frozenset({"json"}),
    "show": frozenset({"quiet", "json"}),
    "fetch": frozenset({"quiet"}),
    "report": frozenset({"quiet", "json"}),
}

#: Flags every subcommand accepts; dest on the top-level parser -> (option, help).
GLOBAL_FLAGS: dict[str, tuple[str, str]] = {
    "quiet": ("--quiet", "print only results and errors (no progress)"),
    "json": ("--json", "print the result as one JSON document on stdout"),
    "debug": ("--debug", "show the Python traceback of an unexpected error"),
}

EPILOG = (
    "Global flags --quiet, --json and --debug may come before or after the command. "
    "Exit codes: 0 success, 1 a data or runtime problem, 2 a usage or configuration problem. "
    "`him-wages COMMAND --help` describes a command."
)


def _chosen_command(argv: list[str]) -> str | None:
    """The subcommand named in ``argv`` (the first word that is not an option), if it is a known one."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            return word if word in SUBCOMMANDS else None
    return None


def _add_global_flags(parser: argparse.ArgumentParser, *, top: bool) -> None:
    group = parser.add_argument_group("global flags") if top else parser
    for dest, (option, help_text) in GLOBAL_FLAGS.items():
        if top:
            group.add_argument(option, dest=f"global_{dest}", action="store_true", help=help_text)
        elif option not in parser._option_string_actions:  # the command may declare its own (info --json)
            parser.add_argument(option, dest=dest, action="store_true", help=help_text)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported to declare its arguments (the others are stubs)."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="BLS OEWS wages for Health Information Management occupations.", epilog=EPILOG
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_global_flags(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        if name != command:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            sub_parser.set_defaults(_unavailable=module_name)
            continue
        module.add_arguments(sub_parser)
        _add_global_flags(sub_parser, top=False)
        sub_parser.set_defaults(_run=module.run)
    return parser


def _merge_global_flags(args: argparse.Namespace) -> None:
    for dest in GLOBAL_FLAGS:
        setattr(args, dest, bool(getattr(args, dest, False) or getattr(args, f"global_{dest}", False)))


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    from analysis import console

    as_json = "--json" in argv[: argv.index("--")] if "--" in argv else "--json" in argv
    usage = io.StringIO()
    try:
        parser = build_parser(_chosen_command(argv))
        with _tee_stderr(usage):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse already printed
        code = int(exc.code) if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        if code and as_json:
            _usage_document(usage.getvalue(), _chosen_command(argv), code)
        return code
    except Exception as exc:  # noqa: BLE001 - a subcommand module that fails to import
        command = _chosen_command(argv) or ""
        return console.report_failure(exc, command=command, debug=debug, args=None, as_json=as_json)
    _merge_global_flags(args)
    if args.command is None:
        parser.print_help()
        return 2
    if getattr(args, "_unavailable", None):
        console.error_line(args.command, f"not available in this version ({args._unavailable} is missing)")
        return 2
    restore = console.install_warning_format(args.command, debug=args.debug)
    try:
        _check_named_inputs(args)
        return _run_command(args)
    except BrokenPipeError:  # `him-wages info | head`: the reader went away; say nothing
        console.silence_stdout()
        return 0
    except SystemExit:
        raise
    except BaseException as exc:  # noqa: BLE001 - the one handler; the code comes from errors.EXIT_CODES
        return console.report_failure(exc, command=args.command, debug=args.debug, args=args, as_json=args.json)
    finally:
        restore()
        with _suppress_broken_pipe():
            sys.stdout.flush()


def _run_command(args: argparse.Namespace) -> int:
    """Run the chosen command, doing ``--quiet`` / ``--json`` for it where its own code does not."""
    import contextlib

    from analysis import console

    native = NATIVE_FLAGS.get(args.command, frozenset())
    quiet = args.quiet and "quiet" not in native
    as_json = args.json and "json" not in native
    if not (quiet or as_json):
        return int(args._run(args) or 0)
    held_err, held_out = io.StringIO(), io.StringIO()
    failure: BaseException | None = None
    with contextlib.ExitStack() as stack:
        if quiet:
            stack.enter_context(contextlib.redirect_stderr(held_err))
        if as_json:
            stack.enter_context(contextlib.redirect_stdout(held_out))
        try:
            code = int(args._run(args) or 0)
        except (SystemExit, BrokenPipeError):
            _release_held(held_err, failed=True)
            raise
        except BaseException as exc:  # noqa: BLE001 - printed below, once stdout is the JSON document's again
            failure = exc
    _release_held(held_err, failed=failure is not None or code != 0)
    if failure is not None:
        if not as_json:
            raise failure
        code = console.report_failure(failure, command=args.command, debug=args.debug, args=args)
    if as_json:
        document = {"command": args.command, "exit_code": code, "lines": held_out.getvalue().splitlines()}
        if failure is not None:
            document["error"] = console.failure_document(failure, command=args.command, args=args)["error"]
        if args.command == "data":
            document["store"] = _store_summary()
        sys.stdout.write(json.dumps(document, indent=2, default=str) + "\n")
    return code


class _tee_stderr:
    """Copy what is written to stderr (argparse's usage error) into ``copy`` as well."""

    def __init__(self, copy: io.StringIO):
        self.copy = copy

    def __enter__(self):
        self.previous = sys.stderr
        copy, previous = self.copy, sys.stderr

        class Tee(io.TextIOBase):
            def write(self, text: str) -> int:
                copy.write(text)
                return previous.write(text)

            def flush(self) -> None:
                previous.flush()

        sys.stderr = Tee()
        return self

    def __exit__(self, *exc_info):
        sys.stderr = self.previous
        return False


def _usage_document(printed: str, command: str | None, code: int) -> None:
    """With ``--json``, a usage error argparse printed on stderr is also a JSON document on stdout."""
    from analysis import console

    lines = [line for line in printed.splitlines() if line.strip()]
    message = lines[-1] if lines else "usage error"
    message = message.split(": error: ", 1)[-1]
    hint = console.usage_hint(command)
    console.json_failure({"command": command, "error": {"message": message, "exit_code": code, "hint": hint}})


def _release_held(held: io.StringIO, *, failed: bool) -> None:
    """Write the held-back stderr: all of it after a failure, else only warnings and skipped inputs."""
    for line in held.getvalue().splitlines():
        if failed or " skipped " in line or "warning" in line.lower():
            sys.stderr.write(line + "\n")
    held.seek(0)
    held.truncate()


def _store_summary() -> dict | None:
    from analysis.store import read_current

    current = read_current()
    if not current:
        return None
    return {key: current.get(key) for key in ("generation", "built", "years", "rows", "rows_by_year", "overlaps")}


def _check_named_inputs(args: argparse.Namespace) -> None:
    """Refuse a FIFO, socket or device named as an input before any reader opens it (it would wait forever)."""
    from analysis.inputs import check_input

    for attribute, what in (("paths", "input"), ("data_dir", "--data-dir"), ("data_dirs", "--data-dir")):
        for value in getattr(args, attribute, None) or []:
            check_input(value, what=what)


class _suppress_broken_pipe:
    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is not None and issubclass(kind, (BrokenPipeError, ValueError)):
            from analysis import console

            console.silence_stdout()
            return True
        return False


def entry_point() -> None:  # pragma: no cover - the console script
    code = main()
    try:
        sys.stdout.flush()
    except (BrokenPipeError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    raise SystemExit(code)


if __name__ == "__main__":  # pragma: no cover
    entry_point()
