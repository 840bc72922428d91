"""The codes BLS writes in every OEWS table (:mod:`analysis.conventions.codes`), checked against BLS's own files:
the bundled May 2025 oe mapping files (data/raw/oe/oe.occupation, oe.industry) and BLS's national files."""

from __future__ import annotations

import csv
import re

import pytest

from analysis.conventions import codes, geography
from real_files import HISTORY, ROOT

OE = ROOT / "data" / "raw" / "oe"


def _mapping(name: str) -> list[dict[str, str]]:
    with (OE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def test_every_occupation_code_bls_publishes_matches_the_soc_pattern():
    # oe.occupation writes codes without the dash ("292072"); the canonical frame writes them as SOC does
    published = [f"{row['occupation_code'][:2]}-{row['occupation_code'][2:]}" for row in _mapping("oe.occupation")]
    assert len(published) > 800 and "29-2072" in published
    assert all(codes.SOC_CODE.match(code) for code in published)
    with HISTORY.open(encoding="utf-8", newline="") as handle:
        assert all(codes.SOC_CODE.match(row["occ_code"]) for row in csv.DictReader(handle))


@pytest.mark.parametrize("text", ["292072", "29-20720", "29-207", " 29-2072", "ab-cdef", "29–2072"])
def test_text_that_is_not_an_soc_code_does_not_match(text):
    assert not codes.SOC_CODE.match(text)


def test_a_code_followed_by_a_line_feed_does_not_match():
    # Python's "$" also matches before a final line feed; the pattern ends in "\\Z" so it does not
    assert not codes.SOC_CODE.match("29-2072\n")
    assert not re.match(codes.SOC_PATTERN, "29-2072\n")


def test_arrow_reads_the_pattern_as_python_does():
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = ["29-2072", "29-2072\n", "29-20720", " 29-2072", "292072"]  # SYNTHETIC
    by_arrow = pc.match_substring_regex(pa.array(texts), codes.SOC_PATTERN_RE2).to_pylist()
    assert by_arrow == [codes.SOC_CODE.match(text) is not None for text in texts] == [True, False, False, False, False]


def test_cross_industry_is_the_code_bls_gives_all_industries_together():
    first = _mapping("oe.industry")[0]
    # data/raw/oe/oe.industry: "000000	Cross-Industry, Private, Federal, State, and Local	0"
    assert (first["industry_code"], first["industry_name"]) == (
        codes.CROSS_INDUSTRY,
        "Cross-Industry, Private, Federal, State, and Local",
    )


def test_the_national_area_is_the_canonical_code_of_the_us():
    # oe.area codes the U.S. as areatype "N", area "0000000"; the canonical frame writes it as the national files do
    assert geography.canonical_area("N", "0000000") == codes.NATIONAL_AREA == "99"


def test_all_ownerships_is_the_code_of_the_files_without_an_ownership_field(oews_files):
    import analysis

    # national_M2024_dl.xlsx has no OWN_CODE column: "Files without an ownership field will always represent
    # private, federal, state, and local government ownerships combined" (field_descriptions.xlsx, May 2018)
    frame = analysis.read_oews(oews_files / "national_M2024_dl.xlsx")
    assert frame["own_code"].unique().tolist() == [codes.ALL_OWNERSHIPS]
