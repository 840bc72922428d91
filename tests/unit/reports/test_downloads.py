"""A report's tables as downloads (:mod:`analysis.reports.downloads`): one CSV per table at full precision with readers'
headers, formulas neutralised, and one workbook with About and Fields sheets. The tables here are SYNTHETIC.
"""

from __future__ import annotations

import csv
import io

import nbformat
import openpyxl

from analysis.reports import downloads, html, notebook


def _table_notebook(payloads: list[dict]) -> nbformat.NotebookNode:
    node = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("tables")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data", data={notebook.TABLE_MIME_TYPE: p, "text/html": "<table><caption>x</caption></table>"}
        )
        for p in payloads
    ]
    node.cells.append(cell)
    return node


def test_tables_are_written_as_csv_with_full_precision_and_one_workbook(tmp_path):
    # SYNTHETIC: a value with more digits than any display, a status, a code with a leading zero, a formula
    payload = {
        "name": "areas",
        "caption": "Areas",
        "columns": ["area", "value", "value_status", "title"],
        "rows": [["06", 57753.778796058, None, "=HYPERLINK(1)"], ["08", None, "not_released", "x"]],
        "raw": True,
    }
    found: list[dict] = []
    node = html.prepare_for_report(_table_notebook([payload, payload]), include_code=False, tables=found)
    assert [t["name"] for t in found] == ["areas", "areas-2"]
    output_html = node.cells[0].outputs[0]["data"]["text/html"]
    assert 'download="areas.csv"' in output_html and "data:text/csv;charset=utf-8;base64," in output_html
    assert notebook.TABLE_MIME_TYPE not in node.cells[0].outputs[0]["data"]
    written = downloads.write_tables(found, tmp_path, workbook_name="report-tables")
    assert written == ["areas.csv", "areas-2.csv", "report-tables.xlsx"]
    rows = list(csv.reader(io.StringIO((tmp_path / "areas.csv").read_text())))
    assert rows == [
        ["Area code", "Value", "Value: BLS status", "Title"],  # readers' headers; the Fields sheet explains them
        ["06", "57753.778796058", "", "'=HYPERLINK(1)"],  # a formula neutralised (OWASP), not run
        ["08", "", "not_released", "x"],
    ]
    workbook = openpyxl.load_workbook(tmp_path / "report-tables.xlsx")
    assert workbook.sheetnames == ["About", "Fields", "Areas", "Areas 2"]
    sheet = workbook["Areas"]
    assert sheet["B2"].value == 57753.778796058 and sheet["A2"].value == "06"
    assert sheet["D2"].data_type == "s"  # text from a file never becomes a formula
    assert sheet["D2"].value == "=HYPERLINK(1)" and sheet["D2"].quotePrefix  # no apostrophe in the value
