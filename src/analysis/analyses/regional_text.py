"""The regional report's sentences, headline and key figures, built from ranked frames (frames in, words out).

Every "highest", "lowest", "most jobs" or "most concentrated" statement considers only estimates that meet the
reliability floor of :mod:`analysis.conventions.sampling` (:func:`leaders`); the estimate is written with its 95%
interval and employment beside it (:func:`estimate_text`), its single rank beside its range of possible ranks, and
ties are said in words ("California, though six other states could be highest"). An area ranked above the leader
by its published figure but below the floor is named with the reason it does not lead.

Computed figures (adjusted wages, interval bounds) are rounded as BLS rounds the measure: whole dollars for annual
wages, cents for hourly ones.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.analyses import regional
from analysis.analyses.parameters import words_list
from analysis.conventions import sampling
from analysis.conventions.measures import format_value, is_wage, measure_kind, measure_phrase
from analysis.text import escape_markdown

#: Said once wherever areas are ranked by location quotient.
LQ_SENTENCE = (
    "The location quotient compares the occupation's share of an area's jobs with its share of all U.S. jobs: "
    "above 1, the occupation is more concentrated in the area than in the nation; below 1, less."
)

#: Phrases that take "an": "an annual mean wage", "an hourly median wage".
_VOWEL = ("a", "e", "i", "o", "u", "hour")

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_words(n: int) -> str:
    """0-10 in words ("six"), larger numbers as digits ("14")."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def rounded(value: Any, measure: str) -> float | None:
    """A computed figure rounded as BLS rounds ``measure`` (whole dollars, cents, counts, three decimals)."""
    if value is None or pd.isna(value):
        return None
    kind = measure_kind(measure)
    return round(float(value), 2 if kind == "hourly" else 0 if kind in ("annual", "count") else 3)


def value_text(row: pd.Series | dict, measure: str) -> str:
    """The estimate as a reader sees it: "$68,230", "at least $239,200" (top-coded), "suppressed (...)"."""
    status = row.get("status")
    top_code = row.get("top_code")
    value = row.get("value")
    if measure == "tot_emp" and value is not None and not pd.isna(value):
        return f"{format_value(rounded(value, measure), measure)} jobs"
    return format_value(
        rounded(row.get("value"), measure),
        measure,
        None if status is None or pd.isna(status) else status,
        None if top_code is None or pd.isna(top_code) else rounded(top_code, measure),
    )


def jobs_text(row: pd.Series | dict) -> str:
    """ "18,700 jobs", or "employment not published"."""
    jobs = row.get("tot_emp")
    if jobs is None or pd.isna(jobs):
        return "employment not published"
    return f"{float(jobs):,.0f} jobs"


def interval_words(row: pd.Series | dict, measure: str) -> str:
    """ "95% interval $66,625 to $69,835", or why there is none."""
    value, rse = row.get("value"), row.get("rse")
    if value is None or pd.isna(value):
        return "no interval"
    if measure not in regional.RSE_OF:
        return "no interval: BLS publishes no error for this measure"
    if rse is None or pd.isna(rse):
        return "no interval: no published error here"
    low = format_value(rounded(row["lower"], measure), measure)
    high = format_value(rounded(row["upper"], measure), measure)
    return f"95% interval {low} to {high}"


def estimate_text(row: pd.Series | dict, measure: str) -> str:
    """ "$68,230 (95% interval $66,625 to $69,835; 18,700 jobs)"; employment itself: "21,490 jobs (95% interval
    19,805 to 23,175)"."""
    if measure == "tot_emp":
        return f"{value_text(row, measure)} ({interval_words(row, measure)})"
    return f"{value_text(row, measure)} ({interval_words(row, measure)}; {jobs_text(row)})"


def rank_text(row: pd.Series | dict, of: str = "") -> str:
    """ "rank 2 of 51 states, could rank 1–7" (a single rank beside the range the intervals allow)."""
    if row.get("rank") is None or pd.isna(row.get("rank")):
        return "not ranked"
    rank, label, n = int(row["rank"]), str(row["rank_label"]), int(row["n_ranked"])
    text = f"rank {rank} of {n}" + (f" {of}" if of else "")
    return text if label == str(rank) else f"{text}, could rank {label}"


def meets_floor(ranked: pd.DataFrame) -> pd.Series:
    """Which rows of a ranked frame may lead a headline (:func:`analysis.conventions.sampling.meets_floor`)."""
    flags = [sampling.meets_floor(jobs, rse) for jobs, rse in zip(ranked["tot_emp"], ranked["mean_prse"])]
    return pd.Series(flags, index=ranked.index, dtype=bool) & ranked["rank"].notna()


def leaders(ranked: pd.DataFrame) -> dict[str, Any]:
    """The highest and lowest estimates of a ranked frame that meet the reliability floor, with the others that
    could be highest or lowest given the sampling error (ranked among the estimates meeting the floor), and the
    areas ranked above the highest by their published figure that fall below the floor.

    Keys: ``highest``, ``lowest`` (rows of ``ranked``, None when no estimate meets the floor), ``tied_highest``,
    ``tied_lowest`` (area titles), ``above_but_below_floor`` (rows), ``n_meeting_floor``."""
    eligible = ranked[meets_floor(ranked)]
    facts: dict[str, Any] = {
        "highest": None,
        "lowest": None,
        "tied_highest": [],
        "tied_lowest": [],
        "above_but_below_floor": [],
        "n_meeting_floor": len(eligible),
    }
    if eligible.empty:
        return facts
    among = regional.rank_areas(eligible)
    top, bottom = among.iloc[0], among.iloc[-1]
    by_area = ranked.set_index("area")
    facts["highest"] = ranked[ranked["area"] == top["area"]].iloc[0]
    facts["lowest"] = ranked[ranked["area"] == bottom["area"]].iloc[0]
    facts["tied_highest"] = [
        str(t) for a, t, b in zip(among["area"], among["area_title"], among["rank_best"]) if b == 1 and a != top["area"]
    ]
    facts["tied_lowest"] = [
        str(t)
        for a, t, w in zip(among["area"], among["area_title"], among["rank_worst"])
        if w == len(among) and a != bottom["area"]
    ]
    top_rank = int(by_area.loc[top["area"], "rank"])
    above = ranked[(ranked["rank"] < top_rank).fillna(False) & ~meets_floor(ranked)]
    facts["above_but_below_floor"] = [row for _, row in above.iterrows()]
    return facts


def _why_below_floor(row: pd.Series) -> str:
    reasons = []
    jobs = row.get("tot_emp")
    if jobs is None or pd.isna(jobs):
        reasons.append("its employment is not published")
    elif float(jobs) < sampling.MIN_JOBS:
        reasons.append(f"it rests on {float(jobs):,.0f} jobs")
    rse = row.get("mean_prse")
    if rse is None or pd.isna(rse):
        reasons.append("its mean wage has no published error")
    elif float(rse) > sampling.MAX_MEAN_RSE:
        reasons.append(f"its mean wage has a relative standard error of {float(rse):g}%")
    return " and ".join(reasons) or "it is below the reliability floor"


def _ties(titles: list[str], plural: str, which: str) -> str:
    if not titles:
        return ""
    return (
        f"; given the sampling error, {number_words(len(titles))} other {plural if len(titles) > 1 else plural[:-1]} "
        f"could also {which}: {words_list(titles)}"
    )


#: How the top of a ranking is called, by measure (wages: "Highest").
_TOP_WORDS = {"tot_emp": "Most jobs", "loc_quotient": "Most concentrated", "jobs_1000": "Most jobs per 1,000"}
_BOTTOM_WORDS = {"tot_emp": "Fewest jobs", "loc_quotient": "Least concentrated", "jobs_1000": "Fewest jobs per 1,000"}


def top_words(measure: str) -> str:
    """ "Highest" for wages, "Most jobs" for employment, "Most concentrated" for the location quotient."""
    return _TOP_WORDS.get(measure, "Highest")


def leader_sentences(ranked: pd.DataFrame, measure: str, *, plural: str, lowest: bool = True) -> str:
    """Markdown (area titles escaped): the highest (and, with ``lowest``, the lowest) of a ranking among the
    estimates meeting the floor, each with its interval, employment, single rank and range, and the ties in words;
    ``plural`` names the areas ("states", "metropolitan areas")."""
    facts = leaders(ranked)
    if facts["highest"] is None:
        return (
            f"No {plural[:-1]} meets the reliability floor for this measure, so none is named highest or lowest. "
            + sampling.floor_sentence()
        )
    top = facts["highest"]
    first, last = ("be highest", "be lowest") if is_wage(measure) else ("rank first", "rank last")
    text = (
        f"**{top_words(measure)}:** {escape_markdown(top['area_title'])}, {estimate_text(top, measure)}, "
        f"{rank_text(top, plural)}{_ties([escape_markdown(t) for t in facts['tied_highest']], plural, first)}."
    )
    above = facts["above_but_below_floor"]
    if above:
        row = above[0]
        text += (
            f" {escape_markdown(row['area_title'])} ranks higher by its published figure ({value_text(row, measure)}), "
            f"but {_why_below_floor(row)}, below the reliability floor."
        )
    if len(above) > 1:
        others = len(above) - 1
        text += (
            f" {number_words(others).capitalize()} other {plural if others > 1 else plural[:-1]} also rank"
            f"{'' if others > 1 else 's'} higher by {'their' if others > 1 else 'its'} published figure but "
            f"{'are' if others > 1 else 'is'} below the floor (see the table)."
        )
    if lowest:
        bottom = facts["lowest"]
        word = _BOTTOM_WORDS.get(measure, "Lowest")
        text += (
            f" **{word}:** {escape_markdown(bottom['area_title'])}, {estimate_text(bottom, measure)}, "
            f"{rank_text(bottom, plural)}{_ties([escape_markdown(t) for t in facts['tied_lowest']], plural, last)}."
        )
        below = ranked[(ranked["rank"] > bottom["rank"]).fillna(False) & ~meets_floor(ranked)]
        if len(below):
            text += (
                f" {number_words(len(below)).capitalize()} {plural if len(below) > 1 else plural[:-1]} rank lower by "
                f"{'their' if len(below) > 1 else 'its'} published figure but "
                f"{'are' if len(below) > 1 else 'is'} below the reliability floor."
            )
    return text


# ------------------------------------------------------------------------------------------ headline, figures
def _leader_text(row: pd.Series | None, measure: str) -> str:
    return "none meets the reliability floor" if row is None else f"{row['area_title']}, {value_text(row, measure)}"


def us_headline(
    *, occupation_title: str, year: int, measure: str, states: pd.DataFrame, adjusted: pd.DataFrame | None
) -> str:
    """The U.S. view's headline: the occupation, then the highest and lowest state (floor met), ties in words."""
    facts = leaders(states)
    phrase = measure_phrase(measure)
    if facts["highest"] is None:
        return f"{occupation_title}, May {year}: no state's {phrase} meets the reliability floor."
    top, bottom = facts["highest"], facts["lowest"]
    tied = facts["tied_highest"]
    though = (
        f", though {number_words(len(tied))} other state{'s' if len(tied) > 1 else ''} could be highest" if tied else ""
    )
    text = (
        f"{occupation_title}, May {year}: the highest {phrase} is in {top['area_title']} "
        f"({value_text(top, measure)}, {jobs_text(top)}){though}; the lowest in {bottom['area_title']} "
        f"({value_text(bottom, measure)})"
    )
    if adjusted is not None:
        real = leaders(adjusted)
        if real["highest"] is not None:
            text += (
                f"; in U.S.-average prices the highest is {real['highest']['area_title']} "
                f"({value_text(real['highest'], measure)}) and the lowest {real['lowest']['area_title']} "
                f"({value_text(real['lowest'], measure)})"
            )
    return text + "."


def us_key_figures(
    *,
    measure: str,
    states: pd.DataFrame,
    adjusted: pd.DataFrame | None,
    national: pd.Series | None,
    states_by_jobs: pd.DataFrame,
    metros: pd.DataFrame,
) -> list[list[str]]:
    """At most six [label, text] pairs for the U.S. view, in plain words with units."""
    phrase = measure_phrase(measure)
    facts = leaders(states)
    figures = [
        [f"Highest state, {phrase}", _leader_text(facts["highest"], measure)],
        [f"Lowest state, {phrase}", _leader_text(facts["lowest"], measure)],
    ]
    if national is not None and pd.notna(national.get("value")):
        figures.append([f"U.S. {phrase}", value_text(national, measure)])
    if adjusted is not None:
        real = leaders(adjusted)
        figures.append(["Highest state in U.S.-average prices", _leader_text(real["highest"], measure)])
        figures.append(["Lowest state in U.S.-average prices", _leader_text(real["lowest"], measure)])
    jobs = leaders(states_by_jobs)["highest"]
    if jobs is not None:
        figures.append(["State with the most jobs", f"{jobs['area_title']}, {jobs_text(jobs)}"])
    if len(figures) < 6:
        metro = leaders(metros)["highest"]
        figures.append([f"Highest metropolitan area, {phrase}", _leader_text(metro, measure)])
    return figures[:6]


def place_headline(
    *, place: pd.Series, occupation_title: str, year: int, measure: str, kind_plural: str, leader: pd.Series | None
) -> str:
    """A deep dive's headline, leading with the place: "California: Medical Records Specialists earned an annual
    mean wage of $68,230 in May 2025 (95% interval ...; 18,700 jobs), rank 2 of 51 states, could rank 1–7; highest
    in the state: ..."."""
    if pd.isna(place.get("value")) and str(place.get("status")) != "top_coded":
        return (
            f"{place['area_title']}: BLS published no {measure_phrase(measure)} of {occupation_title} for May {year} "
            f"({value_text(place, measure)}; {jobs_text(place)})."
        )
    article = "an" if measure_phrase(measure).startswith(_VOWEL) else "a"
    text = (
        f"{place['area_title']}: {occupation_title} earned {article} {measure_phrase(measure)} of "
        f"{estimate_text(place, measure)} in May {year}"
    )
    if measure == "tot_emp":
        text = f"{place['area_title']}: {occupation_title} held {estimate_text(place, measure)} in May {year}"
    if pd.notna(place.get("rank")):
        text += f", {rank_text(place, kind_plural)}"
    if leader is not None:
        text += f"; highest in {place['area_title']}: {leader['area_title']} ({value_text(leader, measure)})"
    return text + "."


def place_key_figures(
    *,
    place: pd.Series,
    measure: str,
    kind_plural: str,
    adjusted: pd.Series | None = None,
    national: pd.Series | None = None,
    leader: pd.Series | None = None,
) -> list[list[str]]:
    """At most six [label, text] pairs for a state or area deep dive, led by the place itself."""
    name, phrase = str(place["area_title"]), measure_phrase(measure)
    figures = [[f"{name}, {phrase}", value_text(place, measure)]]
    if measure in regional.RSE_OF and pd.notna(place.get("rse")):
        figures.append([f"{name}, 95% interval", interval_words(place, measure).replace("95% interval ", "")])
    if measure != "tot_emp":
        figures.append([f"{name}, employment", jobs_text(place)])
    if pd.notna(place.get("rank")):
        figures.append([f"Rank among {kind_plural}", rank_text(place, kind_plural).replace("rank ", "", 1)])
    if adjusted is not None and pd.notna(adjusted.get("value")) and is_wage(measure):
        figures.append([f"{name} in U.S.-average prices", value_text(adjusted, measure)])
    if leader is not None:
        figures.append([f"Highest area in {name}", _leader_text(leader, measure)])
    if national is not None and pd.notna(national.get("value")):
        figures.append([f"U.S. {phrase}", value_text(national, measure)])
    return figures[:6]
