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
        "--occupations",
        nargs="?",
        const="",
        default=None,
        metavar="FILTER",
        help="list the occupations (only those whose SOC code starts with FILTER or whose title holds every word "
        "of it); with --json, the document's occupations are those listed",
    )
    parser.add_argument(
        "--data-dir", action="append", default=[], metavar="DIR", help="also describe the BLS files in DIR (repeatable)"
    )


def matching(occupations: list, words: str | None) -> list:
    """The ``[code, title]`` pairs whose code starts with ``words`` or whose title holds every word of it
    (case-insensitive); all of them for no words."""
    wanted = (words or "").strip().lower()
    if not wanted:
        return list(occupations)
    parts = wanted.split()
    return [
        [code, title]
        for code, title in occupations
        if str(code).startswith(wanted) or all(part in str(title).lower() for part in parts)
    ]


def area_text(kind: str, count: int) -> str:
    """``the U.S.``, ``51 states``, ``3 U.S. territories``: an area count for a reader."""
    if kind == "U.S.":
        return "the U.S." if count == 1 else console.count_text(count, "U.S. area")
    return console.count_text(count, kind if kind.startswith("U.S.") else kind[:1].lower() + kind[1:])


def release_line(release: dict) -> str:
    """One release of the summary: ``May 2025: 5,900 rows; 9 occupations; 444 industries; areas: ...``."""
    areas = ", ".join(area_text(kind, n) for kind, n in release["areas"].items())
    return (
        f"  {release['release']}: {console.count_text(release['rows'], 'row')}; "
        f"{console.count_text(release['occupations'], 'occupation')}; "
        f"{console.count_text(release['industries'], 'industry')}; areas: {areas}"
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
    listed = matching(summary["occupations"], args.occupations)
    if args.json:
        if args.occupations is not None:
            summary["occupations"] = listed
        print(json.dumps(summary, indent=2))
        return 0
    for note in notes:
        console.stderr_line(f"note: {note}")
    every = console.count_text(len(summary["occupations"]), "occupation")
    if args.occupations is not None:
        heading = f"Occupations matching {args.occupations.strip()!r}" if args.occupations.strip() else "Occupations"
        console.out_line(f"{heading}: {len(listed):,} of {every}")
        for code, title in listed:
            console.out_line(f"  {code}  {title}")
        return 0
    console.out_line("Releases available")
    for release in summary["releases"]:
        console.out_line(release_line(release))
        for source in release["sources"]:
            console.out_line(f"      from {source}")
    console.out_line("")
    console.out_line(
        f"Occupations: {len(summary['occupations']):,} in all; `him-wages info --occupations` lists them, "
        "`--occupations WORDS` those whose code or title matches"
    )
    console.out_line("")
    console.out_line("Provenance")
    if current:
        inputs = console.count_text(len({i["input"] for i in current["inputs"]}), "input")
        console.out_line(f"  data/processed: generation {current['generation']} built {current['built']} from {inputs}")
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
