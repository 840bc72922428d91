"""Tests you can find: every module of the package has its unit tests in a file of the same name.

``src/analysis/<stage>/<module>.py`` is tested in ``tests/unit/<stage>/test_<module>.py`` and a top-level
``src/analysis/<module>.py`` in ``tests/unit/test_<module>.py``. A test file may exercise other modules too (the
cross-cutting ones, e.g. ``sources/test_read_errors.py``, keep their names), but a reader looking for a module's
tests opens the file of its name first. Package ``__init__`` files hold a contract docstring and re-exports (their
size is bounded by test_architecture.py) and are not listed.

A module that adds no behaviour of its own is exempt, named in :data:`EXEMPT` with the reason. A module with logic
whose tests still live elsewhere (end to end in tests/integration, or in another unit file) is named in
:data:`TESTED_ELSEWHERE` with the files that exercise it, until its tests move. A module added without tests fails.
Read from the file system only (nothing is imported).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from real_files import ROOT

PACKAGE = ROOT / "src" / "analysis"
UNIT = ROOT / "tests" / "unit"

#: Modules with no behaviour of their own, and why.
EXEMPT: dict[str, str] = {
    "__main__.py": "two lines: `python -m analysis` calls cli.main (the CLI is tested through it in tests/integration)",
    "reports/results.py": "two plain dataclasses (BuildResult, Outcome) and no function",
}

#: Modules with logic whose tests are not (yet) in a same-named file: module -> the test files that exercise it
#: (directly, or end to end through the command or report that runs it). Move or write the tests, then delete the
#: entry (an entry whose module has gained its same-named test file is ignored, so merges do not break on it).
TESTED_ELSEWHERE: dict[str, tuple[str, ...]] = {}


def modules() -> list[str]:
    """Every module of the package, relative to src/analysis, package ``__init__`` files left out."""
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py") if p.name != "__init__.py")


def same_named_test(module: str) -> Path:
    """Where the unit tests of ``module`` (relative to src/analysis) live."""
    path = Path(module)
    return UNIT / path.parent / f"test_{path.stem}.py"


def test_the_file_of_a_module_is_named_after_it_in_its_stage_folder():
    assert same_named_test("sources/flat_files.py") == UNIT / "sources" / "test_flat_files.py"
    assert same_named_test("text.py") == UNIT / "test_text.py"


@pytest.mark.parametrize("module", modules())
def test_every_module_has_a_test_file_of_its_name(module):
    if module in EXEMPT or module in TESTED_ELSEWHERE:
        return
    expected = same_named_test(module)
    assert expected.is_file(), (
        f"src/analysis/{module} has no {expected.relative_to(ROOT)}: write its tests there (or move them there), "
        "or, for a module with no behaviour of its own, add it to EXEMPT in tests/unit/test_layout.py with the reason"
    )


def test_the_lists_name_modules_that_exist_and_test_files_that_exist():
    present = set(modules())
    for module in [*EXEMPT, *TESTED_ELSEWHERE]:
        assert module in present, f"tests/unit/test_layout.py lists src/analysis/{module}, which does not exist"
    assert not set(EXEMPT) & set(TESTED_ELSEWHERE)
    for module, files in TESTED_ELSEWHERE.items():
        for name in files:
            assert (ROOT / "tests" / name).is_file(), f"{module}: tests/{name} does not exist"


def test_an_exempt_module_really_has_no_behaviour_of_its_own():
    """An exempt module defines no function (a plain record or a re-export): one that grows logic needs tests."""
    import ast

    for module in EXEMPT:
        tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
        functions = [n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        assert not functions, f"src/analysis/{module} is exempt but defines {', '.join(functions)}: test it"
