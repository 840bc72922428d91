"""Folders and zip archives as BLS ships them: ``oesm23nat.zip`` holding ``oesm23nat/national_M2023_dl.xlsx``,
``oesm18nat.zip`` holding the data file beside ``field_descriptions.xlsx``, a download folder holding several
years, or a folder of ``oe.*`` flat files.

This module only finds and opens the members; it knows nothing of their columns. It sniffs what each member
really is (an "Access Denied" HTML page saved as ``.xlsx`` is common when BLS blocks a download), refuses
member paths that would escape the archive (zip-slip) and archives that expand beyond sane limits (zip bombs).
Members are read into memory; ``oe.*`` flat-file members are extracted to a temporary folder for the flat-file
reader, which works on folders.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Self

from analysis.errors import (
    Location,
    NotBLSDataError,
    OEWSInputError,
    UnsupportedLayoutError,
)

#: Extensions of BLS special-request files.
SPREADSHEET_EXTENSIONS = (".xlsx", ".xls", ".csv")
ARCHIVE_EXTENSIONS = (".zip",)

#: Zip-bomb guards. BLS's largest archive (all_data, ~80 MB expanded) is far below these.
MAX_MEMBERS = 5_000
MAX_TOTAL_UNCOMPRESSED = 3 * 1024**3
MAX_MEMBER_UNCOMPRESSED = 2 * 1024**3
MAX_COMPRESSION_RATIO = 200
RATIO_CHECK_MIN_BYTES = 4 * 1024**2
MAX_NESTING = 3

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_GZIP_MAGIC = b"\x1f\x8b"


def sniff(head: bytes) -> str:
    """What the first bytes of a file are: 'empty', 'html', 'zip' (also .xlsx), 'ole' (.xls), 'gzip', 'text'
    or 'binary'."""
    if not head or not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        return "empty"
    if head.startswith((_ZIP_MAGIC, _EMPTY_ZIP_MAGIC)):
        return "zip"
    if head.startswith(_OLE_MAGIC):
        return "ole"
    if head.startswith(_GZIP_MAGIC):
        return "gzip"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")) or b"<html" in text[:2048]:
        if text.startswith(b"<?xml") and b"<html" not in text[:4096]:
            return "text"
        return "html"
    if b"\x00" in head[:4096]:
        return "binary"
    return "text"


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
        return NotBLSDataError("the file is empty", location=Location(file=name), found="0 bytes of data",
                               expected=expected)
    if kind == "html":
        return NotBLSDataError(
            "the file is a saved web page, not BLS data (BLS answers blocked or failed downloads with an "
            "'Access Denied' page); download the file again",
            location=Location(file=name), found=describe_html(head), expected=expected)
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


def inventory(source: Path) -> Inventory:
    """Find every readable member of a file, folder or zip archive (folders and archives are walked
    recursively, nested archives included)."""
    found = Inventory()
    try:
        if source.is_dir():
            _walk_folder(source, found)
        else:
            _add_file(source, str(source), (), found, depth=0)
    except BaseException:
        found.close()
        raise
    return found


def _walk_folder(folder: Path, found: Inventory) -> None:
    flat_dirs_seen: set[Path] = set()
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__MACOSX")
        root_path = Path(root)
        for filename in sorted(files):
            if _is_hidden(filename):
                continue
            path = root_path / filename
            if is_flat_file_name(filename):
                if root_path not in flat_dirs_seen:
                    flat_dirs_seen.add(root_path)
                    found.flat_file_dirs.append((root_path, str(root_path)))
                continue
            relative_containers = tuple(Path(root).relative_to(folder).parts)
            _add_file(path, str(path), (folder.name, *relative_containers), found, depth=0)


def _add_file(path: Path, name: str, containers: tuple[str, ...], found: Inventory, *, depth: int) -> None:
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
        _walk_zip(path, name, containers, found, depth=depth)
        return
    if suffix in SPREADSHEET_EXTENSIONS:
        found.spreadsheets.append(Member(name=name, path=path, containers=containers))
        return
    found.ignored.append(name)


def _check_member_path(archive_name: str, member: str) -> str:
    """Refuse member names that would escape an extraction folder (absolute paths, drive letters, '..')."""
    normalised = member.replace("\\", "/")
    parts = PurePosixPath(normalised).parts
    if normalised.startswith("/") or re.match(r"^[A-Za-z]:", normalised) or ".." in parts:
        raise OEWSInputError(
            "the archive holds a member whose path escapes the archive (zip-slip); refusing to read it",
            location=Location(file=archive_name), found=member,
            expected="relative member paths without '..' (like 'oesm23nat/national_M2023_dl.xlsx')")
    return normalised


def _check_sizes(archive_name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise OEWSInputError("the archive holds too many members (zip-bomb guard)",
                             location=Location(file=archive_name), found=len(infos),
                             expected=f"at most {MAX_MEMBERS} members")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_UNCOMPRESSED:
            raise OEWSInputError("an archive member expands beyond the size limit (zip-bomb guard)",
                                 location=Location(file=f"{archive_name}/{info.filename}"),
                                 found=f"{info.file_size} bytes",
                                 expected=f"at most {MAX_MEMBER_UNCOMPRESSED} bytes")
        if info.file_size > RATIO_CHECK_MIN_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
                info.compress_size, 1):
            raise OEWSInputError("an archive member is compressed implausibly well (zip-bomb guard)",
                                 location=Location(file=f"{archive_name}/{info.filename}"),
                                 found=f"{info.file_size} bytes from {info.compress_size} compressed",
                                 expected=f"a compression ratio below {MAX_COMPRESSION_RATIO}:1")
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise OEWSInputError("the archive expands beyond the size limit (zip-bomb guard)",
                             location=Location(file=archive_name), found=f"{total} bytes",
                             expected=f"at most {MAX_TOTAL_UNCOMPRESSED} bytes")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    # Read at most the declared size + 1: a member that lies about its size cannot expand without limit.
    with archive.open(info) as handle:
        data = handle.read(info.file_size + 1)
    if len(data) > info.file_size:
        raise OEWSInputError("an archive member is larger than its header says (zip-bomb guard)",
                             location=Location(file=name), found=f"more than {info.file_size} bytes",
                             expected="the size recorded in the archive")
    return data


def _walk_zip(source: Path | bytes, name: str, containers: tuple[str, ...], found: Inventory, *,
              depth: int) -> None:
    if depth >= MAX_NESTING:
        raise OEWSInputError("archives nested too deeply (zip-bomb guard)", location=Location(file=name),
                             found=f"{depth + 1} levels", expected=f"at most {MAX_NESTING} levels")
    try:
        archive = zipfile.ZipFile(source if isinstance(source, Path) else io.BytesIO(source))
    except zipfile.BadZipFile as exc:
        raise NotBLSDataError("the file is not a readable zip archive", location=Location(file=name),
                              found=str(exc), expected="a zip archive of BLS files") from None
    archive_label = PurePosixPath(name.replace("\\", "/")).name
    with archive:
        infos = [i for i in archive.infolist() if not i.is_dir()]
        for info in infos:
            _check_member_path(name, info.filename)
        _check_sizes(name, infos)
        flat_members: dict[str, list[zipfile.ZipInfo]] = {}
        for info in sorted(infos, key=lambda i: i.filename):
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
                data = _read_member(archive, info, member_name)
                error = not_bls_data_error(member_name, data[:8192], expected="a zip archive of BLS files")
                if error:
                    raise error
                _walk_zip(data, member_name, member_containers, found, depth=depth + 1)
            elif suffix in SPREADSHEET_EXTENSIONS:
                found.spreadsheets.append(Member(name=member_name, data=_read_member(archive, info, member_name),
                                                 containers=member_containers))
            else:
                found.ignored.append(member_name)
        for folder, members in flat_members.items():
            target = tempfile.mkdtemp(prefix="oews-flat-")
            found._temp_dirs.append(target)
            for info in members:
                # Only the file name is used: nothing can land outside the temporary folder.
                destination = Path(target) / PurePosixPath(info.filename.replace("\\", "/")).name
                destination.write_bytes(_read_member(archive, info, f"{name}/{info.filename}"))
            label = f"{name}/{folder}" if folder not in ("", ".") else name
            found.flat_file_dirs.append((Path(target), label))


def unsupported_file_error(name: str, head: bytes) -> UnsupportedLayoutError | NotBLSDataError:
    """The error for a file whose type this project does not read."""
    error = not_bls_data_error(name, head, expected="a BLS special-request file, zip archive or oe flat files")
    if error:
        return error
    return UnsupportedLayoutError(
        "not a file type this project reads", location=Location(file=name),
        found=f"a {sniff(head)} file named {PurePosixPath(name).name!r}",
        expected="a BLS special-request file (.xlsx, .xls, .csv), a zip archive of them, a folder, or oe.* "
                 "flat files")
