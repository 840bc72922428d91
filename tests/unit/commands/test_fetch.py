"""``him-wages fetch`` through the CLI (:mod:`analysis.commands.fetch`): a line per file and exit 1 when one fails,
exit 2 for a usage error or no contact address, OS errors as one line naming the file. Served by the local stand-in
for BLS (no network)."""

from __future__ import annotations

import pytest

from analysis import fetch
from analysis.cli import main as cli_main
from bls_server import (
    BLSServer,
    archive_path,
    bls_archive,
    fetch_project,
)
from fetch_runs import downloads, get


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project (HIM_WAGES_HOME) with a contact address and no user config file."""
    return fetch_project(tmp_path, monkeypatch)


@pytest.fixture
def server():
    with BLSServer(stall_seconds=3.0) as running:
        yield running


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
