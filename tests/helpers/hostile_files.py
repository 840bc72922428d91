"""SYNTHETIC hostile inputs, written small on disk by the tests that need them: workbooks whose used range is huge
(one cell at row 1,048,576 or at XFD1048576), formula cells without cached values, CSV tables millions of columns
wide, text in UTF-16/32, XML with nested entities ("billion laughs"), files claiming impossible years.

Every value here is made up (SYNTHETIC); none is a BLS figure.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from synthetic_files import NATIONAL_LAYOUT

#: BLS's header of a national special-request file (field names only, no figures).
HEADER = list(NATIONAL_LAYOUT)
#: SYNTHETIC rows in that layout (made-up figures).
ROWS = [
    [
        "00-0000",
        "All Occupations",
        "total",
        1000,
        0.1,
        30.0,
        62400,
        0.1,
        10.0,
        15.0,
        25.0,
        35.0,
        50.0,
        20800,
        31200,
        52000,
        72800,
        104000,
        None,
        None,
    ],
    [
        "29-2072",
        "Medical Records Specialists",
        "detailed",
        100,
        1.0,
        20.0,
        41600,
        0.5,
        12.0,
        15.0,
        19.0,
        24.0,
        30.0,
        24960,
        31200,
        39520,
        49920,
        62400,
        None,
        None,
    ],
]


def column_letters(index: int) -> str:
    """1 -> 'A', 26 -> 'Z', 27 -> 'AA', 16384 -> 'XFD'."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_xml(rows: list[list], *, extra: str = "", dimension: str | None = None) -> str:
    """A worksheet's XML: ``rows`` from row 1, then ``extra`` (raw ``<row>`` elements) inside ``<sheetData>``."""
    body = "".join(
        f'<row r="{r}">' + "".join(_cell(f"{column_letters(c)}{r}", v) for c, v in enumerate(row, 1)) + "</row>"
        for r, row in enumerate(rows, 1)
    )
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{dim}<sheetData>{body}{extra}</sheetData></worksheet>"
    )


def write_workbook(path: Path, sheets: dict[str, str], *, prolog: str = "") -> Path:
    """An ``.xlsx`` holding ``sheets`` (name -> worksheet XML), written part by part (no spreadsheet library,
    so nothing tidies what a test means to be odd). ``prolog`` goes before workbook.xml's root (a DOCTYPE)."""
    names = list(sheets)
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(names) + 1)
        )
        + "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + prolog
        + '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(f'<sheet name="{escape(n)}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
        + "</sheets></workbook>"
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(names) + 1)
        )
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", root_rels)
        archive.writestr("xl/workbook.xml", workbook)
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, name in enumerate(names, 1):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", sheets[name])
    return path


def far_cell_workbook(path: Path, cell: str = "GR1048576", *, dimension: bool = True) -> Path:
    """SYNTHETIC: BLS's header, two rows, and one more cell far away (row 1,048,576; column GR is the 200th)."""
    row = int("".join(ch for ch in cell if ch.isdigit()))
    far = f'<row r="{row}">{_cell(cell, "x")}</row>'
    xml = sheet_xml([HEADER, *ROWS], extra=far, dimension=f"A1:{cell}" if dimension else None)
    return write_workbook(path, {"national_M2023_dl": xml})


def formula_workbook(path: Path, *, cached: bool = False) -> Path:
    """SYNTHETIC: BLS's header and two rows, where the second row's A_MEAN is a formula ``F3*2080`` written without
    a cached value (as openpyxl and many scripts write them) or with one (``cached=True``)."""
    column = column_letters(HEADER.index("A_MEAN") + 1)
    value = "<v>41600</v>" if cached else ""
    rows = [HEADER, ROWS[0], [*ROWS[1][: HEADER.index("A_MEAN")], None, *ROWS[1][HEADER.index("A_MEAN") + 1 :]]]
    xml = sheet_xml(rows)
    ref = f"{column}3"
    xml = xml.replace('<row r="3">', f'<row r="3"><c r="{ref}"><f>F3*2080</f>{value}</c>', 1)
    return write_workbook(path, {"national_M2023_dl": xml})


def wide_csv(path: Path, columns: int = 3_000_000) -> Path:
    """SYNTHETIC: BLS's header followed by ``columns`` more empty fields, then two rows as wide (about 3 bytes a
    column: a 9 MB file for 3 million columns)."""
    extra = "," * (columns - len(HEADER))
    lines = [",".join(HEADER) + extra.replace(",", ",x")]
    for row in ROWS:
        lines.append(",".join("" if v is None else str(v) for v in row) + extra)
    path.write_text("\r\n".join(lines) + "\r\n", encoding="ascii")
    return path


def csv_text(encoding: str = "utf-8") -> bytes:
    """SYNTHETIC: a small national CSV in ``encoding`` (with its byte-order mark for UTF-16/32)."""
    lines = [",".join(HEADER)] + [",".join("" if v is None else str(v) for v in row) for row in ROWS]
    text = "\r\n".join(lines) + "\r\n"
    return text.encode(encoding)


def billion_laughs(levels: int = 10) -> str:
    """A DOCTYPE with nested entities (each level ten of the one before): ``&lol{levels};`` expands to
    10**levels copies of "lol" in a parser that expands entities."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, levels + 1)
    ]
    return "<!DOCTYPE workbook [" + "".join(entities) + "]>"
