"""``him-wages info``: which releases, areas and occupations are available, and where they came from."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.conventions.schema import AREA_TYPES


def manifest_text() -> str | None:
    """data/raw/MANIFEST as written by scripts/build_bundled_data.py (None when absent)."""
    for name in ("MANIFEST", "MANIFEST.json", "MANIFEST.toml"):
        candidate = paths.raw_dir() / name
        if candidate.exists():
            return candidate.read_text()
    return None


def summarize(frame: pd.DataFrame) -> dict:
    """Releases, area counts by type and occupations of a canonical frame, as plain values."""
    releases = []
    frame = frame[["year", "area", "area_type", "naics", "occ_code", "occ_title", "source"]]  # only what is shown
    for year, group in frame.groupby("year"):
        releases.append({
            "release": f"May {int(year)}",
            "rows": len(group),
            "areas": {AREA_TYPES.get(int(t), str(t)): int(n)
                      for t, n in group.drop_duplicates("area")["area_type"].value_counts().sort_index().items()},
            "industries": int(group["naics"].nunique()),
            "occupations": int(group["occ_code"].nunique()),
            "sources": sorted(set(group["source"].dropna())),
        })
    occupations = (frame.drop_duplicates("occ_code")[["occ_code", "occ_title"]]
                   .sort_values("occ_code").astype(str).values.tolist())
    return {"releases": releases, "occupations": occupations}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print a JSON document instead of text")
    parser.add_argument("--data-dir", action="append", default=[], metavar="DIR",
                        help="also describe the BLS files in DIR (repeatable)")


def run(args: argparse.Namespace) -> int:
    from analysis.store import load, read_current

    frame = load(data_dirs=[Path(d) for d in args.data_dir])
    summary = summarize(frame)
    current = read_current()
    summary["processed_store"] = (
        {k: current[k] for k in ("generation", "built", "years", "rows")} | {"inputs": current["inputs"]}
        if current else None
    )
    summary["raw_manifest"] = manifest_text()
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print("Releases available")
    for release in summary["releases"]:
        areas = ", ".join(f"{n} {kind}" for kind, n in release["areas"].items())
        print(f"  {release['release']}: {release['rows']:,} rows; {release['occupations']} occupations; "
              f"{release['industries']} industries; areas: {areas}")
        for source in release["sources"]:
            print(f"      from {source}")
    print(f"\nOccupations ({len(summary['occupations'])})")
    for code, title in summary["occupations"]:
        print(f"  {code}  {title}")
    print("\nProvenance")
    if current:
        print(f"  data/processed: generation {current['generation']} built {current['built']} "
              f"from {len({i['input'] for i in current['inputs']})} input(s)")
    else:
        print("  data/processed: not built (run `make data`); figures above were read from data/raw directly")
    if summary["raw_manifest"]:
        print("  data/raw/MANIFEST:")
        for line in summary["raw_manifest"].splitlines():
            print(f"    {line}")
    return 0
