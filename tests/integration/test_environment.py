"""pyproject.toml is the source of truth for dependencies; environment.yml must say the same."""

from __future__ import annotations

import tomllib

import yaml
from packaging.requirements import Requirement

from analysis import paths

ROOT = paths.project_root()
# conda-forge names that differ from PyPI's (a rename is a one-line change).
CONDA_NAMES: dict[str, str] = {"isal": "python-isal", "duckdb": "python-duckdb"}
PIP_ONLY_IN_CONDA = {"cpi", "axe-playwright-python"}  # not on conda-forge: environment.yml installs them with pip


def _pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements.extend(extra)
    return {Requirement(r).name.lower(): str(Requirement(r).specifier) for r in requirements}


def _environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found: dict[str, str] = {}
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            for pip_entry in entry.get("pip", []):
                if pip_entry.startswith("-e"):
                    continue
                req = Requirement(pip_entry)
                found[req.name.lower()] = str(req.specifier)
            continue
        req = Requirement(entry.replace(" ", ""))
        name = {v: k for k, v in CONDA_NAMES.items()}.get(req.name.lower(), req.name.lower())
        found[name] = str(req.specifier)
    return found


def test_environment_yml_lists_exactly_the_pyproject_dependencies():
    expected = _pyproject_requirements()
    found = _environment_requirements()
    found.pop("python", None)
    found.pop("pip", None)
    assert found == expected


def test_python_version_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(e for e in env["dependencies"] if isinstance(e, str) and e.startswith("python"))
    assert Requirement(python).specifier == Requirement("python" + project["requires-python"]).specifier


def test_pip_only_packages_are_installed_by_pip_in_conda():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(e["pip"] for e in env["dependencies"] if isinstance(e, dict))
    assert {Requirement(p).name for p in pip_section if not p.startswith("-e")} == PIP_ONLY_IN_CONDA
    assert "-e ." in pip_section
