"""The report page html.py writes around a notebook: a chart drawn by altair's own HTML renderer (a notebook
written without the project's helpers) is drawn from its spec with the vega the page carries, since the renderer's
script would load vega from a CDN; the contents list leaves headings inside scripts alone. SYNTHETIC data."""

from __future__ import annotations

import nbformat
import pandas as pd

from analysis.reports import completeness, html
from analysis.reports.config import ReportSpec

CONTEXT = {"built_at": "2025-01-01T00:00:00Z", "provenance": {}, "notebook_sha256": "0", "vega_script": "/* vega */"}


def test_a_chart_of_altairs_html_renderer_is_drawn_from_its_spec(tmp_path):
    import altair as alt

    frame = pd.DataFrame({"percentile": ["10th", "90th"], "wage": [1.0, 2.0]})  # SYNTHETIC
    with alt.renderers.enable("default"):
        bundle = alt.Chart(frame).mark_bar().encode(x="percentile:N", y="wage:Q")._repr_mimebundle_()
    assert set(bundle) == {"text/html"} and "altair-viz-" in bundle["text/html"]
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("chart")
    cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    nb.cells = [cell]
    spec = ReportSpec("synthetic", tmp_path / "x.ipynb", {}, "may2025")
    page = html.render_report(nb, spec=spec, figures={}, include_code=False, context=CONTEXT)[0]
    assert "cdn.jsdelivr.net" not in page and "vegaEmbed(" not in page
    (packed,) = html.packed_block(page)["charts"].values()
    assert packed["spec"]["$schema"].startswith("https://vega.github.io/schema/vega/")
    assert completeness.notebook_items(nb) == {cell.id: {"charts": 1, "tables": 0}}
    assert completeness.page_items(page)[cell.id] == {"charts": 1, "tables": 0}


def test_headings_inside_scripts_are_left_alone():
    page = (
        f"<header><h1>T</h1>{html.CONTENTS_MARK}</header>{html.BODY_START}"
        '<h1 id="a">A</h1><script>var s = "<h2>${x}</h2>";</script><h2>B</h2>'
        f"{html.BODY_END}<h2 id='him-about-title'>About</h2>"
    )
    result = html.with_contents(page)
    assert '<h2 id="a">A</h2>' in result and '"<h2>${x}</h2>"' in result
    assert '<h3 id="him-section-1">B</h3>' in result
    assert '<a href="#him-section-1">B</a>' in result
