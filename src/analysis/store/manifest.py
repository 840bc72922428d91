"""The old name of :mod:`analysis.store.current` (``current.json``), kept for one step while callers move."""

from analysis.store.current import *
