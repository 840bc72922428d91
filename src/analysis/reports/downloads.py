"""A report's tables as downloads: CSV files and data links with readers' column names, and one workbook per
report (the tables, then "About" and "Fields" sheets), every text cell safe from spreadsheet formulas."""

from __future__ import annotations

import base64
import contextlib
import csv
import html as html_module
import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any


def _is_key_figures(table: Mapping[str, Any]) -> bool:
    """The table :func:`analysis.reports.notebook.record_figures` offers: one row per recorded figure."""
    return str(table.get("name", "")).startswith("key-figures") and list(table.get("columns", [])) == [
        "figure",
        "value",
    ]


def _flatten(key: str, value: Any) -> list[tuple[str, Any]]:
    """A recorded figure as (name, scalar) rows: dicts and lists of dicts one row per entry, lists of plain
    values as one text ("May 2024; May 2025"), never JSON."""
    if isinstance(value, str) and value[:1] in "[{":
        with contextlib.suppress(ValueError):
            value = json.loads(value)
    if isinstance(value, Mapping):
        return [row for k, v in value.items() for row in _flatten(f"{key}.{k}", v)]
    if isinstance(value, (list, tuple)):
        if any(isinstance(v, (Mapping, list, tuple)) for v in value):
            return [row for number, v in enumerate(value, 1) for row in _flatten(f"{key}.{number}", v)]
        return [(key, "; ".join(str(v) for v in value))]
    return [(key, value)]


def _key_figure_rows(table: Mapping[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """The key-figures table for readers: the figure in words, its value (raw, full precision) and the name
    index.json records it under; the notebook's headline and key figures as it wrote them."""
    from analysis.reports.figures import HEADLINE_KEY, KEY_FIGURES_KEY, figure_label, key_figures

    rows: list[list[Any]] = []
    for key, value in table["rows"]:
        if key == HEADLINE_KEY:
            rows.append(["Headline", value, key])
        elif key == KEY_FIGURES_KEY:
            pairs = value
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    pairs = json.loads(value)
            rows += [[label, text, key] for label, text in key_figures({KEY_FIGURES_KEY: pairs})]
        else:
            for name, scalar in _flatten(str(key), value):
                parts = name.split(".")
                label = figure_label(parts[0]) + "".join(
                    f", {part}" if part.isdigit() else f": {figure_label(part)}" for part in parts[1:]
                )
                rows.append([label, scalar, name])
    return ["figure", "value", "key"], rows


def _cell_text(value: Any) -> Any:
    """A cell as a reader's value: lists and dicts as text, never JSON."""
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {_cell_text(v)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return "; ".join(str(_cell_text(v)) for v in value)
    return value


def readable_table(table: Mapping[str, Any]) -> tuple[list[str], list[str], list[list[Any]]]:
    """A recorded table as its downloads hold it: (the analysis' column names, the readers' headers
    (:func:`analysis.reports.fields.column_labels`), rows with no JSON in any cell)."""
    from analysis.reports.fields import column_labels

    if _is_key_figures(table):
        columns, rows = _key_figure_rows(table)
    else:
        columns = [str(c) for c in table["columns"]]
        rows = [[_cell_text(value) for value in row] for row in table["rows"]]
    return columns, column_labels(columns), rows


def table_csv(table: Mapping[str, Any]) -> str:
    """A recorded table (:data:`TABLE_MIME_TYPE`) as CSV: a header row in readers' words, then the values at
    full precision (``repr`` of floats), an empty cell for a missing value. Text a spreadsheet would run as a
    formula (a title from an input file starting with ``= + - @``) is neutralised (:func:`analysis.text.csv_cell`)."""
    from analysis.text import csv_cell

    _, header, rows = readable_table(table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(label) for label in header])
    for row in rows:
        writer.writerow(["" if value is None else csv_cell(value) for value in row])
    return buffer.getvalue()


def download_title(table: Mapping[str, Any]) -> str:
    """A table's download named in words: its caption ("States ranked by annual mean wage")."""
    return " ".join(str(table.get("caption") or table["name"].replace("-", " ").capitalize()).split())


def download_titles(tables: Sequence[Mapping[str, Any]], workbook_name: str) -> dict[str, str]:
    """File name -> what a reader sees in the index ("States ranked by annual mean wage (CSV)"); a caption that
    repeats is numbered ("Key figures (CSV)", "Key figures, part 2 (CSV)")."""
    titles: dict[str, str] = {}
    seen: dict[str, int] = {}
    for table in tables:
        title = download_title(table)
        seen[title] = seen.get(title, 0) + 1
        numbered = title if seen[title] == 1 else f"{title}, part {seen[title]}"
        titles[f"{table['name']}.csv"] = f"{numbered} (CSV)"
    if tables:
        titles[f"{workbook_name}.xlsx"] = "Every table in one Excel workbook, with sources and field definitions (XLSX)"
    return titles


def download_link(table: Mapping[str, Any]) -> str:
    data = base64.b64encode(table_csv(table).encode("utf-8")).decode("ascii")
    caption = html_module.escape(download_title(table))
    kind = "the numbers behind this table" if table.get("raw") else "this table"
    return (
        f'<p class="him-download"><a download="{html_module.escape(table["name"])}.csv" '
        f'href="data:text/csv;charset=utf-8;base64,{data}">Download {kind} (CSV): {caption}</a></p>'
    )


_SHEET_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def _cut(text: str, limit: int) -> str:
    """``text`` cut at a word to at most ``limit`` characters (a single long word is cut where it must be)."""
    words = _SHEET_FORBIDDEN.sub(" ", text).replace("'", "").split()
    cut = ""
    for word in words:
        if len(f"{cut} {word}".strip()) > limit:
            break
        cut = f"{cut} {word}".strip()
    return cut.rstrip(",;.-( ") or " ".join(words)[:limit].strip()


def sheet_name(caption: str, taken: set[str]) -> str:
    """A sheet name within Excel's 31 characters that still says what the sheet holds: the caption up to its
    first parenthesis or colon, cut at a word; when that is taken, the whole caption cut at a word; then a number
    ("Key figures", "Key figures 2")."""
    short = re.split(r" \(|[;:,]", caption, maxsplit=1)[0].strip()
    used = {n.lower() for n in taken} | {"about", "fields", "history"}
    candidates = [_cut(short if len(short) >= 4 else caption, 31), _cut(caption, 31)]
    name = next((c for c in candidates if c and c.lower() not in used), "")
    number = 2
    while not name or name.lower() in used:
        suffix = f" {number}"
        name, number = (_cut(candidates[0], 31 - len(suffix)) or "Table") + suffix, number + 1
    taken.add(name)
    return name


def write_tables(
    tables: Sequence[Mapping[str, Any]],
    folder: Path,
    *,
    workbook_name: str,
    about: Sequence[tuple[str, str]] = (),
) -> list[str]:
    """Each table as ``<folder>/<name>.csv`` plus one workbook ``<folder>/<workbook_name>.xlsx``: an "About"
    sheet (``about``: source, release, publishers' URLs, generated time, code version, how to cite, terms of
    reuse, plus the list of sheets), a "Fields" sheet (every column of every table: its header, meaning, unit
    and the analysis' name for it), then a sheet per table (values as numbers where they are numbers).
    Headers are in readers' words; no cell holds JSON. Returns the file names written."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    from analysis.reports.fields import describe

    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        (folder / f"{table['name']}.csv").write_text(table_csv(table), encoding="utf-8")
        written.append(f"{table['name']}.csv")
    if not tables:
        return written
    workbook = openpyxl.Workbook()
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    about_sheet = workbook.active
    about_sheet.title = "About"
    fields_sheet = workbook.create_sheet("Fields")
    taken: set[str] = {"About", "Fields"}
    contents: list[tuple[str, str, str]] = []
    fields_sheet.append(["Sheet", "Column", "Meaning", "Unit", "Name in the analysis (CSV files use the column)"])
    for table in tables:
        columns, header, rows = readable_table(table)
        title = sheet_name(download_title(table), taken)
        contents.append((title, download_title(table), f"{table['name']}.csv"))
        sheet = workbook.create_sheet(title)
        _append(sheet, header)
        for cell in sheet[1]:
            cell.font = bold
        for row in rows:
            _append(sheet, row)
        sheet.freeze_panes = "B2"
        for column, label in zip(columns, header, strict=True):
            field = describe(column)
            _append(fields_sheet, [title, label, field.meaning, field.unit, column])
    for cell in fields_sheet[1]:
        cell.font = bold
    for row in [*about, ("", ""), ("Sheets in this workbook", "")]:
        _append(about_sheet, row[:2])
    about_sheet.append(["About", "This sheet: where the data comes from, how to cite it, terms of reuse."])
    about_sheet.append(["Fields", "Every column of every sheet: its meaning and unit."])
    for title, caption, file in contents:
        _append(about_sheet, [title, f"{caption} (also as {file})"])
    for cell in about_sheet["A"]:
        cell.font = bold
    for sheet, widths in ((about_sheet, (34, 110)), (fields_sheet, (32, 40, 80, 16, 30))):
        for letter, width in zip("ABCDE", widths, strict=False):
            sheet.column_dimensions[letter].width = width
        for row in sheet.iter_rows():
            for cell in row:
                cell.alignment = wrap
    target = folder / f"{workbook_name}.xlsx"
    partial = target.with_name(f".{target.name}.part")
    workbook.save(partial)
    partial.replace(target)
    written.append(f"{workbook_name}.xlsx")
    return written


def _append(sheet: Any, values: Sequence[Any]) -> None:
    """Append a row of values to an openpyxl sheet: lists and dicts as text (never JSON), and text a spreadsheet
    would read as a formula (``= + - @``, tab, CR: :func:`analysis.text.formula_like`) stored as a string cell with
    Excel's "quote prefix" (so editing the cell keeps it text); the value itself is unchanged, no apostrophe added.
    openpyxl would otherwise write text starting with ``=`` as a formula. Control characters a workbook cannot hold
    (ESC, BEL, NUL in a title from an input file) are dropped."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from analysis.text import formula_like

    cells = [_cell_text(value) for value in values]
    cells = [ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell for cell in cells]
    sheet.append(cells)
    # only the rare formula-like cells are looked up again: ``sheet[sheet.max_row]`` scans every cell of the sheet,
    # which made a workbook of a few thousand rows take seconds
    quoted = [column for column, value in enumerate(cells, start=1) if formula_like(value)]
    if quoted:
        row = sheet.max_row
        for column in quoted:
            cell = sheet.cell(row=row, column=column)
            cell.data_type = "s"
            cell.quotePrefix = True
