"""The ``him-wages`` command (also ``python -m analysis``).

Each subcommand lives in the module that does the work; that module provides ``add_arguments(parser)`` and
``run(args) -> int``. This file only wires them together, so it stays small.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from analysis import __version__

#: subcommand -> (module, one-line help)
SUBCOMMANDS: dict[str, tuple[str, str]] = {
    "data": ("analysis.store", "build data/processed/ from the bundled data plus any BLS files, folders or archives named"),
    "info": ("analysis.info", "list the releases, areas and occupations available, with provenance"),
    "fetch": ("analysis.fetch", "download BLS OEWS files (special-request archives, oe flat files) into data/raw/bls/"),
    "report": ("analysis.reports", "run the notebooks of a run config and write HTML reports to reports/"),
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="him-wages",
        description="BLS OEWS wages for Health Information Management occupations.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in SUBCOMMANDS.items():
        sub_parser = sub.add_parser(name, help=help_text, description=help_text)
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            sub_parser.set_defaults(_unavailable=module_name)
            continue
        module.add_arguments(sub_parser)
        sub_parser.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if getattr(args, "_unavailable", None):
        print(f"him-wages {args.command}: not available in this version ({args._unavailable} is missing)",
              file=sys.stderr)
        return 2
    return int(args._run(args) or 0)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
