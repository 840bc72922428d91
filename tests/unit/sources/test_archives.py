"""The one archive guard (analysis.sources.archives.ArchiveGuard) that `read_oews` / `him-wages data` and
`him-wages fetch` share: zip bombs of many small members, nested bombs and members whose header lies are refused
before memory grows (peak RSS measured in a fresh process), with a message naming the archive.

Every archive here is SYNTHETIC, generated in the test in tmp (zeros or repeated bytes), never stored.
"""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import pytest

from analysis import fetch, read_oews
from analysis.errors import NotBLSDataError, UnsafeArchiveError
from analysis.sources import archives
from bls_server import BLSServer, archive_path

FOUR_MIB = 4 * 1024 * 1024
RSS_LIMIT_MB = 500


def repeated_member_zip(names: list[str], payload: bytes) -> bytes:
    """SYNTHETIC: a zip whose members all hold ``payload`` deflated, written by hand so that the payload is
    compressed once (zipfile would compress gigabytes of zeros again for every member)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(payload) + compressor.flush()
    crc = zlib.crc32(payload)
    body, central = io.BytesIO(), io.BytesIO()
    for name in names:
        encoded = name.encode()
        offset = body.tell()
        body.write(
            struct.pack(
                "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(deflated), len(payload), len(encoded), 0
            )
            + encoded
            + deflated
        )
        central.write(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                len(deflated),
                len(payload),
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    directory = central.getvalue()
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(names), len(names), len(directory), body.tell(), 0)
    return body.getvalue() + directory + end


def many_member_bomb(path: Path, members: int = 700) -> Path:
    """SYNTHETIC: ``members`` members of 4 MiB of zeros each (about 2.9 MB compressed, 2.8 GiB expanded)."""
    names = [f"oesm23nat/national_M2023_dl_{number:03d}.csv" for number in range(members)]
    path.write_bytes(repeated_member_zip(names, bytes(FOUR_MIB)))
    return path


def nested_bomb(path: Path, inner_archives: int = 12, members: int = 80) -> Path:
    """SYNTHETIC: an archive of ``inner_archives`` zips, each of ``members`` members of 4 MiB of zeros
    (12 x 80 x 4 MiB = 3.75 GiB expanded; each inner zip about 330 kB)."""
    inner = repeated_member_zip([f"national_M2023_dl_{number:03d}.csv" for number in range(members)], bytes(FOUR_MIB))
    # Stored, not deflated: the inner zips pass the ratio check themselves; their members must still be refused.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for number in range(inner_archives):
            archive.writestr(f"oesm23all/part{number:02d}.zip", inner)
    return path


def peak_rss_of_reading(path: Path) -> dict:
    """Read ``path`` with read_oews in a fresh process; its error class, message and peak RSS in MB."""
    script = textwrap.dedent(f"""
        import json
        import analysis
        try:
            analysis.read_oews({str(path)!r})
            outcome = {{"error": None, "message": ""}}
        except Exception as exc:
            outcome = {{"error": type(exc).__name__, "message": str(exc)}}
        # VmHWM, the peak RSS of this program: ru_maxrss would also count the forking test worker's memory, which
        # Linux carries across exec.
        with open("/proc/self/status") as status:
            hwm = next(line for line in status if line.startswith("VmHWM:"))
        outcome["peak_mb"] = int(hwm.split()[1]) / 1024
        print(json.dumps(outcome))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_700_members_of_4_mib_are_refused_with_bounded_memory(tmp_path):
    bomb = many_member_bomb(tmp_path / "oesm23nat.zip")
    assert bomb.stat().st_size < 3.5e6  # the bomb of the issue: about 2.9 MB
    outcome = peak_rss_of_reading(bomb)
    assert outcome["error"] == "UnsafeArchiveError"
    assert "too large when uncompressed" in outcome["message"] and "oesm23nat.zip" in outcome["message"]
    assert outcome["peak_mb"] < RSS_LIMIT_MB, outcome
    print(f"700 x 4 MiB bomb ({bomb.stat().st_size:,} bytes): refused, peak RSS {outcome['peak_mb']:.0f} MB")
    # Ratio is checked for every member (no size exemption): 4 MiB from about 4 kB is refused on its own.
    assert "compression ratio" in outcome["message"]


def test_the_total_budget_counts_all_members_even_when_each_ratio_passes(tmp_path):
    bomb = many_member_bomb(tmp_path / "oesm23nat.zip", members=20)
    tolerant = archives.ArchiveLimits(max_ratio=1e9, max_total_bytes=40 * 1024 * 1024)
    with (
        pytest.raises(UnsafeArchiveError, match=r"too large when uncompressed.*declared in all") as caught,
        archives.inventory(bomb, limits=tolerant),
    ):
        pass
    assert "oesm23nat.zip" in str(caught.value)


def test_nested_bombs_are_refused_with_bounded_memory(tmp_path):
    bomb = nested_bomb(tmp_path / "oesm23all.zip")
    assert bomb.stat().st_size < 5e6
    outcome = peak_rss_of_reading(bomb)
    assert outcome["error"] == "UnsafeArchiveError", outcome
    assert "too large when uncompressed" in outcome["message"] and "oesm23all.zip" in outcome["message"]
    assert outcome["peak_mb"] < RSS_LIMIT_MB, outcome
    print(f"nested bomb ({bomb.stat().st_size:,} bytes): refused, peak RSS {outcome['peak_mb']:.0f} MB")


def test_the_budget_is_shared_across_nesting(tmp_path):
    # SYNTHETIC: each inner archive alone is within the budget; together they are not.
    bomb = nested_bomb(tmp_path / "oesm23all.zip", inner_archives=4, members=3)
    tolerant = archives.ArchiveLimits(max_ratio=1e9, max_total_bytes=40 * 1024 * 1024)
    with (
        pytest.raises(UnsafeArchiveError, match=r"oesm23all.zip.*too large when uncompressed.*nested"),
        archives.inventory(bomb, limits=tolerant),
    ):
        pass
    # Within a budget that fits them all, the same archive is walked (the members are extracted to disk).
    roomy = archives.ArchiveLimits(max_ratio=1e9, max_total_bytes=60 * 1024 * 1024)
    with archives.inventory(bomb, limits=roomy) as found:
        assert len(found.spreadsheets) == 12
        assert all(m.path is not None and m.path.stat().st_size == FOUR_MIB for m in found.spreadsheets)
        folders = {m.path.parent for m in found.spreadsheets}
    assert not any(folder.exists() for folder in folders)  # the temporary copies are gone after close()


def test_archives_nested_too_deeply_are_refused(tmp_path):
    data = b"OCC_CODE\n"  # SYNTHETIC
    for level in range(4):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(f"level{level}.zip" if level else "national_M2023_dl.csv", data)
        data = buffer.getvalue()
    path = tmp_path / "deep.zip"
    path.write_bytes(data)
    with pytest.raises(UnsafeArchiveError, match="nests archives too deeply"):
        read_oews(path)


def _lying_zip(path: Path, real_size: int, declared_size: int) -> Path:
    """SYNTHETIC: one deflated member of ``real_size`` zero bytes whose headers declare ``declared_size``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("oesm23nat/national_M2023_dl.csv", bytes(real_size))
    data = bytearray(path.read_bytes())
    # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
    struct.pack_into("<I", data, 22, declared_size)
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared_size)
    path.write_bytes(bytes(data))
    return path


def test_a_member_whose_header_understates_its_size_stops_at_the_declared_size(tmp_path):
    path = _lying_zip(tmp_path / "oesm23nat.zip", real_size=64 * 1024 * 1024, declared_size=4096)
    with zipfile.ZipFile(path) as archive:
        [info] = archive.infolist()
        assert info.file_size == 4096 and info.compress_size > 40
        guard = archives.ArchiveGuard("oesm23nat.zip")
        guard.admit("oesm23nat.zip", [info])
        sink = io.BytesIO()
        with pytest.raises(zipfile.BadZipFile):  # zipfile stops at the declared size; the CRC then fails
            guard.extract(archive, info, sink, label="oesm23nat.zip")
        assert len(sink.getvalue()) <= 4096 and guard.written <= 4096
    with pytest.raises(NotBLSDataError, match="damaged archive member.*national_M2023_dl.csv"):
        read_oews(path)


def test_the_counter_refuses_more_bytes_than_declared():
    # A source that yields more than its header says (as a broken decompressor would) is cut at the bound.
    class Endless(io.RawIOBase):
        def read(self, size=-1):
            return b"x" * (1 << 20)

    class FakeArchive:
        def open(self, info):
            return Endless()

    info = zipfile.ZipInfo("oesm23nat/national_M2023_dl.csv")
    info.file_size, info.compress_size = 3 * (1 << 20), 1 << 20
    guard = archives.ArchiveGuard("synthetic.zip")
    with pytest.raises(UnsafeArchiveError, match="synthetic.zip.*too large when uncompressed.*header declares"):
        guard.extract(FakeArchive(), info, io.BytesIO(), label="synthetic.zip")
    assert guard.written <= 4 * (1 << 20)


def test_fetch_and_read_oews_share_the_guard_and_sniff():
    assert fetch.ArchiveLimits is archives.ArchiveLimits and fetch.sniff is archives.sniff
    limits = archives.DEFAULT_LIMITS
    assert (limits.max_ratio, limits.max_total_bytes, limits.max_member_bytes) == (100.0, 2 * 1024**3, 1024**3)
    assert archives.sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest") == "ole"
    assert archives.sniff(b"<?xml version='1.0'?><Workbook/>") == "text"
    assert archives.sniff(b"<?xml version='1.0'?><!DOCTYPE html><html><body/></html>") == "html"
    assert archives.sniff(b"  \r\n") == "empty"
    assert archives.sniff(b"\x81\x8d\x8f\x90\x9d" * 20) == "binary"


def test_fetch_refuses_the_same_bomb_and_keeps_nothing(tmp_path, monkeypatch):
    root = tmp_path / "project"
    (root / "data" / "raw").mkdir(parents=True)
    monkeypatch.setenv("HIM_WAGES_HOME", str(root))
    monkeypatch.setenv("HIM_WAGES_CONTACT", "him-wages-tests@example.org")
    bomb = many_member_bomb(tmp_path / "bomb.zip").read_bytes()
    with BLSServer() as server:
        server.put(archive_path(2023), bomb)
        with pytest.raises(UnsafeArchiveError, match="too large when uncompressed"):
            fetch.fetch([2023], ["national"], base_url=server.url, timeout=5, retries=0)
    downloads = root / "data" / "raw" / "bls"
    assert not (downloads / "oesm23nat").exists() and not list(downloads.glob("*.part"))


def test_a_workbook_whose_sheet_is_a_bomb_is_refused_before_any_reader_inflates_it(tmp_path):
    """An .xlsx is a zip too: a SYNTHETIC workbook whose sheet is 64 MiB of one repeated row (about 1000:1) is
    refused by the guard, loose or inside an archive, and no reader expands it."""
    import xlsxwriter

    small = tmp_path / "small.xlsx"
    workbook = xlsxwriter.Workbook(small)
    workbook.add_worksheet("All May 2025 data").write_row(0, 0, ["OCC_CODE", "TOT_EMP"])
    workbook.close()
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>29-2072</t></is></c></row>'
    sheet = b"<worksheet><sheetData>" + row * (64 * 2**20 // len(row)) + b"</sheetData></worksheet>"
    bomb = tmp_path / "all_data_M_2025.xlsx"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for info in source.infolist():
            out.writestr(info.filename, sheet if info.filename.endswith("sheet1.xml") else source.read(info))
    with pytest.raises(UnsafeArchiveError, match="zip-bomb guard") as raised:
        read_oews(bomb)
    assert "sheet1.xml" in str(raised.value) and "compression ratio of at most 100:1" in str(raised.value)
    wrapped = tmp_path / "oesm25all.zip"
    with zipfile.ZipFile(wrapped, "w", zipfile.ZIP_STORED) as out:
        out.write(bomb, "oesm25all/all_data_M_2025.xlsx")
    with pytest.raises(UnsafeArchiveError, match="zip-bomb guard"):
        read_oews(wrapped)
    # A real BLS workbook passes the same guard (BLS's sheets compress less than 10:1).
    from real_files import NATIONAL_DIR

    assert len(read_oews(NATIONAL_DIR / "national_M2024_dl.xlsx")) > 1000
