"""The cell parsers of the flat files (:mod:`analysis.sources.flat_cells`): the fast block parser and the line parser
give the same frame on the bundled May 2025 extract (data/raw/oe), compressed or not, whatever the block size.
(Their behaviour on SYNTHETIC releases, through the reader, is tested in test_flat_files.py.)
"""

from __future__ import annotations

import gzip

import pandas as pd

from analysis.sources import flat_cells, flat_files
from real_files import ROOT as REPO_ROOT

BUNDLE = REPO_ROOT / "data" / "raw" / "oe"  # the bundled May 2025 extract of BLS's oe files


def test_fast_path_and_line_parser_agree_on_the_bundled_extract(tmp_path):
    data = BUNDLE / "oe.data.0.Current.gz"
    mappings = flat_files.read_mappings(BUNDLE)
    fast = flat_files._build_frame(flat_cells.parse_fast(data, None, None, block_bytes=1 << 20), mappings, "x")[0]
    slow = flat_files._build_frame(flat_cells.parse_lines(data, mappings, None, None), mappings, "x")[0]
    pd.testing.assert_frame_equal(fast, slow)
    assert len(fast) > 5000
    # The same file uncompressed, read in many blocks (with cells across their edges).
    plain = tmp_path / "oe.data.0.Current"
    plain.write_bytes(gzip.decompress(data.read_bytes()))
    blocks = flat_files._build_frame(flat_cells.parse_fast(plain, None, None, block_bytes=1 << 16), mappings, "x")[0]
    pd.testing.assert_frame_equal(blocks, slow)
