"""``him-wages report``: run config, parallel builds, failures, killed runs, skipping, overrides, index.

The notebooks are the small fixtures in tests/fixtures/notebooks/ (their numbers are synthetic, made up in the
notebook). Every run writes into tmp_path (``--out``) with ``HIM_WAGES_HOME`` pointing at a temporary project
whose data/raw holds a synthetic MANIFEST and file, so the real data/ and reports/ folders are never touched.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from analysis import cli, reports
from real_files import OEWS_FILES
from real_files import ROOT as REPO_ROOT

# one xdist worker runs the whole file, so the baseline build (a module fixture) happens once
pytestmark = pytest.mark.xdist_group("reports")

ROOT = REPO_ROOT
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
#: median of the synthetic wages the fixture notebook makes up: 40000, 49000, 58000, 67000
SYNTHETIC_MEDIAN = 53_500

CONFIG = f"""
release = "test"

[[reports]]
name = "alpha"
notebook = "{(FIXTURES / "report.ipynb").as_posix()}"
parameters = {{ occupation = "29-2072", sleep_seconds = 2 }}

[[reports]]
name = "beta"
notebook = "{(FIXTURES / "report.ipynb").as_posix()}"
parameters = {{ occupation = "29-9021", area = "06", sleep_seconds = 2 }}

[[reports]]
name = "broken"
notebook = "{(FIXTURES / "raises.ipynb").as_posix()}"
"""

SYNTHETIC_MANIFEST = """# synthetic MANIFEST for the tests (same shape as scripts/build_bundled_data.py writes)
[release]
description = "May 2099 (synthetic)"

[[files]]
path = "oe/synthetic.txt"
sha256 = "{sha}"
"""


def _make_home(home: Path) -> None:
    raw = home / "data" / "raw" / "oe"
    raw.mkdir(parents=True)
    synthetic = raw / "synthetic.txt"
    synthetic.write_text("synthetic input for the report tests\n")
    (home / "data" / "raw" / "MANIFEST").write_text(SYNTHETIC_MANIFEST.format(sha=reports.sha256_of(synthetic)))
    (home / "reports.toml").write_text(CONFIG)


def _report(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["report", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every visible file under ``folder`` (build folders and hidden caches excluded) with its bytes."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def _fixed_package_fingerprint() -> str:
    """The project's code as of the baseline build. (The real hash covers src/analysis, which may change while
    the tests run in a working copy; the tests of skipping must not depend on that.)"""
    return "code-of-the-baseline-build"


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> tuple[Path, Path]:
    """A project home and an output folder after one good parallel build of alpha and beta (built once)."""
    home = tmp_path_factory.mktemp("home")
    _make_home(home)
    out = tmp_path_factory.mktemp("baseline-out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HIM_WAGES_HOME", str(home))
        patch.setattr(reports, "package_fingerprint", _fixed_package_fingerprint)
        code = cli.main(["report", "--out", str(out), "--only", "alpha", "beta", "--jobs", "2"])
    assert code == 0
    return home, out


@pytest.fixture
def workspace(baseline, tmp_path, monkeypatch) -> Path:
    """A private copy of the baseline output, with HIM_WAGES_HOME set to the baseline's home."""
    home, out = baseline
    monkeypatch.setenv("HIM_WAGES_HOME", str(home))
    monkeypatch.setattr(reports, "package_fingerprint", _fixed_package_fingerprint)
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    return copy


# --------------------------------------------------------------------------------- config and parameters


def test_param_values_parse_as_yaml_scalars_and_lists_with_codes_kept():
    assert reports.parse_param("year=2024") == ("year", 2024)
    assert reports.parse_param("occupation=29-2072") == ("occupation", "29-2072")
    assert reports.parse_param("state=06") == ("state", "06")  # a FIPS code, not the number 6
    assert reports.parse_param("state=CA") == ("state", "CA")
    assert reports.parse_param("state=NO") == ("state", "NO")  # YAML 1.1 would say False
    assert reports.parse_param("fail=true") == ("fail", True)
    assert reports.parse_param("top_n=10") == ("top_n", 10)
    assert reports.parse_param("occupations=[29-2072, 29-9021, 11-9111]") == (
        "occupations",
        ["29-2072", "29-9021", "11-9111"],
    )
    assert reports.parse_param("states=[06, 08]") == ("states", ["06", "08"])
    assert reports.parse_param("years=[2023, 2024]") == ("years", [2023, 2024])
    assert reports.parse_param('occupations=["29-2072"]') == ("occupations", ["29-2072"])
    assert reports.parse_param("base_year=null") == ("base_year", None)
    with pytest.raises(reports.ReportConfigError, match="key=value"):
        reports.parse_param("occupation")


def test_default_run_config_lists_the_planned_reports():
    specs = reports.load_config(ROOT / "reports.toml")
    by_notebook: dict[str, list] = {}
    for spec in specs:
        by_notebook.setdefault(spec.notebook.name, []).append(spec.parameters)
        assert spec.notebook.parent == ROOT / "notebooks"
    him = ["29-2072", "29-9021", "11-9111"]
    assert [p["occupation"] for p in by_notebook["01_national.ipynb"]] == him
    assert [p["occupation"] for p in by_notebook["03_industry.ipynb"]] == him
    # the U.S. view (no state: the notebook's default) and one state deep dive
    assert [p.get("state") for p in by_notebook["02_regional.ipynb"]] == [None, "CA"]
    assert by_notebook["04_trends.ipynb"] == [{"occupations": him}]
    assert by_notebook["05_compare.ipynb"] == [
        {"occupation": "29-2072", "salary": 55000, "areas": ["California", "Texas", "Florida", "New York", "Ohio"]}
    ]
    # "latest": the folder follows the data (resolved when the reports are built, see the tests below)
    assert {spec.release for spec in specs} == {reports.LATEST_RELEASE}
    assert len({spec.name for spec in specs}) == len(specs)


def _synthetic_national(years: list[int]):
    """A synthetic stand-in for ``store.load(area_types=[1])``: only the year column matters here."""
    import pandas as pd

    return pd.DataFrame({"year": pd.array(years, dtype="Int64"), "area_type": pd.array([1] * len(years), "Int64")})


def test_latest_release_resolves_per_data_dirs_and_explicit_releases_are_kept(tmp_path, monkeypatch):
    from analysis import store

    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))  # no store: the latest release comes from store.load
    calls = []
    synthetic_years = {(): [2023, 2024], (str((tmp_path / "newer").resolve()),): [2024, 2026]}

    def fake_load(*, data_dirs=(), years=None, occ_codes=None, area_types=None):
        key = tuple(str(d) for d in data_dirs)
        calls.append((key, area_types))
        return _synthetic_national(synthetic_years[key])

    monkeypatch.setattr(store, "load", fake_load)
    notebook = tmp_path / "n.ipynb"
    config = tmp_path / "run.toml"
    config.write_text(f"""
[[reports]]
name = "follows-the-data"
notebook = "{notebook.as_posix()}"

[[reports]]
name = "pinned"
notebook = "{notebook.as_posix()}"
release = "may2019"

[[reports]]
name = "by-year"
notebook = "{notebook.as_posix()}"
parameters = {{ year = 2021 }}

[[reports]]
name = "also-latest"
notebook = "{notebook.as_posix()}"
""")
    specs = reports.load_config(config)  # no `release` key: the default is "latest"
    assert [s.release for s in specs] == ["latest", "may2019", "may2021", "latest"]
    resolved = reports.resolve_releases(specs)
    assert [s.release for s in resolved] == ["may2024", "may2019", "may2021", "may2024"]
    assert calls == [((), [1])]  # looked up once, national rows only
    newer = tmp_path / "newer"
    newer.mkdir()
    with_dir = [reports.apply_overrides(s, {}, [newer]) for s in specs]
    assert [s.release for s in reports.resolve_releases(with_dir)] == ["may2026", "may2019", "may2021", "may2026"]
    # a --param year override still picks the folder of that year
    assert reports.resolve_releases([reports.apply_overrides(specs[0], {"year": 2022}, [])])[0].release == "may2022"


def test_latest_release_without_data_is_a_config_error(tmp_path, monkeypatch):
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))  # an empty project: no data/raw, no data/processed
    spec = reports.ReportSpec("n", tmp_path / "n.ipynb", {}, reports.LATEST_RELEASE)
    with pytest.raises(reports.ReportConfigError, match="latest release.*no OEWS data found"):
        reports.resolve_releases([spec])


def test_latest_release_of_a_real_bls_file_given_as_data_dir(tmp_path, monkeypatch):
    # BLS's national file for May 2014 (bundled in data/raw/national), in an otherwise empty project
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))
    national_2014 = OEWS_FILES / "national_M2014_dl.xlsx"
    assert reports.latest_release_year([national_2014]) == 2014
    spec = reports.apply_overrides(reports.ReportSpec("n", tmp_path / "n.ipynb", {}, "latest"), {}, [national_2014])
    assert reports.resolve_releases([spec])[0].release == "may2014"


def test_real_run_config_resolves_to_the_latest_release_in_the_project_data():
    from analysis import store

    specs = reports.resolve_releases(reports.load_config(ROOT / "reports.toml"))
    national_years = store.load(area_types=[1])["year"]
    assert {spec.release for spec in specs} == {f"may{int(national_years.max())}"}
    # what the notebooks show by default: the latest year of the data, so the folder and the content agree
    assert int(national_years.max()) >= 2025  # the bundled extract is May 2025 (data/raw/MANIFEST)


def test_bad_config_and_unknown_report_names_are_reported(tmp_path, capsys):
    config = tmp_path / "bad.toml"
    config.write_text('[[reports]]\nname = "x y"\nnotebook = "a.ipynb"\n')
    with pytest.raises(reports.ReportConfigError, match="name 'x y'"):
        reports.load_config(config)
    good = tmp_path / "good.toml"
    good.write_text(CONFIG)
    code, output = _report(capsys, "--config", str(good), "--out", str(tmp_path / "o"), "--only", "gamma")
    assert code == 2
    assert "no report named gamma" in output and "alpha, beta, broken" in output


def test_fingerprint_changes_with_notebook_parameters_data_and_code(tmp_path):
    notebook = tmp_path / "n.ipynb"
    notebook.write_text("{}")
    spec = reports.ReportSpec("n", notebook, {"occupation": "29-2072"}, "test")
    base = reports.report_fingerprint(spec, {"a.csv": "1"}, include_code=False, code_hash="c1")
    assert base == reports.report_fingerprint(spec, {"a.csv": "1"}, include_code=False, code_hash="c1")
    other_parameters = reports.ReportSpec("n", notebook, {"occupation": "29-9021"}, "test")
    variants = [
        reports.report_fingerprint(other_parameters, {"a.csv": "1"}, include_code=False, code_hash="c1"),
        reports.report_fingerprint(spec, {"a.csv": "2"}, include_code=False, code_hash="c1"),
        reports.report_fingerprint(spec, {"a.csv": "1"}, include_code=True, code_hash="c1"),
        reports.report_fingerprint(spec, {"a.csv": "1"}, include_code=False, code_hash="c2"),
    ]
    notebook.write_text('{"changed": true}')
    variants.append(reports.report_fingerprint(spec, {"a.csv": "1"}, include_code=False, code_hash="c1"))
    assert base not in variants and len(set(variants)) == len(variants)
    assert len(reports.package_fingerprint()) == 64


# ------------------------------------------------------------------------------------------ builds


@pytest.mark.notebook
def test_parallel_build_publishes_reports_and_index(baseline):
    _, out = baseline
    for name, occupation in (("alpha", "29-2072"), ("beta", "29-9021")):
        html = (out / "test" / f"{name}.html").read_text()
        executed = nbformat.read(out / "test" / f"{name}.ipynb", as_version=4)
        assert reports.read_figures(executed)["median_annual_wage"] == SYNTHETIC_MEDIAN
        assert len(html.encode()) < 3_000_000
        assert html.count("var HIM_WAGES_VEGA =") == 1  # the vega bundle inlined once
        assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']?(https?:)?//", html)
        assert "require.min.js" not in html and "MathJax.Hub" not in html
        assert '<h1 class="him-title">' in html and occupation in html
        assert "Synthetic occupation (" + occupation + ")" in html  # subtitle from the recorded figures
        assert "data/raw/oe/synthetic.txt" in html and "May 2099 (synthetic)" in html  # provenance footer
        assert "hl-ipython3" not in html  # code cells hidden by default
        assert (out / "test" / "_logs" / f"{name}.log").is_file()
    # the two notebooks ran at the same time (--jobs 2): each started before the other ended
    spans = {}
    for name in ("alpha", "beta"):
        stamps = [
            line[:23]
            for line in (out / "test" / "_logs" / f"{name}.log").read_text().splitlines()
            if "Executing notebook" in line or "Ending Cell 7" in line
        ]
        spans[name] = (stamps[0], stamps[-1])
    assert spans["alpha"][0] < spans["beta"][1] and spans["beta"][0] < spans["alpha"][1]

    index = json.loads((out / "index.json").read_text())
    entries = {entry["name"]: entry for entry in index["reports"]}
    assert set(entries) == {"alpha", "beta"}
    assert entries["beta"]["parameters"] == {"occupation": "29-9021", "area": "06", "sleep_seconds": 2}
    assert entries["beta"]["status"] == "ok" and entries["beta"]["html"] == "test/beta.html"
    assert entries["beta"]["figures"]["area"] == "06"
    assert entries["alpha"]["data_releases"] == ["May 2025"]
    page = (out / "index.html").read_text()
    assert 'href="test/alpha.html"' in page and 'href="test/beta.html"' in page
    # the headline and key figure the notebook wrote, shown exactly (SYNTHETIC values)
    assert "Synthetic: the made-up median wage is $53,500 a year." in page
    assert "<dt>Median annual wage (synthetic)</dt><dd>$53,500</dd>" in page
    assert not list(out.glob(".build-*"))


@pytest.mark.notebook
def test_unchanged_rerun_rebuilds_nothing(workspace, capsys):
    before = _snapshot(workspace)
    code, output = _report(capsys, "--out", str(workspace), "--only", "alpha", "beta", "--jobs", "2")
    assert code == 0
    assert re.search(r"skipped\s+alpha", output) and re.search(r"skipped\s+beta", output)
    assert "0 built, 2 unchanged (skipped), 0 failed" in output
    after = _snapshot(workspace)
    assert {k: v for k, v in after.items() if not k.startswith("index.")} == {
        k: v for k, v in before.items() if not k.startswith("index.")
    }
    entries = {e["name"]: e for e in json.loads((workspace / "index.json").read_text())["reports"]}
    assert entries["alpha"]["last_run"]["status"] == "skipped"
    assert "unchanged, not rebuilt" in (workspace / "index.html").read_text()


@pytest.mark.notebook
def test_param_override_and_data_dir_rebuild_only_that_report(workspace, tmp_path, capsys):
    extra = tmp_path / "extra-bls"
    extra.mkdir()
    (extra / "synthetic_extra.csv").write_text("synthetic,not BLS\n")
    beta_before = (workspace / "test" / "beta.html").read_bytes()
    alpha_before = (workspace / "test" / "alpha.html").read_bytes()
    code, output = _report(
        capsys,
        "--out",
        str(workspace),
        "--only",
        "alpha",
        "--param",
        "occupation=11-9111",
        "--param",
        "sleep_seconds=0",
        "--param",
        "year=2024",
        "--data-dir",
        str(extra),
        "--include-code",
    )
    assert code == 0, output
    assert re.search(r"done\s+alpha", output)
    entries = {e["key"]: e for e in json.loads((workspace / "index.json").read_text())["reports"]}
    assert set(entries) == {"test/alpha", "test/beta", "may2024/alpha"}  # a year parameter picks the folder
    entry = entries["may2024/alpha"]
    assert entry["parameters"] == {"occupation": "11-9111", "sleep_seconds": 0, "year": 2024, "data_dirs": [str(extra)]}
    assert entry["figures"]["occupation"] == "11-9111"
    assert entry["html"] == "may2024/alpha.html"
    assert (workspace / "test" / "alpha.html").read_bytes() == alpha_before  # the other release's report stays
    html = (workspace / "may2024" / "alpha.html").read_text()
    assert "1 extra data folder(s)" in html
    assert "synthetic_extra.csv" in html  # listed with its sha256 in the provenance footer
    assert "hl-ipython3" in html and "sleep_seconds" in html  # --include-code shows the code cells
    assert (workspace / "test" / "beta.html").read_bytes() == beta_before


@pytest.mark.notebook
def test_cli_writes_a_latest_release_under_the_year_of_the_data_dir(tmp_path, monkeypatch, capsys):
    # an empty project plus BLS's May 2014 national file (read in place) as --data-dir: reports go to may2014/
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HIM_WAGES_HOME", str(home))
    national_2014 = OEWS_FILES / "national_M2014_dl.xlsx"
    config = tmp_path / "latest.toml"
    config.write_text(f"""
release = "latest"

[[reports]]
name = "alpha"
notebook = "{(FIXTURES / "report.ipynb").as_posix()}"
parameters = {{ occupation = "29-2072", sleep_seconds = 0 }}
""")
    out = tmp_path / "out"
    code, output = _report(
        capsys, "--config", str(config), "--out", str(out), "--data-dir", str(national_2014), "--jobs", "1"
    )
    assert code == 0, output
    assert (out / "may2014" / "alpha.html").is_file()
    entries = {e["key"] for e in json.loads((out / "index.json").read_text())["reports"]}
    assert entries == {"may2014/alpha"}


@pytest.mark.notebook
def test_failing_notebooks_are_named_and_never_replace_a_good_report(workspace, capsys):
    good_html = (workspace / "test" / "alpha.html").read_bytes()
    good_ipynb = (workspace / "test" / "alpha.ipynb").read_bytes()
    code, output = _report(
        capsys,
        "--out",
        str(workspace),
        "--only",
        "alpha",
        "broken",
        "--param",
        "fail=true",
        "--param",
        "sleep_seconds=0",
        "--jobs",
        "2",
    )
    assert code == 1
    # report, notebook, cell (index and first line) and exception, on one line each
    assert re.search(
        r"report 'alpha' failed: notebook '[^']*report\.ipynb', cell 2 \(In \[\d+\]\) `import time`: "
        r"RuntimeError: synthetic failure requested for 29-2072",
        output,
    ), output
    assert re.search(
        r"report 'broken' failed: notebook '[^']*raises\.ipynb', cell 3 \(In \[\d+\]\) "
        r"`total = \{\"a\": 1\}\[\"synthetic missing key\"\]  # raises KeyError`: "
        r"KeyError: 'synthetic missing key'",
        output,
    ), output
    assert (workspace / "test" / "alpha.html").read_bytes() == good_html
    assert (workspace / "test" / "alpha.ipynb").read_bytes() == good_ipynb
    failed = nbformat.read(workspace / "test" / "_failed" / "alpha.ipynb", as_version=4)
    assert any(o.get("ename") == "RuntimeError" for c in failed.cells for o in c.get("outputs", []))
    assert (workspace / "test" / "_failed" / "broken.ipynb").is_file()
    assert not (workspace / "test" / "broken.html").exists()
    entries = {e["name"]: e for e in json.loads((workspace / "index.json").read_text())["reports"]}
    assert entries["alpha"]["status"] == "failed" and entries["alpha"]["html"] == "test/alpha.html"
    assert entries["broken"]["status"] == "failed" and not entries["broken"].get("html")
    page = (workspace / "index.html").read_text()
    assert "showing the last good build" in page and "no good build yet" in page
    for href in re.findall(r'href="([^"#][^"]*)"', page):
        assert (workspace / href).is_file(), href  # the index never links a missing file
    # the next run with the same notebook, parameters and data builds the failed report again, not "unchanged"
    code, output = _report(
        capsys, "--out", str(workspace), "--only", "alpha", "--param", "fail=true", "--param", "sleep_seconds=0"
    )
    assert code == 1 and "report 'alpha' failed" in output and "0 built, 0 unchanged (skipped), 1 failed" in output


def _killing_notebook(folder: Path) -> Path:
    """The fixture report notebook with one more parameter, ``marker``: while that file exists, the notebook kills
    its own kernel (as the out-of-memory killer would), a failure that a rerun fixes."""
    notebook = nbformat.read(FIXTURES / "report.ipynb", as_version=4)
    parameters = next(i for i, c in enumerate(notebook.cells) if "parameters" in c.metadata.get("tags", []))
    notebook.cells[parameters].source += '\nmarker = ""'
    kill = "import os, signal\nif marker and os.path.exists(marker):\n    os.kill(os.getpid(), signal.SIGKILL)"
    notebook.cells.insert(parameters + 1, nbformat.v4.new_code_cell(kill))
    path = folder / "killed.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.mark.notebook
def test_a_failure_a_rerun_fixes_is_built_again_and_the_index_forgets_it(workspace, tmp_path, capsys):
    marker = tmp_path / "kill-the-kernel"
    marker.write_text("SYNTHETIC marker: the kernel kills itself while this file exists\n")
    config = tmp_path / "killed.toml"
    config.write_text(
        f'release = "test"\n[[reports]]\nname = "gamma"\nnotebook = "{_killing_notebook(tmp_path).as_posix()}"\n'
        f'parameters = {{ occupation = "29-2072", marker = "{marker.as_posix()}" }}\n'
    )
    args = ("--config", str(config), "--out", str(workspace), "--jobs", "1")
    code, output = _report(capsys, *args)
    assert code == 1 and "report 'gamma' failed" in output, output
    assert "The last build failed" in (workspace / "index.html").read_text()
    marker.unlink()  # the cause is gone; notebook, parameters and data are the same
    code, output = _report(capsys, *args)
    assert code == 0 and "1 built, 0 unchanged (skipped), 0 failed" in output, output
    entry = {e["name"]: e for e in json.loads((workspace / "index.json").read_text())["reports"]}["gamma"]
    assert entry["status"] == "ok" and entry["last_run"]["status"] == "built" and not entry.get("error")
    page = (workspace / "index.html").read_text()
    assert "The last build failed" not in page and (workspace / "test" / "gamma.html").is_file()
    code, output = _report(capsys, *args)  # and now it is remembered as built: unchanged
    assert code == 0 and "0 built, 1 unchanged (skipped), 0 failed" in output, output


@pytest.mark.notebook
def test_a_notebook_that_is_no_notebook_is_never_quoted(workspace, tmp_path, capsys):
    secret = tmp_path / "outside.ipynb"  # SYNTHETIC stand-in for a file outside the project (e.g. /etc/passwd)
    secret.write_text("root:x:0:0:SYNTHETIC-SECRET-LINE:/root:/bin/bash\n")
    config = tmp_path / "secret.toml"
    config.write_text(f'release = "test"\n[[reports]]\nname = "delta"\nnotebook = "{secret.as_posix()}"\n')
    code, output = _report(capsys, "--config", str(config), "--out", str(workspace))
    assert code == 1 and "report 'delta' failed" in output and "not a Jupyter notebook" in output, output
    assert "SYNTHETIC-SECRET" not in output and "root:x" not in output
    for name in ("index.html", "index.json"):
        text = (workspace / name).read_text()
        assert "not a Jupyter notebook" in text and "SYNTHETIC-SECRET" not in text and "root:x" not in text, name


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    stack = [pid]
    while stack:
        current = stack.pop()
        for task in Path(f"/proc/{current}/task").glob("*"):
            with_children = task / "children"
            if with_children.exists():
                for child in with_children.read_text().split():
                    if int(child) not in found:
                        found.add(int(child))
                        stack.append(int(child))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


@pytest.mark.notebook
def test_killed_run_leaves_the_published_reports_untouched(workspace):
    before = _snapshot(workspace)
    command = [
        sys.executable,
        "-m",
        "analysis",
        "report",
        "--out",
        str(workspace),
        "--only",
        "alpha",
        "beta",
        "--force",
        "--jobs",
        "2",
        "--param",
        "sleep_seconds=60",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ})
    started = []
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not started:  # wait until a kernel runs a cell (its report's log says)
            started = [log for log in workspace.glob(".build-*/*.log") if "Executing Cell" in log.read_text()]
            time.sleep(0.2)
        assert started, "the run never started executing a notebook"
        children = _descendants(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        deadline = time.monotonic() + 20  # workers die with their parent, kernels with their worker
        while time.monotonic() < deadline and any(_alive(pid) for pid in children):
            time.sleep(0.2)
        survivors = [pid for pid in children if _alive(pid)]
    finally:
        if process.poll() is None:
            process.kill()
    for pid in survivors:  # clean up what this test started before failing
        os.kill(pid, signal.SIGKILL)
    assert survivors == [], "processes of the killed run survived it"
    assert _snapshot(workspace) == before  # nothing replaced, nothing half-written in place


@pytest.mark.notebook
def test_stale_build_folders_of_killed_runs_are_removed(workspace, capsys):
    stale = workspace / ".build-999999999-deadbeef"  # no such process
    stale.mkdir()
    (stale / "alpha.ipynb").write_text("{}")
    code, _ = _report(capsys, "--out", str(workspace), "--only", "alpha")
    assert code == 0
    assert not stale.exists()
