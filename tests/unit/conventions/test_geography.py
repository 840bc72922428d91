"""Area types, FIPS <-> postal codes, territories and the flat files' area codes."""

from __future__ import annotations

import re

import pytest

from analysis.conventions import geography, schema


@pytest.mark.parametrize(
    "spelling, code",
    [
        (1, 1),
        ("1", 1),
        ("1.0", 1),
        (4.0, 4),
        ("U.S.", 1),
        ("national", 1),
        ("N", 1),
        ("State", 2),
        ("s", 2),
        ("U.S. territory", 3),
        ("territory", 3),
        ("MSA", 4),
        ("Metropolitan statistical area", 4),
        ("metro", 4),
        ("NECTA", 4),
        ("Metropolitan division", 5),
        ("  nonmetropolitan   area ", 6),
        ("nonmetro", 6),
        ("BOS", 6),
    ],
)
def test_normalise_area_type(spelling, code):
    assert geography.normalise_area_type(spelling) == code


@pytest.mark.parametrize("bad", ["M", "county", 7, 0, True, None, "4.5"])
def test_normalise_area_type_rejects(bad):
    with pytest.raises(ValueError):
        geography.normalise_area_type(bad)


def test_fips_and_postal_codes():
    assert geography.state_postal("06") == "CA"
    assert geography.state_postal("6") == "CA"
    assert geography.state_postal("11") == "DC"
    assert geography.state_postal("72") == "PR"
    assert geography.state_postal("99") == "US" and geography.state_postal("00") == "US"
    assert geography.state_fips("ca") == "06"
    assert geography.state_fips("VI") == "78"
    assert geography.state_fips("US") == "99"
    with pytest.raises(ValueError):
        geography.state_postal("03")
    with pytest.raises(ValueError):
        geography.state_fips("XX")


def test_territories():
    assert all(geography.is_territory(f) for f in geography.OEWS_TERRITORY_FIPS)
    assert not geography.is_territory("06") and not geography.is_territory("11")
    # OEWS has no estimates for American Samoa (60) or the Northern Mariana Islands (69)
    assert not geography.is_territory("60") and not geography.is_territory("69")


def test_territory_list_is_the_one_bls_oe_area_uses():
    """The state-level (type S) areas of BLS's oe.area that are not one of the 50 states or DC."""
    import us

    from analysis import paths

    lines = (paths.bundled_dir() / "oe.area").read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"))) for line in lines[1:] if line.strip()]
    state_level = {r["state_code"] for r in rows if r["areatype_code"] == "S"}
    states_and_dc = {s.fips for s in us.states.STATES_AND_TERRITORIES if not s.is_territory} | {"11"}
    assert len(state_level & states_and_dc) == 51
    assert tuple(sorted(state_level - states_and_dc)) == geography.OEWS_TERRITORY_FIPS == ("66", "72", "78")


def test_one_territory_definition_in_the_code():
    """Territory FIPS codes are written down once (conventions/geography.py); readers import them."""
    import re

    from analysis import paths

    pattern = re.compile(r"""["']66["'],\s*["']69["']|["']66["'],\s*["']72["']""")
    offenders = [
        str(p)
        for folder in ("src", "devtools")
        for p in (paths.checkout_root() / folder).rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8")) and p.name != "geography.py"
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "letter, code, canonical, area_type",
    [
        ("N", "0000000", "99", 1),
        ("S", "0600000", "06", 2),
        ("S", "7200000", "72", 3),
        ("S", "6600000", "66", 3),
        ("M", "0010180", "10180", 4),
        ("M", "0041980", "41980", 4),  # San Juan, an MSA in a territory
        ("M", "0100001", "0100001", 6),
        ("M", "7200006", "7200006", 6),
    ],
)
def test_flat_file_areas(letter, code, canonical, area_type):
    assert geography.canonical_area(letter, code) == canonical
    assert geography.area_type_from_flat_file(letter, code) == area_type
    assert geography.area_type_of(canonical) == area_type


def test_flat_file_area_errors():
    with pytest.raises(ValueError):
        geography.area_type_from_flat_file("X", "0000000")
    with pytest.raises(ValueError):
        geography.area_type_from_flat_file("M", "10180")
    with pytest.raises(ValueError):
        geography.area_type_of("ABC")


def test_metro_helpers():
    assert geography.metro_status("10180") == "metropolitan"
    assert geography.metro_status("0100001") == "nonmetropolitan"
    assert geography.metro_status("06") is None and geography.metro_status("99") is None
    assert geography.is_metropolitan("MSA") and geography.is_metropolitan(5)
    assert not geography.is_metropolitan(6) and geography.is_nonmetropolitan("nonmetro")


def test_area_code_shape_and_width_are_one_rule():
    # The readers pad and check area codes with schema.AREA_CODE_WIDTH and codes.AREA_PATTERN; area_type_of reads
    # the same widths back: the U.S. "99", a state "06", a territory "72", an MSA "10180", a nonmetro area "0100001".
    for code in ("99", "06", "72", "10180", "0100001"):
        assert re.fullmatch(schema.AREA_PATTERN, code)
        assert len(code) == schema.AREA_CODE_WIDTH[geography.area_type_of(code)]
    assert not re.fullmatch(schema.AREA_PATTERN, "6") and not re.fullmatch(schema.AREA_PATTERN, "01000011")
    assert set(schema.AREA_CODE_WIDTH) == set(schema.AREA_TYPES)
    assert schema.AREA_TYPES[geography.US] == "U.S." and geography.state_postal("99") == "US"
