"""``him-wages data`` (:mod:`analysis.commands.data`): what the command asks the store for, and what it says about
the result, with the store's build replaced by a stand-in (the build itself is tested in tests/unit/store/). The
build results, years, row counts and overlaps here are SYNTHETIC."""

from __future__ import annotations

import errno

import pytest

from analysis import store
from analysis.cli import main as cli_main
from analysis.commands import data as command
from analysis.errors import LockTimeout
from analysis.settings import LOCK_WAIT
from analysis.store.build import BuildResult
from cli_runs import empty_home

OVERLAP = {  # SYNTHETIC: as current.json records one
    "year": 2016,
    "rows": 1_234,
    "sources": ["national_M2016_dl.csv", "national_M2016_dl.xlsx"],
    "rows_with_different_values": 0,
    "kept": ["national_M2016_dl.xlsx"],
}


@pytest.fixture
def project(tmp_path, monkeypatch):
    return empty_home(tmp_path, monkeypatch)


@pytest.fixture
def build(monkeypatch):
    """Replace the store's build: record each call's arguments, return ``build.result`` or raise ``build.error``."""

    class Stand:
        def __init__(self):
            self.calls: list = []
            self.result = BuildResult(rebuilt=False, generation=None, years=[2024, 2025], rows=123_456)
            self.error: BaseException | None = None

        def __call__(self, paths, **kwargs):
            self.calls.append((list(paths), kwargs))
            if self.error is not None:
                raise self.error
            return self.result

    stand = Stand()
    monkeypatch.setattr(store, "build", stand)
    return stand


def test_the_options_reach_the_build(project, build, capsys):
    assert cli_main(["data", "extra.xlsx", "more", "--force", "--forget", "old.xlsx", "--wait", "5"]) == 0
    [(paths, kwargs)] = build.calls
    assert paths == ["extra.xlsx", "more"]
    assert {k: v for k, v in kwargs.items() if k != "on_wait"} == {
        "force": True,
        "forget_extras": False,
        "forget": ["old.xlsx"],
        "wait": 5.0,
    }
    assert cli_main(["data", "--forget"]) == 0  # without PATH: forget every remembered input
    assert build.calls[-1][1]["forget_extras"] is True and build.calls[-1][1]["forget"] == []
    assert build.calls[-1][1]["wait"] == LOCK_WAIT


def test_an_up_to_date_store_is_one_line_with_rows_and_releases(project, build, capsys):
    assert cli_main(["data"]) == 0
    assert capsys.readouterr().out == "data/processed is up to date (123,456 rows; releases May 2024, May 2025)\n"
    build.result = BuildResult(rebuilt=False, generation=None)
    assert cli_main(["data"]) == 0
    assert capsys.readouterr().out == "data/processed is up to date (0 rows; releases none)\n"


def test_a_build_names_its_generation_below_the_project_and_says_overlaps_and_healing(project, build, capsys):
    generation = project / "data" / "processed" / "gen-20260101T000000000000-0001"
    build.result = BuildResult(
        rebuilt=True, generation=generation, years=[2025], rows=7, overlaps=[OVERLAP], healed="current.json missing"
    )
    assert cli_main(["data"]) == 0
    captured = capsys.readouterr()
    assert captured.out == "built data/processed/gen-20260101T000000000000-0001: 7 rows; releases May 2025\n"
    err = [line for line in captured.err.splitlines() if line.strip()]
    assert err == [
        "him-wages data: the store was damaged (current.json missing); rebuilt it from data/raw",
        command.overlap_text(OVERLAP),
    ]


def test_an_overlap_is_one_line_naming_the_release_the_files_and_the_copy_kept():
    assert command.overlap_text(OVERLAP) == (
        "note: May 2016: 1,234 rows published by several files (national_M2016_dl.csv, national_M2016_dl.xlsx); "
        "0 of them differ; kept national_M2016_dl.xlsx"
    )
    assert command.overlap_text({**OVERLAP, "kept": "the newer file"}).endswith("; kept the newer file")


def test_a_store_held_too_long_exits_75_and_says_what_was_left(project, build, capsys):
    build.error = LockTimeout("synthetic")
    assert cli_main(["data", "--wait", "0.5"]) == 75
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "another `him-wages data` still holds" in err and "after 0.5 s; try again later" in err
    assert "data/processed was left as it was" in err


def test_an_os_error_is_one_line_naming_the_file_and_exit_1(project, build, capsys):
    build.error = OSError(errno.ENOSPC, "No space left on device", str(project / "data" / "processed" / "x.parquet"))
    assert cli_main(["data"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"No space left on device: {project / 'data' / 'processed' / 'x.parquet'}" in err


def test_a_negative_wait_is_a_usage_error(project, build, capsys):
    assert cli_main(["data", "--wait", "-1"]) == 2
    assert build.calls == []
