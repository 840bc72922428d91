"""``him-wages report``: run the notebooks of a run config and write HTML reports (:mod:`analysis.reports`).

``analysis.reports`` imports papermill, nbconvert and altair (seconds); ``him-wages report --help`` needs none of
them, so :func:`run` imports :mod:`analysis.reports.build` only when a run starts.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.commands.arguments import count, seconds
from analysis.settings import DEFAULT_CELL_TIMEOUT, LOCK_WAIT, default_jobs


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=None,
        help="TOML run config naming each report's notebook, parameters and name "
        "(default: reports.toml at the project root)",
    )
    parser.add_argument("--only", nargs="+", metavar="NAME", help="build only these reports of the config")
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a notebook parameter for the reports whose notebook has it; the value is "
        "read as YAML/JSON (2024, true, [29-2072, 29-9021]); codes like 06 stay strings; "
        "a name no selected notebook has is an error",
    )
    parser.add_argument(
        "--jobs",
        "-j",
        type=int,
        default=None,
        help=f"notebooks executed in parallel (default: the cores, here {default_jobs()})",
    )
    parser.add_argument(
        "--out", type=Path, default=None, help="output folder (default: reports/ of the project); not / and not a file"
    )
    parser.add_argument(
        "--data-dir",
        nargs="+",
        default=[],
        metavar="DIR",
        dest="data_dirs",
        help="extra folders of BLS files, passed to every notebook as data_dirs",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="rebuild every report, even when its notebook, parameters and data are unchanged",
    )
    parser.add_argument("--include-code", action="store_true", help="show the notebooks' code cells in the HTML")
    parser.add_argument(
        "--timeout",
        type=count(least=0),
        default=DEFAULT_CELL_TIMEOUT,
        metavar="SECONDS",
        help=f"longest a single cell may run (default {DEFAULT_CELL_TIMEOUT})",
    )
    parser.add_argument(
        "--wait",
        type=seconds(),
        default=LOCK_WAIT,
        metavar="SECONDS",
        help=f"how long to wait for another run updating the same index (default {LOCK_WAIT:g}); then exit with "
        "code 75",
    )
    parser.epilog = (
        "exit codes: 0 every report built or unchanged; 1 a report failed (named with its notebook "
        "and cell); 2 a bad config or option; 75 another run held the index too long"
    )


def run(args: argparse.Namespace) -> int:
    from analysis.reports import index_update
    from analysis.reports.build import run as run_reports_command

    with index_update.waiting_at_most(args.wait):
        return run_reports_command(args)
