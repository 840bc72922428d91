"""``him-wages report``: run the notebooks of a run config with papermill and publish self-contained HTML reports.

A run config (``reports.toml`` at the project root, read with :mod:`tomllib`) names each report::

    release = "latest"                  # reports go to reports/<release>/ (a report's `year` overrides it);
                                        # "latest" (the default) = may<latest year in the data>
    parameters = { top_n = 10 }         # optional: parameters every report gets unless it sets its own

    [[reports]]
    name = "national-29-2072"
    notebook = "notebooks/01_national.ipynb"   # relative to the config file
    parameters = { occupation = "29-2072" }

For every report the command executes the notebook in its own process (papermill, kernel ``python3`` of this
interpreter), converts the executed notebook to one HTML file that needs no network (the vega JavaScript
inlined once, no require.js/MathJax/CDN), and then publishes::

    reports/<release>/<name>.ipynb        the executed notebook
    reports/<release>/<name>.html         the report
    reports/<release>/_logs/<name>.log    papermill's log of the run (cell outputs included)
    reports/<release>/_failed/<name>.ipynb  papermill's output notebook of the last failed run (kept as a record)
    reports/index.json, index.html        every report: parameters, data releases, status, build time, figures

Everything is written into a build folder ``reports/.build-<pid>-<random>/`` first and moved into place with
``os.replace`` only once complete: a failed or killed run never replaces a good report, and the index is
rewritten (atomically) only after the files it links are in place. A report whose notebook, parameters and input
data (sha256 of every file of ``data/raw``, ``data/processed`` and the ``--data-dir`` folders) are unchanged
since its last good build is skipped unless ``--force``.

Modules: :mod:`.config` (run config, :class:`ReportSpec`, ``--param``), :mod:`.provenance` (inputs, fingerprints,
MANIFEST), :mod:`.build` (papermill in worker processes, build folder, atomic publish, :func:`run`),
:mod:`.results` (what a run produces), :mod:`.html` (nbconvert export, templates), :mod:`.index` (index.json /
index.html), :mod:`.progress` (console), :mod:`.notebook` (helpers the notebooks call).
This module re-exports what the rest of the project uses.
"""

from analysis.files import HashCache, sha256_of
from analysis.reports.build import (
    BUILD_PREFIX,
    KERNEL_NAME,
    BuildJob,
    Run,
    build_report,
    describe_failure,
    remove_stale_builds,
    run,
    run_reports,
)
from analysis.reports.config import (
    DEFAULT_CELL_TIMEOUT,
    LATEST_RELEASE,
    ReportConfigError,
    ReportSpec,
    apply_overrides,
    default_jobs,
    latest_release_year,
    load_config,
    parse_param,
    parse_param_value,
    resolve_releases,
    select_reports,
)
from analysis.reports.html import (
    INDEX_TEMPLATE,
    REPORT_CSS,
    REPORT_TEMPLATE,
    TEMPLATES_DIR,
    data_releases,
    notebook_to_html,
    prepare_for_report,
    report_heading,
    strip_network_references,
    vega_head_script,
)
from analysis.reports.index import (
    INDEX_FORMAT,
    INDEX_HTML,
    INDEX_JSON,
    index_key,
    read_index,
    render_index,
    write_index,
)
from analysis.reports.notebook import FIGURES_MIME_TYPE
from analysis.reports.notebook import read_recorded_figures as read_figures
from analysis.reports.provenance import (
    input_data_files,
    package_fingerprint,
    provenance,
    raw_manifest_entries,
    report_fingerprint,
)
from analysis.reports.results import BuildResult, Outcome

__all__ = [
    "BUILD_PREFIX",
    "DEFAULT_CELL_TIMEOUT",
    "FIGURES_MIME_TYPE",
    "INDEX_FORMAT",
    "INDEX_HTML",
    "INDEX_JSON",
    "INDEX_TEMPLATE",
    "KERNEL_NAME",
    "LATEST_RELEASE",
    "REPORT_CSS",
    "REPORT_TEMPLATE",
    "TEMPLATES_DIR",
    "BuildJob",
    "BuildResult",
    "HashCache",
    "Outcome",
    "ReportConfigError",
    "ReportSpec",
    "Run",
    "apply_overrides",
    "build_report",
    "data_releases",
    "default_jobs",
    "describe_failure",
    "index_key",
    "input_data_files",
    "latest_release_year",
    "load_config",
    "notebook_to_html",
    "package_fingerprint",
    "parse_param",
    "parse_param_value",
    "prepare_for_report",
    "provenance",
    "raw_manifest_entries",
    "read_figures",
    "read_index",
    "remove_stale_builds",
    "render_index",
    "report_fingerprint",
    "report_heading",
    "resolve_releases",
    "run",
    "run_reports",
    "select_reports",
    "sha256_of",
    "strip_network_references",
    "vega_head_script",
    "write_index",
]
