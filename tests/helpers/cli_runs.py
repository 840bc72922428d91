"""Running ``him-wages`` in the test's own process, as the console script does, with pytest's ``capsys``."""

from __future__ import annotations

from pathlib import Path


def empty_home(tmp_path: Path, monkeypatch, name: str = "project") -> Path:
    """A throwaway project (HIM_WAGES_HOME, ``tmp_path/name``) with an empty data/raw, for a command to run in."""
    root = tmp_path / name
    (root / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    return root


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """``him-wages ARGS``: its exit code and what it printed on stdout and stderr."""
    from analysis.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
