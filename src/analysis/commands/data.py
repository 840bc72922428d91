"""``him-wages data``: build ``data/processed`` (see :mod:`analysis.store.build`).

Exit codes: 0 built or up to date (healed when damaged, said in one line); 1 a bad, missing or unreadable input,
a full disk or another OS error (one line naming it; ``data/processed`` is left as it was); 75 another
``him-wages data`` held the store for longer than ``--wait`` seconds.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from analysis import console, paths, store
from analysis.commands.arguments import seconds
from analysis.errors import EXIT_LOCKED, LockTimeout, StoreWriteError
from analysis.settings import LOCK_WAIT

FORGET_ALL = "\0all"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="extra BLS files, folders or zip archives to include (remembered for later builds; "
        "data/raw is always read)",
    )
    parser.add_argument("--force", action="store_true", help="rebuild even when no input changed")
    parser.add_argument(
        "--forget",
        action="append",
        nargs="?",
        const=FORGET_ALL,
        default=[],
        metavar="PATH",
        help="drop PATH from the remembered inputs (repeatable); without PATH, forget them all",
    )
    parser.add_argument(
        "--wait",
        type=seconds(),
        default=LOCK_WAIT,
        metavar="SECONDS",
        help=f"how long to wait for another running `him-wages data` (default {LOCK_WAIT:g}); "
        f"then exit with code {EXIT_LOCKED}",
    )
    parser.epilog = (
        "exit codes: 0 built or up to date; 1 bad or missing input, full disk, other OS error "
        f"(data/processed left as it was); {EXIT_LOCKED} another build held the store too long"
    )


def _say(line: str) -> None:
    console.stderr_line(line)


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    terminal = Console(stderr=True)
    forget = [p for p in args.forget if p != FORGET_ALL]

    def waiting() -> None:
        _say(
            f"him-wages data: another `him-wages data` is writing {paths.processed_dir()}; "
            f"waiting up to {args.wait:g} s for it to finish ..."
        )

    try:
        with terminal.status("reading BLS inputs and building data/processed ..."):
            result = store.build(  # looked up at call time (tests replace it)
                args.paths,
                force=args.force,
                forget_extras=FORGET_ALL in args.forget,
                forget=forget,
                wait=args.wait,
                on_wait=waiting,
            )
    except LockTimeout:
        raise LockTimeout(
            f"another `him-wages data` still holds {paths.processed_dir()} after "
            f"{args.wait:g} s; try again later (data/processed was left as it was)"
        ) from None
    except OSError as exc:  # named the way the OS says it, with the file
        raise StoreWriteError(_one_line(exc)) from exc
    processed = paths.processed_dir()
    if result.healed:
        _say(f"him-wages data: the store was damaged ({result.healed}); rebuilt it from data/raw")
    if not result.rebuilt:
        print(f"data/processed is up to date ({result.rows:,} rows; releases {_years_text(result.years)})")
    else:
        shown = result.generation
        if processed.parent.parent in shown.parents:
            shown = shown.relative_to(processed.parent.parent)
        print(f"built {shown}: {result.rows:,} rows; releases {_years_text(result.years)}")
    for overlap in result.overlaps:
        _say(overlap_text(overlap))
    return 0


def _one_line(exc: OSError) -> str:
    if exc.strerror:
        where = f" {exc.filename}" if exc.filename else ""
        return f"{exc.strerror}{':' if where else ''}{where}"
    return " ".join(str(exc).split())


def overlap_text(overlap: dict) -> str:
    """One line describing an overlap recorded in current.json (also used by ``him-wages info``)."""
    kept = overlap.get("kept")
    kept = ", ".join(kept) if isinstance(kept, list) else str(kept)
    return (
        f"note: May {overlap['year']}: {overlap['rows']:,} rows published by several files "
        f"({', '.join(overlap['sources'])}); {overlap['rows_with_different_values']:,} of them differ; "
        f"kept {kept}"
    )


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(f"May {y}" for y in years) if years else "none"
