"""Health Information Management (HIM) occupations, their comparators, and how their codes changed over the years.

Facts about the SOC 2010 -> 2018 change come from BLS (see ``tests/data/national_him_history.md``, the notes of
the project's national HIM history, itself citing https://www.bls.gov/oes/soc_2018.htm and BLS news release
USDL-22-0556):

* May 2011-2018 estimates use the 2010 SOC, in which medical records and health-information work is one code,
  29-2071 "Medical Records and Health Information Technicians". BLS stopped publishing it after May 2018.
* May 2019 and May 2020 mix survey panels coded in the 2010 and the 2018 SOC; for this work BLS published only
  the hybrid codes 29-2098 and 29-9098, both much broader than the occupations before and after them.
* May 2021 is the first year coded entirely in the 2018 SOC: the work of 29-2071 appears as 29-2072 "Medical
  Records Specialists" and 29-9021 "Health Information Technologists and Medical Registrars". May 2021 also
  introduced BLS's model-based (MB3) estimation method, which applies to every occupation.
* 11-9111 "Medical and Health Services Managers" and 00-0000 "All Occupations" keep their codes throughout.

So the series breaks between 2018 and 2019 and again between 2020 and 2021. :func:`comparable_series` and
:func:`series_breaks` say which codes measure the same work in which years, and where a series is not
comparable. Codes whose history the project has not documented raise :class:`UnknownCrosswalkError` rather than
being assumed continuous.

Titles are BLS's (oe.occupation of May 2025 for current codes, the history README for retired codes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from analysis.conventions.schema import SOC_CODE
from analysis.errors import ParameterError, UnknownCrosswalkError

#: The HIM occupations in the 2018 SOC, with BLS's titles.
HIM_OCCUPATIONS: dict[str, str] = {
    "29-2072": "Medical Records Specialists",
    "29-9021": "Health Information Technologists and Medical Registrars",
    "11-9111": "Medical and Health Services Managers",
}

#: The 2010 SOC code whose work 29-2072 and 29-9021 took over (published May 2011-2018 in the project's data).
PREDECESSORS: dict[str, str] = {
    "29-2071": "Medical Records and Health Information Technicians",
}

#: OEWS hybrid codes published only in May 2019 and May 2020.
HYBRID_CODES: dict[str, str] = {
    "29-2098": "Medical Dosimetrists, Medical Records Specialists, and Health Technologists and Technicians, All Other",
    "29-9098": "Health Information Technologists, Medical Registrars, Surgical Assistants, and Healthcare "
    "Practitioners and Technical Workers, All Other",
}

#: Every code that measures HIM work in some year.
HIM_RELATED_CODES: tuple[str, ...] = (*HIM_OCCUPATIONS, *PREDECESSORS, *HYBRID_CODES)

#: The usual career path: records specialist -> health information technologist / registrar -> manager.
CAREER_LADDER: tuple[str, ...] = ("29-2072", "29-9021", "11-9111")

#: Occupations HIM wages are compared with (titles from BLS's oe.occupation, May 2025).
COMPARATORS: dict[str, str] = {
    "00-0000": "All Occupations",
    "29-0000": "Healthcare Practitioners and Technical Occupations",
    "43-6013": "Medical Secretaries and Administrative Assistants",
    "31-9094": "Medical Transcriptionists",
    "15-2051": "Data Scientists",
    "15-1242": "Database Administrators",
}

#: First May release of the project's history, first year of the hybrid codes, first full 2018 SOC year.
FIRST_HISTORY_YEAR = 2011
FIRST_HYBRID_YEAR = 2019
FIRST_SOC2018_YEAR = 2021


def soc_code(code: str) -> str:
    """``"292072"`` (flat-file form) or ``"29-2072"`` -> ``"29-2072"``."""
    text = str(code).strip()
    if SOC_CODE.fullmatch(text):
        return text
    if re.fullmatch(r"\d{6}", text):
        return f"{text[:2]}-{text[2:]}"
    raise ParameterError(f"not an SOC occupation code: {code!r}; expected '29-2072' or '292072'")


def flat_file_code(code: str) -> str:
    """``"29-2072"`` -> ``"292072"`` (the form of the oe flat files)."""
    return soc_code(code).replace("-", "")


def occupation_title(code: str) -> str | None:
    """BLS's title of a code this module knows, else None."""
    code = soc_code(code)
    for table in (HIM_OCCUPATIONS, PREDECESSORS, HYBRID_CODES, COMPARATORS):
        if code in table:
            return table[code]
    return None


@dataclass(frozen=True)
class Segment:
    """Years ``first_year..last_year`` (``None``: still published) in which ``codes`` measure the work of an
    occupation. ``exact`` is False when the codes cover more work than the occupation asked about."""

    first_year: int
    last_year: int | None
    codes: tuple[str, ...]
    exact: bool
    note: str

    def covers(self, year: int) -> bool:
        return self.first_year <= year and (self.last_year is None or year <= self.last_year)


@dataclass(frozen=True)
class SeriesBreak:
    """A break between two consecutive May releases: estimates before and after are not comparable as is.

    ``before_year`` is the last release before the break and ``after_year`` the first after it; ``kind`` is
    ``"SOC"`` (an occupation-code revision) or ``"method"`` (an estimation change); ``label`` is the short text a
    chart or a report shows, ``reason`` the full one."""

    before_year: int
    after_year: int
    kind: str
    label: str
    reason: str

    @property
    def position(self) -> float:
        """Where a chart draws the break: half-way between the two releases."""
        return (self.before_year + self.after_year) / 2

    def __str__(self) -> str:
        return f"{self.before_year}->{self.after_year}: {self.reason}"


SOC_BREAK = SeriesBreak(
    2018,
    2019,
    "SOC",
    "SOC 2018 hybrid codes begin (May 2019)",
    "SOC 2018 hybrid codes (May 2019 and May 2020 mix 2010 and 2018 SOC "
    "panels; 29-2071 replaced by the broader hybrids 29-2098 and 29-9098)",
)
FULL_SOC2018_BREAK = SeriesBreak(
    2020,
    2021,
    "SOC",
    "2018 SOC in full (May 2021)",
    "first full 2018 SOC year (hybrids 29-2098/29-9098 replaced by 29-2072 and 29-9021)",
)
#: The SOC 2018 breaks, in order; a code the crosswalk does not document is cut by both.
SOC_BREAKS: tuple[SeriesBreak, ...] = (SOC_BREAK, FULL_SOC2018_BREAK)
#: BLS's change of estimation method with May 2021 (applies to every occupation).
METHOD_BREAK = SeriesBreak(
    2020,
    2021,
    "method",
    "new estimation method, MB3 (May 2021)",
    "BLS's May 2021 model-based (MB3) estimation method (news release USDL-22-0556), applies to every occupation",
)

_TWO_SPLIT = "29-2071 covered the work now split into 29-2072 and 29-9021"

_SEGMENTS: dict[str, tuple[Segment, ...]] = {
    "29-2072": (
        Segment(FIRST_HISTORY_YEAR, 2018, ("29-2071",), False, f"2010 SOC predecessor; {_TWO_SPLIT}"),
        Segment(
            2019,
            2020,
            ("29-2098",),
            False,
            "hybrid code, much broader: also medical dosimetrists and health technologists and technicians, all other",
        ),
        Segment(FIRST_SOC2018_YEAR, None, ("29-2072",), True, "2018 SOC"),
    ),
    "29-9021": (
        Segment(FIRST_HISTORY_YEAR, 2018, ("29-2071",), False, f"2010 SOC predecessor; {_TWO_SPLIT}"),
        Segment(
            2019,
            2020,
            ("29-9098",),
            False,
            "hybrid code, much broader: also surgical assistants and "
            "healthcare practitioners and technical workers, all other",
        ),
        Segment(FIRST_SOC2018_YEAR, None, ("29-9021",), True, "2018 SOC"),
    ),
    "29-2071": (
        Segment(FIRST_HISTORY_YEAR, 2018, ("29-2071",), True, "2010 SOC"),
        Segment(2019, 2020, ("29-2098", "29-9098"), False, "hybrid codes, together much broader than 29-2071"),
        Segment(
            FIRST_SOC2018_YEAR, None, ("29-2072", "29-9021"), True, "2018 SOC successors: together the work of 29-2071"
        ),
    ),
    "11-9111": (Segment(FIRST_HISTORY_YEAR, None, ("11-9111",), True, "same code in the 2010 and 2018 SOC"),),
    "00-0000": (Segment(FIRST_HISTORY_YEAR, None, ("00-0000",), True, "all occupations"),),
}
# The hybrids measure the same (broad) work only in their own years.
for _hybrid, _title in HYBRID_CODES.items():
    _SEGMENTS[_hybrid] = (Segment(2019, 2020, (_hybrid,), True, f"OEWS hybrid code: {_title}"),)

_SOC_BREAKS: dict[str, tuple[SeriesBreak, ...]] = {
    "29-2072": (SOC_BREAK, FULL_SOC2018_BREAK),
    "29-9021": (SOC_BREAK, FULL_SOC2018_BREAK),
    "29-2071": (SOC_BREAK, FULL_SOC2018_BREAK),
    "29-2098": (SOC_BREAK, FULL_SOC2018_BREAK),
    "29-9098": (SOC_BREAK, FULL_SOC2018_BREAK),
    "11-9111": (),
    "00-0000": (),
}

#: Codes whose SOC history this module documents.
DOCUMENTED_CODES: tuple[str, ...] = tuple(_SEGMENTS)


def _documented(code: str) -> str:
    code = soc_code(code)
    if code not in _SEGMENTS:
        raise UnknownCrosswalkError(
            f"no SOC crosswalk recorded for {code}; documented codes: {', '.join(DOCUMENTED_CODES)}"
        )
    return code


def comparable_series(code: str) -> list[Segment]:
    """The segments of years and codes that measure the work of ``code``, oldest first.

    >>> [(s.first_year, s.last_year, s.codes) for s in comparable_series("29-2072")]
    [(2011, 2018, ('29-2071',)), (2019, 2020, ('29-2098',)), (2021, None, ('29-2072',))]
    """
    return list(_SEGMENTS[_documented(code)])


def codes_for_year(code: str, year: int) -> tuple[str, ...]:
    """The code(s) that carry the work of ``code`` in the May ``year`` release (empty before the history)."""
    for segment in comparable_series(code):
        if segment.covers(int(year)):
            return segment.codes
    return ()


def series_breaks(code: str) -> list[SeriesBreak]:
    """Where the series of ``code`` breaks, with the reason: SOC changes (HIM codes: 2018->2019 and
    2020->2021) and the May 2021 estimation-method change, which applies to every occupation."""
    code = _documented(code)
    return [*_SOC_BREAKS[code], METHOD_BREAK]


def is_comparable(code: str, first_year: int, second_year: int) -> bool:
    """True when the same exact code measures ``code``'s work in both years and no SOC break lies between
    (the May 2021 method change is reported by :func:`series_breaks` but does not make codes incomparable)."""
    low, high = sorted((int(first_year), int(second_year)))
    for segment in comparable_series(code):
        if segment.covers(low) and segment.covers(high):
            return segment.exact
    return False
