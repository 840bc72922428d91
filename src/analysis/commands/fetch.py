"""``him-wages fetch``: download BLS OEWS files into ``data/raw/bls/`` (the machinery is :mod:`analysis.fetch`).

Results go to stdout, one line per failed file (``FAILED  name: why``) to stderr; a run where something failed
raises (:class:`~analysis.errors.Incomplete` and its kinds), and the command line's one handler prints the
summary and decides the exit code.
"""

from __future__ import annotations

import argparse
import dataclasses
import re

from analysis import console, settings
from analysis.commands.arguments import count, seconds
from analysis.errors import EXIT_LOCKED, ConfigError, Incomplete, PartlyUnreachable, PublisherUnreachable
from analysis.fetch import bls_urls
from analysis.fetch.options import DEADLINE_SECONDS, LABEL_VERIFY, FetchOptions
from analysis.settings import LOCK_WAIT

#: More retries than this only add waiting: the backoff doubles each time and the deadline ends them anyway.
MAX_RETRIES = 100


def _byte_count(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*", str(text).lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size (e.g. 600MB, 2GB or a number of bytes)")
    number = float(match.group(1)) * {"": 1, "k": 1000, "m": 1000**2, "g": 1000**3}[match.group(2)]
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: the bound must be at least one byte")
    return int(number)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--years", help="May reference years: 2023, 2011-2024 or 2011-2013,2015")
    parser.add_argument(
        "--kinds",
        default="national",
        help="archive kinds, comma-separated: "
        + ",".join(bls_urls.ARCHIVE_SUFFIXES)
        + " (default national); also rpp (BEA's SARPP.zip) and projections (BLS's occupation.xlsx),"
        " which need no --years and go to data/raw/bls/context/",
    )
    parser.add_argument(
        "--flat-files", action="store_true", help="also fetch the oe time-series flat files (current release)"
    )
    parser.add_argument(
        "--latest",
        action="store_true",
        help="ask BLS (conditional requests) whether a newer oe release or the next national file "
        "exists, and fetch it; exit 3 with one line when BLS cannot be reached",
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="download each file data/raw/MANIFEST lists under [[copies]] from its publisher and "
        "compare sha256: match / mismatch / unreachable / not comparable (exit 0 all match, 1 a "
        "mismatch, 3 nothing reachable, 4 some unreachable)",
    )
    parser.add_argument(
        "--offline", action="store_true", help="use only data/raw/bls; fail if a needed file is not there"
    )
    parser.add_argument("--force", action="store_true", help="download even if the cached copy is current")
    parser.add_argument(
        "--base-url", default=None, help=f"a mirror replacing BLS's scheme and host (default ${settings.BASE_URL_ENV})"
    )
    parser.add_argument(
        "--contact",
        default=None,
        help=f"your e-mail address, sent in the User-Agent (default ${settings.CONTACT_ENV} or config file)",
    )
    parser.add_argument(
        "--timeout",
        type=seconds(allow_zero=False),
        default=60.0,
        help="seconds to wait for each answer from the server (default 60)",
    )
    parser.add_argument(
        "--deadline",
        type=seconds(allow_zero=False),
        default=DEADLINE_SECONDS,
        help=f"seconds one file may take in all, retries included (default {DEADLINE_SECONDS:g})",
    )
    parser.add_argument(
        "--max-bytes",
        type=_byte_count,
        default=None,
        help="largest file accepted, e.g. 800MB (default: 600MB flat files, 200MB archives, "
        "100MB rpp/projections); a download growing past it is stopped and deleted",
    )
    parser.add_argument(
        "--retries",
        type=count(least=0, most=MAX_RETRIES),
        default=3,
        help=f"retries after 5xx or connection errors (default 3, at most {MAX_RETRIES})",
    )
    parser.add_argument(
        "--backoff", type=seconds(), default=1.0, help="first retry delay in seconds, doubling (default 1)"
    )
    parser.add_argument(
        "--wait",
        type=seconds(),
        default=LOCK_WAIT,
        help=f"how long to wait for another fetch holding the downloads' record or the same file (default "
        f"{LOCK_WAIT:g}); then exit with code {EXIT_LOCKED}",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def run(args: argparse.Namespace) -> int:
    """The CLI: results on stdout, one line per failed file on stderr; a failure raises (the command line's one
    handler, :func:`analysis.console.report_failure`, prints it and decides the exit code)."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    from analysis import fetch as fetching

    terminal = Console(stderr=True)
    try:
        years = bls_urls.parse_years(args.years) if args.years else []
        kinds = bls_urls.parse_kinds(args.kinds)
        if args.base_url:
            bls_urls.rebase(bls_urls.ARCHIVE_BASE, args.base_url)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    base_url = args.base_url or settings.get().bls_base_url
    if base_url and not args.base_url:
        try:
            bls_urls.rebase(bls_urls.ARCHIVE_BASE, base_url)
        except ValueError as exc:
            raise ConfigError(f"{settings.BASE_URL_ENV}: {exc}") from None
    options = FetchOptions(
        contact=args.contact,
        base_url=base_url,
        offline=args.offline,
        force=args.force,
        timeout=args.timeout,
        retries=args.retries,
        backoff=args.backoff,
        max_bytes=args.max_bytes,
        deadline=args.deadline,
        wait=args.wait,
    )
    if args.verify:
        return _run_verify(options)
    context_kinds = [k for k in kinds if k in bls_urls.CONTEXT_FILES]
    if not years and not args.flat_files and not context_kinds and not args.latest:
        raise ConfigError(
            "nothing to fetch: give --years (e.g. 2011-2024), --flat-files, --kinds rpp or "
            "projections, --latest or --verify"
        )
    progress = (
        None
        if args.quiet
        else Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=terminal,
            transient=True,
        )
    )
    options = dataclasses.replace(options, progress=progress)
    if progress is not None:
        progress.start()
    try:
        if args.latest:
            return _run_latest(options)
        results = fetching.fetch(years, kinds, flat_files=args.flat_files, options=options, keep_going=True)
    finally:
        if progress is not None:
            progress.stop()
    failed = 0
    for result in results:
        if result.error is not None:
            failed += 1
            console.stderr_line(f"FAILED  {result.target.name}: {_one_line(result.error)}")
        else:
            print(
                f"{result.status:<12}  {result.target.name}  -> data/raw/bls/{result.target.key}"
                f"  sha256 {result.entry.get('sha256', '')[:12]}"
            )
    if failed:
        raise Incomplete(f"{failed} of {len(results)} files failed; cached copies were left as they were")
    return 0


def _run_verify(options: FetchOptions) -> int:
    from analysis.fetch import verify as verifying

    verdicts = verifying.verify(dataclasses.replace(options, retries=min(options.retries, 2)))
    for verdict in verdicts:
        print(verdict.line())
    code = verifying.exit_code(verdicts)
    counts = {
        s: sum(v.status == s for v in verdicts)
        for s in (verifying.MATCH, verifying.MISMATCH, verifying.UNREACHABLE, verifying.NOT_COMPARABLE)
    }
    summary = ", ".join(f"{n} {s}" for s, n in counts.items())
    if code == verifying.EXIT_NOTHING_REACHABLE:
        raise PublisherUnreachable(f"no publisher could be reached ({summary}); check the network", label=LABEL_VERIFY)
    if code == verifying.EXIT_SOME_UNREACHABLE:
        raise PartlyUnreachable(summary, label=LABEL_VERIFY)
    if code:
        raise Incomplete(summary, label=LABEL_VERIFY)
    print(f"him-wages {LABEL_VERIFY}: {summary}")
    return 0


def _run_latest(options: FetchOptions) -> int:
    from analysis.fetch import latest as latest_module

    # --latest decides itself what to fetch and how (the flat files unconditionally once oe.release changed).
    report = latest_module.check_latest(dataclasses.replace(options, offline=False, force=False))
    if report.code == latest_module.EXIT_UNREACHABLE:
        first = report.unreachable[0].split(": ", 1)[-1]
        raise PublisherUnreachable(
            f"BLS cannot be reached, nothing checked or changed ({first}); the data already here is used",
            label="fetch --latest",
        )
    for line in report.lines:
        print(line)
    for line in report.failed + report.unreachable:
        console.stderr_line(f"FAILED  {_one_line(line)}")
    if report.code:
        raise Incomplete(f"{len(report.failed + report.unreachable)} of the checks failed", label="fetch --latest")
    return 0
