"""Building ``data/processed``: read every input, record overlaps, write a new generation and its sorted copies,
then switch ``current.json`` to it.

Layout::

    data/processed/current.json                  the current generation (analysis.store.current)
    data/processed/gen-<stamp>-<digest>/oews_M2025.parquet      one file per release, sorted by occ_code, area
    data/processed/fast-gen-<stamp>-<digest>/oews_M2025.by_occ.parquet, .by_area.parquet   (sorted_copies)
    data/.locks/processed-<digest>.lock          held by the one build that may write (analysis.files)

A build holds the store's lock (a second ``him-wages data`` waits, then gives up with exit code 75), checks the
current generation (a damaged one is rebuilt, and the build says so), reads every input first (a bad input raises
before anything is written), writes the generation and its sorted copies into temporary folders that are fsynced
and renamed into place when complete, and only then replaces ``current.json`` (atomically, fsynced). A crash or a
full disk at any moment leaves ``current.json`` naming a complete generation; older generations are removed after
the switch, and what an interrupted build left goes on the next run of any kind. A build whose inputs are
unchanged (same sha256) and whose generation is sound writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analysis import __version__, files, paths, settings
from analysis.errors import ConfigError, HimWagesError, StoreError
from analysis.inputs import no_data_error
from analysis.store import current
from analysis.store.current import NATIONAL_YEARS

if TYPE_CHECKING:
    import pandas as pd

# pandas, pyarrow, the schema and the sorted copies are imported where a build needs them: `him-wages data` on an
# up-to-date store (the warm `make reports`) imports none of them (tests/integration/test_warm_run.py).

#: How long a second ``him-wages data`` waits for the first by default, in seconds.
LOCK_WAIT = settings.LOCK_WAIT


@dataclass
class BuildResult:
    rebuilt: bool
    generation: Path | None
    years: list[int] = field(default_factory=list)
    rows: int = 0
    overlaps: list[dict] = field(default_factory=list)
    #: What was wrong with the store before this build healed it (None when it was sound or new).
    healed: str | None = None


# ----------------------------------------------------------------------------------------------- reading
def read_inputs(inputs: Sequence[Path], *, remembered: Iterable[Path] = ()) -> tuple[pd.DataFrame, list[dict]]:
    """Read every file of every input and combine them; returns the frame and one note per overlapping release.

    Where two files carry the same (year, area, naics, own_code, occ_code), whether in two inputs or side by side in one
    folder or archive, the later file wins (inputs in order; within an input, the order its reader returns the files)
    and the overlap is recorded: the release, the files, the rows they share, how many of those differ in any value or
    status, and which file's rows were kept. An error in a remembered input names it and says how to drop it.
    """
    import pandas as pd

    from analysis.conventions.schema import CANONICAL_COLUMNS, KEY, conform, validate
    from analysis.sources import read_oews_by_file

    remembered = {str(p) for p in remembered}
    frames: list[pd.DataFrame] = []
    for source in inputs:
        try:
            frames.extend(read_oews_by_file(source))
        except HimWagesError as exc:
            if str(source) not in remembered:
                raise
            raise StoreError(
                f"remembered input {source} cannot be read: {exc}; fix it, or drop it with "
                f"`him-wages data --forget {source}`"
            ) from exc
    frames = [f for f in frames if len(f)]
    if not frames:
        return conform(pd.DataFrame(columns=list(CANONICAL_COLUMNS))), []
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    overlaps = find_overlaps(combined)
    if overlaps:
        combined = combined.drop_duplicates(list(KEY), keep="last").reset_index(drop=True)
    return validate(conform(combined)), overlaps


def find_overlaps(frame: pd.DataFrame) -> list[dict]:
    """One note per release in which several files publish the same key (``frame`` in input order)."""
    from analysis.conventions.schema import KEY, STATUS_COLUMNS, VALUE_COLUMNS

    key = list(KEY)
    shared = frame.duplicated(key, keep=False)
    if not shared.any():
        return []
    dupes = frame[shared]
    compared = [c for c in frame.columns if c in VALUE_COLUMNS or c in STATUS_COLUMNS]
    # A value against a blank is a difference: compare the text of every value and status, blanks included.
    text = dupes[compared].astype(object).where(dupes[compared].notna(), "<blank>").astype(str)
    groups = [dupes[k] for k in key]
    differing = text.groupby(groups, dropna=False).nunique(dropna=False).gt(1).any(axis=1)
    kept = dupes.drop_duplicates(key, keep="last")
    overlaps = []
    for year, group in dupes.groupby("year"):
        year_differing = differing[differing.index.get_level_values(0) == year]
        overlaps.append(
            {
                "year": int(year),
                "sources": list(dict.fromkeys(group["source"].dropna().astype(str))),
                "rows": int(group[key].drop_duplicates().shape[0]),
                "rows_with_different_values": int(year_differing.sum()),
                "kept": sorted(set(kept.loc[kept["year"] == year, "source"].dropna().astype(str))),
            }
        )
    return overlaps


# ----------------------------------------------------------------------------------------------- building
def build(
    extra: Iterable[str | Path] = (),
    *,
    force: bool = False,
    forget_extras: bool = False,
    forget: Iterable[str | Path] = (),
    processed: Path | None = None,
    wait: float = LOCK_WAIT,
    on_wait: Callable[[], None] | None = None,
) -> BuildResult:
    """Build ``data/processed`` from the default inputs plus ``extra`` (files, folders or zip archives).

    Inputs named in an earlier build are remembered, so a later plain ``him-wages data`` or ``make reports`` keeps
    what the analyst added; ``forget`` drops some of them, ``forget_extras=True`` all. A remembered input that has
    disappeared or cannot be read is a :class:`~analysis.errors.StoreError` naming it. Only one build runs at a
    time: another waits up to ``wait`` seconds (``on_wait()`` is called once), then raises
    :class:`~analysis.errors.LockTimeout` (the lock is :func:`analysis.files.exclusive_lock` of the store's folder).
    """
    processed = processed or paths.processed_dir()
    processed.mkdir(parents=True, exist_ok=True)
    with files.exclusive_lock(processed, timeout=wait, on_wait=on_wait):
        return _build_locked(
            list(extra), force=force, forget_extras=forget_extras, forget=list(forget), processed=processed
        )


def _build_locked(extra: list, *, force: bool, forget_extras: bool, forget: list, processed: Path) -> BuildResult:
    damage = None
    try:
        manifest = current.read_current(processed)
    except StoreError as exc:
        manifest, damage = None, str(exc).removeprefix("damaged store: ")
    if manifest is not None and manifest.get("format") == current.STORE_FORMAT:
        damage = current.check_generation(processed, manifest, hashes=True)
        if damage is not None:
            manifest = {k: v for k, v in manifest.items() if k in ("extra_inputs",)}  # keep what was remembered
        else:  # what an interrupted build left (orphan generations, staging folders) goes now, on any run
            _remove_unused(processed, keep=manifest["generation"])
    known_before = current.remembered_extras(manifest)
    for path in forget:
        if not any(str(p) in (str(path), str(Path(path).resolve())) for p in known_before):
            listed = ", ".join(str(p) for p in known_before) or "none"
            raise ConfigError(
                f"--forget {path}: not a remembered input, so there is nothing to forget (remembered: {listed})"
            )
    inputs = current.store_inputs(extra, manifest=manifest, forget_extras=forget_extras, forget=forget)
    named = {Path(p).resolve() for p in extra}
    known = current.remembered_extras(manifest)
    remembered = [p for p in inputs if p in known and p.resolve() not in named]
    for source in remembered:
        if not source.exists():
            raise StoreError(
                f"remembered input {source} no longer exists; restore it, or drop it with "
                f"`him-wages data --forget {source}`"
            )
    defaults = {str(p) for p in current.default_inputs()}
    hashes = files.HashCache(processed / current.STAT_CACHE)  # saved only when the build succeeds
    prints = current.fingerprint(inputs, hashes)
    for path in named:
        if not any(entry["input"] == str(path) for entry in prints):
            raise no_data_error(path)  # names a FIFO, device link, link loop or unreadable entry, else "empty"
    if (
        not force
        and damage is None
        and manifest is not None
        and manifest.get("format") == current.STORE_FORMAT
        and manifest["inputs"] == prints
    ):
        hashes.save()
        return BuildResult(
            False, processed / manifest["generation"], manifest["years"], manifest["rows"], manifest.get("overlaps", [])
        )
    import pyarrow as pa
    import pyarrow.parquet as pq

    from analysis.conventions.geography import US
    from analysis.store import sorted_copies, summary

    frame, overlaps = read_inputs(inputs, remembered=remembered)  # raises on a bad input before anything is written

    stamp = dt.datetime.now(dt.UTC)
    digest = hashlib.sha256(json.dumps(prints, sort_keys=True).encode()).hexdigest()[:12]
    generation = f"{current.GENERATION_PREFIX}{stamp:%Y%m%dT%H%M%S%f}-{digest}"
    years = sorted(int(y) for y in frame["year"].dropna().unique())
    try:
        with files.atomic_folder(processed / generation, prefix=".staging-") as staging:
            for year in years:
                part = frame[frame["year"] == year].sort_values(["occ_code", "area", "naics", "own_code"])
                table = pa.Table.from_pandas(part, preserve_index=False)
                pq.write_table(table, staging / f"oews_M{year}.parquet", row_group_size=50_000, compression="zstd")
        # so that the first query after a build is fast; written before current.json names the generation
        fast = sorted_copies.build_sorted_copies(processed, generation)
    except BaseException:
        _remove_unused(processed, keep=manifest.get("generation") if manifest else None)
        raise
    listed = [
        {"file": str(path.relative_to(processed)), "size": path.stat().st_size, "sha256": files.sha256_of(path)}
        for folder in (processed / generation, fast)
        for path in sorted(folder.iterdir())
    ]
    new_manifest = {
        "format": current.STORE_FORMAT,
        "generation": generation,
        "built": stamp.isoformat(timespec="seconds"),
        "project_version": __version__,
        "inputs": prints,
        "extra_inputs": [str(p) for p in inputs if str(p) not in defaults],
        "years": years,
        "rows": len(frame),
        "rows_by_year": {str(y): int((frame["year"] == y).sum()) for y in years},
        # the releases with U.S. estimates: `release = "latest"` of a report run reads it (no pandas, no parquet)
        NATIONAL_YEARS: sorted(int(y) for y in frame.loc[frame["area_type"].eq(US).fillna(False), "year"].unique()),
        # what `him-wages info` shows: it reads this instead of loading the data (no pandas, no parquet)
        summary.SUMMARY: summary.summarize(frame),
        "overlaps": overlaps,
        "files": listed,
    }
    files.atomic_write_text(processed / current.CURRENT, json.dumps(new_manifest, indent=2))
    hashes.save()  # so that the first reader of the new store needs no hashing
    _remove_unused(processed, keep=generation)
    return BuildResult(True, processed / generation, years, len(frame), overlaps, healed=damage)


def _remove_unused(processed: Path, keep: str | None) -> None:
    """Remove every generation, sorted copy and temporary file but ``keep``'s (run under the lock)."""
    kept = {keep, f"{current.SORTED_PREFIX}{keep}"} if keep else set()
    for entry in processed.iterdir():
        name = entry.name
        if name in kept:
            continue
        if entry.is_dir() and name.startswith(
            (current.GENERATION_PREFIX, current.SORTED_PREFIX, ".staging-", ".fast-staging-")
        ):
            shutil.rmtree(entry, ignore_errors=True)
        elif (
            entry.is_file()
            and name.startswith((f".{current.CURRENT}.", f".{current.STAT_CACHE}."))
            and name.endswith(".tmp")
        ):
            entry.unlink(missing_ok=True)
