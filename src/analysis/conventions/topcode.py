"""Top-codes: the published lower bound behind BLS's ``#`` symbol, year by year.

BLS does not publish wages at or above a ceiling; the cell shows ``#`` and the notes of the file's "Field
Descriptions" sheet say where the ceiling was that year, e.g. ``# = indicates a wage equal to or greater than
$115.00 per hour or $239,200 per year``. Readers take the bound from the file itself wherever it is stated
(:func:`parse_field_descriptions`). :data:`PUBLISHED_TOP_CODES` holds only bounds read from a BLS file at
development time (each entry names the file); it is used for files that do not carry their own notes (e.g.
``national_M2018_dl.xlsx``, whose notes BLS published as a separate ``field_descriptions.xlsx``). Years not in
it have no known bound: the columns stay null. Nothing here is guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class TopCode:
    """The lower bound of top-coded wages for one year, and where it was read."""

    hourly: float
    annual: float
    source: str


@dataclass(frozen=True)
class FieldDescriptions:
    """What a BLS "Field Descriptions" sheet says about its estimates: the reference year and the top-code."""

    year: int | None
    year_text: str | None
    top_code: TopCode | None


#: Bounds read from BLS field-description sheets during development (the file named in each entry; all are in
#: data/raw/national/). The text of each is "# = indicates a wage (that is) equal to or greater than
#: $H per hour or $A per year".
PUBLISHED_TOP_CODES: dict[int, TopCode] = {
    # field_descriptions.xlsx ("May 2018 OES Estimates", sheet Field_descriptions)
    2018: TopCode(100.00, 208_000.0, "BLS field_descriptions.xlsx (May 2018 OES Estimates)"),
    # national_M2019_dl.xlsx, sheet "Field Descriptions"
    2019: TopCode(100.00, 208_000.0, "BLS national_M2019_dl.xlsx, sheet 'Field Descriptions'"),
    # national_M2020_dl.xlsx, sheet "Field Descriptions"
    2020: TopCode(100.00, 208_000.0, "BLS national_M2020_dl.xlsx, sheet 'Field Descriptions'"),
    # national_M2021_dl.xlsx, sheet "Field Descriptions"
    2021: TopCode(100.00, 208_000.0, "BLS national_M2021_dl.xlsx, sheet 'Field Descriptions'"),
    # national_M2022_dl.xlsx, sheet "Field Descriptions"
    2022: TopCode(115.00, 239_200.0, "BLS national_M2022_dl.xlsx, sheet 'Field Descriptions'"),
    # national_M2023_dl.xlsx, sheet "Field Descriptions"
    2023: TopCode(115.00, 239_200.0, "BLS national_M2023_dl.xlsx, sheet 'Field Descriptions'"),
    # national_M2024_dl.xlsx, sheet "Field Descriptions"
    2024: TopCode(115.00, 239_200.0, "BLS national_M2024_dl.xlsx, sheet 'Field Descriptions'"),
}

_MONEY = r"\$\s*(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_HOURLY = re.compile(_MONEY + r"\s*(?:per\s+hour|an\s+hour|/\s*hr|hourly)", re.IGNORECASE)
_ANNUAL = re.compile(_MONEY + r"\s*(?:per\s+year|a\s+year|/\s*yr|annually)", re.IGNORECASE)
_TOP_CODE_LINE = re.compile(r"^\s*#\s*=?|equal\s+to\s+or\s+greater\s+than|greater\s+than\s+or\s+equal", re.IGNORECASE)
_REFERENCE_YEAR = re.compile(r"\bMay\s+((?:19|20)\d{2})\b")


def _money(text: str) -> float:
    return float(text.replace(",", ""))


def parse_top_code(text: str, *, source: str = "") -> TopCode | None:
    """The bound stated by one note line, e.g. ``'# = indicates a wage equal to or greater than $100.00 per hour
    or $208,000 per year'`` -> ``TopCode(100.0, 208000.0)``. None when the line states no top-code."""
    if not _TOP_CODE_LINE.search(text):
        return None
    hourly = _HOURLY.search(text)
    annual = _ANNUAL.search(text)
    if hourly is None or annual is None:
        return None
    return TopCode(_money(hourly.group(1)), _money(annual.group(1)), source)


def parse_field_descriptions(rows: Iterable[Iterable[object]], *, source: str = "") -> FieldDescriptions:
    """Read the reference year ("May 2019 OES Estimates") and the top-code note from the cells of a BLS field
    description sheet (rows of cells, as a spreadsheet reader returns them)."""
    year = None
    year_text = None
    top_code = None
    for row in rows:
        for cell in row:
            if not isinstance(cell, str) or not cell.strip():
                continue
            text = " ".join(cell.split())
            if year is None:
                match = _REFERENCE_YEAR.search(text)
                if match and ("estimates" in text.lower() or len(text) < 60):
                    year, year_text = int(match.group(1)), text
            if top_code is None:
                top_code = parse_top_code(text, source=source)
    return FieldDescriptions(year, year_text, top_code)


def published_top_code(year: int | None) -> TopCode | None:
    """The bound BLS published for ``year`` as read from a BLS file during development, or None if unknown."""
    if year is None:
        return None
    return PUBLISHED_TOP_CODES.get(int(year))
