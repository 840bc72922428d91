"""Building reports: run each notebook with papermill in a worker process, convert it to HTML inside a build
folder, then publish the files with ``os.replace`` and update the index (a failed or killed run never replaces a
good report)."""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import json
import logging
import multiprocessing
import os
import queue as queue_module
import re
import secrets
import shutil
import signal
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis import paths, settings
from analysis.files import HashCache, now, sha256_of
from analysis.reports import index_update
from analysis.reports.config import (
    DEFAULT_CELL_TIMEOUT,
    ReportConfigError,
    ReportSpec,
    apply_overrides,
    check_overrides,
    default_jobs,
    load_config,
    parse_param,
    resolve_releases,
    select_reports,
)
from analysis.reports.downloads import download_titles, write_tables
from analysis.reports.html import render_report, vega_head_script, workbook_about, workbook_name
from analysis.reports.index import INDEX_HTML, index_entry, index_key
from analysis.reports.notebook import read_recorded_figures
from analysis.reports.progress import Progress
from analysis.reports.provenance import (
    input_data_files,
    provenance,
    report_fingerprint,
)
from analysis.reports.results import BuildResult, Outcome

#: The kernel every notebook names and papermill runs: `make setup` registers it in .venv (README, "Run one
#: interactively", says how to register it for a JupyterLab installed elsewhere).
KERNEL_NAME = "him-wages"


#: Folders, under the output folder, of one run's work in progress.
BUILD_PREFIX = ".build-"


@dataclasses.dataclass(frozen=True)
class BuildJob:
    """What a worker process needs to build one report into ``build_dir``."""

    spec: ReportSpec
    build_dir: str
    include_code: bool
    cell_timeout: int | None
    built_at: str
    provenance: dict[str, Any]
    vega_script: str


_events: Any = None


def _init_worker(events: Any) -> None:
    """Worker process set-up: die with the parent (a killed run leaves no builder behind), report events."""
    global _events
    _events = events
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _post("worker", str(os.getpid()))


def _post(event: str, name: str) -> None:
    if _events is not None:
        with contextlib.suppress(Exception):
            _events.put((event, name, time.time()))


def describe_failure(spec: ReportSpec, executed_path: Path, exc: BaseException) -> str:
    """A message naming the report, the notebook, the failing cell (index, first line) and the exception."""
    from papermill.exceptions import PapermillExecutionError

    where = f"report {spec.name!r} failed: notebook {str(spec.notebook)!r}"
    if type(exc).__name__ == "NoSuchKernel":
        return f"{where}: the kernel {KERNEL_NAME!r} is not installed; register it with `make kernel` (make setup does)"
    if type(exc).__name__ in ("NotJSONError", "JSONDecodeError", "UnicodeDecodeError"):
        # the file is no notebook (it may be any file): say so, quoting none of its content
        return f"{where}: not a Jupyter notebook (its content is not notebook JSON)"
    if not isinstance(exc, PapermillExecutionError):
        return f"{where}: {type(exc).__name__}: {exc}"
    cell_text = f"cell In [{exc.exec_count}]"
    first_line = next((line for line in (exc.source or "").splitlines() if line.strip()), "")
    with contextlib.suppress(Exception):
        import nbformat

        executed = nbformat.read(str(executed_path), as_version=4)
        source = nbformat.read(str(spec.notebook), as_version=4)
        failing = next(
            cell
            for cell in executed.cells
            if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        )
        if "injected-parameters" in failing.metadata.get("tags", []):
            cell_text = "the injected parameters cell"
        else:
            ids = [cell.get("id") for cell in source.cells]
            index = (
                ids.index(failing.get("id"))
                if failing.get("id") in ids
                else next(i for i, cell in enumerate(source.cells) if cell.source == failing.source)
            )
            cell_text = f"cell {index} (In [{exc.exec_count}])"
    return f"{where}, {cell_text} `{first_line}`: {exc.ename}: {exc.evalue}"


#: What jupyter_client says when a kernel process exits before it answers (e.g. its ports were taken by another
#: kernel starting at the same moment): nothing of the notebook ran, so starting it once more is safe.
KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")


def run_with_one_restart(execute: Callable[[], Any], *, log: Callable[[str], None]) -> Any:
    """``execute()``; when its kernel failed to start (:data:`KERNEL_START_FAILURES`), once more. Any other
    failure, and a second failure to start, is raised as it is."""
    try:
        return execute()
    except RuntimeError as exc:
        if not any(text in str(exc) for text in KERNEL_START_FAILURES):
            raise
        log(f"the kernel did not start ({exc}); starting it once more")
    return execute()


def build_report(job: BuildJob) -> BuildResult:
    """Execute one notebook with papermill and convert it to HTML, all inside ``job.build_dir`` (a worker)."""
    from analysis.charts import skip_rfc3987_syntax

    skip_rfc3987_syntax()  # before nbformat imports jsonschema (see analysis.charts)
    import nbformat
    import papermill

    # the kernel (started from this process) draws no SVG picture of each chart: the page never shows it
    settings.mark_report_build()
    spec = job.spec
    _post("running", spec.name)
    start = time.monotonic()
    build_dir = Path(job.build_dir)
    executed = build_dir / f"{spec.name}.ipynb"
    log_path = build_dir / f"{spec.name}.log"
    handler = logging.FileHandler(log_path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    papermill_log = logging.getLogger("papermill")
    papermill_log.addHandler(handler)
    papermill_log.setLevel(logging.INFO)
    result = BuildResult(spec.name, ok=False, duration_s=0.0, ipynb=str(executed), log=str(log_path))
    quiet = _output_to(log_path)
    quiet.__enter__()
    try:
        papermill_log.info(
            "report %s: notebook %s, parameters %s", spec.name, spec.notebook, json.dumps(spec.parameters, default=str)
        )
        run_with_one_restart(
            lambda: papermill.execute_notebook(
                str(spec.notebook),
                str(executed),
                parameters=dict(spec.parameters),
                kernel_name=KERNEL_NAME,
                cwd=str(spec.notebook.parent),
                progress_bar=False,
                # the notebook is written once, when it ends (or fails: papermill writes it before raising), not
                # twice per cell: each write serialised and validated the whole notebook (seconds for a regional one)
                request_save_on_cell_execute=False,
                log_output=True,
                start_timeout=120,
                execution_timeout=job.cell_timeout,
            ),
            log=lambda message: papermill_log.warning("report %s: %s", spec.name, message),
        )
        notebook = nbformat.read(str(executed), as_version=4)
        result.figures = read_recorded_figures(notebook)
        context = {
            "built_at": job.built_at,
            "provenance": job.provenance,
            "notebook_sha256": sha256_of(spec.notebook),
            "vega_script": job.vega_script,
        }
        page, tables = render_report(
            notebook, spec=spec, figures=result.figures, include_code=job.include_code, context=context
        )
        tables_dir = build_dir / f"{spec.name}-tables"
        about = workbook_about(spec, result.figures, context)
        result.tables = write_tables(tables, tables_dir, workbook_name=workbook_name(spec), about=about)
        result.table_titles = download_titles(tables, workbook_name(spec))
        result.tables_dir = str(tables_dir) if result.tables else None
        html_path = build_dir / f"{spec.name}.html"
        html_path.write_text(page, encoding="utf-8")
        result.html = str(html_path)
        result.ok = True
        papermill_log.info("report %s: done, %d bytes of HTML", spec.name, len(page.encode()))
    except Exception as exc:  # noqa: BLE001 - every failure becomes a message; the parent sets the exit code
        result.error = describe_failure(spec, executed, exc)
        papermill_log.error("%s", result.error)
        if not executed.exists():
            result.ipynb = None
    finally:
        result.duration_s = round(time.monotonic() - start, 2)
        quiet.__exit__(None, None, None)
        papermill_log.removeHandler(handler)
        handler.close()
    return result


@contextlib.contextmanager
def _output_to(log_path: Path):
    """Send this worker's stdout and stderr (file descriptors 1 and 2, which the kernel it starts inherits) to the
    report's log: the kernel's "running over TCP without encryption" warnings and the "KeyboardInterrupt caught
    in kernel" of its shutdown belong in the log of that report, not on the terminal of a good run."""
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    saved = (os.dup(1), os.dup(2))
    try:
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for descriptor in (*saved, fd):
            os.close(descriptor)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_builds(out_dir: Path) -> None:
    """Delete build folders (and temporary files) left by runs that were killed (their process is gone)."""
    if not out_dir.is_dir():
        return
    for entry in out_dir.iterdir():
        match = re.match(rf"^{re.escape(BUILD_PREFIX)}(\d+)-", entry.name)
        if match and entry.is_dir() and not _pid_alive(int(match.group(1))):
            shutil.rmtree(entry, ignore_errors=True)


def _publish(out_dir: Path, spec: ReportSpec, result: BuildResult) -> dict[str, str]:
    """Move a finished build into ``<out>/<release>/`` with os.replace; returns paths relative to ``out_dir``."""
    release_dir = out_dir / spec.release
    placed: dict[str, str] = {}

    def move(source: str | None, target: Path, key: str) -> None:
        if source and Path(source).is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            placed[key] = target.relative_to(out_dir).as_posix()

    move(result.log, release_dir / "_logs" / f"{spec.name}.log", "log")
    if result.ok:
        move(result.ipynb, release_dir / f"{spec.name}.ipynb", "ipynb")
        move(result.html, release_dir / f"{spec.name}.html", "html")
        _replace_folder(result.tables_dir, release_dir / spec.name / "tables", out_dir, placed)
        with contextlib.suppress(FileNotFoundError):
            (release_dir / "_failed" / f"{spec.name}.ipynb").unlink()
    else:
        move(result.ipynb, release_dir / "_failed" / f"{spec.name}.ipynb", "failed_notebook")
    return placed


def _replace_folder(source: str | None, target: Path, out_dir: Path, placed: dict[str, str]) -> None:
    """Put the folder ``source`` at ``target`` (the previous one, if any, is moved aside first and then deleted),
    or delete a stale ``target`` when this build has none."""
    aside = target.with_name(f".{target.name}-old-{secrets.token_hex(4)}")
    if target.exists():
        os.replace(target, aside)
    if source and Path(source).is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        placed["tables_dir"] = target.relative_to(out_dir).as_posix()
    shutil.rmtree(aside, ignore_errors=True)


@dataclasses.dataclass
class Run:
    """One ``him-wages report`` run: what every build shares and what the parent updates as builds finish."""

    out_dir: Path
    build_dir: Path
    include_code: bool
    cell_timeout: int | None
    built_at: str
    provenance: dict[str, Any]
    fingerprints: Mapping[str, str]
    order: Mapping[str, int]
    index: dict[str, dict[str, Any]]
    progress: Progress
    outcomes: dict[str, Outcome] = dataclasses.field(default_factory=dict)
    #: Process ids of the worker processes (each posts its own when it starts), killed on Ctrl-C.
    worker_pids: set[int] = dataclasses.field(default_factory=set)

    def job(self, spec: ReportSpec, vega_script: str) -> BuildJob:
        return BuildJob(
            spec, str(self.build_dir), self.include_code, self.cell_timeout, self.built_at, self.provenance, vega_script
        )


def code_fingerprint() -> str:
    """The code hash of this run, looked up on :mod:`analysis.reports` so that a replacement set there (the tests
    pin it) is the one used."""
    import analysis.reports as package

    return package.package_fingerprint()


def run_reports(
    specs: Sequence[ReportSpec],
    *,
    out_dir: Path,
    jobs: int | None = None,
    data_dirs: Sequence[str | Path] = (),
    force: bool = False,
    include_code: bool = False,
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT,
    console: Any = None,
) -> list[Outcome]:
    """Build ``specs`` (parallel, one process per report), publish the good ones, update the index."""
    from rich.console import Console

    console = console or Console(stderr=True, soft_wrap=True)
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(out_dir)
    cache = HashCache(out_dir / ".hash-cache.json")
    data_hashes = {str(f): cache.sha256(f) for f in input_data_files(data_dirs)}
    for spec in specs:
        if not spec.notebook.is_file():
            raise ReportConfigError(f"report {spec.name!r}: notebook {str(spec.notebook)!r} does not exist")
    code_hash = code_fingerprint()
    fingerprints = {
        spec.name: report_fingerprint(spec, data_hashes, include_code=include_code, code_hash=code_hash)
        for spec in specs
    }
    context = provenance(data_dirs, cache)
    cache.save()
    with index_update.locked(out_dir):
        index = index_update.load_index(out_dir)
    config_order = {spec.name: number for number, spec in enumerate(specs)}
    skipped: dict[str, Outcome] = {}
    pending: list[ReportSpec] = []
    for spec in specs:
        previous = index.get(index_key(spec))
        up_to_date = (
            not force
            and previous is not None
            and previous.get("fingerprint") == fingerprints[spec.name]
            and previous.get("status") != "failed"  # a failure is never remembered as success: built again
            and all(previous.get(k) and (out_dir / previous[k]).is_file() for k in ("html", "ipynb"))
        )
        if up_to_date:
            skipped[spec.name] = Outcome(spec.name, "skipped", html=out_dir / previous["html"])
        else:
            pending.append(spec)

    build_dir = out_dir / f"{BUILD_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    build_dir.mkdir()
    built_at = now()
    try:
        with Progress([spec.name for spec in specs], console) as progress:
            run = Run(
                out_dir=out_dir,
                build_dir=build_dir,
                include_code=include_code,
                cell_timeout=cell_timeout,
                built_at=built_at,
                provenance=context,
                fingerprints=fingerprints,
                order=config_order,
                index=index,
                progress=progress,
                outcomes=dict(skipped),
            )
            for spec in specs:
                if spec.name in skipped:
                    progress.set(spec.name, "skipped", note=" (unchanged since last build)")
                    entry = index[index_key(spec)]
                    entry["last_run"] = {"status": "skipped", "at": built_at}
                    entry["order"] = config_order[spec.name]
            if skipped:
                index_update.update_index(
                    out_dir, {index_key(spec): index[index_key(spec)] for spec in specs if spec.name in skipped}
                )
            if pending:
                _build_all(run, pending, jobs=jobs)
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)
    return [run.outcomes[spec.name] for spec in specs]


def _build_all(run: Run, pending: Sequence[ReportSpec], *, jobs: int | None) -> None:
    workers = max(1, min(jobs or default_jobs(), len(pending)))
    spawn = multiprocessing.get_context("spawn")
    vega_script = vega_head_script()
    events = spawn.Queue()
    specs = {spec.name: spec for spec in pending}
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=workers, mp_context=spawn, initializer=_init_worker, initargs=(events,)
    ) as pool:
        futures = {pool.submit(build_report, run.job(spec, vega_script)): spec.name for spec in pending}
        try:
            _collect(run, set(futures), futures, specs, events)
        except BaseException:  # Ctrl-C: stop the builders now rather than wait for their notebooks
            _drain(events, run)
            for pid in run.worker_pids:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _collect(run: Run, remaining: set, futures: Mapping, specs: Mapping[str, ReportSpec], events: Any) -> None:
    """Wait for the builds; publish each as it finishes (files first, then the index that links them)."""
    while remaining:
        done, remaining = concurrent.futures.wait(
            remaining, timeout=0.25, return_when=concurrent.futures.FIRST_COMPLETED
        )
        _drain(events, run)
        for future in done:
            name = futures[future]
            spec = specs[name]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - the worker process died (BrokenProcessPool) or could not unpickle
                result = BuildResult(
                    name,
                    ok=False,
                    duration_s=0.0,
                    error=f"report {name!r} failed: notebook {str(spec.notebook)!r}: {type(exc).__name__}: {exc}",
                )
            placed = _publish(run.out_dir, spec, result)
            key = index_key(spec)
            run.index[key] = index_entry(
                run.index.get(key), spec, result, placed, run.fingerprints[name], run.built_at, run.order[name]
            )
            index_update.update_index(run.out_dir, {key: run.index[key]})
            run.outcomes[name] = Outcome(
                name,
                "done" if result.ok else "failed",
                result.duration_s,
                result.error,
                run.out_dir / placed["html"] if "html" in placed else None,
            )
            run.progress.set(name, "done" if result.ok else "failed", seconds=result.duration_s)
        run.progress.tick()


def _drain(events: Any, run: Run) -> None:
    """Read the workers' events: ``("worker", pid, time)`` when a worker starts, ``("running", name, time)``."""
    while True:
        try:
            event, name, stamp = events.get_nowait()
        except (queue_module.Empty, OSError, EOFError, ValueError):
            return
        if event == "worker":
            run.worker_pids.add(int(name))
        elif event == "running" and run.progress.state.get(name, ["?"])[0] == "queued":
            run.progress.set(name, "running", started=stamp)


def run(args: argparse.Namespace) -> int:
    """``him-wages report``: progress on stderr (none with ``--quiet``), the summary and the index path on
    stdout (a JSON document with ``--json``); a bad config or option raises ReportConfigError (exit code 2)."""
    from rich.console import Console

    from analysis.inputs import check_input, check_output_dir

    quiet, as_json = bool(getattr(args, "quiet", False)), bool(getattr(args, "json", False))
    console = Console(stderr=True, soft_wrap=True, quiet=quiet, highlight=False)
    config = args.config or (paths.project_root() / "reports.toml")
    specs = select_reports(load_config(config), args.only)
    overrides = dict(parse_param(option) for option in args.param)
    for folder in args.data_dirs:
        check_input(folder, what="--data-dir")
        if not Path(folder).exists():
            raise ReportConfigError(f"--data-dir {folder!r} does not exist")
    specs, notes = check_overrides(specs, overrides)
    specs = resolve_releases([apply_overrides(spec, {}, args.data_dirs) for spec in specs])
    if args.jobs is not None and args.jobs < 1:
        raise ReportConfigError(f"--jobs must be at least 1, got {args.jobs}")
    out_dir = check_output_dir(args.out or paths.reports_dir())
    for note in notes:
        console.print(f"note: {_escape_markup(note)}")
    outcomes = run_reports(
        specs,
        out_dir=out_dir,
        jobs=args.jobs,
        data_dirs=args.data_dirs,
        force=args.force,
        include_code=args.include_code,
        cell_timeout=args.timeout or None,
        console=console,
    )
    failed = [o for o in outcomes if o.status == "failed"]
    counts = {status: sum(o.status == status for o in outcomes) for status in ("done", "skipped", "failed")}
    index_path = Path(out_dir).resolve() / INDEX_HTML
    if as_json:
        print(
            json.dumps(
                {
                    "built": counts["done"],
                    "skipped": counts["skipped"],
                    "failed": counts["failed"],
                    "index": str(index_path),
                    "reports": [
                        {
                            "name": o.name,
                            "status": o.status,
                            "duration_s": o.duration_s,
                            "html": None if o.html is None else str(o.html),
                            "error": o.error,
                        }
                        for o in outcomes
                    ],
                },
                indent=2,
            )
        )
    else:
        print(
            f"{counts['done']} built, {counts['skipped']} unchanged (skipped), {counts['failed']} failed; "
            f"index: {index_path}"
        )
    for outcome in failed:
        Console(stderr=True, soft_wrap=True, highlight=False).print(
            f"[bold red]FAILED[/] {_escape_markup(outcome.error or outcome.name)}"
        )
    sys.stdout.flush()
    return 1 if failed else 0


def _escape_markup(text: str) -> str:
    from analysis.console import markup_escape

    return markup_escape(text)
