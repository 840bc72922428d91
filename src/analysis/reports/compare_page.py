"""The comparison report (notebooks/05_compare.ipynb), section by section: each function returns the parts a section
shows (Markdown, tables, charts; displayed with :func:`analysis.reports.regional_page.show`), so that the notebook
stays a list of calls and every sentence is tested here. The salary section is left out when no salary is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.analyses import compare, cost_of_living, parameters, regional, tables
from analysis.charts import compare as compare_charts
from analysis.conventions import sampling
from analysis.reports.regional_page import Table, hint, show
from analysis.text import escape_markdown


@dataclass
class Comparison:
    """Everything the comparison shows, computed once from the checked parameters."""

    occupation: str
    occupation_title: str
    year: int
    areas: list[str]
    salary: float | None
    compared: pd.DataFrame
    rpp_choice: cost_of_living.RPPChoice | None
    rpp_problem: str | None

    @property
    def titles(self) -> dict[str, str]:
        return dict(zip(self.compared["area"], self.compared["area_title"].astype(str)))

    def value(self, area: str, measure: str, column: str = "value") -> float | None:
        row = self.compared[(self.compared["area"] == area) & (self.compared["measure"] == measure)].iloc[0]
        return None if pd.isna(row[column]) else float(row[column])

    @property
    def adjusted_areas(self) -> list[str]:
        if self.rpp_choice is None:
            return []
        return [a for a in self.areas if self.value(a, "a_mean", "rpp") is not None]


def prepare(frame: pd.DataFrame, *, occupation: str, areas: Any, year: int | None, salary: Any) -> Comparison:
    """Check the parameters (one-line ParameterError naming what is allowed) and build the side-by-side frame."""
    from analysis.sources import bea_rpp

    occupation, year = regional.check_release(frame, occupation=occupation, year=year)
    rows = regional.cross_industry(frame, occupation=occupation, year=year)
    areas = compare.check_areas(rows, areas)
    salary = compare.check_salary(salary)
    rpp = bea_rpp.read_rpp()
    choice, problem = cost_of_living.rpp_choice_or_why_not(rpp, year)
    if choice is None:  # a release older than BEA's first RPP year: published values only
        rpp = None
    compared = compare.side_by_side(frame, occupation=occupation, year=year, areas=areas, rpp=rpp)
    return Comparison(
        occupation=occupation,
        occupation_title=parameters.available_occupations(frame)[occupation],
        year=year,
        areas=areas,
        salary=salary,
        compared=compared,
        rpp_choice=choice,
        rpp_problem=problem,
    )


def headline(c: Comparison) -> str:
    return compare.headline(c.compared, occupation_title=c.occupation_title, year=c.year, salary=c.salary)


def key_figures(c: Comparison) -> list[list[str]]:
    return compare.key_figures(c.compared, salary=c.salary)


def key_figures_table(c: Comparison) -> pd.DataFrame:
    """The key figures as the table the notebook and the report show (Figure, Value)."""
    return pd.DataFrame(key_figures(c), columns=["Figure", "Value"])


def _cannot_tell(pairs: pd.DataFrame) -> list[list[str]]:
    return [[r.area_a, r.area_b] for r in pairs.itertuples() if r.verdict.startswith(sampling.CANNOT_TELL)]


def figures(c: Comparison) -> dict[str, Any]:
    """The figures recorded for the index and the tests: headline, key figures and raw values."""
    adjusted = c.adjusted_areas
    checked = compare.salary_check(c.compared, c.salary) if c.salary is not None else None
    verdicts = compare.salary_verdicts(c.compared, c.salary) if c.salary is not None else None
    return {
        "headline": headline(c),
        "key_figures": key_figures(c),
        "occupation": c.occupation,
        "occupation_title": c.occupation_title,
        "year": c.year,
        "areas": c.areas,
        "area_titles": [c.titles[a] for a in c.areas],
        "values": {m: {a: c.value(a, m) for a in c.areas} for m in compare.COMPARE_MEASURES},
        "statuses": _statuses(c),
        "mean_cannot_tell_apart": _cannot_tell(compare.tell_apart(c.compared, "a_mean")),
        "employment_cannot_tell_apart": _cannot_tell(compare.tell_apart(c.compared, "tot_emp")),
        "rpp_year": None if c.rpp_choice is None else c.rpp_choice.rpp_year,
        "rpp_vintage": None if c.rpp_choice is None else c.rpp_choice.vintage,
        "rpp_source": None if c.rpp_choice is None else c.rpp_choice.source,
        "rpp_sha256": None if c.rpp_choice is None else c.rpp_choice.sha256,
        "rpp": {a: c.value(a, "a_mean", "rpp") for a in adjusted},
        "adjusted_mean": {a: c.value(a, "a_mean", "adj_value") for a in adjusted},
        "adjusted_median": {a: c.value(a, "a_median", "adj_value") for a in adjusted},
        "adjusted_mean_cannot_tell_apart": _cannot_tell(compare.tell_apart(c.compared, "a_mean", adjusted=True))
        if adjusted
        else [],
        "salary": c.salary,
        "salary_check": {}
        if checked is None
        else {
            r.area: {
                "position": r.position,
                "lower": r.lower_name,
                "upper": r.upper_name,
                "approx_percentile": None if pd.isna(r.approx_percentile) else int(r.approx_percentile),
            }
            for r in checked.itertuples()
        },
        "salary_verdicts": {} if verdicts is None else dict(zip(verdicts["area"], verdicts["verdict"])),
    }


def _statuses(c: Comparison) -> dict[str, dict[str, str | None]]:
    out: dict[str, dict[str, str | None]] = {}
    for measure in compare.COMPARE_MEASURES:
        rows = c.compared[c.compared["measure"] == measure].set_index("area")["status"]
        out[measure] = {a: None if pd.isna(rows.get(a)) else str(rows.get(a)) for a in c.areas}
    return out


def summary_parts(c: Comparison) -> list[str]:
    """The opening: the occupation, release and areas, and the headline in words."""
    kinds = {a: regional.AREA_KIND_NAMES[int(t)] for a, t in zip(c.compared["area"], c.compared["area_type"])}
    listed = "; ".join(f"{escape_markdown(c.titles[a])} ({kinds[a]}, BLS code {a})" for a in c.areas)
    salary = f". Salary checked: {tables.whole_dollars(c.salary)} a year." if c.salary is not None else "."
    return [
        f"**{escape_markdown(c.occupation_title)} ({c.occupation})**, May {c.year} release: {listed}{salary}",
        f"**In brief:** {escape_markdown(headline(c))}",
    ]


def published_parts(c: Comparison) -> list[Any]:
    """The side-by-side table, the distribution, mean and employment charts, and which areas can be told apart."""
    mean_pairs = compare.tell_apart(c.compared, "a_mean")
    employment_pairs = compare.tell_apart(c.compared, "tot_emp")
    overlapping = [
        f"{escape_markdown(r.title_a)} and {escape_markdown(r.title_b)}"
        for r in mean_pairs.itertuples()
        if r.verdict.startswith(sampling.CANNOT_TELL)
    ]
    told = (
        "**Mean wage:** these pairs cannot be told apart (their 95% intervals overlap): "
        + "; ".join(overlapping)
        + ". "
        if overlapping
        else "**Mean wage:** every pair's intervals are apart. "
    )
    return [
        Table(
            compare_charts.side_by_side_table(c.compared),
            f"{c.occupation_title}, May {c.year}: published estimates by area",
            data=c.compared,
        ),
        compare_charts.distribution_chart(c.compared, salary=c.salary),
        compare_charts.mean_chart(c.compared),
        compare_charts.employment_chart(c.compared),
        Table(
            compare_charts.tell_apart_table(mean_pairs, "a_mean"),
            "Annual mean wage: can the areas be told apart? (95% intervals from BLS's relative standard errors)",
            data=mean_pairs,
        ),
        Table(
            compare_charts.tell_apart_table(employment_pairs, "tot_emp"),
            "Employment: can the areas be told apart? (95% intervals from BLS's relative standard errors)",
            data=employment_pairs,
        ),
        told + "BLS publishes no error for the median or the other percentiles, so differences between them cannot "
        "be tested. " + sampling.floor_sentence(),
    ]


def adjusted_parts(c: Comparison) -> list[Any]:
    """The wages of the states and the U.S. in U.S.-average prices, with which areas can be told apart."""
    if c.rpp_choice is None:
        return [f"No cost-of-living adjustment: {escape_markdown(c.rpp_problem)}."]
    adjusted = c.adjusted_areas
    parts: list[Any] = [
        f"{c.rpp_choice.sentence()} {cost_of_living.NO_RPP_ERROR} {escape_markdown(c.rpp_choice.source_note())}"
        + ("" if len(adjusted) == len(c.areas) else " " + cost_of_living.NO_METRO_RPP)
    ]
    if not adjusted:
        return parts + ["None of the areas chosen is a state or the U.S.: nothing to adjust."]
    pairs = compare.tell_apart(c.compared, "a_mean", adjusted=True)
    parts += [
        Table(
            compare_charts.side_by_side_table(c.compared, adjusted=True),
            f"Annual wages in U.S.-average prices (BEA RPPs {c.rpp_choice.rpp_year})",
            data=compare.wage_rows(c.compared),
        ),
        compare_charts.distribution_chart(
            c.compared[c.compared["area"].isin(adjusted)], salary=c.salary, adjusted=True
        ),
    ]
    if len(pairs):
        parts.append(
            Table(
                compare_charts.tell_apart_table(pairs, "a_mean"),
                "Annual mean wage in U.S.-average prices: can the areas be told apart?",
                data=pairs,
            )
        )
    return parts


def salary_parts(c: Comparison) -> list[Any]:
    """Where the salary falls in each area (nothing when no salary is given): the verdict on "the salary is below
    the area's annual mean wage" from the 95% interval, and its place among the published percentiles."""
    if c.salary is None:
        return []
    checked = compare.salary_check(c.compared, c.salary)
    verdicts = compare.salary_verdicts(c.compared, c.salary)
    money = tables.whole_dollars(c.salary)
    return [
        (
            "## Salary check\n\n"
            f"Is {money} a year below each area's annual mean wage? The verdict reads the 95% interval of the mean: "
            "**supported** when the whole interval lies above the salary, **not supported** when it lies wholly below, "
            "**cannot tell apart** when it contains the salary. Then the salary is placed among BLS's five published "
            "percentiles (10th, 25th, median, 75th, 90th); between two of them the percentile is approximate (a "
            "straight line between the two points), given as a whole number. The check uses published wages."
        ),
        Table(
            compare_charts.salary_verdict_table(verdicts),
            f"Is {money} below the annual mean wage? Verdicts from the 95% intervals",
            data=verdicts,
        ),
        Table(
            compare_charts.salary_table(checked),
            f"Where {money} a year falls in each area's published wages",
            data=tables.raw_data(checked),
        ),
        " ".join(f"**{escape_markdown(r.area_title)}:** {escape_markdown(r.text)}" for r in checked.itertuples()),
    ]


__all__ = [
    "Comparison",
    "Table",
    "adjusted_parts",
    "figures",
    "headline",
    "hint",
    "key_figures",
    "key_figures_table",
    "prepare",
    "published_parts",
    "salary_parts",
    "show",
    "summary_parts",
]
