"""``him-wages show`` and ``info`` name the real problem and answer quickly, against the project's store (built from
the bundled BLS files in data/raw):

* an occupation the data holds only nationally (or not at all) is named as the problem, with what the store holds
  and how to add a full release, instead of "no area 'OH'";
* with ``--json`` a failure is also a JSON document on stdout (message, exit code, hint), the exit code unchanged;
  ``--json`` with ``--format`` is a usage error;
* ``info`` prints a summary (occupations on request, with a filter), counts with thousands separators and the
  right singular or plural;
* ``show`` answers from the store's lookup index with the standard library alone (neither pandas nor pyarrow is
  imported), and prints the same bytes as from the canonical (pandas) frame.

Expected values are read from the store's own summary (``current.json``, recorded by the build from the BLS files)
or from the canonical frame, never typed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from analysis.commands import show
from analysis.store.summary import summary_of_store
from cli_runs import run_cli
from real_files import ROOT

pytestmark = pytest.mark.usefixtures("project_store")  # commands and notebooks here read the project's own store

HANG_GUARD_S = 300


def _one_line(err: str, command: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    assert lines[0].startswith(f"him-wages {command}: "), err
    return lines[0]


@pytest.fixture(scope="module")
def summary() -> dict:
    recorded = summary_of_store()
    assert recorded is not None, "the store's build records its summary in current.json"
    return recorded


@pytest.fixture(scope="module")
def nurses():
    """29-1141 (Registered Nurses) in the store: national rows only, May 2012-May 2024 (BLS national files)."""
    from analysis.store import load

    frame = load(occ_codes=["29-1141"])
    assert set(frame["area"]) == {"99"} and set(frame["naics"]) == {"000000"}
    return frame


def _release(summary: dict, year: int) -> dict:
    return next(r for r in summary["releases"] if r["release"] == f"May {year}")


# ----------------------------------------------------------------------------------------------- the real problem
def test_an_area_for_an_occupation_held_only_nationally_names_the_occupation_and_how_to_add_a_release(
    capsys, summary, nurses
):
    code, out, err = run_cli(capsys, "show", "29-1141", "--area", "OH")
    assert code == 2 and out == ""
    line = _one_line(err, "show")
    title = nurses["occ_title"].iloc[-1]
    first, last = int(nurses["year"].min()), int(nurses["year"].max())
    assert f"29-1141 {title}: the data holds it for the U.S. only (May {first}–May {last})" in line
    assert "no close matches" not in line
    # what the store holds, from its summary: the national releases, then May 2025 in detail
    national = [int(r["release"].split()[-1]) for r in summary["releases"] if r["areas"] == {"U.S.": 1}]
    may_2025 = _release(summary, 2025)
    assert f"May {min(national)}–May {max(national)} for the U.S. only, all industries" in line
    assert f"May 2025 for {sum(may_2025['areas'].values()):,} areas, {may_2025['industries']:,} industries" in line
    assert f"({may_2025['occupations']:,} occupations)" in line
    assert "`him-wages fetch --years YEAR --kinds national,state,metro,industry` then `him-wages data`" in line
    assert "`him-wages data PATH`" in line


def test_an_industry_for_an_occupation_held_only_across_industries_names_the_occupation(capsys, nurses):
    code, _, err = run_cli(capsys, "show", "29-1141", "--industry", "622000")
    line = _one_line(err, "show")
    assert code == 2 and "no industry '622000' for 29-1141" in line and "for all industries only" in line
    assert "him-wages fetch" in line


def test_an_occupation_not_in_the_data_says_so_with_close_matches_and_what_the_store_holds(capsys, summary):
    code, _, err = run_cli(capsys, "show", "29-2027")
    line = _one_line(err, "show")
    assert code == 2 and "occupation '29-2027' is not in the data; close matches: " in line
    assert "29-2072 Medical Records Specialists" in line
    assert f"May 2025 for {sum(_release(summary, 2025)['areas'].values()):,} areas" in line
    assert "`him-wages info --occupations` lists every occupation" in line


# ----------------------------------------------------------------------------------------------- --json
def test_a_failure_with_json_is_a_json_document_with_message_exit_code_and_hint(capsys):
    code, out, err = run_cli(capsys, "--json", "show", "29-1141", "--area", "OH")
    line = _one_line(err, "show")
    document = json.loads(out)
    assert code == 2 and document["command"] == "show"
    assert document["error"]["exit_code"] == code
    assert document["error"]["message"] == line.removeprefix("him-wages show: ")
    assert document["error"]["hint"] == show.ADD_RELEASE


def test_a_usage_error_with_json_is_a_json_document_too(capsys):
    code, out, err = run_cli(capsys, "show", "29-2072", "--year", "last", "--json")
    document = json.loads(out)
    assert code == 2 and "invalid int value: 'last'" in err
    assert document["error"] == {
        "message": "argument --year: invalid int value: 'last'",
        "exit_code": 2,
        "hint": "`him-wages show --help` describes the options",
    }


def test_a_failure_of_a_command_the_cli_wraps_in_json_carries_the_error(capsys, tmp_path):
    missing = tmp_path / "absent.xlsx"
    code, out, err = run_cli(capsys, "--json", "data", str(missing))
    document = json.loads(out)
    assert code == 1 and document["exit_code"] == 1 and document["error"]["exit_code"] == 1
    assert str(missing) in document["error"]["message"] and str(missing) in err


def test_json_and_format_together_are_a_usage_error(capsys):
    code, out, err = run_cli(capsys, "--json", "show", "29-2072", "--format", "csv")
    assert code == 2
    assert _one_line(err, "show") == "him-wages show: --json and --format csv conflict; give one of them"
    assert json.loads(out)["error"]["hint"] == "give --json or --format, not both"
    code, out, _ = run_cli(capsys, "show", "29-2072", "--json")
    assert code == 0 and json.loads(out)["occupation"]["code"] == "29-2072"


# ----------------------------------------------------------------------------------------------- info
def test_info_prints_a_summary_with_counts_written_alike(capsys, summary):
    code, out, _ = run_cli(capsys, "info")
    assert code == 0
    lines = out.splitlines()
    every = len(summary["occupations"])
    assert f"Occupations: {every:,} in all; `him-wages info --occupations` lists them" in out
    assert len(lines) < 100 < every  # the summary, not the list of every occupation
    assert "  29-2072  Medical Records Specialists" not in lines
    may_2025 = _release(summary, 2025)
    assert (
        f"  May 2025: {may_2025['rows']:,} rows; {may_2025['occupations']:,} occupations; "
        f"{may_2025['industries']:,} industries; areas: the U.S., {may_2025['areas']['State']:,} states, "
        f"{may_2025['areas']['U.S. territory']:,} U.S. territories, "
        f"{may_2025['areas']['Metropolitan statistical area']:,} metropolitan statistical areas, "
        f"{may_2025['areas']['Nonmetropolitan area']:,} nonmetropolitan areas"
    ) in lines
    may_2012 = _release(summary, 2012)
    assert may_2012["rows"] >= 1000 and may_2012["industries"] == 1
    assert (
        f"  May 2012: {may_2012['rows']:,} rows; {may_2012['occupations']:,} occupations; 1 industry; areas: the U.S."
    ) in lines
    for count in re.findall(r"(\d[\d,]*) (?:rows?|occupations?|industry|industries|inputs?)\b", out):
        assert count == f"{int(count.replace(',', '')):,}", count


def test_info_lists_the_occupations_on_request_with_a_filter(capsys, summary):
    every = len(summary["occupations"])
    expected = [f"  {code}  {title}" for code, title in summary["occupations"] if "health information" in title.lower()]
    code, out, _ = run_cli(capsys, "info", "--occupations", "Health Information")
    lines = out.splitlines()
    heading = f"Occupations matching 'Health Information': {len(expected):,} of {every:,} occupations"
    assert code == 0 and lines[0] == heading
    assert lines[1:] == expected and "  29-9021  Health Information Technologists and Medical Registrars" in lines
    code, out, _ = run_cli(capsys, "info", "--occupations", "29-2072")
    assert out.splitlines()[1:] == ["  29-2072  Medical Records Specialists"]
    code, out, _ = run_cli(capsys, "info", "--occupations")
    assert len(out.splitlines()) == every + 1
    code, out, _ = run_cli(capsys, "info", "--json", "--occupations", "29-2072")
    assert json.loads(out)["occupations"] == [["29-2072", "Medical Records Specialists"]]
    code, out, _ = run_cli(capsys, "info", "--json")
    assert len(json.loads(out)["occupations"]) == every


# ---------------------------------------------------------------------------------------- the standard library alone
QUERIES = [
    ["29-2072", "--area", "OH"],
    ["29-2072", "--area", "OH", "US", "--format", "csv"],
    ["29-2072", "--area", "39", "17410", "99", "--format", "json"],
    ["11-9111", "--area", "Ithaca"],
    ["11-9111", "--area", "Ithaca", "--format", "csv"],
    ["29-2071", "--format", "json"],
    ["health information technologists", "--industry", "622000", "--format", "json"],
    ["29-9021", "--area", "OH", "Cleveland", "99"],
    ["29-1141", "--year", "2012", "--format", "csv"],
    ["29-2072", "--industry", "622000"],
    ["43-6013", "--area", "CA"],
    ["29-2027"],
]


def _pandas_rows(*, occ_codes=None, area_types=None, columns=None):
    """What ``show`` read before it used the lookup index: the canonical (pandas) frame's rows."""
    from analysis.store import load

    frame = load(occ_codes=occ_codes, area_types=area_types)
    return show._plain_rows(frame if columns is None else frame[list(columns)])


@pytest.mark.parametrize("argv", QUERIES, ids=lambda argv: " ".join(argv))
def test_show_prints_the_same_bytes_as_from_the_canonical_frame(capsys, monkeypatch, argv):
    fast = run_cli(capsys, "show", *argv)
    monkeypatch.setattr(show, "_rows", _pandas_rows)
    monkeypatch.setattr(show, "_catalogue_rows", show._catalogue_from_rows)
    assert run_cli(capsys, "show", *argv) == fast


CHECK_IMPORTS = """
import contextlib, io, sys
from analysis import cli
for argv in {queries!r}:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        cli.main(argv)
print(sorted(name for name in sys.modules if name.split(".")[0] in ("pandas", "pyarrow", "numpy")))
"""


def test_show_and_info_import_neither_pandas_nor_pyarrow():
    queries = [["show", *argv] for argv in QUERIES] + [["info"], ["info", "--occupations", "29-20"]]
    result = subprocess.run(
        [sys.executable, "-c", CHECK_IMPORTS.format(queries=queries)],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
