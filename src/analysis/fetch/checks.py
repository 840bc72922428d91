"""Admission of what was downloaded, before anything uses it: a special-request archive must be a safe ZIP (the
project's one guard, :class:`analysis.sources.archives.ArchiveGuard`) holding a workbook of the kind and year its
name says; a flat file tab-separated text with BLS's header; a context file what its publisher puts in it."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from analysis import settings
from analysis.errors import (
    Location,
    NotBLSDataError,
    YearConflictError,
)
from analysis.fetch import bls_urls
from analysis.fetch.options import Target
from analysis.sources import archives, file_kinds
from analysis.sources.archives import ArchiveLimits, sniff


# ----------------------------------------------------------------------------------------------- content checks
def _html_hint(path: Path | str, head: bytes) -> str:
    # BLS answers with such a page (often titled 'Access Denied') when it refuses a User-Agent.
    hint = (
        " BLS sends an HTML page ('Access Denied') instead of the file to requests whose User-Agent does "
        f"not identify the requester; check the contact address ({settings.CONTACT_ENV})"
    )
    return f"{archives.describe_html(head[:4096])}, not BLS data.{hint}"


def _member_year_and_kind(name: str) -> tuple[str, int] | None:
    return file_kinds.archive_member(name)


def safe_member_path(name: str, *, archive: Path | str) -> PurePosixPath:
    """The relative path a member would be extracted to; raises UnsafeArchiveError if it would escape."""
    return archives.check_member_path(str(archive), name)


def check_archive(
    path: Path | str,
    *,
    kind: str | None = None,
    year: int | None = None,
    limits: ArchiveLimits = archives.DEFAULT_LIMITS,
    label: str | None = None,
) -> list[zipfile.ZipInfo]:
    """Check a downloaded special-request archive before anything uses it; returns its data members.

    Raises NotBLSDataError (empty, HTML page, not a ZIP, no workbook of ``kind``), UnsafeArchiveError
    (zip-slip, symbolic link, zip bomb) or YearConflictError (the workbook is of another year than ``year``).
    ``label`` names the archive in messages (e.g. its URL; default the path).
    """
    path = Path(path)
    label = label or str(path)
    with path.open("rb") as handle:
        head = handle.read(4096)
    what = sniff(head)
    where = Location(file=label)
    if what == "empty":
        raise NotBLSDataError(
            "an empty body where a ZIP archive was expected", location=where, expected="a ZIP archive from BLS"
        )
    if what == "html":
        raise NotBLSDataError(_html_hint(path, head), location=where, expected="a ZIP archive")
    if what != "zip":
        raise NotBLSDataError(
            f"not a ZIP archive (the content looks like {what})",
            location=where,
            found=head[:16],
            expected="a ZIP archive (starting with 'PK')",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise NotBLSDataError(
            f"a damaged or truncated ZIP archive ({exc})", location=where, expected="a complete ZIP archive"
        ) from exc
    archives.ArchiveGuard(label, limits).admit(label, infos)
    data_members: list[zipfile.ZipInfo] = []
    for info in infos:
        if info.is_dir():
            continue
        recognised = _member_year_and_kind(info.filename)
        if recognised is not None and (kind is None or recognised[0] == kind):
            data_members.append(info)
    if not data_members:
        names = [i.filename for i in infos if not i.is_dir()]
        expected = bls_urls.EXPECTED_MEMBERS[kind] if kind else "a BLS *_dl.xlsx/.xls/.csv workbook"
        raise NotBLSDataError(
            f"no {kind or 'BLS'} workbook in the archive",
            location=where,
            found=names[:10],
            expected=f"a member named like {expected}",
        )
    for info in data_members:
        member_year = _member_year_and_kind(info.filename)[1]
        if year is not None and member_year != year:
            raise YearConflictError(
                "the archive holds another year's workbook than its name says",
                location=Location(file=f"{label}!{info.filename}"),
                found=member_year,
                expected=f"May {year} (the archive was requested as {PurePosixPath(label).name})",
            )
    return data_members


def check_member_content(head: bytes, *, name: str, archive: Path | str) -> None:
    """A member's first bytes must match its extension (.xlsx ZIP, .xls OLE2, .csv text)."""
    what = sniff(head)
    suffix = PurePosixPath(name).suffix.lower()
    expected = {".xlsx": "zip", ".xls": "ole", ".csv": "text"}.get(suffix)
    where = Location(file=f"{archive}!{name}")
    if what == "html":
        raise NotBLSDataError(_html_hint(name, head), location=where, expected=f"a {suffix} workbook")
    if what == "empty":
        raise NotBLSDataError("an empty workbook", location=where, expected=f"a {suffix} workbook")
    # An .xls name on a workbook of the newer (ZIP-based) format is tolerated: the readers go by content.
    if expected and what != expected and not (suffix == ".xls" and what == "zip"):
        raise NotBLSDataError(
            f"a {suffix} member whose content is {what}",
            location=where,
            found=head[:16],
            expected=f"{expected} content",
        )


def check_flat_file(path: Path | str, *, name: str, label: str | None = None) -> None:
    """An oe flat file must be tab-separated text whose header has the key column BLS writes in it."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(8192)
    where = Location(file=label or str(path))
    what = sniff(head)
    if what == "empty":
        raise NotBLSDataError(
            "an empty body where a BLS flat file was expected",
            location=where,
            expected=f"the tab-separated file {name}",
        )
    if what == "html":
        raise NotBLSDataError(_html_hint(path, head), location=where, expected=f"the tab-separated file {name}")
    if what != "text":
        raise NotBLSDataError(
            f"not a text file (the content looks like {what})",
            location=where,
            found=head[:16],
            expected=f"the tab-separated file {name}",
        )
    first_line = head.decode("utf-8", "replace").lstrip("\ufeff").splitlines()[0] if head.strip() else ""
    columns = [c.strip().lower() for c in first_line.split("\t")]
    required = bls_urls.FLAT_FILES.get(name)
    if len(columns) < 2 or (required and required not in columns):
        raise NotBLSDataError(
            "a flat file whose header is not BLS's",
            location=Location(file=label or str(path), row=1),
            found=first_line[:120],
            expected=f"tab-separated columns including {required!r}",
        )


def check_context_file(path: Path | str, target: Target, *, limits: ArchiveLimits = archives.DEFAULT_LIMITS) -> None:
    """BEA's SARPP.zip must be a safe ZIP holding the SARPP state table(s); BLS's occupation.xlsx a workbook."""
    path = Path(path)
    with path.open("rb") as handle:
        head = handle.read(4096)
    where = Location(file=target.url)
    what = sniff(head)
    expected = "BEA's SARPP.zip (CSV tables)" if target.kind == "rpp" else "BLS's Table 1.2 workbook (.xlsx)"
    if what == "html":
        raise NotBLSDataError(_html_hint(path, head), location=where, expected=expected)
    if what != "zip":
        raise NotBLSDataError(
            f"not a ZIP-based file (the content looks like {what})", location=where, found=head[:16], expected=expected
        )
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotBLSDataError(f"a damaged or truncated file ({exc})", location=where, expected=expected) from None
    archives.ArchiveGuard(target.url, limits).admit(target.url, infos)
    names = [PurePosixPath(i.filename).name for i in infos]
    wanted = (
        (lambda n: n.upper().startswith("SARPP") and n.lower().endswith(".csv"))
        if target.kind == "rpp"
        else (lambda n: n == "workbook.xml")
    )
    if not any(wanted(n) for n in names):
        raise NotBLSDataError(
            "the file does not hold what its publisher puts in it", location=where, found=names[:10], expected=expected
        )
