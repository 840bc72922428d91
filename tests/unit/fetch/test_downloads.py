"""Fetching files (:mod:`analysis.fetch.downloads`): an unchanged file is confirmed with a conditional request and
not downloaded again, and offline runs use only the cache. Served by the local stand-in for BLS (no network)."""

from __future__ import annotations

import pytest

from analysis import fetch
from bls_server import (
    archive_path,
    bls_archive,
)
from fetch_runs import get, tree


def test_unchanged_file_is_not_downloaded_again(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    get(server)
    before = tree(project / "data" / "raw" / "bls" / "oesm23nat")
    [again] = get(server)
    assert again.status == "not_modified"
    second = server.requests_for(archive_path(2023))[1]
    assert second["headers"]["if-none-match"] == again.entry["etag"]
    assert "if-modified-since" in second["headers"]
    assert tree(project / "data" / "raw" / "bls" / "oesm23nat") == before


def test_offline_uses_only_the_cache(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    with pytest.raises(fetch.NotInCacheError, match="oesm23nat.zip is not in the cache.*never downloaded"):
        get(server, offline=True)
    get(server)
    count = len(server.requests)
    [cached] = get(server, offline=True)
    assert cached.status == "cached" and len(server.requests) == count
    (project / "data" / "raw" / "bls" / "oesm23nat" / "national_M2023_dl.xlsx").write_bytes(b"changed by hand")
    with pytest.raises(fetch.NotInCacheError, match="incomplete or changed"):
        get(server, offline=True)
