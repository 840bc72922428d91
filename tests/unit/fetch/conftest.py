"""The fixtures of the fetch tests: a throwaway project and the local stand-in for BLS (tests/helpers/bls_server.py),
so that no test touches the internet. Written once in tests/helpers/fetch_runs.py (the end-to-end tests of
tests/integration/test_fetch_bounds.py use them too)."""

from __future__ import annotations

from fetch_runs import project, server  # noqa: F401 (fixtures)
