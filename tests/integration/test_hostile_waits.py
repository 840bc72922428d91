"""Every wait bounded and validated (hostile-input probe, round two): a negative, NaN or infinite --wait, --timeout,
--deadline, --backoff or --retries is a usage error (exit code 2) before anything runs; a held index lock makes
`him-wages report` say it waits, then stop with exit code 75."""

from __future__ import annotations

import math

import pytest

from analysis import fetch, files
from analysis.errors import ConfigError
from cli_runs import run_cli
from real_files import ROOT


@pytest.mark.parametrize("value", ["-5", "nan", "inf", "-inf", "soon"])
def test_data_wait_refuses_what_never_ends(capsys, value, tmp_path, monkeypatch):
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))
    code, _, err = run_cli(capsys, "data", "--wait", value)
    assert code == 2 and "--wait" in err and "Traceback" not in err
    assert not (tmp_path / "data").exists()  # nothing ran


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--timeout", "0"),
        ("--timeout", "-1"),
        ("--timeout", "nan"),
        ("--deadline", "nan"),
        ("--deadline", "inf"),
        ("--deadline", "-3"),
        ("--backoff", "-1"),
        ("--wait", "-1"),
        ("--wait", "nan"),
        ("--backoff", "nan"),
        ("--retries", "-1"),
        ("--retries", "1000000"),
    ],
)
def test_fetch_refuses_bad_waits_and_counts_as_usage_errors(capsys, tmp_path, monkeypatch, option, value):
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))
    monkeypatch.setenv("HIM_WAGES_CONTACT", "tests@example.org")
    code, _, err = run_cli(capsys, "fetch", "--years", "2023", option, value, "--offline")
    assert code == 2 and option in err and "Traceback" not in err
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("setting", [{"deadline": math.nan}, {"timeout": -1}, {"backoff": math.inf}, {"retries": -1}])
def test_fetch_called_from_python_refuses_them_too(tmp_path, monkeypatch, setting):
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))
    with pytest.raises(ConfigError, match=next(iter(setting))):
        fetch.fetch([2023], offline=True, **setting)


def test_a_base_url_from_the_environment_is_checked_like_the_option(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))
    monkeypatch.setenv("HIM_WAGES_CONTACT", "tests@example.org")
    monkeypatch.setenv("HIM_WAGES_BLS_BASE_URL", "ftp://mirror.example/")
    code, _, err = run_cli(capsys, "fetch", "--years", "2023")
    assert code == 2 and "HIM_WAGES_BLS_BASE_URL" in err and "http(s)://" in err
    assert len(err.strip().splitlines()) == 1


def test_a_held_index_lock_is_waited_for_with_a_message_then_exit_75(capsys, tmp_path):
    out = tmp_path / "reports"
    out.mkdir()
    with files.exclusive_lock(out / "index.json", timeout=0):  # the lock every `him-wages report` takes
        code, _, err = run_cli(
            capsys,
            "report",
            "--config",
            str(ROOT / "reports.toml"),
            "--only",
            "national-29-2072",
            "--out",
            str(out),
            "--wait",
            "0.5",
            "--quiet",
        )
    assert code == 75, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert "waiting up to 0.5 s" in lines[0] and "still holds" in lines[-1] and "try again later" in lines[-1]
    assert not (out / "index.json").exists() and not list(out.rglob("*.html"))  # nothing built or published
