"""The one test of "no value" shared by every stage, and the helpers that turn a missing cell into None.

Imports nothing heavy (no pandas), so that a command's ``--help`` stays fast: pandas' NA and NaT are recognised
when pandas is loaded (a value cannot be one of them otherwise).
"""

from __future__ import annotations

import math
import numbers
import sys
from typing import Any


def is_missing(value: Any) -> bool:
    """None, pandas' NA or NaT, or a NaN of any float type (Python's, numpy's)."""
    if value is None:
        return True
    pandas = sys.modules.get("pandas")
    if pandas is not None and (value is pandas.NA or value is pandas.NaT):
        return True
    return isinstance(value, numbers.Real) and not isinstance(value, numbers.Integral) and math.isnan(value)


def number_or_none(value: Any) -> float | None:
    """A JSON-safe number: None for a missing value (never NaN), else ``float(value)``."""
    return None if is_missing(value) else float(value)


def text_or_none(value: Any) -> str | None:
    """A cell as a plain string (a status, a title), or None when it is missing."""
    return None if is_missing(value) else str(value)
