"""What a BLS file's name says (:mod:`analysis.sources.file_kinds`): its release year and its kind, from the names
BLS gives its files and archives.
"""

from __future__ import annotations

import pytest

from analysis.sources.file_kinds import kind_from_name, year_from_name


@pytest.mark.parametrize(
    "name, year",
    [
        ("national_M2019_dl.xlsx", 2019),
        ("all_data_M_2019.xlsx", 2019),
        ("oesm19nat.zip", 2019),
        ("oesm23all", 2023),
        ("nat4d_owner_M2012_dl.xls", 2012),
        ("MSA_M2015_dl.csv", 2015),
        ("BOS_M2011_dl", 2011),
        ("field_descriptions.xlsx", None),
        ("my_download.xlsx", None),
    ],
)
def test_year_from_name(name, year):
    assert year_from_name(name) == year


@pytest.mark.parametrize(
    "name, kind",
    [
        ("national_M2019_dl.xlsx", "national"),
        ("state_M2019_dl.xlsx", "state"),
        ("MSA_M2019_dl.xlsx", "msa"),
        ("aMSA_M2011_dl_1.xls", "msa"),
        ("BOS_M2019_dl.xlsx", "nonmetro"),
        ("natsector_M2019_dl.xlsx", "industry"),
        ("nat3d_M2019_dl.xlsx", "industry"),
        ("nat4d_owner_M2019_dl.xlsx", "industry"),
        ("nat5d_6d_M2019_dl.xlsx", "industry"),
        ("all_data_M_2019.xlsx", "all_data"),
        ("notes.xlsx", None),
    ],
)
def test_kind_from_name(name, kind):
    assert kind_from_name(name) == kind
