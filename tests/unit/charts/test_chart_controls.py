"""Control characters in a chart's titles or data never reach the chart renderer: one ESC, BEL, NUL or VT in a
label aborts vl-convert's process (and with it a report's kernel: "DeadKernelError: Kernel died"). The renderer
every chart of a report goes through cleans the spec first (``analysis.charts.theme.clean_spec``).
Titles below are SYNTHETIC."""

from __future__ import annotations

import json
import subprocess
import sys

from analysis.charts.theme import clean_spec

#: SYNTHETIC: clear the screen, BEL, NUL, VT, a right-to-left override, and a line end (which stays: a line break).
HOSTILE = "Coders\x1b[2J\x07\x00\x0b\u202egnp.exe\nend"
UNSAFE = ("\x1b", "\x07", "\x00", "\x0b", "\u202e")


def _spec(text: str) -> dict:
    return {
        "title": {"text": text, "subtitle": [text, "Source: BLS OEWS"]},
        "data": {"values": [{"name": text, "wage": -1250.5}, {"name": "plain", "wage": 3}]},
        "mark": "bar",
        "encoding": {
            "y": {"field": "name", "type": "nominal", "title": text},
            "x": {"field": "wage", "type": "quantitative"},
        },
    }


def test_clean_spec_removes_every_control_and_keeps_numbers_and_the_shape():
    cleaned = clean_spec(_spec(HOSTILE))
    text = json.dumps(cleaned, ensure_ascii=False)
    assert not [ch for ch in UNSAFE if ch in text]
    assert cleaned["title"]["text"] == "Coders[2Jgnp.exe\nend"
    assert cleaned["data"]["values"][0] == {"name": "Coders[2Jgnp.exe\nend", "wage": -1250.5}
    assert cleaned["data"]["values"][1] == {"name": "plain", "wage": 3}
    assert clean_spec(_spec("plain")) == _spec("plain")


def test_a_chart_with_control_characters_in_titles_and_data_renders():
    # in a child process: without the cleaning, vl-convert aborts the whole process (no exception to catch)
    code = (
        "import json, sys\n"
        "from analysis.reports.notebook import chart_bundle, SVG_MIME_TYPE\n"
        "spec = json.loads(sys.stdin.read())\n"
        "bundle, _ = chart_bundle(spec)\n"
        "print('svg' if SVG_MIME_TYPE in bundle and '<svg' in bundle[SVG_MIME_TYPE] else 'no svg')\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(_spec(HOSTILE)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    assert completed.stdout.strip() == "svg", completed.stderr[-2000:]


def test_the_charts_own_line_breaks_survive_the_cleaning():
    # a row label on two lines (industry, then employer type) and the text mark that breaks it: drawn as written
    spec = {
        "mark": {"type": "text", "lineBreak": "\n"},
        "data": {"values": [{"row_label": "622000 Hospitals\nPrivate"}]},
    }
    assert clean_spec(spec) == spec
