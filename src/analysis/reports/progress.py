"""Console progress of ``him-wages report``: one row per report (queued, running, done, failed, skipped)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, ClassVar


class Progress:
    """Per-report status (queued, running, done, failed, skipped) with times, drawn with rich."""

    STYLES: ClassVar[dict[str, str]] = {
        "queued": "dim",
        "running": "yellow",
        "done": "green",
        "failed": "bold red",
        "skipped": "cyan",
    }

    def __init__(self, names: Sequence[str], console: Any):
        self.console = console
        self.state = {name: ["queued", None, None] for name in names}  # status, started, seconds
        self.live = None

    def __enter__(self):
        if self.console.is_terminal:
            from rich.live import Live

            self.live = Live(self.table(), console=self.console, refresh_per_second=4, transient=False)
            self.live.__enter__()
        return self

    def __exit__(self, *exc):
        if self.live is not None:
            self.live.update(self.table())
            self.live.__exit__(*exc)
        else:
            self.console.print(self.table())

    def set(
        self, name: str, status: str, *, started: float | None = None, seconds: float | None = None, note: str = ""
    ) -> None:
        entry = self.state[name]
        entry[0] = status
        if started is not None:
            entry[1] = started
        if seconds is not None:
            entry[2] = seconds
        if self.live is not None:
            self.live.update(self.table())
        else:
            timing = f" ({seconds:.1f} s)" if seconds is not None else ""
            self.console.print(f"[{self.STYLES[status]}]{status:8}[/] {name}{timing}{note}", highlight=False)

    def tick(self) -> None:
        if self.live is not None:
            self.live.update(self.table())

    def table(self):
        from rich.table import Table

        table = Table(title="him-wages report", show_lines=False)
        table.add_column("report")
        table.add_column("status")
        table.add_column("time", justify="right")
        for name, (status, started, seconds) in self.state.items():
            if seconds is None and started is not None and status == "running":
                seconds = time.time() - started
            table.add_row(name, f"[{self.STYLES[status]}]{status}[/]", "" if seconds is None else f"{seconds:.1f} s")
        return table
