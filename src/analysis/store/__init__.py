"""The processed store, ``data/processed/``: every release read from ``data/raw`` (the bundled extract and
anything ``him-wages fetch`` downloaded) plus any BLS files, folders or archives named on the command line,
as columnar parquet, rebuilt by code and never edited by hand.

The stages, one module each (none imports another circularly):

- :mod:`analysis.store.current`: ``current.json``, the inputs and their fingerprints, freshness and damage checks;
- :mod:`analysis.store.build`: reading the inputs (overlaps recorded), writing a generation, switching to it;
- :mod:`analysis.store.sorted_copies`: copies of each release sorted for fast queries;
- :mod:`analysis.store.load`: what notebooks call (:func:`load`).

The command ``him-wages data`` is :mod:`analysis.commands.data`.
"""

from __future__ import annotations

from analysis.files import sha256_of
from analysis.store.build import BuildResult, build, find_overlaps, read_inputs
from analysis.store.current import (
    CURRENT,
    STORE_FORMAT,
    check_generation,
    default_inputs,
    fingerprint,
    is_up_to_date,
    read_current,
    remembered_extras,
    store_inputs,
    store_problem,
)
from analysis.store.load import load, load_combined, load_processed

__all__ = [
    "CURRENT",
    "STORE_FORMAT",
    "BuildResult",
    "build",
    "check_generation",
    "default_inputs",
    "find_overlaps",
    "fingerprint",
    "is_up_to_date",
    "load",
    "load_combined",
    "load_processed",
    "read_current",
    "read_inputs",
    "remembered_extras",
    "sha256_of",
    "store_inputs",
    "store_problem",
]
