"""The catalog of the bundled files (:mod:`analysis.raw_catalog`, data/raw/MANIFEST): each file with its publisher's
URL and release, as the reports' sources footer lists them; a broken catalog is a specific error.
"""

from __future__ import annotations

import pytest

from analysis import raw_catalog
from analysis.errors import RawCatalogError
from analysis.reports import raw_manifest_entries


def test_manifest_lists_the_bundled_files_with_their_publishers_urls():
    rows = {row["file"]: row for row in raw_catalog.bundled_files(raw_catalog.read_manifest())}
    oe = rows["data/raw/oe/oe.data.0.Current.gz"]
    assert oe["release"] == "May 2025"
    assert oe["url"] == "https://download.bls.gov/pub/time.series/oe/oe.data.0.Current"
    assert (
        rows["data/raw/national/national_M2024_dl.xlsx"]["url"]
        == "https://www.bls.gov/oes/special-requests/oesm24nat.zip"
    )
    bea = rows["data/raw/bea/SARPP_STATE_2008_2024_all_items.csv"]
    assert bea["url"] == "https://apps.bea.gov/regional/zip/SARPP.zip"
    assert rows["data/raw/projections/occupation_projections_2024_34.csv"]["publisher"].startswith(
        "U.S. Bureau of Labor Statistics"
    )
    footer = {row["file"] for row in raw_manifest_entries()}
    assert "data/raw/national/national_M2011_dl.xls" in footer and not any(f.startswith("tests/") for f in footer)


def test_a_broken_manifest_is_a_specific_error(tmp_path):
    broken = tmp_path / "MANIFEST"
    broken.write_text("[release\n")
    with pytest.raises(RawCatalogError, match=str(broken)):
        raw_catalog.read_manifest(broken)
