"""BLS's yearly special-request files ("OEWS data downloads"), every year and kind, as .xlsx, .xls or .csv.

Kinds, by BLS's file names (``MYYYY`` is the reference year, May):

- national cross-industry ``national_MYYYY_dl``
- state ``state_MYYYY_dl``
- metropolitan and nonmetropolitan ``MSA_MYYYY_dl``, ``aMSA_MYYYY_dl``, ``BOS_MYYYY_dl``
- national industry ``natsector_``, ``nat3d_``, ``nat4d_``, ``nat5d_`` / ``nat5d_6d_``, with ownership files like
  ``nat4d_owner_MYYYY_dl``
- everything in one workbook ``all_data_M_YYYY``

This module turns a data sheet into the canonical frame; the work is split by concern:
:mod:`~analysis.sources.file_kinds` (kind and year from names), :mod:`~analysis.sources.sheets` (opening files,
finding the data sheet), :mod:`~analysis.sources.columns` (header names, identifying columns),
:mod:`~analysis.sources.published_values` (numbers and symbols, implausible values) and
:mod:`~analysis.sources.combine` (duplicates, conform and validate).

The data sheet is found by content: the sheet whose header row holds ``OCC_CODE``; "Field Descriptions", "UpdateTime",
"Filler" and stray sheets are not data. Column names drift across the years (case, ``GROUP`` / ``OCC_GROUP`` /
``O_GROUP``, ``LOC QUOTIENT``, ``STATE`` / ``ST`` / ``AREA_NAME`` in older state and MSA files, national files with no
area columns); :func:`analysis.conventions.values.canonical_column_name` and this module map them to the canonical
frame. Cells are read as published (calamine keeps text as text, so ``*`` and ``#`` survive) and parsed column by column
(:func:`parse_published_values`, the array form of :func:`analysis.conventions.values.parse_value`).

What BLS cannot have published is an error naming file, sheet, row, column and value: a cell that is neither a
number nor a BLS symbol, a negative number, a percentage over 100, a wage far beyond any estimate, percentiles
out of order, a row repeated with the same level, a data table on a sheet BLS uses for something else, a CSV line
cut short. BLS's own repeats (an occupation as "broad" and "detailed", an industry as "3-digit" and "4-digit",
identical estimates) become one row with the more detailed level.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.conventions import schema
from analysis.conventions.topcode import FieldDescriptions, TopCode, published_top_code
from analysis.errors import Location, OEWSInputError
from analysis.sources.archives import Member
from analysis.sources.columns import (  # noqa: F401 - public names of this module before the split
    ALL_OWNERSHIPS,
    KIND_REQUIRED,
    OWNERSHIP_TITLES,
    REQUIRED_COLUMNS,
    area_columns,
    as_text,
    bad_cell,
    canonical_names,
    first_bad_cell,
    first_label,
    flag_column,
    industry_columns,
    kind_from_columns,
    missing_columns_error,
    table_value,
)
from analysis.sources.combine import check_repeated_rows, collapse_duplicates, finish
from analysis.sources.file_kinds import (  # noqa: F401
    YearEvidence,
    industry_level_from_name,
    kind_from_name,
    resolve_year,
    year_evidence,
    year_from_name,
)
from analysis.sources.published_values import (  # noqa: F401
    MAX_ANNUAL_WAGE,
    MAX_EMPLOYMENT,
    MAX_HOURLY_WAGE,
    check_plausible,
    parse_published_values,
)
from analysis.sources.sheets import (  # noqa: F401
    RESERVED_SHEETS,
    SUPPORTED_LAYOUTS,
    LoadedFile,
    RawTable,
    load_file,
    unsupported_layout_error,
)


def table_to_frame(
    table: RawTable, *, kind: str, year: int, top_code: TopCode | None, industry_level: str | None = None
) -> pd.DataFrame:
    """One data sheet -> canonical columns (plus a ``_row`` column with the spreadsheet row of each row)."""
    names = canonical_names(table.header)
    columns: dict[str, pd.Series] = {}
    headers: dict[str, str] = {}
    for position, name in enumerate(names):
        if name is not None:
            columns[name] = table.rows[position]
            headers[name] = str(table.header[position]).strip()
    if "prim_state" in columns and headers["prim_state"].strip().lower() == "state":
        # STATE holds a postal code in some files and the state's name in others.
        names_of_states = as_text(columns["prim_state"]).str.len().gt(2).fillna(False)
        if names_of_states.any() and "area_title" not in columns:
            columns["area_title"] = columns.pop("prim_state")
            headers["area_title"] = headers.pop("prim_state")
    if kind is None:
        kind = kind_from_columns(columns)
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    for alternatives in KIND_REQUIRED.get(kind, ()):
        if not any(a in columns for a in alternatives):
            missing.append(alternatives[0])
    if missing:
        raise missing_columns_error(table, missing, kind)

    rows = table.rows
    occ = as_text(columns["occ_code"])
    value_names = [c for c in schema.VALUE_COLUMNS if c in columns]
    valid_occ = occ.fillna("").str.fullmatch(schema.SOC_PATTERN).to_numpy(dtype=bool)
    if not valid_occ.any():
        raise OEWSInputError(
            "the data sheet has a header but no data rows",
            location=Location(file=table.file, sheet=table.sheet, row=table.header_row),
            found="no rows with an occupation code",
            expected="one row per occupation",
        )

    out: dict[str, pd.Series] = {}
    first_row = table.header_row + 1
    for name in value_names:
        values, status = parse_published_values(
            columns[name], column=headers[name], file=table.file, sheet=table.sheet, first_row=first_row
        )
        out[name] = pd.Series(values.to_numpy(), index=rows.index, dtype="Float64")
        out[f"{name}_status"] = pd.Series(status.to_numpy(), index=rows.index, dtype="string")

    # Blank rows, and notes below the data (no occupation code of the SOC's shape, no values), are not data.
    no_values = np.ones(len(rows), dtype=bool)
    for name in value_names:
        no_values &= out[name].isna().to_numpy() & out[f"{name}_status"].isna().to_numpy()
    below_data = np.arange(len(rows)) > np.flatnonzero(valid_occ)[-1]
    not_data = no_values & (occ.isna().to_numpy() | below_data)
    bad_occ = ~valid_occ & ~not_data
    if bad_occ.any():
        raise first_bad_cell(
            table,
            "an occupation code that is not an SOC code",
            occ,
            bad_occ,
            headers["occ_code"],
            "a code like '29-2072'",
        )
    if not_data.any():
        keep = ~not_data
        rows = rows.loc[keep]
        occ = occ.loc[keep]
        columns = {k: v.loc[keep] for k, v in columns.items()}
        out = {k: v.loc[keep] for k, v in out.items()}

    check_plausible(table, out, headers)

    for name in ("occ_title", "area_title", "naics_title", "i_group", "o_group"):
        if name in columns:
            out[name] = as_text(columns[name])
    out["occ_code"] = occ
    out["o_group"] = out["o_group"].str.lower()
    if "i_group" in out:
        out["i_group"] = out["i_group"].str.lower()
    for flag in schema.FLAG_COLUMNS:
        if flag in columns:
            out[flag] = flag_column(table, columns[flag], headers[flag])

    industry_columns(table, kind, columns, headers, out, industry_level)
    area_columns(table, kind, columns, headers, out)

    frame = pd.DataFrame(out, index=rows.index)
    frame["year"] = pd.array([year] * len(frame), dtype="Int64")
    frame["top_code_hourly"] = pd.array([top_code.hourly if top_code else None] * len(frame), dtype="Float64")
    frame["top_code_annual"] = pd.array([top_code.annual if top_code else None] * len(frame), dtype="Float64")
    frame["source"] = table.file if table.sheet is None else f"{table.file} [{table.sheet}]"
    frame["_row"] = rows.index.to_numpy() + first_row
    return frame


def read_loaded(
    loaded: LoadedFile, *, year: int | None = None, sibling_notes: dict[int, FieldDescriptions] | None = None
) -> pd.DataFrame:
    """The frame (canonical columns + ``_row``) of one opened special-request file."""
    if not loaded.tables:
        raise unsupported_layout_error(loaded)
    resolved = resolve_year(loaded, year=year)
    top_code = loaded.notes.top_code if loaded.notes is not None else None
    if top_code is None and sibling_notes and resolved in sibling_notes:
        top_code = sibling_notes[resolved].top_code
    if top_code is None:
        top_code = published_top_code(resolved)
    name = loaded.member.basename
    kind = kind_from_name(name)
    frames = [
        table_to_frame(t, kind=kind, year=resolved, top_code=top_code, industry_level=industry_level_from_name(name))
        for t in loaded.tables
    ]
    frame = pd.concat(frames) if len(frames) > 1 else frames[0]
    collapsed = collapse_duplicates(frame)  # first: the same key with different values
    check_repeated_rows(frame)
    return collapsed


def read_special_request(path: str | Path, *, year: int | None = None) -> pd.DataFrame:
    """Read one BLS special-request file (.xlsx, .xls or .csv) into the validated canonical frame."""
    from analysis.sources.bounds import check_workbook

    path = Path(path)
    check_workbook(path, str(path))  # read_oews checks this as it finds the file; a direct call here
    member = Member(name=str(path), path=path, containers=())
    return finish(read_loaded(load_file(member), year=year))
