"""The ``him-wages`` command line against hostile and careless input: every failure is one line naming the file,
the problem and what to do, with exit code 2 for usage and configuration and 1 for data and runtime; no
traceback unless ``--debug``; ``data/processed`` and ``reports/`` are left as they were.

Also: ``him-wages show`` (the quick lookup) against the bundled May 2025 data, the fast ``--help``, the quiet
console of a good ``him-wages report`` and two report runs into one folder at the same time.

Commands that could hang (a FIFO as input) or that depend on the process (broken pipe, imports) run in a
subprocess; the rest call :func:`analysis.cli.main` in this process. Notebook runs use the small fixture notebook
tests/fixtures/notebooks/report.ipynb, whose numbers are synthetic.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from analysis import cli, console, paths
from analysis.errors import ConfigError, OEWSInputError, SkippedInputWarning
from cli_runs import run_cli
from real_files import ROOT as REPO_ROOT

pytestmark = pytest.mark.usefixtures("project_store")  # commands and notebooks here read the project's own store

ROOT = REPO_ROOT
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
TEST_DATA = ROOT / "tests" / "data"
#: the user's guard against a command that hangs (not a timing assertion: a correct command ends in seconds)
HANG_GUARD_S = 300


# ----------------------------------------------------------------------------------------------- helpers
def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (the stat cache of the store's freshness check excluded: reads
    may refresh it)."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "stat-cache.json"
    }


@pytest.fixture
def untouched():
    """Asserts after the test that data/processed and reports/ of the project are byte for byte unchanged."""
    before = (_snapshot(paths.processed_dir()), _snapshot(paths.reports_dir()))
    yield
    assert (_snapshot(paths.processed_dir()), _snapshot(paths.reports_dir())) == before


def _one_line(err: str, *, command: str) -> str:
    """The single error line of a failed command (and a check that it is the only line and no traceback)."""
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"him-wages {command}: "), err
    return lines[0]


def _subprocess(*argv: str, env: dict | None = None, stdin=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        check=False,
        args=[sys.executable, "-m", "analysis", *argv],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        env={**os.environ, **(env or {})},
        stdin=stdin,
        cwd=ROOT,
    )


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "run.toml"
    path.write_text(text)
    return path


FIXTURE_REPORT = f"""
release = "test"

[[reports]]
name = "alpha"
notebook = "{(FIXTURES / "report.ipynb").as_posix()}"
parameters = {{ occupation = "29-2072", sleep_seconds = 3 }}

[[reports]]
name = "beta"
notebook = "{(FIXTURES / "report.ipynb").as_posix()}"
parameters = {{ occupation = "29-9021", area = "06", sleep_seconds = 3 }}
"""


# ----------------------------------------------------------------------------------------------- fast start
def test_help_and_version_import_no_subcommand_and_no_pandas():
    for flag in ("--help", "--version"):
        result = subprocess.run(
            check=False,
            args=[sys.executable, "-X", "importtime", "-m", "analysis", flag],
            capture_output=True,
            text=True,
            timeout=HANG_GUARD_S,
            cwd=ROOT,
        )
        assert result.returncode == 0, result.stderr
        imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
        assert "pandas" not in imported and "numpy" not in imported, flag
        assert not {
            name
            for name in imported
            if name.startswith(("analysis.store", "analysis.reports", "analysis.fetch", "analysis.commands"))
        }
    result = _subprocess("--help")
    for command in cli.SUBCOMMANDS:
        assert command in result.stdout
    assert "--quiet" in result.stdout and "--json" in result.stdout and "--debug" in result.stdout


@pytest.mark.parametrize("command", ["report", "show"])
def test_help_of_report_and_show_imports_neither_pandas_nor_the_report_machinery(command):
    result = subprocess.run(
        check=False,
        args=[sys.executable, "-X", "importtime", "-m", "analysis", command, "--help"],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD_S,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert not {"pandas", "papermill", "nbconvert", "altair", "analysis.reports"} & imported


def test_a_subcommand_help_imports_only_that_command(capsys):
    with pytest.raises(SystemExit):
        cli.build_parser("show").parse_args(["show", "--help"])
    assert "--area" in capsys.readouterr().out


def test_unknown_command_and_bad_option_are_usage_errors(capsys, untouched):
    code, _, err = run_cli(capsys, "frobnicate")
    assert code == 2 and "invalid choice" in err and "Traceback" not in err
    code, _, err = run_cli(capsys, "show")
    assert code == 2 and "OCCUPATION" in err
    code, _, err = run_cli(capsys, "show", "29-2072", "--year", "last")
    assert code == 2 and "invalid int value" in err


# ----------------------------------------------------------------------------------------------- show
@pytest.fixture(scope="module")
def ohio():
    """Ohio's published May 2025 row for 29-2072 from the store (BLS OEWS, data/raw/oe)."""
    from analysis.store import load

    frame = load(occ_codes=["29-2072"], areas=["39"], years=[2025])
    row = frame[frame["naics"] == "000000"]
    assert len(row) == 1
    return row.iloc[0]


def test_show_prints_ohios_published_may_2025_figures(capsys, ohio, untouched):
    code, out, err = run_cli(capsys, "show", "29-2072", "--area", "OH")
    assert code == 0, err
    assert "Medical Records Specialists (SOC 29-2072)" in out and "May 2025" in out and "Ohio" in out
    assert "data/raw/oe/oe.data.0.Current.gz" in out  # the BLS file behind the figures
    # BLS published for Ohio, May 2025: mean annual wage $56,620, employment 7,440, median hourly $24.52
    assert ohio["a_mean"] == 56620 and ohio["tot_emp"] == 7440 and ohio["h_median"] == 24.52
    lines = dict(re.split(r"\s{2,}", line.strip()) for line in out.splitlines() if re.search(r"\S\s{2,}\S", line))
    assert lines["Mean annual wage"] == f"${ohio['a_mean']:,.0f}"
    assert lines["Employment"] == f"{ohio['tot_emp']:,.0f}"
    assert lines["Hourly wage, median"] == f"${ohio['h_median']:.2f}"
    assert lines["Annual wage, 90th percentile"] == f"${ohio['a_pct90']:,.0f}"
    assert lines["relative standard error of the mean wage"] == f"{ohio['mean_prse']}%"


def test_show_area_by_fips_name_and_several_areas(capsys, ohio, untouched):
    for area in ("39", "ohio", "Ohio"):
        code, out, _ = run_cli(capsys, "show", "29-2072", "--area", area, "--format", "json")
        assert code == 0
        document = json.loads(out)
        assert [row["area"] for row in document["rows"]] == ["39"]
    code, out, _ = run_cli(capsys, "show", "29-2072", "--area", "OH", "US", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [row["area_title"] for row in rows] == ["Ohio", "U.S."]


def test_show_csv_and_json_carry_full_precision_and_statuses(capsys, untouched):
    from analysis.store import load

    # Ithaca, NY: BLS did not release employment for 11-9111 in May 2025 ("-": not_released)
    frame = load(occ_codes=["11-9111"], years=[2025])
    expected = frame[(frame["area_title"] == "Ithaca, NY") & (frame["naics"] == "000000")].iloc[0]
    assert expected["tot_emp_status"] == "not_released"
    code, out, _ = run_cli(capsys, "show", "11-9111", "--area", "Ithaca", "--format", "csv")
    assert code == 0
    (row,) = list(csv.DictReader(io.StringIO(out)))
    assert row["tot_emp"] == "" and row["tot_emp_status"] == "not_released"
    assert float(row["a_mean"]) == expected["a_mean"] and row["release"] == "May 2025"
    code, out, _ = run_cli(capsys, "--json", "show", "11-9111", "--area", "Ithaca")
    document = json.loads(out)
    assert document["rows"][0]["tot_emp"] is None and document["rows"][0]["tot_emp_status"] == "not_released"
    assert document["units"]["a_mean"] == "dollars per year"
    code, out, _ = run_cli(capsys, "show", "11-9111", "--area", "Ithaca")
    assert "not released (not_released)" in out


def test_show_default_year_is_the_latest_with_figures_and_an_old_code_works(capsys, untouched):
    from analysis.store import load

    code, out, _ = run_cli(capsys, "show", "29-2071", "--format", "json")  # the pre-2018 SOC code
    assert code == 0
    document = json.loads(out)
    years = load(occ_codes=["29-2071"], areas=["99"])["year"]
    assert document["release"] == f"May {int(years.max())}"


def test_show_by_title_words_prefers_the_detailed_occupation_of_the_latest_release(capsys, untouched):
    code, out, _ = run_cli(
        capsys, "show", "health information technologists", "--industry", "622000", "--format", "json"
    )
    assert code == 0
    document = json.loads(out)
    assert document["occupation"]["code"] == "29-9021" and document["industry"]["title"] == "Hospitals"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["29-2027"], "29-2072 Medical Records Specialists"),
        (["29-2072", "--area", "Ohoi"], "Ohio"),
        (["29-2072", "--area", "Cleveland"], "matches several: Cleveland, OH"),
        (["29-2072", "--area", "OH", "--year", "2019"], "releases with them: May 2025"),
        (["29-2072", "--industry", "999999999"], "no industry '999999999'"),
        (["medical recrods specialist"], "29-2072 Medical Records Specialists"),
    ],
)
def test_show_unknown_code_area_year_or_industry_is_one_line_with_close_matches(capsys, argv, expected, untouched):
    code, out, err = run_cli(capsys, "show", *argv)
    assert code == 2 and out == ""
    line = _one_line(err, command="show")
    assert expected in line and ("close matches" in line or "matches several" in line or "releases" in line)


# ----------------------------------------------------------------------------------------------- inputs
@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "input.xlsx"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize(
    "argv",
    [
        ["data", "{fifo}"],
        ["info", "--data-dir", "{fifo}"],
        ["report", "--data-dir", "{fifo}", "--out", "{tmp}/out"],
    ],
)
def test_a_fifo_given_as_input_is_refused_at_once(fifo, tmp_path, argv, untouched):
    result = _subprocess(*[a.format(fifo=fifo, tmp=tmp_path) for a in argv])
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr, command=argv[0])
    assert str(fifo) in line and "named pipe (FIFO)" in line
    assert not (tmp_path / "out").exists()


def test_a_device_given_as_input_is_refused(capsys, untouched):
    code, _, err = run_cli(capsys, "data", "/dev/zero")
    assert code == 1
    assert "'/dev/zero'" in _one_line(err, command="data") and "character device" in err


def test_a_file_name_with_rich_markup_is_printed_literally(capsys, tmp_path, untouched):
    bad = tmp_path / "[bold red]national_M2099_dl[link=x].xlsx"
    bad.write_bytes(b"this is not a workbook\n")
    code, _, err = run_cli(capsys, "info", "--data-dir", str(bad))
    assert code == 1
    assert "[bold red]national_M2099_dl[link=x].xlsx" in _one_line(err, command="info")
    code, _, err = run_cli(capsys, "report", "--config", str(tmp_path / "[red]missing.toml"))
    assert code == 2 and "[red]missing.toml" in _one_line(err, command="report")


def test_terminal_control_characters_in_a_file_name_are_made_visible(capsys, tmp_path, untouched):
    code, _, err = run_cli(capsys, "report", "--config", str(tmp_path / "evil\x1b[31mred.toml"))
    assert code == 2
    assert "\x1b" not in err and "\\x1b[31mred.toml" in err


def test_skipped_input_warnings_are_one_line_naming_the_file():
    line = console.format_warning(
        SkippedInputWarning("skipped: file 'ocwage_04012014.xlsx': not a data layout"), SkippedInputWarning, "data"
    )
    assert line == "him-wages data: skipped file 'ocwage_04012014.xlsx': not a data layout"
    # the readers' plain UserWarning("skipped: ...") reads the same
    assert (
        console.format_warning(UserWarning("skipped: file 'x.xlsx': why"), UserWarning, "data")
        == "him-wages data: skipped file 'x.xlsx': why"
    )


def test_a_skipped_file_in_a_folder_prints_one_line_and_no_source_line(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copy(TEST_DATA / "national_M2013_dl.csv", folder)
    shutil.copy(TEST_DATA / "ocwage_04012014.xlsx", folder)  # BLS's news-release table: not a data file
    home = tmp_path / "home"
    (home / "data" / "raw").mkdir(parents=True)
    result = _subprocess("data", str(folder), env={"HIM_WAGES_HOME": str(home)})
    assert result.returncode == 0, result.stderr
    skipped = [line for line in result.stderr.splitlines() if "ocwage_04012014.xlsx" in line]
    assert len(skipped) == 1 and skipped[0].startswith("him-wages data: skipped "), result.stderr
    assert "UserWarning" not in result.stderr and "warnings.warn" not in result.stderr
    assert "May 2013" in result.stdout


# ----------------------------------------------------------------------------------------------- report config
@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ('[[reports]]\nname = "a"\nnotebook = "{nb}"\nparameters = 7\n', "parameters: expected a table"),
        ('parameters = 7\n[[reports]]\nname = "a"\nnotebook = "{nb}"\n', "[parameters]: expected a table"),
        ("reports = [1, 2]\n", "expected a [[reports]] table, found a number"),
        ('[[reports]]\nname = "a"\nnotebook = 5\n', "notebook: expected a string, found a number"),
        ('[[reports]]\nname = "a"\nnotebook = "{nb}"\ntitle = ["x"]\n', "title: expected a string"),
        (
            '[[reports]]\nname = "a"\nnotebook = "{nb}"\nparameters = {{ ocupation = "29-2072" }}\n',
            "unknown parameter ocupation for notebook 'report.ipynb'; its parameters are: occupation (default",
        ),
        (
            'parameters = {{ colour = "red" }}\n[[reports]]\nname = "a"\nnotebook = "{nb}"\n',
            "[parameters] colour is not a parameter of any report's notebook",
        ),
        ('[[reports]]\nname = "a"\nnotebok = "{nb}"\n', "missing notebook"),
        ("[[reports]\n", "is not valid TOML"),
        ('[[reports]]\nname = "../../etc"\nnotebook = "{nb}"\n', "must be letters, digits"),
        ('release = 2025\n[[reports]]\nname = "a"\nnotebook = "{nb}"\n', "release: expected a string"),
        # names and releases are matched whole: a trailing newline, a control character or a separator is refused
        ('[[reports]]\nname = "a\\n"\nnotebook = "{nb}"\n', "name 'a\\n' must be letters, digits"),
        ('[[reports]]\nname = "a\\u0007b"\nnotebook = "{nb}"\n', "name 'a\\x07b' must be letters, digits"),
        ('[[reports]]\nname = "a/b"\nnotebook = "{nb}"\n', "name 'a/b' must be letters, digits"),
        ('release = "may2025\\n"\n[[reports]]\nname = "a"\nnotebook = "{nb}"\n', "release 'may2025\\n' must be"),
        ('[[reports]]\nname = "a"\nrelease = "x\\\\y"\nnotebook = "{nb}"\n', "release 'x\\\\y' must be"),
        # a notebook path outside the project that is no notebook: refused, and nothing of the file is quoted
        ('[[reports]]\nname = "a"\nnotebook = "/etc/passwd"\n', "'/etc/passwd' is not a Jupyter notebook (.ipynb)"),
    ],
)
def test_a_bad_run_config_is_exit_2_with_one_line(capsys, tmp_path, config, expected, untouched):
    path = _config(tmp_path, config.format(nb=(FIXTURES / "report.ipynb").as_posix()))
    code, _, err = run_cli(capsys, "report", "--config", str(path), "--out", str(tmp_path / "out"))
    assert code == 2, err
    line = _one_line(err, command="report")
    assert expected in line and str(path) in line
    assert "root:" not in err
    assert not (tmp_path / "out").exists()


def test_a_missing_or_unreadable_config_is_exit_2(capsys, tmp_path, untouched):
    code, _, err = run_cli(capsys, "report", "--config", str(tmp_path / "none.toml"))
    assert code == 2 and "does not exist" in _one_line(err, command="report")
    code, _, err = run_cli(capsys, "report", "--config", str(tmp_path))
    assert code == 2 and "is a folder" in _one_line(err, command="report")
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b"\xff\xfe\x00junk")
    code, _, err = run_cli(capsys, "report", "--config", str(binary))
    assert code == 2 and "UTF-8" in _one_line(err, command="report")


def test_a_misspelled_param_is_exit_2_listing_the_notebooks_parameters(capsys, tmp_path, untouched):
    config = _config(tmp_path, FIXTURE_REPORT)
    code, out, err = run_cli(
        capsys, "report", "--config", str(config), "--out", str(tmp_path / "out"), "--param", "ocupation=29-9021"
    )
    assert code == 2 and out == ""
    line = _one_line(err, command="report")
    assert "--param ocupation" in line and "report.ipynb: occupation, area" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--out", "/"], "is the root of the file system"),
        (["--out", "{config}"], "is an existing file, not a folder"),
        (["--out", "{config}/sub"], "is a file, not a folder"),
        (["--out", "/dev/null"], "character device"),
        (["--jobs", "0"], "--jobs must be at least 1"),
        (["--only", "gamma"], "no report named gamma"),
        (["--data-dir", "{tmp}/nowhere"], "does not exist"),
        (["--param", "=3"], "expected key=value"),
    ],
)
def test_bad_report_options_are_exit_2_and_write_nothing(capsys, tmp_path, argv, expected, untouched):
    config = _config(tmp_path, FIXTURE_REPORT)
    before = sorted(p.name for p in tmp_path.iterdir())
    argv = [a.format(config=config, tmp=tmp_path) for a in argv]
    code, _, err = run_cli(capsys, "report", "--config", str(config), *argv)
    assert code == 2, err
    assert expected in _one_line(err, command="report")
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert config.read_text() == FIXTURE_REPORT


# ----------------------------------------------------------------------------------------------- runtime
@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied", "/srv/reports/index.json"),
            "'/srv/reports/index.json': permission denied; check the permissions",
        ),
        (
            FileExistsError(errno.EEXIST, "File exists", "/srv/reports/may2025"),
            "'/srv/reports/may2025': already exists; remove it or choose another name",
        ),
        (
            OSError(errno.ENOSPC, "No space left on device", "/srv/reports/.build-1/a.html"),
            "'/srv/reports/.build-1/a.html': no space left on the device; free some space",
        ),
        (OSError(errno.EROFS, "Read-only file system", "/mnt/ro"), "'/mnt/ro': read-only file system"),
        (OEWSInputError("not a BLS file", found="<html>"), "not a BLS file; found '<html>'"),
        (ConfigError("config.toml: contact must be an e-mail address"), "contact must be an e-mail address"),
        (RuntimeError("something odd"), "unexpected error: RuntimeError: something odd; run again with --debug"),
    ],
)
def test_runtime_failures_are_one_line_with_their_exit_code(capsys, monkeypatch, tmp_path, error, expected, untouched):
    from analysis.reports import build

    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(build, "run_reports", fail)
    config = _config(tmp_path, FIXTURE_REPORT)
    code, _, err = run_cli(capsys, "report", "--config", str(config), "--out", str(tmp_path / "out"))
    assert code == (2 if isinstance(error, ConfigError) else 1)
    assert expected in _one_line(err, command="report")


def test_ctrl_c_is_one_line_and_exit_130(capsys, monkeypatch, tmp_path):
    from analysis.reports import build

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "run_reports", interrupted)
    config = _config(tmp_path, FIXTURE_REPORT)
    code, _, err = run_cli(capsys, "report", "--config", str(config), "--out", str(tmp_path / "out"))
    assert code == 130 and "interrupted" in _one_line(err, command="report")


def test_debug_shows_the_traceback(capsys, monkeypatch, tmp_path):
    from analysis.reports import build

    def fail(*args, **kwargs):
        raise RuntimeError("something odd")

    monkeypatch.setattr(build, "run_reports", fail)
    config = _config(tmp_path, FIXTURE_REPORT)
    code, _, err = run_cli(capsys, "--debug", "report", "--config", str(config), "--out", str(tmp_path / "out"))
    assert code == 1 and "Traceback" in err and "RuntimeError: something odd" in err


def test_a_network_error_is_one_line(capsys, monkeypatch):
    import requests

    from analysis import fetch

    def fail(*args, **kwargs):
        raise requests.exceptions.TooManyRedirects("Exceeded 30 redirects.")

    monkeypatch.setattr(fetch, "fetch", fail)
    monkeypatch.setenv("HIM_WAGES_CONTACT", "tests@example.org")
    code, _, err = run_cli(capsys, "fetch", "--years", "2023", "--quiet")
    assert code == 1
    assert "network error" in _one_line(err, command="fetch") and "TooManyRedirects" in err


def test_running_out_of_memory_names_the_input_and_its_size(capsys, monkeypatch, tmp_path, untouched):
    workbook = tmp_path / "all_data_M_2025.xlsx"
    workbook.write_bytes(b"x" * 2_500_000)

    def fail(*args, **kwargs):
        raise MemoryError

    for name, module in list(sys.modules.items()):  # wherever the data command finds build()
        if name.startswith("analysis.store") and callable(getattr(module, "build", None)):
            monkeypatch.setattr(module, "build", fail)
    code, _, err = run_cli(capsys, "data", str(workbook))
    assert code == 1
    line = _one_line(err, command="data")
    assert f"'{workbook}' (2.5 MB)" in line and "ran out of memory" in line


def test_a_write_into_a_folder_root_cannot_change_is_one_line(capsys, tmp_path):
    # root ignores permissions, but not the immutable attribute: a real EPERM from the file system
    config = _config(tmp_path, FIXTURE_REPORT)
    out = tmp_path / "frozen"
    out.mkdir()
    if subprocess.run(check=False, args=["chattr", "+i", str(out)], capture_output=True).returncode != 0:
        pytest.fail("chattr +i is needed for this test (e2fsprogs, an ext4 or tmpfs /tmp)")
    try:
        code, _, err = run_cli(capsys, "report", "--config", str(config), "--out", str(out))
    finally:
        subprocess.run(args=["chattr", "-i", str(out)], check=True)
    assert code == 1
    line = _one_line(err, command="report")
    assert str(out) in line and ("operation not permitted" in line or "permission denied" in line)
    assert list(out.iterdir()) == []


def test_broken_pipe_on_info_exits_quietly():
    process = subprocess.Popen(
        [sys.executable, "-m", "analysis", "info"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    first = process.stdout.readline()
    process.stdout.close()  # what `| head -1` does
    _, err = process.communicate(timeout=HANG_GUARD_S)
    assert first.startswith(b"Releases available")
    assert process.returncode == 0
    assert err == b"", err.decode()


def test_warnings_format_is_restored_after_a_command(capsys):
    before = warnings.showwarning
    run_cli(capsys, "show", "29-2027")
    assert warnings.showwarning is before


def test_data_quiet_and_json_for_a_command_without_them(capsys, untouched):
    from analysis.store import read_current, sorted_copies

    if not sorted_copies.is_up_to_date():
        pytest.fail("data/processed must be built (make data) for this test")
    code, out, err = run_cli(capsys, "--quiet", "data")
    assert code == 0 and err == "" and "up to date" in out
    code, out, err = run_cli(capsys, "data", "--json")
    document = json.loads(out)
    assert document["exit_code"] == 0 and document["store"]["generation"] == read_current()["generation"]
    assert document["store"]["rows"] == read_current()["rows"]


def test_fetch_json_and_quiet_for_a_command_that_prints_lines(capsys, monkeypatch, tmp_path):
    home = tmp_path / "home"
    (home / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("HIM_WAGES_HOME", str(home))
    monkeypatch.setenv("HIM_WAGES_CONTACT", "tests@example.org")
    code, out, err = run_cli(capsys, "--json", "fetch", "--offline", "--years", "2023", "--quiet")
    assert code == 1
    assert json.loads(out)["exit_code"] == 1  # stdout stays one JSON document
    assert "oesm23nat.zip" in err and "Traceback" not in err


# ----------------------------------------------------------------------------------------------- report runs
def _fixture_home(home: Path) -> None:
    raw = home / "data" / "raw" / "oe"
    raw.mkdir(parents=True)
    (raw / "synthetic.txt").write_text("synthetic input for the report tests\n")


@pytest.mark.notebook
def test_two_report_runs_into_one_folder_keep_every_entry_and_a_good_run_is_quiet(tmp_path):
    home = tmp_path / "home"
    _fixture_home(home)
    config = _config(tmp_path, FIXTURE_REPORT)
    out = tmp_path / "out"
    env = {**os.environ, "HIM_WAGES_HOME": str(home)}
    runs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "analysis",
                "report",
                "--config",
                str(config),
                "--out",
                str(out),
                "--only",
                name,
                "--jobs",
                "1",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=ROOT,
        )
        for name in ("alpha", "beta")
    ]
    results = [(run.wait(timeout=HANG_GUARD_S), *run.communicate()) for run in runs]
    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert "1 built, 0 unchanged (skipped), 0 failed; index: " + str(out / "index.html") in stdout
        for noise in ("Kernel is running over TCP", "KeyboardInterrupt", "WARNING", "ERROR", "Traceback"):
            assert noise not in stderr, stderr
    entries = {e["key"] for e in json.loads((out / "index.json").read_text())["reports"]}
    assert entries == {"test/alpha", "test/beta"}
    page = (out / "index.html").read_text()
    assert 'href="test/alpha.html"' in page and 'href="test/beta.html"' in page
    assert "Kernel is running over TCP" in (out / "test" / "_logs" / "alpha.log").read_text()

    # --quiet: nothing on stderr; --json: one document on stdout
    result = subprocess.run(
        check=False,
        args=[
            sys.executable,
            "-m",
            "analysis",
            "--quiet",
            "--json",
            "report",
            "--config",
            str(config),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG_GUARD_S,
        cwd=ROOT,
    )
    assert result.returncode == 0 and result.stderr == ""
    document = json.loads(result.stdout)
    assert document["skipped"] == 2 and {r["name"] for r in document["reports"]} == {"alpha", "beta"}

    # a damaged index.json is rebuilt from the reports on disk, not replaced by the entries of one run
    (out / "index.json").write_text('{"format": 1, "reports": [{"na')
    result = subprocess.run(
        check=False,
        args=[
            sys.executable,
            "-m",
            "analysis",
            "report",
            "--config",
            str(config),
            "--out",
            str(out),
            "--only",
            "alpha",
            "--param",
            "sleep_seconds=0",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=HANG_GUARD_S,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    damaged = [line for line in result.stderr.splitlines() if "index.json" in line]
    assert len(damaged) == 1 and "rebuilt the index from the 2 report(s) on disk" in damaged[0]
    entries = {e["key"]: e for e in json.loads((out / "index.json").read_text())["reports"]}
    assert set(entries) == {"test/alpha", "test/beta"}
    assert entries["test/beta"]["parameters"]["area"] == "06"  # from papermill's record in the executed notebook
    assert entries["test/beta"]["figures"]["median_annual_wage"] == 53_500  # synthetic: the fixture's made-up wages
    assert len(list(out.glob("index.json.damaged-*"))) == 1
