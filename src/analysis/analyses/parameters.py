"""Checks for the plain-value parameters of the notebooks and analyses.

Each check returns the value to use (``None`` resolved to a default) or raises
:class:`~analysis.errors.ParameterError` (a ``ValueError``) saying what was wrong and listing what *is* available
in the loaded data, so a notebook fails in its first cell after the parameters with a message a reader can act on.
"""

from __future__ import annotations

import difflib
import numbers
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.conventions.schema import SOC_CODE
from analysis.errors import ParameterError
from analysis.text import escape_markdown

#: How many occupations a message lists in full before summarising.
_LIST_LIMIT = 40

#: How to bring in more releases, said in every "not loaded" message.
HOW_TO_ADD_RELEASES = (
    "add releases with the data_dirs parameter (folders of BLS files, e.g. national_M2020_dl.xlsx) "
    "or download them with `him-wages fetch` and rebuild the store with `him-wages data`"
)


def available_years(frame: pd.DataFrame) -> list[int]:
    """Release years present in ``frame``, ascending."""
    return sorted(int(y) for y in frame["year"].dropna().unique())


def available_occupations(frame: pd.DataFrame) -> dict[str, str]:
    """SOC code -> title (the latest title BLS published) for every occupation in ``frame``, sorted by code."""
    rows = frame[["year", "occ_code", "occ_title"]].dropna(subset=["occ_code"])
    rows = rows.sort_values("year").drop_duplicates("occ_code", keep="last").sort_values("occ_code")
    pairs = zip(rows["occ_code"], rows["occ_title"], strict=True)
    return {str(code): ("" if pd.isna(title) else str(title)) for code, title in pairs}


def words_list(items: Iterable[str]) -> str:
    """``["a", "b", "c"]`` as "a, b and c" (plain words for a report sentence)."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def ordinal(n: int) -> str:
    """1 -> "1st", 22 -> "22nd", 13 -> "13th"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def releases_in_words(years: Iterable[int]) -> str:
    """The releases loaded in words: "15 releases, May 2011 to May 2025", "one release, May 2025", "no release"."""
    years = sorted({int(year) for year in years})
    if not years:
        return "no release"
    if len(years) == 1:
        return f"one release, May {years[0]}"
    return f"{len(years)} releases, May {years[0]} to May {years[-1]}"


def occupation_in_words(frame: pd.DataFrame, code: str) -> str:
    """Markdown "Medical Records Specialists (29-2072)": BLS's latest title in ``frame``, escaped, and the code."""
    title = available_occupations(frame).get(code, "")
    return f"{escape_markdown(title)} ({code})" if title else code


def _describe_occupations(occupations: dict[str, str], near: str | None = None) -> str:
    if not occupations:
        return "none (no data loaded)"
    items = [f"{code} {title}".strip() for code, title in occupations.items()]
    if len(items) <= _LIST_LIMIT:
        return "; ".join(items)
    codes = list(occupations)
    wanted = [c for c in ("29-2072", "29-9021", "11-9111", "00-0000") if c in occupations]
    if near is not None:
        wanted = list(dict.fromkeys(difflib.get_close_matches(near, codes, n=5, cutoff=0.6) + wanted))
    shown = [f"{code} {occupations[code]}".strip() for code in wanted] or items[:10]
    return (
        f"{len(codes)} codes from {codes[0]} to {codes[-1]}; closest: "
        + "; ".join(shown)
        + " (analysis.analyses.parameters.available_occupations(frame) lists them all)"
    )


def check_occupation(frame: pd.DataFrame, occupation: str) -> str:
    """``occupation`` if it is a SOC code present in ``frame``; else ParameterError listing the codes available."""
    if not isinstance(occupation, str) or not SOC_CODE.match(occupation.strip()):
        raise ParameterError(
            f"occupation must be a SOC code written like '29-2072'; got {occupation!r}. "
            f"Available: {_describe_occupations(available_occupations(frame))}"
        )
    occupation = occupation.strip()
    available = available_occupations(frame)
    if occupation not in available:
        raise ParameterError(
            f"occupation {occupation} is not in the data loaded (years {available_years(frame)}). "
            f"Available: {_describe_occupations(available, occupation)}. If it was published in other releases, "
            f"{HOW_TO_ADD_RELEASES}."
        )
    return occupation


def check_occupations(frame: pd.DataFrame, occupations: Iterable[str] | str) -> list[str]:
    """Each code checked with :func:`check_occupation`; a single string is accepted as a one-item list."""
    if isinstance(occupations, str):
        occupations = [occupations]
    codes = list(occupations)
    if not codes:
        raise ParameterError(
            "occupations is empty; name at least one SOC code. "
            f"Available: {_describe_occupations(available_occupations(frame))}"
        )
    checked = [check_occupation(frame, code) for code in codes]
    return list(dict.fromkeys(checked))


def check_year(frame: pd.DataFrame, year: int | None, *, occupation: str | None = None) -> int:
    """The release year to use: ``None`` means the latest loaded (for ``occupation`` when given).

    ParameterError when the year is not loaded, or the occupation is not published in it, listing the years that are.
    """
    rows = frame if occupation is None else frame[frame["occ_code"] == occupation]
    years = available_years(rows)
    what = "releases loaded" if occupation is None else f"releases loaded that publish {occupation}"
    if not years:
        raise ParameterError(f"no {what}; {HOW_TO_ADD_RELEASES}")
    if year is None:
        return years[-1]
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        raise ParameterError(f"year must be a release year such as {years[-1]}, or None for the latest; got {year!r}")
    year = int(year)
    if year not in years:
        all_years = available_years(frame)
        detail = ""
        if occupation is not None and year in all_years:
            detail = f" May {year} is loaded but does not publish {occupation}."
        raise ParameterError(
            f"year {year} is not available: {what}: {years}.{detail} To use another release, {HOW_TO_ADD_RELEASES}."
        )
    return year


def check_choice(name: str, value: str, choices: Iterable[str]) -> str:
    """``value`` if it is one of ``choices``; else ParameterError listing them."""
    choices = list(choices)
    if value not in choices:
        raise ParameterError(f"{name} {value!r} is not available; choose one of: {', '.join(map(repr, choices))}")
    return value


def check_positive_int(name: str, value: int) -> int:
    """A whole number >= 1 (e.g. ``top_n``)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ParameterError(f"{name} must be a whole number of at least 1; got {value!r}")
    return int(value)


def check_data_dirs(data_dirs: Iterable[str | Path] | str | Path | None) -> list[Path]:
    """Folders of BLS files to load besides the store; each must exist. A single path is accepted."""
    if data_dirs is None:
        return []
    if isinstance(data_dirs, (str, Path)):
        data_dirs = [data_dirs]
    paths = [Path(p).expanduser() for p in data_dirs]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise ParameterError(
            f"data_dirs names folders that do not exist: {missing} (relative paths are read from "
            f"{Path.cwd()}); give folders holding BLS OEWS files"
        )
    return paths
