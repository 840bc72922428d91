"""One bounded download over HTTP (:mod:`analysis.fetch.http`), against the local stand-in for BLS
(tests/helpers/bls_server.py; no test touches the internet): the User-Agent BLS requires, final and retried
answers, timeouts, resumed and restarted downloads, the byte cap, Content-Encoding, the deadline per file and
redirects.

Archives served are built in memory from the real national files in data/raw/national/; bodies marked SYNTHETIC
are made up in the test."""

from __future__ import annotations

import time

import pytest
import requests

from analysis import fetch
from analysis.cli import main as cli_main
from bls_server import (
    CONTACT,
    OEWS_FILES,
    BLSServer,
    archive_path,
    bls_archive,
)
from fetch_runs import PATIENT, QUICK, downloads, get, leftovers, sha, tree


def get_bounded(server, years=(2023,), **kwargs):
    """The size-bound tests' fetch: a long socket timeout, so that only the bound under test can end a download."""
    return get(server, years, settings=PATIENT, **kwargs)


def test_a_request_without_an_identifying_user_agent_is_refused_by_bls(server):
    server.put(archive_path(2023), bls_archive(2023))
    anonymous = requests.get(server.url + archive_path(2023), headers={"User-Agent": "python-requests"}, timeout=5)
    assert anonymous.status_code == 403 and b"Access Denied" in anonymous.content


def test_403_explains_the_user_agent_and_is_not_retried(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    get(server)
    before = tree(project / "data" / "raw" / "bls")
    server.fail(archive_path(2023), "403")
    with pytest.raises(fetch.AccessDeniedError) as caught:
        get(server, force=True)
    message = str(caught.value)
    assert "HTTP 403" in message and "an HTML page" in message and "User-Agent" in message and CONTACT in message
    assert len(server.requests_for(archive_path(2023))) == 2  # the first fetch, then one refused request
    assert tree(project / "data" / "raw" / "bls") == before


def test_404_is_final(project, server):
    with pytest.raises(fetch.DownloadError, match="HTTP 404.*has not published"):
        get(server, years=[2030])
    assert len(server.requests) == 1


def test_500_then_success_is_retried(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    server.fail(archive_path(2023), "500", "500")
    [result] = get(server)
    assert result.status == "downloaded"
    assert len(server.requests_for(archive_path(2023))) == 3


def test_persistent_500_gives_up_after_bounded_retries(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    server.fail(archive_path(2023), *["500"] * 10)
    with pytest.raises(fetch.DownloadError, match="gave up after 3 attempts.*HTTP 500"):
        get(server)
    assert len(server.requests_for(archive_path(2023))) == 3
    assert not (project / "data" / "raw" / "bls" / "oesm23nat").exists()


def test_a_stalled_response_times_out_then_succeeds(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    server.fail(archive_path(2023), "stall")
    started = time.monotonic()
    with pytest.raises(fetch.DownloadError, match="gave up after 1 attempts"):
        get(server, timeout=0.3, retries=0)
    assert time.monotonic() - started < 2.5
    server.fail(archive_path(2023), "stall")
    [result] = get(server, timeout=0.3, retries=1)
    assert result.status == "downloaded"
    assert result.entry["sha256"] == sha(server.resources[archive_path(2023)].body)


def test_a_truncated_body_is_resumed_with_a_range_request(project, server):
    body = bls_archive(2023)
    resource = server.put(archive_path(2023), body)
    server.fail(archive_path(2023), "truncate")
    [result] = get(server)
    assert result.entry["sha256"] == sha(body)
    first, second = server.requests_for(archive_path(2023))
    assert "range" not in first["headers"]
    # The server sent half the body; the client kept what it had written (whole chunks) and asks for the rest.
    start = int(second["headers"]["range"].removeprefix("bytes=").rstrip("-"))
    assert 0 < start <= len(body) // 2
    assert second["headers"]["if-range"] == resource.etag
    assert not list((project / "data" / "raw" / "bls").glob("*.part"))


def test_an_interrupted_download_is_resumed_by_the_next_run(project, server):
    body = bls_archive(2022)
    server.put(archive_path(2022), body)
    server.fail(archive_path(2022), "truncate")
    with pytest.raises(fetch.DownloadError):
        get(server, years=[2022], retries=0)
    part = project / "data" / "raw" / "bls" / "oesm22nat.zip.part"
    kept = part.stat().st_size
    assert 0 < kept <= len(body) // 2
    assert not (project / "data" / "raw" / "bls" / "oesm22nat").exists()
    [result] = get(server, years=[2022])
    assert result.entry["sha256"] == sha(body)
    assert server.requests_for(archive_path(2022))[1]["headers"]["range"] == f"bytes={kept}-"


def test_without_range_support_a_truncated_download_restarts(project):
    with BLSServer(supports_range=False) as plain:
        body = bls_archive(2021)
        plain.put(archive_path(2021), body)
        plain.fail(archive_path(2021), "truncate")
        [result] = fetch.fetch([2021], ["national"], base_url=plain.url, **QUICK)
    assert result.entry["sha256"] == sha(body)
    installed = project / "data" / "raw" / "bls" / "oesm21nat" / "national_M2021_dl.xlsx"
    assert installed.read_bytes() == (OEWS_FILES / "national_M2021_dl.xlsx").read_bytes()


def test_an_endless_body_stops_at_the_cap_and_the_part_is_deleted(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    server.fail(archive_path(2023), "endless")
    with pytest.raises(
        fetch.DownloadError,
        match=r"oesm23nat.zip: the download grew past 2,000,000 bytes.*"
        r"--max-bytes",
    ):
        get_bounded(server, max_bytes=2_000_000, retries=0)
    assert leftovers(project) == []
    assert not (downloads(project) / "oesm23nat").exists()


def test_a_content_length_above_the_cap_is_refused_before_the_body(project, server):
    body = bls_archive(2023)
    server.put(archive_path(2023), body)
    with pytest.raises(fetch.DownloadError, match=f"announces {len(body):,} bytes.*more than the 1,000-byte bound"):
        get_bounded(server, max_bytes=1000)
    assert leftovers(project) == []
    assert fetch.MAX_BYTES == {"flat": 600 * 1000**2, "archive": 200 * 1000**2, "context": 100 * 1000**2}


def test_a_valid_gzip_encoded_response_is_decoded_and_accepted(project, server):
    body = bls_archive(2023)
    server.put(archive_path(2023), body)
    server.fail(archive_path(2023), "gzip")
    [result] = get_bounded(server)
    assert result.status == "downloaded" and result.entry["sha256"] == sha(body) and result.entry["size"] == len(body)
    installed = downloads(project) / "oesm23nat" / "national_M2023_dl.xlsx"
    assert installed.read_bytes() == (OEWS_FILES / "national_M2023_dl.xlsx").read_bytes()


def test_a_gzip_bomb_stops_at_the_cap(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    server.fail(archive_path(2023), "gzipbomb")  # SYNTHETIC: 64 MiB of zeros in about 64 kB
    with pytest.raises(fetch.DownloadError, match="grew past 5,000,000 bytes"):
        get_bounded(server, max_bytes=5_000_000, retries=0)
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
        get_bounded(server, deadline=1.5, retries=3)
    assert len(server.requests_for(archive_path(2023))) == 1  # the deadline covers retries too


def test_redirects_on_the_same_host_are_followed(project, server):
    server.put("/moved/oesm23nat.zip", bls_archive(2023))
    server.redirects[archive_path(2023)] = "/moved/oesm23nat.zip"
    [result] = get_bounded(server)
    assert result.status == "downloaded"


def test_redirects_to_another_host_or_scheme_are_refused(project, server):
    for location in (
        "http://elsewhere.example/oes/special-requests/oesm23nat.zip",
        "ftp://127.0.0.1/x.zip",
        "file:///etc/passwd",
    ):
        server.redirects[archive_path(2023)] = location
        with pytest.raises(fetch.DownloadError, match="not http.s. on the same host; not followed"):
            get_bounded(server)
    assert leftovers(project) == []


def test_a_redirect_loop_fails_that_file_and_the_other_years_continue(project, server, capsys):
    server.put(archive_path(2023), bls_archive(2023))
    server.redirects[archive_path(2022)] = archive_path(2022)
    failed, done = get_bounded(server, years=[2022, 2023], keep_going=True)
    assert isinstance(failed.error, fetch.DownloadError) and "more than 5 redirects" in str(failed.error)
    assert done.status == "downloaded"
    assert len(server.requests_for(archive_path(2022))) == 6
    code = cli_main(["fetch", "--years", "2022-2023", "--base-url", server.url, "--quiet", "--retries", "0"])
    err = capsys.readouterr().err
    assert code == 1 and "FAILED  oesm22nat.zip:" in err and "Traceback" not in err
