"""A report page's packed block: every chart's Vega spec and every table's CSV download, gzip-compressed and
base64-encoded in one element at the end of the body (the page's script unpacks it with the browser's own
DecompressionStream), and the functions that read it back (the completeness check, the tests)."""

from __future__ import annotations

import hashlib
import html as html_module
import json
import re
from typing import Any

#: id of the page's one block of every chart's Vega spec (gzip, base64).
CHARTS_BLOCK_ID = "him-wages-charts"
#: Data tables at least this long (JSON characters) are stored once per page however many charts use them (the
#: regional report's two maps share one 97 kB map of the states).
SHARED_DATA_MIN_CHARS = 2000


def packed_text(text: str) -> str:
    """``text`` gzip-compressed (level 9, no time stamp: the same text packs to the same bytes) and base64-encoded."""
    import base64
    import gzip

    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


#: A chart's spec element, its attributes in any order (nbconvert's HTML writer sorts them).
_CHART_SPEC = re.compile(
    r'<script\b(?=[^>]*\bclass="him-wages-chart-spec")(?=[^>]*\btype="application/json")[^>]*?'
    r'\bdata-chart="([^"<>]+)"[^>]*>(.*?)</script\s*>',
    re.DOTALL,
)


_CSV_LINK = re.compile(r'<a download="([^"<>/]+\.csv)" href="data:text/csv;charset=utf-8;base64,([A-Za-z0-9+/=]*)"')


def pack_charts(page: str, *, tables_href: str | None = None) -> str:
    """The page with every chart's Vega spec (the JSON elements :func:`analysis.reports.notebook.chart_html`
    writes) and every table's CSV download moved into one block at the end of the body, gzip-compressed and
    base64-encoded (a map's 100 kB spec packs to about 25 kB), each data table of :data:`SHARED_DATA_MIN_CHARS` or
    more stored once. A download link then points at the CSV published beside the page (``tables_href``, the
    folder relative to the page; without JavaScript that is the copy it gets) and the page's script turns it
    back into the embedded ``data:`` link, so the single file keeps its downloads offline."""
    import base64

    charts: dict[str, Any] = {}
    shared: dict[str, Any] = {}
    tables: dict[str, str] = {}

    def take(match: re.Match[str]) -> str:
        payload = json.loads(match.group(2))
        for data in (payload.get("spec") or {}).get("data") or []:
            values = data.get("values") if isinstance(data, dict) else None
            if values is None:
                continue
            text = json.dumps(values, separators=(",", ":"), sort_keys=True)
            if len(text) >= SHARED_DATA_MIN_CHARS:
                key = hashlib.sha256(text.encode()).hexdigest()[:16]
                shared[key] = values
                data["himValues"] = key
                del data["values"]
        charts[match.group(1)] = payload
        return ""

    def link(match: re.Match[str]) -> str:
        name = html_module.unescape(match.group(1))
        tables[name] = base64.b64decode(match.group(2)).decode("utf-8")
        href = f"{tables_href.rstrip('/')}/{name}" if tables_href else "#"
        return f'<a download="{match.group(1)}" data-him-csv="{match.group(1)}" href="{html_module.escape(href)}"'

    page = _CHART_SPEC.sub(take, page)
    if tables_href is not None:
        page = _CSV_LINK.sub(link, page)
    if not charts and not tables:
        return page
    packed = {"charts": charts, "shared": shared, "tables": tables}
    block = (
        f'<script type="application/octet-stream" id="{CHARTS_BLOCK_ID}" data-encoding="gzip base64">'
        f"{packed_text(json.dumps(packed, separators=(',', ':')))}</script>\n"
    )
    at = page.rfind("</body>")
    return page[:at] + block + page[at:] if at >= 0 else page + block


def packed_block(page: str) -> dict[str, Any]:
    """The page's packed block (:func:`pack_charts`) as JSON: ``{"charts", "shared", "tables"}``; empty if none."""
    import base64
    import gzip

    found = re.search(rf'<script[^>]*\bid="{CHARTS_BLOCK_ID}"[^>]*>([^<]*)</script>', page)
    if not found:
        return {}
    return json.loads(gzip.decompress(base64.b64decode(found.group(1))).decode("utf-8"))


def embedded_downloads(page: str) -> dict[str, str]:
    """Every CSV a report page offers for download, by file name: the packed copies (:func:`pack_charts`) and any
    link still written as a ``data:`` URL."""
    import base64

    found = {
        html_module.unescape(m.group(1)): base64.b64decode(m.group(2)).decode("utf-8") for m in _CSV_LINK.finditer(page)
    }
    return {**found, **(packed_block(page).get("tables") or {})}
