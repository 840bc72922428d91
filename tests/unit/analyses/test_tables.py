"""The tables the national, industry and trends reports show: plain-English headers with units, values written as
BLS publishes them, statuses as words, no index, no raw column names, and key figures recorded raw but shown
formatted.

Expected values are read from the bundled BLS data at test time (``analysis.store``) or come from frames made up
in the test (named "synthetic").
"""

from __future__ import annotations

import re

import pandas as pd
import papermill as pm
import pytest

from analysis import paths, store
from analysis.analyses import claims, industry, national, tables, trends
from analysis.analyses.trends_text import growth_table, key_figures, key_figures_table
from analysis.reports import notebook
from analysis.reports.build import KERNEL_NAME

#: Column names of the canonical and analysis frames that must never reach a reader's table header.
RAW_NAMES = re.compile(
    r"\b(naics_title|occ_code|occ_title|a_mean|h_mean|tot_emp|emp_prse|mean_prse|a_pct\d+|"
    r"a_median|\w+_status|\w+_pct|segment_label|first_year|last_year|base_year|rank_by_\w+)\b"
)


@pytest.fixture(scope="module")
def national_frame() -> pd.DataFrame:
    return store.load(area_types=[1])


@pytest.fixture(scope="module")
def latest(national_frame) -> int:
    return int(national.national_cross_industry(national_frame)["year"].max())


def _assert_readable(frame: pd.DataFrame) -> None:
    """Headers in words, every cell a display string (no NaN/<NA>, no bare float like 34860.0), default index."""
    assert len(frame.columns) <= 9
    for header in frame.columns:
        assert not RAW_NAMES.search(str(header)), header
    assert list(frame.index) == list(range(len(frame)))
    for value in frame.to_numpy().ravel():
        assert isinstance(value, str), value
        assert value not in ("nan", "<NA>", "None") and not re.fullmatch(r"-?\d+\.\d+", value), value


# ------------------------------------------------------------------------------------------ formatters


def test_formatters_write_values_as_bls_publishes_them():
    assert tables.money(56790.0) == "$56,790"
    assert tables.money(27.3, hourly=True) == "$27.30"
    # synthetic top-code bound and statuses: a top-coded wage is "at least" the bound, a symbol is a word
    assert tables.money(None, status="top_coded", top_code=239200.0) == "at least $239,200"
    assert tables.money(None, status="wage_not_available") == "suppressed (wage not available)"
    assert tables.money(pd.NA) == "not published"
    assert tables.jobs(194720.0) == "194,720" and tables.jobs(194720.0, unit=" jobs") == "194,720 jobs"
    assert tables.jobs(pd.NA, status="employment_not_available") == "suppressed (employment not available)"
    assert tables.percent(1.1) == "1.1%" and tables.percent(3.25, signed=True) == "+3.2%"
    assert tables.percent(-0.27, digits=2, signed=True) == "-0.27%" and tables.percent(None) == "—"
    assert tables.share(0.266) == "26.6%"
    assert tables.signed_money(5480.0) == "+$5,480" and tables.signed_money(-6730.0) == "-$6,730"
    assert tables.computed_money(57397.74) == "$57,398"
    # whole dollars, one rule for a computed wage, a salary to check and an annual wage in a sentence
    assert tables.whole_dollars(57397.74) == "$57,398" and tables.whole_dollars(45000) == "$45,000"
    # SYNTHETIC rows: one mean-wage column rule for the claims, industry and ownership tables
    rows = pd.DataFrame(
        {
            "a_mean": [48270.0, pd.NA, pd.NA],
            "a_mean_status": [pd.NA, "top_coded", "wage_not_available"],
            "a_mean_lower": [47891.6, pd.NA, pd.NA],
            "a_mean_upper": [48648.4, pd.NA, pd.NA],
        }
    )
    assert tables.mean_wage_cells(rows) == ["$48,270", "at or above the top-code", "suppressed (wage not available)"]
    assert tables.mean_wage_cells(rows.assign(top_code_annual=239200.0))[1] == "at least $239,200"
    assert tables.mean_wage_interval_cells(rows) == ["$47,892–$48,648", "—", "—"]
    assert tables.release(2025) == "May 2025"
    assert tables.releases([2013, 2011, 2012]) == "May 2011–May 2013"
    assert tables.releases([2011, 2025]) == "May 2011, May 2025"
    # one label for an occupation or industry (national key figures, claim evidence, the outlook ladder)
    assert tables.code_and_title("29-2072", "Medical Records Specialists") == "29-2072 Medical Records Specialists"
    assert tables.code_and_title("29-2072", pd.NA) == "29-2072" == tables.code_and_title("29-2072", None)


# ------------------------------------------------------------------------------------------ national (01)


def test_national_ladder_and_key_figures_are_formatted_from_the_real_data(national_frame, latest):
    row = national.occupation_row(national_frame, "29-2072", latest)
    summary = national.summary(national_frame, "29-2072", latest)
    ladder = national.wage_ladder(national_frame, "29-2072", latest)
    shown = national.ladder_table(ladder)
    _assert_readable(shown)
    assert list(shown.columns) == ["Percentile", "Stands for", "Hourly wage (USD)", "Annual wage (USD)"]
    assert shown.iloc[2]["Annual wage (USD)"] == f"${float(row['a_median']):,.0f}"

    figures = national.key_figures(national_frame, "29-2072", latest)
    figures["releases_loaded"] = [latest]
    figures["claims"] = {"Pay is rising": "cannot check"}
    by = national.key_figures_table(figures, summary, ladder).set_index("Figure")["Value"]
    assert by["Annual mean wage"] == f"${float(row['a_mean']):,.0f}"
    assert by["Hourly mean wage"] == f"${float(row['h_mean']):,.2f}"  # "$27.30", not 27.3
    assert by["Employment"] == f"{float(row['tot_emp']):,.0f} jobs"
    assert by["Mean wage relative standard error"] == f"{float(row['mean_prse']):.1f}%"
    assert by["Release"] == f"May {latest}" and by["Releases loaded"] == f"May {latest}"
    assert by["Claim: Pay is rising"] == "cannot check"
    assert figures["h_mean"] == float(row["h_mean"])  # the recorded figures stay raw numbers


def test_claim_evidence_tables_select_the_columns_that_matter(national_frame, latest):
    checked = claims.check_claims(national_frame, "29-2072")
    _assert_readable(claims.claims_table(checked))
    for claim in checked.itertuples():
        if len(claim.evidence):
            _assert_readable(claims.evidence_table(claim.kind, claim.evidence))
    rising = checked.set_index("kind").loc["rising_pay", "evidence"]
    assert rising.shape[1] > 5  # segment_growth's frame ...
    assert claims.evidence_table("rising_pay", rising).shape[1] == 5  # ... shown with five columns

    # synthetic evidence frames, one per kind
    industry_pay = pd.DataFrame(
        {
            "year": [2099, 2099],
            "naics": ["621100", "622000"],
            "naics_title": ["Offices of Physicians", "Hospitals"],
            "occ_code": ["29-2072"] * 2,
            "tot_emp": [34860.0, pd.NA],
            "a_mean": [pd.NA, 61920.0],
            "a_mean_status": ["wage_not_available", pd.NA],
        }
    )
    shown = claims.evidence_table("industry_pay", industry_pay)
    assert shown.to_dict("records") == [
        {
            "Release": "May 2099",
            "Industry (NAICS)": "621100 Offices of Physicians",
            "Employment (jobs)": "34,860",
            "Annual mean wage (USD)": "suppressed (wage not available)",
            "95% interval (USD)": "—",
        },
        {
            "Release": "May 2099",
            "Industry (NAICS)": "622000 Hospitals",
            "Employment (jobs)": "not published",
            "Annual mean wage (USD)": "$61,920",
            "95% interval (USD)": "—",
        },
    ]
    # SYNTHETIC: the nearest HIM mean of a claimed average, with its interval
    nearest = pd.DataFrame(
        {
            "year": [2099],
            "occ_code": ["29-2098"],
            "occ_title": ["Synthetic"],
            "a_mean": [48270.0],
            "a_mean_status": [pd.NA],
            "mean_prse": [0.4],
            "a_mean_lower": [47891.6],
            "a_mean_upper": [48648.4],
            "tot_emp": [318010.0],
            "nearest": [True],
        }
    )
    assert claims.evidence_table("average_wage", nearest).iloc[0].to_dict() == {
        "Release": "May 2099",
        "HIM code": "29-2098 Synthetic",
        "Annual mean wage (USD)": "$48,270",
        "95% interval (USD)": "$47,892–$48,648",
        "Employment (jobs)": "318,010",
        "Nearest to the claim": "yes",
    }
    no_match = nearest
    with pytest.raises(ValueError, match="unknown claim kind"):
        claims.evidence_table("horoscope", no_match)


# ------------------------------------------------------------------------------------------ industry (03)


def test_industry_tables_show_statuses_as_words(national_frame, latest):
    profile = industry.industry_profile(national_frame, "29-2072", latest, "4-digit")
    shown = industry.industry_table(profile, 15)
    _assert_readable(shown)
    assert len(shown) == min(15, len(profile))
    first = profile.iloc[0]
    assert shown.iloc[0]["Industry"] == first["naics_title"]
    assert shown.iloc[0]["Employment (jobs)"] == f"{float(first['tot_emp']):,.0f}"
    assert shown.iloc[0]["Annual mean wage (USD)"] == f"${float(first['a_mean']):,.0f}"
    assert shown.iloc[0]["Share of the occupation's employment"] == f"{float(first['share_of_employment']):.1%}"

    missing = industry.unpublished(profile)
    shown_missing = industry.unpublished_table(missing)
    _assert_readable(shown_missing)
    for row, cells in zip(missing.itertuples(), shown_missing.itertuples()):
        if pd.notna(row.tot_emp_status):
            assert cells[3].startswith("suppressed (")  # e.g. "suppressed (not released)"

    # synthetic profile rows: a top-coded wage shows its bound, an unranked row a dash
    synthetic = profile.head(2).copy()
    synthetic["a_mean"] = pd.array([pd.NA, 50000.0], dtype="Float64")
    synthetic["a_mean_status"] = pd.array(["top_coded", pd.NA], dtype="string")
    synthetic["top_code_annual"] = pd.array([239200.0, 239200.0], dtype="Float64")
    synthetic["rank_by_wage"] = pd.array([pd.NA, 1], dtype="Int64")
    synthetic["meets_floor"] = [False, True]
    shown = industry.industry_table(synthetic)
    assert shown["Annual mean wage (USD)"].tolist() == ["at least $239,200", "$50,000"]
    assert shown["Rank by wage (reliable estimates only)"].tolist() == ["below the floor", "1"]

    figures = industry.key_figures(profile)
    figures["top_n"], figures["levels_available"] = 15, ["sector", "4-digit"]
    by = industry.key_figures_table(figures).set_index("Figure")["Value"]
    assert by["Annual mean wage, all industries"] == f"${figures['reference_a_mean']:,.0f}"
    assert by["Employment, all industries"] == f"{figures['reference_tot_emp']:,.0f} jobs"
    assert by["Largest employer"] == f"{first['naics_title']} (NAICS {first['naics']})"
    assert by["NAICS levels available"] == "sector, 4-digit"


# ------------------------------------------------------------------------------------------ trends (04)


def test_growth_table_and_key_figures_of_the_trends(national_frame):
    series = trends.national_series(national_frame, ["29-2072"])
    growth = trends.segment_growth(series)
    shown = growth_table(growth)
    _assert_readable(shown)
    assert shown["Comparable series (no break inside)"].tolist() == growth["segment_label"].tolist()
    # synthetic two-release segment: changes with their sign; a one-release segment has no rate
    synthetic = pd.DataFrame(
        {
            "segment_label": ["29-2072, May 2098–May 2099", "29-9021, May 2099"],
            "base_year": [2099, 2099],
            "first_a_mean": [50000.0, 60000.0],
            "last_a_mean": [52000.0, 60000.0],
            "first_real_a_mean": [51000.4, 60000.0],
            "last_real_a_mean": [52000.0, 60000.0],
            "nominal_change_pct": [4.0, pd.NA],
            "real_change_pct": [1.96, pd.NA],
            "real_annual_pct": [1.96, pd.NA],
            "employment_change_pct": [-2.5, pd.NA],
            "nominal_change_words": ["rose", pd.NA],
            "real_change_words": ["cannot be told apart from no change", pd.NA],
        }
    )
    rows = growth_table(synthetic).to_dict("records")
    assert rows[0] == {
        "Comparable series (no break inside)": "29-2072, May 2098–May 2099",
        "Annual mean wage, first release (USD)": "$50,000",
        "Annual mean wage, last release (USD)": "$52,000",
        "First release, in 2099 dollars (USD)": "$51,000",
        "Last release, in 2099 dollars (USD)": "$52,000",
        "Change, as published (by the 95% intervals)": "+4.0% (rose)",
        "Change, in 2099 dollars (by the 95% intervals)": "+2.0% (cannot be told apart from no change)",
        "Change a year, in 2099 dollars": "+1.96%",
        "Employment change": "-2.5%",
    }
    assert rows[1]["Change, as published (by the 95% intervals)"] == "—"

    figures = key_figures(series, growth, trends.series_breaks(series))
    by = key_figures_table(figures).set_index("Figure")["Value"]
    assert by["Releases loaded"] == tables.releases(figures["years"])
    assert by["National values charted"].startswith(f"{len(figures['values'])} ")
    assert not any(v.startswith(("[", "{")) for v in by)  # no JSON dumps


# ------------------------------------------------------------------------------------------ recorded figures


def test_record_figures_keeps_raw_numbers_and_shows_the_formatted_table(monkeypatch):
    shown = []
    monkeypatch.setattr(notebook, "_display", shown.append)
    synthetic = {"h_mean": 27.3, "tot_emp": 194720.0}
    notebook.record_figures(synthetic, table=tables.figures_frame([("Hourly mean wage", "$27.30")]))
    bundle = shown[0]
    assert bundle[notebook.FIGURES_MIME_TYPE] == synthetic
    assert "$27.30" in bundle["text/html"] and "27.3<" not in bundle["text/html"]
    assert "<th>Figure</th>" in bundle["text/html"] and "mathjax_ignore" in bundle["text/html"]
    notebook.record_figures(synthetic)  # without a table: the raw key/value table, as before
    assert "27.3" in shown[1]["text/html"]


# ------------------------------------------------------------------------------------------ executed notebooks


def _table_outputs(path) -> list[str]:
    import nbformat

    node = nbformat.read(str(path), as_version=4)
    found = []
    for cell in node.cells:
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html", "")
            if "<table" in html:
                found.append(html)
    return found


@pytest.mark.notebook
@pytest.mark.parametrize("name, expected_tables", [("01_national", 5), ("03_industry", 3), ("04_trends", 2)])
def test_every_table_of_the_executed_notebooks_is_readable(tmp_path, name, expected_tables):
    output = tmp_path / f"{name}.ipynb"
    pm.execute_notebook(
        str(paths.notebooks_dir() / f"{name}.ipynb"),
        str(output),
        kernel_name=KERNEL_NAME,
        cwd=str(paths.notebooks_dir()),
        progress_bar=False,
    )
    found = _table_outputs(output)
    assert len(found) >= expected_tables
    for html in found:
        headers = re.findall(r"<th(?:\s[^>]*)?>(.*?)</th>", html, re.DOTALL)
        assert all(h.strip() for h in headers), "an index column (empty header) is shown"
        for header in headers:
            assert not RAW_NAMES.search(header), header
        assert "rows ×" not in html and "&lt;NA&gt;" not in html and "<NA>" not in html
        assert not re.search(r"<td[^>]*>-?\d+\.\d+</td>", html), "an unformatted float is shown"
        assert "style" not in re.findall(r"<(\w+)", html)  # plain tables, no pandas Styler
