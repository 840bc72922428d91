#!/usr/bin/env python
"""Benchmark `him-wages report` on a run config (default: reports.toml): not a test.

Prints the wall time of
  * a cold build, sequential (--jobs 1),
  * a warm re-run of the same output folder (nothing changed: every report skipped),
  * a cold build with --jobs 2,
and the size of each HTML report. Outputs go to temporary folders (removed afterwards unless --keep).
`make bench` (goal "reports", devtools/bench.py) measures what users run instead: cold and warm `make reports`.

    .venv/bin/python scripts/bench_reports.py [--config reports.toml] [--only NAME ...] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def build(config: Path, out: Path, jobs: int, only: list[str], force: bool = False) -> tuple[float, int, str]:
    command = [
        sys.executable,
        "-m",
        "analysis",
        "report",
        "--config",
        str(config),
        "--out",
        str(out),
        "--jobs",
        str(jobs),
    ]
    if only:
        command += ["--only", *only]
    if force:
        command.append("--force")
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    summary = next((line for line in completed.stderr.splitlines() if " built, " in line), completed.stderr[-400:])
    return elapsed, completed.returncode, summary


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--config", type=Path, default=ROOT / "reports.toml")
    parser.add_argument("--only", nargs="+", default=[])
    parser.add_argument("--keep", type=Path, help="keep the outputs in this folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    try:
        rows = []
        sequential, parallel = work / "jobs1", work / "jobs2"
        for label, out, jobs in (
            ("cold, --jobs 1", sequential, 1),
            ("warm (unchanged), --jobs 1", sequential, 1),
            ("cold, --jobs 2", parallel, 2),
            ("warm (unchanged), --jobs 2", parallel, 2),
        ):
            elapsed, code, summary = build(args.config, out, jobs, args.only)
            rows.append((label, elapsed, code, summary))
            print(f"{label:28} {elapsed:7.1f} s  exit {code}  {summary}", flush=True)
        print()
        index = json.loads((parallel / "index.json").read_text())
        print(f"{'report':28} {'HTML bytes':>12} {'build s':>8}")
        for entry in index["reports"]:
            html = parallel / entry["html"] if entry.get("html") else None
            size = html.stat().st_size if html and html.is_file() else 0
            print(f"{entry['name']:28} {size:12,} {entry.get('duration_s') or 0:8.1f}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
        return 0 if all(code == 0 for _, _, code, _ in rows) else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
