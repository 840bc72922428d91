"""``him-wages info``: which releases, areas and occupations are available, and where they came from."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from analysis import console, raw_catalog
from analysis.store.summary import summarize, summary_of_store


def manifest_summary() -> dict | None:
    """What data/raw/MANIFEST says (None when absent): the release of the oe extract, the chain it came through
    and every bundled file (``analysis.raw_catalog.bundled_files``)."""
    document = raw_catalog.read_manifest()
    if document is None:
        return None
    release = document.get("release") if isinstance(document.get("release"), dict) else {}
    chain = document.get("chain") if isinstance(document.get("chain"), dict) else {}
    return {
        "release": release.get("description"),
        "chain": chain.get("summary"),
        "files": raw_catalog.bundled_files(document),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON document instead of text")
    parser.add_argument(
        "--data-dir", action="append", default=[], metavar="DIR", help="also describe the BLS files in DIR (repeatable)"
    )


def store_summary(current: dict | None) -> dict | None:
    """What ``info`` shows of the processed store: its generation, inputs and the overlaps between inputs."""
    if not current:
        return None
    return {k: current.get(k) for k in ("generation", "built", "years", "rows")} | {
        "inputs": current.get("inputs", []),
        "overlaps": current.get("overlaps", []),
    }


def run(args: argparse.Namespace) -> int:
    import warnings

    from analysis.commands.data import overlap_text
    from analysis.errors import StoreError
    from analysis.store import load, read_current, store_problem

    problem = store_problem(hashes=True)
    if problem is not None:
        raise StoreError(f"damaged store: {problem}; run `him-wages data` to rebuild it")
    # An up-to-date store answers from its current.json (recorded by the build); otherwise the data is loaded.
    summary = None if args.data_dir else summary_of_store()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)
        if summary is None:
            summary = summarize(load(data_dirs=[Path(d) for d in args.data_dir]))
    current = read_current()
    raw_manifest = manifest_summary()
    notes = [str(w.message) for w in caught if "last good build" in str(w.message)]
    summary = dict(summary)
    summary["processed_store"] = store_summary(current)
    summary["raw_manifest"] = raw_manifest
    summary["notes"] = notes
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    for note in notes:
        console.stderr_line(f"note: {note}")
    console.out_line("Releases available")
    for release in summary["releases"]:
        areas = ", ".join(f"{n} {kind}" for kind, n in release["areas"].items())
        console.out_line(
            f"  {release['release']}: {release['rows']:,} rows; {release['occupations']} occupations; "
            f"{release['industries']} industries; areas: {areas}"
        )
        for source in release["sources"]:
            console.out_line(f"      from {source}")
    console.out_line("")
    console.out_line(f"Occupations ({len(summary['occupations'])})")
    for code, title in summary["occupations"]:
        console.out_line(f"  {code}  {title}")
    console.out_line("")
    console.out_line("Provenance")
    if current:
        console.out_line(
            f"  data/processed: generation {current['generation']} built {current['built']} "
            f"from {len({i['input'] for i in current['inputs']})} input(s)"
        )
        overlaps = summary["processed_store"]["overlaps"]
        if overlaps:
            console.out_line(
                "  overlaps between inputs (the same year, area, industry, ownership and occupation in two files):"
            )
            for overlap in overlaps:
                console.out_line(f"    {overlap_text(overlap).removeprefix('note: ')}")
        else:
            console.out_line("  overlaps between inputs: none")
    else:
        console.out_line(
            "  data/processed: not built (run `make data`); figures above were read from data/raw directly"
        )
    if raw_manifest:
        console.out_line(
            f"  data/raw/MANIFEST: oe extract of {raw_manifest['release'] or 'an unnamed release'}, "
            f"via {raw_manifest['chain'] or 'an unrecorded chain'}"
        )
        for entry in raw_manifest["files"]:
            source = f" from {entry['url']}" if entry["url"] else ""
            what = entry["dataset"] or entry["kind"]
            release = f", {entry['release']}" if entry["release"] and entry["release"] not in what else ""
            console.out_line(f"    {entry['file']}: {what}{release}{source}; sha256 {entry['sha256']}")
    return 0
