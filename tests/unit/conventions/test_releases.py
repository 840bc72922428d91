"""The one rule on which reference years can exist (conventions/releases.py): a file claiming a May release the
calendar does not allow yet, or one before 1997, is refused in one line naming the file, never read as
``release = "latest"``."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest

from analysis import read_oews
from analysis.cli import main as cli_main
from analysis.conventions import releases
from analysis.conventions.releases import FIRST_YEAR, check_release_years, latest_possible_year
from analysis.errors import OEWSInputError, YearConflictError
from real_files import OEWS_FILES

CSV_2016 = OEWS_FILES / "national_M2016_dl.csv"  # BLS's CSV export of May 2016: no sheet states its year


@pytest.mark.parametrize(
    ("today", "latest"),
    [
        (dt.date(2026, 1, 15), 2024),  # May 2025 estimates are not out before the spring of 2026
        (dt.date(2026, 2, 28), 2024),
        (dt.date(2026, 3, 1), 2025),
        (dt.date(2026, 12, 7), 2025),
        (dt.date(2026, 12, 31), 2025),
        (dt.date(2027, 4, 1), 2026),
    ],
)
def test_the_latest_possible_release_follows_the_calendar(today, latest):
    assert latest_possible_year(today) == latest


def test_years_from_1997_to_the_latest_possible_are_accepted():
    check_release_years([FIRST_YEAR, 2011, 2025], source="x.xlsx", today=dt.date(2026, 6, 1))
    check_release_years([2024], source="x.xlsx", today=dt.date(2026, 1, 1))
    with pytest.raises(YearConflictError, match="May 2026, after the latest release"):
        check_release_years([2026], source="x.xlsx", today=dt.date(2026, 12, 31))


@pytest.mark.parametrize(
    ("year", "words"),
    [(2099, "after the latest release"), (2026, "after the latest release"), (1996, "before the first"), (1900, "")],
)
def test_an_impossible_year_is_one_line_naming_the_file(year, words):
    with pytest.raises(OEWSInputError) as caught:
        check_release_years([2024, year], source="national_M2099_dl.xlsx", today=dt.date(2026, 6, 1))
    message = str(caught.value)
    assert "national_M2099_dl.xlsx" in message and f"May {year}" in message and words in message
    assert "from 1997 to 2025" in message and "\n" not in message


@pytest.mark.parametrize("year", [2099, 1900])
def test_a_real_file_named_for_an_impossible_year_is_refused_in_one_line(tmp_path, capsys, monkeypatch, year):
    named = tmp_path / f"national_M{year}_dl.csv"
    shutil.copy(CSV_2016, named)  # SYNTHETIC: a real file under a name claiming another year
    with pytest.raises(YearConflictError, match=f"May {year}") as caught:
        read_oews(named)
    assert named.name in str(caught.value) and len(str(caught.value)) < 500  # one line, not a schema dump
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path / "home"))
    (tmp_path / "home" / "data" / "raw").mkdir(parents=True)
    code = cli_main(["data", str(named)])
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert code == 1 and len(err) == 1 and f"May {year}" in err[0] and named.name in err[0]


def test_a_release_is_named_by_its_reference_month_and_year():
    # one wording for tables, recorded figures and the store summary ("May 2025", as BLS titles its releases)
    assert releases.release_name(2025) == "May 2025" == releases.release_name("2025")


def test_the_year_bounds_are_one_rule_for_readers_schema_and_fetch():
    from analysis.fetch import bls_urls

    assert releases.FIRST_YEAR == bls_urls.FIRST_YEAR == 1997
    with pytest.raises(ValueError, match="exist from 1997 on"):
        bls_urls.parse_years("1996-1998")
    with pytest.raises(ValueError, match="exist from 1997 on"):
        bls_urls.parse_years(str(releases.LAST_YEAR_BOUND + 1))
