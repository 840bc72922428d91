"""``him-wages fetch --latest`` (:mod:`analysis.fetch.latest`): nothing new, a new release fetched then not
modified, no network (exit 3, nothing changed), a server error. Served by the local stand-in for BLS (no network);
the flat files marked SYNTHETIC hold BLS's header lines with placeholder rows."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from analysis import fetch
from analysis.cli import main as cli_main
from analysis.errors import FetchError
from analysis.fetch import latest as latest_module
from bls_server import (
    OEWS_FILES,
    archive_path,
    bls_archive,
    flat_file_path,
)
from fetch_runs import CLOSED, PATIENT, downloads, get, synthetic_flat_files
from real_files import ROOT

SYNTHETIC_FLAT_FILES = synthetic_flat_files(2026, release=b"2026A01\tMay 2026\n")


def latest(server, capsys, *extra) -> tuple[int, str, str]:
    code = cli_main(["fetch", "--latest", "--base-url", server, "--quiet", "--retries", "0", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_latest_with_nothing_new(project, server, capsys):
    server.put(flat_file_path("oe.release"), (ROOT / "data" / "raw" / "oe" / "oe.release").read_bytes())
    assert latest_module.latest_year_here() == 2025  # the bundled May 2025 release (data/raw/MANIFEST)
    code, out, err = latest(server.url, capsys)
    assert code == 0, err
    assert "flat files: no new release (the same oe.release as the bundled release)" in out
    assert "national: no new release (oesm26nat.zip, May 2026, is not published yet)" in out
    [request] = server.requests_for(flat_file_path("oe.release"))
    # Conditional, with the validators BLS sent for the bundled release (data/raw/MANIFEST).
    assert request["headers"]["if-none-match"] == '"030991e73e4dc1:0"'
    assert request["headers"]["if-modified-since"] == "Fri, 15 May 2026 00:00:00 GMT"
    assert not (downloads(project) / "oe").exists()


def test_latest_fetches_a_new_release_then_is_not_modified(project, server, capsys):
    for name, body in SYNTHETIC_FLAT_FILES.items():
        server.put(flat_file_path(name), body)
    # SYNTHETIC: the May 2024 national workbook served under May 2026's name (only fetching is tested here).
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("oesm26nat/national_M2026_dl.xlsx", (OEWS_FILES / "national_M2024_dl.xlsx").read_bytes())
    server.put(archive_path(2026), buffer.getvalue())
    code, out, err = latest(server.url, capsys)
    assert code == 0, err
    assert "flat files: NEW release '2026A01 May 2026' fetched into data/raw/bls/oe" in out
    assert "national: NEW release May 2026 fetched into data/raw/bls/oesm26nat" in out
    assert (downloads(project) / "oe" / "oe.release").read_bytes() == SYNTHETIC_FLAT_FILES["oe.release"]
    assert (downloads(project) / "oesm26nat" / "national_M2026_dl.xlsx").is_file()
    # The next run: oe.release answers 304 to the cached validators; the next national file is May 2027.
    code, out, err = latest(server.url, capsys)
    assert code == 0, err
    assert "flat files: no new release (HTTP 304 Not Modified to the validators of the last fetch)" in out
    assert "national: no new release (oesm27nat.zip, May 2027, is not published yet)" in out
    last = server.requests_for(flat_file_path("oe.release"))[-1]
    assert last["headers"]["if-none-match"] == server.resources[flat_file_path("oe.release")].etag


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every path below ``folder`` (hidden ones too) -> its bytes, None for a folder."""
    return {str(p.relative_to(folder)): (None if p.is_dir() else p.read_bytes()) for p in sorted(folder.rglob("*"))}


def test_latest_without_network_is_one_line_and_exit_3(project, capsys):
    before = tree(project / "data" / "raw")
    code, out, err = latest(CLOSED, capsys)
    assert code == latest_module.EXIT_UNREACHABLE == 3
    assert out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("him-wages fetch --latest: BLS cannot be reached") and "Connection refused" in err
    # "nothing changed": no data/raw/bls folder, no lock file left behind
    assert not downloads(project).exists()
    assert tree(project / "data" / "raw") == before


def test_a_failed_fetch_leaves_the_download_folder_as_it_was(project, server, capsys):
    # An earlier fetch's folder, with a lock file that was already there: it stays, and nothing is added.
    server.put(archive_path(2023), bls_archive(2023))
    get(server, settings=PATIENT)
    (downloads(project) / ".manifest.lock").write_bytes(b"")
    before = tree(project / "data" / "raw")
    code, _out, _err = latest(CLOSED, capsys)
    assert code == 3
    assert tree(project / "data" / "raw") == before
    with pytest.raises(FetchError, match="Connection refused"):
        fetch.fetch([2024], ["national"], base_url=CLOSED, **{**PATIENT, "retries": 0})
    assert tree(project / "data" / "raw") == before
    # Without an earlier fetch: no folder at all afterwards (a 404 is a failure too).
    shutil.rmtree(downloads(project))
    before = tree(project / "data" / "raw")
    with pytest.raises(fetch.NotPublishedError):
        get(server, years=[2026], settings=PATIENT)
    assert tree(project / "data" / "raw") == before


def test_latest_reports_a_server_error_as_a_failure(project, server, capsys):
    server.put(flat_file_path("oe.release"), SYNTHETIC_FLAT_FILES["oe.release"])
    server.fail(flat_file_path("oe.release"), "500")
    code, _out, err = latest(server.url, capsys)
    assert code == latest_module.EXIT_FAILED == 1
    assert "FAILED  flat files:" in err and "HTTP 500" in err and "Traceback" not in err
