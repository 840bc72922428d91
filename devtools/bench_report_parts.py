"""Where one report's build time goes (issue 14.4): ``python -m devtools.bench_report_parts [--only NAME]``.

Runs the steps of ``him-wages report`` for one report of ``reports.toml`` (default: the first) one at a time and
times each, in this process, with the default config's parameters and the checkout's data:

* kernel start: a ``python3`` kernel started and ready (jupyter_client), then shut down;
* papermill: the notebook executed (kernel start included), with every cell's own duration from papermill's
  metadata; cells are labelled imports (the cell after the parameters), data (the first cell that loads the
  store, i.e. calls ``notebook.setup``/``load``), and the rest (analysis, charts, tables);
* HTML: ``reports.notebook_to_html`` (nbconvert's exporter, vega inlined), and the vega script alone;
* the whole command, ``him-wages report --only NAME --force`` in a fresh process, for the runner's own overhead.

Nothing here is a test; the figures are printed and written as JSON to ``reports/bench/report-parts.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from analysis import paths


def _cell_label(index: int, tags: list, parameters_at: int | None) -> str:
    if "parameters" in tags or "injected-parameters" in tags:
        return "parameters"
    if parameters_at is not None and index == parameters_at + 1:
        return "imports and data (first cell)"
    return "analysis, charts, tables"


def split_first_cell(notebook_cells: list, parameters_at: int, cwd: Path) -> dict:
    """The first cell after the parameters (imports, then the data: ``notebook.setup`` loads the store) run in a
    fresh python with its import lines timed apart from the rest: {"imports_s", "rest_s"}."""
    setup = "\n".join(c.source for c in notebook_cells[: parameters_at + 1] if c.cell_type == "code")
    first = notebook_cells[parameters_at + 1].source.split("\n")
    imports = [line for line in first if line.startswith(("import ", "from "))]
    rest = [line for line in first if not line.startswith(("import ", "from "))]
    code = (
        f"import time\n{setup}\nt = time.perf_counter()\n"
        + "\n".join(imports)
        + "\nt1 = time.perf_counter()\n"
        + "\n".join(rest)
        + "\nt2 = time.perf_counter()\nprint('SPLIT', t1 - t, t2 - t1)\n"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=cwd, check=False)
    line = next((row for row in completed.stdout.splitlines() if row.startswith("SPLIT ")), None)
    if line is None:
        return {"error": completed.stderr[-300:]}
    imports_s, rest_s = (float(x) for x in line.split()[1:])
    return {"imports_s": imports_s, "rest_s": rest_s}


def kernel_start_seconds(kernel_name: str) -> float:
    from jupyter_client.manager import KernelManager

    started = time.perf_counter()
    manager = KernelManager(kernel_name=kernel_name)
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=120)
    seconds = time.perf_counter() - started
    client.stop_channels()
    manager.shutdown_kernel(now=True)
    return seconds


def measure(name: str | None = None, *, config: Path | None = None) -> dict:
    import nbformat
    import papermill

    from analysis import reports

    specs = reports.resolve_releases(reports.load_config(config or paths.checkout_root() / "reports.toml"))
    spec = next(s for s in specs if name is None or s.name == name)
    result: dict = {"report": spec.name, "notebook": str(spec.notebook), "parameters": spec.parameters}
    result["kernel_start_s"] = kernel_start_seconds(reports.KERNEL_NAME)
    with tempfile.TemporaryDirectory(prefix="report-parts-") as work:
        executed = Path(work) / f"{spec.name}.ipynb"
        started = time.perf_counter()
        papermill.execute_notebook(
            str(spec.notebook),
            str(executed),
            parameters=dict(spec.parameters),
            kernel_name=reports.KERNEL_NAME,
            cwd=str(spec.notebook.parent),
            progress_bar=False,
            log_output=False,
            start_timeout=120,
        )
        result["papermill_s"] = time.perf_counter() - started
        notebook = nbformat.read(str(executed), as_version=4)
        parameters_at = max(
            (
                i
                for i, c in enumerate(notebook.cells)
                if {"parameters", "injected-parameters"} & set(c.metadata.get("tags", []))
            ),
            default=None,
        )
        cells = []
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            duration = (cell.metadata.get("papermill") or {}).get("duration") or 0.0
            cells.append(
                {
                    "index": index,
                    "label": _cell_label(index, cell.metadata.get("tags", []), parameters_at),
                    "seconds": duration,
                    "first_line": cell.source.split("\n")[0][:80],
                }
            )
        result["cells"] = cells
        by_label: dict[str, float] = {}
        for cell in cells:
            by_label[cell["label"]] = by_label.get(cell["label"], 0.0) + cell["seconds"]
        result["cells_by_label_s"] = by_label
        result["papermill_outside_cells_s"] = result["papermill_s"] - sum(by_label.values())
        if parameters_at is not None:
            result["first_cell_split"] = split_first_cell(notebook.cells, parameters_at, spec.notebook.parent)
        started = time.perf_counter()
        vega = reports.vega_head_script()
        result["vega_script_s"] = time.perf_counter() - started
        figures = reports.read_figures(notebook)
        context = {"built_at": "now", "provenance": {}, "notebook_sha256": "", "vega_script": vega}
        started = time.perf_counter()
        page = reports.notebook_to_html(notebook, spec=spec, figures=figures, include_code=False, context=context)
        result["html_export_s"] = time.perf_counter() - started
        result["html_bytes"] = len(page.encode())
        out = Path(work) / "out"
        command = [
            str(Path(sys.executable).with_name("him-wages")),
            "report",
            "--only",
            spec.name,
            "--force",
            "--out",
            str(out),
            "--jobs",
            "1",
        ]
        started = time.perf_counter()
        completed = subprocess.run(command, capture_output=True, text=True, check=False)
        result["him_wages_report_s"] = time.perf_counter() - started
        result["him_wages_report_exit"] = completed.returncode
    return result


def render(result: dict) -> str:
    lines = [
        f"report {result['report']} ({Path(result['notebook']).name}, {result['parameters']})",
        f"  him-wages report --only {result['report']} --force, whole command: "
        + f"{result['him_wages_report_s']:.2f} s (exit {result['him_wages_report_exit']})",
        f"  kernel start alone:                        {result['kernel_start_s']:.2f} s",
        f"  papermill execute (kernel start included): {result['papermill_s']:.2f} s",
        f"    outside the cells (kernel start, papermill): {result['papermill_outside_cells_s']:.2f} s",
    ]
    for label, seconds in result["cells_by_label_s"].items():
        lines.append(f"    cells: {label:30} {seconds:.2f} s")
    split = result.get("first_cell_split") or {}
    if "imports_s" in split:
        lines.append(
            f"    first cell again in a fresh python: imports {split['imports_s']:.2f} s, "
            f"the rest (data: setup/store load) {split['rest_s']:.2f} s"
        )
    lines.append(
        f"  HTML export (nbconvert, vega inlined):    {result['html_export_s']:.2f} s "
        f"({result['html_bytes']:,} bytes; vega script {result['vega_script_s']:.2f} s)"
    )
    lines.append("  cells:")
    for cell in result["cells"]:
        lines.append(f"    [{cell['index']:2}] {cell['seconds']:6.2f} s  {cell['label']:26} {cell['first_line']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=None, help="report name (default: the first of reports.toml)")
    parser.add_argument("--config", type=Path, default=None)
    args = parser.parse_args(argv)
    result = measure(args.only, config=args.config)
    print(render(result))
    out = paths.reports_dir() / "bench"
    out.mkdir(parents=True, exist_ok=True)
    target = out / "report-parts.json"
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=2))
    tmp.replace(target)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover - a developer command
    raise SystemExit(main())
