"""Reading BLS's oe flat files: decoding series ids, statuses, filters, the fast path and every error case.

Most tests write a small SYNTHETIC release (made-up values, BLS's layout and code systems) with the project's
writer; the real May 2025 extract in data/raw/oe checks that the fast path and the line parser agree.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pandera
import pytest

import analysis
from analysis.conventions import releases
from analysis.conventions.schema import validate
from analysis.errors import NotBLSDataError, OEWSInputError, YearConflictError
from analysis.sources import flat_cells, flat_files
from analysis.sources.flat_files import (
    DATATYPE_COLUMNS,
    industry_fields,
    occupation_group,
    read_flat_files,
)
from devtools import oe_writer
from real_files import ROOT as REPO_ROOT

BUNDLE = REPO_ROOT / "data" / "raw" / "oe"

SYNTHETIC_AREAS = [
    ("00", "0000000", "N", "National"),
    ("01", "0100001", "M", "Northwest Alabama nonmetropolitan area"),
    ("06", "0031080", "M", "Los Angeles-Long Beach-Anaheim, CA"),
    ("06", "0600000", "S", "California"),
    ("72", "0041980", "M", "San Juan-Bayamon-Caguas, PR"),
    ("72", "7200000", "S", "Puerto Rico"),
]
SYNTHETIC_INDUSTRIES = [
    ("000000", "Cross-Industry, Private, Federal, State, and Local", 0),
    ("000001", "Cross-industry, Private Ownership only", 1),
    ("31--34", "Sectors 31, 32, and 33 - Manufacturing", 2),
    ("3250A1", "Chemical Manufacturing (3251, 3252, 3253, and 3259 only)", 4),
    ("62--63", "Sector 62 - Health Care and Social Assistance", 2),
    ("621110", "Offices of Physicians (except Mental Health Specialists)", 5),
    ("622000", "Hospitals", 3),
    ("622002", "Hospitals, State Government Owned", 4),
    ("99-100", "Sector 99 - Federal, State, and Local Government, excl. State & Local Schools & Hospitals & USPS", 2),
    ("999101", "Federal Government, including the U.S. Postal Service (OEWS Designation)", 2),
]
SYNTHETIC_OCCUPATIONS = [
    ("000000", "All Occupations", 0),
    ("151240", "Database and Network Administrators and Architects", 2),
    ("290000", "Healthcare Practitioners and Technical Occupations", 0),
    ("292000", "Health Technologists and Technicians", 1),
    ("292072", "Medical Records Specialists", 3),
]
SYNTHETIC_FOOTNOTES = [
    (
        "4",
        (
            "Wages for some occupations that do not generally work year-round, full time, are reported either as "
            "hourly wages or annual salaries depending on how they are typically paid."
        ),
    ),
    ("5", "This wage is equal to or greater than $100.00 per hour or $208,000 per year."),  # synthetic bound
    ("8", "Estimate not released."),
]


@pytest.fixture(autouse=True)
def synthetic_year_allowed(request, monkeypatch):
    """The synthetic release is dated May 2031, a year BLS cannot have published, so that it is never mistaken for
    BLS data; the readers refuse such a year (:mod:`analysis.conventions.releases`), so these tests let the
    calendar allow it (except the test of that refusal)."""
    if "implausible" not in request.node.name:
        monkeypatch.setattr(releases, "latest_possible_year", lambda today=None: 2031)


def synthetic_values(seed: int) -> dict[int, tuple[str, str | None]]:
    """17 made-up published values (synthetic, not BLS data)."""
    values = {
        1: (str(1000 + seed * 10), None),
        2: ("1.5", None),
        3: (f"{20 + seed}.25", None),
        4: (str((20 + seed) * 2080 + 520), None),
        5: ("0.8", None),
    }
    for offset, datatype in enumerate(range(6, 11)):
        values[datatype] = (f"{15 + seed + offset}.50", None)
    for offset, datatype in enumerate(range(11, 16)):
        values[datatype] = (str((15 + seed + offset) * 2080 + 1040), None)
    values[16] = ("2.345", None)
    values[17] = ("1.07", None)
    return values


def synthetic_cells() -> list[tuple]:
    cells = {}

    def add(areatype, area, industry, occupation, values):
        row = [f"OEU{areatype}{area}{industry}{occupation}"] + [None] * 34
        for datatype, (value, footnote) in values.items():
            row[datatype], row[datatype + 17] = value, footnote
        cells[row[0]] = tuple(row)

    national = {k: v for k, v in synthetic_values(1).items() if k not in (16, 17)}  # BLS: no LQ nationally
    add("N", "0000000", "000000", "292072", national)
    add("N", "0000000", "000000", "000000", synthetic_values(0))
    add("N", "0000000", "000000", "290000", synthetic_values(2))
    add("N", "0000000", "000000", "292000", synthetic_values(3))
    add("N", "0000000", "000000", "151240", synthetic_values(4))
    for index, (industry, _, _) in enumerate(SYNTHETIC_INDUSTRIES[1:], start=5):
        add("N", "0000000", industry, "292072", synthetic_values(index))
    add("S", "0600000", "000000", "292072", synthetic_values(20))
    # Puerto Rico: an annual-only occupation (hourly wages footnote 4).
    annual_only = synthetic_values(21)
    for datatype in (3, 6, 7, 8, 9, 10):
        annual_only[datatype] = ("-", "4")
    add("S", "7200000", "000000", "292072", annual_only)
    # Los Angeles: top-coded upper percentiles.
    top = synthetic_values(22)
    for datatype in (10, 15):
        top[datatype] = ("-", "5")
    add("M", "0031080", "000000", "292072", top)
    add("M", "0041980", "000000", "292072", synthetic_values(23))
    # A nonmetropolitan area whose estimate is not released.
    add("M", "0100001", "000000", "292072", {d: ("-", "8") for d in range(1, 18)})
    return [cells[key] for key in sorted(cells)]


def write_synthetic_release(folder: Path, *, year: str = "2031", gz: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    data = folder / ("oe.data.0.Current.gz" if gz else "oe.data.0.Current")
    with gzip.open(data, "wb") if gz else open(data, "wb") as out:
        oe_writer.write_oe_data(synthetic_cells(), out, year=year)
    mappings = {
        "oe.area": (oe_writer.AREA_COLUMNS, SYNTHETIC_AREAS),
        "oe.industry": (oe_writer.INDUSTRY_COLUMNS, SYNTHETIC_INDUSTRIES),
        "oe.occupation": (oe_writer.OCCUPATION_COLUMNS, SYNTHETIC_OCCUPATIONS),
        "oe.datatype": (oe_writer.DATATYPE_COLUMNS, [(f"{d:02d}", name) for d, name in DATATYPE_COLUMNS.items()]),
        "oe.footnote": (oe_writer.FOOTNOTE_COLUMNS, SYNTHETIC_FOOTNOTES),
    }
    for name, (columns, rows) in mappings.items():
        with open(folder / name, "wb") as out:
            oe_writer.write_mapping_file(columns, rows, out)
    return folder


@pytest.fixture
def release(tmp_path) -> Path:
    return write_synthetic_release(tmp_path / "synthetic-oe")


@pytest.fixture
def frame(release) -> pd.DataFrame:
    return read_flat_files(release)


def one(frame: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(frame), dtype=bool)
    for column, value in where.items():
        mask &= (frame[column] == value).fillna(False).to_numpy()
    rows = frame[mask]
    assert len(rows) == 1, where
    return rows.iloc[0]


def test_synthetic_release_reads_as_a_valid_canonical_frame(frame):
    validate(frame)
    assert len(frame) == len(synthetic_cells())
    assert set(frame["year"].unique()) == {2031}


@pytest.mark.parametrize(
    "area, area_type, prim_state, title",
    [
        ("99", 1, "US", "U.S."),
        ("06", 2, "CA", "California"),
        ("72", 3, "PR", "Puerto Rico"),
        ("31080", 4, "CA", "Los Angeles-Long Beach-Anaheim, CA"),
        ("41980", 4, "PR", "San Juan-Bayamon-Caguas, PR"),
        ("0100001", 6, "AL", "Northwest Alabama nonmetropolitan area"),
    ],
)
def test_area_decoding(frame, area, area_type, prim_state, title):
    row = one(frame, area=area, naics="000000", occ_code="29-2072")
    assert (row["area_type"], row["prim_state"], row["area_title"]) == (area_type, prim_state, title)


@pytest.mark.parametrize(
    "code, naics, title, i_group, own_code",
    [
        ("000000", "000000", "Cross-Industry, Private, Federal, State, and Local", "cross-industry", "1235"),
        ("000001", "000001", "Cross-industry, Private Ownership only", "cross-industry", "5"),
        ("31--34", "31-33", "Manufacturing", "sector", None),
        ("62--63", "62", "Health Care and Social Assistance", "sector", None),
        ("622000", "622000", "Hospitals", "3-digit", None),
        ("622002", "622002", "Hospitals, State Government Owned", "3-digit", "2"),
        ("621110", "621110", "Offices of Physicians (except Mental Health Specialists)", "5-digit", None),
        ("3250A1", "3250A1", "Chemical Manufacturing (3251, 3252, 3253, and 3259 only)", "4-digit", None),
        (
            "99-100",
            "99",
            "Federal, State, and Local Government, excl. State & Local Schools & Hospitals & USPS",
            "sector",
            "123",
        ),
        (
            "999101",
            "999101",
            "Federal Government, including the U.S. Postal Service (OEWS Designation)",
            "cross-industry",
            "1",
        ),
    ],
)
def test_industry_and_ownership_decoding(frame, code, naics, title, i_group, own_code):
    expected = (naics, title, i_group, own_code)
    assert industry_fields(code, {c: t for c, t, _ in SYNTHETIC_INDUSTRIES}[code]) == expected
    row = one(frame, area="99", naics=naics, occ_code="29-2072")
    got = (row["naics"], row["naics_title"], row["i_group"], None if pd.isna(row["own_code"]) else row["own_code"])
    assert got == expected


def test_occupation_decoding(frame):
    groups = {
        occ: one(frame, area="99", naics="000000", occ_code=occ)["o_group"]
        for occ in ("00-0000", "29-0000", "29-2000", "15-1240", "29-2072")
    }
    assert groups == {
        "00-0000": "total",
        "29-0000": "major",
        "29-2000": "minor",
        "15-1240": "broad",
        "29-2072": "detailed",
    }
    assert one(frame, area="99", naics="000000", occ_code="29-2072")["occ_title"] == "Medical Records Specialists"
    with pytest.raises(ValueError):
        occupation_group("292072", 7)


def test_values_are_pivoted_into_canonical_columns(frame):
    row = one(frame, area="06", naics="000000", occ_code="29-2072")
    for datatype, column in DATATYPE_COLUMNS.items():
        assert row[column] == float(synthetic_values(20)[datatype][0]), column
        assert pd.isna(row[f"{column}_status"])
    national = one(frame, area="99", naics="000000", occ_code="29-2072")
    assert pd.isna(national["jobs_1000"]) and pd.isna(national["jobs_1000_status"])  # no line, no status
    assert pd.isna(national["pct_total"]) and pd.isna(national["pct_rpt"])  # not in the flat files


def test_footnotes_become_statuses_and_top_code_bounds(frame):
    not_released = one(frame, area="0100001", occ_code="29-2072")
    for column in DATATYPE_COLUMNS.values():
        assert pd.isna(not_released[column]) and not_released[f"{column}_status"] == "not_released"
    top = one(frame, area="31080", occ_code="29-2072")
    assert top["h_pct90_status"] == "top_coded" and top["a_pct90_status"] == "top_coded"
    assert pd.isna(top["h_pct90"]) and top["h_pct75"] == float(synthetic_values(22)[9][0])
    assert (top["top_code_hourly"], top["top_code_annual"]) == (100.0, 208_000.0)
    annual_only = one(frame, area="72", occ_code="29-2072")
    assert annual_only["h_mean_status"] == "wage_not_available" and annual_only["annual"] == True  # noqa: E712 - a pandas boolean, not Python's
    assert pd.isna(annual_only["hourly"])
    assert annual_only["a_mean"] == float(synthetic_values(21)[4][0])
    assert frame["annual"].sum() == 1 and frame["hourly"].sum() == 0


def test_plain_gzip_folder_and_file_paths_agree(release, tmp_path, frame):
    gz = write_synthetic_release(tmp_path / "gz", gz=True)
    by_file = read_flat_files(release / "oe.data.0.Current")
    by_gz = read_flat_files(gz)
    columns = [c for c in frame.columns if c != "source"]
    pd.testing.assert_frame_equal(by_file[columns], frame[columns])
    pd.testing.assert_frame_equal(by_gz[columns], frame[columns])
    assert by_gz["source"].iloc[0].endswith("oe.data.0.Current.gz")


def test_other_layouts_fall_back_to_the_line_parser(release, frame):
    data = release / "oe.data.0.Current"
    text = data.read_bytes().decode("ascii")
    # LF line ends (e.g. after dos2unix): still BLS's fixed layout.
    data.write_text(text.replace("\r\n", "\n"))
    pd.testing.assert_frame_equal(read_flat_files(release), frame)
    # Series ids not padded to 30 characters and values not right-justified: only the line parser reads it.
    lines = [("\t".join(f.strip() for f in line.split("\t"))) for line in text.split("\r\n") if line]
    data.write_text("\n".join(lines) + "\n")
    with pytest.raises(flat_files.ReaderFallback):
        flat_cells.parse_fast(data, None, None)
    pd.testing.assert_frame_equal(read_flat_files(release), frame)
    # Lines in another order (not sorted by series id) read the same.
    header, *body = lines
    data.write_text("\n".join([header, *reversed(body)]) + "\n")
    unsorted = read_flat_files(release)
    keys = ["area", "naics", "occ_code"]
    pd.testing.assert_frame_equal(
        unsorted.sort_values(keys).reset_index(drop=True), frame.sort_values(keys).reset_index(drop=True)
    )


def test_filters_are_applied(release):
    only = read_flat_files(release, occ_codes=["15-1240"])
    assert list(only["occ_code"]) == ["15-1240"]
    states = read_flat_files(release, area_types=["state"])
    assert list(states["area"]) == ["06"]
    metro = read_flat_files(release, area_types=[4, "nonmetropolitan area"], occ_codes="292072")
    assert sorted(metro["area"]) == ["0100001", "31080", "41980"]
    assert len(read_flat_files(release, occ_codes=["11-9111"])) == 0


def test_year_comes_from_the_file_and_conflicts_are_errors(release):
    assert set(read_flat_files(release, year=2031)["year"]) == {2031}
    with pytest.raises(YearConflictError, match="2031"):
        read_flat_files(release, year=2030)


def _replace_line(release: Path, number: int, new: str) -> None:
    data = release / "oe.data.0.Current"
    lines = data.read_bytes().split(b"\r\n")
    lines[number - 1] = new.encode()
    data.write_bytes(b"\r\n".join(lines))


def test_missing_mapping_file(release):
    (release / "oe.industry").unlink()
    with pytest.raises(OEWSInputError, match=r"mapping file oe\.industry is missing"):
        read_flat_files(release)


def test_malformed_line_names_file_line_and_value(release):
    _replace_line(release, 5, "this is not an oe line")
    with pytest.raises(OEWSInputError) as error:
        read_flat_files(release)
    message = str(error.value)
    assert "oe.data.0.Current" in message and "row 5" in message and "this is not an oe line" in message


def test_malformed_value(release):
    _replace_line(release, 3, "OEUN000000000000000000002     \t2031\tA01\t       12x.5\t")
    with pytest.raises(OEWSInputError, match=r"row 3.*malformed value.*12x\.5"):
        read_flat_files(release)


def test_unknown_footnote_code(release):
    _replace_line(release, 4, "OEUN000000000000000000003     \t2031\tA01\t           -\t7")
    with pytest.raises(OEWSInputError, match=r"row 4.*unknown footnote code.*'7'"):
        read_flat_files(release)


def test_unknown_datatype(release):
    _replace_line(release, 2, "OEUN000000000000000000018     \t2031\tA01\t        1.00\t")
    with pytest.raises(OEWSInputError, match=r"row 2.*unknown datatype.*'18'"):
        read_flat_files(release)


def test_unknown_occupation_and_repeated_series(release):
    _replace_line(release, 2, "OEUN000000000000099999901     \t2031\tA01\t        1.00\t")
    with pytest.raises(OEWSInputError, match=r"row 2.*unknown occupation code.*999999"):
        read_flat_files(release)
    write_synthetic_release(release)
    _replace_line(release, 3, "OEUN000000000000000000001     \t2031\tA01\t         5.0\t")
    with pytest.raises(OEWSInputError, match=r"appears twice.*OEUN000000000000000000001"):
        read_flat_files(release)


def test_an_html_page_saved_as_the_data_file(release):
    (release / "oe.data.0.Current").write_text("<html><body>Access Denied</body></html>\n")
    with pytest.raises(NotBLSDataError, match="saved web page"):
        read_flat_files(release)


def test_not_an_oe_data_file(release):
    (release / "oe.data.0.Current").write_text("occupation\tvalue\n29-2072\t1\n")
    with pytest.raises(OEWSInputError, match="not a BLS oe data file"):
        read_flat_files(release)


def test_top_code_footnote_without_bounds(release):
    with open(release / "oe.footnote", "wb") as out:
        oe_writer.write_mapping_file(oe_writer.FOOTNOTE_COLUMNS, [("5", "synthetic text with no amounts")], out)
    with pytest.raises(OEWSInputError, match="top-code footnote"):
        read_flat_files(release)


def test_bundled_extract_takes_the_fast_path(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the line parser should not be needed for BLS's own layout")

    monkeypatch.setattr(flat_files, "parse_lines", refuse)
    frame = read_flat_files(BUNDLE, occ_codes=["29-2072"], area_types=["state", "territory"])
    assert set(frame["area_type"]) == {2, 3} and set(frame["occ_code"]) == {"29-2072"}
    everything = read_flat_files(BUNDLE)
    expected = everything[everything["area_type"].isin([2, 3]) & (everything["occ_code"] == "29-2072")]
    pd.testing.assert_frame_equal(frame, expected.reset_index(drop=True))
    assert len(frame) >= 51  # 50 states and DC, plus the territories where BLS has an estimate


def test_more_than_one_data_file_is_ambiguous(release):
    shutil.copy(release / "oe.data.0.Current", release / "oe.data.1.AllData")
    (release / "oe.data.0.Current").unlink()
    shutil.copy(release / "oe.data.1.AllData", release / "oe.data.2.Other")
    with pytest.raises(OEWSInputError, match="more than one oe.data file"):
        read_flat_files(release)


def test_two_industry_codes_with_one_canonical_code_are_checked_for_a_repeated_key(release):
    """The reader skips the schema's duplicate-key check only when its code tables give distinct canonical codes:
    here SYNTHETIC industry "31-034" is the same sector as BLS's "31--34" (naics "31-33"), so the same
    occupation in both is one key twice, and validation refuses it as before."""
    with open(release / "oe.industry", "wb") as out:
        oe_writer.write_mapping_file(
            oe_writer.INDUSTRY_COLUMNS, [*SYNTHETIC_INDUSTRIES, ("31-034", "Sectors 31-33 - Manufacturing", 2)], out
        )
    data = release / "oe.data.0.Current"
    lines = data.read_bytes().split(b"\r\n")
    ours = [n for n, line in enumerate(lines) if line.startswith(b"OEUN000000031--34")]
    assert len(ours) == 17
    twin = [lines[n].replace(b"31--34", b"31-034", 1) for n in ours]  # sorts right after "31--34"
    data.write_bytes(b"\r\n".join([*lines[: ours[-1] + 1], *twin, *lines[ours[-1] + 1 :]]))
    with pytest.raises(pandera.errors.SchemaError, match="occ_code|duplicate|unique"):
        read_flat_files(release)
    with pytest.raises(pandera.errors.SchemaError):
        analysis.read_oews(release)


def test_a_line_longer_than_any_bls_line_goes_to_the_line_parser(release):
    data = release / "oe.data.0.Current"
    start = data.read_bytes().split(b"\r\n")[3][:40].decode()  # line 4: its series id, year and period
    _replace_line(release, 4, start + "9" * 5000 + "\t")  # a number too large for a float64
    with pytest.raises(OEWSInputError, match=r"row 4.*malformed value"):
        read_flat_files(release)
    assert flat_cells.MAX_LINE_BYTES < 5000


def test_a_huge_line_is_named_in_a_message_of_bounded_length(release):
    """A SYNTHETIC 2 MB "line" with no line end: the error names its row and quotes its start, not all of it."""
    with open(release / "oe.data.0.Current", "ab") as out:
        out.write(b"\r\n" + b"9" * 2_000_000)
    with pytest.raises(OEWSInputError) as error:
        read_flat_files(release)
    message = str(error.value)
    assert "malformed line" in message and "2,000,002 characters in all" in message and len(message) < 3000


def test_an_implausible_release_year_is_refused_in_one_line(release, tmp_path):
    with pytest.raises(YearConflictError, match=r"May 2031, after the latest release.*from 1997 to"):
        read_flat_files(release)
    old = write_synthetic_release(tmp_path / "old", year="1900")
    with pytest.raises(YearConflictError, match="May 1900, before the first OEWS release") as caught:
        read_flat_files(old)
    assert len(str(caught.value)) < 400  # one line, not a schema dump
