"""Argument types shared by the commands (:mod:`analysis.commands.arguments`): a wait, timeout or count is checked
when the command line is read, so a bad value is a usage error (exit code 2) naming the option."""

from __future__ import annotations

import argparse

import pytest

from analysis.commands.arguments import count, seconds


@pytest.mark.parametrize(("text", "value"), [("0", 0.0), ("2.5", 2.5), ("600", 600.0), ("1e2", 100.0)])
def test_seconds_accepts_finite_numbers(text, value):
    assert seconds(most=600)(text) == value


@pytest.mark.parametrize(
    ("parser", "text", "message"),
    [
        (seconds(), "soon", "'soon' is not a number of seconds"),
        (seconds(), "nan", "'nan': give a finite number of seconds"),
        (seconds(), "inf", "'inf': give a finite number of seconds"),
        (seconds(), "-1", "'-1': give a number of seconds of at least 0"),
        (seconds(allow_zero=False), "0", "'0': give a number of seconds above 0"),
        (seconds(most=600), "601", "'601': at most 600 seconds"),
        (count(), "two", "'two' is not a whole number"),
        (count(), "1.5", "'1.5' is not a whole number"),
        (count(least=1), "0", "'0': give a whole number of at least 1"),
        (count(least=1, most=8), "9", "'9': give a whole number from 1 to 8"),
    ],
)
def test_a_bad_value_is_refused_with_what_was_given_and_what_is_expected(parser, text, message):
    with pytest.raises(argparse.ArgumentTypeError) as error:
        parser(text)
    assert str(error.value) == message


def test_count_accepts_whole_numbers_within_its_bounds():
    assert count(least=1, most=8)("8") == 8 and count()("0") == 0


def test_a_command_line_with_a_bad_value_exits_2_naming_the_option(capsys):
    parser = argparse.ArgumentParser(prog="him-wages data")
    parser.add_argument("--wait", type=seconds())
    with pytest.raises(SystemExit) as stop:
        parser.parse_args(["--wait", "-5"])
    assert stop.value.code == 2
    assert "argument --wait: '-5': give a number of seconds of at least 0" in capsys.readouterr().err
