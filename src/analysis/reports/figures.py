"""Recorded figures for readers: one formatter keyed by figure name.

Notebooks record their key figures as raw values (``notebook.record_figures``; the JSON in the index stays
raw for machines). People see them through this module: :func:`figure_label` ("Annual mean wage (USD)"),
:func:`figure_text` ("$56,790", "+3.2%", "194,720", "May 2025", lists as text, never ``True`` or a raw float),
:func:`display_figures` (every figure, for the key-figures table of a notebook). The index and the page heading
show only what the notebook wrote for readers: :func:`headline` (its sentence) and :func:`key_figures` (its
labelled figures), never figures guessed from the raw values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from analysis.conventions.measures import MEASURE_LABELS, format_value, measure_kind, status_text
from analysis.conventions.missing import is_missing
from analysis.conventions.releases import release_name

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
            return ", ".join(release_name(v) for v in sorted(value))
        return ", ".join(figure_text(key, v, figures) for v in value)
    if isinstance(value, str):
        if key == "measure" and value in MEASURE_LABELS:
            return MEASURE_LABELS[value]
        return status_text(value) if key.endswith("_status") else value
    if key in ("year", "first_year", "last_year") and _is_number(value):
        return release_name(value)
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


#: Keys of the figures a notebook records for the index and its page heading (``notebook.record_figures``):
#: one sentence in the reader's words, and up to :data:`MAX_KEY_FIGURES` ``[label, text]`` pairs.
HEADLINE_KEY = "headline"
KEY_FIGURES_KEY = "key_figures"
MAX_KEY_FIGURES = 6


def display_figures(figures: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every figure as (label, text), in the order recorded; the headline and the key figures, which the page
    heading shows as written, are left out."""
    return [
        (figure_label(k), figure_text(k, v, figures))
        for k, v in figures.items()
        if k not in (HEADLINE_KEY, KEY_FIGURES_KEY)
    ]


def headline(figures: Mapping[str, Any]) -> str:
    """The report's own headline sentence, exactly as its notebook recorded it ("" when it recorded none: the
    index never makes one up from the figures)."""
    value = figures.get(HEADLINE_KEY)
    return " ".join(value.split()) if isinstance(value, str) else ""


def key_figures(figures: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The report's own key figures, ``[label, text]`` pairs exactly as its notebook recorded them (text already
    formatted with units), at most :data:`MAX_KEY_FIGURES`; pairs that are not two strings are left out."""
    value = figures.get(KEY_FIGURES_KEY)
    if not isinstance(value, (list, tuple)):
        return []
    pairs = [
        (pair[0].strip(), pair[1].strip())
        for pair in value
        if isinstance(pair, (list, tuple))
        and len(pair) == 2
        and all(isinstance(part, str) and part.strip() for part in pair)
    ]
    return pairs[:MAX_KEY_FIGURES]


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def readable_time(stamp: Any) -> str:
    """An ISO time as people read it: "7 December 2026, 12:49 UTC" (the offset kept when it is not UTC); text
    that is not an ISO time is returned as it is."""
    import datetime as dt

    try:
        when = dt.datetime.fromisoformat(str(stamp))
    except ValueError:
        return str(stamp or "")
    text = f"{when.day} {_MONTHS[when.month - 1]} {when.year}, {when:%H:%M}"
    offset = when.utcoffset()
    if offset is None:
        return text
    if not offset:
        return f"{text} UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{text} UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def parameter_items(parameters: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A report's parameters in words ("Occupation (SOC code)", "29-2072"); folders of extra data by name only."""
    items = []
    for key, value in parameters.items():
        if key == "data_dirs":
            if value:
                folders = value if isinstance(value, list) else [value]
                items.append(("Extra data folders", ", ".join(Path(str(f)).name for f in folders)))
            continue
        if key == "salary" and _is_number(value):
            items.append(("Salary checked", f"${float(value):,.0f} a year"))
        elif key == "state" and isinstance(value, str):
            items.append(("State", _state_name(value)))
        else:
            items.append((figure_label(key), figure_text(key, value, parameters)))
    return items


def _state_name(value: str) -> str:
    """A state given by postal code, FIPS code or name, by its name (as given when it is not a state)."""
    try:
        import us

        found = us.states.lookup(value)
    except Exception:  # noqa: BLE001 - an unknown value is shown as given
        found = None
    return found.name if found is not None else value
