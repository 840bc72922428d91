"""`him-wages fetch` bounded and concurrent, `--latest`, `--verify` and `--kinds rpp,projections`, against the local
stand-in for BLS (tests/bls_server.py): no test touches the internet.

Archives served are built in memory from the real national files of data/raw/national (tests/bls_server.py);
bodies marked SYNTHETIC are made up in the test (zeros, placeholder rows, a changed byte).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from analysis import fetch, paths, store
from analysis.cli import main as cli_main
from analysis.errors import FetchError
from analysis.fetch import latest as latest_module
from analysis.fetch import verify as verify_module
from bls_server import (
    NATIONAL_FILES,
    OEWS_FILES,
    BLSServer,
    archive_path,
    bls_archive,
    fetch_project,
    flat_file_path,
)
from real_files import ROOT, TEST_DATA

QUICK = {"timeout": 15.0, "retries": 1, "backoff": 0.01}
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens there, the connection is refused at once


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project (HIM_WAGES_HOME) with the real data/raw/MANIFEST, a contact address, no config."""
    return fetch_project(tmp_path, monkeypatch, manifest=True)


@pytest.fixture
def server():
    with BLSServer(stall_seconds=3.0, drip_seconds=0.2) as running:
        yield running


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def downloads(project: Path) -> Path:
    return project / "data" / "raw" / "bls"


def leftovers(project: Path) -> list[str]:
    folder = downloads(project)
    return (
        sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or ".part." in p.name)
        if folder.exists()
        else []
    )


def get(server, years=(2023,), **kwargs):
    return fetch.fetch(years, ["national"], base_url=server.url, **{**QUICK, **kwargs})


# ----------------------------------------------------------------------------------------------- size bounds
def test_an_endless_body_stops_at_the_cap_and_the_part_is_deleted(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    server.fail(archive_path(2023), "endless")
    with pytest.raises(
        fetch.DownloadError,
        match=r"oesm23nat.zip: the download grew past 2,000,000 bytes.*"
        r"--max-bytes",
    ):
        get(server, max_bytes=2_000_000, retries=0)
    assert leftovers(project) == []
    assert not (downloads(project) / "oesm23nat").exists()


def test_a_content_length_above_the_cap_is_refused_before_the_body(project, server):
    body = bls_archive(2023)
    server.put(archive_path(2023), body)
    with pytest.raises(fetch.DownloadError, match=f"announces {len(body):,} bytes.*more than the 1,000-byte bound"):
        get(server, max_bytes=1000)
    assert leftovers(project) == []
    assert fetch.MAX_BYTES == {"flat": 600 * 1000**2, "archive": 200 * 1000**2, "context": 100 * 1000**2}


def test_a_valid_gzip_encoded_response_is_decoded_and_accepted(project, server):
    body = bls_archive(2023)
    server.put(archive_path(2023), body)
    server.fail(archive_path(2023), "gzip")
    [result] = get(server)
    assert result.status == "downloaded" and result.entry["sha256"] == sha(body) and result.entry["size"] == len(body)
    installed = downloads(project) / "oesm23nat" / "national_M2023_dl.xlsx"
    assert installed.read_bytes() == (OEWS_FILES / "national_M2023_dl.xlsx").read_bytes()


def test_a_gzip_bomb_stops_at_the_cap(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    server.fail(archive_path(2023), "gzipbomb")  # SYNTHETIC: 64 MiB of zeros in about 64 kB
    with pytest.raises(fetch.DownloadError, match="grew past 5,000,000 bytes"):
        get(server, max_bytes=5_000_000, retries=0)
    assert leftovers(project) == []


def test_a_dripping_server_fails_at_the_deadline_not_never(project, server):
    # SYNTHETIC body of 100 kB dripped one byte every 0.2 s (about 6 hours): each byte comes well within the 15 s
    # socket timeout, so only the deadline per file can end it.
    server.put(archive_path(2023), bytes(100_000))
    server.fail(archive_path(2023), "drip")
    with pytest.raises(
        fetch.DownloadError,
        match=r"oesm23nat.zip: the download did not finish within the 1.5 s "
        r"deadline per file",
    ):
        get(server, deadline=1.5, retries=3)
    assert len(server.requests_for(archive_path(2023))) == 1  # the deadline covers retries too


# ----------------------------------------------------------------------------------------------- redirects
def test_redirects_on_the_same_host_are_followed(project, server):
    server.put("/moved/oesm23nat.zip", bls_archive(2023))
    server.redirects[archive_path(2023)] = "/moved/oesm23nat.zip"
    [result] = get(server)
    assert result.status == "downloaded"


def test_redirects_to_another_host_or_scheme_are_refused(project, server):
    for location in (
        "http://elsewhere.example/oes/special-requests/oesm23nat.zip",
        "ftp://127.0.0.1/x.zip",
        "file:///etc/passwd",
    ):
        server.redirects[archive_path(2023)] = location
        with pytest.raises(fetch.DownloadError, match="not http.s. on the same host; not followed"):
            get(server)
    assert leftovers(project) == []


def test_a_redirect_loop_fails_that_file_and_the_other_years_continue(project, server, capsys):
    server.put(archive_path(2023), bls_archive(2023))
    server.redirects[archive_path(2022)] = archive_path(2022)
    failed, done = get(server, years=[2022, 2023], keep_going=True)
    assert isinstance(failed.error, fetch.DownloadError) and "more than 5 redirects" in str(failed.error)
    assert done.status == "downloaded"
    assert len(server.requests_for(archive_path(2022))) == 6
    code = cli_main(["fetch", "--years", "2022-2023", "--base-url", server.url, "--quiet", "--retries", "0"])
    err = capsys.readouterr().err
    assert code == 1 and "FAILED  oesm22nat.zip:" in err and "Traceback" not in err


# ----------------------------------------------------------------------------------------------- one-line errors
def test_os_errors_are_one_line_naming_the_file_and_what_to_do(project, server, monkeypatch, capsys):
    server.put(archive_path(2023), bls_archive(2023))
    downloads(project).parent.mkdir(parents=True, exist_ok=True)
    downloads(project).write_bytes(b"a file where the download folder should be")  # SYNTHETIC
    code = cli_main(["fetch", "--years", "2023", "--base-url", server.url, "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert str(downloads(project)) in err and "cannot prepare the download folder" in err
    downloads(project).unlink()

    def denied(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(fetch.install.os, "replace", denied)  # as if data/raw/bls belonged to another user
    code = cli_main(["fetch", "--years", "2023", "--base-url", server.url, "--quiet"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    failed = [line for line in err.splitlines() if line.startswith("FAILED")]
    assert (
        len(failed) == 1
        and "oesm23nat.zip" in failed[0]
        and "Permission denied" in failed[0]
        and "check the folder's permissions" in failed[0]
    )


# ----------------------------------------------------------------------------------------------- concurrency
def test_three_concurrent_fetches_keep_every_manifest_entry(project, server):
    for year in NATIONAL_FILES:
        server.put(archive_path(year), bls_archive(year))
    script = textwrap.dedent("""
        import sys
        from analysis import fetch
        years = [int(y) for y in sys.argv[2].split(",")]
        results = fetch.fetch(years, ["national"], base_url=sys.argv[1], timeout=10, retries=2, backoff=0.05)
        print(len(results))
    """)
    groups = ["2011,2014,2017,2020,2023", "2012,2015,2018,2021,2024", "2013,2016,2019,2022"]
    env = {**os.environ, "HIM_WAGES_HOME": str(project)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, server.url, group],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for group in groups
    ]
    outcomes = [process.communicate(timeout=300) for process in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outcomes
    manifest = json.loads((downloads(project) / "MANIFEST.json").read_text())
    assert sorted(manifest["files"]) == sorted(f"oesm{y % 100:02d}nat" for y in NATIONAL_FILES)
    for year in NATIONAL_FILES:
        assert manifest["files"][f"oesm{year % 100:02d}nat"]["sha256"] == sha(server.resources[archive_path(year)].body)
    assert leftovers(project) == []


def test_three_concurrent_fetches_of_the_same_file_take_turns(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    script = "import sys; from analysis import fetch; print(fetch.fetch([2023], base_url=sys.argv[1])[0].status)"
    env = {**os.environ, "HIM_WAGES_HOME": str(project)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, server.url],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outcomes = [process.communicate(timeout=300) for process in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outcomes
    statuses = sorted(out.strip() for out, _err in outcomes)
    # One downloads it; the others wait for it and then find it current (HTTP 304).
    assert statuses == ["downloaded", "not_modified", "not_modified"], outcomes
    requests_made = server.requests_for(archive_path(2023))
    assert len(requests_made) == 3 and sum("if-none-match" in r["headers"] for r in requests_made) == 2
    manifest = json.loads((downloads(project) / "MANIFEST.json").read_text())
    assert manifest["files"]["oesm23nat"]["sha256"] == sha(server.resources[archive_path(2023)].body)
    assert leftovers(project) == []


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
    results = fetch.fetch([], ["rpp", "projections"], base_url=server.url, **QUICK)
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
    failed = fetch.fetch([], ["rpp", "projections"], base_url=server.url, force=True, keep_going=True, **QUICK)
    assert all(r.error is not None for r in failed)
    assert "HTML page" in str(failed[0].error) and "does not hold what its publisher puts in it" in str(failed[1].error)
    assert (context / "SARPP.zip").read_bytes() == sarpp


# ----------------------------------------------------------------------------------------------- --verify
def serve_publishers(server, *, tamper: int | None = None, missing: int | None = None) -> None:
    """Every national archive as BLS zips it (May 2018 with its field-descriptions sheet)."""
    for year in NATIONAL_FILES:
        if year == missing:
            continue
        extra = (
            {"oesm18nat/field_descriptions.xlsx": (TEST_DATA / "field_descriptions.xlsx").read_bytes()}
            if year == 2018
            else None
        )
        body = bls_archive(year, extra=extra)
        if year == tamper:  # SYNTHETIC: the workbook with one byte appended
            name = NATIONAL_FILES[year]
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(f"oesm{year % 100:02d}nat/{name}", (OEWS_FILES / name).read_bytes() + b"\0")
            body = buffer.getvalue()
        server.put(archive_path(year), body)


def copy_sha(path: str) -> str:
    for copy in verify_module.read_copies(ROOT / "data" / "raw" / "MANIFEST"):
        if copy["path"] == path:
            return copy["sha256"]
    raise KeyError(path)


def test_verify_reports_match_for_every_copy_as_published(project, server, capsys):
    serve_publishers(server)
    code = cli_main(["fetch", "--verify", "--base-url", server.url, "--retries", "0"])
    out = capsys.readouterr().out
    assert code == 0
    as_published = [
        c["path"]
        for c in verify_module.read_copies()
        if c.get("form") == "as published" and c["path"].startswith("data/raw/national/")
    ]
    assert len(as_published) == 13  # May 2011-2024 but 2016 (a CSV export)
    for path in as_published:
        assert f"match           {path}" in out
    assert "match           tests/data/field_descriptions.xlsx" in out
    assert "not comparable  data/raw/national/national_M2016_dl.csv  (a CSV export" in out
    assert "not comparable  data/raw/bea/SARPP_STATE_2008_2024_all_items.csv  (a subset of the rows" in out
    assert "not comparable  data/raw/projections/occupation_projections_2024_34.csv  (a CSV export" in out
    assert "not comparable  tests/data/ocwage_04012014.xlsx  (the publisher URL" in out
    assert "14 match, 0 mismatch, 0 unreachable, 7 not comparable" in out
    assert len(out.splitlines()) == len(verify_module.read_copies()) + 1  # a line per copy, then the summary
    # Each archive was downloaded once (2013 and 2018 serve two copies each).
    assert len(server.requests_for(archive_path(2013))) == 1 and len(server.requests_for(archive_path(2018))) == 1
    assert not (project / "data" / "raw" / "bls").exists()  # verify keeps nothing


def test_verify_reports_a_mismatch_with_both_hashes_and_an_unreachable_file(project, server, capsys):
    serve_publishers(server, tamper=2012, missing=2015)
    code = cli_main(["fetch", "--verify", "--base-url", server.url, "--retries", "0"])
    captured = capsys.readouterr()
    assert code == verify_module.EXIT_MISMATCH == 1
    changed = (OEWS_FILES / "national_M2012_dl.xls").read_bytes() + b"\0"
    assert (
        f"mismatch        data/raw/national/national_M2012_dl.xls  copy sha256 "
        f"{copy_sha('data/raw/national/national_M2012_dl.xls')}, publisher's {sha(changed)}"
    ) in captured.out
    assert "unreachable     data/raw/national/national_M2015_dl.xlsx  (" in captured.out
    assert "HTTP 404" in captured.out


def test_verify_without_network_exits_3(project, capsys):
    code = cli_main(["fetch", "--verify", "--base-url", CLOSED, "--retries", "0"])
    captured = capsys.readouterr()
    assert code == verify_module.EXIT_NOTHING_REACHABLE == 3
    assert "no publisher could be reached" in captured.err
    assert captured.out.count("unreachable ") == 14


# ----------------------------------------------------------------------------------------------- --latest
SYNTHETIC_FLAT_FILES = {
    "oe.data.0.Current": b"series_id                     \tyear\tperiod\t       value\tfootnote_codes\n"
    b"OEUN000000000000000000001     \t2026\tA01\t  1\t\n",
    "oe.area": b"state_code\tarea_code\tareatype_code\tarea_name\n",
    "oe.areatype": b"areatype_code\tareatype_name\nN\tNational\n",
    "oe.datatype": b"datatype_code\tdatatype_name\n01\tEmployment\n",
    "oe.footnote": b"footnote_code\tfootnote_text\n4\tsynthetic\n",
    "oe.industry": b"industry_code\tindustry_name\tdisplay_level\tselectable\tsort_sequence\n",
    "oe.occupation": b"occupation_code\toccupation_name\tdisplay_level\tselectable\tsort_sequence\n",
    "oe.release": b"release_date\tdescription\n2026A01\tMay 2026\n",
    "oe.series": b"series_id\tseasonal\tareatype_code\tindustry_code\toccupation_code\n",
}


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
    get(server)
    (downloads(project) / ".manifest.lock").write_bytes(b"")
    before = tree(project / "data" / "raw")
    code, _out, _err = latest(CLOSED, capsys)
    assert code == 3
    assert tree(project / "data" / "raw") == before
    with pytest.raises(FetchError, match="Connection refused"):
        fetch.fetch([2024], ["national"], base_url=CLOSED, **{**QUICK, "retries": 0})
    assert tree(project / "data" / "raw") == before
    # Without an earlier fetch: no folder at all afterwards (a 404 is a failure too).
    shutil.rmtree(downloads(project))
    before = tree(project / "data" / "raw")
    with pytest.raises(fetch.NotPublishedError):
        get(server, years=[2026])
    assert tree(project / "data" / "raw") == before


def test_latest_reports_a_server_error_as_a_failure(project, server, capsys):
    server.put(flat_file_path("oe.release"), SYNTHETIC_FLAT_FILES["oe.release"])
    server.fail(flat_file_path("oe.release"), "500")
    code, _out, err = latest(server.url, capsys)
    assert code == latest_module.EXIT_FAILED == 1
    assert "FAILED  flat files:" in err and "HTTP 500" in err and "Traceback" not in err


def test_fetch_errors_derive_from_the_project_root():
    assert issubclass(fetch.UnreachableError, FetchError) and issubclass(fetch.NotPublishedError, FetchError)
    assert paths.downloads_dir().name == "bls"
