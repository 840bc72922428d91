"""The old name of :mod:`analysis.raw_catalog` (``data/raw/MANIFEST``), kept for one step while callers move."""

from analysis.raw_catalog import *
from analysis.raw_catalog import ManifestError, RawCatalogError  # noqa: F401
