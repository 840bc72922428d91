"""What a command prints (:mod:`analysis.console`): counts in words, one line per warning and per failure with its
exit code, and the JSON document of a failure. Messages and file names here are SYNTHETIC."""

from __future__ import annotations

import errno

import pytest

from analysis import console, errors


@pytest.mark.parametrize(
    ("count", "noun", "text"),
    [
        (1, "industry", "1 industry"),
        (444, "industry", "444 industries"),
        (1394, "occupation", "1,394 occupations"),
        (2, "day", "2 days"),
        (3, "U.S.", "3 U.S."),
        (0, "release", "0 releases"),
    ],
)
def test_count_text_writes_the_number_and_the_noun_as_people_do(count, noun, text):
    assert console.count_text(count, noun) == text


def test_a_warning_is_one_line_and_a_skipped_input_says_skipped():
    assert console.format_warning("no data in x.zip/notes.txt", errors.SkippedInputWarning, "data") == (
        "him-wages data: skipped no data in x.zip/notes.txt"
    )
    assert console.format_warning("Skipped: readme.pdf", UserWarning) == "him-wages: skipped readme.pdf"
    assert (
        console.format_warning("odd\x1b[2J value", UserWarning, "show") == "him-wages show: warning: odd\\x1b[2J value"
    )
    assert console.format_warning("old call", FutureWarning) == "him-wages: FutureWarning: old call"


def test_a_project_error_is_its_own_message_with_its_exit_code():
    assert console.describe_failure(errors.ParameterError("unknown occupation '99-9999'"), command="show") == (
        "unknown occupation '99-9999'",
        2,
    )


def test_a_failed_data_run_says_the_store_was_left_as_it_was():
    message, code = console.describe_failure(errors.OEWSInputError("bad file"), command="data")
    assert (message, code) == ("bad file; data/processed was left as it was.", 1)


def test_a_damaged_store_outside_data_points_to_the_rebuild():
    message, code = console.describe_failure(errors.StoreError("current.json is damaged"), command="show")
    assert message == "current.json is damaged; run `him-wages data --force` to rebuild the store from data/raw"
    assert code == 1


def test_a_full_disk_names_the_file_and_ctrl_c_says_what_was_kept():
    message, code = console.describe_failure(OSError(errno.ENOSPC, "No space left on device", "out.parquet"))
    assert message.startswith("'out.parquet': ") and code == 1
    assert console.describe_failure(KeyboardInterrupt(), command="fetch") == (
        "interrupted; finished files are kept, a partial download resumes next time",
        130,
    )


def test_an_unexpected_error_asks_for_debug_and_a_report():
    message, code = console.describe_failure(RuntimeError("boom"))
    assert message == "unexpected error: RuntimeError: boom; run again with --debug for the details and report it"
    assert code == 1


def test_the_json_document_holds_the_message_the_code_and_what_to_do():
    document = console.failure_document(errors.StoreError("damaged"), command="info")
    assert document == {
        "command": "info",
        "error": {
            "message": "damaged; run `him-wages data --force` to rebuild the store from data/raw",
            "exit_code": 1,
            "hint": "run `him-wages data --force` to rebuild the store from data/raw",
        },
    }
    usage = console.failure_document(errors.ConfigError("no such option"), command="report")
    assert usage["error"]["hint"] == "`him-wages report --help` describes the options"


def test_report_failure_prints_one_line_on_stderr_and_returns_the_code(capsys):
    code = console.report_failure(errors.ParameterError("bad\x1b]0;x\x07 year"), command="show", debug=False)
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert err == "him-wages show: bad\\x1b]0;x\\x07 year\n"
