"""``data/raw/MANIFEST``: what each bundled file is, where its publisher serves it, and its sha256.

The MANIFEST is TOML, written by ``scripts/build_bundled_data.py``:

- ``[release]``: the release of the oe flat-file extract (``description = "May 2025"``);
- ``[[chain.bls_source]]``: each BLS oe flat file the extract was made from, with its download URL;
- ``[[files]]``: each file of the oe extract (``path`` relative to data/raw, ``sha256``);
- ``[[copies]]``: each other bundled file (BLS national files, BEA RPPs, BLS projections, test files) with its
  publisher, dataset, release and ``publisher_url``.

This is the one reader of that file: :func:`read_manifest` parses it, :func:`bundled_files` lists its files in
one shape.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import RawCatalogError

MANIFEST_NAME = "MANIFEST"
#: Where BLS serves the oe flat files (the URL of a file is this folder plus its name).
OE_FLAT_FILES_URL = "https://download.bls.gov/pub/time.series/oe/"


def manifest_path() -> Path:
    return paths.raw_dir() / MANIFEST_NAME


def read_manifest(path: str | Path | None = None) -> dict[str, Any] | None:
    """The parsed MANIFEST (None when there is none); :class:`RawCatalogError` when not UTF-8 TOML."""
    path = Path(path) if path is not None else manifest_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise RawCatalogError(f"{path}: not UTF-8 text ({exc}); rebuild it with `make bundle`") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RawCatalogError(f"{path}: not valid TOML ({exc}); rebuild it with `make bundle`") from None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def bundled_files(document: dict[str, Any] | None) -> list[dict[str, str]]:
    """Every file the MANIFEST lists, as dicts with ``file`` (path from the project root), ``release``,
    ``dataset``, ``publisher``, ``url`` (the publisher's copy, "" when unknown), ``sha256`` and ``kind``
    (``"oe"`` for the flat-file extract, ``"copy"`` for the other bundled files)."""
    if not document:
        return []
    release = document.get("release", {})
    release_label = (
        _text(release.get("description") or release.get("year")) if isinstance(release, dict) else _text(release)
    )
    chain = document.get("chain", {}) if isinstance(document.get("chain"), dict) else {}
    source_urls = {
        _text(s.get("file")): _text(s.get("url")) for s in chain.get("bls_source", []) if isinstance(s, dict)
    }
    rows: list[dict[str, str]] = []
    for entry in document.get("files", []):
        if not isinstance(entry, dict) or "path" not in entry:
            continue
        path = _text(entry["path"])
        name = Path(path).name.removesuffix(".gz")
        rows.append(
            {
                "file": f"data/raw/{path}",
                "release": release_label,
                "kind": "oe",
                "dataset": "OEWS oe flat files (all areas and industries), extract",
                "publisher": "U.S. Bureau of Labor Statistics (OEWS)",
                "url": source_urls.get(name) or (OE_FLAT_FILES_URL + name if name.startswith("oe.") else ""),
                "sha256": _text(entry.get("sha256")),
            }
        )
    for entry in document.get("copies", []):
        if not isinstance(entry, dict) or "path" not in entry:
            continue
        rows.append(
            {
                "file": _text(entry["path"]),
                "release": _text(entry.get("release")),
                "kind": "copy",
                "dataset": _text(entry.get("dataset")),
                "publisher": _text(entry.get("publisher")),
                "url": _text(entry.get("publisher_url")),
                "sha256": _text(entry.get("sha256")),
            }
        )
    return rows
