"""The index cards of the comparison and the state deep-dive reports match their reports: built with the CLI from
the project's notebooks and bundled data, each card shows the headline and key figures its executed notebook
recorded, verbatim, names what the report covers, and shows no parameter's name."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from analysis import cli
from analysis.reports import notebook

pytestmark = [pytest.mark.notebook, pytest.mark.usefixtures("project_store")]

CARDS = {
    "compare-29-2072-states": "Medical Records Specialists (29-2072) · California, Texas, Florida, New York and Ohio",
    "regional-29-2072-ca": "Medical Records Specialists (29-2072) · California",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cards")
    assert cli.main(["report", "--out", str(out), "--only", *CARDS, "--jobs", "2", "--quiet"]) == 0
    return out


def _card(index_page: str, name: str) -> str:
    match = re.search(rf'<article [^>]*id="report-{re.escape(name)}".*?</article>', index_page, re.DOTALL)
    assert match, name
    return match.group(0)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


@pytest.mark.parametrize("name", sorted(CARDS))
def test_card_names_what_the_report_covers_and_no_parameter(built: Path, name: str):
    card = _card((built / "index.html").read_text(encoding="utf-8"), name)
    covers = _text(re.search(r'<p class="him-small him-covers">(.*?)</p>', card, re.DOTALL).group(1))
    assert covers.startswith(CARDS[name]), covers
    text = _text(card)
    for raw in ("rpp", "Rpp", "Salary:", "State:", "Areas:", "55,000 ·", "U.S. ·", "a_mean", "key-figures"):
        assert raw not in text, (name, raw)


@pytest.mark.parametrize("name", sorted(CARDS))
def test_card_shows_the_headline_and_key_figures_the_notebook_recorded(built: Path, name: str):
    entry = {e["name"]: e for e in json.loads((built / "index.json").read_text())["reports"]}[name]
    recorded = notebook.read_recorded_figures(built / entry["ipynb"])
    assert isinstance(recorded.get("headline"), str), f"{entry['notebook']} records no 'headline' figure"
    card = _card((built / "index.html").read_text(encoding="utf-8"), name)
    headline = _text(re.search(r'<p class="him-headline">(.*?)</p>', card, re.DOTALL).group(1))
    assert headline == " ".join(recorded["headline"].split())
    pairs = [[_text(dt), _text(dd)] for dt, dd in re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", card, re.DOTALL)]
    assert pairs == [[label, text] for label, text in recorded.get("key_figures", [])][:6]
    page = (built / entry["html"]).read_text(encoding="utf-8")
    header = page.split('<header class="him-header">', 1)[1].split("</header>", 1)[0]
    assert html.escape(recorded["headline"].split()[0]) in header
    assert _text(re.search(r'<p class="him-headline">(.*?)</p>', header, re.DOTALL).group(1)) == headline
