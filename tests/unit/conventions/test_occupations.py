"""HIM occupations and the SOC 2010 -> 2018 crosswalk (facts from tests/data/national_him_history.md)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.conventions import occupations as occ
from real_files import HISTORY


def test_him_codes_and_comparators():
    assert list(occ.HIM_OCCUPATIONS) == ["29-2072", "29-9021", "11-9111"]
    assert occ.CAREER_LADDER == ("29-2072", "29-9021", "11-9111")
    assert set(occ.COMPARATORS) == {"00-0000", "29-0000", "43-6013", "31-9094", "15-2051", "15-1242"}
    assert set(occ.HIM_RELATED_CODES) == {"29-2072", "29-9021", "11-9111", "29-2071", "29-2098", "29-9098"}
    assert occ.occupation_title("292072") == "Medical Records Specialists"
    assert occ.occupation_title("99-9999") is None


def test_code_forms():
    assert occ.soc_code("292072") == "29-2072" and occ.soc_code("29-2072") == "29-2072"
    assert occ.flat_file_code("29-2072") == "292072"
    with pytest.raises(ValueError):
        occ.soc_code("29-207")


def test_comparable_series_of_medical_records_specialists():
    segments = occ.comparable_series("29-2072")
    assert [(s.first_year, s.last_year, s.codes, s.exact) for s in segments] == [
        (2011, 2018, ("29-2071",), False),
        (2019, 2020, ("29-2098",), False),
        (2021, None, ("29-2072",), True),
    ]
    assert occ.codes_for_year("29-9021", 2019) == ("29-9098",)
    assert occ.codes_for_year("29-2071", 2023) == ("29-2072", "29-9021")
    assert occ.codes_for_year("29-2072", 2025) == ("29-2072",)
    assert occ.codes_for_year("29-2072", 2005) == ()


def test_series_breaks():
    breaks = occ.series_breaks("29-2072")
    assert [str(b).split(":")[0] for b in breaks] == ["2018->2019", "2020->2021", "2020->2021"]
    assert "SOC 2018 hybrid codes" in str(breaks[0])
    assert "first full 2018 SOC year" in str(breaks[1])
    assert "MB3" in str(breaks[2]) and breaks[2].kind == "method"
    # Continuous codes: only the May 2021 method change.
    for code in ("11-9111", "00-0000"):
        assert [b.kind for b in occ.series_breaks(code)] == ["method"]
        assert occ.comparable_series(code)[0].codes == (code,)


def test_comparability():
    assert occ.is_comparable("11-9111", 2012, 2024)
    assert occ.is_comparable("29-2072", 2021, 2025)
    assert not occ.is_comparable("29-2072", 2018, 2021)
    assert not occ.is_comparable("29-2072", 2012, 2015)  # 29-2071 is broader than 29-2072
    assert occ.is_comparable("29-2071", 2012, 2015)


def test_undocumented_codes_are_not_assumed_continuous():
    with pytest.raises(occ.UnknownCrosswalkError):
        occ.comparable_series("15-2051")
    with pytest.raises(occ.UnknownCrosswalkError):
        occ.series_breaks("43-6013")


def test_crosswalk_agrees_with_the_national_history():
    """Every (year, code) of the real national history is a code the crosswalk names for that year."""
    history = pd.read_csv(HISTORY, dtype=str)
    year_column = next(c for c in history.columns if c.lower() in ("year", "data_year"))
    code_column = next(c for c in history.columns if c.lower() in ("occ_code", "soc_code", "code"))
    published = set(zip(history[year_column].astype(int), history[code_column]))
    assert published
    for year, code in published:
        covered = {c for him in occ.DOCUMENTED_CODES for c in occ.codes_for_year(him, year)}
        assert code in covered, (year, code)
    # The HIM work is always published under the codes the crosswalk names for 29-2071.
    for year in sorted({y for y, _ in published}):
        assert set(occ.codes_for_year("29-2071", year)) <= {c for y, c in published if y == year}
