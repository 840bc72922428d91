"""Column headers and meanings for readers (:mod:`analysis.reports.fields`): a download never shows a raw field
name alone, and two columns never share a header."""

from __future__ import annotations

from analysis.reports import fields


def test_a_known_column_has_its_written_header_meaning_and_unit():
    assert fields.describe("occ_code") == fields.Field(
        "SOC code", "The occupation's code in the Standard Occupational Classification.", ""
    )
    assert fields.describe("top_code").unit == "USD"


def test_a_bls_measure_is_described_from_the_measure_table():
    described = fields.describe("a_mean")
    assert described.label == "Annual mean wage (USD)" and described.unit == "USD"
    assert "a_mean" in described.meaning  # the meaning names the OEWS field; the header does not


def test_status_and_top_code_columns_are_described_from_their_measure():
    assert fields.describe("a_pct90_status").label.endswith(": BLS status")
    assert "a_pct90" not in fields.column_label("a_pct90_status")
    top = fields.describe("a_pct90_top_code")
    assert top.label.endswith(": top-code") and top.unit == "USD"


def test_a_header_already_written_for_readers_is_kept_and_an_unknown_name_is_put_in_words():
    assert fields.describe("State").label == "State"
    assert fields.column_label("share_pct") == "Share (%)"


def test_labels_are_made_unique():
    assert fields.column_labels(["value", "value", "value"]) == ["Value", "Value (2)", "Value (3)"]
