"""Fixtures of the chart tests."""

from __future__ import annotations

import altair as alt
import pytest

from analysis.charts import theme


@pytest.fixture
def project_theme():
    """The project theme active for one test, the previous theme back after it (a module asks for it with
    ``pytestmark = pytest.mark.usefixtures("project_theme")``)."""
    previous = alt.theme.active
    theme.enable()
    yield
    alt.theme.enable(previous)
