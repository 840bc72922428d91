"""The report page and the index around a notebook's content: the notebook's own headline and key figures shown
exactly, one <h1>, a contents list, the way back to the index, how to cite, the coverage footnote once, and
downloads that stand alone (readers' headers, a workbook with About and Fields sheets, no JSON in cells).

Every figure here is SYNTHETIC (made-up values in the shape the notebooks record), labelled as such."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import openpyxl
import pytest

from analysis.reports import ReportSpec, downloads, html, index, notebook

#: SYNTHETIC: what a comparison notebook records for the index (made-up sentence and figures).
COMPARE_FIGURES = {
    "occupation": "29-2072",
    "occupation_title": "Medical Records Specialists",
    "areas": ["06", "48"],
    "area_titles": ["California", "Texas"],
    "rpp_year": 2024,
    "salary": 55000,
    "year": 2025,
    "headline": "SYNTHETIC: $55,000 is above the median in Texas and below it in California.",
    "key_figures": [
        ["Salary checked", "$55,000 a year"],
        ["California, annual median wage", "$60,000"],
        ["Texas, annual median wage", "$50,000"],
    ],
}


def _notebook_with(recorded: dict, *, markdown: str = "# Title\n\n## First part\n\nText.\n\n## Second part\n"):
    """A SYNTHETIC executed notebook: a markdown cell, a table output and the recorded figures."""
    node = nbformat.v4.new_notebook()
    node.cells.append(nbformat.v4.new_markdown_cell(markdown))
    cell = nbformat.v4.new_code_cell("tables and figures")
    table = {
        "name": "areas",
        "caption": "Areas compared by annual median wage",
        "columns": ["area", "area_title", "a_median", "a_median_status", "occ_codes"],
        "rows": [["06", "California", 60000.0, None, ["29-2072", "29-9021"]], ["48", "Texas", None, "top_coded", []]],
        "raw": True,
    }
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                notebook.TABLE_MIME_TYPE: table,
                "text/html": "<div class='him-table-scroll' role='region' tabindex='0' aria-label='Areas'>"
                "<table><caption>Areas compared</caption><tr><td>California</td><td>$60,000</td></tr></table></div>",
            },
        ),
        nbformat.v4.new_output(
            "display_data",
            data={
                notebook.FIGURES_MIME_TYPE: recorded,
                notebook.TABLE_MIME_TYPE: {
                    "name": "key-figures",
                    "caption": "Key figures",
                    "columns": ["figure", "value"],
                    "rows": [[k, json.dumps(v) if isinstance(v, (list, dict)) else v] for k, v in recorded.items()],
                    "raw": True,
                },
                "text/html": "<p>key figures</p>",
            },
        ),
    ]
    node.cells.append(cell)
    return node


class _Text(HTMLParser):
    """The text of the elements with a given class (the index's cards are read as a reader sees them)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.found: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        self.stack.append(dict(attrs).get("class") or "")

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        for classes in self.stack:
            for name in classes.split():
                self.found.setdefault(name, []).append(data)


def _texts(page: str) -> dict[str, str]:
    parser = _Text()
    parser.feed(page)
    return {k: " ".join("".join(v).split()) for k, v in parser.found.items()}


@pytest.fixture
def built(tmp_path: Path):
    """A SYNTHETIC comparison report rendered and indexed as `him-wages report` does, from its executed notebook."""
    executed = tmp_path / "compare.ipynb"
    nbformat.write(_notebook_with(COMPARE_FIGURES), str(executed))
    recorded = notebook.read_recorded_figures(executed)
    parameters = {"occupation": "29-2072", "areas": ["California", "Texas"], "salary": 55000}
    spec = ReportSpec("compare", tmp_path / "05_compare.ipynb", parameters, "may2025", title="Side by side")
    context = {
        "built_at": "2026-12-07T12:49:56+00:00",
        "provenance": {"version": "0", "raw_manifest": []},
        "notebook_sha256": "0" * 64,
        "vega_script": "/* no charts */",
    }
    page, tables = html.render_report(
        nbformat.read(str(executed), as_version=4), spec=spec, figures=recorded, include_code=False, context=context
    )
    out = tmp_path / "out"
    folder = out / "may2025" / "compare" / "tables"
    written = downloads.write_tables(
        tables, folder, workbook_name=html.workbook_name(spec), about=html.workbook_about(spec, recorded, context)
    )
    (out / "may2025" / "compare.html").write_text(page)
    result = type(
        "Result",
        (),
        {
            "ok": True,
            "duration_s": 1.0,
            "figures": recorded,
            "tables": written,
            "table_titles": downloads.download_titles(tables, html.workbook_name(spec)),
        },
    )
    placed = {"html": "may2025/compare.html", "tables_dir": "may2025/compare/tables"}
    entry = index.index_entry(None, spec, result, placed, "f", context["built_at"], 0)
    index.write_index(out, {entry["key"]: entry})
    return {"page": page, "out": out, "folder": folder, "executed": executed, "entry": entry}


def test_the_index_card_shows_the_notebooks_headline_and_key_figures_verbatim(built):
    recorded = notebook.read_recorded_figures(built["executed"])  # read back from the executed notebook
    card = (built["out"] / "index.html").read_text()
    texts = _texts(card)
    assert texts["him-headline"] == recorded["headline"]
    shown = re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", card.split('class="him-figures"', 1)[1].split("</dl>")[0])
    assert [list(pair) for pair in shown] == recorded["key_figures"]
    assert texts["him-covers"] == "Medical Records Specialists (29-2072) · California and Texas · May 2025"
    for raw in ("rpp", "Rpp", "salary", "Salary:", "55,000 ·", "area_titles"):  # no parameter's name on a card
        assert raw not in texts["him-report-card"], raw
    assert built["entry"]["headline"] == recorded["headline"]


def test_the_report_heading_shows_the_same_headline_and_figures(built):
    page = built["page"]
    header = page.split('<header class="him-header">', 1)[1].split("</header>", 1)[0]
    assert COMPARE_FIGURES["headline"].replace("'", "&#39;") in header
    for label, text in COMPARE_FIGURES["key_figures"]:
        assert f"<dt>{label}</dt><dd>{text}</dd>" in header


def test_a_card_without_a_recorded_headline_shows_its_title_and_nothing_guessed(tmp_path):
    # SYNTHETIC: a notebook that recorded raw figures only
    raw = {"occ_title": "Medical Records Specialists", "a_mean": 56790.0, "year": 2025, "rpp_year": 2024}
    spec = ReportSpec("n", tmp_path / "n.ipynb", {"occupation": "29-2072", "state": "CA"}, "may2025", title="A title")
    result = type("Result", (), {"ok": True, "duration_s": 1.0, "figures": raw, "tables": []})
    entry = index.index_entry(None, spec, result, {}, "f", "2026-12-07T12:49:56+00:00", 0)
    page = index.render_index(tmp_path, [entry])
    texts = _texts(page)
    assert "him-headline" not in texts and "him-figures" not in texts
    assert texts["him-card-title"] == "A title"
    assert texts["him-covers"] == "Medical Records Specialists (29-2072) · California · May 2025"  # the state
    assert "Built 7 December 2026, 12:49 UTC" in texts["him-status"]
    assert "How to cite" in page and "public domain" in page and "MIT License" in page


def test_one_h1_a_contents_list_the_way_back_and_the_footnote_once(built):
    page = built["page"]
    outside_scripts = re.sub(r"<script\b.*?</script>", "", page, flags=re.DOTALL)
    assert len(re.findall(r"<h1\b", outside_scripts)) == 1
    nav = re.search(r'<nav class="him-contents".*?</nav>', page, re.DOTALL).group(0)
    # the notebook's "# Title" is the page's h2; its "##" sections are listed, then the page's own sections
    assert re.findall(r">([^<>]+)</a></li>", nav) == [
        "First part",
        "Second part",
        "About this report",
        "Sources",
        "How to cite",
    ]
    for target in re.findall(r'href="#([^"]+)"', nav):
        assert f'id="{target}"' in page, target
    assert 'href="../index.html"' in page
    assert 'href="compare/tables/compare-tables.xlsx"' in page  # the report links its own workbook
    assert page.count(html.COVERAGE_NOTE) == 1  # OEWS excludes the self-employed; annual = hourly x 2,080
    assert "self-employed" in html.COVERAGE_NOTE and "2,080" in html.COVERAGE_NOTE
    assert 'id="him-cite-title"' in page and "“Side by side”. HIM Wage Analysis" in page
    header = page.split('<header class="him-header">', 1)[1].split("</header>", 1)[0]
    assert "notebook" not in header.lower()  # no notebook talk in the page's chrome


def test_the_workbook_stands_alone_with_about_and_fields_sheets(built):
    workbook = openpyxl.load_workbook(next(built["folder"].glob("*.xlsx")))
    assert workbook.sheetnames[:2] == ["About", "Fields"]
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert workbook.sheetnames[2:] == ["Areas compared by annual median", "Key figures"]
    about = dict(row[:2] for row in workbook["About"].iter_rows(values_only=True) if row[0])
    assert about["Generated"] == "7 December 2026, 12:49 UTC"
    assert "him-wages" in about["Code version"]
    assert "https://www.bls.gov/oes/" in about["BLS OEWS"]
    assert "public domain" in about["Terms of reuse"] and "MIT License" in about["Terms of reuse"]
    assert about["How to cite"].startswith("“Side by side”. HIM Wage Analysis")
    fields = list(workbook["Fields"].iter_rows(values_only=True))
    assert fields[0][:4] == ("Sheet", "Column", "Meaning", "Unit")
    described = {(row[0], row[4]): row for row in fields[1:]}
    areas = workbook["Areas compared by annual median"]
    header = [cell.value for cell in areas[1]]
    assert header == ["Area code", "Area", "Annual median wage (USD)", "Annual median wage: BLS status", "SOC codes"]
    for column in ("area", "area_title", "a_median", "a_median_status", "occ_codes"):  # every column explained
        row = described[("Areas compared by annual median", column)]
        assert row[1] in header and row[2]
    assert described[("Areas compared by annual median", "a_median")][3] == "USD"
    assert "top_coded" in described[("Areas compared by annual median", "a_median_status")][2]  # codes explained
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows(values_only=True):
            for value in row:
                assert not (isinstance(value, str) and value[:1] in "[{"), (sheet.title, value)  # no JSON
    assert [cell.value for cell in areas[2]][4] == "29-2072; 29-9021"
    key = {row[2]: row[1] for row in workbook["Key figures"].iter_rows(min_row=2, values_only=True)}
    assert key["headline"] == COMPARE_FIGURES["headline"]
    assert key["area_titles"] == "California; Texas"


def test_the_index_names_each_download_in_words(built):
    page = (built["out"] / "index.html").read_text()
    links = re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', page)
    assert links[0] == (
        "may2025/compare/tables/compare-tables.xlsx",
        "Every table in one Excel workbook, with sources and field definitions (XLSX)",
    )
    assert ("may2025/compare/tables/areas.csv", "Areas compared by annual median wage (CSV)") in links
    assert not any(re.search(r"[a-z]+-[a-z]+-\d", title) for _, title in links)  # no slugs
