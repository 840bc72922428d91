"""Helpers every notebook calls: :func:`setup` first, :func:`record_figures` for the key figures.

Charts: altair's own output, drawn by JupyterLab
------------------------------------------------
:func:`setup` enables an altair renderer (:data:`RENDERER_NAME`) whose output per chart is one standard
Jupyter MIME bundle holding two views of the same picture:

- ``application/vnd.vegalite.v5+json``: the spec, drawn live by JupyterLab's built-in Vega-Lite renderer. It is
  a "safe" renderer, so it draws in untrusted notebooks too (e.g. an executed report notebook as it comes), and it
  fetches nothing. Its ``$schema`` is left out: JupyterLab 4 compiles with its own Vega-Lite 5 (5.6), and
  vega-embed warns on the console about a spec that names a later 5.x version;
- ``image/svg+xml``: the same chart drawn by vl-convert. JupyterLab ranks its Vega-Lite renderer (57) before
  SVG (80) and never shows an SVG of an untrusted notebook, so it draws the live chart only; nbconvert knows no
  Vega-Lite and picks the SVG by its display priority, so "Save and Export Notebook As > HTML" (the default
  template) shows each chart once, as a picture that needs no network.

One chart is one picture: there is no second copy, no script and no library in the notebook. Making a report
page self-contained (vega inlined once in <head>, each chart compiled to Vega) is the report exporter's job
(:mod:`analysis.reports.html`), done once at export from this bundle. The page never shows the SVG, so under the
report builder (:func:`analysis.settings.in_report_build`) the kernel does not draw it.

altair is held to 5.x (Vega-Lite 5), the major version JupyterLab 4 draws; vl-convert draws the SVG with the
Vega-Lite version altair writes.

Prose and tables
----------------
JupyterLab typesets the text between two ``$`` of any Markdown or HTML output as LaTeX, whether written ``$``,
``\\$`` or ``&#36;``. :func:`show_markdown`, :func:`show_table` and :func:`record_figures` therefore display
``text/html`` inside an element of class ``tex2jax_ignore mathjax_ignore`` (MathJax leaves it alone); the prose
is CommonMark rendered with raw HTML off (:func:`markdown_as_html`), so titles from input files never become
markup. JupyterLab (HTML ranks before Markdown), nbconvert and the reports show that HTML; the prose's Markdown
stays in the output beside it as its source.

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
import os
import re
import uuid
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis import settings

#: Output MIME type of :func:`record_figures`.
FIGURES_MIME_TYPE = "application/vnd.him-wages.figures+json"

#: Output MIME type of :func:`show_table`'s downloadable copy of a table: ``{"name", "caption", "columns",
#: "rows", "raw"}`` (``raw`` False when only the display strings were available). The report builder writes it
#: as CSV/XLSX and links it from the report.
TABLE_MIME_TYPE = "application/vnd.him-wages.table+json"

#: Output MIME type of a chart (altair's Vega-Lite 5 output, drawn by JupyterLab's built-in renderer).
VEGALITE_MIME_TYPE = "application/vnd.vegalite.v5+json"
#: Any Vega-Lite chart output (altair's "mimetype" renderer of any major version, or this module's).
VEGALITE_MIME_PATTERN = re.compile(r"application/vnd\.vegalite\.v\d+\+json")

#: Output MIME type of a chart's static picture (nbconvert shows it; the report uses it as fallback).
SVG_MIME_TYPE = "image/svg+xml"

#: Cell tag of notebook-only text (instructions for notebook users): removed from the HTML reports.
NOTEBOOK_ONLY_TAG = "notebook-only"

#: Name of the altair renderer that :func:`setup` registers and enables.
RENDERER_NAME = "him_wages"

#: vega-embed's options (JupyterLab honours them; the report page's menu offers what ``actions.export`` allows):
#: exports that work offline; no "Open in Vega Editor" (needs the network).
EMBED_OPTIONS: dict[str, Any] = {
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
    "renderer": "svg",
}

#: Class names MathJax (JupyterLab's and nbconvert's) skips: dollar amounts are never read as LaTeX.
NO_MATH_CLASSES = "tex2jax_ignore mathjax_ignore"


def _altair():
    """altair, imported on first use through :func:`analysis.charts.import_altair` (``him-wages report`` imports
    this module to read recorded figures; that needs neither altair nor pandas)."""
    from analysis.charts import import_altair

    return import_altair()


def _json_for_script(value: Any) -> str:
    """JSON safe inside an HTML <script> element: "</" and "<!--" in strings are escaped (same JSON value)."""
    text = json.dumps(value, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


def _vegalite_version() -> str:
    """The Vega-Lite minor version altair writes ('5.20' for schema v5.20.1), as vl-convert names its bundles."""
    alt = _altair()
    major, minor = alt.SCHEMA_VERSION.lstrip("v").split(".")[:2]
    return f"{major}.{minor}"


@lru_cache(maxsize=1)
def javascript_bundle() -> str:
    """The vega library and vega-tooltip's handler (vl-convert's copies; no Vega-Lite and no vega-embed: charts
    reach the page compiled to Vega), as a classic script body that assigns ``window.vega`` and
    ``window.vegaTooltip``: 0.59 MB instead of vega-embed's bundle of 0.89 MB. Wrapped in a function: its top-level
    ``const`` names would clash if the script ran twice in one page."""
    import vl_convert

    version = _vegalite_version()
    available = vl_convert.get_vegalite_versions()
    if version not in available:
        raise RuntimeError(
            f"vl-convert-python {vl_convert.__version__} has no Vega-Lite {version} bundle (it has "
            f"{', '.join(available)}); altair {_altair().__version__} writes Vega-Lite {_altair().SCHEMA_VERSION}. "
            "Upgrade vl-convert-python."
        )
    return "(function () {\n" + _cached_bundle(version) + "\n})();\n"


#: vl-convert's copy of vega-tooltip (vega-embed 7 uses vega-tooltip 1.x): the handler the page shows tooltips with.
VEGA_TOOLTIP_MODULE = "/npm/vega-tooltip@1.0.0/+esm"


def _bundle_snippet() -> str:
    """What to bundle: vl-convert's modules named by path (its snippet's own ``vega`` is a default import, which
    vega lacks: it comes out null). The local names must differ from the snippet header's own imports.)"""
    import vl_convert

    return (
        f'import * as himVega from "/npm/vega@{vl_convert.get_vega_version()}/+esm";\n'
        f'import {{ Handler as himTooltipHandler }} from "{VEGA_TOOLTIP_MODULE}";\n'
        "window.vega = himVega;\nwindow.vegaTooltip = { Handler: himTooltipHandler };\n"
    )


def _cached_bundle(version: str) -> str:
    """vl-convert takes seconds to bundle the JavaScript: keep it on disk per (vl-convert, Vega-Lite) version."""
    import hashlib
    import tempfile

    import vl_convert

    folder = settings.get().cache_dir
    cached = folder / f"vl-convert-{vl_convert.__version__}-vega-{vl_convert.get_vega_version()}-tooltip.js"
    digest_file = cached.with_suffix(".sha256")
    try:
        text = cached.read_text(encoding="utf-8")
        if hashlib.sha256(text.encode()).hexdigest() == digest_file.read_text().strip():
            return text
    except OSError:
        pass
    try:
        text = vl_convert.javascript_bundle(snippet=_bundle_snippet(), vl_version=version)
    except Exception as error:
        raise RuntimeError(
            f"vl-convert-python {vl_convert.__version__} cannot bundle vega and {VEGA_TOOLTIP_MODULE} "
            f"({str(error).splitlines()[0]}); pin the vl-convert-python the project's pyproject.toml names"
        ) from error
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
    return unique_svg_ids(svg)


def unique_svg_ids(svg: str) -> str:
    """``svg`` with its ids (and their ``url(#id)`` uses) prefixed so that several charts fit in one page, its
    marks' class renamed (``class="marks"`` names the interactive chart vega draws: tests and tools count those)
    and any XML declaration dropped."""
    prefix = f"s{uuid.uuid4().hex[:8]}-"
    for found in set(_SVG_ID.findall(svg)):
        svg = svg.replace(f'id="{found}"', f'id="{prefix}{found}"').replace(f"url(#{found})", f"url(#{prefix}{found})")
    svg = svg.replace('class="marks"', 'class="him-wages-static-marks"', 1)
    return re.sub(r"^<\?xml[^>]*>\s*", "", svg)


#: Class of the JSON element holding one chart's Vega spec in a page (the report exporter packs them all into one
#: compressed block, :func:`analysis.reports.html.pack_charts`).
CHART_SPEC_CLASS = "him-wages-chart-spec"


def chart_html(spec: Mapping[str, Any], *, embed_options: Mapping[str, Any] | None = None) -> str:
    """A chart as a report page shows it: a figure holding the chart's description as text (what shows where
    JavaScript does not run; screen readers hear it) and the chart's Vega spec as JSON, which the page's script
    draws with the vega library inlined once. Every chart carries a ``description`` (from its title when it has
    none)."""
    from analysis.charts import theme

    chart_id = f"him-wages-chart-{uuid.uuid4().hex}"
    spec = theme.clean_spec(dict(spec))
    description = chart_description(spec)
    spec = {**theme.readable_mark_descriptions(spec), "description": description}
    options = {**EMBED_OPTIONS, **(embed_options or {})}
    usermeta = spec.get("usermeta") if isinstance(spec.get("usermeta"), Mapping) else {}
    embed = usermeta.get("embedOptions") if isinstance(usermeta.get("embedOptions"), Mapping) else {}
    if isinstance(embed.get("downloadFileName"), str):
        options.setdefault("downloadFileName", embed["downloadFileName"])
    live = theme.fit_width(spec)
    compiled = vega_spec(live)
    if compiled is not None:
        options["mode"] = "vega"
    payload = {"spec": live if compiled is None else compiled, "options": options}
    text = html.escape(description)
    return (
        f'<figure id="{chart_id}" class="him-wages-chart">\n'
        f'<div class="him-wages-chart-static" role="img" aria-label="{text}"><p>{text}</p></div>\n'
        f'<script type="application/json" class="{CHART_SPEC_CLASS}" data-chart="{chart_id}">'
        f"{_json_for_script(payload)}</script>\n</figure>"
    )


def vega_spec(spec: Mapping[str, Any]) -> dict[str, Any] | None:
    """``spec`` compiled to Vega by vl-convert, naming the Vega version that draws it in a report page (the
    library vl-convert ships runs Vega 6, and Vega-Lite 5 names Vega 5 in what it compiles: vega-embed would say so
    on the console for every chart). None when it does not compile (the page then hands vega-embed the Vega-Lite)."""
    try:
        import vl_convert

        compiled = vl_convert.vegalite_to_vega(dict(spec), vl_version=_vegalite_version().replace(".", "_"))
        major = vl_convert.get_vega_version().split(".")[0]
    except Exception:  # noqa: BLE001 - vega-embed compiles it in the page instead
        return None
    return {**compiled, "$schema": f"https://vega.github.io/schema/vega/v{major}.json"}


def chart_bundle(spec: Mapping[str, Any], *, embed_options: Mapping[str, Any] | None = None) -> tuple[dict, dict]:
    """A chart's output: (MIME bundle, metadata) with the Vega-Lite spec (drawn live by JupyterLab), the same
    chart as SVG (nbconvert's picture; left out under the report builder, whose page never shows it) and a line
    of text. Every chart carries a
    ``description`` (from its title when it has none) for screen readers. Every text in the spec is cleaned of
    control characters first (:func:`analysis.charts.theme.clean_spec`): one in a title aborts the renderer."""
    from analysis.charts import theme

    spec = theme.clean_spec(dict(spec))
    description = chart_description(spec)
    spec = {**theme.readable_mark_descriptions(spec), "description": description}
    live = {key: value for key, value in spec.items() if key != "$schema"}
    bundle: dict[str, Any] = {VEGALITE_MIME_TYPE: live, "text/plain": description}
    if not settings.in_report_build():
        svg = static_svg(spec)
        if svg is not None:
            bundle[SVG_MIME_TYPE] = svg
    options = {**EMBED_OPTIONS, **(embed_options or {})}
    return bundle, {VEGALITE_MIME_TYPE: {"embed_options": options}}


def chart_renderer(spec: dict, **metadata: Any) -> tuple[dict, dict]:
    """altair renderer: :func:`chart_bundle` of each chart."""
    return chart_bundle(spec, embed_options=metadata.get("embed_options"))


def _display(bundle: Mapping[str, Any], metadata: Mapping[str, Any] | None = None) -> None:
    from IPython.display import display

    display(dict(bundle), raw=True, metadata=dict(metadata) if metadata else None)


def _markdown_as_no_math_html() -> None:
    """Make ``display(IPython.display.Markdown(text))`` show what :func:`show_markdown` shows (HTML MathJax skips,
    preferred to its Markdown view), so prose a notebook displays that way reads as written too. Outside IPython (tests,
    scripts) there is nothing to change."""
    try:
        from IPython import get_ipython
        from IPython.display import Markdown
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    shell = get_ipython()
    if shell is None:
        return
    formatters = shell.display_formatter.formatters
    formatters["text/html"].for_type(Markdown, lambda shown: _no_math(markdown_as_html(shown.data or "")))
    formatters["text/plain"].for_type(Markdown, lambda shown, printer, cycle: printer.text(shown.data or ""))


def setup(*, offline: bool = True) -> None:
    """Call once, in the first cell after the imports: enables the project theme, the project's chart output
    (:func:`chart_bundle`: drawn by JupyterLab itself, with no network and no trust needed; a picture in
    nbconvert's HTML), and prose that reads as written (``IPython.display.Markdown`` shown as
    :func:`show_markdown` shows it). ``offline=False`` uses altair's own default renderer instead."""
    from analysis.charts import theme

    alt = _altair()
    theme.enable()
    _markdown_as_no_math_html()
    if settings.in_report_build():
        # altair checks every chart part against the schema as it is made (its "debug mode"), then the whole chart
        # when it is shown: under the report builder the whole-chart check alone (a map made twice walked the
        # states' shapes each time, about a second per map)
        alt.utils.schemapi.disable_debug_mode()
    if offline:
        if RENDERER_NAME not in alt.renderers.names():
            alt.renderers.register(RENDERER_NAME, chart_renderer)
        alt.renderers.enable(RENDERER_NAME)
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
    from analysis.reports.figures import HEADLINE_KEY, KEY_FIGURES_KEY

    # the headline and its key figures are display text for the index; the download keeps the raw values
    raw = [
        [key, value if not isinstance(value, (list, dict)) else json.dumps(value)]
        for key, value in plain.items()
        if key not in (HEADLINE_KEY, KEY_FIGURES_KEY)
    ]
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
    return f'<div class="{NO_MATH_CLASSES}">{html_text}</div>'


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


def markdown_as_html(text: str) -> str:
    """Prose written in Markdown, as HTML: CommonMark with raw HTML switched off (written out as text) and only
    safe link targets (markdown-it refuses ``javascript:``, ``vbscript:``, ``file:`` and non-image ``data:``
    links). Titles from input files inside the prose therefore never become markup, whatever the analysis did or
    did not escape."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False}).enable("table").enable("strikethrough")
    return f'<div class="him-prose">{renderer.render(text)}</div>'


def show_markdown(text: str) -> None:
    """Display prose built from computed values (markdown cells must not hard-code numbers).

    JupyterLab would read "$45,000 ... $50,000" in a Markdown output as LaTeX, even written ``\\$``; so the output
    also carries the prose as HTML MathJax skips (:func:`markdown_as_html` inside :data:`NO_MATH_CLASSES`), which
    JupyterLab, nbconvert and the reports all prefer to the Markdown. The Markdown (dollar signs escaped) stays as
    the prose's source; the text itself is the plain-text view."""
    escaped = re.sub(r"(?<!\\)\$", r"\\$", text)
    _display({"text/markdown": escaped, "text/html": _no_math(markdown_as_html(text)), "text/plain": text})
