"""The comparison page (:mod:`analysis.reports.compare_page`) on the bundled May 2025 data (data/raw/oe) and the
bundled BEA RPPs (data/raw/bea): California against Houston for 29-2072 Medical Records Specialists. The figures it
records are the published values, read from the bundled data here, never typed; the salary is SYNTHETIC."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.reports import compare_page


@pytest.fixture(scope="module")
def comparison(bundled):
    return compare_page.prepare(bundled, occupation="29-2072", areas=["CA", "Houston, TX"], year=None, salary=60000)


def _published(bundled: pd.DataFrame, area: str, column: str) -> float:
    rows = bundled[(bundled["year"] == 2025) & (bundled["naics"] == "000000") & (bundled["area"] == area)]
    return float(rows[column].iloc[0])


def test_the_figures_record_the_published_values_of_each_area(bundled, comparison):
    figures = compare_page.figures(comparison)
    assert figures["areas"] == ["06", "26420"] and figures["year"] == 2025
    for area in ("06", "26420"):
        assert figures["values"]["a_mean"][area] == _published(bundled, area, "a_mean")
        assert figures["values"]["tot_emp"][area] == _published(bundled, area, "tot_emp")
    assert figures["salary"] == 60000 and set(figures["salary_check"]) == {"06", "26420"}
    assert figures["headline"] == compare_page.headline(comparison)


def test_only_the_state_is_adjusted_for_prices(comparison):
    # BEA publishes regional price parities for states; a metropolitan area is shown as published
    figures = compare_page.figures(comparison)
    assert list(figures["adjusted_mean"]) == ["06"] and figures["rpp_year"] is not None


def test_the_key_figures_table_has_readers_columns(comparison):
    table = compare_page.key_figures_table(comparison)
    assert list(table.columns) == ["Figure", "Value"] and len(table) > 0
    assert compare_page.salary_parts(comparison)  # a salary was given: the page checks it
