"""altair without rfc3987_syntax (``analysis.charts.skip_rfc3987_syntax``): jsonschema imports it eagerly and it
compiles ~38 Lark grammars at import (1.7 s per report kernel); it only checks the formats "iri" and
"iri-reference", which Vega-Lite's schema does not use. Each check runs in a fresh interpreter (what is imported
is per process)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from real_files import ROOT

PACKAGE = ROOT / "src" / "analysis"


def _run(code: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_the_charts_leaves_rfc3987_syntax_unimported_and_validation_working():
    facts = _run(
        "import json, sys\n"
        "import analysis.charts\n"
        "facts = {'after_package': sorted(m for m in ('altair', 'pandas', 'jsonschema', 'rfc3987_syntax')"
        " if m in sys.modules)}\n"
        "from analysis.charts import national, theme\n"
        "import altair as alt\n"
        "from altair.utils.schemapi import SchemaValidationError\n"
        "facts['after_altair'] = 'rfc3987_syntax' in sys.modules\n"
        "try:\n"
        "    alt.Chart(alt.Data(values=[{'a': 1}])).mark_point().encode(x=alt.X('a:Q', bin='often')).to_dict()\n"
        "    facts['bad_spec'] = 'accepted'\n"
        "except SchemaValidationError as exc:\n"
        "    facts['bad_spec'] = str(exc)\n"
        "facts['good_spec'] = alt.Chart(alt.Data(values=[{'a': 1}])).mark_point().encode(x='a:Q').to_dict()['mark']\n"
        "import rfc3987_syntax\n"
        "facts['later_import'] = rfc3987_syntax.is_valid_syntax('iri', 'https://www.bls.gov/oes/')\n"
        "print(json.dumps(facts))\n"
    )
    assert facts["after_package"] == ["jsonschema"]  # the package itself imports neither altair nor pandas
    assert facts["after_altair"] is False
    assert "'often' is an invalid value for `bin`" in facts["bad_spec"]  # altair's own message, from jsonschema
    assert facts["good_spec"] == {"type": "point"}
    assert facts["later_import"] is True  # the sys.modules entry was removed: a real import works afterwards


def test_nothing_is_skipped_when_jsonschema_was_imported_first():
    facts = _run(
        "import json, sys\n"
        "import jsonschema\n"
        "import analysis.charts\n"
        "print(json.dumps({'rfc3987_syntax': sys.modules.get('rfc3987_syntax') is not None}))\n"
    )
    assert facts == {"rfc3987_syntax": True}  # jsonschema's own import, left as it was


def test_the_vega_lite_schema_uses_no_format_rfc3987_syntax_checks():
    import altair

    major = altair.SCHEMA_VERSION.split(".")[0]  # "v5"
    schema = Path(altair.__file__).parent / "vegalite" / major / "schema" / "vega-lite-schema.json"
    formats = set(re.findall(r'"format":\s*"([^"]+)"', schema.read_text(encoding="utf-8")))
    assert formats, "no formats found: the schema file moved?"
    assert not formats & {"iri", "iri-reference"}, formats


def _altair_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if (isinstance(node, ast.Import) and any(a.name.split(".")[0] == "altair" for a in node.names))
        or (isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "altair")
    ]


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_altair_import_goes_through_analysis_charts(path):
    # modules of analysis.charts run analysis/charts/__init__.py (skip_rfc3987_syntax) before their own imports;
    # every other module calls analysis.charts.import_altair()
    if path.parent == PACKAGE / "charts":
        return
    assert _altair_imports(path) == [], f"{path}: import altair through analysis.charts.import_altair()"


@pytest.mark.parametrize("notebook", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_the_notebooks_imports_leave_rfc3987_syntax_unimported(notebook):
    # the import lines of the notebook (the kernel runs them first; ipykernel itself imports no jsonschema)
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    imports = [
        line
        for cell in cells
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if line.startswith(("import ", "from "))
    ]
    # charts come through analysis.charts, directly or through a report's page module (reports/*_page.py)
    assert any("analysis.charts" in line or "_page" in line for line in imports), notebook.name
    facts = _run(
        "\n".join(["import ipykernel.ipkernel", *imports, "import json, sys"])
        + "\nprint(json.dumps({m: m in sys.modules for m in ('altair', 'rfc3987_syntax')}))\n"
    )
    assert facts == {"altair": True, "rfc3987_syntax": False}, notebook.name
