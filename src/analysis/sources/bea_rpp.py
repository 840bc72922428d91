"""BEA Regional Price Parities by state (table SARPP) -> a tidy frame, one row per (state, year).

BEA's CSV layout, read as BEA writes it::

    GeoFIPS,GeoName,Region,TableName,LineCode,IndustryClassification,Description,Unit,2008,...,2024
     "00000","United States", ,SARPP,1,"...","RPPs: All items ","Index",100.000,...
     "06000","California",8,SARPP,1,"...","RPPs: All items ","Index",111.220,...
    "Note: See the included footnote file."
    "Source: U.S. Department of Commerce / Bureau of Economic Analysis"
    "Last updated: February 19, 2026-- new statistics for 2024; revised statistics for 2008-2023"

GeoFIPS is quoted and space-prefixed, Region is blank for the U.S., and BEA's full file has one row per line
code (1 all items, 2 goods, 3 housing, ...) and footer lines. Only LineCode 1 (all items) is kept. The footer's
"Last updated" line is the vintage; a copy without footer lines takes its vintage from its ``[[copies]]`` entry
in ``data/raw/MANIFEST`` (``release``). BEA revises past years in every vintage, so each adjusted figure must
cite the vintage it used.

Output columns: ``fips`` (2-digit state FIPS, ``"00"`` for the U.S.), ``area`` (BLS's OEWS area code: ``"99"``
U.S., ``"06"`` California), ``postal``, ``name``, ``year``, ``rpp`` (U.S. = 100; null when BEA printed a symbol
such as ``(NA)``), ``rpp_status`` (that symbol, else null), ``vintage``. ``frame.attrs`` holds ``source`` (the
path, relative to the project when inside it), ``sha256`` of the file's bytes and ``vintage``. BEA publishes no
standard error for RPPs.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.conventions import geography
from analysis.errors import BEAInputError, Location, RawCatalogError, SourceNotFoundError
from analysis.raw_catalog import read_manifest

#: The bundled copy of BEA's SARPP all-items rows (see data/raw/MANIFEST).
BUNDLED_NAME = "SARPP_STATE_2008_2024_all_items.csv"

#: BEA's line code of "RPPs: All items".
ALL_ITEMS_LINECODE = "1"

#: Columns BEA's SARPP CSV starts with, in order.
HEADER = ("GeoFIPS", "GeoName", "Region", "TableName", "LineCode", "IndustryClassification", "Description", "Unit")

#: BEA's symbols for a value it does not show as a number (kept as ``rpp_status``).
BEA_SYMBOLS = ("(NA)", "(D)", "(L)", "(NM)", "(X)")

#: What the vintage says when neither the file nor the MANIFEST names it.
UNKNOWN_VINTAGE = "vintage not stated (no 'Last updated' line in the file and no MANIFEST entry)"

_FOOTER = re.compile(r"^\s*\"?\s*(note|source|last updated|footnotes?|legend)\b", re.IGNORECASE)
_LAST_UPDATED = re.compile(r"last updated:?\s*(.*)$", re.IGNORECASE)

OUTPUT_COLUMNS = ("fips", "area", "postal", "name", "year", "rpp", "rpp_status", "vintage")


def bundled_path() -> Path:
    """``data/raw/bea/SARPP_STATE_2008_2024_all_items.csv``."""
    return paths.raw_dir() / "bea" / BUNDLED_NAME


def manifest_vintage(path: Path) -> str | None:
    """The ``release`` of the ``[[copies]]`` entry of ``path`` in ``data/raw/MANIFEST`` (None when not listed)."""
    try:
        data = read_manifest() or {}
    except (OSError, RawCatalogError):
        return None
    try:
        relative = Path(path).resolve().relative_to(paths.project_root().resolve()).as_posix()
    except ValueError:
        return None
    for entry in data.get("copies", []):
        if entry.get("path") == relative:
            return entry.get("release")
    return None


def _vintage_text(text: str) -> str:
    return re.sub(r"\s*--\s*", " -- ", text.strip().strip('"').strip())


def read_rpp(path: str | Path | None = None, *, line_code: str = ALL_ITEMS_LINECODE) -> pd.DataFrame:
    """Read BEA's state RPP CSV (the bundled copy when ``path`` is None) into the tidy frame described above.

    Raises :class:`~analysis.errors.BEAInputError` naming the file, row and column for anything else: a header
    that is not BEA's, a GeoFIPS that is not a state's, a value that is neither a number nor a BEA symbol, a
    state twice, no row of the line code."""
    path = Path(path) if path is not None else bundled_path()
    if not path.is_file():
        raise SourceNotFoundError(
            "BEA RPP file not found",
            location=Location(file=path),
            expected="BEA's SARPP CSV (data/raw/bea/" + BUNDLED_NAME + ")",
        )
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text), skipinitialspace=True))
    if not rows or [c.strip() for c in rows[0][: len(HEADER)]] != list(HEADER):
        raise BEAInputError(
            "not BEA's Regional Price Parities CSV layout",
            location=Location(file=path, row=1),
            found=",".join(rows[0][:8]) if rows else "an empty file",
            expected="a header starting " + ",".join(HEADER) + " then year columns",
        )
    header = [c.strip() for c in rows[0]]
    year_columns = header[len(HEADER) :]
    bad_years = [c for c in year_columns if not re.fullmatch(r"\d{4}", c)]
    if not year_columns or bad_years:
        raise BEAInputError(
            "year columns expected after 'Unit'",
            location=Location(file=path, row=1),
            found=bad_years or "none",
            expected="four-digit years such as 2024",
        )
    vintage: str | None = None
    records: list[dict] = []
    seen: dict[str, int] = {}
    in_footer = False
    for number, row in enumerate(rows[1:], start=2):
        first = row[0].strip() if row else ""
        if not any(cell.strip() for cell in row):
            continue
        if in_footer or _FOOTER.match(first):
            in_footer = True
            match = _LAST_UPDATED.search(",".join(row))
            if match:
                vintage = _vintage_text("Last updated: " + match.group(1))
            continue
        if len(row) != len(header):
            raise BEAInputError(
                f"{len(row)} fields where the header has {len(header)}",
                location=Location(file=path, row=number),
                found=",".join(row)[:80],
                expected="one value per year column",
            )
        fields = dict(zip(header, (cell.strip() for cell in row)))
        if fields["LineCode"] != line_code:
            continue
        geo = fields["GeoFIPS"].strip('"').strip()
        if not re.fullmatch(r"\d{2}000", geo):
            raise BEAInputError(
                "GeoFIPS is not a state's (or the U.S.'s) code",
                location=Location(file=path, row=number, column="GeoFIPS"),
                found=geo,
                expected="five digits ending in 000, e.g. 06000 (a metropolitan RPP file is not read)",
            )
        fips = geo[:2]
        if fips in seen:
            raise BEAInputError(
                f"GeoFIPS {geo} appears twice for LineCode {line_code} (rows {seen[fips]} and {number})",
                location=Location(file=path, row=number, column="GeoFIPS"),
            )
        seen[fips] = number
        try:
            postal = geography.NATIONAL_POSTAL if fips == "00" else geography.state_postal(fips)
        except ValueError:
            raise BEAInputError(
                "GeoFIPS is not a U.S. state's code",
                location=Location(file=path, row=number, column="GeoFIPS"),
                found=geo,
                expected="a state or DC FIPS code",
            ) from None
        for year in year_columns:
            cell = fields[year]
            value, status = None, None
            if cell in BEA_SYMBOLS:
                status = cell
            else:
                try:
                    value = float(cell)
                except ValueError:
                    raise BEAInputError(
                        "not an RPP value",
                        location=Location(file=path, row=number, column=year),
                        found=cell,
                        expected=f"a number (U.S. = 100) or one of {BEA_SYMBOLS}",
                    ) from None
                if not value > 0:
                    raise BEAInputError(
                        "an RPP must be positive",
                        location=Location(file=path, row=number, column=year),
                        found=cell,
                        expected="a price index with U.S. = 100",
                    )
            records.append(
                {
                    "fips": fips,
                    "area": geography.NATIONAL_AREA if fips == "00" else fips,
                    "postal": postal,
                    "name": fields["GeoName"],
                    "year": int(year),
                    "rpp": value,
                    "rpp_status": status,
                }
            )
    if not records:
        raise BEAInputError(
            f"no rows with LineCode {line_code}",
            location=Location(file=path),
            expected="BEA's 'RPPs: All items' rows (LineCode 1)",
        )
    vintage = vintage or manifest_vintage(path) or UNKNOWN_VINTAGE
    frame = pd.DataFrame.from_records(records)
    frame["vintage"] = vintage
    frame = frame.astype(
        {
            "fips": "string",
            "area": "string",
            "postal": "string",
            "name": "string",
            "year": "int64",
            "rpp": "Float64",
            "rpp_status": "string",
            "vintage": "string",
        }
    )
    frame = frame.sort_values(["fips", "year"]).reset_index(drop=True)[list(OUTPUT_COLUMNS)]
    try:
        shown_path = path.resolve().relative_to(paths.project_root().resolve()).as_posix()
    except ValueError:
        shown_path = str(path)
    frame.attrs.update({"source": shown_path, "vintage": vintage, "sha256": hashlib.sha256(raw).hexdigest()})
    return frame
