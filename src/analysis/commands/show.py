"""``him-wages show``: the figures BLS published for one occupation, by area, year and industry, from the store.

    him-wages show 29-2072 --area OH
    him-wages show 29-2072 --area OH "Cleveland" 99 --year 2025 --format csv
    him-wages show "medical records" --industry 622000

The occupation is a SOC code (``29-2072``) or words of its title; an area is a state's postal code (``OH``) or
FIPS code (``39``), an MSA or nonmetropolitan area code (``17460``, ``3900001``), ``US``/``99``, or words of the
area's name; the industry is a NAICS code as BLS writes it (``000000`` cross-industry, the default; ``622000``)
or words of its title. The year defaults to the latest release that has the occupation. Values are printed as
BLS published them; a BLS symbol is spelled out with its status word (``top_coded``, ``wage_not_available``...).
An unknown code, area or industry is a one-line error listing close matches (exit code 2).
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
    rows: Any  # the canonical frame's rows, one per (area, ownership), in the order asked


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


def _catalogue_frame():
    """Every occupation the store has (national rows of every release): code, title, latest year, group."""
    from analysis.store import load

    frame = load(area_types=[1])[["occ_code", "occ_title", "year", "o_group"]]
    return frame.sort_values("year").drop_duplicates("occ_code", keep="last")


def _catalogue() -> dict[str, str]:
    frame = _catalogue_frame()
    return dict(zip(frame["occ_code"].astype(str), frame["occ_title"].astype(str), strict=True))


def _preferred(codes: list[str]) -> list[str]:
    """Of several occupations whose titles match, the detailed ones of the latest release (then detailed ones of
    any release): "health information technologists" means 29-9021, not the broad group 29-9020 or the May 2019
    hybrid 29-9098."""
    frame = _catalogue_frame().set_index("occ_code")
    latest = frame["year"].max()
    detailed = [c for c in codes if str(frame.at[c, "o_group"]) == "detailed" or c[-1] != "0"]
    for tier in ([c for c in detailed if frame.at[c, "year"] == latest], detailed):
        if tier:
            return tier
    return codes


def resolve_occupation(text: str):
    """``(code, that occupation's rows of every release)``; a ParameterError listing close matches if unknown."""
    from analysis.store import load

    word = text.strip()
    if re.fullmatch(r"\d{6}", word):
        word = f"{word[:2]}-{word[2:]}"
    if SOC_CODE.fullmatch(word):
        frame = load(occ_codes=[word])
        if len(frame):
            return word, frame
        titles = _catalogue()
        choices = {code: f"{code} {title}" for code, title in titles.items()}
        raise ParameterError(
            f"no occupation {word!r} in the store{_did_you_mean(_close(word, choices))} "
            "(`him-wages info` lists every occupation)"
        )
    titles = _catalogue()
    codes = _by_words(word, titles)
    if len(codes) > 1:
        codes = _preferred(codes)
    if len(codes) == 1:
        return codes[0], load(occ_codes=codes)
    if len(codes) > 1:
        raise _several("occupation", word, [f"{code} {titles[code]}" for code in sorted(codes)], "SOC code")
    choices = _code_and_title_choices(titles)
    raise ParameterError(
        f"no occupation matching {word!r} in the store{_did_you_mean(_close(word, choices))} "
        "(`him-wages info` lists every occupation)"
    )


def _area_choices(frame) -> dict[str, str]:
    areas = frame.drop_duplicates("area")[["area", "area_title", "area_type", "prim_state"]]
    return {str(r.area): str(r.area_title) for r in areas.itertuples()}


def resolve_area(text: str, frame, occ_code: str) -> str:
    """A canonical area code for ``text`` among the areas where ``frame`` (one occupation) has figures."""
    word = text.strip()
    areas = frame.drop_duplicates("area")[["area", "area_title", "area_type", "prim_state"]]
    titles = _area_choices(frame)
    if word in titles:
        return word
    if word.isdigit() and len(word) < 2 and word.zfill(2) in titles:
        return word.zfill(2)
    if re.fullmatch(r"[A-Za-z]{2}", word):
        postal = word.upper()
        if postal == "US" and NATIONAL_AREA in titles:
            return NATIONAL_AREA
        state = areas[(areas["prim_state"] == postal) & areas["area_type"].isin([2, 3])]
        if len(state):
            return str(state["area"].iloc[0])
    matches = _by_words(word, titles)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise _several("area", word, [f"{titles[a]} ({a})" for a in sorted(matches, key=titles.get)], "area code")
    choices = {title.lower(): f"{title} ({code})" for code, title in titles.items()}
    for row in areas[areas["area_type"].isin([2, 3])].itertuples():
        choices[str(row.prim_state).lower()] = f"{row.area_title} ({row.prim_state}, {row.area})"
    raise ParameterError(f"no area {word!r} with figures for {occ_code}{_did_you_mean(_close(word, choices))}")


def resolve_industry(text: str | None, frame) -> str:
    if text is None:
        return CROSS_INDUSTRY
    word = text.strip()
    industries = frame.drop_duplicates("naics").set_index("naics")["naics_title"].astype(str).to_dict()
    if word in industries:
        return word
    if word.isdigit() and len(word) < 6 and word.ljust(6, "0") in industries:
        return word.ljust(6, "0")
    matches = _by_words(word, industries)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise _several("industry", word, [f"{code} {industries[code]}" for code in sorted(matches)], "NAICS code")
    choices = _code_and_title_choices(industries)
    raise ParameterError(
        f"no industry {word!r} with figures for {frame['occ_code'].iloc[0]}{_did_you_mean(_close(word, choices))}"
    )


def _years_text(years: Sequence[int]) -> str:
    return ", ".join(f"May {y}" for y in years)


def select(
    occupation: str, areas: Sequence[str] = (), year: int | None = None, industry: str | None = None
) -> Selection:
    """Resolve the command line's words against the store and pick the published rows."""
    occ_code, frame = resolve_occupation(occupation)
    area_codes: list[str] = []
    for text in areas or [NATIONAL_AREA]:
        code = resolve_area(text, frame, occ_code)
        if code not in area_codes:
            area_codes.append(code)
    naics = resolve_industry(industry, frame)
    chosen = frame[frame["area"].isin(area_codes) & (frame["naics"] == naics)]
    available = sorted({int(y) for y in chosen["year"].dropna()})
    if year is None:
        year = available[-1] if available else int(frame["year"].max())
    elif year not in available:
        titles = _area_choices(frame)
        where = ", ".join(f"{titles.get(code, code)} ({code})" for code in area_codes)
        raise ParameterError(
            f"no figures for {occ_code} in {where}, industry {naics}, in May {year}; "
            f"releases with them: {_years_text(available) or 'none'}"
        )
    rows = chosen[chosen["year"] == year]
    missing = [code for code in area_codes if code not in set(rows["area"])]
    if missing:
        titles = _area_choices(frame)
        detail = []
        for code in missing:
            years = sorted({int(y) for y in chosen.loc[chosen["area"] == code, "year"]})
            detail.append(f"{titles.get(code, code)} ({code}): {_years_text(years) or 'no release'}")
        raise ParameterError(f"no figures for {occ_code} in May {year} for {'; '.join(detail)}")
    order = {code: number for number, code in enumerate(area_codes)}
    rows = rows.assign(_order=rows["area"].map(order)).sort_values(["_order", "own_code"]).drop(columns="_order")
    first = rows.iloc[0]
    return Selection(
        occ_code,
        str(first["occ_title"]),
        int(year),
        area_codes,
        naics,
        str(first["naics_title"]),
        rows.reset_index(drop=True),
    )


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

    rows = selection.rows
    plain_rows = _plain_rows(rows)
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
    sources = sorted({_source_text(s) for s in rows["source"].dropna()})
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
    for row in _plain_rows(selection.rows):
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
        default="table",
        help="table for reading (default), csv or json with full precision and status columns",
    )


def run(args: argparse.Namespace) -> int:
    from analysis.store import sorted_copies

    if not sorted_copies.is_up_to_date() and not getattr(args, "quiet", False):
        from analysis.console import error_line

        error_line(
            "show",
            "note: data/processed is missing or out of date, so data/raw is read directly "
            "(slow); run `him-wages data` for quick answers",
        )
    selection = select(args.occupation, args.area, args.year, args.industry)
    output_format = "json" if getattr(args, "json", False) else args.format
    text = {"table": render_table, "csv": render_csv, "json": render_json}[output_format](selection)
    sys.stdout.write(text)
    return 0
