"""A report whose kernel fails to start (another kernel took its ports) is started once more; other failures are not."""

from __future__ import annotations

import pytest

from analysis.reports.build import run_with_one_restart


def test_a_kernel_that_did_not_start_is_started_once_more():
    calls, logged = [], []

    def execute():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return "executed"

    assert run_with_one_restart(execute, log=logged.append) == "executed"
    assert len(calls) == 2 and "starting it once more" in logged[0]


def test_a_second_start_failure_and_other_errors_are_raised():
    def never_starts():
        raise RuntimeError("Kernel died before replying to kernel_info")

    with pytest.raises(RuntimeError, match="kernel_info"):
        run_with_one_restart(never_starts, log=lambda message: None)

    calls = []

    def cell_fails():
        calls.append(1)
        raise RuntimeError("PapermillExecutionError: ZeroDivisionError in cell 3")

    with pytest.raises(RuntimeError, match="ZeroDivisionError"):
        run_with_one_restart(cell_fails, log=lambda message: None)
    assert len(calls) == 1
