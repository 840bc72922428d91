"""Putting a checked download in place (:mod:`analysis.fetch.install`): an archive without BLS's folder is
installed the same way, and a swap interrupted between its two renames is recovered. Served by the local stand-in
for BLS (no network)."""

from __future__ import annotations

from bls_server import (
    OEWS_FILES,
    archive_path,
    bls_archive,
)
from fetch_runs import get


def test_an_archive_without_bls_folder_is_installed_the_same_way(project, server):
    server.put(archive_path(2012), bls_archive(2012, folder=False))
    get(server, years=[2012])
    assert (project / "data" / "raw" / "bls" / "oesm12nat" / "national_M2012_dl.xls").read_bytes() == (
        OEWS_FILES / "national_M2012_dl.xls"
    ).read_bytes()


def test_an_interrupted_swap_is_recovered(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    get(server)
    bls = project / "data" / "raw" / "bls"
    # As if killed between the two renames of the swap: the old folder is parked, the new one not yet in place.
    (bls / "oesm23nat").rename(bls / ".oesm23nat.old")
    (bls / ".oesm24nat.new").mkdir()
    [result] = get(server, offline=True)
    assert result.status == "cached"
    assert sorted(p.name for p in bls.iterdir()) == ["MANIFEST.json", "oesm23nat"]
