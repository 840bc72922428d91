"""A store that never lies (hostile-input probe, round two): one flipped byte in any file of a generation makes
`info`, `show` (its lookup index) and `store.load` fail in one line naming the file and pointing to `him-wages data`
(they verify the recorded sha256 of what they open), never print other numbers; and an input rewritten in place
with its size and modification time restored is not "up to date"."""

from __future__ import annotations

import os
import shutil

import pytest

from analysis import paths, store
from analysis.cli import main as cli_main
from analysis.errors import StoreError
from analysis.store import lookup
from analysis.store.load import load_processed
from cli_runs import run_cli


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "data" / "processed").mkdir(parents=True)
    shutil.copytree(paths.checkout_root() / "data" / "raw" / "oe", root / "data" / "raw" / "oe")
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    store.build()
    return root


def _flip(path):
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, and the file still opens as parquet
    path.write_bytes(bytes(data))


def _cli(capsys, *args):
    code, out, err = run_cli(capsys, *args)
    return code, out, [line for line in err.splitlines() if line.strip()]


def test_a_flipped_byte_in_any_file_of_the_generation_is_refused_naming_it(project, capsys):
    processed = project / "data" / "processed"
    manifest = store.read_current()
    listed = [processed / entry["file"] for entry in manifest["files"]]
    assert len(listed) >= 3 and any(".by_occ." in p.name for p in listed)
    assert any(p.name == lookup.INDEX_NAME for p in listed)
    code, out, _ = _cli(capsys, "show", "29-2072")
    assert code == 0
    good_show = out
    for path in listed:
        original = path.read_bytes()
        _flip(path)
        code, out, err = _cli(capsys, "info")
        assert code == 1 and out == "" and len(err) == 1, (path, err)
        assert path.name in err[0] and "him-wages data" in err[0]
        if path.name == lookup.INDEX_NAME:  # what show opens
            code, out, err = _cli(capsys, "show", "29-2072")
            assert code == 1 and out == "" and len(err) == 1, (path, err)
            assert path.name in err[0] and "him-wages data" in err[0] and "sha256" in err[0]
        elif ".by_occ." in path.name:
            with pytest.raises(StoreError, match="him-wages data"):
                store.load(occ_codes=["29-2072"])
        elif path.parent.name == manifest["generation"]:
            with pytest.raises(StoreError, match=path.name):
                load_processed(occ_codes=["29-2072"])
        path.write_bytes(original)
    code, out, _ = _cli(capsys, "show", "29-2072")
    assert code == 0 and out == good_show


def test_an_input_rewritten_in_place_with_its_stamp_restored_is_not_up_to_date(project):
    release = project / "data" / "raw" / "oe" / "oe.release"
    assert store.is_up_to_date()
    stat = release.stat()
    text = release.read_bytes()
    changed = text.replace(b"2025", b"2024", 1)
    assert changed != text and len(changed) == len(text)  # SYNTHETIC edit of the same size
    release.write_bytes(changed)
    os.utime(release, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # size and mtime as before
    assert release.stat().st_size == stat.st_size and release.stat().st_mtime_ns == stat.st_mtime_ns
    assert not store.is_up_to_date()


def test_leftovers_of_an_interrupted_build_go_on_the_next_up_to_date_run(project, capsys):
    processed = project / "data" / "processed"
    generation = store.read_current()["generation"]
    orphan = processed / "gen-20000101T000000000000-0000"  # SYNTHETIC: what SIGTERM during a build leaves
    staging = processed / ".staging-abc123"
    fast_orphan = processed / f"fast-{orphan.name}"
    for folder in (orphan, staging, fast_orphan):
        folder.mkdir()
        (folder / "oews_M2025.parquet").write_bytes(b"partial")
    code = cli_main(["data"])
    out, _ = capsys.readouterr()
    assert code == 0 and "up to date" in out
    assert not orphan.exists() and not staging.exists() and not fast_orphan.exists()
    assert (processed / generation).is_dir() and (processed / f"fast-{generation}").is_dir()


def test_forgetting_an_input_never_remembered_says_so(project, capsys, tmp_path):
    code = cli_main(["data", "--forget", str(tmp_path / "never-named.xlsx")])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2 and len(err) == 1 and "not a remembered input" in err[0] and "never-named.xlsx" in err[0]


@pytest.mark.parametrize("home", ["missing-folder", "/"])
def test_a_home_that_is_no_project_folder_is_refused_and_nothing_is_made(tmp_path, capsys, monkeypatch, home):
    value = str(tmp_path / home) if home != "/" else "/"
    monkeypatch.setenv("HIM_WAGES_HOME", value)
    code = cli_main(["data"])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 2 and len(err) == 1 and "HIM_WAGES_HOME" in err[0]
    assert home == "/" or not (tmp_path / home).exists()
    assert not os.path.exists("/data/processed")
