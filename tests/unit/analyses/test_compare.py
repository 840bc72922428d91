"""Areas side by side and the salary check: SYNTHETIC percentile points (hand-computable) and the bundled BLS May
2025 data with the bundled BEA RPPs."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import store
from analysis.analyses import compare, regional
from analysis.errors import ParameterError
from analysis.sources import bea_rpp

OCC, YEAR = "29-2072", 2025
NAMES = ["10th percentile", "25th percentile", "median", "75th percentile", "90th percentile"]


def _points(values, statuses=None, top_code=None):
    """SYNTHETIC percentile points: values for the 10th, 25th, median, 75th, 90th (None = not published)."""
    statuses = statuses or [None] * 5
    return [
        {"percentile": p, "name": n, "value": v, "status": s, "top_code": top_code if s == "top_coded" else None}
        for p, n, v, s in zip((10, 25, 50, 75, 90), NAMES, values, statuses)
    ]


SYNTHETIC = _points([30_000.0, 40_000.0, 50_000.0, 60_000.0, 80_000.0])


def test_between_two_points_with_an_approximate_whole_percentile():
    result = compare.salary_position(SYNTHETIC, 45_000)
    # halfway between the 25th (40,000) and the median (50,000): 25 + 0.5 × 25 = 37.5 -> about the 38th
    assert (result["position"], result["lower_name"], result["upper_name"]) == ("between", "25th percentile", "median")
    assert result["approx_percentile"] == 38
    assert result["text"] == (
        "$45,000 lies between the 25th percentile ($40,000) and the median ($50,000): about the "
        "38th percentile (approximate: a straight line between BLS's two published percentiles "
        "around it)."
    )


def test_at_below_and_above_the_published_range():
    assert compare.salary_position(SYNTHETIC, 50_000)["text"] == "$50,000 is at the median ($50,000)."
    below = compare.salary_position(SYNTHETIC, 25_000)
    assert below["position"] == "below" and below["approx_percentile"] is None
    assert below["text"] == "$25,000 is below the 10th percentile ($30,000)."
    above = compare.salary_position(SYNTHETIC, 95_000)
    assert above["position"] == "above" and above["text"] == "$95,000 is above the 90th percentile ($80,000)."


def test_top_coded_90th_percentile_in_words():
    points = _points(
        [30_000.0, 40_000.0, 50_000.0, 60_000.0, None], [None, None, None, None, "top_coded"], top_code=239_200.0
    )
    under = compare.salary_position(points, 100_000)
    assert under["position"] == "between" and under["approx_percentile"] is None
    assert "at least $239,200 (top-coded): between the 75th and 90th percentiles" in under["text"]
    over = compare.salary_position(points, 250_000)
    assert over["position"] == "above_top_coded"
    assert "cannot say whether the salary is below or above it" in over["text"]


def test_suppressed_points_are_skipped_and_named():
    points = _points([30_000.0, 40_000.0, None, 60_000.0, 80_000.0], [None, None, "not_released", None, None])
    result = compare.salary_position(points, 50_000)
    # 25 + (10,000 / 20,000) × 50 = 50, interpolated across the missing median
    assert result["approx_percentile"] == 50 and result["skipped"] == ["median"]
    assert "the median between them is not published" in result["text"]
    nothing = compare.salary_position(_points([None] * 5, ["wage_not_available"] * 5), 50_000)
    assert nothing["position"] == "none" and "cannot be placed" in nothing["text"]


def test_ordinals():
    assert [compare.ordinal(n) for n in (1, 2, 3, 11, 12, 13, 21, 22, 38, 90)] == [
        "1st",
        "2nd",
        "3rd",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "38th",
        "90th",
    ]


# ------------------------------------------------------------------------------------------- bundled data
@pytest.fixture(scope="module")
def bundled() -> pd.DataFrame:
    return store.load(occ_codes=[OCC])


@pytest.fixture(scope="module")
def compared(bundled) -> pd.DataFrame:
    rows = regional.cross_industry(bundled, occupation=OCC, year=YEAR)
    areas = compare.check_areas(rows, ["California", "TX", "12", "New York", "Ohio", "Cleveland, OH"])
    return compare.side_by_side(bundled, occupation=OCC, year=YEAR, areas=areas, rpp=bea_rpp.read_rpp())


def test_areas_by_code_or_name(bundled):
    rows = regional.cross_industry(bundled, occupation=OCC, year=YEAR)
    assert compare.check_areas(rows, ["U.S.", "Ohio", "17410", "3900002"]) == ["99", "39", "17410", "3900002"]
    with pytest.raises(ParameterError, match="2 to 6 areas"):
        compare.check_areas(rows, ["Ohio"])
    with pytest.raises(ParameterError, match="2 to 6 areas"):
        compare.check_areas(rows, ["AL", "AK", "AZ", "AR", "CA", "CO", "CT"])
    with pytest.raises(ParameterError, match="the same area twice"):
        compare.check_areas(rows, ["OH", "Ohio"])
    with pytest.raises(ParameterError, match="matches 2 areas: 17410 \\(Cleveland, OH\\); 17420 \\(Cleveland, TN\\)"):
        compare.check_areas(rows, ["OH", "Cleveland"])


def test_side_by_side_is_the_published_values(bundled, compared):
    rows = bundled[(bundled["year"] == YEAR) & (bundled["naics"] == "000000")].set_index("area")
    for measure in compare.COMPARE_MEASURES:
        for area in ("06", "48", "12", "36", "39", "17410"):
            got = compared[(compared["measure"] == measure) & (compared["area"] == area)].iloc[0]
            assert got["value"] == rows.loc[area, measure]
    ohio = compared[(compared["measure"] == "a_mean") & (compared["area"] == "39")].iloc[0]
    assert ohio["adj_value"] == pytest.approx(56_620.0 / 0.92774)  # BLS Ohio mean $56,620; BEA Ohio 2024 92.774
    cleveland = compared[(compared["measure"] == "a_mean") & (compared["area"] == "17410")].iloc[0]
    assert pd.isna(cleveland["adj_value"]) and pd.isna(cleveland["rpp"])  # no metro RPPs bundled
    assert list(compared.drop_duplicates("area")["area"]) == ["06", "48", "12", "36", "39", "17410"]


def test_cannot_tell_apart_where_intervals_overlap(compared):
    nominal = compare.tell_apart(compared, "a_mean").set_index(["area_a", "area_b"])["verdict"]
    # California $68,230 ± 1.96 × 1.2% and New York $67,200 ± 1.96 × 1.3%: the intervals overlap
    assert nominal[("06", "36")].startswith("cannot tell apart")
    assert nominal[("06", "48")].startswith("different")
    adjusted = compare.tell_apart(compared, "a_mean", adjusted=True).set_index(["area_a", "area_b"])["verdict"]
    assert ("06", "17410") not in adjusted.index  # Cleveland has no adjusted figure
    assert adjusted[("06", "39")].startswith("cannot tell apart")  # in U.S.-average prices CA and OH overlap
    with pytest.raises(ParameterError, match="a_median has none"):
        compare.tell_apart(compared, "a_median")


def test_salary_check_bands_on_bls_percentiles(compared, bundled):
    checked = compare.salary_check(compared, 55_000).set_index("area")
    rows = bundled[(bundled["year"] == YEAR) & (bundled["naics"] == "000000")].set_index("area")
    ohio = rows.loc["39"]
    # Ohio: median $50,990, 75th percentile $63,510 (BLS May 2025)
    assert (ohio["a_median"], ohio["a_pct75"]) == (50_990.0, 63_510.0)
    assert (checked.loc["39", "lower_name"], checked.loc["39", "upper_name"]) == ("median", "75th percentile")
    assert checked.loc["39", "approx_percentile"] == 58  # 50 + 25 × (55,000 - 50,990) / (63,510 - 50,990) = 58.0
    for area in checked.index:
        points = [(p, float(rows.loc[area, c])) for p, c, _ in compare.PERCENTILE_POINTS]
        below = [p for p, w in points if w < 55_000]
        above = [p for p, w in points if w > 55_000]
        lo, hi = max(below), min(above)
        (w_lo,), (w_hi,) = [w for p, w in points if p == lo], [w for p, w in points if p == hi]
        expected = int(lo + (55_000 - w_lo) / (w_hi - w_lo) * (hi - lo) + 0.5)
        assert checked.loc[area, "approx_percentile"] == expected, area
        assert checked.loc[area, "position"] == "between"
