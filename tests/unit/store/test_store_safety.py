"""The store under hostile conditions (issue 13) and overlaps between inputs (issue 9): each case asserts the exit
code, the one-line message, and that data/processed is unchanged or healed.

Inputs are the real BLS files bundled in data/raw/ (and tests/data/national_M2013_dl.csv, BLS's CSV export of the
May 2013 national file); the only altered inputs are SYNTHETIC copies made here, labelled as such.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis import files, paths, store
from analysis.commands import data as command
from analysis.commands import info
from analysis.sources import read_oews
from analysis.store import sorted_copies
from cli_runs import run_cli
from real_files import NATIONAL_DIR, OEWS_FILES

CSV_2013 = OEWS_FILES / "national_M2013_dl.csv"
XLS_2013 = OEWS_FILES / "national_M2013_dl.xls"


def _project(root: Path, *, national: bool = False) -> Path:
    """A throwaway project (HIM_WAGES_HOME) whose data/raw holds the bundled May 2025 extract, and with
    ``national`` the bundled national files May 2011-2024 as well (copies of the repo's own)."""
    (root / "data" / "processed").mkdir(parents=True)
    shutil.copytree(paths.checkout_root() / "data" / "raw" / "oe", root / "data" / "raw" / "oe")
    if national:
        shutil.copytree(NATIONAL_DIR, root / "data" / "raw" / "national")
    return root


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = _project(tmp_path / "project")
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    return root


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): files.sha256_of(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def file_name(source: str) -> str:
    """The file name of a ``source`` value ("…/national_M2013_dl.xls [national_dl]": file, then the sheet)."""
    return Path(source.split(" [")[0]).name


def one_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    return lines[0]


# ----------------------------------------------------------------------------------------------- overlaps (9.5)
@pytest.fixture(scope="module")
def national_with_csv(tmp_path_factory):
    """data/raw/national with BLS's CSV export of May 2013 beside the .xls (both real BLS files), built once."""
    root = _project(tmp_path_factory.mktemp("overlap") / "project", national=True)
    shutil.copy(CSV_2013, root / "data" / "raw" / "national" / CSV_2013.name)
    env = {**os.environ, "HIM_WAGES_HOME": str(root)}
    result = subprocess.run(
        [sys.executable, "-m", "analysis", "data"], env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr
    return root, result


def test_two_forms_of_one_release_in_one_folder_are_recorded_as_an_overlap(national_with_csv):
    root, result = national_with_csv
    current = json.loads((root / "data" / "processed" / "current.json").read_text())
    assert [o["year"] for o in current["overlaps"]] == [2013]
    overlap = current["overlaps"][0]
    expected_rows = len(read_oews(CSV_2013))  # every row of BLS's CSV export is also in the .xls
    assert expected_rows == 1394
    assert overlap["rows"] == expected_rows
    assert overlap["rows_with_different_values"] == 0
    assert sorted(file_name(s) for s in overlap["sources"]) == ["national_M2013_dl.csv", "national_M2013_dl.xls"]
    assert [file_name(s) for s in overlap["kept"]] == ["national_M2013_dl.xls"]
    assert "May 2013: 1,394 rows published by several files" in result.stderr
    assert current["rows_by_year"]["2013"] == expected_rows


def test_info_shows_the_overlap_as_text_and_json(national_with_csv, monkeypatch, capsys):
    root, _ = national_with_csv
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    code, out, _ = run_cli(capsys, "info", "--json")
    assert code == 0
    overlaps = json.loads(out)["processed_store"]["overlaps"]
    assert [(o["year"], o["rows"], o["rows_with_different_values"]) for o in overlaps] == [(2013, 1394, 0)]
    code, out, _ = run_cli(capsys, "info")
    assert code == 0
    line = next(line for line in out.splitlines() if "May 2013: 1,394 rows published by several files" in line)
    assert "0 of them differ" in line and "national_M2013_dl.csv" in line and "kept" in line


def test_a_changed_copy_records_the_rows_that_differ(project, tmp_path):
    folder = tmp_path / "bls-2013"
    folder.mkdir()
    shutil.copy(XLS_2013, folder / XLS_2013.name)
    # SYNTHETIC: BLS's CSV export with one published value changed (All Occupations' employment, 132588810 -> 1)
    text = CSV_2013.read_text(encoding="latin-1")
    assert text.count('"132,588,810"') == 1
    (folder / CSV_2013.name).write_text(text.replace('"132,588,810"', "1"), encoding="latin-1")
    result = store.build([folder])
    overlap = next(o for o in result.overlaps if o["year"] == 2013)
    assert overlap["rows"] == 1394 and overlap["rows_with_different_values"] == 1
    assert [file_name(s) for s in overlap["kept"]] == ["national_M2013_dl.xls"]
    frame = store.load(years=[2013], occ_codes=["00-0000"], area_types=[1])
    assert frame["tot_emp"].tolist() == [132588810.0]  # the kept file's published figure
    recorded = json.loads((project / "data" / "processed" / "current.json").read_text())["overlaps"]
    assert recorded == result.overlaps


# ----------------------------------------------------------------------------------------------- one writer (13.4)
def _hold_lock(project: Path):
    return files.exclusive_lock(project / "data" / "processed", timeout=5)


def _start(project: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "HIM_WAGES_HOME": str(project)}
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _wait_for_line(process: subprocess.Popen, needle: str) -> str:
    for _ in range(200):  # bounded: the process prints a few lines at most before waiting
        line = process.stderr.readline()
        if needle in line or not line:
            return line
    return ""


def test_two_data_runs_at_once_take_turns(project):
    named = str(OEWS_FILES / "national_M2022_dl.xlsx")
    with _hold_lock(project):
        first, second = _start(project, "data", named), _start(project, "data", named)
        for process in (first, second):
            line = _wait_for_line(process, "waiting")
            assert "another `him-wages data` is writing" in line and "waiting up to 600 s" in line, line
    outputs = [process.communicate(timeout=600) for process in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], [err for _, err in outputs]
    said = sorted(out.split(" ")[0] for out, _ in outputs)
    assert said == ["built", "data/processed"]  # one built the store, the other found it up to date
    processed = project / "data" / "processed"
    current = store.read_current(processed)
    assert current["years"] == [2022, 2025]
    assert store.check_generation(processed, current, hashes=True) is None
    assert sorted(p.name for p in processed.iterdir() if p.is_dir()) == [
        f"fast-{current['generation']}",
        current["generation"],
    ]


def test_a_second_run_gives_up_after_wait_with_exit_75(project, capsys):
    store.build()
    before = tree(project / "data" / "processed")
    with _hold_lock(project):
        process = _start(project, "data", "--force", "--wait", "0.5")
        _, err = process.communicate(timeout=300)
    assert process.returncode == command.EXIT_LOCKED == 75
    assert "still holds" in one_line(err.split("\n", 1)[1]) and "try again later" in err
    assert tree(project / "data" / "processed") == before


def test_disk_full_while_writing_sorted_copies_keeps_the_previous_generation(project, monkeypatch, capsys):
    store.build()
    processed = project / "data" / "processed"
    before = tree(processed)
    old = store.read_current()["generation"]

    def disk_full(table, path):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(sorted_copies, "write_copy", disk_full)
    code, _, err = run_cli(capsys, "data", str(OEWS_FILES / "national_M2022_dl.xlsx"))
    assert code == 1
    line = one_line(err)
    assert "No space left on device" in line and "by_occ.parquet" in line and "left as it was" in line
    assert tree(processed) == before  # no partial generation, no staging folder, current.json as it was
    assert store.read_current()["generation"] == old
    monkeypatch.undo()
    monkeypatch.setenv("HIM_WAGES_HOME", str(project))
    assert store.is_up_to_date()
    frame = store.load(occ_codes=["29-2072"], area_types=[1])
    assert frame["year"].unique().tolist() == [2025] and len(frame) >= 1
    assert run_cli(capsys, "info", "--json")[0] == 0


def test_readers_work_while_a_build_replaces_the_generation(project, capsys):
    store.build([OEWS_FILES / "national_M2022_dl.xlsx"])
    expected = store.load(occ_codes=["29-2072"], area_types=[1])
    process = _start(project, "data", "--force")
    reads = 0
    while process.poll() is None and reads < 500:
        frame = store.load(occ_codes=["29-2072"], area_types=[1])
        pd.testing.assert_frame_equal(frame, expected)
        reads += 1
    assert reads >= 1
    _, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    pd.testing.assert_frame_equal(store.load(occ_codes=["29-2072"], area_types=[1]), expected)
    assert run_cli(capsys, "info", "--json")[0] == 0


def test_folders_and_files_follow_the_umask(project):
    previous = os.umask(0o027)
    try:
        result = store.build()
    finally:
        os.umask(previous)
    processed = project / "data" / "processed"
    fast = sorted_copies.fast_folder(processed, result.generation.name)
    for folder in (result.generation, fast):
        assert folder.stat().st_mode & 0o777 == 0o750, oct(folder.stat().st_mode)
        for file in folder.iterdir():
            assert file.stat().st_mode & 0o777 == 0o640, (file, oct(file.stat().st_mode))
    assert (processed / "current.json").stat().st_mode & 0o777 == 0o640


# ----------------------------------------------------------------------------------------------- self-healing (13.5)
def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


@pytest.mark.parametrize("damaged", ["current.json", "release parquet", "sorted copy"])
def test_a_damaged_store_is_reported_by_info_and_healed_by_data(project, capsys, damaged):
    first = store.build()
    processed = project / "data" / "processed"
    target = {
        "current.json": processed / "current.json",
        "release parquet": first.generation / "oews_M2025.parquet",
        "sorted copy": sorted_copies.fast_folder(processed, first.generation.name) / "oews_M2025.by_area.parquet",
    }[damaged]
    _truncate(target)
    code, _, err = run_cli(capsys, "info")
    assert code == 1
    line = one_line(err)
    assert "damaged store" in line and "run `him-wages data`" in line and target.name in line
    code, out, err = run_cli(capsys, "data")
    assert code == 0
    assert "the store was damaged" in one_line(err) and "rebuilt it from data/raw" in err
    assert out.startswith("built ")
    assert store.store_problem(hashes=True) is None
    assert run_cli(capsys, "info", "--json")[0] == 0
    code, out, err = run_cli(capsys, "data")
    assert code == 0 and "up to date" in out and not err


def test_a_damaged_parquet_of_the_same_size_is_found_by_its_checksum(project, capsys):
    first = store.build()
    target = first.generation / "oews_M2025.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte in the middle: same size, still opens
    target.write_bytes(bytes(data))
    assert store.store_problem(hashes=True) is not None
    code, out, err = run_cli(capsys, "data")
    assert code == 0 and "does not match its recorded sha256" in err and out.startswith("built ")


@pytest.mark.parametrize("turned", ["deleted", "html page"])
def test_a_remembered_input_that_went_bad_is_named_and_the_store_kept(project, tmp_path, capsys, turned):
    named = tmp_path / "downloads" / "national_M2020_dl.xlsx"
    named.parent.mkdir()
    shutil.copy(OEWS_FILES / "national_M2020_dl.xlsx", named)
    assert store.build([named]).years == [2020, 2025]
    processed = project / "data" / "processed"
    before = tree(processed)
    if turned == "deleted":
        named.unlink()
    else:  # SYNTHETIC: what a blocked download leaves behind
        named.write_text("<html><head><title>Access Denied</title></head><body>Access Denied</body></html>")
    code, _, err = run_cli(capsys, "data")
    assert code == 1
    line = one_line(err)
    assert f"remembered input {named}" in line and f"--forget {named}" in line and "left as it was" in line
    assert tree(processed) == before
    # info (and report, through store.load) keep working from the last good generation
    code, out, err = run_cli(capsys, "info", "--json")
    assert code == 0
    summary = json.loads(out)
    assert [r["release"] for r in summary["releases"]] == ["May 2020", "May 2025"]
    assert "last good build" in summary["notes"][0]
    with pytest.warns(UserWarning, match="last good build"):
        assert 2020 in set(store.load(occ_codes=["00-0000"])["year"])
    code, out, err = run_cli(capsys, "data", "--forget", str(named))
    assert code == 0, err
    assert store.read_current()["years"] == [2025] and store.read_current()["extra_inputs"] == []
    assert tree(processed) != before


def test_forget_names_one_input_and_keeps_the_others(project, tmp_path, capsys):
    first, second = OEWS_FILES / "national_M2020_dl.xlsx", OEWS_FILES / "national_M2022_dl.xlsx"
    assert store.build([first, second]).years == [2020, 2022, 2025]
    code, _, err = run_cli(capsys, "data", "--forget", str(first))
    assert code == 0, err
    assert store.read_current()["years"] == [2022, 2025]
    assert store.read_current()["extra_inputs"] == [str(second)]
    code, _, err = run_cli(capsys, "data", "--forget")
    assert code == 0 and store.read_current()["years"] == [2025]


def test_info_summary_of_a_store_lists_its_overlaps():
    assert info.store_summary(None) is None
    summary = info.store_summary(
        {"generation": "gen-x", "built": "b", "years": [2013], "rows": 1, "inputs": [], "overlaps": [{"year": 2013}]}
    )
    assert summary["overlaps"] == [{"year": 2013}]


def test_a_store_of_an_older_layout_is_rebuilt_not_called_damaged(project, capsys):
    store.build()
    path = project / "data" / "processed" / "current.json"
    older = json.loads(path.read_text())
    older["format"] = 1  # SYNTHETIC: what an earlier version wrote (no file list)
    del older["files"]
    path.write_text(json.dumps(older))
    assert store.store_problem() is None and not store.is_up_to_date()
    assert run_cli(capsys, "info", "--json")[0] == 0
    code, out, err = run_cli(capsys, "data")
    assert code == 0 and out.startswith("built ") and "damaged" not in err
    assert store.read_current()["format"] == store.STORE_FORMAT
