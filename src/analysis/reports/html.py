"""Executed notebook -> one self-contained HTML report (nbconvert's lab template plus the project's templates,
the vega JavaScript inlined once, nothing fetched from the network)."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html as html_module
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from analysis.analyses.notes import oews_scope_footnote
from analysis.conventions.codes import SOC_CODE
from analysis.files import atomic_write_text, sha256_of
from analysis.reports.completeness import check_nothing_lost
from analysis.reports.config import ReportSpec
from analysis.reports.downloads import download_link
from analysis.reports.notebook import (
    FIGURES_MIME_TYPE,
    TABLE_MIME_TYPE,
    VEGALITE_MIME_PATTERN,
    markdown_as_html,
)
from analysis.reports.packing import (  # noqa: F401 - embedded_downloads and packed_block: the page's API
    embedded_downloads,
    pack_charts,
    packed_block,
    packed_text,
)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
REPORT_TEMPLATE = "him_report.html.j2"
INDEX_TEMPLATE = "him_index.html.j2"
REPORT_CSS = "him_report.css"
CELLS_CSS = "him_cells.css"
#: BLS pages a report links (11.4).
OEWS_TECHNICAL_NOTES_URL = "https://www.bls.gov/oes/current/oes_tec.htm"
OEWS_PROFILE_CURRENT = "https://www.bls.gov/oes/current/oes{digits}.htm"
OEWS_PROFILE_RELEASE = "https://www.bls.gov/oes/{year}/may/oes{digits}.htm"


CHARTS_SCRIPT = "him_charts.js"


def vega_head_script() -> str:
    """The one script, in the report's <head>, that draws the page's charts offline: the vega library (no
    Vega-Lite, no vega-embed: charts arrive compiled to Vega) gzip-compressed and base64-encoded (0.27 MB instead
    of 0.89 MB), unpacked by the browser's own DecompressionStream, and ``him_charts.js``, which draws each chart
    of the page's packed block (:func:`pack_charts`) with a tooltip and a menu that saves it as SVG or PNG.
    vl-convert takes seconds to bundle, so the script is cached on disk, keyed by the versions of vl-convert and
    altair and the code that makes it."""
    import vl_convert

    from analysis.charts import import_altair
    from analysis.reports import notebook

    altair = import_altair()
    loader = (TEMPLATES_DIR / CHARTS_SCRIPT).read_text(encoding="utf-8")
    key = hashlib.sha256(
        "|".join(
            [
                vl_convert.__version__,
                altair.__version__,
                sha256_of(Path(notebook.__file__)),
                sha256_of(Path(__file__)),
                loader,
            ]
        ).encode()
    ).hexdigest()[:20]
    cached = _cache_dir() / f"vega-head-{key}.js"
    with contextlib.suppress(OSError):
        return cached.read_text(encoding="utf-8")
    script = f'var HIM_WAGES_VEGA = "{packed_text(notebook.javascript_bundle())}";\n{loader}'
    with contextlib.suppress(OSError):
        atomic_write_text(cached, script)
    return script


def _cache_dir() -> Path:
    from analysis import settings

    return settings.get().cache_dir


def _chart_output_as_html(output: dict[str, Any]) -> bool:
    """A chart output (a Vega-Lite spec, from the project's renderer or altair's "mimetype" one) becomes the
    report's figure: the chart's description as text and its Vega spec, drawn by the page's script with the vega
    library inlined once in <head> (the notebook's SVG picture, if any, is not used). Returns whether it was a
    chart."""
    from analysis.reports.notebook import chart_html

    data = output.get("data", {})
    mime = next((m for m in data if VEGALITE_MIME_PATTERN.fullmatch(m)), None)
    if mime is None:
        return False
    spec = data[mime]
    if isinstance(spec, str):
        spec = json.loads(spec)
    options = (output.get("metadata") or {}).get(mime, {}).get("embed_options")
    data.clear()
    data["text/html"] = chart_html(dict(spec), embed_options=options)
    output["metadata"] = {}
    return True


_ALTAIR_HTML = re.compile(r'<div id="altair-viz-[0-9a-f]+"></div>')


def _altair_html_as_chart(output: dict[str, Any]) -> bool:
    """A chart drawn by altair's own HTML renderer (a notebook written without the project's helpers: its script
    would load vega from a CDN) becomes the report's figure too: its spec and embed options are the arguments its
    script ends with. Returns whether it was such a chart."""
    from analysis.reports.notebook import chart_html

    data = output.get("data", {})
    text = data.get("text/html")
    text = "".join(text) if isinstance(text, list) else text
    if not isinstance(text, str) or not _ALTAIR_HTML.search(text) or "vegaEmbed(outputDiv, spec, embedOpt)" not in text:
        return False
    at = text.rfind("})(")
    try:
        decoder = json.JSONDecoder()
        spec, end = decoder.raw_decode(text, at + 3)
        start = text.index(",", end) + 1
        options, _ = decoder.raw_decode(text, start + len(text[start:]) - len(text[start:].lstrip()))
    except (ValueError, json.JSONDecodeError):
        return False
    if not isinstance(spec, dict) or not isinstance(options, dict):
        return False
    data.clear()
    data["text/html"] = chart_html(spec, embed_options=options)
    output["metadata"] = {}
    return True


def _markdown_output_as_html(output: dict[str, Any]) -> None:
    data = output.get("data", {})
    text = data.get("text/markdown")
    if text is None or "text/html" in data:
        return
    data["text/html"] = markdown_as_html("".join(text) if isinstance(text, list) else text)
    del data["text/markdown"]


def prepare_for_report(notebook: Any, *, include_code: bool, tables: list | None = None) -> Any:
    """A copy of an executed notebook as the report shows it: every chart as a figure with its static SVG and
    the interactive chart (:func:`_chart_output_as_html`; the vega library is in the page's <head> once), no
    machine-readable figures, no warnings on stderr (they stay in the .ipynb and the log), Markdown
    outputs rendered safely (:func:`markdown_as_html`); every
    table followed by a link that downloads it as CSV (embedded, so the single HTML file keeps working as an
    attachment). The tables found are appended to ``tables`` (names made unique)."""
    import copy

    node = copy.deepcopy(notebook)
    names: set[str] = set()
    for cell in node.cells:
        if cell.cell_type != "code":
            continue
        kept = []
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stderr" and not include_code:
                continue
            data = output.get("data")
            if data is not None:
                data.pop(FIGURES_MIME_TYPE, None)
                table = data.pop(TABLE_MIME_TYPE, None)
                if isinstance(table, str):
                    table = json.loads(table)
                if isinstance(table, Mapping) and "text/html" in data:
                    table = dict(table)
                    base = re.sub(r"[^a-z0-9-]+", "-", str(table.get("name") or "table").lower()).strip("-") or "table"
                    table["name"], number = base, 2
                    while table["name"] in names:
                        table["name"], number = f"{base}-{number}", number + 1
                    names.add(table["name"])
                    text = data["text/html"]
                    data["text/html"] = ("".join(text) if isinstance(text, list) else text) + download_link(table)
                    if tables is not None:
                        tables.append(table)
                if not _chart_output_as_html(output) and not _altair_html_as_chart(output):
                    _markdown_output_as_html(output)
                if not data:
                    continue
            kept.append(output)
        cell.outputs = kept
    return node


#: Characters Excel refuses in a sheet name.
def report_heading(
    spec_name: str, parameters: Mapping[str, Any], figures: Mapping[str, Any], title: str | None, release: str
) -> dict[str, str]:
    """Title and subtitle of a report: occupation, area and release, from the figures the notebook recorded,
    else its parameters (the subtitle reads e.g. "Medical Records Specialists (29-2072) · California · May 2025")."""
    heading = title or figures.get("title") or spec_name.replace("-", " ").replace("_", " ").capitalize()
    subtitle = " · ".join(
        part
        for part in (
            _occupation_text(parameters, figures),
            _area_text(parameters, figures),
            _release_text(parameters, figures, release),
        )
        if part
    )
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


def _and_list(names: Sequence[str]) -> str:
    names = [str(n) for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _place_name(value: Any) -> str:
    """A state given by postal code, FIPS code or name, by its name; the U.S. as "U.S."; anything else as given."""
    text = str(value)
    if text in ("99", "US", "U.S.", "00000"):
        return "U.S."
    with contextlib.suppress(Exception):
        import us

        found = us.states.lookup(text)
        if found is not None:
            return found.name
    return text


def _area_text(parameters: Mapping[str, Any], figures: Mapping[str, Any]) -> str:
    """What the report covers, by name: the areas compared, the state of a deep dive, else the U.S."""
    for key in ("area_titles", "areas"):
        for source in (figures, parameters):
            value = source.get(key)
            if isinstance(value, list) and value:
                return _and_list([_place_name(v) for v in value])
    for key in ("area_title", "state_title", "state_name"):
        if figures.get(key):
            return str(figures[key])
    state = parameters.get("state") or figures.get("state")
    if state:
        return _place_name(state)
    area = parameters.get("area") or figures.get("area")
    if area and not isinstance(area, list):
        return _place_name(area)
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


def _occupation_codes(parameters: Mapping[str, Any], figures: Mapping[str, Any]) -> list[str]:
    codes: list[str] = []
    for source in (figures, parameters):
        for key in ("occ_code", "occupation", "occupations"):
            value = source.get(key)
            for code in value if isinstance(value, list) else [value]:
                if isinstance(code, str) and SOC_CODE.match(code) and code not in codes:
                    codes.append(code)
    return codes


def _release_years(releases: Sequence[str]) -> list[int]:
    return sorted({int(m.group(1)) for r in releases for m in [re.search(r"(\d{4})", str(r))] if m})


def report_sources(spec: ReportSpec, figures: Mapping[str, Any], provenance: Mapping[str, Any]) -> dict[str, Any]:
    """The sources a report links: the BLS OEWS profile of each occupation shown (the release's own page, or
    BLS's "current" page for the latest bundled release), the bundled files behind every release used (with
    their publishers' URLs, from data/raw/MANIFEST), the OEWS technical notes, and the BEA RPP and BLS
    Employment Projections files where the report uses them."""
    releases = data_releases(figures, spec.parameters)
    years = _release_years(releases)
    manifest = list(provenance.get("raw_manifest") or [])
    latest = max(_release_years([row.get("release", "") for row in manifest if row.get("kind") == "oe"]) or [0])
    occupations = []
    for code in _occupation_codes(spec.parameters, figures):
        digits = code.replace("-", "")
        title = _soc_title(code) or code
        if len(years) == 1 and years[0] != latest:
            url, page = OEWS_PROFILE_RELEASE.format(year=years[0], digits=digits), f"May {years[0]}"
        else:
            url, page = OEWS_PROFILE_CURRENT.format(digits=digits), "current release"
        occupations.append({"code": code, "title": title, "url": url, "page": page})
    # The context files a report used, from the figures its notebook records: the regional and comparison
    # notebooks record rpp_year/rpp_vintage/rpp_source (BEA), the national notebook its "outlook" (projections).
    words = " ".join([*map(str, figures), spec.notebook.name]).lower()
    uses_rpp = any(w in words for w in ("rpp", "price_parit", "cost_of_living", "compare"))
    uses_projections = any(w in words for w in ("projection", "outlook"))
    files = []
    for row in manifest:
        file = str(row.get("file", ""))
        if "/bea/" in file:
            wanted = uses_rpp
        elif "/projections/" in file:
            wanted = uses_projections
        else:
            wanted = bool(set(_release_years([row.get("release", "")])) & set(years))
        if wanted:
            files.append(row)
    groups: dict[tuple[str, str, str], list[dict[str, str]]] = {}
    for row in files:
        key = (str(row.get("publisher", "")), str(row.get("dataset", "")), str(row.get("release", "")))
        groups.setdefault(key, []).append({**row, "name": Path(str(row.get("file", ""))).name})
    datasets = [{"publisher": p, "dataset": d, "release": r, "files": rows} for (p, d, r), rows in groups.items()]
    return {
        "occupations": occupations,
        "files": files,
        "datasets": datasets,
        "technical_notes": OEWS_TECHNICAL_NOTES_URL,
        "releases": releases,
    }


PROJECT_NAME = "HIM Wage Analysis"
BLS_OEWS_URL = "https://www.bls.gov/oes/"
BEA_RPP_URL = "https://www.bea.gov/data/prices-inflation/regional-price-parities-state-and-metro-area"
#: Terms of reuse every report, the index and each workbook state.
TERMS_OF_REUSE = (
    "The figures are BLS (and, where used, BEA) estimates: works of the U.S. government, in the public domain in "
    "the United States, free to reuse; cite the agency. The text, tables and code that HIM Wage Analysis adds are "
    "released under the MIT License: reuse them freely, keeping the project's name and copyright notice. BLS and "
    "BEA do not endorse this project or its findings."
)
#: What OEWS covers and how its annual wages relate to its hourly ones: said once on every report (the
#: template's footnote), in the words of :func:`analysis.analyses.notes.oews_scope_footnote`.
COVERAGE_NOTE = oews_scope_footnote()


def _uses_rpp(figures: Mapping[str, Any]) -> bool:
    return any("rpp" in str(key) for key in figures)


def citation(title: str, figures: Mapping[str, Any], parameters: Mapping[str, Any], built_at: str) -> str:
    """How to cite one report: its title, the project and version, the date, and the data it rests on."""
    from analysis import __version__
    from analysis.reports.figures import readable_time

    releases = data_releases(figures, parameters)
    when = readable_time(built_at).split(",")[0]
    data = "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics"
    if releases:
        data += f" ({releases[0]})" if len(releases) == 1 else f" ({releases[0]} to {releases[-1]})"
    if _uses_rpp(figures):
        data += "; U.S. Bureau of Economic Analysis, Regional Price Parities"
    return f"“{title}”. {PROJECT_NAME}, him-wages {__version__}, {when}. Data: {data}."


def data_citation() -> str:
    """How to cite the data behind every report (the index)."""
    return (
        "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics (OEWS), "
        f"{BLS_OEWS_URL}; for reports that adjust for prices, U.S. Bureau of Economic Analysis, Regional Price "
        f"Parities, {BEA_RPP_URL}."
    )


def workbook_name(spec: ReportSpec) -> str:
    """The file name (no suffix) of a report's workbook; it is published as ``<name>/tables/<this>.xlsx`` beside
    the report's page."""
    return f"{spec.name}-tables"


def tables_folder_link(spec: ReportSpec) -> str:
    """The folder, relative to the report page, where its tables are published as CSV (and its workbook)."""
    return f"{spec.name}/tables"


def workbook_link(spec: ReportSpec) -> str:
    """The report page's link to its own workbook (relative to the page)."""
    return f"{tables_folder_link(spec)}/{workbook_name(spec)}.xlsx"


def workbook_about(spec: ReportSpec, figures: Mapping[str, Any], context: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The rows of a workbook's "About" sheet: what, from where, when, by which code, how to cite, terms."""
    from analysis import __version__
    from analysis.reports.figures import readable_time

    heading = report_heading(spec.name, spec.parameters, figures, spec.title, spec.release)
    sources = report_sources(spec, figures, context.get("provenance") or {})
    built_at = str(context.get("built_at") or "")
    rows = [
        ("Report", heading["title"]),
        ("Covers", heading["subtitle"]),
        ("Source", "U.S. Bureau of Labor Statistics (BLS), Occupational Employment and Wage Statistics (OEWS)"),
        ("Releases used", ", ".join(data_releases(figures, spec.parameters)) or "not recorded"),
        ("BLS OEWS", BLS_OEWS_URL),
        ("OEWS technical notes", str(sources.get("technical_notes") or OEWS_TECHNICAL_NOTES_URL)),
    ]
    rows += [(f"BLS profile of {o['code']}", f"{o['title']}: {o['url']}") for o in sources.get("occupations", [])]
    for group in sources.get("datasets", []):
        urls = ", ".join(dict.fromkeys(str(f.get("url")) for f in group["files"] if f.get("url")))
        label = f"{group.get('publisher') or 'Publisher'}: {group.get('dataset') or ''}".strip(": ")
        if group.get("release"):
            label += f", {group['release']}"
        rows.append((label, urls or "(bundled file; no publisher URL recorded)"))
    if _uses_rpp(figures):
        rows.append(("BEA Regional Price Parities", BEA_RPP_URL))
    rows += [
        ("What OEWS covers", COVERAGE_NOTE),
        ("Generated", readable_time(built_at)),
        ("Code version", f"him-wages {__version__} ({PROJECT_NAME})"),
        ("How to cite", citation(heading["title"], figures, spec.parameters, built_at)),
        ("Terms of reuse", TERMS_OF_REUSE),
        ("Missing values", "An empty cell: BLS published no number; the column's BLS status says why."),
    ]
    return rows


def rebuild_command(spec: ReportSpec) -> str:
    """The command that rebuilds a report (``him-wages report --only NAME``; ``--force`` rebuilds it even when
    nothing changed)."""
    return f"him-wages report --only {spec.name}"


@functools.lru_cache(maxsize=2)
def _exporter(include_code: bool) -> Any:
    """The report's nbconvert exporter (the lab template with the report's own, ``notebook-only`` cells left out
    by nbconvert's TagRemovePreprocessor), made once per process: its templates are compiled on first use, which
    took a good part of each page's export when every report made its own. Every call passes its own resources."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    from analysis.reports.notebook import NOTEBOOK_ONLY_TAG

    exporter = HTMLExporter(
        template_name="lab",
        extra_template_paths=[str(TEMPLATES_DIR)],
        template_file=REPORT_TEMPLATE,
        exclude_input=not include_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={NOTEBOOK_ONLY_TAG}), enabled=True)
    return exporter


def render_report(
    notebook: Any, *, spec: ReportSpec, figures: Mapping[str, Any], include_code: bool, context: Mapping[str, Any]
) -> tuple[str, list[dict[str, Any]]]:
    """One self-contained HTML report of an executed notebook (nbconvert's lab template, no network), and the
    tables it shows (for :func:`write_tables`). Cells tagged ``notebook-only`` (instructions for notebook
    users) are left out with nbconvert's TagRemovePreprocessor."""
    from analysis.reports.figures import headline, key_figures, parameter_items, readable_time

    tables: list[dict[str, Any]] = []
    node = prepare_for_report(notebook, include_code=include_code, tables=tables)
    heading = report_heading(spec.name, spec.parameters, figures, spec.title, spec.release)
    node.metadata["title"] = heading["title"] + (f" — {heading['subtitle']}" if heading["subtitle"] else "")
    exporter = _exporter(include_code)
    resources = {
        "him": {
            **heading,
            "css": (TEMPLATES_DIR / REPORT_CSS).read_text(encoding="utf-8"),
            "cells_css": (TEMPLATES_DIR / CELLS_CSS).read_text(encoding="utf-8"),
            "vega_script": context.get("vega_script") or vega_head_script(),
            "name": spec.name,
            "notebook": spec.notebook.name,
            "parameters": spec.parameters,
            "data_releases": data_releases(figures, spec.parameters),
            "built_at": context["built_at"],
            "provenance": context["provenance"],
            "notebook_sha256": context["notebook_sha256"],
            "sources": report_sources(spec, figures, context["provenance"]),
            "rebuild": rebuild_command(spec),
            "parameter_items": parameter_items(spec.parameters),
            "tables": [{"name": t["name"], "caption": t.get("caption") or t["name"]} for t in tables],
            "headline": headline(figures),
            "key_figures": key_figures(figures),
            "index_link": INDEX_LINK,
            "workbook_link": workbook_link(spec) if tables else None,
            "built_text": readable_time(context["built_at"]),
            "citation": citation(heading["title"], figures, spec.parameters, context["built_at"]),
            "terms": TERMS_OF_REUSE,
            "coverage_note": COVERAGE_NOTE,
        }
    }
    body, _ = exporter.from_notebook_node(node, resources=resources)
    page = pack_charts(with_contents(strip_network_references(body)), tables_href=tables_folder_link(spec))
    check_nothing_lost(notebook, page)
    return page, tables


#: A report's link back to the index (reports are published as ``<out>/<release>/<name>.html``).
INDEX_LINK = "../index.html"
#: Markers the report template puts around the notebook's cells and where the contents list goes.
BODY_START, BODY_END, CONTENTS_MARK = "<!--him-body-start-->", "<!--him-body-end-->", "<!--him-contents-->"
_SCRIPT = re.compile(r"(<script\b.*?</script\s*>)", re.IGNORECASE | re.DOTALL)
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b", re.IGNORECASE)
_HEADING = re.compile(r"<h([2-6])\b([^>]*)>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_ID = re.compile(r"""\bid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
#: The page's own sections after the notebook's, for the contents list.
OWN_SECTIONS = (
    ("him-about-title", "About this report"),
    ("him-sources-title", "Sources"),
    ("him-cite-title", "How to cite"),
)


def _heading_text(inner: str) -> str:
    text = html_module.unescape(re.sub(r"<[^>]+>", "", inner)).replace("¶", "")
    return " ".join(text.split())


def with_contents(page: str) -> str:
    """The page with one <h1>: every heading of the notebook's cells one level down (a notebook's "# Title" is
    the page's h2), ids on every section heading, and a contents list (<nav>) of the sections in the header.

    Only the notebook's part of the page (between :data:`BODY_START` and :data:`BODY_END`) is touched, and never
    inside a <script> (chart code holds "<h2" in its strings)."""
    start, end = page.find(BODY_START), page.rfind(BODY_END)
    if start < 0 or end < start:
        return page
    parts = _SCRIPT.split(page[start:end])
    sections: list[tuple[int, str, str]] = []
    number = 0
    for i in range(0, len(parts), 2):  # even parts are outside <script>
        part = _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}", parts[i])

        def name(match: re.Match[str]) -> str:
            nonlocal number
            level, attributes, inner = int(match.group(1)), match.group(2), match.group(3)
            found = _ID.search(attributes)
            if found:
                ident = html_module.unescape(found.group(1) or found.group(2) or "")
            else:
                number += 1
                ident = f"him-section-{number}"
                attributes += f' id="{ident}"'
            if level <= 3 and _heading_text(inner):
                sections.append((level, ident, _heading_text(inner)))
            return f"<h{level}{attributes}>{inner}</h{level}>"

        parts[i] = _HEADING.sub(name, part)
    level = 2 if sum(1 for s in sections if s[0] == 2) >= 2 else 3
    items = [(ident, text) for lvl, ident, text in sections if lvl == level] + list(OWN_SECTIONS)
    links = "".join(
        f'<li><a href="#{html_module.escape(ident)}">{html_module.escape(text)}</a></li>' for ident, text in items
    )
    nav = (
        '<nav class="him-contents" aria-labelledby="him-contents-title">'
        f'<h2 id="him-contents-title">Contents</h2><ol>{links}</ol></nav>'
    )
    head = page[:start].replace(CONTENTS_MARK, nav, 1)
    return head + "".join(parts) + page[end:]


def notebook_to_html(
    notebook: Any, *, spec: ReportSpec, figures: Mapping[str, Any], include_code: bool, context: Mapping[str, Any]
) -> str:
    """The HTML page of :func:`render_report` alone."""
    return render_report(notebook, spec=spec, figures=figures, include_code=include_code, context=context)[0]


_REMOTE_TAG = re.compile(
    r"<(script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?(?:https?:)?//[^>]*>(?:\s*</script>)?", re.IGNORECASE
)


def strip_network_references(page: str) -> str:
    """Drop any <script src> or <link href> that would reach another host (belt and braces: the template adds
    none, but a notebook's HTML output could)."""
    return _REMOTE_TAG.sub("", page)
