"""The command line's parsing and dispatch (:mod:`analysis.cli`), without running a command: the version, the
commands it knows, and a usage error as exit code 2 (in words, and as JSON with ``--json``). The commands themselves
are run end to end in tests/integration (test_cli_lookup.py, test_cli_failures.py, test_info.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from analysis import __version__
from analysis.cli import build_parser, main


def test_version_prints_the_package_version(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"him-wages {__version__}\n"


def test_the_five_commands_are_known():
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices  # argparse's subparsers
    assert list(commands) == ["data", "info", "show", "fetch", "report"]


def test_an_unknown_command_is_a_usage_error_listing_the_commands(capsys):
    assert main(["nosuch"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'nosuch'" in err and "'data', 'info', 'show', 'fetch', 'report'" in err


def test_no_command_prints_the_help_and_exits_2(capsys):
    assert main([]) == 2
    assert capsys.readouterr().out.startswith("usage: him-wages ")


def test_a_usage_error_with_json_is_a_json_document_with_exit_code_2(capsys):
    assert main(["--json", "nosuch"]) == 2
    document = json.loads(capsys.readouterr().out)
    assert document["error"]["exit_code"] == 2 and "nosuch" in document["error"]["message"]


def test_the_version_answers_without_importing_pandas():
    code = "import sys; from analysis.cli import main; main(['--version']); print('pandas' in sys.modules)"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.splitlines()[-1] == "False"
