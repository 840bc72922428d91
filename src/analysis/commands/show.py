"""``him-wages show``: the figures BLS published for one occupation, by area, year and industry, from the store.

    him-wages show 29-2072 --area OH
    him-wages show 29-2072 --area OH "Cleveland" 99 --year 2025 --format csv
    him-wages show "medical records" --industry 622000

The occupation is a SOC code (``29-2072``) or words of its title; an area is a state's postal code (``OH``) or
FIPS code (``39``), an MSA or nonmetropolitan area code (``17460``, ``3900001``), ``US``/``99``, or words of the
area's name; the industry is a NAICS code as BLS writes it (``000000`` cross-industry, the default; ``622000``)
or words of its title. The year defaults to the latest release that has the occupation. Values are printed as
BLS published them; a BLS symbol is spelled out with its status word (``top_coded``, ``wage_not_available``...).
An unknown code, area or industry is a one-line error listing close matches (exit code 2); figures the data does
not hold at all (an occupation held only for the U.S., or not at all) are named as such, with what the store holds
and how to add a full release. An up-to-date store answers from its lookup index (:mod:`analysis.store.lookup`)
with the standard library alone: neither pandas nor pyarrow.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from analysis.console import count_text
from analysis.conventions.codes import CROSS_INDUSTRY, NATIONAL_AREA, SOC_CODE
from analysis.conventions.measures import MEASURES
from analysis.conventions.missing import is_missing
from analysis.errors import ParameterError

#: value column -> (label, unit) in the order a reader wants them (from the one table, conventions/measures).
FIGURES: dict[str, tuple[str, str]] = {column: (m.name, m.unit) for column, m in MEASURES.items()}

#: Columns that identify a row in the CSV and JSON output.
ID_COLUMNS = (
    "year",
    "area",
    "area_title",
    "area_type",
    "prim_state",
    "naics",
    "naics_title",
    "own_code",
    "occ_code",
    "occ_title",
)


@dataclass
class Selection:
    """What the command line asked for, resolved against the store."""

    occ_code: str
    occ_title: str
    year: int
    areas: list[str]
    naics: str
    naics_title: str
    rows: list[dict[str, Any]]  # the store's rows as plain dicts, one per (area, ownership), in the order asked


# ------------------------------------------------------------------------------------------------ matching
def _close(word: str, choices: dict[str, str], n: int = 5) -> list[str]:
    """Up to ``n`` descriptions of the choices whose key (a code or a lower-cased title) is close to ``word``."""
    keys = difflib.get_close_matches(word.lower(), list(choices), n=n, cutoff=0.5)
    seen: list[str] = []
    for key in keys:
        if choices[key] not in seen:
            seen.append(choices[key])
    return seen


def _did_you_mean(options: list[str]) -> str:
    return f"; close matches: {'; '.join(options)}" if options else "; no close matches"


def _several(what: str, word: str, labels: list[str], give: str) -> ParameterError:
    """The error for a ``word`` that matches several ``labels`` (sorted; the first eight are named)."""
    more = f" and {len(labels) - 8} more" if len(labels) > 8 else ""
    return ParameterError(f"{what} {word!r} matches several: {'; '.join(labels[:8])}{more}; give the {give}")


def _code_and_title_choices(titles: dict[str, str]) -> dict[str, str]:
    """Close-match keys for code -> title: each lower-cased title and each code, described as "code title"."""
    choices = {title.lower(): f"{code} {title}" for code, title in titles.items()}
    choices.update({code: f"{code} {title}" for code, title in titles.items()})
    return choices


def _by_words(word: str, titles: dict[str, str]) -> list[str]:
    """Codes whose title equals ``word`` (case-insensitive), else whose title contains every word of it."""
    wanted = word.lower().strip()
    exact = [code for code, title in titles.items() if title.lower() == wanted]
    if exact:
        return exact
    words = wanted.split()
    return [code for code, title in titles.items() if words and all(w in title.lower() for w in words)]


# ------------------------------------------------------------------------------------------------ reading
#: The columns the catalogue of occupations needs (national rows of every release).
_CATALOGUE_COLUMNS = ("occ_code", "occ_title", "year", "o_group")


_INDEX: dict[str, Any] = {}


def _index():
    """The store's lookup index (verified once per command run), or None when the store is missing or out of
    date."""
    from analysis import paths

    key = str(paths.processed_dir())
    if key not in _INDEX:
        from analysis.store import lookup

        _INDEX.clear()
        _INDEX[key] = lookup.open_index()
    return _INDEX[key]


def _rows(*, occ_codes=None, area_types=None, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The store's rows for the filters as plain dicts (None for a missing value), in the store's order. An
    up-to-date store answers one occupation from its lookup index with the standard library alone (the file
    verified against current.json); otherwise :func:`analysis.store.load` reads data/raw (with pandas)."""
    index = _index()
    if index is not None and occ_codes is not None and len(occ_codes) == 1 and area_types is None:
        rows = index.rows(occ_codes[0])
        return rows if columns is None else [{c: row[c] for c in columns} for row in rows]
    from analysis.store import load

    frame = load(occ_codes=occ_codes, area_types=area_types)
    if columns is not None:
        frame = frame[list(columns)]
    return _plain_rows(frame)


def _catalogue_rows() -> dict[str, dict[str, Any]]:
    """Every occupation the store has (national rows of every release), by code: title, latest year, group."""
    index = _index()
    return index.catalogue() if index is not None else _catalogue_from_rows()


def _catalogue_from_rows() -> dict[str, dict[str, Any]]:
    """:func:`_catalogue_rows` from the store's national rows (what the lookup index records at build time)."""
    latest: dict[str, dict[str, Any]] = {}
    for row in sorted(_rows(area_types=[1], columns=_CATALOGUE_COLUMNS), key=lambda r: r["year"]):
        latest.pop(row["occ_code"], None)  # the latest release's row, placed as the latest (as keep="last")
        latest[row["occ_code"]] = row
    return latest


def _titles(catalogue: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {code: str(row["occ_title"]) for code, row in catalogue.items()}


def _preferred(codes: list[str], catalogue: dict[str, dict[str, Any]]) -> list[str]:
    """Of several occupations whose titles match, the detailed ones of the latest release (then detailed ones of
    any release): "health information technologists" means 29-9021, not the broad group 29-9020 or the May 2019
    hybrid 29-9098."""
    latest = max(row["year"] for row in catalogue.values())
    detailed = [c for c in codes if str(catalogue[c]["o_group"]) == "detailed" or c[-1] != "0"]
    for tier in ([c for c in detailed if catalogue[c]["year"] == latest], detailed):
        if tier:
            return tier
    return codes


# ------------------------------------------------------------------------------------------------ coverage
def _span(years: list[int]) -> str:
    return f"May {years[0]}" if len(years) == 1 else f"May {years[0]}–May {years[-1]}"


def coverage_text() -> str:
    """What the store holds, release by release (consecutive releases of the same kind together), from the
    summary its build recorded: "May 2011–May 2024 for the U.S. only, all industries (819 to 1,396
    occupations); May 2025 for 583 areas and 444 industries (9 occupations)". Empty when not recorded."""
    from analysis.store.summary import summary_of_store

    summary = summary_of_store()
    if not summary:
        return ""
    groups: list[tuple[tuple, list[int], list[int]]] = []
    for release in summary["releases"]:
        year = int(str(release["release"]).split()[-1])
        shape = (tuple(sorted(release["areas"].items())), int(release["industries"]))
        if groups and groups[-1][0] == shape and groups[-1][1][-1] == year - 1:
            groups[-1][1].append(year)
            groups[-1][2].append(int(release["occupations"]))
        else:
            groups.append((shape, [year], [int(release["occupations"])]))
    parts = []
    for (areas, industries), years, occupations in groups:
        area_count = sum(n for _, n in areas)
        where = "the U.S. only" if area_count == 1 else count_text(area_count, "area")
        low, high = min(occupations), max(occupations)
        jobs = count_text(high, "occupation") if low == high else f"{low:,} to {high:,} occupations"
        trade = "all industries" if industries == 1 else count_text(industries, "industry")
        parts.append(f"{_span(years)} for {where}, {trade} ({jobs})")
    return "; ".join(parts)


#: How a full release is added (the commands README describes).
ADD_RELEASE = (
    "add a full release with `him-wages fetch --years YEAR --kinds national,state,metro,industry` then "
    "`him-wages data`, or `him-wages data PATH` with BLS files you have"
)


def _not_in_data(what: str) -> ParameterError:
    """The error for figures the bundled data does not hold: what the store holds and how to add a release."""
    held = coverage_text()
    message = f"{what}; the store holds {held}" if held else what
    error = ParameterError(f"{message}; {ADD_RELEASE}")
    error.hint = ADD_RELEASE
    return error


def _national_only(rows: list[dict[str, Any]]) -> bool:
    return {r["area"] for r in rows} <= {NATIONAL_AREA}


def _occupation_years(rows: list[dict[str, Any]]) -> str:
    return _span(sorted({int(r["year"]) for r in rows}))


# ------------------------------------------------------------------------------------------------ resolving
def resolve_occupation(text: str) -> tuple[str, list[dict[str, Any]]]:
    """``(code, that occupation's rows of every release)``; a ParameterError listing close matches if unknown."""
    word = text.strip()
    if re.fullmatch(r"\d{6}", word):
        word = f"{word[:2]}-{word[2:]}"
    if SOC_CODE.fullmatch(word):
        rows = _rows(occ_codes=[word])
        if rows:
            return word, rows
        titles = _titles(_catalogue_rows())
        choices = {code: f"{code} {title}" for code, title in titles.items()}
        raise _not_in_data(
            f"occupation {word!r} is not in the data{_did_you_mean(_close(word, choices))} "
            "(`him-wages info --occupations` lists every occupation)"
        )
    catalogue = _catalogue_rows()
    titles = _titles(catalogue)
    codes = _by_words(word, titles)
    if len(codes) > 1:
        codes = _preferred(codes, catalogue)
    if len(codes) == 1:
        return codes[0], _rows(occ_codes=codes)
    if len(codes) > 1:
        raise _several("occupation", word, [f"{code} {titles[code]}" for code in sorted(codes)], "SOC code")
    choices = _code_and_title_choices(titles)
    raise _not_in_data(
        f"no occupation matching {word!r} in the data{_did_you_mean(_close(word, choices))} "
        "(`him-wages info --occupations WORDS` lists the occupations matching WORDS)"
    )


def _first_by(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
    """The first row of each value of ``key``, in order (as ``drop_duplicates(key)``)."""
    seen: dict[Any, dict[str, Any]] = {}
    for row in rows:
        seen.setdefault(row[key], row)
    return list(seen.values())


def _area_choices(rows: list[dict[str, Any]]) -> dict[str, str]:
    return {str(r["area"]): str(r["area_title"]) for r in _first_by(rows, "area")}


def resolve_area(text: str, rows: list[dict[str, Any]], occ_code: str) -> str:
    """A canonical area code for ``text`` among the areas where ``rows`` (one occupation) has figures."""
    word = text.strip()
    areas = _first_by(rows, "area")
    titles = _area_choices(rows)
    if word in titles:
        return word
    if word.isdigit() and len(word) < 2 and word.zfill(2) in titles:
        return word.zfill(2)
    if re.fullmatch(r"[A-Za-z]{2}", word):
        postal = word.upper()
        if postal == "US" and NATIONAL_AREA in titles:
            return NATIONAL_AREA
        state = [a for a in areas if a["prim_state"] == postal and a["area_type"] in (2, 3)]
        if state:
            return str(state[0]["area"])
    matches = _by_words(word, titles)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise _several("area", word, [f"{titles[a]} ({a})" for a in sorted(matches, key=titles.get)], "area code")
    if _national_only(rows):
        title = rows[-1]["occ_title"]
        raise _not_in_data(
            f"no area {word!r} for {occ_code} {title}: the data holds it for the U.S. only ({_occupation_years(rows)})"
        )
    choices = {title.lower(): f"{title} ({code})" for code, title in titles.items()}
    for row in areas:
        if row["area_type"] in (2, 3):
            choices[str(row["prim_state"]).lower()] = f"{row['area_title']} ({row['prim_state']}, {row['area']})"
    raise ParameterError(f"no area {word!r} with figures for {occ_code}{_did_you_mean(_close(word, choices))}")


def resolve_industry(text: str | None, rows: list[dict[str, Any]]) -> str:
    if text is None:
        return CROSS_INDUSTRY
    word = text.strip()
    industries = {str(r["naics"]): str(r["naics_title"]) for r in _first_by(rows, "naics")}
    if word in industries:
        return word
    if word.isdigit() and len(word) < 6 and word.ljust(6, "0") in industries:
        return word.ljust(6, "0")
    matches = _by_words(word, industries)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise _several("industry", word, [f"{code} {industries[code]}" for code in sorted(matches)], "NAICS code")
    occ_code = rows[0]["occ_code"]
    if set(industries) == {CROSS_INDUSTRY}:
        raise _not_in_data(
            f"no industry {word!r} for {occ_code} {rows[-1]['occ_title']}: the data holds it for all industries "
            f"only ({_occupation_years(rows)})"
        )
    choices = _code_and_title_choices(industries)
    raise ParameterError(f"no industry {word!r} with figures for {occ_code}{_did_you_mean(_close(word, choices))}")


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(f"May {y}" for y in years)


def select(
    occupation: str, areas: Sequence[str] = (), year: int | None = None, industry: str | None = None
) -> Selection:
    """Resolve the command line's words against the store and pick the published rows."""
    occ_code, rows = resolve_occupation(occupation)
    area_codes: list[str] = []
    for text in areas or [NATIONAL_AREA]:
        code = resolve_area(text, rows, occ_code)
        if code not in area_codes:
            area_codes.append(code)
    naics = resolve_industry(industry, rows)
    chosen = [r for r in rows if r["area"] in area_codes and r["naics"] == naics]
    available = sorted({int(r["year"]) for r in chosen if r["year"] is not None})
    if year is None:
        year = available[-1] if available else max(int(r["year"]) for r in rows)
    elif year not in available:
        titles = _area_choices(rows)
        where = ", ".join(f"{titles.get(code, code)} ({code})" for code in area_codes)
        raise ParameterError(
            f"no figures for {occ_code} in {where}, industry {naics}, in May {year}; "
            f"releases with them: {_years_text(available) or 'none'}"
        )
    picked = [r for r in chosen if r["year"] == year]
    found = {r["area"] for r in picked}
    missing = [code for code in area_codes if code not in found]
    if missing:
        titles = _area_choices(rows)
        detail = []
        for code in missing:
            years = sorted({int(r["year"]) for r in chosen if r["area"] == code})
            detail.append(f"{titles.get(code, code)} ({code}): {_years_text(years) or 'no release'}")
        raise ParameterError(f"no figures for {occ_code} in May {year} for {'; '.join(detail)}")
    order = {code: number for number, code in enumerate(area_codes)}
    # sort_values(["_order", "own_code"]): stable, a missing ownership last
    picked.sort(key=lambda r: (order[r["area"]], r["own_code"] is None, r["own_code"] or ""))
    first = picked[0]
    return Selection(occ_code, str(first["occ_title"]), int(year), area_codes, naics, str(first["naics_title"]), picked)


# ------------------------------------------------------------------------------------------------ output
def format_value(column: str, value: Any, status: Any, row: Any) -> str:
    """A published value for a reader: units in the text, a BLS symbol spelled out with its status word."""
    if not is_missing(status):
        status = str(status)
        if status == "top_coded":
            bound = row["top_code_hourly"] if column.startswith("h_") else row["top_code_annual"]
            if not is_missing(bound):
                return f"at or above {_money(column, bound)} (top_coded)"
            return "at or above the top-code (top_coded)"
        words = {
            "wage_not_available": "not available",
            "employment_not_available": "not available",
            "under_half_percent": "under 0.5%",
            "not_released": "not released",
        }.get(status, status)
        return f"{words} ({status})"
    if is_missing(value):
        return "—"
    value = float(value)
    unit = FIGURES[column][1]
    if unit.startswith("dollars"):
        return _money(column, value)
    if unit == "jobs":
        return f"{value:,.0f}"
    if unit == "percent":
        text = f"{value:g}"
        return f"{text}.0%" if "." not in text and "e" not in text else f"{text}%"
    return f"{value:g}"


def _money(column: str, value: float) -> str:
    return f"${float(value):,.2f}" if column.startswith("h_") else f"${float(value):,.0f}"


def _source_text(source: Any) -> str:
    from analysis import paths

    text = str(source)
    root = str(paths.project_root()) + "/"
    return text.removeprefix(root)


def _plain_rows(rows: Any) -> list[dict[str, Any]]:
    """The frame's rows as dicts of plain Python values (None for a missing value), converted once."""
    import pandas as pd

    return [
        {k: (None if v is pd.NA or is_missing(v) else v) for k, v in r.items()}
        for r in rows.astype(object).to_dict("records")
    ]


def _column_heading(row: Any, rows: list[dict[str, Any]]) -> str:
    from analysis.console import plain

    title = plain(row["area_title"])
    if sum(r["area"] == row["area"] for r in rows) > 1 and not is_missing(row["own_code"]):
        title += f" (ownership {plain(row['own_code'])})"
    return title


def render_table(selection: Selection) -> str:
    from analysis.console import plain

    plain_rows = selection.rows
    columns = [c for c in FIGURES if any(r[c] is not None or r[f"{c}_status"] is not None for r in plain_rows)]
    headings = [_column_heading(row, plain_rows) for row in plain_rows]
    cells = [[format_value(c, row[c], row[f"{c}_status"], row) for row in plain_rows] for c in columns]
    labels = [FIGURES[c][0] for c in columns]
    label_width = max(len(label) for label in labels + [""])
    widths = [max([len(h)] + [len(line[i]) for line in cells]) for i, h in enumerate(headings)]
    industry = (
        "all industries"
        if selection.naics == CROSS_INDUSTRY
        else f"industry {selection.naics} {plain(selection.naics_title)}"
    )
    sources = sorted({_source_text(r["source"]) for r in plain_rows if not is_missing(r["source"])})
    out = [
        f"{plain(selection.occ_title)} (SOC {selection.occ_code}), {industry}: May {selection.year}",
        (
            f"Source: BLS Occupational Employment and Wage Statistics, May {selection.year} release "
            f"({'; '.join(plain(s) for s in sources) or 'source not recorded'})"
        ),
        "",
        " " * label_width + "  " + "  ".join(h.rjust(w) for h, w in zip(headings, widths, strict=True)),
    ]
    for label, line in zip(labels, cells, strict=True):
        out.append(label.ljust(label_width) + "  " + "  ".join(v.rjust(w) for v, w in zip(line, widths, strict=True)))
    flags = []
    if any(r["annual"] for r in plain_rows):
        flags.append("BLS publishes only annual wages for this occupation here (no hourly wage).")
    if any(r["hourly"] for r in plain_rows):
        flags.append("BLS publishes only hourly wages for this occupation here (no annual wage).")
    if flags:
        out += [""] + flags
    if any(value == "—" or value.endswith(")") for line in cells for value in line):
        out += [
            "",
            (
                "— means BLS published no value in this file; a word in parentheses is the status of a BLS "
                "symbol (README, 'The canonical frame')."
            ),
        ]
    return "\n".join(out) + "\n"


def records(selection: Selection) -> list[dict[str, Any]]:
    """One plain record per row: identifiers, each value with its status (full precision), release, source."""
    result = []
    for row in selection.rows:
        record: dict[str, Any] = {"release": f"May {selection.year}"}
        for column in ID_COLUMNS:
            value = row[column]
            record[column] = (
                None if is_missing(value) else (int(value) if column in ("year", "area_type") else str(value))
            )
        for column in FIGURES:
            value, status = row[column], row[f"{column}_status"]
            record[column] = None if is_missing(value) else float(value)
            record[f"{column}_status"] = None if is_missing(status) else str(status)
        for column in ("top_code_hourly", "top_code_annual"):
            record[column] = None if is_missing(row[column]) else float(row[column])
        record["source"] = None if is_missing(row["source"]) else _source_text(row["source"])
        result.append(record)
    return result


def render_csv(selection: Selection) -> str:
    """The rows as CSV. Text cells pass the one CSV sanitizer (no cell a spreadsheet would run as a formula) and
    the one terminal escaper (no escape sequence or bidirectional override reaches the screen)."""
    import csv
    import io

    from analysis.text import csv_cell, terminal_text

    rows = records(selection)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else _csv_value(v, csv_cell, terminal_text) for k, v in row.items()})
    return buffer.getvalue()


def _csv_value(value: Any, csv_cell, terminal_text) -> Any:
    return csv_cell(terminal_text(value)) if isinstance(value, str) else value


def render_json(selection: Selection) -> str:
    document = {
        "release": f"May {selection.year}",
        "occupation": {"code": selection.occ_code, "title": selection.occ_title},
        "industry": {"naics": selection.naics, "title": selection.naics_title},
        "units": {column: unit for column, (_, unit) in FIGURES.items()},
        "rows": records(selection),
    }
    return json.dumps(document, indent=2) + "\n"


# ------------------------------------------------------------------------------------------------ CLI
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "occupation", metavar="OCCUPATION", help="a SOC code (29-2072) or words of the occupation's title"
    )
    parser.add_argument(
        "--area",
        nargs="+",
        action="extend",
        default=[],
        metavar="AREA",
        help="state (OH or 39), MSA or nonmetropolitan area code, US, or words of the area's name "
        "(several allowed; default: the U.S.)",
    )
    parser.add_argument("--year", type=int, default=None, help="the May release (default: the latest with data)")
    parser.add_argument(
        "--industry",
        default=None,
        metavar="NAICS",
        help="NAICS code as BLS writes it (622000) or words of its title (default: cross-industry)",
    )
    parser.add_argument(
        "--format",
        choices=("table", "csv", "json"),
        default=None,
        help="table for reading (default), csv or json with full precision and status columns "
        "(--json is --format json; the two together are a usage error)",
    )


def run(args: argparse.Namespace) -> int:
    _INDEX.clear()  # verified again by each run
    if _index() is None and not getattr(args, "quiet", False):
        from analysis.console import error_line

        error_line(
            "show",
            "note: data/processed is missing or out of date, so data/raw is read directly "
            "(slow); run `him-wages data` for quick answers",
        )
    output_format = args.format or "table"
    if getattr(args, "json", False):
        if args.format is not None:
            error = ParameterError(f"--json and --format {args.format} conflict; give one of them")
            error.hint = "give --json or --format, not both"
            raise error
        output_format = "json"
    selection = select(args.occupation, args.area, args.year, args.industry)
    text = {"table": render_table, "csv": render_csv, "json": render_json}[output_format](selection)
    sys.stdout.write(text)
    return 0
