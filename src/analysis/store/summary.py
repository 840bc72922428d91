"""What ``him-wages info`` shows of the data: releases, area counts by type, industries, occupations and source
files, computed from a canonical frame. A store build records it in ``current.json`` (``summary``), so that
``info`` on an up-to-date store answers from that file without pandas or reading the data."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from analysis import paths
from analysis.conventions.releases import release_name
from analysis.store import current as manifest

if TYPE_CHECKING:
    import pandas as pd

#: The key of ``current.json`` holding :func:`summarize` of the generation's frame.
SUMMARY = "summary"


def summarize(frame: pd.DataFrame) -> dict:
    """Releases, area counts by type and occupations of a canonical frame, as plain values."""
    from analysis.conventions.schema import AREA_TYPES

    releases = []
    frame = frame[["year", "area", "area_type", "naics", "occ_code", "occ_title", "source"]]  # only what is shown
    for year, group in frame.groupby("year"):
        releases.append(
            {
                "release": release_name(year),
                "rows": len(group),
                "areas": {
                    AREA_TYPES.get(int(t), str(t)): int(n)
                    for t, n in group.drop_duplicates("area")["area_type"].value_counts().sort_index().items()
                },
                "industries": int(group["naics"].nunique()),
                "occupations": int(group["occ_code"].nunique()),
                "sources": sorted(set(group["source"].dropna())),
            }
        )
    occupations = (
        frame.drop_duplicates("occ_code")[["occ_code", "occ_title"]].sort_values("occ_code").astype(str).values.tolist()
    )
    return {"releases": releases, "occupations": occupations}


def is_summary(value: object) -> bool:
    """Whether ``value`` (read from ``current.json``) has the shape :func:`summarize` returns."""
    if not isinstance(value, dict) or not isinstance(value.get("releases"), list):
        return False
    if not isinstance(value.get("occupations"), list):
        return False
    keys = {"release", "rows", "areas", "industries", "occupations", "sources"}
    return all(isinstance(r, dict) and keys <= set(r) for r in value["releases"]) and all(
        isinstance(o, list) and len(o) == 2 for o in value["occupations"]
    )


def summary_of_store(processed: Path | None = None) -> dict | None:
    """What ``him-wages info`` shows of the store (:func:`summarize` of its frame, recorded by the build), when the
    store is up to date and its manifest holds it; None otherwise (a store built before the summary was recorded,
    or out of date: the caller then loads the data)."""
    processed = processed or paths.processed_dir()
    if not manifest.is_up_to_date(processed):
        return None
    recorded = (manifest.read_current_or_none(processed) or {}).get(SUMMARY)
    return recorded if is_summary(recorded) else None
