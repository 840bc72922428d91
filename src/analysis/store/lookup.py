"""The lookup index of a generation: what ``him-wages show`` reads, with the standard library alone (no pandas, no
pyarrow, whose imports alone take longer than a lookup may).

``him-wages data`` writes it beside the sorted copies (``data/processed/fast-<generation>/lookup.sqlite``), so
``current.json`` lists it with its size and sha256 like every other file of the store, and a reader verifies it
(:func:`analysis.store.current.verify_files`) before opening it: a file that does not match the store is refused in
one line pointing to ``him-wages data``. It is an SQLite database (``sqlite3``, in the standard library) of:

* ``blocks(occ_code, year, rows)``: one block per occupation and release, the release's rows of that occupation in
  the store's order (occ_code, area, naics, own_code), as zlib-compressed JSON column lists; every store column;
* ``meta``: the column names, and the catalogue of occupations (each occupation's row of the U.S. in the latest
  release holding it: code, title, year, group), in the order :mod:`analysis.commands.show` matches titles.

Rows read here are the rows :func:`analysis.store.load` returns for the same occupation, as plain Python values
(None for a missing value); a test checks it.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis import paths
from analysis.errors import StoreError
from analysis.store import current

if TYPE_CHECKING:
    import pyarrow as pa

INDEX_NAME = "lookup.sqlite"
#: Raised when the layout of the index changes (a reader refuses another layout in one line).
INDEX_FORMAT = 1
#: The area type of the U.S. (BLS's code), whose rows make the catalogue of occupations.
_US_AREA_TYPE = 1
_HIDDEN = ("_store_order",)
_SCHEMA = (
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    (
        "CREATE TABLE blocks(occ_code TEXT NOT NULL, year INTEGER NOT NULL, rows BLOB NOT NULL, "
        "PRIMARY KEY(occ_code, year)) WITHOUT ROWID"
    ),
)


# ------------------------------------------------------------------------------------------------ writing
def write_index(path: Path, tables: Iterable[pa.Table]) -> None:
    """Write the index of one generation to ``path`` (inside the generation's staging folder, which is renamed into
    place when complete). ``tables``: each release's table in the store's order, releases in ascending order."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA journal_mode=OFF")
        for statement in _SCHEMA:
            connection.execute(statement)
        names: list[str] | None = None
        catalogue: dict[str, list] = {}
        for table in tables:
            table = table.drop_columns([c for c in _HIDDEN if c in table.column_names])
            names = names or table.column_names
            if table.column_names != names:
                raise ValueError(f"the releases' tables have different columns: {table.column_names} != {names}")
            columns = [table.column(name).to_pylist() for name in names]
            by_name = dict(zip(names, columns, strict=True))
            occupations, years = by_name["occ_code"], by_name["year"]
            for occ_code, start, end in _runs(occupations):
                block = json.dumps([column[start:end] for column in columns], separators=(",", ":"))
                connection.execute(
                    "INSERT INTO blocks VALUES (?, ?, ?)",
                    (occ_code, int(years[start]), zlib.compress(block.encode(), 1)),
                )
            titles, groups, area_types = by_name["occ_title"], by_name["o_group"], by_name["area_type"]
            for row, area_type in enumerate(area_types):
                if area_type == _US_AREA_TYPE:  # the latest release's row, placed as the latest
                    catalogue.pop(occupations[row], None)
                    catalogue[occupations[row]] = [occupations[row], titles[row], years[row], groups[row]]
        meta = {"format": INDEX_FORMAT, "columns": names or [], "catalogue": list(catalogue.values())}
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [(k, json.dumps(v)) for k, v in meta.items()])
        connection.commit()
    finally:
        connection.close()


def _runs(values: list) -> list[tuple[Any, int, int]]:
    """(value, start, end) of each run of equal values (the store's order keeps an occupation's rows together)."""
    runs: list[tuple[Any, int, int]] = []
    start = 0
    for index in range(1, len(values) + 1):
        if index == len(values) or values[index] != values[start]:
            runs.append((values[start], start, index))
            start = index
    return runs


# ------------------------------------------------------------------------------------------------ reading
class LookupIndex:
    """The verified index of the current generation (open it with :func:`open_index`)."""

    def __init__(self, connection: sqlite3.Connection, path: Path):
        self.connection = connection
        self.path = path
        meta = {key: json.loads(value) for key, value in connection.execute("SELECT key, value FROM meta")}
        if meta.get("format") != INDEX_FORMAT:
            raise StoreError(
                f"damaged store: {path} is an index of another layout ({meta.get('format')!r}, expected "
                f"{INDEX_FORMAT}); {current.REBUILD}"
            )
        self.columns: list[str] = meta["columns"]
        self._catalogue: list[list] = meta["catalogue"]

    def rows(self, occ_code: str) -> list[dict[str, Any]]:
        """Every row of ``occ_code``, releases in ascending order, each in the store's order: what
        :func:`analysis.store.load` returns for ``occ_codes=[occ_code]``, as dicts of plain values."""
        rows: list[dict[str, Any]] = []
        names = self.columns
        query = "SELECT rows FROM blocks WHERE occ_code = ? ORDER BY year"
        for (blob,) in self.connection.execute(query, (occ_code,)):
            columns = json.loads(zlib.decompress(blob))
            rows.extend(dict(zip(names, values, strict=True)) for values in zip(*columns, strict=True))
        return rows

    def catalogue(self) -> dict[str, dict[str, Any]]:
        """Every occupation with a row for the U.S., by code: its latest such row's title, year and group."""
        keys = ("occ_code", "occ_title", "year", "o_group")
        return {entry[0]: dict(zip(keys, entry, strict=True)) for entry in self._catalogue}


def open_index(processed: Path | None = None) -> LookupIndex | None:
    """The lookup index of the current generation, verified against ``current.json`` (size and sha256), or None
    when the store is missing or out of date (the caller then reads data/raw). A file that does not match the
    store raises :class:`~analysis.errors.StoreError` (one line naming it); a generation replaced by a build while
    this reads it is read again from the new ``current.json``."""
    processed = processed or paths.processed_dir()
    if not current.is_up_to_date(processed):
        return None
    for _ in range(3):
        manifest = current.read_current_or_none(processed)
        if manifest is None:
            return None
        path = processed / f"{current.SORTED_PREFIX}{manifest['generation']}" / INDEX_NAME
        try:
            current.verify_files(processed, manifest, [path])
            connection = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
        except FileNotFoundError:
            continue  # the generation was replaced by a newer build while we read it
        try:
            return LookupIndex(connection, path)
        except (sqlite3.DatabaseError, ValueError, KeyError, TypeError, zlib.error) as exc:
            connection.close()
            raise StoreError(f"damaged store: {path} cannot be read ({exc}); {current.REBUILD}") from exc
    return None
