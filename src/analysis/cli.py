"""The ``him-wages`` command (also ``python -m analysis``).

Each subcommand lives in the module that does the work; that module provides ``add_arguments(parser)`` and
``run(args) -> int``. This file only wires them together, so it stays small and starts fast: the top-level
parser is built from the static :data:`SUBCOMMANDS` table, and only the module of the subcommand chosen is
imported (``him-wages --help`` and ``--version`` import neither pandas nor any subcommand).

Global flags, accepted before or after the subcommand: ``--quiet`` (no progress, only results and errors),
``--json`` (results as one JSON document on stdout), ``--debug`` (a traceback for unexpected errors). Every
subcommand finds them on its ``args`` as ``args.quiet``, ``args.json`` and ``args.debug``.

Exit codes: 0 success; 1 a data or runtime problem (a bad input file, a failed report, a full disk, the
network); 2 a usage or configuration problem (a bad option or config, an unknown code or parameter). Every
failure is one line on stderr naming the file, the problem and what to do; no traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from analysis import __version__

PROG = "him-wages"

#: subcommand -> (module providing add_arguments/run, one-line help). Static, so that the top-level --help needs
#: no import of any subcommand module.
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "data": ("analysis.store", "build data/processed/ from the bundled data plus any BLS files, folders or archives named"),
    "info": ("analysis.info", "list the releases, areas and occupations available, with provenance"),
    "show": ("analysis.show", "print the published figures of one occupation: by area, year and industry"),
    "fetch": ("analysis.fetch", "download BLS OEWS files (special-request archives, oe flat files) into data/raw/bls/"),
    "report": ("analysis.reports", "run the notebooks of a run config and write HTML reports to reports/"),
}

#: Flags every subcommand accepts; dest on the top-level parser -> (option, help).
GLOBAL_FLAGS: dict[str, tuple[str, str]] = {
    "quiet": ("--quiet", "print only results and errors (no progress)"),
    "json": ("--json", "print the result as one JSON document on stdout"),
    "debug": ("--debug", "show the Python traceback of an unexpected error"),
}

EPILOG = ("Global flags --quiet, --json and --debug may come before or after the command. "
          "Exit codes: 0 success, 1 a data or runtime problem, 2 a usage or configuration problem. "
          "`him-wages COMMAND --help` describes a command.")


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
    parser = argparse.ArgumentParser(prog=PROG, description="BLS OEWS wages for Health Information Management "
                                     "occupations.", epilog=EPILOG)
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

    try:
        parser = build_parser(_chosen_command(argv))
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a usage error argparse already printed
        return int(exc.code) if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    except Exception as exc:  # noqa: BLE001 - a subcommand module that fails to import
        return console.report_failure(exc, command=_chosen_command(argv) or "", debug=debug, args=None)
    _merge_global_flags(args)
    if args.command is None:
        parser.print_help()
        return 2
    if getattr(args, "_unavailable", None):
        console.error_line(args.command, f"not available in this version ({args._unavailable} is missing)")
        return 2
    console.install_warning_format(args.command)
    try:
        return int(args._run(args) or 0)
    except BrokenPipeError:  # `him-wages info | head`: the reader went away; say nothing
        console.silence_stdout()
        return 0
    except KeyboardInterrupt:
        console.error_line(args.command, "interrupted; files already in place were left as they were")
        return 130
    except BaseException as exc:
        if isinstance(exc, SystemExit):
            raise
        return console.report_failure(exc, command=args.command, debug=args.debug, args=args)
    finally:
        with _suppress_broken_pipe():
            sys.stdout.flush()


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
