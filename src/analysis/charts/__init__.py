"""altair charts of the project's analyses: ``theme`` (the project theme, titles with the source note, value
formatting) and one module per analysis (``regional``; ``national``, ``industry``, ``trends``).

Charts take the frames the analysis modules return and give back altair charts; they never read files.
"""

from __future__ import annotations

from analysis.charts import theme

__all__ = ["theme"]
