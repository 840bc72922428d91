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
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import datetime as dt
import hashlib
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
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from analysis import __version__, paths
from analysis.errors import ConfigError
from analysis.files import atomic_write_text, sha256_of

FIGURES_MIME_TYPE = "application/vnd.him-wages.figures+json"
INDEX_FORMAT = 1
INDEX_JSON = "index.json"
INDEX_HTML = "index.html"
KERNEL_NAME = "python3"
DEFAULT_CELL_TIMEOUT = 1800
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
REPORT_TEMPLATE = "him_report.html.j2"
INDEX_TEMPLATE = "him_index.html.j2"
REPORT_CSS = "him_report.css"
#: Folders, under the output folder, of one run's work in progress.
BUILD_PREFIX = ".build-"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: The release label that stands for ``may<latest year in the data>`` (resolved by :func:`resolve_releases`).
LATEST_RELEASE = "latest"

log = logging.getLogger(__name__)


class ReportConfigError(ConfigError):
    """The run config (or a ``--param``/``--only`` option) cannot be used; the message says where and why."""


# ------------------------------------------------------------------------------------------------ config


@dataclasses.dataclass(frozen=True)
class ReportSpec:
    """One report of a run config: which notebook, with which parameters, published under which name."""

    name: str
    notebook: Path
    parameters: dict[str, Any]
    release: str
    title: str | None = None


def load_config(path: str | Path) -> list[ReportSpec]:
    """The reports a TOML run config names, in order. Notebook paths are relative to the config's folder."""
    path = Path(path)
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportConfigError(f"run config {str(path)!r} does not exist") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReportConfigError(f"run config {str(path)!r} is not valid TOML: {exc}") from None
    entries = config.get("reports")
    if not isinstance(entries, list) or not entries:
        raise ReportConfigError(f"run config {str(path)!r} has no [[reports]] tables")
    default_release = str(config.get("release", LATEST_RELEASE))
    shared = config.get("parameters", {})
    specs: list[ReportSpec] = []
    for number, entry in enumerate(entries, start=1):
        where = f"run config {str(path)!r}, report {number}"
        missing = [key for key in ("name", "notebook") if key not in entry]
        if missing:
            raise ReportConfigError(f"{where}: missing {', '.join(missing)}")
        name = str(entry["name"])
        if not _NAME.match(name):
            raise ReportConfigError(f"{where}: name {name!r} must be letters, digits, '.', '_' or '-' "
                                    "(it becomes a file name)")
        parameters = {**shared, **entry.get("parameters", {})}
        specs.append(ReportSpec(
            name=name,
            notebook=(path.parent / entry["notebook"]).resolve(),
            parameters=parameters,
            release=_release_label(entry.get("release"), parameters, default_release),
            title=entry.get("title"),
        ))
    names = [spec.name for spec in specs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ReportConfigError(f"run config {str(path)!r}: report names must be unique; repeated: {duplicates}")
    return specs


def _release_label(explicit: Any, parameters: Mapping[str, Any], default: str) -> str:
    """Folder name of a report's release: explicit, else ``may<year>`` from a ``year`` parameter, else default."""
    if explicit:
        label = str(explicit)
    elif isinstance(parameters.get("year"), int) and not isinstance(parameters.get("year"), bool):
        label = f"may{parameters['year']}"
    else:
        label = default
    if not _NAME.match(label):
        raise ReportConfigError(f"release {label!r} must be letters, digits, '.', '_' or '-' (it becomes a folder)")
    return label


def latest_release_year(data_dirs: Sequence[str | Path] = ()) -> int:
    """The latest May release with national estimates in the data the notebooks read: the project's store
    (``analysis.store.load``: data/processed, else data/raw) plus ``data_dirs``."""
    from analysis import store

    try:
        national = store.load(data_dirs=[Path(d) for d in data_dirs], area_types=[1])
    except (OSError, ValueError) as exc:  # no data at all, or a --data-dir file that is not BLS data (OEWSInputError)
        raise ReportConfigError(f"release = {LATEST_RELEASE!r}: cannot read the data to find the latest release "
                                f"({exc}); fix the data or set release = \"may<year>\" in the run config") from None
    years = national["year"].dropna()
    if years.empty:
        raise ReportConfigError(f"release = {LATEST_RELEASE!r}: the data loaded holds no national (U.S.) "
                                "estimates; run `him-wages fetch` / `him-wages data`, or set release = \"may<year>\"")
    return int(years.max())


def resolve_releases(specs: Sequence[ReportSpec]) -> list[ReportSpec]:
    """``specs`` with every ``release = "latest"`` replaced by ``may<latest year>`` of the data that report reads
    (the store plus its ``data_dirs`` parameter, i.e. ``--data-dir``). Explicit releases are kept as written.

    The notebooks default to their latest year too, so a newer release brought by ``him-wages fetch`` is written
    under ``reports/may<new year>/`` rather than under a hard-coded folder."""
    years: dict[tuple[str, ...], int] = {}
    resolved = []
    for spec in specs:
        if spec.release != LATEST_RELEASE:
            resolved.append(spec)
            continue
        data_dirs = spec.parameters.get("data_dirs") or []
        if isinstance(data_dirs, (str, Path)):
            data_dirs = [data_dirs]
        key = tuple(str(Path(d).resolve()) for d in data_dirs)
        if key not in years:
            years[key] = latest_release_year(key)
        resolved.append(dataclasses.replace(spec, release=f"may{years[key]}"))
    return resolved


def parse_param_value(text: str) -> Any:
    """A ``--param`` value as YAML/JSON: numbers, true/false, null, strings, ``[lists]``.

    Codes stay strings: ``06`` (a state FIPS code) is not the number 6, ``29-2072`` and ``2024-05-01`` are not
    dates, and only ``true``/``false`` are booleans (YAML 1.1 would read ``NO`` or ``on`` as booleans).
    """
    import yaml

    stripped = text.strip()
    if re.fullmatch(r"[+-]?0\d+", stripped):
        return stripped
    try:
        value = yaml.safe_load(stripped) if stripped else ""
    except yaml.YAMLError:
        return text
    if isinstance(value, list):
        return [parse_param_value(item) if isinstance(item, str) else item
                for item in _yaml_list_items(stripped, value)]
    if isinstance(value, bool) and stripped.lower() not in ("true", "false"):
        return stripped
    if isinstance(value, (dt.date, dt.datetime)):
        return stripped
    if isinstance(value, dict):
        return value
    return value


def _yaml_list_items(text: str, parsed: list) -> list:
    """Items of a flow list with codes kept as written (``[06, 41]`` -> ``["06", "41"]``)."""
    if text.startswith("[") and text.endswith("]"):
        raw = [item.strip() for item in text[1:-1].split(",")]
        if len(raw) == len(parsed) and all(raw):
            return [item.strip("'\"") if item[:1] in "'\"" else item for item in raw]
    return parsed


def parse_param(option: str) -> tuple[str, Any]:
    """``key=value`` from the command line -> ``(key, parsed value)``."""
    key, sep, value = option.partition("=")
    key = key.strip()
    if not sep or not key.isidentifier():
        raise ReportConfigError(f"--param {option!r}: expected key=value with a Python name as key, "
                                "e.g. --param occupation=29-2072 or --param 'occupations=[29-2072, 29-9021]'")
    return key, parse_param_value(value)


def select_reports(specs: Sequence[ReportSpec], only: Sequence[str] | None) -> list[ReportSpec]:
    """The reports named in ``only`` (all when empty); an unknown name is an error listing the known ones."""
    if not only:
        return list(specs)
    known = {spec.name: spec for spec in specs}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise ReportConfigError(f"--only: no report named {', '.join(unknown)} in the run config; "
                                f"reports are: {', '.join(known)}")
    wanted = set(only)
    return [spec for spec in specs if spec.name in wanted]


def apply_overrides(spec: ReportSpec, overrides: Mapping[str, Any], data_dirs: Sequence[str | Path]) -> ReportSpec:
    """``spec`` with ``--param`` overrides and, when given, ``data_dirs`` (absolute paths) in its parameters."""
    parameters = {**spec.parameters, **overrides}
    if data_dirs:
        parameters["data_dirs"] = [str(Path(d).resolve()) for d in data_dirs]
    release = spec.release
    if "year" in overrides:
        release = _release_label(None, parameters, spec.release)
    return dataclasses.replace(spec, parameters=parameters, release=release)


# ---------------------------------------------------------------------------------- inputs and hashing


def input_data_files(data_dirs: Sequence[str | Path] = ()) -> list[Path]:
    """Every file a notebook may read: ``data/raw``, ``data/processed`` and each extra data folder."""
    roots = [paths.raw_dir(), paths.processed_dir(), *(Path(d) for d in data_dirs)]
    files: list[Path] = []
    for root in roots:
        root = Path(root)
        if root.is_file():
            files.append(root.resolve())
            continue
        if not root.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            files.extend(Path(dirpath, name).resolve() for name in sorted(filenames)
                         if not name.startswith(".") and not name.endswith(".part"))
    return files


class HashCache:
    """sha256 of files, remembered by (path, size, mtime) in ``<out>/.hash-cache.json`` so warm runs are cheap."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.entries: dict[str, list] = json.loads(path.read_text())
        except (OSError, ValueError):
            self.entries = {}
        self.changed = False

    def sha256(self, file: Path) -> str:
        stat = file.stat()
        key = str(file)
        cached = self.entries.get(key)
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            return cached[2]
        digest = sha256_of(file)
        self.entries[key] = [stat.st_size, stat.st_mtime_ns, digest]
        self.changed = True
        return digest

    def save(self) -> None:
        if self.changed:
            atomic_write_text(self.path, json.dumps(self.entries))
            self.changed = False




def package_fingerprint() -> str:
    """sha256 over the source of the ``analysis`` package (code, templates, assets) that notebooks and the HTML
    conversion run: a fix in an analysis module rebuilds the reports that use it."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts and file.suffix not in (".pyc", ".pyo"):
            digest.update(file.relative_to(package).as_posix().encode())
            digest.update(sha256_of(file).encode())
    return digest.hexdigest()


def report_fingerprint(spec: ReportSpec, data_hashes: Mapping[str, str], *, include_code: bool,
                       code_hash: str = "") -> str:
    """What a report's build depends on: the notebook's bytes, its parameters, the input data, the project's
    code (``code_hash``) and the HTML options."""
    digest = hashlib.sha256()
    digest.update(code_hash.encode())
    digest.update(sha256_of(spec.notebook).encode())
    digest.update(json.dumps(spec.parameters, sort_keys=True, default=str).encode())
    digest.update(json.dumps(sorted(data_hashes.items())).encode())
    digest.update(json.dumps({"include_code": include_code, "version": __version__,
                              "release": spec.release}).encode())
    return digest.hexdigest()


# ------------------------------------------------------------------------------------------- provenance


def raw_manifest_entries() -> list[dict[str, str]]:
    """The data files ``data/raw/MANIFEST`` lists, each with its release and sha256.

    The MANIFEST written by ``scripts/build_bundled_data.py`` is TOML: ``[release] description = "May 2025"``
    and one ``[[files]]`` table (path, sha256, ...) per file of ``data/raw``. Other shapes (JSON, CSV/TSV with a
    header, ``key: value`` blocks) are read as well as they can be.
    """
    for name in ("MANIFEST", "MANIFEST.json", "MANIFEST.toml", "MANIFEST.tsv", "MANIFEST.csv"):
        candidate = paths.raw_dir() / name
        if candidate.is_file():
            text = candidate.read_text(encoding="utf-8", errors="replace")
            with contextlib.suppress(tomllib.TOMLDecodeError):
                document = tomllib.loads(text)
                files = document.get("files")
                if isinstance(files, list) and files:
                    release = document.get("release", {})
                    label = str(release.get("description") or release.get("year") or "") \
                        if isinstance(release, Mapping) else str(release)
                    return [{"file": f"data/raw/{entry['path']}", "release": label, "sha256": str(entry["sha256"])}
                            for entry in files if isinstance(entry, Mapping) and "path" in entry
                            and "sha256" in entry]
            return _parse_manifest(text)
    return []


def _manifest_record(record: Mapping[str, Any], fallback_name: str | None = None) -> dict[str, str] | None:
    lowered = {str(k).lower(): v for k, v in record.items()}
    file = next((lowered[k] for k in ("file", "path", "name", "filename", "url") if lowered.get(k)), fallback_name)
    sha = next((lowered[k] for k in ("sha256", "sha-256", "hash", "digest") if lowered.get(k)), None)
    if file is None or sha is None:
        return None
    release = next((lowered[k] for k in ("release", "data_year", "year", "period", "published", "release_date")
                    if lowered.get(k)), "")
    return {"file": str(file), "release": str(release), "sha256": str(sha)}


def _parse_manifest(text: str) -> list[dict[str, str]]:
    records: list[dict[str, str]] = []

    def walk(node: Any, name: str | None = None) -> None:
        if isinstance(node, Mapping):
            record = _manifest_record(node, name)
            if record:
                records.append(record)
                return
            for key, value in node.items():
                walk(value, str(key))
        elif isinstance(node, list):
            for item in node:
                walk(item)

    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        with contextlib.suppress(ValueError):
            walk(json.loads(stripped))
            return records
    with contextlib.suppress(tomllib.TOMLDecodeError):
        walk(tomllib.loads(text))
        if records:
            return records
    lines = [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if lines:
        delimiter = "\t" if "\t" in lines[0] else "," if "," in lines[0] else None
        if delimiter:
            import csv

            for row in csv.DictReader(lines, delimiter=delimiter):
                record = _manifest_record(row)
                if record:
                    records.append(record)
            if records:
                return records
    block: dict[str, str] = {}
    for line in text.splitlines() + [""]:
        key, sep, value = line.partition(":")
        if sep and key.strip() and " " not in key.strip():
            block[key.strip()] = value.strip()
        elif not line.strip() and block:
            record = _manifest_record(block)
            if record:
                records.append(record)
            block = {}
    return records


def provenance(data_dirs: Sequence[str | Path], cache: HashCache) -> dict[str, Any]:
    """What the reports were built from, for each report's footer: raw data per MANIFEST, the processed store,
    extra data folders, project version."""
    processed_files = []
    current = paths.processed_dir() / "current.json"
    store = None
    if current.is_file():
        with contextlib.suppress(ValueError, OSError):
            store = json.loads(current.read_text())
    processed_root = paths.processed_dir()
    for file in input_data_files(()):
        if processed_root in file.parents:
            processed_files.append({"file": str(file.relative_to(processed_root)), "sha256": cache.sha256(file)})
    extra = []
    for folder in data_dirs:
        for file in input_data_files([folder]):
            if paths.raw_dir() in file.parents or processed_root in file.parents:
                continue
            extra.append({"file": str(file), "sha256": cache.sha256(file)})
    return {
        "raw_manifest": raw_manifest_entries(),
        "processed": processed_files,
        "processed_store": {k: store.get(k) for k in ("built", "years", "rows", "generation")} if store else None,
        "data_dirs": extra,
        "version": __version__,
    }


# ------------------------------------------------------------------------------------------------ HTML


def read_figures(notebook: Any) -> dict[str, Any]:
    """The key figures a notebook recorded (outputs with MIME ``application/vnd.him-wages.figures+json``)."""
    merged: dict[str, Any] = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            value = output.get("data", {}).get(FIGURES_MIME_TYPE)
            if value is None:
                continue
            if isinstance(value, str):
                value = json.loads(value)
            if isinstance(value, Mapping):
                merged.update(value)
    return merged


def _vega_versions() -> dict[str, str]:
    """The library versions altair's own HTML renderer asks for (``VEGA_DEBUG`` keys it checks before loading)."""
    from altair.vegalite.v6 import display

    return {"vega_version": display.VEGA_VERSION, "vegalite_version": display.VEGALITE_VERSION,
            "vegaembed_version": display.VEGAEMBED_VERSION}


def vega_head_script() -> str:
    """The one script, in the report's <head>, that defines ``vegaEmbed``, ``vega`` and ``vegaLite`` offline.

    It serves both kinds of chart output: the project's renderer (``analysis.reports.notebook``: calls ``vegaEmbed`` or
    queues until it exists) and altair's default HTML renderer (which loads nothing when ``VEGA_DEBUG`` says
    the versions it wants are present). vl-convert takes seconds to bundle, so the script is cached on disk,
    keyed by the versions of vl-convert, altair and ``analysis/reports/notebook.py``.
    """
    import altair
    import vl_convert

    from analysis.reports import notebook

    key = hashlib.sha256("|".join([
        vl_convert.__version__, altair.__version__, sha256_of(Path(notebook.__file__)), json.dumps(_vega_versions()),
    ]).encode()).hexdigest()[:20]
    cached = _cache_dir() / f"vega-head-{key}.js"
    with contextlib.suppress(OSError):
        return cached.read_text(encoding="utf-8")
    bundle = notebook.javascript_bundle()
    if "</script" in bundle.lower():
        raise RuntimeError("the vega JavaScript bundle contains '</script' and cannot be inlined")
    script = f"var VEGA_DEBUG = {json.dumps(_vega_versions())};\n{bundle}"
    with contextlib.suppress(OSError):
        atomic_write_text(cached, script)
    return script


def _cache_dir() -> Path:
    from analysis.settings import cache_dir

    return cache_dir()


def _is_vega_bundle_output(output: Mapping[str, Any]) -> bool:
    """An output that carries the vega bundle itself (``analysis.reports.notebook.setup()``); the report has it once."""
    data = output.get("data", {})
    for mime in ("text/html", "application/javascript"):
        text = data.get(mime)
        if isinstance(text, list):
            text = "".join(text)
        if isinstance(text, str) and len(text) > 100_000 and "window.vegaEmbed=" in text.replace(" ", ""):
            return True
    return False


def _vegalite_output_as_html(output: dict[str, Any]) -> None:
    """Outputs of altair's "mimetype" renderer carry only the spec: give them HTML that draws it offline."""
    data = output.get("data", {})
    if "text/html" in data:
        return
    mime = next((m for m in data if re.fullmatch(r"application/vnd\.vegalite\.v\d+\+json", m)), None)
    if mime is None:
        return
    spec = json.dumps(data[mime]).replace("</", "<\\/")
    div = f"him-wages-vl-{secrets.token_hex(8)}"
    data["text/html"] = (f'<div id="{div}"></div><script type="text/javascript">'
                         f'window.vegaEmbed("#{div}", {spec}, {{"renderer": "svg"}});</script>')


def prepare_for_report(notebook: Any, *, include_code: bool) -> Any:
    """A copy of an executed notebook as the report shows it: no vega bundle output (the page has it once in
    <head>), no machine-readable figures, no warnings on stderr (they stay in the .ipynb and the log)."""
    import copy

    node = copy.deepcopy(notebook)
    for cell in node.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if _is_vega_bundle_output(output):
                continue
            if output.get("output_type") == "stream" and output.get("name") == "stderr" and not include_code:
                continue
            data = output.get("data")
            if data is not None:
                data.pop(FIGURES_MIME_TYPE, None)
                _vegalite_output_as_html(output)
                if not data:
                    continue
            kept.append(output)
        cell.outputs = kept
    return node


def report_heading(spec_name: str, parameters: Mapping[str, Any], figures: Mapping[str, Any],
                   title: str | None, release: str) -> dict[str, str]:
    """Title and subtitle of a report: occupation, area and release, from the figures the notebook recorded,
    else its parameters (the subtitle reads e.g. "Medical Records Specialists (29-2072) · California · May 2025")."""
    heading = title or figures.get("title") or spec_name.replace("-", " ").replace("_", " ").capitalize()
    subtitle = " · ".join(part for part in (_occupation_text(parameters, figures), _area_text(parameters, figures),
                                            _release_text(parameters, figures, release)) if part)
    return {"title": str(heading), "subtitle": subtitle}


def _occupation_text(parameters: Mapping[str, Any], figures: Mapping[str, Any]) -> str:
    code = figures.get("occ_code") or figures.get("occupation") or parameters.get("occupation")
    if isinstance(code, str) and code:
        title = figures.get("occ_title") or figures.get("occupation_title") or _soc_title(code)
        return f"{title} ({code})" if title and code not in str(title) else str(title or code)
    codes = figures.get("occupations") or parameters.get("occupations")
    if isinstance(codes, list) and codes:
        return ", ".join(str(c) for c in codes)
    return ""


def _soc_title(code: str) -> str | None:
    with contextlib.suppress(Exception):
        from analysis.conventions.occupations import occupation_title

        return occupation_title(code)
    return None


def _area_text(parameters: Mapping[str, Any], figures: Mapping[str, Any]) -> str:
    for key in ("area_title", "state_title", "state_name"):
        if figures.get(key):
            return str(figures[key])
    state = figures.get("state") or parameters.get("state")
    if state:
        with contextlib.suppress(Exception):
            import us

            found = us.states.lookup(str(state))
            if found is not None:
                return found.name
        return str(state)
    area = parameters.get("area") or figures.get("area")
    if area and str(area) not in ("99", "US", "U.S."):
        return str(area)
    return "U.S."


def _release_text(parameters: Mapping[str, Any], figures: Mapping[str, Any], release: str) -> str:
    if figures.get("release"):
        return str(figures["release"])
    for year in (figures.get("year"), parameters.get("year")):
        if isinstance(year, int) and not isinstance(year, bool):
            return f"May {year}"
    releases = data_releases(figures, parameters)
    if len(releases) == 1:
        return releases[0]
    if len(releases) > 1:
        return f"{releases[0]} – {releases[-1]}"
    match = re.fullmatch(r"may[-_]?(\d{4})", release, re.IGNORECASE)
    return f"May {match.group(1)}" if match else release


def data_releases(figures: Mapping[str, Any], parameters: Mapping[str, Any]) -> list[str]:
    """The BLS releases a report's data came from, as the notebook recorded them (else its ``year``)."""
    for key in ("data_releases", "releases", "releases_loaded", "years", "year", "release"):
        value = figures.get(key)
        if value in (None, "", []):
            continue
        values = value if isinstance(value, list) else [value]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in values):
            values = sorted(values)
        return [f"May {v}" if isinstance(v, int) and not isinstance(v, bool) else str(v) for v in values]
    if parameters.get("year"):
        return [f"May {parameters['year']}"]
    return []


def notebook_to_html(notebook: Any, *, spec: ReportSpec, figures: Mapping[str, Any], include_code: bool,
                     context: Mapping[str, Any]) -> str:
    """One self-contained HTML report of an executed notebook (nbconvert's lab template, no network)."""
    from nbconvert import HTMLExporter

    node = prepare_for_report(notebook, include_code=include_code)
    heading = report_heading(spec.name, spec.parameters, figures, spec.title, spec.release)
    node.metadata["title"] = heading["title"] + (f" — {heading['subtitle']}" if heading["subtitle"] else "")
    exporter = HTMLExporter(
        template_name="lab",
        extra_template_paths=[str(TEMPLATES_DIR)],
        template_file=REPORT_TEMPLATE,
        exclude_input=not include_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    resources = {
        "him": {
            **heading,
            "css": (TEMPLATES_DIR / REPORT_CSS).read_text(encoding="utf-8"),
            "vega_script": context.get("vega_script") or vega_head_script(),
            "name": spec.name,
            "notebook": spec.notebook.name,
            "parameters": spec.parameters,
            "data_releases": data_releases(figures, spec.parameters),
            "built_at": context["built_at"],
            "provenance": context["provenance"],
            "notebook_sha256": context["notebook_sha256"],
        }
    }
    body, _ = exporter.from_notebook_node(node, resources=resources)
    return strip_network_references(body)


_REMOTE_TAG = re.compile(r"<(script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?",
                         re.IGNORECASE)


def strip_network_references(page: str) -> str:
    """Drop any <script src> or <link href> that would reach another host (belt and braces: the template adds
    none, but a notebook's HTML output could)."""
    return _REMOTE_TAG.sub("", page)


# -------------------------------------------------------------------------------------------- building


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
    log: str | None = None


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


def _post(event: str, name: str) -> None:
    if _events is not None:
        with contextlib.suppress(Exception):
            _events.put((event, name, time.time()))


def describe_failure(spec: ReportSpec, executed_path: Path, exc: BaseException) -> str:
    """A message naming the report, the notebook, the failing cell (index, first line) and the exception."""
    from papermill.exceptions import PapermillExecutionError

    where = f"report {spec.name!r} failed: notebook {str(spec.notebook)!r}"
    if not isinstance(exc, PapermillExecutionError):
        return f"{where}: {type(exc).__name__}: {exc}"
    cell_text = f"cell In [{exc.exec_count}]"
    first_line = next((line for line in (exc.source or "").splitlines() if line.strip()), "")
    with contextlib.suppress(Exception):
        import nbformat

        executed = nbformat.read(str(executed_path), as_version=4)
        source = nbformat.read(str(spec.notebook), as_version=4)
        failing = next(cell for cell in executed.cells if cell.cell_type == "code"
                       and any(o.get("output_type") == "error" for o in cell.get("outputs", [])))
        if "injected-parameters" in failing.metadata.get("tags", []):
            cell_text = "the injected parameters cell"
        else:
            ids = [cell.get("id") for cell in source.cells]
            index = ids.index(failing.get("id")) if failing.get("id") in ids else next(
                i for i, cell in enumerate(source.cells) if cell.source == failing.source)
            cell_text = f"cell {index} (In [{exc.exec_count}])"
    return f"{where}, {cell_text} `{first_line}`: {exc.ename}: {exc.evalue}"


def build_report(job: BuildJob) -> BuildResult:
    """Execute one notebook with papermill and convert it to HTML, all inside ``job.build_dir`` (a worker)."""
    import nbformat
    import papermill

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
    try:
        papermill_log.info("report %s: notebook %s, parameters %s", spec.name, spec.notebook,
                           json.dumps(spec.parameters, default=str))
        papermill.execute_notebook(
            str(spec.notebook), str(executed), parameters=dict(spec.parameters), kernel_name=KERNEL_NAME,
            cwd=str(spec.notebook.parent), progress_bar=False, log_output=True, start_timeout=120,
            execution_timeout=job.cell_timeout,
        )
        notebook = nbformat.read(str(executed), as_version=4)
        result.figures = read_figures(notebook)
        context = {"built_at": job.built_at, "provenance": job.provenance,
                   "notebook_sha256": sha256_of(spec.notebook), "vega_script": job.vega_script}
        page = notebook_to_html(notebook, spec=spec, figures=result.figures, include_code=job.include_code,
                                context=context)
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
        papermill_log.removeHandler(handler)
        handler.close()
    return result


# ----------------------------------------------------------------------------------------------- index


def read_index(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Entries of ``<out>/index.json`` by :func:`index_key` (empty when there is none or it is unreadable)."""
    try:
        index = json.loads((out_dir / INDEX_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {entry.get("key") or f"{entry.get('release')}/{entry['name']}": entry
            for entry in index.get("reports", []) if "name" in entry}


def index_key(spec: ReportSpec) -> str:
    """A report's place in the index: ``<release>/<name>`` (a report built for two releases is listed twice)."""
    return f"{spec.release}/{spec.name}"


def write_index(out_dir: Path, entries: Mapping[str, Mapping[str, Any]]) -> None:
    """Write ``index.json`` and ``index.html`` (each atomically). Links only to files that exist."""
    ordered = sorted(entries.values(), key=lambda e: (str(e.get("release", "")), e.get("order", 1_000_000), e["name"]))
    atomic_write_text(out_dir / INDEX_JSON, json.dumps(
        {"format": INDEX_FORMAT, "updated": _now(), "version": __version__, "reports": ordered},
        indent=2, default=str))
    atomic_write_text(out_dir / INDEX_HTML, render_index(out_dir, ordered))


def render_index(out_dir: Path, entries: Sequence[Mapping[str, Any]]) -> str:
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    rows = []
    for entry in entries:
        def exists(key: str, entry: Mapping[str, Any] = entry) -> bool:
            return bool(entry.get(key)) and (out_dir / entry[key]).is_file()

        rows.append({
            **entry,
            "html_link": entry["html"] if exists("html") else None,
            "ipynb_link": entry["ipynb"] if exists("ipynb") else None,
            "failed_link": entry["failed_notebook"] if exists("failed_notebook") else None,
            "log_link": entry["log"] if exists("log") else None,
            "parameters_items": [(k, json.dumps(v, default=str)) for k, v in entry.get("parameters", {}).items()],
            "figures_items": [(k, _figure_text(v)) for k, v in (entry.get("figures") or {}).items()
                              if not isinstance(v, (list, dict))],
        })
    template = environment.get_template(INDEX_TEMPLATE)
    return template.render(rows=rows, updated=_now(), version=__version__,
                           css=(TEMPLATES_DIR / REPORT_CSS).read_text(encoding="utf-8"))


def _figure_text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1000:
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3g}"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10000:
        return f"{value:,}"
    if isinstance(value, (list, dict)):
        return json.dumps(value)
    return str(value)


# ------------------------------------------------------------------------------------------------- run


@dataclasses.dataclass
class Outcome:
    """How one report of a run ended: built, skipped (unchanged) or failed."""

    name: str
    status: str
    duration_s: float = 0.0
    error: str | None = None
    html: Path | None = None


def _now() -> str:
    return dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")


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
        with contextlib.suppress(FileNotFoundError):
            (release_dir / "_failed" / f"{spec.name}.ipynb").unlink()
    else:
        move(result.ipynb, release_dir / "_failed" / f"{spec.name}.ipynb", "failed_notebook")
    return placed


def default_jobs() -> int:
    with contextlib.suppress(AttributeError):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class _Progress:
    """Per-report status (queued, running, done, failed, skipped) with times, drawn with rich."""

    STYLES: ClassVar[dict[str, str]] = {"queued": "dim", "running": "yellow", "done": "green", "failed": "bold red", "skipped": "cyan"}

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

    def set(self, name: str, status: str, *, started: float | None = None, seconds: float | None = None,
            note: str = "") -> None:
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


def run_reports(specs: Sequence[ReportSpec], *, out_dir: Path, jobs: int | None = None,
                data_dirs: Sequence[str | Path] = (), force: bool = False, include_code: bool = False,
                cell_timeout: int | None = DEFAULT_CELL_TIMEOUT, console: Any = None) -> list[Outcome]:
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
    code_hash = package_fingerprint()
    fingerprints = {spec.name: report_fingerprint(spec, data_hashes, include_code=include_code, code_hash=code_hash)
                    for spec in specs}
    context = provenance(data_dirs, cache)
    cache.save()
    index = read_index(out_dir)
    config_order = {spec.name: number for number, spec in enumerate(specs)}
    outcomes: dict[str, Outcome] = {}
    pending: list[ReportSpec] = []
    for spec in specs:
        previous = index.get(index_key(spec))
        up_to_date = (not force and previous is not None and previous.get("fingerprint") == fingerprints[spec.name]
                      and all(previous.get(k) and (out_dir / previous[k]).is_file() for k in ("html", "ipynb")))
        if up_to_date:
            outcomes[spec.name] = Outcome(spec.name, "skipped", html=out_dir / previous["html"])
        else:
            pending.append(spec)

    build_dir = out_dir / f"{BUILD_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    build_dir.mkdir()
    built_at = _now()
    try:
        with _Progress([spec.name for spec in specs], console) as progress:
            for spec in specs:
                if spec.name in outcomes:
                    progress.set(spec.name, "skipped", note=" (unchanged since last build)")
                    entry = index[index_key(spec)]
                    entry["last_run"] = {"status": "skipped", "at": built_at}
                    entry["order"] = config_order[spec.name]
            if pending:
                _build_all(pending, jobs=jobs, build_dir=build_dir, include_code=include_code,
                           cell_timeout=cell_timeout, built_at=built_at, context=context, out_dir=out_dir,
                           index=index, fingerprints=fingerprints, outcomes=outcomes, progress=progress,
                           order=config_order)
            else:
                write_index(out_dir, index)
    finally:
        shutil.rmtree(build_dir, ignore_errors=True)
    return [outcomes[spec.name] for spec in specs]


def _build_all(pending: Sequence[ReportSpec], *, jobs: int | None, build_dir: Path, include_code: bool,
               cell_timeout: int | None, built_at: str, context: dict, out_dir: Path, index: dict,
               fingerprints: Mapping[str, str], outcomes: dict[str, Outcome], progress: _Progress,
               order: Mapping[str, int]) -> None:
    workers = max(1, min(jobs or default_jobs(), len(pending)))
    spawn = multiprocessing.get_context("spawn")
    vega_script = vega_head_script()
    events = spawn.Queue()
    specs = {spec.name: spec for spec in pending}
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=spawn, initializer=_init_worker,
                                                initargs=(events,)) as pool:
        futures = {
            pool.submit(build_report, BuildJob(spec, str(build_dir), include_code, cell_timeout, built_at, context,
                                               vega_script)):
                spec.name
            for spec in pending
        }
        remaining = set(futures)
        try:
            _collect(remaining, futures, specs, events=events, out_dir=out_dir, index=index,
                     fingerprints=fingerprints, built_at=built_at, outcomes=outcomes, progress=progress, order=order)
        except BaseException:  # Ctrl-C: stop the builders now rather than wait for their notebooks
            for process in list(getattr(pool, "_processes", {}).values()):
                with contextlib.suppress(Exception):
                    process.kill()
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _collect(remaining: set, futures: Mapping, specs: Mapping[str, ReportSpec], *, events: Any, out_dir: Path,
             index: dict, fingerprints: Mapping[str, str], built_at: str, outcomes: dict[str, Outcome],
             progress: _Progress, order: Mapping[str, int]) -> None:
    """Wait for the builds; publish each as it finishes (files first, then the index that links them)."""
    while remaining:
        done, remaining = concurrent.futures.wait(remaining, timeout=0.25,
                                                  return_when=concurrent.futures.FIRST_COMPLETED)
        _drain(events, progress)
        for future in done:
            name = futures[future]
            spec = specs[name]
            try:
                result = future.result()
            except Exception as exc:  # noqa: BLE001 - the worker process died (BrokenProcessPool) or could not unpickle
                result = BuildResult(name, ok=False, duration_s=0.0,
                                     error=f"report {name!r} failed: notebook {str(spec.notebook)!r}: "
                                           f"{type(exc).__name__}: {exc}")
            placed = _publish(out_dir, spec, result)
            key = index_key(spec)
            index[key] = _index_entry(index.get(key), spec, result, placed, fingerprints[name], built_at, order[name])
            write_index(out_dir, index)
            outcomes[name] = Outcome(name, "done" if result.ok else "failed", result.duration_s, result.error,
                                     out_dir / placed["html"] if "html" in placed else None)
            progress.set(name, "done" if result.ok else "failed", seconds=result.duration_s)
        progress.tick()


def _drain(events: Any, progress: _Progress) -> None:
    while True:
        try:
            event, name, stamp = events.get_nowait()
        except (queue_module.Empty, OSError, EOFError, ValueError):
            return
        if event == "running" and progress.state.get(name, ["?"])[0] == "queued":
            progress.set(name, "running", started=stamp)


def _index_entry(previous: Mapping[str, Any] | None, spec: ReportSpec, result: BuildResult,
                 placed: Mapping[str, str], fingerprint: str, built_at: str, order: int) -> dict[str, Any]:
    run = {"status": "built" if result.ok else "failed", "at": built_at, "duration_s": result.duration_s}
    common = {"key": index_key(spec), "name": spec.name, "order": order, "notebook": spec.notebook.name, "log": placed.get("log")}
    if result.ok:
        heading = report_heading(spec.name, spec.parameters, result.figures, spec.title, spec.release)
        return {**common, "status": "ok", "title": heading["title"], "subtitle": heading["subtitle"],
                "release": spec.release, "parameters": spec.parameters, "figures": result.figures,
                "data_releases": data_releases(result.figures, spec.parameters), "built_at": built_at,
                "duration_s": result.duration_s, "html": placed.get("html"), "ipynb": placed.get("ipynb"),
                "fingerprint": fingerprint, "last_run": run}
    entry = dict(previous or {})
    entry.update(common)
    entry.setdefault("parameters", spec.parameters)
    entry.setdefault("release", spec.release)
    entry.setdefault("title", spec.title or spec.name)
    entry["status"] = "failed"
    entry["error"] = result.error
    entry["failed_parameters"] = spec.parameters
    entry["failed_notebook"] = placed.get("failed_notebook")
    entry["last_run"] = {**run, "error": result.error}
    return entry


# ------------------------------------------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", type=Path, default=None,
                        help="TOML run config naming each report's notebook, parameters and name "
                             "(default: reports.toml at the project root)")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="build only these reports of the config")
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE",
                        help="override a notebook parameter for every report built; the value is read as "
                             "YAML/JSON (2024, true, [29-2072, 29-9021]); codes like 06 stay strings")
    parser.add_argument("--jobs", "-j", type=int, default=None,
                        help=f"notebooks executed in parallel (default: the cores, here {default_jobs()})")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: reports/ of the project)")
    parser.add_argument("--data-dir", nargs="+", default=[], metavar="DIR", dest="data_dirs",
                        help="extra folders of BLS files, passed to every notebook as data_dirs")
    parser.add_argument("--force", action="store_true",
                        help="rebuild every report, even when its notebook, parameters and data are unchanged")
    parser.add_argument("--include-code", action="store_true", help="show the notebooks' code cells in the HTML")
    parser.add_argument("--timeout", type=int, default=DEFAULT_CELL_TIMEOUT, metavar="SECONDS",
                        help=f"longest a single cell may run (default {DEFAULT_CELL_TIMEOUT})")


def run(args: argparse.Namespace) -> int:
    from rich.console import Console

    console = Console(stderr=True, soft_wrap=True)
    try:
        config = args.config or (paths.project_root() / "reports.toml")
        specs = select_reports(load_config(config), args.only)
        overrides = dict(parse_param(option) for option in args.param)
        for folder in args.data_dirs:
            if not Path(folder).exists():
                raise ReportConfigError(f"--data-dir {folder!r} does not exist")
        specs = resolve_releases([apply_overrides(spec, overrides, args.data_dirs) for spec in specs])
        if args.jobs is not None and args.jobs < 1:
            raise ReportConfigError(f"--jobs must be at least 1, got {args.jobs}")
        out_dir = args.out or paths.reports_dir()
        outcomes = run_reports(specs, out_dir=out_dir, jobs=args.jobs, data_dirs=args.data_dirs, force=args.force,
                               include_code=args.include_code, cell_timeout=args.timeout or None, console=console)
    except ReportConfigError as exc:
        console.print(f"[bold red]him-wages report:[/] {_escape_markup(str(exc))}", highlight=False)
        return 2
    failed = [o for o in outcomes if o.status == "failed"]
    counts = {status: sum(o.status == status for o in outcomes) for status in ("done", "skipped", "failed")}
    console.print(f"{counts['done']} built, {counts['skipped']} unchanged (skipped), {counts['failed']} failed; "
                  f"index: {Path(out_dir).resolve() / INDEX_HTML}", highlight=False)
    for outcome in failed:
        console.print(f"[bold red]FAILED[/] {_escape_markup(outcome.error or outcome.name)}", highlight=False,
                      soft_wrap=True)
    return 1 if failed else 0


def _escape_markup(text: str) -> str:
    from rich.markup import escape

    return escape(text)
