"""Sampling error, written once: BLS's relative standard errors turned into 95% intervals, the reliability floor
a headline estimate must meet, and the one wording rule for verdicts.

BLS publishes a relative standard error (RSE, percent) for employment (``emp_prse``) and the mean wage
(``mean_prse``) only. An approximate 95% interval is ``value ± 1.96 × RSE/100 × value`` (BLS's technical notes).

Reliability floor
-----------------
A statement such as "highest", "best-paying" or "lowest" considers only estimates that meet the floor:
at least :data:`MIN_JOBS` jobs AND a published mean-wage RSE of at most :data:`MAX_MEAN_RSE` percent. Smaller or
less precise estimates are still shown in tables and charts, with their employment and interval, but never lead
a headline. Pages state the floor with :func:`floor_sentence`.

Verdicts
--------
A claim "the value is above / below / about X" is judged against the 95% interval only
(:func:`verdict`): "supported" when the whole interval agrees, "not supported" when the whole interval
disagrees, and "cannot tell apart" when the interval contains X. Two estimates are told apart only when their
intervals do not overlap (:func:`tell_apart`).
"""

from __future__ import annotations

import math
from typing import Any

from analysis.errors import ParameterError

#: Normal quantile of a two-sided 95% interval, as BLS's technical notes use it.
Z_95 = 1.96

#: Reliability floor: the fewest jobs an estimate may rest on to lead a headline.
MIN_JOBS = 1_000

#: Reliability floor: the largest mean-wage RSE (percent) an estimate may have to lead a headline.
MAX_MEAN_RSE = 10.0

SUPPORTED = "supported"
NOT_SUPPORTED = "not supported"
CANNOT_TELL = "cannot tell apart"
VERDICTS = (SUPPORTED, NOT_SUPPORTED, CANNOT_TELL)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def half_width(value: Any, rse_percent: Any) -> Any:
    """Half the approximate 95% interval of an estimate, ``1.96 × RSE/100 × value``: for numbers, or for whole
    columns (a pandas Series of values and one of RSEs, null where either is)."""
    return Z_95 * rse_percent / 100.0 * value


def interval(value: Any, rse_percent: Any) -> tuple[float, float] | None:
    """The approximate 95% interval of a published estimate, or None without a value or an RSE."""
    number, rse = _number(value), _number(rse_percent)
    if number is None or rse is None:
        return None
    half = half_width(number, rse)
    return number - half, number + half


def meets_floor(tot_emp: Any, mean_prse: Any) -> bool:
    """Whether an estimate may lead a headline: at least MIN_JOBS jobs and a mean-wage RSE of at most MAX_MEAN_RSE."""
    jobs, rse = _number(tot_emp), _number(mean_prse)
    return jobs is not None and rse is not None and jobs >= MIN_JOBS and rse <= MAX_MEAN_RSE


def floor_sentence() -> str:
    """The floor in the reader's words, for every page that says "highest", "lowest" or "best-paying"."""
    return (
        f"“Highest”, “lowest” and “best-paying” consider only estimates based on at least {MIN_JOBS:,} jobs "
        f"with a mean-wage relative standard error of at most {MAX_MEAN_RSE:g}%."
    )


def verdict(lower: Any, upper: Any, threshold: float, *, claim: str) -> str:
    """Judge ``claim`` ("above", "below" or "about") of ``threshold`` against a 95% interval [lower, upper]."""
    lo, hi = _number(lower), _number(upper)
    if claim not in ("above", "below", "about"):
        raise ParameterError(f"claim must be 'above', 'below' or 'about', got {claim!r}")
    if lo is None or hi is None:
        return CANNOT_TELL
    inside = lo <= threshold <= hi
    if claim == "about":
        return SUPPORTED if inside else NOT_SUPPORTED
    if inside:
        return CANNOT_TELL
    above = lo > threshold
    return SUPPORTED if above == (claim == "above") else NOT_SUPPORTED


def tell_apart(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool:
    """Two estimates differ at this (conservative) level only when their 95% intervals do not overlap."""
    if a is None or b is None:
        return False
    return a[1] < b[0] or b[1] < a[0]
