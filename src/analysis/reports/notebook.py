"""Helpers every notebook calls: :func:`setup` first, :func:`record_figures` for the key figures.

Offline charts
--------------
altair 6 writes Vega-Lite 6 specs. JupyterLab 4's built-in renderer only knows Vega-Lite 5, and altair's HTML
output fetches vega from a CDN (offline: "Error loading script"). :func:`setup` therefore

1. displays ONE output holding the vega, vega-lite and vega-embed JavaScript that ``vl-convert-python``
   ships (``vl_convert.javascript_bundle``, ~900 KB, the Vega-Lite version altair writes), which defines
   ``window.vegaEmbed``; the bundle is wrapped in a function so that running ``setup()`` again in the same
   page does not redeclare its top-level names;
2. enables an altair renderer (:data:`RENDERER_NAME`) whose output per chart is only the spec plus a few lines
   of JavaScript calling ``window.vegaEmbed``. A chart whose output runs before the bundle (outputs rendered
   out of order) waits in a queue the bundle empties.

Both work in JupyterLab (trusted outputs: a notebook executed in the session, or marked trusted) and in the
HTML that nbconvert exports (default "lab" template), with no network.

Measured (May 2025 bundle, Vega-Lite 6.4): the bundle output is ~900 KB once per notebook; a chart output is
its spec plus ~900 bytes (the state map ~95 KB, because it embeds the state shapes). ``analysis.reports`` takes
:func:`javascript_bundle` into the report's <head> and drops the bundle output, so keep that name stable.

Avoid layered charts carrying selections inside a concat: Vega-Lite can fail with "Duplicate signal name".

Prose and tables
----------------
:func:`show_markdown` (prose built from computed values; dollar signs escaped so they are not read as LaTeX)
and :func:`show_table` (small frames as HTML, shielded from MathJax, with a sentence when empty).

Recorded figures
----------------
:func:`record_figures` displays a dict with the MIME type :data:`FIGURES_MIME_TYPE` (plus a small HTML
table). The report index and the tests read it back from the executed notebook with
:func:`read_recorded_figures`; several calls merge, later keys winning.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
import math
import re
import uuid
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Output MIME type of :func:`record_figures`.
FIGURES_MIME_TYPE = "application/vnd.him-wages.figures+json"

#: Output MIME type of :func:`show_table`'s downloadable copy of a table: ``{"name", "caption", "columns",
#: "rows", "raw"}`` (``raw`` False when only the display strings were available). The report builder writes it
#: as CSV/XLSX and links it from the report.
TABLE_MIME_TYPE = "application/vnd.him-wages.table+json"

#: Cell tag of notebook-only text (instructions for notebook users): removed from the HTML reports.
NOTEBOOK_ONLY_TAG = "notebook-only"

#: Name of the offline altair renderer that :func:`setup` registers and enables.
RENDERER_NAME = "him_wages_offline"

#: Global JavaScript queue of charts waiting for the bundle.
_QUEUE = "himWagesVegaQueue"

#: vega-embed options: exports that work offline; no "Open in Vega Editor" (needs the network).
EMBED_OPTIONS: dict[str, Any] = {
    "actions": {"export": True, "source": True, "compiled": False, "editor": False},
    "renderer": "svg",
}


def _altair():
    """altair, imported on first use through :func:`analysis.charts.import_altair` (``him-wages report`` imports
    this module to read recorded figures; that needs neither altair nor pandas)."""
    from analysis.charts import import_altair

    return import_altair()


def _json_for_script(value: Any) -> str:
    """JSON safe inside an HTML <script> element: "</" and "<!--" in strings are escaped (same JSON value)."""
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _check_script_body(text: str) -> str:
    """Refuse code that would end or confuse the <script> element it goes into."""
    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise RuntimeError("the vega JavaScript bundle contains '</script' or '<!--' and cannot be inlined")
    return text


def _vegalite_version() -> str:
    """The Vega-Lite minor version altair writes ('6.4' for schema v6.4.1), as vl-convert names its bundles."""
    alt = _altair()
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


@lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """vega + vega-lite + vega-embed for the Vega-Lite version altair writes, as a classic script body.

    vl-convert's bundle assigns ``window.vegaEmbed``, ``window.vega`` and ``window.vegaLite``. Wrapped in a
    function (its top-level ``const`` names would clash if the script ran twice in one page), followed by a
    call that draws the charts queued before it ran.
    """
    import vl_convert

    version = _vegalite_version()
    available = vl_convert.get_vegalite_versions()
    if version not in available:
        raise RuntimeError(
            f"vl-convert-python {vl_convert.__version__} has no Vega-Lite {version} bundle (it has "
            f"{', '.join(available)}); altair {_altair().__version__} writes Vega-Lite {_altair().SCHEMA_VERSION}. "
            "Upgrade vl-convert-python."
        )
    bundle = _cached_bundle(version)
    return (
        "(function () {\n" + bundle + "\n})();\n"
        f"(function () {{ var queue = window.{_QUEUE} || []; window.{_QUEUE} = [];"
        " queue.forEach(function (draw) { draw(); }); })();\n"
    )


def _cached_bundle(version: str) -> str:
    """vl-convert takes seconds to bundle the JavaScript: keep it on disk per (vl-convert, Vega-Lite) version."""
    import hashlib
    import os
    import tempfile

    import vl_convert

    from analysis.settings import cache_dir

    folder = cache_dir()
    cached = folder / f"vl-convert-{vl_convert.__version__}-vega-lite-{version}.js"
    digest_file = cached.with_suffix(".sha256")
    try:
        text = cached.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode()).hexdigest() == digest_file.read_text().strip():
            return text
    except OSError:
        pass
    text = vl_convert.javascript_bundle(vl_version=version)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for target, content in ((cached, text), (digest_file, hashlib.sha256(text.encode()).hexdigest())):
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(content)
            os.replace(tmp, target)
    except OSError:
        pass  # a read-only home is fine: the bundle is simply built again next time
    return text


def bundle_html() -> str:
    """The one HTML output that loads the chart library (display it before the first chart)."""
    return (
        f'<div class="him-wages-vega-bundle" data-vega-lite="{_vegalite_version()}" style="display:none"></div>\n'
        f'<script type="text/javascript">\n{_check_script_body(javascript_bundle())}</script>\n'
    )


def _title_text(title: Any) -> str:
    """The words of a Vega-Lite title (a string, a list of lines, or ``{"text": ..., "subtitle": ...}``)."""
    if isinstance(title, Mapping):
        parts = [_title_text(title.get("text")), _title_text(title.get("subtitle"))]
        return ". ".join(p for p in parts if p)
    if isinstance(title, (list, tuple)):
        return " ".join(_title_text(t) for t in title if t)
    return "" if title is None else str(title)


def chart_description(spec: Mapping[str, Any]) -> str:
    """What a screen reader announces for a chart: its ``description``, else one derived from its title(s)."""
    if isinstance(spec.get("description"), str) and spec["description"].strip():
        return spec["description"].strip()
    titles = [_title_text(spec.get("title"))]
    for key in ("vconcat", "hconcat", "concat", "layer"):
        titles += [_title_text(part.get("title")) for part in spec.get(key, []) if isinstance(part, Mapping)]
    words = "; ".join(t for t in titles if t)
    return f"Chart: {words}" if words else "Chart (no title)"


_SVG_ID = re.compile(r'\bid="([^"]+)"')


def static_svg(spec: Mapping[str, Any]) -> str | None:
    """The chart drawn as SVG by vl-convert (no JavaScript), its ids made unique in the page; None if it fails."""
    try:
        import vl_convert

        svg = vl_convert.vegalite_to_svg(dict(spec), vl_version=_vegalite_version().replace(".", "_"))
    except Exception:  # noqa: BLE001 - the interactive chart still draws; the fallback is then a sentence
        return None
    prefix = f"s{uuid.uuid4().hex[:8]}-"
    for found in set(_SVG_ID.findall(svg)):
        svg = svg.replace(f'id="{found}"', f'id="{prefix}{found}"').replace(f"url(#{found})", f"url(#{prefix}{found})")
    # not class="marks": that names the interactive chart vega draws (tests and tools count those)
    svg = svg.replace('class="marks"', 'class="him-wages-static-marks"', 1)
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


def chart_html(
    spec: Mapping[str, Any], *, embed_options: Mapping[str, Any] | None = None, svg_fallback: bool = True
) -> str:
    """A chart's HTML output: a div holding a static SVG of the chart (shown where JavaScript does not run, and
    printed) and a short script that replaces it by the interactive chart drawn with the bundle loaded once.
    Every chart carries a ``description`` (from its title when it has none) for screen readers."""
    div_id = f"him-wages-chart-{uuid.uuid4().hex}"
    description = chart_description(spec)
    spec = {**spec, "description": description}
    options = {**EMBED_OPTIONS, **(embed_options or {})}
    from analysis.charts.theme import fit_width  # the live chart fills the page's column; the static SVG does not

    spec_json = _json_for_script(fit_width(spec))
    options_json = _json_for_script(options)
    svg = static_svg(spec) if svg_fallback else None
    if svg is None:
        fallback = (
            f"{html.escape(description)} (interactive chart: it needs JavaScript; in a notebook run "
            "analysis.reports.notebook.setup() first and trust the notebook)"
        )
    else:
        fallback = svg
    return f"""<figure id="{div_id}" class="him-wages-chart">
<div class="him-wages-chart-static" role="img" aria-label="{html.escape(description)}">{fallback}</div>
</figure>
<script type="text/javascript">
(function () {{
  var spec = {spec_json};
  var options = {options_json};
  function draw() {{
    var figure = document.getElementById("{div_id}");
    if (!figure) {{ return; }}
    var element = document.createElement("div");
    element.className = "him-wages-chart-live";
    figure.appendChild(element);
    window.vegaEmbed(element, spec, options).then(function () {{
      var menu = element.querySelector("details > summary");
      if (menu) {{ menu.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG, view its data"); }}
      figure.classList.add("him-wages-chart-drawn");
    }}).catch(function (error) {{
      element.textContent = "Chart error: " + error.message;
    }});
  }}
  if (typeof window.vegaEmbed === "function") {{ draw(); }}
  else {{ (window.{_QUEUE} = window.{_QUEUE} || []).push(draw); }}
}})();
</script>"""


def offline_renderer(spec: dict, **metadata: Any) -> dict[str, str]:
    """altair renderer: small HTML per chart referencing the bundle that :func:`setup` displayed once."""
    return {
        "text/html": chart_html(spec, embed_options=metadata.get("embed_options")),
        "text/plain": f"<altair chart: Vega-Lite {_vegalite_version()} spec, drawn by the bundle loaded in setup()>",
    }


def _display(bundle: Mapping[str, Any]) -> None:
    from IPython.display import display

    display(dict(bundle), raw=True)


def setup(*, offline: bool = True) -> None:
    """Call once, in the first cell after the imports.

    Enables the project theme; with ``offline=True`` (the default) displays the chart library once and makes
    every later chart render from it with no network, in JupyterLab and in nbconvert's HTML. With
    ``offline=False`` altair's own HTML renderer is used (it loads vega from a CDN).
    """
    from analysis.charts import theme

    alt = _altair()
    theme.enable()
    if offline:
        if RENDERER_NAME not in alt.renderers.names():
            alt.renderers.register(RENDERER_NAME, offline_renderer)
        alt.renderers.enable(RENDERER_NAME)
        _display(
            {"text/html": bundle_html(), "text/plain": "(vega, vega-lite and vega-embed loaded for offline charts)"}
        )
    else:
        alt.renderers.enable("default")


# --------------------------------------------------------------------------------------------------------
# Recorded figures


def _plain(value: Any, key: str) -> Any:
    """A JSON-serialisable copy of ``value``: numbers, strings, booleans, None, lists and dicts; NaN -> None."""
    if value is None:
        return None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            return value.isoformat()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes, list, dict, tuple)):
        try:
            value = value.item()  # numpy scalars
        except (TypeError, ValueError):
            pass
    if isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v, f"{key}.{k}") for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v, key) for v in value]
    if hasattr(value, "tolist"):
        return _plain(value.tolist(), key)
    raise TypeError(
        f"record_figures: figure {key!r} is a {type(value).__name__}; use numbers, strings, booleans, None, "
        "lists or dicts of those"
    )


def _figures_table(figures: Mapping[str, Any]) -> str:
    """The key figures for readers: labels with units, values formatted by figure name
    (:func:`analysis.reports.figures.display_figures`)."""
    from analysis.reports.figures import display_figures

    rows = "".join(
        f"<tr><th scope='row' style='text-align:left'>{html.escape(label)}</th>"
        f"<td style='text-align:left'>{html.escape(text)}</td></tr>"
        for label, text in display_figures(figures)
    )
    name = _region_name("Key figures")
    return _no_math(
        f"<div class='him-table-scroll' role='region' tabindex='0' aria-label='{name}'>"
        f"<table class='him-wages-table him-wages-figures'><caption>Key figures</caption>{rows}</table>"
        "</div>"
    )


def record_figures(figures: Mapping[str, Any], *, table: Any = None) -> None:
    """Display the notebook's key figures machine-readably (:data:`FIGURES_MIME_TYPE`) and as a small table.

    Values must be JSON-like (numbers, strings, booleans, None, lists, dicts); NaN and pandas' NA become None.
    ``table`` (optional): a frame the reader sees instead of the raw key/value table, e.g. the same figures
    formatted ("$56,790", "194,720 jobs"); the machine-readable figures stay the raw values either way.
    """
    if not isinstance(figures, Mapping):
        raise TypeError(f"record_figures expects a dict, got {type(figures).__name__}")
    plain = {str(k): _plain(v, str(k)) for k, v in figures.items()}
    json.dumps(plain, allow_nan=False)  # fails loudly rather than write invalid JSON
    if table is None:
        from analysis.reports.figures import display_figures

        shown = _figures_table(plain)
        text = "\n".join(f"{label}: {value}" for label, value in display_figures(plain))
    else:
        shown = _no_math(
            _table_html(table, caption="Key figures", index=False, classes="him-wages-table him-wages-figures")
        )
        text = table.to_string(index=False)
    raw = [[key, value if not isinstance(value, (list, dict)) else json.dumps(value)] for key, value in plain.items()]
    _display(
        {
            FIGURES_MIME_TYPE: plain,
            TABLE_MIME_TYPE: {
                "name": "key-figures",
                "caption": "Key figures",
                "columns": ["figure", "value"],
                "rows": raw,
                "raw": True,
            },
            "text/html": shown,
            "text/plain": text,
        }
    )


def read_recorded_figures(notebook: Any) -> dict[str, Any]:
    """Every figure recorded by an executed notebook (a path or an nbformat node), merged in cell order."""
    import nbformat

    if isinstance(notebook, (str, Path)):
        node = nbformat.read(str(notebook), as_version=4)
    else:
        node = notebook
    merged: dict[str, Any] = {}
    for cell in node.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = output.get("data", {})
            if FIGURES_MIME_TYPE not in data:
                continue
            value = data[FIGURES_MIME_TYPE]
            if isinstance(value, str):  # some writers store JSON MIME types as text
                value = json.loads(value)
            merged.update(value)
    return merged


def _no_math(html_text: str) -> str:
    """Wrap HTML so JupyterLab's MathJax leaves dollar amounts alone ("$45,000 ... $50,000" is not LaTeX)."""
    return f'<div class="tex2jax_ignore mathjax_ignore">{html_text}</div>'


def _table_html(frame: Any, *, caption: str, index: bool, classes: str = "him-wages-table") -> str:
    """``frame`` as an HTML table (values escaped) with ``caption`` as its <caption>."""
    table = frame.to_html(index=index, na_rep="—", border=0, classes=classes, escape=True)
    opening_end = table.index(">") + 1
    table = f"{table[:opening_end]}\n  <caption>{html.escape(caption)}</caption>{table[opening_end:]}"
    # a wide table scrolls inside its own box on a narrow screen (focusable, named: keyboard users can scroll it)
    name = _region_name(caption)
    return f'<div class="him-table-scroll" role="region" tabindex="0" aria-label="{name}">{table}</div>'


_REGIONS: dict[str, int] = {}


def _region_name(caption: str) -> str:
    """A table region's name, unique in the notebook ("Key figures", "Key figures (2)", ...)."""
    _REGIONS[caption] = _REGIONS.get(caption, 0) + 1
    number = _REGIONS[caption]
    return html.escape(caption if number == 1 else f"{caption} ({number})")


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return slug or "table"


def _cell_value(value: Any, key: str) -> Any:
    """A table cell as a JSON value; anything that is not one (a nested frame, an object) as its text."""
    try:
        return _plain(value, key)
    except TypeError:
        return str(value)


def table_payload(frame: Any, *, name: str, caption: str, index: bool = False, raw: bool = True) -> dict[str, Any]:
    """The downloadable copy of a table (:data:`TABLE_MIME_TYPE`): columns and rows as JSON values (full
    precision, NaN/NA as null)."""
    data = frame.reset_index() if index else frame
    columns = [str(c) for c in data.columns]
    rows = [
        [_cell_value(value, f"{name}.{column}") for column, value in zip(columns, row, strict=True)]
        for row in data.astype(object).itertuples(index=False, name=None)
    ]
    return {"name": _slug(name), "caption": caption, "columns": columns, "rows": rows, "raw": raw}


def show_table(
    frame: Any,
    *,
    caption: str | None = None,
    index: bool = False,
    empty: str | None = None,
    data: Any = None,
    name: str | None = None,
) -> None:
    """Display a small frame as an HTML table with a <caption> (and a text fallback).

    ``empty`` is the sentence shown instead of a table with no rows (e.g. "Every state has a published value.").
    ``data`` is the table behind the display strings (full-precision numbers and BLS status columns): the
    report offers it for download as CSV/XLSX (:data:`TABLE_MIME_TYPE`). Without it the display table's
    ``attrs["data"]`` is used when an analysis put it there, else the display strings themselves.
    ``name`` names the downloaded file (default: from the caption)."""
    name = name or caption or "table"
    if len(frame) == 0 and empty is not None:
        heading = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
        text = f"{caption + ': ' if caption else ''}{empty}"
        _display({"text/html": _no_math(f"{heading}<p>{html.escape(empty)}</p>"), "text/plain": text})
        return
    if data is None:
        data = getattr(frame, "attrs", {}).get("data")
    payload = table_payload(
        frame if data is None else data,
        name=name,
        caption=caption or _slug(name),
        index=index and data is None,
        raw=data is not None,
    )
    table = _table_html(frame, caption=caption or name, index=index)
    _display({TABLE_MIME_TYPE: payload, "text/html": _no_math(table), "text/plain": frame.to_string(index=index)})


def show_markdown(text: str) -> None:
    """Display prose built from computed values (markdown cells must not hard-code numbers).

    Dollar signs are escaped: JupyterLab and nbconvert would otherwise read "$45,000 ... $50,000" as LaTeX."""
    escaped = re.sub(r"(?<!\\)\$", r"\\$", text)
    _display({"text/markdown": escaped, "text/plain": text})
