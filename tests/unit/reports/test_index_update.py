"""Updating the reports' index (:mod:`analysis.reports.index_update`): a read-merge-write under the index lock, so
runs that write into one folder keep each other's entries; a damaged index.json kept aside and rebuilt from the
reports on disk; the wait for another run's lock bounded per run. Index entries marked SYNTHETIC are made up."""

from __future__ import annotations

import json
import subprocess
import sys

import nbformat
import pytest

from analysis.reports import index_update
from real_files import ROOT

HANG_GUARD_S = 300  # a test that waits on child processes fails after this, rather than hang


def synthetic(name: str, release: str = "test") -> dict:
    """A SYNTHETIC index entry of a failed report (no figures)."""
    return {"key": f"{release}/{name}", "name": name, "release": release, "status": "failed", "title": "synthetic"}


def keys(out) -> list[str]:
    return [entry["key"] for entry in json.loads((out / "index.json").read_text())["reports"]]


def test_an_update_merges_into_the_index_on_disk_and_replaces_only_its_own_entries(tmp_path):
    out = tmp_path / "out"
    index_update.update_index(out, {"test/a": synthetic("a"), "test/b": synthetic("b")})
    merged = index_update.update_index(out, {"test/b": {**synthetic("b"), "title": "again"}, "test/c": synthetic("c")})
    assert sorted(merged) == keys(out) == ["test/a", "test/b", "test/c"]
    assert merged["test/b"]["title"] == "again" and merged["test/a"]["title"] == "synthetic"
    assert (out / "index.html").is_file()


def test_a_folder_without_an_index_has_no_entries(tmp_path):
    assert index_update.load_index(tmp_path) == {}


@pytest.mark.parametrize(
    "damaged",
    [
        '{"format": 1, "reports": [{"na',  # truncated
        "[1, 2, 3]",  # JSON, not an index
        '{"format": 999, "reports": []}',  # an index of another format
        '{"reports": [{"title": "an entry without a name"}]}',
    ],
)
def test_a_damaged_index_is_kept_aside_and_rebuilt_from_the_reports_on_disk(tmp_path, damaged):
    (tmp_path / "index.json").write_text(damaged)  # SYNTHETIC
    with pytest.warns(UserWarning, match=r"index.json: .*rebuilt the index from the 0 report\(s\) on disk"):
        assert index_update.load_index(tmp_path) == {}
    [kept] = tmp_path.glob("index.json.damaged-*")
    assert kept.read_text() == damaged
    assert json.loads((tmp_path / "index.json").read_text())["reports"] == []


def test_the_rebuilt_index_lists_each_html_report_with_its_executed_notebook(tmp_path):
    release = tmp_path / "test"
    release.mkdir()
    notebook = nbformat.v4.new_notebook()  # SYNTHETIC: papermill's record of a run, no figures
    notebook.metadata["papermill"] = {"parameters": {"area": "06"}, "input_path": "notebooks/01_national.ipynb"}
    nbformat.write(notebook, str(release / "beta.ipynb"))
    (release / "beta.html").write_text("<html></html>")
    (release / "alone.html").write_text("<html></html>")  # no executed notebook: not a published report
    (release / "_logs").mkdir()
    (release / "_logs" / "beta.log").write_text("synthetic log\n")
    entries = index_update.rebuild_from_disk(tmp_path)
    assert list(entries) == ["test/beta"]
    entry = entries["test/beta"]
    assert entry["parameters"] == {"area": "06"} and entry["notebook"] == "01_national.ipynb"
    assert (entry["rebuilt_from_disk"], entry["fingerprint"], entry["log"]) == (True, None, "test/_logs/beta.log")


def test_the_wait_for_the_lock_is_set_for_a_block_only():
    assert index_update._WAIT.get() == index_update.LOCK_WAIT
    with index_update.waiting_at_most(0.5):
        assert index_update._WAIT.get() == 0.5
    assert index_update._WAIT.get() == index_update.LOCK_WAIT


_INDEX_WRITER = """
import sys
from pathlib import Path
from analysis.reports import index_update
out, prefix = Path(sys.argv[1]), sys.argv[2]
for number in range(25):
    key = f"test/{prefix}{number}"
    index_update.update_index(out, {key: {"key": key, "name": f"{prefix}{number}", "release": "test",
                                          "status": "failed", "title": "synthetic entry"}})
"""


def test_concurrent_index_updates_keep_every_entry(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", _INDEX_WRITER, str(out), prefix], cwd=ROOT, stderr=subprocess.PIPE, text=True
        )
        for prefix in ("a", "b", "c")
    ]
    for writer in writers:
        assert writer.wait(timeout=HANG_GUARD_S) == 0, writer.stderr.read()
    keys = {entry["key"] for entry in json.loads((out / "index.json").read_text())["reports"]}
    assert keys == {f"test/{p}{n}" for p in "abc" for n in range(25)}
