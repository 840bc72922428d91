"""analysis.settings: the one settings object (environment, config file, platformdirs folders), cached and rebuilt
when what it read changes; and no other module reading the environment or a config file for settings."""

from __future__ import annotations

import ast
import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import paths, settings
from analysis.errors import ConfigError, ContactNotConfiguredError
from real_files import ROOT

PACKAGE = ROOT / "src" / "analysis"


@pytest.fixture
def clean_env(tmp_path, monkeypatch):
    """No HIM_WAGES_* variable set; the user's config and cache folders under tmp_path."""
    for name in settings.READ_ENV:
        if name.startswith("HIM_WAGES_"):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def test_one_frozen_object_cached_until_what_it_read_changes(clean_env, monkeypatch):
    first = settings.get()
    assert settings.get() is first  # cached
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.contact = "someone@example.org"  # type: ignore[misc]
    assert first.project_root == paths.checkout_root() == paths.project_root()
    assert first.config_file == clean_env / "config" / "him-wages" / "config.toml"
    assert first.cache_dir == clean_env / "cache" / "him-wages"
    assert (first.contact, first.bls_base_url, dict(first.config)) == (None, None, {})

    project = clean_env / "project"
    project.mkdir()
    monkeypatch.setenv("HIM_WAGES_HOME", f"  {project}  ")  # blanks around a value are dropped
    monkeypatch.setenv("HIM_WAGES_CONTACT", "analyst@example.net")
    second = settings.get()
    assert second is not first
    assert second.project_root == project.resolve() == paths.project_root()
    assert paths.processed_dir() == project.resolve() / "data" / "processed"
    assert second.contact == "analyst@example.net"
    assert settings.reload() is not second and settings.get().contact == "analyst@example.net"


def test_the_config_file_is_read_when_it_appears_or_changes(clean_env):
    assert settings.get().contact_candidates() == [("--contact", None), ("HIM_WAGES_CONTACT", None)]
    config = clean_env / "config" / "him-wages" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[fetch]\ncontact = "analyst@example.net"\n')
    assert settings.get().contact_candidates("me@example.org") == [
        ("--contact", "me@example.org"),
        ("HIM_WAGES_CONTACT", None),
        (str(config), "analyst@example.net"),
    ]
    config.write_text('contact = "other@example.net"  # changed, and longer\n')
    assert settings.get().config["contact"] == "other@example.net"


def test_a_config_file_that_is_not_toml_matters_only_where_it_is_read(clean_env, monkeypatch):
    config = clean_env / "elsewhere.toml"
    config.write_text("contact = \n")  # SYNTHETIC: not TOML
    monkeypatch.setenv("HIM_WAGES_CONFIG", str(config))
    current = settings.get()  # the store, the reports and `--help` never ask for the contact: no error
    assert current.config_file == config and current.project_root == paths.checkout_root()
    with pytest.raises(ContactNotConfiguredError, match=r"elsewhere\.toml is not valid TOML"):
        current.contact_candidates()


@pytest.mark.parametrize(("home", "says"), [("missing", "is not an existing folder"), ("/", "root of the file system")])
def test_a_bad_home_is_a_config_error_when_a_path_is_asked_for(clean_env, monkeypatch, home, says):
    monkeypatch.setenv("HIM_WAGES_HOME", home if home == "/" else str(clean_env / home))
    settings.get()  # building the settings does not fail
    with pytest.raises(ConfigError, match=says) as raised:
        paths.raw_dir()
    assert "HIM_WAGES_HOME=" in str(raised.value) and "\n" not in str(raised.value)


def test_settings_import_nothing_heavy():
    """``him-wages --help`` imports this module: no pandas, no platformdirs until a folder is asked for."""
    code = "import sys, analysis.settings; print(sorted({'pandas', 'platformdirs', 'requests'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def _reads_environment(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv", "environb"):
            lines.append(node.lineno)
        if isinstance(node, ast.ImportFrom) and node.module == "os":
            lines += [node.lineno for alias in node.names if alias.name in ("environ", "getenv")]
    return lines


def test_no_other_module_reads_the_environment_or_the_config_file():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "settings.py" and path.parent == PACKAGE:
            continue
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(PACKAGE)}:{line}" for line in _reads_environment(ast.parse(text))]
        if "platformdirs" in text or "user_config_dir" in text:
            found.append(f"{path.relative_to(PACKAGE)}: platformdirs")
    assert found == []
    # TOML is parsed elsewhere only for data and run configs (data/raw/MANIFEST, reports.toml), never config.toml.
    parsers = sorted(
        str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py") if "tomllib.load" in p.read_text(encoding="utf-8")
    )
    assert parsers == ["raw_catalog.py", "reports/config.py", "settings.py"]


def test_paths_come_from_the_settings(clean_env, monkeypatch):
    project = clean_env / "p"
    (project / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("HIM_WAGES_HOME", str(project))
    root = project.resolve()
    assert [paths.raw_dir(), paths.downloads_dir(), paths.locks_dir(), paths.reports_dir()] == [
        root / "data" / "raw",
        root / "data" / "raw" / "bls",
        root / "data" / ".locks",
        root / "reports",
    ]
    assert paths.checkout_root() == settings.CHECKOUT == Path(settings.__file__).resolve().parents[2]
