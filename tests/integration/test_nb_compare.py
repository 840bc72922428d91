"""notebooks/05_compare.ipynb: committed clean, parameterised for papermill, executed on the bundled BLS data (and
the bundled BEA RPPs) with its recorded figures checked against values computed here from the store and the BEA
file; its code also runs in-process on a SYNTHETIC frame for top-coded and suppressed wages."""

from __future__ import annotations

import csv
import itertools
import re

import nbformat
import pandas as pd
import pytest

from analysis import paths
from analysis.reports import notebook, regional_page
from analysis.sources import bea_rpp
from headless import offline_dom
from notebook_runs import FIGURE_IN_PROSE, errors, run

pytestmark = pytest.mark.usefixtures("project_store")  # commands and notebooks here read the project's own store

NOTEBOOK = paths.notebooks_dir() / "05_compare.ipynb"
DEFAULTS = {
    "occupation": "29-2072",
    "areas": ["California", "Texas", "Florida", "New York", "Ohio"],
    "year": None,
    "salary": None,
    "data_dirs": [],
}
MEASURES = ("tot_emp", "jobs_1000", "a_mean", "a_pct10", "a_pct25", "a_median", "a_pct75", "a_pct90")


def _read() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


# ------------------------------------------------------------------------------------------ the committed file
def test_committed_without_outputs():
    for cell in _read().cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_first_code_cell_is_the_parameters_cell_with_plain_defaults():
    code_cells = [c for c in _read().cells if c.cell_type == "code"]
    assert "parameters" in code_cells[0].metadata.get("tags", [])
    values: dict = {}
    exec(code_cells[0].source, {}, values)  # noqa: S102 - plain literals, as papermill runs them
    assert values == DEFAULTS
    second = code_cells[1].source
    assert "notebook.setup()" in second and "store.load(data_dirs=parameters.check_data_dirs(data_dirs))" in second
    assert "page.prepare(" in second  # every parameter check (analysis.reports.compare_page.prepare)
    code = [line for c in code_cells for line in c.source.splitlines() if line.strip()]
    assert len(code) <= 40  # a thin notebook: the sentences, tables and charts come from the package
    hints = [c for c in code_cells if "page.hint(" in c.source]
    assert len(hints) == 1 and notebook.NOTEBOOK_ONLY_TAG in hints[0].metadata.get("tags", [])


def test_markdown_prose_hard_codes_no_figures():
    for cell in _read().cells:
        if cell.cell_type == "markdown":
            assert not FIGURE_IN_PROSE.search(cell.source), cell.source[:80]


# ----------------------------------------------------------------------------------------- executed notebook
def _execute(tmp_path, name: str, **parameters) -> nbformat.NotebookNode:
    return run(NOTEBOOK, tmp_path, name, **parameters)


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    """Cross-industry rows of the latest release in the store, all occupations of the tests, by area."""
    from analysis import store

    frame = store.load(occ_codes=["29-2072", "29-9021"])
    frame = frame[(frame["naics"] == "000000") & (frame["year"] == frame["year"].max())]
    return frame


def _rpp_2024() -> dict[str, float]:
    """BEA's 2024 RPP per BLS area code, read from the bundled BEA file with the csv module ("00000" -> "99")."""
    with bea_rpp.bundled_path().open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle, skipinitialspace=True))
    return {
        ("99" if r["GeoFIPS"].strip('" ') == "00000" else r["GeoFIPS"].strip('" ')[:2]): float(r["2024"]) for r in table
    }


def _overlapping(rows: pd.DataFrame, areas: list[str], value: str, rse: str, divisor=None) -> list[list[str]]:
    out = []
    by_area = rows.set_index("area")
    for a, b in itertools.combinations(areas, 2):
        bounds = []
        for area in (a, b):
            v, r = float(by_area.loc[area, value]), float(by_area.loc[area, rse])
            d = divisor(area) if divisor else 1.0
            bounds.append(((v - 1.96 * r / 100 * v) / d, (v + 1.96 * r / 100 * v) / d))
        (lo_a, hi_a), (lo_b, hi_b) = bounds
        if not (hi_a < lo_b or hi_b < lo_a):
            out.append([a, b])
    return out


def _salary_band(rows: pd.DataFrame, area: str, salary: float) -> tuple[str, int | None]:
    row = rows.set_index("area").loc[area]
    points = [
        (p, float(row[c]))
        for p, c in ((10, "a_pct10"), (25, "a_pct25"), (50, "a_median"), (75, "a_pct75"), (90, "a_pct90"))
    ]
    if salary < points[0][1]:
        return "below", None
    if salary > points[-1][1]:
        return "above", None
    for (p_lo, w_lo), (p_hi, w_hi) in itertools.pairwise(points):
        if w_lo < salary < w_hi:
            return "between", int(p_lo + (salary - w_lo) / (w_hi - w_lo) * (p_hi - p_lo) + 0.5)
    raise AssertionError("salary on a published point")


@pytest.fixture(scope="module")
def default_run(tmp_path_factory) -> nbformat.NotebookNode:
    return _execute(tmp_path_factory.mktemp("nb05"), "defaults")


@pytest.mark.notebook
def test_defaults_record_the_published_and_adjusted_figures(default_run, rows):
    assert errors(default_run) == []
    figures = notebook.read_recorded_figures(default_run)
    areas = ["06", "48", "12", "36", "39"]
    occ = rows[rows["occ_code"] == "29-2072"]
    assert (figures["occupation"], figures["year"], figures["areas"]) == ("29-2072", int(occ["year"].max()), areas)
    by_area = occ.set_index("area")
    for measure in MEASURES:
        for area in areas:
            assert figures["values"][measure][area] == float(by_area.loc[area, measure]), (measure, area)
    # cost of living: May 2025 with BEA's 2024 RPPs (the latest), each state's mean / (RPP / 100)
    rpp = _rpp_2024()
    assert figures["rpp_year"] == 2024 and figures["rpp_vintage"].startswith("Last updated: February 19, 2026")
    # the BEA file each adjusted figure comes from, as data/raw/MANIFEST lists it
    assert figures["rpp_source"] == "data/raw/bea/SARPP_STATE_2008_2024_all_items.csv"
    assert figures["rpp_sha256"] == "0801ac4192bef5d5339ed5a742915995e9893c2a05e2e89df41a1d356b6e0ef2"
    for area in areas:
        assert figures["rpp"][area] == rpp[area]
        assert figures["adjusted_mean"][area] == pytest.approx(float(by_area.loc[area, "a_mean"]) / (rpp[area] / 100))
    assert figures["mean_cannot_tell_apart"] == _overlapping(occ, areas, "a_mean", "mean_prse")
    assert figures["mean_cannot_tell_apart"] == [["06", "36"]]  # California and New York overlap
    assert figures["adjusted_mean_cannot_tell_apart"] == _overlapping(
        occ, areas, "a_mean", "mean_prse", lambda a: rpp[a] / 100
    )
    assert figures["employment_cannot_tell_apart"] == _overlapping(occ, areas, "tot_emp", "emp_prse")
    assert figures["salary"] is None and figures["salary_check"] == {}
    # no salary: the salary section is left out; the notebook-only cell says which parameter turns it on
    markdown = " ".join(
        str(o.get("data", {}).get("text/markdown", "")) for c in default_run.cells for o in c.get("outputs", [])
    )
    assert "## Salary check" not in markdown and "Set `salary`" in markdown
    assert figures["headline"].startswith("California, Texas, Florida, New York and Ohio compared for ")
    charts = [
        o for c in default_run.cells for o in c.get("outputs", []) if notebook.VEGALITE_MIME_TYPE in o.get("data", {})
    ]
    # distribution, mean, employment, distribution in U.S.-average prices
    assert len(charts) == 4
    text = " ".join(
        str(o.get("data", {}).get("text/markdown", "")) for c in default_run.cells for o in c.get("outputs", [])
    )
    assert "BEA publishes no standard error for RPPs" in text and "of 2024, the latest year BEA has published" in text


@pytest.mark.notebook
def test_report_parameters_salary_check(tmp_path, rows):
    """The comparison report of reports.toml: 29-2072 in CA, TX, FL, NY, OH with a salary of 55000."""
    nb = _execute(tmp_path, "salary", areas=["CA", "TX", "FL", "NY", "OH"], salary=55000)
    assert errors(nb) == []
    figures = notebook.read_recorded_figures(nb)
    occ = rows[rows["occ_code"] == "29-2072"]
    assert figures["salary"] == 55000.0
    for area in ("06", "48", "12", "36", "39"):
        position, approx = _salary_band(occ, area, 55_000)
        assert figures["salary_check"][area]["position"] == position
        assert figures["salary_check"][area]["approx_percentile"] == approx
    # Ohio: between BLS's median ($50,990) and 75th percentile ($63,510), about the 58th
    assert figures["salary_check"]["39"] == {
        "position": "between",
        "lower": "median",
        "upper": "75th percentile",
        "approx_percentile": 58,
    }
    text = " ".join(str(o.get("data", {}).get("text/markdown", "")) for c in nb.cells for o in c.get("outputs", []))
    assert "about the 58th percentile" in text and "approximate" in text
    # is $55,000 below each area's mean wage? the verdict of its 95% interval (BLS's a_mean and mean_prse)
    by_area = occ.set_index("area")
    expected = {}
    for area in ("06", "48", "12", "36", "39"):
        mean, rse = float(by_area.loc[area, "a_mean"]), float(by_area.loc[area, "mean_prse"])
        lower, upper = mean * (1 - 1.96 * rse / 100), mean * (1 + 1.96 * rse / 100)
        expected[area] = "supported" if lower > 55_000 else "not supported" if upper < 55_000 else "cannot tell apart"
    assert figures["salary_verdicts"] == expected
    # the headline names the areas compared and the salary, with its verdict, in the reader's words
    titles = [by_area.loc[a, "area_title"] for a in ("06", "48", "12", "36", "39")]
    assert figures["headline"].startswith(
        f"{', '.join(titles[:-1])} and {titles[-1]} compared for Medical Records Specialists, May "
        f"{figures['year']}: is a $55,000 salary below the annual mean wage? "
    )
    supported = [by_area.loc[a, "area_title"] for a, v in expected.items() if v == "supported"]
    assert f"Supported in {', '.join(supported[:-1])} and {supported[-1]}" in figures["headline"]
    assert ["Salary checked", "$55,000 a year"] in figures["key_figures"]
    california = f"${int(by_area.loc['06', 'a_mean']):,}"
    assert figures["key_figures"][0][0] == "California, annual mean wage"
    assert figures["key_figures"][0][1].startswith(california) and figures["key_figures"][0][1].endswith(
        f"$55,000 is below it: {expected['06']}"
    )
    assert "## Salary check" in text


@pytest.mark.notebook
def test_mixed_areas_by_code_and_name_another_occupation(tmp_path, rows):
    nb = _execute(tmp_path, "mixed", occupation="29-9021", areas=["U.S.", "OH", "17410", "3900002"], salary=36000)
    assert errors(nb) == []
    figures = notebook.read_recorded_figures(nb)
    occ = rows[rows["occ_code"] == "29-9021"].set_index("area")
    assert figures["areas"] == ["99", "39", "17410", "3900002"]
    assert figures["values"]["a_mean"]["17410"] == float(occ.loc["17410", "a_mean"])
    # only the U.S. and Ohio get a cost-of-living figure: no metropolitan RPPs are bundled
    assert sorted(figures["adjusted_mean"]) == ["39", "99"]
    assert figures["adjusted_mean"]["99"] == float(occ.loc["99", "a_mean"])
    for area in figures["areas"]:
        position, approx = _salary_band(occ.reset_index(), area, 36_000)
        assert (figures["salary_check"][area]["position"], figures["salary_check"][area]["approx_percentile"]) == (
            position,
            approx,
        )
    text = " ".join(str(o.get("data", {}).get("text/markdown", "")) for c in nb.cells for o in c.get("outputs", []))
    assert "Metropolitan RPPs (BEA table MARPP) are not bundled" in text


@pytest.mark.notebook
def test_an_ambiguous_area_fails_listing_the_candidates(tmp_path):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as raised:
        _execute(tmp_path, "bad_area", areas=["Ohio", "Cleveland"])
    assert raised.value.ename == "ParameterError"
    assert "matches 2 areas: 17410 (Cleveland, OH); 17420 (Cleveland, TN)" in raised.value.evalue
    # one line in the notebook (ParameterError renders itself), no frames of package code
    assert len(raised.value.traceback) == 1 and "File " not in raised.value.traceback[0]


@pytest.mark.notebook
@pytest.mark.browser
def test_exported_html_renders_every_chart_offline(default_run, tmp_path):
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(default_run)
    page = tmp_path / "05_compare.html"
    page.write_text(body, encoding="utf-8")
    n_charts = body.count('data-mime-type="image/svg+xml"')  # nbconvert shows each chart's SVG, once
    assert n_charts == 4 and "vegaEmbed" not in body
    dom, stderr = offline_dom(page, budget_ms=5000, timeout=180)
    pictures = re.findall(r'data-mime-type="image/svg\+xml"[^>]*>\s*<img [^>]*src="data:image/svg', dom)
    assert len(pictures) == n_charts, stderr[-2000:]


# ------------------------------------------------------------- the notebook's code on a SYNTHETIC frame, in-process
def test_top_coded_and_suppressed_wages_in_words(monkeypatch):
    import ast

    import altair as alt

    from analysis import store
    from synthetic_regional import synthetic_frame

    frame = synthetic_frame()
    monkeypatch.setattr(store, "load", lambda **kwargs: frame)
    outputs: list[dict] = []
    monkeypatch.setattr(notebook, "_display", lambda bundle: outputs.append(dict(bundle)))
    charts: list = []
    monkeypatch.setattr(regional_page, "display_chart", charts.append)
    namespace: dict = {"display": charts.append}
    renderer, active_theme = alt.renderers.active, alt.theme.active
    try:
        for cell in _read().cells:
            if cell.cell_type != "code":
                continue
            source = cell.source
            if "parameters" in cell.metadata.get("tags", []):
                source += "\nareas = ['AK', 'AL', 'CA']\nsalary = 100000"
            exec(compile(ast.parse(source), "cell", "exec"), namespace)  # noqa: S102 - our notebook
    finally:
        alt.renderers.enable(renderer)
        alt.theme.enable(active_theme)
    figures: dict = {}
    for output in outputs:
        figures.update(output.get(notebook.FIGURES_MIME_TYPE, {}))
    # synthetic Alaska publishes only a top-coded 90th percentile; California's wages are not available
    assert figures["statuses"]["a_pct90"] == {"02": "top_coded", "01": None, "06": "wage_not_available"}
    assert figures["salary_check"]["02"]["position"] == "none"
    assert figures["salary_check"]["01"]["position"] == "above"  # synthetic Alabama 90th: 90,000
    assert figures["salary_check"]["06"]["position"] == "none"
    html = " ".join(o.get("text/html", "") for o in outputs)
    assert "at least $239,200" in html and "suppressed (wage not available)" in html
    prose = " ".join(o.get("text/markdown", "") for o in outputs)
    assert "top\\-coded \\(at least \\$239,200\\): the salary cannot be placed" in prose  # escaped Markdown
    for chart in charts:
        spec = chart.to_dict()
        assert spec["description"] and spec["title"]["subtitle"][-1] == "Source: BLS OEWS, May 2025."
