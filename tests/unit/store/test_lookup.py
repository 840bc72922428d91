"""The lookup index (``store/lookup.py``) holds what the store holds: for an occupation, the rows and order
``store.load`` returns, as plain values; and the catalogue of occupations ``him-wages show`` matches titles in, as
computed from the store's national rows. Read from the checkout's store, built from the bundled BLS files."""

from __future__ import annotations

import sqlite3

import pytest

from analysis import paths, store
from analysis.commands import show
from analysis.errors import StoreError
from analysis.store import current, lookup


@pytest.fixture(scope="module")
def index() -> lookup.LookupIndex:
    store.build()
    opened = lookup.open_index()
    assert opened is not None, "an up-to-date store has its lookup index"
    return opened


def _pandas_rows(*, occ_codes=None, area_types=None, columns=None):
    frame = store.load(occ_codes=occ_codes, area_types=area_types)
    return show._plain_rows(frame if columns is None else frame[list(columns)])


@pytest.mark.parametrize("occ_code", ["29-2072", "29-9021", "11-9111", "29-2071", "29-1141", "00-0000", "99-9999"])
def test_an_occupations_rows_are_what_store_load_returns(index, occ_code):
    expected = _pandas_rows(occ_codes=[occ_code])
    assert index.rows(occ_code) == expected
    assert [list(row) for row in index.rows(occ_code)[:1]] == [list(row) for row in expected[:1]]  # column order


def test_the_catalogue_is_the_one_computed_from_the_national_rows(index, monkeypatch):
    monkeypatch.setattr(show, "_rows", _pandas_rows)
    expected = show._catalogue_from_rows()
    catalogue = index.catalogue()
    assert list(catalogue) == list(expected)  # the order titles are matched in
    assert catalogue == expected


def test_it_is_listed_in_current_json_and_refused_when_it_does_not_match(index, tmp_path):
    manifest = current.read_current()
    listed = {entry["file"] for entry in manifest["files"]}
    name = f"{current.SORTED_PREFIX}{manifest['generation']}/{lookup.INDEX_NAME}"
    assert name in listed
    # a copy of the store whose index holds other rows (SYNTHETIC: one block deleted) is refused, naming the file
    processed = tmp_path / "processed"
    for entry in manifest["files"]:
        (processed / entry["file"]).parent.mkdir(parents=True, exist_ok=True)
        (processed / entry["file"]).write_bytes((paths.processed_dir() / entry["file"]).read_bytes())
    connection = sqlite3.connect(processed / name)
    connection.execute("DELETE FROM blocks WHERE occ_code = '29-2072'")
    connection.commit()
    connection.close()
    with pytest.raises(StoreError, match=f"{lookup.INDEX_NAME}.*him-wages data"):
        current.verify_files(processed, manifest, [processed / name])


def test_an_index_of_another_layout_is_refused_in_one_line(tmp_path):
    path = tmp_path / lookup.INDEX_NAME  # SYNTHETIC: an index whose layout is not this version's
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    connection.execute("INSERT INTO meta VALUES ('format', '99')")
    connection.commit()
    with pytest.raises(StoreError, match="another layout") as raised:
        lookup.LookupIndex(connection, path)
    connection.close()
    assert "\n" not in str(raised.value) and "him-wages data" in str(raised.value)
