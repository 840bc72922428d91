"""The packed block of a report page: every chart's spec and every table's CSV moved into one gzip+base64 element
and read back unchanged, a large data table shared by two charts stored once, the same page packing to the same
bytes, and a damaged block refused rather than read as empty. SYNTHETIC specs and tables."""

from __future__ import annotations

import base64
import html as html_module
import json

import pytest

from analysis.reports import packing


def _spec_element(name: str, payload: dict) -> str:
    text = html_module.escape(json.dumps(payload), quote=False)
    return f'<script type="application/json" class="him-wages-chart-spec" data-chart="{name}">{text}</script>'


def _csv_link(name: str, text: str) -> str:
    encoded = base64.b64encode(text.encode()).decode()
    return f'<a download="{name}" href="data:text/csv;charset=utf-8;base64,{encoded}">{name}</a>'


def _page(*parts: str) -> str:
    return "<html><body>" + "".join(parts) + "</body></html>"


SMALL = {"spec": {"data": [{"name": "d", "values": [{"wage": 1.0}]}], "marks": []}}  # SYNTHETIC
# SYNTHETIC: a data table long enough to be shared (a map's states)
STATES = [{"id": i, "name": f"State {i}", "value": i * 1.5} for i in range(200)]


def test_specs_and_tables_round_trip_through_the_block():
    csv = 'Area,Annual median wage (USD)\nSomewhere,"55,000"\n'  # SYNTHETIC
    page = _page(_spec_element("chart-1", SMALL), _csv_link("areas.csv", csv))
    packed = packing.pack_charts(page, tables_href="compare/tables")
    assert "him-wages-chart-spec" not in packed and "data:text/csv" not in packed
    assert 'data-him-csv="areas.csv" href="compare/tables/areas.csv"' in packed
    assert packed.index(packing.CHARTS_BLOCK_ID) < packed.index("</body>")
    block = packing.packed_block(packed)
    assert block["charts"] == {"chart-1": SMALL}
    assert block["tables"] == {"areas.csv": csv}
    assert block["shared"] == {}
    assert packing.embedded_downloads(packed) == {"areas.csv": csv}
    assert packing.embedded_downloads(page) == {"areas.csv": csv}  # a link still written as data: is read too


def test_without_tables_href_the_links_stay_data_urls():
    csv = "a,b\n1,2\n"  # SYNTHETIC
    page = _page(_spec_element("c", SMALL), _csv_link("t.csv", csv))
    packed = packing.pack_charts(page)
    assert "data:text/csv" in packed and packing.packed_block(packed)["tables"] == {}


def test_a_page_with_nothing_to_pack_is_unchanged():
    page = _page("<p>Text only</p>")
    assert packing.pack_charts(page) == page
    assert packing.packed_block(page) == {}


def test_a_large_data_table_used_by_two_charts_is_stored_once():
    first = {"spec": {"data": [{"name": "states", "values": STATES}], "marks": ["a"]}}
    second = {"spec": {"data": [{"name": "states", "values": STATES}], "marks": ["b"]}}
    packed = packing.pack_charts(_page(_spec_element("map-1", first), _spec_element("map-2", second)))
    block = packing.packed_block(packed)
    (key,) = block["shared"]
    assert block["shared"][key] == STATES
    for name in ("map-1", "map-2"):
        (data,) = block["charts"][name]["spec"]["data"]
        assert data == {"name": "states", "himValues": key}  # a reference, not a second copy
    assert len(json.dumps(STATES)) >= packing.SHARED_DATA_MIN_CHARS


def test_the_same_page_packs_to_the_same_bytes():
    page = _page(_spec_element("c", SMALL))
    assert packing.pack_charts(page) == packing.pack_charts(page)
    assert packing.packed_text("x") == packing.packed_text("x")  # no time stamp in the gzip header


def test_a_damaged_block_is_refused_not_read_as_empty():
    packed = packing.pack_charts(_page(_spec_element("c", SMALL)))
    start = packed.index(f'id="{packing.CHARTS_BLOCK_ID}"')
    start = packed.index(">", start) + 1
    end = packed.index("</script>", start)
    truncated = packed[:start] + packed[start : start + (end - start) // 2] + packed[end:]
    with pytest.raises((EOFError, OSError, ValueError)):
        packing.packed_block(truncated)
