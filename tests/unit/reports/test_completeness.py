"""The report exporter keeps every chart and table a notebook shows: charts become figures built from the notebook's
own output (its SVG reused as the static fallback), and a page that would lose one fails with one line naming the
cell. SYNTHETIC notebooks: invented points, no BLS figures."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from analysis import errors
from analysis.reports import completeness, html, notebook
from analysis.reports.config import ReportSpec


def _chart_output() -> nbformat.NotebookNode:
    chart = {"mark": "bar", "title": "Invented", "data": {"values": [{"x": "a", "y": 1}]}}
    bundle, metadata = notebook.chart_bundle(
        {**chart, "encoding": {"x": {"field": "x", "type": "nominal"}, "y": {"field": "y", "type": "quantitative"}}}
    )
    return nbformat.v4.new_output("display_data", data=bundle, metadata=metadata)


def _table_output() -> nbformat.NotebookNode:
    table = pd.DataFrame({"Area": ["A", "B"], "Wage": ["$1", "$2"]})
    return nbformat.v4.new_output("display_data", data={"text/html": table.to_html(), "text/plain": table.to_string()})


def _notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    charts = nbformat.v4.new_code_cell("chart()")
    charts.outputs = [_chart_output(), _chart_output()]
    tables = nbformat.v4.new_code_cell("table()")
    tables.outputs = [_table_output(), nbformat.v4.new_output("stream", name="stderr", text="a warning\n")]
    hint = nbformat.v4.new_code_cell("hint()", metadata={"tags": [notebook.NOTEBOOK_ONLY_TAG]})
    hint.outputs = [_table_output()]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title"), charts, tables, hint]
    return nb


CONTEXT = {"built_at": "2025-01-01T00:00:00Z", "provenance": {}, "notebook_sha256": "0", "vega_script": "/* vega */"}


def _render(nb, tmp_path):
    spec = ReportSpec("synthetic", tmp_path / "x.ipynb", {}, "may2025")
    return html.render_report(nb, spec=spec, figures={}, include_code=False, context=CONTEXT)[0]


def test_charts_become_figures_drawn_from_their_packed_specs(tmp_path):
    nb = _notebook()
    page = _render(nb, tmp_path)
    assert page.count('class="him-wages-chart"') == 2
    # no picture on the page: each figure's description, and its spec in the page's one packed block
    assert page.count('class="him-wages-chart-static"') == 2 and "<svg" not in page
    figures = re.findall(r'<figure\b[^>]*\bid="(him-wages-chart-[^"]+)"', page)
    charts = html.packed_block(page)["charts"]
    assert sorted(charts) == sorted(figures) and all(c["spec"]["marks"] for c in charts.values())
    assert 'data-mime-type="image/svg+xml"' not in page  # one picture per chart: the figure, not the SVG output too
    assert completeness.notebook_items(nb) == {
        nb.cells[1].id: {"charts": 2, "tables": 0},
        nb.cells[2].id: {"charts": 0, "tables": 1},
    }
    on_page = {cell: counts for cell, counts in completeness.page_items(page).items() if any(counts.values())}
    assert on_page == completeness.notebook_items(nb)


def test_a_page_that_lost_a_chart_fails_naming_the_cell(tmp_path, monkeypatch):
    nb = _notebook()
    prepare = html.prepare_for_report

    def losing(node, **options):
        prepared = prepare(node, **options)
        prepared.cells[1].outputs = prepared.cells[1].outputs[:1]  # an exporter bug drops the second chart
        return prepared

    monkeypatch.setattr(html, "prepare_for_report", losing)
    with pytest.raises(errors.ReportIncompleteError) as caught:
        _render(nb, tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert re.search(
        r"shows 1 of the 2 charts of notebook cell 1 \(id '.+', `chart\(\)`\); the report is not published", message
    )
