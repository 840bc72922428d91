"""The reports' index: ``index.json`` (for machines) and ``index.html`` (for people), rewritten atomically after
the files it links are in place."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis import __version__
from analysis.files import atomic_write_text, now
from analysis.reports.config import ReportSpec
from analysis.reports.html import (
    INDEX_TEMPLATE,
    REPORT_CSS,
    TEMPLATES_DIR,
    data_releases,
    report_heading,
)

INDEX_FORMAT = 1
INDEX_JSON = "index.json"
INDEX_HTML = "index.html"


def read_index(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Entries of ``<out>/index.json`` by :func:`index_key` (empty when there is none or it is unreadable)."""
    try:
        index = json.loads((out_dir / INDEX_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        entry.get("key") or f"{entry.get('release')}/{entry['name']}": entry
        for entry in index.get("reports", [])
        if "name" in entry
    }


def index_key(spec: ReportSpec) -> str:
    """A report's place in the index: ``<release>/<name>`` (a report built for two releases is listed twice)."""
    return f"{spec.release}/{spec.name}"


def write_index(out_dir: Path, entries: Mapping[str, Mapping[str, Any]]) -> None:
    """Write ``index.json`` and ``index.html`` (each atomically). Links only to files that exist."""
    ordered = sorted(entries.values(), key=lambda e: (str(e.get("release", "")), e.get("order", 1_000_000), e["name"]))
    atomic_write_text(
        out_dir / INDEX_JSON,
        json.dumps(
            {"format": INDEX_FORMAT, "updated": now(), "version": __version__, "reports": ordered},
            indent=2,
            default=str,
        ),
    )
    atomic_write_text(out_dir / INDEX_HTML, render_index(out_dir, ordered))


def _download_words(file_name: str) -> str:
    """A download without a recorded title (an index written by an older version), named from its file."""
    stem, _, suffix = file_name.rpartition(".")
    words = re.sub(r"-(\d+)$", r", part \1", stem).replace("-", " ").strip()
    return f"{words[:1].upper() + words[1:]} ({suffix.upper()})"


def downloads(entry: Mapping[str, Any], out_dir: Path) -> list[dict[str, str]]:
    """A report's downloads that exist, each named in words, the workbook first."""
    titles = entry.get("download_titles") or {}
    found = []
    for path in entry.get("tables") or []:
        if not (out_dir / path).is_file():
            continue
        name = Path(path).name
        found.append({"file": path, "title": str(titles.get(name) or _download_words(name))})
    return sorted(found, key=lambda d: not d["file"].endswith(".xlsx"))


def render_index(out_dir: Path, entries: Sequence[Mapping[str, Any]]) -> str:
    """index.html: per report its title, what it covers, the headline sentence and key figures its notebook wrote
    (exactly, nothing guessed), its downloads named in words, when it was built, and how to cite."""
    import jinja2

    from analysis.reports.figures import headline, key_figures, readable_time
    from analysis.reports.html import TERMS_OF_REUSE, data_citation

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True)
    rows = []
    for entry in entries:

        def exists(key: str, entry: Mapping[str, Any] = entry) -> bool:
            return bool(entry.get(key)) and (out_dir / entry[key]).is_file()

        figures = entry.get("figures") or {}
        subtitle = entry.get("subtitle")
        if entry.get("parameters") is not None and entry.get("status") == "ok":
            subtitle = report_heading(
                entry["name"], entry["parameters"], figures, entry.get("title"), str(entry.get("release", ""))
            )["subtitle"]
        last_run = entry.get("last_run") or {}
        rows.append(
            {
                **entry,
                "subtitle": subtitle,
                "html_link": entry["html"] if exists("html") else None,
                "ipynb_link": entry["ipynb"] if exists("ipynb") else None,
                "failed_link": entry["failed_notebook"] if exists("failed_notebook") else None,
                "log_link": entry["log"] if exists("log") else None,
                "headline": headline(figures),
                "figures_items": key_figures(figures),
                "downloads": downloads(entry, out_dir),
                "built_text": readable_time(entry.get("built_at")) if entry.get("built_at") else "",
                "failed_text": readable_time(last_run.get("at")) if last_run.get("at") else "",
            }
        )
    template = environment.get_template(INDEX_TEMPLATE)
    return template.render(
        rows=rows,
        updated=readable_time(now()),
        version=__version__,
        css=(TEMPLATES_DIR / REPORT_CSS).read_text(encoding="utf-8"),
        data_citation=data_citation(),
        terms=TERMS_OF_REUSE,
    )


def index_entry(
    previous: Mapping[str, Any] | None,
    spec: ReportSpec,
    result: Any,
    placed: Mapping[str, str],
    fingerprint: str,
    built_at: str,
    order: int,
) -> dict[str, Any]:
    run = {"status": "built" if result.ok else "failed", "at": built_at, "duration_s": result.duration_s}
    common = {
        "key": index_key(spec),
        "name": spec.name,
        "order": order,
        "notebook": spec.notebook.name,
        "log": placed.get("log"),
    }
    if result.ok:
        heading = report_heading(spec.name, spec.parameters, result.figures, spec.title, spec.release)
        from analysis.reports.figures import headline, key_figures

        tables = (
            [f"{placed['tables_dir']}/{name}" for name in getattr(result, "tables", [])]
            if placed.get("tables_dir")
            else []
        )
        return {
            **common,
            "status": "ok",
            "title": heading["title"],
            "subtitle": heading["subtitle"],
            "headline": headline(result.figures),
            "key_figures": [list(row) for row in key_figures(result.figures)],
            "tables": tables,
            "download_titles": dict(getattr(result, "table_titles", None) or {}),
            "release": spec.release,
            "parameters": spec.parameters,
            "figures": result.figures,
            "data_releases": data_releases(result.figures, spec.parameters),
            "built_at": built_at,
            "duration_s": result.duration_s,
            "html": placed.get("html"),
            "ipynb": placed.get("ipynb"),
            "fingerprint": fingerprint,
            "last_run": run,
        }
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
