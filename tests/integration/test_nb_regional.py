"""notebooks/02_regional.ipynb: committed clean, parameterised for papermill, and executed on the bundled data
with its figures checked against values computed here directly from the canonical frame."""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from analysis import paths
from analysis.reports import notebook, regional_page
from headless import offline_dom
from notebook_runs import FIGURE_IN_PROSE, errors, run

pytestmark = pytest.mark.usefixtures("project_store")  # commands and notebooks here read the project's own store

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
    assert "store.load(data_dirs=parameters.check_data_dirs(data_dirs))" in second
    assert "page.prepare(" in second  # every parameter check (analysis.reports.regional_page.prepare)
    assert "notebook.record_figures(page.figures(report), table=page.key_figures_table(report))" in second


def test_the_notebook_is_thin():
    code = [line for c in _read().cells if c.cell_type == "code" for line in c.source.splitlines() if line.strip()]
    assert len(code) <= 40


def test_hints_for_unset_sections_are_notebook_only():
    hints = [c for c in _read().cells if c.cell_type == "code" and "page.hint(" in c.source]
    assert len(hints) == 1 and notebook.NOTEBOOK_ONLY_TAG in hints[0].metadata.get("tags", [])


def test_markdown_prose_hard_codes_no_figures():
    for cell in _read().cells:
        if cell.cell_type == "markdown":
            assert not FIGURE_IN_PROSE.search(cell.source), cell.source[:80]


# ----------------------------------------------------------------------------------------- executed notebook
def _execute(tmp_path, name: str, **parameters) -> nbformat.NotebookNode:
    return run(NOTEBOOK, tmp_path, name, **parameters)


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    """The real bundled May 2025 data, cross-industry rows of 29-2072, read independently of the notebook."""
    from analysis import store

    frame = store.load(occ_codes=["29-2072"])
    return frame[frame["naics"] == "000000"]


@pytest.fixture(scope="module")
def default_run(tmp_path_factory) -> nbformat.NotebookNode:
    return _execute(tmp_path_factory.mktemp("nb02"), "defaults")


def _floor(rows: pd.DataFrame) -> pd.Series:
    """The reliability floor applied here by hand: at least 1,000 jobs and a mean-wage RSE of at most 10%."""
    return (rows["tot_emp"].astype(float) >= 1000) & (rows["mean_prse"].astype(float) <= 10)


def _leader(rows: pd.DataFrame, measure: str, *, lowest: bool = False) -> str:
    eligible = rows[_floor(rows) & rows[measure].notna()]
    values = eligible[measure].astype(float)
    return str(eligible.loc[values.idxmin() if lowest else values.idxmax(), "area"])


def _ranks(rows: pd.DataFrame, measure: str) -> dict:
    """Each state's rank by its published value (1 = highest, ties share the better rank); None when BLS published
    no number (Vermont's employment in May 2025)."""
    published = rows[rows[measure].notna()].set_index("prim_state")[measure].astype(float)
    ranks = {state: int(rank) for state, rank in published.rank(ascending=False, method="min").items()}
    return {str(state): ranks.get(state) for state in rows["prim_state"]}


def _outputs(nb, mime: str) -> str:
    return " ".join(str(o.get("data", {}).get(mime, "")) for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.notebook
def test_defaults_record_figures_that_match_the_frame(default_run, bundled):
    assert errors(default_run) == []
    figures = notebook.read_recorded_figures(default_run)
    year = int(bundled["year"].max())
    rows = bundled[bundled["year"] == year]
    states = rows[rows["area_type"] == 2]
    assert (figures["occupation"], figures["year"], figures["measure"]) == ("29-2072", year, "a_mean")
    # highest and lowest among the states meeting the floor: California and Mississippi in May 2025; District of
    # Columbia's higher published mean rests on 270 jobs with an RSE of 11.5% (below the floor)
    assert figures["states_highest"] == _leader(states, "a_mean") == "06"
    assert figures["states_lowest"] == _leader(states, "a_mean", lowest=True) == "28"
    assert figures["states_highest_value"] == float(states.set_index("area").loc["06", "a_mean"])
    national = rows[rows["area"] == "99"]
    assert figures["national_value"] == float(national["a_mean"].iloc[0])
    # the other states meeting the floor whose 95% interval reaches California's lower end could be highest
    eligible = states[_floor(states)]
    mean, rse = eligible["a_mean"].astype(float), eligible["mean_prse"].astype(float)
    lower, upper = mean * (1 - 1.96 * rse / 100), mean * (1 + 1.96 * rse / 100)
    tied = set(eligible.loc[(upper >= lower.max()) & (eligible["area"] != "06"), "area_title"])
    assert set(figures["states_tied_highest"]) == tied and "District of Columbia" not in tied
    # employment and location quotient rankings, by default (BLS's tot_emp and loc_quotient of each state)
    assert figures["states_by_jobs_ranks"] == _ranks(states, "tot_emp")
    assert figures["states_by_lq_ranks"] == _ranks(states, "loc_quotient")
    assert figures["states_by_jobs_highest"] == _leader(states, "tot_emp") == "12"  # Florida, 21,490 jobs
    assert figures["states_by_lq_highest"] == _leader(states, "loc_quotient") == "02"  # Alaska, 2.64
    metros = rows[(rows["area_type"] == 4) & ~rows["prim_state"].isin(["PR", "GU", "VI"])]
    assert figures["metros_by_jobs_highest"] == _leader(metros, "tot_emp")
    assert figures["metros_by_lq_highest"] == _leader(metros, "loc_quotient")
    assert figures["metros_highest"] == _leader(metros, "a_mean")
    # territories and Puerto Rico's metropolitan areas are ranked apart from the states' and the states' metros
    territory_areas = set(
        rows.loc[(rows["area_type"] == 3) | ((rows["area_type"] == 4) & (rows["prim_state"] == "PR")), "area"]
    )
    assert set(figures["territories"]) == territory_areas and "41980" in territory_areas  # San Juan, PR
    assert figures["territories"]["72"] in (1, 2) and figures["territories"]["41980"] == 1
    assert "41980" not in set(rows.loc[rows["area"].isin(figures["states_by_jobs_ranks"]), "area"])
    html = _outputs(default_run, "text/html")
    assert "U.S. territories and their metropolitan areas, ranked apart from the states" in html
    text = _outputs(default_run, "text/markdown")
    assert "The location quotient compares the occupation" in text
    assert "District of Columbia ranks higher by its published figure" in text
    assert "at least 1,000 jobs with a mean\\-wage relative standard error of at most 10%" in text or (
        "at least 1,000 jobs with a mean-wage relative standard error of at most 10%" in text
    )
    # headline and key figures: the occupation first, in words with units; no parameter names
    california = states.set_index("area").loc["06"]
    assert figures["headline"].startswith(
        f"Medical Records Specialists, May {year}: the highest annual mean wage is in California "
        f"(${int(california['a_mean']):,}, {int(california['tot_emp']):,} jobs), though "
    )
    assert len(figures["key_figures"]) <= 6
    assert [
        "Lowest state in U.S.-average prices",
        f"{figures['adjusted_lowest_title']}, ${round(figures['adjusted_lowest_value']):,}",
    ] in figures["key_figures"]
    for label, value in figures["key_figures"]:
        assert "_" not in label and "_" not in value
    assert figures["state"] is None and figures["area"] is None
    # the unset deep dives are left out (their hints are notebook-only cells)
    assert "## California" not in text and "Set `state`" in text


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
    real, _, real_rank = _adjusted_expectations(rows, "a_mean")
    # May 2025 is adjusted with BEA's 2024 RPPs (the latest BEA has), vintage named
    assert figures["rpp_year"] == 2024
    assert figures["rpp_vintage"].startswith("Last updated: February 19, 2026")
    # highest and lowest in U.S.-average prices among the states meeting the floor, both named
    states = rows[rows["area_type"] == 2].set_index("prim_state")
    eligible = real[_floor(states.loc[real.index]).to_numpy()]
    assert figures["adjusted_highest_title"] == states.loc[eligible.idxmax(), "area_title"]
    assert figures["adjusted_highest_value"] == pytest.approx(eligible.max())
    assert figures["adjusted_lowest_title"] == states.loc[eligible.idxmin(), "area_title"]
    assert figures["adjusted_lowest_value"] == pytest.approx(eligible.min())
    assert figures["adjusted_ranks"] == {state: int(rank) for state, rank in real_rank.items()}
    text = _outputs(default_run, "text/markdown")
    assert "BEA publishes no standard error for RPPs" in text
    assert "of 2024, the latest year BEA has published" in text
    html = _outputs(default_run, "text/html")
    # every ranking table shows a single rank beside its range, employment and jobs per 1,000 beside the measure
    assert html.count("<th>Employment</th>") >= 4 and html.count("<th>Jobs per 1,000</th>") >= 4
    assert html.count("<th>Could rank</th>") == 7  # states, 4 by employment or concentration, metros, territories


@pytest.mark.notebook
def test_california_deep_dive_leads_with_california(tmp_path, bundled):
    nb = _execute(tmp_path, "california", state="CA")
    assert errors(nb) == []
    figures = notebook.read_recorded_figures(nb)
    california = bundled[(bundled["year"] == figures["year"]) & (bundled["area"] == "06")].iloc[0]
    assert figures["state"] == "CA" and figures["place_value"] == float(california["a_mean"])
    assert figures["headline"].startswith(
        f"California: Medical Records Specialists earned an annual mean wage of ${int(california['a_mean']):,} "
    )
    assert f"{int(california['tot_emp']):,} jobs" in figures["headline"]
    assert figures["key_figures"][0] == ["California, annual mean wage", f"${int(california['a_mean']):,}"]
    assert "## California" in _outputs(nb, "text/markdown")


@pytest.mark.notebook
def test_median_state_and_houston(tmp_path, bundled):
    nb = _execute(tmp_path, "median_ohio", measure="a_median", state="Ohio", area="Houston, TX", top_n=5)
    assert errors(nb) == []
    figures = notebook.read_recorded_figures(nb)
    rows = bundled[bundled["year"] == figures["year"]]
    assert figures["measure"] == "a_median" and figures["state"] == "OH"
    # "Houston, TX" (its principal city and state) is Houston-Pasadena-The Woodlands, TX, BLS code 26420
    houston = rows[rows["area"] == "26420"].iloc[0]
    assert houston["area_title"] == "Houston-Pasadena-The Woodlands, TX"
    assert figures["area"] == "26420" and figures["place_value"] == float(houston["a_median"])
    assert figures["headline"].startswith("Houston-Pasadena-The Woodlands, TX: ")
    metros = rows[(rows["area_type"] == 4) & rows["a_median"].notna()]
    assert figures["place_rank"] == int((metros["a_median"].astype(float) > float(houston["a_median"])).sum()) + 1
    html = "".join(
        o.get("data", {}).get("text/html", "")
        + str(o.get("data", {}).get(notebook.VEGALITE_MIME_TYPE, ""))
        + o.get("data", {}).get("image/svg+xml", "")  # the subtitle whole in its aria-label (the spec wraps it)
        for c in nb.cells
        for o in c.get("outputs", [])
    )
    # chart titles wrap to a phone's column: their lines are read as one text
    html += " ".join(
        " ".join(_strings(o["data"][notebook.VEGALITE_MIME_TYPE]))
        for c in nb.cells
        for o in c.get("outputs", [])
        if notebook.VEGALITE_MIME_TYPE in o.get("data", {})
    )
    # a median has no published RSE: no interval is drawn (no layer on lower/upper), and the charts say so
    assert "BLS publishes no relative standard error for this measure" in html
    assert '"field":"lower"' not in html and '"field":"upper"' not in html
    # an MSA whose principal state is West Virginia is listed under Ohio as spanning states (oe.area PRIM_STATE)
    assert "Wheeling, WV-OH (spans states; primary state WV)" in html
    _, _, real_rank = _adjusted_expectations(rows, "a_median")
    assert figures["adjusted_ranks"]["OH"] == real_rank["OH"] and figures["rpp_year"] == 2024


def _strings(spec) -> list[str]:
    """Every string in a chart spec, in order (a wrapped title is a list of lines)."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, dict):
        return [text for value in spec.values() for text in _strings(value)]
    if isinstance(spec, list):
        return [text for value in spec for text in _strings(value)]
    return []


def _one_line_error(tmp_path, name: str, **parameters) -> str:
    import papermill

    with pytest.raises(papermill.PapermillExecutionError) as raised:
        _execute(tmp_path, name, **parameters)
    error = raised.value
    assert error.ename == "ParameterError"
    # IPython renders the error as its one line (errors.ParameterError._render_traceback_): no package frames
    assert len(error.traceback) == 1 and "File " not in error.traceback[0]
    return error.evalue


@pytest.mark.notebook
def test_a_wrong_state_or_area_is_one_line_with_the_closest(tmp_path):
    message = _one_line_error(tmp_path, "bad_state", state="Atlantis")
    assert message.startswith("state 'Atlantis' is not a U.S. state, DC or territory; closest: ")
    assert "all 53 available: AK, AL, AR, AZ, CA" in message
    message = _one_line_error(tmp_path, "bad_area", area="Houstn, TX")
    assert "closest: Houston-Pasadena-The Woodlands, TX (26420)" in message
    assert message.endswith("analysis.analyses.regional.area_choices(frame) lists them all")


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
    charts: list = []
    monkeypatch.setattr(regional_page, "display_chart", charts.append)
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
    # no synthetic state reaches 1,000 jobs: none is named highest or lowest, and the page says why
    assert figures["states_highest"] is None
    assert figures["headline"] == (
        "Alaska nonmetropolitan area: BLS published no annual 90th percentile wage of Synthetic occupation for May "
        "2025 (not in the data; 50 jobs)."
    )
    prose = " ".join(o.get("text/markdown", "") for o in outputs)
    assert "No state meets the reliability floor" in prose
    # synthetic Alaska's a_pct90 is top-coded: ranked first, shown as "at least $239,200", never as a number
    html = " ".join(o.get("text/html", "") for o in outputs)
    assert "at least $239,200" in html
    # synthetic Colorado has no metropolitan or nonmetropolitan rows: the deep dive says so instead of failing
    assert figures["state"] == "CO"
    assert any("BLS published no estimates of this occupation" in o.get("text/html", "") for o in outputs)
    # the nonmetropolitan deep dive leads: SYNTHETIC Alaska nonmetropolitan area, which publishes no a_pct90
    assert figures["area"] == "0200001" and figures["place_value"] is None and figures["place_rank"] is None
    assert figures["place_tot_emp"] == 50.0
    for chart in charts:
        spec = chart.to_dict()
        assert spec["title"]["subtitle"][-1] == "Source: BLS OEWS, May 2025."
        assert spec.get("description"), spec["title"]["text"]
