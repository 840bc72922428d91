"""The regional and comparison pages (:mod:`analysis.reports.regional_page`, :mod:`analysis.reports.compare_page`)
lead with their subject and turn a wrong parameter into one line, on the bundled May 2025 data (data/raw/oe; expected
values read from the store here).
"""

from __future__ import annotations

import pytest

from analysis.errors import ParameterError


def test_the_pages_lead_with_their_subject(bundled, rows):
    from analysis.reports import compare_page, regional_page

    report = regional_page.prepare(
        bundled, occupation="29-2072", year=None, measure="a_mean", state="California", area=None, top_n=5
    )
    california = rows.set_index("area").loc["06"]
    assert regional_page.headline(report).startswith(
        f"California: Medical Records Specialists earned an annual mean wage of ${int(california['a_mean']):,} "
    )
    assert regional_page.key_figures(report)[0] == ["California, annual mean wage", f"${int(california['a_mean']):,}"]
    assert regional_page.state_parts(report) and regional_page.area_parts(report) == []
    assert regional_page.hint("area", None) and regional_page.hint("state", "CA") == []
    houston = regional_page.prepare(
        bundled, occupation="29-2072", year=2025, measure="a_mean", state=None, area="Houston, TX", top_n=5
    )
    assert houston.area == "26420" and regional_page.headline(houston).startswith("Houston-Pasadena-The Woodlands, TX:")
    comparison = compare_page.prepare(
        bundled, occupation="29-2072", areas=["CA", "Houston, TX"], year=None, salary=None
    )
    assert comparison.areas == ["06", "26420"] and compare_page.salary_parts(comparison) == []


def test_a_wrong_parameter_renders_as_one_line(bundled):
    from analysis.reports import regional_page

    with pytest.raises(ParameterError) as raised:
        regional_page.prepare(
            bundled, occupation="29-2072", year=None, measure="a_mean", state="Atlantis", area=None, top_n=5
        )
    assert raised.value._render_traceback_() == [f"ParameterError: {raised.value}"]
    with pytest.raises(ParameterError, match="closest: Houston-Pasadena-The Woodlands, TX \\(26420\\)"):
        regional_page.prepare(
            bundled, occupation="29-2072", year=None, measure="a_mean", state=None, area="Houstn, TX", top_n=5
        )
    with pytest.raises(ParameterError, match="measure 'mean' is not available; choose one of: 'a_mean'"):
        regional_page.prepare(bundled, occupation="29-2072", year=None, measure="mean", state=None, area=None, top_n=5)
