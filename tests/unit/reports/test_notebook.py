"""analysis.reports.notebook: chart outputs (altair's Vega-Lite 5 spec for JupyterLab plus the same chart as SVG for
nbconvert), prose and tables MathJax leaves alone, and recorded figures."""

from __future__ import annotations

import json
import re
from pathlib import Path

import altair as alt
import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis.charts import theme
from analysis.reports import notebook
from analysis.reports.build import KERNEL_NAME
from headless import offline_dom


@pytest.fixture
def displayed(monkeypatch):
    """Capture what the helpers display (outside a kernel), and restore altair's renderer and theme after."""
    outputs: list[dict] = []
    monkeypatch.setattr(notebook, "_display", lambda bundle: outputs.append(dict(bundle)))
    renderer, active_theme = alt.renderers.active, alt.theme.active
    yield outputs
    alt.renderers.enable(renderer)
    alt.theme.enable(active_theme)


def _two_charts() -> list[alt.Chart]:
    # SYNTHETIC data: three invented points.
    data = pd.DataFrame({"x": ["a", "b", "c"], "y": [1, 3, 2]})
    select = alt.selection_point(fields=["x"])
    return [
        alt.Chart(data, title="one").mark_bar().encode(x="x:N", y="y:Q"),
        alt.Chart(data, title="two")
        .mark_point()
        .encode(x="x:N", y="y:Q", color=alt.condition(select, alt.value("red"), alt.value("grey")))
        .add_params(select),
    ]


def test_setup_enables_theme_and_renderer_and_displays_nothing(displayed):
    notebook.setup()
    assert displayed == []  # no library in the notebook: JupyterLab draws Vega-Lite itself
    assert alt.renderers.active == notebook.RENDERER_NAME
    assert alt.theme.active == theme.THEME_NAME


def test_altair_writes_vega_lite_5_which_jupyterlab_draws_and_vl_convert_has():
    import vl_convert

    assert alt.SCHEMA_VERSION.startswith("v5.")  # JupyterLab 4 draws application/vnd.vegalite.v3/v4/v5+json only
    assert notebook._vegalite_version() in vl_convert.get_vegalite_versions()
    body = notebook.javascript_bundle()  # what the report exporter inlines once in <head> (compressed)
    # wrapped in a function so a second run in the same page does not redeclare its top-level consts
    assert body.startswith("(function () {\n")
    # vega and vega-tooltip only: charts reach the page compiled to Vega, so no Vega-Lite and no vega-embed
    assert "window.vega=" in body.replace(" ", "") and "window.vegaTooltip=" in body.replace(" ", "")
    assert "window.vegaEmbed" not in body and len(body) < 700_000


def test_a_chart_is_one_bundle_of_its_spec_and_its_picture(displayed):
    notebook.setup()
    for chart in _two_charts():
        bundle, metadata = chart._repr_mimebundle_()
        assert set(bundle) == {notebook.VEGALITE_MIME_TYPE, notebook.SVG_MIME_TYPE, "text/plain"}
        spec = bundle[notebook.VEGALITE_MIME_TYPE]
        assert "$schema" not in spec  # JupyterLab's Vega-Lite 5.6 would warn about a later 5.x schema
        assert spec["description"].startswith("Chart: ")
        assert bundle[notebook.SVG_MIME_TYPE].startswith("<svg")
        assert "<script" not in json.dumps(bundle)
        assert metadata[notebook.VEGALITE_MIME_TYPE]["embed_options"]["actions"]["editor"] is False


def test_chart_ids_are_unique_and_specs_cannot_close_the_script():
    spec = {"title": "</script><script>alert(1)</script>", "mark": "point"}
    first, second = notebook.chart_html(spec), notebook.chart_html(spec)
    assert re.search(r'id="([^"]+)"', first).group(1) != re.search(r'id="([^"]+)"', second).group(1)
    assert first.count("</script>") == 1  # only the element's own end tag
    payload = json.loads(re.search(r'class="him-wages-chart-spec"[^>]*>(.*)</script>', first).group(1))["spec"]
    # compiled to Vega for the page's Vega 6, the description derived from the title
    assert payload["$schema"] == "https://vega.github.io/schema/vega/v6.json"
    assert payload["description"] == "Chart: </script><script>alert(1)</script>"
    assert '"mode":"vega"' in first
    static = first[first.index('<div class="him-wages-chart-static"') : first.index("<script")]
    # no picture on the page: the chart's description as text (what shows without JavaScript), escaped
    assert "<svg" not in static and "Chart: &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in static


def test_every_chart_gets_a_description_and_keeps_its_own():
    described = notebook.chart_html({"mark": "point", "title": {"text": "Wages", "subtitle": ["May 2025"]}})
    assert '"description":"Chart: Wages. May 2025"' in described  # in the compiled Vega spec
    assert 'aria-label="Chart: Wages. May 2025"' in described
    own = notebook.chart_html({"mark": "point", "title": "Wages", "description": "Dots of wages by state"})
    assert '"description":"Dots of wages by state"' in own


def test_offline_false_uses_altairs_default_renderer(displayed):
    notebook.setup(offline=False)
    assert displayed == []
    assert alt.renderers.active == "default"


def test_record_figures_displays_plain_json_and_a_table(displayed):
    notebook.record_figures(
        {
            "occupation": "29-2072",
            "year": np.int64(2025),
            "value": np.float64(50000.5),
            "missing": float("nan"),
            "na": pd.NA,
            "states": ["AL", "AK"],
            "flag": np.bool_(True),
        }
    )
    (output,) = displayed
    figures = output[notebook.FIGURES_MIME_TYPE]
    assert figures == {
        "occupation": "29-2072",
        "year": 2025,
        "value": 50000.5,
        "missing": None,
        "na": None,
        "states": ["AL", "AK"],
        "flag": True,
    }
    assert type(figures["year"]) is int and type(figures["flag"]) is bool
    json.dumps(figures, allow_nan=False)
    assert "<table" in output["text/html"] and "29-2072" in output["text/html"]


def test_record_figures_refuses_values_that_are_not_json(displayed):
    with pytest.raises(TypeError, match="figure 'frame' is a DataFrame"):
        notebook.record_figures({"frame": pd.DataFrame({"a": [1]})})
    with pytest.raises(TypeError, match="expects a dict"):
        notebook.record_figures([("a", 1)])


def _output(figures: dict) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={notebook.FIGURES_MIME_TYPE: figures, "text/plain": "x"})


def test_read_recorded_figures_merges_outputs_in_order(tmp_path):
    nb = nbformat.v4.new_notebook()
    first = nbformat.v4.new_code_cell("record 1")
    first.outputs = [_output({"a": 1, "b": 2})]
    second = nbformat.v4.new_code_cell("record 2")
    second.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello"), _output({"b": 3, "c": None})]
    nb.cells = [first, nbformat.v4.new_markdown_cell("prose"), second]
    assert notebook.read_recorded_figures(nb) == {"a": 1, "b": 3, "c": None}
    path = tmp_path / "executed.ipynb"
    nbformat.write(nb, path)
    assert notebook.read_recorded_figures(path) == {"a": 1, "b": 3, "c": None}
    assert notebook.read_recorded_figures(str(path)) == {"a": 1, "b": 3, "c": None}


# --------------------------------------------------------------------------- executed notebook + nbconvert HTML
NOTEBOOK_CELLS = [
    "import altair as alt\nimport pandas as pd\nfrom analysis.reports import notebook\nnotebook.setup()",
    # SYNTHETIC data: three invented points.
    (
        "data = pd.DataFrame({'x': ['a', 'b', 'c'], 'y': [1, 3, 2]})\n"
        "alt.Chart(data, title='first chart').mark_bar().encode(x='x:N', y='y:Q')"
    ),
    (
        "select = alt.selection_point(fields=['x'])\n"
        "alt.Chart(data, title='second chart').mark_point().encode(x='x:N', y='y:Q', "
        "color=alt.condition(select, alt.value('red'), alt.value('grey'))).add_params(select)"
    ),
    "notebook.record_figures({'n_charts': 2, 'missing': float('nan')})",
    "from IPython.display import Markdown, display\ndisplay(Markdown('between $43,490 and $64,820 <b>x</b>'))",
]


@pytest.fixture(scope="module")
def exported_html(tmp_path_factory) -> tuple[Path, nbformat.NotebookNode]:
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import ExecutePreprocessor

    folder = tmp_path_factory.mktemp("two_charts")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in NOTEBOOK_CELLS]
    ExecutePreprocessor(timeout=120, kernel_name=KERNEL_NAME).preprocess(nb, {"metadata": {"path": str(folder)}})
    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    path = folder / "two_charts.html"
    path.write_text(body, encoding="utf-8")
    return path, nb


@pytest.mark.notebook
def test_nbconvert_default_export_shows_each_chart_once_as_a_picture(exported_html):
    """What JupyterLab's "Save and Export Notebook As > HTML" writes: one picture per chart, nothing fetched."""
    path, nb = exported_html
    html = path.read_text(encoding="utf-8")
    assert html.count('data-mime-type="image/svg+xml"') == 2
    assert "vegaEmbed" not in html and "cdn.jsdelivr.net/npm/vega" not in html
    charts = [
        o for cell in nb.cells for o in cell.get("outputs", []) if notebook.VEGALITE_MIME_TYPE in o.get("data", {})
    ]
    assert len(charts) == 2
    assert notebook.read_recorded_figures(nb) == {"n_charts": 2, "missing": None}


@pytest.mark.notebook
@pytest.mark.browser
def test_nbconvert_default_export_draws_both_charts_offline_in_headless_chromium(exported_html):
    path, _ = exported_html
    dom, stderr = offline_dom(path, budget_ms=5000, timeout=120)  # what the page shows
    pictures = re.findall(
        r'data-mime-type="image/svg\+xml"[^>]*>\s*<img alt="([^"]*)" src="data:image/svg\+xml;base64,', dom
    )
    assert len(pictures) == 2, stderr[-2000:]


@pytest.mark.notebook
def test_after_setup_ipythons_markdown_displays_as_html_mathjax_skips(exported_html):
    _, nb = exported_html
    (output,) = nb.cells[-1].outputs
    assert set(output["data"]) == {"text/markdown", "text/html", "text/plain"}  # JupyterLab shows the HTML
    assert output["data"]["text/html"] == (
        '<div class="tex2jax_ignore mathjax_ignore"><div class="him-prose">'
        "<p>between $43,490 and $64,820 &lt;b&gt;x&lt;/b&gt;</p>\n</div></div>"
    )
    assert output["data"]["text/plain"] == "between $43,490 and $64,820 <b>x</b>"


def test_show_markdown_is_html_mathjax_skips_with_markup_from_inputs_as_text(displayed):
    notebook.show_markdown("**Highest:** $80,250; lowest $44,380 in <script>alert(1)</script>")
    (output,) = displayed
    assert set(output) == {"text/markdown", "text/html", "text/plain"}  # JupyterLab ranks HTML before Markdown
    assert output["text/markdown"] == "**Highest:** \\$80,250; lowest \\$44,380 in <script>alert(1)</script>"
    html = output["text/html"]
    assert html.startswith('<div class="tex2jax_ignore mathjax_ignore">')
    assert "<strong>Highest:</strong> $80,250; lowest $44,380" in html  # the dollars as written
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert output["text/plain"] == "**Highest:** $80,250; lowest $44,380 in <script>alert(1)</script>"


def test_show_table_keeps_mathjax_away_and_says_when_empty(displayed):
    notebook.show_table(pd.DataFrame({"Area": ["A"], "Wage": ["$1"]}), caption="Areas")
    notebook.show_table(pd.DataFrame({"Area": []}), caption="Suppressed", empty="none.")
    table, empty = displayed
    assert 'class="tex2jax_ignore mathjax_ignore"' in table["text/html"] and "<table" in table["text/html"]
    assert "<table" not in empty["text/html"] and "none." in empty["text/html"]
    assert empty["text/plain"] == "Suppressed: none."
