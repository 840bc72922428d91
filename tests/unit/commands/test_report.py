"""``him-wages report`` (:mod:`analysis.commands.report`): its options as the build receives them, and the index
wait set for the run only; the build itself is replaced by a stand-in (it is tested in tests/unit/reports/ and end
to end in tests/integration/test_reports.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.cli import main as cli_main
from analysis.reports import build, index_update
from analysis.settings import DEFAULT_CELL_TIMEOUT, LOCK_WAIT


class Runs(list):
    """The calls of the stand-in build: (the parsed options, the index wait in force); it returns ``code``."""

    code = 0

    def __call__(self, args):
        self.append((args, index_update._WAIT.get()))
        return self.code


@pytest.fixture
def runs(monkeypatch):
    """Replace the report build with a :class:`Runs`."""
    stand_in = Runs()
    monkeypatch.setattr(build, "run", stand_in)
    return stand_in


def test_the_defaults(runs):
    assert cli_main(["report"]) == 0
    [(args, wait)] = runs
    assert (args.config, args.only, args.param, args.jobs, args.out, args.data_dirs) == (None, None, [], None, None, [])
    assert (args.force, args.include_code, args.timeout, args.wait) == (False, False, DEFAULT_CELL_TIMEOUT, LOCK_WAIT)
    assert wait == LOCK_WAIT


def test_every_option_reaches_the_build_and_the_wait_holds_for_the_run_only(runs, tmp_path):
    code = cli_main(
        ["report", "--config", str(tmp_path / "run.toml"), "--only", "alpha", "beta", "--param", "year=2024"]
        + ["--param", "states=[06, 41]", "-j", "2", "--out", str(tmp_path / "out"), "--data-dir", "a", "b"]
        + ["--force", "--include-code", "--timeout", "30", "--wait", "1.5"]
    )
    assert code == 0
    [(args, wait)] = runs
    assert args.config == tmp_path / "run.toml" and args.out == tmp_path / "out"
    assert args.only == ["alpha", "beta"] and args.param == ["year=2024", "states=[06, 41]"]
    assert (args.jobs, args.data_dirs, args.force, args.include_code, args.timeout) == (2, ["a", "b"], True, True, 30)
    assert isinstance(args.config, Path)
    assert wait == 1.5  # the index lock is waited for at most --wait during the run
    assert index_update._WAIT.get() == LOCK_WAIT  # and the default again after it


def test_the_builds_exit_code_is_the_commands(runs):
    runs.code = 1  # a report failed
    assert cli_main(["report"]) == 1


@pytest.mark.parametrize("option", [["--timeout", "-1"], ["--wait", "-1"], ["--timeout", "soon"]])
def test_a_bad_number_is_a_usage_error_and_nothing_runs(runs, capsys, option):
    assert cli_main(["report", *option]) == 2
    assert runs == []
    assert option[0] in capsys.readouterr().err
