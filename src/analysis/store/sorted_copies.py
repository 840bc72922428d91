"""Fast queries of the processed store: one occupation x all areas, or all occupations x one area, of complete
releases in well under 200 ms.

:mod:`analysis.store` keeps one parquet file per release, sorted by occupation in row groups of 50,000 rows: a
query by area would read every row group (the area is not a sort key), and even an occupation query would decode
far more rows than it returns. This module writes, for every generation and before ``current.json`` names it, two
copies of each release file sorted for the two questions (``data/processed/fast-<generation>/``):

* ``oews_M<year>.by_occ.parquet``: the store's own order (occ_code, area, naics, own_code);
* ``oews_M<year>.by_area.parquet``: sorted by area_type, area, then in the store's order within an area;

both in row groups of :data:`ROW_GROUP_ROWS` rows with min/max statistics, so a query reads only the row groups
whose statistics can hold the wanted codes. The same folder holds the lookup index (:mod:`analysis.store.lookup`),
written from the same tables, which ``him-wages show`` reads without pyarrow. Freshness comes from
:mod:`analysis.store.current` (sha256 of every raw file remembered by size and mtime, like git's index), so a fresh
process does not re-hash the inputs.
:func:`load` returns exactly what :func:`analysis.store.load` returns for the same filters (a test checks it);
it reads only: readers never write the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import files, paths
from analysis.errors import StoreError
from analysis.store import current, lookup
from analysis.store.current import is_up_to_date

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    import pyarrow.parquet as pq

# pandas, pyarrow and the schema are imported inside the functions that read or write parquet: `import
# analysis.store` (e.g. `him-wages data` on an up-to-date store) imports none of them.

ROW_GROUP_ROWS = 4096
#: LZ4 decodes faster than zstd here for a little more disk (the measurement: devtools/DECISIONS.md).
COMPRESSION = "lz4"
ORDER_COLUMN = "_store_order"
FAST_PREFIX = current.SORTED_PREFIX
ORDERS = {
    "by_occ": None,  # the store's own order (occ_code, area, naics, own_code), in smaller row groups
    "by_area": ["area_type", "area", "_store_order"],  # each area's rows in the store's order
}
#: Row groups of a file read without threads (a lookup's few; threads start slower than they decode these).
SMALL_READ_GROUPS = 4
#: A reader that finds the generation it was reading replaced by a newer build reads current.json again.
READ_ATTEMPTS = 3


# ------------------------------------------------------------------------------------------------ building
def fast_folder(processed: Path, manifest: dict | str) -> Path:
    """The sorted copies' folder of a generation (given by its manifest or its name)."""
    generation = manifest if isinstance(manifest, str) else manifest["generation"]
    return processed / f"{FAST_PREFIX}{generation}"


def write_copy(table: pa.Table, path: Path) -> None:
    """Write one sorted copy (row groups of :data:`ROW_GROUP_ROWS` rows with min/max statistics)."""
    import pyarrow.parquet as pq

    pq.write_table(table, path, row_group_size=ROW_GROUP_ROWS, compression=COMPRESSION, write_statistics=True)


def build_sorted_copies(processed: Path | None = None, generation: str | None = None) -> Path:
    """Write the two sorted copies of every release file of ``generation`` (default: the current one), once per
    generation, into a temporary folder that is fsynced and renamed into place only when complete
    (:func:`analysis.files.atomic_folder`). Returns the folder."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    processed = processed or paths.processed_dir()
    if generation is None:
        manifest = current.read_current(processed)
        if manifest is None:
            raise StoreError(f"{processed} holds no built store: run `him-wages data`")
        generation = manifest["generation"]
    target = fast_folder(processed, generation)
    if target.is_dir():
        return target

    def releases(staging: Path):
        for source in sorted((processed / generation).glob("oews_M*.parquet")):
            table = pq.read_table(source)
            # The row's position in the store's own order (occ_code, area, naics, own_code), so that results can
            # be returned in store.load's order by sorting one integer column.
            table = table.append_column(ORDER_COLUMN, pa.array(range(table.num_rows), pa.int32()))
            for order, keys in ORDERS.items():
                ordered = (
                    table
                    if keys is None
                    else table.take(pc.sort_indices(table, sort_keys=[(k, "ascending") for k in keys]))
                )
                write_copy(ordered, staging / f"{source.stem}.{order}.parquet")
            yield table  # in the store's order, releases ascending: the lookup index's rows

    with files.atomic_folder(target, prefix=".fast-staging-") as staging:
        lookup.write_index(staging / lookup.INDEX_NAME, releases(staging))
    return target


# ------------------------------------------------------------------------------------------------ loading
def as_list(value) -> list | None:
    """A filter value as a list: one code or year becomes a list of one; None stays None."""
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


def _read(files: list[Path], column: str | None, wanted: list | None, filters: list, columns=None) -> pa.Table:
    import pyarrow as pa
    import pyarrow.parquet as pq

    tables = []
    for file in files:
        parquet = pq.ParquetFile(file)
        groups = (
            list(range(parquet.metadata.num_row_groups))
            if column is None
            else _row_groups(parquet.metadata, column, wanted)
        )
        if groups:
            # Threads pay off for many row groups; for a lookup's one or two their start costs more than they save.
            tables.append(parquet.read_row_groups(groups, columns=columns, use_threads=len(groups) > SMALL_READ_GROUPS))
    if not tables:
        return pq.ParquetFile(files[0]).schema_arrow.empty_table() if files else None
    table = pa.concat_tables(tables) if len(tables) > 1 else tables[0]
    if [name for name, _ in filters] == [column]:
        return _matching_runs(table, column, set(wanted))
    import pyarrow.compute as pc

    mask = None
    for name, values in filters:
        condition = pc.is_in(table[name], value_set=_value_set(table[name], values))
        mask = condition if mask is None else pc.and_(mask, condition)
    return table.filter(mask) if mask is not None else table


def _matching_runs(table: pa.Table, column: str, wanted: set) -> pa.Table:
    """The rows whose ``column`` is one of ``wanted``, as slices of the runs of such rows: a copy sorted by
    ``column`` holds one run per file, and slicing needs neither pyarrow.compute (whose import costs a lookup
    more than its read) nor pandas."""
    import pyarrow as pa

    pieces, start = [], None
    for index, value in enumerate(table[column].to_pylist()):
        if value in wanted:
            start = index if start is None else start
        elif start is not None:
            pieces.append(table.slice(start, index - start))
            start = None
    if start is not None:
        pieces.append(table.slice(start))
    if not pieces:
        return table.slice(0, 0)
    return pa.concat_tables(pieces) if len(pieces) > 1 else pieces[0]


def _value_set(column: pa.ChunkedArray, values: list) -> pa.Array:
    """Those of ``values`` that ``column`` holds, as an arrow array taken from the column itself: pyarrow's
    conversion of Python values imports pandas, which a lookup (``him-wages show``) does without."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    unique = pc.unique(column)
    wanted = set(values)
    keep = np.fromiter((value in wanted for value in unique.to_pylist()), dtype=bool, count=len(unique))
    bits = pa.py_buffer(np.packbits(keep, bitorder="little"))
    return unique.filter(pa.Array.from_buffers(pa.bool_(), len(unique), [None, bits]))


def to_canonical(table: pa.Table) -> pd.DataFrame:
    """A table read from the store as the canonical frame (column order and dtypes checked, not re-done)."""
    from analysis.conventions.schema import CANONICAL_COLUMNS, DTYPES, arrow_types_mapper, conform

    frame = table.to_pandas(types_mapper=arrow_types_mapper, split_blocks=True, self_destruct=True)
    if list(frame.columns) == list(CANONICAL_COLUMNS) and all(
        str(frame[c].dtype) == DTYPES[c] for c in CANONICAL_COLUMNS
    ):
        return frame
    return conform(frame)


def load(*, years=None, occ_codes=None, areas=None, area_types=None, data_dirs: Iterable = ()) -> pd.DataFrame:
    """The canonical frame of the processed store, filtered: ``occ_codes`` ("29-2072"), ``areas`` (canonical area
    codes: "99", "06", "10180"), ``area_types`` (1, 2, 3, 4, 6), ``years``. Same rows, order and dtypes as
    :func:`analysis.store.load` (for ``areas``, ``store.load()`` filtered by area).

    Needs an up-to-date store and no ``data_dirs`` (:func:`analysis.store.load` handles every other case and calls
    :func:`load_current`): raises :class:`~analysis.errors.StoreError` otherwise."""
    if data_dirs:
        raise StoreError("sorted_copies.load reads the processed store only: use analysis.store.load for data_dirs")
    frame = load_current(years=years, occ_codes=occ_codes, areas=areas, area_types=area_types)
    if frame is None:
        raise StoreError(
            "data/processed is missing or out of date: run `him-wages data` "
            "(analysis.store.load reads data/raw meanwhile)"
        )
    return frame


def load_current(
    *, years=None, occ_codes=None, areas=None, area_types=None, processed: Path | None = None
) -> pd.DataFrame | None:
    """:func:`load`, or None when the store is missing, out of date, damaged or has no sorted copies. A build
    that replaces the generation while this reads it is tolerated: current.json is read again."""
    table = load_table(years=years, occ_codes=occ_codes, areas=areas, area_types=area_types, processed=processed)
    if table is None:
        return None
    if table.num_rows == 0 and not table.schema.names:
        import pandas as pd

        from analysis.conventions.schema import CANONICAL_COLUMNS, conform

        return conform(pd.DataFrame(columns=list(CANONICAL_COLUMNS)))
    return to_canonical(table)


def load_table(
    *, years=None, occ_codes=None, areas=None, area_types=None, columns=None, processed: Path | None = None
) -> pa.Table | None:
    """What :func:`load_current` returns, as the pyarrow table read from the sorted copies (store columns, same
    rows and order) without pandas: ``him-wages show`` answers with it. Only ``columns`` are read when given.
    None when the store cannot answer; a table with no columns when no release was asked for."""
    processed = processed or paths.processed_dir()
    if not is_up_to_date(processed):
        return None
    for _ in range(READ_ATTEMPTS):
        manifest = current.read_current_or_none(processed)
        if manifest is None:
            return None
        folder = fast_folder(processed, manifest)
        if not folder.is_dir():
            return None
        try:
            return _query(
                folder,
                manifest,
                years=years,
                occ_codes=occ_codes,
                areas=areas,
                area_types=area_types,
                columns=columns,
                processed=processed,
            )
        except FileNotFoundError:
            continue  # the generation was replaced by a newer build while we read it
    return None


def _query(
    folder: Path, manifest: dict, *, years, occ_codes, areas, area_types, processed: Path, columns=None
) -> pa.Table:
    import pyarrow as pa

    wanted_years = None if years is None else {int(y) for y in as_list(years)}
    stems = [f"oews_M{y}" for y in manifest["years"] if wanted_years is None or y in wanted_years]
    occ = as_list(occ_codes)
    area_list = None if areas is None else [str(a) for a in as_list(areas)]
    types = None if area_types is None else [int(t) for t in as_list(area_types)]
    if occ is not None:
        order, column, wanted = "by_occ", "occ_code", [str(c) for c in occ]
    elif area_list is not None:
        order, column, wanted = "by_area", "area", area_list
    elif types is not None:
        order, column, wanted = "by_area", "area_type", types
    else:
        order, column, wanted = "by_occ", None, None
    paths_ = [folder / f"{stem}.{order}.parquet" for stem in stems]
    filters = [
        (name, values)
        for name, values in (
            ("occ_code", None if occ is None else [str(c) for c in occ]),
            ("area", area_list),
            ("area_type", types),
        )
        if values is not None
    ]
    if not paths_:
        return pa.table({})
    current.verify_files(processed, manifest, paths_)
    needed = None
    if columns is not None:
        needed = list(dict.fromkeys([*columns, *(name for name, _ in filters), "year", "area", ORDER_COLUMN]))
    table = _read(paths_, column, wanted, filters, needed)
    # store.load's order: by year, then as store.build sorted each year (occ_code, area, naics, own_code).
    # The by_occ files are in that order already and are read year by year in ascending order.
    # One area (the U.S. is the only area of type 1) needs no sort, nor pyarrow.compute.
    one_area = (area_list is not None and len(set(area_list)) == 1) or (types is not None and set(types) == {1})
    if order == "by_area" and not one_area:
        import pyarrow.compute as pc

        if pc.count_distinct(table["area"]).as_py() > 1:
            table = table.take(pc.sort_indices(table, sort_keys=[("year", "ascending"), (ORDER_COLUMN, "ascending")]))
    table = table.drop_columns([ORDER_COLUMN])
    return table if columns is None else table.select(list(columns))
