"""Which generation of ``data/processed`` is current, what it was built from, and whether it is still sound and
up to date: ``current.json``, the input list and fingerprints, and the checks ``him-wages data`` and
``him-wages info`` run on the store.

``current.json`` records the generation's folder, its inputs (path, size and sha256 of every file read), the
inputs named on the command line (remembered for later builds), the releases and row counts, every overlap between
inputs, and the size and sha256 of every file of the generation and of its sorted copies, so that damage (a
truncated file, a lost folder) is found and healed rather than read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from analysis import files, paths
from analysis.errors import OEWSInputError, StoreError

CURRENT = "current.json"
#: Raised when the layout of current.json or of a generation changes; an older store is rebuilt.
STORE_FORMAT = 4  # 3: current.json records national_years and the summary `him-wages info` shows; 4: the
# sorted copies' folder holds the lookup index (store/lookup.py)
STAT_CACHE = "stat-cache.json"
GENERATION_PREFIX = "gen-"
SORTED_PREFIX = "fast-"
REQUIRED_KEYS = ("format", "generation", "inputs", "years", "rows", "files")
#: Key of current.json listing the releases that hold U.S. (national) estimates (absent in stores built before it
#: was added: readers then load the store to find them).
NATIONAL_YEARS = "national_years"


# ----------------------------------------------------------------------------------------------- inputs
def default_inputs() -> list[Path]:
    """The inputs every build reads: the bundled files, then every download (later inputs win on overlap)."""
    inputs: list[Path] = list(paths.bundled_inputs())
    downloads = paths.downloads_dir()
    if downloads.exists():
        # data/raw/bls/context/ holds BEA/BLS context files (fetch --kinds rpp,projections), not OEWS data.
        inputs.extend(sorted(p for p in downloads.iterdir() if is_data_entry(p) and p.name != "context"))
    return inputs


def is_data_entry(path: Path) -> bool:
    name = path.name
    return not (name.startswith(".") or name.endswith(".part") or name.upper().startswith("MANIFEST"))


def files_of(path: Path) -> list[Path]:
    """The files an input consists of: itself, or every data file under a folder."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and is_data_entry(p))
    return [path]


_PROCESS_HASHES = files.HashCache()  # for this process only; see fingerprint_cached for the persistent one


def fingerprint(inputs: Sequence[Path], cache: files.HashCache | None = None) -> list[dict]:
    """sha256 and size of every file of every input, in order: what makes a build up to date."""
    cache = cache or _PROCESS_HASHES
    entries = []
    for source in inputs:
        if not source.exists():
            raise OEWSInputError(
                "no such file or folder",
                found=str(source),
                expected="a BLS file, a folder of BLS files or a zip archive",
            )
        for file in files_of(source):
            entries.append(
                {"input": str(source), "file": str(file), "size": file.stat().st_size, "sha256": cache.sha256(file)}
            )
    return entries


def fingerprint_cached(inputs: Sequence[Path], processed: Path) -> list[dict]:
    """:func:`fingerprint`, with the hashes remembered across processes in ``data/processed/stat-cache.json``: a
    file whose size, mtime, ctime and inode are unchanged since it was last hashed is not read again."""
    cache = files.HashCache(processed / STAT_CACHE)
    entries = fingerprint(inputs, cache)
    cache.save()
    return entries


# ----------------------------------------------------------------------------------------------- current.json
def read_current(processed: Path | None = None) -> dict | None:
    """The manifest of the current generation; None when the store has never been built.

    Raises :class:`~analysis.errors.StoreError` when the store is damaged: ``current.json`` unreadable or not a
    manifest, or the generation it names missing."""
    processed = processed or paths.processed_dir()
    current = processed / CURRENT
    try:
        text = current.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"damaged store: cannot read {current} ({exc})") from exc
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise StoreError(f"damaged store: {current} is not valid JSON (cut short?)") from exc
    if not isinstance(manifest, dict) or any(key not in manifest for key in REQUIRED_KEYS[:2]):
        raise StoreError(f"damaged store: {current} is not a store manifest")
    if not (processed / str(manifest["generation"])).is_dir():
        raise StoreError(f"damaged store: {current} names generation {manifest['generation']}, which is missing")
    return manifest


def read_current_or_none(processed: Path | None = None) -> dict | None:
    """:func:`read_current`, with a damaged store counted as no store (for readers that then read data/raw)."""
    try:
        return read_current(processed)
    except StoreError:
        return None


#: What a reader of a damaged store is told to do.
REBUILD = "run `him-wages data` to rebuild it"


def verify_files(processed: Path, manifest: dict, opened: Iterable[Path]) -> None:
    """Check that each file a reader is about to open is the one ``current.json`` recorded (size and sha256), so
    that a damaged store is never read as numbers: a :class:`~analysis.errors.StoreError` naming the file and
    pointing to ``him-wages data`` otherwise. Hashes are remembered for the process only (a read never writes into
    ``data/processed``); a missing file raises ``FileNotFoundError`` (a build replaced the generation: the reader
    reads current.json again)."""
    recorded = {str(entry["file"]): entry for entry in manifest.get("files", []) if isinstance(entry, dict)}
    cache = _PROCESS_HASHES
    for path in opened:
        try:
            key = path.relative_to(processed).as_posix()
        except ValueError:
            key = str(path)
        entry = recorded.get(key)
        if entry is None:
            raise StoreError(f"damaged store: {path} is not listed in {processed / CURRENT}; {REBUILD}")
        if path.stat().st_size != entry.get("size"):
            raise StoreError(
                f"damaged store: {path} has {path.stat().st_size:,} bytes, {entry.get('size')} recorded; {REBUILD}"
            )
        if cache.sha256(path) != entry.get("sha256"):
            raise StoreError(
                f"damaged store: {path} does not match its recorded sha256 (changed or damaged); {REBUILD}"
            )
    cache.save()


def check_generation(processed: Path, manifest: dict, *, hashes: bool) -> str | None:
    """The first problem with the files the manifest lists (missing, wrong size, wrong sha256 when ``hashes``,
    not a readable parquet file), or None when the generation is sound.

    With ``hashes``, a file whose sha256 is the one recorded when it was written is those very bytes, so its
    parquet footer is not read again (``him-wages data`` on an up-to-date store needs no pyarrow); without, the
    footer of every file is read."""
    if manifest.get("format") != STORE_FORMAT or any(key not in manifest for key in REQUIRED_KEYS):
        return f"{processed / CURRENT} is of an older layout"
    return _first_problem(processed, manifest, hashes=hashes, cache=_PROCESS_HASHES)


def _first_problem(processed: Path, manifest: dict, *, hashes: bool, cache: files.HashCache) -> str | None:
    for entry in manifest["files"]:
        path = processed / entry["file"]
        try:
            size = path.stat().st_size
        except OSError:
            return f"{path} is missing"
        if size != entry["size"]:
            return f"{path} has {size:,} bytes, {entry['size']:,} expected (cut short?)"
        if hashes:
            if cache.sha256(path) != entry["sha256"]:
                return f"{path} does not match its recorded sha256 (changed or damaged)"
            continue
        if path.suffix != ".parquet":
            continue  # the lookup index (store/lookup.py): its size here, its sha256 when a reader opens it
        import pyarrow.parquet as pq

        try:
            pq.ParquetFile(path).metadata  # noqa: B018 - opening reads the footer
        except Exception as exc:  # noqa: BLE001 - any parquet error is damage
            return f"{path} is not a readable parquet file ({exc})"
    return None


def store_problem(processed: Path | None = None, *, hashes: bool = False) -> str | None:
    """One line saying what is wrong with the store, or None when it is sound or was never built."""
    processed = processed or paths.processed_dir()
    try:
        manifest = read_current(processed)
    except StoreError as exc:
        return str(exc).removeprefix("damaged store: ")
    if manifest is None or manifest.get("format") != STORE_FORMAT:
        return None  # never built, or built by an older version: out of date (read from data/raw), not damaged
    return check_generation(processed, manifest, hashes=hashes)


# ----------------------------------------------------------------------------------------------- inputs of a build
def remembered_extras(manifest: dict | None) -> list[Path]:
    """Inputs named on an earlier ``him-wages data PATH``: later builds keep them (missing ones included, so that
    a build says so instead of silently dropping their releases)."""
    if not manifest:
        return []
    defaults = {str(p) for p in default_inputs()}
    extras: list[Path] = []
    for name in manifest.get("extra_inputs", []):
        if name not in defaults and Path(name) not in extras:
            extras.append(Path(name))
    return extras


def store_inputs(
    extra: Iterable[str | Path] = (),
    *,
    manifest: dict | None = None,
    forget_extras: bool = False,
    forget: Iterable[str | Path] = (),
) -> list[Path]:
    """Default inputs, then the remembered extras (less those forgotten), then ``extra`` (later inputs win on
    overlap)."""
    inputs = default_inputs()
    if not forget_extras:
        dropped = {str(Path(p).resolve()) for p in forget} | {str(Path(p)) for p in forget}
        inputs += [p for p in remembered_extras(manifest) if str(p) not in dropped]
    for path in (Path(p).resolve() for p in extra):
        if path not in {p.resolve() for p in inputs}:
            inputs.append(path)
    return inputs


def is_up_to_date(processed: Path | None = None) -> bool:
    """True when the store exists, is of this layout, and was built from exactly the inputs that exist now,
    unchanged (hashes are remembered by size, mtime, ctime and inode, so an unchanged input is not read again and
    an input edited in place is, whatever its size and mtime say)."""
    processed = processed or paths.processed_dir()
    manifest = read_current_or_none(processed)
    if manifest is None or manifest.get("format") != STORE_FORMAT:
        return False
    inputs = store_inputs(manifest=manifest)
    if not all(source.exists() for source in inputs):
        return False
    try:
        return manifest["inputs"] == fingerprint_cached(inputs, processed)
    except OSError:
        return False
