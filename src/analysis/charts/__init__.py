"""altair charts of the project's analyses: ``theme`` (the project theme, titles with the source note, value
formatting) and one module per analysis (``regional``; ``national``, ``industry``, ``trends``).

Charts take the frames the analysis modules return and give back altair charts; they never read files.

Every altair import of the package goes through this package (the chart modules are in it, so importing one runs
this file first; ``analysis.reports`` calls :func:`import_altair`), so that :func:`skip_rfc3987_syntax` runs
before altair first imports jsonschema. Importing the package itself imports jsonschema but not altair or pandas.
"""

from __future__ import annotations

import sys
from types import ModuleType

#: The module jsonschema imports, when it is installed, to check the formats "iri" and "iri-reference".
RFC3987_SYNTAX = "rfc3987_syntax"


def skip_rfc3987_syntax() -> None:
    """Import ``jsonschema._format`` without ``rfc3987_syntax`` (saves seconds in every process importing altair).

    altair validates every chart against the Vega-Lite schema with jsonschema. jsonschema imports ``rfc3987_syntax``
    eagerly when it is installed (jupyter-events, a JupyterLab dependency, installs it), and that module compiles dozens
    of Lark grammars at import, in every report kernel (devtools/DECISIONS.md; python-jsonschema/jsonschema issues #1428
    and #1392; still so in jsonschema 4.26). It only checks the formats "iri" and "iri-reference"; Vega-Lite's schema
    (``altair/vegalite/v6/schema/vega-lite-schema.json``) uses "uri", "uri-reference" and "color-hex" only, so altair's
    validation is the same without it (a test checks that a bad spec still fails).

    Python's import system reads a ``None`` in ``sys.modules`` as "not installed": the entry is set only while
    ``jsonschema._format`` is imported (jsonschema then leaves those two formats unchecked) and removed afterwards,
    so a later ``import rfc3987_syntax`` works. Does nothing when jsonschema or rfc3987_syntax is already imported.
    """
    if "jsonschema" in sys.modules or RFC3987_SYNTAX in sys.modules:
        return
    sys.modules[RFC3987_SYNTAX] = None  # type: ignore[assignment]
    try:
        import jsonschema._format  # noqa: F401
    except ImportError:  # jsonschema missing: altair says so when it is imported
        pass
    finally:
        if RFC3987_SYNTAX in sys.modules and sys.modules[RFC3987_SYNTAX] is None:
            del sys.modules[RFC3987_SYNTAX]


def import_altair() -> ModuleType:
    """``import altair`` after :func:`skip_rfc3987_syntax` (for modules outside this package that import altair
    lazily)."""
    skip_rfc3987_syntax()
    import altair

    return altair


def __getattr__(name: str) -> ModuleType:
    """``analysis.charts.theme`` and the chart modules as attributes, imported on first use (PEP 562): importing
    the package itself, e.g. for :func:`skip_rfc3987_syntax` in a report builder, imports neither altair nor
    pandas."""
    if name in ("theme", "national", "regional", "industry", "trends", "compare"):
        import importlib

        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


skip_rfc3987_syntax()

__all__ = ["RFC3987_SYNTAX", "import_altair", "skip_rfc3987_syntax", "theme"]
