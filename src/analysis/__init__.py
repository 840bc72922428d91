"""HIM Wage Analysis: BLS OEWS wage tables for Health Information Management occupations.

The data's path (see README, "Where things are"): ``sources`` read BLS files into the canonical frame, following
``conventions`` (schema, BLS symbols, occupations, areas) -> ``store`` (data/processed) -> ``analyses`` -> ``charts``
-> ``reports``; ``cli`` runs the commands.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "read_oews"]


def __getattr__(name: str):
    # Imported lazily so that `import analysis` stays cheap for the CLI and notebooks.
    if name == "read_oews":
        from analysis.sources import read_oews

        return read_oews
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")
