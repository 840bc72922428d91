"""One clear line for every case (hostile-input probe, round two): ``him-wages data`` on a folder that yields
nothing to read says why (a FIFO, a link to a device, a symbolic link loop, a link to nothing) instead of "the folder
is empty", and names a symbolic link loop given as the input, each in one line. SYNTHETIC files. The same files read
by ``read_oews``, CSVs in UTF-16/32 and encrypted archives are cases of tests/integration/test_bad_inputs.py."""

from __future__ import annotations

import os

import pytest

from analysis.cli import main as cli_main
from cli_runs import empty_home


@pytest.fixture
def home(tmp_path, monkeypatch):
    return empty_home(tmp_path, monkeypatch, "home")


def _data(capsys, folder):
    code = cli_main(["data", str(folder)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    return code, err


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda f: os.mkfifo(f / "national_M2023_dl.xlsx"), "national_M2023_dl.xlsx' is a named pipe (FIFO)"),
        (lambda f: os.symlink("/dev/zero", f / "national_M2023_dl.xlsx"), "is a link to a character device"),
        (lambda f: os.symlink(f / "loop", f / "loop"), "loop' is a symbolic link loop"),
        (
            lambda f: os.symlink(f / "nowhere", f / "national_M2023_dl.csv"),
            "is a symbolic link to a file that does not",
        ),
        (lambda f: None, "the folder is empty"),
    ],
)
def test_a_folder_with_nothing_to_read_says_why(home, tmp_path, capsys, make, said):
    folder = tmp_path / "downloads"
    folder.mkdir()
    make(folder)
    code, err = _data(capsys, folder)
    assert code == 1 and len(err) == 1, err
    assert said in err[0] and str(folder) in err[0]


def test_a_named_input_that_is_a_symbolic_link_loop_is_named(home, tmp_path, capsys):
    loop = tmp_path / "national_M2023_dl.xlsx"
    os.symlink(loop, loop)
    code = cli_main(["data", str(loop)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 1 and len(err) == 1 and "symbolic link loop" in err[0] and loop.name in err[0]
