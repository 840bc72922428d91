"""Areas side by side for one occupation and release, and where a salary falls in each area's wages.

:func:`side_by_side` gives, for 2-6 areas (the U.S., states, metropolitan or nonmetropolitan areas), the published
employment, jobs per 1,000, annual mean and the five annual percentiles, each with its BLS status and, where BLS
publishes an RSE (employment, mean), a 95% interval; for states and the U.S. the wages also in U.S.-average prices
(:mod:`analysis.analyses.cost_of_living`). :func:`tell_apart` says, pair by pair, whether two areas' intervals
overlap ("cannot tell apart"). :func:`salary_position` places a salary among an area's five published percentiles.

Salary check: BLS publishes five points of each wage distribution (10th, 25th, 50th, 75th, 90th percentiles). A
salary between two of them is named by those two; its percentile is interpolated on a straight line between
them and labelled approximate, rounded to a whole percentile ("about the 44th"). Below the 10th or above the 90th
nothing more can be said. A top-coded percentile is known only as "at least" its bound; a suppressed one is
skipped and named.
"""

from __future__ import annotations

import itertools
import math
import numbers
from collections.abc import Iterable, Sequence

import pandas as pd

from analysis.analyses import cost_of_living, regional
from analysis.analyses.parameters import ordinal, words_list
from analysis.analyses.tables import whole_dollars
from analysis.conventions import sampling
from analysis.conventions.geography import MSA, NONMETRO, STATE, TERRITORY, US
from analysis.errors import ParameterError

#: The measures compared, in display order.
COMPARE_MEASURES: tuple[str, ...] = (
    "tot_emp",
    "jobs_1000",
    "a_mean",
    "a_pct10",
    "a_pct25",
    "a_median",
    "a_pct75",
    "a_pct90",
)

#: Published percentile points of the annual wage distribution: (percentile, column, name).
PERCENTILE_POINTS: tuple[tuple[int, str, str], ...] = (
    (10, "a_pct10", "10th percentile"),
    (25, "a_pct25", "25th percentile"),
    (50, "a_median", "median"),
    (75, "a_pct75", "75th percentile"),
    (90, "a_pct90", "90th percentile"),
)

MIN_AREAS, MAX_AREAS = 2, 6
APPROXIMATE_NOTE = "approximate: a straight line between BLS's two published percentiles around it"


def check_areas(frame: pd.DataFrame, areas: Sequence[object] | str) -> list[str]:
    """BLS codes of 2-6 distinct areas given by code or name (see :func:`analysis.analyses.regional.resolve_area`)."""
    if isinstance(areas, (str, int)):
        areas = [areas]
    items = list(areas or [])
    if not MIN_AREAS <= len(items) <= MAX_AREAS:
        raise ParameterError(
            f"areas must name {MIN_AREAS} to {MAX_AREAS} areas (the U.S., states, metropolitan or "
            f"nonmetropolitan areas, by code or name); got {len(items)}: {items!r}"
        )
    codes = [regional.resolve_area(frame, item) for item in items]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ParameterError(f"areas names the same area twice: {duplicates} (from {items!r})")
    return codes


def check_salary(salary: object) -> float | None:
    """A positive annual salary in dollars, or None."""
    if salary is None:
        return None
    if isinstance(salary, bool) or not isinstance(salary, numbers.Real) or not salary > 0:
        raise ParameterError(f"salary must be a positive annual amount in dollars (e.g. 55000) or None; got {salary!r}")
    return float(salary)


def side_by_side(
    frame: pd.DataFrame, *, occupation: str, year: int, areas: Sequence[str], rpp: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per (area, measure) of :data:`COMPARE_MEASURES`, areas in the order given: the estimates columns
    of :func:`analysis.analyses.regional.estimates` plus ``order``, and for wages ``adj_value``, ``adj_lower``,
    ``adj_upper``, ``adj_top_code``, ``rpp``, ``rpp_year``, ``rpp_vintage`` (null where there is no RPP: metro,
    nonmetropolitan areas, territories, or ``rpp`` None)."""
    parts = []
    for measure in COMPARE_MEASURES:
        rows = regional.estimates(
            frame, occupation=occupation, year=year, measure=measure, area_types=(US, STATE, TERRITORY, MSA, NONMETRO)
        )
        rows = rows[rows["area"].isin(list(areas))]
        if rpp is not None and cost_of_living.is_adjustable(measure):
            adjusted = cost_of_living.adjust_estimates(rows, rpp)
            for column in ("value", "lower", "upper", "top_code"):
                rows[f"adj_{column}"] = adjusted[column]
            for column in ("rpp", "rpp_year", "rpp_vintage"):
                rows[column] = adjusted[column]
        parts.append(rows)
    out = pd.concat(parts, ignore_index=True)
    for column, dtype in (
        ("adj_value", "Float64"),
        ("adj_lower", "Float64"),
        ("adj_upper", "Float64"),
        ("adj_top_code", "Float64"),
        ("rpp", "Float64"),
        ("rpp_year", "Int64"),
        ("rpp_vintage", "string"),
    ):
        out[column] = (
            out[column].astype(dtype) if column in out.columns else pd.Series(pd.NA, index=out.index, dtype=dtype)
        )
    out["order"] = out["area"].map({a: i for i, a in enumerate(areas)}).astype("Int64")
    out["measure_order"] = out["measure"].map({m: i for i, m in enumerate(COMPARE_MEASURES)}).astype("Int64")
    return out.sort_values(["measure_order", "order"]).reset_index(drop=True)


def _overlap(a: pd.Series, b: pd.Series, prefix: str) -> str:
    lo_a, hi_a, lo_b, hi_b = (a[f"{prefix}lower"], a[f"{prefix}upper"], b[f"{prefix}lower"], b[f"{prefix}upper"])
    if any(pd.isna(v) for v in (lo_a, hi_a, lo_b, hi_b)):
        return "cannot compare: a value was not published or has no interval"
    if pd.isna(a["rse"]) or pd.isna(b["rse"]):
        return "no interval: BLS publishes no RSE for this estimate here"
    if sampling.tell_apart((float(lo_a), float(hi_a)), (float(lo_b), float(hi_b))):
        return "different: the 95% intervals do not overlap"
    return f"{sampling.CANNOT_TELL}: the 95% intervals overlap"


def tell_apart(compared: pd.DataFrame, measure: str, *, adjusted: bool = False) -> pd.DataFrame:
    """Every pair of areas for a measure with an RSE (``tot_emp``, ``a_mean``): ``verdict`` says whether their 95%
    intervals overlap ("cannot tell apart") or not ("different"); ``adjusted`` compares U.S.-average prices."""
    if measure not in regional.RSE_OF:
        raise ParameterError(f"BLS publishes an RSE only for {', '.join(regional.RSE_OF)}; {measure} has none")
    rows = compared[compared["measure"] == measure].sort_values("order")
    prefix = "adj_" if adjusted else ""
    if adjusted:
        rows = rows[rows["adj_value"].notna()]
    records = []
    for (_, a), (_, b) in itertools.combinations(rows.iterrows(), 2):
        records.append(
            {
                "area_a": a["area"],
                "title_a": a["area_title"],
                "area_b": b["area"],
                "title_b": b["area_title"],
                "value_a": a[f"{prefix}value"],
                "value_b": b[f"{prefix}value"],
                "verdict": _overlap(a, b, prefix),
            }
        )
    return pd.DataFrame.from_records(
        records, columns=["area_a", "title_a", "area_b", "title_b", "value_a", "value_b", "verdict"]
    )


def salary_position(points: Iterable[dict], salary: float) -> dict:
    """Where ``salary`` falls among one area's published percentiles.

    ``points``: dicts with ``percentile`` (10, 25, 50, 75, 90), ``name``, ``value`` (None unless published),
    ``status`` and ``top_code``. Returns ``position`` ("below", "between", "at", "above", "above_top_coded",
    "below_top_code", "none"), ``lower_name``/``upper_name`` (the published points around the salary),
    ``approx_percentile`` (whole number or None), ``text`` (a sentence) and ``skipped`` (points not published)."""
    salary = float(salary)
    points = sorted(points, key=lambda p: p["percentile"])
    numeric = [p for p in points if p.get("value") is not None and not pd.isna(p["value"])]
    top_coded = [p for p in points if p.get("status") == "top_coded"]
    skipped = [p["name"] for p in points if p not in numeric and p not in top_coded]
    result = {
        "salary": salary,
        "position": "none",
        "lower_name": None,
        "upper_name": None,
        "approx_percentile": None,
        "text": "",
        "skipped": skipped,
    }
    skipped_text = f" ({', '.join(skipped)} not published by BLS)" if skipped else ""
    if not numeric:
        bound = (
            f"; the wages BLS shows are top-coded (at least {whole_dollars(float(top_coded[0]['top_code']))})"
            if top_coded
            else ""
        )
        result["text"] = f"BLS published no wage percentiles here{bound}: the salary cannot be placed."
        return result
    for point in numeric:
        if abs(salary - float(point["value"])) < 0.5:
            result.update(
                position="at",
                lower_name=point["name"],
                upper_name=point["name"],
                approx_percentile=point["percentile"],
                text=f"{whole_dollars(salary)} is at the {point['name']} ({whole_dollars(float(point['value']))}).",
            )
            return result
    first, last = numeric[0], numeric[-1]
    if salary < float(first["value"]):
        lowest = "" if first["percentile"] == 10 else ", the lowest published point"
        result.update(
            position="below",
            upper_name=first["name"],
            text=f"{whole_dollars(salary)} is below the {first['name']} "
            f"({whole_dollars(float(first['value']))}{lowest}){skipped_text}.",
        )
        return result
    if salary > float(last["value"]):
        above = [p for p in top_coded if p["percentile"] > last["percentile"]]
        if above:
            bound = float(above[0]["top_code"])
            name = above[0]["name"]
            if salary < bound:
                text = (
                    f"{whole_dollars(salary)} is above the {last['name']} "
                    f"({whole_dollars(float(last['value']))}) and below "
                    f"the {name}, which BLS publishes only as at least {whole_dollars(bound)} (top-coded): between "
                    f"the {ordinal(last['percentile'])} and {ordinal(above[0]['percentile'])} percentiles"
                )
                result.update(position="between", lower_name=last["name"], upper_name=name, text=text + ".")
            else:
                text = (
                    f"{whole_dollars(salary)} is above the {last['name']} "
                    f"({whole_dollars(float(last['value']))}); the {name} "
                    f"is top-coded (at least {whole_dollars(bound)}), so BLS's data cannot say whether the salary is "
                    "below or above it"
                )
                result.update(position="above_top_coded", lower_name=last["name"], text=text + ".")
            return result
        highest = "" if last["percentile"] == 90 else ", the highest published point"
        result.update(
            position="above",
            lower_name=last["name"],
            text=f"{whole_dollars(salary)} is above the {last['name']} ({whole_dollars(float(last['value']))}{highest})"
            f"{skipped_text}.",
        )
        return result
    for low, high in itertools.pairwise(numeric):
        w_lo, w_hi = float(low["value"]), float(high["value"])
        if w_lo < salary < w_hi:
            share = (salary - w_lo) / (w_hi - w_lo)
            # whole percentiles, halves rounded up (not to even): five points allow no finer claim
            approx = math.floor(low["percentile"] + share * (high["percentile"] - low["percentile"]) + 0.5)
            gap = [p["name"] for p in points if low["percentile"] < p["percentile"] < high["percentile"]]
            gap_text = f"; the {', '.join(gap)} between them is not published" if gap else ""
            result.update(
                position="between",
                lower_name=low["name"],
                upper_name=high["name"],
                approx_percentile=approx,
                text=(
                    f"{whole_dollars(salary)} lies between the {low['name']} ({whole_dollars(w_lo)}) and the "
                    f"{high['name']} ({whole_dollars(w_hi)}): about the {ordinal(approx)} percentile "
                    f"({APPROXIMATE_NOTE}){gap_text}."
                ),
            )
            return result
    raise AssertionError("unreachable: the salary lies within the published range")  # pragma: no cover


def percentile_points(compared: pd.DataFrame, area: str, *, adjusted: bool = False) -> list[dict]:
    """The five annual percentile points of one area from :func:`side_by_side` (for :func:`salary_position`)."""
    prefix = "adj_" if adjusted else ""
    rows = compared[compared["area"] == area].set_index("measure")
    points = []
    for percentile, column, name in PERCENTILE_POINTS:
        row = rows.loc[column] if column in rows.index else None
        value = None if row is None or pd.isna(row[f"{prefix}value"]) else float(row[f"{prefix}value"])
        top_code = None if row is None or pd.isna(row[f"{prefix}top_code"]) else float(row[f"{prefix}top_code"])
        status = None if row is None or pd.isna(row["status"]) else str(row["status"])
        points.append(
            {
                "percentile": percentile,
                "column": column,
                "name": name,
                "value": value,
                "status": status,
                "top_code": top_code,
            }
        )
    return points


def salary_check(compared: pd.DataFrame, salary: float) -> pd.DataFrame:
    """:func:`salary_position` for every area of a :func:`side_by_side` frame, in its order."""
    areas = compared.drop_duplicates("area").sort_values("order")
    records = []
    for _, row in areas.iterrows():
        position = salary_position(percentile_points(compared, row["area"]), salary)
        records.append({"area": row["area"], "area_title": row["area_title"], **position})
    return pd.DataFrame.from_records(records)


def wage_rows(compared: pd.DataFrame) -> pd.DataFrame:
    """The wage rows of :func:`side_by_side` (hourly and annual measures): the rows behind the table of wages in
    U.S.-average prices."""
    return compared[compared["measure"].str.startswith(("a_", "h_"))].reset_index(drop=True)


def salary_verdicts(compared: pd.DataFrame, salary: float) -> pd.DataFrame:
    """Is ``salary`` below each area's annual mean wage? One row per area, in order: the mean, its 95% interval and
    :func:`analysis.conventions.sampling.verdict` of the claim "the mean wage is above the salary" ("supported",
    "not supported" or "cannot tell apart"; an area without a published mean or interval cannot be told apart)."""
    rows = compared[compared["measure"] == "a_mean"].sort_values("order")
    verdicts = [
        sampling.verdict(lo, hi, float(salary), claim="above") if pd.notna(rse) else sampling.CANNOT_TELL
        for lo, hi, rse in zip(rows["lower"], rows["upper"], rows["rse"])
    ]
    out = rows[["area", "area_title", "value", "status", "top_code", "rse", "lower", "upper", "tot_emp"]].copy()
    out["salary"] = float(salary)
    out["verdict"] = pd.Series(verdicts, index=out.index, dtype="string")
    return out.reset_index(drop=True)


_VERDICT_PLACES = {
    sampling.SUPPORTED: "supported in",
    sampling.NOT_SUPPORTED: "not supported in",
    sampling.CANNOT_TELL: "cannot tell apart in",
}


def headline(compared: pd.DataFrame, *, occupation_title: str, year: int, salary: float | None) -> str:
    """One sentence naming the areas compared; with a salary, whether it is below each area's annual mean wage
    (the verdict from the 95% intervals), else the highest and lowest mean among the estimates meeting the
    reliability floor."""
    from analysis.analyses import regional_text

    titles = list(compared.drop_duplicates("area").sort_values("order")["area_title"].astype(str))
    subject = f"{words_list(titles)} compared for {occupation_title}, May {year}"
    if salary is not None:
        verdicts = salary_verdicts(compared, salary)
        groups = [
            f"{_VERDICT_PLACES[v]} {words_list(list(verdicts.loc[verdicts['verdict'] == v, 'area_title']))}"
            for v in sampling.VERDICTS
            if (verdicts["verdict"] == v).any()
        ]
        answer = "; ".join(groups)
        return (
            f"{subject}: is a {whole_dollars(salary)} salary below the annual mean wage? "
            f"{answer[:1].upper()}{answer[1:]} "
            "(verdicts from 95% intervals)."
        )
    means = regional.rank_areas(compared[compared["measure"] == "a_mean"])
    facts = regional_text.leaders(means)
    if facts["highest"] is None:
        return f"{subject}: no area's annual mean wage meets the reliability floor."
    top, bottom = facts["highest"], facts["lowest"]
    tied = facts["tied_highest"]
    though = f", though {words_list(tied)} cannot be told apart from it" if tied else ""
    return (
        f"{subject}: the highest annual mean wage is in {top['area_title']} "
        f"({regional_text.value_text(top, 'a_mean')}){though}; the lowest in {bottom['area_title']} "
        f"({regional_text.value_text(bottom, 'a_mean')})."
    )


def key_figures(compared: pd.DataFrame, *, salary: float | None) -> list[list[str]]:
    """At most six [label, text] pairs: each area's annual mean wage with its interval, and with a salary the
    verdict on "the salary is below the mean" ("$55,000 is below it: supported")."""
    from analysis.analyses import regional_text

    rows = compared[compared["measure"] == "a_mean"].sort_values("order")
    verdicts = salary_verdicts(compared, salary).set_index("area")["verdict"] if salary is not None else None
    figures = []
    for _, row in rows.iterrows():
        text = f"{regional_text.value_text(row, 'a_mean')} ({regional_text.interval_words(row, 'a_mean')})"
        if verdicts is not None:
            text += f"; {whole_dollars(salary)} is below it: {verdicts[row['area']]}"
        figures.append([f"{row['area_title']}, annual mean wage", text])
    if salary is not None and len(figures) < 6:
        figures.append(["Salary checked", f"{whole_dollars(salary)} a year"])
    return figures[:6]
