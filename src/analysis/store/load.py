"""Reading the store: :func:`load` is what notebooks, analyses and ``him-wages info`` call.

Every release available, as one canonical frame: the processed store when it is up to date with data/raw
(answered from the sorted copies), otherwise the raw inputs read directly (so a fresh clone works before
``make data``), plus any ``data_dirs`` read on the fly. When data/raw cannot be read (a remembered input deleted or
replaced by an HTML page) but a good generation exists, that generation is used and a warning says so: readers
keep working from the last good build. Readers never write the store and tolerate a build in progress.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import paths
from analysis.errors import HimWagesError, StoreError
from analysis.store import current, sorted_copies
from analysis.store.sorted_copies import as_list, to_canonical

if TYPE_CHECKING:
    import pandas as pd

# pandas, pyarrow and the schema are imported by the functions that read (see analysis.store.sorted_copies).

READ_ATTEMPTS = sorted_copies.READ_ATTEMPTS


def _filters(years, occ_codes, area_types) -> list | None:
    filters = []
    if years is not None:
        filters.append(("year", "in", [int(y) for y in as_list(years)]))
    if occ_codes is not None:
        filters.append(("occ_code", "in", [str(c) for c in as_list(occ_codes)]))
    if area_types is not None:
        filters.append(("area_type", "in", [int(t) for t in as_list(area_types)]))
    return filters or None


def load_processed(*, years=None, occ_codes=None, area_types=None, processed: Path | None = None) -> pd.DataFrame:
    """Read the current generation of the store with the filters pushed down to parquet (a build that replaces
    the generation meanwhile is tolerated: current.json is read again)."""
    processed = processed or paths.processed_dir()
    for attempt in range(READ_ATTEMPTS):
        manifest = current.read_current(processed)
        if manifest is None:
            raise StoreError(f"{processed} holds no built store: run `him-wages data`")
        try:
            return _read_generation(processed, manifest, years, occ_codes, area_types)
        except FileNotFoundError:
            if attempt == READ_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _read_generation(processed: Path, manifest: dict, years, occ_codes, area_types) -> pd.DataFrame:
    import pandas as pd
    import pyarrow.parquet as pq

    from analysis.conventions.schema import CANONICAL_COLUMNS, conform

    folder = processed / manifest["generation"]
    if not folder.is_dir():  # replaced by a newer build since current.json was read
        raise FileNotFoundError(f"{folder} is gone")
    files = sorted(folder.glob("oews_M*.parquet"))
    if years is not None:
        wanted = {int(y) for y in as_list(years)}
        files = [f for f in files if int(f.stem.split("_M")[1]) in wanted]
    if not files:
        return conform(pd.DataFrame(columns=list(CANONICAL_COLUMNS)))
    filters = _filters(years, occ_codes, area_types)
    current.verify_files(processed, manifest, files)
    table = pq.read_table(files if len(files) > 1 else files[0], filters=filters)
    return to_canonical(table)


@lru_cache(maxsize=16)
def _read_folder_cached(path: str, stamp: tuple) -> pd.DataFrame:
    from analysis.sources import read_oews

    return read_oews(path)


def _read_folder(path: Path) -> pd.DataFrame:
    stamp = tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in current.files_of(path))
    return _read_folder_cached(str(path), stamp).copy()


def load(
    *, data_dirs: Iterable[str | Path] = (), years=None, occ_codes=None, area_types=None, areas=None
) -> pd.DataFrame:
    """Every release available, as one canonical frame: the processed store (or, when it is missing or out of
    date, the raw inputs read directly) plus the BLS files in ``data_dirs``. Filters are optional: ``years``,
    ``occ_codes`` ("29-2072"), ``area_types`` (1 U.S., 2 state, 3 territory, 4 MSA, 6 nonmetro) and ``areas``
    (canonical area codes: "99", "06", "10180").

    From an up-to-date store with no ``data_dirs``, the query is answered by :mod:`analysis.store.sorted_copies`
    (copies of each release sorted by occupation and by area, read row group by row group): one occupation x all
    areas, or all occupations x one area, of a complete release in well under 200 ms. Where a data_dirs file and
    the store carry the same key, the store's row is kept (it was built from data/raw: the bundled and fetched BLS
    files).
    """
    data_dirs = [Path(d) for d in (data_dirs or [])]
    if not data_dirs:
        frame = sorted_copies.load_current(years=years, occ_codes=occ_codes, areas=areas, area_types=area_types)
        if frame is not None:
            return frame
    return load_combined(data_dirs=data_dirs, years=years, occ_codes=occ_codes, area_types=area_types, areas=areas)


def _raw_or_last_good(years, occ_codes, area_types) -> list[pd.DataFrame]:
    """The store's frames when it is up to date; else data/raw read directly; else, when data/raw cannot be read
    but a sound generation exists, that generation (with a warning naming the problem)."""
    processed = paths.processed_dir()
    if current.is_up_to_date(processed):
        return [load_processed(years=years, occ_codes=occ_codes, area_types=area_types)]
    manifest = current.read_current_or_none(processed)
    try:
        return [_read_folder(source) for source in current.store_inputs(manifest=manifest)]
    except (HimWagesError, OSError) as exc:
        if manifest is None or current.check_generation(processed, manifest, hashes=False) is not None:
            raise
        warnings.warn(
            f"data/raw cannot be read ({exc}); using the last good build of data/processed "
            f"({manifest['generation']}). Fix the input or drop it with `him-wages data --forget PATH`.",
            UserWarning,
            stacklevel=3,
        )
        return [load_processed(years=years, occ_codes=occ_codes, area_types=area_types)]


def load_combined(
    *, data_dirs: Sequence[Path] = (), years=None, occ_codes=None, area_types=None, areas=None
) -> pd.DataFrame:
    """:func:`load` without the sorted copies: the store's release files (or the raw inputs when the store is
    missing or out of date) plus ``data_dirs``, filtered in memory."""
    import pandas as pd

    from analysis.conventions.schema import CANONICAL_COLUMNS, DTYPES, KEY

    for directory in data_dirs:
        if not directory.exists():
            raise FileNotFoundError(f"data_dirs: {directory} does not exist")
    frames = _raw_or_last_good(years, occ_codes, area_types)
    for directory in data_dirs:
        frames.append(_read_folder(directory))
    frames = [f for f in frames if len(f)]
    if not frames:
        raise FileNotFoundError(
            "no OEWS data found: data/raw/oe (the bundled extract) is missing and no data_dirs were given"
        )
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    combined = combined.drop_duplicates(list(KEY), keep="first")
    mask = pd.Series(True, index=combined.index)
    if years is not None:
        mask &= combined["year"].isin([int(y) for y in as_list(years)])
    if occ_codes is not None:
        mask &= combined["occ_code"].isin([str(c) for c in as_list(occ_codes)])
    if area_types is not None:
        mask &= combined["area_type"].isin([int(t) for t in as_list(area_types)])
    if areas is not None:
        mask &= combined["area"].isin([str(a) for a in as_list(areas)])
    result = combined[mask].reset_index(drop=True)
    return result.astype({c: DTYPES[c] for c in CANONICAL_COLUMNS})
