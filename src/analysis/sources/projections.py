"""BLS Employment Projections by occupation (the 2024–34 export bundled in ``data/raw/projections``).

BLS's interactive table (https://data.bls.gov/projections/occupationProj) exports one CSV row per occupation, 832 in
the 2024–34 release, with these columns as published:

- ``Occupation Title``: the title, then sample job titles, each after ``* `` ("Medical records specialists    *
  Health Information Coder* Health Records Technician* Medical Bill Coder");
- ``Occupation Code``: the SOC code;
- ``Employment 2024``, ``Employment 2034``, ``Employment Change, 2024-2034`` and ``Occupational Openings,
  2024-2034 Annual Average``: **thousands** of jobs, with thousands separators ("1,579.80");
- ``Employment Percent Change, 2024-2034``: percent;
- ``Median Annual Wage 2024``: dollars; ``>=239,200`` where the wage is at or above OEWS's top-code, ``N/A`` where
  BLS shows none;
- ``Typical Entry-Level Education``, ``Work Experience in a Related Occupation``, ``Typical on-the-job Training``
  with their category codes (``Education Code``, ``Workex Code``, ``trCode``). "None" in experience and training
  is BLS's category (no experience / no training needed), not a missing value.

:func:`read_projections` returns a tidy frame (see its docstring). The export writes the registered-trademark sign
as ``¿`` ("GED¿"); the reader repairs exactly that sequence to "GED®" and nothing else.

The total for all occupations is not a row of the export: :data:`ALL_OCCUPATIONS` holds it with its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.conventions.schema import SOC_CODE
from analysis.errors import Location, OEWSInputError, SourceNotFoundError

#: The bundled export (see its [[copies]] entry in data/raw/MANIFEST).
FILE_NAME = "occupation_projections_2024_34.csv"
BASE_YEAR, TARGET_YEAR = 2024, 2034
RELEASE = "BLS Employment Projections 2024–34 (released August 28, 2025)"
SOURCE_URL = "https://data.bls.gov/projections/occupationProj"


@dataclass(frozen=True)
class ProjectionTotal:
    """Employment of all occupations in the base and target years (thousands) and the percent change, as BLS
    publishes them in a table that is not part of the export."""

    employment_base_thousands: float
    employment_target_thousands: float
    percent_change: float
    source: str


#: Total, all occupations, 2024–34: BLS Employment Projections Table 1.10 (and news release USDL-25-1324,
#: "Employment Projections — 2024-2034", August 28, 2025). Not a row of the export, so kept here with its source.
ALL_OCCUPATIONS = ProjectionTotal(
    employment_base_thousands=169_956.1,
    employment_target_thousands=175_167.9,
    percent_change=3.1,
    source="BLS Employment Projections 2024–34, Table 1.10, and news release USDL-25-1324 (August 28, 2025)",
)

#: Top-code of the median wage in the export (">=239,200"): OEWS's May 2024 top-code for annual wages.
TOP_CODE_PREFIX = ">="

#: The export's columns, in BLS's spelling, and this reader's name for each.
COLUMNS: dict[str, str] = {
    "Occupation Title": "title_as_published",
    "Occupation Code": "occ_code",
    "Employment 2024": "employment_2024_thousands",
    "Employment 2034": "employment_2034_thousands",
    "Employment Change, 2024-2034": "employment_change_thousands",
    "Employment Percent Change, 2024-2034": "employment_change_pct",
    "Occupational Openings, 2024-2034 Annual Average": "annual_openings_thousands",
    "Median Annual Wage 2024": "median_wage_2024",
    "Typical Entry-Level Education": "education",
    "Education Code": "education_code",
    "Work Experience in a Related Occupation": "experience",
    "Workex Code": "experience_code",
    "Typical on-the-job Training": "training",
    "trCode": "training_code",
}
_NUMBER_COLUMNS = (
    "Employment 2024",
    "Employment 2034",
    "Employment Change, 2024-2034",
    "Employment Percent Change, 2024-2034",
    "Occupational Openings, 2024-2034 Annual Average",
)
_CODE_COLUMNS = ("Education Code", "Workex Code", "trCode")
_TEXT_COLUMNS = (
    "Typical Entry-Level Education",
    "Work Experience in a Related Occupation",
    "Typical on-the-job Training",
)

_NUMBER = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$")
#: The one character repair the reader makes: the export's "¿" stands for "®" in "GED®".
_REPAIRS = {"GED\u00bf": "GED\u00ae"}


def default_path() -> Path:
    return paths.raw_dir() / "projections" / FILE_NAME


def _number(text: str, location: Location, expected: str) -> float:
    value = text.strip()
    if not _NUMBER.match(value):
        raise OEWSInputError("not a number", location=location, found=text, expected=expected)
    return float(value.replace(",", ""))


def _repair(text: str) -> str:
    for wrong, right in _REPAIRS.items():
        text = text.replace(wrong, right)
    return text


def split_title(text: str) -> tuple[str, list[str]]:
    """BLS's ``Occupation Title`` cell as (title, sample job titles): "Actors    * Actor Understudy* Actress" ->
    ("Actors", ["Actor Understudy", "Actress"]). A title without samples gives an empty list."""
    title, *samples = _repair(text).split("*")
    return title.strip(), [s.strip() for s in samples if s.strip()]


def _median_wage(text: str, location: Location) -> tuple[float | None, str | None]:
    value = text.strip()
    if value == "N/A":
        return None, "not_available"
    if value.startswith(TOP_CODE_PREFIX):
        # the number after ">=" is the bound, not the wage: the wage itself is not published
        _number(value[len(TOP_CODE_PREFIX) :], location, "a dollar amount after '>=' such as '>=239,200'")
        return None, "top_coded"
    return _number(value, location, "a dollar amount such as '81,680', '>=239,200' or 'N/A'"), None


def _top_code(text: str) -> float | None:
    value = text.strip()
    return float(value[len(TOP_CODE_PREFIX) :].replace(",", "")) if value.startswith(TOP_CODE_PREFIX) else None


def read_projections(path: str | Path | None = None) -> pd.DataFrame:
    """The projections export as a tidy frame, one row per occupation, in the file's order.

    Columns: ``occ_code``, ``occ_title`` (the title alone), ``sample_titles`` (list of str), ``title_as_published``,
    ``employment_2024_thousands``, ``employment_2034_thousands``, ``employment_change_thousands``,
    ``employment_change_pct`` (percent), ``annual_openings_thousands`` (thousands a year, 2024–34 average),
    ``median_wage_2024`` (USD a year; null when not published as a number), ``median_wage_2024_status``
    (``top_coded`` / ``not_available`` / null), ``median_wage_2024_top_code`` (the ">=" bound where top-coded),
    ``education``, ``education_code``, ``experience``, ``experience_code``, ``training``, ``training_code``.
    ``attrs`` hold the units, release, source URL and file.

    Raises :class:`~analysis.errors.OEWSInputError` naming the file, row (1-based, the header is row 1), column,
    value and what was expected, for a missing column, a bad SOC code, a repeated code, a number that is not one,
    or an empty category.
    """
    path = Path(path) if path is not None else default_path()
    if not path.is_file():
        raise SourceNotFoundError(
            "projections file not found",
            location=Location(file=path),
            expected=f"BLS's occupation projections CSV export ({FILE_NAME})",
        )
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as error:
        raise OEWSInputError(
            "not UTF-8 text", location=Location(file=path), found=str(error), expected="BLS's CSV export in UTF-8"
        ) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise OEWSInputError(
            "cannot be read as CSV",
            location=Location(file=path),
            found=str(error).strip(),
            expected="BLS's occupation projections CSV export",
        ) from None
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise OEWSInputError(
            f"missing column(s) {missing}",
            location=Location(file=path, row=1),
            found=list(raw.columns),
            expected=f"BLS's export columns {list(COLUMNS)}",
        )
    if raw.empty:
        raise OEWSInputError("no occupations", location=Location(file=path), expected="one row per occupation")

    records = []
    seen: dict[str, int] = {}
    for index, row in raw.iterrows():
        line = int(index) + 2  # the header is row 1
        code = row["Occupation Code"].strip()
        if not SOC_CODE.match(code):
            raise OEWSInputError(
                "not a SOC code",
                location=Location(file=path, row=line, column="Occupation Code"),
                found=row["Occupation Code"],
                expected="a code like '29-2072'",
            )
        if code in seen:
            raise OEWSInputError(
                "occupation code repeated",
                location=Location(file=path, row=line, column="Occupation Code"),
                found=code,
                expected=f"one row per occupation (first at row {seen[code]})",
            )
        seen[code] = line
        title, samples = split_title(row["Occupation Title"])
        if not title:
            raise OEWSInputError(
                "empty title",
                location=Location(file=path, row=line, column="Occupation Title"),
                found=row["Occupation Title"],
                expected="the occupation's title",
            )
        record = {
            "occ_code": code,
            "occ_title": title,
            "sample_titles": samples,
            "title_as_published": row["Occupation Title"],
        }
        for column in _NUMBER_COLUMNS:
            unit = "percent" if "Percent" in column else "thousands"
            record[COLUMNS[column]] = _number(
                row[column],
                Location(file=path, row=line, column=column),
                f"a number ({unit}) such as '194.8' or '1,579.80'",
            )
        wage_location = Location(file=path, row=line, column="Median Annual Wage 2024")
        wage, status = _median_wage(row["Median Annual Wage 2024"], wage_location)
        record["median_wage_2024"] = wage
        record["median_wage_2024_status"] = status
        record["median_wage_2024_top_code"] = _top_code(row["Median Annual Wage 2024"])
        for column in _TEXT_COLUMNS:
            value = row[column].strip()
            if not value:
                raise OEWSInputError(
                    "empty category",
                    location=Location(file=path, row=line, column=column),
                    found=row[column],
                    expected="BLS's category, e.g. \"Bachelor's degree\" or 'None'",
                )
            record[COLUMNS[column]] = value
        for column in _CODE_COLUMNS:
            value = row[column].strip()
            if not value.isdigit():
                raise OEWSInputError(
                    "not a category code",
                    location=Location(file=path, row=line, column=column),
                    found=row[column],
                    expected="a whole number such as '3'",
                )
            record[COLUMNS[column]] = int(value)
        records.append(record)

    frame = pd.DataFrame(records)
    frame = frame.astype(
        {"median_wage_2024": "Float64", "median_wage_2024_top_code": "Float64", "median_wage_2024_status": "string"}
    )
    frame.attrs.update(
        {
            "employment_unit": "thousands of jobs",
            "openings_unit": "thousands of openings a year (2024–34 annual average)",
            "wage_unit": "USD a year (May 2024 OEWS median)",
            "base_year": BASE_YEAR,
            "target_year": TARGET_YEAR,
            "release": RELEASE,
            "source_url": SOURCE_URL,
            "file": str(path),
        }
    )
    return frame
