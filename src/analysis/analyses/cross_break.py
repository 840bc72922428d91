"""Across the SOC break: 29-2071 (2010 SOC) beside its 2018 SOC successors, every figure approximate.

No line is drawn across the SOC break (:mod:`analysis.analyses.trends`). :func:`cross_break_comparison` sets
29-2071 in its first release beside its successors 29-2072 and 29-9021 in a later one, nominal and in real
terms, with an employment-weighted combination of the successors, every figure labelled approximate (different
codes and, from May 2021, a different estimation method); :func:`cross_break_text` and
:func:`cross_break_table` say it to the reader.
"""

from __future__ import annotations

import pandas as pd

from analysis.analyses import adjust, tables
from analysis.analyses.national import national_cross_industry
from analysis.conventions import occupations
from analysis.conventions.measures import format_value, status_text
from analysis.text import escape_markdown

#: The 2010 SOC code whose work the 2018 SOC split (see ``analysis.conventions.occupations``).
SPLIT_PREDECESSOR = "29-2071"

CROSS_BREAK_COLUMNS: tuple[str, ...] = (
    "item",
    "kind",
    "label",
    "year",
    "occ_codes",
    "occ_title",
    "tot_emp",
    "tot_emp_status",
    "a_mean",
    "a_mean_status",
    "real_a_mean",
    "base_year",
    "nominal_vs_predecessor_pct",
    "real_vs_predecessor_pct",
    "approximate",
    "note",
)


def successor_codes(predecessor: str = SPLIT_PREDECESSOR) -> tuple[str, ...]:
    """The 2018 SOC codes that together carry the work of ``predecessor`` (from the crosswalk)."""
    return occupations.codes_for_year(predecessor, occupations.FIRST_SOC2018_YEAR)


def employment_weighted_mean(rows: pd.DataFrame, column: str = "a_mean") -> float | None:
    """Mean of ``column`` weighted by ``tot_emp``: sum(value x employment) / sum(employment).

    None when any row lacks a published value or employment (a BLS symbol): a combination is never made from
    part of the codes. It is the mean of the codes taken together (BLS's means are employment-weighted), and so
    stands for the old occupation only as far as the codes are, together, the whole of its work.
    """
    if rows.empty:
        return None
    values = rows[column].astype("Float64")
    weights = rows["tot_emp"].astype("Float64")
    if values.isna().any() or weights.isna().any() or float(weights.sum()) <= 0:
        return None
    return float((values * weights).sum() / weights.sum())


def cross_break_comparison(
    frame: pd.DataFrame,
    predecessor: str = SPLIT_PREDECESSOR,
    *,
    before_year: int | None = None,
    after_year: int | None = None,
    base_year: int | None = None,
) -> pd.DataFrame:
    """The predecessor's national mean annual wage in ``before_year`` (default: its first release loaded) beside
    its 2018 SOC successors' in ``after_year`` (default: the latest release that publishes them all), and an
    employment-weighted combination of the successors, nominal and in ``base_year`` dollars (default:
    ``after_year``; CPI-U annual averages, :mod:`analysis.analyses.adjust`).

    One row per item: ``kind`` "predecessor", "successor" or "combined" (computed here, not published by BLS).
    ``nominal_vs_predecessor_pct`` / ``real_vs_predecessor_pct`` compare each later row with the predecessor.
    Every row is ``approximate``: the codes do not measure the same work, and May 2021 brought a new estimation
    method. An empty frame when either end is not loaded. Charts must draw these as separate marks, never as
    one line.
    """
    successors = successor_codes(predecessor)
    national = national_cross_industry(frame)
    before = national[(national["occ_code"] == predecessor) & national["a_mean"].notna()]
    after = national[national["occ_code"].isin(successors)]
    complete = [int(y) for y, g in after.groupby("year") if set(g["occ_code"]) == set(successors)]
    if before_year is None and len(before):
        before_year = int(before["year"].min())
    if after_year is None and complete:
        after_year = max(complete)
    before = before[before["year"] == before_year]
    after = after[after["year"] == after_year].set_index("occ_code").reindex(list(successors)).reset_index()
    if before.empty or after["year"].isna().any():
        return pd.DataFrame(columns=list(CROSS_BREAK_COLUMNS))
    base = adjust.check_base_year(base_year if base_year is not None else after_year, [after_year])
    old = before.iloc[0]
    records = [
        _cross_break_record(
            old, "predecessor", f"{predecessor}, May {before_year}", "2010 SOC code, published May 2011–May 2018"
        )
    ]
    for row in after.itertuples():
        records.append(
            _cross_break_record(
                row._asdict(),
                "successor",
                f"{row.occ_code}, May {after_year}",
                "2018 SOC code, published from May 2021",
            )
        )
    combined = {
        "occ_code": " + ".join(successors),
        "year": after_year,
        "occ_title": "Employment-weighted combination of " + " and ".join(successors),
        "tot_emp": float(after["tot_emp"].sum()) if after["tot_emp"].notna().all() else None,
        "tot_emp_status": None,
        "a_mean": employment_weighted_mean(after),
        "a_mean_status": None
        if employment_weighted_mean(after) is not None
        else "not computed: a successor's mean wage or employment is not published",
    }
    records.append(
        _cross_break_record(
            combined,
            "combined",
            f"{' + '.join(successors)} combined, May {after_year}",
            "computed here, not published by BLS: mean of the two means weighted by employment; it stands for "
            f"{predecessor}'s work only as far as the two together are the whole of it",
        )
    )
    out = pd.DataFrame(records)
    out.insert(0, "item", range(1, len(out) + 1))
    out = adjust.add_real_values(out, ["a_mean"], base_year=base).drop(columns=["cpi_u"])
    out = out.rename(columns={"cpi_base_year": "base_year"})
    first_nominal, first_real = float(out["a_mean"].iloc[0]), float(out["real_a_mean"].iloc[0])
    out["nominal_vs_predecessor_pct"] = (out["a_mean"] / first_nominal - 1) * 100
    out["real_vs_predecessor_pct"] = (out["real_a_mean"] / first_real - 1) * 100
    out.loc[0, ["nominal_vs_predecessor_pct", "real_vs_predecessor_pct"]] = pd.NA
    out["approximate"] = True
    for column in ("tot_emp", "a_mean", "real_a_mean", "nominal_vs_predecessor_pct", "real_vs_predecessor_pct"):
        out[column] = out[column].astype("Float64")
    out["year"] = out["year"].astype(int)
    return out[list(CROSS_BREAK_COLUMNS)]


def _cross_break_record(row, kind: str, label: str, note: str) -> dict:
    get = row.get if isinstance(row, dict) else row.__getitem__

    def value(name):
        found = get(name)
        return None if found is None or pd.isna(found) else found

    return {
        "kind": kind,
        "label": label,
        "year": int(get("year")),
        "occ_codes": str(get("occ_code")),
        "occ_title": str(get("occ_title")),
        "tot_emp": value("tot_emp"),
        "tot_emp_status": value("tot_emp_status"),
        "a_mean": value("a_mean"),
        "a_mean_status": value("a_mean_status"),
        "note": note,
    }


def cross_break_text(comparison: pd.DataFrame, predecessor: str = SPLIT_PREDECESSOR) -> str:
    """Why the predecessor's series and its successors' are not one line, and the approximate comparison, in
    plain words (Markdown; every title from the data is escaped)."""
    successors = successor_codes(predecessor)
    names = {code: occupations.occupation_title(code) or code for code in (predecessor, *successors)}
    if len(comparison):
        names.update({r.occ_codes: r.occ_title for r in comparison.itertuples() if r.kind != "combined"})
    old = f"{predecessor} {escape_markdown(names[predecessor])}"
    new = " and ".join(f"{code} {escape_markdown(names[code])}" for code in successors)
    hybrids = " and ".join(occupations.codes_for_year(predecessor, occupations.FIRST_HYBRID_YEAR))
    why = (
        f"**Why these are not one line.** Until May 2018 BLS published the work of medical records and health "
        f"information technicians under one 2010 SOC code, {old}. The 2018 revision of the Standard Occupational "
        f"Classification split that work into two codes, {new}. In between, the May 2019 and May 2020 releases "
        f"mixed survey panels coded both ways and published only the hybrid codes {hybrids}, each much broader "
        "(they also count, for example, medical dosimetrists and surgical assistants). From May 2021 BLS also "
        "estimates with a new, model-based method. So no single code measures the same work before and after: "
        "the charts draw each code as its own line and never join them."
    )
    if comparison.empty:
        return why + (
            f"\n\nThe comparison across the break needs {predecessor} (May 2011–May 2018) and "
            f"{' and '.join(successors)} (from May 2021) in the releases loaded; they are not all loaded."
        )
    first = comparison.iloc[0]
    combined = comparison[comparison["kind"] == "combined"].iloc[0]
    base = int(first["base_year"])
    lines = [
        why,
        "",
        (
            f"**An approximate comparison across the break.** {predecessor} in May {int(first['year'])} beside its "
            f"successors in May {int(combined['year'])}, as published and in May {base} dollars (CPI-U). "
            "The combined figure is the successors' mean annual wages weighted by their employment: it is the mean of "
            f"the two codes taken together, and equals the mean of {predecessor}'s work only if the two codes are, "
            "together, the whole of it and nothing else. Read every figure here as approximate, not as growth of one "
            "series."
        ),
        "",
    ]
    for row in comparison.itertuples():
        if pd.isna(row.a_mean):
            why = status_text(str(row.a_mean_status)) if not pd.isna(row.a_mean_status) else "not published"
            lines.append(f"- {escape_markdown(row.label)}: no mean annual wage ({escape_markdown(why)}).")
            continue
        if row.kind == "combined":
            wage = f"about {format_value(round(float(row.a_mean)), 'a_mean')}, computed from published figures"
        else:
            wage = f"{format_value(row.a_mean, 'a_mean')} as published"
        text = f"- {escape_markdown(row.label)} ({escape_markdown(row.occ_title)}): {wage}"
        if int(row.year) != base:
            text += f", about {format_value(round(float(row.real_a_mean)), 'a_mean')} in May {base} dollars"
        if not pd.isna(row.real_vs_predecessor_pct):
            text += (
                f"; {float(row.nominal_vs_predecessor_pct):+.0f}% as published and "
                f"{float(row.real_vs_predecessor_pct):+.0f}% in real terms against {predecessor} "
                f"in May {int(first['year'])} (approximate)"
            )
        lines.append(text + ".")
    return "\n".join(lines)


def cross_break_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """:func:`cross_break_comparison` for the reader: every row labelled approximate."""
    base = int(comparison["base_year"].iloc[0]) if len(comparison) else None
    dollars = f"May {base} dollars" if base is not None else "real terms"
    first = f"{comparison['occ_codes'].iloc[0]} May {int(comparison['year'].iloc[0])}" if len(comparison) else "first"
    return pd.DataFrame(
        {
            "Item (approximate comparison)": comparison["label"].astype(str),
            "BLS title": comparison["occ_title"].astype(str),
            "Employment (jobs)": [
                tables.jobs(v, status=s) for v, s in zip(comparison["tot_emp"], comparison["tot_emp_status"])
            ],
            "Annual mean wage, nominal (USD)": [
                tables.computed_money(v, missing=str(s)) if k == "combined" else tables.money(v, status=s)
                for v, s, k in zip(comparison["a_mean"], comparison["a_mean_status"], comparison["kind"])
            ],
            f"Annual mean wage, in {dollars} (USD)": comparison["real_a_mean"].map(tables.computed_money),
            f"Against {first}, nominal": comparison["nominal_vs_predecessor_pct"].map(
                lambda v: tables.percent(v, digits=0, signed=True)
            ),
            f"Against {first}, in {dollars}": comparison["real_vs_predecessor_pct"].map(
                lambda v: tables.percent(v, digits=0, signed=True)
            ),
            "What it is": comparison["note"].astype(str),
        }
    ).reset_index(drop=True)
