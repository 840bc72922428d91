"""Charts for every width (issue 21.1): every chart of notebooks 01, 03 and 04, built from the bundled BLS data,
asks the page for its column's width, names the image a reader saves, formats every tooltip value, wraps its title
for a phone, and draws with Vega-Lite 5 and 6 alike (JupyterLab draws 5, altair writes 6)."""

from __future__ import annotations

import re

import pytest

from analysis.analyses import adjust, industry, national, outlook, ownership, trends
from analysis.analyses.cross_break import cross_break_comparison
from analysis.charts import industry as industry_charts
from analysis.charts import national as national_charts
from analysis.charts import theme
from analysis.charts import trends as trend_charts
from analysis.sources import projections


@pytest.fixture(scope="module")
def charts() -> dict:
    """The charts the default reports of notebooks 01, 03 and 04 draw (29-2072, 4-digit industries, the HIM
    group over every bundled release)."""
    from analysis import store

    theme.enable()
    latest = store.load(years=[2025], area_types=[1])
    career = national.career_ladder(latest, 2025)
    extra = outlook.ladder_outlook(projections.read_projections(), list(career["occ_code"]))
    profile = industry.industry_profile(latest, "29-2072", 2025, "4-digit")
    frame = store.load(area_types=[1])
    series = trends.national_series(frame, ["29-2072", "29-9021", "11-9111"], compare_with="00-0000")
    base_year = adjust.check_base_year(None, trends.release_years(frame))
    real = trends.with_real_wages(series, base_year)
    breaks = trends.series_breaks(series)
    return {
        "wage ladder": national_charts.wage_ladder_chart(
            national.wage_ladder(latest, "29-2072", 2025), national.summary(latest, "29-2072", 2025)
        ),
        "career ladder": national_charts.career_ladder_chart(career, 2025, extra),
        "employment by industry": industry_charts.employment_chart(profile, 15),
        "premium by industry": industry_charts.premium_chart(profile, 15),
        "within industries": industry_charts.employer_type_chart(ownership.within_industries(latest, "29-2072", 2025)),
        "across industries": industry_charts.employer_type_chart(
            ownership.across_industries(latest, "29-2072", 2025), across=True
        ),
        "wage": trend_charts.wage_chart(real, breaks, real=False),
        "real wage": trend_charts.wage_chart(real, breaks, real=True, base_year=base_year),
        "employment": trend_charts.employment_chart(series, breaks),
        "spread": trend_charts.spread_chart(series, breaks),
        "cross break": trend_charts.cross_break_chart(cross_break_comparison(frame, base_year=base_year)),
    }


def _layers(spec: dict):
    yield spec
    for layer in spec.get("layer", []):
        yield from _layers(layer)


def test_every_chart_names_its_saved_image_and_asks_for_the_column_width(charts):
    names = {}
    for name, chart in charts.items():
        usermeta = chart.to_dict()["usermeta"]
        file_name = usermeta["embedOptions"]["downloadFileName"]
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", file_name), (name, file_name)
        assert file_name != "visualization"
        names[file_name] = name
        assert usermeta[theme.FIT_WIDTH] is True, name
    assert len(names) == len(charts), names  # one name per chart
    assert "wage-ladder-29-2072-may-2025" in names


def test_fit_width_makes_a_fixed_width_chart_container_wide_only_when_asked(charts):
    spec = charts["wage"].to_dict()
    assert isinstance(spec["width"], int)  # notebooks, printing and the static SVG keep a fixed width
    assert theme.fit_width(spec)["width"] == "container"
    assert theme.fit_width({"width": 300, "mark": "point"}) == {"width": 300, "mark": "point"}  # did not ask
    stepped = {"width": {"step": 20}, "usermeta": {theme.FIT_WIDTH: True}}
    assert theme.fit_width(stepped) == stepped


def test_every_tooltip_shows_formatted_text_or_a_formatted_number(charts):
    for name, chart in charts.items():
        tips = 0
        for layer in _layers(chart.to_dict()):
            found = layer.get("encoding", {}).get("tooltip", [])
            for tip in found if isinstance(found, list) else [found]:
                tips += 1
                assert tip.get("title"), (name, tip)
                if tip.get("type") == "quantitative":
                    assert tip.get("format"), (name, tip)  # never a raw float such as 98338.35
                else:
                    assert tip.get("type") == "nominal", (name, tip)
        assert tips, name


def test_titles_wrap_to_a_phone_column(charts):
    for name, chart in charts.items():
        title = chart.to_dict()["title"]
        heading = title["text"] if isinstance(title["text"], list) else [title["text"]]
        assert all(len(line) <= theme.HEADING_CHARS for line in heading), (name, heading)
        assert all(len(line) <= theme.SUBTITLE_CHARS for line in title["subtitle"]), (name, title["subtitle"])
        assert title["subtitle"][-1].startswith("Source: BLS OEWS, May"), name


def test_rankings_name_each_row_code_first(charts):
    spec = charts["employment by industry"].to_dict()
    rows = [r for values in spec["datasets"].values() for r in values if "industry" in r]
    assert "622100 General Medical and Surgical Hospitals" in {r["industry"] for r in rows}  # BLS May 2025
    assert all(re.match(r"\d{6} ", r["industry"]) for r in rows)
    texts = [layer for layer in _layers(spec) if layer.get("mark", {}).get("type") == "text"]
    assert any(t["encoding"]["text"]["field"] == "industry" for t in texts)
    assert spec["layer"][0]["encoding"]["y"]["axis"] is None  # no axis label to cut


@pytest.mark.parametrize("version", ["5_8", "5_21", "6_4"])
def test_every_chart_draws_with_vega_lite_5_and_6(charts, version):
    import vl_convert  # a dependency of the project (the charts' static pictures and Vega compilation)

    for name, chart in charts.items():
        spec = theme.fit_width(chart.to_dict())
        svg = vl_convert.vegalite_to_svg(spec, vl_version=version)
        assert "<svg" in svg and 'class="marks"' in svg, (name, version)


def test_file_names_are_short_slugs_cut_between_words():
    assert theme.file_name("wage ladder", "29-2072", "May 2025") == "wage-ladder-29-2072-may-2025"
    assert theme.file_name("Annual mean wage (USD) by state") == "annual-mean-wage-by-state"
    long = theme.file_name("Medical Records Specialists: metropolitan areas with the highest and lowest annual mean")
    assert len(long) <= 80 and long.endswith("-lowest")
    assert theme.file_name("", "—") == "chart"
