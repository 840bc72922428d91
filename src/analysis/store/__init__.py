"""The processed store, ``data/processed/``: every release read from ``data/raw`` (the bundled extract and
anything ``him-wages fetch`` downloaded) plus any BLS files, folders or archives named on the command line,
as columnar parquet, rebuilt by code and never edited by hand.

Layout::

    data/processed/current.json          which generation is current, its inputs (sha256), releases, row counts
    data/processed/<generation>/oews_M2025.parquet   one file per release year, sorted by occ_code, area

A build reads every input first (a bad input raises before anything is written), writes a new generation
folder under a temporary name, renames it into place, and only then replaces ``current.json`` (write to a
temporary file and ``os.replace``). A crash at any moment leaves ``current.json`` naming a complete generation;
old generations are removed after the switch. A build whose inputs are unchanged (same sha256) writes nothing.

``load()`` is what notebooks call: the current generation if it is up to date with ``data/raw``, otherwise the raw
inputs read directly (so a fresh clone works before ``make data``), plus any ``data_dirs`` read on the fly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import __version__, paths
from analysis.conventions.schema import (
    CANONICAL_COLUMNS,
    DTYPES,
    VALUE_COLUMNS,
    arrow_types_mapper,
    conform,
    validate,
)
from analysis.errors import Location, OEWSInputError
from analysis.files import atomic_write_text, sha256_of

CURRENT = "current.json"
KEY = ["year", "area", "naics", "own_code", "occ_code"]
STORE_FORMAT = 1


# ----------------------------------------------------------------------------------------------- inputs
def default_inputs() -> list[Path]:
    """The inputs every build reads: the bundled files, then every download (later inputs win on overlap)."""
    inputs: list[Path] = list(paths.bundled_inputs())
    downloads = paths.downloads_dir()
    if downloads.exists():
        # data/raw/bls/context/ holds BEA/BLS context files (fetch --kinds rpp,projections), not OEWS data.
        inputs.extend(sorted(p for p in downloads.iterdir() if _is_data_entry(p) and p.name != "context"))
    return inputs


def _is_data_entry(path: Path) -> bool:
    name = path.name
    return not (name.startswith(".") or name.endswith(".part") or name.upper().startswith("MANIFEST"))


def _files_of(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and _is_data_entry(p))
    return [path]




@lru_cache(maxsize=4096)
def _cached_sha256(path: str, size: int, mtime_ns: int) -> str:
    return sha256_of(Path(path))


def fingerprint(inputs: Sequence[Path]) -> list[dict]:
    """sha256 and size of every file of every input, in order: what makes a build up to date."""
    entries = []
    for source in inputs:
        if not source.exists():
            raise OEWSInputError("no such file or folder", found=str(source),
                                 expected="a BLS file, a folder of BLS files or a zip archive")
        for file in _files_of(source):
            stat = file.stat()
            entries.append({
                "input": str(source),
                "file": str(file),
                "size": stat.st_size,
                "sha256": _cached_sha256(str(file), stat.st_size, stat.st_mtime_ns),
            })
    return entries


# ----------------------------------------------------------------------------------------------- reading
def read_inputs(inputs: Sequence[Path]) -> tuple[pd.DataFrame, list[dict]]:
    """Read every input with ``read_oews`` and combine them; returns the frame and a note per overlap.

    Where two inputs carry the same (year, area, naics, own_code, occ_code), the later input wins and the
    overlap is recorded with whether the published values agree, so nothing is replaced silently.
    """
    from analysis.sources import read_oews

    frames = [read_oews(source) for source in inputs]
    frames = [f for f in frames if len(f)]
    if not frames:
        return conform(pd.DataFrame(columns=list(CANONICAL_COLUMNS))), []
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    overlaps: list[dict] = []
    duplicated = combined.duplicated(KEY, keep=False)
    if duplicated.any():
        dupes = combined[duplicated]
        differing = dupes.groupby(KEY, dropna=False)[list(VALUE_COLUMNS)].nunique(dropna=False).gt(1).any(axis=1)
        for year, group in dupes.groupby("year"):
            overlaps.append({
                "year": int(year),
                "rows": int(group[KEY].drop_duplicates().shape[0]),
                "sources": sorted(set(group["source"].dropna())),
                "rows_with_different_values": int(differing.loc[[year]].sum()) if year in differing.index else 0,
                "kept": "the later input",
            })
        combined = combined.drop_duplicates(KEY, keep="last").reset_index(drop=True)
    return validate(conform(combined)), overlaps


# ----------------------------------------------------------------------------------------------- building
@dataclass
class BuildResult:
    rebuilt: bool
    generation: Path | None
    years: list[int] = field(default_factory=list)
    rows: int = 0
    overlaps: list[dict] = field(default_factory=list)


def read_current(processed: Path | None = None) -> dict | None:
    """The manifest of the current generation, or None when the store has never been built."""
    processed = processed or paths.processed_dir()
    current = processed / CURRENT
    if not current.exists():
        return None
    manifest = json.loads(current.read_text())
    if not (processed / manifest["generation"]).is_dir():
        return None
    return manifest


def remembered_extras(manifest: dict | None) -> list[Path]:
    """Inputs named on an earlier ``him-wages data PATH`` that still exist: later builds keep them."""
    if not manifest:
        return []
    defaults = {str(p) for p in default_inputs()}
    extras: list[Path] = []
    for name in manifest.get("extra_inputs", []):
        if name not in defaults and Path(name).exists() and Path(name) not in extras:
            extras.append(Path(name))
    return extras


def store_inputs(extra: Iterable[str | Path] = (), *, manifest: dict | None = None,
                 forget_extras: bool = False) -> list[Path]:
    """Default inputs, then the remembered extras, then ``extra`` (later inputs win on overlap)."""
    inputs = default_inputs()
    if not forget_extras:
        inputs += remembered_extras(manifest)
    for path in (Path(p).resolve() for p in extra):
        if path.resolve() not in {p.resolve() for p in inputs}:
            inputs.append(path)
    return inputs


def is_up_to_date(processed: Path | None = None) -> bool:
    """True when the store exists and was built from exactly the inputs that exist now, unchanged."""
    manifest = read_current(processed)
    if manifest is None or manifest.get("format") != STORE_FORMAT:
        return False
    try:
        return manifest["inputs"] == fingerprint(store_inputs(manifest=manifest))
    except OEWSInputError:
        return False


def build(extra: Iterable[str | Path] = (), *, force: bool = False, forget_extras: bool = False,
          processed: Path | None = None) -> BuildResult:
    """Build ``data/processed`` from the default inputs plus ``extra`` (files, folders or zip archives).

    Inputs named in an earlier build are remembered (``forget_extras=True`` drops them), so a later plain
    ``him-wages data`` or ``make reports`` keeps what the analyst added.
    """
    processed = processed or paths.processed_dir()
    manifest = read_current(processed)
    inputs = store_inputs(extra, manifest=manifest, forget_extras=forget_extras)
    defaults = {str(p) for p in default_inputs()}
    prints = fingerprint(inputs)
    for named in (Path(p).resolve() for p in extra):
        if not any(entry["input"] == str(named) for entry in prints):
            raise OEWSInputError("found no BLS data to read: the folder is empty", location=Location(file=str(named)),
                                 found="no files", expected="BLS OEWS files, zip archives or oe flat files")
    if not force and manifest is not None and manifest.get("format") == STORE_FORMAT and manifest["inputs"] == prints:
        return BuildResult(False, processed / manifest["generation"], manifest["years"], manifest["rows"],
                           manifest.get("overlaps", []))
    frame, overlaps = read_inputs(inputs)  # raises on a bad input before anything is written

    processed.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC)
    digest = hashlib.sha256(json.dumps(prints, sort_keys=True).encode()).hexdigest()[:12]
    generation = f"gen-{stamp:%Y%m%dT%H%M%S%f}-{digest}"
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=processed))
    try:
        years = sorted(int(y) for y in frame["year"].dropna().unique())
        for year in years:
            part = frame[frame["year"] == year].sort_values(["occ_code", "area", "naics", "own_code"])
            table = pa.Table.from_pandas(part, preserve_index=False)
            pq.write_table(table, staging / f"oews_M{year}.parquet", row_group_size=50_000, compression="zstd")
        os.rename(staging, processed / generation)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    new_manifest = {
        "format": STORE_FORMAT,
        "generation": generation,
        "built": stamp.isoformat(timespec="seconds"),
        "project_version": __version__,
        "inputs": prints,
        "extra_inputs": [str(p) for p in inputs if str(p) not in defaults],
        "years": years,
        "rows": len(frame),
        "rows_by_year": {str(y): int((frame["year"] == y).sum()) for y in years},
        "overlaps": overlaps,
    }
    atomic_write_text(processed / CURRENT, json.dumps(new_manifest, indent=2))
    _remove_old_generations(processed, keep=generation)
    from analysis.store import sorted_copies

    sorted_copies.build_sorted_copies(processed)  # so that the first query after a build is fast ...
    sorted_copies.is_up_to_date(processed)  # ... and needs no hashing: this fills the stat cache
    return BuildResult(True, processed / generation, years, len(frame), overlaps)


def _remove_old_generations(processed: Path, keep: str) -> None:
    for entry in processed.iterdir():
        if entry.is_dir() and entry.name != keep and (entry.name.startswith("gen-") or entry.name.startswith(".staging-")):
            shutil.rmtree(entry, ignore_errors=True)


# ----------------------------------------------------------------------------------------------- loading
def _filters(years, occ_codes, area_types) -> list | None:
    filters = []
    if years is not None:
        filters.append(("year", "in", [int(y) for y in _as_list(years)]))
    if occ_codes is not None:
        filters.append(("occ_code", "in", [str(c) for c in _as_list(occ_codes)]))
    if area_types is not None:
        filters.append(("area_type", "in", [int(t) for t in _as_list(area_types)]))
    return filters or None


def _as_list(value) -> list:
    if isinstance(value, (str, int)):
        return [value]
    return list(value)


def load_processed(*, years=None, occ_codes=None, area_types=None, processed: Path | None = None) -> pd.DataFrame:
    """Read the current generation of the store with the filters pushed down to parquet."""
    processed = processed or paths.processed_dir()
    manifest = read_current(processed)
    if manifest is None:
        raise FileNotFoundError(f"{processed} holds no built store: run `make data` (or `him-wages data`)")
    folder = processed / manifest["generation"]
    files = sorted(folder.glob("oews_M*.parquet"))
    if years is not None:
        wanted = {int(y) for y in _as_list(years)}
        files = [f for f in files if int(f.stem.split("_M")[1]) in wanted]
    if not files:
        return conform(pd.DataFrame(columns=list(CANONICAL_COLUMNS)))
    table = pq.read_table(files, filters=_filters(years, occ_codes, area_types)) if len(files) > 1 else \
        pq.read_table(files[0], filters=_filters(years, occ_codes, area_types))
    return _to_canonical(table)


def _to_canonical(table: pa.Table) -> pd.DataFrame:
    frame = table.to_pandas(types_mapper=arrow_types_mapper)
    return conform(frame)




@lru_cache(maxsize=16)
def _read_folder_cached(path: str, stamp: tuple) -> pd.DataFrame:
    from analysis.sources import read_oews

    return read_oews(path)


def _read_folder(path: Path) -> pd.DataFrame:
    stamp = tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in _files_of(path))
    return _read_folder_cached(str(path), stamp).copy()


def load(*, data_dirs: Iterable[str | Path] = (), years=None, occ_codes=None, area_types=None,
         areas=None) -> pd.DataFrame:
    """Every release available, as one canonical frame: the processed store (or, when it is missing or out of
    date, the raw inputs read directly) plus the BLS files in ``data_dirs``. Filters are optional: ``years``,
    ``occ_codes`` ("29-2072"), ``area_types`` (1 U.S., 2 state, 3 territory, 4 MSA, 6 nonmetro) and ``areas``
    (canonical area codes: "99", "06", "10180").

    From an up-to-date store with no ``data_dirs``, the query is answered by :mod:`analysis.store.sorted_copies` (copies of
    each release sorted by occupation and by area, read row group by row group): one occupation x all areas, or
    all occupations x one area, of a complete release in well under 200 ms. Where a data_dirs file and the store
    carry the same key, the store's row is kept (it was built from data/raw: the bundled and fetched BLS files).
    """
    from analysis.store import sorted_copies

    data_dirs = [Path(d) for d in (data_dirs or [])]
    if not data_dirs and sorted_copies.is_up_to_date():
        return sorted_copies.load(years=years, occ_codes=occ_codes, areas=areas, area_types=area_types)
    return load_combined(data_dirs=data_dirs, years=years, occ_codes=occ_codes, area_types=area_types, areas=areas)


def load_combined(*, data_dirs: Sequence[Path] = (), years=None, occ_codes=None, area_types=None,
                  areas=None) -> pd.DataFrame:
    """:func:`load` without the sorted copies: the store's release files (or the raw inputs when the store is
    missing or out of date) plus ``data_dirs``, filtered in memory."""
    from analysis.store import sorted_copies

    for directory in data_dirs:
        if not directory.exists():
            raise FileNotFoundError(f"data_dirs: {directory} does not exist")
    frames = []
    if sorted_copies.is_up_to_date():
        frames.append(load_processed(years=years, occ_codes=occ_codes, area_types=area_types))
    else:
        for source in store_inputs(manifest=read_current()):
            frames.append(_read_folder(source))
    for directory in data_dirs:
        frames.append(_read_folder(directory))
    frames = [f for f in frames if len(f)]
    if not frames:
        raise FileNotFoundError(
            "no OEWS data found: data/raw/oe (the bundled extract) is missing and no data_dirs were given")
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    combined = combined.drop_duplicates(KEY, keep="first")
    mask = pd.Series(True, index=combined.index)
    if years is not None:
        mask &= combined["year"].isin([int(y) for y in _as_list(years)])
    if occ_codes is not None:
        mask &= combined["occ_code"].isin([str(c) for c in _as_list(occ_codes)])
    if area_types is not None:
        mask &= combined["area_type"].isin([int(t) for t in _as_list(area_types)])
    if areas is not None:
        mask &= combined["area"].isin([str(a) for a in _as_list(areas)])
    result = combined[mask].reset_index(drop=True)
    return result.astype({c: DTYPES[c] for c in CANONICAL_COLUMNS})


# ----------------------------------------------------------------------------------------------- CLI
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="extra BLS files, folders or zip archives to include (data/raw is always read)")
    parser.add_argument("--force", action="store_true", help="rebuild even when no input changed")
    parser.add_argument("--forget", action="store_true",
                        help="forget the inputs named in earlier builds (data/raw is always read)")


def run(args: argparse.Namespace) -> int:
    import sys

    from rich.console import Console

    console = Console(stderr=True)
    try:
        with console.status("reading BLS inputs and building data/processed ..."):
            result = build(args.paths, force=args.force, forget_extras=args.forget)
    except (OEWSInputError, FileNotFoundError) as exc:
        console.print(f"[bold red]him-wages data: {exc}[/]\ndata/processed/ was left as it was.")
        return 1
    processed = paths.processed_dir()
    if not result.rebuilt:
        print(f"data/processed is up to date ({result.rows:,} rows; releases {_years_text(result.years)})")
    else:
        print(f"built {result.generation.relative_to(processed.parent.parent) if processed.parent.parent in result.generation.parents else result.generation}: "
              f"{result.rows:,} rows; releases {_years_text(result.years)}")
    for overlap in result.overlaps:
        print(f"note: May {overlap['year']}: {overlap['rows']:,} rows present in several inputs "
              f"({', '.join(overlap['sources'])}); {overlap['rows_with_different_values']} differ; kept the later input",
              file=sys.stderr)
    return 0


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(f"May {y}" for y in years) if years else "none"
