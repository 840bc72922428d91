"""The store's summary (:mod:`analysis.store.summary`): what ``him-wages info`` shows, recorded in current.json when the
store is built, so that info answers without loading the data. Built from the bundled May 2025 extract (data/raw/oe)
and BLS's May 2020 national file.
"""

from __future__ import annotations

import json

import pandas as pd

from analysis import store
from real_files import HISTORY, OEWS_FILES


def test_the_manifest_holds_what_info_shows_and_info_answers_from_it(project, monkeypatch, capsys):
    from analysis.cli import main as cli_main
    from analysis.commands import info
    from analysis.store import summary as store_manifest
    from analysis.store.summary import summarize

    assert store_manifest.summary_of_store() is None  # no store yet
    store.build([OEWS_FILES / "national_M2020_dl.xlsx"])
    recorded = store_manifest.summary_of_store()
    assert recorded == json.loads(json.dumps(summarize(store.load())))  # as info computed it from the data
    assert [r["release"] for r in recorded["releases"]] == ["May 2020", "May 2025"]
    history = pd.read_csv(HISTORY, dtype={"occ_code": str})
    may2020 = recorded["releases"][0]
    assert may2020["rows"] == len(store.load(years=[2020])) and may2020["areas"] == {"U.S.": 1}
    assert may2020["occupations"] == store.load(years=[2020])["occ_code"].nunique()
    assert "29-2072" in dict(recorded["occupations"]) and "29-2072" in set(history["occ_code"])

    def no_load(**kwargs):
        raise AssertionError("store.load called: the manifest answers")

    monkeypatch.setattr(store, "load", no_load)
    assert cli_main(["info", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["releases"] == recorded["releases"] and shown["occupations"] == recorded["occupations"]
    assert info.summarize is summarize

    current = project / "data" / "processed" / "current.json"
    manifest = json.loads(current.read_text())
    del manifest["summary"]  # a store built before the summary was recorded: info loads the data
    current.write_text(json.dumps(manifest))
    assert store_manifest.summary_of_store() is None
    capsys.readouterr()
    assert cli_main(["info", "--json"]) != 0  # the CLI reports the (test's) error from store.load in one line
    assert "store.load called" in capsys.readouterr().err
