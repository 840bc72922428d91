"""The downloads ledger, data/raw/bls/MANIFEST.json (:mod:`analysis.fetch.ledger`): the entry of each download
(URL, sha256, size, validators, installed files), a changed file's new sha256, and concurrent fetches that keep each
other's entries and take turns on one file. Served by the local stand-in for BLS (no network)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

from analysis import fetch
from bls_server import (
    CONTACT,
    NATIONAL_FILES,
    OEWS_FILES,
    archive_path,
    bls_archive,
)
from fetch_runs import downloads, get, leftovers, sha


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
