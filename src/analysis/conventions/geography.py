"""Areas as BLS's OEWS files code them: area types, state FIPS codes and postal abbreviations, territories.

BLS's canonical area codes (special-request style, used by the canonical frame): the U.S. is ``"99"``, a state
or territory its 2-digit FIPS code (``"06"``, ``"72"``), a metropolitan statistical area (or NECTA) its 5-digit
code (``"10180"``), a nonmetropolitan area a 7-digit code that starts with the state's FIPS (``"0100001"``).
Area types are BLS's codes: 1 U.S., 2 state, 3 U.S. territory, 4 MSA, 5 metropolitan division, 6 nonmetropolitan
area. The ``oe`` flat files instead write a 7-digit area code and an area type letter (N national, S state or
territory, M metropolitan *or* nonmetropolitan area); :func:`canonical_area` translates.

State FIPS <-> postal code comes from the ``us`` package. OEWS publishes three territories: Guam (66), Puerto
Rico (72) and the U.S. Virgin Islands (78) (``oe.area``, area type S); :data:`OEWS_TERRITORY_FIPS` is the one list
of them that every reader and analysis uses. American Samoa (60) and the Northern Mariana Islands (69) have no
OEWS estimates.
"""

from __future__ import annotations

import re

import us

from analysis.conventions.codes import NATIONAL_AREA, NATIONAL_POSTAL
from analysis.conventions.schema import AREA_TYPES

#: FIPS codes of the U.S. territories OEWS publishes estimates for (Guam, Puerto Rico, Virgin Islands), as BLS's
#: ``oe.area`` lists them (type S, codes 6600000, 7200000, 7800000). The project's only list of territories.
OEWS_TERRITORY_FIPS: tuple[str, ...] = ("66", "72", "78")

US, STATE, TERRITORY, MSA, METRO_DIVISION, NONMETRO = 1, 2, 3, 4, 5, 6

_AREA_TYPE_NAMES: dict[str, int] = {
    "u.s.": US,
    "us": US,
    "u.s": US,
    "national": US,
    "nation": US,
    "united states": US,
    "n": US,
    "state": STATE,
    "statewide": STATE,
    "states": STATE,
    "s": STATE,
    "territory": TERRITORY,
    "u.s. territory": TERRITORY,
    "us territory": TERRITORY,
    "territories": TERRITORY,
    "msa": MSA,
    "metro": MSA,
    "metropolitan": MSA,
    "metropolitan statistical area": MSA,
    "metropolitan area": MSA,
    "necta": MSA,
    "metropolitan statistical area or necta": MSA,
    "metropolitan division": METRO_DIVISION,
    "metro division": METRO_DIVISION,
    "division": METRO_DIVISION,
    "nonmetro": NONMETRO,
    "nonmetropolitan": NONMETRO,
    "nonmetropolitan area": NONMETRO,
    "non-metro": NONMETRO,
    "non-metropolitan area": NONMETRO,
    "bos": NONMETRO,
    "balance of state": NONMETRO,
}
for _code, _name in AREA_TYPES.items():
    _AREA_TYPE_NAMES[_name.lower()] = _code


def normalise_area_type(value: object) -> int:
    """BLS's area-type code (1, 2, 3, 4, 5, 6) from any spelling: ``4``, ``"4"``, ``"4.0"``, ``"MSA"``,
    ``"Metropolitan statistical area"``, ``"nonmetro"``, ``"U.S. territory"``, flat-file letters ``"N"``/``"S"``.

    The flat-file letter ``"M"`` is ambiguous (metropolitan or nonmetropolitan area): use
    :func:`area_type_from_flat_file` with the area code. Raises ``ValueError`` for anything else."""
    if isinstance(value, bool) or value is None:
        raise ValueError(f"not an area type: {value!r}")
    if isinstance(value, (int, float)):
        if float(value).is_integer() and int(value) in AREA_TYPES:
            return int(value)
        raise ValueError(f"not a BLS area-type code: {value!r}; expected one of {sorted(AREA_TYPES)}")
    text = re.sub(r"\s+", " ", str(value).strip()).lower()
    if re.fullmatch(r"\d+(\.0+)?", text) and int(float(text)) in AREA_TYPES:
        return int(float(text))
    if text in _AREA_TYPE_NAMES:
        return _AREA_TYPE_NAMES[text]
    if text == "m":
        raise ValueError(
            "flat-file area type 'M' covers both MSAs and nonmetropolitan areas; "
            "use area_type_from_flat_file(areatype_code, area_code)"
        )
    raise ValueError(
        f"not an area type: {value!r}; expected a BLS code {sorted(AREA_TYPES)} or a name such as "
        "'U.S.', 'state', 'territory', 'MSA', 'nonmetropolitan area'"
    )


def state_postal(fips: str) -> str:
    """``"06"`` -> ``"CA"``, ``"72"`` -> ``"PR"``; the national codes ``"00"``/``"99"`` -> ``"US"``."""
    code = str(fips).strip().zfill(2)
    if code in ("00", NATIONAL_AREA):
        return NATIONAL_POSTAL
    state = us.states.lookup(code, field="fips")
    if state is None:
        raise ValueError(f"not a state or territory FIPS code: {fips!r}")
    return state.abbr


def state_fips(postal: str) -> str:
    """``"CA"`` -> ``"06"``, ``"pr"`` -> ``"72"``, ``"US"`` -> ``"99"`` (BLS's code for the nation)."""
    code = str(postal).strip().upper()
    if code == NATIONAL_POSTAL:
        return NATIONAL_AREA
    state = us.states.lookup(code, field="abbr")
    if state is None or state.fips is None:
        raise ValueError(f"not a state or territory postal code: {postal!r}")
    return state.fips


def is_territory(fips: str) -> bool:
    """True for the territories OEWS publishes (:data:`OEWS_TERRITORY_FIPS`: ``"66"`` Guam, ``"72"`` Puerto
    Rico, ``"78"`` Virgin Islands)."""
    return str(fips).strip().zfill(2) in OEWS_TERRITORY_FIPS


def area_type_of(area: str) -> int:
    """Area type of a canonical area code: ``"99"`` 1, ``"06"`` 2, ``"72"`` 3, ``"10180"`` 4, ``"0100001"`` 6.

    Metropolitan divisions (type 5) share the 5-digit form with MSAs and cannot be told apart by the code."""
    code = str(area).strip()
    if code == NATIONAL_AREA:
        return US
    if len(code) == 2 and code.isdigit():
        return TERRITORY if is_territory(code) else STATE
    if len(code) == 5 and code.isdigit():
        return MSA
    if len(code) == 7 and code.isdigit():
        return NONMETRO
    raise ValueError(
        f"not a canonical OEWS area code: {area!r}; expected '99', 2-digit FIPS, 5-digit MSA or "
        "7-digit nonmetropolitan area code"
    )


def is_metropolitan(area_type: object) -> bool:
    """True for MSAs (and NECTAs) and metropolitan divisions."""
    return normalise_area_type(area_type) in (MSA, METRO_DIVISION)


def is_nonmetropolitan(area_type: object) -> bool:
    return normalise_area_type(area_type) == NONMETRO


def metro_status(area: str) -> str | None:
    """``"metropolitan"``, ``"nonmetropolitan"`` or ``None`` (U.S., state, territory) for a canonical area code."""
    kind = area_type_of(area)
    if kind in (MSA, METRO_DIVISION):
        return "metropolitan"
    if kind == NONMETRO:
        return "nonmetropolitan"
    return None


def area_type_from_flat_file(areatype_code: str, area_code: str) -> int:
    """Area type of an ``oe`` flat-file area: ``N`` -> 1; ``S`` -> 2, or 3 for a territory; ``M`` -> 4 when the
    7-digit code is ``"00"`` + a 5-digit MSA code, else 6 (nonmetropolitan areas start with the state FIPS)."""
    letter = str(areatype_code).strip().upper()
    code = str(area_code).strip()
    if len(code) != 7 or not code.isdigit():
        raise ValueError(f"not a 7-digit oe area code: {area_code!r}")
    if letter == "N":
        return US
    if letter == "S":
        return TERRITORY if is_territory(code[:2]) else STATE
    if letter == "M":
        return MSA if code.startswith("00") else NONMETRO
    raise ValueError(f"not an oe area type code: {areatype_code!r}; expected N, S or M")


def canonical_area(areatype_code: str, area_code: str) -> str:
    """The canonical area code of an ``oe`` flat-file area: ``("N", "0000000")`` -> ``"99"``,
    ``("S", "0600000")`` -> ``"06"``, ``("M", "0010180")`` -> ``"10180"``, ``("M", "0100001")`` -> ``"0100001"``."""
    kind = area_type_from_flat_file(areatype_code, area_code)
    code = str(area_code).strip()
    if kind == US:
        return NATIONAL_AREA
    if kind in (STATE, TERRITORY):
        return code[:2]
    if kind == MSA:
        return code[2:]
    return code
