"""What a report is built from: the input data files and their sha256 (cached), the fingerprint that decides
whether a report is rebuilt, and the provenance (data/raw/MANIFEST, processed store) its footer shows."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis import __version__, paths
from analysis.files import HashCache, sha256_of
from analysis.reports.config import ReportSpec


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
            files.extend(
                Path(dirpath, name).resolve()
                for name in sorted(filenames)
                if not name.startswith(".") and not name.endswith(".part")
            )
    return files


def package_fingerprint() -> str:
    """sha256 over the source of the ``analysis`` package (code, templates, assets) that notebooks and the HTML
    conversion run: a fix in an analysis module rebuilds the reports that use it."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts and file.suffix not in (".pyc", ".pyo"):
            digest.update(file.relative_to(package).as_posix().encode())
            digest.update(sha256_of(file).encode())
    return digest.hexdigest()


def report_fingerprint(
    spec: ReportSpec, data_hashes: Mapping[str, str], *, include_code: bool, code_hash: str = ""
) -> str:
    """What a report's build depends on: the notebook's bytes, its parameters, the input data, the project's
    code (``code_hash``) and the HTML options."""
    digest = hashlib.sha256()
    digest.update(code_hash.encode())
    digest.update(sha256_of(spec.notebook).encode())
    digest.update(json.dumps(spec.parameters, sort_keys=True, default=str).encode())
    digest.update(json.dumps(sorted(data_hashes.items())).encode())
    digest.update(json.dumps({"include_code": include_code, "version": __version__, "release": spec.release}).encode())
    return digest.hexdigest()


# ------------------------------------------------------------------------------------------- provenance


def raw_manifest_entries() -> list[dict[str, str]]:
    """The bundled data files ``data/raw/MANIFEST`` lists (the oe extract's ``[[files]]`` and the ``[[copies]]``
    of the BLS national files, BEA RPPs and BLS projections), each with its release, publisher URL and sha256.
    Files under tests/ are left out: they are test data, not a report's input."""
    from analysis import raw_catalog

    rows = raw_catalog.bundled_files(raw_catalog.read_manifest())
    return [row for row in rows if not row["file"].startswith("tests/")]


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
    from analysis.errors import RawCatalogError

    try:
        raw_manifest, manifest_error = raw_manifest_entries(), None
    except RawCatalogError as exc:  # the reports still build; their footer says what is wrong
        raw_manifest, manifest_error = [], str(exc)
    return {
        "raw_manifest": raw_manifest,
        "manifest_error": manifest_error,
        "processed": processed_files,
        "processed_store": {k: store.get(k) for k in ("built", "years", "rows", "generation")} if store else None,
        "data_dirs": extra,
        "version": __version__,
    }
