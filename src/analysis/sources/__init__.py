"""Readers for every form in which BLS publishes OEWS wage tables. Each knows a file format, nothing more:
BLS conventions live in ``analysis.clean`` and the result is the canonical frame of ``analysis.schema``.

``read_oews(source, *, year=None)`` is the one entry point: a file, a folder or a zip archive.
"""
