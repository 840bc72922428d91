"""The project's errors (:mod:`analysis.errors`): one-line messages that say where, what was found and what was
expected, and the one table from exception kind to exit code. Every value here is SYNTHETIC (made-up files, cells).
(That every public exception lives in errors.py under one root is checked by test_architecture.py.)"""

from __future__ import annotations

import errno

import pytest

from analysis import errors
from analysis.errors import Location, OEWSInputError


def test_a_location_names_only_the_parts_it_knows():
    assert str(Location()) == ""
    assert str(Location(file="national_M2024_dl.xlsx", sheet="national_M2024_dl", row=12, column="A_MEAN")) == (
        "file 'national_M2024_dl.xlsx', sheet 'national_M2024_dl', row 12, column 'A_MEAN'"
    )
    assert str(Location(file="oe.data.0.Current", row=3)) == "file 'oe.data.0.Current', row 3"


def test_an_input_error_is_one_line_with_where_what_found_and_expected():
    error = OEWSInputError(
        "a wage that is neither a number nor a BLS symbol",
        location=Location(file="x.csv", row=5, column="H_MEAN"),
        found="12..5",
        expected="a number or one of * ** # ~ -",
    )
    assert str(error) == (
        "file 'x.csv', row 5, column 'H_MEAN': a wage that is neither a number nor a BLS symbol; found '12..5'; "
        "expected a number or one of * ** # ~ -"
    )
    assert (error.problem, error.found, error.location.row) == (
        "a wage that is neither a number nor a BLS symbol",
        "12..5",
        5,
    )
    assert str(OEWSInputError("no data")) == "no data"  # the parts it lacks are left out
    assert isinstance(error, ValueError) and isinstance(error, errors.HimWagesError)


def test_a_huge_found_value_is_cut_saying_how_long_it_was():
    found = "x" * 10_000  # SYNTHETIC: a "line" without a line end
    message = str(OEWSInputError("line too long", found=found))
    assert len(message) < errors.FOUND_CHARACTERS + 100
    assert message.endswith(f"... ({len(repr(found)):,} characters in all)")


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (KeyboardInterrupt(), 130),
        (errors.LockTimeout("held"), 75),
        (errors.ConfigError("bad config"), 2),
        (errors.ReportConfigError("bad reports.toml"), 2),
        (errors.ParameterError("unknown occupation"), 2),
        (errors.UnknownCrosswalkError("no crosswalk"), 2),
        (errors.ContactNotConfiguredError("no contact"), 2),
        (errors.PublisherUnreachable("no publisher"), 3),
        (errors.PartlyUnreachable("some publishers"), 4),
        (errors.Incomplete("2 of 5 failed"), 1),
        (OEWSInputError("bad file"), 1),
        (errors.StoreError("damaged"), 1),
        (OSError(errno.ENOSPC, "No space left on device"), 1),
        (RuntimeError("bug"), 1),
    ],
)
def test_each_kind_of_failure_has_its_exit_code(exc, code):
    assert errors.exit_code(exc) == code


def test_the_exit_codes_are_the_documented_ones():
    assert sorted({code for _, code in errors.EXIT_CODES}) == [1, 2, 3, 4, 75, 130]
    assert errors.EXIT_CODES[-1] == (BaseException, errors.EXIT_FAILURE)  # anything else is a failure
