"""The project's one lock helper (:func:`analysis.files.exclusive_lock`): where its lock files live (``data/.locks``,
never in ``data/raw``), a bounded wait against another process, and each user of it (the store's build, the
reports' index, every fetch) contending on it, seen through what the user does: waits, says so, exits 75."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import files
from analysis.cli import main as cli_main
from analysis.errors import EXIT_LOCKED, LockTimeout
from analysis.reports import index_update

HOLDER = """
import sys
from analysis import files
with files.exclusive_lock(sys.argv[1], timeout=5):
    print("held", flush=True)
    sys.stdin.read()  # until the test closes stdin
"""


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A throwaway project (HIM_WAGES_HOME) with an empty data/raw."""
    root = tmp_path / "project"
    (root / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    monkeypatch.setenv("HIM_WAGES_CONTACT", "tests@example.org")
    return root


@contextlib.contextmanager
def held_by_another_process(resource: Path) -> Iterator[None]:
    """Another Python process holds the lock of ``resource`` for the block (it inherits HIM_WAGES_HOME)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(resource)],
        env=dict(os.environ),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "held", child.stderr.read()
        yield
    finally:
        child.stdin.close()
        child.wait(timeout=30)
    assert child.returncode == 0, child.stderr.read()


def every_file(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


# ----------------------------------------------------------------------------------------------- where they live
def test_lock_files_live_in_data_locks_one_per_resource(project):
    raw = project / "data" / "raw"
    bls = raw / "bls"
    store_lock = files.lock_file(project / "data" / "processed")
    ledger_lock = files.lock_file(bls / "MANIFEST.json")
    assert store_lock.parent == ledger_lock.parent == project / "data" / ".locks"
    assert store_lock.name.startswith("processed-") and ledger_lock.name.startswith("MANIFEST.json-")
    assert len({store_lock, ledger_lock, files.lock_file(bls / "oesm23nat"), files.lock_file(bls / "oesm22nat")}) == 4
    assert files.lock_file(project / "data" / "raw" / ".." / "processed") == store_lock  # the same resource, same lock
    outside = files.lock_file(project.parent / "elsewhere" / "index.json")  # a reports --out outside the project
    assert outside.parent == project / "data" / ".locks" and outside.name.startswith("index.json-")


def test_no_lock_file_is_ever_made_in_data_raw(project, capsys):
    raw = project / "data" / "raw"
    (raw / "bls").mkdir()
    before = every_file(raw)
    # A fetch that finds nothing in the cache takes the downloads' record lock and the file's lock, and fails.
    code = cli_main(["fetch", "--years", "2023", "--offline"])
    assert code == 1 and "oesm23nat.zip is not in the cache" in capsys.readouterr().err
    with files.exclusive_lock(raw / "bls" / "MANIFEST.json"), files.exclusive_lock(raw / "bls" / "oesm23nat"):
        assert every_file(raw) == before
    assert every_file(raw) == before
    assert [p.suffix for p in (project / "data" / ".locks").iterdir()] == [".lock", ".lock"]


# ----------------------------------------------------------------------------------------------- contention
def test_another_process_holding_the_lock_makes_the_wait_bounded(project):
    resource = project / "data" / "processed"
    said: list[str] = []
    with held_by_another_process(resource):
        started = time.monotonic()
        with (
            pytest.raises(LockTimeout) as raised,
            files.exclusive_lock(resource, timeout=0.5, on_wait=lambda: said.append("waiting")),
        ):
            pytest.fail("acquired a lock another process holds")
        waited = time.monotonic() - started
    assert said == ["waiting"]  # told once
    assert 0.5 <= waited < 10
    assert str(resource) in str(raised.value) and "\n" not in str(raised.value)
    with files.exclusive_lock(resource, timeout=0):  # the holder is gone: free at once
        pass


def test_the_store_build_takes_it(project, capsys):
    with held_by_another_process(project / "data" / "processed"):
        code = cli_main(["data", "--wait", "0.3"])
    err = capsys.readouterr().err
    assert code == EXIT_LOCKED == 75
    lines = [line for line in err.splitlines() if line.strip()]
    assert "waiting up to 0.3 s" in lines[0]
    assert "still holds" in lines[-1] and "try again later" in lines[-1]
    assert not (project / "data" / "processed").exists() or every_file(project / "data" / "processed") == []


def test_the_reports_index_takes_it(project, tmp_path, capsys):
    out = tmp_path / "reports"
    with (
        held_by_another_process(out / "index.json"),
        index_update.waiting_at_most(0.3),
        pytest.raises(LockTimeout) as raised,
    ):
        index_update.update_index(out, {"2025/x": {"name": "x"}})
    assert "waiting up to 0.3 s" in capsys.readouterr().err
    assert "still holds" in str(raised.value) and "try again later" in str(raised.value)
    assert not (out / "index.json").exists()


def test_a_fetch_takes_it_and_leaves_data_raw_as_it_was(project, capsys):
    raw = project / "data" / "raw"
    before = every_file(raw)
    with held_by_another_process(raw / "bls" / "MANIFEST.json"):
        code = cli_main(["fetch", "--years", "2023", "--offline", "--wait", "0.3"])
    err = capsys.readouterr().err
    assert code == EXIT_LOCKED == 75, err
    line = " ".join(err.split())
    assert "another `him-wages fetch` still holds" in line and "try again later" in line
    assert every_file(raw) == before  # no data/raw/bls, no lock file
