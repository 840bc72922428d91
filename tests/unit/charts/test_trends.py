"""The trend chart specs (:mod:`analysis.charts.trends`). (Every trend chart's width, tooltips and titles are also
checked with the other charts in test_charts_for_every_width.py.)
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.charts import trends as trend_charts
from analysis.errors import ChartInputError


def test_the_cross_break_chart_refuses_an_empty_comparison():
    with pytest.raises(ChartInputError, match="no cross-break comparison to draw.*found '0 rows'"):
        trend_charts.cross_break_chart(pd.DataFrame())
