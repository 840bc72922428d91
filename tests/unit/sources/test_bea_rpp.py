"""BEA Regional Price Parities reader on the bundled BEA file (data/raw/bea) and on variants of it written here."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from analysis.errors import BEAInputError, HimWagesError
from analysis.sources import bea_rpp

BUNDLED = bea_rpp.bundled_path()


def _published(geo_name: str, year: str) -> float:
    """The value BEA printed in the bundled file, read with the csv module alone (independent of the reader)."""
    with BUNDLED.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, skipinitialspace=True):
            if row["GeoName"] == geo_name:
                return float(row[year])
    raise KeyError(geo_name)


def test_bundled_file_is_52_areas_by_17_years(rpp):
    assert rpp["fips"].nunique() == 52  # U.S., 50 states, DC
    assert sorted(rpp["year"].unique()) == list(range(2008, 2025))
    assert len(rpp) == 52 * 17
    assert set(rpp.loc[rpp["fips"] == "00", "rpp"]) == {100.0}
    assert rpp.loc[rpp["fips"] == "00", "area"].iloc[0] == "99"  # BLS's code for the U.S.
    assert not rpp["fips"].isin(["66", "72", "78"]).any()  # BEA's state table has no territories
    assert rpp["rpp_status"].isna().all()


@pytest.mark.parametrize(
    ("postal", "name", "year"),
    [("CA", "California", 2024), ("OH", "Ohio", 2024), ("DC", "District of Columbia", 2023), ("AK", "Alaska", 2008)],
)
def test_values_are_bea_s(rpp, postal, name, year):
    row = rpp[(rpp["postal"] == postal) & (rpp["year"] == year)].iloc[0]
    assert row["rpp"] == _published(name, str(year))
    assert row["name"] == name
    assert row["area"] == row["fips"]


def test_california_2024_as_bea_published_it(rpp):
    row = rpp[(rpp["postal"] == "CA") & (rpp["year"] == 2024)].iloc[0]
    assert row["rpp"] == 110.720 and row["fips"] == "06"


def test_vintage_comes_from_the_manifest_when_the_file_has_no_footer(rpp):
    import tomllib

    assert rpp.attrs["vintage"].startswith("Last updated: February 19, 2026")
    assert (rpp["vintage"] == rpp.attrs["vintage"]).all()
    manifest = tomllib.loads((BUNDLED.parents[1] / "MANIFEST").read_text(encoding="utf-8"))
    entry = next(c for c in manifest["copies"] if c["path"] == rpp.attrs["source"])
    assert entry["release"] == rpp.attrs["vintage"] and entry["sha256"] == rpp.attrs["sha256"]


def _bea_full_layout(tmp_path, extra_rows: list[str] = (), footer: bool = True):
    """SYNTHETIC variant: the bundled rows as BEA's full SARPP file has them, with another line code's rows (made
    up: the bundled rows relabelled as LineCode 2) and BEA's footer lines."""
    lines = BUNDLED.read_text(encoding="utf-8").splitlines()
    other = [line.replace(",SARPP,1,", ",SARPP,2,").replace("RPPs: All items", "RPPs: Goods") for line in lines[1:]]
    body = [lines[0], *lines[1:], *other, *extra_rows]
    if footer:
        body += [
            '"Note: See the included footnote file."',
            '"Source: U.S. Department of Commerce / Bureau of Economic Analysis"',
            '"Last updated: March 1, 2030-- new statistics for 2029; revised statistics for 2008-2028"',
        ]
    path = tmp_path / "SARPP_STATE_2008_2024.csv"
    path.write_text("\n".join(body) + "\n", encoding="utf-8")
    return path


def test_bea_full_file_with_footer_and_other_line_codes(tmp_path, rpp):
    frame = bea_rpp.read_rpp(_bea_full_layout(tmp_path))
    assert frame.drop(columns="vintage").equals(rpp.drop(columns="vintage"))
    assert frame.attrs["vintage"] == (
        "Last updated: March 1, 2030 -- new statistics for 2029; revised statistics for 2008-2028"
    )
    goods = bea_rpp.read_rpp(_bea_full_layout(tmp_path), line_code="2")
    assert len(goods) == len(rpp)


def test_bea_symbols_are_kept_as_status(tmp_path):
    lines = BUNDLED.read_text(encoding="utf-8").splitlines()
    lines[6] = lines[6].rsplit(",", 1)[0] + ",(NA)"  # SYNTHETIC: California 2024 replaced by BEA's (NA)
    path = tmp_path / "na.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = bea_rpp.read_rpp(path)
    row = frame[(frame["postal"] == "CA") & (frame["year"] == 2024)].iloc[0]
    assert row["rpp_status"] == "(NA)" and pd.isna(row["rpp"])
    assert frame.attrs["vintage"] == bea_rpp.UNKNOWN_VINTAGE  # not in the MANIFEST, no footer


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda lines: ["Area,Value", *lines[1:]], "not BEA's Regional Price Parities CSV layout"),
        (lambda lines: [lines[0], lines[1].replace('"00000"', '"10180"')], "column 'GeoFIPS': GeoFIPS is not a state"),
        (
            lambda lines: [lines[0], lines[1].replace("100.000,100.000", "100.000,abc", 1)],
            "row 2, column '2009': not an RPP value; found 'abc'",
        ),
        (lambda lines: [lines[0], lines[2], lines[2]], "GeoFIPS 01000 appears twice"),
        (lambda lines: [lines[0], lines[1].rsplit(",", 1)[0]], "row 2: 24 fields where the header has 25"),
        (lambda lines: [lines[0], lines[1].replace(",SARPP,1,", ",SARPP,3,")], "no rows with LineCode 1"),
    ],
)
def test_errors_name_file_row_column_and_value(tmp_path, edit, message):
    lines = BUNDLED.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")  # SYNTHETIC damage to the real file
    with pytest.raises(BEAInputError) as raised:
        bea_rpp.read_rpp(path)
    assert message in str(raised.value)
    assert "bad.csv" in str(raised.value)
    assert isinstance(raised.value, HimWagesError)


def test_missing_file(tmp_path):
    with pytest.raises(HimWagesError, match="BEA RPP file not found"):
        bea_rpp.read_rpp(tmp_path / "nope.csv")
