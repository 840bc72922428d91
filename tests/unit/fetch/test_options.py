"""analysis.fetch.options: a fetch's options are one object (:class:`FetchOptions`) that every entry point takes
(``fetch``, ``fetch_targets``, ``check_latest``, ``verify``), checked once; its wait bounds the one lock helper."""

from __future__ import annotations

import inspect
import math

import pytest

from analysis import fetch, settings
from analysis.errors import ConfigError
from analysis.fetch import latest, verify
from analysis.fetch.options import FetchOptions


@pytest.fixture
def project(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    monkeypatch.delenv("HIM_WAGES_BLS_BASE_URL", raising=False)
    return root


def test_every_entry_point_takes_one_options_object():
    for function in (latest.check_latest, verify.verify, fetch.fetch_targets, fetch.fetch_one):
        assert "options" in inspect.signature(function).parameters, function.__name__
    assert len(inspect.signature(latest.check_latest).parameters) == 1
    assert FetchOptions().wait == settings.LOCK_WAIT == 600


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_a_wait_that_would_never_end_or_is_negative_is_refused(project, bad):
    with pytest.raises(ConfigError, match=r"^wait = "):
        fetch.fetch([2023], options=FetchOptions(offline=True, wait=bad))
    assert sorted(p.name for p in (project / "data").iterdir()) == ["raw"]  # nothing ran: no lock taken


def test_keywords_override_the_options_object(project):
    given = FetchOptions(offline=True, retries=5)
    with pytest.raises(fetch.NotInCacheError, match="oesm23nat.zip is not in the cache"):
        fetch.fetch([2023], options=given, retries=0)
    assert given.retries == 5  # the caller's object is not changed
    assert list((project / "data" / "raw").iterdir()) == []  # an offline miss leaves data/raw as it was
