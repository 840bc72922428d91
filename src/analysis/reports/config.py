"""Run config of ``him-wages report``: ``reports.toml`` (:class:`ReportSpec` per report), ``--param`` values,
``--only`` selection, ``release = "latest"`` resolution and the command-line options."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis.errors import ReportConfigError
from analysis.settings import DEFAULT_CELL_TIMEOUT, default_jobs  # noqa: F401

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
#: The release label that stands for ``may<latest year in the data>`` (resolved by :func:`resolve_releases`).
LATEST_RELEASE = "latest"


@dataclasses.dataclass(frozen=True)
class ReportSpec:
    """One report of a run config: which notebook, with which parameters, published under which name."""

    name: str
    notebook: Path
    parameters: dict[str, Any]
    release: str
    title: str | None = None


def load_config(path: str | Path) -> list[ReportSpec]:
    """The reports a TOML run config names, in order. Notebook paths are relative to the config's folder.

    Every value is checked for its type (``parameters = 7`` is an error naming the report), and a report's own
    parameters must be parameters of its notebook (the cell tagged ``parameters``); the shared ``[parameters]``
    table applies to the notebooks that have each parameter (a name none of them has is an error)."""
    from analysis.inputs import check_config_file

    path = check_config_file(path)
    try:
        config = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ReportConfigError(f"run config {str(path)!r} does not exist") from None
    except IsADirectoryError:
        raise ReportConfigError(f"run config {str(path)!r} is a folder; give the TOML file") from None
    except UnicodeDecodeError:
        raise ReportConfigError(f"run config {str(path)!r} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ReportConfigError(f"run config {str(path)!r} is not valid TOML: {exc}") from None
    entries = config.get("reports")
    if not isinstance(entries, list) or not entries:
        raise ReportConfigError(f"run config {str(path)!r} has no [[reports]] tables")
    default_release = _text_setting(config.get("release", LATEST_RELEASE), f"run config {str(path)!r}: release")
    shared = _table_setting(config.get("parameters", {}), f"run config {str(path)!r}: [parameters]")
    specs: list[ReportSpec] = []
    for number, entry in enumerate(entries, start=1):
        where = f"run config {str(path)!r}, report {number}"
        if not isinstance(entry, dict):
            raise ReportConfigError(f"{where}: expected a [[reports]] table, found {_kind(entry)}")
        missing = [key for key in ("name", "notebook") if key not in entry]
        if missing:
            raise ReportConfigError(f"{where}: missing {', '.join(missing)}")
        unknown = sorted(set(entry) - {"name", "notebook", "parameters", "release", "title"})
        if unknown:
            raise ReportConfigError(
                f"{where}: unknown key(s) {', '.join(unknown)}; a report has name, notebook, "
                "parameters, release and title"
            )
        name = _text_setting(entry["name"], f"{where}: name")
        if not _NAME.fullmatch(name):  # matched whole: "a\n" is refused
            raise ReportConfigError(
                f"{where}: name {name!r} must be letters, digits, '.', '_' or '-' (it becomes a file name)"
            )
        where = f"run config {str(path)!r}, report {name!r}"
        notebook = (path.parent / _text_setting(entry["notebook"], f"{where}: notebook")).resolve()
        if notebook.suffix != ".ipynb":  # e.g. /etc/passwd: never run, and never quoted in an error
            raise ReportConfigError(f"{where}: notebook {str(notebook)!r} is not a Jupyter notebook (.ipynb)")
        own = _table_setting(entry.get("parameters", {}), f"{where}: parameters")
        declared = notebook_parameters(notebook)
        if declared is not None:
            unknown = sorted(set(own) - set(declared))
            if unknown:
                raise ReportConfigError(f"{where}: {_unknown_text(unknown, notebook, declared)}")
            shared_here = {k: v for k, v in shared.items() if k in declared}
        else:
            shared_here = dict(shared)
        parameters = {**shared_here, **own}
        title = entry.get("title")
        specs.append(
            ReportSpec(
                name=name,
                notebook=notebook,
                parameters=parameters,
                release=_release_label(
                    None if entry.get("release") is None else _text_setting(entry["release"], f"{where}: release"),
                    parameters,
                    default_release,
                    f"{where}: ",
                ),
                title=None if title is None else _text_setting(title, f"{where}: title"),
            )
        )
    if shared:
        used = set().union(*(set(spec.parameters) for spec in specs))
        unused = sorted(set(shared) - used)
        if unused:
            raise ReportConfigError(
                f"run config {str(path)!r}: [parameters] {', '.join(unused)} is not a parameter "
                "of any report's notebook"
            )
    names = [spec.name for spec in specs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ReportConfigError(f"run config {str(path)!r}: report names must be unique; repeated: {duplicates}")
    return specs


def _kind(value: Any) -> str:
    return {
        dict: "a table",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__) + f" ({value!r})"[:60]


def _text_setting(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ReportConfigError(f"{where}: expected a string, found {_kind(value)}")
    return value


def _table_setting(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ReportConfigError(f'{where}: expected a table such as {{ occupation = "29-2072" }}, found {_kind(value)}')
    return dict(value)


def notebook_parameters(notebook: str | Path) -> dict[str, str] | None:
    """The parameters a notebook declares (names -> default as written) in its cell tagged ``parameters``; None
    when the notebook is missing or has no such cell (papermill then injects whatever it is given)."""
    import ast
    import json

    try:
        document = json.loads(Path(notebook).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for cell in document.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else str(source)
            try:
                tree = ast.parse(source)
            except SyntaxError:
                return None
            found: dict[str, str] = {}
            for node in tree.body:
                targets = (
                    node.targets
                    if isinstance(node, ast.Assign)
                    else [node.target]
                    if isinstance(node, ast.AnnAssign)
                    else []
                )
                value = getattr(node, "value", None)
                default = (ast.get_source_segment(source, value) or "") if value is not None else ""
                for target in targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = default
            return found
    return None


def _unknown_text(unknown: Sequence[str], notebook: Path, declared: Mapping[str, str]) -> str:
    listed = ", ".join(f"{name} (default {default})" for name, default in declared.items()) or "none"
    return f"unknown parameter {', '.join(unknown)} for notebook {notebook.name!r}; its parameters are: {listed}"


def check_overrides(specs: Sequence[ReportSpec], overrides: Mapping[str, Any]) -> tuple[list[ReportSpec], list[str]]:
    """``specs`` with each ``--param`` applied to the reports whose notebook has that parameter.

    A name that no selected report's notebook has is a :class:`ReportConfigError` listing their parameters (a
    misspelled ``--param ocupation=...`` must not quietly build the default report). Returns the specs and notes
    for names that some reports lack (those reports run without them)."""
    declared = {spec.name: notebook_parameters(spec.notebook) for spec in specs}
    notes: list[str] = []
    for key in overrides:
        takers = [spec.name for spec in specs if declared[spec.name] is None or key in declared[spec.name]]
        if not takers:
            listed = "; ".join(
                f"{notebook}: {', '.join(names) or 'none'}"
                for notebook, names in _parameters_by_notebook(specs, declared).items()
            )
            raise ReportConfigError(
                f"--param {key}: not a parameter of the notebook(s) of the reports selected; "
                f"their parameters are: {listed}"
            )
        others = [spec.name for spec in specs if spec.name not in takers]
        if others:
            notes.append(f"--param {key} does not apply to {', '.join(others)} (not a parameter of its notebook)")
    result = []
    for spec in specs:
        names = declared[spec.name]
        applied = {k: v for k, v in overrides.items() if names is None or k in names}
        result.append(
            dataclasses.replace(
                spec,
                parameters={**spec.parameters, **applied},
                release=_release_label(None, {**spec.parameters, **applied}, spec.release)
                if "year" in applied
                else spec.release,
            )
        )
    return result, notes


def _parameters_by_notebook(specs: Sequence[ReportSpec], declared: Mapping[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for spec in specs:
        if declared[spec.name] is not None:
            found.setdefault(spec.notebook.name, list(declared[spec.name]))
    return found


def _release_label(explicit: Any, parameters: Mapping[str, Any], default: str, where: str = "") -> str:
    """Folder name of a report's release: explicit, else ``may<year>`` from a ``year`` parameter, else default."""
    if explicit:
        label = str(explicit)
    elif isinstance(parameters.get("year"), int) and not isinstance(parameters.get("year"), bool):
        label = f"may{parameters['year']}"
    else:
        label = default
    if not _NAME.fullmatch(label):
        raise ReportConfigError(
            f"{where}release {label!r} must be letters, digits, '.', '_' or '-' (it becomes a folder)"
        )
    return label


def latest_release_year(data_dirs: Sequence[str | Path] = ()) -> int:
    """The latest May release with national estimates in the data the notebooks read: the project's store
    (``analysis.store.load``: data/processed, else data/raw) plus ``data_dirs``.

    With no ``data_dirs`` and an up-to-date store, the answer is read from ``current.json``
    (:func:`national_years_of_store`): a run whose reports are all unchanged imports neither pandas nor pyarrow."""
    from analysis import store

    if not data_dirs:
        years_in_store = national_years_of_store()
        if years_in_store:
            return max(years_in_store)
    try:
        national = store.load(data_dirs=[Path(d) for d in data_dirs], area_types=[1])
    except (OSError, ValueError) as exc:  # no data at all, or a --data-dir file that is not BLS data (OEWSInputError)
        raise ReportConfigError(
            f"release = {LATEST_RELEASE!r}: cannot read the data to find the latest release "
            f'({exc}); fix the data or set release = "may<year>" in the run config'
        ) from None
    years = national["year"].dropna()
    if years.empty:
        raise ReportConfigError(
            f"release = {LATEST_RELEASE!r}: the data loaded holds no national (U.S.) "
            'estimates; run `him-wages fetch` / `him-wages data`, or set release = "may<year>"'
        )
    return int(years.max())


def national_years_of_store() -> list[int] | None:
    """The releases with U.S. estimates in the processed store, from its ``current.json``, when the store is up to
    date and its manifest lists them (stores built before the list was added do not: None, as for a missing or
    out-of-date store; the caller then loads the data)."""
    from analysis.store import current as store_current

    if not store_current.is_up_to_date():
        return None
    current = store_current.read_current_or_none()
    years = (current or {}).get(store_current.NATIONAL_YEARS)
    if not isinstance(years, list) or not all(isinstance(y, int) and not isinstance(y, bool) for y in years):
        return None
    return years


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
    dates, and only ``true``/``false`` are booleans (YAML 1.1 would read ``NO`` or ``on`` as booleans). A list
    holding such a code keeps all its whole numbers as written (``[06, 41]`` -> ``["06", "41"]``); ``[2023, 2024]``
    stays numbers.
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
        items = _yaml_list_items(stripped, value)
        # a list with one code like 06 is a list of codes: 41 beside it is a FIPS code too, not the number 41
        codes = any(isinstance(item, str) and re.fullmatch(r"[+-]?0\d+", item) for item in items)
        return [_list_item_value(item, codes=codes) for item in items]
    if isinstance(value, bool) and stripped.lower() not in ("true", "false"):
        return stripped
    if isinstance(value, (dt.date, dt.datetime)):
        return stripped
    if isinstance(value, dict):
        return value
    return value


def _list_item_value(item: Any, *, codes: bool) -> Any:
    """One item of a flow list: parsed as a value of its own, except a whole number in a list of codes."""
    if not isinstance(item, str):
        return item
    if codes and item.isdigit():
        return item
    return parse_param_value(item)


def _yaml_list_items(text: str, parsed: list) -> list:
    """Items of a flow list as written, quotes removed (``[06, 41]`` -> ``["06", "41"]``), for the caller to parse."""
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
        raise ReportConfigError(
            f"--param {option!r}: expected key=value with a Python name as key, "
            "e.g. --param occupation=29-2072 or --param 'occupations=[29-2072, 29-9021]'"
        )
    return key, parse_param_value(value)


def select_reports(specs: Sequence[ReportSpec], only: Sequence[str] | None) -> list[ReportSpec]:
    """The reports named in ``only`` (all when empty); an unknown name is an error listing the known ones."""
    if not only:
        return list(specs)
    known = {spec.name: spec for spec in specs}
    unknown = [name for name in only if name not in known]
    if unknown:
        raise ReportConfigError(
            f"--only: no report named {', '.join(unknown)} in the run config; reports are: {', '.join(known)}"
        )
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
