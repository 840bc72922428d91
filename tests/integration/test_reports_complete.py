"""Nothing lost on the way to HTML: every chart and table that an executed notebook of the default reports
(reports.toml) shows is in its HTML page, cell by cell; and a page that lost one is not published. What the reader
meets on each page: the OEWS scope footnote once, no raw field name or notebook talk, downloads named apart."""

from __future__ import annotations

import json
import re
import tomllib
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest

from analysis.analyses.notes import oews_scope_footnote
from analysis.reports.completeness import notebook_items, page_items
from real_files import ROOT

pytestmark = [
    pytest.mark.notebook,
    pytest.mark.xdist_group("default_reports"),
    pytest.mark.usefixtures("project_store"),
]


def _total(items: dict[str, dict[str, int]], kind: str) -> int:
    return sum(counts[kind] for counts in items.values())


def test_every_default_report_shows_every_chart_and_table_of_its_notebook(default_reports: Path):
    names = [report["name"] for report in tomllib.loads((ROOT / "reports.toml").read_text())["reports"]]
    index = {entry["name"]: entry for entry in json.loads((default_reports / "index.json").read_text())["reports"]}
    assert sorted(index) == sorted(names)
    for name in names:
        notebook = nbformat.read(default_reports / index[name]["ipynb"], as_version=4)
        page = (default_reports / index[name]["html"]).read_text(encoding="utf-8")
        shown = notebook_items(notebook)
        on_page = {cell: counts for cell, counts in page_items(page).items() if any(counts.values())}
        assert _total(shown, "charts") >= 1, f"{name}: no chart in the executed notebook"
        assert on_page == shown, f"{name}: charts and tables per cell differ between the notebook and the HTML"
        # one vega library in <head> (compressed), none in the notebook; every default report at most 600 kB
        assert page.count("var HIM_WAGES_VEGA =") == 1, name
        assert "HIM_WAGES_VEGA" not in json.dumps(notebook), name
        assert len(page.encode()) <= 600_000, f"{name}: {len(page.encode()):,} bytes"


#: Raw field names of the store and notebook talk: never in what a reader sees or hears on a page.
NOT_FOR_READERS = re.compile(
    r"_prse|tot_emp|a_mean|h_mean|a_median|loc_quotient|jobs_1000|prim_state|data_dirs|this notebook|parameter",
    re.IGNORECASE,
)


class _VisibleText(HTMLParser):
    """A page's text with its scripts and styles left out (what shows with or without JavaScript, the static chart
    pictures included), plus the words a screen reader says for an element (aria-label, alt, title)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in ("aria-label", "alt", "title") and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def _visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def test_every_default_report_says_the_oews_scope_once_in_readers_words(default_reports: Path):
    index = json.loads((default_reports / "index.json").read_text())["reports"]
    footnote = oews_scope_footnote()
    assert "self-employed" in footnote and "2,080" in footnote  # BLS oe.footnote codes 1 and 2
    for entry in index:
        name = entry["name"]
        text = _visible_text((default_reports / entry["html"]).read_text(encoding="utf-8"))
        assert text.count(footnote) == 1, f"{name}: the OEWS scope footnote {text.count(footnote)} times"
        assert text.count("self-employed") == 1, f"{name}: the self-employed are mentioned again"
        found = [text[max(0, m.start() - 60) : m.end() + 30] for m in NOT_FOR_READERS.finditer(text)]
        assert found == [], f"{name}: raw field names or notebook talk in the page's text: {found[:5]}"
        titles = list(entry["download_titles"].values())
        assert len(set(titles)) == len(titles), f"{name}: two downloads named alike: {titles}"
        assert sum(title.startswith("Key figures") for title in titles) == 1, f"{name}: {titles}"
