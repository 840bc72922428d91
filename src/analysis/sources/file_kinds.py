"""What a BLS special-request file is, from its name, and which reference year it holds.

Kinds, by BLS's file names (``MYYYY`` is the reference year, May): national cross-industry ``national_MYYYY_dl``;
state ``state_MYYYY_dl``; metropolitan and nonmetropolitan ``MSA_MYYYY_dl``, ``aMSA_MYYYY_dl``, ``BOS_MYYYY_dl``;
national industry ``natsector_``, ``nat3d_``, ``nat4d_``, ``nat5d_`` / ``nat5d_6d_`` (ownership files like
``nat4d_owner_MYYYY_dl``); everything in one workbook ``all_data_M_YYYY``. The year is stated by the file name,
the archives or folders around it, its field-descriptions sheet and the caller: all must agree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from analysis.errors import Location, OEWSInputError, YearConflictError
from analysis.sources.archives import SPREADSHEET_EXTENSIONS

if TYPE_CHECKING:
    from analysis.sources.sheets import LoadedFile

#: The special-request archives BLS publishes for each year (``oesm{YY}{suffix}.zip``), by the name ``him-wages
#: fetch --kinds`` gives them: the suffix of the archive's name, and the kinds (:func:`kind_from_name`) of the
#: workbooks it holds. The one vocabulary of file kinds, shared by the readers and the downloader.
ARCHIVES: dict[str, tuple[str, tuple[str, ...]]] = {
    "national": ("nat", ("national",)),
    "state": ("st", ("state",)),
    "metro": ("ma", ("msa", "nonmetro")),
    "industry": ("in4", ("industry",)),
    "all": ("all", ("all_data",)),
}
#: Extensions of BLS's data workbooks (``.xls`` up to May 2013; a few years also as ``.csv``).
DATA_SUFFIXES = SPREADSHEET_EXTENSIONS

_NAME_YEAR = re.compile(r"(?:^|[_\-\s.])m_?((?:19|20)\d{2})(?=$|[_\-\s.])", re.IGNORECASE)
_ARCHIVE_YEAR = re.compile(r"^oesm(\d{2})(?:[a-z0-9]*)$", re.IGNORECASE)


def kind_from_name(name: str) -> str | None:
    """The kind of special-request file its BLS name says: 'national', 'state', 'msa', 'nonmetro', 'industry',
    'all_data' or 'field_descriptions'; None for names BLS does not use."""
    stem = PurePosixPath(name).name.lower()
    if stem.startswith("field_desc"):
        return "field_descriptions"
    if stem.startswith("all_data"):
        return "all_data"
    if stem.startswith("national"):
        return "national"
    if stem.startswith("state"):
        return "state"
    if stem.startswith(("msa", "amsa")):
        return "msa"
    if stem.startswith("bos"):
        return "nonmetro"
    if re.match(r"^nat(sector|\d)", stem):
        return "industry"
    return None


def archive_member(name: str) -> tuple[str, int] | None:
    """``(archive kind, year)`` of a data workbook inside a special-request archive, from its name
    (``oesm23nat/national_M2023_dl.xlsx`` -> ``("national", 2023)``); None for other members (readme files)."""
    base = PurePosixPath(name.replace("\\", "/")).name
    if not base.lower().endswith(DATA_SUFFIXES):
        return None
    kind, year = kind_from_name(base), year_from_name(base)
    archive = next((a for a, (_, kinds) in ARCHIVES.items() if kind in kinds), None)
    return (archive, year) if archive is not None and year is not None else None


def industry_level_from_name(name: str) -> str | None:
    """The i_group a national industry file's name implies (natsector -> 'sector', nat3d -> '3-digit', ...)."""
    stem = PurePosixPath(name).name.lower()
    if stem.startswith("natsector"):
        return "sector"
    match = re.match(r"^nat(\d)d_(?!\dd)", stem)
    if match:
        return f"{match.group(1)}-digit"
    return None


def year_from_name(name: str) -> int | None:
    """The reference year a BLS file or archive name carries: ``national_M2019_dl`` / ``all_data_M_2019`` ->
    2019, ``oesm19nat`` -> 2019."""
    path = PurePosixPath(name.replace("\\", "/"))
    stem = path.name
    for suffix in (".zip", ".xlsx", ".xls", ".csv"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    match = _NAME_YEAR.search(stem)
    if match:
        return int(match.group(1))
    match = _ARCHIVE_YEAR.match(stem)
    if match:
        two = int(match.group(1))
        return 1900 + two if two >= 90 else 2000 + two
    return None


@dataclass(frozen=True)
class YearEvidence:
    year: int
    origin: str


def year_evidence(loaded: LoadedFile, *, year: int | None) -> list[YearEvidence]:
    """Every statement of the reference year for one file: its name, the archives/folders around it, its
    field-description sheet and the caller's ``year=``."""
    evidence = []
    member = loaded.member
    from_name = year_from_name(member.basename)
    if from_name is not None:
        evidence.append(YearEvidence(from_name, f"file name {member.basename!r}"))
    for container in member.containers:
        from_container = year_from_name(container)
        if from_container is not None:
            evidence.append(YearEvidence(from_container, f"archive/folder name {container!r}"))
    if loaded.notes is not None and loaded.notes.year is not None:
        where = f"sheet {loaded.notes_sheet!r}" if loaded.notes_sheet else "field descriptions"
        evidence.append(YearEvidence(loaded.notes.year, f"{where} ({loaded.notes.year_text!r})"))
    if year is not None:
        evidence.append(YearEvidence(int(year), "the year= argument"))
    return evidence


def resolve_year(loaded: LoadedFile, *, year: int | None) -> int:
    evidence = year_evidence(loaded, year=year)
    years = {e.year for e in evidence}
    if len(years) > 1:
        said = "; ".join(f"{e.year} from {e.origin}" for e in evidence)
        raise YearConflictError(
            "the file's reference year is stated differently in different places",
            location=Location(file=loaded.member.name),
            found=said,
            expected="one year (rename the file or pass the matching year=)",
        )
    if not years:
        raise OEWSInputError(
            "cannot tell the file's reference year: neither its name (like national_M2019_dl) "
            "nor a field-descriptions sheet states it",
            location=Location(file=loaded.member.name),
            found=None,
            expected="read_oews(path, year=YYYY)",
        )
    return years.pop()
