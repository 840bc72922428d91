"""What cannot be read is named, never opened (analysis.inputs): FIFOs, devices (also through a link), symbolic
link loops, links to nothing, entries it may not read. Files are SYNTHETIC (tests/helpers/hostile_files.py)."""

from __future__ import annotations

import os
import warnings

import pytest

import analysis
import hostile_files
from analysis import inputs
from analysis.errors import OEWSInputError, SkippedInputWarning


def test_each_kind_of_unreadable_entry_is_named(tmp_path):
    os.mkfifo(tmp_path / "fifo.csv")
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    (tmp_path / "loop.xlsx").symlink_to(tmp_path / "loop.xlsx")
    (tmp_path / "gone.xlsx").symlink_to(tmp_path / "missing.xlsx")
    (tmp_path / "fine.csv").write_bytes(hostile_files.csv_text())
    assert inputs.entry_problem(tmp_path / "fifo.csv") == "is a named pipe (FIFO)"
    assert inputs.entry_problem(tmp_path / "zero.csv") == "is a link to a character device ('/dev/zero')"
    assert inputs.entry_problem(tmp_path / "loop.xlsx") == "is a symbolic link loop"
    assert inputs.entry_problem(tmp_path / "gone.xlsx") == "is a symbolic link to a file that does not exist"
    assert inputs.entry_problem(tmp_path / "fine.csv") is None
    assert inputs.entry_problem(tmp_path / "never-there.csv") is None  # the reader names a missing file
    assert len(inputs.folder_problems(tmp_path)) == 4


def test_an_entry_it_may_not_read_is_named(tmp_path, monkeypatch):
    """Permission is simulated (these tests may run as root, who may read anything)."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked.csv").write_bytes(hostile_files.csv_text())
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode: "locked" not in str(path) and real_access(path, mode))
    assert inputs.entry_problem(tmp_path / "locked.csv") == "is not readable (permission denied)"
    assert inputs.entry_problem(tmp_path / "locked") == "is not readable (permission denied)"
    with pytest.raises(OEWSInputError, match=r"locked.csv'.*input is not readable \(permission denied\)"):
        inputs.check_input(tmp_path / "locked.csv")
    error = inputs.no_data_error(tmp_path)
    assert "what the folder holds cannot be read" in str(error) and "locked" in str(error)


def test_a_folder_it_may_not_list_is_named(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert inputs.folder_problems(tmp_path) == [f"{str(tmp_path / 'sub')!r} is not readable (permission denied)"]


def test_an_empty_folder_is_still_called_empty(tmp_path):
    assert "the folder is empty" in str(inputs.no_data_error(tmp_path))


def test_a_fifo_beside_a_bls_file_is_skipped_with_a_warning_and_never_opened(tmp_path):
    (tmp_path / "national_M2023_dl.csv").write_bytes(hostile_files.csv_text())
    os.mkfifo(tmp_path / "national_M2024_dl.csv")  # opening it would wait forever
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = analysis.read_oews(tmp_path)
    assert set(frame["occ_code"]) == {"00-0000", "29-2072"}
    messages = [str(w.message) for w in caught if issubclass(w.category, SkippedInputWarning)]
    assert len(messages) == 1 and "national_M2024_dl.csv' is a named pipe (FIFO)" in messages[0]
    assert frame.attrs["skipped"] == messages


def test_read_oews_refuses_a_fifo_named_directly_at_once(tmp_path):
    os.mkfifo(tmp_path / "national_M2023_dl.csv")
    with pytest.raises(OEWSInputError, match=r"the input is a named pipe \(FIFO\)"):
        analysis.read_oews(tmp_path / "national_M2023_dl.csv")
