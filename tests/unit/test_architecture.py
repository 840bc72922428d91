"""The package's layering, read from the source with ``ast`` (no module is imported).

The folders follow the data's path (README, "Where things live"): shared helpers, then the BLS conventions every
stage uses, then sources -> store -> analyses -> charts -> reports, and the commands on top. A module may import
from its own stage or an earlier one, never from a later one (imports inside functions count too: a lazy import
is still a dependency). An analysis never imports a chart module. No module imports a private name (``_x``) of
another module: what a module shares, it names without an underscore.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from real_files import ROOT as REPO_ROOT

PACKAGE = REPO_ROOT / "src" / "analysis"

#: First part of a module's name below ``analysis`` -> its stage (a smaller number is earlier).
STAGES: dict[str, int] = {
    # 0: shared helpers, no BLS knowledge
    "errors": 0,
    "settings": 0,
    "paths": 0,
    "files": 0,
    "text": 0,
    "raw_catalog": 0,
    "inputs": 0,
    "console": 0,
    # 1: how BLS writes OEWS data (schema, symbols, occupations, areas, measures), used by every stage below
    "conventions": 1,
    # 2..6: the data's path
    "sources": 2,
    "store": 3,
    "analyses": 4,
    "charts": 5,
    "reports": 6,
    # 7: downloading (fetch) and the commands (commands/ one module each; cli parses and dispatches)
    "fetch": 7,
    "commands": 7,
    "cli": 7,
    "__main__": 7,
}
STAGE_NAMES = {
    0: "shared helpers",
    1: "conventions",
    2: "sources",
    3: "store",
    4: "analyses",
    5: "charts",
    6: "reports",
    7: "commands",
}

#: The package root is stage 0 (every module imports ``analysis.__version__``); it re-exports ``read_oews``
#: lazily (``analysis.read_oews``) as the package's public entry point.
ALLOWED_LATER_IMPORTS = {("analysis", "analysis.sources")}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> int:
    parts = module.split(".")
    if parts == ["analysis"]:
        return 0
    return STAGES[parts[1]]


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), filename=str(path)) for name, path in MODULES.items()}


def where(module: str, line: int) -> str:
    return f"{MODULES[module].relative_to(PACKAGE.parent)}:{line}"


def is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def imports(module: str) -> list[tuple[int, str, list[str]]]:
    """(line, imported module, names taken from it) of every ``analysis`` import in ``module``, anywhere in it;
    ``from analysis import store`` is an import of the module ``analysis.store``."""
    found = []
    for node in ast.walk(TREES[module]):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name, []) for alias in node.names if alias.name.split(".")[0] == "analysis"]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against this module's package
                base = module.split(".") if is_package(module) else module.split(".")[:-1]
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "analysis":
                continue
            names = [alias.name for alias in node.names]
            submodules = [n for n in names if f"{target}.{n}" in MODULES]
            found += [(node.lineno, f"{target}.{n}", []) for n in submodules]
            others = [n for n in names if n not in submodules]
            if others:
                found.append((node.lineno, target, others))
    return found


def test_every_module_has_a_stage():
    unknown = sorted({name.split(".")[1] for name in MODULES if name != "analysis"} - set(STAGES))
    assert not unknown, f"modules/folders without a stage in STAGES: {unknown}"


def test_no_module_imports_from_a_later_stage():
    problems = []
    for module in sorted(MODULES):
        for line, target, _ in imports(module):
            if target not in MODULES or (module, target) in ALLOWED_LATER_IMPORTS:
                continue
            if stage_of(target) > stage_of(module):
                problems.append(
                    f"{where(module, line)} ({STAGE_NAMES[stage_of(module)]}) imports {target} "
                    f"({STAGE_NAMES[stage_of(target)]})"
                )
    assert not problems, "imports from a later stage:\n" + "\n".join(problems)


def test_analyses_never_import_charts():
    problems = [
        f"{where(module, line)} imports {target}"
        for module in MODULES
        if module.startswith("analysis.analyses")
        for line, target, _ in imports(module)
        if target.startswith("analysis.charts")
    ]
    assert not problems, "\n".join(problems)


def test_no_module_imports_a_private_name_of_another_module():
    problems = []
    for module in sorted(MODULES):
        for line, target, names in imports(module):
            if target == module:
                continue
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            private += [
                part for part in target.split(".") if part.startswith("_") and part not in ("__init__", "__main__")
            ]
            if private:
                problems.append(f"{where(module, line)} imports {private} from {target}")
        # module.attribute access to a private name of another analysis module: ``values._parse(...)``
        aliases = {}
        for node in ast.walk(TREES[module]):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("analysis"):
                for alias in node.names:
                    if f"{node.module}.{alias.name}" in MODULES:
                        aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name in MODULES and alias.asname:
                        aliases[alias.asname] = alias.name
        for node in ast.walk(TREES[module]):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and aliases[node.value.id] != module
            ):
                problems.append(f"{where(module, node.lineno)} uses {aliases[node.value.id]}.{node.attr}")
    assert not problems, "private names used across modules:\n" + "\n".join(problems)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from analysis.charts import theme\n", ["analysis.charts.theme"]),
        ("from analysis.charts.theme import x\n", ["analysis.charts.theme"]),
        ("def f():\n    import analysis.store\n", ["analysis.store"]),
        ("from . import values\n", ["analysis.conventions.values"]),
    ],
)
def test_the_import_reader_sees_every_form(source, expected, monkeypatch):
    # SYNTHETIC module text, read as if it were analysis/conventions/schema.py
    monkeypatch.setitem(TREES, "analysis.conventions.schema", ast.parse(source))
    assert [target for _, target, _ in imports("analysis.conventions.schema")] == expected


def _import_graph() -> dict[str, set[str]]:
    """module -> the analysis modules it imports (anywhere in it, a lazy import inside a function too). Importing
    ``analysis.x.y`` runs ``analysis.x`` first, so the package of a target counts as imported as well."""
    graph: dict[str, set[str]] = {}
    for module in MODULES:
        targets = set()
        for _, target, _ in imports(module):
            if target in MODULES and target != module:
                targets.add(target)
        graph[module] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return groups


#: Cycles known and owned by another change (each to be removed, not added to).
KNOWN_CYCLES: list[list[str]] = []


def test_no_import_cycle_counting_imports_inside_functions():
    graph = _import_graph()
    # a package's __init__ re-exporting its own submodules is not a cycle of dependencies between them
    for module, targets in graph.items():
        if is_package(module):
            graph[module] = {t for t in targets if not t.startswith(f"{module}.")}
    cycles = [group for group in _cycles(graph) if group not in KNOWN_CYCLES]
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(group) for group in cycles)


def test_the_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


MAX_MODULE_LINES = 700
MAX_PACKAGE_INIT_LINES = 250
#: Modules over the limit whose split is planned by another change (to be removed, not added to).
KNOWN_LONG: set[str] = set()


def test_no_module_is_too_long():
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in MODULES.items()}
    too_long = [
        f"{MODULES[name].relative_to(PACKAGE.parent)}: {lines} lines"
        for name, lines in sorted(lengths.items())
        if lines > (MAX_PACKAGE_INIT_LINES if is_package(name) else MAX_MODULE_LINES) and name not in KNOWN_LONG
    ]
    assert not too_long, (
        f"modules over {MAX_MODULE_LINES} lines (package __init__ over {MAX_PACKAGE_INIT_LINES}):\n"
        + "\n".join(too_long)
    )


def test_every_public_exception_lives_in_errors_under_one_root():
    """A class deriving from an exception is defined in analysis/errors.py (private ones, ``_X``, excepted)."""
    problems = []
    for module, tree in TREES.items():
        if module == "analysis.errors":
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                continue
            bases = [ast.unparse(base) for base in node.bases]
            if any(b.endswith(("Error", "Exception", "Timeout", "Warning")) for b in bases):
                problems.append(f"{where(module, node.lineno)} class {node.name}({', '.join(bases)})")
    assert not problems, "exceptions defined outside analysis/errors.py:\n" + "\n".join(problems)
    from analysis import errors

    public = [
        value
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, BaseException) and value.__module__ == errors.__name__
    ]
    outside = [
        kind.__name__
        for kind in public
        if not issubclass(kind, (errors.HimWagesError, Warning)) and kind is not errors.ReaderFallback
    ]
    assert not outside, f"exceptions outside HimWagesError: {outside}"
