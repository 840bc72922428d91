"""Argument types shared by the commands: every wait, timeout and count is checked when the command line is read,
so a negative, NaN or infinite value is a usage error (exit code 2) naming the option, never a wait that does not
end or a bound that is off."""

from __future__ import annotations

import argparse
import math


def seconds(*, allow_zero: bool = True, most: float | None = None):
    """An argparse type: a finite number of seconds, at least 0 (above 0 unless ``allow_zero``), at most ``most``."""

    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{text!r}: give a finite number of seconds")
        if value < 0 or (value == 0 and not allow_zero):
            raise argparse.ArgumentTypeError(
                f"{text!r}: give a number of seconds {'of at least 0' if allow_zero else 'above 0'}"
            )
        if most is not None and value > most:
            raise argparse.ArgumentTypeError(f"{text!r}: at most {most:g} seconds")
        return value

    parse.__name__ = "seconds"
    return parse


def count(*, least: int = 0, most: int | None = None):
    """An argparse type: a whole number from ``least`` to ``most``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < least or (most is not None and value > most):
            bound = f"from {least} to {most}" if most is not None else f"of at least {least}"
            raise argparse.ArgumentTypeError(f"{text!r}: give a whole number {bound}")
        return value

    parse.__name__ = "count"
    return parse
