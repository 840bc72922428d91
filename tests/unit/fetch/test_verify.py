"""``him-wages fetch --verify`` (:mod:`analysis.fetch.verify`): each bundled copy compared with its publisher's
file, served by the local stand-in for BLS from the real national files (no network)."""

from __future__ import annotations

import hashlib
import io
import zipfile

from analysis.cli import main as cli_main
from analysis.fetch import verify as verify_module
from bls_server import (
    NATIONAL_FILES,
    OEWS_FILES,
    archive_path,
    bls_archive,
)
from real_files import ROOT, TEST_DATA

CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens there, the connection is refused at once


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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
