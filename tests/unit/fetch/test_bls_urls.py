"""Where BLS publishes OEWS files (:mod:`analysis.fetch.bls_urls`): the URL of each archive and flat file, a
mirror keeping BLS's paths, and the strict parsing of --years and --kinds."""

from __future__ import annotations

import pytest

from analysis.fetch import bls_urls


def test_urls_follow_bls_layout_and_the_mirror_keeps_paths():
    assert bls_urls.archive_url(2023, "national") == "https://www.bls.gov/oes/special-requests/oesm23nat.zip"
    assert bls_urls.archive_url(2011, "metro").endswith("/oesm11ma.zip")
    assert bls_urls.archive_url(2024, "industry").endswith("/oesm24in4.zip")
    assert bls_urls.archive_url(2019, "state").endswith("/oesm19st.zip")
    assert bls_urls.archive_url(2020, "all").endswith("/oesm20all.zip")
    assert bls_urls.flat_file_url("oe.area") == "https://download.bls.gov/pub/time.series/oe/oe.area"
    mirror = "http://127.0.0.1:8123/mirror/"
    assert (
        bls_urls.archive_url(2023, "national", base_url=mirror)
        == "http://127.0.0.1:8123/mirror/oes/special-requests/oesm23nat.zip"
    )
    assert (
        bls_urls.flat_file_url("oe.data.0.Current", base_url="http://127.0.0.1:8123")
        == "http://127.0.0.1:8123/pub/time.series/oe/oe.data.0.Current"
    )
    with pytest.raises(ValueError, match="base URL"):
        bls_urls.rebase("https://www.bls.gov/x", "ftp://mirror")


def test_years_and_kinds_are_parsed_strictly():
    assert bls_urls.parse_years("2011-2013,2015, 2014") == [2011, 2012, 2013, 2014, 2015]
    for bad in ("23", "2024-2011", "twenty", ""):
        with pytest.raises(ValueError):
            bls_urls.parse_years(bad)
    assert bls_urls.parse_kinds("national,all,national") == ["national", "all"]
    with pytest.raises(ValueError, match="unknown archive kind 'county'"):
        bls_urls.parse_kinds("county")
