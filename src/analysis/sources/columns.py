"""Column mapping of the special-request files: header cells -> canonical names, and the identifying columns
(occupation, industry and ownership, area) in the canonical form.

Column names drift across the years (case, ``GROUP`` / ``OCC_GROUP`` / ``O_GROUP``, ``LOC QUOTIENT``, ``STATE`` /
``ST`` / ``AREA_NAME`` in older state and MSA files, national files with no area columns);
:func:`analysis.conventions.values.canonical_column_name` and this module map them to the canonical frame. A cell
BLS cannot have published is an error naming file, sheet, row, column and value (:func:`bad_cell`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.conventions import codes, geography, schema
from analysis.conventions.missing import is_missing
from analysis.conventions.values import canonical_column_name
from analysis.errors import Location, OEWSInputError
from analysis.sources.sheets import RawTable

#: Columns every data sheet must have (canonical names) and how BLS spells them in the header.
REQUIRED_COLUMNS: dict[str, str] = {
    "occ_code": "OCC_CODE",
    "occ_title": "OCC_TITLE",
    "o_group": "O_GROUP (or OCC_GROUP / GROUP)",
    "tot_emp": "TOT_EMP",
    "emp_prse": "EMP_PRSE",
    "h_mean": "H_MEAN",
    "a_mean": "A_MEAN",
    "mean_prse": "MEAN_PRSE",
    **{c: c.upper() for c in schema.HOURLY_WAGE_COLUMNS[1:] + schema.ANNUAL_WAGE_COLUMNS[1:]},
}


#: Extra columns a kind needs (one of each tuple).
KIND_REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {
    "state": (("area", "prim_state"),),
    "msa": (("area",),),
    "nonmetro": (("area",),),
    "industry": (("naics",),),
    "all_data": (("area",), ("naics",), ("area_type",)),
}

#: Ownership codes as BLS's field descriptions list them (national_M2019_dl.xlsx, sheet "Field Descriptions").
OWNERSHIP_TITLES: dict[str, str] = {
    "federal government": "1",
    "state government": "2",
    "local government": "3",
    "federal, state, and local government": "123",
    "private, state, and local government": "235",
    "private and local government": "35",
    "private": "5",
    "private, local government gambling establishments (sector 71), and local government casino hotels "
    "(sector 72)": "57",
    "private plus state and local government hospitals": "58",
    "private and postal service": "59",
    "federal, state, and local government and private sector": "1235",
}

ALL_OWNERSHIPS = codes.ALL_OWNERSHIPS


def canonical_names(header: list[object]) -> list[str | None]:
    """Canonical name for every header cell (None for blank cells and later duplicates of a name).

    Older state files carry both ``ST`` (postal code) and ``STATE`` (the state's name); the name is the area
    title there. ``OWNERSHIP`` (older industry files) is the ownership code. BLS's 2018 national file repeats
    ``OCC_CODE`` on a third column that holds other text; the first column of a name is the one BLS documents.
    """
    raw = [canonical_column_name(h) if isinstance(h, str) and h.strip() else None for h in header]
    lowered = [str(h).strip().lower() if isinstance(h, str) else "" for h in header]
    has_postal = "st" in lowered or "prim_state" in lowered
    names: list[str | None] = []
    seen: set[str] = set()
    for original, name in zip(lowered, raw):
        if name is None:
            names.append(None)
            continue
        if original == "state" and has_postal:
            name = "area_title"
        elif original in ("ownership", "own_type"):
            name = "own_code"
        if name in seen:
            names.append(None)
            continue
        seen.add(name)
        names.append(name)
    return names


def kind_from_columns(columns: Iterable[str]) -> str:
    """The kind a header implies when the file name does not say it."""
    present = set(columns)
    if "area_type" in present and "naics" in present and "area" in present:
        return "all_data"
    if "naics" in present and "area" not in present:
        return "industry"
    if "area" in present and "prim_state" in present and "area_title" in present and "st" not in present:
        return "msa"
    if "area" in present or "prim_state" in present:
        return "state"
    return "national"


def as_text(series: pd.Series) -> pd.Series:
    """Cells as trimmed strings; whole-number floats (Excel stores codes like 1235 as numbers) lose the
    '.0'; blanks become null."""
    out = series.astype("string").str.strip()
    out = out.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    return out.mask(out == "")


def missing_columns_error(table: RawTable, missing: list[str], kind: str) -> OEWSInputError:
    spelled = [REQUIRED_COLUMNS.get(m, m.upper()) for m in missing]
    return OEWSInputError(
        f"the data sheet lacks column(s) the {kind} layout needs: {', '.join(spelled)}",
        location=Location(file=table.file, sheet=table.sheet, row=table.header_row),
        found=[str(h) for h in table.header if str(h).strip()],
        expected="a header with " + ", ".join(REQUIRED_COLUMNS.values()),
    )


def bad_cell(table: RawTable, problem: str, row_label: int, header: str, value, expected: str):
    """The error for one cell; ``row_label`` is the row's label in the sheet body (0 = first row under the
    header), so rows dropped before (blank rows) do not shift the reported spreadsheet row."""
    return OEWSInputError(
        problem,
        location=Location(file=table.file, sheet=table.sheet, row=table.header_row + 1 + int(row_label), column=header),
        found=value,
        expected=expected,
    )


def flag_column(table: RawTable, values: pd.Series, header: str) -> pd.Series:
    """BLS's ANNUAL / HOURLY flags: "TRUE" (or a TRUE cell) where only that basis is published, blank
    otherwise (-> False)."""
    text = as_text(values).str.upper()
    truthy = text.isin(["TRUE", "1", "Y", "YES"])
    falsy = text.isna() | text.isin(["FALSE", "0", "N", "NO"])
    bad = ~(truthy | falsy)
    if bad.any():
        raise first_bad_cell(
            table,
            "a flag that is neither TRUE nor blank",
            values,
            bad.to_numpy(),
            header,
            "'TRUE' or a blank cell",
        )
    return truthy.astype("boolean")


def area_type_column(table: RawTable, values: pd.Series, header: str) -> pd.Series:
    text = as_text(values)
    numeric = pd.to_numeric(text, errors="coerce")
    bad = (text.notna() & (numeric.isna() | ~numeric.isin(list(schema.AREA_TYPES)))).to_numpy()
    if bad.any():
        raise first_bad_cell(
            table,
            "an area type BLS does not use",
            values,
            bad,
            header,
            "one of " + ", ".join(f"{k} ({v})" for k, v in schema.AREA_TYPES.items()),
        )
    return numeric.astype("Int64")


def _lookup_each(codes: pd.Series, convert) -> pd.Series:
    """Apply a code converter of :mod:`analysis.conventions.geography` once per distinct code; unknown codes -> null."""
    lookup = {}
    for code in codes.dropna().unique():
        try:
            lookup[code] = convert(str(code))
        except ValueError:
            lookup[code] = None
    return codes.map(lookup).astype("string")


def state_postal(fips: pd.Series) -> pd.Series:
    """Postal code for state/territory FIPS codes (``analysis.conventions.geography``, from the ``us`` package)."""
    from analysis.conventions.geography import state_postal

    return _lookup_each(fips, state_postal)


def state_fips(postal: pd.Series) -> pd.Series:
    from analysis.conventions.geography import state_fips

    return _lookup_each(postal, state_fips)


def pad_area(table: RawTable, area: pd.Series, area_type: pd.Series, header: str) -> pd.Series:
    """Canonical area codes: U.S. '99', state FIPS to 2 digits, MSA 5 digits, nonmetropolitan areas 7."""
    width = area_type.map(schema.AREA_CODE_WIDTH).astype("Int64")
    out = area.copy()
    for digits in (2, 5, 7):
        rows = (width == digits).fillna(False).to_numpy()
        if rows.any():
            out[rows] = area[rows].str.zfill(digits)
    bad = (out.isna() | ~out.fillna("").str.fullmatch(codes.AREA_PATTERN)).to_numpy()
    if bad.any():
        raise first_bad_cell(
            table,
            "an area code that is not a BLS code",
            area,
            bad,
            header,
            "digits: '99' for the U.S., a 2-digit state FIPS code, "
            "a 5-digit MSA code or a 7-digit nonmetropolitan area code",
        )
    return out


def first_label(series: pd.Series, mask) -> int:
    return series.index[int(np.flatnonzero(np.asarray(mask))[0])]


def table_value(series: pd.Series, label: int):
    value = series.loc[label]
    return None if is_missing(value) else value


def first_bad_cell(table: RawTable, problem: str, values: pd.Series, mask, header: str, expected: str):
    """:func:`bad_cell` for the first cell of ``values`` where ``mask`` is true, naming the value found there."""
    label = first_label(values, mask)
    return bad_cell(table, problem, label, header, table_value(values, label), expected)


def derive_area_type(area: pd.Series, kind: str) -> pd.Series:
    if kind == "national" or kind == "industry":
        return pd.Series(1, index=area.index, dtype="Int64")
    if kind == "state":
        return pd.Series(
            np.where(area.str.zfill(2).isin(geography.OEWS_TERRITORY_FIPS), 3, 2), index=area.index
        ).astype("Int64")
    if kind == "nonmetro":
        return pd.Series(6, index=area.index, dtype="Int64")
    # MSA files: metropolitan areas have 4-5 digit codes, nonmetropolitan areas 6-7 digits.
    return pd.Series(np.where(area.str.len() >= 6, 6, 4), index=area.index).astype("Int64")


def industry_columns(table, kind, columns, headers, out, industry_level) -> None:
    if "naics" in columns:
        naics = as_text(columns["naics"])
        missing = naics.isna().to_numpy()
        if missing.any():
            raise first_bad_cell(
                table,
                "a row without an industry code",
                naics,
                missing,
                headers["naics"],
                "a NAICS code like '621000' (or '000000' for cross-industry)",
            )
        out["naics"] = naics
    elif kind in ("national", "state", "msa", "nonmetro"):
        # Cross-industry files carry no industry columns; BLS's own code for them is 000000.
        out["naics"] = pd.Series(schema.CROSS_INDUSTRY, index=out["occ_code"].index, dtype="string")
        out.setdefault("naics_title", pd.Series("Cross-industry", index=out["naics"].index, dtype="string"))
        out.setdefault("i_group", pd.Series("cross-industry", index=out["naics"].index, dtype="string"))
    if "i_group" not in out and industry_level is not None:
        out["i_group"] = pd.Series(industry_level, index=out["naics"].index, dtype="string")
    if "own_code" in columns:
        own = as_text(columns["own_code"])
        by_title = own.str.lower().map(OWNERSHIP_TITLES)
        own = own.where(by_title.isna(), by_title).astype("string")
        bad = (own.notna() & ~own.fillna("").str.fullmatch(codes.OWN_CODE_PATTERN)).to_numpy()
        if bad.any():
            raise first_bad_cell(
                table,
                "an ownership code BLS does not use",
                own,
                bad,
                headers["own_code"],
                "a BLS ownership code such as 5 (private) or 1235",
            )
        out["own_code"] = own.fillna(ALL_OWNERSHIPS)
    else:
        out["own_code"] = pd.Series(ALL_OWNERSHIPS, index=out["naics"].index, dtype="string")


def area_columns(table, kind, columns, headers, out) -> None:
    index = out["occ_code"].index
    if "area" not in columns and "prim_state" not in columns:
        if kind not in ("national", "industry"):
            raise missing_columns_error(table, ["area"], kind)
        # National files of some years carry no area columns: they are the U.S. (BLS code 99).
        out["area"] = pd.Series(codes.NATIONAL_AREA, index=index, dtype="string")
        out["area_type"] = pd.Series(1, index=index, dtype="Int64")
        out["area_title"] = pd.Series(codes.NATIONAL_TITLE, index=index, dtype="string")
        out["prim_state"] = pd.Series(codes.NATIONAL_POSTAL, index=index, dtype="string")
        return
    prim_state = as_text(columns["prim_state"]) if "prim_state" in columns else None
    if "area" in columns:
        area = as_text(columns["area"])
        area_header = headers["area"]
    else:  # a state file with postal codes only
        area = state_fips(prim_state)
        area_header = headers["prim_state"]
    if "area_type" in columns:
        area_type = area_type_column(table, columns["area_type"], headers["area_type"])
        missing = area_type.isna()
        if missing.any():
            area_type = area_type.fillna(derive_area_type(area.fillna(""), kind))
    else:
        area_type = derive_area_type(area.fillna(""), kind)
    area = area.mask(area_type == 1, area.fillna(codes.NATIONAL_AREA))
    out["area"] = pad_area(table, area, area_type, area_header)
    out["area_type"] = area_type
    out["prim_state"], out["area_title"] = state_and_title(out["area"], area_type, prim_state, out.get("area_title"))


def state_and_title(
    area: pd.Series, area_type: pd.Series, prim_state: pd.Series | None, area_title: pd.Series | None
) -> tuple[pd.Series, pd.Series]:
    """``prim_state`` and ``area_title`` where the file leaves them blank (or has no such column): a state's or
    territory's postal code from its FIPS code, and BLS's "US" and "U.S." for the nation."""
    if prim_state is None:
        prim_state = pd.Series(pd.NA, index=area.index, dtype="string")
    state_rows = area_type.isin([2, 3]).fillna(False) & prim_state.isna()
    if state_rows.any():
        prim_state = prim_state.where(~state_rows, state_postal(area))
    national = (area_type == 1).fillna(False)
    prim_state = prim_state.mask(national & prim_state.isna(), codes.NATIONAL_POSTAL).astype("string")
    if area_title is None:
        area_title = pd.Series(pd.NA, index=area.index, dtype="string")
    return prim_state, area_title.mask(national & area_title.isna(), codes.NATIONAL_TITLE)
