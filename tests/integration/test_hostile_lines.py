"""One clear line for every case (hostile-input probe, round two): a folder that yields nothing to read says why
(a FIFO, a link to a device, a symbolic link loop) instead of "the folder is empty"; a CSV in UTF-16/32 names its
encoding; an encrypted archive member says so. SYNTHETIC files."""

from __future__ import annotations

import os
import zipfile

import pytest

from analysis.cli import main as cli_main
from real_files import OEWS_FILES


@pytest.fixture
def home(tmp_path, monkeypatch):
    root = tmp_path / "home"
    (root / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    return root


def _data(capsys, folder):
    code = cli_main(["data", str(folder)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    return code, err


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda f: os.mkfifo(f / "national_M2023_dl.xlsx"), "'national_M2023_dl.xlsx' is a named pipe (FIFO)"),
        (lambda f: os.symlink("/dev/zero", f / "national_M2023_dl.xlsx"), "is a character device"),
        (lambda f: os.symlink(f / "loop", f / "loop"), "'loop' is a symbolic link that loops"),
        (lambda f: os.symlink(f / "nowhere", f / "national_M2023_dl.csv"), "is a link to nothing"),
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


@pytest.mark.parametrize(("encoding", "said"), [("utf-16", "UTF-16"), ("utf-32", "UTF-32"), ("utf-16-le", "no byte")])
def test_a_csv_in_a_wide_encoding_is_named_by_its_encoding(home, tmp_path, capsys, encoding, said):
    text = (OEWS_FILES / "national_M2016_dl.csv").read_text(encoding="utf-8-sig")
    path = tmp_path / "national_M2016_dl.csv"
    path.write_bytes(text.encode(encoding))  # SYNTHETIC: BLS's CSV saved in another encoding
    code = cli_main(["data", str(path)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 1 and len(err) == 1 and said in err[0] and path.name in err[0]


def test_an_encrypted_archive_member_is_named(home, tmp_path, capsys):
    path = tmp_path / "oesm23nat.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("national_M2023_dl.xlsx", (OEWS_FILES / "national_M2023_dl.xlsx").read_bytes())
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02")
    data[central + 8] |= 0x1  # SYNTHETIC: the "encrypted" flag of the zip format, in the central directory
    path.write_bytes(bytes(data))
    code = cli_main(["data", str(path)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 1 and len(err) == 1 and "encrypted" in err[0] and "national_M2023_dl.xlsx" in err[0]


def test_a_named_input_that_is_a_symbolic_link_loop_is_named(home, tmp_path, capsys):
    loop = tmp_path / "national_M2023_dl.xlsx"
    os.symlink(loop, loop)
    code = cli_main(["data", str(loop)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 1 and len(err) == 1 and "symbolic link that loops" in err[0] and loop.name in err[0]
