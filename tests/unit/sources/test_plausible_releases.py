"""Plausible releases only (hostile-input probe, round two): a file claiming a May release the calendar does not
allow yet, or one before 1997, is refused in one line naming the file, never read as ``release = "latest"``."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from analysis import read_oews
from analysis.cli import main as cli_main
from analysis.conventions.codes import implausible_release, latest_possible_release
from analysis.errors import YearConflictError
from real_files import OEWS_FILES

CSV_2016 = OEWS_FILES / "national_M2016_dl.csv"  # BLS's CSV export of May 2016: no sheet states its year


def test_the_calendar_rule():
    assert latest_possible_release(dt.date(2026, 12, 7)) == 2025
    assert implausible_release(2025, dt.date(2026, 1, 1)) is None
    assert implausible_release(1997, dt.date(2026, 1, 1)) is None
    assert "cannot have been published yet" in implausible_release(2026, dt.date(2026, 12, 31))
    assert "before the first OEWS release" in implausible_release(1996, dt.date(2026, 1, 1))


@pytest.mark.parametrize("year", [2099, 1900])
def test_a_file_named_for_an_implausible_year_is_refused(tmp_path, capsys, monkeypatch, year):
    named = tmp_path / f"national_M{year}_dl.csv"
    shutil.copy(CSV_2016, named)  # SYNTHETIC: a real file under a name claiming another year
    with pytest.raises(YearConflictError, match=f"May {year}") as caught:
        read_oews(named)
    assert named.name in str(caught.value) and len(str(caught.value)) < 500
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "data" / "raw").mkdir(parents=True)
    code = cli_main(["data", str(named)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 1 and len(err) == 1 and f"May {year}" in err[0] and named.name in err[0]
