"""Fast queries of the processed store: one occupation x all areas, or all occupations x one area, of complete
releases in well under 200 ms.

:mod:`analysis.store` keeps one parquet file per release, sorted by occupation in row groups of 50,000 rows, and
checks on every ``load()`` in a new process that it is up to date by hashing every raw input (the full May
release is 331 MB). Measured by ``make bench`` on the complete May 2025 release, that misses 200 ms three
ways: the first ``load()`` of a process hashes the raw files; a query by area reads every row group (the area is
not a sort key); and 50,000-row groups make even an occupation query decode far more rows than it returns.

This module adds, beside the current generation, two copies of each release file sorted for the two questions
(``data/processed/fast-<generation>/``):

* ``oews_M<year>.by_occ.parquet``: the store's own order (occ_code, area, naics, own_code);
* ``oews_M<year>.by_area.parquet``: sorted by area_type, area, then in the store's order within an area;

both in row groups of :data:`ROW_GROUP_ROWS` rows with min/max statistics, so a query reads only the row groups
whose statistics can hold the wanted codes. Freshness is decided from a stat cache (size and mtime of every raw
file, with the sha256 computed once per change, like git's index) instead of re-hashing every file.
:func:`load` returns exactly what :func:`analysis.store.load` returns for the same filters (a test checks it),
and falls back to it whenever the processed store is missing or out of date.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from analysis import files, paths, store
from analysis.conventions.schema import (
    CANONICAL_COLUMNS,
    DTYPES,
    arrow_types_mapper,
    conform,
)

ROW_GROUP_ROWS = 4096
#: LZ4 decodes about twice as fast as zstd here (all-occupations x U.S.: 0.08 s against 0.15 s) for 30% more disk.
COMPRESSION = "lz4"
ORDER_COLUMN = "_store_order"
STAT_CACHE = "stat-cache.json"
FAST_PREFIX = "fast-"
ORDERS = {
    "by_occ": None,  # the store's own order (occ_code, area, naics, own_code), in smaller row groups
    "by_area": ["area_type", "area", "_store_order"],  # each area's rows in the store's order
}


# ------------------------------------------------------------------------------------------------ freshness
def _stat_cache_path(processed: Path) -> Path:
    return processed / STAT_CACHE


def fingerprint_cached(inputs: list[Path], processed: Path) -> list[dict]:
    """Like :func:`analysis.store.fingerprint`, but a file whose size and mtime are unchanged since it was last
    hashed is not hashed again (the cache lives in ``data/processed/stat-cache.json``)."""
    cache_file = _stat_cache_path(processed)
    try:
        cache = json.loads(cache_file.read_text())
    except (OSError, ValueError):
        cache = {}
    entries, changed = [], False
    for source in inputs:
        for file in store._files_of(source):
            stat = file.stat()
            known = cache.get(str(file))
            if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
                digest = known[2]
            else:
                digest = files.sha256_of(file)
                cache[str(file)] = [stat.st_size, stat.st_mtime_ns, digest]
                changed = True
            entries.append({"input": str(source), "file": str(file), "size": stat.st_size, "sha256": digest})
    if changed and processed.is_dir():
        files.atomic_write_text(cache_file, json.dumps(cache))
    return entries


def is_up_to_date(processed: Path | None = None) -> bool:
    """Whether ``data/processed`` was built from the inputs as they are now (the rule of
    :func:`analysis.store.is_up_to_date`, inputs from :func:`analysis.store.store_inputs`, without re-hashing
    unchanged files)."""
    processed = processed or paths.processed_dir()
    manifest = store.read_current(processed)
    if manifest is None or manifest.get("format") != store.STORE_FORMAT:
        return False
    inputs = store.store_inputs(manifest=manifest) if hasattr(store, "store_inputs") else store.default_inputs()
    if not all(source.exists() for source in inputs):
        return False
    return manifest["inputs"] == fingerprint_cached(inputs, processed)


# ------------------------------------------------------------------------------------------------ building
def fast_folder(processed: Path, manifest: dict) -> Path:
    return processed / f"{FAST_PREFIX}{manifest['generation']}"


def build_sorted_copies(processed: Path | None = None) -> Path:
    """Write the two sorted copies of every release file of the current generation (once per generation; old
    copies are removed). Written into a temporary folder that is renamed into place when complete."""
    processed = processed or paths.processed_dir()
    manifest = store.read_current(processed)
    if manifest is None:
        raise FileNotFoundError(f"{processed} holds no built store: run `him-wages data`")
    target = fast_folder(processed, manifest)
    if target.is_dir():
        return target
    staging = Path(tempfile.mkdtemp(prefix=".fast-staging-", dir=processed))
    try:
        for source in sorted((processed / manifest["generation"]).glob("oews_M*.parquet")):
            table = pq.read_table(source)
            # The row's position in the store's own order (occ_code, area, naics, own_code), so that results can
            # be returned in store.load's order by sorting one integer column.
            table = table.append_column(ORDER_COLUMN, pa.array(range(table.num_rows), pa.int32()))
            for order, keys in ORDERS.items():
                ordered = table if keys is None else \
                    table.take(pc.sort_indices(table, sort_keys=[(k, "ascending") for k in keys]))
                pq.write_table(ordered, staging / f"{source.stem}.{order}.parquet",
                               row_group_size=ROW_GROUP_ROWS, compression=COMPRESSION, write_statistics=True)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    for entry in processed.iterdir():
        if entry.is_dir() and entry != target and (entry.name.startswith(FAST_PREFIX)
                                                    or entry.name.startswith(".fast-staging-")):
            shutil.rmtree(entry, ignore_errors=True)
    return target


# ------------------------------------------------------------------------------------------------ loading
def _as_list(value) -> list | None:
    if value is None:
        return None
    if isinstance(value, (str, int)):
        return [value]
    return list(value)


def _row_groups(metadata: pq.FileMetaData, column: str, wanted: list) -> list[int]:
    """Row groups whose min/max statistics of ``column`` can hold one of ``wanted``."""
    index = metadata.schema.to_arrow_schema().get_field_index(column)
    groups = []
    for group in range(metadata.num_row_groups):
        stats = metadata.row_group(group).column(index).statistics
        if stats is None or not stats.has_min_max:
            groups.append(group)
            continue
        if any(stats.min <= value <= stats.max for value in wanted):
            groups.append(group)
    return groups


def _read(files: list[Path], column: str | None, wanted: list | None, filters: list) -> pa.Table:
    tables = []
    for file in files:
        parquet = pq.ParquetFile(file)
        groups = list(range(parquet.metadata.num_row_groups)) if column is None else \
            _row_groups(parquet.metadata, column, wanted)
        if groups:
            tables.append(parquet.read_row_groups(groups, use_threads=True))
    if not tables:
        return pq.ParquetFile(files[0]).schema_arrow.empty_table() if files else None
    table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    mask = None
    for name, values in filters:
        condition = pc.is_in(table[name], value_set=pa.array(values, type=table.schema.field(name).type))
        mask = condition if mask is None else pc.and_(mask, condition)
    return table.filter(mask) if mask is not None else table


def _to_canonical(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas(types_mapper=arrow_types_mapper, split_blocks=True, self_destruct=True)
    if list(frame.columns) == list(CANONICAL_COLUMNS) and all(str(frame[c].dtype) == DTYPES[c]
                                                              for c in CANONICAL_COLUMNS):
        return frame
    return conform(frame)


def load(*, years=None, occ_codes=None, areas=None, area_types=None, data_dirs: Iterable = ()) -> pd.DataFrame:
    """The canonical frame of the processed store, filtered: ``occ_codes`` ("29-2072"), ``areas`` (canonical area
    codes: "99", "06", "10180"), ``area_types`` (1, 2, 3, 4, 6), ``years``. Same rows, order and dtypes as
    :func:`analysis.store.load` (for ``areas``, ``store.load()`` filtered by area). Falls back to
    :func:`analysis.store.load` when the processed store is missing or out of date, or ``data_dirs`` are given."""
    processed = paths.processed_dir()
    data_dirs = list(data_dirs or ())
    if data_dirs or not is_up_to_date(processed):
        return store.load_combined(data_dirs=[Path(d) for d in data_dirs], years=years, occ_codes=occ_codes,
                                   area_types=area_types, areas=areas)
    manifest = store.read_current(processed)
    folder = build_sorted_copies(processed)
    wanted_years = None if years is None else {int(y) for y in _as_list(years)}
    stems = [f"oews_M{y}" for y in manifest["years"] if wanted_years is None or y in wanted_years]
    occ = _as_list(occ_codes)
    area_list = None if areas is None else [str(a) for a in _as_list(areas)]
    types = None if area_types is None else [int(t) for t in _as_list(area_types)]
    if occ is not None:
        order, column, wanted = "by_occ", "occ_code", [str(c) for c in occ]
    elif area_list is not None:
        order, column, wanted = "by_area", "area", area_list
    elif types is not None:
        order, column, wanted = "by_area", "area_type", types
    else:
        order, column, wanted = "by_occ", None, None
    files = [folder / f"{stem}.{order}.parquet" for stem in stems]
    filters = [(name, values) for name, values in (("occ_code", None if occ is None else [str(c) for c in occ]),
                                                   ("area", area_list), ("area_type", types)) if values is not None]
    if not files:
        return conform(pd.DataFrame(columns=list(CANONICAL_COLUMNS)))
    table = _read(files, column, wanted, filters)
    # store.load's order: by year, then as store.build sorted each year (occ_code, area, naics, own_code).
    # The by_occ files are in that order already and are read year by year in ascending order.
    if order == "by_area" and pc.count_distinct(table["area"]).as_py() > 1:
        table = table.take(pc.sort_indices(table, sort_keys=[("year", "ascending"), (ORDER_COLUMN, "ascending")]))
    return _to_canonical(table.drop_columns([ORDER_COLUMN]))
