"""The project theme and the chart helpers (:mod:`analysis.charts.theme`): theme applied, source note, value
formatting, measure labels, row limits, marks that describe themselves. Frames here are SYNTHETIC (invented numbers,
not BLS data); the regional chart specs are tested in test_regional.py.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import pytest

from analysis.charts import theme
from analysis.errors import ChartInputError, HimWagesError, ParameterError

pytestmark = pytest.mark.usefixtures("project_theme")


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


def test_too_many_rows_are_refused_not_truncated():
    # altair's row limit stays on: the theme must not disable it (synthetic 5,001-row frame).
    big = pd.DataFrame({"x": range(5001)})
    with pytest.raises(alt.MaxRowsError):
        alt.Chart(big).mark_point().encode(x="x:Q").to_dict()


def test_chart_input_errors_are_project_errors_and_value_errors():
    # ValueError kept for callers written before the class existed
    assert issubclass(ChartInputError, HimWagesError) and issubclass(ChartInputError, ValueError)


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
