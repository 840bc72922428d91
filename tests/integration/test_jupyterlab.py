"""The notebooks in the project's own JupyterLab, as an analyst uses them: Debian's chromium driven by Playwright
(never a downloaded browser), JupyterLab from .venv on a free port with throwaway settings and no token, every
request that leaves the machine aborted.

For every notebook, with its default parameters: Run All, then no math typeset in the outputs, each chart drawn
once (JupyterLab's own Vega-Lite renderer, no second picture), no error output, no console warning from Vega,
and saving leaves ``git status`` clean (a temporary git repository holding the committed notebooks, with the
nbstripout filter ``make git-filter`` configures). Opening an untouched notebook does not mark it modified.
A parameter changed in the notebook (02_regional): a wrong ``state`` or ``area`` shows one short message and no
traceback through package code; ``area="Houston, TX"`` (principal city and state) resolves. Also: an executed
report notebook (as ``make reports`` writes it, untrusted) draws as many charts as its HTML
page has, and nbconvert's default HTML export (JupyterLab's "Save and Export Notebook As > HTML") shows each
chart once, as a picture that draws offline.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.reports.completeness import page_items
from lab_server import jupyterlab, offline_route
from real_files import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.notebook,
    pytest.mark.xdist_group("default_reports"),
    pytest.mark.usefixtures("project_store"),
]

NOTEBOOKS = sorted(path.name for path in (ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts"
#: Seconds a notebook may take in all (the slowest, 02_regional, takes ~30 s on a busy 2-core machine).
RUN_BUDGET_S = 120
#: A report whose executed notebook is opened as it comes (the map and five more charts).
EXECUTED_REPORT = "regional-29-2072-us"

#: What a notebook shows, read from JupyterLab's own model and page after a run.
STATE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const outputs = [];
  for (const cell of panel.content.model.cells) {
    if (cell.type === 'code') { cell.outputs.toJSON().forEach(output => outputs.push(output)); }
  }
  const area = panel.node;
  const count = selector => area.querySelectorAll(selector).length;
  return {
    dirty: panel.model.dirty,
    errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
    charts: outputs.filter(o => o.data && o.data['application/vnd.vegalite.v5+json']).length,
    vega: count('.jp-OutputArea-output.jp-RenderedVegaLite'),
    drawn: count('.jp-RenderedVegaLite svg.marks, .jp-RenderedVegaLite canvas.marks'),
    pictures: count('.jp-OutputArea-output.jp-RenderedSVG, .jp-OutputArea-output.jp-RenderedImage'),
    first_picture: (area.querySelector('.jp-OutputArea-output.jp-RenderedSVG, .jp-OutputArea-output.jp-RenderedImage')
      || {outerHTML: ''}).outerHTML.slice(0, 200),
    trusted: Array.from(panel.content.model.cells).every(cell => cell.trusted),
    math: count('.jp-OutputArea mjx-container, .jp-OutputArea .MathJax, .jp-OutputArea .MathJax_Preview'),
    running: Array.from(area.querySelectorAll('.jp-InputPrompt')).some(p => p.textContent.includes('*')),
  };
}"""


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def lab_repo(tmp_path_factory) -> Path:
    """A git repository holding the committed notebooks and .gitattributes, with the filter `make git-filter` sets
    (its command runs .venv's nbstripout: .venv is linked in)."""
    repo = tmp_path_factory.mktemp("lab-repo")
    shutil.copytree(ROOT / "notebooks", repo / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copy(ROOT / ".gitattributes", repo / ".gitattributes")
    (repo / ".venv").symlink_to(Path(sys.prefix))  # the virtualenv running the tests
    (repo / ".gitignore").write_text(".venv\n.ipynb_checkpoints/\n")
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "test@example.org")
    _git(repo, "config", "user.name", "test")
    subprocess.run(["make", "-s", "-f", str(ROOT / "Makefile"), "git-filter"], cwd=repo, check=True)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "notebooks")
    assert _git(repo, "status", "--porcelain") == ""
    return repo


@pytest.fixture(scope="module")
def lab(lab_repo: Path, tmp_path_factory, browser):
    """(base URL, browser page, console messages, blocked requests) of a JupyterLab serving ``lab_repo``."""
    scratch = tmp_path_factory.mktemp("lab-scratch")
    settings = scratch / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    with jupyterlab(lab_repo, scratch) as url:
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        console: list[str] = []
        blocked: list[str] = []
        page.route("**/*", offline_route(url, blocked))
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        yield url, page, console, blocked
        page.close()


def _open(url: str, page, path: str) -> None:
    """Open ``path`` (relative to the served folder) alone in a fresh workspace and wait for its kernel."""
    page.goto(f"{url}/lab/workspaces/test/tree/{path}?reset")
    page.wait_for_function(
        """(name) => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
            return w && w.context && w.context.path.endsWith(name) && w.sessionContext.session
                && w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle'; }""",
        arg=Path(path).name,
        timeout=90_000,
    )


#: What Vega, Vega-Lite and vega-embed write on the console: vega's logger ("WARN Infinite extent for field ...",
#: "ERROR ..."), and vega-embed's version check ("The input spec uses Vega-Lite v5.20.1, but ...").
VEGA_CONSOLE = re.compile(r"^(warning|error): (WARN |ERROR |The input spec uses )")


def _vega_warnings(console: list[str]) -> list[str]:
    return [message for message in console if VEGA_CONSOLE.match(message)]


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_run_all_in_jupyterlab_shows_text_and_charts_once_and_saves_clean(name, lab, lab_repo):
    url, page, console, blocked = lab
    console.clear()
    _open(url, page, f"notebooks/{name}")
    state = page.evaluate(STATE_JS)
    metadata = json.loads((lab_repo / "notebooks" / name).read_text())["metadata"]
    if metadata.get("language_info", {}).get("version") == platform.python_version():
        # language_info as the kernel reports it (scripts/normalise_notebooks.py): nothing to fill in on opening
        assert state["dirty"] is False, f"{name}: opening it marked it modified"
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"({STATE_JS})().running === false", timeout=RUN_BUDGET_S * 1000)
    page.wait_for_function(f"(() => {{ const s = ({STATE_JS})(); return s.drawn >= s.charts; }})()", timeout=20_000)
    state = page.evaluate(STATE_JS)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"jupyterlab-{Path(name).stem}.png"))
    assert state["errors"] == [], f"{name}: error outputs"
    assert state["math"] == 0, f"{name}: {state['math']} pieces of output typeset as math"
    assert state["charts"] >= 1 and state["vega"] == state["drawn"] == state["charts"], f"{name}: {state}"
    assert state["pictures"] == 0, f"{name}: a static picture shown beside the live charts"
    assert _vega_warnings(console) == [], name
    assert blocked == [], f"{name}: requests leaving the machine"
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_function("() => !window.jupyterapp.shell.currentWidget.model.dirty", timeout=20_000)
    saved = json.loads((lab_repo / "notebooks" / name).read_text())
    assert any(cell.get("outputs") for cell in saved["cells"]), f"{name}: saved without its outputs?"
    assert _git(lab_repo, "status", "--porcelain") == "", f"{name}: saving left git status dirty"


#: What a run left in the notebook's outputs: errors (with their traceback lines) and the text shown.
OUTPUTS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const errors = [], texts = [];
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code') { continue; }
    for (const o of cell.outputs.toJSON()) {
      if (o.output_type === 'error') { errors.push({ename: o.ename, evalue: o.evalue, traceback: o.traceback}); }
      const data = o.data || {};
      texts.push(String(data['text/markdown'] || data['text/plain'] || o.text || ''));
    }
  }
  const stderr = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]';
  const shown = Array.from(panel.node.querySelectorAll(stderr));
  return {errors, text: texts.join('\\n'), error_lines: shown.map(n => n.innerText.trim().split('\\n').length)};
}"""

#: 02_regional with one parameter changed in its parameters cell: what the analyst types, and what the run shows
#: (None: runs to the end; else words the one-line message must hold).
CHANGED_PARAMETERS = [
    ('state = "Atlantis"', ["state 'Atlantis' is not a U.S. state", "closest:", "all 53 available"]),
    ('area = "Atlantis, ZZ"', ["area 'Atlantis, ZZ' is not among", "closest:", "lists them all"]),
    ('area = "Houston, TX"', None),
]


@pytest.mark.parametrize("line, message", CHANGED_PARAMETERS, ids=["wrong-state", "wrong-area", "houston"])
def test_a_parameter_changed_in_jupyterlab_gives_one_short_message_or_resolves(line, message, lab, lab_repo):
    """A copy of 02_regional (kept out of git), its parameters cell edited in JupyterLab, then Run All. A wrong
    value stops the run at the cell that checks it (a few seconds); Houston runs the notebook to the end."""
    url, page, console, blocked = lab
    name = line.split(" =")[0]
    copy = lab_repo / "changed" / f"02_regional-{name}-{len(line)}.ipynb"
    copy.parent.mkdir(exist_ok=True)
    (lab_repo / ".git" / "info" / "exclude").write_text("changed/\n")
    shutil.copy(lab_repo / "notebooks" / "02_regional.ipynb", copy)
    console.clear()
    _open(url, page, f"changed/{copy.name}")
    edited = page.evaluate(
        """([name, line]) => {
          for (const cell of window.jupyterapp.shell.currentWidget.content.model.cells) {
            const source = cell.sharedModel.getSource();
            if (cell.type === 'code' && source.includes(name + ' = None')) {
              cell.sharedModel.setSource(source.replace(name + ' = None', line));
              return cell.sharedModel.getSource();
            }
          }
          return null;
        }""",
        [name, line],
    )
    assert edited and line in edited, edited
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(f"({STATE_JS})().running === false", timeout=RUN_BUDGET_S * 1000)
    shown = page.evaluate(OUTPUTS_JS)
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")  # the copy: leaves nothing dirty
    assert blocked == [], f"{line}: requests leaving the machine"
    if message is None:
        assert shown["errors"] == [], line
        assert "Houston-Pasadena-The Woodlands, TX" in shown["text"], "Houston, TX did not resolve to its area"
        return
    (error,) = shown["errors"]
    assert error["ename"] == "ParameterError" and all(words in error["evalue"] for words in message), error
    # IPython shows the exception's own rendering: one line, no frame of package code
    assert len(error["traceback"]) == 1 and "File " not in error["traceback"][0], error["traceback"]
    assert "analysis/" not in "".join(error["traceback"]), error["traceback"]
    assert shown["error_lines"] == [1], shown["error_lines"]


def test_an_executed_report_notebook_draws_every_chart_of_its_page(default_reports: Path, lab, lab_repo):
    url, page, console, _ = lab
    index = {entry["name"]: entry for entry in json.loads((default_reports / "index.json").read_text())["reports"]}
    entry = index[EXECUTED_REPORT]
    target = lab_repo / "executed" / f"{EXECUTED_REPORT}.ipynb"
    target.parent.mkdir(exist_ok=True)
    shutil.copy(default_reports / entry["ipynb"], target)  # as it comes: never trusted in this JupyterLab
    page_html = (default_reports / entry["html"]).read_text(encoding="utf-8")
    html_charts = sum(counts["charts"] for counts in page_items(page_html).values())
    console.clear()
    _open(url, page, f"executed/{target.name}")
    page.wait_for_function(
        f"(() => {{ const s = ({STATE_JS})(); return s.charts > 0 && s.drawn >= s.charts; }})()", timeout=30_000
    )
    state = page.evaluate(STATE_JS)
    assert state["drawn"] == state["charts"] == html_charts >= 1, state
    assert state["pictures"] == 0 and state["math"] == 0, state
    assert _vega_warnings(console) == []


def test_nbconvert_default_export_shows_each_chart_once_offline(tmp_path, monkeypatch):
    """A notebook run outside the report builder (papermill, as in JupyterLab: each chart with its SVG picture),
    exported as JupyterLab's File menu does."""
    from analysis import settings
    from headless import offline_dom
    from notebook_runs import execute

    monkeypatch.delenv(settings.REPORT_BUILD_ENV, raising=False)
    source = execute(ROOT / "notebooks" / "05_compare.ipynb", tmp_path / "05_compare.ipynb")
    notebook = json.loads(source.read_text())
    charts = sum(
        "application/vnd.vegalite.v5+json" in output.get("data", {})
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
    )
    assert charts >= 1
    subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "html", str(source), "--output-dir", str(tmp_path)],
        capture_output=True,
        check=True,
        env={**os.environ},
    )
    exported = tmp_path / "05_compare.html"
    text = exported.read_text(encoding="utf-8")
    assert "vegaEmbed" not in text
    assert text.count('data-mime-type="image/svg+xml"') == charts
    dom, _ = offline_dom(exported, budget_ms=3000, timeout=120)
    assert (
        len(re.findall(r'data-mime-type="image/svg\+xml"[^>]*>\s*<img [^>]*src="data:image/svg\+xml;base64,', dom))
        == charts
    )
