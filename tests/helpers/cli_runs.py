"""Running ``him-wages`` in the test's own process, as the console script does, with pytest's ``capsys``."""

from __future__ import annotations


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """``him-wages ARGS``: its exit code and what it printed on stdout and stderr."""
    from analysis.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
