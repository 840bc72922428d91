"""What a report run produces: one worker's :class:`BuildResult` and each report's :class:`Outcome`.

Plain records in a module of their own, so that the builder (:mod:`.build`) and the index
(:mod:`.index_update`, which rebuilds results from the reports on disk) both use them without importing each other.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any


@dataclasses.dataclass
class BuildResult:
    """What a worker built (files in the build folder) or why it failed."""

    name: str
    ok: bool
    duration_s: float
    figures: dict[str, Any] = dataclasses.field(default_factory=dict)
    error: str | None = None
    ipynb: str | None = None
    html: str | None = None
    #: Folder of the report's tables (CSV per table + one XLSX) and the file names in it.
    tables_dir: str | None = None
    tables: list[str] = dataclasses.field(default_factory=list)
    #: File name -> the download named in words ("States ranked by annual mean wage (CSV)"), for the index.
    table_titles: dict[str, str] = dataclasses.field(default_factory=dict)
    log: str | None = None


@dataclasses.dataclass
class Outcome:
    """How one report of a run ended: built, skipped (unchanged) or failed."""

    name: str
    status: str
    duration_s: float = 0.0
    error: str | None = None
    html: Path | None = None
