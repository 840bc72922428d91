"""Folders and zip archives as BLS ships them: ``oesm23nat.zip`` holding ``oesm23nat/national_M2023_dl.xlsx``,
``oesm18nat.zip`` holding the data file beside ``field_descriptions.xlsx``, a download folder holding several
years, or a folder of ``oe.*`` flat files.

This module only finds and opens the members; it knows nothing of their columns. It sniffs what each member
really is (an "Access Denied" HTML page saved as ``.xlsx`` is common when BLS blocks a download).

It is also the one archive guard of the project: ``read_oews`` / ``him-wages data`` and ``him-wages fetch`` both
use :class:`ArchiveGuard`. Before anything is extracted, every member's path is checked (no zip-slip, no symbolic
links), and its declared size and compression ratio are checked; declared sizes of all members, across nested
archives, count against one total budget. Members are then streamed in 1 MiB blocks to files in a temporary
folder with a byte counter, so a member whose header understates its size stops at the bound instead of filling
memory or disk. Nested archives are spilled to disk the same way and walked from there.
"""

from __future__ import annotations

import codecs
import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Self

from analysis.errors import (
    Location,
    NotBLSDataError,
    UnsafeArchiveError,
    UnsupportedLayoutError,
)

#: Extensions of BLS special-request files (``.xls`` up to May 2013; a few years also as ``.csv``).
SPREADSHEET_EXTENSIONS = (".xlsx", ".xls", ".csv")
ARCHIVE_EXTENSIONS = (".zip",)

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_GZIP_MAGIC = b"\x1f\x8b"
CHUNK = 1 << 20


# ----------------------------------------------------------------------------------------------- the guard
@dataclass(frozen=True)
class ArchiveLimits:
    """Bounds on what an archive may expand to, the stricter of the two guards the project used to have.

    BLS's largest archive (all data) is under 100 MB compressed and expands to about 100 MB (its workbooks are
    already compressed, a ratio near 1); CSV and text members compress 5-10 times. The ratio is checked for every
    member, whatever its size."""

    #: Uncompressed bytes of all members of an archive and of every archive nested in it, together.
    max_total_bytes: int = 2 * 1024**3
    max_member_bytes: int = 1024**3
    max_ratio: float = 100.0
    max_members: int = 5_000
    max_nesting: int = 3


DEFAULT_LIMITS = ArchiveLimits()


def _size(n: int) -> str:
    return f"{n:,} bytes"


class ArchiveGuard:
    """One budget for one top-level archive and everything nested in it.

    ``admit(archive_label, infos)`` checks the member paths, declared sizes and ratios of one (possibly nested)
    archive before anything of it is read; ``extract(archive, info, sink)`` streams a member with a byte counter.
    Every refusal is an :class:`UnsafeArchiveError` whose message says "too large when uncompressed" (or names the
    unsafe path) and names the archive and member."""

    def __init__(self, archive: str, limits: ArchiveLimits = DEFAULT_LIMITS):
        self.archive = archive
        self.limits = limits
        self.declared = 0
        self.written = 0
        self.members = 0

    def _too_large(self, where: str, found: str, expected: str) -> UnsafeArchiveError:
        return UnsafeArchiveError(
            f"archive {self.archive!r} is too large when uncompressed (zip-bomb guard)",
            location=Location(file=where),
            found=found,
            expected=expected,
        )

    def admit(self, label: str, infos: list[zipfile.ZipInfo]) -> None:
        limits = self.limits
        for info in infos:
            check_member_path(label, info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise UnsafeArchiveError(
                    "an archive member that is a symbolic link",
                    location=Location(file=f"{label}/{info.filename}"),
                    found=info.filename,
                    expected="regular files only",
                )
        files = [i for i in infos if not i.is_dir()]
        encrypted = [i for i in files if i.flag_bits & 0x1]  # the "encrypted" bit of the zip format
        if encrypted:
            raise NotBLSDataError(
                "the archive is encrypted (password-protected); BLS publishes its files unencrypted: download "
                "them again",
                location=Location(file=f"{label}/{encrypted[0].filename}"),
                found=f"{len(encrypted):,} encrypted member(s)",
                expected="a zip archive as BLS publishes it",
            )
        self.members += len(files)
        if self.members > limits.max_members:
            raise self._too_large(label, f"{self.members} members", f"at most {limits.max_members} members in all")
        for info in files:
            where = f"{label}/{info.filename}"
            if info.file_size > limits.max_member_bytes:
                raise self._too_large(
                    where,
                    f"{_size(info.file_size)} declared for one member",
                    f"at most {_size(limits.max_member_bytes)} per member",
                )
            if info.file_size > limits.max_ratio * max(info.compress_size, 1):
                raise self._too_large(
                    where,
                    f"{_size(info.compress_size)} compressed expanding to {_size(info.file_size)}",
                    f"a compression ratio of at most {limits.max_ratio:g}:1 (BLS's files compress less than 10:1)",
                )
            self.declared += info.file_size
            if self.declared > limits.max_total_bytes:
                raise self._too_large(
                    where,
                    f"more than {_size(self.declared)} declared in all (nested archives included)",
                    f"at most {_size(limits.max_total_bytes)} in all",
                )

    def extract(
        self,
        archive: zipfile.ZipFile,
        info: zipfile.ZipInfo,
        sink: BinaryIO,
        *,
        label: str,
        on_chunk: Callable[[bytes], None] | None = None,
    ) -> int:
        """Copy one admitted member into ``sink`` in blocks; returns the bytes written. A member that yields more
        than its declared size, or more than the budget has left, is refused at that point."""
        where = f"{label}/{info.filename}"
        written = 0
        with archive.open(info) as source:
            while True:
                block = source.read(CHUNK)
                if not block:
                    break
                written += len(block)
                self.written += len(block)
                if written > info.file_size:
                    raise self._too_large(
                        where,
                        f"more than the {_size(info.file_size)} its header declares",
                        "a member no larger than its header says",
                    )
                if self.written > self.limits.max_total_bytes:
                    raise self._too_large(
                        where,
                        f"more than {_size(self.written)} written in all",
                        f"at most {_size(self.limits.max_total_bytes)} in all",
                    )
                if on_chunk is not None:
                    on_chunk(block)
                sink.write(block)
        return written


def check_member_path(archive_name: str, member: str) -> PurePosixPath:
    """Refuse member names that would escape an extraction folder (absolute paths, drive letters, '..'); returns
    the member's relative path."""
    normalised = member.replace("\\", "/")
    path = PurePosixPath(normalised)
    if normalised.startswith("/") or re.match(r"^[A-Za-z]:", normalised) or ".." in path.parts:
        raise UnsafeArchiveError(
            "the archive holds a member whose path escapes the folder it is extracted to (zip-slip); refusing it",
            location=Location(file=archive_name),
            found=member,
            expected="relative member paths without '..' (like 'oesm23nat/national_M2023_dl.xlsx')",
        )
    if not path.parts:
        raise UnsafeArchiveError(
            "an archive member with an empty name",
            location=Location(file=archive_name),
            found=member,
            expected="a file name",
        )
    return path


# ----------------------------------------------------------------------------------------------- sniffing
def sniff(head: bytes) -> str:
    """What the first bytes of a file or download are: 'empty', 'html', 'zip' (also .xlsx), 'ole' (legacy .xls),
    'gzip', 'text' or 'binary'. An XML document counts as an HTML page only if it holds ``<html``."""
    if not head or not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        return "empty"
    if head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")) or b"<html" in text[:4096]:
        return "html"
    sample = head[:4096]
    if b"\x00" in sample:
        return "binary"
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # a multibyte character cut at the end of the sample is fine
            try:
                sample.decode("cp1252")
            except UnicodeDecodeError:
                return "binary"
    return "text"


def wide_text_encoding(head: bytes) -> str | None:
    """The name of a UTF-16 or UTF-32 encoding when the first bytes of a file are text in one (by its byte-order
    mark, or by the NUL bytes every ASCII character then carries), else None. BLS writes UTF-8 or Windows-1252;
    read as either, such text would be mistaken for another layout."""
    marks = (
        (codecs.BOM_UTF32_LE, "UTF-32 (little-endian)"),
        (codecs.BOM_UTF32_BE, "UTF-32 (big-endian)"),
        (codecs.BOM_UTF16_LE, "UTF-16 (little-endian)"),
        (codecs.BOM_UTF16_BE, "UTF-16 (big-endian)"),
    )
    for mark, name in marks:
        if head.startswith(mark):
            return name
    sample = head[:4096] if len(head) >= 4096 else head[: len(head) - len(head) % 4]
    if len(sample) < 8:
        return None
    for width, offsets, name in (
        (4, (1, 2, 3), "UTF-32 (little-endian)"),
        (4, (0, 1, 2), "UTF-32 (big-endian)"),
        (2, (1,), "UTF-16 (little-endian)"),
        (2, (0,), "UTF-16 (big-endian)"),
    ):
        if all(sample[i::width].count(0) >= 0.9 * len(sample[i::width]) for i in offsets) and sample[
            next(i for i in range(width) if i not in offsets) :: width
        ].count(0) < 0.1 * (len(sample) // width):
            return name
    return None


def wide_text_error(name: str, encoding: str, *, expected: str) -> NotBLSDataError:
    return NotBLSDataError(
        f"the file is text in {encoding}, which BLS does not use; save it as UTF-8 (CSV) and read it again",
        location=Location(file=name),
        found=f"{encoding} text",
        expected=expected,
    )


def describe_html(head: bytes) -> str:
    """A short description of an HTML page: its title (BLS answers blocked downloads with "Access Denied")."""
    text = head.decode("utf-8", errors="replace")
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.IGNORECASE | re.DOTALL)
    parts = []
    if title:
        parts.append(f"title {' '.join(title.group(1).split())!r}")
    if heading:
        parts.append(f"heading {' '.join(re.sub('<[^>]+>', '', heading.group(1)).split())!r}")
    if "access denied" in text.lower() and not any("access denied" in p.lower() for p in parts):
        parts.append("text 'Access Denied'")
    return "an HTML page" + (f" ({', '.join(parts)})" if parts else "")


def not_bls_data_error(name: str, head: bytes, *, expected: str) -> NotBLSDataError | None:
    """The error for a file whose bytes are not what its name promises, or None if they look right."""
    kind = sniff(head)
    if kind == "empty":
        return NotBLSDataError(
            "the file is empty", location=Location(file=name), found="0 bytes of data", expected=expected
        )
    if kind == "html":
        return NotBLSDataError(
            "the file is a saved web page, not BLS data (BLS answers blocked or failed downloads with an "
            "'Access Denied' page); download the file again",
            location=Location(file=name),
            found=describe_html(head),
            expected=expected,
        )
    return None


@dataclass
class Member:
    """One file found in a folder or archive. ``name`` is what errors and the ``source`` column show, e.g.
    ``'oesm23nat.zip/oesm23nat/national_M2023_dl.xlsx'``; ``containers`` are the archive/folder names around it
    (they can carry the year, like ``oesm19nat``)."""

    name: str
    path: Path | None = None
    data: bytes | None = None
    containers: tuple[str, ...] = ()

    @property
    def basename(self) -> str:
        return PurePosixPath(self.name.replace("\\", "/")).name

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.basename).suffix.lower()

    def head(self, size: int = 8192) -> bytes:
        if self.data is not None:
            return self.data[:size]
        with open(self.path, "rb") as handle:
            return handle.read(size)

    def open(self):
        """A binary file object (callers close it)."""
        if self.data is not None:
            return io.BytesIO(self.data)
        return open(self.path, "rb")

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        return Path(self.path).read_bytes()


@dataclass
class Inventory:
    """Everything a source holds: special-request files, folders of ``oe.*`` flat files, and files ignored."""

    spreadsheets: list[Member] = field(default_factory=list)
    flat_file_dirs: list[tuple[Path, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    #: Entries of a folder that cannot be read, each "'<path>' <why>" (a FIFO, a device link, a link loop, no
    #: permission): never opened, since a FIFO or /dev/zero would make a reader wait or read forever.
    unreadable: list[str] = field(default_factory=list)
    _temp_dirs: list[str] = field(default_factory=list)

    def close(self) -> None:
        for folder in self._temp_dirs:
            shutil.rmtree(folder, ignore_errors=True)
        self._temp_dirs.clear()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def is_flat_file_name(name: str) -> bool:
    """BLS's time-series files: ``oe.data.0.Current``, ``oe.area``, ``oe.occupation``, ... (maybe ``.gz``)."""
    base = PurePosixPath(name).name.lower()
    return base.startswith("oe.") and not base.endswith(ARCHIVE_EXTENSIONS + SPREADSHEET_EXTENSIONS)


def _is_hidden(name: str) -> bool:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return any(p.startswith(".") or p == "__MACOSX" for p in parts) or PurePosixPath(name).name.startswith("~$")


def inventory(source: Path, *, limits: ArchiveLimits = DEFAULT_LIMITS) -> Inventory:
    """Find every readable member of a file, folder or zip archive (folders and archives are walked
    recursively, nested archives included). Archive members are extracted, through :class:`ArchiveGuard`, to a
    temporary folder that ``Inventory.close()`` removes."""
    found = Inventory()
    try:
        if source.is_dir():
            _walk_folder(source, found, limits)
        else:
            _add_file(source, str(source), (), found, limits)
    except BaseException:
        found.close()
        raise
    return found


def _walk_folder(folder: Path, found: Inventory, limits: ArchiveLimits) -> None:
    from analysis.inputs import entry_problem

    def unreadable_folder(exc: OSError) -> None:
        found.unreadable.append(f"{exc.filename!r} {entry_problem(exc.filename) or f'cannot be read ({exc.strerror})'}")

    flat_dirs_seen: set[Path] = set()
    for root, dirs, files in os.walk(folder, onerror=unreadable_folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__MACOSX")
        root_path = Path(root)
        for filename in sorted(files):
            if _is_hidden(filename):
                continue
            path = root_path / filename
            problem = entry_problem(path)
            if problem is not None:
                found.unreadable.append(f"{str(path)!r} {problem}")
                continue
            if is_flat_file_name(filename):
                if root_path not in flat_dirs_seen:
                    flat_dirs_seen.add(root_path)
                    found.flat_file_dirs.append((root_path, str(root_path)))
                continue
            relative_containers = tuple(Path(root).relative_to(folder).parts)
            _add_file(path, str(path), (folder.name, *relative_containers), found, limits)


def _add_file(path: Path, name: str, containers: tuple[str, ...], found: Inventory, limits: ArchiveLimits) -> None:
    suffix = path.suffix.lower()
    if is_flat_file_name(path.name):
        found.flat_file_dirs.append((path.parent, str(path.parent)))
        return
    if suffix in ARCHIVE_EXTENSIONS:
        with open(path, "rb") as handle:
            head = handle.read(8192)
        error = not_bls_data_error(name, head, expected="a zip archive of BLS files")
        if error:
            raise error
        _walk_zip(path, name, containers, found, ArchiveGuard(name, limits), depth=0)
        return
    if suffix in SPREADSHEET_EXTENSIONS:
        admit_workbook(path, name, ArchiveGuard(name, limits))
        found.spreadsheets.append(Member(name=name, path=path, containers=containers))
        return
    found.ignored.append(name)


def admit_workbook(path: Path, name: str, guard: ArchiveGuard) -> None:
    """An ``.xlsx`` is a zip archive too: its parts' declared sizes and ratios go through ``guard`` before any reader
    inflates them (a workbook whose sheet claims a 1000:1 ratio is refused here, not expanded), then its worksheets'
    used range goes through :func:`analysis.sources.bounds.check_workbook` (a 2 KB workbook with one cell at XFD1048576
    would make a reader allocate 549 GB). Anything that is not a readable zip is left to the readers, which say what
    it is (an HTML page, a damaged file, an .xls)."""
    from analysis.sources.bounds import check_workbook

    if path.suffix.lower() not in SPREADSHEET_EXTENSIONS:
        return
    try:  # by content, whatever the name: a workbook named .csv is read as a workbook
        workbook = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError):
        return
    with workbook:
        guard.admit(name, workbook.infolist())
        check_workbook(workbook, name)


def _check_member_path(archive_name: str, member: str) -> str:
    return check_member_path(archive_name, member).as_posix()


def _spill(
    found: Inventory,
    guard: ArchiveGuard,
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    label: str,
    destination: Path | None = None,
) -> Path:
    """Extract one admitted member to the inventory's temporary folder (or ``destination``), streamed."""
    if destination is None:
        folder = Path(tempfile.mkdtemp(prefix="oews-member-"))
        found._temp_dirs.append(str(folder))
        destination = folder / PurePosixPath(info.filename.replace("\\", "/")).name
    try:
        with destination.open("wb") as sink:
            guard.extract(archive, info, sink, label=label)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise NotBLSDataError(
            "a damaged archive member",
            location=Location(file=f"{label}/{info.filename}"),
            found=str(exc),
            expected="a complete zip archive",
        ) from None
    return destination


def _walk_zip(
    source: Path, name: str, containers: tuple[str, ...], found: Inventory, guard: ArchiveGuard, *, depth: int
) -> None:
    if depth >= guard.limits.max_nesting:
        raise UnsafeArchiveError(
            f"archive {guard.archive!r} nests archives too deeply (zip-bomb guard)",
            location=Location(file=name),
            found=f"{depth + 1} levels",
            expected=f"at most {guard.limits.max_nesting} levels",
        )
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotBLSDataError(
            "the file is not a readable zip archive",
            location=Location(file=name),
            found=str(exc),
            expected="a zip archive of BLS files",
        ) from None
    archive_label = PurePosixPath(name.replace("\\", "/")).name
    with archive:
        infos = archive.infolist()
        guard.admit(name, infos)
        flat_members: dict[str, list[zipfile.ZipInfo]] = {}
        for info in sorted((i for i in infos if not i.is_dir()), key=lambda i: i.filename):
            member_path = info.filename.replace("\\", "/")
            if _is_hidden(member_path):
                continue
            member_name = f"{name}/{member_path}"
            member_parts = PurePosixPath(member_path).parts
            member_containers = (*containers, archive_label, *member_parts[:-1])
            suffix = PurePosixPath(member_path).suffix.lower()
            if is_flat_file_name(member_path):
                flat_members.setdefault(str(PurePosixPath(member_path).parent), []).append(info)
            elif suffix in ARCHIVE_EXTENSIONS:
                spilled = _spill(found, guard, archive, info, name)
                with spilled.open("rb") as handle:
                    head = handle.read(8192)
                error = not_bls_data_error(member_name, head, expected="a zip archive of BLS files")
                if error:
                    raise error
                _walk_zip(spilled, member_name, member_containers, found, guard, depth=depth + 1)
            elif suffix in SPREADSHEET_EXTENSIONS:
                spilled = _spill(found, guard, archive, info, name)
                admit_workbook(spilled, member_name, guard)
                found.spreadsheets.append(Member(name=member_name, path=spilled, containers=member_containers))
            else:
                found.ignored.append(member_name)
        for folder, members in flat_members.items():
            target = tempfile.mkdtemp(prefix="oews-flat-")
            found._temp_dirs.append(target)
            for info in members:
                # Only the file name is used: nothing can land outside the temporary folder.
                destination = Path(target) / PurePosixPath(info.filename.replace("\\", "/")).name
                _spill(found, guard, archive, info, name, destination)
            label = f"{name}/{folder}" if folder not in ("", ".") else name
            found.flat_file_dirs.append((Path(target), label))


def unsupported_file_error(name: str, head: bytes) -> UnsupportedLayoutError | NotBLSDataError:
    """The error for a file whose type this project does not read."""
    error = not_bls_data_error(name, head, expected="a BLS special-request file, zip archive or oe flat files")
    if error:
        return error
    return UnsupportedLayoutError(
        "not a file type this project reads",
        location=Location(file=name),
        found=f"a {sniff(head)} file named {PurePosixPath(name).name!r}",
        expected="a BLS special-request file (.xlsx, .xls, .csv), a zip archive of them, a folder, or oe.* flat files",
    )
