"""Recorded figures for readers: one formatter keyed by figure name.

Notebooks record their key figures as raw values (``notebook.record_figures``; the JSON in the index stays
raw for machines). People see them through this module: :func:`figure_label` ("Annual mean wage (USD)"),
:func:`figure_text` ("$56,790", "+3.2%", "194,720", "May 2025", lists as text, never ``True`` or a raw float),
:func:`display_figures` (every figure, for the key-figures table of a notebook), :func:`index_figures`
(3-6 labelled figures with units for the report index) and :func:`headline` (one sentence).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis.conventions.measures import MEASURE_LABELS, format_value, measure_kind, status_text
from analysis.conventions.missing import is_missing

#: Labels of figures that are not BLS measures (measures use :data:`analysis.conventions.measures.MEASURE_LABELS`).
LABELS: dict[str, str] = {
    "occupation": "Occupation (SOC code)",
    "occ_code": "Occupation (SOC code)",
    "occ_title": "Occupation",
    "occupation_title": "Occupation",
    "occupations": "Occupations (SOC codes)",
    "year": "Release",
    "years": "Releases",
    "releases_loaded": "Releases loaded",
    "first_year": "First release",
    "last_year": "Last release",
    "base_year": "Dollars of (CPI base year)",
    "top_coded": "Some wages top-coded",
    "a_mean_top_coded": "Annual mean wage top-coded",
    "claims": "Claims checked",
    "naics_level": "Industry level (NAICS)",
    "industries_listed": "Industries listed",
    "industries_unpublished": "Industries with a value not published",
    "reference_a_mean": "Annual mean wage, all industries (USD)",
    "reference_tot_emp": "Employment, all industries (jobs)",
    "top_industry_by_employment": "Industry employing the most",
    "top_industry_by_employment_share": "Its share of the occupation's jobs (%)",
    "top_industry_by_employment_tot_emp": "Its employment (jobs)",
    "top_industry_by_wage": "Best-paying industry",
    "top_industry_by_wage_a_mean": "Its annual mean wage (USD)",
    "top_industry_by_wage_premium": "Its premium over all industries (USD)",
    "top_industry_by_wage_premium_pct": "Its premium over all industries (%)",
    "top_n": "Industries shown",
    "levels_available": "Industry levels available",
    "measure": "Measure",
    "measure_label": "Measure",
    "national_value": "U.S. value",
    "top_state_title": "Highest state",
    "top_state_value": "Highest state's value",
    "top_metro_title": "Highest metropolitan area",
    "top_metro_value": "Highest metropolitan area's value",
    "bottom_metro": "Lowest metropolitan area (code)",
    "bottom_metro_value": "Lowest metropolitan area's value",
    "metro_weighted_average": "Metropolitan areas, employment-weighted",
    "nonmetro_weighted_average": "Nonmetropolitan areas, employment-weighted",
    "n_metros": "Metropolitan areas",
    "n_metros_ranked": "Metropolitan areas ranked",
    "n_metros_suppressed": "Metropolitan areas suppressed",
    "n_nonmetro": "Nonmetropolitan areas",
    "n_states": "States and DC",
    "n_states_published": "States with a published value",
    "n_states_top_coded": "States top-coded",
    "n_suppressed": "States suppressed",
    "top_state": "Highest state (code)",
    "top_state_rank_label": "Highest state's possible ranks",
    "top_state_top_code": "Highest state's top-code (USD)",
    "states_could_be_first": "States that could rank first",
    "bottom_state": "Lowest state (code)",
    "bottom_state_value": "Lowest state's value",
    "top_metro": "Highest metropolitan area (code)",
    "state_n_areas": "Areas in the state",
    "state_n_suppressed": "Areas in the state suppressed",
    "state_top_area": "Highest area in the state (code)",
    "state": "State",
    "state_title": "State",
    "state_value": "State value",
    "state_top_area_title": "Highest area in the state",
    "state_top_area_value": "Its value",
    "cpi_series": "CPI series",
    "breaks_marked": "Series breaks marked",
}

#: Figures that carry the measure named by the ``measure`` figure (regional notebook): formatted in its unit.
_MEASURE_VALUED = re.compile(r"(^|_)(value|weighted_average)$")
_SOC = re.compile(r"^\d{2}-\d{4}$")


def _missing(value: Any) -> bool:
    return is_missing(value) or (isinstance(value, float) and math.isinf(value))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def figure_label(key: str) -> str:
    """A figure's name for readers, with its unit where it has one."""
    if key in LABELS:
        return LABELS[key]
    if key in MEASURE_LABELS:
        return MEASURE_LABELS[key]
    words = key.replace("_", " ").strip()
    words = re.sub(r"\bpct\b", "%", words)
    words = re.sub(r"\ba mean\b", "annual mean wage", words)
    words = re.sub(r"\btot emp\b", "employment", words)
    return words[:1].upper() + words[1:]


def _measure_of(key: str, figures: Mapping[str, Any]) -> str | None:
    """The BLS measure a figure is written in (``a_mean`` for ``reference_a_mean``), or None."""
    if key in MEASURE_LABELS:
        return key
    if _MEASURE_VALUED.search(key) and isinstance(figures.get("measure"), str) and figures["measure"] in MEASURE_LABELS:
        return figures["measure"]
    for measure in sorted(MEASURE_LABELS, key=len, reverse=True):
        if key.endswith(f"_{measure}"):
            return measure
    return None


def figure_text(key: str, value: Any, figures: Mapping[str, Any] | None = None) -> str:
    """A figure's value for readers: money as BLS writes it, percentages signed, releases as "May 2025",
    lists and dicts as text, booleans as yes/no, a missing value as "not available"."""
    figures = figures or {}
    if _missing(value):
        return "not available"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {figure_text(str(k), v, figures)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        if key in ("years", "releases_loaded", "data_releases") and all(_is_number(v) for v in value):
            return ", ".join(f"May {int(v)}" for v in sorted(value))
        return ", ".join(figure_text(key, v, figures) for v in value)
    if isinstance(value, str):
        if key == "measure" and value in MEASURE_LABELS:
            return MEASURE_LABELS[value]
        return status_text(value) if key.endswith("_status") else value
    if key in ("year", "first_year", "last_year") and _is_number(value):
        return f"May {int(value)}"
    if key == "base_year" and _is_number(value):
        return f"{int(value)} dollars"
    measure = _measure_of(key, figures)
    if measure is not None:
        kind = measure_kind(measure)
        if kind == "annual":
            return format_value(round(float(value)), measure)
        if kind == "percent" and key.endswith("prse"):
            return f"{float(value):g}%"
        return format_value(value, measure)
    if key.endswith(("_pct", "_change_pct", "_annual_pct")) or "change" in key:
        return f"{float(value):+.1f}%"
    if key.endswith("_share"):
        share = float(value) * 100 if abs(float(value)) <= 1 else float(value)
        return f"{share:.1f}%"
    if key.endswith("premium"):
        sign = "+" if value > 0 else "-" if value < 0 else ""
        return f"{sign}${abs(float(value)):,.0f}"
    if key.endswith("wage") or "_wage_" in key:
        return f"${float(value):,.0f}" if abs(float(value)) >= 1000 else f"${float(value):,.2f}"
    if isinstance(value, int) or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.3g}"


def _latest_segments(figures: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The latest comparable segment of each series a trends notebook recorded (``segments``)."""
    latest: dict[str, Mapping[str, Any]] = {}
    wanted = figures.get("occupations") if isinstance(figures.get("occupations"), list) else None
    for segment in figures.get("segments") or []:
        if not isinstance(segment, Mapping) or not _is_number(segment.get("nominal_change_pct")):
            continue
        if wanted and segment.get("series") not in wanted:
            continue
        series = str(segment.get("series"))
        if series not in latest or (segment.get("last_year") or 0) > (latest[series].get("last_year") or 0):
            latest[series] = segment
    return list(latest.values())


def display_figures(figures: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every figure as (label, text), in the order recorded."""
    return [(figure_label(k), figure_text(k, v, figures)) for k, v in figures.items()]


def _with_rse(figures: Mapping[str, Any], key: str, rse_key: str, unit: str = "") -> str:
    text = figure_text(key, figures[key], figures) + unit
    if _is_number(figures.get(rse_key)):
        text += f" (RSE {float(figures[rse_key]):g}%)"
    return text


def _named_value(figures: Mapping[str, Any], name_key: str, value_key: str) -> str:
    text = str(figures[name_key])
    if not _missing(figures.get(value_key)):
        text += f" ({figure_text(value_key, figures[value_key], figures)})"
    return text


def index_figures(figures: Mapping[str, Any], limit: int = 6) -> list[tuple[str, str]]:
    """3-6 figures of a report for its row in the index, labelled with units ("Mean annual wage", "$56,790 (RSE
    0.4%)"). Known figures first, in a fixed order; then any other plain numbers, up to ``limit``."""
    rows: list[tuple[str, str]] = []

    def has(key: str) -> bool:
        return key in figures and not _missing(figures[key]) and not isinstance(figures[key], (list, dict))

    if has("a_mean"):
        rows.append(("Mean annual wage", _with_rse(figures, "a_mean", "mean_prse")))
    if has("a_median"):
        rows.append(("Median annual wage", figure_text("a_median", figures["a_median"])))
    if has("tot_emp"):
        rows.append(("Employment", _with_rse(figures, "tot_emp", "emp_prse", " jobs")))
    if has("a_pct10") and has("a_pct90"):
        rows.append(
            (
                "Entry level to experienced (10th-90th percentile)",
                f"{figure_text('a_pct10', figures['a_pct10'])} to {figure_text('a_pct90', figures['a_pct90'])}",
            )
        )
    measure = str(figures.get("measure_label") or "").rsplit(" (", 1)[0] or "Value"
    if has("national_value"):
        rows.append(
            (
                f"U.S. {measure[:1].lower() + measure[1:]}",
                figure_text("national_value", figures["national_value"], figures),
            )
        )
    if has("state_title") and has("state_value"):
        rows.append(
            (
                f"{figures['state_title']}, {measure[:1].lower() + measure[1:]}",
                figure_text("state_value", figures["state_value"], figures),
            )
        )
    if has("top_state_title"):
        rows.append(("Highest state", _named_value(figures, "top_state_title", "top_state_value")))
    if has("top_metro_title"):
        rows.append(("Highest metropolitan area", _named_value(figures, "top_metro_title", "top_metro_value")))
    if has("reference_tot_emp"):
        rows.append(
            ("Employment, all industries", figure_text("reference_tot_emp", figures["reference_tot_emp"]) + " jobs")
        )
    if has("reference_a_mean"):
        rows.append(("Mean annual wage, all industries", figure_text("reference_a_mean", figures["reference_a_mean"])))
    if has("top_industry_by_employment"):
        text = str(figures["top_industry_by_employment"])
        if has("top_industry_by_employment_share"):
            text += (
                " ("
                + figure_text("top_industry_by_employment_share", figures["top_industry_by_employment_share"])
                + " of the jobs)"
            )
        rows.append(("Industry employing the most", text))
    if has("top_industry_by_wage"):
        rows.append(
            ("Best-paying industry", _named_value(figures, "top_industry_by_wage", "top_industry_by_wage_a_mean"))
        )
    if has("last_a_mean") and has("last_year"):
        rows.append(
            (f"Mean annual wage, May {int(figures['last_year'])}", figure_text("last_a_mean", figures["last_a_mean"]))
        )
    if has("nominal_change_pct"):
        rows.append(("Change as published", figure_text("nominal_change_pct", figures["nominal_change_pct"])))
    if has("real_change_pct"):
        rows.append(("Change after inflation", figure_text("real_change_pct", figures["real_change_pct"])))
    for segment in _latest_segments(figures):
        text = figure_text("nominal_change_pct", segment["nominal_change_pct"]) + " as published"
        if _is_number(segment.get("first_a_mean")) and _is_number(segment.get("last_a_mean")):
            first, last = figure_text("a_mean", segment["first_a_mean"]), figure_text("a_mean", segment["last_a_mean"])
            text += f" ({first} to {last})"
        if _is_number(segment.get("real_change_pct")):
            text += f"; {figure_text('real_change_pct', segment['real_change_pct'])} after inflation"
        rows.append((f"Mean annual wage change, {segment.get('label') or segment.get('series')}", text))
    skip = {
        "occupation",
        "occ_code",
        "occ_title",
        "occupation_title",
        "year",
        "measure",
        "measure_label",
        "state",
        "top_n",
        "title",
        "headline",
    }
    for key, value in figures.items():
        if len(rows) >= 3:
            break
        if key in skip or not _is_number(value) or any(key in text for _, text in rows):
            continue
        rows.append((figure_label(key), figure_text(key, value, figures)))
    return rows[:limit]


def _soc_title(code: Any) -> str | None:
    """The SOC title of an occupation code, when the project knows it."""
    if not isinstance(code, str) or not _SOC.match(code):
        return None
    try:
        from analysis.conventions.occupations import occupation_title

        return occupation_title(code)
    except Exception:  # noqa: BLE001 - an unknown code: the caller falls back to the report's title
        return None


def headline(figures: Mapping[str, Any], title: str = "") -> str:
    """One sentence saying what a report found, from its recorded figures (a recorded ``headline`` wins)."""
    if isinstance(figures.get("headline"), str) and figures["headline"].strip():
        return figures["headline"].strip()
    who = str(
        figures.get("occ_title")
        or figures.get("occupation_title")
        or _soc_title(figures.get("occupation"))
        or title
        or "This report"
    ).strip()
    when = f" in May {int(figures['year'])}" if _is_number(figures.get("year")) else ""
    if _is_number(figures.get("a_mean")):
        sentence = f"{who} earned a mean annual wage of {figure_text('a_mean', figures['a_mean'])}{when}"
        if _is_number(figures.get("tot_emp")):
            sentence += f", across {figure_text('tot_emp', figures['tot_emp'])} jobs"
        return sentence + "."
    if figures.get("top_state_title") and not _missing(figures.get("top_state_value")):
        measure = str(figures.get("measure_label") or "value").rsplit(" (", 1)[0].lower()
        sentence = (
            f"{who}: the highest {measure}{when} is in {figures['top_state_title']} "
            f"({figure_text('top_state_value', figures['top_state_value'], figures)})"
        )
        if not _missing(figures.get("national_value")):
            sentence += f"; the U.S. value is {figure_text('national_value', figures['national_value'], figures)}"
        return sentence + "."
    if figures.get("top_industry_by_employment"):
        sentence = f"{who}: the most jobs{when} are in {figures['top_industry_by_employment']}"
        if figures.get("top_industry_by_wage"):
            sentence += f"; the best-paying industry is {figures['top_industry_by_wage']}"
        return sentence + "."
    if (
        _is_number(figures.get("nominal_change_pct"))
        and _is_number(figures.get("first_year"))
        and _is_number(figures.get("last_year"))
    ):
        change = figure_text("nominal_change_pct", figures["nominal_change_pct"])
        sentence = (
            f"{who}: the mean annual wage changed by {change}"
            f" from May {int(figures['first_year'])} to May {int(figures['last_year'])}"
        )
        if _is_number(figures.get("real_change_pct")):
            sentence += f" ({figure_text('real_change_pct', figures['real_change_pct'])} after inflation)"
        return sentence + "."
    segments = _latest_segments(figures)
    if segments:
        changes = sorted(float(s["nominal_change_pct"]) for s in segments)
        real = sorted(float(s["real_change_pct"]) for s in segments if _is_number(s.get("real_change_pct")))
        span = f"{changes[0]:+.1f}%" if len(changes) == 1 else f"between {changes[0]:+.1f}% and {changes[-1]:+.1f}%"
        sentence = f"{who}: over each series' latest comparable stretch, mean annual wages changed {span} as published"
        if real:
            real_span = f"{real[0]:+.1f}%" if len(real) == 1 else f"{real[0]:+.1f}% to {real[-1]:+.1f}%"
            sentence += f" ({real_span} after inflation)"
        return sentence + "."
    shown = index_figures(figures, limit=1)
    if shown:
        return f"{who}: {shown[0][0][:1].lower() + shown[0][0][1:]} {shown[0][1]}."
    return f"{who}."


def parameter_items(parameters: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A report's parameters in words ("Occupation (SOC code)", "29-2072"); folders of extra data by name only."""
    items = []
    for key, value in parameters.items():
        if key == "data_dirs":
            if value:
                folders = value if isinstance(value, list) else [value]
                items.append(("Extra data folders", ", ".join(Path(str(f)).name for f in folders)))
            continue
        items.append((figure_label(key), figure_text(key, value, parameters)))
    return items
