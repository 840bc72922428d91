"""Readers for every form in which BLS publishes OEWS wage tables. Each knows a file format, nothing more: BLS
conventions live in ``analysis.conventions.values`` and the result is the canonical frame of
``analysis.conventions.schema``.

``read_oews(source, *, year=None)`` is the one entry point: a file, a folder or a zip archive.
"""

from __future__ import annotations

import contextlib
import gc
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from analysis.errors import Location, OEWSInputError, SkippedInputWarning, SourceNotFoundError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["read_oews", "read_oews_by_file"]


def read_oews(source: str | os.PathLike, *, year: int | None = None) -> pd.DataFrame:
    """Read BLS OEWS estimates from a file, a folder or a zip archive into the validated canonical frame.

    - special-request files of any year and kind (``national_M2023_dl.xlsx``, ``state_M2015_dl.xls``,
      ``all_data_M_2019.xlsx``, CSV exports), loose or in BLS's ``oesmYY*.zip`` archives;
    - ``oe.*`` time-series flat files (a folder holding ``oe.data.*`` and the mapping files);
    - folders and archives holding several of these (several kinds or years): all are read and concatenated.

    ``year`` is the reference year (May) when neither the file name nor its field descriptions say it; when they
    do, a different ``year`` is a :class:`~analysis.errors.YearConflictError`. The same (year, area, naics,
    own_code, occ_code) from two files is kept once if the values agree and is an error otherwise.
    """
    with _no_cyclic_gc():
        from analysis.sources.combine import combine

        frames, validated, skipped = _read_frames(Path(source), year=year)
        frame = combine(frames, validated=validated)
    frame.attrs["skipped"] = skipped
    return frame


def read_oews_by_file(source: str | os.PathLike, *, year: int | None = None) -> list[pd.DataFrame]:
    """Like :func:`read_oews`, one validated canonical frame per data file (a set of ``oe`` flat files counts as
    one), without combining them: for callers that decide themselves what to do with rows two files share (the
    store records each such overlap)."""
    with _no_cyclic_gc():
        from analysis.sources.combine import combine

        frames, validated, skipped = _read_frames(Path(source), year=year)
        finished = [combine([frame], validated=[checked]) for frame, checked in zip(frames, validated)]
    for frame in finished:
        frame.attrs["skipped"] = skipped
    return finished


@contextlib.contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused for a read (and enabled again after it, if it was): a read makes
    few Python objects but big arrays, so the collections it triggered (pandas' import included) were wasted time
    (devtools/DECISIONS.md). Reference counting still frees everything that is not in a cycle at once."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_frames(path: Path, *, year: int | None) -> tuple[list[pd.DataFrame], list[bool], list[str]]:
    """Every data file's frame under ``path`` (not yet combined), whether each is validated already (the flat-file
    reader validates its own frame, knowing its key is unique), and the files skipped as not OEWS data."""
    from analysis.inputs import check_input, no_data_error
    from analysis.sources import archives

    check_input(path, what="the input")  # a FIFO or /dev/zero would make a reader wait or read forever: never opened
    if not path.exists():
        raise SourceNotFoundError(
            "no such file or folder",
            location=Location(file=str(path)),
            found=None,
            expected="a BLS file, a folder or a zip archive that exists",
        )
    if path.is_file():
        _check_single_file(path)
    skipped: list[str] = []
    with archives.inventory(path) as found:
        frames = [_read_flat(folder, label, year=year) for folder, label in found.flat_file_dirs]
        validated = [True] * len(frames)
        frames.extend(
            _read_spreadsheets(
                found.spreadsheets,
                year=year,
                in_collection=not path.is_file() or path.suffix.lower() in archives.ARCHIVE_EXTENSIONS,
                skipped=skipped,
            )
        )
        if not frames:
            from analysis.sources.sheets import SUPPORTED_LAYOUTS

            if found.unreadable or (path.is_dir() and not found.ignored):
                raise no_data_error(path, found.unreadable)
            raise OEWSInputError(
                "found no BLS data to read",
                location=Location(file=str(path)),
                found=("only " + ", ".join(repr(n) for n in found.ignored[:5])) if found.ignored else "nothing",
                expected=SUPPORTED_LAYOUTS,
            )
        for entry in found.unreadable:
            message = f"skipped: {entry}, which cannot be read as data"
            warnings.warn(message, SkippedInputWarning, stacklevel=3)
            skipped.append(message)
    validated += [False] * (len(frames) - len(validated))
    return frames, validated, skipped


def _check_single_file(path: Path) -> None:
    from analysis.sources import archives

    suffix = path.suffix.lower()
    if archives.is_flat_file_name(path.name):
        return
    if suffix in archives.SPREADSHEET_EXTENSIONS or suffix in archives.ARCHIVE_EXTENSIONS:
        return
    with open(path, "rb") as handle:
        head = handle.read(8192)
    raise archives.unsupported_file_error(str(path), head)


def _read_flat(folder: Path, label: str, *, year: int | None) -> pd.DataFrame:
    # Imported here: the flat-file reader is a separate module with its own dependencies.
    from analysis.sources.flat_files import read_flat_files

    frame = read_flat_files(folder, year=year)  # validated here: the reader knows its key is unique
    if label != str(folder) and "source" in frame:
        # Members of an archive were extracted to a temporary folder: name the archive instead (the source column
        # is not part of any rule of the schema, so the frame stays validated).
        frame = frame.assign(
            source=frame["source"].astype("string").str.replace(str(folder), label, regex=False).fillna(label)
        )
    return frame


def _read_spreadsheets(
    members, *, year: int | None, in_collection: bool = False, skipped: list[str] | None = None
) -> list[pd.DataFrame]:
    """Read every special-request member; field-description files are notes for the data of their year.

    In a folder or an archive, a readable spreadsheet of another layout (e.g. a news-release table beside the
    data files) is skipped with a warning naming it and why, and listed in ``frame.attrs["skipped"]``; a file
    named on its own is an error. Damaged files (truncated, HTML pages, bad values) are errors everywhere.
    """
    if not members:
        return []
    from analysis.sources.bounds import reader_panics
    from analysis.sources.file_kinds import kind_from_name
    from analysis.sources.sheets import load_file, unsupported_layout_error
    from analysis.sources.special_request import read_loaded
    from analysis.sources.xlsx_arrow import read_member_fast

    skipped = [] if skipped is None else skipped

    # Large .xlsx data files take the fast path (fastexcel, every cell as text; see xlsx_arrow); everything else,
    # and any .xlsx the fast path declines, is read by special_request. Files that may hold notes (field
    # descriptions, unknown names) are opened first, so the data files can use their notes.
    def fast_candidate(member) -> bool:
        return member.name.lower().endswith(".xlsx") and kind_from_name(member.name) not in (None, "field_descriptions")

    def skip_or_raise(loaded) -> None:
        """A file of no layout BLS uses: the error, or in a collection of files a warning and a skipped entry."""
        error = unsupported_layout_error(loaded)
        if not in_collection:
            raise error
        warnings.warn(f"skipped: {error}", SkippedInputWarning, stacklevel=4)  # the caller of this function's caller
        skipped.append(str(error))

    loaded_files = [load_file(member) for member in members if not fast_candidate(member)]
    notes = {}
    data_files = []
    for loaded in loaded_files:
        if loaded.tables:
            data_files.append(loaded)
        elif loaded.notes is not None and not loaded.other_sheets and loaded.notes.year is not None:
            notes.setdefault(loaded.notes.year, loaded.notes)
        else:
            skip_or_raise(loaded)
    frames = []
    for member in (m for m in members if fast_candidate(m)):
        try:
            with reader_panics(member.name):
                frame = read_member_fast(member, year=year, sibling_notes=notes)
        except OEWSInputError:
            raise
        except Exception:  # noqa: BLE001 - a damaged or odd file: the general reader names the problem
            frame = None
        if frame is not None:
            frames.append(frame)
            continue
        loaded = load_file(member)
        if not loaded.tables:
            skip_or_raise(loaded)
            continue
        data_files.append(loaded)
    if not data_files and not frames and members:
        raise unsupported_layout_error(loaded_files[0] if loaded_files else load_file(members[0]))
    return frames + [read_loaded(loaded, year=year, sibling_notes=notes) for loaded in data_files]
