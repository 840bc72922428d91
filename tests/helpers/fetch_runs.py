"""Helpers of the fetch tests (tests/unit/fetch, tests/unit/commands/test_fetch.py, tests/integration/test_fetch*.py),
written once: the settings of a quick fetch against the local stand-in for BLS (bls_server.py), the downloads folder
and its leftover partial files, file digests, in-memory zips, and the fixtures of a throwaway project served by it."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest

from analysis import fetch
from bls_server import BLSServer, fetch_project

#: Short timeouts and quick retries: the faults the stand-in injects end a download in a second or two.
QUICK = {"timeout": 1.0, "retries": 2, "backoff": 0.01}

#: A long socket timeout, so that only the bound under test (size cap, deadline) can end a download.
PATIENT = {"timeout": 15.0, "retries": 1, "backoff": 0.01}

CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens there, the connection is refused at once


def get(server, years=(2023,), *, settings=QUICK, **kwargs):
    """Fetch the national archives of ``years`` from ``server`` with ``settings`` (``kwargs`` override them)."""
    return fetch.fetch(years, ["national"], base_url=server.url, **{**settings, **kwargs})


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tree(folder):
    """Every file under ``folder`` (relative path -> sha256), to show that a refused download changed nothing."""
    return {str(p.relative_to(folder)): sha(p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()}


def zip_of(members: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def downloads(project: Path) -> Path:
    return project / "data" / "raw" / "bls"


def leftovers(project: Path) -> list[str]:
    """The partial files (``*.part``, ``*.part.*``) left in the downloads folder: none after any fetch."""
    folder = downloads(project)
    return (
        sorted(p.name for p in folder.iterdir() if p.name.endswith(".part") or ".part." in p.name)
        if folder.exists()
        else []
    )


def synthetic_flat_files(year: int, release: bytes = b"") -> dict[str, bytes]:
    """SYNTHETIC flat files of the oe database: BLS's header lines with a made-up row where a test needs one (one
    series value of ``year``, and ``release`` after oe.release's header); the values are placeholders, not data."""
    return {
        "oe.data.0.Current": b"series_id                     \tyear\tperiod\t       value\tfootnote_codes\n"
        + f"OEUN000000000000000000001     \t{year}\tA01\t  1\t\n".encode(),
        "oe.area": b"state_code\tarea_code\tareatype_code\tarea_name\n",
        "oe.areatype": b"areatype_code\tareatype_name\nN\tNational\n",
        "oe.datatype": b"datatype_code\tdatatype_name\n01\tEmployment\n",
        "oe.footnote": b"footnote_code\tfootnote_text\n4\tsynthetic\n",
        "oe.industry": b"industry_code\tindustry_name\tdisplay_level\tselectable\tsort_sequence\n",
        "oe.occupation": b"occupation_code\toccupation_name\tdisplay_level\tselectable\tsort_sequence\n",
        "oe.release": b"release_date\tdescription\n" + release,
        "oe.series": b"series_id\tseasonal\tareatype_code\tindustry_code\toccupation_code\n",
    }


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A throwaway project (HIM_WAGES_HOME) with the real data/raw/MANIFEST, a contact address, no config."""
    return fetch_project(tmp_path, monkeypatch, manifest=True)


@pytest.fixture
def server():
    with BLSServer(stall_seconds=3.0, drip_seconds=0.2) as running:
        yield running
