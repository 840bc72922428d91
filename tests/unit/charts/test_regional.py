"""The regional chart specs (:mod:`analysis.charts.regional`): theme and source note on every chart, tooltips with the
exact published values, the state map, top-coded and suppressed rows, one release and one measure per chart.

Frames here are SYNTHETIC (tests/helpers/synthetic_regional.py): invented numbers, not BLS data.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.analyses import regional
from analysis.charts import regional as regional_charts
from analysis.charts import theme
from analysis.errors import ChartInputError
from synthetic_regional import SYNTHETIC_OCC, SYNTHETIC_YEAR, synthetic_frame

pytestmark = pytest.mark.usefixtures("project_theme")


def _all_data(spec: dict) -> list[list]:
    """Every inline dataset of a compiled spec (top-level datasets, inline values anywhere, lookups)."""
    found = [v for v in spec.get("datasets", {}).values()]

    def walk(node):
        if isinstance(node, dict):
            values = node.get("values")
            if isinstance(values, list):
                found.append(values)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({k: v for k, v in spec.items() if k != "datasets"})
    return found


def _tooltip_fields(spec: dict) -> list[set[str]]:
    """The tooltip field names of every layer that has a tooltip."""
    out = []
    for layer in spec.get("layer", [spec]):
        tooltip = layer.get("encoding", {}).get("tooltip")
        if tooltip:
            out.append({t["field"] for t in tooltip})
    return out


@pytest.fixture(scope="module")
def frame():
    return synthetic_frame()


def _ranked(frame, measure="a_mean"):
    return regional.state_ranking(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure=measure)


def _charts(frame):
    ranked = _ranked(frame)
    areas = regional.metro_and_nonmetro_estimates(
        frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean"
    )
    summary = regional.metro_nonmetro_summary(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean")
    deep = regional.state_areas(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean", state="AL")
    top = regional.top_and_bottom(
        regional.metro_ranking(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean"), 1
    )
    return {
        "map": regional_charts.state_map(ranked),
        "ranking": regional_charts.ranking_chart(ranked, title="States", references={"U.S.": 55000.0}),
        "top_bottom": regional_charts.ranking_chart(top, title="Metros", group="group"),
        "metro_nonmetro": regional_charts.metro_nonmetro_chart(areas, summary),
        "deep_dive": regional_charts.ranking_chart(deep, title="Alabama", group="group"),
    }


def test_every_regional_chart_carries_theme_source_note_and_small_datasets(frame):
    for name, chart in _charts(frame).items():
        spec = chart.to_dict()
        assert spec["config"]["range"]["category"] == list(theme.OKABE_ITO), name
        assert spec["title"]["subtitle"][-1] == "Source: BLS OEWS, May 2025.", name
        datasets = _all_data(spec)
        assert datasets, name
        assert all(len(values) <= 5000 for values in datasets), name


def test_tooltips_hold_the_published_value_and_its_rse(frame):
    for name, chart in _charts(frame).items():
        fields = _tooltip_fields(chart.to_dict())
        area_tooltips = [f for f in fields if "area_title" in f]
        assert area_tooltips, name
        for tooltip in area_tooltips:
            assert {"display", "rse_text", "interval_text"} <= tooltip, name


def test_tooltip_values_are_the_exact_published_numbers(frame):
    spec = _charts(frame)["ranking"].to_dict()
    rows = {r["area"]: r for values in _all_data(spec) for r in values if isinstance(r, dict) and "area" in r}
    # synthetic Arizona: a_mean 52,000, mean_prse 5.0 -> 52,000 ± 1.96 × 0.05 × 52,000 = 46,904 .. 57,096
    assert rows["04"]["display"] == "$52,000"
    assert rows["04"]["rse_text"] == "5%"
    assert rows["04"]["interval_text"] == "$46,904 to $57,096"
    assert rows["04"]["rank_label"] == "2–4"
    assert "06" not in rows  # California is suppressed: not drawn ...
    assert "Not drawn: 1 suppressed; see the table." in " ".join(spec["title"]["subtitle"])


def test_map_embeds_the_state_shapes_once_and_greys_unpublished_states(frame):
    spec = _charts(frame)["map"].to_dict()
    text = json.dumps(spec)
    assert text.count('"Topology"') == 1
    assert spec["projection"]["type"] == "identity"
    layers = spec["layer"]
    assert layers[0]["mark"]["fill"] == theme.NOT_PUBLISHED_COLOR
    assert layers[1]["transform"][-1]["filter"].startswith("isValid(datum.value)")
    lookup = next(t for t in layers[0]["transform"] if "lookup" in t)
    assert lookup["lookup"] == "id" and lookup["from"]["key"] == "area"
    records = {r["area"]: r for values in _all_data(spec) for r in values if isinstance(r, dict) and "area" in r}
    assert records["06"]["value"] is None
    assert records["06"]["display"] == "suppressed (wage not available)"
    assert "72" not in records  # territories are not on the map


def test_top_coded_state_is_not_drawn_as_a_number(frame):
    ranked = _ranked(frame, "a_pct90")
    spec = regional_charts.ranking_chart(ranked, title="90th percentile").to_dict()
    drawn = {r["area"] for values in _all_data(spec) for r in values if isinstance(r, dict) and "area" in r}
    assert "02" not in drawn  # synthetic Alaska is top-coded
    subtitle = " ".join(spec["title"]["subtitle"])  # wrapped into short lines
    assert "1 top-coded (at least $239,200)" in subtitle
    assert "no relative standard error" in subtitle
    map_records = [
        r
        for values in _all_data(regional_charts.state_map(ranked).to_dict())
        for r in values
        if isinstance(r, dict) and r.get("area") == "02"
    ]
    assert map_records[0]["value"] is None and map_records[0]["display"] == "at least $239,200"
    table = regional_charts.ranking_table(ranked)
    assert table.loc[table["Area"] == "Alaska", "Annual 90th percentile wage (USD)"].item() == "at least $239,200"


def test_ranking_table_keeps_suppressed_rows(frame):
    table = regional_charts.ranking_table(_ranked(frame))
    assert list(table["Area"]) == ["Alaska", "Arizona", "Colorado", "Alabama", "Arkansas", "California"]
    assert table.loc[5, "Annual mean wage (USD)"] == "suppressed (wage not available)"
    assert table.loc[5, "Rank"] == "—"


def test_empty_frames_give_an_empty_table_and_a_clear_chart_error(frame):
    empty = regional.state_areas(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean", state="CO")
    assert regional_charts.ranking_table(empty).empty
    with pytest.raises(ChartInputError, match="nothing to show") as error:
        regional_charts.ranking_chart(empty, title="Colorado")
    assert "found '0 rows'; expected at least one area's row" in str(error.value)


def test_a_regional_chart_refuses_two_releases_or_two_measures_naming_them(frame):
    states = regional.state_ranking(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean")
    two_years = pd.concat([states, states.assign(year=SYNTHETIC_YEAR - 1)], ignore_index=True)
    with pytest.raises(ChartInputError) as error:
        regional_charts.ranking_chart(two_years, title="States")
    assert str(error.value) == (
        f"a regional chart shows one release; found 'rows of May {SYNTHETIC_YEAR - 1} and May {SYNTHETIC_YEAR}'; "
        "expected the rows of one May release (select one year before charting)"
    )
    two_measures = pd.concat([states, states.assign(measure="a_median")], ignore_index=True)
    with pytest.raises(ChartInputError, match="one measure; found 'measures a_mean, a_median'"):
        regional_charts.ranking_chart(two_measures, title="States")


def test_group_colours_follow_the_frames_order(frame):
    metros = regional.metro_ranking(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean")
    spec = regional_charts.ranking_chart(regional.top_and_bottom(metros, 1), title="Metros", group="group").to_dict()
    colour = next(layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert colour["scale"]["domain"] == ["Top 1", "Bottom 1"]


# ------------------------------------------------------------------------------------ on the bundled data
@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    from analysis import store

    return store.load(occ_codes=["29-2072"])


def test_a_measure_without_an_rse_draws_no_interval(bundled):
    from analysis.charts import regional as regional_charts

    ranked = regional.state_ranking(bundled, occupation="29-2072", year=2025, measure="a_median")
    spec = regional_charts.ranking_chart(ranked, title="t", area_set="the 50 states and the District of Columbia")
    text = str(spec.to_dict())
    # no empty interval layer (Vega warned "Infinite extent for field lower/upper")
    assert "'field': 'lower'" not in text and "'field': 'upper'" not in text
    mean = regional.state_ranking(bundled, occupation="29-2072", year=2025, measure="a_mean")
    assert "'field': 'lower'" in str(regional_charts.ranking_chart(mean, title="t").to_dict())
    description = spec.to_dict()["description"]
    assert description.startswith(
        "Dot chart of the annual median wage of Medical Records Specialists (29-2072) in the 50 states and the "
        "District of Columbia, highest first, BLS OEWS May 2025; no intervals"
    )
