"""`him-wages fetch --kinds rpp,projections` end to end (into a folder the store skips), against the local stand-in
for BLS (tests/bls_server.py): no test touches the internet. The bounds, redirects, concurrency, `--latest` and
`--verify` are tested with their modules in tests/unit/fetch/.

Archives served are built in memory from the real national files of data/raw/national (tests/bls_server.py);
bodies marked SYNTHETIC are made up in the test (zeros, placeholder rows, a changed byte).
"""

from __future__ import annotations

import io
import json
import zipfile

from analysis import fetch, paths, store
from analysis.errors import FetchError
from bls_server import (
    bls_archive,
)
from fetch_runs import PATIENT, downloads, sha
from real_files import ROOT, TEST_DATA

# ----------------------------------------------------------------------------------------------- size bounds


# ----------------------------------------------------------------------------------------------- redirects


# ----------------------------------------------------------------------------------------------- one-line errors


# ----------------------------------------------------------------------------------------------- concurrency


# ----------------------------------------------------------------------------------------------- context kinds
def sarpp_zip() -> bytes:
    """BEA's SARPP.zip as BEA zips it, holding the bundled LineCode 1 rows of SARPP_STATE_2008_2024.csv."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "SARPP_STATE_2008_2024.csv",
            (ROOT / "data" / "raw" / "bea" / "SARPP_STATE_2008_2024_all_items.csv").read_bytes(),
        )
    return buffer.getvalue()


def test_kinds_rpp_and_projections_go_to_a_folder_the_store_skips(project, server):
    sarpp = sarpp_zip()
    workbook = (TEST_DATA / "field_descriptions.xlsx").read_bytes()  # a real BLS .xlsx standing in for occupation.xlsx
    server.put("/regional/zip/SARPP.zip", sarpp)
    server.put("/emp/ind-occ-matrix/occupation.xlsx", workbook)
    results = fetch.fetch([], ["rpp", "projections"], base_url=server.url, **PATIENT)
    assert [(r.target.name, r.status) for r in results] == [
        ("SARPP.zip", "downloaded"),
        ("occupation.xlsx", "downloaded"),
    ]
    context = downloads(project) / "context"
    assert (context / "SARPP.zip").read_bytes() == sarpp and (context / "occupation.xlsx").read_bytes() == workbook
    manifest = json.loads((downloads(project) / "MANIFEST.json").read_text())
    assert manifest["files"]["context/SARPP.zip"]["url"] == server.url + "/regional/zip/SARPP.zip"
    assert manifest["files"]["context/occupation.xlsx"]["sha256"] == sha(workbook)
    assert fetch.targets([], ["rpp", "projections"])[0].url == "https://apps.bea.gov/regional/zip/SARPP.zip"
    assert fetch.targets([], ["projections"])[0].url == "https://www.bls.gov/emp/ind-occ-matrix/occupation.xlsx"
    assert context not in store.default_inputs()
    # An HTML page or a zip without BEA's table is refused, and the good copy stays.
    server.fail("/regional/zip/SARPP.zip", "html")
    server.put("/emp/ind-occ-matrix/occupation.xlsx", bls_archive(2023))
    failed = fetch.fetch([], ["rpp", "projections"], base_url=server.url, force=True, keep_going=True, **PATIENT)
    assert all(r.error is not None for r in failed)
    assert "HTML page" in str(failed[0].error) and "does not hold what its publisher puts in it" in str(failed[1].error)
    assert (context / "SARPP.zip").read_bytes() == sarpp


# ----------------------------------------------------------------------------------------------- --verify


# ----------------------------------------------------------------------------------------------- --latest


def test_fetch_errors_derive_from_the_project_root():
    assert issubclass(fetch.UnreachableError, FetchError) and issubclass(fetch.NotPublishedError, FetchError)
    assert paths.downloads_dir().name == "bls"
