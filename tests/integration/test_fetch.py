"""``him-wages fetch`` against a local stand-in for BLS (tests/bls_server.py): no test touches the internet.

The archives served are built in memory from the real national files in data/raw/national/, zipped the
way BLS zips them (oesm23nat.zip holding oesm23nat/national_M2023_dl.xlsx).
"""

from __future__ import annotations

import hashlib
import io
import json
import time
import zipfile

import pandas as pd
import pytest
import requests

from analysis import fetch, paths
from analysis.cli import main as cli_main
from analysis.errors import NotBLSDataError, YearConflictError
from analysis.fetch import bls_urls
from analysis.reports.build import KERNEL_NAME
from bls_server import (
    CONTACT,
    NATIONAL_FILES,
    OEWS_FILES,
    BLSServer,
    archive_path,
    bls_archive,
    fetch_project,
    flat_file_path,
)
from real_files import HISTORY, HISTORY_VALUES

QUICK = {"timeout": 1.0, "retries": 2, "backoff": 0.01}


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project (HIM_WAGES_HOME) with a contact address and no user config file."""
    return fetch_project(tmp_path, monkeypatch)


@pytest.fixture
def server():
    with BLSServer(stall_seconds=3.0) as running:
        yield running


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree(folder):
    return {str(p.relative_to(folder)): sha(p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def get(server, years=(2023,), **kwargs):
    return fetch.fetch(years, ["national"], base_url=server.url, **{**QUICK, **kwargs})


def zip_of(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


# ----------------------------------------------------------------------------------------------- URLs
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


# ----------------------------------------------------------------------------------------------- the happy path
def test_fetch_installs_the_workbook_and_records_the_manifest(project, server):
    archive = bls_archive(2023)
    resource = server.put(archive_path(2023), archive)
    [result] = get(server)
    assert result.status == "downloaded"
    installed = project / "data" / "raw" / "bls" / "oesm23nat" / "national_M2023_dl.xlsx"
    assert installed.read_bytes() == (OEWS_FILES / "national_M2023_dl.xlsx").read_bytes()
    manifest = json.loads((project / "data" / "raw" / "bls" / "MANIFEST.json").read_text())
    entry = manifest["files"]["oesm23nat"]
    assert entry["url"] == server.url + "/oes/special-requests/oesm23nat.zip"
    assert entry["sha256"] == sha(archive) and entry["size"] == len(archive)
    assert entry["etag"] == resource.etag and entry["last_modified"] == resource.last_modified
    assert entry["retrieved"].startswith("20")
    assert entry["installed"] == [
        {
            "path": "oesm23nat/national_M2023_dl.xlsx",
            "member": "oesm23nat/national_M2023_dl.xlsx",
            "size": installed.stat().st_size,
            "sha256": sha(installed.read_bytes()),
        }
    ]
    [request] = server.requests_for(archive_path(2023))
    assert "him-wages/" in request["headers"]["user-agent"] and CONTACT in request["headers"]["user-agent"]
    # Nothing but the data folder and the manifest is left behind (the lock files this fetch made are removed).
    assert sorted(p.name for p in (project / "data" / "raw" / "bls").iterdir()) == ["MANIFEST.json", "oesm23nat"]


def test_an_archive_without_bls_folder_is_installed_the_same_way(project, server):
    server.put(archive_path(2012), bls_archive(2012, folder=False))
    get(server, years=[2012])
    assert (project / "data" / "raw" / "bls" / "oesm12nat" / "national_M2012_dl.xls").read_bytes() == (
        OEWS_FILES / "national_M2012_dl.xls"
    ).read_bytes()


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


def test_a_changed_file_is_downloaded_and_its_new_sha256_recorded(project, server):
    first_body = bls_archive(2023)
    server.put(archive_path(2023), first_body)
    [first] = get(server)
    changed = bls_archive(2023, folder=False)  # BLS re-zipped the release
    server.put(archive_path(2023), changed)
    [second] = get(server)
    assert second.status == "updated"
    assert first.entry["sha256"] == sha(first_body)
    manifest = json.loads(fetch.manifest_path().read_text())
    assert manifest["files"]["oesm23nat"]["sha256"] == sha(changed) != sha(first_body)
    assert server.requests_for(archive_path(2023))[1]["headers"]["if-none-match"] == first.entry["etag"]


# ----------------------------------------------------------------------------------------------- refusals
def test_no_contact_address_means_no_request(project, server, monkeypatch, capsys):
    monkeypatch.delenv("HIM_WAGES_CONTACT")
    server.put(archive_path(2023), bls_archive(2023))
    with pytest.raises(fetch.ContactNotConfiguredError, match="HIM_WAGES_CONTACT"):
        get(server)
    assert server.requests == []
    code = cli_main(["fetch", "--years", "2023", "--base-url", server.url, "--quiet"])
    assert code == 2
    assert "User-Agent" in capsys.readouterr().err
    with pytest.raises(fetch.ContactNotConfiguredError, match="not an e-mail address"):
        fetch.resolve_contact("just-a-name")


def test_contact_from_the_config_file(project, server, monkeypatch, tmp_path):
    monkeypatch.delenv("HIM_WAGES_CONTACT")
    config = tmp_path / "config" / "him-wages" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[fetch]\ncontact = "analyst@example.net"\n')
    server.put(archive_path(2023), bls_archive(2023))
    get(server)
    assert "analyst@example.net" in server.requests[0]["headers"]["user-agent"]


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


def test_an_html_page_with_status_200_never_replaces_the_cached_file(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    get(server)
    before = tree(project / "data" / "raw" / "bls")
    server.fail(archive_path(2023), "html")
    with pytest.raises(NotBLSDataError, match="HTML page .title 'Access Denied'.*User-Agent"):
        get(server, force=True)
    assert tree(project / "data" / "raw" / "bls") == before


# ----------------------------------------------------------------------------------------------- flaky servers
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


# ----------------------------------------------------------------------------------------------- hostile archives
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


# ------------------------------------------------------------------------------------- offline, flat files, CLI
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


# synthetic flat files: BLS's header lines with one made-up row each (the values are placeholders, not data)
SYNTHETIC_FLAT_FILES = {
    "oe.data.0.Current": b"series_id                     \tyear\tperiod\t       value\tfootnote_codes\n"
    b"OEUN000000000000000000001     \t2025\tA01\t  1\t\n",
    "oe.area": b"state_code\tarea_code\tareatype_code\tarea_name\n",
    "oe.areatype": b"areatype_code\tareatype_name\nN\tNational\n",
    "oe.datatype": b"datatype_code\tdatatype_name\n01\tEmployment\n",
    "oe.footnote": b"footnote_code\tfootnote_text\n4\tsynthetic\n",
    "oe.industry": b"industry_code\tindustry_name\tdisplay_level\tselectable\tsort_sequence\n",
    "oe.occupation": b"occupation_code\toccupation_name\tdisplay_level\tselectable\tsort_sequence\n",
    "oe.release": b"release_date\tdescription\n",
    "oe.series": b"series_id\tseasonal\tareatype_code\tindustry_code\toccupation_code\n",
}


def test_flat_files_through_the_mirror_environment_variable(project, server, monkeypatch):
    for name, body in SYNTHETIC_FLAT_FILES.items():
        server.put(flat_file_path(name), body)
    monkeypatch.setenv("HIM_WAGES_BLS_BASE_URL", server.url)
    results = fetch.fetch([], [], flat_files=True, **QUICK)
    assert [r.target.name for r in results] == list(bls_urls.FLAT_FILES)
    oe = project / "data" / "raw" / "bls" / "oe"
    assert (oe / "oe.footnote").read_bytes() == SYNTHETIC_FLAT_FILES["oe.footnote"]
    manifest = json.loads(fetch.manifest_path().read_text())
    assert manifest["files"]["oe/oe.series"]["url"] == server.url + "/pub/time.series/oe/oe.series"
    # A flat file answered with an HTML page, or with another file's header, is refused; the cached copy stays.
    server.fail(flat_file_path("oe.series"), "html")
    with pytest.raises(NotBLSDataError, match="HTML page"):
        fetch.fetch([], [], flat_files=True, force=True, **QUICK)
    server.put(flat_file_path("oe.series"), b"area_code\tarea_name\n")
    with pytest.raises(NotBLSDataError, match="header is not BLS's.*including 'series_id'"):
        fetch.fetch([], [], flat_files=True, force=True, **QUICK)
    assert (oe / "oe.series").read_bytes() == SYNTHETIC_FLAT_FILES["oe.series"]


def test_cli_fetch_reports_each_file_and_fails_when_one_fails(project, server, capsys):
    server.put(archive_path(2023), bls_archive(2023))
    server.put(archive_path(2024), bls_archive(2024))
    code = cli_main(
        ["fetch", "--years", "2023-2024", "--base-url", server.url, "--quiet", "--timeout", "2", "--backoff", "0.01"]
    )
    out = capsys.readouterr().out
    assert code == 0 and "oesm23nat.zip" in out and "oesm24nat.zip" in out
    code = cli_main(["fetch", "--years", "2023-2025", "--base-url", server.url, "--quiet", "--backoff", "0.01"])
    captured = capsys.readouterr()
    assert code == 1
    assert "not_modified" in captured.out and "FAILED  oesm25nat.zip" in captured.err and "HTTP 404" in captured.err
    # With progress bars (rich) on a non-terminal, and --force: the same bytes again are "unchanged".
    assert cli_main(["fetch", "--years", "2024", "--base-url", server.url, "--force"]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert cli_main(["fetch", "--base-url", server.url]) == 2
    assert cli_main(["fetch", "--years", "23", "--base-url", server.url]) == 2


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


# ----------------------------------------------------------------------------------------------- done
def test_done_fetch_2011_2024_then_read_oews_reproduces_the_national_history(project, server):
    for year in NATIONAL_FILES:
        server.put(archive_path(year), bls_archive(year, folder=year >= 2014))
    results = fetch.fetch(range(2011, 2025), ["national"], base_url=server.url, **QUICK)
    assert [r.status for r in results] == ["downloaded"] * 14

    from analysis import read_oews

    frame = read_oews(paths.downloads_dir())
    assert sorted(frame["year"].unique().tolist()) == list(range(2011, 2025))
    history = pd.read_csv(HISTORY, dtype={"occ_code": "string"})
    national = frame[(frame["area"] == "99") & (frame["naics"] == "000000")]
    merged = history.merge(
        national.astype({"year": "int64"}),
        on=["year", "occ_code"],
        suffixes=("", "_read"),
        how="left",
        validate="one_to_one",
    )
    assert len(merged) == 48
    for column in HISTORY_VALUES:
        expected = merged[column].astype("float64")
        found = merged[f"{column}_read"].astype("float64")
        mismatched = merged.loc[(expected - found).abs().fillna(1) > 1e-9, ["year", "occ_code"]]
        assert mismatched.empty, f"{column} differs from the history for {mismatched.values.tolist()}"


def test_the_store_sees_fetched_releases(project, server):
    server.put(archive_path(2023), bls_archive(2023))
    server.put(archive_path(2016), bls_archive(2016))
    fetch.fetch([2016, 2023], ["national"], base_url=server.url, **QUICK)
    from analysis import store

    result = store.build()
    assert result.rebuilt and result.years == [2016, 2023]
    frame = store.load(years=[2023], occ_codes=["29-2072"])
    history = pd.read_csv(HISTORY, dtype={"occ_code": "string"})
    expected = history[(history.year == 2023) & (history.occ_code == "29-2072")].iloc[0]
    national = frame[frame["area"] == "99"]
    assert len(national) == 1
    assert national.iloc[0]["tot_emp"] == expected["tot_emp"]
    assert national.iloc[0]["a_median"] == expected["a_median"]


@pytest.mark.notebook
def test_done_after_fetch_the_trend_notebook_shows_14_years_plus_the_bundled_release(project, server, tmp_path):
    """The issue's "done when": fetch 2011-2024 from the (local) BLS server, `him-wages data`, and the trend
    notebook — with no data_dirs — shows all 14 fetched years and the bundled May 2025 release, with BLS's
    figures (tests/data/national_him_history.csv)."""
    import csv
    import shutil

    import papermill as pm

    from analysis.cli import main as cli_main
    from analysis.reports import notebook

    shutil.copytree(paths.checkout_root() / "data" / "raw" / "oe", project / "data" / "raw" / "oe")
    for year in NATIONAL_FILES:
        server.put(archive_path(year), bls_archive(year, folder=year >= 2014))
    assert (
        cli_main(
            [
                "fetch",
                "--years",
                "2011-2024",
                "--kinds",
                "national",
                "--base-url",
                server.url,
                "--quiet",
                "--timeout",
                "5",
            ]
        )
        == 0
    )
    assert cli_main(["data"]) == 0
    output = tmp_path / "trends.ipynb"
    # The kernel inherits HIM_WAGES_HOME (set by the project fixture), so the notebook reads this project.
    pm.execute_notebook(
        str(paths.checkout_root() / "notebooks" / "04_trends.ipynb"),
        str(output),
        kernel_name=KERNEL_NAME,
        cwd=str(paths.checkout_root() / "notebooks"),
        progress_bar=False,
    )
    figures = notebook.read_recorded_figures(output)
    assert figures["years"] == list(range(2011, 2026))
    recorded = {(v["year"], v["occ_code"]): v for v in figures["values"]}
    with HISTORY.open(newline="") as handle:
        for row in csv.DictReader(handle):
            if row["occ_code"] not in {"11-9111", "29-2071", "29-2072", "29-9021", "29-2098", "29-9098"}:
                continue
            got = recorded[(int(row["year"]), row["occ_code"])]
            assert got["a_mean"] == float(row["a_mean"]) and got["tot_emp"] == float(row["tot_emp"])
