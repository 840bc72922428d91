"""notebooks/02_regional.ipynb: committed clean, parameterised for papermill, and executed on the bundled data
with its figures checked against values computed here directly from the canonical frame."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from analysis import paths
from analysis.reports import notebook
from headless import offline_dom
from notebook_runs import execute

NOTEBOOK = paths.notebooks_dir() / "02_regional.ipynb"
DEFAULTS = {
    "occupation": "29-2072",
    "year": None,
    "measure": "a_mean",
    "state": None,
    "area": None,
    "top_n": 10,
    "data_dirs": [],
}


def _read() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


# ------------------------------------------------------------------------------------------ the committed file
def test_committed_without_outputs():
    for cell in _read().cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source[:60]


def test_first_code_cell_is_the_parameters_cell_with_plain_defaults():
    code_cells = [c for c in _read().cells if c.cell_type == "code"]
    first = code_cells[0]
    assert "parameters" in first.metadata.get("tags", [])
    values: dict = {}
    exec(first.source, {}, values)  # noqa: S102 - plain literals only: executing them is safe and is what papermill does
    assert values == DEFAULTS
    assert not any("parameters" in c.metadata.get("tags", []) for c in code_cells[1:])


def test_setup_and_validation_follow_the_parameters():
    second = [c for c in _read().cells if c.cell_type == "code"][1].source
    assert "notebook.setup()" in second
    assert "store.load(data_dirs=data_dirs)" in second
    for check in ("check_occupation", "check_year", "check_measure", "check_state", "check_area", "check_top_n"):
        assert check in second


def test_markdown_prose_hard_codes_no_figures():
    money_or_counts = re.compile(r"\$\s?\d|\d{1,3},\d{3}|\b\d+(\.\d+)? percent")
    for cell in _read().cells:
        if cell.cell_type == "markdown":
            assert not money_or_counts.search(cell.source), cell.source[:80]


# ----------------------------------------------------------------------------------------- executed notebook
def _execute(tmp_path, name: str, **parameters) -> nbformat.NotebookNode:
    output = tmp_path / f"{name}.ipynb"
    execute(NOTEBOOK, output, **parameters)
    return nbformat.read(output, as_version=4)


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    """The real bundled May 2025 data, cross-industry rows of 29-2072, read independently of the notebook."""
    from analysis import store

    frame = store.load(occ_codes=["29-2072"])
    return frame[frame["naics"] == "000000"]


@pytest.fixture(scope="module")
def default_run(tmp_path_factory) -> nbformat.NotebookNode:
    return _execute(tmp_path_factory.mktemp("nb02"), "defaults")


def _errors(nb: nbformat.NotebookNode) -> list[str]:
    return [
        o.get("ename", "") + ": " + o.get("evalue", "")
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]


@pytest.mark.notebook
def test_defaults_record_figures_that_match_the_frame(default_run, bundled):
    assert _errors(default_run) == []
    figures = notebook.read_recorded_figures(default_run)
    year = int(bundled["year"].max())
    rows = bundled[bundled["year"] == year]
    states = rows[rows["area_type"] == 2]
    assert (figures["occupation"], figures["year"], figures["measure"]) == ("29-2072", year, "a_mean")
    published = states[states["a_mean"].notna()]
    top = published.loc[published["a_mean"].astype(float).idxmax()]
    bottom = published.loc[published["a_mean"].astype(float).idxmin()]
    assert figures["top_state"] == top["prim_state"]
    assert figures["top_state_value"] == float(top["a_mean"])
    assert figures["bottom_state"] == bottom["prim_state"]
    assert figures["bottom_state_value"] == float(bottom["a_mean"])
    assert figures["n_states"] == len(states) == 51
    assert figures["n_states_published"] == len(published)
    assert figures["n_suppressed"] == int((states["a_mean"].isna() & (states["a_mean_status"] != "top_coded")).sum())
    national = rows[rows["area"] == "99"]
    assert figures["national_value"] == float(national["a_mean"].iloc[0])
    # a state could be first when no other state's 95% interval lies entirely above its own
    half = 1.96 * published["mean_prse"].astype(float) / 100 * published["a_mean"].astype(float)
    lower, upper = published["a_mean"].astype(float) - half, published["a_mean"].astype(float) + half
    could_be_first = set(published.loc[upper >= lower.max(), "area_title"])
    assert figures["top_state_title"] in could_be_first
    assert set(figures["states_could_be_first"]) == could_be_first
    metros = rows[(rows["area_type"] == 4) & rows["a_mean"].notna()]
    assert figures["top_metro_value"] == float(metros["a_mean"].astype(float).max())
    weighted = metros[metros["tot_emp"].notna()]
    expected = float(
        (weighted["a_mean"].astype(float) * weighted["tot_emp"].astype(float)).sum()
        / weighted["tot_emp"].astype(float).sum()
    )
    assert figures["metro_weighted_average"] == pytest.approx(expected)
    assert figures["state"] is None and figures["area"] is None


def _rpp_2024() -> pd.Series:
    """BEA's 2024 all-items RPP of each state (BLS area code -> RPP), read from the bundled BEA file with csv."""
    import csv

    from analysis.sources import bea_rpp

    with bea_rpp.bundled_path().open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, skipinitialspace=True))
    return pd.Series({row["GeoFIPS"].strip('" ')[:2]: float(row["2024"]) for row in rows})


def _adjusted_expectations(rows: pd.DataFrame, measure: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    states = rows[(rows["area_type"] == 2) & rows[measure].notna()].set_index("prim_state")
    nominal = states[measure].astype(float)
    real = nominal / (states["area"].map(_rpp_2024()) / 100)
    return (
        real,
        nominal.rank(ascending=False, method="min").astype(int),
        real.rank(ascending=False, method="min").astype(int),
    )


@pytest.mark.notebook
def test_defaults_show_states_in_us_average_prices(default_run, bundled):
    figures = notebook.read_recorded_figures(default_run)
    rows = bundled[bundled["year"] == figures["year"]]
    real, nominal_rank, real_rank = _adjusted_expectations(rows, "a_mean")
    # May 2025 is adjusted with BEA's 2024 RPPs (the latest BEA has), vintage named
    assert figures["rpp_year"] == 2024
    assert figures["rpp_vintage"].startswith("Last updated: February 19, 2026")
    assert figures["adjusted_top_state"] == real.idxmax()
    assert figures["adjusted_top_state_value"] == pytest.approx(real.max())
    assert figures["adjusted_bottom_state"] == real.idxmin()
    assert figures["adjusted_ranks"] == {state: int(rank) for state, rank in real_rank.items()}
    assert figures["rank_changes"] == {state: int(nominal_rank[state] - real_rank[state]) for state in real.index}
    text = " ".join(
        str(o.get("data", {}).get("text/markdown", "")) for c in default_run.cells for o in c.get("outputs", [])
    )
    assert "BEA publishes no standard error for RPPs" in text
    assert "of 2024, the latest year BEA has published" in text
    assert "Metropolitan RPPs (BEA table MARPP) are not bundled" in text
    html = "".join(o.get("data", {}).get("text/html", "") for c in default_run.cells for o in c.get("outputs", []))
    # every ranking table shows employment and jobs per 1,000 beside the measure
    assert html.count("<th>Employment</th>") >= 4 and html.count("<th>Jobs per 1,000</th>") >= 4


@pytest.mark.notebook
def test_median_and_state_deep_dive(tmp_path, bundled):
    nb = _execute(tmp_path, "median_ohio", measure="a_median", state="Ohio", area="Cleveland, OH", top_n=5)
    assert _errors(nb) == []
    figures = notebook.read_recorded_figures(nb)
    rows = bundled[bundled["year"] == figures["year"]]
    states = rows[(rows["area_type"] == 2) & rows["a_median"].notna()]
    top = states.loc[states["a_median"].astype(float).idxmax()]
    assert figures["measure"] == "a_median"
    assert (figures["top_state"], figures["top_state_value"]) == (top["prim_state"], float(top["a_median"]))
    ohio = rows[rows["area"] == "39"].iloc[0]
    assert figures["state"] == "OH"
    assert figures["state_value"] == float(ohio["a_median"])
    in_ohio = rows[
        ((rows["area_type"] == 4) & rows["area_title"].str.contains(r",.*\bOH\b", regex=True))
        | ((rows["area_type"] == 6) & (rows["prim_state"] == "OH"))
    ]
    assert figures["state_n_areas"] == len(in_ohio)
    # percentiles carry no RSE: the notebook says so in the ranking chart (a chart output is its Vega-Lite spec)
    html = "".join(
        o.get("data", {}).get("text/html", "") + str(o.get("data", {}).get(notebook.VEGALITE_MIME_TYPE, ""))
        for c in nb.cells
        for o in c.get("outputs", [])
    )
    assert "BLS publishes no relative standard error for this measure" in html
    # an MSA whose principal state is West Virginia is listed under Ohio as spanning states (oe.area PRIM_STATE)
    assert "Wheeling, WV-OH (spans states; primary state WV)" in html
    # the median in U.S.-average prices
    real, _, real_rank = _adjusted_expectations(rows, "a_median")
    assert figures["adjusted_top_state"] == real.idxmax() and figures["rpp_year"] == 2024
    assert figures["adjusted_ranks"]["OH"] == real_rank["OH"]
    # the metropolitan deep dive: Cleveland, OH (BLS code 17410) beside Ohio and the U.S.
    cleveland = rows[rows["area"] == "17410"].iloc[0]
    assert (figures["area"], figures["area_title"], figures["area_kind"]) == (
        "17410",
        "Cleveland, OH",
        "metropolitan area",
    )
    assert figures["area_value"] == float(cleveland["a_median"])
    assert figures["area_tot_emp"] == float(cleveland["tot_emp"])
    assert figures["area_jobs_1000"] == float(cleveland["jobs_1000"])
    metros = rows[(rows["area_type"] == 4) & rows["a_median"].notna()]
    assert figures["area_rank"] == int((metros["a_median"].astype(float) > float(cleveland["a_median"])).sum()) + 1
    assert figures["area_n_ranked"] == len(metros)
    assert figures["area_compared_with"] == ["17410", "39", "99"]


@pytest.mark.notebook
def test_unknown_state_fails_listing_the_states(tmp_path):
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as raised:
        _execute(tmp_path, "bad_state", state="Atlantis")
    assert "ParameterError" in str(raised.value)  # a ValueError
    assert "states available: AK (Alaska), AL (Alabama)" in str(raised.value)


@pytest.mark.notebook
@pytest.mark.browser
def test_exported_html_renders_every_chart_offline(default_run, tmp_path):
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(default_run)
    page = tmp_path / "02_regional.html"
    page.write_text(body, encoding="utf-8")
    assert "vegaEmbed" not in body  # nbconvert shows each chart's SVG, once
    n_charts = body.count('data-mime-type="image/svg+xml"')
    assert n_charts == 6  # map, state ranking, both in U.S.-average prices, top/bottom metros, metro vs nonmetro
    dom, stderr = offline_dom(page, budget_ms=5000, timeout=180)
    pictures = re.findall(r'data-mime-type="image/svg\+xml"[^>]*>\s*<img [^>]*src="data:image/svg', dom)
    assert len(pictures) == n_charts, stderr[-2000:]


# ------------------------------------------------------------- the notebook's code on a SYNTHETIC frame, in-process
def _run_cells_in_process(monkeypatch, frame: pd.DataFrame, **parameters) -> tuple[dict, list[dict], list]:
    """Execute the notebook's code cells in this process with ``store.load`` returning ``frame`` (synthetic):
    fast, and reaches branches the bundled data never takes (top-coded states, suppressed areas)."""
    import ast

    from analysis import store

    monkeypatch.setattr(store, "load", lambda **kwargs: frame)
    outputs: list[dict] = []
    monkeypatch.setattr(notebook, "_display", lambda bundle: outputs.append(dict(bundle)))
    monkeypatch.setattr(notebook, "bundle_html", lambda: "<!-- vega bundle skipped in-process -->")
    charts: list = []
    namespace: dict = {"display": charts.append}
    for cell in _read().cells:
        if cell.cell_type != "code":
            continue
        source = cell.source
        if "parameters" in cell.metadata.get("tags", []):
            source += "".join(f"\n{name} = {value!r}" for name, value in parameters.items())
        tree = ast.parse(source)
        last = tree.body[-1] if tree.body else None
        if isinstance(last, ast.Expr):
            exec(compile(ast.Module(tree.body[:-1], []), "cell", "exec"), namespace)  # noqa: S102 - our notebook
            charts.append(eval(compile(ast.Expression(last.value), "cell", "eval"), namespace))
        else:
            exec(compile(tree, "cell", "exec"), namespace)  # noqa: S102 - our notebook
    figures: dict = {}
    for output in outputs:
        figures.update(output.get(notebook.FIGURES_MIME_TYPE, {}))
    return figures, outputs, [c for c in charts if c is not None]


def test_top_coded_state_on_a_synthetic_frame(monkeypatch):
    import altair as alt

    from synthetic_regional import synthetic_frame

    renderer, active_theme = alt.renderers.active, alt.theme.active
    try:
        figures, outputs, charts = _run_cells_in_process(
            monkeypatch, synthetic_frame(), measure="a_pct90", state="CO", area="Alaska nonmetropolitan area"
        )
    finally:
        alt.renderers.enable(renderer)
        alt.theme.enable(active_theme)
    # synthetic Alaska's a_pct90 is top-coded: first, with no value, shown as "at least $239,200"
    assert (figures["top_state"], figures["top_state_value"], figures["top_state_top_code"]) == ("AK", None, 239_200.0)
    assert (figures["n_states_top_coded"], figures["n_suppressed"], figures["n_states_published"]) == (1, 1, 4)
    prose = " ".join(o.get("text/markdown", "") for o in outputs)
    assert "Alaska at at least \\$239,200" in prose
    # synthetic Colorado has no metropolitan or nonmetropolitan rows: the deep dive says so instead of failing
    assert figures["state"] == "CO" and figures["state_n_areas"] == 0
    assert any("BLS published no estimates of this occupation" in o.get("text/html", "") for o in outputs)
    # the nonmetropolitan deep dive: SYNTHETIC Alaska nonmetropolitan area beside Alaska and the U.S.
    assert (figures["area"], figures["area_kind"], figures["area_compared_with"]) == (
        "0200001",
        "nonmetropolitan area",
        ["0200001", "02", "99"],
    )
    assert figures["area_value"] is None and figures["area_rank"] is None  # it publishes no a_pct90
    assert figures["area_tot_emp"] == 50.0
    # cost of living: the top-coded state stays "at least", adjusted by BEA's Alaska RPP
    assert figures["adjusted_top_state"] == "AK" and figures["adjusted_top_state_value"] is None
    for chart in charts:
        spec = chart.to_dict()
        assert spec["title"]["subtitle"][-1] == "Source: BLS OEWS, May 2025."
        assert spec.get("description"), spec["title"]["text"]
