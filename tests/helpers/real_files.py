"""Where the tests find real BLS files: the project's own bundled inputs (``data/raw/national``, BLS's national
files May 2011 - May 2024) and the files kept only for tests (``tests/data``: the May 2013 CSV export, BLS's
field-description sheet, the May 2013 news-release table and the national history table of expected values).
Every file is listed with its source and sha256 in ``data/raw/MANIFEST``."""

from __future__ import annotations

import shutil
from pathlib import Path

from analysis import paths
from analysis.conventions import schema

ROOT = Path(__file__).resolve().parents[2]  # the repository (this file is tests/helpers/real_files.py)
NATIONAL_DIR = ROOT / "data" / "raw" / "national"
TEST_DATA = ROOT / "tests" / "data"
HISTORY = TEST_DATA / "national_him_history.csv"
#: The value columns of the history table (BLS's field names, lower case), in the table's order: the national
#: value columns of the canonical frame (``test_history_table_has_the_national_value_columns`` reads its header).
HISTORY_VALUES = schema.NATIONAL_VALUE_COLUMNS
TEST_ONLY = ("national_M2013_dl.csv", "field_descriptions.xlsx", "ocwage_04012014.xlsx")


def national_names() -> list[str]:
    """Every national file the tests know: one per release 2011-2024, plus the May 2013 CSV export."""
    return sorted([p.name for p in NATIONAL_DIR.glob("national_M*_dl.*")] + ["national_M2013_dl.csv"])


class _RealFiles:
    """``OEWS_FILES / "national_M2023_dl.xlsx"``: the real file of that name, bundled or test-only."""

    def __truediv__(self, name: str) -> Path:
        for folder in (NATIONAL_DIR, TEST_DATA):
            if (folder / name).is_file():
                return folder / name
        raise FileNotFoundError(f"no real BLS file named {name} in {NATIONAL_DIR} or {TEST_DATA}")


OEWS_FILES = _RealFiles()


def extract_project(tmp_path: Path, monkeypatch) -> Path:
    """A throwaway project root (HIM_WAGES_HOME, ``tmp_path/project``) whose data/raw holds only the bundled May 2025
    extract and the MANIFEST (copies of the repo's own), with an empty data/processed: the store tests' project."""
    root = tmp_path / "project"
    (root / "data" / "processed").mkdir(parents=True)
    shutil.copytree(paths.project_root() / "data" / "raw" / "oe", root / "data" / "raw" / "oe")
    shutil.copy(paths.project_root() / "data" / "raw" / "MANIFEST", root / "data" / "raw" / "MANIFEST")
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    return root


def as_published_folder(folder: Path) -> Path:
    """A folder holding every real file side by side, as a user's download folder would (links, not copies):
    the national files, the 2013 CSV export, the field-description sheet and the news-release table."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in [*national_names(), "field_descriptions.xlsx", "ocwage_04012014.xlsx"]:
        target = folder / name
        if not target.exists():
            target.symlink_to(OEWS_FILES / name)
    return folder


def link_context_files(raw: Path) -> None:
    """Give a throwaway project's ``data/raw`` the bundled context files every project has (BEA RPPs, BLS
    projections), linked, not copied: the regional, comparison and national notebooks read them."""
    raw.mkdir(parents=True, exist_ok=True)
    for name in ("bea", "projections"):
        if not (raw / name).exists():
            (raw / name).symlink_to(ROOT / "data" / "raw" / name)
