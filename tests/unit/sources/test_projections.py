"""BLS Employment Projections 2024-34 (analysis.sources.projections): the bundled export read as published, and
specific errors for SYNTHETIC broken copies written by the tests."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import paths
from analysis.errors import HimWagesError, OEWSInputError, SourceNotFoundError
from analysis.sources import projections

REAL = paths.raw_dir() / "projections" / projections.FILE_NAME


@pytest.fixture(scope="module")
def projected():
    return projections.read_projections(REAL)


def test_every_occupation_of_the_export_is_read(projected):
    assert len(projected) == 832 and projected["occ_code"].is_unique
    assert projected.attrs["employment_unit"] == "thousands of jobs"
    assert projected.attrs["base_year"] == 2024 and projected.attrs["target_year"] == 2034


def test_cross_checks_published_by_bls(projected):
    rows = projected.set_index("occ_code")
    managers, specialists = rows.loc["11-9111"], rows.loc["29-2072"]
    assert managers["occ_title"] == "Medical and health services managers"
    assert (managers["employment_2024_thousands"], managers["employment_2034_thousands"]) == (616.2, 759.1)
    assert managers["employment_change_pct"] == 23.2 and managers["median_wage_2024"] == 117960
    assert managers["education"] == "Bachelor's degree" and managers["experience"] == "Less than 5 years"
    assert (specialists["employment_2024_thousands"], specialists["employment_2034_thousands"]) == (194.8, 208.6)
    assert specialists["employment_change_pct"] == 7.1 and specialists["median_wage_2024"] == 50250
    assert specialists["employment_change_thousands"] == 13.8 and specialists["annual_openings_thousands"] == 14.2
    assert specialists["education"] == "Postsecondary nondegree award"
    assert specialists["experience"] == "None" and specialists["training"] == "None"  # BLS's category "None"
    assert pd.isna(specialists["median_wage_2024_status"])


def test_title_and_sample_job_titles_are_split(projected):
    specialists = projected.set_index("occ_code").loc["29-2072"]
    assert specialists["occ_title"] == "Medical records specialists"
    assert specialists["sample_titles"] == [
        "Health Information Coder",
        "Health Records Technician",
        "Medical Bill Coder",
    ]
    broad = projected.set_index("occ_code").loc["13-1020"]  # a row without sample titles
    assert broad["occ_title"] == "Buyers and purchasing agents" and broad["sample_titles"] == []


def test_the_trademark_sign_is_repaired_and_nothing_else(projected):
    samples = [title for titles in projected["sample_titles"] for title in titles]
    assert "GED® Instructor" in samples and "General Educational Development (GED®) Examiner" in samples
    assert not any("¿" in title for title in samples)
    # the cell as published keeps BLS's character
    assert projected["title_as_published"].str.contains("GED¿").sum() == 2


def test_top_coded_and_missing_median_wages_keep_their_status(projected):
    status = projected["median_wage_2024_status"]
    top = projected[status == "top_coded"]
    assert len(top) == 17 and top["median_wage_2024"].isna().all()
    assert set(top["median_wage_2024_top_code"]) == {239200.0}  # ">=239,200" in the export
    missing = projected[status == "not_available"]
    assert len(missing) == 6 and missing["median_wage_2024"].isna().all()
    assert "27-2011" in set(missing["occ_code"])  # Actors: "N/A"


def test_the_all_occupations_total_is_a_cited_constant_consistent_with_the_export(projected):
    total = projections.ALL_OCCUPATIONS
    assert "Table 1.10" in total.source and "USDL-25-1324" in total.source
    change = (total.employment_target_thousands / total.employment_base_thousands - 1) * 100
    assert round(change, 1) == total.percent_change == 3.1
    assert "00-0000" not in set(projected["occ_code"])
    # the export's detailed rows add up to the published total within rounding (0.1 thousand per row)
    assert abs(projected["employment_2024_thousands"].sum() - total.employment_base_thousands) < 1.0


# ------------------------------------------------------------------------------------------- bad input
def _copy_with(tmp_path, edit):
    """A SYNTHETIC copy of the real export with one edit applied to its lines."""
    lines = REAL.read_text(encoding="utf-8").splitlines(keepends=True)
    target = tmp_path / "broken.csv"
    target.write_text("".join(edit(lines)), encoding="utf-8")
    return target


def _line_of(lines, code):
    return next(i for i, line in enumerate(lines) if f",{code}," in line)


def test_a_missing_column_is_named(tmp_path):
    path = _copy_with(tmp_path, lambda lines: [lines[0].replace("Median Annual Wage 2024", "Median Wage")] + lines[1:])
    with pytest.raises(OEWSInputError, match=r"missing column\(s\) \['Median Annual Wage 2024'\]") as error:
        projections.read_projections(path)
    assert "broken.csv" in str(error.value) and "row 1" in str(error.value)


def test_a_bad_number_names_file_row_column_value_and_expectation(tmp_path):
    def edit(lines):
        i = _line_of(lines, "29-2072")
        lines[i] = lines[i].replace(",194.8,", ",about 195,")
        return lines

    path = _copy_with(tmp_path, edit)
    lines = path.read_text(encoding="utf-8").splitlines()
    row = _line_of([line + "\n" for line in lines], "29-2072") + 1
    with pytest.raises(OEWSInputError) as error:
        projections.read_projections(path)
    message = str(error.value)
    assert f"row {row}" in message and "column 'Employment 2024'" in message
    assert "'about 195'" in message and "expected a number (thousands)" in message
    assert isinstance(error.value, HimWagesError)


def test_a_bad_soc_code_and_a_repeated_code_are_specific(tmp_path):
    path = _copy_with(tmp_path, lambda lines: [line.replace(",29-2072,", ",29-207,") for line in lines])
    with pytest.raises(OEWSInputError, match="not a SOC code.*'29-207'"):
        projections.read_projections(path)
    path = _copy_with(tmp_path, lambda lines: lines + [lines[_line_of(lines, "29-2072")]])
    with pytest.raises(OEWSInputError, match="occupation code repeated.*'29-2072'.*first at row"):
        projections.read_projections(path)


def test_a_bad_median_wage_is_specific(tmp_path):
    def edit(lines):
        i = _line_of(lines, "29-2072")
        lines[i] = lines[i].replace('"50,250"', "n.a.")
        return lines

    with pytest.raises(OEWSInputError, match="Median Annual Wage 2024.*'n.a.'.*'>=239,200' or 'N/A'"):
        projections.read_projections(_copy_with(tmp_path, edit))


def test_a_missing_file_is_specific(tmp_path):
    with pytest.raises(SourceNotFoundError, match="projections file not found"):
        projections.read_projections(tmp_path / "nothing.csv")


def test_split_title_without_samples():
    assert projections.split_title("Actors    * Actor Understudy* Actress") == (
        "Actors",
        ["Actor Understudy", "Actress"],
    )
    assert projections.split_title("Buyers and purchasing agents") == ("Buyers and purchasing agents", [])
