"""Nothing lost on the way to HTML: what each cell of an executed notebook shows a reader (charts, tables),
counted again on the report page; a page that shows less is not published."""

from __future__ import annotations

import re
from typing import Any

from analysis.errors import ReportIncompleteError
from analysis.reports.notebook import SVG_MIME_TYPE, VEGALITE_MIME_PATTERN, markdown_as_html

_IMAGE_MIMES = (SVG_MIME_TYPE, "image/png", "image/jpeg", "image/gif")
_TABLE_TAG = re.compile(r"<table\b", re.IGNORECASE)
#: A chart drawn by altair's own HTML renderer (the report draws it from its spec).
_ALTAIR_CHART = re.compile(r'<div id="altair-viz-[0-9a-f]+"></div>')
#: A chart spec still inline in a page (before :func:`analysis.reports.html.pack_charts`): its figure's id.
_INLINE_SPEC = re.compile(r'<script\b(?=[^>]*\bclass="him-wages-chart-spec")[^>]*\bdata-chart="([^"<>]+)"')


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def notebook_items(notebook: Any) -> dict[str, dict[str, int]]:
    """What each code cell of an executed notebook shows a reader, by cell id: ``{"charts": n, "tables": n}``.
    A chart is an output with a Vega-Lite spec or a picture; a table is a ``<table>`` of an HTML or Markdown output.
    Cells tagged ``notebook-only`` and outputs on stderr or errors are not for readers."""
    from analysis.reports.notebook import NOTEBOOK_ONLY_TAG

    shown: dict[str, dict[str, int]] = {}
    for number, cell in enumerate(notebook.cells):
        if cell.cell_type != "code" or NOTEBOOK_ONLY_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        counts = {"charts": 0, "tables": 0}
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            if any(VEGALITE_MIME_PATTERN.fullmatch(m) for m in data) or any(m in data for m in _IMAGE_MIMES):
                counts["charts"] += 1
            elif "text/html" in data and _ALTAIR_CHART.search(_text(data["text/html"])):
                counts["charts"] += 1  # altair's own HTML renderer
            elif "text/html" in data:
                counts["tables"] += len(_TABLE_TAG.findall(_text(data["text/html"])))
            elif "text/markdown" in data:
                counts["tables"] += len(_TABLE_TAG.findall(markdown_as_html(_text(data["text/markdown"]))))
        if any(counts.values()):
            shown[str(cell.get("id") or number)] = counts
    return shown


def page_items(page: str) -> dict[str, dict[str, int]]:
    """The charts (project figures, pictures) and tables of each notebook cell of a report page, by cell id
    (nbconvert marks each cell ``id="cell-id=<id>"``). A project figure counts as a chart only when the page holds
    its Vega spec (packed, :func:`analysis.reports.packing.pack_charts`, or inline): a figure the page cannot draw
    is no chart."""
    from html.parser import HTMLParser

    from analysis.reports.packing import packed_block

    drawable = {
        ident for ident, payload in (packed_block(page).get("charts") or {}).items() if (payload or {}).get("spec")
    }
    drawable |= set(_INLINE_SPEC.findall(page))
    found: dict[str, dict[str, int]] = {}

    class Cells(HTMLParser):
        cell: str | None = None
        depth = 0  # open <div> elements
        cell_depth = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            attributes = dict(attrs)
            ident = attributes.get("id") or ""
            classes = (attributes.get("class") or "").split()
            if tag == "div":
                self.depth += 1
                if ident.startswith("cell-id=") and "jp-Cell" in classes:
                    self.cell, self.cell_depth = ident.removeprefix("cell-id="), self.depth
                    found.setdefault(self.cell, {"charts": 0, "tables": 0})
                    return
            if self.cell is None:
                return
            if (tag == "figure" and "him-wages-chart" in classes and ident in drawable) or (
                tag == "div" and (attributes.get("data-mime-type") or "").startswith("image/")
            ):
                found[self.cell]["charts"] += 1
            elif tag == "table":
                found[self.cell]["tables"] += 1

        def handle_endtag(self, tag: str) -> None:
            if tag == "div":
                if self.cell is not None and self.depth == self.cell_depth:
                    self.cell = None
                self.depth -= 1

    Cells(convert_charrefs=True).feed(page)
    return found


def check_nothing_lost(notebook: Any, page: str) -> None:
    """Raise :class:`ReportIncompleteError`, naming the first such cell, when the page shows fewer charts or tables
    than a cell of the executed notebook does."""
    expected, shown = notebook_items(notebook), page_items(page)
    for number, cell in enumerate(notebook.cells):
        ident = str(cell.get("id") or number)
        wanted = expected.get(ident)
        got = shown.get(ident, {"charts": 0, "tables": 0})
        for kind in ("charts", "tables"):
            if wanted and got[kind] < wanted[kind]:
                first = next((line.strip() for line in _text(cell.get("source")).splitlines() if line.strip()), "")
                raise ReportIncompleteError(
                    f"the HTML shows {got[kind]} of the {wanted[kind]} {kind} of notebook cell {number} "
                    f"(id {ident!r}, `{first[:80]}`); the report is not published"
                )
