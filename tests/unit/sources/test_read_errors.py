"""Bad input gets a specific error naming the file, and where they apply the sheet, row, column and value.
Files built here are SYNTHETIC (made-up numbers); real files are read in place from data/raw/national and tests/data."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

import analysis
from analysis.errors import (
    NotBLSDataError,
    OEWSInputError,
    SourceNotFoundError,
    UnsupportedLayoutError,
    YearConflictError,
)
from synthetic_files import (
    NEW_LAYOUT,
    field_description_rows,
    synthetic_record,
    synthetic_table,
    write_csv,
    write_xlsx,
    zip_files,
)

SHORT = NEW_LAYOUT[8:]  # OCC_CODE ... HOURLY: a national layout without area columns

ACCESS_DENIED = (
    b"<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n"
    b"You don't have permission to access this server.<P>\n</BODY>\n</HTML>\n"
)


def test_missing_path(tmp_path):
    missing = tmp_path / "national_M2030_dl.xlsx"
    with pytest.raises(SourceNotFoundError, match="no such file or folder") as caught:
        analysis.read_oews(missing)
    assert str(missing) in str(caught.value)
    assert isinstance(caught.value, FileNotFoundError)


def test_news_release_table_is_an_unsupported_layout(oews_files):
    with pytest.raises(UnsupportedLayoutError) as caught:
        analysis.read_oews(oews_files / "ocwage_04012014.xlsx")
    message = str(caught.value)
    assert "ocwage_04012014.xlsx" in message
    assert "news-release table" in message and "'Table 2'" in message
    assert "no sheet has a header row with OCC_CODE" in message
    assert "national_MYYYY_dl" in message and "all_data_M_YYYY" in message  # the supported layouts


@pytest.mark.parametrize(
    "name", ["national_M2023_dl.xlsx", "national_M2012_dl.xls", "oesm23nat.zip", "national_M2016_dl.csv"]
)
def test_access_denied_page_saved_under_a_data_name(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(ACCESS_DENIED)
    with pytest.raises(NotBLSDataError) as caught:
        analysis.read_oews(path)
    message = str(caught.value)
    assert name in message and "saved web page" in message and "Access Denied" in message


def test_access_denied_page_inside_an_archive(tmp_path):
    archive = zip_files(tmp_path / "oesm23st.zip", {"oesm23st/state_M2023_dl.xlsx": ACCESS_DENIED})
    with pytest.raises(NotBLSDataError, match=re.escape("oesm23st.zip/oesm23st/state_M2023_dl.xlsx")):
        analysis.read_oews(archive)


@pytest.mark.parametrize("name", ["national_M2023_dl.xlsx", "national_M2013_dl.csv", "oesm23nat.zip"])
def test_empty_file(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"")
    with pytest.raises(NotBLSDataError, match="empty") as caught:
        analysis.read_oews(path)
    assert name in str(caught.value)


def test_field_descriptions_alone_are_not_data(oews_files):
    with pytest.raises(UnsupportedLayoutError, match="field-descriptions sheet with no data") as caught:
        analysis.read_oews(oews_files / "field_descriptions.xlsx")
    assert "May 2018 OES Estimates" in str(caught.value)


def test_unsupported_file_type(tmp_path):
    path = tmp_path / "national_M2023_dl.txt"
    path.write_text("synthetic text")
    with pytest.raises(UnsupportedLayoutError, match="not a file type this project reads"):
        analysis.read_oews(path)


def test_folder_without_data(tmp_path):
    (tmp_path / "notes.txt").write_text("synthetic")
    with pytest.raises(OEWSInputError, match="found no BLS data") as caught:
        analysis.read_oews(tmp_path)
    assert "notes.txt" in str(caught.value)


def test_sheet_without_a_needed_column(tmp_path):
    header = [h for h in SHORT if h not in ("A_MEAN", "TOT_EMP")]
    path = write_xlsx(
        tmp_path / "national_M2022_dl.xlsx", {"national_M2022_dl": synthetic_table(header, [synthetic_record()])}
    )
    with pytest.raises(OEWSInputError) as caught:
        analysis.read_oews(path)
    message = str(caught.value)
    assert "national_M2022_dl.xlsx" in message and "sheet 'national_M2022_dl'" in message and "row 1" in message
    assert "lacks column(s) the national layout needs: TOT_EMP, A_MEAN" in message


def test_state_file_without_area_columns(tmp_path):
    path = write_csv(tmp_path / "state_M2014_dl.csv", synthetic_table(SHORT, [synthetic_record()]))
    with pytest.raises(OEWSInputError, match="lacks column.*the state layout needs: AREA"):
        analysis.read_oews(path)


@pytest.mark.parametrize("writer, suffix, sheet", [(write_xlsx, ".xlsx", "data"), (write_csv, ".csv", None)])
def test_value_that_is_neither_number_nor_symbol(tmp_path, writer, suffix, sheet):
    records = [synthetic_record(), synthetic_record(occ_code="11-9111", h_mean="12.3x")]
    rows = synthetic_table(SHORT, records)
    path = tmp_path / f"national_M2021_dl{suffix}"
    writer(path, {"data": rows}) if writer is write_xlsx else writer(path, rows)
    with pytest.raises(OEWSInputError) as caught:
        analysis.read_oews(path)
    message = str(caught.value)
    assert f"national_M2021_dl{suffix}" in message
    assert "row 3" in message and "column 'H_MEAN'" in message and "'12.3x'" in message
    assert "neither a number nor a BLS symbol" in message
    if sheet:
        assert f"sheet {sheet!r}" in message


def test_occupation_code_that_is_not_an_soc_code(tmp_path):
    path = write_csv(
        tmp_path / "national_M2021_dl.csv",
        synthetic_table(SHORT, [synthetic_record(), synthetic_record(), synthetic_record(occ_code="29-207")]),
    )
    with pytest.raises(OEWSInputError, match=r"row 4, column 'OCC_CODE': an occupation code .*'29-207'"):
        analysis.read_oews(path)


def test_flag_that_is_neither_true_nor_blank(tmp_path):
    path = write_csv(tmp_path / "national_M2021_dl.csv", synthetic_table(SHORT, [synthetic_record(annual="maybe")]))
    with pytest.raises(OEWSInputError, match=r"row 2, column 'ANNUAL': a flag .*'maybe'"):
        analysis.read_oews(path)


def test_duplicate_key_rows_with_different_values_in_one_file(tmp_path):
    path = write_csv(
        tmp_path / "national_M2021_dl.csv",
        synthetic_table(
            SHORT,
            [synthetic_record(a_mean=50000), synthetic_record(occ_code="11-9111"), synthetic_record(a_mean=50010)],
        ),
    )
    with pytest.raises(OEWSInputError, match="duplicate rows") as caught:
        analysis.read_oews(path)
    message = str(caught.value)
    assert "national_M2021_dl.csv row 2" in message and "national_M2021_dl.csv row 4" in message
    assert "'occ_code': '29-2072'" in message and "a_mean" in message


def test_duplicate_key_across_two_files_with_different_values(tmp_path):
    write_csv(tmp_path / "national_M2021_dl.csv", synthetic_table(SHORT, [synthetic_record(a_mean=50000)]))
    write_xlsx(tmp_path / "national_M2021_dl.xlsx", {"d": synthetic_table(SHORT, [synthetic_record(a_mean=50010)])})
    with pytest.raises(OEWSInputError, match="duplicate rows") as caught:
        analysis.read_oews(tmp_path)
    message = str(caught.value)
    assert "national_M2021_dl.csv row 2" in message and "national_M2021_dl.xlsx [d] row 2" in message
    assert "[50000.0, 50010.0]" in message


def test_year_argument_conflicting_with_the_file(oews_files):
    with pytest.raises(YearConflictError) as caught:
        analysis.read_oews(oews_files / "national_M2019_dl.xlsx", year=2018)
    message = str(caught.value)
    assert "2019 from file name 'national_M2019_dl.xlsx'" in message
    assert "2019 from sheet 'Field Descriptions' ('May 2019 OES Estimates')" in message
    assert "2018 from the year= argument" in message


def test_file_name_conflicting_with_its_field_descriptions(tmp_path):
    path = write_xlsx(
        tmp_path / "national_M2021_dl.xlsx",
        {
            "d": synthetic_table(SHORT, [synthetic_record()]),
            "Field Descriptions": field_description_rows("May 2020 OEWS Estimates", None),
        },
    )
    with pytest.raises(YearConflictError, match="2021 from file name.*2020 from sheet 'Field Descriptions'"):
        analysis.read_oews(path)


def test_archive_name_conflicting_with_member_name(tmp_path):
    data = write_csv(tmp_path / "x.csv", synthetic_table(SHORT, [synthetic_record()])).read_bytes()
    archive = zip_files(tmp_path / "oesm22nat.zip", {"oesm22nat/national_M2021_dl.csv": data})
    with pytest.raises(YearConflictError, match="2021 from file name.*2022 from archive/folder name 'oesm22nat"):
        analysis.read_oews(archive)


def test_no_year_anywhere_asks_for_year(tmp_path):
    path = write_csv(tmp_path / "download.csv", synthetic_table(SHORT, [synthetic_record()]))
    with pytest.raises(OEWSInputError, match=r"cannot tell the file's reference year.*year=YYYY") as caught:
        analysis.read_oews(path)
    assert "download.csv" in str(caught.value)


def test_zip_slip_member_is_refused(tmp_path):
    archive = tmp_path / "oesm23nat.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("../../national_M2023_dl.csv", b"OCC_CODE\n")
    with pytest.raises(OEWSInputError, match="zip-slip") as caught:
        analysis.read_oews(archive)
    assert "../../national_M2023_dl.csv" in str(caught.value)
    assert not (tmp_path.parent / "national_M2023_dl.csv").exists()


def test_zip_bomb_is_refused(tmp_path):
    archive = tmp_path / "oesm23nat.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("oesm23nat/national_M2023_dl.csv", b"0" * (16 * 1024 * 1024))
    with pytest.raises(OEWSInputError, match="zip-bomb guard") as caught:
        analysis.read_oews(archive)
    assert "oesm23nat/national_M2023_dl.csv" in str(caught.value)


def test_corrupt_zip(tmp_path):
    archive = tmp_path / "oesm23nat.zip"
    archive.write_bytes(b"PK\x03\x04 synthetic garbage, not a real archive")
    with pytest.raises(NotBLSDataError, match="not a readable zip archive"):
        analysis.read_oews(archive)


def test_corrupt_workbook(tmp_path):
    path = tmp_path / "national_M2023_dl.xlsx"
    path.write_bytes(b"PK\x03\x04 synthetic garbage, not a workbook")
    with pytest.raises(NotBLSDataError, match="cannot be opened") as caught:
        analysis.read_oews(path)
    assert "national_M2023_dl.xlsx" in str(caught.value)


def test_error_keeps_real_file_location(tmp_path, oews_files):
    # A real BLS file copied to tmp with one cell changed: the error names that file's row and column.
    text = (oews_files / "national_M2013_dl.csv").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[3].startswith("11-1000,Top Executives,minor,")  # national_M2013_dl.csv, row 4
    lines[3] = lines[3].replace(",58.18,", ",58.1.8,")
    path = tmp_path / "national_M2013_dl.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(OEWSInputError, match=r"row 4, column 'H_MEAN'.*'58\.1\.8'"):
        analysis.read_oews(path)
    assert Path(path).exists()


def test_row_repeated_within_one_file(tmp_path):
    path = write_csv(
        tmp_path / "national_M2021_dl.csv",
        synthetic_table(SHORT, [synthetic_record(), synthetic_record(occ_code="11-9111"), synthetic_record()]),
    )
    with pytest.raises(OEWSInputError, match=r"row 4: the same row appears more than once.*row 2, row 4"):
        analysis.read_oews(path)


def test_csv_line_cut_off(tmp_path):
    rows = synthetic_table(SHORT, [synthetic_record(), synthetic_record(occ_code="11-9111")])
    rows[2] = rows[2][:5]
    path = write_csv(tmp_path / "national_M2021_dl.csv", rows)
    with pytest.raises(OEWSInputError, match=r"row 3: a line with fewer fields than the header"):
        analysis.read_oews(path)


@pytest.mark.parametrize(
    "column, value, problem",
    [
        ("H_MEAN", -12.5, "a negative number"),
        ("EMP_PRSE", 250.0, "a number no OEWS estimate can have"),
        ("A_MEAN", 9.9e12, "a number no OEWS estimate can have"),
        ("H_PCT10", 500.0, "percentile wages out of order"),
    ],
)
def test_numbers_no_bls_file_can_hold(tmp_path, column, value, problem):
    records = [synthetic_record(), synthetic_record(occ_code="11-9111", **{column.lower(): value})]
    path = write_xlsx(tmp_path / "national_M2021_dl.xlsx", {"data": synthetic_table(SHORT, records)})
    with pytest.raises(OEWSInputError, match=rf"row 3, column '{column}': {problem}"):
        analysis.read_oews(path)


@pytest.mark.parametrize("sheet", ["Field Descriptions", "Filler", "UpdateTime"])
def test_data_on_a_sheet_bls_uses_for_something_else(tmp_path, sheet):
    path = write_xlsx(
        tmp_path / "national_M2021_dl.xlsx",
        {"national_M2021_dl": [], sheet: synthetic_table(SHORT, [synthetic_record()])},
    )
    with pytest.raises(OEWSInputError, match=rf"sheet '{sheet}', row 1: an OEWS data table on the sheet BLS"):
        analysis.read_oews(path)


def test_a_read_pauses_the_cyclic_garbage_collector_and_restores_it(tmp_path, monkeypatch):
    """read_oews runs with gc paused (its collections cost ~3% of a read) and leaves gc as it found it, also when
    the read fails."""
    import gc

    import analysis
    from analysis.sources import archives

    seen = []
    real = archives.inventory

    def spy(path):
        seen.append(gc.isenabled())
        return real(path)

    monkeypatch.setattr(archives, "inventory", spy)
    (tmp_path / "notes.txt").write_text("SYNTHETIC: not BLS data\n")
    assert gc.isenabled()
    with pytest.raises(OEWSInputError):
        analysis.read_oews(tmp_path)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(OEWSInputError):
            analysis.read_oews(tmp_path)
        assert not gc.isenabled()  # a caller that had paused it keeps it paused
    finally:
        gc.enable()
