"""analysis.files: the one stat-keyed hash cache, atomic folders, umask, and the writers' lock; and the store's
modules importing one another without a cycle."""

from __future__ import annotations

import ast
import os
import threading
from pathlib import Path

import pytest

from analysis import files, paths


def test_hash_cache_hashes_a_file_once_until_it_changes(tmp_path, monkeypatch):
    data = tmp_path / "data.txt"
    data.write_text("SYNTHETIC 1")
    cache = files.HashCache(tmp_path / "cache.json")
    first = cache.sha256(data)
    assert first == files.sha256_of(data)
    cache.save()
    monkeypatch.setattr(files, "sha256_of", lambda path: pytest.fail(f"re-hashed unchanged {path}"))
    assert files.HashCache(tmp_path / "cache.json").sha256(data) == first  # remembered across instances
    monkeypatch.undo()
    data.write_text("SYNTHETIC 22")  # another size: hashed again
    assert files.HashCache(tmp_path / "cache.json").sha256(data) == files.sha256_of(data) != first


def test_a_damaged_hash_cache_is_an_empty_cache(tmp_path):
    (tmp_path / "cache.json").write_text('{"cut sh')
    data = tmp_path / "data.txt"
    data.write_text("SYNTHETIC")
    assert files.HashCache(tmp_path / "cache.json").sha256(data) == files.sha256_of(data)


def test_atomic_folder_appears_complete_or_not_at_all(tmp_path):
    target = tmp_path / "generation"
    with pytest.raises(OSError, match="SYNTHETIC disk full"), files.atomic_folder(target) as staging:
        (staging / "a.parquet").write_bytes(b"SYNTHETIC")
        raise OSError(28, "SYNTHETIC disk full")
    assert list(tmp_path.iterdir()) == []
    previous = os.umask(0o022)
    try:
        with files.atomic_folder(target) as staging:
            (staging / "a.parquet").write_bytes(b"SYNTHETIC")
    finally:
        os.umask(previous)
    assert (target / "a.parquet").read_bytes() == b"SYNTHETIC"
    assert target.stat().st_mode & 0o777 == 0o755 and (target / "a.parquet").stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["generation"]


def test_atomic_write_follows_the_umask(tmp_path):
    previous = os.umask(0o077)
    try:
        files.atomic_write_text(tmp_path / "current.json", "{}")
    finally:
        os.umask(previous)
    assert (tmp_path / "current.json").stat().st_mode & 0o777 == 0o600


def test_a_held_lock_makes_the_second_caller_wait_then_give_up(tmp_path, monkeypatch):
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path))  # the lock file goes to tmp_path/data/.locks
    lock = tmp_path / "data" / "processed"
    waited = []
    with files.exclusive_lock(lock):
        # filelock's locks are per open file: a second holder in another thread contends like another process
        errors = []

        def second():
            try:
                with files.exclusive_lock(lock, timeout=0.2, on_wait=lambda: waited.append(True)):
                    errors.append("acquired a held lock")
            except files.LockTimeout as exc:
                errors.append(exc)

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=60)
    assert waited == [True]
    assert isinstance(errors[0], files.LockTimeout)
    with files.exclusive_lock(lock, timeout=0):  # released: free again
        pass


def _store_imports(module: Path) -> set[str]:
    """The analysis.store modules ``module`` imports (``from analysis.store import x`` counts as ``x``)."""
    names = set()
    for node in ast.walk(ast.parse(module.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("analysis.store"):
            if node.module == "analysis.store":
                names.update(alias.name for alias in node.names)
            else:
                names.add(node.module.removeprefix("analysis.store."))
        elif isinstance(node, ast.Import):
            names.update(
                a.name.removeprefix("analysis.store.") for a in node.names if a.name.startswith("analysis.store.")
            )
    return names


def test_the_store_modules_import_each_other_without_a_cycle():
    folder = paths.checkout_root() / "src" / "analysis" / "store"
    graph = {p.stem: _store_imports(p) for p in folder.glob("*.py") if p.stem != "__init__"}
    assert "load" not in graph["sorted_copies"] and "build" not in graph["sorted_copies"]
    assert graph["current"] == set()  # current.json
    visiting, done = set(), set()

    def visit(name, trail):
        assert name not in visiting, f"import cycle: {' -> '.join([*trail, name])}"
        if name in done:
            return
        visiting.add(name)
        for other in graph.get(name, ()):
            visit(other, [*trail, name])
        visiting.discard(name)
        done.add(name)

    for name in graph:
        visit(name, [])
