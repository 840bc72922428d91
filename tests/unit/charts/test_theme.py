"""The project theme and the chart helpers: theme applied, source note, tooltips, value formatting, row limits.

Frames here are SYNTHETIC (tests/synthetic_regional.py): invented numbers, not BLS data.
"""

from __future__ import annotations

import json
import re

import altair as alt
import pandas as pd
import pytest

from analysis.analyses import regional
from analysis.charts import regional as regional_charts
from analysis.charts import theme
from analysis.charts import trends as trend_charts
from analysis.errors import ChartInputError, HimWagesError, ParameterError
from synthetic_regional import SYNTHETIC_OCC, SYNTHETIC_YEAR, synthetic_frame


@pytest.fixture(autouse=True)
def project_theme():
    previous = alt.theme.active
    theme.enable()
    yield
    alt.theme.enable(previous)


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


def test_enable_makes_the_project_theme_active_and_applies_palettes():
    assert alt.theme.active == theme.THEME_NAME
    spec = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q").to_dict()
    assert spec["config"]["range"]["category"] == list(theme.OKABE_ITO)
    assert spec["config"]["range"]["ramp"] == {"scheme": "blues"}
    assert spec["config"]["axis"]["labelFontSize"] >= 11
    assert spec["config"]["font"] == theme.FONT


def test_enable_is_idempotent():
    theme.enable()
    theme.enable()
    assert alt.theme.names().count(theme.THEME_NAME) == 1


@pytest.mark.parametrize(
    ("years", "expected"),
    [
        (2025, "Source: BLS OEWS, May 2025."),
        ([2023, 2024, 2025], "Source: BLS OEWS, May 2023–May 2025."),
        ([2019, 2021], "Source: BLS OEWS, May 2019, May 2021."),
        (pd.Series([2024, 2024], dtype="Int64"), "Source: BLS OEWS, May 2024."),
    ],
)
def test_source_note_names_the_release(years, expected):
    assert theme.source_note(years) == expected


def test_source_note_needs_a_year():
    with pytest.raises(ChartInputError, match="at least one") as error:
        theme.source_note([])
    assert str(error.value) == (
        "source_note needs at least one release year; found '[]'; expected a May release year such as 2025"
    )


def test_chart_title_ends_with_the_source_note():
    title = theme.chart_title("Wages", 2025, ["first line"]).to_dict()
    assert title["subtitle"] == ["first line", "Source: BLS OEWS, May 2025."]


@pytest.mark.parametrize(
    ("value", "measure", "status", "top_code", "expected"),
    [
        (93750.0, "a_mean", None, None, "$93,750"),
        (45.07, "h_mean", None, None, "$45.07"),
        (45.0, "h_median", None, None, "$45.00"),
        (12340.0, "tot_emp", None, None, "12,340"),
        (1.234, "jobs_1000", None, None, "1.234"),
        (0.9, "loc_quotient", None, None, "0.9"),
        (None, "a_pct90", "top_coded", 239200.0, "at least $239,200"),
        (None, "h_pct90", "top_coded", 115.0, "at least $115.00"),
        (None, "a_pct90", "top_coded", None, "at or above the top-code"),
        (None, "a_mean", "wage_not_available", None, "suppressed (wage not available)"),
        (None, "tot_emp", "employment_not_available", None, "suppressed (employment not available)"),
        (pd.NA, "a_mean", pd.NA, pd.NA, "not in the data"),
        (float("nan"), "a_mean", None, None, "not in the data"),
    ],
)
def test_format_value_shows_published_values_and_never_a_top_code_as_a_number(
    value, measure, status, top_code, expected
):
    assert theme.format_value(value, measure, status, top_code) == expected


def test_measure_labels_carry_units():
    assert theme.measure_label("a_mean") == "Annual mean wage (USD)"
    assert theme.measure_label("h_pct10") == "Hourly 10th percentile wage (USD)"
    assert "(" in theme.measure_label("loc_quotient")
    with pytest.raises(ParameterError, match="known measures: tot_emp"):
        theme.measure_label("wage")
    with pytest.raises(ParameterError, match="unknown measure 'wage'"):
        theme.axis_format("wage")


# ------------------------------------------------------------------------------------ regional chart specs
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


def test_too_many_rows_are_refused_not_truncated():
    # altair's row limit stays on: the theme must not disable it (synthetic 5,001-row frame).
    big = pd.DataFrame({"x": range(5001)})
    with pytest.raises(alt.MaxRowsError):
        alt.Chart(big).mark_point().encode(x="x:Q").to_dict()


def test_empty_frames_give_an_empty_table_and_a_clear_chart_error(frame):
    empty = regional.state_areas(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean", state="CO")
    assert regional_charts.ranking_table(empty).empty
    with pytest.raises(ChartInputError, match="nothing to show") as error:
        regional_charts.ranking_chart(empty, title="Colorado")
    assert "found '0 rows'; expected at least one area's row" in str(error.value)


def test_chart_input_errors_are_project_errors_and_value_errors():
    # ValueError kept for callers written before the class existed
    assert issubclass(ChartInputError, HimWagesError) and issubclass(ChartInputError, ValueError)


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


def test_the_cross_break_chart_refuses_an_empty_comparison():
    with pytest.raises(ChartInputError, match="no cross-break comparison to draw.*found '0 rows'"):
        trend_charts.cross_break_chart(pd.DataFrame())


def test_group_colours_follow_the_frames_order(frame):
    metros = regional.metro_ranking(frame, occupation=SYNTHETIC_OCC, year=SYNTHETIC_YEAR, measure="a_mean")
    spec = regional_charts.ranking_chart(regional.top_and_bottom(metros, 1), title="Metros", group="group").to_dict()
    colour = next(layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {}))
    assert colour["scale"]["domain"] == ["Top 1", "Bottom 1"]


def test_marks_describe_themselves_in_their_tooltips_words_never_raw_field_names():
    """Vega-Lite describes a mark to screen readers (and in the static SVG) by its encoded fields, under the raw
    field name where the title is unset or hidden ("a_mean: 56790"); the project's charts speak their tooltips."""
    import vl_convert

    # SYNTHETIC: two invented rows
    data = pd.DataFrame(
        {"label": ["Area A", "Area B"], "a_mean": [50000.0, 60000.0], "tot_emp": [1200.0, None], "mean_text": ["", ""]}
    )
    y = alt.Y("label:N", title=None, axis=None)
    dots = (
        alt.Chart(data)
        .mark_point()
        .encode(
            y=y,
            x=alt.X("a_mean:Q", title="Annual mean wage (USD)"),
            tooltip=[
                alt.Tooltip("label:N", title="Area"),
                alt.Tooltip("a_mean:Q", title="Annual mean", format="$,.0f"),
                alt.Tooltip("tot_emp:Q", title="Employment", format=",.0f"),
            ],
        )
    )
    chart = alt.layer(dots, *theme.row_labels(alt.Chart(data), y, "label", "mean_text"))
    spec = theme.readable_mark_descriptions(chart.to_dict())
    point, *labels = spec["layer"]
    assert point["encoding"]["description"] == {"field": theme.DESCRIPTION_FIELD, "type": "nominal"}
    assert all(layer["mark"]["aria"] is False for layer in labels)  # the labels' words are drawn, not said twice
    svg = vl_convert.vegalite_to_svg(spec)
    said = re.findall(r'aria-label="([^"]*)"', svg)
    assert "Area: Area A; Annual mean: $50,000; Employment: 1,200" in said
    assert "Area: Area B; Annual mean: $60,000; Employment: not published" in said
    assert not [text for text in said if re.search(r"a_mean|tot_emp|mean_text|label:", text)], said
    aggregated = {"mark": "bar", "encoding": {"x": {"field": "v", "aggregate": "sum"}, "tooltip": [{"field": "v"}]}}
    assert theme.readable_mark_descriptions(aggregated) == aggregated  # a computed field would join the groupby
