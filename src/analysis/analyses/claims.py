"""Career-guide claims checked against the data: each claim is quoted as a career guide makes it, and the verdict
comes only from the loaded BLS releases (OEWS) or the BLS Employment Projections.

Kinds of claim:

- ``average_wage``: "HIM professionals earned an average of $48,160 in May 2020" — which codes published that mean;
- ``industry_pay``: "Pay is higher in hospitals than physician offices" — two industries of the **same NAICS level**.
  Hospitals are NAICS 622100 General Medical and Surgical Hospitals (4-digit), the level at which BLS publishes
  621100 Offices of Physicians and the level notebook 03 shows by default. BLS's 3-digit 622000 Hospitals also counts
  psychiatric and specialty hospitals; it is not used in claims so that claims and tables name the same industry;
- ``industry_premium``: "Consulting firms pay more" — NAICS 541600 Management, Scientific, and Technical Consulting
  Services against the occupation's all-industry mean, with its rank among the industries of its level;
- ``rising_pay``: "Pay is rising" — the latest comparable OEWS series, nominal and in real (CPI-U) terms;
- ``growing_demand``: "Demand for HIM professionals is growing" — BLS's projected employment change 2024–34,
  against the +3.1% projected for all occupations.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.analyses import industry, outlook, tables, trends
from analysis.analyses.national import (
    format_wage,
    national_cross_industry,
    one_ownership,
)
from analysis.analyses.parameters import HOW_TO_ADD_RELEASES, ordinal
from analysis.conventions import occupations, sampling
from analysis.conventions.codes import SOC_CODE
from analysis.conventions.measures import is_missing as _is_missing
from analysis.errors import ParameterError

KINDS = ("average_wage", "industry_pay", "industry_premium", "rising_pay", "growing_demand")

#: NAICS codes the claims use (all 4-digit, BLS I_GROUP "4-digit").
HOSPITALS_NAICS = "622100"
PHYSICIAN_OFFICES_NAICS = "621100"
CONSULTING_NAICS = "541600"


def _status(row: pd.Series, column: str):
    return tables.status_or_none(row.get(f"{column}_status"))


@dataclass(frozen=True)
class Claim:
    """A statement as a career guide makes it. ``kind`` says how it is checked; ``amount``/``year`` are the
    numbers the claim itself states (they are the claim's words, not data)."""

    text: str
    kind: str  # "average_wage" | "industry_pay" | "industry_premium" | "rising_pay" | "growing_demand"
    amount: float | None = None
    year: int | None = None
    higher_naics: str | None = None
    lower_naics: str | None = None
    naics: str | None = None
    about: str | None = None  # who the claim speaks of, in words, when it is not simply the occupation checked


#: Statements commonly made in career guides about HIM pay (quoted as claims, checked against the data).
HOSPITALS_CLAIM = Claim(
    "Pay is higher in hospitals than physician offices",
    "industry_pay",
    higher_naics=HOSPITALS_NAICS,
    lower_naics=PHYSICIAN_OFFICES_NAICS,
)
CONSULTING_CLAIM = Claim("Consulting firms pay more", "industry_premium", naics=CONSULTING_NAICS)
DEMAND_CLAIM = Claim("Demand for HIM professionals is growing", "growing_demand")
MANAGERS_DEMAND_CLAIM = Claim("Demand for medical and health services managers is growing", "growing_demand")
AVERAGE_2020_CLAIM = Claim(
    "HIM professionals earned an average of $48,160 in May 2020",
    "average_wage",
    amount=48160,
    year=2020,
    about="HIM professionals: medical records and health information work (2010 SOC 29-2071)",
)
RISING_CLAIM = Claim("Pay is rising", "rising_pay")

#: Statements commonly made in career guides about HIM pay (quoted as claims, checked against the data): the
#: claims about medical records and health information work (29-2072, 29-9021 and their predecessors).
CAREER_GUIDE_CLAIMS: tuple[Claim, ...] = (AVERAGE_2020_CLAIM, HOSPITALS_CLAIM, RISING_CLAIM, DEMAND_CLAIM)

#: The claims career guides make about medical and health services managers (11-9111), HIM's management step.
MANAGER_CLAIMS: tuple[Claim, ...] = (HOSPITALS_CLAIM, CONSULTING_CLAIM, RISING_CLAIM, MANAGERS_DEMAND_CLAIM)

#: Occupations whose claims are the managers' ones.
_MANAGER_CODES = frozenset({"11-9111"})


def claims_for(occupation: str) -> tuple[Claim, ...]:
    """The claims that are about ``occupation``: the managers' claims for 11-9111, the HIM claims otherwise."""
    return MANAGER_CLAIMS if occupation in _MANAGER_CODES else CAREER_GUIDE_CLAIMS


#: The industry claims notebook 03 checks for every occupation of the career ladder.
INDUSTRY_CLAIMS: tuple[Claim, ...] = (HOSPITALS_CLAIM, CONSULTING_CLAIM)

_MONEY = re.compile(r"\$\s?([\d,]+(?:\.\d+)?)")
_MAY_YEAR = re.compile(r"\bMay (\d{4})\b")


def claim_from_text(text: str) -> Claim:
    """Make an ``average_wage`` claim from a sentence like "... average of $48,160 in May 2020"."""
    money, year = _MONEY.search(text), _MAY_YEAR.search(text)
    if not money or not year:
        raise ParameterError(f"cannot find a dollar amount and 'May YYYY' in the claim {text!r}")
    return Claim(text, "average_wage", amount=float(money.group(1).replace(",", "")), year=int(year.group(1)))


def _verdict(claim: Claim, verdict: str, finding: str, evidence: pd.DataFrame | None = None) -> dict:
    return {
        "claim": claim.text,
        "about": claim.about,
        "kind": claim.kind,
        "verdict": verdict,
        "finding": finding,
        "evidence": evidence if evidence is not None else pd.DataFrame(),
    }


def check_average_wage_claim(
    frame: pd.DataFrame,
    claim: Claim,
    *,
    occupations: Iterable[str] | None = None,
    occupation: str | None = None,
) -> dict:
    """The claimed average set against the nearest national annual mean that an HIM code (``occupations``,
    default :data:`analysis.conventions.occupations.HIM_RELATED_CODES`) published in the claimed May release.

    The verdict is the one rule of :mod:`analysis.conventions.sampling`: "supported" when the claimed amount lies
    inside that mean's 95% interval, "not supported" when outside. The finding names the code, what it covers
    (a hybrid code of May 2019/2020 is broader than HIM work) and, for ``occupation``, which code carried its
    work that year. Only HIM codes are evidence: another occupation's figure says nothing about an HIM claim.
    """
    year, amount = int(claim.year), float(claim.amount)
    rows = national_cross_industry(frame)
    release = rows[rows["year"] == year]
    if release.empty:
        loaded = sorted(int(y) for y in rows["year"].unique())
        return _verdict(
            claim,
            "cannot check",
            f"May {year} is not loaded (releases loaded: {loaded or 'none'}); to check it, {HOW_TO_ADD_RELEASES}.",
        )
    family = list(occupations) if occupations is not None else _him_family()
    him = release[release["occ_code"].isin(family)].copy()
    him = industry.with_intervals(him)
    him["distance"] = (him["a_mean"].astype("Float64") - amount).abs()
    published = him[him["a_mean"].notna()].sort_values(["distance", "occ_code"])
    evidence = him[
        [
            "year",
            "occ_code",
            "occ_title",
            "a_mean",
            "a_mean_status",
            "mean_prse",
            "a_mean_lower",
            "a_mean_upper",
            "tot_emp",
        ]
    ].assign(nearest=False)
    if published.empty:
        return _verdict(claim, "cannot check", f"No HIM code has a published mean wage in May {year}.", evidence)
    nearest = published.iloc[0]
    evidence.loc[evidence["occ_code"] == nearest["occ_code"], "nearest"] = True
    evidence = evidence.sort_values(["nearest", "occ_code"], ascending=[False, True]).reset_index(drop=True)
    verdict = sampling.verdict(nearest["a_mean_lower"], nearest["a_mean_upper"], amount, claim="about")
    inside = "lies inside" if verdict == sampling.SUPPORTED else "lies outside"
    finding = (
        f"The nearest published HIM figure for May {year} is the national annual mean of {nearest['occ_code']} "
        f"{nearest['occ_title']}: {format_wage(nearest['a_mean'])} (95% interval "
        f"{tables.interval_money(nearest['a_mean_lower'], nearest['a_mean_upper'])}, "
        f"{tables.jobs(nearest['tot_emp'], unit=' jobs')}); the claimed {format_wage(amount)} {inside} it."
    )
    finding += " " + code_coverage(str(nearest["occ_code"]), year, occupation)
    return _verdict(claim, verdict, finding, evidence)


def code_coverage(code: str, year: int, occupation: str | None = None) -> str:
    """What an HIM code covers in May ``year``, in words, and which code carried ``occupation``'s work then
    (from :mod:`analysis.conventions.occupations`)."""
    text = ""
    if code in occupations.HYBRID_CODES:
        text = (
            f"{code} is a hybrid code, published only in May {occupations.FIRST_HYBRID_YEAR} and May "
            f"{occupations.FIRST_SOC2018_YEAR - 1}: the 2018 SOC split 2010 SOC 29-2071 "
            f"({occupations.PREDECESSORS['29-2071']}) into 29-2072 ({occupations.HIM_OCCUPATIONS['29-2072']}) and "
            f"29-9021 ({occupations.HIM_OCCUPATIONS['29-9021']}), and while survey panels of both SOCs were mixed "
            f"BLS published that work within the broader hybrids 29-2098 ({occupations.HYBRID_CODES['29-2098']}) "
            f"and 29-9098 ({occupations.HYBRID_CODES['29-9098']}). So {code}'s mean is not a figure for HIM work "
            "alone."
        )
    if occupation is not None and occupation in occupations.DOCUMENTED_CODES:
        carried = occupations.codes_for_year(occupation, year)
        if carried and carried != (occupation,):
            text += f" In May {year} the work of {occupation} was published within {' and '.join(carried)}."
    return text.strip()


def _him_family() -> list[str]:
    return sorted(occupations.HIM_RELATED_CODES)


def check_industry_pay_claim(frame: pd.DataFrame, claim: Claim, occupation: str) -> dict:
    """Compare the occupation's national annual mean in two industries (latest release publishing both)."""
    rows = frame[
        (frame["area_type"] == 1)
        & (frame["occ_code"] == occupation)
        & frame["naics"].isin([claim.higher_naics, claim.lower_naics])
    ]
    rows = one_ownership(rows)
    years = sorted(int(y) for y, g in rows.groupby("year") if g["naics"].nunique() == 2)
    levels = {code: industry.naics_level_of(code) for code in (claim.higher_naics, claim.lower_naics)}
    if not years:
        return _verdict(
            claim,
            "cannot check",
            f"no release loaded publishes {occupation} in both NAICS {claim.higher_naics} and "
            f"{claim.lower_naics} (BLS publishes industry detail at the national level only).",
        )
    year = years[-1]
    pair = rows[rows["year"] == year].set_index("naics")
    higher, lower = pair.loc[claim.higher_naics], pair.loc[claim.lower_naics]
    evidence = pair.reset_index()[
        ["year", "naics", "naics_title", "occ_code", "tot_emp", "a_mean", "a_mean_status", "mean_prse"]
    ]
    evidence = evidence.assign(naics_level=[levels[code] for code in evidence["naics"]])
    if _is_missing(higher["a_mean"]) or _is_missing(lower["a_mean"]):
        return _verdict(
            claim,
            "cannot check",
            f"May {year}: a mean wage is not published as a number for one of the industries "
            f"({format_wage(higher['a_mean'], _status(higher, 'a_mean'))} vs "
            f"{format_wage(lower['a_mean'], _status(lower, 'a_mean'))}).",
            evidence,
        )
    difference = float(higher["a_mean"]) - float(lower["a_mean"])
    high_interval = sampling.interval(higher["a_mean"], higher["mean_prse"])
    low_interval = sampling.interval(lower["a_mean"], lower["mean_prse"])
    verdict = order_verdict(high_interval, low_interval)
    finding = (
        f"May {year}, {occupation}: {higher['naics_title']} (NAICS {claim.higher_naics}, "
        f"{levels[claim.higher_naics]}) {_with_interval(higher)} vs {lower['naics_title']} (NAICS "
        f"{claim.lower_naics}, {levels[claim.lower_naics]}) {_with_interval(lower)} (annual means; difference "
        f"{'+' if difference >= 0 else '-'}{format_wage(abs(difference))}). {_told_apart(verdict)}"
    )
    return _verdict(claim, verdict, finding, evidence)


def order_verdict(higher: tuple[float, float] | None, lower: tuple[float, float] | None) -> str:
    """ "A is higher than B" judged by the 95% intervals (:func:`analysis.conventions.sampling.tell_apart`):
    supported when A's interval lies wholly above B's, not supported when wholly below, else cannot tell apart."""
    if not sampling.tell_apart(higher, lower):
        return sampling.CANNOT_TELL
    return sampling.SUPPORTED if higher[0] > lower[1] else sampling.NOT_SUPPORTED


def _told_apart(verdict: str) -> str:
    if verdict == sampling.CANNOT_TELL:
        return "Their 95% intervals overlap: the data cannot tell them apart."
    return "Their 95% intervals do not overlap."


def _with_interval(row: pd.Series) -> str:
    """ "$62,270 (95% interval $62,026–$62,514; 51,740 jobs)" for a published row."""
    bounds = sampling.interval(row.get("a_mean"), row.get("mean_prse"))
    interval = "no published RSE" if bounds is None else f"95% interval {tables.interval_money(*bounds)}"
    jobs = tables.jobs(row.get("tot_emp"), status=row.get("tot_emp_status"), unit=" jobs")
    below = "" if sampling.meets_floor(row.get("tot_emp"), row.get("mean_prse")) else ", below the reliability floor"
    return f"{format_wage(row.get('a_mean'))} ({interval}; {jobs}{below})"


def check_rising_pay_claim(frame: pd.DataFrame, claim: Claim, occupation: str, *, base_year: int | None = None) -> dict:
    """Is the occupation's national mean rising over its latest comparable span, in nominal and real terms?"""
    series = trends.national_series(frame, [occupation])
    rates = trends.segment_growth(series, base_year=base_year)
    rates = rates[rates["series"] == occupation]
    usable = rates[rates["years_spanned"] > 0]
    if usable.empty:
        loaded = sorted(int(y) for y in series["year"].unique())
        return _verdict(
            claim,
            "cannot check",
            f"{occupation} has fewer than two comparable releases loaded ({loaded or 'none'}); "
            f"to see a trend, {HOW_TO_ADD_RELEASES}.",
            rates,
        )
    latest = usable.sort_values("last_year").iloc[-1]
    nominal, real = latest["nominal_change_pct"], latest["real_change_pct"]
    verdict = trends.change_verdict(latest["nominal_change_words"])
    finding = (
        f"{occupation}, May {int(latest['first_year'])}–May {int(latest['last_year'])} (one comparable "
        f"series, no SOC or method break inside): mean annual wage {nominal:+.1f}% as published "
        f"({latest['nominal_change_words']}), {real:+.1f}% in {int(latest['base_year'])} dollars (CPI-U; "
        f"{latest['real_change_words']}). {trends.growth_note()}"
    )
    evidence = rates[
        [
            "segment_label",
            "first_year",
            "last_year",
            "first_a_mean",
            "last_a_mean",
            "nominal_change_pct",
            "nominal_change_words",
            "real_change_pct",
            "real_change_words",
            "base_year",
        ]
    ]
    return _verdict(claim, verdict, finding, evidence)


def check_industry_premium_claim(frame: pd.DataFrame, claim: Claim, occupation: str) -> dict:
    """Does the industry ``claim.naics`` pay the occupation more than all industries together (annual means, latest
    release publishing the industry for it)? The evidence gives the industry's rank by mean wage among the
    industries of its NAICS level, so that an industry outside a chart's top N is still shown."""
    level = industry.naics_level_of(claim.naics)
    rows = industry.national_industry_rows(frame)
    rows = rows[(rows["occ_code"] == occupation) & (rows["naics"] == claim.naics)]
    years = sorted(int(y) for y in rows["year"].unique())
    if not years:
        return _verdict(
            claim,
            "cannot check",
            f"no release loaded publishes {occupation} in NAICS {claim.naics} ({level}); BLS publishes "
            "industry detail at the national level only.",
        )
    year = years[-1]
    profile = industry.industry_profile(frame, occupation, year, level)
    row = profile[profile["naics"] == claim.naics].iloc[0]
    ranked = int((profile["a_mean"].notna() & profile["meets_floor"]).sum())
    evidence = (
        profile[profile["naics"] == claim.naics][
            [
                "year",
                "naics",
                "naics_title",
                "naics_level",
                "occ_code",
                "tot_emp",
                "tot_emp_status",
                "a_mean",
                "a_mean_status",
                "a_mean_lower",
                "a_mean_upper",
                "reference_a_mean",
                "wage_premium",
                "wage_premium_pct",
                "rank_by_wage",
                "rank_by_employment",
            ]
        ]
        .assign(industries_ranked=ranked)
        .reset_index(drop=True)
    )
    name = f"{row['naics_title']} (NAICS {claim.naics}, {level})"
    if _is_missing(row["a_mean"]) or _is_missing(row["reference_a_mean"]):
        return _verdict(
            claim,
            "cannot check",
            f"May {year}, {occupation}: the mean wage in {name} is "
            f"{format_wage(row['a_mean'], _status(row, 'a_mean'), row['top_code_annual'])}, and the "
            f"all-industry mean is {format_wage(row['reference_a_mean'])}: no comparison in numbers.",
            evidence,
        )
    difference = float(row["wage_premium"])
    reference = national_cross_industry(frame)
    reference = reference[(reference["occ_code"] == occupation) & (reference["year"] == year)].iloc[0]
    verdict = order_verdict(
        sampling.interval(row["a_mean"], row["mean_prse"]),
        sampling.interval(reference["a_mean"], reference["mean_prse"]),
    )
    rank = (
        f"It ranks {ordinal(int(row['rank_by_wage']))} of the {ranked} {level} industries meeting the reliability "
        "floor by mean wage."
        if not _is_missing(row["rank_by_wage"])
        else "It is below the reliability floor, so it is not ranked."
    )
    finding = (
        f"May {year}, {occupation}: {name} {_with_interval(row)} vs {_with_interval(reference)} in all industries "
        f"(annual means; {'+' if difference >= 0 else '-'}{format_wage(abs(difference))}, "
        f"{float(row['wage_premium_pct']):+.1f}%). {_told_apart(verdict)} {rank}"
    )
    return _verdict(claim, verdict, finding, evidence)


def check_demand_claim(
    projections: pd.DataFrame | None, claim: Claim, occupation: str, *, ladder: Sequence[str] | None = None
) -> dict:
    """Is employment of the occupation projected to grow 2024–34 (BLS Employment Projections), and how does it
    compare with all occupations (+3.1%, BLS Table 1.10)? The evidence lists the career ladder's occupations."""
    if projections is None:
        return _verdict(claim, "cannot check", "the BLS Employment Projections are not loaded.")
    codes = list(ladder or occupations.CAREER_LADDER)
    if occupation not in codes:
        codes.insert(0, occupation)
    evidence = pd.DataFrame(
        [outlook.outlook(projections, code) for code in codes if outlook.has_outlook(projections, code)]
    )
    if not outlook.has_outlook(projections, occupation):
        return _verdict(
            claim,
            "cannot check",
            f"{occupation} is not in the BLS projections 2024–34 (they use 2018 SOC codes).",
            evidence,
        )
    o = outlook.outlook(projections, occupation)
    change = o["employment_change_pct"]
    verdict = "supported" if change > 0 else "not supported"
    finding = (
        f"BLS projects employment of {occupation} {o['occ_title']} to change "
        f"{outlook.signed_thousands(o['employment_change_thousands'])} jobs 2024–34: "
        f"{outlook.comparison_text(o)}; about {outlook.thousands(o['annual_openings_thousands'])} openings "
        "a year."
    )
    return _verdict(claim, verdict, finding, evidence)


def check_claims(
    frame: pd.DataFrame,
    occupation: str,
    claims: Sequence[Claim] | None = None,
    *,
    base_year: int | None = None,
    projections: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every claim about ``occupation`` (``claims``, default :func:`claims_for`) checked against the loaded
    releases (and ``projections``, the frame of :func:`analysis.sources.projections.read_projections`, for
    ``growing_demand``): columns claim, about (who the claim speaks of, in words), kind, verdict, finding,
    evidence."""
    results = []
    title = occupations.occupation_title(occupation) if SOC_CODE.fullmatch(occupation) else None
    for claim in claims if claims is not None else claims_for(occupation):
        if claim.kind == "average_wage":
            results.append(check_average_wage_claim(frame, claim, occupation=occupation))
        elif claim.kind == "industry_pay":
            results.append(check_industry_pay_claim(frame, claim, occupation))
        elif claim.kind == "industry_premium":
            results.append(check_industry_premium_claim(frame, claim, occupation))
        elif claim.kind == "rising_pay":
            results.append(check_rising_pay_claim(frame, claim, occupation, base_year=base_year))
        elif claim.kind == "growing_demand":
            results.append(check_demand_claim(projections, claim, occupation))
        else:
            raise ParameterError(f"unknown claim kind {claim.kind!r}; known: {', '.join(KINDS)}")
        if results[-1]["about"] is None:
            results[-1]["about"] = tables.code_and_title(occupation, title)
    return pd.DataFrame(results, columns=["claim", "about", "kind", "verdict", "finding", "evidence"])


#: The headers of the claim and of what the data show, in every claims table for the reader.
CLAIM_HEADER = "Claim (as career guides make it)"
FINDING_HEADER = "What the loaded BLS data show"


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """:func:`check_claims` for the reader: the claim (quoted), the verdict and what the data show."""
    return pd.DataFrame(
        {
            CLAIM_HEADER: claims["claim"],
            "About": claims["about"],
            "Verdict": claims["verdict"],
            FINDING_HEADER: claims["finding"],
        }
    )


def evidence_table(kind: str, evidence: pd.DataFrame) -> pd.DataFrame:
    """The evidence of one checked claim (``kind`` as in :class:`Claim`) for the reader: only the columns that
    matter, headers with units, values as BLS publishes them and statuses as words."""
    if evidence.empty:
        return pd.DataFrame()
    if kind == "average_wage":
        return pd.DataFrame(
            {
                "Release": evidence["year"].map(tables.release),
                "HIM code": [tables.code_and_title(r.occ_code, r.occ_title) for r in evidence.itertuples()],
                "Annual mean wage (USD)": tables.mean_wage_cells(evidence),
                "95% interval (USD)": tables.mean_wage_interval_cells(evidence),
                "Employment (jobs)": evidence["tot_emp"].map(tables.jobs),
                "Nearest to the claim": evidence["nearest"].map(lambda v: "yes" if v else ""),
            }
        )
    if kind == "industry_pay":
        levels = evidence["naics_level"] if "naics_level" in evidence else [None] * len(evidence)
        return pd.DataFrame(
            {
                "Release": evidence["year"].map(tables.release),
                "Industry (NAICS)": [
                    tables.code_and_title(r.naics, r.naics_title) + (f" ({lvl})" if lvl else "")
                    for r, lvl in zip(evidence.itertuples(), levels)
                ],
                "Employment (jobs)": evidence["tot_emp"].map(tables.jobs),
                "Annual mean wage (USD)": tables.mean_wage_cells(evidence),
                "95% interval (USD)": [
                    tables.interval_money(
                        *(sampling.interval(r.a_mean, getattr(r, "mean_prse", None)) or (None, None)),
                        missing=tables.DASH,
                    )
                    for r in evidence.itertuples()
                ],
            }
        )
    if kind == "rising_pay":
        base = evidence["base_year"].iloc[0] if "base_year" in evidence and len(evidence) else None
        real = f"Change, in {int(base)} dollars" if not _is_missing(base) else "Change, real"
        return pd.DataFrame(
            {
                "Comparable series (no break inside)": evidence["segment_label"],
                "Annual mean wage, first release (USD)": evidence["first_a_mean"].map(tables.money),
                "Annual mean wage, last release (USD)": evidence["last_a_mean"].map(tables.money),
                "Change, as published": [
                    _change_cell(v, w) for v, w in zip(evidence["nominal_change_pct"], evidence["nominal_change_words"])
                ],
                real: [_change_cell(v, w) for v, w in zip(evidence["real_change_pct"], evidence["real_change_words"])],
            }
        )
    if kind == "industry_premium":
        return pd.DataFrame(
            {
                "Release": evidence["year"].map(tables.release),
                "Industry (NAICS, level)": [
                    f"{r.naics} {r.naics_title} ({r.naics_level})" for r in evidence.itertuples()
                ],
                "Employment (jobs)": [tables.jobs(r.tot_emp, status=r.tot_emp_status) for r in evidence.itertuples()],
                "Annual mean wage (USD)": tables.mean_wage_cells(evidence),
                "95% interval (USD)": tables.mean_wage_interval_cells(evidence),
                "Annual mean wage, all industries (USD)": evidence["reference_a_mean"].map(tables.money),
                "Difference (%)": evidence["wage_premium_pct"].map(lambda v: tables.percent(v, signed=True)),
                "Rank by mean wage (reliable estimates only)": [
                    f"{int(r.rank_by_wage)} of {int(r.industries_ranked)}"
                    if not _is_missing(r.rank_by_wage)
                    else "below the reliability floor"
                    for r in evidence.itertuples()
                ],
            }
        )
    if kind == "growing_demand":
        return pd.DataFrame(
            {
                "Occupation": [tables.code_and_title(r.occ_code, r.occ_title) for r in evidence.itertuples()],
                "Employment 2024": evidence["employment_2024_thousands"].map(outlook.thousands),
                "Employment 2034, projected": evidence["employment_2034_thousands"].map(outlook.thousands),
                "Change 2024–34": evidence["employment_change_pct"].map(lambda v: f"{v:+.1f}%"),
                "Change 2024–34, all occupations": evidence["all_occupations_change_pct"].map(lambda v: f"{v:+.1f}%"),
                "Openings per year": evidence["annual_openings_thousands"].map(outlook.thousands),
                "Typical entry-level education": evidence["education"],
            }
        )
    raise ParameterError(f"unknown claim kind {kind!r}; known: {', '.join(KINDS)}")


def _change_cell(value, words) -> str:
    if _is_missing(value):
        return "no rate (one release)"
    return f"{tables.percent(value, signed=True)} ({words})"


def check_for_occupations(
    frame: pd.DataFrame,
    codes: Sequence[str],
    claims: Sequence[Claim] = INDUSTRY_CLAIMS,
    *,
    projections: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each claim checked for each occupation (e.g. the industry claims for every step of the career ladder):
    the columns of :func:`check_claims` with ``occ_code`` first."""
    checked = [check_claims(frame, code, claims, projections=projections).assign(occ_code=code) for code in codes]
    out = (
        pd.concat(checked, ignore_index=True)
        if checked
        else pd.DataFrame(columns=["claim", "about", "kind", "verdict", "finding", "evidence", "occ_code"])
    )
    return out[["occ_code", "claim", "about", "kind", "verdict", "finding", "evidence"]]


def claims_by_occupation_table(checked: pd.DataFrame) -> pd.DataFrame:
    """:func:`check_for_occupations` for the reader."""
    return pd.DataFrame(
        {
            "Occupation": checked["about"],
            CLAIM_HEADER: checked["claim"],
            "Verdict": checked["verdict"],
            FINDING_HEADER: checked["finding"],
        }
    )
