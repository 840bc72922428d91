"""Crash safety: ``him-wages data`` (and ``him-wages report``) killed with SIGKILL at varied moments leave every
output either the old complete version or the new complete one, never a half-written file.

Each run happens in a throwaway project (HIM_WAGES_HOME) whose inputs are real BLS files read in place from
data/raw/national/. The loops are bounded (a handful of kills) to keep the file under a minute.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from real_files import OEWS_FILES
from real_files import ROOT as REPO_ROOT

pytestmark = pytest.mark.slow  # SIGKILL loops of whole runs

OLD_INPUTS = [OEWS_FILES / "national_M2022_dl.xlsx"]
NEW_INPUTS = OLD_INPUTS + [OEWS_FILES / "national_M2023_dl.xlsx", OEWS_FILES / "national_M2024_dl.xlsx"]
#: Moments of the kill, as fractions of an uninterrupted run's duration (after start-up and imports).
KILL_FRACTIONS = (1.0, 0.85, 0.3, 0.6)  # the last one mid-run, so the final check resumes an interrupted build


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def start(project: Path, *args: str) -> subprocess.Popen:
    """``him-wages ARGS`` in its own session (so a kill reaches every process it started)."""
    env = {**os.environ, "HIM_WAGES_HOME": str(project)}
    return subprocess.Popen(
        [sys.executable, "-m", "analysis", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=30)
    if process.stderr:
        process.stderr.close()


def finish(process: subprocess.Popen, timeout: float = 120) -> str:
    _, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err.decode(errors="replace")[-3000:]
    return err.decode(errors="replace")


# ----------------------------------------------------------------------------------------------- him-wages data
def store_state(processed: Path) -> tuple[str, dict[str, str]]:
    """What a reader of the store sees: current.json (less its build stamp) and the hashes of the generation
    it names. Raises if current.json is half-written or names a missing or partial generation."""
    current = json.loads((processed / "current.json").read_text())
    generation = processed / current["generation"]
    files = {p.name: sha(p) for p in sorted(generation.iterdir())}
    listed = {f"oews_M{y}.parquet" for y in current["years"]}
    assert set(files) == listed, f"generation {generation.name} holds {sorted(files)}, current.json lists {listed}"
    meta = {k: v for k, v in current.items() if k not in ("generation", "built")}
    # the size and sha256 of every file of the generation and its sorted copies, less the generation's name
    meta["files"] = [
        {**entry, "file": entry["file"].replace(current["generation"], "<generation>")} for entry in current["files"]
    ]
    return json.dumps(meta, sort_keys=True), files


def test_killed_him_wages_data_leaves_the_old_or_the_new_store(tmp_path):
    project = tmp_path / "project"
    (project / "data" / "raw").mkdir(parents=True)
    (project / "data" / "processed").mkdir(parents=True)
    finish(start(project, "data", *map(str, OLD_INPUTS)))
    processed = project / "data" / "processed"
    snapshot = tmp_path / "old-processed"
    shutil.copytree(processed, snapshot)
    old = store_state(processed)

    began = time.monotonic()
    finish(start(project, "data", *map(str, NEW_INPUTS)))
    duration = time.monotonic() - began
    new = store_state(processed)
    assert new != old

    seen = {"old": 0, "new": 0}
    for fraction in KILL_FRACTIONS:
        shutil.rmtree(processed)
        shutil.copytree(snapshot, processed)
        process = start(project, "data", *map(str, NEW_INPUTS))
        time.sleep(duration * fraction)
        kill_group(process)
        state = store_state(processed)
        assert state in (old, new), f"killed at {fraction:.0%} of a run: the store is neither the old nor the new one"
        seen["old" if state == old else "new"] += 1
    assert seen["old"] >= 1, seen  # the loop did interrupt builds, not only kill finished processes
    # The next run after the last kill completes what was interrupted and leaves no debris.
    finish(start(project, "data", *map(str, NEW_INPUTS)))
    assert store_state(processed) == new
    leftovers = sorted(
        p.name for p in processed.iterdir() if p.name not in ("current.json", "stat-cache.json", ".lock")
    )
    generation = json.loads((processed / "current.json").read_text())["generation"]
    # The current generation and its sorted copies (analysis.store.sorted_copies), nothing else.
    assert leftovers == [f"fast-{generation}", generation], leftovers


# ----------------------------------------------------------------------------------------------- him-wages report
FIXTURE_NOTEBOOK = REPO_ROOT / "tests" / "fixtures" / "notebooks" / "report.ipynb"


def report_outputs(reports: Path) -> dict[str, str]:
    return {
        str(p.relative_to(reports)): sha(p)
        for p in sorted(reports.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(reports).parts)
    }


def assert_complete(reports: Path, relative: str) -> None:
    """A published file that is not the old one must be a complete new one."""
    path = reports / relative
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".html":
        assert text.rstrip().lower().endswith("</html>"), f"{relative} is cut short"
    elif path.suffix in (".ipynb", ".json"):
        data = json.loads(text)
        if path.suffix == ".ipynb":
            assert data["cells"] and data["metadata"]["papermill"]["end_time"], f"{relative} is incomplete"


@pytest.mark.notebook
def test_killed_him_wages_report_leaves_old_or_complete_new_reports(tmp_path):
    import analysis.reports  # noqa: F401 - a hard dependency here: an ImportError is a failure, not a skip

    project = tmp_path / "project"
    (project / "data" / "raw").mkdir(parents=True)
    (project / "data" / "processed").mkdir(parents=True)
    (project / "reports").mkdir()
    notebooks = project / "notebooks"
    notebooks.mkdir()
    shutil.copyfile(FIXTURE_NOTEBOOK, notebooks / "report.ipynb")
    config = project / "reports.toml"
    config.write_text(
        'release = "crash-test"\n\n'
        '[[reports]]\nname = "first"\nnotebook = "notebooks/report.ipynb"\n'
        "parameters = { bars = 3 }\n"
    )
    args = ["report", "--config", str(config), "--jobs", "1", "--force"]
    began = time.monotonic()
    finish(start(project, *args), timeout=300)
    duration = time.monotonic() - began
    reports = project / "reports"
    old = report_outputs(reports)
    assert any(name.endswith("first.html") for name in old)
    names = set(old)
    assert "index.json" in names

    for fraction in (0.4, 0.85):
        process = start(project, *args)
        time.sleep(duration * fraction)
        kill_group(process)
        now = report_outputs(reports)
        assert names <= set(now), f"killed at {fraction:.0%}: {sorted(names - set(now))} vanished"
        for relative, digest in now.items():
            if old.get(relative) != digest:
                assert_complete(reports, relative)
        index = json.loads((reports / "index.json").read_text())
        assert index, "index.json is empty after a kill"
        old = now
