"""Where an occupation works and what each industry pays it, nationally.

BLS publishes OEWS estimates by industry (NAICS) at the national level only: state and metropolitan estimates
are cross-industry. Industry detail comes at several levels, named in BLS's ``I_GROUP`` field: ``sector``
(2-digit, e.g. 62 Health Care and Social Assistance), ``3-digit`` (622000 Hospitals), ``4-digit`` (621100
Offices of Physicians), and in some releases ``5-digit`` / ``6-digit``.

Each industry's estimate is compared with the occupation's national cross-industry estimate: its share of the
occupation's employment and its mean wage premium (absolute and %). Shares need not add to 100%: BLS does not
publish every industry (``**`` / ``-``), and those rows are listed with their status, not dropped.

"Hospitals" is two different BLS figures: 622000 Hospitals (3-digit, all hospitals) and 622100 General Medical and
Surgical Hospitals (4-digit). :func:`hospitals_figures` shows both with their level; claims and the default tables
use the 4-digit level (622100), where Offices of Physicians (621100) and consulting (541600) are published too.
Titles from the data go into Markdown only through :func:`analysis.text.escape_markdown`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.analyses.national import (
    CROSS_INDUSTRY,
    national_cross_industry,
    one_ownership,
)
from analysis.analyses.parameters import HOW_TO_ADD_RELEASES, check_choice, occupation_in_words, words_list
from analysis.analyses.tables import whole_dollars
from analysis.conventions import sampling
from analysis.conventions.codes import ALL_OWNERSHIPS
from analysis.conventions.missing import number_or_none
from analysis.errors import ParameterError
from analysis.text import escape_dollars, escape_markdown

#: Industries notebook 03 always shows for each occupation, even below ``top_n`` (the consulting claim).
ALWAYS_SHOWN: tuple[str, ...] = ("541600",)
#: The two "hospitals" figures BLS publishes: the 3-digit subsector and its largest 4-digit industry.
HOSPITALS_3_DIGIT, HOSPITALS_4_DIGIT = "622000", "622100"

#: NAICS levels in BLS's I_GROUP spelling, coarse to fine.
NAICS_LEVELS: tuple[str, ...] = ("sector", "3-digit", "4-digit", "5-digit", "6-digit")

_CROSS_INDUSTRY_GROUPS = {"cross-industry", "cross-industry, ownership"}


def naics_level_of(naics: str, i_group: str | None = None) -> str:
    """The NAICS level of a code: BLS's I_GROUP when it names one, else read from the code itself.

    Sectors are written as BLS writes them ("62", "31-33"); other levels are 6-character codes whose trailing
    zeros give the level ("622000" 3-digit, "621100" 4-digit, "621110" 5-digit, "621111" 6-digit).
    """
    if i_group is not None and not pd.isna(i_group):
        group = str(i_group).strip().lower()
        if group in NAICS_LEVELS or group in _CROSS_INDUSTRY_GROUPS:
            return group
    code = str(naics).strip()
    if code == CROSS_INDUSTRY:
        return "cross-industry"
    if "-" in code or len(code) == 2:
        return "sector"
    significant = len(code.rstrip("0"))
    if significant <= 2:
        return "sector"
    return {3: "3-digit", 4: "4-digit", 5: "5-digit"}.get(significant, "6-digit")


def national_industry_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """National rows of specific industries (not cross-industry), with ``naics_level`` and ``ownership_detail``.

    ``ownership_detail`` marks BLS's ownership splits of an industry that is also published whole: in the oe
    flat files "622002 Hospitals, State Government Owned", "622003 ... Local Government Owned", "622005 ...
    Privately Owned" beside "622000 Hospitals". Profiles leave them out by default so that no job is counted
    twice.
    """
    rows = frame[(frame["area_type"] == 1) & (frame["naics"] != CROSS_INDUSTRY)]
    rows = rows.assign(naics_level=[naics_level_of(n, g) for n, g in zip(rows["naics"], rows["i_group"])])
    rows = rows[~rows["naics_level"].isin(_CROSS_INDUSTRY_GROUPS)]
    return rows.assign(ownership_detail=_ownership_splits(rows))


def _ownership_splits(rows: pd.DataFrame) -> pd.Series:
    """True for a row with an ownership code whose whole industry (same code ending in 0, same level) is also
    published for the same release and occupation."""
    naics = rows["naics"].astype(str)
    whole = naics.str[:-1] + "0"
    candidates = rows["own_code"].notna() & (rows["own_code"].astype("string") != ALL_OWNERSHIPS) & (whole != naics)
    present = set(zip(rows["year"].astype(int), rows["occ_code"].astype(str), naics, rows["naics_level"]))
    flags = [
        bool(c) and (int(y), str(o), w, lvl) in present
        for c, y, o, w, lvl in zip(candidates, rows["year"], rows["occ_code"], whole, rows["naics_level"])
    ]
    return pd.Series(flags, index=rows.index, dtype=bool)


def available_levels(frame: pd.DataFrame, occupation: str | None = None, year: int | None = None) -> list[str]:
    """NAICS levels with at least one national industry row (for the occupation and year when given)."""
    rows = national_industry_rows(frame)
    if occupation is not None:
        rows = rows[rows["occ_code"] == occupation]
    if year is not None:
        rows = rows[rows["year"] == year]
    present = set(rows["naics_level"])
    return [level for level in NAICS_LEVELS if level in present]


def selection_text(frame: pd.DataFrame, occupation: str, year: int, naics_level: str) -> str:
    """What the report shows, as one Markdown sentence: the occupation by title (escaped) and code, the release, the
    NAICS level shown and the levels BLS publishes for the occupation in that release."""
    levels = words_list(available_levels(frame, occupation, year)) or "none"
    return (
        f"**{occupation_in_words(frame, occupation)}**, May {year} release, {naics_level} industries; "
        f"industry levels published for it in May {year}: {levels}."
    )


def industry_years(frame: pd.DataFrame, occupation: str) -> list[int]:
    """Releases loaded that publish national industry detail for ``occupation``."""
    rows = national_industry_rows(frame)
    return sorted(int(y) for y in rows.loc[rows["occ_code"] == occupation, "year"].unique())


def check_naics_level(frame: pd.DataFrame, naics_level: str, occupation: str, year: int) -> str:
    """``naics_level`` if the data hold that level for the occupation and year; ParameterError listing those that do."""
    levels = available_levels(frame, occupation, year)
    if not levels:
        raise ParameterError(
            f"no national industry estimates for {occupation} in May {year} are loaded (BLS publishes industry "
            f"detail at the national level only); releases with industry detail for it: "
            f"{industry_years(frame, occupation) or 'none'}. To add releases, {HOW_TO_ADD_RELEASES}."
        )
    return check_choice("naics_level", naics_level, levels)


def industry_profile(
    frame: pd.DataFrame, occupation: str, year: int, naics_level: str, *, include_ownership_detail: bool = False
) -> pd.DataFrame:
    """The occupation's national estimates in every industry of ``naics_level``, with the cross-industry reference.

    Columns: naics, naics_title, own_code, tot_emp (+status), emp_prse, a_mean, h_mean (+statuses), a_median,
    share_of_employment (industry tot_emp / cross-industry tot_emp, 0–1), wage_premium (industry a_mean minus the
    cross-industry a_mean, dollars), wage_premium_pct, rank_by_employment, rank_by_wage (among the industries meeting
    the reliability floor only), and the cross-industry ``reference_tot_emp`` / ``reference_a_mean``, the 95% intervals
    ``a_mean_lower`` / ``a_mean_upper`` and ``tot_emp_lower`` / ``tot_emp_upper`` (from BLS's RSEs) and ``meets_floor``
    (the reliability floor of :mod:`analysis.conventions.sampling`). Rows whose estimates BLS did not publish keep their
    status and get no rank. Sorted by employment, largest first (unpublished last). Ownership splits of an industry
    published whole are left out unless ``include_ownership_detail``.
    """
    check_naics_level(frame, naics_level, occupation, year)
    reference_rows = national_cross_industry(frame)
    reference = reference_rows[(reference_rows["occ_code"] == occupation) & (reference_rows["year"] == year)]
    reference_emp = (
        float(reference["tot_emp"].iloc[0]) if len(reference) and pd.notna(reference["tot_emp"].iloc[0]) else None
    )
    reference_mean = (
        float(reference["a_mean"].iloc[0]) if len(reference) and pd.notna(reference["a_mean"].iloc[0]) else None
    )

    rows = national_industry_rows(frame)
    rows = rows[(rows["occ_code"] == occupation) & (rows["year"] == year) & (rows["naics_level"] == naics_level)]
    if not include_ownership_detail:
        rows = rows[~rows["ownership_detail"]]
    rows = one_ownership(rows)
    columns = [
        "year",
        "occ_code",
        "occ_title",
        "naics",
        "naics_title",
        "naics_level",
        "own_code",
        "tot_emp",
        "tot_emp_status",
        "emp_prse",
        "h_mean",
        "h_mean_status",
        "a_mean",
        "a_mean_status",
        "mean_prse",
        "a_median",
        "a_median_status",
        "top_code_annual",
    ]
    out = rows[columns].copy().reset_index(drop=True)
    emp = out["tot_emp"].astype("Float64")
    mean = out["a_mean"].astype("Float64")
    out["reference_tot_emp"] = pd.Series(reference_emp, index=out.index, dtype="Float64")
    out["reference_a_mean"] = pd.Series(reference_mean, index=out.index, dtype="Float64")
    out["share_of_employment"] = emp / out["reference_tot_emp"]
    out["wage_premium"] = mean - out["reference_a_mean"]
    out["wage_premium_pct"] = out["wage_premium"] / out["reference_a_mean"] * 100
    out["rank_by_employment"] = emp.rank(ascending=False, method="min").astype("Int64")
    out["published"] = emp.notna() | mean.notna()
    out = with_intervals(out)
    ranked_mean = mean.where(pd.Series(out["meets_floor"].to_numpy(), index=out.index))
    out["rank_by_wage"] = ranked_mean.rank(ascending=False, method="min").astype("Int64")
    return out.sort_values(["tot_emp", "naics"], ascending=[False, True], na_position="last").reset_index(drop=True)


def with_intervals(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (BLS's tot_emp, emp_prse, a_mean, mean_prse) with their 95% intervals and the reliability floor:
    ``a_mean_lower``/``a_mean_upper``, ``tot_emp_lower``/``tot_emp_upper`` and ``meets_floor``."""
    out = rows.copy()
    wage = [sampling.interval(v, r) for v, r in zip(out["a_mean"], out["mean_prse"])]
    jobs = [sampling.interval(v, r) for v, r in zip(out["tot_emp"], out["emp_prse"])]
    out["a_mean_lower"] = pd.array([None if i is None else i[0] for i in wage], dtype="Float64")
    out["a_mean_upper"] = pd.array([None if i is None else i[1] for i in wage], dtype="Float64")
    out["tot_emp_lower"] = pd.array([None if i is None else i[0] for i in jobs], dtype="Float64")
    out["tot_emp_upper"] = pd.array([None if i is None else i[1] for i in jobs], dtype="Float64")
    out["meets_floor"] = [bool(sampling.meets_floor(e, r)) for e, r in zip(out["tot_emp"], out["mean_prse"])]
    return out


def best_paying(rows: pd.DataFrame) -> dict | None:
    """The highest mean annual wage among ``rows`` that meet the reliability floor, and the others it cannot be
    told apart from (their 95% intervals overlap): ``{"best": row, "could_be_highest": frame, "below_floor": n}``.
    None when no row meets the floor. ``rows`` carry the columns of :func:`with_intervals`."""
    reliable = rows[rows["meets_floor"] & rows["a_mean"].notna()]
    if reliable.empty:
        return None
    ranked = reliable.sort_values(["a_mean", "naics"], ascending=[False, True])
    best = ranked.iloc[0]
    top = (best["a_mean_lower"], best["a_mean_upper"])
    others = ranked.iloc[1:]
    overlapping = [
        not sampling.tell_apart(top, (lo, hi)) for lo, hi in zip(others["a_mean_lower"], others["a_mean_upper"])
    ]
    ties = others.loc[pd.Series(overlapping, index=others.index, dtype=bool)]
    below = int((~rows["meets_floor"] & rows["a_mean"].notna()).sum())
    return {"best": best, "could_be_highest": ties.reset_index(drop=True), "below_floor": below}


def ties_in_words(names: Sequence[str], *, named: bool = True) -> str:
    """The estimates a "highest" cannot be told apart from, in words: ", though Insurance Carriers could be as
    high", ", though 2 others could be as high: A and B" (``named=False``: the count only), or "" without ties."""
    names = [str(n) for n in names]
    if not names:
        return ""
    if len(names) == 1:
        return f", though {names[0] if named else 'one other'} could be as high"
    return f", though {len(names)} others could be as high" + (f": {words_list(names)}" if named else "")


def top_by_employment(profile: pd.DataFrame, top_n: int) -> pd.DataFrame:
    """The ``top_n`` industries employing the most of the occupation (published employment only)."""
    return profile[profile["tot_emp"].notna()].nsmallest(top_n, "rank_by_employment", keep="all").head(top_n)


def top_by_wage(profile: pd.DataFrame, top_n: int, *, reliable_only: bool = True) -> pd.DataFrame:
    """The ``top_n`` best-paying industries by mean annual wage (published means only; by default only those
    meeting the reliability floor, so that no "best-paying" rests on a handful of jobs)."""
    ranked = profile[profile["a_mean"].notna()]
    if reliable_only:
        ranked = ranked[ranked["meets_floor"]]
    ranked = ranked.sort_values(["a_mean", "naics"], ascending=[False, True])
    return ranked.head(top_n).reset_index(drop=True)


def unpublished(profile: pd.DataFrame) -> pd.DataFrame:
    """Industries where BLS published a symbol instead of employment or the mean wage, with the status."""
    mask = profile["tot_emp_status"].notna() | profile["a_mean_status"].notna()
    columns = [
        "year",
        "occ_code",
        "naics",
        "naics_title",
        "tot_emp",
        "tot_emp_status",
        "a_mean",
        "a_mean_status",
        "top_code_annual",
    ]
    return profile.loc[mask, [c for c in columns if c in profile.columns]]


def key_figures(profile: pd.DataFrame) -> dict:
    """The figures notebook 03 records (JSON-safe; None where nothing is published)."""
    by_emp = top_by_employment(profile, 1)
    best = best_paying(profile) if len(profile) else None
    first = profile.iloc[0] if len(profile) else None
    figures = {
        "occupation": None if first is None else str(first["occ_code"]),
        "occ_title": None if first is None else str(first["occ_title"]),
        "year": None if first is None else int(first["year"]),
        "naics_level": None if first is None else str(first["naics_level"]),
        "industries_listed": len(profile),
        "industries_unpublished": int((~profile["published"]).sum()) if len(profile) else 0,
        "reference_tot_emp": None if first is None else number_or_none(first["reference_tot_emp"]),
        "reference_a_mean": None if first is None else number_or_none(first["reference_a_mean"]),
        "top_industry_by_employment": None,
        "top_industry_by_employment_naics": None,
        "top_industry_by_employment_tot_emp": None,
        "top_industry_by_employment_share": None,
        "top_industry_by_wage": None,
        "top_industry_by_wage_naics": None,
        "top_industry_by_wage_a_mean": None,
        "top_industry_by_wage_premium": None,
        "top_industry_by_wage_premium_pct": None,
        "top_industry_by_wage_tot_emp": None,
        "top_industry_by_wage_a_mean_lower": None,
        "top_industry_by_wage_a_mean_upper": None,
        "top_industry_by_wage_could_be_highest": [],
        "industries_below_floor": int((~profile["meets_floor"] & profile["a_mean"].notna()).sum())
        if len(profile)
        else 0,
        "reliability_floor": {"min_jobs": sampling.MIN_JOBS, "max_mean_rse_pct": sampling.MAX_MEAN_RSE},
    }
    if len(by_emp):
        row = by_emp.iloc[0]
        figures.update(
            {
                "top_industry_by_employment": str(row["naics_title"]),
                "top_industry_by_employment_naics": str(row["naics"]),
                "top_industry_by_employment_tot_emp": number_or_none(row["tot_emp"]),
                "top_industry_by_employment_share": number_or_none(row["share_of_employment"]),
            }
        )
    if best is not None:
        row = best["best"]
        figures.update(
            {
                "top_industry_by_wage": str(row["naics_title"]),
                "top_industry_by_wage_naics": str(row["naics"]),
                "top_industry_by_wage_a_mean": number_or_none(row["a_mean"]),
                "top_industry_by_wage_premium": number_or_none(row["wage_premium"]),
                "top_industry_by_wage_premium_pct": number_or_none(row["wage_premium_pct"]),
                "top_industry_by_wage_tot_emp": number_or_none(row["tot_emp"]),
                "top_industry_by_wage_a_mean_lower": number_or_none(row["a_mean_lower"]),
                "top_industry_by_wage_a_mean_upper": number_or_none(row["a_mean_upper"]),
                "top_industry_by_wage_could_be_highest": [
                    f"{r.naics_title} ({r.naics})" for r in best["could_be_highest"].itertuples()
                ],
            }
        )
    return figures


def profile_text(profile: pd.DataFrame, top_n: int) -> str:
    """The industry profile in words (Markdown; titles escaped): biggest employer, best payer, what is not published,
    and how many industries there are when ``top_n`` asks for more."""
    if profile.empty:
        return "No industry estimates are loaded for this occupation and release."
    figures = key_figures(profile)
    first = profile.iloc[0]
    lines = [
        (
            f"At the {first['naics_level']} level, BLS publishes {escape_markdown(first['occ_code'])} "
            f"*{escape_markdown(first['occ_title'])}* in {figures['industries_listed']} industries in May "
            f"{figures['year']}."
        )
    ]
    if figures["top_industry_by_employment"]:
        share = figures["top_industry_by_employment_share"]
        lines.append(
            f"The largest employer is **{escape_markdown(figures['top_industry_by_employment'])}** "
            f"(NAICS {figures['top_industry_by_employment_naics']}) with "
            f"{figures['top_industry_by_employment_tot_emp']:,.0f} jobs"
            + (f", {share:.1%} of the occupation's national employment." if share is not None else ".")
        )
    if figures["top_industry_by_wage"]:
        lines.append(best_paying_sentence(figures))
    else:
        lines.append("No industry meets the reliability floor, so none is named best-paying.")
    covered = profile["share_of_employment"].sum(skipna=True)
    if pd.notna(covered):
        lines.append(
            f"The industries listed account for {float(covered):.1%} of the occupation's employment; the "
            "rest is in industries BLS does not publish separately at this level, or suppressed."
        )
    if figures["industries_unpublished"]:
        lines.append(
            f"{figures['industries_unpublished']} industries carry a BLS symbol instead of a number; "
            "they are listed below, not dropped."
        )
    note = top_n_note(profile, top_n)
    if note:
        lines.append(note)
    return escape_dollars(" ".join(lines))  # Jupyter reads "$...$" as LaTeX


def best_paying_sentence(figures: dict) -> str:
    """The best-paying industry of :func:`key_figures` in words, with its employment, 95% interval, premium and
    the industries it cannot be told apart from (Markdown, titles escaped; dollars not yet escaped)."""
    from analysis.analyses import tables

    premium = figures["top_industry_by_wage_premium"]
    pct = figures["top_industry_by_wage_premium_pct"]
    text = (
        f"Among industries meeting the reliability floor, the best-paying is "
        f"**{escape_markdown(figures['top_industry_by_wage'])}** (NAICS {figures['top_industry_by_wage_naics']}): "
        f"mean {tables.money(figures['top_industry_by_wage_a_mean'])} a year (95% interval "
        + tables.interval_money(
            figures["top_industry_by_wage_a_mean_lower"], figures["top_industry_by_wage_a_mean_upper"]
        )
        + "), "
        + tables.jobs(figures["top_industry_by_wage_tot_emp"], unit=" jobs")
    )
    if premium is not None and pct is not None:
        text += (
            f", {tables.signed_money(premium)} ({pct:+.1f}%) against the cross-industry mean of "
            f"{tables.money(figures['reference_a_mean'])}"
        )
    ties = figures.get("top_industry_by_wage_could_be_highest") or []
    text += escape_markdown(ties_in_words(ties)) + (" (their 95% intervals overlap)." if ties else ".")
    below = figures.get("industries_below_floor") or 0
    if below:
        text += (
            f" {below} smaller or less precise industr{'y is' if below == 1 else 'ies are'} listed in the table "
            "but not ranked."
        )
    return text + " " + sampling.floor_sentence()


def top_n_note(profile: pd.DataFrame, top_n: int) -> str | None:
    """When ``top_n`` is larger than the industries available, say how many exist (else None)."""
    by_employment = int(profile["tot_emp"].notna().sum())
    by_wage = int(profile["a_mean"].notna().sum())
    if top_n <= min(by_employment, by_wage):
        return None
    first = profile.iloc[0] if len(profile) else None
    level = f"the {first['naics_level']} level" if first is not None else "this level"
    return (
        f"{top_n} industries were asked for, but at {level} BLS publishes {len(profile)} industries for this "
        f"occupation: {by_employment} with employment and {by_wage} with a mean wage, so the charts show "
        f"{min(top_n, by_employment)} by employment and {min(top_n, by_wage)} by wage."
    )


def industry_table_caption(profile: pd.DataFrame, top_n: int, naics_level: str) -> str:
    """The caption of :func:`industry_table` with :data:`ALWAYS_SHOWN`: how many industries it really lists."""
    shown = min(top_n, len(profile))
    lead = (
        f"The {shown} industries employing the most"
        if shown < len(profile)
        else f"All {len(profile)} industries published"
    )
    return f"{lead} ({naics_level} NAICS), and NAICS 541600 (consulting) where it ranks lower"


def hospitals_figures(frame: pd.DataFrame, occupation: str, year: int) -> pd.DataFrame:
    """Both "hospitals" figures BLS publishes for the occupation and release, with their NAICS level: 622000
    Hospitals (3-digit) and 622100 General Medical and Surgical Hospitals (4-digit), plus the other 4-digit
    hospital industries (6222xx, 6223xx) where published, so the reader sees what the 3-digit figure adds up.
    Columns: naics, naics_title, naics_level, tot_emp (+status), a_mean (+status), top_code_annual,
    used_in_claims_and_tables."""
    rows = national_industry_rows(frame)
    rows = rows[
        (rows["occ_code"] == occupation)
        & (rows["year"] == year)
        & (~rows["ownership_detail"])
        & rows["naics"].astype(str).str.startswith("622")
        & rows["naics_level"].isin(["3-digit", "4-digit"])
    ]
    rows = one_ownership(rows)
    out = (
        rows[
            [
                "naics",
                "naics_title",
                "naics_level",
                "tot_emp",
                "tot_emp_status",
                "a_mean",
                "a_mean_status",
                "top_code_annual",
            ]
        ]
        .sort_values("naics")
        .reset_index(drop=True)
    )
    out["used_in_claims_and_tables"] = out["naics"] == HOSPITALS_4_DIGIT
    return out


def hospitals_text(hospitals: pd.DataFrame) -> str:
    """Which "hospitals" figure is which, in words (Markdown, titles escaped)."""
    if hospitals.empty:
        return "BLS publishes no hospitals figure for this occupation and release."
    parts = []
    for row in hospitals.itertuples():
        mean = "mean wage not published" if pd.isna(row.a_mean) else f"mean {whole_dollars(row.a_mean)}"
        jobs = "employment not published" if pd.isna(row.tot_emp) else f"{float(row.tot_emp):,.0f} jobs"
        parts.append(f"NAICS {row.naics} *{escape_markdown(row.naics_title)}* ({row.naics_level}): {jobs}, {mean}")
    text = (
        'Two levels of "hospitals" are published: ' + "; ".join(parts) + ". The claims below and the 4-digit "
        f"tables use NAICS {HOSPITALS_4_DIGIT} (4-digit), the level at which Offices of Physicians (621100) and "
        "consulting (541600) are also published; the 3-digit figure adds the other hospital industries."
    )
    return escape_dollars(text)


# --------------------------------------------------------------------------------------------- tables
# What a report shows: plain-English headers with units, values written as BLS publishes them, statuses as words.


def industry_rows(profile: pd.DataFrame, top_n: int | None = None, *, include: Sequence[str] = ()) -> pd.DataFrame:
    """The rows of :func:`industry_profile` that :func:`industry_table` shows, at full precision with their BLS
    status columns (the numbers behind the table): the ``top_n`` largest employers (or every industry), then the
    industries named in ``include`` that rank below them."""
    rows = profile if top_n is None else profile.head(top_n)
    extra = profile[profile["naics"].isin(list(include)) & ~profile["naics"].isin(rows["naics"])]
    return (pd.concat([rows, extra]) if len(extra) else rows).reset_index(drop=True)


def industry_table(profile: pd.DataFrame, top_n: int | None = None, *, include: Sequence[str] = ()) -> pd.DataFrame:
    """:func:`industry_profile` for the reader (the ``top_n`` largest employers, or every industry): rank, NAICS,
    industry, employment and share, mean annual wage (top-coded as "at least", suppressed as words) and its
    difference from the cross-industry mean. Industries named in ``include`` (NAICS codes, e.g.
    :data:`ALWAYS_SHOWN`) are added after the top ``top_n`` when they rank below it, with their real rank."""
    from analysis.analyses import tables

    rows = industry_rows(profile, top_n, include=include)

    def rank(value) -> str:
        return tables.DASH if tables.is_missing(value) else str(int(value))

    return pd.DataFrame(
        {
            "Rank by employment": rows["rank_by_employment"].map(rank),
            "NAICS": rows["naics"].astype(str),
            "Industry": rows["naics_title"].astype(str),
            "Employment (jobs)": [tables.jobs(r.tot_emp, status=r.tot_emp_status) for r in rows.itertuples()],
            "Share of the occupation's employment": rows["share_of_employment"].map(tables.share),
            "Annual mean wage (USD)": tables.mean_wage_cells(rows),
            "Annual mean wage, 95% interval (USD)": tables.mean_wage_interval_cells(rows),
            "Difference from the all-industry mean": [
                tables.DASH
                if tables.is_missing(r.wage_premium)
                else f"{tables.signed_money(r.wage_premium)} ({tables.percent(r.wage_premium_pct, signed=True)})"
                for r in rows.itertuples()
            ],
            "Rank by wage (reliable estimates only)": [
                rank(r.rank_by_wage) if r.meets_floor else "below the floor" for r in rows.itertuples()
            ],
        }
    ).reset_index(drop=True)


def unpublished_table(missing: pd.DataFrame) -> pd.DataFrame:
    """:func:`unpublished` for the reader: each industry with its employment and mean wage, a BLS symbol shown
    as what it means ("suppressed (not released)")."""
    from analysis.analyses import tables

    return pd.DataFrame(
        {
            "NAICS": missing["naics"].astype(str),
            "Industry": missing["naics_title"].astype(str),
            "Employment (jobs)": [tables.jobs(r.tot_emp, status=r.tot_emp_status) for r in missing.itertuples()],
            "Annual mean wage (USD)": [tables.money(r.a_mean, status=r.a_mean_status) for r in missing.itertuples()],
        }
    ).reset_index(drop=True)


def key_figures_table(figures: dict) -> pd.DataFrame:
    """The key figures of notebook 03 for the reader (the recorded figures stay raw numbers)."""
    from analysis.analyses import tables

    def industry(name_key: str) -> str:
        name, code = figures.get(name_key), figures.get(f"{name_key}_naics")
        return "none published" if not name else f"{name} (NAICS {code})"

    rows = [
        ("Occupation", str(figures.get("occupation") or tables.DASH)),
        ("Release", tables.release(figures.get("year"))),
        ("Industry level", f"{figures.get('naics_level')} NAICS" if figures.get("naics_level") else tables.DASH),
        ("Industries listed", f"{figures.get('industries_listed', 0):,}"),
        ("Industries with neither employment nor mean wage published", f"{figures.get('industries_unpublished', 0):,}"),
        ("Employment, all industries", tables.jobs(figures.get("reference_tot_emp"), unit=" jobs")),
        ("Annual mean wage, all industries", tables.money(figures.get("reference_a_mean"))),
        ("Largest employer", industry("top_industry_by_employment")),
    ]
    if figures.get("top_industry_by_employment"):
        employment = tables.jobs(figures.get("top_industry_by_employment_tot_emp"), unit=" jobs")
        share_text = tables.share(figures.get("top_industry_by_employment_share"))
        rows.append(("Largest employer: employment", f"{employment} ({share_text} of the occupation)"))
    rows.append(("Best-paying industry meeting the reliability floor", industry("top_industry_by_wage")))
    if figures.get("top_industry_by_wage"):
        mean = tables.money(figures.get("top_industry_by_wage_a_mean"))
        premium = tables.signed_money(figures.get("top_industry_by_wage_premium"))
        premium_pct = tables.percent(figures.get("top_industry_by_wage_premium_pct"), signed=True)
        interval = tables.interval_money(
            figures.get("top_industry_by_wage_a_mean_lower"), figures.get("top_industry_by_wage_a_mean_upper")
        )
        rows += [
            (
                "Best-paying industry: annual mean wage",
                f"{mean} (95% interval {interval}; {premium}, {premium_pct} against all industries)",
            ),
            (
                "Best-paying industry: employment",
                tables.jobs(figures.get("top_industry_by_wage_tot_emp"), unit=" jobs"),
            ),
        ]
        ties = figures.get("top_industry_by_wage_could_be_highest") or []
        if ties:
            rows.append(("Industries that could pay as much (overlapping 95% intervals)", "; ".join(ties)))
    if "top_n" in figures:
        rows.append(("Industries per chart", str(figures["top_n"])))
    if "levels_available" in figures:
        rows.append(("NAICS levels available", ", ".join(str(level) for level in figures["levels_available"])))
    if figures.get("hospitals_naics_used"):
        code = str(figures["hospitals_naics_used"])
        rows.append(("Hospitals figure used in claims and tables", f"NAICS {code} ({naics_level_of(code)})"))
    for claim, verdict in (figures.get("claims") or {}).items():
        rows.append((f"Claim, {claim}", str(verdict)))
    return tables.figures_frame(rows)


def headline(figures: dict, *, occupation_title: str | None = None, employer_type: dict | None = None) -> dict:
    """The report's own headline for the index: ``{"headline": sentence, "key_figures": [[label, text], ...]}``,
    in the reader's words with units, built from :func:`key_figures` (and, when given, the highest-paying
    employer type of :func:`analysis.analyses.ownership.key_figures`). At most six key figures."""
    from analysis.analyses import tables

    who = occupation_title or str(figures.get("occupation") or "The occupation")
    year = figures.get("year")
    parts = []
    if figures.get("top_industry_by_employment"):
        parts.append(
            f"{who}: most jobs are in {figures['top_industry_by_employment']} "
            f"({tables.jobs(figures.get('top_industry_by_employment_tot_emp'), unit=' jobs')})"
        )
    if figures.get("top_industry_by_wage"):
        parts.append(
            f"the best-paying industry with a reliable estimate is {figures['top_industry_by_wage']} "
            f"({tables.money(figures.get('top_industry_by_wage_a_mean'))} a year"
            + ties_in_words(figures.get("top_industry_by_wage_could_be_highest") or [], named=False)
            + ")"
        )
    sentence = "; ".join(parts) or f"{who}: no industry estimates published"
    sentence += f", May {year}." if year else "."
    key = [
        ["Employment, all industries", tables.jobs(figures.get("reference_tot_emp"), unit=" jobs")],
        ["Annual mean wage, all industries", tables.money(figures.get("reference_a_mean"))],
    ]
    if figures.get("top_industry_by_employment"):
        key.append(
            [
                "Largest employer",
                (
                    f"{figures['top_industry_by_employment']}: "
                    f"{tables.jobs(figures.get('top_industry_by_employment_tot_emp'), unit=' jobs')}"
                ),
            ]
        )
    if figures.get("top_industry_by_wage"):
        key.append(
            [
                "Best-paying industry (reliable estimates)",
                (
                    f"{figures['top_industry_by_wage']}: {tables.money(figures.get('top_industry_by_wage_a_mean'))}"
                    f" ({tables.jobs(figures.get('top_industry_by_wage_tot_emp'), unit=' jobs')})"
                ),
            ]
        )
    if employer_type and employer_type.get("label"):
        key.append(
            [
                "Highest-paying employer type (reliable estimates)",
                f"{employer_type['label']}: {tables.money(employer_type.get('a_mean'))}",
            ]
        )
    return {"headline": sentence, "key_figures": key[:6]}
