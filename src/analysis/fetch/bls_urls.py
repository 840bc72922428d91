"""Where BLS publishes OEWS files, and what each archive must contain.

Sources of the URL patterns (checked 2026-11 with the search tool against public code that downloads them):

* Special-request archives, one per year and kind, linked from https://www.bls.gov/oes/tables.htm as
  ``https://www.bls.gov/oes/special-requests/oesm{YY}{suffix}.zip`` where ``{YY}`` is the two-digit May
  reference year: ``nat`` national, ``st`` state, ``ma`` metropolitan and nonmetropolitan areas, ``in4``
  national industry-specific, ``all`` all data. (BLS's older pages spelled the folder ``special.requests``;
  the site now serves ``special-requests`` for every year.)
* The ``oe`` time-series database as flat files, tab-separated, at
  ``https://download.bls.gov/pub/time.series/oe/`` (``oe.txt`` there documents them): ``oe.data.0.Current``
  and the mapping files ``oe.area``, ``oe.areatype``, ``oe.datatype``, ``oe.footnote``, ``oe.industry``,
  ``oe.occupation``, ``oe.release``, ``oe.series``.

Inside an archive BLS puts the year's workbook(s), named ``<table>_M{YYYY}_dl.xlsx`` (``.xls`` up to May 2013),
usually in a folder named like the archive (``oesm23nat/national_M2023_dl.xlsx``); the all-data archive holds
``all_data_M_{YYYY}.xlsx``. ``EXPECTED_MEMBERS`` gives, per kind, the member names that prove an archive is
what its name says.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from analysis.conventions import releases
from analysis.raw_catalog import OE_FLAT_FILES_URL
from analysis.sources import file_kinds

ARCHIVE_BASE = "https://www.bls.gov/oes/special-requests/"
FLAT_FILE_BASE = OE_FLAT_FILES_URL

#: Kind of special-request archive -> suffix of its file name (the kinds are :data:`file_kinds.ARCHIVES`).
ARCHIVE_SUFFIXES: dict[str, str] = {kind: suffix for kind, (suffix, _) in file_kinds.ARCHIVES.items()}

#: Files beside the OEWS tables that give wages context, one per kind (``--kinds rpp,projections``): BEA's Regional
#: Price Parities by state (the SARPP table of https://apps.bea.gov/regional/downloadzip.aspx) and BLS's
#: Employment Projections Table 1.2, occupation by occupation (https://www.bls.gov/emp/tables.htm). They are not
#: rebased by ``--base-url`` onto BLS's mirror unless the mirror serves their paths too (it is used for both).
CONTEXT_FILES: dict[str, str] = {
    "rpp": "https://apps.bea.gov/regional/zip/SARPP.zip",
    "projections": "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx",
}

#: What a member of each kind of archive is called (said in the message when an archive holds none).
EXPECTED_MEMBERS: dict[str, str] = {
    "national": "national_MYYYY_dl.xlsx",
    "state": "state_MYYYY_dl.xlsx",
    "metro": "MSA_MYYYY_dl.xlsx or BOS_MYYYY_dl.xlsx",
    "industry": "nat4d_MYYYY_dl.xlsx (natsector, nat3d ... nat5d)",
    "all": "all_data_M_YYYY.xlsx",
}

#: The oe flat files ``him-wages fetch --flat-files`` downloads, each with the key column its header must have
#: (BLS's oe.area header, for one, starts with state_code: ``state_code, area_code, areatype_code, area_name``).
FLAT_FILES: dict[str, str] = {
    "oe.data.0.Current": "series_id",
    "oe.area": "area_code",
    "oe.areatype": "areatype_code",
    "oe.datatype": "datatype_code",
    "oe.footnote": "footnote_code",
    "oe.industry": "industry_code",
    "oe.occupation": "occupation_code",
    "oe.release": "release_date",
    "oe.series": "series_id",
}

#: First year of the special-request archives this project reads (conventions.releases); the last is whatever BLS
#: has published.
FIRST_YEAR = releases.FIRST_YEAR


def archive_name(year: int, kind: str) -> str:
    """``archive_name(2023, "national")`` -> ``"oesm23nat.zip"``."""
    if kind not in ARCHIVE_SUFFIXES:
        raise ValueError(f"unknown archive kind {kind!r}; expected one of {', '.join(ARCHIVE_SUFFIXES)}")
    return f"oesm{year % 100:02d}{ARCHIVE_SUFFIXES[kind]}.zip"


def archive_url(year: int, kind: str, *, base_url: str | None = None) -> str:
    return rebase(ARCHIVE_BASE + archive_name(year, kind), base_url)


def context_url(kind: str, *, base_url: str | None = None) -> str:
    return rebase(CONTEXT_FILES[kind], base_url)


def flat_file_url(name: str, *, base_url: str | None = None) -> str:
    if name not in FLAT_FILES:
        raise ValueError(f"unknown oe flat file {name!r}; expected one of {', '.join(FLAT_FILES)}")
    return rebase(FLAT_FILE_BASE + name, base_url)


def rebase(url: str, base_url: str | None) -> str:
    """Replace the scheme and host of a BLS address by those of ``base_url`` (a mirror), keeping BLS's path.

    Both www.bls.gov and download.bls.gov map to the same mirror. A path in ``base_url`` is kept as a prefix:
    ``rebase("https://www.bls.gov/oes/x.zip", "http://127.0.0.1:8000/mirror")`` ->
    ``"http://127.0.0.1:8000/mirror/oes/x.zip"``.
    """
    if not base_url:
        return url
    base = urlsplit(base_url)
    if base.scheme not in ("http", "https") or not base.netloc:
        raise ValueError(f"base URL {base_url!r} must look like http(s)://host[:port][/prefix]")
    original = urlsplit(url)
    prefix = base.path.rstrip("/")
    return urlunsplit((base.scheme, base.netloc, prefix + original.path, original.query, ""))


def parse_years(text: str) -> list[int]:
    """``"2011-2013,2015"`` -> ``[2011, 2012, 2013, 2015]``. Two-digit years are not accepted (ambiguous)."""
    years: set[int] = set()
    for part in str(text).split(","):
        part = part.strip()
        if not part:
            continue
        match = re.fullmatch(r"(\d{4})(?:\s*-\s*(\d{4}))?", part)
        if not match:
            raise ValueError(f"years {text!r}: {part!r} is not a year (2023) or a range (2011-2024)")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            raise ValueError(f"years {text!r}: range {part!r} runs backwards")
        if first < FIRST_YEAR or last > releases.LAST_YEAR_BOUND:
            raise ValueError(f"years {text!r}: OEWS special-request files exist from {FIRST_YEAR} on")
        years.update(range(first, last + 1))
    if not years:
        raise ValueError("no years given")
    return sorted(years)


def parse_kinds(text: str) -> list[str]:
    """``"national,state"`` -> ``["national", "state"]`` (in the order given, without repeats)."""
    kinds: list[str] = []
    for part in str(text).split(","):
        part = part.strip().lower()
        if not part:
            continue
        if part not in ARCHIVE_SUFFIXES and part not in CONTEXT_FILES:
            raise ValueError(
                f"unknown archive kind {part!r}; expected some of {', '.join([*ARCHIVE_SUFFIXES, *CONTEXT_FILES])}"
            )
        if part not in kinds:
            kinds.append(part)
    if not kinds:
        raise ValueError("no kinds given")
    return kinds
