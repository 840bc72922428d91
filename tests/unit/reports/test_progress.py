"""Console progress of ``him-wages report`` (:mod:`analysis.reports.progress`): off a terminal, one plain line per
change of status; the table lists every report with its status and time. Report names here are SYNTHETIC."""

from __future__ import annotations

import io

from rich.console import Console

from analysis.reports.progress import Progress


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=False, width=100, color_system=None), out


def test_off_a_terminal_each_change_is_one_line_with_its_time():
    console, out = _console()
    with Progress(["alpha", "beta"], console) as progress:
        progress.set("alpha", "running", started=0.0)
        progress.set("alpha", "done", seconds=12.34)
        progress.set("beta", "skipped", note=" (unchanged)")
    lines = out.getvalue().splitlines()
    assert lines[:3] == ["running  alpha", "done     alpha (12.3 s)", "skipped  beta (unchanged)"]
    assert progress.state["alpha"] == ["done", 0.0, 12.34] and progress.state["beta"][0] == "skipped"


def test_the_table_lists_every_report_with_its_status_and_time():
    console, out = _console()
    progress = Progress(["alpha", "beta"], console)
    progress.set("alpha", "failed", seconds=3.0)
    console.print(progress.table())
    table = out.getvalue()
    assert "him-wages report" in table
    assert any("alpha" in line and "failed" in line and "3.0 s" in line for line in table.splitlines())
    assert any("beta" in line and "queued" in line for line in table.splitlines())
