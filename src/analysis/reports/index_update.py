"""Updating the reports' index when several ``him-wages report`` runs write into the same folder.

Every change to ``index.json`` is a read-merge-write under the exclusive lock of ``<out>/index.json`` (the
project's one lock helper, :func:`analysis.files.exclusive_lock`, whose lock files live in ``data/.locks``; a run
waits for another at most :data:`LOCK_WAIT` seconds, ``him-wages report --wait``, saying so, then stops with exit
code 75): the run reads
the index as it is on disk *now*, replaces only the entries of the reports it built or skipped, and writes it back
(atomically, :func:`analysis.reports.index.write_index`). Two runs with different ``--only`` sets therefore both
end with every entry listed.

An ``index.json`` that cannot be read (truncated, not JSON, not an index) is not replaced by a one-entry index:
it is kept beside as ``index.json.damaged-<time>`` and the index is rebuilt from the reports on disk
(``<out>/<release>/<name>.html`` with its executed ``<name>.ipynb``: parameters from papermill's metadata,
figures from the notebook's recorded figures).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import json
import os
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from analysis import console, files, settings
from analysis.errors import DamagedIndexError, LockTimeout
from analysis.reports.index import INDEX_FORMAT, INDEX_JSON, write_index

#: How long a run waits for another run's hold on the index by default, in seconds (as ``him-wages data``).
LOCK_WAIT = settings.LOCK_WAIT
#: The wait of the current run (``him-wages report --wait`` sets it for the run with :func:`waiting_at_most`).
_WAIT: contextvars.ContextVar[float] = contextvars.ContextVar("index_lock_wait", default=LOCK_WAIT)


@contextlib.contextmanager
def waiting_at_most(seconds: float) -> Iterator[None]:
    """Within the block, the index lock is waited for at most ``seconds``."""
    token = _WAIT.set(float(seconds))
    try:
        yield
    finally:
        _WAIT.reset(token)


@contextlib.contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold the exclusive index lock of ``out_dir``. When another run holds it, say so on stderr and wait for it
    at most the run's wait (:func:`waiting_at_most`), then raise :class:`~analysis.errors.LockTimeout`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    wait = _WAIT.get()
    index = out_dir / INDEX_JSON

    def say_waiting() -> None:
        console.stderr_line(
            f"him-wages report: another `him-wages report` is updating the index in {out_dir}; "
            f"waiting up to {wait:g} s for it to finish ..."
        )

    try:
        with files.exclusive_lock(index, timeout=wait, on_wait=say_waiting):
            yield
    except LockTimeout:
        raise LockTimeout(
            f"another `him-wages report` still holds the lock on {index} after {wait:g} s; try again later "
            f"(the reports in {out_dir} were left as they were)"
        ) from None


def _read_entries(out_dir: Path) -> dict[str, dict[str, Any]]:
    path = out_dir / INDEX_JSON
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    try:
        document = json.loads(text)
        reports = document["reports"]
        if not isinstance(reports, list) or document.get("format", INDEX_FORMAT) != INDEX_FORMAT:
            raise ValueError("not an index of this format")
        entries = {}
        for entry in reports:
            if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
                raise TypeError("an entry without a name")
            entries[entry.get("key") or f"{entry.get('release')}/{entry['name']}"] = entry
        return entries
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DamagedIndexError(f"{path}: {type(exc).__name__}: {exc}") from None


def load_index(out_dir: Path) -> dict[str, dict[str, Any]]:
    """The index entries of ``out_dir`` by key; a damaged index.json is set aside and rebuilt from the reports on
    disk (and a warning says so). Call it holding :func:`locked`."""
    try:
        return _read_entries(out_dir)
    except DamagedIndexError as exc:
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        kept = out_dir / f"{INDEX_JSON}.damaged-{stamp}"
        with contextlib.suppress(OSError):
            os.replace(out_dir / INDEX_JSON, kept)
        entries = rebuild_from_disk(out_dir)
        write_index(out_dir, entries)
        warnings.warn(
            f"{exc}; rebuilt the index from the {len(entries)} report(s) on disk "
            f"(the damaged file was kept as {kept.name})",
            UserWarning,
            stacklevel=2,
        )
        return entries


def update_index(out_dir: Path, changes: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Merge ``changes`` (entries by key) into the index on disk under the lock; returns the merged entries."""
    with locked(out_dir):
        entries = load_index(out_dir)
        entries.update({key: dict(entry) for key, entry in changes.items()})
        write_index(out_dir, entries)
        return entries


def rebuild_from_disk(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Index entries for every published report under ``out_dir`` (an HTML file with its executed notebook)."""
    from analysis.charts import skip_rfc3987_syntax

    skip_rfc3987_syntax()  # before nbformat imports jsonschema (see analysis.charts)
    import nbformat

    from analysis.reports.config import ReportSpec
    from analysis.reports.index import index_entry
    from analysis.reports.notebook import read_recorded_figures
    from analysis.reports.results import BuildResult

    entries: dict[str, dict[str, Any]] = {}
    for release_dir in sorted(p for p in out_dir.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        for html in sorted(release_dir.glob("*.html")):
            executed = html.with_suffix(".ipynb")
            if not executed.is_file():
                continue
            try:
                notebook = nbformat.read(str(executed), as_version=4)
            except Exception:  # noqa: BLE001, S112 - an unreadable notebook is left out of the rebuilt index
                continue
            papermill = notebook.metadata.get("papermill", {})
            parameters = dict(papermill.get("parameters") or {})
            source = Path(papermill.get("input_path") or executed)
            spec = ReportSpec(html.stem, source, parameters, release_dir.name)
            result = BuildResult(
                html.stem,
                ok=True,
                duration_s=float(papermill.get("duration") or 0.0),
                figures=read_recorded_figures(notebook),
            )
            placed = {"html": html.relative_to(out_dir).as_posix(), "ipynb": executed.relative_to(out_dir).as_posix()}
            tables_dir = release_dir / html.stem / "tables"
            if tables_dir.is_dir():  # its downloads, named from their files (their captions are not on disk)
                placed["tables_dir"] = tables_dir.relative_to(out_dir).as_posix()
                result.tables = sorted(p.name for p in tables_dir.iterdir() if p.suffix in (".csv", ".xlsx"))
            log = release_dir / "_logs" / f"{html.stem}.log"
            if log.is_file():
                placed["log"] = log.relative_to(out_dir).as_posix()
            built_at = (
                dt.datetime.fromtimestamp(html.stat().st_mtime, dt.UTC).astimezone().isoformat(timespec="seconds")
            )
            entry = index_entry(None, spec, result, placed, "", built_at, 1_000_000)
            entry["fingerprint"] = None  # unknown: the next run rebuilds it
            entry["rebuilt_from_disk"] = True
            entries[entry["key"]] = entry
    return entries
