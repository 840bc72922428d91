"""Admission of a download before anything uses it (:mod:`analysis.fetch.checks`): HTML pages, zip-slip, zip
bombs, an archive of another year or kind, a workbook member that is an HTML page, empty and random bodies. Served
by the local stand-in for BLS (no network); archives are built from the real national files in data/raw/national/."""

from __future__ import annotations

import pytest

from analysis import fetch
from analysis.errors import NotBLSDataError, YearConflictError
from bls_server import (
    OEWS_FILES,
    archive_path,
    bls_archive,
)
from fetch_runs import QUICK, get, tree, zip_of


def test_an_html_page_with_status_200_never_replaces_the_cached_file(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    get(server)
    before = tree(project / "data" / "raw" / "bls")
    server.fail(archive_path(2023), "html")
    with pytest.raises(NotBLSDataError, match="HTML page .title 'Access Denied'.*User-Agent"):
        get(server, force=True)
    assert tree(project / "data" / "raw" / "bls") == before


def test_zip_slip_is_refused_and_nothing_is_written(project, server, tmp_path):
    real = (OEWS_FILES / "national_M2023_dl.xlsx").read_bytes()
    server.put(
        archive_path(2023),
        zip_of({"oesm23nat/national_M2023_dl.xlsx": real, "../../escaped.txt": b"synthetic payload"}),
    )
    with pytest.raises(fetch.UnsafeArchiveError, match="zip-slip.*'../../escaped.txt'"):
        get(server)
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not (project / "data" / "raw" / "bls" / "oesm23nat").exists()
    assert not list((project / "data" / "raw" / "bls").glob("*.part"))


def test_a_zip_bomb_is_refused_by_ratio_and_by_total_size(project, server):
    real = (OEWS_FILES / "national_M2023_dl.xlsx").read_bytes()
    # synthetic: 20 MB of zeros deflate to about 20 kB (ratio near 1000)
    bomb = zip_of({"oesm23nat/national_M2023_dl.xlsx": real, "oesm23nat/filler.csv": bytes(20 * 1024 * 1024)})
    server.put(archive_path(2023), bomb)
    with pytest.raises(fetch.UnsafeArchiveError, match="filler.csv.*too large when uncompressed.*compression ratio"):
        get(server)
    tight = fetch.ArchiveLimits(max_total_bytes=len(real) + 1000, max_ratio=10_000)
    with pytest.raises(fetch.UnsafeArchiveError, match="too large when uncompressed.*in all"):
        get(server, limits=tight, force=True)
    assert not (project / "data" / "raw" / "bls" / "oesm23nat").exists()


def test_an_archive_of_another_year_or_kind_is_refused(project, server):
    server.put(archive_path(2023), bls_archive(2022))
    with pytest.raises(
        YearConflictError,
        match="oesm23nat.zip!oesm22nat/national_M2022_dl.xlsx.*found 2022.*"
        "May 2023 .the archive was requested as oesm23nat.zip",
    ):
        get(server)
    server.put(archive_path(2023, "st"), bls_archive(2023))
    with pytest.raises(NotBLSDataError, match="no state workbook"):
        fetch.fetch([2023], ["state"], base_url=server.url, **QUICK)


def test_a_workbook_member_that_is_an_html_page_is_refused(project, server):
    server.put(archive_path(2023), zip_of({"oesm23nat/national_M2023_dl.xlsx": b"<html><body>oops</body></html>"}))
    with pytest.raises(NotBLSDataError, match="national_M2023_dl.xlsx.*HTML page"):
        get(server)
    assert not (project / "data" / "raw" / "bls" / "oesm23nat").exists()


def test_empty_and_random_bodies_are_refused(project, server):
    server.put(archive_path(2023), b"")
    with pytest.raises(NotBLSDataError, match="empty body"):
        get(server)
    server.put(archive_path(2023), bytes(range(256)) * 8)  # synthetic random-looking bytes
    with pytest.raises(NotBLSDataError, match="not a ZIP archive"):
        get(server)
    server.put(archive_path(2023), bls_archive(2023)[:5000])  # truncated at the source: Content-Length agrees
    with pytest.raises(NotBLSDataError, match="damaged or truncated ZIP"):
        get(server)
