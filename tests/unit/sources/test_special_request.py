"""Special-request files: real national files (data/raw/national and tests/data, read in place) and SYNTHETIC files of
the other kinds, built in each test from BLS's documented layouts (the field names of BLS's "Field Descriptions"
sheets). Every number in a synthetic file is made up."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
import python_calamine

import analysis
from analysis.conventions import schema
from analysis.conventions.topcode import (
    PUBLISHED_TOP_CODES,
)
from real_files import national_names
from synthetic_files import (
    NEW_LAYOUT,
    OLD_INDUSTRY,
    OLD_MSA,
    OLD_OWNER,
    OLD_STATE,
    field_description_rows,
    synthetic_record,
    synthetic_table,
    write_csv,
    write_xlsx,
    zip_files,
)

# ------------------------------------------------------------------------------------------- real files, symbols


def test_top_coded_cell_of_2016_csv(oews_files):
    frame = analysis.read_oews(oews_files / "national_M2016_dl.csv").set_index("occ_code")
    # national_M2016_dl.csv, row 11-0000: H_PCT90 and A_PCT90 are '#'
    assert pd.isna(frame.loc["11-0000", "h_pct90"])
    assert frame.loc["11-0000", "h_pct90_status"] == "top_coded"
    assert frame.loc["11-0000", "a_pct90_status"] == "top_coded"
    assert frame.loc["11-0000", "h_pct75"] == 70.72  # national_M2016_dl.csv
    assert frame.loc["00-0000", "tot_emp"] == 140_400_040  # "140,400,040" in national_M2016_dl.csv


def test_top_coded_cell_with_its_bound(oews_files):
    frame = analysis.read_oews(oews_files / "national_M2024_dl.xlsx").set_index("occ_code")
    row = frame.loc["11-0000"]  # national_M2024_dl.xlsx: H_PCT90 '#', A_PCT90 '#'
    assert pd.isna(row["a_pct90"]) and row["a_pct90_status"] == "top_coded"
    assert (row["top_code_hourly"], row["top_code_annual"]) == (115.0, 239_200.0)


def _published_cells(path: Path) -> tuple[list[str], list[list]]:
    """Header and data rows of a real national file, read independently of the reader."""
    if path.suffix == ".csv":
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
    else:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python()
    header = [str(h).strip().lower() for h in rows[0]]
    return header, [r for r in rows[1:] if any(str(c).strip() for c in r)]


@pytest.mark.parametrize("name", national_names())
def test_rows_and_symbols_match_the_file(oews_files, name):
    frame = analysis.read_oews(oews_files / name)
    header, rows = _published_cells(oews_files / name)
    occ = header.index("occ_code")
    # One row per occupation; BLS lists some occupations twice (as "broad" and as "detailed").
    assert len(frame) == len({r[occ] for r in rows})
    assert len(frame) >= len(rows) - 13
    value_columns = [c for c in schema.VALUE_COLUMNS if c in header]
    by_occ = {}
    for r in rows:
        by_occ.setdefault(r[occ], r)
    for symbol, status in schema.SYMBOL_STATUS.items():
        published = sum(1 for r in by_occ.values() for c in value_columns if str(r[header.index(c)]).strip() == symbol)
        read = sum(int((frame[f"{c}_status"] == status).sum()) for c in value_columns)
        assert read == published, (symbol, read, published)
    # Statuses are never numbers: a status always comes with a null value.
    for column in schema.VALUE_COLUMNS:
        assert frame.loc[frame[f"{column}_status"].notna(), column].isna().all()
    # May 2011 leaves GROUP blank for detailed occupations: kept blank (null), as published.
    assert set(frame["o_group"].dropna()) <= {"total", "major", "minor", "broad", "detailed"}
    flags = header.index("annual")
    assert int(frame["annual"].sum()) == sum(1 for r in by_occ.values() if str(r[flags]).strip().upper() == "TRUE")


def test_duplicated_broad_and_detailed_rows_become_one_detailed_row(oews_files):
    frame = analysis.read_oews(oews_files / "national_M2024_dl.xlsx")
    # national_M2024_dl.xlsx lists 13-1020 Buyers and Purchasing Agents as "broad" and as "detailed".
    rows = frame[frame["occ_code"] == "13-1020"]
    assert len(rows) == 1 and rows["o_group"].iloc[0] == "detailed"
    assert rows["tot_emp"].iloc[0] == 486_900


def test_one_national_file_reads_fast(oews_files):
    import time

    analysis.read_oews(oews_files / "national_M2023_dl.xlsx")
    started = time.perf_counter()
    analysis.read_oews(oews_files / "national_M2023_dl.xlsx")
    assert time.perf_counter() - started < 2.0


def test_stray_sheets_are_ignored_and_the_data_sheet_found_by_content(oews_files):
    # national_M2019_dl.xlsx has a stray 'Sheet1' (occ_title, a_median) and 'Field Descriptions'.
    frame = analysis.read_oews(oews_files / "national_M2019_dl.xlsx")
    assert frame["source"].str.endswith("[national_M2019_dl]").all()
    assert len(frame) == 1316


# ------------------------------------------------------------------------------------------- synthetic kinds


def test_synthetic_old_state_file_xlsx(tmp_path):
    records = [
        synthetic_record(area=6, st="CA", state="California"),
        synthetic_record(area=72, st="PR", state="Puerto Rico", tot_emp="**", jobs_1000="**"),
        synthetic_record(area=1, st="AL", state="Alabama", h_pct90="#", a_pct90="#"),
    ]
    path = write_xlsx(tmp_path / "state_M2015_dl.xlsx", {"state_dl": synthetic_table(OLD_STATE, records)})
    frame = analysis.read_oews(path)
    assert frame["area"].tolist() == ["06", "72", "01"]
    assert frame["area_type"].tolist() == [2, 3, 2]
    assert frame["prim_state"].tolist() == ["CA", "PR", "AL"]
    assert frame["area_title"].tolist() == ["California", "Puerto Rico", "Alabama"]
    assert frame["naics"].unique().tolist() == ["000000"] and frame["own_code"].unique().tolist() == ["1235"]
    assert frame.loc[1, "tot_emp_status"] == "employment_not_available" and pd.isna(frame.loc[1, "tot_emp"])
    assert frame.loc[2, "h_pct90_status"] == "top_coded"
    assert frame.loc[0, "jobs_1000"] == 1.25 and frame.loc[0, "loc_quotient"] == 0.9
    assert frame["year"].unique().tolist() == [2015]


def test_synthetic_new_state_file_csv_with_separators_and_bom(tmp_path):
    records = [
        synthetic_record(
            area="6",
            area_title="California",
            area_type=2,
            prim_state="CA",
            naics="000000",
            naics_title="Cross-industry",
            i_group="cross-industry",
            own_code="1235",
            tot_emp=1234560,
            a_mean=123456,
            annual="TRUE",
        )
    ]
    path = write_csv(tmp_path / "state_M2022_dl.csv", synthetic_table(NEW_LAYOUT, records), bom=True)
    assert "1,234,560" in path.read_text(encoding="utf-8-sig")
    frame = analysis.read_oews(path)
    row = frame.iloc[0]
    assert (row["area"], row["area_type"], row["prim_state"], row["own_code"]) == ("06", 2, "CA", "1235")
    assert row["tot_emp"] == 1_234_560 and row["a_mean"] == 123_456 and bool(row["annual"]) is True
    assert bool(row["hourly"]) is False


def test_synthetic_msa_and_nonmetro_files(tmp_path):
    msa = [
        synthetic_record(prim_state="TX", area=10180, area_title="Abilene, TX"),
        synthetic_record(prim_state="AL", area=100001, area_title="Northwest Alabama nonmetropolitan area"),
    ]
    bos = [synthetic_record(prim_state="AK", area="0200001", area_title="Railbelt / Southwest Alaska")]
    msa_path = write_xlsx(tmp_path / "MSA_M2014_dl.xlsx", {"MSA_dl": synthetic_table(OLD_MSA, msa)})
    bos_path = write_csv(tmp_path / "BOS_M2014_dl.csv", synthetic_table(OLD_MSA, bos))
    frame = analysis.read_oews(msa_path)
    assert frame["area"].tolist() == ["10180", "0100001"]
    assert frame["area_type"].tolist() == [4, 6]
    assert frame["prim_state"].tolist() == ["TX", "AL"]
    assert frame["area_title"].iloc[0] == "Abilene, TX"
    assert frame.loc[0, "loc_quotient"] == 0.9  # the 'LOC QUOTIENT' column
    nonmetro = analysis.read_oews(bos_path)
    assert nonmetro["area"].tolist() == ["0200001"] and nonmetro["area_type"].tolist() == [6]


@pytest.mark.parametrize(
    "prefix, level, naics",
    [
        ("natsector", "sector", "31-33"),
        ("nat3d", "3-digit", 621000),
        ("nat4d", "4-digit", "621100"),
        ("nat5d_6d", None, 621111),
    ],
)
def test_synthetic_national_industry_files(tmp_path, prefix, level, naics):
    records = [
        synthetic_record(naics=naics, naics_title="Synthetic industry", pct_total=2.5, pct_rpt="~"),
        synthetic_record(occ_code="11-9111", naics=naics, naics_title="Synthetic industry", h_mean="*", hourly="TRUE"),
    ]
    path = write_xlsx(tmp_path / f"{prefix}_M2017_dl.xlsx", {f"{prefix}_dl": synthetic_table(OLD_INDUSTRY, records)})
    frame = analysis.read_oews(path)
    assert frame["naics"].unique().tolist() == [str(naics)]
    assert frame["area"].unique().tolist() == ["99"] and frame["area_type"].unique().tolist() == [1]
    assert frame["own_code"].unique().tolist() == ["1235"]
    assert frame["i_group"].isna().all() if level is None else frame["i_group"].unique().tolist() == [level]
    assert frame.loc[0, "pct_rpt_status"] == "under_half_percent" and frame.loc[0, "pct_total"] == 2.5
    assert frame.loc[1, "h_mean_status"] == "wage_not_available"
    assert frame["hourly"].tolist() == [False, True]


def test_synthetic_ownership_file(tmp_path):
    records = [
        synthetic_record(naics="622000", naics_title="Hospitals", own_code=5),
        synthetic_record(naics="622000", naics_title="Hospitals", own_code=3),
    ]
    path = write_xlsx(tmp_path / "nat4d_owner_M2016_dl.xlsx", {"owner": synthetic_table(OLD_OWNER, records)})
    frame = analysis.read_oews(path)
    assert frame["own_code"].tolist() == ["5", "3"]
    assert frame["i_group"].unique().tolist() == ["4-digit"]


def test_synthetic_all_data_file_with_every_area_type(tmp_path):
    common = {"naics": "000000", "naics_title": "Cross-industry", "i_group": "cross-industry", "own_code": "1235"}
    records = [
        synthetic_record(area="99", area_title="U.S.", area_type=1, prim_state="US", **common),
        synthetic_record(area="01", area_title="Alabama", area_type=2, prim_state="AL", **common),
        synthetic_record(area="72", area_title="Puerto Rico", area_type=3, prim_state="PR", **common),
        synthetic_record(area="10180", area_title="Abilene, TX", area_type=4, prim_state="TX", **common),
        synthetic_record(area="0100001", area_title="Northwest Alabama", area_type=6, prim_state="AL", **common),
        synthetic_record(
            area="99",
            area_title="U.S.",
            area_type=1,
            prim_state="US",
            naics="622000",
            naics_title="Hospitals",
            i_group="4-digit",
            own_code="5",
        ),
    ]
    path = write_xlsx(
        tmp_path / "all_data_M_2023.xlsx",
        {
            "All May 2023 data": synthetic_table(NEW_LAYOUT, records),
            "Field Descriptions": field_description_rows(
                "May 2023 OEWS Estimates",
                "#  = indicates a wage equal to or greater than $123.00 per hour or "
                "$255,840 per year (SYNTHETIC bound)",
            ),
            "UpdateTime": [["alldataupdate"], ["01JAN2024:00:00:00"]],
            "Filler": [],
        },
    )
    frame = analysis.read_oews(path)
    assert frame["area"].tolist() == ["99", "01", "72", "10180", "0100001", "99"]
    assert frame["area_type"].tolist() == [1, 2, 3, 4, 6, 1]
    assert frame["own_code"].tolist() == ["1235"] * 5 + ["5"]
    # The bound stated in the file's own notes (synthetic here) wins over the table of published bounds.
    assert frame["top_code_hourly"].unique().tolist() == [123.0]
    assert frame["top_code_annual"].unique().tolist() == [255_840.0]


def test_data_on_an_unexpected_sheet_name(tmp_path):
    records = [synthetic_record()]
    path = write_xlsx(
        tmp_path / "national_M2021_dl.xlsx",
        {
            "Field Descriptions": field_description_rows("May 2021 OEWS Estimates", None),
            "whatever I called it": synthetic_table(NEW_LAYOUT[8:], records),
            "Sheet1": [["occ_title"], ["x"]],
        },
    )
    frame = analysis.read_oews(path)
    assert len(frame) == 1 and frame["source"].iloc[0].endswith("[whatever I called it]")


def test_year_from_argument_for_an_unnamed_file(tmp_path):
    path = write_csv(tmp_path / "download.csv", synthetic_table(NEW_LAYOUT[8:], [synthetic_record()]))
    assert analysis.read_oews(path, year=2017)["year"].tolist() == [2017]


def test_year_from_the_field_descriptions_sheet(tmp_path):
    path = write_xlsx(
        tmp_path / "download.xlsx",
        {
            "data": synthetic_table(NEW_LAYOUT[8:], [synthetic_record()]),
            "Field Descriptions": field_description_rows("May 2020 OEWS Estimates", None),
        },
    )
    assert analysis.read_oews(path)["year"].tolist() == [2020]


# ------------------------------------------------------------------------------------------- archives and folders


def _xlsx_bytes(tmp_path: Path, name: str, sheets) -> bytes:
    return write_xlsx(tmp_path / name, sheets).read_bytes()


def test_bls_style_zip_with_subfolder_and_separate_field_descriptions(tmp_path):
    national = _xlsx_bytes(
        tmp_path,
        "n.xlsx",
        {
            "national_dl": synthetic_table(
                OLD_STATE[3:], [synthetic_record(), synthetic_record(occ_code="11-9111", h_pct90="#")]
            )
        },
    )
    notes = _xlsx_bytes(
        tmp_path,
        "f.xlsx",
        {
            "Field_descriptions": field_description_rows(
                "May 2016 OES Estimates",
                "# = indicates a wage equal to or greater than $90.00 per hour or $187,199 per year (SYNTHETIC bound)",
            )
        },
    )
    archive = zip_files(
        tmp_path / "oesm16nat.zip",
        {
            "oesm16nat/national_M2016_dl.xlsx": national,
            "oesm16nat/field_descriptions.xlsx": notes,
            "oesm16nat/readme.txt": b"synthetic",
        },
    )
    frame = analysis.read_oews(archive)
    assert frame["occ_code"].tolist() == ["29-2072", "11-9111"]
    assert frame["year"].unique().tolist() == [2016]
    assert frame["top_code_hourly"].unique().tolist() == [90.0]
    assert frame["source"].iloc[0] == f"{archive}/oesm16nat/national_M2016_dl.xlsx [national_dl]"


def test_zip_year_from_archive_name_alone(tmp_path):
    data = write_csv(tmp_path / "x.csv", synthetic_table(NEW_LAYOUT[8:], [synthetic_record()])).read_bytes()
    archive = zip_files(tmp_path / "oesm21nat.zip", {"oesm21nat/data.csv": data})
    assert analysis.read_oews(archive)["year"].tolist() == [2021]


def test_folder_and_zip_with_several_kinds_and_years(tmp_path):
    folder = tmp_path / "downloads"
    (folder / "2019").mkdir(parents=True)
    write_xlsx(
        folder / "2019" / "national_M2019_dl.xlsx",
        {"d": synthetic_table(NEW_LAYOUT[8:], [synthetic_record(a_mean=50000)])},
    )
    write_csv(
        folder / "state_M2019_dl.csv",
        synthetic_table(OLD_STATE, [synthetic_record(area=6, st="CA", state="California", a_mean=60000)]),
    )
    inner = write_xlsx(
        tmp_path / "inner.xlsx", {"d": synthetic_table(NEW_LAYOUT[8:], [synthetic_record(a_mean=70000)])}
    ).read_bytes()
    zip_files(folder / "oesm20nat.zip", {"oesm20nat/national_M2020_dl.xlsx": inner})
    frame = analysis.read_oews(folder).sort_values(["year", "area"])
    assert list(zip(frame["year"], frame["area"], frame["a_mean"])) == [
        (2019, "06", 60000.0),
        (2019, "99", 50000.0),
        (2020, "99", 70000.0),
    ]


def test_identical_rows_from_two_files_are_kept_once(tmp_path, oews_files):
    import shutil

    folder = tmp_path / "twice"
    folder.mkdir()
    # The same May 2013 data twice, as BLS's xls and as a CSV export (bundled and test-only copies, copied to tmp).
    shutil.copy(oews_files / "national_M2013_dl.xls", folder)
    shutil.copy(oews_files / "national_M2013_dl.csv", folder)
    frame = analysis.read_oews(folder)
    assert len(frame) == 1394 and frame["occ_code"].is_unique


def test_blank_rows_and_notes_below_the_data(tmp_path):
    rows = synthetic_table(NEW_LAYOUT[8:], [synthetic_record(), synthetic_record(occ_code="11-9111")])
    rows.insert(2, [""] * len(rows[0]))  # a blank row between the two occupations
    rows += [
        [""] * len(rows[0]),
        ["Footnotes:"] + [""] * (len(rows[0]) - 1),
        ["(1) SYNTHETIC note text below the data."] + [""] * (len(rows[0]) - 1),
    ]
    path = write_csv(tmp_path / "national_M2017_dl.csv", rows)
    frame = analysis.read_oews(path)
    assert frame["occ_code"].tolist() == ["29-2072", "11-9111"]
    # A bad cell after the blank row is still reported at its spreadsheet row (row 4).
    rows[3][rows[0].index("A_MEAN")] = "12x"
    write_csv(path, rows)
    with pytest.raises(analysis.errors.OEWSInputError, match=r"row 4, column 'A_MEAN'"):
        analysis.read_oews(path)


def test_data_split_over_several_sheets_is_read_whole(tmp_path):
    # Older .xls files could not hold every MSA row on one sheet: each sheet has the header.
    first = [synthetic_record(prim_state="TX", area=10180, area_title="Abilene, TX")]
    second = [synthetic_record(prim_state="OH", area=10420, area_title="Akron, OH")]
    path = write_xlsx(
        tmp_path / "MSA_M2012_dl.xlsx",
        {"MSA_dl_1": synthetic_table(OLD_MSA, first), "MSA_dl_2": synthetic_table(OLD_MSA, second)},
    )
    frame = analysis.read_oews(path)
    assert frame["area"].tolist() == ["10180", "10420"]


def test_2019_style_all_data_without_prim_state(tmp_path):
    header = [h for h in NEW_LAYOUT if h != "PRIM_STATE"]
    common = {"naics": "000000", "naics_title": "Cross-industry", "i_group": "cross-industry", "own_code": "1235"}
    records = [
        synthetic_record(area=99, area_title="U.S.", area_type=1, **common),
        synthetic_record(area=6, area_title="California", area_type=2, **common),
        synthetic_record(area=66, area_title="Guam", area_type=3, **common),
        synthetic_record(area=10180, area_title="Abilene, TX", area_type=4, **common),
    ]
    path = write_xlsx(tmp_path / "all_data_M_2019.xlsx", {"All May 2019 Data": synthetic_table(header, records)})
    frame = analysis.read_oews(path)
    assert frame["area"].tolist() == ["99", "06", "66", "10180"]
    # Postal codes from FIPS for the U.S., states and territories; an MSA's primary state is not derivable.
    assert frame["prim_state"].tolist()[:3] == ["US", "CA", "GU"] and pd.isna(frame["prim_state"].iloc[3])
    assert frame["top_code_hourly"].unique().tolist() == [PUBLISHED_TOP_CODES[2019].hourly]


# ------------------------------------------------------------------------------------------- oe flat files


def _record_flat_reads(monkeypatch):
    """Replace the flat-file reader by a recorder returning a SYNTHETIC canonical frame."""
    from analysis.sources import flat_files

    calls = []

    def fake_read_flat_files(path, *, year=None, **_):
        folder = Path(path)
        calls.append((folder, sorted(p.name for p in folder.iterdir()), year))
        return schema.validate(
            schema.conform(
                pd.DataFrame(
                    [
                        {
                            "year": 2025,
                            "area": "99",
                            "area_type": 1,
                            "naics": "000000",
                            "own_code": "1235",
                            "occ_code": "29-9021",
                            "tot_emp": 100.0,
                            "source": str(folder / "oe.data.0.Current.gz"),
                        }
                    ]
                )
            )
        )

    monkeypatch.setattr(flat_files, "read_flat_files", fake_read_flat_files)
    return calls


def test_folder_of_flat_files_goes_to_the_flat_file_reader(tmp_path, monkeypatch):
    calls = _record_flat_reads(monkeypatch)
    folder = tmp_path / "oe"
    folder.mkdir()
    for name in ("oe.data.0.Current.gz", "oe.area", "oe.occupation"):
        (folder / name).write_bytes(b"synthetic")
    write_csv(tmp_path / "national_M2024_dl.csv", synthetic_table(NEW_LAYOUT[8:], [synthetic_record()]))
    frame = analysis.read_oews(tmp_path)
    assert calls == [(folder, ["oe.area", "oe.data.0.Current.gz", "oe.occupation"], None)]
    assert sorted(zip(frame["year"], frame["occ_code"])) == [(2024, "29-2072"), (2025, "29-9021")]
    # A single oe.data file means its folder.
    analysis.read_oews(folder / "oe.data.0.Current.gz", year=2025)
    assert calls[-1][0] == folder and calls[-1][2] == 2025


def test_flat_files_inside_a_zip_are_extracted_for_the_flat_file_reader(tmp_path, monkeypatch):
    calls = _record_flat_reads(monkeypatch)
    archive = zip_files(tmp_path / "oe.zip", {"oe/oe.data.0.Current.gz": b"synthetic", "oe/oe.area": b"synthetic"})
    frame = analysis.read_oews(archive)
    extracted = calls[0][0]
    assert calls[0][1] == ["oe.area", "oe.data.0.Current.gz"]
    assert not extracted.exists()  # the temporary folder is removed after reading
    assert frame["source"].tolist() == [f"{archive}/oe/oe.data.0.Current.gz"]


def test_bundled_flat_files_read_through_read_oews():
    from analysis import paths
    from analysis.sources.flat_files import read_flat_files

    bundled = paths.bundled_dir()
    frame = analysis.read_oews(bundled)
    pd.testing.assert_frame_equal(frame, read_flat_files(bundled))
    assert frame["year"].unique().tolist() == [2025]


def test_state_column_with_names_and_no_postal_code(tmp_path):
    header = ("AREA", "STATE") + OLD_STATE[3:]
    path = write_csv(
        tmp_path / "state_M2012_dl.csv",
        synthetic_table(
            header, [synthetic_record(area=6, state="California"), synthetic_record(area=78, state="Virgin Islands")]
        ),
    )
    frame = analysis.read_oews(path)
    assert frame["area_title"].tolist() == ["California", "Virgin Islands"]
    assert frame["prim_state"].tolist() == ["CA", "VI"] and frame["area_type"].tolist() == [2, 3]


def test_csv_with_a_title_line_above_the_header(tmp_path):
    rows = [["May 2017 OES Estimates (SYNTHETIC title line)"], []] + synthetic_table(
        NEW_LAYOUT[8:], [synthetic_record(), synthetic_record(occ_code="11-9111", a_mean="x1")]
    )
    path = write_csv(tmp_path / "national_M2017_dl.csv", rows)
    with pytest.raises(analysis.errors.OEWSInputError, match=r"row 5, column 'A_MEAN'.*'x1'"):
        analysis.read_oews(path)


def test_industry_archive_with_every_level_and_ownership(tmp_path):
    """A SYNTHETIC oesm23in4.zip: NAICS 327000 is published at the 3-digit level and again as its own 4-digit
    aggregate (same estimates), which must become one row."""

    def industry(naics, title, level, own="1235", **values):
        return synthetic_record(
            area=99,
            area_title="U.S.",
            area_type=1,
            prim_state="US",
            naics=naics,
            naics_title=title,
            i_group=level,
            own_code=own,
            **values,
        )

    files = {
        "natsector_M2023_dl.xlsx": [industry("31-33", "Manufacturing", "sector", a_mean=61000)],
        "nat3d_M2023_dl.xlsx": [industry("327000", "Nonmetallic Mineral Products", "3-digit", a_mean=52000)],
        "nat4d_M2023_dl.xlsx": [
            industry("327000", "Nonmetallic Mineral Products", "4-digit", a_mean=52000),
            industry("622100", "General Hospitals", "4-digit", a_mean=58000),
        ],
        "nat4d_owner_M2023_dl.xlsx": [
            industry("622100", "General Hospitals", "4-digit", own="5", a_mean=57000),
            industry("622100", "General Hospitals", "4-digit", own="3", a_mean=60000),
        ],
    }
    members = {
        f"oesm23in4/{name}": _xlsx_bytes(tmp_path, name, {name[:-5]: synthetic_table(NEW_LAYOUT, records)})
        for name, records in files.items()
    }
    frame = analysis.read_oews(zip_files(tmp_path / "oesm23in4.zip", members))
    got = sorted(zip(frame["naics"], frame["own_code"], frame["i_group"], frame["a_mean"]))
    assert got == [
        ("31-33", "1235", "sector", 61000.0),
        ("327000", "1235", "4-digit", 52000.0),
        ("622100", "1235", "4-digit", 58000.0),
        ("622100", "3", "4-digit", 60000.0),
        ("622100", "5", "4-digit", 57000.0),
    ]
