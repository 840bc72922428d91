#!/usr/bin/env python
"""Copy published BLS and BEA files, byte for byte, from a source folder into the project, and record each one
in data/raw/MANIFEST (the ``[[copies]]`` tables after the marker line; the oe extract's part above it is left
as scripts/build_bundled_data.py wrote it).

The source folder is laid out as the project's shared data folder is (``oews-files/``, ``history/``,
``projections/``, ``bea/``); it is an argument, never a fixed path::

    python scripts/bundle_source_files.py SOURCE_FOLDER [--date YYYY-MM-DD]

What goes where:

- ``data/raw/national/``: BLS's national cross-industry file of every May release 2011-2024, one file per
  release, in the format BLS published it (``.xls`` 2011-2013, ``.xlsx`` from 2014); for May 2016 only a CSV
  export of BLS's workbook is available, and the MANIFEST says so.
- ``data/raw/projections/``: BLS Employment Projections 2024-34, occupational table (CSV export).
- ``data/raw/bea/``: BEA Regional Price Parities by state, all items (SARPP, LineCode 1 rows).
- ``tests/data/``: files used only by tests: the May 2013 CSV export (a second form of a bundled release, for
  the overlap tests), BLS's May 2018 field-description sheet, the May 2013 news-release table (an unsupported
  layout) and the national history table of expected values (BLS figures copied from the files above).

Rerunning with unchanged files rewrites nothing but the same bytes (the copy date is kept when no file changed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tomllib
from pathlib import Path

from analysis.files import atomic_write, sha256_of

ROOT = Path(__file__).resolve().parents[1]
MARKER = "# ==== copies of published files (scripts/bundle_source_files.py; do not edit by hand) ===="
NATIONAL_YEARS = range(2011, 2025)
MIRROR = (
    "a public mirror of the publisher's file, copied unchanged into this project; the publisher's own "
    "copy is at publisher_url (check with `him-wages fetch --verify`)"
)
OEWS_ARCHIVE = "https://www.bls.gov/oes/special-requests/oesm{yy:02d}nat.zip"


def national_choice(folder: Path, year: int) -> Path:
    """BLS's own format for the year: the workbook when there is one, else the CSV export."""
    for suffix in (".xls", ".xlsx", ".csv"):
        candidate = folder / f"national_M{year}_dl{suffix}"
        if candidate.exists():
            return candidate
    raise SystemExit(f"{folder}: no national file for May {year} (national_M{year}_dl.xls/.xlsx/.csv)")


def national_record(path: Path, year: int) -> dict:
    archive = OEWS_ARCHIVE.format(yy=year % 100)
    record = {
        "publisher": "U.S. Bureau of Labor Statistics (OEWS)",
        "dataset": "OEWS national cross-industry estimates",
        "release": f"May {year}",
        "publisher_url": archive,
        "member": path.name,
        "copy_source": MIRROR,
    }
    if path.suffix == ".csv":
        record["member"] = f"national_M{year}_dl.xlsx"
        record["copy_source"] = (
            f"a CSV export of BLS's national_M{year}_dl.xlsx (a member of {archive}) held in "
            "a public repository; BLS's workbook itself was not available, so this file is "
            "not byte-comparable with BLS's and `him-wages fetch --verify` reports it as an "
            "export"
        )
        record["form"] = "csv export"
    else:
        record["form"] = "as published"
    return record


def plan(source: Path) -> list[tuple[Path, Path, dict]]:
    """(source file, destination, manifest fields) for every file this script copies."""
    files = source / "oews-files"
    todo: list[tuple[Path, Path, dict]] = []
    for year in NATIONAL_YEARS:
        path = national_choice(files, year)
        todo.append((path, ROOT / "data" / "raw" / "national" / path.name, national_record(path, year)))
    todo.append(
        (
            source / "projections" / "occupation_projections_2024_34.csv",
            ROOT / "data" / "raw" / "projections" / "occupation_projections_2024_34.csv",
            {
                "publisher": "U.S. Bureau of Labor Statistics (Employment Projections)",
                "dataset": "Occupational projections, 2024-34, and worker characteristics (all 832 occupations)",
                "release": "2024-34 projections, released 2025-08-28",
                "publisher_url": "https://data.bls.gov/projections/occupationProj",
                "member": "CSV export of the interactive table",
                "form": "csv export",
                "copy_source": MIRROR,
                "note": "employment and openings in thousands; BLS's Table 1.2 workbook of the same release is "
                "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx; the total for all occupations "
                "(+3.1%) is EP Table 1.10, not a row of this file",
            },
        )
    )
    todo.append(
        (
            source / "bea" / "SARPP_STATE_2008_2024_all_items.csv",
            ROOT / "data" / "raw" / "bea" / "SARPP_STATE_2008_2024_all_items.csv",
            {
                "publisher": "U.S. Bureau of Economic Analysis",
                "dataset": "Regional Price Parities by state (SARPP), all items (LineCode 1), U.S. = 100",
                "release": (
                    "Last updated: February 19, 2026 -- new statistics for 2024; revised statistics for 2008-2023"
                ),
                "publisher_url": "https://apps.bea.gov/regional/zip/SARPP.zip",
                "member": "SARPP_STATE_2008_2024.csv (LineCode 1 rows only, in BEA's layout; footer lines left out)",
                "form": "rows of the publisher's file",
                "copy_source": MIRROR,
                "note": "BEA publishes no standard error for RPPs; metropolitan RPPs (MARPP) are not bundled",
            },
        )
    )
    tests_data = ROOT / "tests" / "data"
    test_only = {
        files / "national_M2013_dl.csv": national_record(files / "national_M2013_dl.csv", 2013),
        files / "field_descriptions.xlsx": {
            "publisher": "U.S. Bureau of Labor Statistics (OEWS)",
            "dataset": "OEWS field descriptions, May 2018",
            "release": "May 2018",
            "publisher_url": OEWS_ARCHIVE.format(yy=18),
            "form": "as published",
            "member": "the Field Descriptions sheet",
            "copy_source": MIRROR,
        },
        files / "ocwage_04012014.xlsx": {
            "publisher": "U.S. Bureau of Labor Statistics (OEWS)",
            "dataset": "May 2013 news-release table (another layout: used to test that it is refused clearly)",
            "release": "May 2013 (released 2014-04-01)",
            "publisher_url": "https://www.bls.gov/news.release/",
            "form": "as published",
            "member": "ocwage_04012014.xlsx",
            "copy_source": MIRROR,
        },
        source / "history" / "national_him_history.csv": {
            "publisher": "U.S. Bureau of Labor Statistics (OEWS)",
            "dataset": "National OEWS estimates for HIM occupations May 2011-2024, copied value by value from "
            "BLS's national files (expected values of the tests; see tests/data/national_him_history.md)",
            "release": "May 2011 - May 2024",
            "publisher_url": "https://www.bls.gov/oes/tables.htm",
            "form": "table of BLS figures",
            "member": "",
            "copy_source": "compiled from BLS's national files",
        },
        source / "history" / "README.md": {
            "publisher": "",
            "dataset": "description of national_him_history.csv",
            "release": "",
            "publisher_url": "",
            "form": "notes",
            "member": "",
            "copy_source": "notes kept with the table",
        },
    }
    for path, record in test_only.items():
        destination = tests_data / ("national_him_history.md" if path.name == "README.md" else path.name)
        todo.append((path, destination, record))
    return todo


def toml_string(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def manifest_block(records: list[dict]) -> str:
    lines = [
        MARKER,
        (
            "# Each file below is a byte-for-byte copy of the file at `copied_from`; `path` is relative to "
            "the repository root; sha256 and bytes are the copy's."
        ),
        "",
    ]
    for record in records:
        lines.append("[[copies]]")
        lines.extend(f"{key} = {toml_string(value)}" for key, value in record.items())
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="folder with oews-files/, history/, projections/, bea/")
    parser.add_argument("--date", default=dt.date.today().isoformat(), help="the copy date recorded (today)")
    args = parser.parse_args(argv)
    source = args.source.resolve()
    manifest_path = ROOT / "data" / "raw" / "MANIFEST"
    text = manifest_path.read_text(encoding="utf-8")
    head = text.split(MARKER)[0].rstrip("\n") + "\n\n"
    previous = {c["path"]: c for c in tomllib.loads(text).get("copies", [])}

    records = []
    for origin, destination, fields in plan(source):
        if not origin.is_file():
            print(f"FAILED: {origin} not found", file=sys.stderr)
            return 1
        destination.parent.mkdir(parents=True, exist_ok=True)
        data = origin.read_bytes()
        atomic_write(destination, lambda handle, data=data: handle.write(data))
        relative = destination.relative_to(ROOT).as_posix()
        digest = sha256_of(destination)
        if digest != sha256_of(origin):
            print(f"FAILED: {relative} differs from {origin} after copying", file=sys.stderr)
            return 1
        old = previous.get(relative, {})
        copied = old.get("copied") if old.get("sha256") == digest else args.date
        records.append(
            {
                "path": relative,
                **fields,
                "bytes": destination.stat().st_size,
                "sha256": digest,
                "copied_from": f"{source.name}/{origin.relative_to(source).as_posix()}",
                "copied": copied or args.date,
            }
        )
        print(f"{relative}: {destination.stat().st_size} bytes, sha256 {digest}")
    new_text = head + manifest_block(records)
    parsed = tomllib.loads(new_text)  # the manifest must parse, and the oe part must be unchanged
    if {k: v for k, v in parsed.items() if k != "copies"} != {
        k: v for k, v in tomllib.loads(text).items() if k != "copies"
    }:
        print("FAILED: the oe part of MANIFEST would change", file=sys.stderr)
        return 1
    atomic_write(manifest_path, lambda handle: handle.write(new_text.encode("utf-8")))
    print(f"wrote {manifest_path.relative_to(ROOT)} ({len(records)} copies)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
